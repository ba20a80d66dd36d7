/*
 * Attack: disk fill.  Writes 1 MiB blocks into ever new files in the work
 * dir, /tmp and /dev/shm, ignoring errors and SIGXFSZ, so neither the file
 * size limit of one file nor an error stops it.
 * Expected: OLE (file size limit) or TLE; the host side of the work dir
 * never holds more than a bounded amount, and nothing is left afterwards.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char h_block[1 << 20];

long long add(long long a, long long b)
{
	static const char *const dirs[] = { "/work", "/tmp", "/dev/shm", "." };
	char path[64];

	memset(h_block, 0xaa, sizeof(h_block));
	signal(SIGXFSZ, SIG_IGN);
	for (unsigned n = 0;; n++) {
		int fd;

		snprintf(path, sizeof(path), "%s/fill-%u", dirs[n % 4], n);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			continue;
		for (int i = 0; i < 64; i++)
			if (write(fd, h_block, sizeof(h_block)) < 0)
				break;
		close(fd);
	}
	return a + b;
}
