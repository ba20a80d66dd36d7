#include <stdbool.h>
#include <stddef.h>

long long second_largest(const long long *xs, size_t xs_len)
{
	long long best, runner_up = 0;
	bool have_runner_up = false;

	if (xs_len == 0)
		return 0;
	best = xs[0];
	for (size_t i = 1; i < xs_len; i++) {
		if (xs[i] > best) {
			runner_up = best;
			best = xs[i];
			have_runner_up = true;
		} else if (xs[i] < best && (!have_runner_up || xs[i] > runner_up)) {
			runner_up = xs[i];
			have_runner_up = true;
		}
	}
	return runner_up;
}
