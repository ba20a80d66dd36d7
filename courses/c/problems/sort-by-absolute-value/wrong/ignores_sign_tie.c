/* Compares absolute values only: -3 and 3 count as equal and stay in
 * whatever order the sort leaves them, instead of negative first. */
#include <stdlib.h>
#include <string.h>

static int by_abs(const void *pa, const void *pb)
{
	long long a = llabs(*(const long long *)pa);
	long long b = llabs(*(const long long *)pb);

	return (a > b) - (a < b);
}

long long *sort_by_abs(const long long *xs, size_t xs_len, size_t *out_len)
{
	long long *out = malloc((xs_len ? xs_len : 1) * sizeof(*out));

	if (!out)
		return NULL;
	if (xs_len)
		memcpy(out, xs, xs_len * sizeof(*out));
	qsort(out, xs_len, sizeof(*out), by_abs);
	*out_len = xs_len;
	return out;
}
