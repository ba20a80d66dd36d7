/*
 * Attack: die on the last case right after writing binary junk to stderr
 * (abort: SIGABRT), so the judge's error report carries it.
 * Expected: RE (SIGABRT), and the result JSON stays valid JSON.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <unistd.h>

long long add(long long a, long long b)
{
	if (a < 0) {
		static const char junk[] = "bad \x00 \xff\xfe \"}] \n\x1b[2J end";

		(void)!write(2, junk, sizeof(junk) - 1);
		abort();
	}
	return a + b;
}
