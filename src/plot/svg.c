/*
 * svg.c - the growing text buffer of tutor/plot.h: appends, XML escaping
 * and fixed-precision numbers.  Pure: no I/O.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/utf8.h"
#include "plot_internal.h"

void tu_svg_init(struct tu_svg *svg)
{
	svg->buf = NULL;
	svg->len = 0;
	svg->cap = 0;
	svg->st = TU_OK;
}

void tu_svg_release(struct tu_svg *svg)
{
	free(svg->buf);
	tu_svg_init(svg);
}

/* Makes room for n more bytes plus the NUL; 0 on success. */
static int reserve(struct tu_svg *svg, size_t n)
{
	size_t need, cap;
	char *p;

	if (svg->st)
		return -1;
	if (n >= TU_SVG_MAX_BYTES - svg->len) {
		svg->st = TU_ERANGE;
		return -1;
	}
	need = svg->len + n + 1;
	if (need <= svg->cap)
		return 0;
	cap = svg->cap ? svg->cap : 4096;
	while (cap < need)
		cap *= 2;
	p = realloc(svg->buf, cap);
	if (!p) {
		svg->st = TU_ENOMEM;
		return -1;
	}
	svg->buf = p;
	svg->cap = cap;
	return 0;
}

static void append(struct tu_svg *svg, const char *s, size_t n)
{
	if (reserve(svg, n))
		return;
	memcpy(svg->buf + svg->len, s, n);
	svg->len += n;
	svg->buf[svg->len] = '\0';
}

void tu__svg_printf(struct tu_svg *svg, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || reserve(svg, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(svg->buf + svg->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	svg->len += (size_t)n;
}

void tu__svg_num(struct tu_svg *svg, double v)
{
	char b[32];

	if (!(v > -1e6))
		v = -1e6;
	if (v > 1e6)
		v = 1e6;
	snprintf(b, sizeof(b), "%.2f", v);
	if (strcmp(b, "-0.00") == 0)
		snprintf(b, sizeof(b), "0.00");
	append(svg, b, strlen(b));
}

/* Length of the valid UTF-8 sequence at NUL-terminated s (lead byte
 * >= 0x80), or 0; U+FFFE and U+FFFF are refused too (not XML). */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = tu_utf8_seq(s, 4);

	if (n == 3 && s[0] == 0xef && s[1] == 0xbf && s[2] >= 0xbe)
		return 0;
	return n;
}

/* The entity for an XML-special byte, or NULL. */
static const char *entity(unsigned char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&apos;";
	}
	return NULL;
}

void tu_svg_append_text(struct tu_svg *svg, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	while (*u) {
		const char *e = entity(*u);
		size_t n = *u >= 0x80 ? utf8_len(u) : 1;

		if (e)
			append(svg, e, strlen(e));
		else if (*u < 0x20 || *u == 0x7f)
			append(svg, " ", 1);
		else if (n == 0)
			append(svg, "?", 1);
		else
			append(svg, (const char *)u, n);
		u += n ? n : 1;
	}
}
