/* Treats every year divisible by 4 as a leap year and forgets the
 * century exceptions: February 1900 gets 29 days. */
long long days_in_month(long long year, long long month)
{
	switch (month) {
	case 2:
		return year % 4 == 0 ? 29 : 28;
	case 4:
	case 6:
	case 9:
	case 11:
		return 30;
	default:
		return 31;
	}
}
