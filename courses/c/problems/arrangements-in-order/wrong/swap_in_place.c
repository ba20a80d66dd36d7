/* The swap trick: put each remaining number at position pos by swapping
 * it there, recurse, swap back.  Every arrangement is printed exactly
 * once, but not in lexicographic order (for n = 3, k = 3 it prints
 * 3 2 1 before 3 1 2). */
#include <stdio.h>

static int a[8];

static void swap(int *x, int *y)
{
	int t = *x;

	*x = *y;
	*y = t;
}

static void place(int pos, int n, int k)
{
	if (pos == k) {
		for (int i = 0; i < k; i++)
			printf(i ? " %d" : "%d", a[i]);
		putchar('\n');
		return;
	}
	for (int i = pos; i < n; i++) {
		swap(&a[pos], &a[i]);
		place(pos + 1, n, k);
		swap(&a[pos], &a[i]);
	}
}

int main(void)
{
	int n, k;

	if (scanf("%d %d", &n, &k) != 2)
		return 1;
	for (int i = 0; i < n; i++)
		a[i] = i + 1;
	place(0, n, k);
	return 0;
}
