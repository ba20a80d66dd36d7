/* Correct recurrence and base cases, but every call recomputes the same
 * smaller answers: the number of calls grows like 1.84^n. */
long long count_climbs(long long n)
{
	if (n < 0)
		return 0;
	if (n == 0)
		return 1;
	return count_climbs(n - 1) + count_climbs(n - 2) + count_climbs(n - 3);
}
