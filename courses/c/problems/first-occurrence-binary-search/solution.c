#include <stddef.h>

/* Invariant: xs[i] < target for i < lo, xs[i] >= target for i >= hi. */
long long first_index(const long long *xs, size_t xs_len, long long target)
{
	size_t lo = 0, hi = xs_len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (xs[mid] < target)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < xs_len && xs[lo] == target ? (long long)lo : -1;
}
