#include <ctype.h>
#include <stdbool.h>

static void count_letters(const char *text, long counts[26], long sign)
{
	for (; *text != '\0'; text++) {
		int ch = tolower((unsigned char)*text);

		if (ch >= 'a' && ch <= 'z')
			counts[ch - 'a'] += sign;
	}
}

bool is_anagram(const char *first, const char *second)
{
	long counts[26] = { 0 };

	count_letters(first, counts, 1);
	count_letters(second, counts, -1);
	for (int i = 0; i < 26; i++)
		if (counts[i] != 0)
			return false;
	return true;
}
