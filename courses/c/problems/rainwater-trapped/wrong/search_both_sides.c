/* Correct levels, but for every bar both sides are searched again:
 * about n * n steps, far too slow for 150,000 bars. */
#include <stddef.h>

long long trapped_water(const long long *heights, size_t heights_len)
{
	long long total = 0;

	for (size_t i = 0; i < heights_len; i++) {
		long long left = 0, right = 0;

		for (size_t j = 0; j <= i; j++)
			if (heights[j] > left)
				left = heights[j];
		for (size_t j = i; j < heights_len; j++)
			if (heights[j] > right)
				right = heights[j];
		total += (left < right ? left : right) - heights[i];
	}
	return total;
}
