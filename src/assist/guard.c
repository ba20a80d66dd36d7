/*
 * guard.c - the guardrails of tutor/assist.h: quoting learner text for a
 * prompt, stripping fenced code from hints, and deciding whether a text
 * reveals a problem's solution (docs/llm.md, "Guardrails").
 *
 * Reveal check: tu_hint_leaks (tutor/leak.h, the one leak check) against
 * every reference solution of the problem, then the hidden test cases:
 * each hidden case's expected value and each of its input values (for a
 * stdio problem the stdin and expected stdout text), as compact JSON
 * and, for strings, as the bare text, counts when it is at least 4 bytes
 * long (true/false/null never count) and occurs in the text as a whole
 * (not inside a longer word or number).  Whitespace is normalised on
 * both sides first, so "[1, 2, 3]" matches the case's "[1,2,3]".  The
 * reason given never contains the solution's tokens or the case's
 * values (it may be shown to the learner).
 *
 * What it is not: it does not call the LLM and decides nothing about
 * fallbacks (call.c and the uses do).  Pure: no I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assist_internal.h"
#include "tutor/leak.h"

#define OPEN_DELIM "<<<LEARNER_DATA"
#define CLOSE_DELIM "LEARNER_DATA>>>"
#define NEEDLE_MIN 4

/* ---- quoting ----------------------------------------------------------- */

/*
 * Appends text so that it never contains three '<' or three '>' in a row
 * (a space is put between): the learner cannot write either delimiter.
 */
static void put_broken(struct tu__as_buf *b, const char *text, size_t n)
{
	char prev1 = 0, prev2 = 0;

	for (size_t i = 0; i < n; i++) {
		char c = text[i];

		if ((c == '<' || c == '>') && prev1 == c && prev2 == c) {
			tu__as_buf_put(b, " ", 1);
			prev2 = prev1;
			prev1 = ' ';
		}
		tu__as_buf_put(b, &c, 1);
		prev2 = prev1;
		prev1 = c;
	}
}

char *tu_assist_quote(const char *text, size_t max_bytes)
{
	struct tu__as_buf b;
	size_t n = text ? strlen(text) : 0;
	bool cut = false;

	if (max_bytes > 0 && n > max_bytes) {
		n = max_bytes;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
		cut = true;
	}
	/* Breaking can at most add one byte per three. */
	tu__as_buf_init(&b, n + n / 2 + 128);
	tu__as_buf_str(&b, OPEN_DELIM "\n");
	put_broken(&b, text ? text : "", n);
	if (cut)
		tu__as_buf_str(&b, "\n[... truncated]");
	tu__as_buf_str(&b, "\n" CLOSE_DELIM);
	return tu__as_buf_take(&b);
}

/* ---- stripping code ---------------------------------------------------- */

/* Length of a run of c starting at s. */
static size_t run_of(const char *s, char c)
{
	size_t n = 0;

	while (s[n] == c)
		n++;
	return n;
}

/* Collapses three or more newlines into two and trims the ends. */
static void tidy(char *s)
{
	size_t w = 0, nl = 0;

	for (size_t r = 0; s[r]; r++) {
		nl = s[r] == '\n' ? nl + 1 : 0;
		if (nl <= 2)
			s[w++] = s[r];
	}
	s[w] = '\0';
	tu__as_clean_text(s);
}

/* One pass: drops every fenced block; true when something went. */
static bool strip_once(char *text)
{
	size_t w = 0, r = 0;
	bool removed = false;

	while (text[r]) {
		char c = text[r];
		size_t n = (c == '`' || c == '~') ? run_of(text + r, c) : 0;
		const char *close;

		if (n < 3) {
			text[w++] = text[r++];
			continue;
		}
		/* A fence: drop it and everything to the matching close
		 * (a run of the same character at least as long), or to
		 * the end when it is never closed. */
		removed = true;
		close = text + r + n;
		while ((close = strchr(close, c)) != NULL &&
		       run_of(close, c) < n)
			close += run_of(close, c);
		r = close ? (size_t)(close - text) + run_of(close, c) :
		    strlen(text);
	}
	text[w] = '\0';
	if (removed)
		tidy(text);
	return removed;
}

/* Passes repeat until nothing changes: text on both sides of a removed
 * block can join into a new fence, and a stripped answer must hold
 * none.  Each pass that removes something shortens the text. */
bool tu_assist_strip_code(char *text)
{
	bool removed = false;

	if (!text)
		return false;
	while (strip_once(text))
		removed = true;
	return removed;
}

/* ---- reveal check ------------------------------------------------------ */

static bool punct(char c)
{
	return c == '[' || c == ']' || c == '{' || c == '}' || c == ',' ||
	       c == ':' || c == '(' || c == ')';
}

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\f' || c == '\v';
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || digit(c) ||
	       c == '_' || (unsigned char)c >= 0x80;
}

/* Whether the match of needle at p[0..n) in hay continues a longer word
 * or number on its left or right ("12345" does not quote "2345";
 * "1234." at the end of a sentence does quote "1234"). */
static bool glued(const char *hay, const char *p, const char *needle,
		  size_t n)
{
	char l = p > hay ? p[-1] : ' ', r = p[n];

	if (word_char(needle[0]) &&
	    (word_char(l) || ((l == '.' || l == '-') && digit(needle[0]))))
		return true;
	return word_char(needle[n - 1]) &&
	       (word_char(r) || (r == '.' && digit(p[n + 1]) &&
				 digit(needle[n - 1])));
}

/* A copy of s with whitespace runs made one space and spaces next to
 * JSON punctuation dropped; NULL when out of memory. */
static char *normalise(const char *s)
{
	size_t n = strlen(s), w = 0;
	char *out = malloc(n + 1);
	bool pending = false;

	if (!out)
		return NULL;
	for (size_t r = 0; r < n; r++) {
		if (space(s[r])) {
			pending = w > 0;
			continue;
		}
		if (pending && !punct(s[r]) && !punct(out[w - 1]))
			out[w++] = ' ';
		pending = false;
		out[w++] = s[r];
	}
	out[w] = '\0';
	return out;
}

/* True when needle occurs in hay not glued to a longer word/number. */
static bool occurs(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		if (!glued(hay, p, needle, n))
			return true;
	return false;
}

struct reveal {
	const char *text;     /* normalised */
	char *why;
	size_t cap;
	bool hit;
	bool failed;          /* out of memory: counts as revealing */
};

/* Checks one needle (raw text) against the normalised text. */
static void check_needle(struct reveal *r, const char *raw, const char *what)
{
	char *n;

	if (r->hit || !raw)
		return;
	n = normalise(raw);
	if (!n) {
		r->failed = true;
		return;
	}
	if (strlen(n) >= NEEDLE_MIN && strcmp(n, "true") != 0 &&
	    strcmp(n, "false") != 0 && strcmp(n, "null") != 0 &&
	    occurs(r->text, n)) {
		r->hit = true;
		snprintf(r->why, r->cap, "it quotes a hidden test's %s", what);
	}
	free(n);
}

/* A JSON value as needles: compact JSON, and bare text for strings. */
static void check_value(struct reveal *r, const json_t *v, const char *what)
{
	char *dump;

	if (json_is_string(v))
		check_needle(r, json_string_value(v), what);
	dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!dump) {
		r->failed = true;
		return;
	}
	check_needle(r, dump, what);
	free(dump);
}

/* The case JSON text (an input object's values, or one value). */
static void check_json_text(struct reveal *r, const char *text,
			    const char *what)
{
	json_t *v, *m;
	const char *k;

	if (!text)
		return;
	v = json_loads(text, JSON_DECODE_ANY, NULL);
	if (!v) {
		r->failed = true;
		return;
	}
	if (json_is_object(v)) {
		json_object_foreach(v, k, m)
			check_value(r, m, what);
	}
	check_value(r, v, what);
	json_decref(v);
}

static void check_hidden(struct reveal *r, const struct tu_course_problem *p)
{
	size_t n = p->judge ? tu_problem_n_cases(p->judge) : 0;

	for (size_t i = 0; i < n && !r->hit && !r->failed; i++) {
		char *in = NULL, *ex = NULL;
		bool hidden = false;

		if (tu_problem_case_json(p->judge, i, &hidden, &in, &ex,
					 NULL)) {
			r->failed = true;
			break;
		}
		if (hidden) {
			check_json_text(r, in, "input");
			check_json_text(r, ex, "expected value");
		}
		free(in);
		free(ex);
	}
}

static bool check_solutions(const char *text,
			    const struct tu_course_problem *p, size_t min_run,
			    char *why, size_t cap)
{
	for (size_t l = 0; l < TU_LANGS; l++) {
		if (!p->solution[l] ||
		    !tu_hint_leaks(text, p->solution[l], min_run, NULL, 0))
			continue;
		snprintf(why, cap, "it leaks the %s reference solution",
			 tu_lang_name((enum tu_lang)l));
		return true;
	}
	return false;
}

bool tu_assist_reveals(const char *text, const struct tu_course_problem *p,
		       size_t min_run, char *why, size_t cap)
{
	char dummy[8];
	struct reveal r;

	if (!why || cap == 0) {
		why = dummy;
		cap = sizeof dummy;
	}
	why[0] = '\0';
	if (!text || !p)
		return false;
	if (check_solutions(text, p, min_run, why, cap))
		return true;
	memset(&r, 0, sizeof r);
	r.why = why;
	r.cap = cap;
	r.text = normalise(text);
	if (r.text)
		check_hidden(&r, p);
	if (!r.text || r.failed) {
		snprintf(why, cap, "it could not be checked (out of memory)");
		r.hit = true;
	}
	free((char *)(uintptr_t)r.text);
	return r.hit;
}
