long long largest(long long a, long long b, long long c)
{
	long long best = a;

	if (b > best)
		best = b;
	if (c > best)
		best = c;
	return best;
}
