/* Checks every pair: correct, but about n^2 / 2 comparisons, far too
 * slow for 50,000 elements in random order. */
#include <stddef.h>

long long count_inversions(const long long *xs, size_t xs_len)
{
	long long count = 0;

	for (size_t i = 0; i < xs_len; i++)
		for (size_t j = i + 1; j < xs_len; j++)
			if (xs[i] > xs[j])
				count++;
	return count;
}
