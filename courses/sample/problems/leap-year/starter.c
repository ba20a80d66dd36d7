#include <stdbool.h>

bool is_leap(long long year)
{
	/* Return true when year is a leap year. */
	(void)year;
	return false;
}
