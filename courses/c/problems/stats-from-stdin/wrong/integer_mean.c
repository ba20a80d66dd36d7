/* Divides the two long long values before converting: the mean of
 * 1 2 3 4 is printed as 2.00 instead of 2.50. */
#include <stdio.h>

int main(void)
{
	long long x, sum = 0, count = 0;

	while (scanf("%lld", &x) == 1) {
		sum += x;
		count++;
	}
	printf("count: %lld\n", count);
	printf("sum: %lld\n", sum);
	if (count == 0)
		printf("mean: none\n");
	else
		printf("mean: %.2f\n", (double)(sum / count));
	return 0;
}
