/*
 * Attack: kill(-1, SIGKILL) and kill(1, SIGKILL).  Guard: only when the
 * test process @TESTPID@ is invisible (inside a PID namespace); otherwise
 * it refuses and returns a wrong value (WA marks the escape), so a broken
 * sandbox cannot take the machine down.
 * Expected: AC or SV: in a PID namespace kill(-1) spares the caller and
 * the namespace's init, which ignores SIGKILL from inside; never WA.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

long long add(long long a, long long b)
{
	if (kill(@TESTPID@, 0) == 0 || errno == EPERM) {
		puts("not isolated: refusing kill(-1)");
		return a + b + 1000;
	}
	if (kill(1, SIGKILL) != 0)
		perror("kill 1");
	if (kill(-1, SIGKILL) != 0)
		perror("kill -1");
	return a + b;
}
