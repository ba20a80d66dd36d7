/*
 * test_verdicts.c - the verdict suite: for Python and C, one submission to
 * tests/judge/problems/add per verdict (AC, WA, TLE, MLE, OLE, RE, CE),
 * checked against the exact overall verdict and the exact verdict of each
 * case.
 *
 * The problem's cases, in order: small (1, 2) -> 3, zero (0, 0) -> 0 and
 * negative (-5, 2) -> -3 (the last two hidden); limits CPU 1 s, wall 2 s,
 * 128 MiB, 64 KiB of output.  Every faulty submission misbehaves only when
 * a < 0, so the first two cases must stay AC and only "negative" carries
 * the verdict: that pins per-case attribution as well as the overall
 * verdict.  CE is the exception: nothing runs, every case is CE.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/judge.h"

#define AC TU_VERDICT_AC
#define WA TU_VERDICT_WA
#define RE TU_VERDICT_RE
#define OLE TU_VERDICT_OLE
#define MLE TU_VERDICT_MLE
#define TLE TU_VERDICT_TLE
#define CE TU_VERDICT_CE

struct verdict_case {
	const char *name;
	enum tu_lang lang;
	const char *src;
	enum tu_verdict overall;
	enum tu_verdict cases[3];
	const char *actual_last;  /* actual_json of "negative", or NULL */
	const char *error_type;   /* of "negative", or NULL */
	const char *in_message;   /* substring of the top or last message */
};

static struct verdict_case verdicts[] = {
	{ "ac_py", TU_LANG_PYTHON, "def add(a, b):\n    return a + b\n",
	  AC, { AC, AC, AC }, "-3", NULL, NULL },
	/* -5 - 2 = -7 instead of -3. */
	{ "wa_py", TU_LANG_PYTHON,
	  "def add(a, b):\n    return a + b if a >= 0 else a - b\n",
	  WA, { AC, AC, WA }, "-7", NULL, "-7" },
	{ "tle_py", TU_LANG_PYTHON,
	  "def add(a, b):\n    while a < 0:\n        pass\n    return a + b\n",
	  TLE, { AC, AC, TLE }, NULL, NULL, NULL },
	{ "mle_py", TU_LANG_PYTHON,
	  "def add(a, b):\n    keep = []\n    while a < 0:\n"
	  "        keep.append(b'x' * (8 << 20))\n    return a + b\n",
	  MLE, { AC, AC, MLE }, NULL, NULL, NULL },
	{ "ole_py", TU_LANG_PYTHON,
	  "def add(a, b):\n    while a < 0:\n        print('y' * 1000)\n"
	  "    return a + b\n",
	  OLE, { AC, AC, OLE }, NULL, NULL, NULL },
	{ "re_py", TU_LANG_PYTHON,
	  "def add(a, b):\n    if a < 0:\n"
	  "        raise ValueError('negative input')\n    return a + b\n",
	  RE, { AC, AC, RE }, NULL, "ValueError", "negative input" },
	/* Missing colon on line 1. */
	{ "ce_py", TU_LANG_PYTHON, "def add(a, b)\n    return a + b\n",
	  CE, { CE, CE, CE }, NULL, NULL, NULL },
	{ "ac_c", TU_LANG_C,
	  "long long add(long long a, long long b)\n{\n\treturn a + b;\n}\n",
	  AC, { AC, AC, AC }, "-3", NULL, NULL },
	{ "wa_c", TU_LANG_C,
	  "long long add(long long a, long long b)\n{\n"
	  "\treturn a >= 0 ? a + b : a - b;\n}\n",
	  WA, { AC, AC, WA }, "-7", NULL, "-7" },
	{ "tle_c", TU_LANG_C,
	  "long long add(long long a, long long b)\n{\n"
	  "\tvolatile long long x = a;\n\twhile (x < 0)\n\t\tx = x * 1;\n"
	  "\treturn a + b;\n}\n",
	  TLE, { AC, AC, TLE }, NULL, NULL, NULL },
	{ "mle_c", TU_LANG_C,
	  "#include <stdlib.h>\n#include <string.h>\n"
	  "long long add(long long a, long long b)\n{\n"
	  "\twhile (a < 0) {\n\t\tchar *p = malloc(8u << 20);\n\n"
	  "\t\tif (p)\n\t\t\tmemset(p, 1, 8u << 20);\n\t}\n"
	  "\treturn a + b;\n}\n",
	  MLE, { AC, AC, MLE }, NULL, NULL, NULL },
	{ "ole_c", TU_LANG_C,
	  "#include <stdio.h>\n"
	  "long long add(long long a, long long b)\n{\n"
	  "\twhile (a < 0)\n\t\tputs(\"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\");\n"
	  "\treturn a + b;\n}\n",
	  OLE, { AC, AC, OLE }, NULL, NULL, NULL },
	/* A NULL write when a < 0: SIGSEGV. */
	{ "re_c", TU_LANG_C,
	  "long long add(long long a, long long b)\n{\n"
	  "\tvolatile long long *p = 0;\n\n\tif (a < 0)\n\t\t*p = 1;\n"
	  "\treturn a + b;\n}\n",
	  RE, { AC, AC, RE }, NULL, "SIGSEGV", NULL },
	/* Missing semicolon after the return. */
	{ "ce_c", TU_LANG_C,
	  "long long add(long long a, long long b)\n{\n\treturn a + b\n}\n",
	  CE, { CE, CE, CE }, NULL, NULL, "error" },
};

static struct tu_problem *problem;

static void explain(const char *name, const struct tu_judge_result *r)
{
	print_message("%s: %s: %.300s\n", name, tu_verdict_name(r->verdict),
		      r->message);
	for (size_t i = 0; i < r->n_cases; i++)
		print_message("  %s: %s: %.200s [%s] actual %s\n",
			      r->cases[i].name,
			      tu_verdict_name(r->cases[i].verdict),
			      r->cases[i].message, r->cases[i].error_type,
			      r->cases[i].actual_json ?
			      r->cases[i].actual_json : "-");
}

static void check_json(const struct tu_judge_result *r)
{
	struct tu_err err = TU_ERR_INIT;
	json_error_t jerr;
	char *js = NULL;
	json_t *root;

	assert_int_equal(tu_judge_result_to_json(r, false, &js, &err), TU_OK);
	root = json_loads(js, JSON_REJECT_DUPLICATES, &jerr);
	assert_non_null(root);
	json_decref(root);
	free(js);
}

static void check_last(const struct verdict_case *v,
		       const struct tu_case_result *last,
		       const struct tu_judge_result *r)
{
	assert_string_equal(last->name, "negative");
	assert_true(last->hidden);
	if (v->actual_last) {
		assert_non_null(last->actual_json);
		assert_string_equal(last->actual_json, v->actual_last);
	}
	if (v->error_type)
		assert_string_equal(last->error_type, v->error_type);
	if (v->in_message && !strstr(last->message, v->in_message) &&
	    !strstr(r->message, v->in_message))
		fail_msg("neither message mentions '%s'", v->in_message);
}

static void test_verdict(void **state)
{
	const struct verdict_case *v = *state;
	struct tu_judge_config cfg;
	struct tu_judge_result r;
	struct tu_err err = TU_ERR_INIT;

	tu_judge_config_default(&cfg);
	assert_int_equal(tu_judge_submit(problem, v->lang, v->src,
					 strlen(v->src), &cfg, &r, &err),
			 TU_OK);
	explain(v->name, &r);
	assert_string_equal(tu_verdict_name(r.verdict),
			    tu_verdict_name(v->overall));
	assert_int_equal(r.n_cases, 3);
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(tu_verdict_name(r.cases[i].verdict),
				    tu_verdict_name(v->cases[i]));
	check_last(v, &r.cases[2], &r);
	check_json(&r);
	tu_judge_result_release(&r);
}

static int group_setup(void **state)
{
	const char *src = getenv("TUTOR_SOURCE");
	struct tu_err err = TU_ERR_INIT;
	char dir[1024];

	(void)state;
	if (!src)
		return -1;
	snprintf(dir, sizeof(dir), "%s/tests/judge/problems/add", src);
	if (tu_problem_load(dir, &problem, &err) != TU_OK) {
		print_error("%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	tu_problem_free(problem);
	return 0;
}

int main(void)
{
	enum { N = sizeof(verdicts) / sizeof(verdicts[0]) };
	struct CMUnitTest tests[N];

	if (!getenv("TUTOR_SOURCE"))
		return 77;
	for (size_t i = 0; i < N; i++) {
		tests[i] = (struct CMUnitTest)cmocka_unit_test(test_verdict);
		tests[i].name = verdicts[i].name;
		tests[i].initial_state = &verdicts[i];
	}
	return _cmocka_run_group_tests("verdicts", tests, N, group_setup,
				       group_teardown);
}
