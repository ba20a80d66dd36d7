#include <stdio.h>

/* Fill the arrangement one position at a time: at position pos try every
 * number that is not used yet, in increasing order, and recurse for
 * pos + 1.  When all k positions are filled, print the arrangement. */
static void place(int pos, int n, int k)
{
	(void)pos;
	(void)n;
	(void)k;
}

int main(void)
{
	int n, k;

	if (scanf("%d %d", &n, &k) != 2)
		return 1;
	place(0, n, k);
	return 0;
}
