/* Counts the numbers in the sequence (including the start) instead of
 * the steps between them: always one too many. */
long long collatz_steps(long long n)
{
	long long count = 1;

	while (n != 1) {
		if (n % 2 == 0)
			n /= 2;
		else
			n = 3 * n + 1;
		count++;
	}
	return count;
}
