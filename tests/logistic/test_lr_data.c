/*
 * test_lr_data.c - regression guard on real data: the default logistic
 * model fitted on the Statics train file must score test AUC > 0.80
 * (Gervet's IRT 0.7954, Best-LR 0.8265 on the same files) and ECE below
 * 0.03.  Skips (77) when $TUTOR_SHARED or the files are missing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include "tutor/logistic.h"
#include "tutor/metrics.h"

static char train_path[4096], test_path[4096];

static void test_statics_auc(void **state)
{
	struct tu_ktlog train, test;
	struct tu_lr_model m;
	struct tu_lr_config cfg;
	struct tu_calib_report rep;
	struct tu_err err = TU_ERR_INIT;
	double *p;
	int *y;

	(void)state;
	tu_ktlog_init(&train);
	tu_ktlog_init(&test);
	tu_lr_model_init(&m);
	tu_lr_config_default(&cfg);
	if (tu_ktlog_read_file(&train, train_path, &err) ||
	    tu_ktlog_read_file(&test, test_path, &err))
		fail_msg("%s", err.msg);
	if (tu_lr_fit(&m, &train, &cfg, NULL, &err))
		fail_msg("%s", err.msg);
	p = malloc(test.n * sizeof(*p));
	y = malloc(test.n * sizeof(*y));
	assert_non_null(p);
	assert_non_null(y);
	assert_int_equal(tu_lr_predict(&m, &test, p, &err), TU_OK);
	for (size_t i = 0; i < test.n; i++)
		y[i] = test.rows[i].correct;
	assert_int_equal(tu_metric_report(p, y, test.n, &rep, &err), TU_OK);
	printf("statics test: n=%zu auc=%.4f ece=%.4f log_loss=%.4f\n",
	       rep.n, rep.auc, rep.ece, rep.log_loss);
	assert_true(rep.auc > 0.80);
	assert_true(rep.ece < 0.03);
	free(p);
	free(y);
	tu_lr_model_release(&m);
	tu_ktlog_release(&train);
	tu_ktlog_release(&test);
}

static int have_file(const char *path)
{
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	fclose(f);
	return 1;
}

int main(void)
{
	const char *shared = getenv("TUTOR_SHARED");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statics_auc),
	};

	if (!shared)
		return 77;
	snprintf(train_path, sizeof(train_path),
		 "%s/data/kt/statics/preprocessed_data_train.csv", shared);
	snprintf(test_path, sizeof(test_path),
		 "%s/data/kt/statics/preprocessed_data_test.csv", shared);
	if (!have_file(train_path) || !have_file(test_path))
		return 77;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
