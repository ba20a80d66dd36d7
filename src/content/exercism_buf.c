/*
 * exercism_buf.c - the importer's growable text buffer: appends never
 * fail at the call site; running out of memory or past the buffer's
 * maximum sets a sticky flag the owner checks once (the SQLite
 * mallocFailed idiom).  Not a general string library.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exercism_internal.h"

void tu__ex_buf_init(struct tu__ex_buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

void tu__ex_buf_release(struct tu__ex_buf *b)
{
	free(b->s);
	tu__ex_buf_init(b, b->max);
}

/* Makes room for n more bytes plus the NUL. */
static bool reserve(struct tu__ex_buf *b, size_t n)
{
	size_t cap = b->cap ? b->cap : 256;
	char *p;

	if (b->failed || n > b->max - b->len) {
		b->failed = true;
		return false;
	}
	if (b->len + n < b->cap)
		return true;
	while (cap <= b->len + n)
		cap *= 2;
	p = realloc(b->s, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->s = p;
	b->cap = cap;
	return true;
}

void tu__ex_buf_add(struct tu__ex_buf *b, const char *s, size_t n)
{
	if (!reserve(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void tu__ex_buf_puts(struct tu__ex_buf *b, const char *s)
{
	tu__ex_buf_add(b, s, strlen(s));
}

void tu__ex_buf_printf(struct tu__ex_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if (!reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	(void)vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

const char *tu__ex_buf_str(const struct tu__ex_buf *b)
{
	return b->s ? b->s : "";
}
