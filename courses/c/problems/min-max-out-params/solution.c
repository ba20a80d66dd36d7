#include <stdio.h>
#include <stdlib.h>

void min_max(const long long *xs, size_t n, long long *lo, long long *hi)
{
	*lo = *hi = xs[0];
	for (const long long *p = xs + 1; p < xs + n; p++) {
		if (*p < *lo)
			*lo = *p;
		if (*p > *hi)
			*hi = *p;
	}
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
