/* When %lld fails on a word, the word stays in the input: the next
 * scanf fails on the same word again, forever. */
#include <stdio.h>

int main(void)
{
	long long x, sum = 0, words = 0;
	int got;

	while ((got = scanf("%lld", &x)) != EOF) {
		if (got == 1)
			sum += x;
		else
			words++;
	}
	printf("sum: %lld\nwords: %lld\n", sum, words);
	return 0;
}
