/*
 * state_json.c - the JSON codec of the learner state (format 1, see
 * docs/learner-model.md), on memory buffers with jansson.
 *
 * Encoding validates first (tu_learner_state_validate) and then builds a
 * jansson tree with keys in a fixed order, dumped compact with 17
 * significant digits so doubles round-trip bit-exactly.  Decoding parses
 * strictly (duplicate keys, unknown, missing and mistyped fields are
 * errors) into a temporary state, validates it with the same checker and
 * only then moves it into the caller's state.
 */
#include <stdarg.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "learner_internal.h"
#include "tutor/json.h"

#define TU_STATE_FORMAT 1

#define TRY(x)                          \
	do {                            \
		enum tu_status st_ = (x); \
		if (st_)                \
			return st_;     \
	} while (0)

/* Formats a JSON path for messages; a path too long for dst (never the
 * case for valid documents) ends in "..." instead of failing. */
__attribute__((format(printf, 3, 4)))
static void sub_path(char *dst, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(dst, cap, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n >= cap && cap > 4)
		memcpy(dst + cap - 4, "...", 4);
}

/* ======================================================================
 * Encoding
 * ====================================================================== */

static void put(json_t *o, const char *key, json_t *v, bool *ok)
{
	if (json_object_set_new(o, key, v))
		*ok = false;
}

static void push(json_t *a, json_t *v, bool *ok)
{
	if (json_array_append_new(a, v))
		*ok = false;
}

static json_t *jtime(int64_t t)
{
	return t == TU_TIME_NONE ? json_null() : json_integer((json_int_t)t);
}

static json_t *finish(json_t *o, bool ok)
{
	if (ok)
		return o;
	json_decref(o);
	return NULL;
}

/* An array of n strings of size stride each starting at base. */
static json_t *enc_strings(const char *base, size_t n, size_t stride)
{
	json_t *a = json_array();
	bool ok = a != NULL;

	for (size_t i = 0; i < n; i++)
		push(a, json_string(base + i * stride), &ok);
	return finish(a, ok);
}

static json_t *enc_topic(const void *e)
{
	const struct tu_topic_state *t = e;
	json_t *o = json_object();
	bool ok = o != NULL;

	put(o, "topic", json_string(t->topic), &ok);
	put(o, "mastery", json_real(t->mastery), &ok);
	put(o, "alpha", json_real(t->alpha), &ok);
	put(o, "beta", json_real(t->beta), &ok);
	put(o, "attempts", json_integer(t->attempts), &ok);
	put(o, "successes", json_integer(t->successes), &ok);
	put(o, "last_practiced", jtime(t->last_practiced), &ok);
	return finish(o, ok);
}

static json_t *enc_misconception(const void *e)
{
	const struct tu_misconception *m = e;
	json_t *o = json_object();
	json_t *ev = json_array();
	bool ok = o != NULL && ev != NULL;

	put(o, "id", json_string(m->id), &ok);
	put(o, "topic", json_string(m->topic), &ok);
	put(o, "count", json_integer(m->count), &ok);
	put(o, "last_seen", jtime(m->last_seen), &ok);
	for (size_t i = 0; i < m->n_evidence; i++)
		push(ev, json_integer((json_int_t)m->evidence[i]), &ok);
	put(o, "evidence", ev, &ok);
	return finish(o, ok);
}

static json_t *enc_review(const void *e)
{
	const struct tu_review_item *r = e;
	json_t *o = json_object();
	bool ok = o != NULL;

	put(o, "item", json_string(r->item), &ok);
	put(o, "topics", enc_strings(r->topics[0], r->n_topics,
				     sizeof(r->topics[0])), &ok);
	put(o, "due", jtime(r->due), &ok);
	put(o, "interval_days", json_real(r->interval_days), &ok);
	put(o, "ease_factor", json_real(r->ease_factor), &ok);
	put(o, "repetitions", json_integer(r->repetitions), &ok);
	put(o, "lapses", json_integer(r->lapses), &ok);
	put(o, "stability", json_real(r->stability), &ok);
	put(o, "difficulty", json_real(r->difficulty), &ok);
	put(o, "last_review", jtime(r->last_review), &ok);
	return finish(o, ok);
}

static json_t *enc_goal(const void *e)
{
	const struct tu_goal *g = e;
	json_t *o = json_object();
	json_t *th = json_object();
	bool ok = o != NULL && th != NULL;

	put(o, "id", json_string(g->id), &ok);
	put(o, "dimension", json_string(tu_goal_dimension_name(g->dimension)),
	    &ok);
	put(o, "description", json_string(g->description), &ok);
	put(o, "metric", json_string(g->metric), &ok);
	put(th, "cmp", json_string(tu_cmp_name(g->threshold_cmp)), &ok);
	put(th, "value", json_real(g->threshold), &ok);
	put(o, "threshold", th, &ok);
	put(o, "value", isnan(g->value) ? json_null() : json_real(g->value),
	    &ok);
	put(o, "confidence", json_real(g->confidence), &ok);
	put(o, "weight", json_real(g->weight), &ok);
	put(o, "aligned", json_boolean(g->aligned), &ok);
	put(o, "evidence", enc_strings(g->evidence[0], g->n_evidence,
				       sizeof(g->evidence[0])), &ok);
	return finish(o, ok);
}

static json_t *enc_note(const void *e)
{
	const struct tu_note *n = e;
	json_t *o = json_object();
	bool ok = o != NULL;

	put(o, "section", json_string(n->section), &ok);
	put(o, "text", json_string(n->text), &ok);
	return finish(o, ok);
}

static json_t *enc_item(const void *e)
{
	const struct tu_item_progress *p = e;
	json_t *o = json_object();
	bool ok = o != NULL;

	put(o, "item", json_string(p->item), &ok);
	put(o, "attempts", json_integer(p->attempts), &ok);
	put(o, "failures", json_integer(p->failures), &ok);
	put(o, "hints_used", json_integer(p->hints_used), &ok);
	put(o, "hint_level", json_integer(p->hint_level), &ok);
	put(o, "last_failure", json_string(tu_failure_name(p->last_failure)),
	    &ok);
	put(o, "solved", json_boolean(p->solved), &ok);
	put(o, "first_seen", jtime(p->first_seen), &ok);
	put(o, "last_picked", jtime(p->last_picked), &ok);
	put(o, "last_attempt", jtime(p->last_attempt), &ok);
	put(o, "opened", jtime(p->opened), &ok);
	put(o, "solved_at", jtime(p->solved_at), &ok);
	put(o, "time_s", json_real(p->time_s), &ok);
	return finish(o, ok);
}

static json_t *enc_daily(const struct tu_daily_plan *d)
{
	json_t *o = json_object();
	json_t *items = json_array();
	bool ok = o != NULL && items != NULL;

	put(o, "day", jtime(d->day), &ok);
	for (size_t i = 0; i < d->n; i++) {
		json_t *e = json_object();

		put(e, "item", json_string(d->items[i]), &ok);
		put(e, "bucket", json_string(d->buckets[i]), &ok);
		push(items, e, &ok);
	}
	put(o, "items", items, &ok);
	return finish(o, ok);
}

static json_t *enc_list(const void *base, size_t n, size_t stride,
			json_t *(*fn)(const void *))
{
	json_t *a = json_array();
	bool ok = a != NULL;

	for (size_t i = 0; i < n; i++)
		push(a, fn((const char *)base + i * stride), &ok);
	return finish(a, ok);
}

static json_t *enc_engagement(const struct tu_engagement *e)
{
	json_t *o = json_object();
	json_t *ws = json_array();
	bool ok = o != NULL && ws != NULL;

	put(o, "streak_days", json_integer(e->streak_days), &ok);
	put(o, "longest_streak", json_integer(e->longest_streak), &ok);
	put(o, "last_seen", jtime(e->last_seen), &ok);
	put(o, "failure_streak", json_integer(e->failure_streak), &ok);
	put(o, "last_nudge", jtime(e->last_nudge), &ok);
	put(o, "nudges_today", json_integer(e->nudges_today), &ok);
	for (size_t i = 0; i < e->n_windows; i++) {
		json_t *w = json_object();

		put(w, "start", json_integer(e->windows[i].start), &ok);
		put(w, "end", json_integer(e->windows[i].end), &ok);
		put(w, "events", json_integer(e->windows[i].events), &ok);
		push(ws, w, &ok);
	}
	put(o, "windows", ws, &ok);
	return finish(o, ok);
}

static json_t *enc_preferences(const struct tu_preferences *p)
{
	json_t *o = json_object();
	bool ok = o != NULL;

	put(o, "skill_level", json_string(tu_skill_level_name(p->skill_level)),
	    &ok);
	put(o, "language", json_string(p->language), &ok);
	put(o, "time_budget_min", json_integer(p->time_budget_min), &ok);
	put(o, "opt_outs", enc_strings(p->opt_outs[0], p->n_opt_outs,
				       sizeof(p->opt_outs[0])), &ok);
	put(o, "scheduler", json_string(tu_scheduler_name(p->scheduler)), &ok);
	put(o, "utc_offset_min", json_integer(p->utc_offset_min), &ok);
	return finish(o, ok);
}

static json_t *enc_state(const struct tu_learner_state *s)
{
	json_t *o = json_object();
	bool ok = o != NULL;

	put(o, "format", json_integer(TU_STATE_FORMAT), &ok);
	put(o, "learner_id", json_string(s->learner_id), &ok);
	put(o, "version", json_integer((json_int_t)s->version), &ok);
	put(o, "updated", jtime(s->updated), &ok);
	put(o, "persona", json_string(tu_persona_name(s->persona)), &ok);
	put(o, "preferences", enc_preferences(&s->preferences), &ok);
	put(o, "engagement", enc_engagement(&s->engagement), &ok);
	put(o, "topics", enc_list(s->topics, s->n_topics, sizeof(*s->topics),
				  enc_topic), &ok);
	put(o, "misconceptions",
	    enc_list(s->misconceptions, s->n_misconceptions,
		     sizeof(*s->misconceptions), enc_misconception), &ok);
	put(o, "reviews", enc_list(s->reviews, s->n_reviews,
				   sizeof(*s->reviews), enc_review), &ok);
	put(o, "goals", enc_list(s->goals, s->n_goals, sizeof(*s->goals),
				 enc_goal), &ok);
	put(o, "notes", enc_list(s->notes, s->n_notes, sizeof(*s->notes),
				 enc_note), &ok);
	put(o, "items", enc_list(s->items, s->n_items, sizeof(*s->items),
				 enc_item), &ok);
	put(o, "daily", enc_daily(&s->daily), &ok);
	return finish(o, ok);
}

enum tu_status tu_learner_state_encode(const struct tu_learner_state *s,
				       char **out, size_t *len,
				       struct tu_err *err)
{
	*out = NULL;
	*len = 0;
	TRY(tu_learner_state_validate(s, err));
	return tu_json_dump_take(enc_state(s), JSON_COMPACT, "$", out, len,
				 err);
}

/* ======================================================================
 * Decoding
 * ====================================================================== */

/* o must be an object holding exactly the NULL-terminated keys. */
static enum tu_status check_object(const json_t *o, const char *path,
				   const char *const *keys, struct tu_err *err)
{
	return tu_json_check_keys(o, path, keys, TU_JSON_EXACTLY, err);
}

/* A finite number (JSON cannot spell NaN or infinities anyway). */
static enum tu_status get_real(const json_t *o, const char *path,
			       const char *key, double *out,
			       struct tu_err *err)
{
	return tu_json_get_num(o, path, key, -DBL_MAX, DBL_MAX, out, err);
}

static enum tu_status get_u32(const json_t *o, const char *path,
			      const char *key, uint32_t *out,
			      struct tu_err *err)
{
	int64_t v = 0;

	TRY(tu_json_get_int(o, path, key, 0, UINT32_MAX, &v, err));
	*out = (uint32_t)v;
	return TU_OK;
}

static enum tu_status get_u64(const json_t *o, const char *path,
			      const char *key, uint64_t *out,
			      struct tu_err *err)
{
	int64_t v = 0;

	TRY(tu_json_get_int(o, path, key, 0, INT64_MAX, &v, err));
	*out = (uint64_t)v;
	return TU_OK;
}

/* A time: integer Unix seconds, or null for TU_TIME_NONE. */
static enum tu_status get_time(const json_t *o, const char *path,
			       const char *key, bool nullable, int64_t *out,
			       struct tu_err *err)
{
	const json_t *v = json_object_get(o, key);

	if (nullable && json_is_null(v)) {
		*out = TU_TIME_NONE;
		return TU_OK;
	}
	if (!json_is_integer(v))
		return tu_json_type_error(err, path, key, nullable ?
					  "an integer time or null" :
					  "an integer time", v);
	return tu_json_get_int(o, path, key, INT64_MIN + 1, INT64_MAX, out,
			       err);
}

typedef const char *(*enum_name_fn)(int v);

/* A string naming one of the values 0..max of an enum. */
static enum tu_status get_enum(const json_t *o, const char *path,
			       const char *key, enum_name_fn name, int max,
			       int *out, struct tu_err *err)
{
	const json_t *v = json_object_get(o, key);
	const char *s;

	if (!json_is_string(v))
		return tu_json_type_error(err, path, key, "a string", v);
	s = json_string_value(v);
	for (int i = 0; i <= max; i++) {
		if (strcmp(s, name(i)) == 0) {
			*out = i;
			return TU_OK;
		}
	}
	return tu_err_set(err, TU_EPARSE, "%s.%s: unknown value '%.64s'", path,
			  key, s);
}

static const char *skill_nm(int v)
{
	return tu_skill_level_name((enum tu_skill_level)v);
}

static const char *dim_nm(int v)
{
	return tu_goal_dimension_name((enum tu_goal_dimension)v);
}

static const char *cmp_nm(int v)
{
	return tu_cmp_name((enum tu_cmp)v);
}

static const char *persona_nm(int v)
{
	return tu_persona_name((enum tu_persona)v);
}

static const char *failure_nm(int v)
{
	return tu_failure_name((enum tu_failure)v);
}

static const char *scheduler_nm(int v)
{
	return tu_scheduler_name((enum tu_scheduler)v);
}

static const char *bucket_nm(int v)
{
	return tu__bucket_name(v);
}

/* An array of at most max strings, each < cap bytes, into dst[max][cap]. */
static enum tu_status get_strings(const json_t *o, const char *path,
				  const char *key, char *dst, size_t max,
				  size_t cap, size_t *n, struct tu_err *err)
{
	const json_t *a;
	char ipath[TU__PATH_MAX];

	TRY(tu_json_get_array(o, path, key, max, &a, err));
	for (size_t i = 0; i < json_array_size(a); i++) {
		sub_path(ipath, sizeof(ipath), "%s.%s[%zu]", path, key, i);
		TRY(tu_json_get_str(json_array_get(a, i), ipath, NULL,
				    dst + i * cap, cap, err));
	}
	*n = json_array_size(a);
	return TU_OK;
}

/* ---- entries ------------------------------------------------------------ */

static enum tu_status dec_topic(const json_t *o, const char *p, void *e,
				struct tu_err *err)
{
	static const char *const keys[] = { "topic", "mastery", "alpha",
		"beta", "attempts", "successes", "last_practiced", NULL };
	struct tu_topic_state *t = e;

	TRY(check_object(o, p, keys, err));
	TRY(tu_json_get_str(o, p, "topic", t->topic, sizeof(t->topic), err));
	TRY(get_real(o, p, "mastery", &t->mastery, err));
	TRY(get_real(o, p, "alpha", &t->alpha, err));
	TRY(get_real(o, p, "beta", &t->beta, err));
	TRY(get_u32(o, p, "attempts", &t->attempts, err));
	TRY(get_u32(o, p, "successes", &t->successes, err));
	return get_time(o, p, "last_practiced", true, &t->last_practiced, err);
}

static enum tu_status dec_misconception(const json_t *o, const char *p,
					void *e, struct tu_err *err)
{
	static const char *const keys[] = { "id", "topic", "count",
		"last_seen", "evidence", NULL };
	struct tu_misconception *m = e;
	const json_t *a;
	char ipath[TU__PATH_MAX];

	TRY(check_object(o, p, keys, err));
	TRY(tu_json_get_str(o, p, "id", m->id, sizeof(m->id), err));
	TRY(tu_json_get_str(o, p, "topic", m->topic, sizeof(m->topic), err));
	TRY(get_u32(o, p, "count", &m->count, err));
	TRY(get_time(o, p, "last_seen", true, &m->last_seen, err));
	TRY(tu_json_get_array(o, p, "evidence", TU_EVIDENCE_MAX, &a, err));
	for (size_t i = 0; i < json_array_size(a); i++) {
		const json_t *v = json_array_get(a, i);

		sub_path(ipath, sizeof(ipath), "%s.evidence[%zu]", p, i);
		if (!json_is_integer(v))
			return tu_json_type_error(err, ipath, NULL,
						  "an integer", v);
		if (json_integer_value(v) < 0)
			return tu_err_set(err, TU_ERANGE, "%s: must be >= 0, "
					  "got %lld", ipath,
					  (long long)json_integer_value(v));
		m->evidence[i] = (uint64_t)json_integer_value(v);
	}
	m->n_evidence = json_array_size(a);
	return TU_OK;
}

static enum tu_status dec_review(const json_t *o, const char *p, void *e,
				 struct tu_err *err)
{
	static const char *const keys[] = { "item", "topics", "due",
		"interval_days", "ease_factor", "repetitions", "lapses",
		"stability", "difficulty", "last_review", NULL };
	struct tu_review_item *r = e;

	TRY(check_object(o, p, keys, err));
	TRY(tu_json_get_str(o, p, "item", r->item, sizeof(r->item), err));
	TRY(get_strings(o, p, "topics", r->topics[0], TU_ITEM_TOPICS_MAX,
			TU_ID_MAX, &r->n_topics, err));
	TRY(get_time(o, p, "due", true, &r->due, err));
	TRY(get_real(o, p, "interval_days", &r->interval_days, err));
	TRY(get_real(o, p, "ease_factor", &r->ease_factor, err));
	TRY(get_u32(o, p, "repetitions", &r->repetitions, err));
	TRY(get_u32(o, p, "lapses", &r->lapses, err));
	TRY(get_real(o, p, "stability", &r->stability, err));
	TRY(get_real(o, p, "difficulty", &r->difficulty, err));
	return get_time(o, p, "last_review", true, &r->last_review, err);
}

static enum tu_status dec_threshold(const json_t *o, const char *p,
				    struct tu_goal *g, struct tu_err *err)
{
	static const char *const keys[] = { "cmp", "value", NULL };
	const json_t *th = json_object_get(o, "threshold");
	char tpath[TU__PATH_MAX];
	int cmp = 0;

	sub_path(tpath, sizeof(tpath), "%s.threshold", p);
	TRY(check_object(th, tpath, keys, err));
	TRY(get_enum(th, tpath, "cmp", cmp_nm, TU_CMP_EQ, &cmp, err));
	g->threshold_cmp = (enum tu_cmp)cmp;
	return get_real(th, tpath, "value", &g->threshold, err);
}

static enum tu_status dec_goal(const json_t *o, const char *p, void *e,
			       struct tu_err *err)
{
	static const char *const keys[] = { "id", "dimension", "description",
		"metric", "threshold", "value", "confidence", "weight",
		"aligned", "evidence", NULL };
	struct tu_goal *g = e;
	int dim = 0;

	TRY(check_object(o, p, keys, err));
	TRY(tu_json_get_str(o, p, "id", g->id, sizeof(g->id), err));
	TRY(get_enum(o, p, "dimension", dim_nm, TU_GOAL_DIMENSIONS - 1, &dim,
		     err));
	g->dimension = (enum tu_goal_dimension)dim;
	TRY(tu_json_get_str(o, p, "description", g->description,
			    sizeof(g->description), err));
	TRY(tu_json_get_str(o, p, "metric", g->metric, sizeof(g->metric), err));
	TRY(dec_threshold(o, p, g, err));
	g->value = (double)NAN;
	if (!json_is_null(json_object_get(o, "value")))
		TRY(get_real(o, p, "value", &g->value, err));
	TRY(get_real(o, p, "confidence", &g->confidence, err));
	TRY(get_real(o, p, "weight", &g->weight, err));
	TRY(tu_json_get_bool(o, p, "aligned", &g->aligned, err));
	return get_strings(o, p, "evidence", g->evidence[0], TU_EVIDENCE_MAX,
			   TU_SHORT_MAX, &g->n_evidence, err);
}

static enum tu_status dec_note(const json_t *o, const char *p, void *e,
			       struct tu_err *err)
{
	static const char *const keys[] = { "section", "text", NULL };
	struct tu_note *n = e;

	TRY(check_object(o, p, keys, err));
	TRY(tu_json_get_str(o, p, "section", n->section, sizeof(n->section),
			    err));
	return tu_json_get_str(o, p, "text", n->text, sizeof(n->text), err);
}

static enum tu_status dec_item(const json_t *o, const char *p, void *e,
			       struct tu_err *err)
{
	static const char *const keys[] = { "item", "attempts", "failures",
		"hints_used", "hint_level", "last_failure", "solved",
		"first_seen", "last_picked", "last_attempt", "opened",
		"solved_at", "time_s", NULL };
	struct tu_item_progress *it = e;
	int fail = 0;

	TRY(check_object(o, p, keys, err));
	TRY(tu_json_get_str(o, p, "item", it->item, sizeof(it->item), err));
	TRY(get_u32(o, p, "attempts", &it->attempts, err));
	TRY(get_u32(o, p, "failures", &it->failures, err));
	TRY(get_u32(o, p, "hints_used", &it->hints_used, err));
	TRY(get_u32(o, p, "hint_level", &it->hint_level, err));
	TRY(get_enum(o, p, "last_failure", failure_nm, TU_FAIL_TIMEOUT, &fail,
		     err));
	it->last_failure = (enum tu_failure)fail;
	TRY(tu_json_get_bool(o, p, "solved", &it->solved, err));
	TRY(get_time(o, p, "first_seen", true, &it->first_seen, err));
	TRY(get_time(o, p, "last_picked", true, &it->last_picked, err));
	TRY(get_time(o, p, "last_attempt", true, &it->last_attempt, err));
	TRY(get_time(o, p, "opened", true, &it->opened, err));
	TRY(get_time(o, p, "solved_at", true, &it->solved_at, err));
	return get_real(o, p, "time_s", &it->time_s, err);
}

typedef enum tu_status (*dec_entry_fn)(const json_t *o, const char *path,
				       void *entry, struct tu_err *err);

/*
 * Decodes o.key (an array) into *base (n entries, capacity cap).  The
 * array grows as entries decode, so memory follows the valid input, not
 * the entry count a document claims (3 bytes of "{}," per entry would
 * otherwise buy a 3 KB struct tu_goal each).
 */
static enum tu_status dec_list(const json_t *o, const char *key, size_t elem,
			       dec_entry_fn fn, void **base, size_t *n,
			       size_t *cap, struct tu_err *err)
{
	const json_t *a;
	char path[TU__PATH_MAX];

	TRY(tu_json_get_array(o, "$", key, TU_STATE_LIST_MAX, &a, err));
	for (size_t i = 0; i < json_array_size(a); i++) {
		sub_path(path, sizeof(path), "$.%s", key);
		TRY(tu__grow(base, cap, i, elem, path, err));
		memset((char *)*base + i * elem, 0, elem);
		sub_path(path, sizeof(path), "$.%s[%zu]", key, i);
		TRY(fn(json_array_get(a, i), path, (char *)*base + i * elem,
		       err));
		*n = i + 1;
	}
	return TU_OK;
}

/* ---- top level ---------------------------------------------------------- */

static enum tu_status dec_windows(const json_t *o, const char *p,
				  struct tu_engagement *e, struct tu_err *err)
{
	static const char *const keys[] = { "start", "end", "events", NULL };
	const json_t *a;
	char wpath[TU__PATH_MAX];

	TRY(tu_json_get_array(o, p, "windows", TU_ACTIVITY_MAX, &a, err));
	for (size_t i = 0; i < json_array_size(a); i++) {
		const json_t *w = json_array_get(a, i);
		struct tu_activity_window *win = &e->windows[i];

		sub_path(wpath, sizeof(wpath), "%s.windows[%zu]", p, i);
		TRY(check_object(w, wpath, keys, err));
		TRY(get_time(w, wpath, "start", false, &win->start, err));
		TRY(get_time(w, wpath, "end", false, &win->end, err));
		TRY(get_u32(w, wpath, "events", &win->events, err));
	}
	e->n_windows = json_array_size(a);
	return TU_OK;
}

static enum tu_status dec_engagement(const json_t *root,
				     struct tu_engagement *e,
				     struct tu_err *err)
{
	static const char *const keys[] = { "streak_days", "longest_streak",
		"last_seen", "failure_streak", "last_nudge", "nudges_today",
		"windows", NULL };
	const json_t *o = json_object_get(root, "engagement");
	const char *p = "$.engagement";

	TRY(check_object(o, p, keys, err));
	TRY(get_u32(o, p, "streak_days", &e->streak_days, err));
	TRY(get_u32(o, p, "longest_streak", &e->longest_streak, err));
	TRY(get_time(o, p, "last_seen", true, &e->last_seen, err));
	TRY(get_u32(o, p, "failure_streak", &e->failure_streak, err));
	TRY(get_time(o, p, "last_nudge", true, &e->last_nudge, err));
	TRY(get_u32(o, p, "nudges_today", &e->nudges_today, err));
	return dec_windows(o, p, e, err);
}

static enum tu_status dec_preferences(const json_t *root,
				      struct tu_preferences *pr,
				      struct tu_err *err)
{
	static const char *const keys[] = { "skill_level", "language",
		"time_budget_min", "opt_outs", "scheduler", "utc_offset_min",
		NULL };
	const json_t *o = json_object_get(root, "preferences");
	const char *p = "$.preferences";
	int skill = 0, sched = 0;
	int64_t off = 0;

	TRY(check_object(o, p, keys, err));
	TRY(get_enum(o, p, "skill_level", skill_nm, TU_SKILL_ADVANCED, &skill,
		     err));
	pr->skill_level = (enum tu_skill_level)skill;
	TRY(tu_json_get_str(o, p, "language", pr->language,
			    sizeof(pr->language), err));
	TRY(get_u32(o, p, "time_budget_min", &pr->time_budget_min, err));
	TRY(get_strings(o, p, "opt_outs", pr->opt_outs[0], TU_OPT_OUTS_MAX,
			TU_SHORT_MAX, &pr->n_opt_outs, err));
	TRY(get_enum(o, p, "scheduler", scheduler_nm, TU_SCHED_FSRS, &sched,
		     err));
	pr->scheduler = (enum tu_scheduler)sched;
	TRY(tu_json_get_int(o, p, "utc_offset_min", -1439, 1439, &off, err));
	pr->utc_offset_min = (int32_t)off;
	return TU_OK;
}

static enum tu_status dec_daily(const json_t *root, struct tu_daily_plan *d,
				struct tu_err *err)
{
	static const char *const keys[] = { "day", "items", NULL };
	static const char *const ekeys[] = { "item", "bucket", NULL };
	const json_t *o = json_object_get(root, "daily");
	const char *p = "$.daily";
	const json_t *a;
	char ipath[TU__PATH_MAX];
	int b = 0;

	TRY(check_object(o, p, keys, err));
	TRY(get_time(o, p, "day", true, &d->day, err));
	TRY(tu_json_get_array(o, p, "items", TU_DAILY_MAX, &a, err));
	for (size_t i = 0; i < json_array_size(a); i++) {
		const json_t *e = json_array_get(a, i);

		sub_path(ipath, sizeof(ipath), "%s.items[%zu]", p, i);
		TRY(check_object(e, ipath, ekeys, err));
		TRY(tu_json_get_str(e, ipath, "item", d->items[i],
				    sizeof(d->items[i]), err));
		TRY(get_enum(e, ipath, "bucket", bucket_nm, TU__BUCKETS - 1,
			     &b, err));
		memcpy(d->buckets[i], tu__bucket_name(b),
		       strlen(tu__bucket_name(b)) + 1);
	}
	d->n = json_array_size(a);
	return TU_OK;
}

static enum tu_status check_format(const json_t *root, struct tu_err *err)
{
	const json_t *v;

	if (!json_is_object(root))
		return tu_json_type_error(err, "$", NULL, "an object", root);
	v = json_object_get(root, "format");
	if (!v)
		return tu_err_set(err, TU_EPARSE,
				  "$.format: missing required field");
	if (!json_is_integer(v))
		return tu_json_type_error(err, "$", "format", "an integer", v);
	if (json_integer_value(v) != TU_STATE_FORMAT)
		return tu_err_set(err, TU_ERANGE,
				  "$.format: unsupported format %lld (this "
				  "build reads %d)",
				  (long long)json_integer_value(v),
				  TU_STATE_FORMAT);
	return TU_OK;
}

static enum tu_status dec_lists(const json_t *o, struct tu_learner_state *s,
				struct tu_err *err)
{
	enum tu_status st;
	void *p = NULL;

	st = dec_list(o, "topics", sizeof(*s->topics), dec_topic, &p,
		      &s->n_topics, &s->cap_topics, err);
	s->topics = p;
	p = NULL;
	if (!st)
		st = dec_list(o, "misconceptions", sizeof(*s->misconceptions),
			      dec_misconception, &p, &s->n_misconceptions,
			      &s->cap_misconceptions, err);
	s->misconceptions = p;
	p = NULL;
	if (!st)
		st = dec_list(o, "reviews", sizeof(*s->reviews), dec_review,
			      &p, &s->n_reviews, &s->cap_reviews, err);
	s->reviews = p;
	p = NULL;
	if (!st)
		st = dec_list(o, "goals", sizeof(*s->goals), dec_goal, &p,
			      &s->n_goals, &s->cap_goals, err);
	s->goals = p;
	p = NULL;
	if (!st)
		st = dec_list(o, "notes", sizeof(*s->notes), dec_note, &p,
			      &s->n_notes, &s->cap_notes, err);
	s->notes = p;
	p = NULL;
	if (!st)
		st = dec_list(o, "items", sizeof(*s->items), dec_item, &p,
			      &s->n_items, &s->cap_items, err);
	s->items = p;
	return st;
}

static enum tu_status dec_state(const json_t *o, struct tu_learner_state *s,
				struct tu_err *err)
{
	static const char *const keys[] = { "format", "learner_id", "version",
		"updated", "persona", "preferences", "engagement", "topics",
		"misconceptions", "reviews", "goals", "notes", "items", "daily",
		NULL };
	int persona = 0;

	TRY(check_format(o, err));
	TRY(check_object(o, "$", keys, err));
	TRY(tu_json_get_str(o, "$", "learner_id", s->learner_id,
			    sizeof(s->learner_id), err));
	TRY(get_u64(o, "$", "version", &s->version, err));
	TRY(get_time(o, "$", "updated", true, &s->updated, err));
	TRY(get_enum(o, "$", "persona", persona_nm, TU_PERSONA_STRUGGLER,
		     &persona, err));
	s->persona = (enum tu_persona)persona;
	TRY(dec_preferences(o, &s->preferences, err));
	TRY(dec_engagement(o, &s->engagement, err));
	TRY(dec_lists(o, s, err));
	TRY(dec_daily(o, &s->daily, err));
	return tu_learner_state_validate(s, err);
}

enum tu_status tu_learner_state_decode(const char *buf, size_t len,
				       struct tu_learner_state *s,
				       struct tu_err *err)
{
	struct tu_learner_state tmp;
	json_t *root;
	enum tu_status st;

	TRY(tu_json_load(buf, len, TU_STATE_JSON_MAX, NULL, &root, err));
	tu_learner_state_init(&tmp);
	st = dec_state(root, &tmp, err);
	json_decref(root);
	if (st) {
		tu_learner_state_release(&tmp);
		return st;
	}
	tu_learner_state_move(s, &tmp);
	return TU_OK;
}
