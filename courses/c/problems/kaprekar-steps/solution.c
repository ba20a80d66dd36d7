/* Puts the four decimal digits of n, leading zeros included, into d[]
 * sorted in ascending order. */
static void sorted_digits(long long n, int d[4])
{
	for (int i = 0; i < 4; i++) {
		d[i] = (int)(n % 10);
		n /= 10;
	}
	for (int i = 1; i < 4; i++)		/* insertion sort */
		for (int j = i; j > 0 && d[j - 1] > d[j]; j--) {
			int t = d[j];

			d[j] = d[j - 1];
			d[j - 1] = t;
		}
}

static long long largest_arrangement(long long n)
{
	int d[4];
	long long v = 0;

	sorted_digits(n, d);
	for (int i = 3; i >= 0; i--)
		v = v * 10 + d[i];
	return v;
}

static long long smallest_arrangement(long long n)
{
	int d[4];
	long long v = 0;

	sorted_digits(n, d);
	for (int i = 0; i < 4; i++)
		v = v * 10 + d[i];
	return v;
}

long long kaprekar_steps(long long n)
{
	long long steps = 0;

	while (n != 6174) {
		n = largest_arrangement(n) - smallest_arrangement(n);
		steps++;
	}
	return steps;
}
