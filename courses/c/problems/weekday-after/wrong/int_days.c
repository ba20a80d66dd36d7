/* Copies days into an int: values beyond about two billion are cut
 * down to their low 32 bits and the weekday comes out wrong. */
long long weekday_after(long long today, long long days)
{
	int d = days;

	return ((today + d) % 7 + 7) % 7;
}
