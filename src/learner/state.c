/*
 * state.c - lifecycle, deep copy, equality and enum names of the learner
 * state (tutor/learner.h).  Validation lives in state_check.c, editing in
 * state_edit.c, the JSON codec in state_json.c.  No I/O.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "learner_internal.h"

void tu_learner_state_init(struct tu_learner_state *s)
{
	memset(s, 0, sizeof(*s));
	s->updated = TU_TIME_NONE;
	s->engagement.last_seen = TU_TIME_NONE;
	s->engagement.last_nudge = TU_TIME_NONE;
	s->preferences.skill_level = TU_SKILL_UNKNOWN;
	s->preferences.scheduler = TU_SCHED_SM2;
	s->preferences.utc_offset_min = 0;
	s->persona = TU_PERSONA_NONE;
	s->daily.day = TU_TIME_NONE;
}

void tu_learner_state_release(struct tu_learner_state *s)
{
	if (!s)
		return;
	free(s->topics);
	free(s->misconceptions);
	free(s->reviews);
	free(s->goals);
	free(s->notes);
	free(s->items);
	tu_learner_state_init(s);
}

void tu_learner_state_move(struct tu_learner_state *dst,
			   struct tu_learner_state *src)
{
	if (dst == src)
		return;
	tu_learner_state_release(dst);
	*dst = *src;
	tu_learner_state_init(src);
}

size_t tu_learner_state_bytes(const struct tu_learner_state *s)
{
	return sizeof(*s) + s->cap_topics * sizeof(s->topics[0]) +
	       s->cap_misconceptions * sizeof(s->misconceptions[0]) +
	       s->cap_reviews * sizeof(s->reviews[0]) +
	       s->cap_goals * sizeof(s->goals[0]) +
	       s->cap_notes * sizeof(s->notes[0]) +
	       s->cap_items * sizeof(s->items[0]);
}

/* Returns a malloc'd copy of n elements of size elem (NULL for n == 0);
 * *ok is cleared on allocation failure. */
static void *dup_array(const void *src, size_t n, size_t elem, bool *ok)
{
	void *p;

	if (n == 0 || !src)
		return NULL;
	p = malloc(n * elem);
	if (!p) {
		*ok = false;
		return NULL;
	}
	memcpy(p, src, n * elem);
	return p;
}

enum tu_status tu_learner_state_copy(struct tu_learner_state *dst,
				     const struct tu_learner_state *src,
				     struct tu_err *err)
{
	struct tu_learner_state tmp = *src;
	bool ok = true;

	tmp.topics = dup_array(src->topics, src->n_topics,
			       sizeof(*src->topics), &ok);
	tmp.misconceptions = dup_array(src->misconceptions,
				       src->n_misconceptions,
				       sizeof(*src->misconceptions), &ok);
	tmp.reviews = dup_array(src->reviews, src->n_reviews,
				sizeof(*src->reviews), &ok);
	tmp.goals = dup_array(src->goals, src->n_goals, sizeof(*src->goals),
			      &ok);
	tmp.notes = dup_array(src->notes, src->n_notes, sizeof(*src->notes),
			      &ok);
	tmp.items = dup_array(src->items, src->n_items, sizeof(*src->items),
			      &ok);
	tmp.cap_topics = tmp.n_topics;
	tmp.cap_misconceptions = tmp.n_misconceptions;
	tmp.cap_reviews = tmp.n_reviews;
	tmp.cap_goals = tmp.n_goals;
	tmp.cap_notes = tmp.n_notes;
	tmp.cap_items = tmp.n_items;
	if (!ok) {
		tu_learner_state_release(&tmp);
		return tu_err_set(err, TU_ENOMEM, "learner state copy: out of memory");
	}
	tu_learner_state_move(dst, &tmp);
	return TU_OK;
}

/* ---- equality ---------------------------------------------------------- */

static bool deq(double a, double b)
{
	if (isnan(a) && isnan(b))
		return true;
	return memcmp(&a, &b, sizeof(a)) == 0;
}

static bool seq(const char *a, const char *b, size_t cap)
{
	return strncmp(a, b, cap) == 0;
}

static bool topic_eq(const struct tu_topic_state *a,
		     const struct tu_topic_state *b)
{
	return seq(a->topic, b->topic, TU_ID_MAX) &&
	       deq(a->mastery, b->mastery) && deq(a->alpha, b->alpha) &&
	       deq(a->beta, b->beta) && a->attempts == b->attempts &&
	       a->successes == b->successes &&
	       a->last_practiced == b->last_practiced;
}

static bool misc_eq(const struct tu_misconception *a,
		    const struct tu_misconception *b)
{
	if (!seq(a->id, b->id, TU_ID_MAX) || !seq(a->topic, b->topic, TU_ID_MAX) ||
	    a->n_evidence != b->n_evidence || a->count != b->count ||
	    a->last_seen != b->last_seen || a->n_evidence > TU_EVIDENCE_MAX)
		return false;
	for (size_t i = 0; i < a->n_evidence; i++)
		if (a->evidence[i] != b->evidence[i])
			return false;
	return true;
}

static bool review_eq(const struct tu_review_item *a,
		      const struct tu_review_item *b)
{
	if (!seq(a->item, b->item, TU_ID_MAX) || a->n_topics != b->n_topics ||
	    a->n_topics > TU_ITEM_TOPICS_MAX)
		return false;
	for (size_t i = 0; i < a->n_topics; i++)
		if (!seq(a->topics[i], b->topics[i], TU_ID_MAX))
			return false;
	return a->due == b->due && deq(a->interval_days, b->interval_days) &&
	       deq(a->ease_factor, b->ease_factor) &&
	       a->repetitions == b->repetitions && a->lapses == b->lapses &&
	       deq(a->stability, b->stability) &&
	       deq(a->difficulty, b->difficulty) &&
	       a->last_review == b->last_review;
}

static bool goal_eq(const struct tu_goal *a, const struct tu_goal *b)
{
	if (!seq(a->id, b->id, TU_ID_MAX) || a->dimension != b->dimension ||
	    !seq(a->description, b->description, TU_TEXT_MAX) ||
	    !seq(a->metric, b->metric, TU_SHORT_MAX) ||
	    a->threshold_cmp != b->threshold_cmp ||
	    !deq(a->threshold, b->threshold) || !deq(a->value, b->value) ||
	    a->n_evidence != b->n_evidence || a->n_evidence > TU_EVIDENCE_MAX)
		return false;
	for (size_t i = 0; i < a->n_evidence; i++)
		if (!seq(a->evidence[i], b->evidence[i], TU_SHORT_MAX))
			return false;
	return deq(a->confidence, b->confidence) && deq(a->weight, b->weight) &&
	       a->aligned == b->aligned;
}

static bool note_eq(const struct tu_note *a, const struct tu_note *b)
{
	return seq(a->section, b->section, TU_ID_MAX) &&
	       seq(a->text, b->text, TU_TEXT_MAX);
}

static bool item_eq(const struct tu_item_progress *a,
		    const struct tu_item_progress *b)
{
	return seq(a->item, b->item, TU_ID_MAX) &&
	       a->attempts == b->attempts && a->failures == b->failures &&
	       a->hints_used == b->hints_used &&
	       a->hint_level == b->hint_level &&
	       a->last_failure == b->last_failure && a->solved == b->solved &&
	       a->first_seen == b->first_seen &&
	       a->last_picked == b->last_picked &&
	       a->last_attempt == b->last_attempt && a->opened == b->opened &&
	       a->solved_at == b->solved_at && deq(a->time_s, b->time_s);
}

static bool daily_eq(const struct tu_daily_plan *a,
		     const struct tu_daily_plan *b)
{
	if (a->day != b->day || a->n != b->n || a->n > TU_DAILY_MAX)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!seq(a->items[i], b->items[i], TU_ID_MAX) ||
		    !seq(a->buckets[i], b->buckets[i], sizeof(a->buckets[i])))
			return false;
	return true;
}

static bool engagement_eq(const struct tu_engagement *a,
			  const struct tu_engagement *b)
{
	if (a->streak_days != b->streak_days ||
	    a->longest_streak != b->longest_streak ||
	    a->last_seen != b->last_seen ||
	    a->failure_streak != b->failure_streak ||
	    a->last_nudge != b->last_nudge ||
	    a->nudges_today != b->nudges_today ||
	    a->n_windows != b->n_windows || a->n_windows > TU_ACTIVITY_MAX)
		return false;
	for (size_t i = 0; i < a->n_windows; i++)
		if (a->windows[i].start != b->windows[i].start ||
		    a->windows[i].end != b->windows[i].end ||
		    a->windows[i].events != b->windows[i].events)
			return false;
	return true;
}

static bool prefs_eq(const struct tu_preferences *a,
		     const struct tu_preferences *b)
{
	if (a->skill_level != b->skill_level ||
	    !seq(a->language, b->language, TU_SHORT_MAX) ||
	    a->time_budget_min != b->time_budget_min ||
	    a->scheduler != b->scheduler ||
	    a->utc_offset_min != b->utc_offset_min ||
	    a->n_opt_outs != b->n_opt_outs || a->n_opt_outs > TU_OPT_OUTS_MAX)
		return false;
	for (size_t i = 0; i < a->n_opt_outs; i++)
		if (!seq(a->opt_outs[i], b->opt_outs[i], TU_SHORT_MAX))
			return false;
	return true;
}

#define LIST_EQ(fn, a, b, arr, n)                                       \
	do {                                                            \
		if ((a)->n != (b)->n)                                   \
			return false;                                   \
		for (size_t i_ = 0; i_ < (a)->n; i_++)                  \
			if (!fn(&(a)->arr[i_], &(b)->arr[i_]))          \
				return false;                           \
	} while (0)

bool tu_learner_state_equal(const struct tu_learner_state *a,
			    const struct tu_learner_state *b)
{
	if (!seq(a->learner_id, b->learner_id, TU_ID_MAX) ||
	    a->version != b->version || a->updated != b->updated ||
	    a->persona != b->persona ||
	    !engagement_eq(&a->engagement, &b->engagement) ||
	    !prefs_eq(&a->preferences, &b->preferences) ||
	    !daily_eq(&a->daily, &b->daily))
		return false;
	LIST_EQ(topic_eq, a, b, topics, n_topics);
	LIST_EQ(misc_eq, a, b, misconceptions, n_misconceptions);
	LIST_EQ(review_eq, a, b, reviews, n_reviews);
	LIST_EQ(goal_eq, a, b, goals, n_goals);
	LIST_EQ(note_eq, a, b, notes, n_notes);
	LIST_EQ(item_eq, a, b, items, n_items);
	return true;
}

/* ---- enum names -------------------------------------------------------- */

const char *tu_skill_level_name(enum tu_skill_level v)
{
	switch (v) {
	case TU_SKILL_UNKNOWN: return "unknown";
	case TU_SKILL_BEGINNER: return "beginner";
	case TU_SKILL_INTERMEDIATE: return "intermediate";
	case TU_SKILL_ADVANCED: return "advanced";
	}
	return "?";
}

const char *tu_goal_dimension_name(enum tu_goal_dimension v)
{
	switch (v) {
	case TU_GOAL_LONG_TERM_OBJECTIVE: return "long_term_objective";
	case TU_GOAL_SHORT_TERM_OBJECTIVE: return "short_term_objective";
	case TU_GOAL_IMPLICIT_MOTIVATION: return "implicit_motivation";
	case TU_GOAL_EXPLICIT_MOTIVATION: return "explicit_motivation";
	}
	return "?";
}

const char *tu_cmp_name(enum tu_cmp v)
{
	switch (v) {
	case TU_CMP_GE: return ">=";
	case TU_CMP_GT: return ">";
	case TU_CMP_LE: return "<=";
	case TU_CMP_LT: return "<";
	case TU_CMP_EQ: return "==";
	}
	return "?";
}

const char *tu_persona_name(enum tu_persona v)
{
	switch (v) {
	case TU_PERSONA_NONE: return "none";
	case TU_PERSONA_MOMENTUM: return "momentum";
	case TU_PERSONA_CONSOLIDATOR: return "consolidator";
	case TU_PERSONA_EXPLORER: return "explorer";
	case TU_PERSONA_STRUGGLER: return "struggler";
	}
	return "?";
}

const char *tu_failure_name(enum tu_failure f)
{
	switch (f) {
	case TU_FAIL_NONE: return "none";
	case TU_FAIL_SYNTAX: return "syntax";
	case TU_FAIL_RUNTIME: return "runtime";
	case TU_FAIL_WRONG: return "wrong_answer";
	case TU_FAIL_TIMEOUT: return "timeout";
	}
	return "?";
}

const char *tu_scheduler_name(enum tu_scheduler v)
{
	switch (v) {
	case TU_SCHED_SM2: return "sm2";
	case TU_SCHED_FSRS: return "fsrs";
	}
	return "?";
}

const char *tu__bucket_name(int i)
{
	static const char *const names[TU__BUCKETS] = { "review", "growth",
		"challenge", "mastered" };

	return i >= 0 && i < TU__BUCKETS ? names[i] : "?";
}
