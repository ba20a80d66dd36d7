/* Divides two integers: the fraction is thrown away before the result
 * is converted to double, so 5 / 3 gives 1.0. */
double average_of_three(long long a, long long b, long long c)
{
	return (a + b + c) / 3;
}
