/*
 * test_goal_eval.c - the goal evaluator on scripted event sequences: a
 * learner of the sample course states three goals (mastery:loops >= 0.5,
 * problems_solved >= 2, minutes_per_day >= 10), then checks in, asks for
 * a hint and submits, through the real orchestrator (tu_orch_step in
 * memory, and tu_orch_handle with a store for replay).  After every step
 * the test checks each component's value, aligned flag, evidence and
 * confidence and the learner profiler's goal_reward and goals_aligned
 * outputs: a reward exactly on the step a component first becomes
 * aligned, never twice for the same component.
 */
#include <math.h>

#include "../orch/fixture.h"
#include "tutor/goals.h"

#define L "goal-learner"
#define EPS 1e-9

struct sc {
	struct fx f;
	bool store;                  /* tu_orch_handle + load, else step */
	struct tu_learner_state st;
	json_t *out;                 /* outputs of the last step */
	int64_t now;
};

static void sc_open(struct sc *s, bool store)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_event_in ev;

	memset(s, 0, sizeof(*s));
	fx_setup(&s->f);
	s->store = store;
	tu_learner_state_init(&s->st);
	s->now = T0;
	if (store) {
		fx_add_learner(&s->f, L, T0);
		return;
	}
	tu_event_in_init(&ev);
	ev.type = TU_EV_LEARNER_CREATED;
	ev.at = T0;
	ev.u.prefs.set = TU_PREF_LANGUAGE;
	snprintf(ev.u.prefs.language, sizeof(ev.u.prefs.language), "python");
	fx_ok(tu_orch_step(&s->f.orch, &s->st, L, &ev, NULL, NULL, NULL,
			   &err), &err);
}

static void sc_close(struct sc *s)
{
	json_decref(s->out);
	tu_learner_state_release(&s->st);
	fx_teardown(&s->f);
}

/* Runs ev (released here) and keeps the new state and outputs. */
static void run(struct sc *s, struct tu_event_in *ev)
{
	struct tu_err err = TU_ERR_INIT;
	char *text = NULL;

	if (s->store) {
		struct tu_orch_result r;

		fx_ok(tu_orch_handle(&s->f.orch, L, ev, &r, &err), &err);
		text = strdup(r.outputs);
		tu_orch_result_release(&r);
		fx_ok(tu_orch_load(&s->f.orch, L, &s->st, &err), &err);
	} else {
		fx_ok(tu_orch_step(&s->f.orch, &s->st, L, ev, &text, NULL,
				   NULL, &err), &err);
	}
	json_decref(s->out);
	s->out = json_loads(text, 0, NULL);
	assert_non_null(s->out);
	free(text);
	tu_event_in_release(ev);
}

static json_t *prof(const struct sc *s, const char *key)
{
	json_t *p = json_object_get(s->out, "learner_profiler");

	assert_non_null(p);
	return json_object_get(p, key);
}

static double reward(const struct sc *s)
{
	json_t *r = prof(s, "goal_reward");

	assert_true(json_is_number(r));
	return json_number_value(r);
}

static const struct tu_goal *goal(const struct sc *s, const char *id)
{
	const struct tu_goal *g = tu_learner_goal_find(&s->st, id);

	assert_non_null(g);
	return g;
}

static const char *last_evidence(const struct tu_goal *g)
{
	return g->n_evidence ? g->evidence[g->n_evidence - 1] : "";
}

/* ---- events ---------------------------------------------------------------- */

static void add_goal(struct tu_event_in *ev, const char *id,
		     const char *metric, double threshold)
{
	struct tu_goal *g = &ev->u.goals.goals[ev->u.goals.n++];

	tu_learner_goal_init(g);
	snprintf(g->id, sizeof(g->id), "%s", id);
	g->dimension = TU_GOAL_SHORT_TERM_OBJECTIVE;
	snprintf(g->description, sizeof(g->description), "reach %s", metric);
	snprintf(g->metric, sizeof(g->metric), "%s", metric);
	g->threshold = threshold;
	g->confidence = 0.9;
	snprintf(g->evidence[0], sizeof(g->evidence[0]), "said \"%s\"", id);
	g->n_evidence = 1;
}

static void state_goals(struct sc *s)
{
	struct tu_event_in ev;

	tu_event_in_init(&ev);
	ev.type = TU_EV_GOALS_STATED;
	ev.at = s->now;
	add_goal(&ev, "g-mastery", "mastery:loops", 0.5);
	add_goal(&ev, "g-solved", "problems_solved", 2);
	add_goal(&ev, "g-minutes", "minutes_per_day", 10);
	run(s, &ev);
}

static void submit(struct sc *s, const char *item, bool pass)
{
	struct tu_event_in ev;

	fx_submission(&ev, item, s->now, pass ? 3 : 1, 3, NULL);
	run(s, &ev);
}

static void simple(struct sc *s, enum tu_event_type t, const char *item)
{
	struct tu_event_in ev;

	fx_simple(&ev, t, s->now, item);
	run(s, &ev);
}

/* ---- checks ---------------------------------------------------------------- */

static void expect(const struct sc *s, const char *id, double value,
		   bool aligned)
{
	const struct tu_goal *g = goal(s, id);

	if (fabs(g->value - value) > EPS || g->aligned != aligned)
		fail_msg("v%llu %s: value %.12g aligned %d, expected %.12g %d",
			 (unsigned long long)s->st.version, id, g->value,
			 g->aligned, value, aligned);
}

static void expect_reward(const struct sc *s, double want)
{
	if (fabs(reward(s) - want) > EPS)
		fail_msg("v%llu: goal_reward %.12g, expected %.12g",
			 (unsigned long long)s->st.version, reward(s), want);
}

static void expect_share(const struct sc *s, int aligned)
{
	assert_true(fabs(json_number_value(prof(s, "goals_aligned")) -
			 aligned / 3.0) < EPS);
}

static uint32_t submissions(const struct sc *s)
{
	uint32_t n = 0;

	for (size_t i = 0; i < s->st.n_items; i++)
		n += s->st.items[i].attempts;
	return n;
}

static double loops_mastery(const struct sc *s, uint32_t *attempts)
{
	const struct tu_topic_state *t = tu_learner_topic_find(&s->st,
							       "loops");

	*attempts = t ? t->attempts : 0;
	return t ? t->mastery : 0.0;
}

/* ---- the script ------------------------------------------------------------ */

/* The opening: goals, a check-in, a failure, a hint, three passes.
 * problems_solved reaches 2 at v7, minutes_per_day 10 at v8. */
static void opening(struct sc *s)
{
	char ev[32];

	s->now = T0 + 10;
	state_goals(s);                                   /* v2 */
	assert_int_equal(s->st.version, 2);
	expect(s, "g-mastery", 0.0, false);
	expect(s, "g-solved", 0.0, false);
	expect(s, "g-minutes", 0.0, false);
	expect_reward(s, 0.0);
	expect_share(s, 0);
	assert_true(goal(s, "g-solved")->confidence == 0.9);

	s->now = T0 + 60;
	simple(s, TU_EV_SESSION_CHECK, NULL);             /* v3: a visit */
	expect(s, "g-minutes", 0.0, false);
	expect_reward(s, 0.0);

	s->now = T0 + 300;
	submit(s, "sum-lines", false);                    /* v4 */
	expect(s, "g-minutes", 4.0, false);
	expect(s, "g-solved", 0.0, false);
	expect_reward(s, 0.0);

	s->now = T0 + 320;
	simple(s, TU_EV_HINT_REQUEST, "sum-lines");       /* v5 */
	expect(s, "g-minutes", 4.0, false);
	expect_reward(s, 0.0);

	s->now = T0 + 500;
	submit(s, "sum-lines", true);                     /* v6 */
	expect(s, "g-minutes", 440.0 / 60.0, false);
	expect(s, "g-solved", 1.0, false);
	expect_reward(s, 0.0);

	s->now = T0 + 620;
	submit(s, "count-vowels", true);                  /* v7 */
	assert_int_equal(s->st.version, 7);
	expect(s, "g-minutes", 560.0 / 60.0, false);
	expect(s, "g-solved", 2.0, true);
	assert_int_equal(submissions(s), 3);
	assert_true(fabs(goal(s, "g-solved")->confidence - 0.74) < EPS);
	assert_string_equal(last_evidence(goal(s, "g-solved")), "event:7");
	expect_reward(s, 0.74);
	expect_share(s, 1);

	s->now = T0 + 800;
	submit(s, "mean", true);                          /* v8 */
	expect(s, "g-minutes", 740.0 / 60.0, true);
	assert_true(fabs(goal(s, "g-minutes")->confidence - 0.60) < EPS);
	assert_string_equal(last_evidence(goal(s, "g-minutes")), "event:8");
	/* still aligned: its confidence follows 4 submissions, no reward */
	expect(s, "g-solved", 3.0, true);
	assert_true(fabs(goal(s, "g-solved")->confidence - 0.81) < EPS);
	assert_string_equal(last_evidence(goal(s, "g-solved")), "event:7");
	expect_reward(s, 0.60);
	expect_share(s, 2);
	snprintf(ev, sizeof(ev), "%s", last_evidence(goal(s, "g-mastery")));
	assert_string_equal(ev, "said \"g-mastery\"");
}

/* Submits (pass or fail, cycling loop problems) until the mastery goal's
 * aligned flag becomes `until`; checks every step's reward. */
static uint64_t drive_mastery(struct sc *s, bool pass, bool until,
			      bool paid_before)
{
	static const char *const items[] = { "prefix-sums", "palindrome",
		"sum-lines", "count-vowels", "mean" };
	uint32_t attempts;

	for (int i = 0; i < 80; i++) {
		bool before = goal(s, "g-mastery")->aligned;
		double m;
		const struct tu_goal *g;

		s->now += 60;
		submit(s, pass ? items[i % 5] : "sum-lines", pass);
		m = loops_mastery(s, &attempts);
		g = goal(s, "g-mastery");
		expect(s, "g-mastery", m, m >= 0.5);
		if (g->aligned && !before && !paid_before) {
			/* the first alignment: evidence, rubric, reward */
			char want[32];

			snprintf(want, sizeof(want), "event:%llu",
				 (unsigned long long)s->st.version);
			assert_string_equal(last_evidence(g), want);
			assert_true(fabs(g->confidence -
					 tu_goal_confidence(attempts)) < EPS);
			expect_reward(s, g->confidence);
		} else {
			expect_reward(s, 0.0);
		}
		if (g->aligned == until)
			return s->st.version;
	}
	fail_msg("mastery:loops never reached the goal's side %d", until);
	return 0;
}

static void test_scripted(void **state)
{
	struct sc s;
	const struct tu_goal *g;
	uint64_t first, again;
	char want[32];

	(void)state;
	sc_open(&s, false);
	opening(&s);
	first = drive_mastery(&s, true, true, false);
	expect_share(&s, 3);
	/* failures until it drops below, passes until it is met again:
	 * a new evidence record, but no second reward */
	drive_mastery(&s, false, false, true);
	assert_false(goal(&s, "g-mastery")->aligned);
	expect_share(&s, 2);
	again = drive_mastery(&s, true, true, true);
	assert_true(again > first);
	g = goal(&s, "g-mastery");
	snprintf(want, sizeof(want), "event:%llu", (unsigned long long)first);
	assert_string_equal(g->evidence[g->n_evidence - 2], want);
	snprintf(want, sizeof(want), "event:%llu", (unsigned long long)again);
	assert_string_equal(g->evidence[g->n_evidence - 1], want);
	sc_close(&s);
}

/* A session check, a daily set, a review check, a hint: the profiler
 * runs on each (its outputs are there) and the minutes follow the clock:
 * the next day has no activity yet, so the mean is over the first day. */
static void test_other_events(void **state)
{
	struct sc s;

	(void)state;
	sc_open(&s, false);
	opening(&s);
	s.now = T0 + 86400 + 3600;
	simple(&s, TU_EV_DAILY_GENERATION, NULL);
	assert_non_null(prof(&s, "goals_evaluated"));
	expect(&s, "g-minutes", 740.0 / 60.0, true);
	expect_reward(&s, 0.0);
	s.now += 60;
	simple(&s, TU_EV_REVIEW_DUE, NULL);
	expect_reward(&s, 0.0);
	s.now += 60;
	simple(&s, TU_EV_SESSION_CHECK, NULL);
	/* a visit today: two active days, 12.33 and 0 minutes */
	expect(&s, "g-minutes", 740.0 / 60.0 / 2.0, false);
	expect_reward(&s, 0.0);
	/* eight days later the first day has left the window */
	s.now = T0 + 9 * 86400;
	simple(&s, TU_EV_SESSION_CHECK, NULL);
	expect(&s, "g-minutes", 0.0, false);
	assert_int_equal(json_array_size(prof(&s, "goals_evaluated")), 3);
	sc_close(&s);
}

/* The same sequence through the store: state = replay(log), and the
 * stored state equals the in-memory one. */
static void test_replay(void **state)
{
	struct sc a, b;

	(void)state;
	sc_open(&a, true);
	sc_open(&b, false);
	opening(&a);
	opening(&b);
	drive_mastery(&a, true, true, false);
	drive_mastery(&b, true, true, false);
	fx_assert_replay(&a.f, L);
	assert_true(tu_learner_state_equal(&a.st, &b.st));
	sc_close(&a);
	sc_close(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scripted),
		cmocka_unit_test(test_other_events),
		cmocka_unit_test(test_replay),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
