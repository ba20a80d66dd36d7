/*
 * Attack: inherited file descriptors.  The test holds the secret file open
 * read-write without close-on-exec while it judges; the program scans fds
 * 3..1023, reads every one from offset 0 and writes "PWNED" into each.
 * Expected: AC; only 0, 1, 2 (and the judge's own pipes) are open, so the
 * secret never appears and the host file is unchanged.  Reading the
 * secret makes add wrong (WA).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

long long add(long long a, long long b)
{
	char buf[257];
	struct stat st;
	int found = 0;

	for (int fd = 3; fd < 1024; fd++) {
		ssize_t n;

		if (fstat(fd, &st) != 0)
			continue;
		n = pread(fd, buf, sizeof(buf) - 1, 0);
		printf("fd %d mode %o read %zd\n", fd, (unsigned)st.st_mode, n);
		if (n > 0) {
			buf[n] = 0;
			found += strstr(buf, "SECRET") != NULL;
		}
		(void)!pwrite(fd, "PWNED", 5, 0);
	}
	return a + b + (found ? 1000 : 0);
}
