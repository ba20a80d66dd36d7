/* Keeps the sum in an int: totals beyond 2147483647 wrap around. */
#include <stdio.h>

int main(void)
{
	long long x, count = 0;
	int sum = 0;

	while (scanf("%lld", &x) == 1) {
		sum += x;
		count++;
	}
	printf("count: %lld\n", count);
	printf("sum: %d\n", sum);
	if (count == 0)
		printf("mean: none\n");
	else
		printf("mean: %.2f\n", (double)sum / (double)count);
	return 0;
}
