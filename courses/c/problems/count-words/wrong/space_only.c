/* Recognises only ' ' as whitespace: words separated by a tab or a
 * newline are glued together. */
long long count_words(const char *text)
{
	long long words = 0;
	int in_word = 0;

	for (const char *p = text; *p != '\0'; p++) {
		if (*p == ' ') {
			in_word = 0;
		} else if (!in_word) {
			in_word = 1;
			words++;
		}
	}
	return words;
}
