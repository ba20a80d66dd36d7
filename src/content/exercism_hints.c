/*
 * exercism_hints.c - a problem's meta.ini: difficulty (Exercism's 1-10:
 * easy <= 3, medium <= 6, hard), topics, expected minutes (5 x the
 * difficulty) and the five-level hint ladder generated from the data:
 *
 *   1 metacognitive  work the first public case by hand
 *   2 conceptual     the practised concepts' names and blurbs
 *   3 strategic      the first item of the track's hints.md, else a plan
 *                    from the case groups' descriptions
 *   4 structural     the signature: what comes in, what must come back
 *   5 targeted       an edge case among the public cases, its expected
 *
 * Each hint is one line of at most TU__EX_HINT_MAX bytes; the five are
 * distinct and non-empty.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exercism_internal.h"

#define ARGS_MAX 160     /* bytes of a call's arguments in a hint */
#define VALUE_MAX 160    /* bytes of an expected value in a hint */

/* One problem's context. */
struct hx {
	const struct tu__ex_import *im;
	size_t i;                          /* the exercise */
	const struct tu__ex_exercise *e;
	const struct tu__ex_problem *p;
};

static const struct tu__ex_case *pcase(const struct hx *H, size_t c)
{
	return &H->e->cases[H->p->cases[c]];
}

/* "f(1, "a")" for case c. */
static void call_text(const struct hx *H, const struct tu__ex_case *c,
		      struct tu__ex_buf *b)
{
	const json_t *in = json_object_get(c->leaf, "input");
	size_t start = b->len;

	tu__ex_buf_printf(b, "%s(", H->p->func);
	for (size_t j = 0; j < H->p->n_params; j++) {
		if (j)
			tu__ex_buf_puts(b, ", ");
		if (b->len - start > ARGS_MAX) {
			tu__ex_buf_puts(b, "...");
			break;
		}
		tu__ex_pyrepr(b, json_object_get(in, H->p->keys[j]),
			      start + ARGS_MAX);
	}
	tu__ex_buf_puts(b, ")");
}

static void hint1(const struct hx *H, struct tu__ex_buf *b)
{
	const struct tu__ex_case *c = pcase(H, 0);

	tu__ex_buf_printf(b, "Work the case '%s' by hand: ", c->name);
	if (c->error) {
		tu__ex_buf_puts(b, "why must ");
		call_text(H, c, b);
		tu__ex_buf_printf(b, " raise %s?", H->e->error_class);
	} else {
		tu__ex_buf_puts(b, "what must ");
		call_text(H, c, b);
		tu__ex_buf_puts(b, " return, and why?");
	}
}

static void hint2(const struct hx *H, struct tu__ex_buf *b)
{
	const struct tu__ex_track *t = &H->im->tr;
	const struct tu__ex_practice *pr = &t->practice[H->i];
	const uint32_t *c = pr->n_practices ? pr->practices : pr->prereqs;
	size_t n = pr->n_practices ? pr->n_practices : pr->n_prereqs;

	if (n == 0) {
		tu__ex_buf_puts(b, "This exercise practises no particular "
				"concept of the track: decide which data types "
				"and control structures the statement needs.");
		return;
	}
	tu__ex_buf_puts(b, "The concepts at work here: ");
	for (size_t j = 0; j < n; j++) {
		const struct tu__ex_concept *k = &t->concepts[c[j]];
		int len = (int)strlen(k->blurb);

		while (len > 0 && k->blurb[len - 1] == '.')
			len--;
		tu__ex_buf_printf(b, "%s%s", j ? "; " : "", k->name);
		if (len > 0)
			tu__ex_buf_printf(b, " (%.*s)", len, k->blurb);
	}
	tu__ex_buf_puts(b, ".");
}

/* A plan through the distinct innermost group descriptions of the
 * cases (when there are at least two), in order. */
static void plan(const struct hx *H, struct tu__ex_buf *b)
{
	const char *seen[8];
	size_t n = 0;

	for (size_t c = 0; c < H->p->n_cases && n < 8; c++) {
		const char *g = pcase(H, c)->group;
		bool dup = !g;

		for (size_t j = 0; j < n && !dup; j++)
			dup = strcmp(seen[j], g) == 0;
		if (!dup)
			seen[n++] = g;
	}
	if (n < 2) {
		tu__ex_buf_puts(b, "Plan: make the simplest case pass first, "
				"then extend your code one case at a time and "
				"re-run the tests after each change.");
		return;
	}
	tu__ex_buf_puts(b, "Plan: make one group of cases pass at a time: ");
	for (size_t j = 0; j < n; j++)
		tu__ex_buf_printf(b, "%s'%s'", j ? ", then " : "", seen[j]);
	tu__ex_buf_puts(b, ".");
}

static enum tu_status hint3(const struct hx *H, struct tu__ex_buf *b,
			    struct tu_err *err)
{
	char rel[TU_ID_MAX * 3];
	char *md = NULL;
	bool exists = false;
	enum tu_status st;

	snprintf(rel, sizeof(rel), "exercises/practice/%s/.docs/hints.md",
		 H->e->slug);
	st = tu__ex_read_text(&H->im->track, rel, &exists, &md, err);
	if (st == TU_OK && !(md && tu__ex_first_item(md, b, TU__EX_HINT_MAX)))
		plan(H, b);
	free(md);
	return st;
}

static void hint4(const struct hx *H, struct tu__ex_buf *b)
{
	const struct tu__ex_problem *p = H->p;
	char tn[96];

	tu__ex_buf_printf(b, "Shape of the solution: %s(", p->func);
	for (size_t j = 0; j < p->n_params; j++) {
		tu__ex_type_name(p->ptype[j], tn, sizeof(tn));
		tu__ex_buf_printf(b, "%s%s: %s", j ? ", " : "", p->params[j],
				  tn);
	}
	tu__ex_type_name(p->ret, tn, sizeof(tn));
	tu__ex_buf_printf(b, ") -> %s. What comes in: ", tn);
	if (p->n_params == 0)
		tu__ex_buf_puts(b, "nothing");
	for (size_t j = 0; j < p->n_params; j++) {
		tu__ex_type_name(p->ptype[j], tn, sizeof(tn));
		tu__ex_buf_printf(b, "%s%s (%s)", j == 0 ? "" : j + 1 ==
				  p->n_params ? " and " : ", ", p->params[j],
				  tn);
	}
	tu__ex_type_name(p->ret, tn, sizeof(tn));
	tu__ex_buf_printf(b, "; what must come back: a value of type %s", tn);
	if (p->has_error)
		tu__ex_buf_printf(b, ", or %s raised for invalid input",
				  H->e->error_class);
	tu__ex_buf_puts(b, ".");
}

/* True when some input of case c is empty: "", [], {}, 0, 0.0 or null. */
static bool edgy(const struct hx *H, const struct tu__ex_case *c)
{
	const json_t *in = json_object_get(c->leaf, "input");

	for (size_t j = 0; j < H->p->n_params; j++) {
		const json_t *v = json_object_get(in, H->p->keys[j]);

		if (json_is_null(v) || (json_is_string(v) &&
		    json_string_length(v) == 0) || (json_is_array(v) &&
		    json_array_size(v) == 0) || (json_is_object(v) &&
		    json_object_size(v) == 0) || (json_is_number(v) &&
		    json_number_value(v) == 0.0))
			return true;
	}
	return false;
}

/* The public case hint 5 names: the first expecting an error, else the
 * first with an empty or zero input, else the last public one. */
static const struct tu__ex_case *edge_case(const struct hx *H)
{
	for (size_t c = 0; c < H->p->n_public; c++)
		if (pcase(H, c)->error)
			return pcase(H, c);
	for (size_t c = 0; c < H->p->n_public; c++)
		if (edgy(H, pcase(H, c)))
			return pcase(H, c);
	return pcase(H, H->p->n_public - 1);
}

static void hint5(const struct hx *H, struct tu__ex_buf *b)
{
	const struct tu__ex_case *c = edge_case(H);
	size_t start;

	tu__ex_buf_printf(b, "Edge case '%s': ", c->name);
	call_text(H, c, b);
	if (c->error) {
		tu__ex_buf_printf(b, " must raise %s.", H->e->error_class);
		return;
	}
	tu__ex_buf_puts(b, " must return ");
	start = b->len;
	tu__ex_pyrepr(b, json_object_get(c->leaf, "expected"),
		      start + VALUE_MAX);
	tu__ex_buf_puts(b, ".");
}

/* The five hints into h[], each cleaned, distinct. */
static enum tu_status hints(const struct hx *H, struct tu__ex_buf h[5],
			    struct tu_err *err)
{
	struct tu__ex_buf raw[5];
	enum tu_status st = TU_OK;

	for (size_t k = 0; k < 5; k++)
		tu__ex_buf_init(&raw[k], TU_CONTENT_LINE_MAX * 4);
	hint1(H, &raw[0]);
	hint2(H, &raw[1]);
	st = hint3(H, &raw[2], err);
	hint4(H, &raw[3]);
	hint5(H, &raw[4]);
	for (size_t k = 0; k < 5; k++) {
		tu__ex_one_line(&h[k], tu__ex_buf_str(&raw[k]), raw[k].len,
				TU__EX_HINT_MAX - 8);
		for (size_t j = 0; j < k; j++)
			if (!strcmp(tu__ex_buf_str(&h[j]),
				    tu__ex_buf_str(&h[k])))
				tu__ex_buf_printf(&h[k], " (hint %zu)", k + 1);
		if (raw[k].failed || h[k].failed || h[k].len == 0)
			st = st ? st : tu_err_set(err, TU_ENOMEM, "%s: out of "
						  "memory writing hints",
						  H->p->id);
		tu__ex_buf_release(&raw[k]);
	}
	return st;
}

static const char *difficulty(int d)
{
	return d <= 3 ? "easy" : d <= 6 ? "medium" : "hard";
}

static void problem_section(const struct hx *H, struct tu__ex_buf *b)
{
	const struct tu__ex_track *t = &H->im->tr;
	const struct tu__ex_practice *pr = &t->practice[H->i];
	size_t top[TU_ITEM_TOPICS_MAX];
	size_t n = tu__ex_problem_topics(t, &H->im->g, H->i, top);

	tu__ex_buf_printf(b, "# Generated by `tutor content import exercism` "
			  "from the Exercism exercise %s.\n[problem]\n"
			  "difficulty = %s\ntopics = ", H->e->slug,
			  difficulty(pr->difficulty));
	for (size_t j = 0; j < n; j++)
		tu__ex_buf_printf(b, "%s%s", j ? ", " : "",
				  H->im->g.t[top[j]].id);
	tu__ex_buf_printf(b, "\nexpected_minutes = %d\n\n[hints]\n",
			  5 * pr->difficulty);
}

enum tu_status tu__ex_write_meta(struct tu__ex_import *im, size_t i,
				 size_t k, struct tu_err *err)
{
	struct hx H = { im, i, &im->ex[i], &im->ex[i].problems[k] };
	struct tu__ex_buf b, h[5];
	char rel[TU_ID_MAX * 3];
	enum tu_status st;

	tu__ex_buf_init(&b, TU_CONTENT_FILE_MAX);
	for (size_t j = 0; j < 5; j++)
		tu__ex_buf_init(&h[j], TU__EX_HINT_MAX);
	problem_section(&H, &b);
	st = hints(&H, h, err);
	for (size_t j = 0; j < 5; j++) {
		tu__ex_buf_printf(&b, "%zu = %s\n", j + 1,
				  tu__ex_buf_str(&h[j]));
		tu__ex_buf_release(&h[j]);
	}
	snprintf(rel, sizeof(rel), "problems/%s/meta.ini", H.p->id);
	if (st == TU_OK && b.failed)
		st = tu_err_set(err, TU_ENOMEM, "%s: out of memory", rel);
	if (st == TU_OK)
		st = tu__ex_write(im->dir, rel, b.s, b.len, err);
	tu__ex_buf_release(&b);
	return st;
}
