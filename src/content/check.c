/*
 * check.c - the content checker's static audit (tutor/content_check.h):
 * per-problem standards (tests, public and hidden cases, known-wrong
 * solutions, reference solutions, five distinct hints that do not leak
 * the solution (tu_hint_leaks, tutor/leak.h), compared by word sets),
 * per-topic standards (problems, actions) and the coverage table.
 * Pure: it reads the loaded course only; running solutions is the CLI's
 * job.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/content_check.h"

static const char *const lang_ext[TU_LANGS] = { "py", "c" };
static const char *const band_name[3] = { "beginner", "intermediate",
					  "advanced" };

void tu_check_rules_default(struct tu_check_rules *r)
{
	*r = (struct tu_check_rules){
		.min_tests = 8, .min_public = 2, .min_hidden = 1,
		.min_wrong = 1, .min_topic_problems = 3,
		.min_topic_actions = 1, .leak_run = TU_LEAK_RUN_DEFAULT,
		.hint_similar = TU_HINT_SIMILAR_DEFAULT,
	};
}

void tu_check_report_init(struct tu_check_report *r)
{
	memset(r, 0, sizeof(*r));
}

void tu_check_report_release(struct tu_check_report *r)
{
	free(r->findings);
	free(r->rows);
	tu_check_report_init(r);
}

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

static enum tu_status grow(struct tu_check_report *r)
{
	size_t cap = r->cap_findings ? 2 * r->cap_findings : 32;
	struct tu_check_finding *f;

	if (r->n_findings < r->cap_findings)
		return TU_OK;
	f = realloc(r->findings, cap * sizeof(*f));
	if (!f)
		return TU_ENOMEM;
	r->findings = f;
	r->cap_findings = cap;
	return TU_OK;
}

enum tu_status tu_check_add(struct tu_check_report *r,
			    enum tu_check_severity sev, const char *where,
			    const char *code, const char *fmt, ...)
{
	struct tu_check_finding *f;
	va_list ap;

	if (sev == TU_CHECK_ERROR)
		r->n_errors++;
	else
		r->n_gaps++;
	if (r->n_findings >= TU_CHECK_FINDINGS_MAX) {
		r->dropped++;
		return TU_OK;
	}
	if (grow(r) != TU_OK)
		return TU_ENOMEM;
	f = &r->findings[r->n_findings++];
	f->severity = sev;
	copy(f->where, sizeof(f->where), where);
	copy(f->code, sizeof(f->code), code);
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof(f->message), fmt, ap);
	va_end(ap);
	return TU_OK;
}

/* ---------------------------------------------------------- similarity */

#define TEXT_CAP (64u * 1024u)   /* bytes of each text looked at */
#define WORDS_CAP 1024u          /* words compared */

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

/* ------------------------------------------------------------ coverage */

static void add_problem(struct tu_check_row *row,
			const struct tu_course_problem *p)
{
	row->problems++;
	if ((size_t)p->difficulty < 3)
		row->by_difficulty[p->difficulty]++;
	row->public_tests += (uint32_t)p->n_public_tests;
	row->hidden_tests += (uint32_t)p->n_hidden_tests;
	row->tests += (uint32_t)(p->n_public_tests + p->n_hidden_tests);
	row->wrong += (uint32_t)p->n_wrong;
}

static void add_action(struct tu_check_row *row,
		       const struct tu_course_action *a)
{
	row->actions++;
	if ((size_t)a->kind < 4)
		row->by_kind[a->kind]++;
	if ((size_t)a->bloom < 6)
		row->by_bloom[a->bloom]++;
}

/* Index of topic id in c->topics, or c->n_topics. */
static size_t topic_index(const struct tu_course *c, const char *id)
{
	for (size_t t = 0; t < c->n_topics; t++)
		if (strcmp(c->topics[t].id, id) == 0)
			return t;
	return c->n_topics;
}

static enum tu_status coverage(const struct tu_course *c,
			       struct tu_check_report *r)
{
	free(r->rows);
	r->rows = calloc(c->n_topics ? c->n_topics : 1, sizeof(*r->rows));
	if (!r->rows)
		return TU_ENOMEM;
	r->n_rows = c->n_topics;
	memset(&r->total, 0, sizeof(r->total));
	for (size_t t = 0; t < c->n_topics; t++)
		copy(r->rows[t].topic, sizeof(r->rows[t].topic),
		     c->topics[t].id);
	for (size_t i = 0; i < c->n_problems; i++) {
		const struct tu_course_problem *p = &c->problems[i];

		add_problem(&r->total, p);
		for (size_t k = 0; k < p->n_topics; k++) {
			size_t t = topic_index(c, p->topics[k]);

			if (t < c->n_topics)
				add_problem(&r->rows[t], p);
		}
	}
	for (size_t i = 0; i < c->n_actions; i++) {
		const struct tu_course_action *a = &c->actions[i];

		add_action(&r->total, a);
		for (size_t k = 0; k < a->n_topics; k++) {
			size_t t = topic_index(c, a->topics[k]);

			if (t < c->n_topics)
				add_action(&r->rows[t], a);
		}
	}
	return TU_OK;
}

/* ------------------------------------------------------------ problems */

static enum tu_status check_tests(const struct tu_check_rules *ru,
				  const struct tu_course_problem *p,
				  struct tu_check_report *r)
{
	char where[TU_CHECK_WHERE_MAX];
	size_t n = p->n_public_tests + p->n_hidden_tests;
	enum tu_status st = TU_OK;

	snprintf(where, sizeof(where), "problems/%s/problem.json", p->id);
	if (n < ru->min_tests)
		st = tu_check_add(r, TU_CHECK_GAP, where, "few-tests",
				  "%zu tests; the standard is at least %u",
				  n, ru->min_tests);
	if (st == TU_OK && p->n_public_tests < ru->min_public)
		st = tu_check_add(r, TU_CHECK_GAP, where, "few-public-tests",
				  "%zu public tests; the standard is at least "
				  "%u", p->n_public_tests, ru->min_public);
	if (st == TU_OK && p->n_hidden_tests < ru->min_hidden)
		st = tu_check_add(r, TU_CHECK_GAP, where, "few-hidden-tests",
				  "%zu hidden tests; the standard is at least "
				  "%u", p->n_hidden_tests, ru->min_hidden);
	return st;
}

static enum tu_status check_solutions(const struct tu_check_rules *ru,
				      const struct tu_course_problem *p,
				      struct tu_check_report *r)
{
	char where[TU_CHECK_WHERE_MAX];
	enum tu_status st = TU_OK;

	snprintf(where, sizeof(where), "problems/%s", p->id);
	for (size_t l = 0; st == TU_OK && l < TU_LANGS; l++)
		if (p->langs[l] && !p->solution[l])
			st = tu_check_add(r, TU_CHECK_GAP, where,
					  "no-reference", "no solution.%s: "
					  "the problem cannot be checked",
					  lang_ext[l]);
	if (st == TU_OK && p->n_wrong < ru->min_wrong)
		st = tu_check_add(r, TU_CHECK_GAP, where, "few-wrong",
				  "%zu known-wrong solutions; the standard is "
				  "at least %u", p->n_wrong, ru->min_wrong);
	return st;
}

/* One hint text (level, band or "" for the main wording). */
static enum tu_status check_leak(const struct tu_check_rules *ru,
				 const struct tu_course_problem *p,
				 const char *text, const char *where,
				 struct tu_check_report *r)
{
	if (strstr(text, "```"))
		return tu_check_add(r, TU_CHECK_ERROR, where, "hint-code-block",
				    "the hint contains a code block; hints "
				    "never show code");
	for (size_t l = 0; l < TU_LANGS; l++) {
		char shared[160];

		if (p->solution[l] &&
		    tu_hint_leaks(text, p->solution[l], ru->leak_run, shared,
				  sizeof(shared)))
			return tu_check_add(r, TU_CHECK_ERROR, where,
					    "hint-leak", "the hint gives the "
					    "code of solution.%s away: '%s'",
					    lang_ext[l], shared);
	}
	return TU_OK;
}

static void hint_where(const struct tu_course_problem *p, size_t level,
		       int band, char *out)
{
	if (band < 0)
		snprintf(out, TU_CHECK_WHERE_MAX, "problems/%s/meta.ini "
			 "[hints] %zu", p->id, level + 1);
	else
		snprintf(out, TU_CHECK_WHERE_MAX, "problems/%s/meta.ini "
			 "[hints] %zu.%s", p->id, level + 1, band_name[band]);
}

static enum tu_status check_leaks(const struct tu_check_rules *ru,
				  const struct tu_course_problem *p,
				  struct tu_check_report *r)
{
	char where[TU_CHECK_WHERE_MAX];
	enum tu_status st = TU_OK;

	for (size_t i = 0; st == TU_OK && i < 5; i++) {
		const struct tu_hint_level_text *h = &p->hints[i];

		hint_where(p, i, -1, where);
		st = check_leak(ru, p, h->text, where, r);
		for (int b = 0; st == TU_OK && b < 3; b++) {
			if (!h->band[b])
				continue;
			hint_where(p, i, b, where);
			st = check_leak(ru, p, h->band[b], where, r);
		}
	}
	return st;
}

/* Five distinct levels: identical wording is an error, near-identical
 * wording (word sets) a gap. */
static enum tu_status check_ladder(const struct tu_check_rules *ru,
				   const struct tu_course_problem *p,
				   struct tu_check_report *r)
{
	char where[TU_CHECK_WHERE_MAX];
	enum tu_status st = TU_OK;

	for (size_t i = 0; st == TU_OK && i < 5; i++) {
		for (size_t j = i + 1; st == TU_OK && j < 5; j++) {
			const char *a = p->hints[i].text, *b = p->hints[j].text;
			double sim = tu_text_similarity(a, b);

			hint_where(p, j, -1, where);
			if (strcmp(a, b) == 0)
				st = tu_check_add(r, TU_CHECK_ERROR, where,
						  "hint-duplicate", "level %zu "
						  "repeats level %zu word for "
						  "word", j + 1, i + 1);
			else if (sim >= ru->hint_similar)
				st = tu_check_add(r, TU_CHECK_GAP, where,
						  "hint-similar", "level %zu is "
						  "almost the same as level %zu "
						  "(%.0f%% of the words shared)",
						  j + 1, i + 1, 100.0 * sim);
		}
	}
	return st;
}

static enum tu_status check_problem(const struct tu_check_rules *ru,
				    const struct tu_course_problem *p,
				    struct tu_check_report *r)
{
	enum tu_status st = check_tests(ru, p, r);

	if (st == TU_OK)
		st = check_solutions(ru, p, r);
	if (st == TU_OK)
		st = check_leaks(ru, p, r);
	if (st == TU_OK)
		st = check_ladder(ru, p, r);
	return st;
}

/* -------------------------------------------------------------- topics */

static enum tu_status check_topics(const struct tu_course *c,
				   const struct tu_check_rules *ru,
				   struct tu_check_report *r)
{
	char where[TU_CHECK_WHERE_MAX];
	enum tu_status st = TU_OK;

	for (size_t t = 0; st == TU_OK && t < r->n_rows; t++) {
		const struct tu_check_row *row = &r->rows[t];

		snprintf(where, sizeof(where), "course.ini:%d topic %s",
			 c->topics[t].line, row->topic);
		if (row->problems < ru->min_topic_problems)
			st = tu_check_add(r, TU_CHECK_GAP, where,
					  "topic-few-problems", "%u problems; "
					  "the standard is at least %u",
					  row->problems,
					  ru->min_topic_problems);
		if (st == TU_OK && row->actions < ru->min_topic_actions)
			st = tu_check_add(r, TU_CHECK_GAP, where,
					  "topic-few-actions", "%u learning "
					  "actions; the standard is at least "
					  "%u", row->actions,
					  ru->min_topic_actions);
	}
	return st;
}

enum tu_status tu_check_course(const struct tu_course *c,
			       const struct tu_check_rules *rules,
			       struct tu_check_report *r, struct tu_err *err)
{
	enum tu_status st;

	if (!c || !rules || !r)
		return tu_err_set(err, TU_EINVAL, "tu_check_course: NULL "
				  "argument");
	if (!(rules->hint_similar > 0.0 && rules->hint_similar <= 1.0) ||
	    rules->leak_run == 0)
		return tu_err_set(err, TU_EINVAL, "tu_check_course: rules: "
				  "hint_similar must be in (0,1] and leak_run "
				  "at least 1");
	st = coverage(c, r);
	for (size_t i = 0; st == TU_OK && i < c->n_problems; i++)
		st = check_problem(rules, &c->problems[i], r);
	if (st == TU_OK)
		st = check_topics(c, rules, r);
	if (st != TU_OK)
		return tu_err_set(err, TU_ENOMEM, "tu_check_course: out of "
				  "memory");
	return TU_OK;
}
