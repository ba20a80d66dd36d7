/* Computes the mean with integer division. C truncates towards zero,
 * so the mean of -1 and -2 becomes -1 and the value -1 is no longer
 * above it. */
#include <stddef.h>

long long count_above_average(const long long *values, size_t values_len)
{
	long long sum = 0, count = 0;

	if (values_len == 0)
		return 0;
	for (size_t i = 0; i < values_len; i++)
		sum += values[i];
	long long mean = sum / (long long)values_len;

	for (size_t i = 0; i < values_len; i++)
		if (values[i] > mean)
			count++;
	return count;
}
