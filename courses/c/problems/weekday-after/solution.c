long long weekday_after(long long today, long long days)
{
	long long r = (today + days % 7) % 7;	/* in -6 .. 6 */

	return r < 0 ? r + 7 : r;
}
