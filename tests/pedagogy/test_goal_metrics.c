/*
 * test_goal_metrics.c - the goal metrics of tutor/goals.h on hand-built
 * states (one test per metric, with the numbers worked out by hand), the
 * confidence rubric, the evidence list and tu_goals_reevaluate's
 * alignment, evidence, confidence and once-only reward.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tutor/content.h"
#include "tutor/goals.h"

#define DAY 86400
#define T0 1767225600 /* 2026-01-01 00:00 UTC, a Thursday */
#define EPS 1e-12

static void ok(enum tu_status s, const struct tu_err *e)
{
	if (s != TU_OK)
		fail_msg("status %d: %s", (int)s, e->msg);
}

static double value(const struct tu_learner_state *st, const char *metric,
		    int64_t now, uint32_t *samples)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_goal_measure m;

	ok(tu_goal_metric_measure(st, NULL, metric, now, &m, &err), &err);
	if (samples)
		*samples = m.samples;
	return m.value;
}

static void topic(struct tu_learner_state *st, const char *id, double m,
		  uint32_t attempts)
{
	struct tu_topic_state *t;
	struct tu_err err = TU_ERR_INIT;

	ok(tu_learner_topic_get(st, id, true, 0.0, &t, &err), &err);
	t->mastery = m;
	t->attempts = attempts;
	t->successes = attempts / 2;
}

static struct tu_item_progress *item(struct tu_learner_state *st,
				     const char *id, uint32_t attempts,
				     uint32_t failures, bool solved)
{
	struct tu_item_progress *p;
	struct tu_err err = TU_ERR_INIT;

	ok(tu_learner_item_get(st, id, &p, &err), &err);
	p->attempts = attempts;
	p->failures = failures;
	p->solved = solved;
	return p;
}

static void window(struct tu_learner_state *st, int64_t a, int64_t b)
{
	struct tu_err err = TU_ERR_INIT;

	ok(tu_learner_window_add(st, a, b, 2, &err), &err);
}

/* ---- the metrics ---------------------------------------------------------- */

static void test_mastery(void **state)
{
	struct tu_learner_state st;
	struct tu_course_topic topics[2];
	struct tu_course c;
	struct tu_goal_measure m = { -1.0, 99 };
	struct tu_err err = TU_ERR_INIT;
	uint32_t n;

	(void)state;
	tu_learner_state_init(&st);
	topic(&st, "loops", 0.625, 7);
	assert_true(fabs(value(&st, "mastery:loops", T0, &n) - 0.625) < EPS);
	assert_int_equal(n, 7);
	/* unseen: 0 (no course to say the topic does not exist) */
	assert_true(value(&st, "mastery:recursion", T0, &n) == 0.0);
	assert_int_equal(n, 0);
	/* with a course: a course topic unseen is 0, an unknown one is not
	 * a metric */
	memset(&c, 0, sizeof(c));
	memset(topics, 0, sizeof(topics));
	strcpy(topics[0].id, "loops");
	strcpy(topics[1].id, "recursion");
	c.topics = topics;
	c.n_topics = 2;
	ok(tu_goal_metric_measure(&st, &c, "mastery:recursion", T0, &m, &err),
	   &err);
	assert_true(m.value == 0.0);
	assert_int_equal(tu_goal_metric_measure(&st, &c, "mastery:trees", T0,
						&m, &err), TU_ENOTFOUND);
	assert_string_equal(err.msg, "goal metric 'mastery:trees': no topic "
			    "'trees' in the course");
	assert_int_equal(tu_goal_metric_measure(&st, NULL, "mastery:", T0, &m,
						&err), TU_ENOTFOUND);
	tu_learner_state_release(&st);
}

/* Windows: [T0+1h, T0+1h30] 30 min and [T0+20h, T0+20h10] 10 min on
 * day 0; one event (0 min) on day 2; [day3 23:50, day4 00:20] split 10 +
 * 20; 40 min eight days before now (outside).  now = day 4 12:00.
 * Active days 0, 2, 3, 4: (40 + 0 + 10 + 20) / 4 = 17.5 min. */
static void test_minutes_per_day(void **state)
{
	struct tu_learner_state st;
	int64_t now = T0 + 4 * DAY + 12 * 3600;
	uint32_t n;

	(void)state;
	tu_learner_state_init(&st);
	assert_true(value(&st, "minutes_per_day", now, &n) == 0.0);
	assert_int_equal(n, 0);
	window(&st, T0 - 4 * DAY, T0 - 4 * DAY + 2400);
	window(&st, T0 + 3600, T0 + 5400);
	window(&st, T0 + 20 * 3600, T0 + 20 * 3600 + 600);
	window(&st, T0 + 2 * DAY + 100, T0 + 2 * DAY + 100);
	window(&st, T0 + 4 * DAY - 600, T0 + 4 * DAY + 1200);
	assert_true(fabs(value(&st, "minutes_per_day", now, &n) - 17.5) < EPS);
	assert_int_equal(n, 4);
	/* a window on a later day is outside the period */
	window(&st, T0 + 5 * DAY, T0 + 5 * DAY);
	assert_true(fabs(value(&st, "minutes_per_day", now, &n) - 17.5) < EPS);
	/* the 7-day period starts on day -2 (the window of day -4 was out) */
	st.engagement.n_windows = 0;
	window(&st, T0 - 2 * DAY, T0 - 2 * DAY + 3600);
	assert_true(fabs(value(&st, "minutes_per_day", now, &n) - 60.0) < EPS);
	assert_int_equal(n, 1);
	/* local days: at UTC+120 min the window at day-2 00:00 UTC is on
	 * local day -2 at 02:00, still inside */
	st.preferences.utc_offset_min = 120;
	assert_true(fabs(value(&st, "minutes_per_day", now, &n) - 60.0) < EPS);
	tu_learner_state_release(&st);
}

/* An item offered by a daily set (no activity window) and submitted 25
 * minutes later: its time on task stands in for the one-event window;
 * items spread over two days do not count. */
static void test_minutes_from_items(void **state)
{
	struct tu_learner_state st;
	struct tu_item_progress *p;
	uint32_t n;

	(void)state;
	tu_learner_state_init(&st);
	window(&st, T0 + 1500, T0 + 1500);
	p = item(&st, "a", 1, 0, true);
	p->first_seen = T0;
	p->last_attempt = T0 + 1500;
	p->time_s = 1500;
	p = item(&st, "b", 1, 0, true);   /* offered together with a */
	p->first_seen = T0;
	p->last_attempt = T0 + 1200;
	p->time_s = 1200;
	p = item(&st, "c", 2, 1, true);   /* begun the day before */
	p->first_seen = T0 - DAY;
	p->last_attempt = T0 + 100;
	p->time_s = 7200;
	assert_true(fabs(value(&st, "minutes_per_day", T0 + 3600, &n) - 25.0)
		    < EPS);
	assert_int_equal(n, 1);
	tu_learner_state_release(&st);
}

static void test_counts(void **state)
{
	struct tu_learner_state st;
	struct tu_review_item r;
	struct tu_err err = TU_ERR_INIT;
	uint32_t n;

	(void)state;
	tu_learner_state_init(&st);
	assert_true(value(&st, "accuracy", T0, &n) == 0.0);
	assert_int_equal(n, 0);
	item(&st, "a", 3, 2, true);
	item(&st, "b", 1, 0, true);
	item(&st, "c", 4, 4, false);
	item(&st, "d", 0, 0, false);   /* offered, never submitted */
	assert_true(value(&st, "problems_solved", T0, &n) == 2.0);
	assert_int_equal(n, 8);
	/* accepted 1 + 1 + 0 of 8 submissions */
	assert_true(fabs(value(&st, "accuracy", T0, &n) - 0.25) < EPS);
	assert_int_equal(n, 8);
	topic(&st, "a", 0.8, 4);
	topic(&st, "b", 0.79, 10);
	topic(&st, "c", 0.95, 6);
	assert_true(value(&st, "topics_mastered", T0, &n) == 2.0);
	assert_int_equal(n, 10);
	tu_learner_review_init(&r);
	strcpy(r.item, "a");
	r.repetitions = 3;
	ok(tu_learner_review_add(&st, &r, NULL, &err), &err);
	strcpy(r.item, "b");
	r.repetitions = 0;
	ok(tu_learner_review_add(&st, &r, NULL, &err), &err);
	strcpy(r.item, "c");
	r.repetitions = 1;
	ok(tu_learner_review_add(&st, &r, NULL, &err), &err);
	assert_true(value(&st, "reviews_done", T0, &n) == 2.0);
	assert_int_equal(n, 4);
	tu_learner_state_release(&st);
}

/* The stored streak counts while the last activity is today or
 * yesterday (local days), else it has lapsed: 0. */
static void test_streak(void **state)
{
	struct tu_learner_state st;
	uint32_t n;

	(void)state;
	tu_learner_state_init(&st);
	assert_true(value(&st, "streak_days", T0, &n) == 0.0);
	st.engagement.streak_days = 4;
	st.engagement.last_seen = T0 + 3600;
	assert_true(value(&st, "streak_days", T0 + 7200, &n) == 4.0);
	assert_int_equal(n, 4);
	assert_true(value(&st, "streak_days", T0 + DAY + 80000, NULL) == 4.0);
	assert_true(value(&st, "streak_days", T0 + 2 * DAY, NULL) == 0.0);
	/* at UTC-120 min, T0+3600 is 23:00 of day -1: two days before
	 * T0 + DAY + 3 h (day 1 local) */
	st.preferences.utc_offset_min = -120;
	assert_true(value(&st, "streak_days", T0 + DAY + 3 * 3600, NULL) ==
		    0.0);
	tu_learner_state_release(&st);
}

static void test_unknown_metric(void **state)
{
	struct tu_learner_state st;
	struct tu_err err = TU_ERR_INIT;
	double v = 42.0;

	(void)state;
	tu_learner_state_init(&st);
	assert_int_equal(tu_goal_metric_value(&st, NULL, "happiness", T0, &v,
					      &err), TU_ENOTFOUND);
	assert_string_equal(err.msg, "goal metric 'happiness': unknown metric");
	assert_true(v == 42.0);
	assert_int_equal(tu_goal_metric_value(&st, NULL, "", T0, &v, &err),
			 TU_ENOTFOUND);
	assert_int_equal(tu_goal_metric_value(&st, NULL, "problems_solved ",
					      T0, &v, &err), TU_ENOTFOUND);
	assert_int_equal(tu_goal_metric_value(NULL, NULL, "accuracy", T0, &v,
					      &err), TU_EINVAL);
	assert_int_equal(tu_goal_metric_value(&st, NULL, "accuracy", T0, &v,
					      &err), TU_OK);
	assert_true(v == 0.0);
	tu_learner_state_release(&st);
}

static void test_confidence(void **state)
{
	(void)state;
	assert_true(tu_goal_confidence(0) == 0.50);
	assert_true(fabs(tu_goal_confidence(1) - 0.60) < EPS);
	assert_true(fabs(tu_goal_confidence(3) - 0.74) < EPS);
	assert_true(fabs(tu_goal_confidence(4) - 0.81) < EPS);
	assert_true(fabs(tu_goal_confidence(5) - 0.90) < EPS);
	assert_true(fabs(tu_goal_confidence(7) - 0.92) < EPS);
	assert_true(fabs(tu_goal_confidence(10) - 0.95) < EPS);
	assert_true(fabs(tu_goal_confidence(UINT32_MAX) - 0.95) < EPS);
}

static void test_evidence(void **state)
{
	struct tu_goal g;
	char buf[32];

	(void)state;
	tu_learner_goal_init(&g);
	assert_false(tu_goal_was_aligned(&g));
	tu_goal_evidence_add(&g, "said \"loops\"");
	tu_goal_evidence_add(&g, "said \"loops\"");
	assert_int_equal(g.n_evidence, 1);
	tu_goal_evidence_add(&g, "event:3");
	assert_true(tu_goal_was_aligned(&g));
	for (int i = 0; i < 20; i++) {
		snprintf(buf, sizeof(buf), "note %d", i);
		tu_goal_evidence_add(&g, buf);
	}
	/* full: the oldest go, the first alignment record stays */
	assert_int_equal(g.n_evidence, TU_EVIDENCE_MAX);
	assert_string_equal(g.evidence[0], "event:3");
	assert_string_equal(g.evidence[1], "note 5");
	assert_string_equal(g.evidence[TU_EVIDENCE_MAX - 1], "note 19");
	assert_true(tu_goal_was_aligned(&g));
}

/* ---- re-evaluation -------------------------------------------------------- */

static void add_goal(struct tu_learner_state *st, const char *id,
		     const char *metric, enum tu_cmp cmp, double threshold,
		     double weight)
{
	struct tu_goal g;
	struct tu_err err = TU_ERR_INIT;

	tu_learner_goal_init(&g);
	strcpy(g.id, id);
	snprintf(g.metric, sizeof(g.metric), "%s", metric);
	g.threshold_cmp = cmp;
	g.threshold = threshold;
	g.weight = weight;
	g.confidence = 0.7;
	ok(tu_learner_goal_add(st, &g, NULL, &err), &err);
}

/* Re-evaluates st after event `ev`, with `before` = a copy of st taken
 * first. */
static struct tu_goals_eval reeval(struct tu_learner_state *st, uint64_t ev)
{
	struct tu_learner_state before;
	struct tu_goals_eval r;
	struct tu_err err = TU_ERR_INIT;

	tu_learner_state_init(&before);
	ok(tu_learner_state_copy(&before, st, &err), &err);
	ok(tu_goals_reevaluate(st, before.goals, before.n_goals, NULL, T0, ev,
			       &r, &err), &err);
	tu_learner_state_release(&before);
	return r;
}

static void test_reevaluate(void **state)
{
	struct tu_learner_state st;
	struct tu_goals_eval r;
	struct tu_goal *g;

	(void)state;
	tu_learner_state_init(&st);
	add_goal(&st, "m", "mastery:loops", TU_CMP_GE, 0.5, 2.0);
	add_goal(&st, "s", "problems_solved", TU_CMP_GE, 1, 1.0);
	add_goal(&st, "x", "happiness", TU_CMP_GE, 1, 1.0);
	add_goal(&st, "w", "", TU_CMP_GE, 0, 1.0);
	r = reeval(&st, 2);
	assert_true(r.reward == 0.0);
	assert_int_equal(r.n_measured, 2);
	assert_int_equal(r.n_aligned, 0);
	assert_true(tu_learner_goal_find(&st, "m")->value == 0.0);
	assert_true(isnan(tu_learner_goal_find(&st, "x")->value));
	assert_true(isnan(tu_learner_goal_find(&st, "w")->value));

	/* mastery 0.6 over 3 attempts: aligned, confidence 0.74, evidence
	 * "event:3", reward weight 2 x 0.74 */
	topic(&st, "loops", 0.6, 3);
	r = reeval(&st, 3);
	g = tu_learner_goal_find(&st, "m");
	assert_true(g->aligned && g->value == 0.6);
	assert_true(fabs(g->confidence - 0.74) < EPS);
	assert_int_equal(g->n_evidence, 1);
	assert_string_equal(g->evidence[0], "event:3");
	assert_true(fabs(r.reward - 1.48) < EPS);
	assert_int_equal(r.n_newly, 1);
	assert_int_equal(r.n_aligned, 1);

	/* still aligned: no reward, no new evidence; confidence follows */
	tu_learner_topic_find(&st, "loops")->attempts = 6;
	r = reeval(&st, 4);
	assert_true(r.reward == 0.0);
	assert_int_equal(g->n_evidence, 1);
	assert_true(fabs(g->confidence - 0.91) < EPS);

	/* dropped below, then aligned again: a new record, no reward */
	tu_learner_topic_find(&st, "loops")->mastery = 0.4;
	r = reeval(&st, 5);
	assert_false(g->aligned);
	assert_true(r.reward == 0.0);
	tu_learner_topic_find(&st, "loops")->mastery = 0.55;
	r = reeval(&st, 6);
	assert_true(g->aligned);
	assert_true(r.reward == 0.0);
	assert_int_equal(r.n_newly, 1);
	assert_int_equal(g->n_evidence, 2);
	assert_string_equal(g->evidence[1], "event:6");
	tu_learner_state_release(&st);
}

static void test_reevaluate_errors(void **state)
{
	struct tu_learner_state st;
	struct tu_goals_eval r;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_learner_state_init(&st);
	add_goal(&st, "m", "accuracy", TU_CMP_GE, 0.5, 1.0);
	st.goals[0].threshold_cmp = (enum tu_cmp)7;
	assert_int_equal(tu_goals_reevaluate(&st, NULL, 0, NULL, T0, 1, &r,
					     &err), TU_EINVAL);
	assert_string_equal(err.msg, "goal 'm': unknown comparison 7");
	assert_int_equal(tu_goals_reevaluate(&st, NULL, 3, NULL, T0, 1, &r,
					     &err), TU_EINVAL);
	tu_learner_state_release(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mastery),
		cmocka_unit_test(test_minutes_per_day),
		cmocka_unit_test(test_minutes_from_items),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_streak),
		cmocka_unit_test(test_unknown_metric),
		cmocka_unit_test(test_confidence),
		cmocka_unit_test(test_evidence),
		cmocka_unit_test(test_reevaluate),
		cmocka_unit_test(test_reevaluate_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
