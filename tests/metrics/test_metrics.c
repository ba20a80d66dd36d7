/* test_metrics.c - metrics against values computed by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/metrics.h"
#include "tutor/rng.h"

#define CLOSE(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static const double P4[] = { 0.1, 0.4, 0.35, 0.8 };
static const int Y4[] = { 0, 0, 1, 1 };

static void test_auc_simple(void **state)
{
	double auc;

	(void)state;
	/* pairs (pos, neg): .35>.1 yes, .35>.4 no, .8>.1, .8>.4 -> 3/4 */
	assert_int_equal(tu_metric_auc(P4, Y4, 4, &auc, NULL), TU_OK);
	CLOSE(auc, 0.75);
}

static void test_auc_ties_count_half(void **state)
{
	const double p[] = { 0.5, 0.5, 0.5, 0.9 };
	const int y[] = { 0, 1, 0, 1 };
	double auc;

	(void)state;
	/* pos .5 vs two tied negs: 1/2 + 1/2; pos .9 beats both: 2 -> 3/4 */
	assert_int_equal(tu_metric_auc(p, y, 4, &auc, NULL), TU_OK);
	CLOSE(auc, 0.75);
}

static void test_auc_all_tied_is_half(void **state)
{
	const double p[] = { 0.3, 0.3, 0.3, 0.3, 0.3 };
	const int y[] = { 0, 1, 1, 0, 1 };
	double auc;

	(void)state;
	assert_int_equal(tu_metric_auc(p, y, 5, &auc, NULL), TU_OK);
	CLOSE(auc, 0.5);
}

static void test_auc_errors(void **state)
{
	const double p[] = { 0.3, NAN };
	const int y1[] = { 1, 1 }, y2[] = { 0, 2 }, y3[] = { 0, 1 };
	struct tu_err err = TU_ERR_INIT;
	double auc;

	(void)state;
	assert_int_equal(tu_metric_auc(p, y1, 1, &auc, &err), TU_EDATA);
	assert_int_equal(tu_metric_auc(p, y2, 2, &auc, &err), TU_EINVAL);
	assert_int_equal(tu_metric_auc(p, y3, 2, &auc, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "NaN"));
	assert_int_equal(tu_metric_auc(p, y3, 0, &auc, &err), TU_EDATA);
}

/* O(n^2) pair count on random data with many ties must match. */
static void test_auc_matches_brute_force(void **state)
{
	enum { N = 400 };
	double p[N], auc, num = 0, pairs = 0;
	int y[N];
	struct tu_rng r;

	(void)state;
	tu_rng_seed(&r, 5);
	for (int i = 0; i < N; i++) {
		p[i] = (double)tu_rng_below(&r, 20) / 20.0;
		y[i] = tu_rng_uniform(&r) < 0.3 + 0.5 * p[i];
	}
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++)
			if (y[i] == 1 && y[j] == 0) {
				pairs += 1;
				num += p[i] > p[j] ? 1.0 :
				       p[i] == p[j] ? 0.5 : 0.0;
			}
	assert_int_equal(tu_metric_auc(p, y, N, &auc, NULL), TU_OK);
	CLOSE(auc, num / pairs);
}

static void test_brier_rmse_logloss_accuracy(void **state)
{
	(void)state;
	/* (.01 + .16 + .4225 + .04) / 4 */
	CLOSE(tu_metric_brier(P4, Y4, 4), 0.158125);
	CLOSE(tu_metric_rmse(P4, Y4, 4), sqrt(0.158125));
	/* -(ln .9 + ln .6 + ln .35 + ln .8) / 4 */
	CLOSE(tu_metric_log_loss(P4, Y4, 4, 0),
	      -(log(0.9) + log(0.6) + log(0.35) + log(0.8)) / 4);
	assert_true(fabs(tu_metric_log_loss(P4, Y4, 4, 0) - 0.47228795) <
		    1e-7);
	/* predicted 0,0,0,1 vs 0,0,1,1 */
	CLOSE(tu_metric_accuracy(P4, Y4, 4), 0.75);
	CLOSE(tu_metric_brier(P4, Y4, 0), 0);
}

static void test_log_loss_clips(void **state)
{
	const double p[] = { 0.0, 1.0 };
	const int y[] = { 1, 0 };

	(void)state;
	/* both clipped to eps = 1e-3 from the wrong side: -ln(1e-3) */
	CLOSE(tu_metric_log_loss(p, y, 2, 1e-3), -log(1e-3));
	assert_true(isfinite(tu_metric_log_loss(p, y, 2, 0)));
}

static void test_ece_binning(void **state)
{
	const double p1[] = { 1.0, 0.0 };
	const int y1[] = { 1, 0 };

	(void)state;
	/* 10 bins, one value each: (.1 + .4 + .65 + .2) / 4 */
	CLOSE(tu_metric_ece(P4, Y4, 4, 10), 0.3375);
	/* 2 bins: [0,.5) has p .1 .4 .35 y 0 0 1: |1 - .85| = .15;
	 * [.5,1] has .8 y 1: .2 -> (.15 + .2) / 4 */
	CLOSE(tu_metric_ece(P4, Y4, 4, 2), 0.0875);
	/* p == 1 lands in the last bin, p == 0 in the first: perfect */
	CLOSE(tu_metric_ece(p1, y1, 2, 10), 0);
}

static void test_rmse_bins(void **state)
{
	/* A, B share bin (t 2.48, i 2, l 0): mean p .8, mean y .5 -> .3;
	 * C alone in (8.98, 4, 2): |1 - .6| = .4.
	 * sqrt((2 * .09 + .16) / 3) */
	const double p[] = { 0.9, 0.7, 0.6 };
	const int y[] = { 1, 0, 1 };
	const double t[] = { 1.0, 1.5, 5.0 };
	const int idx[] = { 1, 1, 2 }, lap[] = { 0, 0, 1 };
	const int bad_idx[] = { 0, 1, 2 };
	double r;

	(void)state;
	assert_int_equal(tu_metric_rmse_bins(p, y, t, idx, lap, 3, &r, NULL),
			 TU_OK);
	CLOSE(r, sqrt(0.34 / 3));
	assert_int_equal(tu_metric_rmse_bins(p, y, t, bad_idx, lap, 3, &r,
					     NULL), TU_EINVAL);
}

static void test_ndcg_and_precision(void **state)
{
	const double rel[] = { 1, 0, 1 };
	const double graded[] = { 2, 3 };
	const double none[] = { 0, 0 };

	(void)state;
	/* DCG 1 + 1/log2(4) = 1.5; ideal 1 + 1/log2(3) */
	CLOSE(tu_metric_ndcg_at_k(rel, 3, 3), 1.5 / (1 + 1 / log2(3)));
	/* DCG@1 = 1 = ideal@1 */
	CLOSE(tu_metric_ndcg_at_k(rel, 3, 1), 1.0);
	/* (3 + 7/log2 3) / (7 + 3/log2 3) */
	CLOSE(tu_metric_ndcg_at_k(graded, 2, 5),
	      (3 + 7 / log2(3)) / (7 + 3 / log2(3)));
	CLOSE(tu_metric_ndcg_at_k(none, 2, 2), 0);
	CLOSE(tu_metric_precision_at_k(rel, 3, 1), 1.0);
	CLOSE(tu_metric_precision_at_k(rel, 3, 2), 0.5);
	CLOSE(tu_metric_precision_at_k(rel, 3, 10), 2.0 / 3.0);
	CLOSE(tu_metric_precision_at_k(rel, 3, 0), 0);
}

static void test_coverage(void **state)
{
	const size_t ids[] = { 0, 2, 2, 7, 9 };
	double c;

	(void)state;
	/* distinct in [0,8): 0, 2, 7 -> 3/8; 9 ignored */
	assert_int_equal(tu_metric_coverage(ids, 5, 8, &c, NULL), TU_OK);
	CLOSE(c, 3.0 / 8.0);
	assert_int_equal(tu_metric_coverage(ids, 5, 0, &c, NULL), TU_EINVAL);
}

static void test_iqr_and_quantile(void **state)
{
	const double x[] = { 4, 1, 3, 2 };
	const double one[] = { 5 };
	double iqr, med, q;

	(void)state;
	/* sorted 1 2 3 4: q25 at h=.75 -> 1.75, q75 at h=2.25 -> 3.25 */
	assert_int_equal(tu_metric_iqr(x, 4, &iqr, &med, NULL), TU_OK);
	CLOSE(iqr, 1.5);
	CLOSE(med, 2.5);
	assert_int_equal(tu_metric_quantile(x, 4, 0.9, &q, NULL), TU_OK);
	CLOSE(q, 3.7);
	assert_int_equal(tu_metric_iqr(one, 1, &iqr, NULL, NULL), TU_OK);
	CLOSE(iqr, 0);
	assert_int_equal(tu_metric_iqr(x, 0, &iqr, NULL, NULL), TU_EDATA);
	assert_int_equal(tu_metric_quantile(x, 4, 1.5, &q, NULL), TU_EINVAL);
}

static void test_report(void **state)
{
	const int same[] = { 1, 1, 1, 1 };
	struct tu_calib_report r;

	(void)state;
	assert_int_equal(tu_metric_report(P4, Y4, 4, &r, NULL), TU_OK);
	assert_int_equal(r.n, 4);
	CLOSE(r.auc, 0.75);
	CLOSE(r.brier, 0.158125);
	CLOSE(r.ece, 0.3375);
	CLOSE(r.mean_p, 0.4125);
	CLOSE(r.mean_y, 0.5);
	assert_int_equal(tu_metric_report(P4, same, 4, &r, NULL), TU_OK);
	assert_true(isnan(r.auc));
}

/*
 * Wilson bounds by hand with z = 1.959963984540054, z^2 = 3.841458820694:
 *   k=0, n=1: (z^2/2 -+ z*z/2)/(1+z^2) -> 0 and z^2/(1+z^2) = 0.7934506856
 *   k=1, n=1: 1/(1+z^2) = 0.2065493144 and 1
 *   k=1, n=2: (1 + z^2/2 -+ z*sqrt(1/2 + z^2/4))/(2+z^2)
 *             = (2.920729410 -+ 2.368529265)/5.841458821
 *             = 0.0945312057 and 0.9054687943
 */
static void test_reliability_bins(void **state)
{
	struct tu_reliability_bin b[4];
	const double eps = 1e-9;

	(void)state;
	/* 4 bins: .1 -> b0; .4, .35 -> b1; none in b2; .8 -> b3 */
	assert_int_equal(tu_metric_reliability(P4, Y4, 4, 4, b, NULL), TU_OK);
	assert_int_equal(b[0].n, 1);
	assert_int_equal(b[1].n, 2);
	assert_int_equal(b[2].n, 0);
	assert_int_equal(b[3].n, 1);
	CLOSE(b[1].lo, 0.25);
	CLOSE(b[1].hi, 0.5);
	CLOSE(b[0].mean_p, 0.1);
	CLOSE(b[0].mean_y, 0.0);
	CLOSE(b[1].mean_p, 0.375);
	CLOSE(b[1].mean_y, 0.5);
	CLOSE(b[3].mean_y, 1.0);
	assert_true(isnan(b[2].mean_p) && isnan(b[2].mean_y));
	CLOSE(b[2].y_lo, 0.0);
	CLOSE(b[2].y_hi, 1.0);
	CLOSE(b[0].y_lo, 0.0);
	assert_true(fabs(b[0].y_hi - 0.7934506856) < eps);
	assert_true(fabs(b[1].y_lo - 0.0945312057) < eps);
	assert_true(fabs(b[1].y_hi - 0.9054687943) < eps);
	assert_true(fabs(b[3].y_lo - 0.2065493144) < eps);
	CLOSE(b[3].y_hi, 1.0);
}

/*
 * Same binning as ECE: p == 1 in the last bin, p == .5 in the upper of 2.
 * k=2, n=4: (2 + z^2/2 -+ z*sqrt(1 + z^2/4))/(4 + z^2)
 *         = (3.920729410 -+ 2.744204855)/7.841458821 = 0.1500389892, 0.8499610108
 * With 2 bins, bin 0 = {p 0, y 0}, bin 1 = {p 1,.5,.5; y 1,0,1}: mean p =
 * mean y in both, so ECE = 0.
 */
static void test_reliability_edges_and_errors(void **state)
{
	const double p[] = { 1.0, 0.5, 0.0, 0.5 };
	const int y[] = { 1, 0, 0, 1 }, bad[] = { 1, 2, 0, 0 };
	struct tu_reliability_bin b[2], keep;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	assert_int_equal(tu_metric_reliability(p, y, 4, 2, b, NULL), TU_OK);
	assert_int_equal(b[0].n, 1);
	assert_int_equal(b[1].n, 3);
	CLOSE(b[1].mean_p, 2.0 / 3.0);
	CLOSE(b[1].mean_y, 2.0 / 3.0);
	assert_int_equal(tu_metric_reliability(p, y, 4, 1, b, NULL), TU_OK);
	assert_int_equal(b[0].n, 4);
	assert_true(fabs(b[0].y_lo - 0.1500389892) < 1e-9);
	assert_true(fabs(b[0].y_hi - 0.8499610108) < 1e-9);
	CLOSE(tu_metric_ece(p, y, 4, 2), 0.0);
	keep = b[0];
	assert_int_equal(tu_metric_reliability(p, bad, 4, 1, b, &err),
			 TU_EINVAL);
	assert_memory_equal(&keep, &b[0], sizeof(keep));
	assert_int_equal(tu_metric_reliability(p, y, 4, 0, b, &err),
			 TU_EINVAL);
	assert_int_equal(tu_metric_reliability(p, y, 0, 1, b, NULL), TU_OK);
	assert_int_equal(b[0].n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auc_simple),
		cmocka_unit_test(test_auc_ties_count_half),
		cmocka_unit_test(test_auc_all_tied_is_half),
		cmocka_unit_test(test_auc_errors),
		cmocka_unit_test(test_auc_matches_brute_force),
		cmocka_unit_test(test_brier_rmse_logloss_accuracy),
		cmocka_unit_test(test_log_loss_clips),
		cmocka_unit_test(test_ece_binning),
		cmocka_unit_test(test_rmse_bins),
		cmocka_unit_test(test_ndcg_and_precision),
		cmocka_unit_test(test_coverage),
		cmocka_unit_test(test_iqr_and_quantile),
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_reliability_bins),
		cmocka_unit_test(test_reliability_edges_and_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
