/* test_problem.c - problem.json loading: a good file and every error
 * class, each with the exact message naming the file and JSON path. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "tutor/judge.h"
#include "judge_internal.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/tu-test-problem-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/problem.json", dir);
	unlink(path);
	return rmdir(dir);
}

static void write_problem(const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/problem.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A function problem whose case list is cases (JSON text). */
static void write_fn(const char *returns, const char *cases)
{
	char text[4096];

	snprintf(text, sizeof(text),
		 "{\"format\": 1, \"id\": \"t\", \"kind\": \"function\","
		 " \"function\": {\"name\": \"f\", \"params\": [{\"name\": "
		 "\"a\", \"type\": \"int\"}, {\"name\": \"xs\", \"type\": "
		 "\"list[float]\"}], \"returns\": \"%s\"}, \"cases\": %s}",
		 returns, cases);
	write_problem(text);
}

/* Loads and expects failure with message "<dir>/problem.json: want". */
static void expect_error(enum tu_status code, const char *want)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_problem *p = (struct tu_problem *)1;
	char full[700];

	assert_int_equal(tu_problem_load(dir, &p, &err), code);
	assert_null(p);
	snprintf(full, sizeof(full), "%s/problem.json: %s", dir, want);
	assert_string_equal(err.msg, full);
}

static void test_good_function_problem(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_problem *p = NULL;

	(void)state;
	write_fn("list[int]", "[{\"name\": \"one\", \"input\": {\"a\": 1, "
		 "\"xs\": [1, 2.5]}, \"expected\": [1], \"compare\": "
		 "{\"unordered\": true}}, {\"name\": \"two\", \"input\": "
		 "{\"a\": -3, \"xs\": []}, \"expected_error\": \"ValueError\","
		 " \"hidden\": true}]");
	assert_int_equal(tu_problem_load(dir, &p, &err), TU_OK);
	assert_string_equal(tu_problem_id(p), "t");
	assert_int_equal(tu_problem_n_cases(p), 2);
	assert_int_equal(p->n_params, 2);
	assert_int_equal(p->params[1].type.base, TU__T_FLOAT);
	assert_int_equal(p->params[1].type.depth, 1);
	assert_true(p->cases[0].cmp.unordered);
	assert_false(p->cases[0].hidden);
	assert_true(p->cases[1].hidden);
	assert_string_equal(p->cases[1].expected_error, "ValueError");
	assert_null(p->cases[1].expected);
	/* An int return: exact comparison (no default tolerance). */
	assert_true(p->cases[0].cmp.abs_tol == 0.0);
	tu_problem_free(p);
}

/* Case values are kept as compact JSON text: what tu_problem_case_json
 * gives back, floats to the last bit, parameters in the file's order. */
static void test_case_values_kept_as_text(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_problem *p = NULL;
	char *in = NULL, *ex = NULL;
	bool hidden = true;
	json_t *v;

	(void)state;
	write_fn("list[float]", "[{\"name\": \"one\", \"input\": {\"xs\": "
		 "[0.1, 1e-300, -2.5], \"a\": 12345678901}, \"expected\": "
		 "[0.30000000000000004, 3]}]");
	assert_int_equal(tu_problem_load(dir, &p, &err), TU_OK);
	assert_string_equal(p->cases[0].input,
			    "{\"xs\":[0.10000000000000001,1e-300,"
			    "-2.5],\"a\":12345678901}");
	assert_int_equal(tu_problem_case_json(p, 0, &hidden, &in, &ex, &err),
			 TU_OK);
	assert_false(hidden);
	assert_string_equal(in, p->cases[0].input);
	v = json_loads(ex, JSON_DECODE_ANY, NULL);
	assert_non_null(v);
	assert_true(json_real_value(json_array_get(v, 0)) ==
		    0.1 + 0.2);
	assert_true(json_is_integer(json_array_get(v, 1)));
	json_decref(v);
	free(in);
	free(ex);
	tu_problem_free(p);
}

static void test_float_default_tolerance_and_limits(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_problem *p = NULL;

	(void)state;
	write_problem("{\"format\": 1, \"id\": \"m\", \"kind\": \"function\","
		      " \"function\": {\"name\": \"m\", \"params\": [], "
		      "\"returns\": \"float\"}, \"limits\": {\"cpu_s\": 0.5, "
		      "\"memory_mb\": 64}, \"cases\": [{\"name\": \"a\", "
		      "\"input\": {}, \"expected\": 2}, {\"name\": \"b\", "
		      "\"input\": {}, \"expected\": 1.5, \"compare\": "
		      "{\"abs_tol\": 0.25}}]}");
	assert_int_equal(tu_problem_load(dir, &p, &err), TU_OK);
	assert_true(p->cases[0].cmp.abs_tol == 1e-9);
	assert_true(p->cases[0].cmp.rel_tol == 1e-9);
	assert_true(p->cases[1].cmp.abs_tol == 0.25);
	assert_true(p->cases[1].cmp.rel_tol == 1e-9);
	assert_true(p->cpu_s == 0.5);
	assert_true(p->memory_mb == 64.0);
	tu_problem_free(p);
}

static void test_good_stdio_problem(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_problem *p = NULL;

	(void)state;
	write_problem("{\"format\": 1, \"id\": \"s\", \"kind\": \"stdio\", "
		      "\"cases\": [{\"name\": \"a\", \"stdin\": \"1\\n\", "
		      "\"expected_stdout\": \"1\\n\", \"compare\": {\"mode\": "
		      "\"tokens\", \"abs_tol\": 0.01}}]}");
	assert_int_equal(tu_problem_load(dir, &p, &err), TU_OK);
	assert_int_equal(p->kind, TU__KIND_STDIO);
	assert_int_equal(p->cases[0].cmp.mode, TU__MODE_TOKENS);
	assert_string_equal(p->cases[0].stdin_data, "1\n");
	tu_problem_free(p);
}

static void test_missing_dir(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_problem *p = NULL;

	(void)state;
	assert_int_equal(tu_problem_load("/nonexistent-tutor", &p, &err),
			 TU_ENOTFOUND);
	assert_string_equal(err.msg, "/nonexistent-tutor/problem.json: No "
			    "such file or directory");
}

static void test_bad_json(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_problem *p = NULL;
	char want[200];

	(void)state;
	write_problem("{\"format\": 1,\n \"id\": }");
	assert_int_equal(tu_problem_load(dir, &p, &err), TU_EPARSE);
	snprintf(want, sizeof(want), "%s/problem.json:2:8:", dir);
	assert_memory_equal(err.msg, want, strlen(want));
}

static void test_expected_type_mismatch(void **state)
{
	(void)state;
	write_fn("int", "[{\"name\": \"a\", \"input\": {\"a\": 1, \"xs\": []},"
		 " \"expected\": 1}, {\"name\": \"b\", \"input\": {\"a\": 1, "
		 "\"xs\": []}, \"expected\": 2}, {\"name\": \"c\", \"input\": "
		 "{\"a\": 1, \"xs\": []}, \"expected\": 3}, {\"name\": \"d\", "
		 "\"input\": {\"a\": 1, \"xs\": []}, \"expected\": \"4\"}]");
	expect_error(TU_EPARSE, "$.cases[3].expected: expected an int, got "
		     "a string");
}

static void test_expected_float_for_int(void **state)
{
	(void)state;
	write_fn("int", "[{\"name\": \"a\", \"input\": {\"a\": 1, \"xs\": []},"
		 " \"expected\": 1.5}]");
	expect_error(TU_EPARSE, "$.cases[0].expected: expected an int, got "
		     "a float");
}

static void test_input_element_type(void **state)
{
	(void)state;
	write_fn("int", "[{\"name\": \"a\", \"input\": {\"a\": 1, \"xs\": "
		 "[1, \"x\"]}, \"expected\": 1}]");
	expect_error(TU_EPARSE, "$.cases[0].input.xs[1]: expected a float, "
		     "got a string");
}

static void test_input_missing_param(void **state)
{
	(void)state;
	write_fn("int", "[{\"name\": \"a\", \"input\": {\"a\": 1}, "
		 "\"expected\": 1}]");
	expect_error(TU_EPARSE, "$.cases[0].input.xs: missing required field");
}

static void test_input_unknown_param(void **state)
{
	(void)state;
	write_fn("int", "[{\"name\": \"a\", \"input\": {\"a\": 1, \"xs\": [], "
		 "\"b\": 2}, \"expected\": 1}]");
	expect_error(TU_EPARSE, "$.cases[0].input.b: unknown field");
}

static void test_unknown_top_key(void **state)
{
	(void)state;
	write_problem("{\"format\": 1, \"id\": \"t\", \"kind\": \"stdio\", "
		      "\"colour\": 3, \"cases\": []}");
	expect_error(TU_EPARSE, "$.colour: unknown key");
}

static void test_unknown_case_key(void **state)
{
	(void)state;
	write_fn("int", "[{\"name\": \"a\", \"input\": {\"a\": 1, \"xs\": []},"
		 " \"expected\": 1, \"weight\": 2}]");
	expect_error(TU_EPARSE, "$.cases[0].weight: unknown key");
}

static void test_bad_kind_and_format(void **state)
{
	(void)state;
	write_problem("{\"format\": 1, \"id\": \"t\", \"kind\": \"quiz\", "
		      "\"cases\": []}");
	expect_error(TU_EPARSE, "$.kind: expected \"function\" or \"stdio\", "
		     "got \"quiz\"");
	write_problem("{\"format\": 2, \"id\": \"t\", \"kind\": \"stdio\", "
		      "\"cases\": []}");
	expect_error(TU_ERANGE, "$.format: must be an integer in [1, 1], got 2");
}

static void test_bad_type_and_ident(void **state)
{
	(void)state;
	write_fn("list[dict]", "[]");
	expect_error(TU_EPARSE, "$.function.returns: unknown type 'list[dict]'"
		     " (int, float, bool, str, any, list[T])");
	write_problem("{\"format\": 1, \"id\": \"t\", \"kind\": \"function\", "
		      "\"function\": {\"name\": \"f(x)\", \"params\": [], "
		      "\"returns\": \"int\"}, \"cases\": []}");
	expect_error(TU_EPARSE, "$.function.name: 'f(x)' is not an identifier "
		     "([A-Za-z_][A-Za-z0-9_]*)");
}

static void test_no_cases_and_duplicates(void **state)
{
	(void)state;
	write_fn("int", "[]");
	expect_error(TU_EPARSE, "$.cases: no cases");
	write_fn("int", "[{\"name\": \"a\", \"input\": {\"a\": 1, \"xs\": []},"
		 " \"expected\": 1}, {\"name\": \"a\", \"input\": {\"a\": 1, "
		 "\"xs\": []}, \"expected\": 1}]");
	expect_error(TU_EPARSE, "$.cases[1].name: duplicate name 'a' (also "
		     "$.cases[0])");
}

static void test_expected_both_or_none(void **state)
{
	(void)state;
	write_fn("int", "[{\"name\": \"a\", \"input\": {\"a\": 1, \"xs\": []}}]");
	expect_error(TU_EPARSE, "$.cases[0]: missing \"expected\" (or "
		     "\"expected_error\")");
	write_fn("int", "[{\"name\": \"a\", \"input\": {\"a\": 1, \"xs\": []},"
		 " \"expected\": 1, \"expected_error\": \"ValueError\"}]");
	expect_error(TU_EPARSE, "$.cases[0]: both \"expected\" and "
		     "\"expected_error\"");
}

static void test_compare_options(void **state)
{
	(void)state;
	write_fn("int", "[{\"name\": \"a\", \"input\": {\"a\": 1, \"xs\": []},"
		 " \"expected\": 1, \"compare\": {\"unordered\": true}}]");
	expect_error(TU_EPARSE, "$.cases[0].compare.unordered: the return "
		     "type is not a list");
	write_fn("float", "[{\"name\": \"a\", \"input\": {\"a\": 1, \"xs\": []},"
		 " \"expected\": 1, \"compare\": {\"abs_tol\": -1}}]");
	expect_error(TU_ERANGE, "$.cases[0].compare.abs_tol: -1 is outside "
		     "[0, 1e+300]");
	write_problem("{\"format\": 1, \"id\": \"s\", \"kind\": \"stdio\", "
		      "\"cases\": [{\"name\": \"a\", \"stdin\": \"\", "
		      "\"expected_stdout\": \"\", \"compare\": {\"mode\": "
		      "\"fuzzy\"}}]}");
	expect_error(TU_EPARSE, "$.cases[0].compare.mode: expected \"exact\", "
		     "\"lines\" or \"tokens\", got \"fuzzy\"");
}

static void test_limits(void **state)
{
	(void)state;
	write_problem("{\"format\": 1, \"id\": \"s\", \"kind\": \"stdio\", "
		      "\"limits\": {\"cpu_s\": 100}, \"cases\": []}");
	expect_error(TU_ERANGE, "$.limits.cpu_s: 100 is outside [0.001, 60]");
	write_problem("{\"format\": 1, \"id\": \"s\", \"kind\": \"stdio\", "
		      "\"limits\": {\"disk_mb\": 1}, \"cases\": []}");
	expect_error(TU_EPARSE, "$.limits.disk_mb: unknown key");
}

static void test_stdio_fields(void **state)
{
	(void)state;
	write_problem("{\"format\": 1, \"id\": \"s\", \"kind\": \"stdio\", "
		      "\"cases\": [{\"name\": \"a\", \"stdin\": 5, "
		      "\"expected_stdout\": \"\"}]}");
	expect_error(TU_EPARSE, "$.cases[0].stdin: expected a string, got an "
		     "integer");
	write_problem("{\"format\": 1, \"id\": \"s\", \"kind\": \"stdio\", "
		      "\"function\": {}, \"cases\": []}");
	expect_error(TU_EPARSE, "$.function: not allowed for kind \"stdio\"");
}

static void test_nul_in_string_refused(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_problem *p = NULL;

	(void)state;
	write_problem("{\"format\": 1, \"id\": \"a\\u0000b\", \"kind\": "
		      "\"stdio\", \"cases\": []}");
	assert_int_equal(tu_problem_load(dir, &p, &err), TU_EPARSE);
	assert_null(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_function_problem),
		cmocka_unit_test(test_float_default_tolerance_and_limits),
		cmocka_unit_test(test_good_stdio_problem),
		cmocka_unit_test(test_missing_dir),
		cmocka_unit_test(test_bad_json),
		cmocka_unit_test(test_expected_type_mismatch),
		cmocka_unit_test(test_expected_float_for_int),
		cmocka_unit_test(test_input_element_type),
		cmocka_unit_test(test_input_missing_param),
		cmocka_unit_test(test_input_unknown_param),
		cmocka_unit_test(test_unknown_top_key),
		cmocka_unit_test(test_unknown_case_key),
		cmocka_unit_test(test_bad_kind_and_format),
		cmocka_unit_test(test_bad_type_and_ident),
		cmocka_unit_test(test_no_cases_and_duplicates),
		cmocka_unit_test(test_expected_both_or_none),
		cmocka_unit_test(test_compare_options),
		cmocka_unit_test(test_case_values_kept_as_text),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_stdio_fields),
		cmocka_unit_test(test_nul_in_string_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
