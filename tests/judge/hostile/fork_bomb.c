/*
 * Attack: fork bomb.  Every process forks forever and ignores failures, so
 * only the sandbox can stop it (pids cgroup or RLIMIT_NPROC under the
 * sandbox uid, the CPU limit of the tree, the wall clock, or seccomp).
 * Expected: TLE or SV; never AC; no process (comm "@MARK@") survives.
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
	for (;;)
		(void)fork();
	return a + b;
}
