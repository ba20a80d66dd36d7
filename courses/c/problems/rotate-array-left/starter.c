#include <stdlib.h>

long long *rotate_left(const long long *values, size_t values_len,
		       long long k, size_t *out_len)
{
	long long *out = malloc((values_len ? values_len : 1) * sizeof(*out));

	if (!out)
		return NULL;
	/* out[i] should be the element that lands at position i. */
	(void)values;
	(void)k;
	*out_len = 0;
	return out;
}
