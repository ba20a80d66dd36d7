/* Multiplies before dividing: a * b overflows long long for large
 * inputs even though the final answer would fit. */
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
	return a * b / gcd(a, b);
}
