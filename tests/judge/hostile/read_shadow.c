/*
 * Attack: read /etc/shadow (also via /proc/1/root and ../ paths).
 * Expected: AC: the file is not in the sandbox's view or not readable.  A
 * successful read prints it and makes add wrong (WA).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static int h_dump(const char *path)
{
	char buf[4096];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		perror(path);
		return 0;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	printf("%s: %s\n", path, buf);
	return 1;
}

long long add(long long a, long long b)
{
	int leaked = h_dump("/etc/shadow") + h_dump("/etc/gshadow") +
		     h_dump("/../etc/shadow") + h_dump("/proc/1/root/etc/shadow");

	return a + b + (leaked ? 1000 : 0);
}
