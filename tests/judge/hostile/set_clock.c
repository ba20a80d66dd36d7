/*
 * Attack: set the system clock (to the value just read, so it stays
 * harmless even if the sandbox were broken).
 * Expected: AC with EPERM or SV; success makes add wrong (WA).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <time.h>

long long add(long long a, long long b)
{
	struct timespec ts;
	int r;

	clock_gettime(CLOCK_REALTIME, &ts);
	r = clock_settime(CLOCK_REALTIME, &ts);
	printf("clock_settime %d\n", r);
	return a + b + (r == 0 ? 1000 : 0);
}
