/* Keeps the running total in an int: large totals overflow. */
#include <stdlib.h>

long long *running_totals(const long long *xs, size_t xs_len, size_t *out_len)
{
	long long *out = malloc((xs_len ? xs_len : 1) * sizeof(*out));
	int total = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < xs_len; i++) {
		total += (int)xs[i];
		out[i] = total;
	}
	*out_len = xs_len;
	return out;
}
