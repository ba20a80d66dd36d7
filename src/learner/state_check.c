/*
 * state_check.c - the invariants of a learner state (tutor/learner.h,
 * tu_learner_state_validate) and the per-entry checkers the editing
 * functions and the decoder share.  Every message starts with the JSON
 * path of the offending value.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/utf8.h"
#include "learner_internal.h"

/* Bytes before the NUL when s is valid UTF-8 terminated within cap, else
 * cap (never a valid length).  A truncated sequence stops at the NUL. */
static size_t utf8_span(const char *s, size_t cap)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	if (!memchr(s, '\0', cap))
		return cap;
	while (u[i]) {
		size_t n = tu_utf8_seq(u + i, 4);

		if (n == 0)
			return cap;
		i += n;
	}
	return i;
}

bool tu__text_ok(const char *s, size_t cap)
{
	return utf8_span(s, cap) < cap;
}

bool tu__id_ok(const char *s, size_t cap, bool may_be_empty)
{
	size_t n = utf8_span(s, cap);

	if (n >= cap || (n == 0 && !may_be_empty))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			return false;
	}
	return true;
}

static enum tu_status bad_id(const char *path, const char *key, size_t cap,
			     bool may_be_empty, struct tu_err *err)
{
	return tu_err_set(err, TU_ERANGE,
			  "%s.%s: must be %sshorter than %zu bytes of UTF-8 "
			  "without control characters", path, key,
			  may_be_empty ? "" : "non-empty, ", cap);
}

#define CHECK_ID(obj, field, cap, empty_ok, path, key, err)              \
	do {                                                             \
		if (!tu__id_ok((obj)->field, (cap), (empty_ok)))         \
			return bad_id((path), (key), (cap), (empty_ok), (err)); \
	} while (0)

static enum tu_status check_unit(double v, const char *path, const char *key,
				 struct tu_err *err)
{
	if (!(v >= 0.0 && v <= 1.0))
		return tu_err_set(err, TU_ERANGE,
				  "%s.%s: must be in [0,1], got %.17g", path,
				  key, v);
	return TU_OK;
}

static enum tu_status check_positive(double v, const char *path,
				     const char *key, struct tu_err *err)
{
	if (!(v > 0.0 && isfinite(v)))
		return tu_err_set(err, TU_ERANGE,
				  "%s.%s: must be finite and > 0, got %.17g",
				  path, key, v);
	return TU_OK;
}

static enum tu_status check_min(double v, double lo, const char *path,
				const char *key, struct tu_err *err)
{
	if (!(v >= lo && isfinite(v)))
		return tu_err_set(err, TU_ERANGE,
				  "%s.%s: must be finite and >= %g, got %.17g",
				  path, key, lo, v);
	return TU_OK;
}

enum tu_status tu__topic_check(const struct tu_topic_state *t,
			       const char *path, struct tu_err *err)
{
	enum tu_status st;

	CHECK_ID(t, topic, TU_ID_MAX, false, path, "topic", err);
	st = check_unit(t->mastery, path, "mastery", err);
	if (!st)
		st = check_positive(t->alpha, path, "alpha", err);
	if (!st)
		st = check_positive(t->beta, path, "beta", err);
	if (st)
		return st;
	if (t->successes > t->attempts)
		return tu_err_set(err, TU_ERANGE,
				  "%s.successes: must be <= attempts (%u), got %u",
				  path, (unsigned)t->attempts,
				  (unsigned)t->successes);
	return TU_OK;
}

enum tu_status tu__misconception_check(const struct tu_misconception *m,
				       const char *path, struct tu_err *err)
{
	CHECK_ID(m, id, TU_ID_MAX, false, path, "id", err);
	CHECK_ID(m, topic, TU_ID_MAX, true, path, "topic", err);
	if (m->n_evidence > TU_EVIDENCE_MAX)
		return tu_err_set(err, TU_ERANGE,
				  "%s.evidence: at most %d entries, got %zu",
				  path, TU_EVIDENCE_MAX, m->n_evidence);
	for (size_t i = 0; i < m->n_evidence; i++)
		if (m->evidence[i] > TU__JSON_INT_MAX)
			return tu_err_set(err, TU_ERANGE,
					  "%s.evidence[%zu]: must be <= %lld",
					  path, i, (long long)INT64_MAX);
	return TU_OK;
}

static enum tu_status review_numbers(const struct tu_review_item *r,
				     const char *path, struct tu_err *err)
{
	enum tu_status st;

	st = check_min(r->interval_days, 0.0, path, "interval_days", err);
	if (!st)
		st = check_min(r->ease_factor, 1.3, path, "ease_factor", err);
	if (!st)
		st = check_min(r->stability, 0.0, path, "stability", err);
	if (st)
		return st;
	if (!(r->difficulty == 0.0 ||
	      (r->difficulty >= 1.0 && r->difficulty <= 10.0)))
		return tu_err_set(err, TU_ERANGE,
				  "%s.difficulty: must be 0 (none) or in "
				  "[1,10], got %.17g", path, r->difficulty);
	return TU_OK;
}

enum tu_status tu__review_check(const struct tu_review_item *r,
				const char *path, struct tu_err *err)
{
	CHECK_ID(r, item, TU_ID_MAX, false, path, "item", err);
	if (r->n_topics > TU_ITEM_TOPICS_MAX)
		return tu_err_set(err, TU_ERANGE,
				  "%s.topics: at most %d entries, got %zu",
				  path, TU_ITEM_TOPICS_MAX, r->n_topics);
	for (size_t i = 0; i < r->n_topics; i++)
		if (!tu__id_ok(r->topics[i], TU_ID_MAX, false))
			return tu_err_set(err, TU_ERANGE,
					  "%s.topics[%zu]: must be non-empty, "
					  "shorter than %d bytes without control "
					  "characters", path, i, TU_ID_MAX);
	return review_numbers(r, path, err);
}

static enum tu_status goal_strings(const struct tu_goal *g, const char *path,
				   struct tu_err *err)
{
	CHECK_ID(g, id, TU_ID_MAX, false, path, "id", err);
	if (!tu__text_ok(g->description, TU_TEXT_MAX))
		return tu_err_set(err, TU_ERANGE,
				  "%s.description: must be valid UTF-8 shorter than %d bytes",
				  path, TU_TEXT_MAX);
	if (!tu__text_ok(g->metric, TU_SHORT_MAX))
		return tu_err_set(err, TU_ERANGE,
				  "%s.metric: must be valid UTF-8 shorter than %d bytes",
				  path, TU_SHORT_MAX);
	if (g->n_evidence > TU_EVIDENCE_MAX)
		return tu_err_set(err, TU_ERANGE,
				  "%s.evidence: at most %d entries, got %zu",
				  path, TU_EVIDENCE_MAX, g->n_evidence);
	for (size_t i = 0; i < g->n_evidence; i++)
		if (!tu__text_ok(g->evidence[i], TU_SHORT_MAX))
			return tu_err_set(err, TU_ERANGE,
					  "%s.evidence[%zu]: must be valid UTF-8 shorter "
					  "than %d bytes", path, i, TU_SHORT_MAX);
	return TU_OK;
}

enum tu_status tu__goal_check(const struct tu_goal *g, const char *path,
			      struct tu_err *err)
{
	enum tu_status st = goal_strings(g, path, err);

	if (st)
		return st;
	if ((unsigned)g->dimension >= TU_GOAL_DIMENSIONS)
		return tu_err_set(err, TU_ERANGE, "%s.dimension: invalid value %d",
				  path, (int)g->dimension);
	if ((unsigned)g->threshold_cmp > (unsigned)TU_CMP_EQ)
		return tu_err_set(err, TU_ERANGE,
				  "%s.threshold.cmp: invalid value %d", path,
				  (int)g->threshold_cmp);
	if (!isfinite(g->threshold))
		return tu_err_set(err, TU_ERANGE,
				  "%s.threshold.value: must be finite, got %g",
				  path, g->threshold);
	if (isinf(g->value))
		return tu_err_set(err, TU_ERANGE,
				  "%s.value: must be finite or NaN (null), got %g",
				  path, g->value);
	st = check_unit(g->confidence, path, "confidence", err);
	if (st)
		return st;
	return check_positive(g->weight, path, "weight", err);
}

enum tu_status tu__note_check(const struct tu_note *n, const char *path,
			      struct tu_err *err)
{
	CHECK_ID(n, section, TU_ID_MAX, false, path, "section", err);
	if (!tu__text_ok(n->text, TU_TEXT_MAX))
		return tu_err_set(err, TU_ERANGE,
				  "%s.text: must be valid UTF-8 shorter than %d bytes", path,
				  TU_TEXT_MAX);
	return TU_OK;
}

static enum tu_status item_counts(const struct tu_item_progress *p,
				  const char *path, struct tu_err *err)
{
	if (p->failures > p->attempts)
		return tu_err_set(err, TU_ERANGE,
				  "%s.failures: must be <= attempts (%u), got %u",
				  path, (unsigned)p->attempts,
				  (unsigned)p->failures);
	if (p->hint_level > TU__HINT_LEVEL_MAX)
		return tu_err_set(err, TU_ERANGE,
				  "%s.hint_level: must be in [0,%d], got %u",
				  path, TU__HINT_LEVEL_MAX,
				  (unsigned)p->hint_level);
	if ((p->hint_level == 0) != (p->hints_used == 0))
		return tu_err_set(err, TU_ERANGE,
				  "%s.hint_level: must be 0 exactly when "
				  "hints_used is 0, got %u with hints_used %u",
				  path, (unsigned)p->hint_level,
				  (unsigned)p->hints_used);
	return TU_OK;
}

enum tu_status tu__item_check(const struct tu_item_progress *p,
			      const char *path, struct tu_err *err)
{
	enum tu_status st;

	CHECK_ID(p, item, TU_ID_MAX, false, path, "item", err);
	st = item_counts(p, path, err);
	if (st)
		return st;
	if ((unsigned)p->last_failure > (unsigned)TU_FAIL_TIMEOUT)
		return tu_err_set(err, TU_ERANGE,
				  "%s.last_failure: invalid value %d", path,
				  (int)p->last_failure);
	if (p->solved && p->solved_at == TU_TIME_NONE)
		return tu_err_set(err, TU_ERANGE,
				  "%s.solved_at: must be a time, not null, "
				  "when solved is true", path);
	return check_min(p->time_s, 0.0, path, "time_s", err);
}

/* ---- whole-state checks ------------------------------------------------ */

/* True when b (char[cap]) is NUL-terminated and one of the bucket names. */
static bool bucket_ok(const char *b, size_t cap)
{
	if (!memchr(b, '\0', cap))
		return false;
	for (int i = 0; i < TU__BUCKETS; i++)
		if (strcmp(b, tu__bucket_name(i)) == 0)
			return true;
	return false;
}

static enum tu_status check_daily(const struct tu_daily_plan *d,
				  struct tu_err *err)
{
	char path[TU__PATH_MAX];

	if (d->n > TU_DAILY_MAX)
		return tu_err_set(err, TU_ERANGE,
				  "$.daily.items: at most %d entries, got %zu",
				  TU_DAILY_MAX, d->n);
	if (d->day == TU_TIME_NONE && d->n > 0)
		return tu_err_set(err, TU_ERANGE,
				  "$.daily.items: must be empty when day is "
				  "null, got %zu entries", d->n);
	for (size_t i = 0; i < d->n; i++) {
		snprintf(path, sizeof(path), "$.daily.items[%zu]", i);
		if (!tu__id_ok(d->items[i], TU_ID_MAX, false))
			return bad_id(path, "item", TU_ID_MAX, false, err);
		if (!bucket_ok(d->buckets[i], sizeof(d->buckets[i])))
			return tu_err_set(err, TU_ERANGE,
					  "%s.bucket: must be one of review, "
					  "growth, challenge, mastered", path);
	}
	return TU_OK;
}


static enum tu_status check_engagement(const struct tu_engagement *e,
				       struct tu_err *err)
{
	if (e->n_windows > TU_ACTIVITY_MAX)
		return tu_err_set(err, TU_ERANGE,
				  "$.engagement.windows: at most %d entries, got %zu",
				  TU_ACTIVITY_MAX, e->n_windows);
	for (size_t i = 0; i < e->n_windows; i++) {
		const struct tu_activity_window *w = &e->windows[i];

		if (w->start == TU_TIME_NONE || w->end == TU_TIME_NONE)
			return tu_err_set(err, TU_ERANGE,
					  "$.engagement.windows[%zu]: start and "
					  "end must be times, not null", i);
		if (w->start > w->end)
			return tu_err_set(err, TU_ERANGE,
					  "$.engagement.windows[%zu]: start %lld "
					  "is after end %lld", i,
					  (long long)w->start, (long long)w->end);
	}
	return TU_OK;
}

static enum tu_status check_prefs(const struct tu_preferences *p,
				  struct tu_err *err)
{
	if ((unsigned)p->skill_level > (unsigned)TU_SKILL_ADVANCED)
		return tu_err_set(err, TU_ERANGE,
				  "$.preferences.skill_level: invalid value %d",
				  (int)p->skill_level);
	if (!tu__id_ok(p->language, TU_SHORT_MAX, true))
		return bad_id("$.preferences", "language", TU_SHORT_MAX, true,
			      err);
	if (p->n_opt_outs > TU_OPT_OUTS_MAX)
		return tu_err_set(err, TU_ERANGE,
				  "$.preferences.opt_outs: at most %d entries, got %zu",
				  TU_OPT_OUTS_MAX, p->n_opt_outs);
	for (size_t i = 0; i < p->n_opt_outs; i++)
		if (!tu__id_ok(p->opt_outs[i], TU_SHORT_MAX, false))
			return tu_err_set(err, TU_ERANGE,
					  "$.preferences.opt_outs[%zu]: must be "
					  "non-empty, shorter than %d bytes without "
					  "control characters", i, TU_SHORT_MAX);
	if ((unsigned)p->scheduler > (unsigned)TU_SCHED_FSRS)
		return tu_err_set(err, TU_ERANGE,
				  "$.preferences.scheduler: invalid value %d",
				  (int)p->scheduler);
	if (p->utc_offset_min <= -1440 || p->utc_offset_min >= 1440)
		return tu_err_set(err, TU_ERANGE,
				  "$.preferences.utc_offset_min: must be in "
				  "(-1440, 1440), got %d", (int)p->utc_offset_min);
	return TU_OK;
}

static enum tu_status check_header(const struct tu_learner_state *s,
				   struct tu_err *err)
{
	if (!tu__id_ok(s->learner_id, TU_ID_MAX, true))
		return bad_id("$", "learner_id", TU_ID_MAX, true, err);
	if (s->version > TU__JSON_INT_MAX)
		return tu_err_set(err, TU_ERANGE, "$.version: must be <= %lld",
				  (long long)INT64_MAX);
	if ((unsigned)s->persona > (unsigned)TU_PERSONA_STRUGGLER)
		return tu_err_set(err, TU_ERANGE, "$.persona: invalid value %d",
				  (int)s->persona);
	return TU_OK;
}

struct key_ref {
	const char *key;
	size_t index;
};

static int key_ref_cmp(const void *pa, const void *pb)
{
	const struct key_ref *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);

	if (c)
		return c;
	return (a->index > b->index) - (a->index < b->index);
}

/* Reports the first later duplicate of the key at offset off in n entries
 * of size stride starting at base (keys are already known terminated). */
static enum tu_status check_unique(const void *base, size_t n, size_t stride,
				   size_t off, const char *list,
				   const char *key, struct tu_err *err)
{
	struct key_ref *refs;
	enum tu_status st = TU_OK;

	if (n < 2)
		return TU_OK;
	refs = malloc(n * sizeof(*refs));
	if (!refs)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", list);
	for (size_t i = 0; i < n; i++) {
		refs[i].key = (const char *)base + i * stride + off;
		refs[i].index = i;
	}
	qsort(refs, n, sizeof(*refs), key_ref_cmp);
	for (size_t i = 1; i < n && !st; i++)
		if (strcmp(refs[i - 1].key, refs[i].key) == 0)
			st = tu_err_set(err, TU_ERANGE,
					"%s[%zu].%s: duplicate of %s[%zu].%s ('%s')",
					list, refs[i].index, key, list,
					refs[i - 1].index, key, refs[i].key);
	free(refs);
	return st;
}

/* dst = "list[i]" without printf (this runs for every entry of every
 * validation); cut to cap - 1 bytes. */
static void index_path(char *dst, size_t cap, const char *list, size_t i)
{
	char digits[24];
	size_t nd = 0, used = strlen(list);

	do {
		digits[nd++] = (char)('0' + i % 10);
		i /= 10;
	} while (i);
	if (used + nd + 3 > cap) {
		snprintf(dst, cap, "%s[", list);
		return;
	}
	memcpy(dst, list, used);
	dst[used++] = '[';
	while (nd)
		dst[used++] = digits[--nd];
	dst[used++] = ']';
	dst[used] = '\0';
}

typedef enum tu_status (*entry_check_fn)(const void *entry, const char *path,
					 struct tu_err *err);

/* Runs check on each of n entries and then the uniqueness test. */
static enum tu_status check_list(const void *base, size_t n, size_t stride,
				 const char *list, entry_check_fn check,
				 size_t key_off, const char *key,
				 struct tu_err *err)
{
	char path[TU__PATH_MAX];

	if (n > TU_STATE_LIST_MAX)
		return tu_err_set(err, TU_ERANGE, "%s: at most %d entries, got %zu",
				  list, TU_STATE_LIST_MAX, n);
	if (n > 0 && !base)
		return tu_err_set(err, TU_EINTERNAL, "%s: NULL list of %zu",
				  list, n);
	for (size_t i = 0; i < n; i++) {
		enum tu_status st;

		index_path(path, sizeof(path), list, i);
		st = check((const char *)base + i * stride, path, err);
		if (st)
			return st;
	}
	if (!key)
		return TU_OK;
	return check_unique(base, n, stride, key_off, list, key, err);
}

static enum tu_status topic_fn(const void *e, const char *p, struct tu_err *err)
{
	return tu__topic_check(e, p, err);
}

static enum tu_status misc_fn(const void *e, const char *p, struct tu_err *err)
{
	return tu__misconception_check(e, p, err);
}

static enum tu_status review_fn(const void *e, const char *p,
				struct tu_err *err)
{
	return tu__review_check(e, p, err);
}

static enum tu_status goal_fn(const void *e, const char *p, struct tu_err *err)
{
	return tu__goal_check(e, p, err);
}

static enum tu_status note_fn(const void *e, const char *p, struct tu_err *err)
{
	return tu__note_check(e, p, err);
}

static enum tu_status item_fn(const void *e, const char *p, struct tu_err *err)
{
	return tu__item_check(e, p, err);
}

enum tu_status tu_learner_state_validate(const struct tu_learner_state *s,
					 struct tu_err *err)
{
	enum tu_status st = check_header(s, err);

	if (!st)
		st = check_list(s->topics, s->n_topics, sizeof(*s->topics),
				"$.topics", topic_fn,
				offsetof(struct tu_topic_state, topic), "topic",
				err);
	if (!st)
		st = check_list(s->misconceptions, s->n_misconceptions,
				sizeof(*s->misconceptions), "$.misconceptions",
				misc_fn, offsetof(struct tu_misconception, id),
				"id", err);
	if (!st)
		st = check_list(s->reviews, s->n_reviews, sizeof(*s->reviews),
				"$.reviews", review_fn,
				offsetof(struct tu_review_item, item), "item",
				err);
	if (!st)
		st = check_engagement(&s->engagement, err);
	if (!st)
		st = check_prefs(&s->preferences, err);
	if (!st)
		st = check_list(s->goals, s->n_goals, sizeof(*s->goals),
				"$.goals", goal_fn, offsetof(struct tu_goal, id),
				"id", err);
	if (!st)
		st = check_list(s->notes, s->n_notes, sizeof(*s->notes),
				"$.notes", note_fn, 0, NULL, err);
	if (!st)
		st = check_list(s->items, s->n_items, sizeof(*s->items),
				"$.items", item_fn,
				offsetof(struct tu_item_progress, item), "item",
				err);
	if (!st)
		st = check_daily(&s->daily, err);
	return st;
}
