/* Returns a copy without reversing it. */
#include <stdlib.h>
#include <string.h>

char *reverse(const char *text)
{
	char *out = malloc(strlen(text) + 1);

	if (out)
		strcpy(out, text);
	return out;
}
