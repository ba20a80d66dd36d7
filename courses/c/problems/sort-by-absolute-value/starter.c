#include <stdlib.h>
#include <string.h>

/* qsort comparison: by absolute value, then negative before positive.
 * Return -1, 0 or 1 from comparisons rather than a subtraction. */
static int by_abs(const void *pa, const void *pb)
{
	(void)pa;
	(void)pb;
	return 0;
}

long long *sort_by_abs(const long long *xs, size_t xs_len, size_t *out_len)
{
	/* Copy xs into a new array, qsort the copy with by_abs. */
	(void)xs;
	(void)xs_len;
	(void)by_abs;
	*out_len = 0;
	return NULL;
}
