#include <stdlib.h>
#include <string.h>

/* Sort a[0..n) with merge sort using tmp as scratch space, and return the
 * number of inversions found: those inside the left half, those inside
 * the right half, and those counted while merging the two halves. */
static long long sort_count(long long *a, long long *tmp, size_t n)
{
	(void)a;
	(void)tmp;
	(void)n;
	return 0;
}

long long count_inversions(const long long *xs, size_t xs_len)
{
	/* Copy xs, allocate scratch space, call sort_count, free both. */
	(void)xs;
	(void)xs_len;
	(void)sort_count;
	return 0;
}
