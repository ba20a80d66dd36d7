#include <stdbool.h>

bool is_palindrome(const char *text)
{
	/* Return true when text reads the same in both directions, looking
	 * only at letters and digits and ignoring case. */
	(void)text;
	return false;
}
