/* An ordinary binary search: it returns the first match it happens to
 * land on, which is not always the leftmost one when values repeat. */
#include <stddef.h>

long long first_index(const long long *xs, size_t xs_len, long long target)
{
	size_t lo = 0, hi = xs_len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (xs[mid] == target)
			return (long long)mid;
		if (xs[mid] < target)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}
