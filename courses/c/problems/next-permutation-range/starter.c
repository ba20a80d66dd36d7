#include <stdio.h>
#include <stdlib.h>

/* Rearrange [first, last) into the next arrangement in lexicographic
 * order and return 1; if there is none, make it the smallest one and
 * return 0.  Plan: from the right, find the first element that is smaller
 * than its right neighbour (the pivot)... */
int next_permutation(long long *first, long long *last)
{
	(void)first;
	(void)last;
	return 0;
}

int main(void)
{
	size_t n, k;
	long long *xs;

	if (scanf("%zu", &n) != 1 || n == 0)
		return 1;
	xs = malloc(n * sizeof(*xs));
	if (!xs)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (scanf("%lld", &xs[i]) != 1)
			return 1;
	if (scanf("%zu", &k) != 1)
		return 1;
	while (k-- > 0) {
		int r = next_permutation(xs, xs + n);

		printf("%d:", r);
		for (size_t i = 0; i < n; i++)
			printf(" %lld", xs[i]);
		putchar('\n');
	}
	free(xs);
	return 0;
}
