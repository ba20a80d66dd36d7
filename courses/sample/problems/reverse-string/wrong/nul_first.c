/* Off by one: the first character copied is the terminating NUL, so the
 * result is always empty. */
#include <stdlib.h>
#include <string.h>

char *reverse(const char *text)
{
	size_t n = strlen(text);
	char *out = malloc(n + 1);

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++)
		out[i] = text[n - i];
	out[n] = '\0';
	return out;
}
