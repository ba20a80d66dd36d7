/*
 * leak.c - does a hint give the code away?  A small code tokenizer
 * (Python and C: identifiers, numbers, string literals, operators;
 * comments skipped), the longest run of consecutive tokens a hint shares
 * with the reference solution, and a word-set similarity for telling
 * near-identical hint levels apart.  Pure: no I/O, no globals.
 *
 * It is not a parser: a run of shared tokens is a strong, cheap signal
 * that a hint quotes the solution, which is what the checker needs.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/content_check.h"

#define TEXT_CAP (64u * 1024u)   /* bytes of each text looked at */
#define WORDS_CAP 1024u          /* words compared by tu_text_similarity */

struct tok {
	const char *p;
	size_t n;
};

struct toks {
	struct tok *v;
	size_t n, cap;
};

static bool push(struct toks *t, const char *p, size_t n)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		struct tok *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return false;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n++] = (struct tok){ p, n };
	return true;
}

static bool is_ident(int c)
{
	return isalnum(c) || c == '_';
}

/* Length of the string literal starting at s[i] (a quote), capped at e. */
static size_t string_len(const char *s, size_t i, size_t e)
{
	char q = s[i];
	size_t k = i + 1;

	while (k < e && s[k] != q && s[k] != '\n') {
		if (s[k] == '\\' && k + 1 < e)
			k++;
		k++;
	}
	return (k < e && s[k] == q ? k + 1 : k) - i;
}

/* Length of the comment at s[i] (0 when there is none). */
static size_t comment_len(const char *s, size_t i, size_t e, enum tu_lang l)
{
	size_t k = i;

	if ((l == TU_LANG_PYTHON && s[i] == '#') ||
	    (l == TU_LANG_C && i + 1 < e && s[i] == '/' && s[i + 1] == '/')) {
		while (k < e && s[k] != '\n')
			k++;
		return k - i;
	}
	if (l == TU_LANG_C && i + 1 < e && s[i] == '/' && s[i + 1] == '*') {
		for (k = i + 2; k + 1 < e; k++)
			if (s[k] == '*' && s[k + 1] == '/')
				return k + 2 - i;
		return e - i;
	}
	return 0;
}

/* Length of the operator at s[i]: the longest of 3, 2 and 1 bytes. */
static size_t op_len(const char *s, size_t i, size_t e)
{
	static const char *const ops3[] = { "**=", "//=", ">>=", "<<=", "...",
					    NULL };
	static const char *const ops2[] = { "==", "!=", "<=", ">=", "+=", "-=",
		"*=", "/=", "//", "**", "->", "&&", "||", "++", "--", "<<",
		">>", "%=", "&=", "|=", "^=", ":=", NULL };

	for (size_t k = 0; ops3[k] && i + 3 <= e; k++)
		if (memcmp(s + i, ops3[k], 3) == 0)
			return 3;
	for (size_t k = 0; ops2[k] && i + 2 <= e; k++)
		if (memcmp(s + i, ops2[k], 2) == 0)
			return 2;
	return 1;
}

/*
 * Tokenizes s.  code: comments are skipped and quotes always open string
 * literals; prose (a hint): backticks are dropped and a quote opens a
 * literal only when it does not follow a letter (so "don't" is a word).
 */
static bool tokenize(const char *s, bool code, enum tu_lang l, struct toks *t)
{
	size_t e = s ? strnlen(s, TEXT_CAP) : 0, i = 0, n;

	while (i < e) {
		unsigned char c = (unsigned char)s[i];

		if (isspace(c) || (!code && c == '`')) {
			i++;
			continue;
		}
		if (code && (n = comment_len(s, i, e, l)) > 0) {
			i += n;
			continue;
		}
		if (is_ident(c)) {
			for (n = 1; i + n < e && is_ident((unsigned char)s[i + n]);
			     n++)
				;
		} else if ((c == '"' || c == '\'') &&
			   (code || i == 0 || !isalnum((unsigned char)s[i - 1]))) {
			n = string_len(s, i, e);
		} else {
			n = op_len(s, i, e);
		}
		if (!push(t, s + i, n))
			return false;
		i += n;
	}
	return true;
}

static bool tok_eq(const struct tok *a, const struct tok *b)
{
	return a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
}

/* Longest common run of consecutive tokens (dynamic programming over
 * one rolling row).  SIZE_MAX on allocation failure. */
static size_t longest_run(const struct toks *a, const struct toks *b)
{
	size_t *row = calloc(b->n + 1, sizeof(*row)), best = 0;

	if (!row)
		return SIZE_MAX;
	for (size_t i = 0; i < a->n; i++) {
		size_t diag = 0;

		for (size_t j = 0; j < b->n; j++) {
			size_t up = row[j + 1];

			row[j + 1] = tok_eq(&a->v[i], &b->v[j]) ? diag + 1 : 0;
			if (row[j + 1] > best)
				best = row[j + 1];
			diag = up;
		}
	}
	free(row);
	return best;
}

size_t tu_hint_leak_run(const char *hint, const char *solution,
			enum tu_lang lang)
{
	struct toks h = { 0 }, s = { 0 };
	size_t run = 0;

	if (tokenize(hint, false, lang, &h) &&
	    tokenize(solution, true, lang, &s))
		run = longest_run(&h, &s);
	free(h.v);
	free(s.v);
	/* Out of memory: report a leak rather than pass a hint unchecked. */
	return run == SIZE_MAX ? TU_LEAK_RUN_DEFAULT : run;
}

/* ------------------------------------------------------- similarity */

struct word {
	char w[32];
};

static int word_cmp(const void *a, const void *b)
{
	return strcmp(((const struct word *)a)->w, ((const struct word *)b)->w);
}

/* Lower-cased words of s (truncated to 31 bytes), sorted and unique. */
static size_t words_of(const char *s, struct word *out)
{
	size_t n = 0, e = s ? strnlen(s, TEXT_CAP) : 0, i = 0, u = 0;

	while (i < e && n < WORDS_CAP) {
		size_t k = 0;

		while (i < e && !isalnum((unsigned char)s[i]))
			i++;
		for (; i < e && isalnum((unsigned char)s[i]); i++)
			if (k < sizeof(out[n].w) - 1)
				out[n].w[k++] = (char)tolower((unsigned char)s[i]);
		out[n].w[k] = '\0';
		n += k > 0;
	}
	qsort(out, n, sizeof(*out), word_cmp);
	for (size_t j = 0; j < n; j++)
		if (u == 0 || strcmp(out[u - 1].w, out[j].w) != 0)
			out[u++] = out[j];
	return u;
}

double tu_text_similarity(const char *a, const char *b)
{
	struct word *wa = malloc(2 * WORDS_CAP * sizeof(*wa)), *wb;
	size_t na, nb, i = 0, j = 0, both = 0;
	double sim;

	if (!wa)
		return 1.0;  /* out of memory: "too similar" is the safe side */
	wb = wa + WORDS_CAP;
	na = words_of(a, wa);
	nb = words_of(b, wb);
	while (i < na && j < nb) {
		int c = strcmp(wa[i].w, wb[j].w);

		both += c == 0;
		i += c <= 0;
		j += c >= 0;
	}
	sim = na + nb == 0 ? 1.0 : (double)both / (double)(na + nb - both);
	free(wa);
	return sim;
}
