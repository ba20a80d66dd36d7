/* Skips the last value. */
#include <stddef.h>

double mean(const double *values, size_t values_len)
{
	double sum = 0;

	for (size_t i = 0; i + 1 < values_len; i++)
		sum += values[i];
	return sum / (double)values_len;
}
