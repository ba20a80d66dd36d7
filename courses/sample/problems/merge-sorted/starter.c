#include <stdlib.h>

long long *merge(const long long *left, size_t left_len,
		 const long long *right, size_t right_len, size_t *out_len)
{
	size_t n = left_len + right_len;
	long long *out = malloc((n ? n : 1) * sizeof(*out));

	if (!out)
		return NULL;
	(void)left;
	(void)right;
	/* ... fill out[0] .. out[n - 1] in ascending order ... */
	*out_len = 0;
	return out;
}
