/* Fills the array correctly but never stores its length in *out_len,
 * so the caller cannot know how many elements there are. */
#include <stdlib.h>

long long *rotate_left(const long long *values, size_t values_len,
		       long long k, size_t *out_len)
{
	long long *out = malloc((values_len ? values_len : 1) * sizeof(*out));

	(void)out_len;
	if (!out || values_len == 0)
		return out;
	size_t shift = (size_t)k % values_len;

	for (size_t i = 0; i < values_len; i++)
		out[i] = values[(i + shift) % values_len];
	return out;
}
