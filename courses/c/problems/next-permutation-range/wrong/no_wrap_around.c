/* Handles every step correctly except the last arrangement: it returns 0
 * but leaves the elements in descending order instead of restarting from
 * the smallest arrangement. */
#include <stdio.h>
#include <stdlib.h>

static void swap(long long *a, long long *b)
{
	long long t = *a;

	*a = *b;
	*b = t;
}

static void reverse(long long *first, long long *last)
{
	while (first < last && first < --last)
		swap(first++, last);
}

int next_permutation(long long *first, long long *last)
{
	long long *pivot, *succ;

	if (last - first < 2)
		return 0;
	pivot = last - 2;
	while (pivot >= first && *pivot >= pivot[1])
		pivot--;
	if (pivot < first)
		return 0;
	succ = last - 1;
	while (*succ <= *pivot)
		succ--;
	swap(pivot, succ);
	reverse(pivot + 1, last);
	return 1;
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
