long long largest(long long a, long long b, long long c)
{
	/* Return the largest of a, b and c using if statements. */
	(void)b;
	(void)c;
	return a;
}
