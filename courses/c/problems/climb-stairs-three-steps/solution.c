/* Memoised recursion: ways(n) = ways(n - 1) + ways(n - 2) + ways(n - 3),
 * with ways(0) = 1 and no ways to reach a negative step.  memo[n] == 0
 * means "not computed yet" (every real answer is at least 1). */
static long long memo[71];

long long count_climbs(long long n)
{
	if (n < 0)
		return 0;
	if (n == 0)
		return 1;
	if (memo[n] == 0)
		memo[n] = count_climbs(n - 1) + count_climbs(n - 2) +
			  count_climbs(n - 3);
	return memo[n];
}
