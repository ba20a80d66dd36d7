#include <stdbool.h>

bool is_anagram(const char *first, const char *second)
{
	/* Return true when both texts use the same letters the same number
	 * of times, ignoring spaces and case. */
	(void)first;
	(void)second;
	return false;
}
