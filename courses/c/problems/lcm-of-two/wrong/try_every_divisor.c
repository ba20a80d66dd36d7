/* Finds the gcd by testing every candidate up to the smaller number:
 * about 10^12 tests for large inputs. */
static long long gcd(long long a, long long b)
{
	long long best = 1, smaller = a < b ? a : b;

	for (long long d = 1; d <= smaller; d++)
		if (a % d == 0 && b % d == 0)
			best = d;
	return best;
}

long long lcm(long long a, long long b)
{
	return a / gcd(a, b) * b;
}
