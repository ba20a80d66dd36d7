/*
 * Attack: forge the end of the run.  On the first call it writes, with the
 * nonce recovered from harness.c or its own executable, records without
 * values for every case and {"done":true}, then _exit(0)s before any real
 * result is printed.
 * Expected: RE (no value came back) or WA; never AC.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char h_nonce[128] = "0000";

static int h_scan(const char *path)
{
	static char buf[4 << 20];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	for (ssize_t i = 0; i + 2 < n; i++) {
		size_t k = 0;

		if (buf[i] != '@' || buf[i + 1] != '@')
			continue;
		while (i + 2 + (ssize_t)k < n && k < sizeof(h_nonce) - 1 &&
		       isalnum((unsigned char)buf[i + 2 + k]))
			k++;
		if (k >= 8) {
			memcpy(h_nonce, buf + i + 2, k);
			h_nonce[k] = 0;
			return 1;
		}
	}
	return 0;
}

long long add(long long a, long long b)
{
	char line[256];

	if (!h_scan("/work/harness.c") && !h_scan("harness.c"))
		h_scan("/proc/self/exe");
	for (int i = 0; i < 3; i++) {
		int n = snprintf(line, sizeof(line),
				 "\n@@%s {\"i\":%d,\"t\":0,\"pass\":true}\n",
				 h_nonce, i);

		(void)!write(1, line, (size_t)n);
	}
	(void)!write(1, "\n@@", 3);
	(void)!write(1, h_nonce, strlen(h_nonce));
	(void)!write(1, " {\"done\":true}\n", 15);
	(void)a;
	(void)b;
	_exit(0);
}
