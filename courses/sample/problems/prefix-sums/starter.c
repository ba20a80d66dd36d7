#include <stdlib.h>

long long *running_totals(const long long *xs, size_t xs_len, size_t *out_len)
{
	long long *out = malloc((xs_len ? xs_len : 1) * sizeof(*out));

	if (!out)
		return NULL;
	(void)xs;
	/* ... fill out[0] .. out[xs_len - 1] ... */
	*out_len = 0;
	return out;
}
