/*
 * fmt.c - the report's text buffer and number formats: fixed precision,
 * "n/a" for undefined figures, no negative zero, so that equal inputs
 * give equal bytes.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

#define SE_BUF_MAX ((size_t)16 << 20)

static bool grow(struct se_buf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 4096;
	char *p;

	while (cap < need)
		cap *= 2;
	if (cap > SE_BUF_MAX) {
		b->st = TU_ERANGE;
		return false;
	}
	p = realloc(b->p, cap);
	if (!p) {
		b->st = TU_ENOMEM;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void se_buf_printf(struct se_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->st)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->st = TU_EINTERNAL;
		return;
	}
	if (b->len + (size_t)n + 1 > b->cap &&
	    !grow(b, b->len + (size_t)n + 1))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static const int decimals[] = { 2, 2, 4 };

/* v scaled and rounded for format f; -0 becomes 0. */
static double shown(double v, enum se_fmt f)
{
	double scale = pow(10, decimals[f]);

	if (f == SE_PCT)
		v *= 100;
	v = round(v * scale) / scale;
	return v == 0 ? 0.0 : v;
}

void se_fmt_num(char *buf, size_t cap, double v, enum se_fmt f)
{
	if (!isfinite(v))
		snprintf(buf, cap, "n/a");
	else
		snprintf(buf, cap, "%.*f", decimals[f], shown(v, f));
}

void se_fmt_ci(char *buf, size_t cap, const struct tu_ci *ci, enum se_fmt f)
{
	char m[32], lo[32], hi[32];

	se_fmt_num(m, sizeof(m), ci->mean, f);
	if (!isfinite(ci->lo) || !isfinite(ci->hi)) {
		snprintf(buf, cap, "%s", m);
		return;
	}
	se_fmt_num(lo, sizeof(lo), ci->lo, f);
	se_fmt_num(hi, sizeof(hi), ci->hi, f);
	snprintf(buf, cap, "%s [%s, %s]", m, lo, hi);
}
