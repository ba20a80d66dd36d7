/* Composes the helpers the wrong way: the smaller of max(a, b) and c is
 * not the median when c is the smallest of the three. */
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
	return min2(max2(a, b), c);
}
