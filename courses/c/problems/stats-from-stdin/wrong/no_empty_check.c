/* Never considers empty input: 0.0 / 0 is not a number and printf
 * shows it as "-nan". */
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
	printf("mean: %.2f\n", (double)sum / (double)count);
	return 0;
}
