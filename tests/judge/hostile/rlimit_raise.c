/*
 * Attack: raise every resource limit to infinity, then spin.
 * Expected: TLE (raising hard limits fails; the wall clock is the judge's).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/resource.h>

long long add(long long a, long long b)
{
	static const int res[] = { RLIMIT_CPU, RLIMIT_AS, RLIMIT_NPROC,
				   RLIMIT_FSIZE, RLIMIT_NOFILE, RLIMIT_DATA,
				   RLIMIT_STACK };
	struct rlimit inf = { RLIM_INFINITY, RLIM_INFINITY };
	volatile long long x = a;

	for (size_t i = 0; i < sizeof(res) / sizeof(res[0]); i++)
		printf("%zu: %d\n", i, setrlimit(res[i], &inf));
	for (;;)
		x++;
	return x + b;
}
