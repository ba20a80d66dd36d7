/* Copies each word into the same buffer and stores that one address in
 * every slot: all elements show the last word, and the caller frees the
 * same block several times. */
#include <stdlib.h>
#include <string.h>

char **split_words(const char *text, size_t *out_len)
{
	size_t cap = strlen(text) / 2 + 1, n = 0;
	char **words = malloc(cap * sizeof(*words));
	char *buf = malloc(strlen(text) + 1);

	*out_len = 0;
	if (!words || !buf)
		return NULL;
	for (const char *p = text; *p != '\0';) {
		size_t len = 0;

		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		while (*p != '\0' && *p != ' ')
			buf[len++] = *p++;
		buf[len] = '\0';
		words[n++] = buf;
	}
	if (n == 0)
		free(buf);
	*out_len = n;
	return words;
}
