#define SIDE_MAX 60

static long long count(long long table[SIDE_MAX + 1][SIDE_MAX + 1],
		       long long r, long long c)
{
	if (r == 1 || c == 1)
		return 1;
	if (table[r][c] == 0)
		table[r][c] = count(table, r - 1, c) + count(table, r, c - 1);
	return table[r][c];
}

long long paths(long long rows, long long cols)
{
	long long table[SIDE_MAX + 1][SIDE_MAX + 1] = { { 0 } };

	if (rows < 1 || cols < 1 || rows > SIDE_MAX || cols > SIDE_MAX)
		return 0;
	return count(table, rows, cols);
}
