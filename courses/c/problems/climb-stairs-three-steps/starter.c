/* count_climbs: the number of ways to climb n steps with strides of
 * 1, 2 or 3.  The last stride was 1, 2 or 3 steps long: how many ways
 * reach the step it started from?  Store answers you have already
 * computed so that no n is worked out twice. */
long long count_climbs(long long n)
{
	(void)n;
	return 0;
}
