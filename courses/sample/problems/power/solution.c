long long power(long long base, long long exponent)
{
	long long half;

	if (exponent == 0)
		return 1;
	half = power(base, exponent / 2);
	if (exponent % 2 == 0)
		return half * half;
	return half * half * base;
}
