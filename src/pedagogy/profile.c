/*
 * profile.c - the deterministic profiling pipeline of tutor/profile.h
 * (Pxplore's behaviour, language and episode stages; formulas in
 * docs/goals.md "The profiling pipeline").
 *
 * Steps: the attempted items become episodes in time order with their
 * behavioural indicators (time on task / expected time against IQR
 * fences, failures and hints as Pxplore's "pauses", review loops, first
 * tries); "ask" events and the learner's messages add questions and
 * affect (keyword cues, or the caller's classifier); each episode gets a
 * Bloom level from the course's Bloom map and its outcome, smoothed
 * (median of 3, then an exponentially weighted average); misconceptions
 * become knowledge gaps; tu_persona_compute gives level, trend and
 * persona, and the same interest rule ranks the topics.
 *
 * What it is not: no state change, no model call, no I/O, no clock.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tutor/content.h"
#include "tutor/goals.h"
#include "tutor/profile.h"

#define MENTIONS_PER_MESSAGE 8
#define GAP_REPAIR_FAILED_COUNT 3
#define GAP_REPAIR_FAILED_MASTERY 0.5
#define HINT_BOTTOM_OUT 4
#define QUOTE_PREFIX "said \""

const char *tu_behaviour_name(enum tu_behaviour b)
{
	static const char *const n[TU_BEHAVIOURS] = {
		"untimed", "normal", "productive_struggle",
		"focused_engagement", "skimming", "distraction"
	};

	return (unsigned)b < TU_BEHAVIOURS ? n[b] : "?";
}

const char *tu_profile_source_name(enum tu_profile_source s)
{
	switch (s) {
	case TU_PROFILE_SRC_NONE: return "none";
	case TU_PROFILE_SRC_KEYWORDS: return "keywords";
	case TU_PROFILE_SRC_HOOK: return "hook";
	}
	return "?";
}

void tu_profile_init(struct tu_profile *p)
{
	memset(p, 0, sizeof(*p));
	p->at = TU_TIME_NONE;
}

void tu_profile_release(struct tu_profile *p)
{
	if (!p)
		return;
	free(p->items);
	free(p->gaps);
	free(p->topics);
	tu_profile_init(p);
}

/* ---- the work area -------------------------------------------------------- */

struct mention {
	const char *topic;           /* into the profile's topic table */
	unsigned affect;
};

struct run {
	const struct tu_profile_input *in;
	struct tu_profile *p;
	struct tu_profile_item **by_id;  /* the items sorted by id */
	double *action_bloom;        /* per course problem: its exercise
					actions' highest level, 0 none */
	size_t cap_topics;
	struct mention *mentions;
	size_t n_mentions, cap_mentions;
	struct tu_err *err;
};

static enum tu_status nomem(struct tu_err *err)
{
	return tu_err_set(err, TU_ENOMEM, "profile: out of memory");
}

/* The table's copy of topic (added when new), or NULL when full. */
static const char *intern(struct run *r, const char *topic)
{
	struct tu_profile *p = r->p;

	for (size_t i = 0; i < p->n_topics; i++)
		if (strcmp(p->topics[i], topic) == 0)
			return p->topics[i];
	if (p->n_topics == r->cap_topics)
		return NULL;
	snprintf(p->topics[p->n_topics], TU_ID_MAX, "%s", topic);
	return p->topics[p->n_topics++];
}

/* ---- course look-ups (problems are sorted by id) ----------------------- */

static int cmp_problem(const void *key, const void *elem)
{
	return strcmp(key, ((const struct tu_course_problem *)elem)->id);
}

static const struct tu_course_problem *problem_of(const struct tu_course *c,
						  const char *id)
{
	if (!c || !c->problems || c->n_problems == 0)
		return NULL;
	return bsearch(id, c->problems, c->n_problems, sizeof(*c->problems),
		       cmp_problem);
}

/* The first topic of item: the course problem's, else its review entry's. */
static const char *topic_of(const struct tu_profile_input *in,
			    const struct tu_course_problem *p, const char *item)
{
	const struct tu_review_item *rv;

	if (p && p->n_topics > 0)
		return p->topics[0];
	rv = tu_learner_review_find(in->st, item);
	return rv && rv->n_topics > 0 ? rv->topics[0] : "";
}

/* Per course problem, the highest Bloom level (1..6) of the exercise
 * actions that practise it (0: none). */
static enum tu_status action_levels(struct run *r)
{
	const struct tu_course *c = r->in->course;

	if (!c || c->n_problems == 0)
		return TU_OK;
	r->action_bloom = calloc(c->n_problems, sizeof(*r->action_bloom));
	if (!r->action_bloom)
		return nomem(r->err);
	for (size_t i = 0; i < c->n_actions; i++) {
		const struct tu_course_action *a = &c->actions[i];
		const struct tu_course_problem *p;
		double l = (double)a->bloom + 1.0;
		size_t k;

		if (a->kind != TU_ACTION_EXERCISE || !a->problem[0])
			continue;
		p = problem_of(c, a->problem);
		if (!p)
			continue;
		k = (size_t)(p - c->problems);
		if (l > r->action_bloom[k])
			r->action_bloom[k] = l;
	}
	return TU_OK;
}

/* ---- stage 1: items and behaviour ----------------------------------------- */

static void item_facts(const struct tu_profile_input *in,
		       const struct tu_item_progress *ip,
		       struct tu_profile_item *it)
{
	const struct tu_course_problem *p = problem_of(in->course, ip->item);
	double expected = p ? p->expected_min * 60.0 : 0.0;

	memset(it, 0, sizeof(*it));
	snprintf(it->item, sizeof(it->item), "%s", ip->item);
	snprintf(it->topic, sizeof(it->topic), "%s", topic_of(in, p, ip->item));
	it->at = ip->solved && ip->solved_at != TU_TIME_NONE ? ip->solved_at :
		 ip->last_attempt;
	it->ratio = (double)NAN;
	if (ip->time_s > 0.0 && isfinite(expected) && expected > 0.0)
		it->ratio = ip->time_s / expected;
	it->struggle = ip->failures > 0 || ip->hints_used > 0;
	it->solved = ip->solved;
	it->hint_level = ip->hint_level;
	it->first_try = ip->solved && ip->failures == 0;
	it->review_loop = ip->solved && ip->solved_at != TU_TIME_NONE &&
			  ip->last_attempt != TU_TIME_NONE &&
			  ip->last_attempt > ip->solved_at;
	it->voluntary = ip->last_picked == TU_TIME_NONE;
	it->level = it->smoothed = (double)NAN;
}

static int by_time(const void *a, const void *b)
{
	const struct tu_profile_item *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return strcmp(x->item, y->item);
}

static int by_id(const void *a, const void *b)
{
	const struct tu_profile_item *const *x = a, *const *y = b;

	return strcmp((*x)->item, (*y)->item);
}

/* The attempted items in episode order, and an index of them by id. */
static enum tu_status collect_items(struct run *r)
{
	const struct tu_learner_state *st = r->in->st;
	struct tu_profile *p = r->p;

	p->items = calloc(st->n_items + 1, sizeof(*p->items));
	r->by_id = calloc(st->n_items + 1, sizeof(*r->by_id));
	if (!p->items || !r->by_id)
		return nomem(r->err);
	for (size_t i = 0; i < st->n_items; i++)
		if (st->items[i].attempts > 0)
			item_facts(r->in, &st->items[i], &p->items[p->n_items++]);
	qsort(p->items, p->n_items, sizeof(*p->items), by_time);
	for (size_t i = 0; i < p->n_items; i++)
		r->by_id[i] = &p->items[i];
	qsort(r->by_id, p->n_items, sizeof(*r->by_id), by_id);
	return TU_OK;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Quantile q of sorted v[0..n) by linear interpolation (n >= 1). */
static double quantile(const double *v, size_t n, double q)
{
	double pos = q * (double)(n - 1);
	size_t lo = (size_t)pos;

	if (lo + 1 >= n)
		return v[n - 1];
	return v[lo] + (pos - (double)lo) * (v[lo + 1] - v[lo]);
}

/* Fences on the ratios: IQR (Q1 - 1.5 IQR, Q3 + 1.5 IQR) from
 * TU_PROFILE_IQR_MIN timed items on, fixed fences below. */
static enum tu_status fences(struct run *r)
{
	struct tu_profile_behaviour *b = &r->p->behaviour;
	double *v = malloc((r->p->n_items + 1) * sizeof(*v));
	size_t n = 0;

	if (!v)
		return nomem(r->err);
	for (size_t i = 0; i < r->p->n_items; i++)
		if (!isnan(r->p->items[i].ratio))
			v[n++] = r->p->items[i].ratio;
	b->n_timed = n;
	b->iqr = n >= TU_PROFILE_IQR_MIN;
	b->q1 = b->q3 = (double)NAN;
	b->low = TU_PROFILE_LOW_FIXED;
	b->high = TU_PROFILE_HIGH_FIXED;
	if (b->iqr) {
		qsort(v, n, sizeof(*v), cmp_double);
		b->q1 = quantile(v, n, 0.25);
		b->q3 = quantile(v, n, 0.75);
		b->low = b->q1 - 1.5 * (b->q3 - b->q1);
		b->high = b->q3 + 1.5 * (b->q3 - b->q1);
	}
	free(v);
	return TU_OK;
}

/* Pxplore's table with failures and hints as the "pauses"; high time
 * must also be above the expected time, low time below it. */
static enum tu_behaviour label_of(const struct tu_profile_behaviour *b,
				  const struct tu_profile_item *it)
{
	bool high, low;

	if (isnan(it->ratio))
		return TU_BEHAV_UNTIMED;
	high = it->ratio > b->high && it->ratio > 1.0;
	low = it->ratio < b->low && it->ratio < 1.0;
	if (high)
		return it->struggle ? TU_BEHAV_PRODUCTIVE_STRUGGLE :
				      TU_BEHAV_FOCUSED;
	if (low)
		return it->struggle ? TU_BEHAV_DISTRACTION : TU_BEHAV_SKIMMING;
	return TU_BEHAV_NORMAL;
}

static void outcomes(struct run *r)
{
	const struct tu_learner_state *st = r->in->st;
	struct tu_profile_behaviour *b = &r->p->behaviour;
	uint64_t accepted = 0, hints = 0, active = 0, first = 0;

	for (size_t i = 0; i < st->n_items; i++) {
		const struct tu_item_progress *ip = &st->items[i];

		b->submissions += ip->attempts;
		accepted += ip->attempts - (ip->failures < ip->attempts ?
					    ip->failures : ip->attempts);
		hints += ip->hints_used;
		active += ip->attempts > 0 || ip->hints_used > 0 ? 1u : 0u;
		if (ip->hint_level > b->max_hint_level)
			b->max_hint_level = ip->hint_level;
	}
	for (size_t i = 0; i < r->p->n_items; i++) {
		first += r->p->items[i].first_try ? 1u : 0u;
		b->review_loops += r->p->items[i].review_loop ? 1u : 0u;
	}
	b->n_items = r->p->n_items;
	b->accuracy = b->submissions ? (double)accepted /
		      (double)b->submissions : (double)NAN;
	b->first_try_rate = b->n_items ? (double)first / (double)b->n_items :
			    (double)NAN;
	b->hints_per_problem = active ? (double)hints / (double)active :
			       (double)NAN;
	for (size_t i = 0; i < st->n_reviews; i++)
		b->reviews_done += st->reviews[i].repetitions >= 1 ? 1u : 0u;
}

static enum tu_status behaviour(struct run *r)
{
	struct tu_profile_behaviour *b = &r->p->behaviour;
	enum tu_status rc = fences(r);

	if (rc)
		return rc;
	for (size_t i = 0; i < r->p->n_items; i++) {
		struct tu_profile_item *it = &r->p->items[i];

		it->label = label_of(b, it);
		b->labels[it->label]++;
		if (it->label == TU_BEHAV_FOCUSED ||
		    it->label == TU_BEHAV_PRODUCTIVE_STRUGGLE || it->voluntary)
			it->affect |= TU_AFFECT_ENGAGED;
	}
	outcomes(r);
	return TU_OK;
}

/* ---- stage 2: questions and messages -------------------------------------- */

static int cmp_item(const void *key, const void *elem)
{
	return strcmp(key, (*(struct tu_profile_item *const *)elem)->item);
}

static struct tu_profile_item *find_item(const struct run *r,
					 const char *item)
{
	struct tu_profile_item **f;

	if (!item || !item[0] || r->p->n_items == 0)
		return NULL;
	f = bsearch(item, r->by_id, r->p->n_items, sizeof(*r->by_id),
		    cmp_item);
	return f ? *f : NULL;
}

static void questions(struct run *r)
{
	for (size_t i = 0; i < r->in->n_events; i++) {
		const struct tu_event_in *ev = &r->in->events[i];
		struct tu_profile_item *it;

		if (ev->type != TU_EV_ASSIST ||
		    strncmp(ev->u.assist.use, "ask", sizeof(ev->u.assist.use)))
			continue;
		r->p->semantic.n_questions++;
		it = find_item(r, ev->u.assist.item);
		if (it) {
			it->questions++;
			it->affect |= TU_AFFECT_CURIOSITY;
		}
	}
}

struct cue {
	const char *word;            /* lower case; matched at a word start */
	unsigned affect;
};

static const struct cue CUES[] = {
	{ "confus", TU_AFFECT_CONFUSION }, { "don't understand", TU_AFFECT_CONFUSION },
	{ "dont understand", TU_AFFECT_CONFUSION },
	{ "do not understand", TU_AFFECT_CONFUSION },
	{ "don't get", TU_AFFECT_CONFUSION }, { "not sure", TU_AFFECT_CONFUSION },
	{ "stuck", TU_AFFECT_CONFUSION }, { "lost", TU_AFFECT_CONFUSION },
	{ "makes no sense", TU_AFFECT_CONFUSION }, { "no idea", TU_AFFECT_CONFUSION },
	{ "unclear", TU_AFFECT_CONFUSION },
	{ "curious", TU_AFFECT_CURIOSITY }, { "curiosity", TU_AFFECT_CURIOSITY },
	{ "wonder", TU_AFFECT_CURIOSITY }, { "interest", TU_AFFECT_CURIOSITY },
	{ "what if", TU_AFFECT_CURIOSITY }, { "how does", TU_AFFECT_CURIOSITY },
	{ "why does", TU_AFFECT_CURIOSITY }, { "learn more", TU_AFFECT_CURIOSITY },
	{ "explore", TU_AFFECT_CURIOSITY }, { "fun", TU_AFFECT_CURIOSITY },
	{ "frustrat", TU_AFFECT_FRUSTRATION }, { "annoy", TU_AFFECT_FRUSTRATION },
	{ "give up", TU_AFFECT_FRUSTRATION }, { "giving up", TU_AFFECT_FRUSTRATION },
	{ "hate", TU_AFFECT_FRUSTRATION }, { "impossible", TU_AFFECT_FRUSTRATION },
	{ "ugh", TU_AFFECT_FRUSTRATION }, { "tired of", TU_AFFECT_FRUSTRATION },
};

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* True when w occurs in low at a word start (and, when whole, ends at a
 * word end). */
static bool has_word(const char *low, const char *w, bool whole)
{
	size_t n = strlen(w);

	for (const char *q = strstr(low, w); q; q = strstr(q + 1, w))
		if ((q == low || !word_char(q[-1])) &&
		    (!whole || !word_char(q[n])))
			return true;
	return false;
}

static unsigned keyword_affect(const char *low)
{
	unsigned a = 0;

	for (size_t i = 0; i < sizeof(CUES) / sizeof(CUES[0]); i++)
		if (has_word(low, CUES[i].word, false))
			a |= CUES[i].affect;
	return a;
}

/* The topics whose id low names, as mention episodes. */
static enum tu_status mentions(struct run *r, const char *low, unsigned aff)
{
	const struct tu_course *c = r->in->course;
	size_t n = c ? c->n_topics : r->in->st->n_topics, got = 0;

	for (size_t i = 0; i < n && got < MENTIONS_PER_MESSAGE; i++) {
		const char *id = c ? c->topics[i].id : r->in->st->topics[i].topic;
		const char *t;

		if (!has_word(low, id, true))
			continue;
		t = intern(r, id);
		if (!t || r->n_mentions == r->cap_mentions)
			return tu_err_set(r->err, TU_EINTERNAL, "profile: "
					  "topic table full");
		r->mentions[r->n_mentions].topic = t;
		r->mentions[r->n_mentions++].affect = aff;
		got++;
	}
	return TU_OK;
}

static void count_affect(struct tu_profile_semantic *s, unsigned a)
{
	s->confusion += (a & TU_AFFECT_CONFUSION) ? 1u : 0u;
	s->curiosity += (a & TU_AFFECT_CURIOSITY) ? 1u : 0u;
	s->frustration += (a & TU_AFFECT_FRUSTRATION) ? 1u : 0u;
}

/* One learner message: its affect (hook, else keywords), the item it is
 * about, the topics it names. */
static enum tu_status message(struct run *r, const char *text,
			      const char *item)
{
	struct tu_profile_semantic *s = &r->p->semantic;
	size_t n = strnlen(text, TU_PROFILE_MESSAGE_MAX + 1);
	char low[TU_PROFILE_MESSAGE_MAX + 1];
	struct tu_profile_item *it;
	struct tu_err hook_err = TU_ERR_INIT;
	unsigned a = 0;

	if (n > TU_PROFILE_MESSAGE_MAX)
		return tu_err_set(r->err, TU_ERANGE, "profile: a message of "
				  "more than %d bytes", TU_PROFILE_MESSAGE_MAX);
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)text[i]);
	low[n] = '\0';
	if (r->in->classify &&
	    r->in->classify(r->in->classify_ctx, text, &a, &hook_err) == TU_OK) {
		s->source = TU_PROFILE_SRC_HOOK;
	} else {
		s->hook_failures += r->in->classify ? 1u : 0u;
		a = keyword_affect(low);
		if (s->source == TU_PROFILE_SRC_NONE)
			s->source = TU_PROFILE_SRC_KEYWORDS;
	}
	s->n_messages++;
	count_affect(s, a);
	it = find_item(r, item);
	if (it)
		it->affect |= a;
	return mentions(r, low, a);
}

/* The first TU_PROFILE_MESSAGES_MAX goal evidence entries `said "..."`
 * (the learner's words kept in the state), in order, into q[]; *n gets
 * their count.  q may be NULL (count only). */
static void quotes_of(const struct tu_learner_state *st, const char **q,
		      size_t *n)
{
	size_t k = strlen(QUOTE_PREFIX);

	*n = 0;
	for (size_t i = 0; i < st->n_goals; i++)
		for (size_t j = 0; j < st->goals[i].n_evidence &&
		     j < TU_EVIDENCE_MAX; j++) {
			const char *e = st->goals[i].evidence[j];

			if (*n == TU_PROFILE_MESSAGES_MAX)
				return;
			if (strncmp(e, QUOTE_PREFIX, k) != 0)
				continue;
			if (q)
				q[*n] = e + k;
			(*n)++;
		}
}

static size_t goal_quote_count(const struct tu_learner_state *st)
{
	size_t n;

	quotes_of(st, NULL, &n);
	return n;
}

/* True when q[i] repeats an earlier quote (one sentence often yields
 * several goals, each quoting it). */
static bool repeated(const char *const *q, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (strcmp(q[j], q[i]) == 0)
			return true;
	return false;
}

/* The learner's words kept in the state, each distinct quote once. */
static enum tu_status goal_quotes(struct run *r)
{
	const char **q = calloc(TU_PROFILE_MESSAGES_MAX, sizeof(*q));
	enum tu_status rc = TU_OK;
	size_t n;

	if (!q)
		return nomem(r->err);
	quotes_of(r->in->st, q, &n);
	for (size_t i = 0; i < n && !rc; i++) {
		char text[TU_SHORT_MAX];
		size_t len;

		if (repeated(q, i))
			continue;
		snprintf(text, sizeof(text), "%s", q[i]);
		len = strlen(text);
		if (len > 0 && text[len - 1] == '"')
			text[len - 1] = '\0';
		rc = message(r, text, NULL);
	}
	free(q);
	return rc;
}

static enum tu_status semantic(struct run *r)
{
	const struct tu_profile_input *in = r->in;
	size_t n = in->n_messages + goal_quote_count(in->st);
	enum tu_status rc = TU_OK;

	questions(r);
	r->cap_mentions = n * MENTIONS_PER_MESSAGE + 1;
	r->mentions = calloc(r->cap_mentions, sizeof(*r->mentions));
	if (!r->mentions)
		return nomem(r->err);
	for (size_t i = 0; i < in->n_messages && !rc; i++)
		rc = in->messages[i].text ?
		     message(r, in->messages[i].text, in->messages[i].item) :
		     tu_err_set(r->err, TU_EINVAL, "profile: message %zu has "
				"no text", i);
	if (!rc)
		rc = goal_quotes(r);
	return rc;
}

/* ---- stage 3: levels, gaps, persona, interests ---------------------------- */

/* Base Bloom level (1..6) of a problem: its exercise actions' highest
 * level, else by difficulty (easy 3, medium 3.5, hard 4), else 3. */
static double base_level(const struct run *r,
			 const struct tu_course_problem *p)
{
	const struct tu_course *c = r->in->course;

	if (!p)
		return 3.0;
	if (r->action_bloom && r->action_bloom[p - c->problems] > 0.0)
		return r->action_bloom[p - c->problems];
	return p->difficulty == TU_DIFF_HARD ? 4.0 :
	       p->difficulty == TU_DIFF_MEDIUM ? 3.5 : 3.0;
}

static double item_level(const struct run *r,
			 const struct tu_profile_item *it)
{
	const struct tu_course_problem *p = problem_of(r->in->course,
						       it->item);
	double l = base_level(r, p);

	if (it->first_try)
		l += !p || p->difficulty == TU_DIFF_EASY ? 0.2 :
		     p->difficulty == TU_DIFF_MEDIUM ? 0.5 : 1.0;
	if (!it->solved)
		l -= 1.0;
	if (it->label == TU_BEHAV_FOCUSED ||
	    it->label == TU_BEHAV_PRODUCTIVE_STRUGGLE)
		l += 0.2;
	if (it->hint_level >= HINT_BOTTOM_OUT)
		l -= 0.5;
	return l < 1.0 ? 1.0 : l > 6.0 ? 6.0 : l;
}

static double median3(double a, double b, double c)
{
	if (a > b) {
		double t = a;

		a = b;
		b = t;
	}
	return c < a ? a : c > b ? b : c;
}

/* Pxplore's smoothing: median of the window of 3 around each point (2 at
 * the ends: their mean), then s_i = alpha m_i + (1 - alpha) s_{i-1} with
 * alpha 0.5 for at most 5 points, else 0.6. */
static void smooth(struct tu_profile *p)
{
	size_t n = p->n_items;
	double alpha = n <= 5 ? 0.5 : 0.6, prev = 0.0;

	for (size_t i = 0; i < n; i++) {
		double m = p->items[i].level;

		if (n >= 2 && (i == 0 || i == n - 1))
			m = (p->items[i].level + p->items[i == 0 ? 1 : i - 1].level) / 2.0;
		else if (n >= 3)
			m = median3(p->items[i - 1].level, p->items[i].level,
				    p->items[i + 1].level);
		prev = i == 0 ? m : alpha * m + (1.0 - alpha) * prev;
		p->items[i].smoothed = prev;
	}
}

static enum tu_gap_status gap_status(const struct tu_learner_state *st,
				     const struct tu_misconception *mc)
{
	const struct tu_topic_state *t = tu_learner_topic_find(st, mc->topic);
	double m = t ? t->mastery : 0.0;

	if (m >= TU_GOAL_MASTERED)
		return TU_GAP_IMPROVED;
	if (mc->count >= GAP_REPAIR_FAILED_COUNT &&
	    m < GAP_REPAIR_FAILED_MASTERY)
		return TU_GAP_REPAIR_FAILED;
	return TU_GAP_ACTIVE;
}

static enum tu_status gaps(struct run *r)
{
	const struct tu_learner_state *st = r->in->st;
	struct tu_profile *p = r->p;

	p->gaps = calloc(st->n_misconceptions + 1, sizeof(*p->gaps));
	if (!p->gaps)
		return nomem(r->err);
	for (size_t i = 0; i < st->n_misconceptions; i++) {
		const struct tu_misconception *mc = &st->misconceptions[i];

		if (mc->topic[0] == '\0')
			continue;
		p->gaps[p->n_gaps].topic = intern(r, mc->topic);
		if (!p->gaps[p->n_gaps].topic)
			return tu_err_set(r->err, TU_EINTERNAL, "profile: "
					  "topic table full");
		p->gaps[p->n_gaps++].status = gap_status(st, mc);
	}
	return TU_OK;
}

/* Item episodes (smoothed level) then mention episodes (no level). */
static enum tu_status episodes(struct run *r, struct tu_episode **out,
			       size_t *n)
{
	struct tu_profile *p = r->p;
	struct tu_episode *ep = calloc(p->n_items + r->n_mentions + 1,
				       sizeof(*ep));

	if (!ep)
		return nomem(r->err);
	for (size_t i = 0; i < p->n_items; i++) {
		const struct tu_profile_item *it = &p->items[i];

		ep[i].level = it->smoothed;
		ep[i].topic = it->topic[0] ? intern(r, it->topic) : NULL;
		ep[i].higher_order = it->level >= 4.0;
		ep[i].affect = it->affect;
		ep[i].review = it->review_loop;
	}
	for (size_t i = 0; i < r->n_mentions; i++) {
		ep[p->n_items + i].level = (double)NAN;
		ep[p->n_items + i].topic = r->mentions[i].topic;
		ep[p->n_items + i].affect = r->mentions[i].affect;
	}
	*out = ep;
	*n = p->n_items + r->n_mentions;
	return TU_OK;
}

/* tu_persona_compute's interest of one episode (tutor/persona.h). */
static double interest_of(const struct tu_episode *e)
{
	return 1.0 + (e->higher_order ? 2.0 : 0.0) +
	       ((e->affect & (TU_AFFECT_CURIOSITY | TU_AFFECT_ENGAGED)) ?
		1.5 : 0.0) + (e->review ? 3.0 : 0.0);
}

/* Ranks the topic table by summed interest (ties: the earliest episode)
 * and keeps the best TU_PROFILE_INTERESTS. */
static enum tu_status interests(struct run *r, const struct tu_episode *ep,
				size_t n)
{
	struct tu_profile *p = r->p;
	double *score = calloc(p->n_topics + 1, sizeof(*score));
	size_t *first = calloc(p->n_topics + 1, sizeof(*first));

	if (!score || !first) {
		free(score);
		free(first);
		return nomem(r->err);
	}
	for (size_t t = 0; t < p->n_topics; t++)
		first[t] = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		size_t t;

		if (!ep[i].topic)   /* else a row of the topic table */
			continue;
		t = (size_t)(ep[i].topic - p->topics[0]) / TU_ID_MAX;
		score[t] += interest_of(&ep[i]);
		first[t] = first[t] < i ? first[t] : i;
	}
	while (p->n_interests < TU_PROFILE_INTERESTS) {
		size_t bi = SIZE_MAX;

		for (size_t t = 0; t < p->n_topics; t++)
			if (first[t] != SIZE_MAX && (bi == SIZE_MAX ||
			    score[t] > score[bi] || (score[t] == score[bi] &&
						     first[t] < first[bi])))
				bi = t;
		if (bi == SIZE_MAX)
			break;
		snprintf(p->interests[p->n_interests].topic, TU_ID_MAX, "%s",
			 p->topics[bi]);
		p->interests[p->n_interests++].score = score[bi];
		first[bi] = SIZE_MAX;
	}
	free(score);
	free(first);
	return TU_OK;
}

static enum tu_status synthesis(struct run *r)
{
	struct tu_profile *p = r->p;
	struct tu_episode *ep = NULL;
	size_t n = 0;
	enum tu_status rc;

	for (size_t i = 0; i < p->n_items; i++)
		p->items[i].level = item_level(r, &p->items[i]);
	smooth(p);
	rc = gaps(r);
	if (!rc)
		rc = episodes(r, &ep, &n);
	if (!rc)
		rc = tu_persona_compute(ep, n, p->gaps, p->n_gaps, &p->persona,
					r->err);
	if (!rc)
		rc = interests(r, ep, n);
	free(ep);
	return rc;
}

/* ---- the pipeline ----------------------------------------------------------- */

static enum tu_status check_input(const struct tu_profile_input *in,
				  struct tu_err *err)
{
	if (!in || !in->st)
		return tu_err_set(err, TU_EINVAL, "profile: no learner state");
	if ((in->n_events && !in->events) || (in->n_messages && !in->messages))
		return tu_err_set(err, TU_EINVAL, "profile: NULL array");
	if (in->n_events > TU_PROFILE_EVENTS_MAX)
		return tu_err_set(err, TU_ERANGE, "profile: %zu events, at "
				  "most %d", in->n_events, TU_PROFILE_EVENTS_MAX);
	if (in->n_messages > TU_PROFILE_MESSAGES_MAX)
		return tu_err_set(err, TU_ERANGE, "profile: %zu messages, at "
				  "most %d", in->n_messages,
				  TU_PROFILE_MESSAGES_MAX);
	return TU_OK;
}

static enum tu_status topic_table(struct run *r)
{
	const struct tu_profile_input *in = r->in;
	size_t quotes = goal_quote_count(in->st);

	r->cap_topics = in->st->n_items + in->st->n_misconceptions +
			(in->n_messages + quotes) * MENTIONS_PER_MESSAGE + 1;
	r->p->topics = calloc(r->cap_topics, sizeof(*r->p->topics));
	return r->p->topics ? TU_OK : nomem(r->err);
}

static enum tu_status run_all(struct run *r)
{
	enum tu_status rc = topic_table(r);

	if (!rc)
		rc = action_levels(r);
	if (!rc)
		rc = collect_items(r);
	if (!rc)
		rc = behaviour(r);
	if (!rc)
		rc = semantic(r);
	if (!rc)
		rc = synthesis(r);
	return rc;
}

enum tu_status tu_profile_compute(const struct tu_profile_input *in,
				  struct tu_profile *out, struct tu_err *err)
{
	struct tu_profile p;
	struct run r;
	enum tu_status rc = check_input(in, err);

	if (rc)
		return rc;
	tu_profile_init(&p);
	memset(&r, 0, sizeof(r));
	r.in = in;
	r.p = &p;
	r.err = err;
	snprintf(p.learner, sizeof(p.learner), "%s", in->st->learner_id);
	p.version = in->st->version;
	p.at = in->now;
	rc = run_all(&r);
	free(r.mentions);
	free(r.by_id);
	free(r.action_bloom);
	if (rc) {
		tu_profile_release(&p);
		return rc;
	}
	tu_profile_release(out);
	*out = p;
	return TU_OK;
}
