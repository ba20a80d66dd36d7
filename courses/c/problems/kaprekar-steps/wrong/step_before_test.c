/* A do-while loop performs one step before the first test, so 6174
 * itself is reported as 1 step instead of 0. */
static long long arrange(long long n, int descending)
{
	int count[10] = {0};
	long long v = 0;

	for (int i = 0; i < 4; i++) {
		count[n % 10]++;
		n /= 10;
	}
	for (int k = 0; k < 10; k++) {
		int digit = descending ? 9 - k : k;

		for (int c = 0; c < count[digit]; c++)
			v = v * 10 + digit;
	}
	return v;
}

long long kaprekar_steps(long long n)
{
	long long steps = 0;

	do {
		n = arrange(n, 1) - arrange(n, 0);
		steps++;
	} while (n != 6174);
	return steps;
}
