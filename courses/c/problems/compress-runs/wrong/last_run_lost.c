/* Writes a run out when the next character differs, but the last run
 * has no "next character" and is never written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *compress_runs(const char *text)
{
	size_t n = strlen(text), k = 0, run = 1;
	char *out = malloc(n + 1);

	if (!out)
		return NULL;
	for (size_t i = 1; i < n; i++) {
		if (text[i] == text[i - 1]) {
			run++;
			continue;
		}
		out[k++] = text[i - 1];
		if (run > 1)
			k += (size_t)sprintf(out + k, "%zu", run);
		run = 1;
	}
	out[k] = '\0';
	return out;
}
