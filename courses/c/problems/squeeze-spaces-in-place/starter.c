#include <stdio.h>
#include <string.h>

/* Tidy s in place: no leading or trailing spaces, single spaces between
 * words.  Idea: a read pointer r visits every character, a write pointer
 * w marks where the next kept character goes. */
void squeeze(char *s)
{
	(void)s;
}

int main(void)
{
	static char line[1100];

	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = '\0';
		squeeze(line);
		printf("[%s]\n", line);
	}
	return 0;
}
