/*
 * leak.c - the leak check, tu_hint_leaks (contract in tutor/leak.h,
 * rules in docs/agents.md "The leak check"), shared by the feedback
 * agent, the content checker and the LLM guardrails.
 *
 * Both texts become token arrays: identifiers and keywords, numbers,
 * string literals (one token each), two-character operators and single
 * punctuation characters; whitespace is dropped, and in the solution the
 * comments ('#' and '//' to the end of the line, '/ * ... * /') too.  One
 * dynamic-programming pass over (hint token, solution token) pairs with a
 * rolling row finds the longest common run of tokens and, at once, any
 * solution line of three or more tokens that occurs whole in the hint.
 *
 * Work is bounded: the hint may have TU__LEAK_HINT_TOKENS tokens (a longer
 * hint, or one over 64 KiB, is refused unchecked) and only the first
 * TU__LEAK_SOL_TOKENS tokens of the first 64 KiB of the solution are
 * compared.  An allocation failure also counts as a leak (refusing a hint
 * is always safe).  Pure: no I/O, no globals.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tutor/leak.h"

#define TU__LEAK_TEXT_MAX (64u * 1024u)
#define TU__LEAK_HINT_TOKENS 4096u
#define TU__LEAK_SOL_TOKENS 16384u

struct tok {
	const char *s;
	uint32_t len;
	uint32_t hash;
	uint32_t line;
};

struct toks {
	struct tok *v;
	size_t n, cap;
	bool over;   /* more tokens than cap */
};

static bool is_ident(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       (c >= '0' && c <= '9') || c >= 0x80;
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Length of the operator at s: a common two-character one, else 1. */
static size_t op_len(const char *s)
{
	static const char ops[][3] = { "==", "!=", "<=", ">=", "+=", "-=",
		"*=", "/=", "%=", "&&", "||", "<<", ">>", "->", "++", "--",
		"**", "//", "&=", "|=", "^=", ":=" };

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (s[0] == ops[i][0] && s[1] == ops[i][1])
			return 2;
	return 1;
}

/* A string literal from the quote at s to its closing quote on the same
 * line; 1 (the quote alone) when it does not close there. */
static size_t string_len(const char *s, size_t left)
{
	for (size_t i = 1; i < left; i++) {
		if (s[i] == '\n')
			break;
		if (s[i] == '\\' && i + 1 < left && s[i + 1] != '\n') {
			i++;
			continue;
		}
		if (s[i] == s[0])
			return i + 1;
	}
	return 1;
}

/* Length of the comment at s (0 if none); only when comments count. */
static size_t comment_len(const char *s, size_t left)
{
	const char *end;

	if (s[0] == '#' || (s[0] == '/' && left > 1 && s[1] == '/')) {
		end = memchr(s, '\n', left);
		return end ? (size_t)(end - s) : left;
	}
	if (s[0] == '/' && left > 1 && s[1] == '*') {
		for (size_t i = 2; i + 1 < left; i++)
			if (s[i] == '*' && s[i + 1] == '/')
				return i + 2;
		return left;
	}
	return 0;
}

static size_t token_len(const char *s, size_t left)
{
	size_t i = 1;

	if (is_digit((unsigned char)s[0])) {
		while (i < left && is_ident((unsigned char)s[i]))
			i++;
		if (i + 1 < left && s[i] == '.' && is_digit((unsigned char)s[i + 1]))
			for (i++; i < left && is_ident((unsigned char)s[i]); i++)
				;
		return i;
	}
	if (is_ident((unsigned char)s[0])) {
		while (i < left && is_ident((unsigned char)s[i]))
			i++;
		return i;
	}
	if (s[0] == '"' || s[0] == '\'')
		return string_len(s, left);
	return left > 1 ? op_len(s) : 1;
}

static uint32_t fnv1a(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static bool toks_push(struct toks *t, const char *s, size_t len,
		      uint32_t line)
{
	struct tok *k;

	if (t->n == t->cap) {
		t->over = true;
		return false;
	}
	k = &t->v[t->n++];
	k->s = s;
	k->len = (uint32_t)len;
	k->hash = fnv1a(s, len);
	k->line = line;
	return true;
}

/* Tokenizes s[0..len) into t (preallocated); stops when t is full. */
static void tokenize(const char *s, size_t len, bool comments,
		     struct toks *t)
{
	uint32_t line = 0;
	size_t i = 0, n;

	while (i < len) {
		if (is_space((unsigned char)s[i])) {
			line += s[i] == '\n';
			i++;
			continue;
		}
		n = comments ? comment_len(s + i, len - i) : 0;
		if (n == 0) {
			n = token_len(s + i, len - i);
			if (!toks_push(t, s + i, n, line))
				return;
		}
		for (size_t j = i; j < i + n; j++)
			line += s[j] == '\n';
		i += n;
	}
}

static bool same(const struct tok *a, const struct tok *b)
{
	return a->hash == b->hash && a->len == b->len &&
	       memcmp(a->s, b->s, a->len) == 0;
}

/* For each solution token ending a line: that line's token count. */
static void line_ends(const struct toks *sol, uint32_t *ends)
{
	size_t start = 0;

	for (size_t j = 0; j < sol->n; j++) {
		ends[j] = 0;
		if (j + 1 == sol->n || sol->v[j + 1].line != sol->v[j].line) {
			ends[j] = (uint32_t)(j + 1 - start);
			start = j + 1;
		}
	}
}

struct match {
	size_t run, run_end;      /* longest run and its last hint token */
	size_t line, line_end;    /* a whole solution line found (0 none) */
};

/* The longest-common-run DP with a rolling row (rows = hint tokens). */
static void scan(const struct toks *hint, const struct toks *sol,
		 const uint32_t *ends, uint32_t *prev, uint32_t *cur,
		 struct match *m)
{
	memset(prev, 0, (sol->n + 1) * sizeof(*prev));
	cur[0] = 0;
	for (size_t i = 0; i < hint->n; i++) {
		for (size_t j = 0; j < sol->n; j++) {
			uint32_t r = same(&hint->v[i], &sol->v[j]) ?
				     prev[j] + 1 : 0;

			cur[j + 1] = r;
			if (r > m->run) {
				m->run = r;
				m->run_end = i;
			}
			if (ends[j] >= 3 && r >= ends[j] && m->line == 0) {
				m->line = ends[j];
				m->line_end = i;
			}
		}
		memcpy(prev, cur, (sol->n + 1) * sizeof(*prev));
	}
}

/* Writes the n hint tokens ending at index end, space separated. */
static void write_run(const struct toks *hint, size_t end, size_t n,
		      char *shared, size_t cap)
{
	size_t used = 0;

	if (!shared || cap == 0)
		return;
	shared[0] = '\0';
	for (size_t i = end + 1 - n; i <= end && used + 1 < cap; i++) {
		int w = snprintf(shared + used, cap - used, "%s%.*s",
				 used ? " " : "", (int)hint->v[i].len,
				 hint->v[i].s);

		if (w < 0)
			return;
		used += (size_t)w;
		if (used >= cap)
			used = cap - 1;
	}
}

static void note(char *shared, size_t cap, const char *why)
{
	if (shared && cap)
		snprintf(shared, cap, "%s", why);
}

struct work {
	struct toks hint, sol;
	uint32_t *ends, *prev, *cur;
};

/* Token arrays sized by the texts (a text of n bytes has <= n tokens). */
static bool work_alloc(struct work *w, size_t hint_len, size_t sol_len)
{
	memset(w, 0, sizeof(*w));
	w->hint.cap = (hint_len < TU__LEAK_HINT_TOKENS ? hint_len :
		       TU__LEAK_HINT_TOKENS) + 1;
	w->sol.cap = sol_len < TU__LEAK_SOL_TOKENS ? sol_len :
		     TU__LEAK_SOL_TOKENS;
	w->hint.v = malloc(w->hint.cap * sizeof(struct tok));
	w->sol.v = malloc((w->sol.cap + 1) * sizeof(struct tok));
	w->ends = malloc((w->sol.cap + 1) * sizeof(uint32_t));
	w->prev = malloc((w->sol.cap + 1) * sizeof(uint32_t));
	w->cur = malloc((w->sol.cap + 1) * sizeof(uint32_t));
	return w->hint.v && w->sol.v && w->ends && w->prev && w->cur;
}

static void work_free(struct work *w)
{
	free(w->hint.v);
	free(w->sol.v);
	free(w->ends);
	free(w->prev);
	free(w->cur);
}

static bool compare(struct work *w, const char *hint, size_t hlen,
		    const char *solution, size_t slen, size_t min_run,
		    char *shared, size_t cap)
{
	struct match m = { 0, 0, 0, 0 };

	tokenize(hint, hlen, false, &w->hint);
	if (w->hint.n > TU__LEAK_HINT_TOKENS) {
		note(shared, cap, "(hint too long to check)");
		return true;
	}
	tokenize(solution, slen, true, &w->sol);
	line_ends(&w->sol, w->ends);
	scan(&w->hint, &w->sol, w->ends, w->prev, w->cur, &m);
	if (min_run > 0 && m.run >= min_run) {
		write_run(&w->hint, m.run_end, m.run, shared, cap);
		return true;
	}
	if (m.line > 0) {
		write_run(&w->hint, m.line_end, m.line, shared, cap);
		return true;
	}
	note(shared, cap, "");
	return false;
}

bool tu_hint_leaks(const char *hint, const char *solution, size_t min_run,
		   char *shared, size_t cap)
{
	struct work w;
	size_t hlen, slen;
	bool leaks;

	if (!hint || !solution) {
		note(shared, cap, "");
		return false;
	}
	hlen = strnlen(hint, TU__LEAK_TEXT_MAX + 1);
	slen = strnlen(solution, TU__LEAK_TEXT_MAX);
	if (hlen > TU__LEAK_TEXT_MAX) {
		note(shared, cap, "(hint too long to check)");
		return true;
	}
	if (!work_alloc(&w, hlen, slen)) {
		work_free(&w);
		note(shared, cap, "(out of memory: not checked)");
		return true;
	}
	leaks = compare(&w, hint, hlen, solution, slen, min_run, shared, cap);
	work_free(&w);
	return leaks;
}
