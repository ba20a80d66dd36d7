#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static bool is_number(const char *token)
{
	const char *p = token;

	if (*p == '+' || *p == '-')
		p++;
	if (*p == '\0')
		return false;		/* a sign alone is a word */
	for (; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	return true;
}

int main(void)
{
	char token[64];
	long long sum = 0, words = 0;

	while (scanf("%63s", token) == 1) {
		if (is_number(token))
			sum += strtoll(token, NULL, 10);
		else
			words++;
	}
	printf("sum: %lld\nwords: %lld\n", sum, words);
	return 0;
}
