/* test_check.c - the content checker's static part
 * (tutor/content_check.h): the leak check as the checker uses it, text
 * similarity, and the
 * audit of the fixture course tests/check/data/good (coverage counts and
 * findings) with one rule tightened at a time.  argv[1] is the data dir. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/content_check.h"

static char good_dir[PATH_MAX];

static const char *const py_sol =
	"def largest(xs):\n"
	"    # the running best; \"comment words\" are not code\n"
	"    best = xs[0]\n"
	"    for x in xs[1:]:\n"
	"        if x > best:\n"
	"            best = x\n"
	"    return best\n";

/* The checker uses the feedback agent's leak check (tutor/leak.h); these
 * cases pin the behaviour the checker relies on (agents' tests cover the
 * rest). */
static void leak_check_as_the_checker_uses_it(void **state)
{
	char shared[128];

	(void)state;
	assert_true(tu_hint_leaks("Write `for x in xs[1:]: if x > best: best "
				  "= x`.", py_sol, TU_LEAK_RUN_DEFAULT, shared,
				  sizeof(shared)));
	assert_string_equal(shared, "for x in xs [ 1 : ] : if x > best : best "
			    "= x");
	/* a short fragment that is not a whole line passes */
	assert_false(tu_hint_leaks("Update the best when x > best.", py_sol,
				   TU_LEAK_RUN_DEFAULT, shared,
				   sizeof(shared)));
	/* a whole solution line of 3+ tokens is a leak even when short */
	assert_true(tu_hint_leaks("Then best = xs[0] first.", py_sol,
				  TU_LEAK_RUN_DEFAULT, shared, sizeof(shared)));
	/* the solution's comments are not code */
	assert_false(tu_hint_leaks("the running best comment words are not "
				   "code", py_sol, TU_LEAK_RUN_DEFAULT, NULL, 0));
	assert_false(tu_hint_leaks(NULL, py_sol, 8, NULL, 0));
}

static void similarity(void **state)
{
	(void)state;
	assert_true(tu_text_similarity("A b c", "c B a") == 1.0);
	assert_true(tu_text_similarity("", "") == 1.0);
	assert_true(tu_text_similarity("one two", "three four") == 0.0);
	/* {a,b,c} vs {a,b,d}: 2 shared of 4 */
	assert_true(tu_text_similarity("a b c", "a, b; d!") == 0.5);
}

static void load(struct tu_course *c)
{
	struct tu_err err = { 0 };

	tu_course_init(c);
	if (tu_course_load(good_dir, c, &err) != TU_OK)
		fail_msg("%s", err.msg);
}

static size_t count_code(const struct tu_check_report *r, const char *code)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n_findings; i++)
		n += strcmp(r->findings[i].code, code) == 0;
	return n;
}

static void audit_good_course(void **state)
{
	struct tu_course c;
	struct tu_check_rules ru;
	struct tu_check_report r;
	struct tu_err err = { 0 };

	(void)state;
	load(&c);
	tu_check_rules_default(&ru);
	tu_check_report_init(&r);
	assert_int_equal(tu_check_course(&c, &ru, &r, &err), TU_OK);
	assert_int_equal(r.n_errors, 0);
	assert_int_equal(r.n_gaps, 2);   /* both topics: under 3 problems */
	assert_int_equal(count_code(&r, "topic-few-problems"), 2);
	assert_int_equal(r.n_rows, 2);
	assert_string_equal(r.rows[0].topic, "basics");
	assert_int_equal(r.rows[0].problems, 2);
	assert_int_equal(r.rows[0].tests, 16);
	assert_int_equal(r.rows[0].public_tests, 4);
	assert_int_equal(r.rows[1].problems, 1);
	assert_int_equal(r.total.problems, 3);
	assert_int_equal(r.total.by_difficulty[0], 3);
	assert_int_equal(r.total.tests, 24);
	assert_int_equal(r.total.wrong, 3);
	assert_int_equal(r.total.actions, 2);
	assert_int_equal(r.total.by_kind[TU_ACTION_QUIZ], 1);
	assert_int_equal(r.total.by_bloom[TU_ABLOOM_REMEMBER], 1);
	tu_check_report_release(&r);
	tu_course_release(&c);
}

/* Tightening each rule turns the fixture into findings of that rule. */
static void audit_rules_bite(void **state)
{
	struct tu_course c;
	struct tu_check_rules ru;
	struct tu_check_report r;
	struct tu_err err = { 0 };

	(void)state;
	load(&c);
	tu_check_rules_default(&ru);
	ru.min_tests = 9;
	ru.min_public = 3;
	ru.min_wrong = 2;
	ru.min_topic_actions = 2;
	ru.leak_run = 2;          /* every hint with "add(2, 3)"-like code */
	ru.hint_similar = 0.05;   /* any shared word is "too similar" */
	tu_check_report_init(&r);
	assert_int_equal(tu_check_course(&c, &ru, &r, &err), TU_OK);
	assert_int_equal(count_code(&r, "few-tests"), 3);
	assert_int_equal(count_code(&r, "few-public-tests"), 3);
	assert_int_equal(count_code(&r, "few-wrong"), 3);
	assert_int_equal(count_code(&r, "topic-few-actions"), 2);
	assert_true(count_code(&r, "hint-leak") > 0);
	assert_true(count_code(&r, "hint-similar") > 0);
	assert_true(r.n_errors > 0);
	tu_check_report_release(&r);
	tu_course_release(&c);
}

static void bad_arguments(void **state)
{
	struct tu_course c;
	struct tu_check_rules ru;
	struct tu_check_report r;
	struct tu_err err = { 0 };

	(void)state;
	tu_course_init(&c);
	tu_check_rules_default(&ru);
	tu_check_report_init(&r);
	assert_int_equal(tu_check_course(NULL, &ru, &r, &err), TU_EINVAL);
	ru.hint_similar = 0.0;
	assert_int_equal(tu_check_course(&c, &ru, &r, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "hint_similar"));
	tu_check_report_release(&r);
}

static void add_and_cap(void **state)
{
	struct tu_check_report r;

	(void)state;
	tu_check_report_init(&r);
	assert_int_equal(tu_check_add(&r, TU_CHECK_ERROR, "w", "code",
				      "n=%d", 7), TU_OK);
	assert_int_equal(tu_check_add(&r, TU_CHECK_GAP, "w2", "c2", "x"),
			 TU_OK);
	assert_int_equal(r.n_findings, 2);
	assert_int_equal(r.n_errors, 1);
	assert_int_equal(r.n_gaps, 1);
	assert_string_equal(r.findings[0].message, "n=7");
	assert_string_equal(r.findings[1].where, "w2");
	tu_check_report_release(&r);
	assert_null(r.findings);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(leak_check_as_the_checker_uses_it),
		cmocka_unit_test(similarity),
		cmocka_unit_test(audit_good_course),
		cmocka_unit_test(audit_rules_bite),
		cmocka_unit_test(bad_arguments),
		cmocka_unit_test(add_and_cap),
	};

	if (argc < 2) {
		fprintf(stderr, "usage: test_check DATA_DIR\n");
		return 2;
	}
	snprintf(good_dir, sizeof(good_dir), "%s/good", argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
