#include <stdbool.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

long long count_words(const char *text)
{
	long long words = 0;
	bool in_word = false;

	for (const char *p = text; *p != '\0'; p++) {
		if (is_blank(*p)) {
			in_word = false;
		} else if (!in_word) {
			in_word = true;	/* first character of a word */
			words++;
		}
	}
	return words;
}
