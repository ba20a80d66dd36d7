/* test_kt_data.c - the kt module on the real files of
 * $TUTOR_SHARED/data/kt (skipped when they are absent): reader counts
 * (learner-models.md 1.1) and `tutor eval calibration` on statics. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>
#include "tutor/ktlog.h"
#include "kt_run.h"

static char dir[512];

static void path_of(char *out, size_t cap, const char *ds, const char *part)
{
	snprintf(out, cap, "%s/data/kt/%s/preprocessed_data_%s.csv", dir, ds,
		 part);
}

static void test_reader_counts(void **state)
{
	struct tu_ktlog log;
	char p[600];
	size_t ones = 0;

	(void)state;
	path_of(p, sizeof(p), "assistments09", "train");
	tu_ktlog_init(&log);
	assert_int_equal(tu_ktlog_read_file(&log, p, NULL), TU_OK);
	assert_int_equal(log.n, 220070);
	for (size_t i = 0; i < log.n; i++)
		ones += log.rows[i].correct;
	/* p(correct) 0.658 in the reference table */
	assert_true(fabs((double)ones / (double)log.n - 0.658) < 0.0005);
	assert_true(log.n_skills <= 149);
	tu_ktlog_release(&log);
	path_of(p, sizeof(p), "statics", "test");
	assert_int_equal(tu_ktlog_read_file(&log, p, NULL), TU_OK);
	assert_int_equal(log.n, 33600);
	tu_ktlog_release(&log);
}

/* The AUC printed after "model": "<name>" in the JSON output, or -1. */
static double auc_of(const char *out, const char *name)
{
	char key[64];
	const char *s;
	double auc = -1;

	snprintf(key, sizeof(key), "\"model\": \"%s\",", name);
	s = strstr(out, key);
	if (!s || !(s = strstr(s, "\"auc\": ")))
		return -1;
	if (sscanf(s + 7, "%lf", &auc) != 1)
		return -1;
	return auc;
}

static void test_eval_calibration_statics(void **state)
{
	const char *bin = getenv("TUTOR_BIN");
	char tr[600], te[600], args[1500];
	const char *models[] = { "bkt", "bkt-forgets", "intellicode",
				 "logistic" };
	struct run r;

	(void)state;
	if (!bin || !*bin)
		skip();
	path_of(tr, sizeof(tr), "statics", "train");
	path_of(te, sizeof(te), "statics", "test");
	assert_int_equal(run_init(&r), 0);
	snprintf(args, sizeof(args),
		 "eval calibration --format json --restarts 2 --train '%s' --test '%s'",
		 tr, te);
	assert_int_equal(run_cmd(&r, bin, args), 0);
	for (int i = 0; i < 4; i++) {
		double auc = auc_of(r.out, models[i]);

		if (!(auc > 0.6))
			fail_msg("model %s: AUC %g (output: %s)", models[i],
				 auc, r.out);
	}
	run_cleanup(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_counts),
		cmocka_unit_test(test_eval_calibration_statics),
	};
	const char *shared = getenv("TUTOR_SHARED");
	char probe[600];
	FILE *f;

	if (!shared || !*shared)
		return 77;
	snprintf(dir, sizeof(dir), "%s", shared);
	path_of(probe, sizeof(probe), "statics", "test");
	f = fopen(probe, "r");
	if (!f)
		return 77;
	fclose(f);
	path_of(probe, sizeof(probe), "assistments09", "train");
	f = fopen(probe, "r");
	if (!f)
		return 77;
	fclose(f);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
