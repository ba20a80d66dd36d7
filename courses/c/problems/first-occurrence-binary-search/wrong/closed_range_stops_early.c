/* Uses a closed range [lo, hi] (hi = xs_len - 1) but the loop condition
 * of a half-open one (lo < hi): when the range shrinks to one index, that
 * index is never examined.  A target at the very end, or in a
 * one-element array, is reported missing. */
#include <stddef.h>

long long first_index(const long long *xs, size_t xs_len, long long target)
{
	size_t lo = 0, hi;
	long long found = -1;

	if (xs_len == 0)
		return -1;
	hi = xs_len - 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (xs[mid] == target) {
			found = (long long)mid;
			hi = mid;
		} else if (xs[mid] < target) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return found;
}
