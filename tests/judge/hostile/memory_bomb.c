/*
 * Attack: memory bomb: allocates and touches 16 MiB blocks as fast as it
 * can and keeps them; when malloc fails it aborts, as careless code would.
 * Expected: MLE (memory cgroup OOM kill, or allocation failure under
 * RLIMIT_AS recognised by the judge).
 */
#include <stdlib.h>
#include <string.h>

long long add(long long a, long long b)
{
	for (;;) {
		char *p = malloc(16u << 20);

		if (!p)
			abort();
		memset(p, 1, 16u << 20);
	}
	return a + b;
}
