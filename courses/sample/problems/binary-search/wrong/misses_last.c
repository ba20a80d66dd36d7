/* Inclusive upper bound, but the loop stops when lo == hi: the last
 * candidate is never looked at. */
#include <stddef.h>

long long index_of(const long long *xs, size_t xs_len, long long target)
{
	long long lo = 0, hi = (long long)xs_len - 1;

	while (lo < hi) {
		long long mid = (lo + hi) / 2;

		if (xs[mid] == target)
			return mid;
		if (xs[mid] < target)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}
