/*
 * Attack: ignore and block every catchable signal (SIGTERM, SIGXCPU,
 * SIGALRM, SIGPROF, ...), then spin.
 * Expected: TLE: only SIGKILL (CPU hard limit or wall clock) ends it.
 */
#define _GNU_SOURCE
#include <signal.h>

long long add(long long a, long long b)
{
	sigset_t all;
	volatile long long x = a;

	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			(void)signal(s, SIG_IGN);
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	for (;;)
		x++;
	return x + b;
}
