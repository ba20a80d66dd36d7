/*
 * text.c - bounded text helpers of the plan runner: copies cut at a
 * UTF-8 character boundary and a capped growable string, so that what a
 * step shows always fits its record (TU_EVENT_TEXT_MAX).  Nothing else.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planrun_internal.h"

/* The longest prefix of s[0..n) that does not end inside a character. */
static size_t utf8_cut(const char *s, size_t n)
{
	size_t k = n;

	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	return k;
}

void pr_copy(char *dst, size_t cap, const char *src)
{
	size_t n;

	if (cap == 0)
		return;
	n = src ? strlen(src) : 0;
	if (n >= cap)
		n = utf8_cut(src, cap - 1);
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

char *pr_strndup_utf8(const char *src, size_t max)
{
	size_t n;
	char *out;

	if (!src)
		return NULL;
	n = strlen(src);
	if (n > max)
		n = utf8_cut(src, max);
	out = malloc(n + 1);
	if (!out)
		return NULL;
	memcpy(out, src, n);
	out[n] = '\0';
	return out;
}

void pr_buf_init(struct pr_buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

static bool buf_grow(struct pr_buf *b, size_t want)
{
	size_t cap = b->cap ? b->cap : 256;
	char *p;

	while (cap < want + 1)
		cap *= 2;
	if (cap == b->cap)
		return true;
	p = realloc(b->s, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->s = p;
	b->cap = cap;
	return true;
}

void pr_buf_put(struct pr_buf *b, const char *text)
{
	size_t n = strlen(text);

	if (b->oom)
		return;
	if (b->len + n > b->max) {
		if (b->len >= b->max)
			return;
		/* text[k] is a character start when k < n */
		n = utf8_cut(text, b->max - b->len);
	}
	if (!buf_grow(b, b->len + n))
		return;
	memcpy(b->s + b->len, text, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void pr_buf_printf(struct pr_buf *b, const char *fmt, ...)
{
	char small[1024], *big = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		pr_buf_put(b, small);
		return;
	}
	va_start(ap, fmt);
	if (vasprintf(&big, fmt, ap) < 0)
		big = NULL;
	va_end(ap);
	if (!big) {
		b->oom = true;
		return;
	}
	pr_buf_put(b, big);
	free(big);
}

void pr_buf_put_lines(struct pr_buf *b, const char *text, size_t max_lines)
{
	for (size_t k = 0; text && *text && k < max_lines; k++) {
		size_t n = strcspn(text, "\n");
		char *line = strndup(text, n);

		if (!line) {
			b->oom = true;
			return;
		}
		pr_buf_put(b, line);
		pr_buf_put(b, "\n");
		free(line);
		text += n + (text[n] == '\n');
	}
}

char *pr_buf_take(struct pr_buf *b)
{
	char *s = b->s;

	if (b->oom) {
		free(s);
		s = NULL;
	} else if (!s) {
		s = calloc(1, 1);
	}
	memset(b, 0, sizeof(*b));
	return s;
}
