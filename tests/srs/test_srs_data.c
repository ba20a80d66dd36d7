/* test_srs_data.c - the josh review log (py-fsrs fixture): reader counts,
 * the section-12 protocol through the library and `tutor eval srs` /
 * `tutor fit fsrs` through the built binary.  Skips (77) without data. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <cmocka.h>
#include "tutor/fsrs.h"
#include "tutor/revlog.h"
#include "tutor/srs_eval.h"

#define JOSH "data/srs/anki-josh/" \
	"review_logs_josh_1711744352250_to_1728234780857.csv"

static char josh[1024];

static int run(const char *cmd, char *out, size_t cap)
{
	FILE *p = popen(cmd, "r");
	size_t n;

	assert_non_null(p);
	n = fread(out, 1, cap - 1, p);
	out[n] = '\0';
	return WEXITSTATUS(pclose(p));
}

static void test_reader_counts(void **state)
{
	struct tu_revlog log;
	struct tu_err err = TU_ERR_INIT;
	int ratings[5] = { 0 };

	(void)state;
	tu_revlog_init(&log);
	assert_int_equal(tu_revlog_read_file(&log, josh, &err), TU_OK);
	/* learner-models.md 1.2: 12,580 reviews; Again 3,676, Hard 1,
	 * Good 8,903, Easy 0 */
	assert_int_equal(log.n, 12580);
	for (size_t i = 0; i < log.n; i++)
		ratings[log.rows[i].rating]++;
	assert_int_equal(ratings[1], 3676);
	assert_int_equal(ratings[2], 1);
	assert_int_equal(ratings[3], 8903);
	assert_int_equal(ratings[4], 0);
	tu_revlog_release(&log);
}

static void test_protocol_counts(void **state)
{
	struct tu_revlog log;
	struct tu_srs_eval_config cfg;
	struct tu_srs_eval_result res;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_revlog_init(&log);
	assert_int_equal(tu_revlog_read_file(&log, josh, &err), TU_OK);
	tu_srs_eval_config_init(&cfg);
	assert_int_equal(tu_srs_eval(&log, &cfg, &res, NULL, &err), TU_OK);
	/* section 12: 10,064 to fit, 2,516 to test, 1,494 scored, mean
	 * recall 0.8186, 1,205 cards */
	assert_int_equal(res.n_train, 10064);
	assert_int_equal(res.n_test, 2516);
	assert_int_equal(res.n_scored, 1494);
	assert_int_equal(res.n_cards, 1205);
	assert_float_equal(res.mean_recall, 0.8186, 5e-5);
	assert_true(res.fit.loss_best < res.fit.loss_start);
	assert_true(res.models[TU_SRS_FSRS_FITTED].log_loss <
		    res.models[TU_SRS_SM2_BENCH].log_loss);
	tu_revlog_release(&log);
}

static void test_fit_counts_py_fsrs_reviews(void **state)
{
	struct tu_revlog log;
	struct tu_fsrs_dataset ds;
	struct tu_fsrs_params def, py = { {
		0.12340357383516173, 1.2931, 2.397673571899466, 8.2956,
		6.686820427099132, 0.45021679958387956, 3.077875127553957,
		0.053520395733247045, 1.6539992229052127, 0.1466206769107436,
		0.6300772488850335, 1.611965002575047, 0.012840136810798864,
		0.34853762746216305, 1.8878958285806287, 0.8546376191171063,
		1.8729, 0.6748536823468675, 0.20451266082721842,
		0.22622814695113844, 0.46030603398979064 } };
	size_t *o, n;

	(void)state;
	tu_revlog_init(&log);
	tu_fsrs_dataset_init(&ds);
	assert_int_equal(tu_revlog_read_file(&log, josh, NULL), TU_OK);
	o = tu_revlog_time_order(&log);
	assert_int_equal(tu_fsrs_dataset_from_revlog(&ds, &log, o, log.n,
						     TU_DAYS_24H, 0, 64, NULL),
			 TU_OK);
	tu_fsrs_params_default(&def);
	/* learner-models.md 1.2: 5,329 reviews >= 24 h after the card's
	 * previous one, exactly those py-fsrs's loss uses */
	tu_fsrs_loss(&def, &ds, &n);
	assert_int_equal(n, 5329);
	/* py-fsrs's fitted parameters beat the defaults on our replay too */
	assert_true(tu_fsrs_loss(&py, &ds, NULL) < tu_fsrs_loss(&def, &ds,
								  NULL));
	free(o);
	tu_fsrs_dataset_release(&ds);
	tu_revlog_release(&log);
}

static double model_loss(const char *out, const char *name)
{
	const char *p = strstr(out, name);
	size_t n;
	double ll;

	assert_non_null(p);
	assert_int_equal(sscanf(p + strlen(name), " %zu %lf", &n, &ll), 2);
	assert_int_equal(n, 1494);
	return ll;
}

static void test_cli(void **state)
{
	const char *bin = getenv("TUTOR_BIN");
	static char out[16384];
	char cmd[2048];

	(void)state;
	if (!bin)
		skip();
	snprintf(cmd, sizeof(cmd), "%s eval srs --revlog %s", bin, josh);
	assert_int_equal(run(cmd, out, sizeof(out)), 0);
	assert_true(model_loss(out, "fsrs6-fitted") <
		    model_loss(out, "sm2-bench"));
	model_loss(out, "sm2-intellicode");
	model_loss(out, "fsrs6-default");
	snprintf(cmd, sizeof(cmd), "%s eval srs --revlog %s --format json",
		 bin, josh);
	assert_int_equal(run(cmd, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "\"fsrs6-fitted\""));
	snprintf(cmd, sizeof(cmd), "%s fit fsrs --revlog %s", bin, josh);
	assert_int_equal(run(cmd, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "\"counted_reviews\": 5329"));
	snprintf(cmd, sizeof(cmd), "%s eval srs --help", bin);
	assert_int_equal(run(cmd, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "usage: tutor eval srs"));
	snprintf(cmd, sizeof(cmd), "%s fit fsrs --help", bin);
	assert_int_equal(run(cmd, out, sizeof(out)), 0);
	snprintf(cmd, sizeof(cmd), "%s eval srs 2>&1", bin);
	assert_int_equal(run(cmd, out, sizeof(out)), 2);
	snprintf(cmd, sizeof(cmd), "printf 'card_id,review_rating,"
		 "review_time,review_duration\\n1,9,x,1\\n' > /tmp/tu_srs_bad.csv"
		 " && %s eval srs --revlog /tmp/tu_srs_bad.csv 2>&1", bin);
	assert_int_equal(run(cmd, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "tutor: /tmp/tu_srs_bad.csv:2: column"));
	remove("/tmp/tu_srs_bad.csv");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_counts),
		cmocka_unit_test(test_protocol_counts),
		cmocka_unit_test(test_fit_counts_py_fsrs_reviews),
		cmocka_unit_test(test_cli),
	};
	const char *shared = getenv("TUTOR_SHARED");
	FILE *f;

	if (!shared)
		return 77;
	snprintf(josh, sizeof(josh), "%s/%s", shared, JOSH);
	f = fopen(josh, "r");
	if (!f)
		return 77;
	fclose(f);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
