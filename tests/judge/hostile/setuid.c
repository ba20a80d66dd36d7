/*
 * Attack: privilege games: setgroups, setgid(0), setuid(0),
 * setresuid(0,0,0), then read /etc/shadow and the secret file.
 * Expected: AC (the calls fail, or succeed only inside the user namespace)
 * or SV.  A successful read makes add wrong (WA).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <unistd.h>

static int h_readable(const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0) {
		buf[n] = 0;
		printf("%s: %s\n", path, buf);
	}
	return n > 0;
}

long long add(long long a, long long b)
{
	gid_t g = 0;

	printf("setgroups %d setgid %d setuid %d setresuid %d\n",
	       setgroups(1, &g), setgid(0), setuid(0), setresuid(0, 0, 0));
	if (h_readable("/etc/shadow") || h_readable("@SECRET_FILE@"))
		return a + b + 1000;
	return a + b;
}
