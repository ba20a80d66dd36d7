#include <stddef.h>

/* Binary search for the leftmost position of target.  Suggested
 * invariant with a half-open range [lo, hi): every index before lo
 * holds a value < target, every index from hi on holds a value >= target. */
long long first_index(const long long *xs, size_t xs_len, long long target)
{
	(void)xs;
	(void)xs_len;
	(void)target;
	return -1;
}
