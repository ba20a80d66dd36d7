/* Assigns in each case but forgets a break: execution falls through
 * from the 30-day months into the default and they get 31 days. */
long long days_in_month(long long year, long long month)
{
	long long days;
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	switch (month) {
	case 2:
		days = leap ? 29 : 28;
		break;
	case 4:
	case 6:
	case 9:
	case 11:
		days = 30;
		/* fall through */
	default:
		days = 31;
	}
	return days;
}
