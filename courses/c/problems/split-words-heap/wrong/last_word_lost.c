/* Collects characters into the current word and saves the word when a
 * space arrives, but never saves the word that is still being collected
 * when the text ends: "the quick fox" gives only "the" and "quick". */
#include <stdlib.h>
#include <string.h>

char **split_words(const char *text, size_t *out_len)
{
	size_t len = strlen(text), cap = len / 2 + 1, n = 0, cur = 0;
	char **words = malloc(cap * sizeof(*words));
	char *word = malloc(len + 1);

	*out_len = 0;
	if (!words || !word)
		return NULL;
	for (const char *p = text; *p != '\0'; p++) {
		if (*p != ' ') {
			word[cur++] = *p;
		} else if (cur > 0) {
			words[n] = malloc(cur + 1);
			memcpy(words[n], word, cur);
			words[n++][cur] = '\0';
			cur = 0;
		}
	}
	free(word);
	*out_len = n;
	return words;
}
