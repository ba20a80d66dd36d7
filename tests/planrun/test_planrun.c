/*
 * test_planrun.c - the study-plan runner (tutor/plan_run.h) on the sample
 * course with a temporary store and a fake judge: a scripted learner goes
 * through the deterministic plan, the practice loop fails once (WA) then
 * passes (AC): statuses, iterations, flags, the loop DONE, the skipped
 * feedback step, the end event; half-way the store is closed and the
 * plan reopened from the log (the restart) and goes on where it was;
 * bad answers change nothing; answers by submission id; replay errors;
 * state = replay(log) at the end.
 */
#include "../orch/fixture.h"

#include <jansson.h>

#include "tutor/plan_run.h"

static const char *L = "ada";

/* ---- the fake judge: WA ("small" fails) while fails > 0, then AC -------- */

struct fake {
	int calls;
	int fails;           /* WA answers left */
	bool ie;             /* answer IE (the sandbox broke) */
};

static enum tu_status fake_judge(void *ctx, const struct tu_course_problem *p,
				 enum tu_lang lang, const char *code,
				 size_t len, struct tu_judge_result *res,
				 struct tu_err *err)
{
	struct fake *f = ctx;
	bool wa = f->fails > 0;

	(void)p; (void)lang; (void)code; (void)len; (void)err;
	memset(res, 0, sizeof(*res));
	f->calls++;
	if (f->ie) {
		res->verdict = TU_VERDICT_IE;
		snprintf(res->message, sizeof(res->message), "no sandbox");
		return TU_OK;
	}
	if (wa)
		f->fails--;
	res->cases = calloc(2, sizeof(*res->cases));
	res->n_cases = 2;
	snprintf(res->cases[0].name, 128, "example");
	res->cases[0].verdict = TU_VERDICT_AC;
	snprintf(res->cases[1].name, 128, "small");
	res->cases[1].verdict = wa ? TU_VERDICT_WA : TU_VERDICT_AC;
	if (wa)
		snprintf(res->cases[1].message, 512, "expected 3, got -1");
	res->verdict = wa ? TU_VERDICT_WA : TU_VERDICT_AC;
	return TU_OK;
}

/* ---- the world ------------------------------------------------------------ */

struct world {
	struct fx f;
	struct fake judge;
	struct tu_plan_env env;
	struct tu_plan plan;
	int64_t now;
};

static void env_set(struct world *w)
{
	w->env.orch = &w->f.orch;
	w->env.store = w->f.store;
	w->env.course = &w->f.course;
	w->env.judge = fake_judge;
	w->env.judge_ctx = &w->judge;
	w->env.assist = NULL;
}

static void make_plan(struct tu_plan *p)
{
	static const char *const tags[] = { "python", "arithmetic" };
	struct tu_plan_request rq;
	struct tu_err err = TU_ERR_INIT;

	memset(&rq, 0, sizeof(rq));
	rq.query = "How do I add two numbers in a function and return the sum";
	rq.tags = tags;
	rq.n_tags = 2;
	rq.level = TU_PLAN_LEVEL_BEGINNER;
	tu_plan_init(p);
	fx_ok(tu_plan_generate(&rq, p, &err), &err);
}

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));

	assert_non_null(w);
	fx_setup(&w->f);
	fx_add_learner(&w->f, L, T0);
	env_set(w);
	make_plan(&w->plan);
	w->now = T0 + 60;
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	tu_plan_release(&w->plan);
	fx_teardown(&w->f);
	free(w);
	return 0;
}

static uint64_t n_events(struct world *w)
{
	struct tu_err err = TU_ERR_INIT;
	uint64_t n = 0;

	fx_ok(tu_store_event_count(w->f.store, L, &n, &err), &err);
	return n;
}

static size_t step(const struct tu_plan_session *s, const char *id)
{
	size_t i = tu_plan_exec_find(&s->exec, id);

	assert_true(i != SIZE_MAX);
	return i;
}

static enum tu_plan_step_status status(const struct tu_plan_session *s,
				       const char *id)
{
	return s->exec.steps[step(s, id)].status;
}

static const char *turn_id(const struct tu_plan_session *s, size_t turn)
{
	assert_true(turn != SIZE_MAX);
	return s->plan.steps[turn].id;
}

static size_t say(struct world *w, struct tu_plan_session *s, const char *id,
		  const char *text)
{
	struct tu_plan_answer a = { text, NULL, 0, TU_LANG_PYTHON, 0 };
	struct tu_err err = TU_ERR_INIT;
	size_t turn = 0;

	w->now += 30;
	fx_ok(tu_plan_answer(&w->env, s, id, &a, w->now, &turn, &err), &err);
	return turn;
}

static size_t code(struct world *w, struct tu_plan_session *s, const char *id)
{
	static const char src[] = "def add(a, b):\n    return a + b\n";
	struct tu_plan_answer a = { NULL, src, sizeof(src) - 1,
				    TU_LANG_PYTHON, 0 };
	struct tu_err err = TU_ERR_INIT;
	size_t turn = 0;

	w->now += 30;
	fx_ok(tu_plan_answer(&w->env, s, id, &a, w->now, &turn, &err), &err);
	return turn;
}

/* Asserts that answer a to step id is refused with TU_EINVAL, mentioning
 * want, and records nothing. */
static void refused(struct world *w, struct tu_plan_session *s,
		    const char *id, const struct tu_plan_answer *a,
		    const char *want)
{
	struct tu_err err = TU_ERR_INIT;
	uint64_t before = n_events(w);
	size_t resolved = s->exec.resolved, turn = 0;

	assert_int_equal(tu_plan_answer(&w->env, s, id, a, w->now, &turn,
					&err), TU_EINVAL);
	if (!strstr(err.msg, want))
		fail_msg("'%s' lacks '%s'", err.msg, want);
	assert_int_equal(n_events(w), before);
	assert_int_equal(s->exec.resolved, resolved);
	assert_true(turn == SIZE_MAX);
}

static char *session_text(const struct tu_plan_session *s)
{
	json_t *j = tu_plan_session_json(s);
	char *t;

	assert_non_null(j);
	t = json_dumps(j, JSON_SORT_KEYS);
	json_decref(j);
	assert_non_null(t);
	return t;
}

static void reopen(struct world *w, const char *plan_id,
		   struct tu_plan_session *s)
{
	struct tu_err err = TU_ERR_INIT;

	tu_plan_session_init(s);
	fx_ok(tu_plan_open(&w->env, L, plan_id, s, &err), &err);
}

static void start(struct world *w, const char *item,
		  struct tu_plan_session *s, size_t *turn)
{
	struct tu_err err = TU_ERR_INIT;

	w->now += 60;
	fx_ok(tu_plan_start(&w->env, L, &w->plan, item, "rules", w->now, s,
			    &err), &err);
	fx_ok(tu_plan_advance(&w->env, s, w->now, turn, &err), &err);
}

/* ---- the scripted run -------------------------------------------------------- */

/* Up to the first judged attempt: probe, search, explain, restate. */
static void run_to_practice(struct world *w, struct tu_plan_session *s)
{
	struct tu_plan_answer bad = { NULL, "x", 1, TU_LANG_PYTHON, 0 };
	size_t turn = 0;

	start(w, "add", s, &turn);
	assert_string_equal(s->status, "active");
	assert_int_equal(strlen(s->plan_id), 21);
	assert_memory_equal(s->plan_id, "plan-", 5);
	assert_string_equal(s->item, "add");
	assert_string_equal(turn_id(s, turn), "S1-1");
	assert_false(tu_plan_wants_code(s, turn));

	refused(w, s, "S2-2", &bad, "the current turn is 'S1-1'");
	refused(w, s, "S1-1", &bad, "text turn");
	bad.code = NULL;
	bad.text = "   ";
	refused(w, s, "S1-1", &bad, "empty");

	turn = say(w, s, "S1-1", "I think a function returns a value");
	assert_int_equal(status(s, "S1-2"), TU_PLAN_STEP_DONE);
	assert_int_equal(status(s, "S2-1"), TU_PLAN_STEP_DONE);
	assert_non_null(s->steps[step(s, "S1-2")].output);
	assert_string_equal(turn_id(s, turn), "S2-2");
	turn = say(w, s, "S2-2", "a function gives back its result");
	assert_string_equal(turn_id(s, turn), "S3-1");
	assert_true(tu_plan_wants_code(s, turn));
}

static void test_run_restart_replay(void **state)
{
	struct world *w = *state;
	struct tu_plan_answer bad = { "my answer", NULL, 0, TU_LANG_PYTHON, 0 };
	struct tu_plan_session s, r;
	char *before, *after, *text, id[TU_ID_MAX];
	size_t turn, i;

	tu_plan_session_init(&s);
	run_to_practice(w, &s);
	refused(w, &s, "S3-1", &bad, "code turn");

	/* attempt 1: WA; the feedback turn shows the failing test */
	w->judge.fails = 1;
	turn = code(w, &s, "S3-1");
	assert_int_equal(w->judge.calls, 1);
	i = step(&s, "S3-2");
	assert_string_equal(tu_plan_exec_flag_get(&s.exec, i, "passed"),
			    "false");
	assert_string_equal(tu_plan_exec_flag_get(&s.exec, i, "verdict"), "WA");
	assert_non_null(strstr(s.steps[i].output, "1 of 2 tests pass; first "
			       "failing public test: small: expected 3, got -1"));
	assert_true(s.steps[step(&s, "S3-1")].submission > 0);
	assert_string_equal(turn_id(&s, turn), "S3-3");
	text = tu_plan_turn_text(&s, turn);
	assert_non_null(strstr(text, "first failing public test"));
	free(text);

	/* the restart: everything closed, the plan reopened from the log */
	before = session_text(&s);
	snprintf(id, sizeof(id), "%s", s.plan_id);
	tu_plan_session_release(&s);
	fx_close_store(&w->f);
	fx_open_store(&w->f);
	env_set(w);
	reopen(w, id, &r);
	after = session_text(&r);
	assert_string_equal(before, after);
	free(before);
	free(after);
	assert_string_equal(turn_id(&r, tu_plan_exec_next_turn(&r.exec)),
			    "S3-3");
	assert_int_equal(r.exec.loops[0].state, TU_PLAN_LOOP_RUNNING);

	/* iteration 2: AC, the loop is done, feedback skipped, plan ends */
	turn = say(w, &r, "S3-3", "I see: I subtracted instead of adding");
	assert_string_equal(turn_id(&r, turn), "S3-1");
	assert_int_equal(tu_plan_exec_iteration(&r.exec, turn), 2);
	turn = code(w, &r, "S3-1");
	assert_int_equal(w->judge.calls, 2);
	assert_string_equal(tu_plan_exec_flag_get(&r.exec, step(&r, "S3-2"),
						  "passed"), "true");
	assert_int_equal(status(&r, "S3-3"), TU_PLAN_STEP_SKIPPED);
	assert_int_equal(r.exec.loops[0].state, TU_PLAN_LOOP_DONE);
	assert_int_equal(r.exec.loops[0].iteration, 2);
	assert_int_equal(r.exec.steps[step(&r, "S3-1")].iteration, 2);
	assert_int_equal(status(&r, "S3-4"), TU_PLAN_STEP_DONE);
	assert_int_equal(status(&r, "S4-1"), TU_PLAN_STEP_DONE);
	assert_string_equal(turn_id(&r, turn), "S4-2");
	turn = say(w, &r, "S4-2", "return the sum; next I try mean");
	assert_true(turn == SIZE_MAX);
	assert_string_equal(r.status, "completed");
	assert_int_equal(r.ended, w->now);
	assert_true(tu_plan_exec_finished(&r.exec));
	refused(w, &r, "S4-2", &bad, "completed");

	/* the completed run replays to the same session; state = replay */
	before = session_text(&r);
	tu_plan_session_release(&r);
	reopen(w, id, &r);
	after = session_text(&r);
	assert_string_equal(before, after);
	free(before);
	free(after);
	tu_plan_session_release(&r);
	fx_assert_replay(&w->f, L);
}

/* A submission already in the log answers a code turn (the web path);
 * one of another item, one made before the plan and a non-submission
 * are refused. */
static void test_answer_by_submission(void **state)
{
	struct world *w = *state;
	struct tu_plan_answer a = { NULL, NULL, 0, TU_LANG_PYTHON, 0 };
	struct tu_plan_session s;
	struct tu_event_in ev;
	struct tu_err err = TU_ERR_INIT;
	struct tu_orch_result res;
	uint64_t early, other, good;
	size_t turn = 0;

	fx_submission(&ev, "add", w->now, 1, 1, NULL);
	fx_ok(tu_orch_handle(&w->f.orch, L, &ev, &res, &err), &err);
	early = res.seq;
	tu_orch_result_release(&res);
	tu_event_in_release(&ev);
	tu_plan_session_init(&s);
	run_to_practice(w, &s);
	fx_submission(&ev, "mean", w->now, 1, 1, NULL);
	fx_ok(tu_orch_handle(&w->f.orch, L, &ev, &res, &err), &err);
	other = res.seq;
	tu_orch_result_release(&res);
	tu_event_in_release(&ev);

	a.submission = (int64_t)other;
	refused(w, &s, "S3-1", &a, "not the plan's item 'add'");
	a.submission = (int64_t)early;
	refused(w, &s, "S3-1", &a, "before plan");
	a.submission = (int64_t)s.start_seq;
	refused(w, &s, "S3-1", &a, "is not a submission");
	a.submission = 999999;
	refused(w, &s, "S3-1", &a, "is not a submission");

	fx_submission(&ev, "add", w->now, 2, 2, NULL);
	fx_ok(tu_orch_handle(&w->f.orch, L, &ev, &res, &err), &err);
	good = res.seq;
	tu_orch_result_release(&res);
	tu_event_in_release(&ev);
	a.submission = (int64_t)good;
	fx_ok(tu_plan_answer(&w->env, &s, "S3-1", &a, w->now, &turn, &err),
	      &err);
	assert_int_equal(s.steps[step(&s, "S3-1")].submission, good);
	assert_string_equal(tu_plan_exec_flag_get(&s.exec, step(&s, "S3-2"),
						  "passed"), "true");
	assert_string_equal(turn_id(&s, turn), "S4-2");
	assert_int_equal(w->judge.calls, 0);
	tu_plan_session_release(&s);
	fx_assert_replay(&w->f, L);
}

/* The judge failing (IE) or missing records nothing. */
static void test_judge_unavailable(void **state)
{
	struct world *w = *state;
	static const char src[] = "def add(a, b):\n    return 0\n";
	struct tu_plan_answer a = { NULL, src, sizeof(src) - 1,
				    TU_LANG_PYTHON, 0 };
	struct tu_plan_session s;
	struct tu_err err = TU_ERR_INIT;
	uint64_t n;

	tu_plan_session_init(&s);
	run_to_practice(w, &s);
	n = n_events(w);
	w->judge.ie = true;
	assert_int_equal(tu_plan_answer(&w->env, &s, "S3-1", &a, w->now, NULL,
					&err), TU_EUNAVAIL);
	assert_non_null(strstr(err.msg, "nothing was recorded"));
	w->env.judge = NULL;
	assert_int_equal(tu_plan_answer(&w->env, &s, "S3-1", &a, w->now, NULL,
					&err), TU_EUNAVAIL);
	a.lang = TU_LANG_C;
	w->env.judge = fake_judge;
	w->judge.ie = false;
	a.code_len = 0;
	assert_int_equal(tu_plan_answer(&w->env, &s, "S3-1", &a, w->now, NULL,
					&err), TU_EINVAL);
	assert_int_equal(n_events(w), n);
	assert_int_equal(status(&s, "S3-1"), TU_PLAN_STEP_PENDING);
	tu_plan_session_release(&s);
}

/* List, abandon, unknown plans, a plan with errors refused. */
static void test_list_abandon(void **state)
{
	struct world *w = *state;
	struct tu_plan_summary *list = NULL;
	struct tu_plan_session s, t;
	struct tu_err err = TU_ERR_INIT;
	size_t n = 0, turn;

	tu_plan_session_init(&s);
	start(w, NULL, &s, &turn);
	assert_true(s.item[0] != '\0');   /* retrieval picked a problem */
	assert_non_null(tu_course_problem_find(&w->f.course, s.item));
	fx_ok(tu_plan_abandon(&w->env, &s, w->now, &err), &err);
	assert_string_equal(s.status, "abandoned");
	assert_int_equal(tu_plan_abandon(&w->env, &s, w->now, &err),
			 TU_EINVAL);
	tu_plan_session_init(&t);
	start(w, "add", &t, &turn);
	assert_string_not_equal(s.plan_id, t.plan_id);

	fx_ok(tu_plan_list(w->f.store, L, &list, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].plan_id, s.plan_id);
	assert_string_equal(list[0].status, "abandoned");
	assert_string_equal(list[1].status, "active");
	assert_int_equal(list[1].steps, 10);
	assert_int_equal(list[1].resolved, 0);
	assert_non_null(strstr(list[0].query, "add two numbers"));
	free(list);

	tu_plan_session_release(&s);
	assert_int_equal(tu_plan_open(&w->env, L, "plan-0000000000000000",
				      &s, &err), TU_ENOTFOUND);
	assert_int_equal(tu_plan_start(&w->env, L, &w->plan, "nosuch",
				       "rules", w->now, &s, &err),
			 TU_ENOTFOUND);
	tu_plan_session_release(&s);
	tu_plan_session_release(&t);
}

/* A step record that does not fit the plan makes the open TU_ECORRUPT,
 * naming the event. */
static void test_replay_corrupt(void **state)
{
	struct world *w = *state;
	struct tu_plan_session s, r;
	struct tu_event_in ev;
	struct tu_err err = TU_ERR_INIT;
	struct tu_orch_result res;
	char want[64];
	size_t turn;

	tu_plan_session_init(&s);
	start(w, "add", &s, &turn);
	tu_event_in_init(&ev);
	ev.type = TU_EV_PLAN;
	ev.at = w->now;
	ev.u.plan.kind = TU_PLAN_EV_STEP;
	snprintf(ev.u.plan.plan_id, sizeof(ev.u.plan.plan_id), "%s",
		 s.plan_id);
	snprintf(ev.u.plan.step, sizeof(ev.u.plan.step), "S4-2");
	ev.u.plan.iteration = 1;
	fx_ok(tu_orch_handle(&w->f.orch, L, &ev, &res, &err), &err);
	snprintf(want, sizeof(want), "event %llu:",
		 (unsigned long long)res.seq);
	tu_orch_result_release(&res);
	assert_int_equal(tu_plan_open(&w->env, L, s.plan_id, &r, &err),
			 TU_ECORRUPT);
	assert_non_null(strstr(err.msg, want));
	assert_false(r.open);
	tu_plan_session_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_run_restart_replay, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_answer_by_submission,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_judge_unavailable, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_list_abandon, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_replay_corrupt, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
