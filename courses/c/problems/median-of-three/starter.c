static long long min2(long long x, long long y)
{
	/* Return the smaller of x and y. */
	(void)y;
	return x;
}

static long long max2(long long x, long long y)
{
	/* Return the larger of x and y. */
	(void)y;
	return x;
}

long long median_of_three(long long a, long long b, long long c)
{
	/* Replace this placeholder by a combination of calls to min2 and
	 * max2. */
	(void)b;
	(void)c;
	return max2(a, min2(a, a));
}
