/*
 * Attack: leave a background process behind: double fork, setsid, close
 * the output, sleep an hour (named "@MARK@"); add returns at once.
 * Expected: AC (or SV if fork is blocked); no "@MARK@" process exists
 * once tu_judge_submit returns.
 */
#define _GNU_SOURCE
#include <fcntl.h>
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
	if (fork() == 0) {
		setsid();
		if (fork() == 0) {
			close(0);
			close(1);
			close(2);
			sleep(3600);
		}
		_exit(0);
	}
	return a + b;
}
