/*
 * Attack: kill the parent: SIGKILL to getppid(), to the test process
 * (@TESTPID@, which runs the judge) and to its process group.
 * Expected: AC (PID namespace: ESRCH).  Reaching the judge would kill the
 * test process and fail the test.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

long long add(long long a, long long b)
{
	pid_t pp = getppid();

	if (pp > 1 && kill(pp, SIGKILL) != 0)
		perror("kill ppid");
	if (kill(@TESTPID@, SIGKILL) != 0)
		perror("kill test");
	if (kill(-@TESTPID@, SIGKILL) != 0)
		perror("kill test group");
	return a + b;
}
