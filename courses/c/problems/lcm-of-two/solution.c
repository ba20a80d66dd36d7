static long long gcd(long long a, long long b)
{
	while (b != 0) {
		long long r = a % b;

		a = b;
		b = r;
	}
	return a;
}

long long lcm(long long a, long long b)
{
	/* Divide first: a / gcd is exact, and the product is the answer,
	 * which fits. */
	return a / gcd(a, b) * b;
}
