/* Correct recursion without a memo: exponential running time. */
long long paths(long long rows, long long cols)
{
	if (rows == 1 || cols == 1)
		return 1;
	return paths(rows - 1, cols) + paths(rows, cols - 1);
}
