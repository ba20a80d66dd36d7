/* Stores the sum in an int: three values near a billion add up to more
 * than 2147483647 and the sum wraps around to a negative number. */
double average_of_three(long long a, long long b, long long c)
{
	int sum = a + b + c;

	return sum / 3.0;
}
