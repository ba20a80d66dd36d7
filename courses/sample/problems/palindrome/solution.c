#include <ctype.h>
#include <stdbool.h>
#include <string.h>

bool is_palindrome(const char *text)
{
	size_t i = 0, j = strlen(text);

	while (i < j) {
		if (!isalnum((unsigned char)text[i])) {
			i++;
		} else if (!isalnum((unsigned char)text[j - 1])) {
			j--;
		} else {
			if (tolower((unsigned char)text[i]) !=
			    tolower((unsigned char)text[j - 1]))
				return false;
			i++;
			j--;
		}
	}
	return true;
}
