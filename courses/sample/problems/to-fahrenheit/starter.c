double fahrenheit(double celsius)
{
	/* Convert celsius to degrees Fahrenheit and return the result. */
	(void)celsius;
	return 0.0;
}
