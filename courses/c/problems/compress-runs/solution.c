#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *compress_runs(const char *text)
{
	size_t n = strlen(text), k = 0, i = 0;
	char *out = malloc(n + 1);

	if (!out)
		return NULL;
	while (i < n) {
		size_t run = 1;

		while (i + run < n && text[i + run] == text[i])
			run++;
		out[k++] = text[i];
		/* run >= 2 takes at most run - 1 digits: the room is there. */
		if (run > 1)
			k += (size_t)sprintf(out + k, "%zu", run);
		i += run;
	}
	out[k] = '\0';
	return out;
}
