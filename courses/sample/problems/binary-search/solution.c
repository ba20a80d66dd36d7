#include <stddef.h>

long long index_of(const long long *xs, size_t xs_len, long long target)
{
	size_t lo = 0, hi = xs_len;  /* the target can only be in [lo, hi) */

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
