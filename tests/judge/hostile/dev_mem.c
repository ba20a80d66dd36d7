/*
 * Attack: raw devices: read /dev/mem, /dev/kmem, /dev/port, disks
 * (/dev/sda, /dev/vda, /dev/nvme0n1), /dev/kmsg (host kernel log), and
 * write /dev/console.
 * Expected: AC (absent or unopenable in the sandbox) or SV.  A successful
 * read makes add wrong (WA).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

long long add(long long a, long long b)
{
	static const char *const devs[] = { "/dev/mem", "/dev/kmem",
		"/dev/port", "/dev/sda", "/dev/vda", "/dev/nvme0n1",
		"/dev/kmsg" };
	char buf[64];
	int leaked = 0, fd;

	for (size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++) {
		fd = open(devs[i], O_RDONLY | O_NONBLOCK);
		if (fd < 0) {
			perror(devs[i]);
			continue;
		}
		if (read(fd, buf, sizeof(buf)) > 0)
			leaked++;
		close(fd);
	}
	fd = open("/dev/console", O_WRONLY);
	if (fd >= 0) {
		leaked += write(fd, "tutor hostile suite\n", 20) > 0;
		close(fd);
	}
	return a + b + (leaked ? 1000 : 0);
}
