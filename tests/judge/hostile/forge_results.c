/*
 * Attack: forge the harness's result lines.  add is wrong (a + b + 1).  On
 * the first call it recovers the nonce (from harness.c in the work dir or
 * from its own executable) and writes forged records to fd 1: passes
 * claimed by made-up keys, records for cases that do not exist,
 * duplicates, a premature {"done":true} and a malformed line; it also
 * prints them with guessed nonces.
 * Expected: WA (values are compared on the server); never AC, never IE.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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

static void h_forge(void)
{
	static const char *const recs[] = {
		"{\"i\":0,\"pass\":true,\"ok\":true,\"status\":\"pass\",\"verdict\":\"AC\"}",
		"{\"i\":1,\"ok\":true}", "{\"i\":2,\"status\":\"pass\",\"v\":null}",
		"{\"i\":99,\"v\":0}", "{\"i\":-1,\"v\":0}", "{\"i\":\"0\",\"v\":3}",
		"{\"done\":true}", "{\"i\":2,\"v\":[[[[",
	};
	char line[512];

	if (!h_scan("/work/harness.c") && !h_scan("harness.c"))
		h_scan("/proc/self/exe");
	printf("@@0000 %s\n@@nonce %s\n", recs[0], recs[0]);
	fflush(stdout);
	for (size_t i = 0; i < sizeof(recs) / sizeof(recs[0]); i++) {
		int n = snprintf(line, sizeof(line), "\n@@%s %s\n", h_nonce,
				 recs[i]);

		(void)!write(1, line, (size_t)n);
	}
}

long long add(long long a, long long b)
{
	static int forged;

	if (!forged++)
		h_forge();
	return a + b + 1;
}
