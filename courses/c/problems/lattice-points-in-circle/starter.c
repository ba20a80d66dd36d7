long long lattice_points_in_circle(long long r)
{
	/* For each column x from -r to r, how many y values lie in the
	 * circle? Add those column counts up. */
	(void)r;
	return 0;
}
