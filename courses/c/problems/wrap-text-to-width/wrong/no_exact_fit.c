/* Compares with < instead of <=: a line is never allowed to reach
 * exactly W characters, so exact fits are broken one word early. */
#include <stdio.h>
#include <string.h>

int main(void)
{
	int width;
	char word[256];
	size_t line_len = 0;

	if (scanf("%d", &width) != 1)
		return 0;
	while (scanf("%255s", word) == 1) {
		size_t len = strlen(word);

		if (line_len == 0) {
			fputs(word, stdout);
			line_len = len;
		} else if (line_len + 1 + len < (size_t)width) {
			printf(" %s", word);
			line_len += 1 + len;
		} else {
			printf("\n%s", word);
			line_len = len;
		}
	}
	if (line_len > 0)
		putchar('\n');
	return 0;
}
