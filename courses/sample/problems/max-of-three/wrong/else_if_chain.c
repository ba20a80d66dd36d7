/* "else if" skips the comparison with c whenever b replaced the best. */
long long largest(long long a, long long b, long long c)
{
	long long best = a;

	if (b > best)
		best = b;
	else if (c > best)
		best = c;
	return best;
}
