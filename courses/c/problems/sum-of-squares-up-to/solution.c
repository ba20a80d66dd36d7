long long sum_of_squares(long long n)
{
	long long total = 0;

	for (long long i = 1; i <= n; i++)
		total += i * i;
	return total;
}
