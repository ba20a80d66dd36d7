/* test_judge_e2e.c - real submissions through the sandbox: the example
 * problems' reference solutions are AC and their wrong ones are not; a
 * short verdict suite per language (AC, WA, RE, CE, TLE); bad input runs
 * nothing and leaves no work directory.  Needs TUTOR_SOURCE (for the
 * courses/sample/problems/ directory) and a machine where the sandbox
 * works; skips (77) otherwise. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "tutor/judge.h"

static char problems[512];
static char tmp_root[64];
static struct tu_judge_config cfg;

static size_t entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

static struct tu_problem *load(const char *id)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_problem *p = NULL;
	char dir[700];

	snprintf(dir, sizeof(dir), "%s/%s", problems, id);
	if (tu_problem_load(dir, &p, &err) != TU_OK)
		fail_msg("%s", err.msg);
	return p;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(TU_JUDGE_MAX_SOURCE + 1);

	assert_non_null(f);
	assert_non_null(buf);
	*len = fread(buf, 1, TU_JUDGE_MAX_SOURCE, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* Judges src on problem id; returns the overall verdict. */
static enum tu_verdict judge(const char *id, enum tu_lang lang,
			     const char *src, struct tu_judge_result *res)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_problem *p = load(id);
	enum tu_verdict v;

	if (tu_judge_submit(p, lang, src, strlen(src), &cfg, res, &err))
		fail_msg("%s", err.msg);
	tu_problem_free(p);
	v = res->verdict;
	assert_int_equal(entries(tmp_root), 0);  /* work dir removed */
	return v;
}

static enum tu_verdict judge_v(const char *id, enum tu_lang lang,
			       const char *src)
{
	struct tu_judge_result res;
	enum tu_verdict v = judge(id, lang, src, &res);

	tu_judge_result_release(&res);
	return v;
}

static enum tu_verdict judge_file(const char *id, const char *rel)
{
	char path[800];
	size_t len;
	char *src;
	enum tu_verdict v;
	const char *dot = strrchr(rel, '.');

	snprintf(path, sizeof(path), "%s/%s/%s", problems, id, rel);
	src = slurp(path, &len);
	v = judge_v(id, strcmp(dot, ".c") == 0 ? TU_LANG_C : TU_LANG_PYTHON,
		    src);
	free(src);
	return v;
}

static void test_examples_reference_ac_wrong_not(void **state)
{
	static const char *const ids[] = { "add", "mean", "sort-unique",
		"reverse-string", "sum-lines" };
	char dir[700];
	size_t n_ref = 0, n_wrong = 0;

	(void)state;
	for (size_t i = 0; i < 5; i++) {
		DIR *d;
		struct dirent *e;

		assert_int_equal(judge_file(ids[i], "solution.py"),
				 TU_VERDICT_AC);
		assert_int_equal(judge_file(ids[i], "solution.c"),
				 TU_VERDICT_AC);
		n_ref += 2;
		snprintf(dir, sizeof(dir), "%s/%s/wrong", problems, ids[i]);
		d = opendir(dir);
		assert_non_null(d);
		while ((e = readdir(d)) != NULL) {
			char rel[300];

			if (e->d_name[0] == '.')
				continue;
			snprintf(rel, sizeof(rel), "wrong/%s", e->d_name);
			if (judge_file(ids[i], rel) == TU_VERDICT_AC)
				fail_msg("%s/%s is AC", ids[i], rel);
			n_wrong++;
		}
		closedir(d);
	}
	assert_int_equal(n_ref, 10);
	assert_true(n_wrong >= 10);
}

static void test_python_verdicts(void **state)
{
	struct tu_judge_result r;

	(void)state;
	assert_int_equal(judge_v("add", TU_LANG_PYTHON,
				 "def add(a, b):\n    return b + a\n"),
			 TU_VERDICT_AC);
	/* WA with the message; the learner's print kept per case. */
	assert_int_equal(judge("add", TU_LANG_PYTHON, "def add(a, b):\n"
			       "    print('a is', a)\n    return a * b\n", &r),
			 TU_VERDICT_WA);
	assert_string_equal(r.cases[0].message, "expected 3, got 2");
	assert_string_equal(r.cases[0].output, "a is 1\n");
	assert_string_equal(r.cases[0].actual_json, "2");
	assert_int_equal(r.cases[1].verdict, TU_VERDICT_AC);  /* 0 * 0 */
	tu_judge_result_release(&r);
	/* RE: the exception class and the learner's line. */
	assert_int_equal(judge("add", TU_LANG_PYTHON, "def add(a, b):\n"
			       "    if a < 0:\n        return [][a]\n"
			       "    return a + b\n", &r), TU_VERDICT_RE);
	assert_int_equal(r.cases[0].verdict, TU_VERDICT_AC);
	assert_int_equal(r.cases[2].verdict, TU_VERDICT_RE);
	assert_string_equal(r.cases[2].error_type, "IndexError");
	assert_string_equal(r.cases[2].message,
			    "IndexError: list index out of range (line 3)");
	tu_judge_result_release(&r);
	/* CE: the syntax error's place in the top-level message. */
	assert_int_equal(judge("add", TU_LANG_PYTHON, "def add(a, b)\n"
			       "    return a + b\n", &r), TU_VERDICT_CE);
	assert_string_equal(r.message, "solution.py:1:14: SyntaxError: "
			    "expected ':'");
	tu_judge_result_release(&r);
	/* TLE on one case only (cpu_s 1): the others still run. */
	assert_int_equal(judge("add", TU_LANG_PYTHON, "def add(a, b):\n"
			       "    while a == 0:\n        pass\n"
			       "    return a + b\n", &r), TU_VERDICT_TLE);
	assert_int_equal(r.cases[0].verdict, TU_VERDICT_AC);
	assert_int_equal(r.cases[1].verdict, TU_VERDICT_TLE);
	assert_int_equal(r.cases[2].verdict, TU_VERDICT_AC);
	tu_judge_result_release(&r);
}

static void test_python_errors_and_values(void **state)
{
	struct tu_judge_result r;

	(void)state;
	/* expected_error: ValueError is AC, ZeroDivisionError is WA. */
	assert_int_equal(judge("mean", TU_LANG_PYTHON, "def mean(v):\n"
			       "    return sum(v) / len(v)\n", &r),
			 TU_VERDICT_WA);
	assert_int_equal(r.cases[5].verdict, TU_VERDICT_WA);
	assert_string_equal(r.cases[5].error_type, "ZeroDivisionError");
	tu_judge_result_release(&r);
	/* A tuple for a list, a missing function is CE. */
	assert_int_equal(judge_v("sort-unique", TU_LANG_PYTHON,
				 "def distinct(xs):\n    return tuple(set(xs))\n"),
			 TU_VERDICT_AC);
	assert_int_equal(judge("add", TU_LANG_PYTHON, "def plus(a, b):\n"
			       "    return a + b\n", &r), TU_VERDICT_CE);
	assert_string_equal(r.message, "solution.py does not define a "
			    "function 'add'");
	tu_judge_result_release(&r);
	/* None returned. */
	assert_int_equal(judge("add", TU_LANG_PYTHON, "def add(a, b):\n"
			       "    a + b\n", &r), TU_VERDICT_WA);
	assert_string_equal(r.cases[0].message, "expected 3, got null");
	tu_judge_result_release(&r);
	/* stdio: the traceback's exception class. */
	assert_int_equal(judge("sum-lines", TU_LANG_PYTHON, "import sys\n"
			       "print(sum(int(x) for x in sys.stdin))\n", &r),
			 TU_VERDICT_RE);
	assert_string_equal(r.cases[3].error_type, "ValueError");
	tu_judge_result_release(&r);
}

static void test_c_verdicts(void **state)
{
	struct tu_judge_result r;

	(void)state;
	assert_int_equal(judge_v("add", TU_LANG_C, "long long add(long long a,"
				 " long long b)\n{\n\treturn a + b;\n}\n"),
			 TU_VERDICT_AC);
	assert_int_equal(judge("add", TU_LANG_C, "#include <stdio.h>\n"
			       "long long add(long long a, long long b)\n{\n"
			       "\tprintf(\"b=%lld\\n\", b);\n\treturn a - b;\n}\n",
			       &r), TU_VERDICT_WA);
	assert_string_equal(r.cases[0].message, "expected 3, got -1");
	assert_string_equal(r.cases[0].output, "b=2\n");
	tu_judge_result_release(&r);
	/* RE: a crash in case 3 keeps cases 1-2, reports the signal. */
	assert_int_equal(judge("add", TU_LANG_C, "long long add(long long a,"
			       " long long b)\n{\n\tif (a == -4)\n"
			       "\t\treturn *(volatile long long *)0;\n"
			       "\treturn a + b;\n}\n", &r), TU_VERDICT_RE);
	assert_int_equal(r.cases[0].verdict, TU_VERDICT_AC);
	assert_int_equal(r.cases[1].verdict, TU_VERDICT_AC);
	assert_int_equal(r.cases[2].verdict, TU_VERDICT_RE);
	assert_string_equal(r.cases[2].error_type, "SIGSEGV");
	assert_int_equal(r.cases[3].verdict, TU_VERDICT_RE);
	assert_non_null(strstr(r.cases[3].message, "not run"));
	tu_judge_result_release(&r);
	/* CE: gcc's message without the /work/ prefix; a wrong signature
	 * is a compile error too. */
	assert_int_equal(judge("add", TU_LANG_C, "long long add(long long a,"
			       " long long b) { return a + b }\n", &r),
			 TU_VERDICT_CE);
	assert_non_null(strstr(r.message, "solution.c:1:"));
	assert_null(strstr(r.message, "/work/"));
	tu_judge_result_release(&r);
	assert_int_equal(judge_v("add", TU_LANG_C, "int add(int a, int b) "
				 "{ return a + b; }\n"), TU_VERDICT_CE);
	/* TLE: case 2 loops; the harness stops there. */
	assert_int_equal(judge("add", TU_LANG_C, "long long add(long long a,"
			       " long long b)\n{\n\twhile (a == 0)\n\t\t;\n"
			       "\treturn a + b;\n}\n", &r), TU_VERDICT_TLE);
	assert_int_equal(r.cases[0].verdict, TU_VERDICT_AC);
	assert_int_equal(r.cases[1].verdict, TU_VERDICT_TLE);
	tu_judge_result_release(&r);
	/* Warnings are kept as diagnostics even on AC. */
	assert_int_equal(judge("add", TU_LANG_C, "long long add(long long a,"
			       " long long b)\n{\n\tint unused;\n"
			       "\treturn a + b;\n}\n", &r), TU_VERDICT_AC);
	assert_non_null(r.diagnostics);
	assert_non_null(strstr(r.diagnostics, "unused"));
	tu_judge_result_release(&r);
}

static void expect_rejected(enum tu_lang lang, const char *src, size_t len,
			    const char *want)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_judge_result r;
	struct tu_problem *p = load("add");

	assert_int_equal(tu_judge_submit(p, lang, src, len, &cfg, &r, &err),
			 TU_EINVAL);
	assert_string_equal(err.msg, want);
	assert_int_equal(r.n_cases, 0);
	assert_int_equal(entries(tmp_root), 0);  /* nothing was made */
	tu_problem_free(p);
}

static void test_bad_input_runs_nothing(void **state)
{
	char *big = malloc(TU_JUDGE_MAX_SOURCE + 1);

	(void)state;
	expect_rejected(TU_LANG_PYTHON, "", 0, "the source is empty");
	expect_rejected(TU_LANG_PYTHON, " \n\t\n", 4, "the source is empty");
	expect_rejected(TU_LANG_PYTHON, "x = 1\ny\0 = 2\n", 12,
			"line 2: the source contains a NUL byte");
	expect_rejected(TU_LANG_C, "int x;\n/* \xff */\n", 14,
			"line 2: the source is not valid UTF-8 (byte 11)");
	/* Overlong encoding of '/' and a UTF-16 surrogate. */
	expect_rejected(TU_LANG_C, "\xc0\xaf", 2,
			"line 1: the source is not valid UTF-8 (byte 1)");
	expect_rejected(TU_LANG_C, "\xed\xa0\x80", 3,
			"line 1: the source is not valid UTF-8 (byte 1)");
	assert_non_null(big);
	memset(big, '#', TU_JUDGE_MAX_SOURCE + 1);
	expect_rejected(TU_LANG_PYTHON, big, TU_JUDGE_MAX_SOURCE + 1,
			"the source is 65537 bytes; the limit is 65536");
	free(big);
	expect_rejected((enum tu_lang)7, "x", 1, "unknown language 7");
}

static void test_lang_parse(void **state)
{
	enum tu_lang l;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	assert_int_equal(tu_lang_parse("py", &l, NULL), TU_OK);
	assert_int_equal(l, TU_LANG_PYTHON);
	assert_int_equal(tu_lang_parse("c", &l, NULL), TU_OK);
	assert_int_equal(l, TU_LANG_C);
	assert_int_equal(tu_lang_parse("rust", &l, &err), TU_EINVAL);
	assert_string_equal(err.msg, "unknown language 'rust' (python, c)");
}

int main(void)
{
	const char *src = getenv("TUTOR_SOURCE");
	struct tu_sandbox_caps caps;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lang_parse),
		cmocka_unit_test(test_bad_input_runs_nothing),
		cmocka_unit_test(test_examples_reference_ac_wrong_not),
		cmocka_unit_test(test_python_verdicts),
		cmocka_unit_test(test_python_errors_and_values),
		cmocka_unit_test(test_c_verdicts),
	};
	int rc;

	if (!src)
		return 77;
	tu_sandbox_probe(&caps);
	if (!caps.user_ns || !caps.seccomp) {
		fprintf(stderr, "skip: sandbox unavailable (%s)\n", caps.detail);
		return 77;
	}
	snprintf(problems, sizeof(problems), "%s/courses/sample/problems", src);
	snprintf(tmp_root, sizeof(tmp_root), "/tmp/tu-test-judge-XXXXXX");
	if (!mkdtemp(tmp_root))
		return 1;
	tu_judge_config_default(&cfg);
	cfg.tmp_root = tmp_root;
	cfg.uid_slot = 901;   /* not the default slot other tests use */
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(tmp_root);
	return rc;
}
