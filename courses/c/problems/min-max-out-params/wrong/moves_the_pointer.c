/* Assigns to the pointer parameters themselves (lo = &xs[i]) instead of
 * to the variables they point to (*lo = ...).  The parameters are local
 * copies of the caller's addresses, so main's lo and hi stay 0. */
#include <stdio.h>
#include <stdlib.h>

void min_max(const long long *xs, size_t n, long long *lo, long long *hi)
{
	const long long *best_lo = &xs[0], *best_hi = &xs[0];

	for (size_t i = 1; i < n; i++) {
		if (xs[i] < *best_lo)
			best_lo = &xs[i];
		if (xs[i] > *best_hi)
			best_hi = &xs[i];
	}
	lo = (long long *)best_lo;
	hi = (long long *)best_hi;
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
