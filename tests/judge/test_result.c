/* test_result.c - verdict names and precedence, results JSON shape and
 * hidden-case redaction. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>
#include "judge_internal.h"

static void test_verdict_names(void **state)
{
	static const char *const names[] = { "AC", "WA", "RE", "OLE", "MLE",
		"TLE", "SV", "CE", "IE" };

	(void)state;
	for (int v = TU_VERDICT_AC; v <= TU_VERDICT_IE; v++)
		assert_string_equal(tu_verdict_name((enum tu_verdict)v),
				    names[v]);
}

static void test_precedence(void **state)
{
	/* IE > CE > SV > TLE > MLE > OLE > RE > WA > AC (docs/judge.md). */
	static const enum tu_verdict order[] = { TU_VERDICT_AC, TU_VERDICT_WA,
		TU_VERDICT_RE, TU_VERDICT_OLE, TU_VERDICT_MLE, TU_VERDICT_TLE,
		TU_VERDICT_SV, TU_VERDICT_CE, TU_VERDICT_IE };

	(void)state;
	for (size_t i = 0; i < 9; i++)
		for (size_t j = 0; j < 9; j++)
			assert_int_equal(tu__verdict_max(order[i], order[j]),
					 order[i > j ? i : j]);
	assert_int_equal(tu__verdict_max(TU_VERDICT_WA, TU_VERDICT_TLE),
			 TU_VERDICT_TLE);
	assert_int_equal(tu__verdict_max(TU_VERDICT_RE, TU_VERDICT_WA),
			 TU_VERDICT_RE);
}

static void make_result(struct tu_judge_result *r)
{
	memset(r, 0, sizeof(*r));
	assert_int_equal(tu__result_alloc_cases(r, 2, NULL), TU_OK);
	r->verdict = TU_VERDICT_WA;
	strcpy(r->cases[0].name, "visible");
	r->cases[0].verdict = TU_VERDICT_AC;
	r->cases[0].input_json = strdup("{\"a\":1}");
	r->cases[0].expected_json = strdup("2");
	r->cases[0].actual_json = strdup("2");
	r->cases[0].time_s = 0.25;
	tu__case_set_output(&r->cases[0], "hi\n", 3);
	strcpy(r->cases[1].name, "secret");
	r->cases[1].hidden = true;
	r->cases[1].verdict = TU_VERDICT_WA;
	strcpy(r->cases[1].message, "expected 41, got 40");
	r->cases[1].input_json = strdup("{\"a\":40}");
	r->cases[1].expected_json = strdup("41");
	r->cases[1].actual_json = strdup("40");
	r->n_tags = 1;
	r->tags = calloc(1, sizeof(*r->tags));
	strcpy(r->tags[0].tag, "off-by-one");
	strcpy(r->tags[0].evidence, "case secret");
}

static json_t *to_json(const struct tu_judge_result *r, bool hidden)
{
	char *text = NULL;
	json_t *j;

	assert_int_equal(tu_judge_result_to_json(r, hidden, &text, NULL),
			 TU_OK);
	j = json_loads(text, 0, NULL);
	assert_non_null(j);
	free(text);
	return j;
}

static void test_json_shape(void **state)
{
	struct tu_judge_result r;
	json_t *j, *t0;

	(void)state;
	make_result(&r);
	j = to_json(&r, false);
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 3);
	assert_string_equal(json_string_value(json_object_get(j, "status")),
			    "fail");
	assert_string_equal(json_string_value(json_object_get(j, "verdict")),
			    "WA");
	assert_true(json_is_null(json_object_get(j, "message")));
	assert_int_equal(json_array_size(json_object_get(j, "tests")), 2);
	t0 = json_array_get(json_object_get(j, "tests"), 0);
	assert_string_equal(json_string_value(json_object_get(t0, "name")),
			    "visible");
	assert_string_equal(json_string_value(json_object_get(t0, "status")),
			    "pass");
	assert_string_equal(json_string_value(json_object_get(t0, "output")),
			    "hi\n");
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(t0, "input"), "a")), 1);
	assert_int_equal(json_integer_value(json_object_get(t0, "expected")),
			 2);
	assert_true(json_real_value(json_object_get(t0, "time_s")) == 0.25);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(json_object_get(j, "tags"), 0), "tag")),
		"off-by-one");
	assert_int_equal(json_array_size(json_object_get(j, "review")), 0);
	json_decref(j);
	tu_judge_result_release(&r);
	assert_null(r.cases);
}

static void test_hidden_redacted(void **state)
{
	struct tu_judge_result r;
	json_t *j, *t1;
	char *text = NULL;

	(void)state;
	make_result(&r);
	j = to_json(&r, false);
	t1 = json_array_get(json_object_get(j, "tests"), 1);
	/* name, status, verdict and the hidden flag only. */
	assert_int_equal(json_object_size(t1), 4);
	assert_string_equal(json_string_value(json_object_get(t1, "status")),
			    "fail");
	assert_true(json_is_true(json_object_get(t1, "hidden")));
	assert_null(json_object_get(t1, "expected"));
	assert_null(json_object_get(t1, "message"));
	json_decref(j);
	/* Nothing of the hidden case's values appears anywhere. */
	assert_int_equal(tu_judge_result_to_json(&r, false, &text, NULL),
			 TU_OK);
	assert_null(strstr(text, "41"));
	assert_null(strstr(text, "40"));
	free(text);
	j = to_json(&r, true);
	t1 = json_array_get(json_object_get(j, "tests"), 1);
	assert_int_equal(json_integer_value(json_object_get(t1, "expected")),
			 41);
	assert_string_equal(json_string_value(json_object_get(t1, "message")),
			    "expected 41, got 40");
	json_decref(j);
	tu_judge_result_release(&r);
}

static void test_status_mapping(void **state)
{
	struct tu_judge_result r;
	json_t *j;

	(void)state;
	make_result(&r);
	r.verdict = TU_VERDICT_CE;
	strcpy(r.message, "solution.py:1:5: SyntaxError: invalid syntax");
	j = to_json(&r, false);
	assert_string_equal(json_string_value(json_object_get(j, "status")),
			    "error");
	assert_string_equal(json_string_value(json_object_get(j, "message")),
			    "solution.py:1:5: SyntaxError: invalid syntax");
	json_decref(j);
	r.verdict = TU_VERDICT_AC;
	j = to_json(&r, false);
	assert_string_equal(json_string_value(json_object_get(j, "status")),
			    "pass");
	json_decref(j);
	tu_judge_result_release(&r);
}

static void test_output_capped_and_utf8_safe(void **state)
{
	struct tu_case_result c;
	char big[1000];

	(void)state;
	memset(&c, 0, sizeof(c));
	memset(big, 'x', sizeof(big));
	tu__case_set_output(&c, big, sizeof(big));
	assert_int_equal(strlen(c.output), TU_JUDGE_CASE_OUTPUT_MAX);
	/* A 2-byte sequence straddling byte 500 is dropped whole. */
	big[499] = (char)0xC3;
	big[500] = (char)0xA9;
	tu__case_set_output(&c, big, sizeof(big));
	assert_int_equal(strlen(c.output), 499);
	free(c.output);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verdict_names),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_json_shape),
		cmocka_unit_test(test_hidden_redacted),
		cmocka_unit_test(test_status_mapping),
		cmocka_unit_test(test_output_capped_and_utf8_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
