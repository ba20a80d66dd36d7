/*
 * test_plan_exec.c - the plan executor's state machine (tutor/plan_exec.h):
 * an invalid plan is refused naming its first error; the deterministic
 * planner's plan runs turn by turn; its practice loop fails once then
 * passes (the feedback step is skipped, the loop is "done"), or fails
 * every time (the loop is "exhausted" after max_iterations); independent
 * steps are ready together; a step that is not ready or a wrong
 * iteration is refused and changes nothing; conditions compare values
 * case-insensitively and ignore quotes; replaying the completions gives
 * back the same state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/plan_exec.h"

static void planner_plan(struct tu_plan *p)
{
	struct tu_plan_request rq = {
		.query = "How do I reverse a list in Python?",
		.level = TU_PLAN_LEVEL_BEGINNER,
	};
	struct tu_err err = TU_ERR_INIT;

	tu_plan_init(p);
	assert_int_equal(tu_plan_generate(&rq, p, &err), TU_OK);
}

static void parse(struct tu_plan *p, const char *json)
{
	struct tu_err err = TU_ERR_INIT;

	tu_plan_init(p);
	if (tu_plan_parse(json, strlen(json), p, NULL, &err))
		fail_msg("parse: %s", err.msg);
}

static size_t idx(const struct tu_plan_exec *x, const char *id)
{
	size_t i = tu_plan_exec_find(x, id);

	assert_true(i != SIZE_MAX);
	return i;
}

/* Completes id in its current iteration with flag passed (NULL: none). */
static void done(struct tu_plan_exec *x, const char *id, const char *passed)
{
	struct tu_plan_exec_flag f = { "passed", "" };
	struct tu_err err = TU_ERR_INIT;
	size_t i = idx(x, id);

	if (passed)
		snprintf(f.value, sizeof(f.value), "%s", passed);
	if (tu_plan_exec_complete(x, i, tu_plan_exec_iteration(x, i), &f,
				  passed ? 1 : 0, &err))
		fail_msg("complete %s: %s", id, err.msg);
}

static enum tu_plan_step_status status(const struct tu_plan_exec *x,
				       const char *id)
{
	return x->steps[idx(x, id)].status;
}

static void ready_only(const struct tu_plan_exec *x, const char *id)
{
	size_t r[8];

	assert_int_equal(tu_plan_exec_ready(x, r, 8), 1);
	assert_string_equal(x->plan->steps[r[0]].id, id);
}

static void run_to_loop(struct tu_plan_exec *x)
{
	ready_only(x, "S1-1");
	assert_int_equal(tu_plan_exec_next_turn(x), idx(x, "S1-1"));
	done(x, "S1-1", NULL);
	ready_only(x, "S1-2");
	assert_int_equal(tu_plan_exec_next_turn(x), SIZE_MAX);
	done(x, "S1-2", NULL);
	done(x, "S2-1", NULL);
	done(x, "S2-2", NULL);
}

static void test_refuses_invalid(void **state)
{
	struct tu_plan p;
	struct tu_plan_exec x;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	parse(&p, "{\"agents\":[{\"agent_role\":\"a\",\"goal\":\"g\","
	      "\"backstory\":\"You are a.\",\"tools\":[]}],\"subtasks\":[{"
	      "\"id\":\"S1\",\"name\":\"n\",\"subtask_objective\":\"o\","
	      "\"steps\":[{\"id\":\"A\",\"agent\":\"a\",\"objective\":\"o\","
	      "\"instruction\":\"Ask it.\",\"tool\":null,"
	      "\"requires_human_input\":true,\"expected_output\":\"e\","
	      "\"depends_on\":[\"B\"]},{\"id\":\"B\",\"agent\":\"a\","
	      "\"objective\":\"o\",\"instruction\":\"Ask it.\",\"tool\":null,"
	      "\"requires_human_input\":true,\"expected_output\":\"e\","
	      "\"depends_on\":[\"A\"]}]}],\"execution_order\":[\"A\",\"B\"]}");
	assert_int_equal(tu_plan_exec_init(&x, &p, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "[P11]"));
	assert_null(x.steps);
	tu_plan_exec_release(&x);
	tu_plan_release(&p);
}

static void test_loop_fails_once(void **state)
{
	struct tu_plan p;
	struct tu_plan_exec x;
	struct tu_err err = TU_ERR_INIT;
	const struct tu_plan_exec_loop *L;

	(void)state;
	planner_plan(&p);
	assert_int_equal(tu_plan_exec_init(&x, &p, &err), TU_OK);
	L = &x.loops[0];
	assert_int_equal(x.n_loops, 1);
	run_to_loop(&x);
	assert_int_equal(L->state, TU_PLAN_LOOP_WAITING);
	ready_only(&x, "S3-1");
	done(&x, "S3-1", NULL);
	assert_int_equal(L->state, TU_PLAN_LOOP_RUNNING);
	done(&x, "S3-2", "false");
	ready_only(&x, "S3-3");
	done(&x, "S3-3", NULL);
	/* iteration 2: the loop's steps are pending again, S3-4 waits */
	assert_int_equal(L->iteration, 2);
	assert_int_equal(status(&x, "S3-2"), TU_PLAN_STEP_PENDING);
	ready_only(&x, "S3-1");
	assert_int_equal(tu_plan_exec_iteration(&x, idx(&x, "S3-1")), 2);
	done(&x, "S3-1", NULL);
	done(&x, "S3-2", "TRUE");
	assert_int_equal(L->state, TU_PLAN_LOOP_DONE);
	assert_int_equal(status(&x, "S3-3"), TU_PLAN_STEP_SKIPPED);
	ready_only(&x, "S3-4");
	done(&x, "S3-4", NULL);
	done(&x, "S4-1", NULL);
	assert_false(tu_plan_exec_finished(&x));
	done(&x, "S4-2", NULL);
	assert_true(tu_plan_exec_finished(&x));
	assert_int_equal(tu_plan_exec_ready(&x, NULL, 0), 0);
	tu_plan_exec_release(&x);
	tu_plan_release(&p);
}

static void test_loop_exhausted(void **state)
{
	struct tu_plan p;
	struct tu_plan_exec x;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	planner_plan(&p);
	assert_int_equal(tu_plan_exec_init(&x, &p, &err), TU_OK);
	run_to_loop(&x);
	for (int it = 1; it <= 3; it++) {
		assert_int_equal(x.loops[0].iteration, it == 1 ? 0 : it);
		done(&x, "S3-1", NULL);
		done(&x, "S3-2", "false");
		done(&x, "S3-3", NULL);
	}
	assert_int_equal(x.loops[0].state, TU_PLAN_LOOP_EXHAUSTED);
	assert_int_equal(x.loops[0].iteration, 3);
	assert_int_equal(status(&x, "S3-3"), TU_PLAN_STEP_DONE);
	ready_only(&x, "S3-4");
	tu_plan_exec_release(&x);
	tu_plan_release(&p);
}

static void test_refusals_change_nothing(void **state)
{
	struct tu_plan p;
	struct tu_plan_exec x;
	struct tu_err err = TU_ERR_INIT;
	size_t resolved;

	(void)state;
	planner_plan(&p);
	assert_int_equal(tu_plan_exec_init(&x, &p, &err), TU_OK);
	assert_int_equal(tu_plan_exec_complete(&x, idx(&x, "S2-1"), 1, NULL,
					       0, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "S2-1"));
	assert_int_equal(tu_plan_exec_complete(&x, idx(&x, "S1-1"), 2, NULL,
					       0, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "iteration 1"));
	assert_int_equal(tu_plan_exec_complete(&x, 999, 1, NULL, 0, &err),
			 TU_EINVAL);
	assert_int_equal(x.resolved, 0);
	assert_int_equal(status(&x, "S1-1"), TU_PLAN_STEP_PENDING);
	done(&x, "S1-1", NULL);
	resolved = x.resolved;
	assert_int_equal(tu_plan_exec_complete(&x, idx(&x, "S1-1"), 1, NULL,
					       0, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "done"));
	assert_int_equal(x.resolved, resolved);
	tu_plan_exec_release(&x);
	tu_plan_release(&p);
}

/* A: turn; B and C both depend on A only (parallel); D on B and C; a
 * loop [E, F] with condition 'F.again == "Yes"' and max 2; G after it. */
static const char diamond[] =
	"{\"agents\":[{\"agent_role\":\"a\",\"goal\":\"g\",\"backstory\":"
	"\"You are a.\",\"tools\":[]}],\"subtasks\":[{\"id\":\"S1\",\"name\":"
	"\"n\",\"subtask_objective\":\"o\",\"steps\":["
#define STEP(id, human, deps) \
	"{\"id\":\"" id "\",\"agent\":\"a\",\"objective\":\"o\"," \
	"\"instruction\":\"Explain it.\",\"tool\":null," \
	"\"requires_human_input\":" human ",\"expected_output\":\"e\"," \
	"\"depends_on\":[" deps "]}"
	STEP("A", "true", "") "," STEP("B", "false", "\"A\"") ","
	STEP("C", "false", "\"A\"") "," STEP("D", "true", "\"B\",\"C\"") ","
	STEP("E", "true", "\"D\"") "," STEP("F", "false", "\"E\"") ","
	STEP("G", "false", "\"F\"")
	"]}],\"execution_order\":[\"A\",\"B\",\"C\",\"D\",{\"loop\":{"
	"\"steps\":[\"E\",\"F\"],\"condition\":\"F.again == 'Yes'\","
	"\"max_iterations\":2}},\"G\"]}";

static void flag(struct tu_plan_exec *x, const char *id, const char *v)
{
	struct tu_plan_exec_flag f = { "again", "" };
	struct tu_err err = TU_ERR_INIT;
	size_t i = idx(x, id);

	snprintf(f.value, sizeof(f.value), "%s", v);
	if (tu_plan_exec_complete(x, i, tu_plan_exec_iteration(x, i), &f, 1,
				  &err))
		fail_msg("%s", err.msg);
}

static void test_parallel_and_quoted(void **state)
{
	struct tu_plan p;
	struct tu_plan_exec x;
	struct tu_err err = TU_ERR_INIT;
	size_t r[8];

	(void)state;
	parse(&p, diamond);
	assert_int_equal(tu_plan_exec_init(&x, &p, &err), TU_OK);
	done(&x, "A", NULL);
	assert_int_equal(tu_plan_exec_ready(&x, r, 8), 2);
	assert_string_equal(p.steps[r[0]].id, "B");
	assert_string_equal(p.steps[r[1]].id, "C");
	assert_int_equal(tu_plan_exec_ready(&x, r, 1), 2);
	done(&x, "C", NULL);
	ready_only(&x, "B");
	done(&x, "B", NULL);
	done(&x, "D", NULL);
	done(&x, "E", NULL);
	flag(&x, "F", "yes");        /* true: run again */
	assert_int_equal(x.loops[0].iteration, 2);
	ready_only(&x, "E");
	done(&x, "E", NULL);
	flag(&x, "F", "YES");
	assert_int_equal(x.loops[0].state, TU_PLAN_LOOP_EXHAUSTED);
	ready_only(&x, "G");
	done(&x, "G", NULL);
	assert_true(tu_plan_exec_finished(&x));
	tu_plan_exec_release(&x);
	tu_plan_release(&p);
}

struct rec {
	size_t step;
	uint32_t it;
	struct tu_plan_exec_flag f;
};

static void test_replay_same_state(void **state)
{
	static const char *const seq[][2] = {
		{ "S1-1", NULL }, { "S1-2", NULL }, { "S2-1", NULL },
		{ "S2-2", NULL }, { "S3-1", NULL }, { "S3-2", "false" },
		{ "S3-3", NULL }, { "S3-1", NULL }, { "S3-2", "true" },
	};
	struct rec recs[16];
	struct tu_plan p;
	struct tu_plan_exec a, b;
	struct tu_err err = TU_ERR_INIT;
	size_t n = 0;

	(void)state;
	planner_plan(&p);
	assert_int_equal(tu_plan_exec_init(&a, &p, &err), TU_OK);
	for (size_t k = 0; k < sizeof(seq) / sizeof(seq[0]); k++) {
		struct rec *r = &recs[n++];

		r->step = idx(&a, seq[k][0]);
		r->it = tu_plan_exec_iteration(&a, r->step);
		snprintf(r->f.name, sizeof(r->f.name), "passed");
		snprintf(r->f.value, sizeof(r->f.value), "%s",
			 seq[k][1] ? seq[k][1] : "");
		assert_int_equal(tu_plan_exec_complete(&a, r->step, r->it,
				 &r->f, seq[k][1] ? 1 : 0, &err), TU_OK);
	}
	assert_int_equal(tu_plan_exec_init(&b, &p, &err), TU_OK);
	for (size_t k = 0; k < n; k++)
		assert_int_equal(tu_plan_exec_complete(&b, recs[k].step,
				 recs[k].it, &recs[k].f,
				 seq[k][1] ? 1 : 0, &err), TU_OK);
	assert_int_equal(a.resolved, b.resolved);
	assert_memory_equal(a.steps, b.steps, p.n_steps * sizeof(*a.steps));
	assert_int_equal(a.loops[0].state, b.loops[0].state);
	assert_int_equal(a.loops[0].iteration, 2);
	assert_int_equal(b.loops[0].iteration, 2);
	tu_plan_exec_release(&a);
	tu_plan_exec_release(&b);
	tu_plan_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refuses_invalid),
		cmocka_unit_test(test_loop_fails_once),
		cmocka_unit_test(test_loop_exhausted),
		cmocka_unit_test(test_refusals_change_nothing),
		cmocka_unit_test(test_parallel_and_quoted),
		cmocka_unit_test(test_replay_same_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
