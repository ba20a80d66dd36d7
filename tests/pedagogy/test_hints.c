/* test_hints.c - every row of the hint-level rule table
 * (docs/pedagogy.md), the full ladders and the input checks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include "tutor/hints.h"

static void expect(double p, enum tu_failure f, uint32_t used, uint32_t last,
		   uint32_t fails, uint32_t level, const char *code)
{
	struct tu_hint_input in = { p, f, used, last, fails };
	struct tu_hint_decision out;
	struct tu_err err = TU_ERR_INIT;

	assert_int_equal(tu_hint_next(&in, &out, &err), TU_OK);
	assert_int_equal(out.level, level);
	assert_string_equal(out.code, code);
}

static void test_first_hint_rows(void **state)
{
	(void)state;
	/* F1: a syntax error starts at 2 in every band. */
	expect(0.1, TU_FAIL_SYNTAX, 0, 0, 1, 2, "first_syntax");
	expect(0.45, TU_FAIL_SYNTAX, 0, 0, 1, 2, "first_syntax");
	expect(0.9, TU_FAIL_SYNTAX, 0, 0, 1, 2, "first_syntax");
	/* F2: beginners (p < 0.3) start at 2. */
	expect(0.0, TU_FAIL_NONE, 0, 0, 0, 2, "first_beginner");
	expect(0.29, TU_FAIL_WRONG, 0, 0, 1, 2, "first_beginner");
	expect(0.29, TU_FAIL_TIMEOUT, 0, 0, 1, 2, "first_beginner");
	expect(0.29, TU_FAIL_RUNTIME, 0, 0, 1, 2, "first_beginner");
	/* F3: intermediate + timeout starts at 2. */
	expect(0.3, TU_FAIL_TIMEOUT, 0, 0, 1, 2, "first_timeout");
	expect(0.59, TU_FAIL_TIMEOUT, 0, 0, 1, 2, "first_timeout");
	/* F4: everything else starts at 1 (0.3 is intermediate, 0.6
	 * advanced, advanced + timeout stays at 1). */
	expect(0.3, TU_FAIL_NONE, 0, 0, 0, 1, "first_default");
	expect(0.5, TU_FAIL_RUNTIME, 0, 0, 1, 1, "first_default");
	expect(0.5, TU_FAIL_WRONG, 0, 0, 1, 1, "first_default");
	expect(0.6, TU_FAIL_TIMEOUT, 0, 0, 1, 1, "first_default");
	expect(1.0, TU_FAIL_NONE, 0, 0, 0, 1, "first_default");
}

static void test_next_hint_rows(void **state)
{
	(void)state;
	/* N1: at 5 stay at 5. */
	expect(0.5, TU_FAIL_WRONG, 4, 5, 3, 5, "at_max");
	/* N2: syntax error: +2, capped at 5. */
	expect(0.5, TU_FAIL_SYNTAX, 1, 1, 1, 3, "syntax_jump");
	expect(0.9, TU_FAIL_SYNTAX, 1, 1, 1, 3, "syntax_jump"); /* beats N3 */
	expect(0.5, TU_FAIL_SYNTAX, 2, 3, 2, 5, "syntax_jump");
	expect(0.5, TU_FAIL_SYNTAX, 3, 4, 2, 5, "syntax_jump");
	/* N3: advanced, odd hints_used: repeat the last level. */
	expect(0.6, TU_FAIL_WRONG, 1, 1, 1, 1, "advanced_repeat");
	expect(0.8, TU_FAIL_RUNTIME, 3, 2, 1, 2, "advanced_repeat");
	/* N4: one level up (advanced on even counts, everyone else). */
	expect(0.6, TU_FAIL_WRONG, 2, 1, 1, 2, "step");
	expect(0.59, TU_FAIL_WRONG, 1, 1, 1, 2, "step");
	expect(0.1, TU_FAIL_TIMEOUT, 1, 2, 1, 3, "step");
	expect(0.1, TU_FAIL_NONE, 2, 3, 0, 4, "step");
	expect(0.4, TU_FAIL_WRONG, 3, 4, 1, 5, "step");
	/* G: level 5 needs a failed attempt. */
	expect(0.4, TU_FAIL_NONE, 3, 4, 0, 4, "targeted_needs_failed_attempt");
	expect(0.4, TU_FAIL_SYNTAX, 2, 3, 0, 4, "targeted_needs_failed_attempt");
}

/* Follows the policy from no hint to 5, feeding each level back. */
static void ladder(double p, enum tu_failure f, const uint32_t *want,
		   size_t n)
{
	struct tu_hint_input in = { p, f, 0, 0, 1 };
	struct tu_hint_decision out;

	for (size_t i = 0; i < n; i++) {
		assert_int_equal(tu_hint_next(&in, &out, NULL), TU_OK);
		assert_int_equal(out.level, want[i]);
		/* Never more than two above the last, never above 5. */
		assert_true(out.level <= in.last_level + 2);
		assert_true(out.level <= 5 && out.level >= in.last_level);
		in.last_level = out.level;
		in.hints_used++;
	}
}

static void test_ladders(void **state)
{
	static const uint32_t beginner[] = { 2, 3, 4, 5, 5 };
	static const uint32_t inter[] = { 1, 2, 3, 4, 5 };
	static const uint32_t advanced[] = { 1, 1, 2, 2, 3, 3, 4, 4, 5 };
	static const uint32_t syntax[] = { 2, 4, 5 };

	(void)state;
	ladder(0.1, TU_FAIL_WRONG, beginner, 5);
	ladder(0.45, TU_FAIL_WRONG, inter, 5);
	ladder(0.7, TU_FAIL_WRONG, advanced, 9);
	ladder(0.7, TU_FAIL_SYNTAX, syntax, 3);
}

static void test_text_and_checks(void **state)
{
	struct tu_hint_input in = { 0.1, TU_FAIL_NONE, 0, 0, 0 };
	struct tu_hint_decision out;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	assert_int_equal(tu_hint_next(&in, &out, &err), TU_OK);
	assert_string_equal(out.text, "level 2 (conceptual): first hint for a "
			    "beginner: the key idea");
	in.proficiency = NAN;
	assert_int_equal(tu_hint_next(&in, &out, &err), TU_EINVAL);
	assert_string_equal(err.msg, "hint: proficiency nan outside [0,1]");
	in.proficiency = 1.01;
	assert_int_equal(tu_hint_next(&in, &out, &err), TU_EINVAL);
	in.proficiency = 0.5;
	in.failure = (enum tu_failure)9;
	assert_int_equal(tu_hint_next(&in, &out, &err), TU_EINVAL);
	in.failure = TU_FAIL_WRONG;
	in.last_level = 6;
	in.hints_used = 6;
	assert_int_equal(tu_hint_next(&in, &out, &err), TU_EINVAL);
	in.last_level = 0;
	in.hints_used = 2;
	assert_int_equal(tu_hint_next(&in, &out, &err), TU_EINVAL);
	assert_string_equal(err.msg,
			    "hint: last_level 0 and hints_used 2 disagree");
	assert_string_equal(tu_hint_level_name(5), "targeted");
	assert_string_equal(tu_hint_level_name(1), "metacognitive");
	assert_string_equal(tu_failure_name(TU_FAIL_TIMEOUT), "timeout");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_hint_rows),
		cmocka_unit_test(test_next_hint_rows),
		cmocka_unit_test(test_ladders),
		cmocka_unit_test(test_text_and_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
