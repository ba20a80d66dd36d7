#include <stdio.h>
#include <stdlib.h>

/* Store the smallest element in *lo and the largest in *hi (n >= 1).
 * Write through the pointers: the caller's variables must change. */
void min_max(const long long *xs, size_t n, long long *lo, long long *hi)
{
	(void)xs;
	(void)n;
	(void)lo;
	(void)hi;
}

int main(void)
{
	size_t n;
	long long *xs, lo = 0, hi = 0;

	if (scanf("%zu", &n) != 1 || n == 0)
		return 1;
	xs = malloc(n * sizeof(*xs));
	if (!xs)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (scanf("%lld", &xs[i]) != 1)
			return 1;
	min_max(xs, n, &lo, &hi);
	printf("%lld %lld\n", lo, hi);
	free(xs);
	return 0;
}
