/* Looks for the value strictly between the other two: with two equal
 * values nobody is strictly between, and c is returned by default. */
long long median_of_three(long long a, long long b, long long c)
{
	if ((a > b && a < c) || (a < b && a > c))
		return a;
	if ((b > a && b < c) || (b < a && b > c))
		return b;
	return c;
}
