/* Keeps the current value in an unsigned int: for some starting values
 * the sequence climbs past 4294967295, wraps around and follows a
 * different path. */
long long collatz_steps(long long n)
{
	unsigned int x = (unsigned int)n;
	long long steps = 0;

	while (x != 1) {
		if (x % 2 == 0)
			x /= 2;
		else
			x = 3 * x + 1;
		steps++;
	}
	return steps;
}
