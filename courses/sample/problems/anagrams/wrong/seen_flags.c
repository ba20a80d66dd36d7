/* Records only whether a letter occurs, not how often. */
#include <ctype.h>
#include <stdbool.h>

static void mark(const char *text, bool seen[26])
{
	for (; *text != '\0'; text++) {
		int ch = tolower((unsigned char)*text);

		if (ch >= 'a' && ch <= 'z')
			seen[ch - 'a'] = true;
	}
}

bool is_anagram(const char *first, const char *second)
{
	bool a[26] = { false }, b[26] = { false };

	mark(first, a);
	mark(second, b);
	for (int i = 0; i < 26; i++)
		if (a[i] != b[i])
			return false;
	return true;
}
