/*
 * Attack: /proc snooping: lists /proc and reads every process's cmdline
 * and environ, and the test's /proc/@TESTPID@/mem.
 * Expected: AC; only sandbox processes are visible, so no cmdline names
 * "test_hostile" and no environ carries the canary.  Seeing a host
 * process makes add wrong (WA).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int h_peek(const char *pid, const char *item)
{
	char path[300], buf[4096];
	int fd, hit = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%s/%s", pid, item);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	for (ssize_t i = 0; i < n; i++)
		if (!buf[i])
			buf[i] = ' ';
	if (n > 0) {
		buf[n] = 0;
		printf("%s: %.100s\n", path, buf);
		hit = strstr(buf, "test_hostile") || strstr(buf, "TUTOR_CANARY");
	}
	return hit;
}

long long add(long long a, long long b)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int seen = 0, fd;

	while (d && (e = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		seen += h_peek(e->d_name, "cmdline");
		seen += h_peek(e->d_name, "environ");
	}
	if (d)
		closedir(d);
	fd = open("/proc/@TESTPID@/mem", O_RDONLY);
	if (fd >= 0) {
		seen++;
		close(fd);
	}
	return a + b + (seen ? 1000 : 0);
}
