#include <stddef.h>

long long index_of(const long long *xs, size_t xs_len, long long target)
{
	/* Keep two bounds around the part of xs that can still hold target,
	 * and halve that part on every step. */
	(void)xs;
	(void)xs_len;
	(void)target;
	return -1;
}
