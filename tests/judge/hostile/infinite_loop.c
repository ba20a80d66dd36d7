/*
 * Attack: a busy infinite loop inside the function (volatile, so the
 * compiler cannot remove it).
 * Expected: TLE (CPU limit).
 */
long long add(long long a, long long b)
{
	volatile long long x = a;

	for (;;)
		x++;
	return x + b;
}
