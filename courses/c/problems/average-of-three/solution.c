double average_of_three(long long a, long long b, long long c)
{
	long long sum = a + b + c;	/* at most 3e9: needs long long */

	return (double)sum / 3.0;
}
