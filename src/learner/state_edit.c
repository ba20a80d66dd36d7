/*
 * state_edit.c - safe, bounded edits of a learner state (tutor/learner.h):
 * find / get-or-create / add / remove on the lists.  Every function checks
 * its input first and changes nothing on error.  Lookups are linear scans:
 * states hold tens to hundreds of entries per list.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "learner_internal.h"

enum tu_status tu__grow(void **arr, size_t *cap, size_t n, size_t elem,
			const char *what, struct tu_err *err)
{
	size_t ncap;
	void *p;

	if (n >= TU_STATE_LIST_MAX)
		return tu_err_set(err, TU_ERANGE, "%s: list is full (%d entries)",
				  what, TU_STATE_LIST_MAX);
	if (n < *cap)
		return TU_OK;
	ncap = *cap ? *cap * 2 : 8;
	if (ncap > TU_STATE_LIST_MAX)
		ncap = TU_STATE_LIST_MAX;
	p = realloc(*arr, ncap * elem);
	if (!p)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", what);
	*arr = p;
	*cap = ncap;
	return TU_OK;
}

enum tu_status tu_learner_set_string(char *dst, size_t cap, const char *src,
				     struct tu_err *err)
{
	size_t n = strlen(src);

	if (n >= cap)
		return tu_err_set(err, TU_ERANGE,
				  "string of %zu bytes does not fit in %zu",
				  n, cap);
	memcpy(dst, src, n + 1);
	return TU_OK;
}

static enum tu_status check_arg_id(const char *id, size_t cap,
				   bool may_be_empty, const char *what,
				   struct tu_err *err)
{
	if (!id || !tu__id_ok(id, cap, may_be_empty))
		return tu_err_set(err, TU_EINVAL,
				  "%s: must be %sshorter than %zu bytes without "
				  "control characters", what,
				  may_be_empty ? "" : "non-empty, ", cap);
	return TU_OK;
}

/* ---- topics ------------------------------------------------------------ */

struct tu_topic_state *tu_learner_topic_find(const struct tu_learner_state *s,
					     const char *topic)
{
	for (size_t i = 0; i < s->n_topics; i++)
		if (strncmp(s->topics[i].topic, topic, TU_ID_MAX) == 0)
			return &s->topics[i];
	return NULL;
}

enum tu_status tu_learner_topic_get(struct tu_learner_state *s,
				    const char *topic, bool create,
				    double init_m, struct tu_topic_state **out,
				    struct tu_err *err)
{
	struct tu_topic_state *t;
	enum tu_status st = check_arg_id(topic, TU_ID_MAX, false, "topic", err);

	if (st)
		return st;
	t = tu_learner_topic_find(s, topic);
	if (!t && !create)
		return tu_err_set(err, TU_ENOTFOUND, "topic '%s': not in the state",
				  topic);
	if (!t && !(init_m >= 0.0 && init_m <= 1.0))
		return tu_err_set(err, TU_EINVAL,
				  "topic '%s': initial mastery must be in [0,1], "
				  "got %g", topic, init_m);
	if (!t) {
		void *p = s->topics;

		st = tu__grow(&p, &s->cap_topics, s->n_topics,
			      sizeof(*s->topics), "$.topics", err);
		s->topics = p;
		if (st)
			return st;
		t = &s->topics[s->n_topics++];
		memset(t, 0, sizeof(*t));
		memcpy(t->topic, topic, strlen(topic) + 1);
		t->mastery = init_m;
		t->alpha = 1.0;
		t->beta = 1.0;
		t->last_practiced = TU_TIME_NONE;
	}
	if (out)
		*out = t;
	return TU_OK;
}

/* ---- reviews ----------------------------------------------------------- */

void tu_learner_review_init(struct tu_review_item *r)
{
	memset(r, 0, sizeof(*r));
	r->due = TU_TIME_NONE;
	r->ease_factor = 2.5;
	r->last_review = TU_TIME_NONE;
}

struct tu_review_item *tu_learner_review_find(const struct tu_learner_state *s,
					      const char *item)
{
	for (size_t i = 0; i < s->n_reviews; i++)
		if (strncmp(s->reviews[i].item, item, TU_ID_MAX) == 0)
			return &s->reviews[i];
	return NULL;
}

/* Maps the checker's TU_ERANGE to TU_EINVAL: a caller's value is wrong. */
static enum tu_status as_einval(enum tu_status st, struct tu_err *err)
{
	if (st == TU_ERANGE && err)
		err->code = TU_EINVAL;
	return st == TU_ERANGE ? TU_EINVAL : st;
}

enum tu_status tu_learner_review_add(struct tu_learner_state *s,
				     const struct tu_review_item *r,
				     struct tu_review_item **out,
				     struct tu_err *err)
{
	enum tu_status st = as_einval(tu__review_check(r, "review", err), err);
	void *p;

	if (st)
		return st;
	if (tu_learner_review_find(s, r->item))
		return tu_err_set(err, TU_EINVAL, "review '%s': already exists",
				  r->item);
	p = s->reviews;
	st = tu__grow(&p, &s->cap_reviews, s->n_reviews,
		      sizeof(*s->reviews), "$.reviews", err);
	s->reviews = p;
	if (st)
		return st;
	s->reviews[s->n_reviews] = *r;
	if (out)
		*out = &s->reviews[s->n_reviews];
	s->n_reviews++;
	return TU_OK;
}

enum tu_status tu_learner_review_remove(struct tu_learner_state *s,
					const char *item, struct tu_err *err)
{
	struct tu_review_item *r = tu_learner_review_find(s, item);
	size_t i;

	if (!r)
		return tu_err_set(err, TU_ENOTFOUND, "review '%s': not in the state",
				  item);
	i = (size_t)(r - s->reviews);
	memmove(r, r + 1, (s->n_reviews - i - 1) * sizeof(*r));
	s->n_reviews--;
	return TU_OK;
}

/* ---- goals and notes --------------------------------------------------- */

void tu_learner_goal_init(struct tu_goal *g)
{
	memset(g, 0, sizeof(*g));
	g->dimension = TU_GOAL_LONG_TERM_OBJECTIVE;
	g->threshold_cmp = TU_CMP_GE;
	g->value = (double)NAN;
	g->weight = 1.0;
}

struct tu_goal *tu_learner_goal_find(const struct tu_learner_state *s,
				     const char *id)
{
	for (size_t i = 0; i < s->n_goals; i++)
		if (strncmp(s->goals[i].id, id, TU_ID_MAX) == 0)
			return &s->goals[i];
	return NULL;
}

enum tu_status tu_learner_goal_add(struct tu_learner_state *s,
				   const struct tu_goal *g, struct tu_goal **out,
				   struct tu_err *err)
{
	enum tu_status st = as_einval(tu__goal_check(g, "goal", err), err);
	void *p;

	if (st)
		return st;
	if (tu_learner_goal_find(s, g->id))
		return tu_err_set(err, TU_EINVAL, "goal '%s': already exists",
				  g->id);
	p = s->goals;
	st = tu__grow(&p, &s->cap_goals, s->n_goals,
		      sizeof(*s->goals), "$.goals", err);
	s->goals = p;
	if (st)
		return st;
	s->goals[s->n_goals] = *g;
	if (out)
		*out = &s->goals[s->n_goals];
	s->n_goals++;
	return TU_OK;
}

enum tu_status tu_learner_note_add(struct tu_learner_state *s,
				   const char *section, const char *text,
				   struct tu_err *err)
{
	enum tu_status st = check_arg_id(section, TU_ID_MAX, false,
					 "note section", err);
	void *p;

	if (st)
		return st;
	if (!text || strlen(text) >= TU_TEXT_MAX)
		return tu_err_set(err, TU_EINVAL,
				  "note text: must be shorter than %d bytes",
				  TU_TEXT_MAX);
	p = s->notes;
	st = tu__grow(&p, &s->cap_notes, s->n_notes,
		      sizeof(*s->notes), "$.notes", err);
	s->notes = p;
	if (st)
		return st;
	memset(&s->notes[s->n_notes], 0, sizeof(s->notes[0]));
	memcpy(s->notes[s->n_notes].section, section, strlen(section) + 1);
	memcpy(s->notes[s->n_notes].text, text, strlen(text) + 1);
	s->n_notes++;
	return TU_OK;
}

/* ---- misconceptions ---------------------------------------------------- */

struct tu_misconception *
tu_learner_misconception_find(const struct tu_learner_state *s, const char *id)
{
	for (size_t i = 0; i < s->n_misconceptions; i++)
		if (strncmp(s->misconceptions[i].id, id, TU_ID_MAX) == 0)
			return &s->misconceptions[i];
	return NULL;
}

static enum tu_status misconception_new(struct tu_learner_state *s,
					const char *id, const char *topic,
					struct tu_misconception **out,
					struct tu_err *err)
{
	struct tu_misconception *m;
	enum tu_status st;
	void *p = s->misconceptions;

	st = tu__grow(&p, &s->cap_misconceptions,
		      s->n_misconceptions, sizeof(*s->misconceptions),
		      "$.misconceptions", err);
	s->misconceptions = p;
	if (st)
		return st;
	m = &s->misconceptions[s->n_misconceptions++];
	memset(m, 0, sizeof(*m));
	memcpy(m->id, id, strlen(id) + 1);
	memcpy(m->topic, topic, strlen(topic) + 1);
	m->last_seen = TU_TIME_NONE;
	*out = m;
	return TU_OK;
}

enum tu_status tu_learner_misconception_record(struct tu_learner_state *s,
					       const char *id,
					       const char *topic,
					       uint64_t event_id, int64_t now,
					       struct tu_err *err)
{
	struct tu_misconception *m;
	enum tu_status st = check_arg_id(id, TU_ID_MAX, false,
					 "misconception id", err);

	if (!st)
		st = check_arg_id(topic, TU_ID_MAX, true, "misconception topic",
				  err);
	if (st)
		return st;
	if (event_id > TU__JSON_INT_MAX)
		return tu_err_set(err, TU_EINVAL,
				  "misconception '%s': event id must be <= %lld",
				  id, (long long)INT64_MAX);
	m = tu_learner_misconception_find(s, id);
	if (!m) {
		st = misconception_new(s, id, topic, &m, err);
		if (st)
			return st;
	}
	if (m->n_evidence == TU_EVIDENCE_MAX) {
		memmove(m->evidence, m->evidence + 1,
			(TU_EVIDENCE_MAX - 1) * sizeof(m->evidence[0]));
		m->n_evidence--;
	}
	m->evidence[m->n_evidence++] = event_id;
	if (m->count < UINT32_MAX)
		m->count++;
	m->last_seen = now;
	return TU_OK;
}

/* ---- engagement and preferences ---------------------------------------- */

enum tu_status tu_learner_window_add(struct tu_learner_state *s,
				     int64_t start, int64_t end,
				     uint32_t events, struct tu_err *err)
{
	struct tu_engagement *e = &s->engagement;

	if (start == TU_TIME_NONE || end == TU_TIME_NONE || start > end)
		return tu_err_set(err, TU_EINVAL,
				  "activity window: need start <= end, got "
				  "[%lld, %lld]", (long long)start,
				  (long long)end);
	if (e->n_windows == TU_ACTIVITY_MAX) {
		memmove(e->windows, e->windows + 1,
			(TU_ACTIVITY_MAX - 1) * sizeof(e->windows[0]));
		e->n_windows--;
	}
	e->windows[e->n_windows].start = start;
	e->windows[e->n_windows].end = end;
	e->windows[e->n_windows].events = events;
	e->n_windows++;
	return TU_OK;
}

bool tu_learner_has_opt_out(const struct tu_learner_state *s,
			    const char *name)
{
	const struct tu_preferences *p = &s->preferences;

	for (size_t i = 0; i < p->n_opt_outs && i < TU_OPT_OUTS_MAX; i++)
		if (strncmp(p->opt_outs[i], name, TU_SHORT_MAX) == 0)
			return true;
	return false;
}

enum tu_status tu_learner_opt_out_add(struct tu_learner_state *s,
				      const char *name, struct tu_err *err)
{
	struct tu_preferences *p = &s->preferences;
	enum tu_status st = check_arg_id(name, TU_SHORT_MAX, false, "opt-out",
					 err);

	if (st)
		return st;
	if (tu_learner_has_opt_out(s, name))
		return TU_OK;
	if (p->n_opt_outs >= TU_OPT_OUTS_MAX)
		return tu_err_set(err, TU_ERANGE,
				  "opt-out '%s': at most %d opt-outs", name,
				  TU_OPT_OUTS_MAX);
	memcpy(p->opt_outs[p->n_opt_outs], name, strlen(name) + 1);
	p->n_opt_outs++;
	return TU_OK;
}

/* ---- item progress ----------------------------------------------------- */

void tu_learner_item_init(struct tu_item_progress *p)
{
	memset(p, 0, sizeof(*p));
	p->last_failure = TU_FAIL_NONE;
	p->first_seen = TU_TIME_NONE;
	p->last_picked = TU_TIME_NONE;
	p->last_attempt = TU_TIME_NONE;
	p->opened = TU_TIME_NONE;
	p->solved_at = TU_TIME_NONE;
}

struct tu_item_progress *tu_learner_item_find(const struct tu_learner_state *s,
					      const char *item)
{
	for (size_t i = 0; i < s->n_items; i++)
		if (strncmp(s->items[i].item, item, TU_ID_MAX) == 0)
			return &s->items[i];
	return NULL;
}

enum tu_status tu_learner_item_get(struct tu_learner_state *s,
				   const char *item,
				   struct tu_item_progress **out,
				   struct tu_err *err)
{
	struct tu_item_progress *p;
	enum tu_status st = check_arg_id(item, TU_ID_MAX, false, "item", err);
	void *arr;

	if (st)
		return st;
	p = tu_learner_item_find(s, item);
	if (!p) {
		arr = s->items;
		st = tu__grow(&arr, &s->cap_items, s->n_items,
			      sizeof(*s->items), "$.items", err);
		s->items = arr;
		if (st)
			return st;
		p = &s->items[s->n_items++];
		tu_learner_item_init(p);
		memcpy(p->item, item, strlen(item) + 1);
	}
	if (out)
		*out = p;
	return TU_OK;
}
