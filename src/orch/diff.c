/*
 * diff.c - audit records from two learner states, and who owns what.
 *
 * The orchestrator runs each agent on a copy of the state and diffs the
 * copy against the state the agent was given: every changed field becomes
 * one audit record (path, before, after) with the agent's reason.  Fields
 * are described by small tables (name, offset, kind), so a new field is
 * one table line.  Lists are matched by id; an entry that appears has
 * before "" and one that disappears has after "".
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orch_internal.h"
#include "tutor/orch.h"

enum kind { K_F64, K_U32, K_TIME, K_BOOL, K_STR, K_FAIL, K_SIZE, K_DIM,
	    K_CMP };

struct field {
	const char *name;
	size_t off;
	enum kind kind;
};

#define F(s, m, k) { #m, offsetof(struct s, m), k }

static const struct field topic_fields[] = {
	F(tu_topic_state, mastery, K_F64), F(tu_topic_state, alpha, K_F64),
	F(tu_topic_state, beta, K_F64), F(tu_topic_state, attempts, K_U32),
	F(tu_topic_state, successes, K_U32),
	F(tu_topic_state, last_practiced, K_TIME),
};
static const struct field misc_fields[] = {
	F(tu_misconception, topic, K_STR), F(tu_misconception, count, K_U32),
	F(tu_misconception, n_evidence, K_SIZE),
	F(tu_misconception, last_seen, K_TIME),
};
static const struct field review_fields[] = {
	F(tu_review_item, due, K_TIME),
	F(tu_review_item, interval_days, K_F64),
	F(tu_review_item, ease_factor, K_F64),
	F(tu_review_item, repetitions, K_U32),
	F(tu_review_item, lapses, K_U32),
	F(tu_review_item, stability, K_F64),
	F(tu_review_item, difficulty, K_F64),
	F(tu_review_item, last_review, K_TIME),
};
static const struct field item_fields[] = {
	F(tu_item_progress, attempts, K_U32),
	F(tu_item_progress, failures, K_U32),
	F(tu_item_progress, hints_used, K_U32),
	F(tu_item_progress, hint_level, K_U32),
	F(tu_item_progress, last_failure, K_FAIL),
	F(tu_item_progress, solved, K_BOOL),
	F(tu_item_progress, first_seen, K_TIME),
	F(tu_item_progress, last_picked, K_TIME),
	F(tu_item_progress, last_attempt, K_TIME),
	F(tu_item_progress, opened, K_TIME),
	F(tu_item_progress, solved_at, K_TIME),
	F(tu_item_progress, time_s, K_F64),
};
static const struct field goal_fields[] = {
	F(tu_goal, dimension, K_DIM), F(tu_goal, description, K_STR),
	F(tu_goal, metric, K_STR), F(tu_goal, threshold_cmp, K_CMP),
	F(tu_goal, threshold, K_F64), F(tu_goal, value, K_F64),
	F(tu_goal, n_evidence, K_SIZE), F(tu_goal, confidence, K_F64),
	F(tu_goal, weight, K_F64), F(tu_goal, aligned, K_BOOL),
};
static const struct field engage_fields[] = {
	F(tu_engagement, streak_days, K_U32),
	F(tu_engagement, longest_streak, K_U32),
	F(tu_engagement, last_seen, K_TIME),
	F(tu_engagement, failure_streak, K_U32),
	F(tu_engagement, last_nudge, K_TIME),
	F(tu_engagement, nudges_today, K_U32),
	F(tu_engagement, n_windows, K_SIZE),
};

#define NF(t) (sizeof(t) / sizeof((t)[0]))

void tu__audit_list_release(struct tu__audit_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* ---- formatting ------------------------------------------------------ */

static void fmt_field(char *dst, size_t cap, const void *rec,
		      const struct field *f)
{
	const char *p = (const char *)rec + f->off;
	int64_t t;

	switch (f->kind) {
	case K_F64: snprintf(dst, cap, "%.10g", *(const double *)(const void *)p); return;
	case K_U32: snprintf(dst, cap, "%u", *(const uint32_t *)(const void *)p); return;
	case K_SIZE: snprintf(dst, cap, "%zu", *(const size_t *)(const void *)p); return;
	case K_BOOL: snprintf(dst, cap, "%s", *(const bool *)(const void *)p ? "true" : "false"); return;
	case K_STR: snprintf(dst, cap, "%s", p); return;
	case K_FAIL:
		snprintf(dst, cap, "%s",
			 tu_failure_name(*(const enum tu_failure *)(const void *)p));
		return;
	case K_DIM:
		snprintf(dst, cap, "%s", tu_goal_dimension_name(
			*(const enum tu_goal_dimension *)(const void *)p));
		return;
	case K_CMP:
		snprintf(dst, cap, "%s",
			 tu_cmp_name(*(const enum tu_cmp *)(const void *)p));
		return;
	case K_TIME:
		t = *(const int64_t *)(const void *)p;
		if (t == TU_TIME_NONE)
			snprintf(dst, cap, "never");
		else
			snprintf(dst, cap, "%lld", (long long)t);
		return;
	}
}

static size_t field_size(enum kind k)
{
	switch (k) {
	case K_F64: return sizeof(double);
	case K_U32: return sizeof(uint32_t);
	case K_TIME: return sizeof(int64_t);
	case K_BOOL: return sizeof(bool);
	case K_FAIL: return sizeof(enum tu_failure);
	case K_DIM: return sizeof(enum tu_goal_dimension);
	case K_CMP: return sizeof(enum tu_cmp);
	case K_SIZE: return sizeof(size_t);
	case K_STR: return 0;
	}
	return 0;
}

static bool field_equal(const void *a, const void *b, const struct field *f)
{
	const char *pa = (const char *)a + f->off;
	const char *pb = (const char *)b + f->off;

	if (f->kind == K_STR)
		return strcmp(pa, pb) == 0;
	return memcmp(pa, pb, field_size(f->kind)) == 0;
}

/* ---- the list of records --------------------------------------------- */

struct diff {
	struct tu__audit_list *list;
	const char *agent;
	const struct tu_agent_out *out;
	struct tu_err *err;
	enum tu_status st;
};

static const char *reason_for(const struct tu_agent_out *out, const char *path)
{
	size_t best = 0;
	const char *r = NULL;

	if (!out)
		return "";
	for (size_t i = 0; i < out->n_reasons; i++) {
		size_t n = strlen(out->reasons[i].prefix);

		if (n >= best && strncmp(path, out->reasons[i].prefix, n) == 0) {
			best = n;
			r = out->reasons[i].text;
		}
	}
	return r ? r : out->default_reason;
}

static struct tu_audit *add_rec(struct diff *d)
{
	struct tu__audit_list *l = d->list;

	if (d->st)
		return NULL;
	if (l->n == TU_STORE_AUDIT_PER_EVENT) {
		d->st = tu_err_set(d->err, TU_ERANGE, "more than %u audit "
				   "records in one event",
				   TU_STORE_AUDIT_PER_EVENT);
		return NULL;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		void *p = realloc(l->v, cap * sizeof(*l->v));

		if (!p) {
			d->st = tu_err_set(d->err, TU_ENOMEM, "out of memory");
			return NULL;
		}
		l->v = p;
		l->cap = cap;
	}
	return memset(&l->v[l->n++], 0, sizeof(*l->v));
}

static void emit(struct diff *d, const char *path, const char *before,
		 const char *after)
{
	struct tu_audit *a = add_rec(d);

	if (!a)
		return;
	snprintf(a->agent, sizeof(a->agent), "%s", d->agent);
	snprintf(a->path, sizeof(a->path), "%s", path);
	snprintf(a->before, sizeof(a->before), "%s", before);
	snprintf(a->after, sizeof(a->after), "%s", after);
	snprintf(a->reason, sizeof(a->reason), "%s", reason_for(d->out, path));
}

/* dst = p1 p2 p3 p4, cut to cap - 1 bytes (paths are short in practice:
 * ids are < 64 bytes, field names < 32). */
static void join(char *dst, size_t cap, const char *p1, const char *p2,
		 const char *p3, const char *p4)
{
	const char *parts[4] = { p1, p2, p3, p4 };
	size_t used = 0;

	for (size_t i = 0; i < 4; i++) {
		size_t n = strlen(parts[i]);

		if (n > cap - 1 - used)
			n = cap - 1 - used;
		memcpy(dst + used, parts[i], n);
		used += n;
	}
	dst[used] = '\0';
}

/* Diffs one record (a may be NULL: new; b may be NULL: removed). */
static void diff_rec(struct diff *d, const char *base, const void *a,
		     const void *b, const struct field *fs, size_t nf)
{
	char path[TU_STORE_AUDIT_FIELD_MAX];
	char va[TU_STORE_AUDIT_FIELD_MAX], vb[TU_STORE_AUDIT_FIELD_MAX];

	for (size_t i = 0; i < nf && !d->st; i++) {
		if (a && b && field_equal(a, b, &fs[i]))
			continue;
		va[0] = vb[0] = '\0';
		if (a)
			fmt_field(va, sizeof(va), a, &fs[i]);
		if (b)
			fmt_field(vb, sizeof(vb), b, &fs[i]);
		join(path, sizeof(path), base, ".", fs[i].name, "");
		emit(d, path, va, vb);
	}
}

/* Lists keyed by a string id at offset 0 of each element. */
struct list_desc {
	const char *name;
	size_t stride;
	const struct field *fs;
	size_t nf;
	const void *fresh;   /* a new entry is diffed against this record
				(its fields' defaults), or NULL: all fields */
};

/* The entry of base[0..n) with this id; entry `hint` is tried first (lists
 * keep their order across one agent's step, so it is usually there). */
static const void *find_id(const void *base, size_t n, size_t stride,
			   const char *id, size_t hint)
{
	if (hint < n && strcmp((const char *)base + hint * stride, id) == 0)
		return (const char *)base + hint * stride;
	for (size_t i = 0; i < n; i++) {
		const char *e = (const char *)base + i * stride;

		if (strcmp(e, id) == 0)
			return e;
	}
	return NULL;
}

static void diff_list(struct diff *d, const struct list_desc *ld,
		      const void *a, size_t na, const void *b, size_t nb)
{
	char base[TU_STORE_AUDIT_FIELD_MAX];

	for (size_t i = 0; i < nb && !d->st; i++) {
		const char *eb = (const char *)b + i * ld->stride;

		const void *ea = find_id(a, na, ld->stride, eb, i);

		if (ea && memcmp(ea, eb, ld->stride) == 0)
			continue;   /* bytewise equal: no field changed */
		join(base, sizeof(base), ld->name, "[", eb, "]");
		diff_rec(d, base, ea ? ea : ld->fresh, eb, ld->fs, ld->nf);
	}
	for (size_t i = 0; i < na && !d->st; i++) {
		const char *ea = (const char *)a + i * ld->stride;

		if (find_id(b, nb, ld->stride, ea, i))
			continue;
		join(base, sizeof(base), ld->name, "[", ea, "]");
		diff_rec(d, base, ea, NULL, ld->fs, ld->nf);
	}
}

/* ---- whole-value parts: notes, daily, preferences -------------------- */

static void join_notes(const struct tu_learner_state *s, char *dst,
		       size_t cap)
{
	size_t used = 0;

	dst[0] = '\0';
	for (size_t i = 0; i < s->n_notes && used < cap; i++) {
		int n = snprintf(dst + used, cap - used, "%s%s: %s",
				 i ? "; " : "", s->notes[i].section,
				 s->notes[i].text);
		if (n < 0)
			return;
		used += (size_t)n;
	}
}

static bool notes_equal(const struct tu_learner_state *a,
			const struct tu_learner_state *b)
{
	if (a->n_notes != b->n_notes)
		return false;
	for (size_t i = 0; i < a->n_notes; i++) {
		if (strcmp(a->notes[i].section, b->notes[i].section) ||
		    strcmp(a->notes[i].text, b->notes[i].text))
			return false;
	}
	return true;
}

static void join_daily(const struct tu_daily_plan *p, char *dst, size_t cap)
{
	size_t used = 0;
	int n;

	if (p->day == TU_TIME_NONE) {
		snprintf(dst, cap, "none");
		return;
	}
	n = snprintf(dst, cap, "day %lld:", (long long)p->day);
	used = n > 0 ? (size_t)n : 0;
	for (size_t i = 0; i < p->n && used < cap; i++) {
		n = snprintf(dst + used, cap - used, " %s", p->items[i]);
		if (n < 0)
			return;
		used += (size_t)n;
	}
}

static void diff_whole(struct diff *d, const struct tu_learner_state *a,
		       const struct tu_learner_state *b)
{
	char va[TU_STORE_AUDIT_FIELD_MAX], vb[TU_STORE_AUDIT_FIELD_MAX];

	if (!notes_equal(a, b)) {
		join_notes(a, va, sizeof(va));
		join_notes(b, vb, sizeof(vb));
		emit(d, "notes", va, vb);
	}
	join_daily(&a->daily, va, sizeof(va));
	join_daily(&b->daily, vb, sizeof(vb));
	if (strcmp(va, vb) || memcmp(&a->daily, &b->daily, sizeof(a->daily)))
		emit(d, "daily", va, vb);
	if (memcmp(&a->preferences, &b->preferences, sizeof(a->preferences)))
		emit(d, "preferences", "", "changed");
	if (strcmp(a->learner_id, b->learner_id))
		emit(d, "learner_id", a->learner_id, b->learner_id);
	if (a->persona != b->persona)
		emit(d, "persona", tu_persona_name(a->persona),
		     tu_persona_name(b->persona));
}

enum tu_status tu__state_diff(const struct tu_learner_state *a,
			      const struct tu_learner_state *b,
			      const char *agent,
			      const struct tu_agent_out *out,
			      struct tu__audit_list *list,
			      struct tu_err *err)
{
	static const struct list_desc topics = { "topics",
		sizeof(struct tu_topic_state), topic_fields, NF(topic_fields), NULL };
	static const struct list_desc miscs = { "misconceptions",
		sizeof(struct tu_misconception), misc_fields, NF(misc_fields), NULL };
	static const struct list_desc reviews = { "reviews",
		sizeof(struct tu_review_item), review_fields,
		NF(review_fields), NULL };

	struct tu_item_progress fresh_item;
	struct list_desc items = { "items", sizeof(struct tu_item_progress),
		item_fields, NF(item_fields), &fresh_item };
	struct tu_goal fresh_goal;
	struct list_desc goals = { "goals", sizeof(struct tu_goal),
		goal_fields, NF(goal_fields), &fresh_goal };
	struct diff d = { list, agent, out, err, TU_OK };

	/* A new item or goal record starts from the defaults, so only the
	 * fields an agent actually set are audited (and checked for
	 * ownership). */
	tu_learner_item_init(&fresh_item);
	tu_learner_goal_init(&fresh_goal);

	diff_list(&d, &topics, a->topics, a->n_topics, b->topics, b->n_topics);
	diff_list(&d, &miscs, a->misconceptions, a->n_misconceptions,
		  b->misconceptions, b->n_misconceptions);
	diff_list(&d, &reviews, a->reviews, a->n_reviews, b->reviews,
		  b->n_reviews);
	diff_list(&d, &items, a->items, a->n_items, b->items, b->n_items);
	diff_list(&d, &goals, a->goals, a->n_goals, b->goals, b->n_goals);
	diff_rec(&d, "engagement", &a->engagement, &b->engagement,
		 engage_fields, NF(engage_fields));
	if (!d.st)
		diff_whole(&d, a, b);
	return d.st;
}

/* ---- ownership -------------------------------------------------------- */

struct owner {
	const char *agent;
	const char *pattern;   /* path with ids removed: "items[].attempts" */
};

static const struct owner owners[] = {
	{ "orchestrator", "preferences" },
	{ "orchestrator", "learner_id" },
	{ "skill_assessment", "items[].attempts" },
	{ "skill_assessment", "items[].failures" },
	{ "skill_assessment", "items[].last_failure" },
	{ "skill_assessment", "items[].solved" },
	{ "skill_assessment", "items[].first_seen" },
	{ "skill_assessment", "items[].last_attempt" },
	{ "skill_assessment", "items[].opened" },
	{ "skill_assessment", "items[].solved_at" },
	{ "skill_assessment", "items[].time_s" },
	{ "learner_profiler", "topics[]" },
	{ "learner_profiler", "misconceptions[]" },
	{ "learner_profiler", "engagement" },
	{ "learner_profiler", "notes" },
	{ "learner_profiler", "goals[]" },
	{ "pedagogical_feedback", "items[].hints_used" },
	{ "pedagogical_feedback", "items[].hint_level" },
	{ "pedagogical_feedback", "items[].first_seen" },
	{ "content_curator", "items[].last_picked" },
	{ "content_curator", "items[].first_seen" },
	{ "content_curator", "items[].opened" },
	{ "content_curator", "daily" },
	{ "progress_synthesizer", "reviews[]" },
	{ "engagement_orchestrator", "engagement" },
};

/* "items[mean].attempts" -> "items[].attempts" */
static void strip_ids(const char *path, char *dst, size_t cap)
{
	size_t j = 0;
	bool in = false;

	for (size_t i = 0; path[i] && j + 1 < cap; i++) {
		if (path[i] == ']')
			in = false;
		if (!in)
			dst[j++] = path[i];
		if (path[i] == '[')
			in = true;
	}
	dst[j] = '\0';
}

bool tu__agent_owns(const char *agent, const char *path)
{
	char p[TU_STORE_AUDIT_FIELD_MAX];

	strip_ids(path, p, sizeof(p));
	for (size_t i = 0; i < NF(owners); i++) {
		size_t n = strlen(owners[i].pattern);

		if (strcmp(owners[i].agent, agent) == 0 &&
		    strncmp(p, owners[i].pattern, n) == 0 &&
		    (p[n] == '\0' || p[n] == '.'))
			return true;
	}
	return false;
}

enum tu_status tu_orch_state_diff(const struct tu_learner_state *a,
				  const struct tu_learner_state *b,
				  struct tu_audit **out, size_t *n,
				  struct tu_err *err)
{
	struct tu__audit_list l = { NULL, 0, 0 };
	enum tu_status s = tu__state_diff(a, b, "diff", NULL, &l, err);

	if (a->version != b->version && s != TU_ENOMEM) {
		struct diff d = { &l, "diff", NULL, err, TU_OK };
		char va[32], vb[32];

		snprintf(va, sizeof(va), "%llu", (unsigned long long)a->version);
		snprintf(vb, sizeof(vb), "%llu", (unsigned long long)b->version);
		emit(&d, "version", va, vb);
	}
	*out = l.v;
	*n = l.n;
	return s == TU_ERANGE ? TU_OK : s;
}
