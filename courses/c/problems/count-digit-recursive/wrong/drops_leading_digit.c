/* The base case stops at a one-digit number but returns 0 for it, so
 * the leading digit is never counted. */
long long count_digit(long long n, long long d)
{
	if (n < 10)
		return 0;
	return (n % 10 == d) + count_digit(n / 10, d);
}
