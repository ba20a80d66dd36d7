#include <stdio.h>
#include <string.h>

int main(void)
{
	int width;
	char word[256];

	if (scanf("%d", &width) != 1)
		return 0;
	/* Read words one at a time; remember how long the current output
	 * line is, and decide for each word: same line or a new one. */
	(void)word;
	return 0;
}
