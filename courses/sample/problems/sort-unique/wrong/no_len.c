/* Forgets to set *out_len. */
#include <stdlib.h>
#include <string.h>

long long *distinct(const long long *xs, size_t xs_len, size_t *out_len)
{
	long long *out = malloc((xs_len ? xs_len : 1) * sizeof(*out));

	(void)out_len;
	if (out && xs_len)
		memcpy(out, xs, xs_len * sizeof(*out));
	return out;
}
