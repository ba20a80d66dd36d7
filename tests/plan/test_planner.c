/*
 * test_planner.c - tu_plan_generate (tutor/plan.h): hand-written requests
 * for the four intents and both levels give plans with no validator error
 * and no warning, byte-identical on a second run, predict-first for an
 * experienced learner and explain-first for a beginner, a learner-facing
 * share in 0.3..0.7; bad requests are refused; and (skipped without
 * $TUTOR_SHARED) a plan with no error and no warning for every row of the
 * MAP-PPL sample.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/plan.h"

static const char *const senior_tags[] = { "python", "django", "postgresql" };
static const char *const novice_tags[] = { "excel" };

struct req_case {
	const char *query, *about;
	const char *const *tags;
	size_t n_tags;
};

static const struct req_case cases[] = {
	{ "Why do I get a KeyError when I read a missing key from a python dict?",
	  "Senior backend engineer, 10 years of Django.", senior_tags, 3 },
	{ "How do I sort a list of tuples by the second item in Python?",
	  "I am new to programming and mostly use spreadsheets.", novice_tags, 1 },
	{ "What is the difference between a list and a tuple in Python?",
	  "", NULL, 0 },
	{ "What is recursion?", "Student.", novice_tags, 1 },
	{ "C++ vs Rust for embedded work", "Firmware engineer for years.",
	  NULL, 0 },
};

static char *plan_text(const struct tu_plan_request *rq, struct tu_plan *p)
{
	struct tu_err err = TU_ERR_INIT;
	char *out = NULL;

	tu_plan_init(p);
	assert_int_equal(tu_plan_generate(rq, p, &err), TU_OK);
	assert_int_equal(tu_plan_write(p, JSON_COMPACT, &out, NULL, &err), TU_OK);
	return out;
}

static void check_valid(const struct tu_plan *p)
{
	struct tu_plan_report r;
	size_t human = 0;

	tu_plan_report_init(&r);
	tu_plan_validate(p, NULL, &r);
	for (size_t i = 0; i < r.n; i++)
		print_message("%s: %s [%s]\n", r.v[i].path, r.v[i].reason,
			      tu_plan_rule_code(r.v[i].rule));
	assert_int_equal(r.errors, 0);
	assert_int_equal(r.warnings, 0);
	tu_plan_report_release(&r);
	for (size_t k = 0; k < p->n_steps; k++)
		human += p->steps[k].requires_human_input;
	assert_true(10 * human >= 3 * p->n_steps);
	assert_true(10 * human <= 7 * p->n_steps);
}

static void test_cases_valid_and_deterministic(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tu_plan_request rq = { cases[i].query, cases[i].about,
			cases[i].tags, cases[i].n_tags, TU_PLAN_LEVEL_UNKNOWN, NULL };
		struct tu_plan a, b;
		char *ta = plan_text(&rq, &a), *tb = plan_text(&rq, &b);

		check_valid(&a);
		assert_string_equal(ta, tb);
		free(ta);
		free(tb);
		tu_plan_release(&a);
		tu_plan_release(&b);
	}
}

/* The first step of subtask S2: a learner-facing prediction for the
 * experienced, an explanation for the beginner. */
static void test_style_by_profile(void **state)
{
	struct tu_plan_request rq = { cases[0].query, cases[0].about,
		cases[0].tags, cases[0].n_tags, TU_PLAN_LEVEL_UNKNOWN, "Ana" };
	struct tu_plan e, n;
	char *te = plan_text(&rq, &e), *tn;
	const struct tu_plan_step *se, *sn;

	(void)state;
	rq.about_me = "I just started learning to code.";
	rq.tags = novice_tags;
	rq.n_tags = 1;
	tn = plan_text(&rq, &n);
	se = &e.steps[e.subtasks[1].first_step];
	sn = &n.steps[n.subtasks[1].first_step];
	assert_true(se->requires_human_input);
	assert_non_null(strstr(se->instruction, "predict"));
	assert_false(sn->requires_human_input);
	assert_true(strncmp(sn->instruction, "Explain", 7) == 0);
	/* the bridge anchor differs: django vs excel */
	assert_non_null(strstr(te, "django"));
	assert_non_null(strstr(tn, "excel"));
	assert_string_not_equal(te, tn);
	/* the level hint wins over the bio */
	rq.level = TU_PLAN_LEVEL_ADVANCED;
	free(tn);
	tu_plan_release(&n);
	tn = plan_text(&rq, &n);
	assert_true(n.steps[n.subtasks[1].first_step].requires_human_input);
	free(te);
	free(tn);
	tu_plan_release(&e);
	tu_plan_release(&n);
}

static void test_intents(void **state)
{
	struct tu_plan p;
	struct tu_plan_request rq = { cases[0].query, "", NULL, 0,
		TU_PLAN_LEVEL_BEGINNER, NULL };
	char *t;

	(void)state;
	t = plan_text(&rq, &p);
	assert_string_equal(p.agents[0].role, "python_diagnostician");
	free(t);
	tu_plan_release(&p);
	rq.query = cases[4].query;
	t = plan_text(&rq, &p);
	assert_string_equal(p.agents[0].role, "cpp_explainer");
	assert_non_null(strstr(t, "both versions"));
	free(t);
	tu_plan_release(&p);
	rq.query = cases[1].query;
	t = plan_text(&rq, &p);
	assert_non_null(strstr(t, "uses the API"));
	free(t);
	tu_plan_release(&p);
}

static void test_bad_requests(void **state)
{
	struct tu_plan p;
	struct tu_err err = TU_ERR_INIT;
	struct tu_plan_request rq = { "", NULL, NULL, 0, TU_PLAN_LEVEL_UNKNOWN,
		NULL };

	(void)state;
	tu_plan_init(&p);
	assert_int_equal(tu_plan_generate(&rq, &p, &err), TU_EINVAL);
	assert_int_equal(tu_plan_generate(NULL, &p, &err), TU_EINVAL);
	rq.query = "bad \xff utf-8";
	assert_int_equal(tu_plan_generate(&rq, &p, &err), TU_EINVAL);
	rq.query = "ok";
	rq.n_tags = TU_PLAN_TAGS_MAX + 1;
	rq.tags = senior_tags;
	assert_int_equal(tu_plan_generate(&rq, &p, &err), TU_ERANGE);
	assert_int_equal(p.n_steps, 0);
	tu_plan_release(&p);
}

static void test_sample_rows(void **state)
{
	const char *shared = getenv("TUTOR_SHARED");
	char path[4096], *line = NULL;
	size_t cap = 0, rows = 0, valid = 0;
	ssize_t n;
	FILE *f;

	(void)state;
	if (!shared)
		skip();
	snprintf(path, sizeof(path), "%s/data/map-ppl/sample-train-dev.jsonl",
		 shared);
	f = fopen(path, "r");
	if (!f)
		skip();
	while ((n = getline(&line, &cap, f)) > 0) {
		struct tu_plan g, p;
		struct tu_plan_report r;
		struct tu_plan_request rq;
		struct tu_err err = TU_ERR_INIT;

		tu_plan_init(&g);
		tu_plan_init(&p);
		tu_plan_report_init(&r);
		tu_plan_check(line, (size_t)n, &g, NULL, NULL);
		rq = (struct tu_plan_request){ g.input.query, g.input.about_me,
			g.input.tags, g.input.n_tags, TU_PLAN_LEVEL_UNKNOWN, NULL };
		if (tu_plan_generate(&rq, &p, &err) == TU_OK &&
		    tu_plan_validate(&p, NULL, &r) == 0 && r.warnings == 0)
			valid++;
		else
			print_message("row %zu: %s\n", rows + 1, err.msg);
		rows++;
		tu_plan_report_release(&r);
		tu_plan_release(&p);
		tu_plan_release(&g);
	}
	free(line);
	fclose(f);
	print_message("planner on sample: %zu of %zu valid\n", valid, rows);
	assert_int_equal(rows, 87);
	assert_int_equal(valid, rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases_valid_and_deterministic),
		cmocka_unit_test(test_style_by_profile),
		cmocka_unit_test(test_intents),
		cmocka_unit_test(test_bad_requests),
		cmocka_unit_test(test_sample_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
