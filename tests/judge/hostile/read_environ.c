/*
 * Attack: read the parent's environment: environ (the test process sets
 * TUTOR_CANARY_SECRET), /proc/self/environ, /proc/1/environ,
 * /proc/<ppid>/environ and the test's /proc/@TESTPID@/environ.
 * Expected: AC; the secret appears nowhere.  Seeing it makes add wrong.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static int h_environ_of(const char *pid)
{
	char path[64], buf[8192];
	int fd, hit = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%s/environ", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	for (ssize_t i = 0; i < n; i++)
		if (!buf[i])
			buf[i] = '\n';
	if (n > 0) {
		buf[n] = 0;
		printf("%s: %s\n", path, buf);
		hit = strstr(buf, "TUTOR_CANARY_SECRET") != NULL;
	}
	return hit;
}

long long add(long long a, long long b)
{
	char ppid[32];
	int leaked = getenv("TUTOR_CANARY_SECRET") != NULL;

	for (char **e = environ; e && *e; e++)
		printf("env %s\n", *e);
	snprintf(ppid, sizeof(ppid), "%d", (int)getppid());
	leaked += h_environ_of("self") + h_environ_of("1") +
		  h_environ_of(ppid) + h_environ_of("@TESTPID@");
	return a + b + (leaked ? 1000 : 0);
}
