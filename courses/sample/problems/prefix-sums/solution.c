#include <stdlib.h>

long long *running_totals(const long long *xs, size_t xs_len, size_t *out_len)
{
	long long *out = malloc((xs_len ? xs_len : 1) * sizeof(*out));
	long long total = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < xs_len; i++) {
		total += xs[i];
		out[i] = total;
	}
	*out_len = xs_len;
	return out;
}
