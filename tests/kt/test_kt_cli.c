/* test_kt_cli.c - `tutor fit <kt model>` and `tutor eval calibration`:
 * help, usage errors, bad input files, a tiny end-to-end fit.  Runs the
 * binary named by TUTOR_BIN (skips when unset). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "kt_run.h"

#define HDR "user_id\titem_id\ttimestamp\tcorrect\tskill_id\n"

static const char *bin;

static void test_help(void **state)
{
	struct run r;

	(void)state;
	assert_int_equal(run_init(&r), 0);
	assert_int_equal(run_cmd(&r, bin, "fit bkt --help"), 0);
	assert_non_null(strstr(r.out, "usage: tutor fit bkt --train FILE"));
	assert_int_equal(run_cmd(&r, bin, "fit bkt-forgets -h"), 0);
	assert_int_equal(run_cmd(&r, bin, "fit intellicode --help"), 0);
	assert_int_equal(run_cmd(&r, bin, "fit logistic --help"), 0);
	assert_int_equal(run_cmd(&r, bin, "eval calibration --help"), 0);
	assert_non_null(strstr(r.out, "usage: tutor eval calibration"));
	run_cleanup(&r);
}

static void test_usage_errors_exit_2(void **state)
{
	struct run r;

	(void)state;
	assert_int_equal(run_init(&r), 0);
	assert_int_equal(run_cmd(&r, bin, "eval calibration --bogus"), 2);
	assert_non_null(strstr(r.err, "tutor: eval calibration: bad or unknown option '--bogus'"));
	assert_int_equal(run_cmd(&r, bin, "eval calibration --train x"), 2);
	assert_int_equal(run_cmd(&r, bin,
				 "eval calibration --train x --test y --format xml"), 2);
	assert_int_equal(run_cmd(&r, bin,
				 "eval calibration --train x --test y --models bkt,dkt"), 2);
	assert_int_equal(run_cmd(&r, bin, "fit bkt --train x --restarts 0"), 2);
	assert_int_equal(run_cmd(&r, bin, "fit bkt --frobnicate"), 2);
	assert_int_equal(run_cmd(&r, bin, "fit bkt"), 2);
	assert_non_null(strstr(r.err, "--train is required"));
	run_cleanup(&r);
}

static void test_bad_file_exit_1_with_file_line(void **state)
{
	struct run r;
	char args[512], path[128];

	(void)state;
	assert_int_equal(run_init(&r), 0);
	snprintf(path, sizeof(path), "%s",
		 run_file(&r, "bad.tsv", HDR "0\t1\t0\t1\t2\n0\t1\t0\t7\t2\n"));
	snprintf(args, sizeof(args), "fit bkt --train '%s'", path);
	assert_int_equal(run_cmd(&r, bin, args), 1);
	assert_non_null(strstr(r.err, "bad.tsv:3: column 'correct': expected 0 or 1, got '7'"));
	assert_int_equal(strncmp(r.err, "tutor: ", 7), 0);
	snprintf(args, sizeof(args),
		 "eval calibration --models bkt --train '%s' --test '%s'",
		 path, path);
	assert_int_equal(run_cmd(&r, bin, args), 1);
	assert_non_null(strstr(r.err, "bad.tsv:3:"));
	assert_int_equal(run_cmd(&r, bin, "fit bkt --train /nonexistent.tsv"), 1);
	assert_non_null(strstr(r.err, "tutor: /nonexistent.tsv: "));
	run_cleanup(&r);
}

static void test_tiny_fit_and_eval(void **state)
{
	struct run r;
	char args[512], path[128];

	(void)state;
	assert_int_equal(run_init(&r), 0);
	snprintf(path, sizeof(path), "%s",
		 run_file(&r, "ok.tsv", HDR "0\t1\t0\t0\t0\n0\t1\t0\t1\t0\n"
				       "1\t1\t0\t0\t0\n1\t1\t0\t1\t0\n"
				       "1\t2\t0\t1\t1\n2\t2\t0\t0\t1\n"));
	snprintf(args, sizeof(args), "fit bkt --train '%s' --restarts 2", path);
	assert_int_equal(run_cmd(&r, bin, args), 0);
	assert_non_null(strstr(r.out, "\"format\": \"tutor-bkt\""));
	assert_non_null(strstr(r.err, "tutor: fit bkt: 6 rows: 2 skills fitted"));
	snprintf(args, sizeof(args),
		 "eval calibration --models bkt,bkt-forgets --format json "
		 "--restarts 2 --train '%s' --test '%s' --predictions '%s/p.tsv'",
		 path, path, r.dir);
	assert_int_equal(run_cmd(&r, bin, args), 0);
	assert_non_null(strstr(r.out, "\"model\": \"bkt\", \"n\": 6"));
	assert_non_null(strstr(r.out, "\"model\": \"bkt-forgets\", \"n\": 6"));
	run_cleanup(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_usage_errors_exit_2),
		cmocka_unit_test(test_bad_file_exit_1_with_file_line),
		cmocka_unit_test(test_tiny_fit_and_eval),
	};

	bin = getenv("TUTOR_BIN");
	if (!bin || !*bin)
		return 77;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
