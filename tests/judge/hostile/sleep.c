/*
 * Attack: sleep for an hour (no CPU used; only the wall clock stops it).
 * Expected: TLE (wall limit).
 */
#define _GNU_SOURCE
#include <unistd.h>

long long add(long long a, long long b)
{
	sleep(3600);
	return a + b;
}
