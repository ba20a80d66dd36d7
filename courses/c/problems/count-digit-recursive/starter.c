/* count_digit: how many times the digit d appears in n (n >= 0).
 * Decide what to return for a one-digit n (the base case), then build
 * the answer for a longer n from the answer for n without its last digit. */
long long count_digit(long long n, long long d)
{
	(void)n;
	(void)d;
	return 0;
}
