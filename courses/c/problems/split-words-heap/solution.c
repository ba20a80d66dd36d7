#include <stdlib.h>
#include <string.h>

char **split_words(const char *text, size_t *out_len)
{
	size_t cap = strlen(text) / 2 + 1, n = 0;
	char **words = malloc(cap * sizeof(*words));

	*out_len = 0;
	if (!words)
		return NULL;
	for (const char *p = text; *p != '\0';) {
		const char *start;
		size_t len;

		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && *p != ' ')
			p++;
		len = (size_t)(p - start);
		words[n] = malloc(len + 1);
		if (!words[n])
			break;
		memcpy(words[n], start, len);
		words[n][len] = '\0';
		n++;
	}
	*out_len = n;
	return words;
}
