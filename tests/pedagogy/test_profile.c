/*
 * test_profile.c - the deterministic profiling pipeline (tutor/profile.h)
 * on hand-built states and a hand-built course: each behaviour label
 * (fixed and IQR fences), the Bloom levels and their smoothing, each
 * persona, interests from practice, questions and messages, the keyword
 * cues and the classifier hook, the JSON and the input checks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tutor/content.h"
#include "tutor/profile.h"

#define T0 1767225600
#define EPS 1e-9
#define NP 24

/* Problems e1..e8 (easy, loops), m1..m8 (medium, lists), h1..h8 (hard,
 * recursion), 10 expected minutes each; e1 is practised by an exercise
 * action at Bloom "analyze". */
static struct tu_course_problem problems[NP];
static struct tu_course_topic topics[3];
static struct tu_course_action actions[1];
static struct tu_course course;

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct tu_course_problem *)a)->id,
		      ((const struct tu_course_problem *)b)->id);
}

/* (A loaded course keeps its problems sorted by id; so does this one.) */
static void make_course(void)
{
	static const char *const tid[3] = { "loops", "lists", "recursion" };

	memset(&course, 0, sizeof(course));
	memset(problems, 0, sizeof(problems));
	memset(topics, 0, sizeof(topics));
	memset(actions, 0, sizeof(actions));
	for (int i = 0; i < 3; i++)
		strcpy(topics[i].id, tid[i]);
	for (int i = 0; i < NP; i++) {
		struct tu_course_problem *p = &problems[i];

		snprintf(p->id, sizeof(p->id), "%c%d", "emh"[i / 8], i % 8 + 1);
		p->difficulty = (enum tu_difficulty)(i / 8);
		strcpy(p->topics[0], tid[i / 8]);
		p->n_topics = 1;
		p->expected_min = 10.0;
	}
	qsort(problems, NP, sizeof(problems[0]), by_id);
	strcpy(actions[0].id, "practise-e1");
	actions[0].kind = TU_ACTION_EXERCISE;
	actions[0].bloom = TU_ABLOOM_ANALYZE;
	strcpy(actions[0].problem, "e1");
	course.topics = topics;
	course.n_topics = 3;
	course.problems = problems;
	course.n_problems = NP;
	course.actions = actions;
	course.n_actions = 1;
}

static int setup(void **state)
{
	(void)state;
	make_course();
	return 0;
}

static void ok(enum tu_status s, const struct tu_err *e)
{
	if (s != TU_OK)
		fail_msg("status %d: %s", (int)s, e->msg);
}

/* An attempted item: `at` is its last attempt (and solve time when
 * solved); time_s 0 = untimed; offered by the curator unless voluntary. */
static struct tu_item_progress *add(struct tu_learner_state *st,
				    const char *id, int64_t at,
				    uint32_t attempts, uint32_t failures,
				    bool solved, double time_s)
{
	struct tu_item_progress *p;
	struct tu_err err = TU_ERR_INIT;

	ok(tu_learner_item_get(st, id, &p, &err), &err);
	p->attempts = attempts;
	p->failures = failures;
	p->solved = solved;
	p->first_seen = p->last_picked = at - 600;
	p->last_attempt = at;
	p->solved_at = solved ? at : TU_TIME_NONE;
	p->time_s = time_s;
	return p;
}

static void profile(const struct tu_learner_state *st,
		    const struct tu_event_in *ev, size_t n_ev,
		    const struct tu_profile_message *msg, size_t n_msg,
		    struct tu_profile *p)
{
	struct tu_profile_input in;
	struct tu_err err = TU_ERR_INIT;

	memset(&in, 0, sizeof(in));
	in.st = st;
	in.course = &course;
	in.events = ev;
	in.n_events = n_ev;
	in.messages = msg;
	in.n_messages = n_msg;
	in.now = T0 + 86400;
	ok(tu_profile_compute(&in, p, &err), &err);
}

static const struct tu_profile_item *find(const struct tu_profile *p,
					  const char *id)
{
	static const struct tu_profile_item none;

	for (size_t i = 0; i < p->n_items; i++)
		if (strcmp(p->items[i].item, id) == 0)
			return &p->items[i];
	fail_msg("no item %s in the profile", id);
	return &none;
}

/* ---- behaviour ------------------------------------------------------------ */

/* Three timed items: fixed fences 0.25 and 2.0 of the expected time. */
static void test_labels_fixed(void **state)
{
	struct tu_learner_state st;
	struct tu_profile p;

	(void)state;
	tu_learner_state_init(&st);
	tu_profile_init(&p);
	add(&st, "e2", T0 + 100, 1, 0, true, 60);        /* 0.1 */
	add(&st, "e3", T0 + 200, 2, 1, true, 120);       /* 0.2, failed */
	add(&st, "e4", T0 + 300, 1, 0, true, 1800)->hints_used = 1; /* 3.0 */
	add(&st, "e5", T0 + 400, 1, 0, true, 0);         /* untimed */
	st.items[2].hint_level = 1;
	profile(&st, NULL, 0, NULL, 0, &p);
	assert_false(p.behaviour.iqr);
	assert_int_equal(p.behaviour.n_timed, 3);
	assert_int_equal(find(&p, "e2")->label, TU_BEHAV_SKIMMING);
	assert_int_equal(find(&p, "e3")->label, TU_BEHAV_DISTRACTION);
	assert_int_equal(find(&p, "e4")->label, TU_BEHAV_PRODUCTIVE_STRUGGLE);
	assert_int_equal(find(&p, "e5")->label, TU_BEHAV_UNTIMED);
	assert_int_equal(p.behaviour.labels[TU_BEHAV_SKIMMING], 1);
	/* outcomes: 4 of 5 submissions accepted, 3 of 4 first tries, one
	 * hint over four items */
	assert_true(fabs(p.behaviour.accuracy - 0.8) < EPS);
	assert_true(fabs(p.behaviour.first_try_rate - 0.75) < EPS);
	assert_true(fabs(p.behaviour.hints_per_problem - 0.25) < EPS);
	assert_int_equal(p.behaviour.max_hint_level, 1);
	tu_profile_release(&p);
	tu_learner_state_release(&st);
}

/* Eight timed items, ratios 0.5, 1 x 6, 3.0: Q1 = Q3 = 1, so both fences
 * are 1: 0.5 skims, 3.0 is focused, the rest are normal. */
static void test_labels_iqr(void **state)
{
	struct tu_learner_state st;
	struct tu_profile p;
	char id[8];

	(void)state;
	tu_learner_state_init(&st);
	tu_profile_init(&p);
	add(&st, "m1", T0 + 10, 1, 0, true, 300);
	for (int i = 2; i <= 7; i++) {
		snprintf(id, sizeof(id), "m%d", i);
		add(&st, id, T0 + 10 * i, 1, 0, true, 600);
	}
	add(&st, "m8", T0 + 100, 1, 0, true, 1800);
	profile(&st, NULL, 0, NULL, 0, &p);
	assert_true(p.behaviour.iqr);
	assert_true(p.behaviour.q1 == 1.0 && p.behaviour.q3 == 1.0);
	assert_int_equal(find(&p, "m1")->label, TU_BEHAV_SKIMMING);
	assert_int_equal(find(&p, "m8")->label, TU_BEHAV_FOCUSED);
	assert_int_equal(p.behaviour.labels[TU_BEHAV_NORMAL], 6);
	tu_profile_release(&p);
	tu_learner_state_release(&st);
}

static void test_review_loops(void **state)
{
	struct tu_learner_state st;
	struct tu_item_progress *ip;
	struct tu_review_item r;
	struct tu_profile p;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_learner_state_init(&st);
	tu_profile_init(&p);
	ip = add(&st, "e1", T0 + 500, 3, 0, true, 0);
	ip->solved_at = T0 + 100;          /* submitted again after */
	add(&st, "e2", T0 + 600, 1, 0, true, 0);
	tu_learner_review_init(&r);
	strcpy(r.item, "e1");
	r.repetitions = 2;
	ok(tu_learner_review_add(&st, &r, NULL, &err), &err);
	profile(&st, NULL, 0, NULL, 0, &p);
	assert_true(find(&p, "e1")->review_loop);
	assert_false(find(&p, "e2")->review_loop);
	assert_int_equal(p.behaviour.review_loops, 1);
	assert_int_equal(p.behaviour.reviews_done, 1);
	/* episodes in time order: e1 solved at T0+100 first */
	assert_string_equal(p.items[0].item, "e1");
	tu_profile_release(&p);
	tu_learner_state_release(&st);
}

/* ---- levels and personas ---------------------------------------------------- */

/* n items named prefix1.. at increasing times. */
static void series(struct tu_learner_state *st, char prefix, int from,
		   int n, int64_t t0, uint32_t failures, bool solved)
{
	char id[8];

	for (int i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "%c%d", prefix, from + i);
		add(st, id, t0 + 60 * i, failures + 1, failures, solved, 0);
	}
}

static void test_levels(void **state)
{
	struct tu_learner_state st;
	struct tu_profile p;

	(void)state;
	tu_learner_state_init(&st);
	tu_profile_init(&p);
	add(&st, "e1", T0 + 10, 2, 1, true, 0);   /* action: analyze = 4 */
	add(&st, "e2", T0 + 20, 1, 0, true, 0);   /* easy first try 3.2 */
	add(&st, "m1", T0 + 30, 1, 0, true, 0);   /* medium first try 4.0 */
	add(&st, "h1", T0 + 40, 1, 0, true, 0);   /* hard first try 5.0 */
	add(&st, "h2", T0 + 50, 2, 2, false, 0);  /* hard unsolved 3.0 */
	add(&st, "e3", T0 + 60, 1, 0, true, 0)->hint_level = 4; /* 2.7 */
	st.items[5].hints_used = 4;
	profile(&st, NULL, 0, NULL, 0, &p);
	assert_true(fabs(find(&p, "e1")->level - 4.0) < EPS);
	assert_true(fabs(find(&p, "e2")->level - 3.2) < EPS);
	assert_true(fabs(find(&p, "m1")->level - 4.0) < EPS);
	assert_true(fabs(find(&p, "h1")->level - 5.0) < EPS);
	assert_true(fabs(find(&p, "h2")->level - 3.0) < EPS);
	assert_true(fabs(find(&p, "e3")->level - 2.7) < EPS);
	/* smoothing (6 points, alpha 0.6): medians 3.6, 4.0, 4.0, 4.0, 3.0,
	 * 2.85; s = 3.6, 3.84, 3.936, 3.9744, 3.38976, 3.065904 */
	assert_true(fabs(p.items[0].smoothed - 3.6) < EPS);
	assert_true(fabs(p.items[5].smoothed - 3.065904) < EPS);
	tu_profile_release(&p);
	tu_learner_state_release(&st);
}

static void expect_persona(const struct tu_learner_state *st,
			   enum tu_persona want, enum tu_bloom bloom,
			   const char *code)
{
	struct tu_profile p;

	tu_profile_init(&p);
	profile(st, NULL, 0, NULL, 0, &p);
	assert_int_equal(p.persona.persona, want);
	assert_int_equal(p.persona.bloom, bloom);
	assert_string_equal(p.persona.code, code);
	tu_profile_release(&p);
}

static void test_personas(void **state)
{
	struct tu_learner_state st;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	/* no attempted item: no persona */
	tu_learner_state_init(&st);
	expect_persona(&st, TU_PERSONA_NONE, TU_BLOOM_NONE, "no_data");
	/* six easy solves after a failure: flat at 3.0, Apply: explorer */
	series(&st, 'e', 2, 6, T0, 1, true);
	expect_persona(&st, TU_PERSONA_EXPLORER, TU_BLOOM_APPLY,
		       "flat_low_level");
	/* a misconception seen 3 times on a weak topic: repair failed */
	ok(tu_learner_misconception_record(&st, "off-by-one", "loops", 3,
					   T0, &err), &err);
	ok(tu_learner_misconception_record(&st, "off-by-one", "loops", 4,
					   T0, &err), &err);
	ok(tu_learner_misconception_record(&st, "off-by-one", "loops", 5,
					   T0, &err), &err);
	expect_persona(&st, TU_PERSONA_STRUGGLER, TU_BLOOM_APPLY,
		       "repair_failed_gap");
	tu_learner_state_release(&st);
	/* six medium first tries: flat at 4.0, Analyze: consolidator */
	tu_learner_state_init(&st);
	series(&st, 'm', 1, 6, T0, 0, true);
	expect_persona(&st, TU_PERSONA_CONSOLIDATOR, TU_BLOOM_ANALYZE,
		       "flat_high_level");
	tu_learner_state_release(&st);
	/* 2, 2, 2 then 5, 5, 5: rising (recent mean 4.376): momentum */
	tu_learner_state_init(&st);
	series(&st, 'e', 2, 3, T0, 1, false);
	series(&st, 'h', 1, 3, T0 + 1000, 0, true);
	expect_persona(&st, TU_PERSONA_MOMENTUM, TU_BLOOM_EVALUATE,
		       "rising_trend");
	tu_learner_state_release(&st);
	/* 5, 5, 5 then 2, 2, 2: falling: struggler */
	tu_learner_state_init(&st);
	series(&st, 'h', 1, 3, T0, 0, true);
	series(&st, 'e', 2, 3, T0 + 1000, 1, false);
	expect_persona(&st, TU_PERSONA_STRUGGLER, TU_BLOOM_APPLY,
		       "falling_trend");
	tu_learner_state_release(&st);
}

/* ---- semantic signals and interests --------------------------------------- */

static void ask(struct tu_event_in *ev, const char *use, const char *item)
{
	memset(ev, 0, sizeof(*ev));      /* (tu_event_in_init is the orch's) */
	ev->type = TU_EV_ASSIST;
	ev->at = T0;
	snprintf(ev->u.assist.use, sizeof(ev->u.assist.use), "%s", use);
	snprintf(ev->u.assist.item, sizeof(ev->u.assist.item), "%s", item);
	snprintf(ev->u.assist.text, sizeof(ev->u.assist.text), "an answer");
}

/* e1 (loops; its exercise action makes it 4.0, higher order) is what a
 * message finds "fun"; m1 (lists, first try 4.0) was asked about twice;
 * messages name recursion (confused) and lists (curious, a goal quote).
 * Interests: lists 1 + 2 + 1.5 (m1) + 1 + 1.5 (quote) = 7; loops 1 + 2 +
 * 1.5 = 4.5; recursion 1. */
static void interest_state(struct tu_learner_state *st)
{
	struct tu_goal g;
	struct tu_err err = TU_ERR_INIT;

	tu_learner_state_init(st);
	add(st, "e1", T0 + 10, 2, 1, true, 0);
	add(st, "m1", T0 + 20, 1, 0, true, 0);
	tu_learner_goal_init(&g);
	strcpy(g.id, "g1");
	strcpy(g.evidence[0], "said \"I am curious about lists\"");
	g.n_evidence = 1;
	ok(tu_learner_goal_add(st, &g, NULL, &err), &err);
}

static void test_interests(void **state)
{
	static const struct tu_profile_message msg[] = {
		{ "I'm confused about recursion", NULL },
		{ "this is fun", "e1" },
	};
	struct tu_learner_state st;
	struct tu_event_in ev[3];
	struct tu_profile p;

	(void)state;
	interest_state(&st);
	tu_profile_init(&p);
	ask(&ev[0], "ask", "m1");
	ask(&ev[1], "ask", "m1");
	ask(&ev[2], "hint", "e1");
	profile(&st, ev, 3, msg, 2, &p);
	assert_int_equal(p.semantic.n_questions, 2);
	assert_int_equal(find(&p, "m1")->questions, 2);
	assert_int_equal(p.semantic.n_messages, 3);
	assert_int_equal(p.semantic.confusion, 1);
	assert_int_equal(p.semantic.curiosity, 2);
	assert_int_equal(p.semantic.frustration, 0);
	assert_int_equal(p.semantic.source, TU_PROFILE_SRC_KEYWORDS);
	assert_int_equal(p.n_interests, 3);
	assert_string_equal(p.interests[0].topic, "lists");
	assert_true(fabs(p.interests[0].score - 7.0) < EPS);
	assert_string_equal(p.interests[1].topic, "loops");
	assert_true(fabs(p.interests[1].score - 4.5) < EPS);
	assert_string_equal(p.interests[2].topic, "recursion");
	assert_true(fabs(p.interests[2].score - 1.0) < EPS);
	assert_string_equal(p.persona.primary, "lists");
	assert_string_equal(p.persona.secondary, "loops");
	tu_profile_release(&p);
	tu_learner_state_release(&st);
}

static enum tu_status frustrated(void *ctx, const char *text,
				 unsigned *affect, struct tu_err *err)
{
	int *calls = ctx;

	(void)text;
	(*calls)++;
	if (*calls < 0)
		return tu_err_set(err, TU_EUNAVAIL, "no model");
	*affect = TU_AFFECT_FRUSTRATION;
	return TU_OK;
}

static void test_hook(void **state)
{
	static const struct tu_profile_message msg[] = {
		{ "I'm confused about recursion", NULL },
	};
	struct tu_learner_state st;
	struct tu_profile_input in;
	struct tu_profile p;
	struct tu_err err = TU_ERR_INIT;
	int calls = 0;

	(void)state;
	interest_state(&st);
	tu_profile_init(&p);
	memset(&in, 0, sizeof(in));
	in.st = &st;
	in.course = &course;
	in.messages = msg;
	in.n_messages = 1;
	in.classify = frustrated;
	in.classify_ctx = &calls;
	ok(tu_profile_compute(&in, &p, &err), &err);
	assert_int_equal(calls, 2);
	assert_int_equal(p.semantic.frustration, 2);
	assert_int_equal(p.semantic.confusion, 0);
	assert_int_equal(p.semantic.source, TU_PROFILE_SRC_HOOK);
	calls = -100;                      /* the hook fails: keywords */
	ok(tu_profile_compute(&in, &p, &err), &err);
	assert_int_equal(p.semantic.hook_failures, 2);
	assert_int_equal(p.semantic.confusion, 1);
	assert_int_equal(p.semantic.source, TU_PROFILE_SRC_KEYWORDS);
	tu_profile_release(&p);
	tu_learner_state_release(&st);
}

/* ---- JSON and errors ------------------------------------------------------ */

static void test_json(void **state)
{
	struct tu_learner_state st;
	struct tu_profile p;
	struct tu_err err = TU_ERR_INIT;
	json_t *o = NULL, *syn, *beh;

	(void)state;
	tu_learner_state_init(&st);
	tu_profile_init(&p);
	profile(&st, NULL, 0, NULL, 0, &p);
	ok(tu_profile_to_json(&p, &o, &err), &err);
	syn = json_object_get(o, "synthesis");
	assert_true(json_is_null(json_object_get(syn, "cognitive_level")));
	assert_string_equal(json_string_value(json_object_get(syn, "persona")),
			    "none");
	json_decref(o);
	tu_profile_release(&p);
	series(&st, 'm', 1, 6, T0, 0, true);
	profile(&st, NULL, 0, NULL, 0, &p);
	ok(tu_profile_to_json(&p, &o, &err), &err);
	syn = json_object_get(o, "synthesis");
	beh = json_object_get(o, "behaviour");
	assert_string_equal(json_string_value(json_object_get(syn, "persona")),
			    "consolidator");
	assert_string_equal(json_string_value(json_object_get(syn, "bloom")),
			    "analyze");
	assert_true(fabs(json_real_value(json_object_get(syn,
		"cognitive_level")) - 4.0) < EPS);
	assert_int_equal(json_array_size(json_object_get(beh, "items")), 6);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
		beh, "labels"), "untimed")), 6);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
		o, "semantic"), "source")), "none");
	json_decref(o);
	tu_profile_release(&p);
	tu_learner_state_release(&st);
}

static void test_errors(void **state)
{
	struct tu_learner_state st;
	struct tu_profile_input in;
	struct tu_profile_message msg = { NULL, NULL };
	struct tu_profile p;
	struct tu_err err = TU_ERR_INIT;
	char *big = malloc(TU_PROFILE_MESSAGE_MAX + 2);

	(void)state;
	assert_non_null(big);
	tu_learner_state_init(&st);
	tu_profile_init(&p);
	series(&st, 'm', 1, 2, T0, 0, true);
	profile(&st, NULL, 0, NULL, 0, &p);
	memset(&in, 0, sizeof(in));
	assert_int_equal(tu_profile_compute(&in, &p, &err), TU_EINVAL);
	in.st = &st;
	in.n_messages = 1;
	assert_int_equal(tu_profile_compute(&in, &p, &err), TU_EINVAL);
	in.messages = &msg;
	assert_int_equal(tu_profile_compute(&in, &p, &err), TU_EINVAL);
	assert_string_equal(err.msg, "profile: message 0 has no text");
	memset(big, 'a', TU_PROFILE_MESSAGE_MAX + 1);
	big[TU_PROFILE_MESSAGE_MAX + 1] = '\0';
	msg.text = big;
	assert_int_equal(tu_profile_compute(&in, &p, &err), TU_ERANGE);
	in.n_messages = TU_PROFILE_MESSAGES_MAX + 1;
	assert_int_equal(tu_profile_compute(&in, &p, &err), TU_ERANGE);
	/* out unchanged by the failures */
	assert_int_equal(p.n_items, 2);
	tu_profile_release(&p);
	tu_learner_state_release(&st);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labels_fixed),
		cmocka_unit_test(test_labels_iqr),
		cmocka_unit_test(test_review_loops),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_personas),
		cmocka_unit_test(test_interests),
		cmocka_unit_test(test_hook),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
