/* Pairs position i with n - i instead of n - 1 - i: the first comparison
 * is against the terminating NUL. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

bool is_palindrome(const char *text)
{
	char kept[4096];
	size_t n = 0;

	for (size_t k = 0; text[k] != '\0' && n < sizeof(kept) - 1; k++)
		if (isalnum((unsigned char)text[k]))
			kept[n++] = (char)tolower((unsigned char)text[k]);
	kept[n] = '\0';
	for (size_t i = 0; i < n / 2; i++)
		if (kept[i] != kept[n - i])
			return false;
	return true;
}
