/*
 * Attack: ptrace: PTRACE_TRACEME, then PTRACE_ATTACH to the parent, pid 1
 * and the test process @TESTPID@.
 * Expected: SV (ptrace blocked) or AC (every attach fails).  A successful
 * attach makes add wrong (WA).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/ptrace.h>
#include <unistd.h>

long long add(long long a, long long b)
{
	const pid_t pids[] = { getppid(), 1, @TESTPID@ };
	int attached = 0;

	printf("traceme %ld\n", ptrace(PTRACE_TRACEME, 0, NULL, NULL));
	for (int i = 0; i < 3; i++)
		if (pids[i] > 0 && ptrace(PTRACE_ATTACH, pids[i], NULL, NULL) == 0)
			attached++;
	return a + b + (attached ? 1000 : 0);
}
