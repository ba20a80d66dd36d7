/* A one-digit number is its own base case; otherwise look at the last
 * digit and recurse on the number without it. */
long long count_digit(long long n, long long d)
{
	if (n < 10)
		return n == d;
	return (n % 10 == d) + count_digit(n / 10, d);
}
