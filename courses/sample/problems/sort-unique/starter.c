#include <stdlib.h>

long long *distinct(const long long *xs, size_t xs_len, size_t *out_len)
{
	/* At most xs_len values come out; allocate at least one slot. */
	long long *out = malloc((xs_len ? xs_len : 1) * sizeof(*out));
	size_t n = 0;

	if (!out)
		return NULL;
	(void)xs;
	/* ... copy each value of xs into out once, counting them in n ... */
	*out_len = n;
	return out;
}
