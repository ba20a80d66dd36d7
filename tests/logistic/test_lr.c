/* test_lr.c - logistic model: features, objective, fitting, recovery. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/logistic.h"
#include "tutor/rng.h"

/* Appends a row to a log whose arrays the test owns (no kt library). */
static void add(struct tu_ktlog *log, uint32_t u, uint32_t item,
		uint32_t skill, int correct)
{
	if (log->n == log->cap) {
		log->cap = log->cap ? 2 * log->cap : 64;
		log->rows = realloc(log->rows, log->cap * sizeof(*log->rows));
		assert_non_null(log->rows);
	}
	log->rows[log->n++] = (struct tu_kt_row){ u, item, skill,
						  (uint8_t)correct, 0 };
	if (u >= log->n_users)
		log->n_users = u + 1;
	if (item >= log->n_items)
		log->n_items = item + 1;
	if (skill >= log->n_skills)
		log->n_skills = skill + 1;
}

static void free_log(struct tu_ktlog *log)
{
	free(log->rows);
	memset(log, 0, sizeof(*log));
}

/* A model with a layout but no weights, for tu_lr_row_features. */
static void layout_model(struct tu_lr_model *m, unsigned f)
{
	tu_lr_model_init(m);
	m->cfg.features = f;
	m->cfg.window = 2;
	m->cfg.smooth = 5;
	m->cfg.decay = 0.5;
	m->n_items = 6;
	m->n_skills = 2;
	m->prior = 0.5;
}

static double feature(const uint32_t *idx, const double *val, size_t n,
		      uint32_t want)
{
	for (size_t k = 0; k < n; k++)
		if (idx[k] == want)
			return val[k];
	return 0;
}

/*
 * History: item 3 (skill 1) correct, item 3 wrong, item 5 (skill 1)
 * correct, item 0 (skill 0) wrong.  Features of item 3, skill 1 now:
 * 15 features; layout (I = 6, S = 2): item 0..5, skill 6..7, ic 8..9, sc 10..13,
 * tc 14..15, recent 16..21, smooth 22..23, decay 24..25.
 *   item one-hot 3 = 1; skill one-hot 7 = 1
 *   item 3: att 2, wins 1 -> ic = ln 3, ln 2
 *   skill 1: att 3, wins 2 -> sc[12] = ln 4, sc[13] = ln 3
 *   total: att 4, wins 2 -> tc = ln 5, ln 3
 *   recent (window 2), skill 1: last two = correct, wrong -> ln 2, ln 2
 *     total: last two = wrong (item 0), correct -> ln 2, ln 2
 *   smooth (s = 5, p0 = .5): skill (2 + 2.5)/(3 + 5) = 9/16 -> ln(9/7)
 *     total (2 + 2.5)/(4 + 5) = 1/2 -> 0 (left out)
 *   decay (d = .5, pseudo-count 1 at p0): skill bits newest first 1,0,1:
 *     (0.5 + 1 + 0.25) / (1 + 1 + 0.5 + 0.25) = 7/11 -> ln(7/4);
 *     total bits 0,1,0,1: (0.5 + 0.5 + 0.125)/(1 + 1.875) = 9/23
 *     -> ln(9/14)
 */
static void test_row_features_by_hand(void **state)
{
	struct tu_lr_model m;
	struct tu_lr_counts c;
	uint32_t idx[TU_LR_MAX_ROW_NNZ];
	double val[TU_LR_MAX_ROW_NNZ];
	size_t n;

	(void)state;
	layout_model(&m, TU_LR_ALL);
	tu_lr_counts_init(&c);
	assert_int_equal(tu_lr_counts_update(&c, 3, 1, 1, NULL), TU_OK);
	assert_int_equal(tu_lr_counts_update(&c, 3, 1, 0, NULL), TU_OK);
	assert_int_equal(tu_lr_counts_update(&c, 5, 1, 1, NULL), TU_OK);
	assert_int_equal(tu_lr_counts_update(&c, 0, 0, 0, NULL), TU_OK);
	n = tu_lr_row_features(&m, &c, 3, 1, idx, val);
	assert_int_equal(n, 15);
	for (size_t k = 1; k < n; k++)
		assert_true(idx[k - 1] < idx[k]);
	assert_true(feature(idx, val, n, 3) == 1);
	assert_true(feature(idx, val, n, 7) == 1);
	assert_true(fabs(feature(idx, val, n, 8) - log(3)) < 1e-15);
	assert_true(fabs(feature(idx, val, n, 9) - log(2)) < 1e-15);
	assert_true(fabs(feature(idx, val, n, 12) - log(4)) < 1e-15);
	assert_true(fabs(feature(idx, val, n, 13) - log(3)) < 1e-15);
	assert_true(fabs(feature(idx, val, n, 14) - log(5)) < 1e-15);
	assert_true(fabs(feature(idx, val, n, 15) - log(3)) < 1e-15);
	for (uint32_t j = 18; j <= 21; j++)
		assert_true(fabs(feature(idx, val, n, j) - log(2)) < 1e-15);
	assert_true(fabs(feature(idx, val, n, 22) - log(9.0 / 7)) < 1e-12);
	assert_true(feature(idx, val, n, 23) == 0);
	assert_true(fabs(feature(idx, val, n, 24) - log(7.0 / 4)) < 1e-12);
	assert_true(fabs(feature(idx, val, n, 25) - log(9.0 / 14)) < 1e-12);
	tu_lr_counts_release(&c);
	tu_lr_model_release(&m);
}

/* Unseen ids (item 9 >= 6, skill 4 >= 2): no one-hots, no per-skill
 * columns; shared columns still come from the counts. */
static void test_row_features_unseen_ids(void **state)
{
	struct tu_lr_model m;
	struct tu_lr_counts c;
	uint32_t idx[TU_LR_MAX_ROW_NNZ];
	double val[TU_LR_MAX_ROW_NNZ];
	size_t n;

	(void)state;
	layout_model(&m, TU_LR_BEST);
	tu_lr_counts_init(&c);
	n = tu_lr_row_features(&m, &c, 9, 4, idx, val);
	assert_int_equal(n, 0);  /* no history: every count feature is 0 */
	assert_int_equal(tu_lr_counts_update(&c, 9, 4, 1, NULL), TU_OK);
	n = tu_lr_row_features(&m, &c, 9, 4, idx, val);
	/* ic = (ln 2, ln 2) at 8, 9 and tc = (ln 2, ln 2) at 14, 15. */
	assert_int_equal(n, 4);
	assert_int_equal(idx[0], 8);
	assert_int_equal(idx[1], 9);
	assert_int_equal(idx[2], 14);
	assert_int_equal(idx[3], 15);
	for (size_t k = 0; k < n; k++)
		assert_true(fabs(val[k] - log(2)) < 1e-15);
	tu_lr_counts_release(&c);
	tu_lr_model_release(&m);
}

static void test_counts_errors(void **state)
{
	struct tu_lr_counts c;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_lr_counts_init(&c);
	assert_int_equal(tu_lr_counts_update(&c, TU_KTLOG_MAX_ID, 0, 1, &err),
			 TU_ERANGE);
	assert_int_equal(tu_lr_counts_update(&c, 0, 0, 2, &err), TU_ERANGE);
	assert_int_equal(c.total.att, 0);
	assert_int_equal(tu_lr_counts_update(&c, 1000, 7, 1, &err), TU_OK);
	assert_int_equal(c.total.att, 1);
	assert_int_equal(c.item[1000].win, 1);
	tu_lr_counts_clear(&c);
	assert_int_equal(c.item[1000].att, 0);
	assert_int_equal(c.total.att, 0);
	tu_lr_counts_release(&c);
}

/* A small log of 3 users, 2 skills, 4 items, mixed outcomes. */
static void small_log(struct tu_ktlog *log)
{
	static const int pat[] = { 1, 0, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1 };

	memset(log, 0, sizeof(*log));
	for (uint32_t u = 0; u < 3; u++)
		for (uint32_t k = 0; k < 12; k++)
			add(log, u, (k + u) % 4, ((k + u) % 4) / 2,
			    pat[(k * 5 + u * 3) % 12]);
}

static void fit_small(struct tu_lr_model *m, const struct tu_ktlog *log,
		      unsigned f, double l2)
{
	struct tu_lr_config cfg;
	struct tu_err err = TU_ERR_INIT;

	tu_lr_config_default(&cfg);
	cfg.features = f;
	cfg.l2 = l2;
	cfg.opt.gtol = 1e-10;
	cfg.opt.ftol = 0;
	tu_lr_model_init(m);
	assert_int_equal(tu_lr_fit(m, log, &cfg, NULL, &err), TU_OK);
}

/* Changing row t's answer must not change p[t] but must change p[t+1]
 * (same user and skill), and must not touch another user. */
static void test_predict_uses_only_previous_rows(void **state)
{
	struct tu_ktlog log;
	struct tu_lr_model m;
	double p1[36], p2[36];
	size_t t = 12 + 4;  /* user 1, its 5th row */

	(void)state;
	small_log(&log);
	fit_small(&m, &log, TU_LR_ALL, 1.0);
	assert_int_equal(tu_lr_predict(&m, &log, p1, NULL), TU_OK);
	/* Next row of user 1 with the same skill as row t. */
	log.rows[t].correct ^= 1;
	assert_int_equal(tu_lr_predict(&m, &log, p2, NULL), TU_OK);
	for (size_t i = 0; i <= t; i++)
		assert_true(p1[i] == p2[i]);
	assert_true(log.rows[t + 1].user == log.rows[t].user);
	assert_true(p1[t + 1] != p2[t + 1]);
	for (size_t i = 24; i < 36; i++)
		assert_true(p1[i] == p2[i]);
	tu_lr_model_release(&m);
	free_log(&log);
}

/* The online API replays to the same numbers as batch prediction. */
static void test_predict_one_matches_batch(void **state)
{
	struct tu_ktlog log;
	struct tu_lr_model m;
	struct tu_lr_counts c;
	double p[36];

	(void)state;
	small_log(&log);
	fit_small(&m, &log, TU_LR_ALL, 1.0);
	assert_int_equal(tu_lr_predict(&m, &log, p, NULL), TU_OK);
	tu_lr_counts_init(&c);
	for (size_t i = 0; i < log.n; i++) {
		const struct tu_kt_row *r = &log.rows[i];

		if (i > 0 && r->user != log.rows[i - 1].user)
			tu_lr_counts_clear(&c);
		assert_true(tu_lr_predict_one(&m, &c, r->item, r->skill) ==
			    p[i]);
		assert_int_equal(tu_lr_counts_update(&c, r->item, r->skill,
						     r->correct, NULL), TU_OK);
	}
	tu_lr_counts_release(&c);
	tu_lr_model_release(&m);
	free_log(&log);
}

/* Rows of different users interleaved give the same predictions as the
 * users' rows in blocks: counts are per user, in file order. */
static void test_interleaved_users(void **state)
{
	struct tu_ktlog a, b;
	struct tu_lr_model m;
	double pa[36], pb[36];

	(void)state;
	small_log(&a);
	memset(&b, 0, sizeof(b));
	for (size_t k = 0; k < 12; k++)
		for (size_t u = 0; u < 3; u++) {
			const struct tu_kt_row *r = &a.rows[u * 12 + k];

			add(&b, r->user, r->item, r->skill, r->correct);
		}
	fit_small(&m, &a, TU_LR_ALL, 1.0);
	assert_int_equal(tu_lr_predict(&m, &a, pa, NULL), TU_OK);
	assert_int_equal(tu_lr_predict(&m, &b, pb, NULL), TU_OK);
	for (size_t k = 0; k < 12; k++)
		for (size_t u = 0; u < 3; u++)
			assert_true(pa[u * 12 + k] == pb[k * 3 + u]);
	tu_lr_model_release(&m);
	free_log(&a);
	free_log(&b);
}

/* Central differences of the objective agree with the gradient. */
static void test_gradient_matches_finite_differences(void **state)
{
	struct tu_ktlog log;
	struct tu_lr_model m;
	double g[64], f0, fp, fm, h = 1e-6;
	struct tu_rng rng;

	(void)state;
	small_log(&log);
	fit_small(&m, &log, TU_LR_ALL, 0.7);
	assert_true(m.dim + 1 <= 64);
	tu_rng_seed(&rng, 7);
	for (size_t j = 0; j < m.dim; j++)  /* move off the optimum */
		m.w[j] += tu_rng_range(&rng, -1, 1);
	m.bias = 0.3;
	assert_int_equal(tu_lr_objective(&m, &log, &f0, g, NULL), TU_OK);
	for (size_t j = 0; j <= m.dim; j++) {
		double *x = j == 0 ? &m.bias : &m.w[j - 1], keep = *x;

		*x = keep + h;
		assert_int_equal(tu_lr_objective(&m, &log, &fp, NULL, NULL),
				 TU_OK);
		*x = keep - h;
		assert_int_equal(tu_lr_objective(&m, &log, &fm, NULL, NULL),
				 TU_OK);
		*x = keep;
		assert_true(fabs((fp - fm) / (2 * h) - g[j]) <
			    1e-6 * (1 + fabs(g[j])));
	}
	tu_lr_model_release(&m);
	free_log(&log);
}

/* At the optimum the gradient vanishes (to 1e-6 on a summed loss of
 * about 20: the line search stops gaining near 1e-8). */
static void test_fit_reaches_stationary_point(void **state)
{
	struct tu_ktlog log;
	struct tu_lr_model m;
	double g[64], f;

	(void)state;
	small_log(&log);
	fit_small(&m, &log, TU_LR_ALL, 0.7);
	assert_int_equal(tu_lr_objective(&m, &log, &f, g, NULL), TU_OK);
	for (size_t j = 0; j <= m.dim; j++)
		assert_true(fabs(g[j]) < 1e-6);
	tu_lr_model_release(&m);
	free_log(&log);
}

static double norm2(const struct tu_lr_model *m)
{
	double s = 0;

	for (size_t j = 0; j < m->dim; j++)
		s += m->w[j] * m->w[j];
	return s;
}

/*
 * Two items, one answer per user: item 0 right 9 times in 10, item 1
 * right 5 times in 10.  IRT features: p = sigma(bias + w_item).
 * Weak L2 (0.01): the L2 splits the item contrast evenly, w0 - w1 ~ ln 9
 * and w0 ~ -w1; predictions ~ 0.9 and 0.5.  Huge L2 (1e6): w -> 0 and,
 * because the bias is not penalised, bias -> logit(14/20) = ln(7/3).
 * The bias's stationarity condition sum(p - y) = 0 holds for any l2.
 */
static void test_l2_shrinks_weights_not_bias(void **state)
{
	struct tu_ktlog lg;
	struct tu_lr_model weak, strong;
	double p[20], sp = 0;

	(void)state;
	memset(&lg, 0, sizeof(lg));
	for (uint32_t u = 0; u < 20; u++)
		add(&lg, u, u / 10, 0, u < 10 ? u != 3 : u % 2 == 0);
	fit_small(&weak, &lg, TU_LR_IRT, 0.01);
	fit_small(&strong, &lg, TU_LR_IRT, 1e6);
	assert_true(norm2(&strong) < 1e-9);
	assert_true(norm2(&weak) > 2);
	assert_true(fabs(strong.bias - log(7.0 / 3)) < 1e-5);
	assert_true(fabs(weak.w[0] - weak.w[1] - log(9)) < 0.05);
	assert_true(fabs(weak.w[0] + weak.w[1]) < 0.05);
	assert_int_equal(tu_lr_predict(&weak, &lg, p, NULL), TU_OK);
	assert_true(fabs(p[0] - 0.9) < 0.01);
	assert_true(fabs(p[10] - 0.5) < 0.01);
	for (int i = 0; i < 20; i++)
		sp += p[i];
	assert_true(fabs(sp - 14) < 1e-6);
	assert_int_equal(tu_lr_predict(&strong, &lg, p, NULL), TU_OK);
	assert_true(fabs(p[0] - 0.7) < 1e-5);
	tu_lr_model_release(&weak);
	tu_lr_model_release(&strong);
	free_log(&lg);
}

/*
 * Recovery: 200 users x 100 answers = 20,000 rows, 2 skills, 10 items
 * (skill = item % 2).  Truth (PFA features): skill intercepts beta =
 * (-0.5, 0.8), per-skill slopes on phi(attempts) gamma = (0.2, -0.3) and
 * on phi(wins) rho = (0.5, 0.6), bias 0; tu_rng seed 11.  phi(att) and
 * phi(wins) are strongly correlated, so the slopes' standard errors are
 * about 0.1 (the spread over seeds 1-5 of this simulation: gamma_0 from
 * 0.11 to 0.36); the tolerance is 0.25 (2.5 SE).  The fitted probabilities must match the true ones to
 * a mean absolute error below 0.02.
 */
static void test_recovers_simulated_weights(void **state)
{
	static const double beta[2] = { -0.5, 0.8 };
	static const double gam[2] = { 0.2, -0.3 };
	static const double rho[2] = { 0.5, 0.6 };
	struct tu_ktlog log;
	struct tu_lr_model m;
	struct tu_rng rng;
	double *ptrue = malloc(20000 * sizeof(double));
	double *pfit = malloc(20000 * sizeof(double)), mae = 0;

	(void)state;
	memset(&log, 0, sizeof(log));
	tu_rng_seed(&rng, 11);
	for (uint32_t u = 0; u < 200; u++) {
		unsigned att[2] = { 0 }, win[2] = { 0 };

		for (int k = 0; k < 100; k++) {
			uint32_t item = (uint32_t)tu_rng_below(&rng, 10);
			uint32_t s = item % 2;
			double z = beta[s] + gam[s] * log1p(att[s]) +
				   rho[s] * log1p(win[s]);
			int y;

			ptrue[log.n] = 1 / (1 + exp(-z));
			y = tu_rng_uniform(&rng) < ptrue[log.n];
			add(&log, u, item, s, y);
			att[s]++;
			win[s] += (unsigned)y;
		}
	}
	fit_small(&m, &log, TU_LR_PFA, 1e-3);
	/* Layout: skill one-hot 0..1, then (att, win) pairs at 2 + 2s. */
	assert_int_equal(m.dim, 6);
	for (int s = 0; s < 2; s++) {
		double b = m.w[s] + m.bias;  /* bias and one-hots collinear */

		assert_true(fabs(b - beta[s]) < 0.25);
		assert_true(fabs(m.w[2 + 2 * s] - gam[s]) < 0.25);
		assert_true(fabs(m.w[3 + 2 * s] - rho[s]) < 0.25);
	}
	assert_int_equal(tu_lr_predict(&m, &log, pfit, NULL), TU_OK);
	for (size_t i = 0; i < log.n; i++)
		mae += fabs(pfit[i] - ptrue[i]) / (double)log.n;
	assert_true(mae < 0.02);
	free(ptrue);
	free(pfit);
	tu_lr_model_release(&m);
	free_log(&log);
}

static void test_fit_errors_leave_model(void **state)
{
	struct tu_ktlog log;
	struct tu_lr_model m;
	struct tu_lr_config cfg;
	struct tu_err err = TU_ERR_INIT;
	double p[36];
	double w0;

	(void)state;
	small_log(&log);
	fit_small(&m, &log, TU_LR_BEST, 1.0);
	w0 = m.w[0];
	tu_lr_config_default(&cfg);
	cfg.l2 = -1;
	assert_int_equal(tu_lr_fit(&m, &log, &cfg, NULL, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "l2"));
	tu_lr_config_default(&cfg);
	log.rows[5].correct = 2;
	assert_int_equal(tu_lr_fit(&m, &log, &cfg, NULL, &err), TU_EDATA);
	assert_non_null(strstr(err.msg, "row 6"));
	assert_int_equal(tu_lr_predict(&m, &log, p, &err), TU_EDATA);
	log.rows[5].correct = 1;
	log.n = 0;
	assert_int_equal(tu_lr_fit(&m, &log, &cfg, NULL, &err), TU_EDATA);
	assert_true(m.w[0] == w0);
	tu_lr_model_release(&m);
	assert_int_equal(tu_lr_predict(&m, &log, p, &err), TU_EINVAL);
	free_log(&log);
}

static void test_features_parse(void **state)
{
	unsigned f = 0;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	assert_int_equal(tu_lr_features_parse("best-lr", &f, NULL), TU_OK);
	assert_int_equal(f, TU_LR_BEST);
	assert_int_equal(tu_lr_features_parse("i,s,ic,sc,tc", &f, NULL),
			 TU_OK);
	assert_int_equal(f, TU_LR_BEST);
	assert_int_equal(tu_lr_features_parse("pfa,r", &f, NULL), TU_OK);
	assert_int_equal(f, TU_LR_PFA | TU_LR_RECENT);
	assert_int_equal(tu_lr_features_parse("i,x", &f, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "'x'"));
	assert_int_equal(tu_lr_features_parse("", &f, &err), TU_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_row_features_by_hand),
		cmocka_unit_test(test_row_features_unseen_ids),
		cmocka_unit_test(test_counts_errors),
		cmocka_unit_test(test_predict_uses_only_previous_rows),
		cmocka_unit_test(test_predict_one_matches_batch),
		cmocka_unit_test(test_interleaved_users),
		cmocka_unit_test(test_gradient_matches_finite_differences),
		cmocka_unit_test(test_fit_reaches_stationary_point),
		cmocka_unit_test(test_l2_shrinks_weights_not_bias),
		cmocka_unit_test(test_recovers_simulated_weights),
		cmocka_unit_test(test_fit_errors_leave_model),
		cmocka_unit_test(test_features_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
