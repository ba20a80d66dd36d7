/* Returns NULL when there is nothing to repeat, as if "no text" and "an
 * empty text" were the same thing; the caller asked for a string. */
#include <stdlib.h>
#include <string.h>

char *repeat_text(const char *s, long long k)
{
	size_t len = strlen(s), total = len * (size_t)k;
	char *out;

	if (total == 0)
		return NULL;
	out = malloc(total + 1);
	if (!out)
		return NULL;
	for (long long i = 0; i < k; i++)
		memcpy(out + (size_t)i * len, s, len);
	out[total] = '\0';
	return out;
}
