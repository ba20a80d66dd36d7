#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads one line (without its '\n') into a new heap string.  Returns NULL
 * at the end of the input, when there is no line left to read. */
static char *read_line(FILE *in)
{
	size_t len = 0, cap = 16;
	char *s = malloc(cap);
	int c;

	if (!s)
		return NULL;
	while ((c = getc(in)) != EOF && c != '\n') {
		if (len + 1 == cap) {
			char *t = realloc(s, cap * 2);

			if (!t) {
				free(s);
				return NULL;
			}
			s = t;
			cap *= 2;
		}
		s[len++] = (char)c;
	}
	if (c == EOF && len == 0) {
		free(s);
		return NULL;
	}
	s[len] = '\0';
	return s;
}

int main(void)
{
	size_t n = 0, cap = 0;
	char **lines = NULL, *line;

	while ((line = read_line(stdin)) != NULL) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **t = realloc(lines, ncap * sizeof(*t));

			if (!t)
				return 1;
			lines = t;
			cap = ncap;
		}
		lines[n++] = line;
	}
	while (n > 0) {
		n--;
		puts(lines[n]);
		free(lines[n]);
	}
	free(lines);
	return 0;
}
