/*
 * goal_metrics.c - the goal metrics measured from a learner state and the
 * re-evaluation of a state's goal components after one event (contracts
 * in tutor/goals.h, exact definitions in docs/goals.md).
 *
 * What it is: arithmetic over what the state keeps (topics, items,
 * reviews, engagement windows and streak) at a time `now` given by the
 * caller, so that replaying the same events gives the same values.  What
 * it is not: it does not decide which goals a learner has (the learner's
 * words do, tutor/assist.h) and does not store anything (the learner
 * profiler writes the results into its proposal).  Pure: no I/O, no
 * clock, no globals.  A course, when given, is only read.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tutor/content.h"
#include "tutor/engagement.h"
#include "tutor/goals.h"

#define DAY_S 86400
#define MASTERY_PREFIX "mastery:"
#define TIME_LIMIT ((int64_t)1 << 50)   /* beyond: no day arithmetic */

static uint32_t clamp_u32(uint64_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* ---- one metric each -------------------------------------------------- */

static bool course_has_topic(const struct tu_course *c, const char *topic)
{
	for (size_t i = 0; i < c->n_topics; i++)
		if (strcmp(c->topics[i].id, topic) == 0)
			return true;
	return false;
}

static enum tu_status mastery_of(const struct tu_learner_state *st,
				 const struct tu_course *course,
				 const char *metric, struct tu_goal_measure *m,
				 struct tu_err *err)
{
	const char *topic = metric + strlen(MASTERY_PREFIX);
	const struct tu_topic_state *t = tu_learner_topic_find(st, topic);

	if (topic[0] == '\0' || (!t && course && !course_has_topic(course,
								   topic)))
		return tu_err_set(err, TU_ENOTFOUND, "goal metric '%s': no "
				  "topic '%s'%s", metric, topic,
				  course ? " in the course" : "");
	m->value = t ? t->mastery : 0.0;
	m->samples = t ? t->attempts : 0;
	return TU_OK;
}

/* Submissions over all items (attempts), and failed ones. */
static void submissions(const struct tu_learner_state *st, uint64_t *all,
			uint64_t *failed)
{
	*all = *failed = 0;
	for (size_t i = 0; i < st->n_items; i++) {
		*all += st->items[i].attempts;
		*failed += st->items[i].failures < st->items[i].attempts ?
			   st->items[i].failures : st->items[i].attempts;
	}
}

static void problems_solved(const struct tu_learner_state *st,
			    struct tu_goal_measure *m)
{
	uint64_t all, failed, solved = 0;

	for (size_t i = 0; i < st->n_items; i++)
		solved += st->items[i].solved ? 1u : 0u;
	submissions(st, &all, &failed);
	m->value = (double)solved;
	m->samples = clamp_u32(all);
}

static void accuracy(const struct tu_learner_state *st,
		     struct tu_goal_measure *m)
{
	uint64_t all, failed;

	submissions(st, &all, &failed);
	m->value = all ? (double)(all - failed) / (double)all : 0.0;
	m->samples = clamp_u32(all);
}

static void topics_mastered(const struct tu_learner_state *st,
			    struct tu_goal_measure *m)
{
	uint64_t n = 0, attempts = 0;

	for (size_t i = 0; i < st->n_topics; i++)
		if (st->topics[i].mastery >= TU_GOAL_MASTERED) {
			n++;
			attempts += st->topics[i].attempts;
		}
	m->value = (double)n;
	m->samples = clamp_u32(attempts);
}

static void reviews_done(const struct tu_learner_state *st,
			 struct tu_goal_measure *m)
{
	uint64_t n = 0, reps = 0;

	for (size_t i = 0; i < st->n_reviews; i++) {
		n += st->reviews[i].repetitions >= 1 ? 1u : 0u;
		reps += st->reviews[i].repetitions;
	}
	m->value = (double)n;
	m->samples = clamp_u32(reps);
}

static bool time_ok(int64_t t)
{
	return t != TU_TIME_NONE && t > -TIME_LIMIT && t < TIME_LIMIT;
}

/* The stored streak while it is alive (last activity today or
 * yesterday, local days), else 0. */
static void streak_days(const struct tu_learner_state *st, int64_t now,
			struct tu_goal_measure *m)
{
	const struct tu_engagement *e = &st->engagement;
	int32_t off = st->preferences.utc_offset_min;

	m->value = 0.0;
	m->samples = 0;
	if (!time_ok(e->last_seen) || !time_ok(now) ||
	    tu_local_day(e->last_seen, off) < tu_local_day(now, off) - 1)
		return;
	m->value = (double)e->streak_days;
	m->samples = e->streak_days;
}

/* ---- minutes per day ---------------------------------------------------- */

/* Seconds of [s, e] inside [lo, hi); *touch when the window has any
 * instant in it (a one-event window has length 0 but still touches). */
static int64_t overlap(int64_t s, int64_t e, int64_t lo, int64_t hi,
		       bool *touch)
{
	int64_t a, b;

	if (!time_ok(s) || !time_ok(e) || e < lo || s >= hi)
		return 0;
	*touch = true;
	a = s > lo ? s : lo;
	b = e < hi ? e : hi;
	return b > a ? b - a : 0;
}

/* The longest time on task of an item whose whole record (first seen
 * to last attempt) lies on local day d: a lower bound of the day's span
 * of activity.  (Summing the items would count items offered together,
 * whose attempts all start at the offer, several times over.) */
static double item_seconds(const struct tu_learner_state *st, int64_t d,
			   int32_t off)
{
	double best = 0.0;

	for (size_t i = 0; i < st->n_items; i++) {
		const struct tu_item_progress *p = &st->items[i];

		if (!time_ok(p->first_seen) || !time_ok(p->last_attempt) ||
		    !(p->time_s > best) || !isfinite(p->time_s))
			continue;
		if (tu_local_day(p->first_seen, off) == d &&
		    tu_local_day(p->last_attempt, off) == d)
			best = p->time_s;
	}
	return best;
}

/* Seconds on task on local day d: the larger of the activity windows'
 * time on that day and the longest item record of the day; -1 when the
 * day had no activity. */
static double day_seconds(const struct tu_learner_state *st, int64_t d,
			  int32_t off)
{
	const struct tu_engagement *e = &st->engagement;
	int64_t lo = d * DAY_S - (int64_t)off * 60, win = 0;
	double items = item_seconds(st, d, off);
	bool touch = items > 0.0;
	size_t n = e->n_windows < TU_ACTIVITY_MAX ? e->n_windows :
		   TU_ACTIVITY_MAX;

	for (size_t i = 0; i < n; i++)
		win += overlap(e->windows[i].start, e->windows[i].end, lo,
			       lo + DAY_S, &touch);
	if (!touch)
		return -1.0;
	return (double)win > items ? (double)win : items;
}

static void minutes_per_day(const struct tu_learner_state *st, int64_t now,
			    struct tu_goal_measure *m)
{
	int32_t off = st->preferences.utc_offset_min;
	int64_t today;
	double sum = 0.0;
	uint32_t days = 0;

	m->value = 0.0;
	m->samples = 0;
	if (!time_ok(now))
		return;
	today = tu_local_day(now, off);
	for (int64_t d = today - (TU_GOAL_DAYS - 1); d <= today; d++) {
		double s = day_seconds(st, d, off);

		if (s < 0.0)
			continue;
		sum += s / 60.0;
		days++;
	}
	m->value = days ? sum / (double)days : 0.0;
	m->samples = days;
}

/* ---- the API ------------------------------------------------------------ */

enum tu_status tu_goal_metric_measure(const struct tu_learner_state *st,
				      const struct tu_course *course,
				      const char *metric, int64_t now,
				      struct tu_goal_measure *out,
				      struct tu_err *err)
{
	struct tu_goal_measure m = { 0.0, 0 };
	enum tu_status rc = TU_OK;

	if (!st || !metric || !out)
		return tu_err_set(err, TU_EINVAL, "goal metric: NULL argument");
	if (strncmp(metric, MASTERY_PREFIX, strlen(MASTERY_PREFIX)) == 0)
		rc = mastery_of(st, course, metric, &m, err);
	else if (strcmp(metric, "minutes_per_day") == 0)
		minutes_per_day(st, now, &m);
	else if (strcmp(metric, "problems_solved") == 0)
		problems_solved(st, &m);
	else if (strcmp(metric, "streak_days") == 0)
		streak_days(st, now, &m);
	else if (strcmp(metric, "accuracy") == 0)
		accuracy(st, &m);
	else if (strcmp(metric, "topics_mastered") == 0)
		topics_mastered(st, &m);
	else if (strcmp(metric, "reviews_done") == 0)
		reviews_done(st, &m);
	else
		rc = tu_err_set(err, TU_ENOTFOUND, "goal metric '%.100s': "
				"unknown metric", metric);
	if (!rc)
		*out = m;
	return rc;
}

enum tu_status tu_goal_metric_value(const struct tu_learner_state *st,
				    const struct tu_course *course,
				    const char *metric, int64_t now,
				    double *value, struct tu_err *err)
{
	struct tu_goal_measure m;
	enum tu_status rc = tu_goal_metric_measure(st, course, metric, now,
						   &m, err);

	if (!rc && value)
		*value = m.value;
	return rc;
}

double tu_goal_confidence(uint32_t samples)
{
	double c;

	if (samples == 0)
		return 0.50;
	if (samples < TU_GOAL_SAMPLES_ENOUGH)
		return 0.60 + 0.07 * (double)(samples - 1);
	c = 0.90 + 0.01 * (double)(samples - TU_GOAL_SAMPLES_ENOUGH);
	return c < 0.95 ? c : 0.95;
}

/* ---- evidence ------------------------------------------------------------ */

static bool is_event_entry(const char *e)
{
	return strncmp(e, TU_GOAL_EVIDENCE_PREFIX,
		       strlen(TU_GOAL_EVIDENCE_PREFIX)) == 0;
}

bool tu_goal_was_aligned(const struct tu_goal *g)
{
	size_t n = g->n_evidence < TU_EVIDENCE_MAX ? g->n_evidence :
		   TU_EVIDENCE_MAX;

	for (size_t i = 0; i < n; i++)
		if (is_event_entry(g->evidence[i]))
			return true;
	return false;
}

/* Copies src into dst[TU_SHORT_MAX], cut at a UTF-8 character boundary. */
static void copy_cut(char *dst, const char *src)
{
	size_t n = strlen(src);

	if (n >= TU_SHORT_MAX) {
		n = TU_SHORT_MAX - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void tu_goal_evidence_add(struct tu_goal *g, const char *text)
{
	char buf[TU_SHORT_MAX];
	size_t drop = 0;

	copy_cut(buf, text);
	if (g->n_evidence > TU_EVIDENCE_MAX)
		g->n_evidence = TU_EVIDENCE_MAX;
	for (size_t i = 0; i < g->n_evidence; i++)
		if (strcmp(g->evidence[i], buf) == 0)
			return;
	if (g->n_evidence == TU_EVIDENCE_MAX) {
		/* keep the first alignment record: it stops a second reward */
		for (size_t i = 0; i < g->n_evidence; i++)
			if (is_event_entry(g->evidence[i])) {
				drop = i == 0 ? 1 : 0;
				break;
			}
		memmove(g->evidence[drop], g->evidence[drop + 1],
			(TU_EVIDENCE_MAX - drop - 1) * sizeof(g->evidence[0]));
		g->n_evidence--;
	}
	memcpy(g->evidence[g->n_evidence++], buf, sizeof(buf));
}

/* ---- re-evaluation ------------------------------------------------------- */

/* The component with this id; entry `hint` is tried first (lists keep
 * their order across an event). */
static const struct tu_goal *find_goal(const struct tu_goal *list, size_t n,
				       const char *id, size_t hint)
{
	if (hint < n && strcmp(list[hint].id, id) == 0)
		return &list[hint];
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].id, id) == 0)
			return &list[i];
	return NULL;
}

/* Measures one component; newly aligned ones get the event's evidence. */
static enum tu_status one_goal(struct tu_goal *g, const struct tu_goal *b,
			       const struct tu_learner_state *st,
			       const struct tu_course *course, int64_t now,
			       uint64_t event_id, struct tu_goals_eval *res,
			       struct tu_err *err)
{
	struct tu_err e = TU_ERR_INIT;
	struct tu_goal_measure m;
	char ev[TU_SHORT_MAX];
	enum tu_status rc = tu_goal_metric_measure(st, course, g->metric, now,
						   &m, &e);

	if (rc == TU_ENOTFOUND) {
		g->value = (double)NAN;
		g->aligned = false;
		return TU_OK;
	}
	if (rc)
		return tu_err_set(err, rc, "%s", e.msg);
	g->value = m.value;
	rc = tu_goal_evaluate(g, err);
	if (rc)
		return rc;
	res->n_measured++;
	if (!g->aligned)
		return TU_OK;
	res->n_aligned++;
	g->confidence = tu_goal_confidence(m.samples);
	if (b && b->aligned)
		return TU_OK;
	res->n_newly++;
	snprintf(ev, sizeof(ev), "%s%llu", TU_GOAL_EVIDENCE_PREFIX,
		 (unsigned long long)event_id);
	tu_goal_evidence_add(g, ev);
	return TU_OK;
}

/* The reward with every component ever aligned counted as aligned in
 * `before` (paid once per component); NaN past TU_GOALS_MAX. */
static enum tu_status reward_of(const struct tu_goal *before, size_t nb,
				const struct tu_learner_state *st,
				double *reward, struct tu_err *err)
{
	struct tu_goal *prev = NULL;
	enum tu_status rc;

	*reward = (double)NAN;
	if (nb > TU_GOALS_MAX || st->n_goals > TU_GOALS_MAX)
		return TU_OK;
	if (nb) {
		prev = malloc(nb * sizeof(*prev));
		if (!prev)
			return tu_err_set(err, TU_ENOMEM, "goal reward: out of "
					  "memory");
		memcpy(prev, before, nb * sizeof(*prev));
		for (size_t i = 0; i < nb; i++)
			prev[i].aligned = prev[i].aligned ||
					  tu_goal_was_aligned(&prev[i]);
	}
	rc = tu_goal_reward(prev, nb, st->goals, st->n_goals, reward, err);
	free(prev);
	return rc;
}

enum tu_status tu_goals_reevaluate(struct tu_learner_state *st,
				   const struct tu_goal *before,
				   size_t n_before,
				   const struct tu_course *course, int64_t now,
				   uint64_t event_id, struct tu_goals_eval *res,
				   struct tu_err *err)
{
	enum tu_status rc = TU_OK;

	if (!st || !res || (n_before && !before))
		return tu_err_set(err, TU_EINVAL, "goals: NULL argument");
	memset(res, 0, sizeof(*res));
	for (size_t i = 0; i < st->n_goals && !rc; i++) {
		struct tu_goal *g = &st->goals[i];

		if (g->metric[0] == '\0')
			continue;
		rc = one_goal(g, find_goal(before, n_before, g->id, i), st,
			      course, now, event_id, res, err);
	}
	if (!rc)
		rc = reward_of(before, n_before, st, &res->reward, err);
	return rc;
}
