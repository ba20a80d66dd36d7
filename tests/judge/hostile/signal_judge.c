/*
 * Attack: signals to the judge: SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2,
 * SIGPIPE, SIGALRM, SIGCHLD, SIGXCPU and SIGSTOP to the test process
 * @TESTPID@, its process group and the parent.
 * Expected: AC (PID namespace: ESRCH).  Any signal reaching the test
 * would kill or stop it and fail the test.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <unistd.h>

long long add(long long a, long long b)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2,
				    SIGPIPE, SIGALRM, SIGCHLD, SIGXCPU,
				    SIGSTOP };
	pid_t pp = getppid();

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		(void)kill(@TESTPID@, sigs[i]);
		(void)kill(-@TESTPID@, sigs[i]);
		if (pp > 1)
			(void)kill(pp, sigs[i]);
	}
	return a + b;
}
