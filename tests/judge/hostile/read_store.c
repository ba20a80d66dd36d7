/*
 * Attack: read the store's database file (the test's secret file
 * @SECRET_FILE@, outside the work dir; the exact path is given), directly
 * and through /proc/1/root, /proc/<test pid>/root and ../ routes, and list
 * its directory.
 * Expected: AC; the secret appears nowhere.  A successful read makes add
 * wrong (WA).
 */
#define _GNU_SOURCE
#include <dirent.h>
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
	DIR *d = opendir("@SECRET_DIR@");
	int leaked = h_dump("@SECRET_FILE@") +
		     h_dump("/proc/1/root@SECRET_FILE@") +
		     h_dump("/proc/@TESTPID@/root@SECRET_FILE@") +
		     h_dump("/work/../../../..@SECRET_FILE@") +
		     h_dump("../../../..@SECRET_FILE@");

	if (d) {
		leaked++;
		closedir(d);
	}
	return a + b + (leaked ? 1000 : 0);
}
