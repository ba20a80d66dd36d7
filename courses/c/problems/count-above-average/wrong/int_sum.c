/* Adds the values into an int: three values of a billion already
 * exceed 2147483647 and the sum wraps to a negative number. */
#include <stddef.h>

long long count_above_average(const long long *values, size_t values_len)
{
	int sum = 0;
	long long count = 0;
	long long n = (long long)values_len;

	for (size_t i = 0; i < values_len; i++)
		sum += values[i];
	for (size_t i = 0; i < values_len; i++)
		if (values[i] * n > sum)
			count++;
	return count;
}
