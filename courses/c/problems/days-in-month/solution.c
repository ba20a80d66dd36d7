#include <stdbool.h>

static bool is_leap(long long year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

long long days_in_month(long long year, long long month)
{
	switch (month) {
	case 2:
		return is_leap(year) ? 29 : 28;
	case 4:
	case 6:
	case 9:
	case 11:
		return 30;
	default:
		return 31;
	}
}
