/* 9 / 5 between two ints is 1, so the result is just celsius + 32. */
double fahrenheit(double celsius)
{
	return 9 / 5 * celsius + 32;
}
