/* The second loop stops one element early (i < values_len - 1), so the
 * last value is never compared with the mean. */
#include <stddef.h>

long long count_above_average(const long long *values, size_t values_len)
{
	long long sum = 0, count = 0;
	long long n = (long long)values_len;

	if (values_len == 0)
		return 0;
	for (size_t i = 0; i < values_len; i++)
		sum += values[i];
	for (size_t i = 0; i < values_len - 1; i++)
		if (values[i] * n > sum)
			count++;
	return count;
}
