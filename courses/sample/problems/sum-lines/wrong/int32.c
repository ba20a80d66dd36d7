/* Sums in an int: overflows on large input. */
#include <stdio.h>

int main(void)
{
	int total = 0, x;

	while (scanf("%d", &x) == 1)
		total += x;
	printf("%d\n", total);
	return 0;
}
