/* Accepts a token as a number as soon as strtoll can read a number at
 * its start: "4u" counts as 4 and "3.5" as 3. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	char token[64];
	long long sum = 0, words = 0;

	while (scanf("%63s", token) == 1) {
		char *end;
		long long value = strtoll(token, &end, 10);

		if (end != token)
			sum += value;
		else
			words++;
	}
	printf("sum: %lld\nwords: %lld\n", sum, words);
	return 0;
}
