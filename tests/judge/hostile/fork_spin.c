/*
 * Attack: CPU through children: forks 8 processes that spin forever; the
 * parent waits for them.
 * Expected: TLE (CPU of the tree or wall clock) or SV; the run ends near
 * the limits; no spinner survives.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

/* Names the process "@MARK@" (inherited by children) so the test can
 * find survivors; /proc/self/comm rather than prctl, which the sandbox
 * may forbid. */
__attribute__((constructor)) static void h_mark(void)
{
	int fd = open("/proc/self/comm", O_WRONLY);

	if (fd >= 0) {
		(void)!write(fd, "@MARK@", sizeof("@MARK@") - 1);
		close(fd);
	}
}

long long add(long long a, long long b)
{
	for (int i = 0; i < 8; i++)
		if (fork() == 0)
			for (volatile int x = 0;; x++)
				;
	while (wait(NULL) > 0)
		;
	return a + b;
}
