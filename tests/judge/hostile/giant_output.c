/*
 * Attack: giant output: floods stdout and stderr with 64 KiB writes.
 * Expected: OLE (the captured output cap is reached and the run stopped).
 */
#define _GNU_SOURCE
#include <string.h>
#include <unistd.h>

static char h_chunk[65536];

long long add(long long a, long long b)
{
	memset(h_chunk, 'x', sizeof(h_chunk));
	for (;;) {
		(void)!write(1, h_chunk, sizeof(h_chunk));
		(void)!write(2, h_chunk, sizeof(h_chunk));
	}
	return a + b;
}
