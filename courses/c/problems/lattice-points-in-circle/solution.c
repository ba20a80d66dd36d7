long long lattice_points_in_circle(long long r)
{
	long long total = 0, y = r;

	/* Columns x = 0 .. r; y is the highest point of the column inside
	 * the circle and only ever moves down as x grows. */
	for (long long x = 0; x <= r; x++) {
		while (x * x + y * y > r * r)
			y--;
		long long column = 2 * y + 1;

		total += x == 0 ? column : 2 * column;
	}
	return total;
}
