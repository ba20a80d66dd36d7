/* Returns the difference of the two absolute values, cast to int.  The
 * cast keeps only the low 32 bits, so for values far apart the sign can
 * flip: 6442450944 is sorted before 0. */
#include <stdlib.h>
#include <string.h>

static int by_abs(const void *pa, const void *pb)
{
	long long a = *(const long long *)pa, b = *(const long long *)pb;

	if (llabs(a) != llabs(b))
		return (int)(llabs(a) - llabs(b));
	return (int)(a - b);
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
