static long long largest_arrangement(long long n)
{
	/* The four digits of n (leading zeros included), sorted so that
	 * the largest digit comes first. */
	return n;
}

static long long smallest_arrangement(long long n)
{
	/* The same four digits, smallest first. */
	return n;
}

long long kaprekar_steps(long long n)
{
	/* Repeat the step until n is 6174, counting the steps. */
	return largest_arrangement(n) - smallest_arrangement(n);
}
