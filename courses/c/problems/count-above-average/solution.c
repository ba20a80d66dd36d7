#include <stddef.h>

long long count_above_average(const long long *values, size_t values_len)
{
	long long sum = 0, count = 0;
	long long n = (long long)values_len;

	for (size_t i = 0; i < values_len; i++)
		sum += values[i];
	/* x > sum / n  <=>  x * n > sum, for n > 0: no division needed. */
	for (size_t i = 0; i < values_len; i++)
		if (values[i] * n > sum)
			count++;
	return count;
}
