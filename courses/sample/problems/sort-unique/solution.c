#include <stdlib.h>

long long *distinct(const long long *xs, size_t xs_len, size_t *out_len)
{
	long long *out = malloc((xs_len ? xs_len : 1) * sizeof(*out));
	size_t n = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < xs_len; i++) {
		size_t j = 0;

		while (j < n && out[j] != xs[i])
			j++;
		if (j == n)
			out[n++] = xs[i];
	}
	*out_len = n;
	return out;
}
