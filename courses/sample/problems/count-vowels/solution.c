#include <ctype.h>
#include <string.h>

long long count_vowels(const char *text)
{
	long long count = 0;

	for (size_t i = 0; text[i] != '\0'; i++) {
		int ch = tolower((unsigned char)text[i]);

		if (ch != '\0' && strchr("aeiou", ch) != NULL)
			count++;
	}
	return count;
}
