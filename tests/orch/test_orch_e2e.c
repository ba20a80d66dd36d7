/*
 * test_orch_e2e.c - a scripted learner through 30+ events on the sample
 * course with a fake clock: picks respect prerequisites and the review
 * policy, wrong and right submissions move mastery the right way,
 * misconceptions carry their event as evidence, hints climb the ladder,
 * reviews come due as the clock advances, every audit record belongs to an
 * agent of the event's trigger, and state = replay(log) at the end.
 * Assist events (what an LLM-backed use showed) only advance the version;
 * goals_stated events are merged into the goals by the learner profiler.
 */
#include "fixture.h"

#include <math.h>

#include <jansson.h>

struct script {
	struct fx f;
	uint64_t version;
	uint64_t last_seq;
	int64_t now;
	json_t *out;                 /* outputs of the last event */
};

static const char *L = "ada";

static void run(struct script *s, struct tu_event_in *ev)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_orch_result r;

	fx_ok(tu_orch_handle(&s->f.orch, L, ev, &r, &err), &err);
	assert_int_equal(r.version, s->version + 1);
	assert_true(r.seq > s->last_seq);
	s->version = r.version;
	s->last_seq = r.seq;
	json_decref(s->out);
	s->out = json_loads(r.outputs, 0, NULL);
	assert_non_null(s->out);
	tu_orch_result_release(&r);
	tu_event_in_release(ev);
}

static void load(struct script *s, struct tu_learner_state *st)
{
	struct tu_err err = TU_ERR_INIT;

	tu_learner_state_release(st);
	fx_ok(tu_orch_load(&s->f.orch, L, st, &err), &err);
	assert_int_equal(st->version, s->version);
}

/* ---- audit: each record's agent is on the event's route ------------------ */

struct audit_check {
	enum tu_agent route[TU_AGENTS];
	size_t n_route;
	size_t n;
	bool seen[TU_AGENTS];
};

static int check_audit(uint64_t seq, const struct tu_audit *a, void *ctx)
{
	struct audit_check *c = ctx;
	bool ok = false;

	(void)seq;
	for (size_t i = 0; i < c->n_route; i++) {
		if (strcmp(a->agent, tu_agent_name(c->route[i])) == 0) {
			c->seen[i] = true;
			ok = true;
		}
	}
	if (!ok)
		fail_msg("audit record by '%s' on %s", a->agent, a->path);
	assert_true(a->path[0] != '\0');
	c->n++;
	return 0;
}

static size_t audit_of(struct script *s, enum tu_event_type t,
		       struct audit_check *c)
{
	struct tu_err err = TU_ERR_INIT;

	memset(c, 0, sizeof(*c));
	c->n_route = tu_agent_route(t, c->route);
	fx_ok(tu_store_audit_each(s->f.store, s->last_seq, check_audit, c,
				  &err), &err);
	return c->n;
}

/* ---- picks ------------------------------------------------------------------ */

static const char *first_pick(struct script *s)
{
	const json_t *picks = json_object_get(
		json_object_get(s->out, "content_curator"), "picks");

	assert_true(json_array_size(picks) >= 1);
	return json_string_value(json_object_get(json_array_get(picks, 0),
						 "item"));
}

/* Every picked item's topics have their prerequisites at >= prereq_min,
 * except frontier picks (offered only when nothing open is left). */
static void assert_picks_gated(struct script *s,
			       const struct tu_learner_state *st)
{
	const json_t *picks = json_object_get(
		json_object_get(s->out, "content_curator"), "picks");
	size_t i;
	const json_t *v;

	json_array_foreach(picks, i, v) {
		const struct tu_course_problem *p = tu_course_problem_find(
			&s->f.course, json_string_value(json_object_get(v, "item")));

		assert_non_null(p);
		if (strcmp(json_string_value(json_object_get(v, "code")),
			   "frontier") == 0) {
			/* a stretch pick says which prerequisite is short */
			assert_non_null(strstr(json_string_value(
				json_object_get(v, "text")), "prerequisite"));
			continue;
		}
		for (size_t t = 0; t < p->n_topics; t++) {
			const struct tu_course_topic *ct =
				tu_course_topic_find(&s->f.course, p->topics[t]);

			for (size_t r = 0; r < ct->n_requires; r++) {
				const struct tu_topic_state *ts =
					tu_learner_topic_find(st, ct->requires[r]);

				assert_non_null(ts);
				assert_true(ts->mastery >= 0.6);
			}
		}
	}
}

static bool picks_have(struct script *s, const char *item, const char *bucket)
{
	const json_t *picks = json_object_get(
		json_object_get(s->out, "content_curator"), "picks");
	size_t i;
	const json_t *v;

	json_array_foreach(picks, i, v)
		if (strcmp(json_string_value(json_object_get(v, "item")), item) == 0 &&
		    strcmp(json_string_value(json_object_get(v, "bucket")), bucket) == 0)
			return true;
	return false;
}

/* ---- the script ------------------------------------------------------------ */

static const char *a_misconception(struct script *s)
{
	assert_true(s->f.course.n_misconceptions > 0);
	return s->f.course.misconceptions[0].id;
}

static void session_check(struct script *s, struct tu_learner_state *st)
{
	struct tu_event_in ev;
	struct audit_check c;

	load(s, st);
	fx_simple(&ev, TU_EV_SESSION_CHECK, s->now, NULL);
	run(s, &ev);
	assert_picks_gated(s, st);
	assert_true(audit_of(s, TU_EV_SESSION_CHECK, &c) >= 1);
	assert_true(c.seen[0]);  /* the curator marked its picks */
}

static double topic_mastery(const struct tu_learner_state *st, const char *t)
{
	const struct tu_topic_state *ts = tu_learner_topic_find(st, t);

	return ts ? ts->mastery : 0.0;
}

static void wrong_then_hints(struct script *s, struct tu_learner_state *st,
			     const char *item)
{
	const char *tag = a_misconception(s);
	const struct tu_misconception *m;
	uint32_t last_level = 0;
	struct tu_event_in ev;
	struct audit_check c;
	uint32_t before;

	load(s, st);
	m = tu_learner_misconception_find(st, tag);
	before = m ? m->count : 0;
	s->now += 300;
	fx_submission(&ev, item, s->now, 1, 4, tag);
	run(s, &ev);
	assert_true(audit_of(s, TU_EV_SUBMISSION, &c) >= 3);
	assert_true(c.seen[0] && c.seen[1]);
	load(s, st);
	m = tu_learner_misconception_find(st, tag);
	assert_non_null(m);
	assert_int_equal(m->count, before + 1);
	assert_int_equal(m->evidence[m->n_evidence - 1], s->version);
	assert_true(tu_learner_item_find(st, item)->failures >= 1);
	for (int h = 0; h < 2; h++) {
		s->now += 60;
		fx_simple(&ev, TU_EV_HINT_REQUEST, s->now, item);
		run(s, &ev);
		audit_of(s, TU_EV_HINT_REQUEST, &c);
		load(s, st);
		assert_true(tu_learner_item_find(st, item)->hint_level >= last_level);
		assert_true(tu_learner_item_find(st, item)->hint_level <= 5);
		last_level = tu_learner_item_find(st, item)->hint_level;
		assert_non_null(json_object_get(json_object_get(s->out,
			"pedagogical_feedback"), "text"));
	}
}

static void solve(struct script *s, struct tu_learner_state *st,
		  const char *item)
{
	const struct tu_course_problem *p =
		tu_course_problem_find(&s->f.course, item);
	const struct tu_review_item *r;
	struct tu_event_in ev;
	double m0;

	load(s, st);
	m0 = topic_mastery(st, p->topics[0]);
	s->now += 600;
	fx_submission(&ev, item, s->now, 4, 4, NULL);
	run(s, &ev);
	load(s, st);
	if (!(topic_mastery(st, p->topics[0]) > m0)) {
		char *dump = json_dumps(s->out, JSON_COMPACT);

		fail_msg("%s: mastery of %s %.4f -> %.4f; outputs %s", item,
			 p->topics[0], m0, topic_mastery(st, p->topics[0]),
			 dump);
	}
	assert_true(tu_learner_item_find(st, item)->solved);
	r = tu_learner_review_find(st, item);
	assert_non_null(r);
	assert_true(r->interval_days >= 1);
	assert_true(r->due > s->now);
}

static void review_round(struct script *s, struct tu_learner_state *st,
			 const char *solved_item)
{
	const struct tu_review_item *r;
	struct tu_event_in ev;

	load(s, st);
	r = tu_learner_review_find(st, solved_item);
	if (r->due > s->now)
		s->now = r->due;
	s->now += 3600;           /* the review is (at least) an hour overdue */
	fx_simple(&ev, TU_EV_REVIEW_DUE, s->now, NULL);
	run(s, &ev);
	if (!picks_have(s, solved_item, "review")) {
		char *dump = json_dumps(s->out, JSON_COMPACT);

		fail_msg("%s not picked as a review at %lld: %s", solved_item,
			 (long long)s->now, dump);
	}
}

/* ---- assist and goals_stated -------------------------------------------- */

static void fx_assist(struct tu_event_in *ev, int64_t at, const char *use,
		      const char *item, const char *text)
{
	struct tu_ev_assist *a = &ev->u.assist;

	tu_event_in_init(ev);
	ev->type = TU_EV_ASSIST;
	ev->at = at;
	snprintf(a->use, sizeof(a->use), "%s", use);
	snprintf(a->item, sizeof(a->item), "%s", item);
	snprintf(a->path, sizeof(a->path), "json_schema");
	snprintf(a->prompt, sizeof(a->prompt), "%s", use);
	a->prompt_version = 1;
	snprintf(a->model, sizeof(a->model), "fake-model");
	snprintf(a->text, sizeof(a->text), "%s", text);
	a->prompt_tokens = 100;
	a->completion_tokens = 20;
}

static struct tu_goal *fx_goal(struct tu_event_in *ev, const char *id,
			       enum tu_goal_dimension dim, const char *desc,
			       const char *metric, double threshold,
			       double confidence, const char *evidence)
{
	struct tu_goal *g = &ev->u.goals.goals[ev->u.goals.n++];

	tu_learner_goal_init(g);
	snprintf(g->id, sizeof(g->id), "%s", id);
	g->dimension = dim;
	snprintf(g->description, sizeof(g->description), "%s", desc);
	snprintf(g->metric, sizeof(g->metric), "%s", metric);
	g->threshold = threshold;
	g->confidence = confidence;
	if (evidence) {
		snprintf(g->evidence[0], sizeof(g->evidence[0]), "%s",
			 evidence);
		g->n_evidence = 1;
	}
	return g;
}

static void fx_goals_event(struct tu_event_in *ev, int64_t at)
{
	tu_event_in_init(ev);
	ev->type = TU_EV_GOALS_STATED;
	ev->at = at;
}

/* An assist event changes nothing but the version and the time. */
static void assist_changes_nothing(struct script *s,
				   struct tu_learner_state *st,
				   const char *use, const char *item)
{
	struct tu_learner_state before;
	struct tu_event_in ev;
	struct audit_check c;

	tu_learner_state_init(&before);
	load(s, st);
	fx_ok(tu_learner_state_copy(&before, st, NULL), NULL);
	s->now += 5;
	fx_assist(&ev, s->now, use, item, "Think about the smallest input.");
	run(s, &ev);
	assert_string_equal(json_string_value(json_object_get(s->out,
							      "trigger")), "");
	assert_int_equal(json_object_size(s->out), 1);
	assert_int_equal(audit_of(s, TU_EV_ASSIST, &c), 0);
	load(s, st);
	before.version = st->version;
	before.updated = st->updated;
	assert_true(tu_learner_state_equal(&before, st));
	tu_learner_state_release(&before);
}

static void state_goals(struct script *s, const char *phase)
{
	struct tu_event_in ev;
	struct audit_check c;

	s->now += 10;
	fx_goals_event(&ev, s->now);
	fx_goal(&ev, "g-short_term_objective-1", TU_GOAL_SHORT_TERM_OBJECTIVE,
		"get better at the first topic", "minutes_per_day", 20, 0.9,
		phase);
	run(s, &ev);
	assert_true(audit_of(s, TU_EV_GOALS_STATED, &c) >= 1);
	assert_true(c.seen[0]);
}

static void test_scripted_learner(void **state)
{
	struct script s;
	struct tu_learner_state st;
	char first[TU_ID_MAX] = "";
	char item[TU_ID_MAX];

	(void)state;
	memset(&s, 0, sizeof(s));
	fx_setup(&s.f);
	tu_learner_state_init(&st);
	s.now = T0;
	fx_add_learner(&s.f, L, s.now);
	s.version = 1;
	for (int round = 0; s.version < 30; round++) {
		s.now += 86400;
		session_check(&s, &st);
		snprintf(item, sizeof(item), "%s", first_pick(&s));
		if (round < 2)
			assist_changes_nothing(&s, &st, "narrative", "");
		wrong_then_hints(&s, &st, item);
		if (round < 2)
			assist_changes_nothing(&s, &st, "hint", item);
		if (round == 0)
			state_goals(&s, "\"I want 20 minutes a day\"");
		solve(&s, &st, item);
		if (round == 0)
			snprintf(first, sizeof(first), "%s", item);
		if (round == 1)
			review_round(&s, &st, first);
	}
	assert_true(s.version >= 30);
	fx_assert_replay(&s.f, L);
	json_decref(s.out);
	tu_learner_state_release(&st);
	fx_teardown(&s.f);
}

/* goals_stated: new ids are added, a restated id replaces description,
 * metric, threshold and confidence and gains evidence; each change is an
 * audit record of the learner profiler; replay rebuilds it all. */
static void test_goals_merge(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_learner_state st;
	struct tu_orch_result r;
	struct tu_event_in ev;
	const struct tu_goal *g;
	struct script s;
	struct audit_check c;

	(void)state;
	memset(&s, 0, sizeof(s));
	fx_setup(&s.f);
	tu_learner_state_init(&st);
	s.now = T0;
	fx_add_learner(&s.f, L, s.now);
	s.version = 1;
	fx_goals_event(&ev, s.now + 1);
	fx_goal(&ev, "g-short_term_objective-1", TU_GOAL_SHORT_TERM_OBJECTIVE,
		"get better at loops", "mastery:loops", 0.8, 0.7, "learn loops");
	fx_goal(&ev, "g-explicit_motivation-1", TU_GOAL_EXPLICIT_MOTIVATION,
		"a job interview", "", 0, 0.9, "interview");
	run(&s, &ev);
	assert_int_equal(json_array_size(json_object_get(json_object_get(
		s.out, "learner_profiler"), "goals")), 2);
	assert_true(audit_of(&s, TU_EV_GOALS_STATED, &c) >= 2);
	load(&s, &st);
	assert_int_equal(st.n_goals, 2);
	g = tu_learner_goal_find(&st, "g-short_term_objective-1");
	assert_non_null(g);
	assert_true(g->value == 0.0);   /* measured: loops unseen */
	assert_false(g->aligned);
	g = tu_learner_goal_find(&st, "g-explicit_motivation-1");
	assert_true(isnan(g->value));   /* no metric: never measured */

	fx_goals_event(&ev, s.now + 2);
	fx_goal(&ev, "g-short_term_objective-1", TU_GOAL_SHORT_TERM_OBJECTIVE,
		"master loops before the exam", "mastery:loops", 0.9, 0.95,
		"master loops");
	fx_goal(&ev, "g-implicit_motivation-1", TU_GOAL_IMPLICIT_MOTIVATION,
		"coding is fun", "", 0, 0.6, "fun");
	run(&s, &ev);
	load(&s, &st);
	assert_int_equal(st.n_goals, 3);
	g = tu_learner_goal_find(&st, "g-short_term_objective-1");
	assert_string_equal(g->description, "master loops before the exam");
	assert_true(g->threshold == 0.9 && g->confidence == 0.95);
	assert_int_equal(g->n_evidence, 2);
	assert_string_equal(g->evidence[0], "learn loops");
	assert_string_equal(g->evidence[1], "master loops");
	assert_true(audit_of(&s, TU_EV_GOALS_STATED, &c) >= 4);

	/* an invalid goal (here: a control character in its id) is refused
	 * and writes nothing */
	fx_goals_event(&ev, s.now + 3);
	fx_goal(&ev, "bad\001id", TU_GOAL_LONG_TERM_OBJECTIVE, "x", "", 0, 0.5,
		NULL);
	assert_int_equal(tu_orch_handle(&s.f.orch, L, &ev, &r, &err),
			 TU_EINVAL);
	assert_non_null(strstr(err.msg, "goals[0].id"));
	load(&s, &st);
	assert_int_equal(st.n_goals, 3);
	fx_assert_replay(&s.f, L);
	json_decref(s.out);
	tu_learner_state_release(&st);
	fx_teardown(&s.f);
}

/* Unknown learner and unknown item are clear errors that write nothing. */
static void test_bad_input_changes_nothing(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_orch_result r;
	struct tu_event_in ev;
	struct fx f;
	uint64_t n0, n1;

	(void)state;
	fx_setup(&f);
	fx_add_learner(&f, L, T0);
	fx_simple(&ev, TU_EV_SESSION_CHECK, T0, NULL);
	assert_int_equal(tu_orch_handle(&f.orch, "nobody", &ev, &r, &err),
			 TU_ENOTFOUND);
	assert_non_null(strstr(err.msg, "nobody"));
	fx_ok(tu_store_event_count(f.store, NULL, &n0, &err), &err);
	fx_simple(&ev, TU_EV_HINT_REQUEST, T0, "no-such-problem");
	assert_int_equal(tu_orch_handle(&f.orch, L, &ev, &r, &err),
			 TU_ENOTFOUND);
	assert_non_null(strstr(err.msg, "no-such-problem"));
	fx_ok(tu_store_event_count(f.store, NULL, &n1, &err), &err);
	assert_int_equal(n0, n1);
	fx_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scripted_learner),
		cmocka_unit_test(test_goals_merge),
		cmocka_unit_test(test_bad_input_changes_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
