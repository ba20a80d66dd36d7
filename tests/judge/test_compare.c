/* test_compare.c - the judge's comparison rules, one test per rule,
 * boundaries included, and the WA messages learners see. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "judge_internal.h"

static const struct tu__cmp exact = { 0, 0, false, TU__MODE_LINES };

/* Compares JSON texts e and a under type t; returns the verdict. */
static bool cmp_json(const char *type, const struct tu__cmp *c,
		     const char *e, const char *a, char *why, size_t cap)
{
	struct tu__type t;
	json_t *ej = json_loads(e, JSON_DECODE_ANY, NULL);
	json_t *aj = a ? json_loads(a, JSON_DECODE_ANY, NULL) : NULL;
	bool ok;

	assert_true(tu__type_parse(type, &t));
	assert_non_null(ej);
	why[0] = '\0';
	ok = tu__compare_value(&t, c, ej, aj, why, cap);
	json_decref(ej);
	json_decref(aj);
	return ok;
}

static void test_ints_exact(void **state)
{
	char why[512];

	(void)state;
	assert_true(cmp_json("int", &exact, "3", "3", why, sizeof(why)));
	assert_false(cmp_json("int", &exact, "3", "4", why, sizeof(why)));
	assert_string_equal(why, "expected 3, got 4");
	/* A float equal in value is still not an int (Python 3 / 1). */
	assert_false(cmp_json("int", &exact, "3", "3.0", why, sizeof(why)));
	assert_string_equal(why, "expected 3, got 3.0");
	assert_false(cmp_json("int", &exact, "1", "true", why, sizeof(why)));
	assert_false(cmp_json("int", &exact, "3", NULL, why, sizeof(why)));
	assert_string_equal(why, "expected 3, got no value");
	assert_true(cmp_json("int", &exact, "-9223372036854775808",
			     "-9223372036854775808", why, sizeof(why)));
}

static void test_floats_tolerance_boundary(void **state)
{
	struct tu__cmp c = { 0.5, 0, false, TU__MODE_LINES };
	struct tu__cmp r = { 0, 0.1, false, TU__MODE_LINES };
	char why[512];

	(void)state;
	/* |1.5 - 1.0| = 0.5 <= max(0.5, 0): equal at the boundary. */
	assert_true(cmp_json("float", &c, "1.0", "1.5", why, sizeof(why)));
	assert_true(cmp_json("float", &c, "1.0", "0.5", why, sizeof(why)));
	/* 0.5000001 > 0.5: not equal. */
	assert_false(cmp_json("float", &c, "1.0", "1.5000001", why,
			      sizeof(why)));
	assert_string_equal(why, "expected 1.0, got 1.5000001");
	/* rel_tol 0.1 of |e| = 8: tolerance 0.8; 8.75 is within, 8.9 not. */
	assert_true(cmp_json("float", &r, "8", "8.75", why, sizeof(why)));
	assert_false(cmp_json("float", &r, "8", "8.9", why, sizeof(why)));
	/* An int actual is a number: 2 == 2.0 for float results. */
	assert_true(cmp_json("float", &exact, "2.0", "2", why, sizeof(why)));
	/* NaN arrives as the string "nan": never equal. */
	assert_false(cmp_json("float", &c, "1.0", "\"nan\"", why,
			      sizeof(why)));
	assert_string_equal(why, "expected 1.0, got \"nan\"");
}

static void test_default_float_tolerance(void **state)
{
	struct tu__cmp d = { 1e-9, 1e-9, false, TU__MODE_LINES };
	char why[512];

	(void)state;
	/* 0.1 + 0.2 = 0.30000000000000004: within 1e-9 of 0.3. */
	assert_true(cmp_json("float", &d, "0.3", "0.30000000000000004", why,
			     sizeof(why)));
	/* Exact comparison shows the shortest round-trip digits. */
	assert_false(cmp_json("float", &exact, "0.3", "0.30000000000000004",
			      why, sizeof(why)));
	assert_string_equal(why, "expected 0.3, got 0.30000000000000004");
	/* 1e12 vs 1e12 + 500: |d| = 500 <= 1e-9 * 1e12 = 1000. */
	assert_true(cmp_json("float", &d, "1e12", "1000000000500.0", why,
			     sizeof(why)));
	assert_false(cmp_json("float", &d, "1e12", "1000000001500.0", why,
			      sizeof(why)));
}

static void test_bools_and_strings(void **state)
{
	char why[512];

	(void)state;
	assert_true(cmp_json("bool", &exact, "true", "true", why, sizeof(why)));
	assert_false(cmp_json("bool", &exact, "true", "false", why,
			      sizeof(why)));
	assert_false(cmp_json("bool", &exact, "true", "1", why, sizeof(why)));
	assert_true(cmp_json("str", &exact, "\"abc\"", "\"abc\"", why,
			     sizeof(why)));
	assert_false(cmp_json("str", &exact, "\"abc\"", "\"abc \"", why,
			      sizeof(why)));
	assert_string_equal(why, "expected \"abc\", got \"abc \"");
	assert_false(cmp_json("str", &exact, "\"a\\nb\"", "\"a\\\"b\"", why,
			      sizeof(why)));
	assert_string_equal(why, "expected \"a\\nb\", got \"a\\\"b\"");
}

static void test_lists_ordered(void **state)
{
	char why[512];

	(void)state;
	assert_true(cmp_json("list[int]", &exact, "[1,2,3]", "[1,2,3]", why,
			     sizeof(why)));
	assert_false(cmp_json("list[int]", &exact, "[1,2,3]", "[1,3,2]", why,
			      sizeof(why)));
	assert_string_equal(why, "expected [1, 2, 3], got [1, 3, 2] (first "
			    "difference at index 1)");
	assert_false(cmp_json("list[int]", &exact, "[1,2]", "[1,2,3]", why,
			      sizeof(why)));
	assert_string_equal(why, "expected [1, 2] (length 2), got [1, 2, 3] "
			    "(length 3)");
	assert_false(cmp_json("list[int]", &exact, "[]", "null", why,
			      sizeof(why)));
	assert_string_equal(why, "expected [], got null");
	assert_true(cmp_json("list[int]", &exact, "[]", "[]", why,
			     sizeof(why)));
}

static void test_lists_unordered(void **state)
{
	struct tu__cmp u = { 0, 0, true, TU__MODE_LINES };
	struct tu__cmp uf = { 0.01, 0, true, TU__MODE_LINES };
	char why[512];

	(void)state;
	assert_true(cmp_json("list[int]", &u, "[3,1,2]", "[1,2,3]", why,
			     sizeof(why)));
	/* Multisets: the counts matter. */
	assert_false(cmp_json("list[int]", &u, "[1,1,2]", "[1,2,2]", why,
			      sizeof(why)));
	assert_string_equal(why, "expected [1, 1, 2], got [1, 2, 2] (order "
			    "does not matter)");
	assert_true(cmp_json("list[str]", &u, "[\"b\",\"a\",\"b\"]",
			     "[\"b\",\"b\",\"a\"]", why, sizeof(why)));
	/* Floats with tolerance after sorting: 0.995 ~ 1.0, 2.004 ~ 2.0. */
	assert_true(cmp_json("list[float]", &uf, "[2.0, 1.0]", "[0.995, 2.004]",
			     why, sizeof(why)));
}

static void test_nested_lists(void **state)
{
	struct tu__cmp u = { 0, 0, true, TU__MODE_LINES };
	char why[512];

	(void)state;
	assert_true(cmp_json("list[list[int]]", &exact, "[[1],[2,3]]",
			     "[[1],[2,3]]", why, sizeof(why)));
	assert_false(cmp_json("list[list[int]]", &exact, "[[1],[2,3]]",
			      "[[1],[3,2]]", why, sizeof(why)));
	assert_string_equal(why, "expected [[1], [2, 3]], got [[1], [3, 2]] "
			    "(first difference at index 1)");
	/* Unordered applies to the outer list only. */
	assert_true(cmp_json("list[list[int]]", &u, "[[1],[2,3]]",
			     "[[2,3],[1]]", why, sizeof(why)));
	assert_false(cmp_json("list[list[int]]", &u, "[[1],[2,3]]",
			      "[[3,2],[1]]", why, sizeof(why)));
}

static void test_any_type(void **state)
{
	struct tu__cmp c = { 0.1, 0, false, TU__MODE_LINES };
	char why[512];

	(void)state;
	assert_true(cmp_json("any", &c, "{\"a\": [1, 2.0]}",
			     "{\"a\": [1, 2.05]}", why, sizeof(why)));
	assert_false(cmp_json("any", &c, "{\"a\": 1}", "{\"a\": 1, \"b\": 2}",
			      why, sizeof(why)));
	assert_false(cmp_json("any", &c, "{\"a\": 1}", "{\"a\": 2}", why,
			      sizeof(why)));
}

static void test_long_values_truncated(void **state)
{
	char e[1200], why[512];
	size_t n = 0;

	(void)state;
	n += (size_t)sprintf(e + n, "[");
	for (int i = 0; i < 200; i++)
		n += (size_t)sprintf(e + n, "%s%d", i ? "," : "", 1000 + i);
	sprintf(e + n, "]");
	assert_false(cmp_json("list[int]", &exact, e, "[]", why, sizeof(why)));
	/* 200 bytes of "[1000, 1001, ..." then "...". */
	assert_memory_equal(why, "expected [1000, 1001, 1002", 26);
	assert_non_null(strstr(why, "... (length 200), got [] (length 0)"));
}

static void test_stdout_lines(void **state)
{
	struct tu__cmp l = { 0, 0, false, TU__MODE_LINES };
	char why[512];

	(void)state;
	/* Trailing spaces and trailing blank lines are ignored. */
	assert_true(tu__compare_stdout(&l, "6\n", "6  \n\n\n", why,
				       sizeof(why)));
	assert_true(tu__compare_stdout(&l, "a\nb\n", "a\r\nb", why,
				       sizeof(why)));
	assert_false(tu__compare_stdout(&l, "a\nb\n", "a\nc\n", why,
					sizeof(why)));
	assert_string_equal(why, "line 2: expected 'b', got 'c'");
	assert_false(tu__compare_stdout(&l, "a\nb\n", "a\n", why,
					sizeof(why)));
	assert_string_equal(why, "line 2: expected 'b', got no more lines");
	/* Leading spaces count. */
	assert_false(tu__compare_stdout(&l, "x\n", " x\n", why, sizeof(why)));
	/* A blank line inside the output counts. */
	assert_false(tu__compare_stdout(&l, "a\nb\n", "a\n\nb\n", why,
					sizeof(why)));
}

static void test_stdout_exact_and_tokens(void **state)
{
	struct tu__cmp x = { 0, 0, false, TU__MODE_EXACT };
	struct tu__cmp t = { 0, 0, false, TU__MODE_TOKENS };
	struct tu__cmp tf = { 0.01, 0, false, TU__MODE_TOKENS };
	char why[512];

	(void)state;
	assert_true(tu__compare_stdout(&x, "a\nb\n", "a\nb\n", why,
				       sizeof(why)));
	assert_false(tu__compare_stdout(&x, "a\nb\n", "a\nb", why,
					sizeof(why)));
	assert_string_equal(why, "output differs at line 2, byte 4 (exact "
			    "comparison)");
	assert_true(tu__compare_stdout(&t, "1 2\n3\n", " 1\n2   3", why,
				       sizeof(why)));
	assert_false(tu__compare_stdout(&t, "1 2 3", "1 2", why, sizeof(why)));
	assert_string_equal(why, "token 3: expected '3', got no more tokens");
	/* Without a tolerance numbers compare as text: 1.0 != 1. */
	assert_false(tu__compare_stdout(&t, "1.0", "1", why, sizeof(why)));
	/* With abs_tol 0.01: |3.14159 - 3.14| = 0.00159 <= 0.01. */
	assert_true(tu__compare_stdout(&tf, "3.14", "3.14159", why,
				       sizeof(why)));
	assert_false(tu__compare_stdout(&tf, "3.14", "3.16", why,
					sizeof(why)));
	assert_false(tu__compare_stdout(&tf, "3.14", "pi", why, sizeof(why)));
}

static void test_type_parse_and_check(void **state)
{
	struct tu__type t;
	char name[64], why[128];
	json_t *v;

	(void)state;
	assert_true(tu__type_parse("list[list[str]]", &t));
	assert_int_equal(t.base, TU__T_STR);
	assert_int_equal(t.depth, 2);
	tu__type_name(&t, name, sizeof(name));
	assert_string_equal(name, "list[list[str]]");
	assert_false(tu__type_parse("list[int", &t));
	assert_false(tu__type_parse("list[]", &t));
	assert_false(tu__type_parse("integer", &t));
	assert_true(tu__type_parse("list[int]", &t));
	assert_true(tu__type_c_ok(&t));
	v = json_loads("[1, 2, true]", 0, NULL);
	assert_false(tu__type_check(&t, v, why, sizeof(why)));
	assert_string_equal(why, "[2]: expected an int, got a bool");
	json_decref(v);
	assert_true(tu__type_parse("list[list[int]]", &t));
	assert_false(tu__type_c_ok(&t));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ints_exact),
		cmocka_unit_test(test_floats_tolerance_boundary),
		cmocka_unit_test(test_default_float_tolerance),
		cmocka_unit_test(test_bools_and_strings),
		cmocka_unit_test(test_lists_ordered),
		cmocka_unit_test(test_lists_unordered),
		cmocka_unit_test(test_nested_lists),
		cmocka_unit_test(test_any_type),
		cmocka_unit_test(test_long_values_truncated),
		cmocka_unit_test(test_stdout_lines),
		cmocka_unit_test(test_stdout_exact_and_tokens),
		cmocka_unit_test(test_type_parse_and_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
