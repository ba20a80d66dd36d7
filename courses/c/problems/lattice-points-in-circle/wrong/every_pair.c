/* Tests every pair in the bounding square: correct, but about 4e12
 * tests for r = 1,000,000. */
long long lattice_points_in_circle(long long r)
{
	long long total = 0;

	for (long long x = -r; x <= r; x++)
		for (long long y = -r; y <= r; y++)
			if (x * x + y * y <= r * r)
				total++;
	return total;
}
