#include <stdbool.h>
#include <stdio.h>

static bool is_number(const char *token)
{
	/* An optional sign, then at least one digit, and nothing else. */
	(void)token;
	return false;
}

int main(void)
{
	char token[64];
	long long sum = 0, words = 0;

	/* Read one token at a time with a width-limited %s conversion. */
	(void)token;
	(void)is_number;
	printf("sum: %lld\nwords: %lld\n", sum, words);
	return 0;
}
