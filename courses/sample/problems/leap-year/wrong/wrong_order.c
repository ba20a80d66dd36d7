/* The general rule is tested first, so the exceptions are never reached. */
#include <stdbool.h>

bool is_leap(long long year)
{
	if (year % 4 == 0)
		return true;
	if (year % 100 == 0)
		return false;
	return year % 400 == 0;
}
