/* Reads the number that starts at *s and moves *s past it and past one
 * following dot. At the end of the string it returns 0 and stays put,
 * which is how missing parts count as 0. */
static long long next_part(const char **s)
{
	long long value = 0;

	while (**s >= '0' && **s <= '9') {
		value = value * 10 + (**s - '0');
		(*s)++;
	}
	if (**s == '.')
		(*s)++;
	return value;
}

long long compare_versions(const char *a, const char *b)
{
	while (*a != '\0' || *b != '\0') {
		long long x = next_part(&a);
		long long y = next_part(&b);

		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}
