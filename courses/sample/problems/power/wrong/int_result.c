/* Keeps the result in an int: anything above 2147483647 overflows. */
long long power(long long base, long long exponent)
{
	int rest;

	if (exponent == 0)
		return 1;
	rest = (int)power(base, exponent - 1);
	return rest * (int)base;
}
