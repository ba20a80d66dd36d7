#include <stdlib.h>
#include <string.h>

static long long sort_count(long long *a, long long *tmp, size_t n)
{
	size_t mid = n / 2, i = 0, j = mid, k = 0;
	long long count;

	if (n < 2)
		return 0;
	count = sort_count(a, tmp, mid) + sort_count(a + mid, tmp, n - mid);
	while (i < mid && j < n) {
		if (a[i] <= a[j]) {
			tmp[k++] = a[i++];
		} else {
			/* a[j] is smaller than every element left in a[i..mid) */
			count += (long long)(mid - i);
			tmp[k++] = a[j++];
		}
	}
	while (i < mid)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	memcpy(a, tmp, n * sizeof(*a));
	return count;
}

long long count_inversions(const long long *xs, size_t xs_len)
{
	long long *a, *tmp, count;

	if (xs_len < 2)
		return 0;
	a = malloc(xs_len * sizeof(*a));
	tmp = malloc(xs_len * sizeof(*tmp));
	if (!a || !tmp) {
		free(a);
		free(tmp);
		return -1;
	}
	memcpy(a, xs, xs_len * sizeof(*a));
	count = sort_count(a, tmp, xs_len);
	free(a);
	free(tmp);
	return count;
}
