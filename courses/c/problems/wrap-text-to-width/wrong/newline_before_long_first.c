/* Tests "does it fit?" before knowing whether the line is empty: a
 * first word longer than W is preceded by an empty line. */
#include <stdio.h>
#include <string.h>

int main(void)
{
	int width;
	char word[256];
	size_t line_len = 0;
	int any = 0;

	if (scanf("%d", &width) != 1)
		return 0;
	while (scanf("%255s", word) == 1) {
		size_t len = strlen(word);

		if (line_len + 1 + len > (size_t)width) {
			putchar('\n');
			line_len = 0;
		} else if (line_len > 0) {
			putchar(' ');
			line_len++;
		}
		fputs(word, stdout);
		line_len += len;
		any = 1;
	}
	if (any)
		putchar('\n');
	return 0;
}
