/* Reads character by character into a growing buffer and stores a line
 * each time a '\n' arrives, but forgets the characters still in the
 * buffer when the input ends without a final newline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	size_t n = 0, cap = 0, len = 0, lcap = 16;
	char **lines = NULL, *cur = malloc(lcap);
	int c;

	if (!cur)
		return 1;
	while ((c = getc(stdin)) != EOF) {
		if (c != '\n') {
			if (len + 1 == lcap) {
				char *t = realloc(cur, lcap * 2);

				if (!t)
					return 1;
				cur = t;
				lcap *= 2;
			}
			cur[len++] = (char)c;
			continue;
		}
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **t = realloc(lines, ncap * sizeof(*t));

			if (!t)
				return 1;
			lines = t;
			cap = ncap;
		}
		cur[len] = '\0';
		lines[n++] = cur;
		len = 0;
		lcap = 16;
		cur = malloc(lcap);
		if (!cur)
			return 1;
	}
	free(cur);
	while (n > 0) {
		n--;
		puts(lines[n]);
		free(lines[n]);
	}
	free(lines);
	return 0;
}
