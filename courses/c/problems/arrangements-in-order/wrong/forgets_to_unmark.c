/* Marks a number as used before the recursive call but never clears the
 * mark afterwards, so after the first complete arrangement every number
 * stays "used" and nothing more is printed. */
#include <stdbool.h>
#include <stdio.h>

static int chosen[8];
static bool used[8];

static void place(int pos, int n, int k)
{
	if (pos == k) {
		for (int i = 0; i < k; i++)
			printf(i ? " %d" : "%d", chosen[i]);
		putchar('\n');
		return;
	}
	for (int v = 1; v <= n; v++) {
		if (used[v])
			continue;
		used[v] = true;
		chosen[pos] = v;
		place(pos + 1, n, k);
	}
}

int main(void)
{
	int n, k;

	if (scanf("%d %d", &n, &k) != 2)
		return 1;
	place(0, n, k);
	return 0;
}
