/* Grows the array of lines correctly but reads each line with fgets into
 * a 1024-byte buffer: a longer line arrives in pieces, and each piece is
 * treated as a line of its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	char buf[1024];
	size_t n = 0, cap = 0;
	char **lines = NULL;

	while (fgets(buf, sizeof(buf), stdin)) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **t = realloc(lines, ncap * sizeof(*t));

			if (!t)
				return 1;
			lines = t;
			cap = ncap;
		}
		buf[strcspn(buf, "\n")] = '\0';
		lines[n] = malloc(strlen(buf) + 1);
		if (!lines[n])
			return 1;
		strcpy(lines[n++], buf);
	}
	while (n > 0) {
		n--;
		puts(lines[n]);
		free(lines[n]);
	}
	free(lines);
	return 0;
}
