/*
 * Attack: thread bomb.  Creates sleeping threads forever (pthread is in
 * glibc 2.34+, no -pthread needed) and ignores failures.
 * Expected: TLE, MLE or SV; never AC; nothing survives.
 */
#define _GNU_SOURCE
#include <pthread.h>
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

static void *h_sleeper(void *arg)
{
	(void)arg;
	sleep(3600);
	return NULL;
}

long long add(long long a, long long b)
{
	pthread_t t;

	for (;;)
		(void)pthread_create(&t, NULL, h_sleeper, NULL);
	return a + b;
}
