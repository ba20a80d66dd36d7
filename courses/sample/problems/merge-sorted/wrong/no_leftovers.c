/* Copies only while both inputs have elements; the rest is lost. */
#include <stdlib.h>

long long *merge(const long long *left, size_t left_len,
		 const long long *right, size_t right_len, size_t *out_len)
{
	size_t n = left_len + right_len, i = 0, j = 0, k = 0;
	long long *out = malloc((n ? n : 1) * sizeof(*out));

	if (!out)
		return NULL;
	while (i < left_len && j < right_len)
		out[k++] = left[i] <= right[j] ? left[i++] : right[j++];
	*out_len = k;
	return out;
}
