#include <stdlib.h>
#include <string.h>

static int by_abs(const void *pa, const void *pb)
{
	long long a = *(const long long *)pa, b = *(const long long *)pb;
	long long ka = a < 0 ? -a : a, kb = b < 0 ? -b : b;

	if (ka != kb)
		return (ka > kb) - (ka < kb);
	return (a > b) - (a < b);	/* same size: the negative one first */
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
