/* test_judge_cli.c - `tutor judge` as a program: help, usage errors,
 * bad input, text and JSON reports, exit statuses.  Runs $TUTOR_BIN on
 * $TUTOR_SOURCE/courses/sample/problems (run from $TUTOR_SOURCE); skips
 * (77) without them or without a sandbox. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>
#include "tutor/judge.h"

/* The sample course's problems, relative to $TUTOR_SOURCE. */
#define ADD "courses/sample/problems/add"
#define MEAN "courses/sample/problems/mean"

static const char *bin, *src_root;
static char tmp[64], out_path[128], err_path[128];
static char out[65536], errtext[4096];

static void slurp(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(buf, 1, cap - 1, f) : 0;

	buf[n] = '\0';
	if (f)
		fclose(f);
}

/* Runs "tutor judge ARGS" (args is shell text); returns the exit status. */
static int run(const char *args)
{
	char cmd[2048];
	int st;

	snprintf(cmd, sizeof(cmd), "cd '%s' && '%s' judge %s >'%s' 2>'%s'",
		 src_root, bin, args, out_path, err_path);
	st = system(cmd);
	slurp(out_path, out, sizeof(out));
	slurp(err_path, errtext, sizeof(errtext));
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_tmp(const char *name, const char *text, size_t len)
{
	char path[192];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(text, 1, len, f);
	fclose(f);
}

static void test_help_and_usage(void **state)
{
	(void)state;
	assert_int_equal(run("--help"), 0);
	assert_non_null(strstr(out, "usage: tutor judge --problem DIR"));
	assert_int_equal(run(""), 2);
	assert_non_null(strstr(errtext, "tutor: judge: need --problem DIR"));
	assert_int_equal(run("--problem " ADD " --lang py"), 2);
	assert_int_equal(run("--bogus"), 2);
	assert_int_equal(run("--problem " ADD " --lang rust x.py"), 2);
	assert_string_equal(errtext, "tutor: judge: unknown language 'rust' "
			    "(python, c)\n");
	assert_int_equal(run("--problem " ADD " --lang c --format xml "
			     ADD "/solution.c"), 2);
}

static void test_bad_input(void **state)
{
	char args[400];

	(void)state;
	write_tmp("nul.py", "x = 1\ny = \0\n", 12);
	snprintf(args, sizeof(args), "--problem " ADD " --lang py "
		 "%s/nul.py", tmp);
	assert_int_equal(run(args), 1);
	snprintf(args, sizeof(args), "tutor: %s/nul.py:2: the source contains "
		 "a NUL byte\n", tmp);
	assert_string_equal(errtext, args);
	assert_string_equal(out, "");
	assert_int_equal(run("--problem courses/sample/problems/none --lang py "
			     ADD "/solution.py"), 1);
	assert_string_equal(errtext, "tutor: courses/sample/problems/none/"
			    "problem.json: No such file or directory\n");
	assert_int_equal(run("--problem " ADD " --lang py missing.py"), 1);
	assert_non_null(strstr(errtext, "tutor: missing.py: cannot open"));
}

static void test_text_report(void **state)
{
	(void)state;
	assert_int_equal(run("--problem " ADD " --lang py "
			     ADD "/solution.py"), 0);
	assert_memory_equal(out, "add: AC (6/6 cases passed, ", 27);
	assert_non_null(strstr(out, "\u2713 one plus two\n"));
	assert_non_null(strstr(out, "\u2713 [hidden] large\n"));
	/* A verdict other than AC still exits 0. */
	assert_int_equal(run("--problem " ADD " --lang py "
			     ADD "/wrong/subtract.py"), 0);
	assert_memory_equal(out, "add: WA (1/6 cases passed, ", 27);
	assert_non_null(strstr(out, "\u2717 one plus two [WA]: expected 3, "
			       "got -1\n"));
	/* Hidden cases: the verdict only, unless --show-hidden. */
	assert_non_null(strstr(out, "\u2717 [hidden] large [WA]\n"));
	assert_int_equal(run("--show-hidden --problem " ADD " --lang py "
			     ADD "/wrong/subtract.py"), 0);
	assert_non_null(strstr(out, "[hidden] large [WA]: expected 9000000000"
			       ", got -1000000000\n"));
}

static void test_json_report(void **state)
{
	json_t *j, *tests;

	(void)state;
	assert_int_equal(run("--format json --problem " MEAN " --lang c "
			     MEAN "/wrong/off_by_one.c"), 0);
	j = json_loads(out, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "verdict")),
			    "WA");
	assert_string_equal(json_string_value(json_object_get(j, "status")),
			    "fail");
	tests = json_object_get(j, "tests");
	/* The C run skips the Python-only expected_error case: 5 of 6. */
	assert_int_equal(json_array_size(tests), 5);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(tests, 0), "message")),
		"expected 2.0, got 1.0");
	assert_null(json_object_get(json_array_get(tests, 4), "expected"));
	json_decref(j);
}

int main(void)
{
	struct tu_sandbox_caps caps;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_and_usage),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_text_report),
		cmocka_unit_test(test_json_report),
	};
	int rc;

	bin = getenv("TUTOR_BIN");
	src_root = getenv("TUTOR_SOURCE");
	if (!bin || !src_root || access(bin, X_OK) != 0)
		return 77;
	tu_sandbox_probe(&caps);
	if (!caps.user_ns || !caps.seccomp)
		return 77;
	snprintf(tmp, sizeof(tmp), "/tmp/tu-test-cli-XXXXXX");
	if (!mkdtemp(tmp))
		return 1;
	snprintf(out_path, sizeof(out_path), "%s/out", tmp);
	snprintf(err_path, sizeof(err_path), "%s/err", tmp);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(out, sizeof(out), "rm -rf '%s'", tmp);
	if (system(out) != 0)
		rc = 1;
	return rc;
}
