/* Truncates to 32 bits: fails on large numbers. */
long long add(long long a, long long b)
{
	int s = (int)a + (int)b;
	return s;
}
