/*
 * Attack: binary output: NUL bytes, invalid UTF-8, encoded surrogates,
 * JSON metacharacters, a fake result-line prefix and terminal escapes on
 * stdout and stderr, then the right answer.
 * Expected: AC, and the result JSON stays valid JSON.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>

static const char h_junk[] = "\x00\xff\xfe\xc0\x80\xed\xa0\x80\"\\\n}]"
	"\x1b[2J\x07\r\t\xf4\x90\x80\x80\n@@\x00end";

long long add(long long a, long long b)
{
	(void)!write(1, h_junk, sizeof(h_junk) - 1);
	(void)!write(2, h_junk, sizeof(h_junk) - 1);
	fwrite(h_junk, 1, sizeof(h_junk) - 1, stdout);
	return a + b;
}
