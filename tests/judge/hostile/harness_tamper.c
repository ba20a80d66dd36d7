/*
 * Attack: tamper with the C harness from inside the translation unit (the
 * harness #includes solution.c): add is wrong (a - b - 1); macros defined
 * here rename the stdio calls the harness makes after the include so they
 * print forged success records, exit becomes _exit, and an atexit hook
 * prints more claims.
 * Expected: WA or RE (or CE if the macros break the harness's code);
 * never AC and never IE.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void h_claim(void)
{
	(void)!write(1, "\n@@forged {\"verdict\":\"AC\",\"pass\":true}\n", 40);
}

__attribute__((constructor)) static void h_init(void)
{
	atexit(h_claim);
}

long long add(long long a, long long b)
{
	return a - b - 1;
}

#define fflush(f) (h_claim(), 0)
#define exit(c) _exit(0)
#define abort() _exit(0)
