/*
 * Attack: write outside the work dir: the host sentinel @SENTINEL@, the
 * secret dir, /etc, /usr, /, /var/tmp, /dev/shm, /tmp and the work dir's
 * parent.
 * Expected: AC (or SV); the test checks on the host that none of these
 * files exists afterwards.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

long long add(long long a, long long b)
{
	static const char *const targets[] = {
		"@SENTINEL@", "@SECRET_DIR@/planted", "/etc/@TAG@",
		"/usr/@TAG@", "/@TAG@", "/var/tmp/@TAG@", "/dev/shm/@TAG@",
		"/tmp/@TAG@", "../@TAG@", "/work/../@TAG@",
		"/proc/1/root/tmp/@TAG@",
	};

	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		int fd = open(targets[i], O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0) {
			perror(targets[i]);
			continue;
		}
		(void)!write(fd, "planted\n", 8);
		close(fd);
		printf("wrote %s\n", targets[i]);
	}
	return a + b;
}
