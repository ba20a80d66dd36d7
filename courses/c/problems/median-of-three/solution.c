static long long min2(long long x, long long y)
{
	return x < y ? x : y;
}

static long long max2(long long x, long long y)
{
	return x > y ? x : y;
}

long long median_of_three(long long a, long long b, long long c)
{
	/* The smaller of a and b is a lower bound for the median; c can
	 * raise it, but never above the larger of a and b. */
	return max2(min2(a, b), min2(max2(a, b), c));
}
