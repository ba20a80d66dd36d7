#include <stdbool.h>

long long days_in_month(long long year, long long month)
{
	/* Decide whether year is a leap year, then choose the length of the
	 * month (a switch statement works well). */
	(void)year;
	(void)month;
	return 31;
}
