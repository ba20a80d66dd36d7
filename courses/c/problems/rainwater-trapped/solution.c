#include <stddef.h>

long long trapped_water(const long long *heights, size_t heights_len)
{
	long long total = 0, left_max = 0, right_max = 0;
	size_t lo = 0, hi = heights_len;	/* bars lo .. hi-1 still open */

	/* Two pointers: the side with the lower maximum so far decides the
	 * level of its next bar, because the other side is at least as
	 * tall somewhere. */
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
