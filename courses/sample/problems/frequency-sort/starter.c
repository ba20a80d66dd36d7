#include <stdlib.h>

long long *by_frequency(const long long *xs, size_t xs_len, size_t *out_len)
{
	/* 1. Count how often each value occurs.
	 * 2. Order the distinct values: most frequent first, ties smallest
	 *    first (qsort with a comparison function works well). */
	long long *out = malloc((xs_len ? xs_len : 1) * sizeof(*out));

	(void)xs;
	*out_len = 0;
	return out;
}
