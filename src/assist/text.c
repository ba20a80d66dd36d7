/*
 * text.c - small text tools of the assistant (assist_internal.h): a
 * bounded string builder, UTF-8-safe cuts, cleaning of LLM text, and the
 * word tokenizer used by the ask retrieval and the goal rules.
 *
 * What it is not: no prompt syntax (prompts.c) and no leak check
 * (guard.c).  Pure: no I/O.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assist_internal.h"
#include "tutor/utf8.h"

void tu__as_buf_init(struct tu__as_buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max ? max : TU__PROMPT_RENDER_MAX;
}

void tu__as_buf_release(struct tu__as_buf *b)
{
	free(b->p);
	tu__as_buf_init(b, b->max);
}

/* Length of the longest prefix of s[0..n) that ends on a UTF-8 boundary. */
static size_t utf8_cut(const char *s, size_t n)
{
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

static bool reserve(struct tu__as_buf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 256;
	char *p;

	if (need <= b->cap)
		return true;
	while (cap < need)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void tu__as_buf_put(struct tu__as_buf *b, const char *s, size_t n)
{
	size_t room;

	if (b->failed || !s)
		return;
	room = b->max > b->len ? b->max - b->len : 0;
	if (n > room) {
		n = utf8_cut(s, room);
		b->truncated = true;
	}
	if (!reserve(b, b->len + n + 1))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void tu__as_buf_str(struct tu__as_buf *b, const char *s)
{
	if (s)
		tu__as_buf_put(b, s, strlen(s));
}

void tu__as_buf_fmt(struct tu__as_buf *b, const char *fmt, ...)
{
	char small[512];
	char *big = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		tu__as_buf_put(b, small, (size_t)n);
		return;
	}
	big = malloc((size_t)n + 1);
	if (!big) {
		b->failed = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	tu__as_buf_put(b, big, (size_t)n);
	free(big);
}

char *tu__as_buf_take(struct tu__as_buf *b)
{
	char *p;

	if (b->failed) {
		tu__as_buf_release(b);
		return NULL;
	}
	p = b->p ? b->p : strdup("");
	b->p = NULL;
	tu__as_buf_release(b);
	return p;
}

void tu__as_copy(char *dst, size_t cap, const char *s)
{
	size_t n;

	if (cap == 0)
		return;
	n = s ? strlen(s) : 0;
	if (n >= cap)
		n = utf8_cut(s, cap - 1);
	if (n > 0)
		memcpy(dst, s, n);
	dst[n] = '\0';
}

void tu__as_cat(char *dst, size_t cap, const char *s)
{
	size_t n = strnlen(dst, cap);

	if (n < cap)
		tu__as_copy(dst + n, cap - n, s);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\f' || c == '\v';
}

void tu__as_clean_text(char *s)
{
	size_t w = 0, start = 0;

	for (size_t r = 0; s[r]; r++) {
		unsigned char c = (unsigned char)s[r];

		if (c == '\r' && s[r + 1] == '\n')
			continue;
		if (c == '\r')
			c = '\n';
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			continue;
		s[w++] = (char)c;
	}
	s[w] = '\0';
	while (w > 0 && is_space(s[w - 1]))
		s[--w] = '\0';
	while (is_space(s[start]))
		start++;
	if (start > 0)
		memmove(s, s + start, w - start + 1);
}

char *tu__as_excerpt(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	char *out;

	if (n <= max)
		return strdup(s ? s : "");
	n = utf8_cut(s, max);
	out = malloc(n + 5);
	if (!out)
		return NULL;
	memcpy(out, s, n);
	memcpy(out + n, " ...", 5);
	return out;
}

/* ---- words ------------------------------------------------------------- */

static const char *const STOP[] = {
	"a", "about", "all", "am", "an", "and", "any", "are", "as", "at",
	"be", "been", "but", "by", "can", "could", "do", "does", "doing",
	"for", "from", "get", "got", "has", "have", "how", "i", "if", "in",
	"into", "is", "it", "its", "just", "me", "my", "not", "of", "on",
	"or", "our", "should", "so", "some", "than", "that", "the", "their",
	"them", "then", "there", "these", "this", "to", "too", "us", "very",
	"was", "we", "what", "when", "where", "which", "who", "why", "will",
	"with", "would", "you", "your", NULL
};

static bool is_stop(const char *w)
{
	for (size_t i = 0; STOP[i]; i++)
		if (strcmp(STOP[i], w) == 0)
			return true;
	return false;
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Strips a plain suffix so "loops"/"loop" and "sorting"/"sort" meet. */
static void stem(char *w)
{
	size_t n = strlen(w);

	if (n > 5 && strcmp(w + n - 3, "ing") == 0)
		w[n - 3] = '\0';
	else if (n > 4 && strcmp(w + n - 3, "ies") == 0)
		strcpy(w + n - 3, "y");
	else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's')
		w[n - 1] = '\0';
}

size_t tu__as_tokens(const char *s, void (*fn)(void *ctx, const char *tok),
		  void *ctx)
{
	char w[48];
	size_t n = 0, count = 0;

	if (!s)
		return 0;
	for (size_t i = 0;; i++) {
		bool word = is_alnum(s[i]);

		if (word && n + 1 < sizeof w)
			w[n++] = lower(s[i]);
		if (word)
			continue;
		w[n] = '\0';
		if (n >= 2 && !is_stop(w)) {
			stem(w);
			fn(ctx, w);
			count++;
		}
		n = 0;
		if (!s[i])
			break;
	}
	return count;
}

bool tu__as_has_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	if (!s || n == 0)
		return false;
	for (const char *p = s; *p; p++) {
		size_t k = 0;

		if (p > s && is_alnum(p[-1]))
			continue;
		while (k < n && p[k] && lower(p[k]) == w[k])
			k++;
		if (k == n && !is_alnum(p[n]))
			return true;
	}
	return false;
}
