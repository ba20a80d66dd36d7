#include <stdio.h>
#include <string.h>

void squeeze(char *s)
{
	char *w = s;

	for (const char *r = s; *r != '\0'; r++) {
		if (*r != ' ') {
			*w++ = *r;
		} else if (w > s && w[-1] != ' ') {
			*w++ = ' ';	/* first space after a word */
		}
	}
	if (w > s && w[-1] == ' ')
		w--;		/* one space may trail the last word */
	*w = '\0';
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
