/* Collects digits only while the number is positive, so 0999 is seen
 * as the three digits 9, 9, 9: the difference becomes 0 and the loop
 * never reaches 6174. */
static long long arrange(long long n, int descending)
{
	int count[10] = {0};
	long long v = 0;

	while (n > 0) {
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

	while (n != 6174) {
		n = arrange(n, 1) - arrange(n, 0);
		steps++;
	}
	return steps;
}
