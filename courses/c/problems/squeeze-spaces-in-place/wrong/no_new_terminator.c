/* Moves the kept characters to the front but never writes a new '\0'
 * after them, so the old end of the string is still there: "a  b"
 * becomes "a bb". */
#include <stdio.h>
#include <string.h>

void squeeze(char *s)
{
	char *w = s;

	for (const char *r = s; *r != '\0'; r++) {
		if (*r != ' ')
			*w++ = *r;
		else if (w > s && w[-1] != ' ')
			*w++ = ' ';
	}
	if (w > s && w[-1] == ' ')
		w--;
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
