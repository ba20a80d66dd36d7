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
		used[v] = false;
	}
}

int main(void)
{
	int n, k;

	if (scanf("%d %d", &n, &k) != 2 || k < 1 || k > n || n > 7)
		return 1;
	place(0, n, k);
	return 0;
}
