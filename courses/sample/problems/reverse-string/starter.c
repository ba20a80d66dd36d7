#include <stdlib.h>
#include <string.h>

char *reverse(const char *text)
{
	/* Return a new string (from malloc) holding text backwards. */
	size_t n = strlen(text);
	char *out = malloc(n + 1);

	if (!out)
		return NULL;
	/* ... fill out[0] .. out[n - 1], then terminate it ... */
	out[0] = '\0';
	return out;
}
