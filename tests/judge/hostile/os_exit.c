/*
 * Attack: _exit(0) (no atexit, no flush) after the first case.
 * Expected: RE for the cases without a result; never AC.
 */
#define _GNU_SOURCE
#include <unistd.h>

long long add(long long a, long long b)
{
	if (a == 0)
		_exit(0);
	return a + b;
}
