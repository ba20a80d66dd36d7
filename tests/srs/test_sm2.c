/* test_sm2.c - SM-2 (IntelliCode form, context rules) and the benchmark
 * SM-2: hand-computed sequences. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>
#include "tutor/rng.h"
#include "tutor/srs.h"

/* cmocka 1.1's assert_float_equal works in float; compare doubles. */
#define assert_near(a, b, eps) near_at((a), (b), (eps), __FILE__, __LINE__)

static void near_at(double a, double b, double eps, const char *file,
		    int line)
{
	if (!(fabs(a - b) <= eps))
		fail_msg("%s:%d: %.17g != %.17g (eps %g)", file, line, a, b,
			 eps);
}

#define DAY 86400
#define T0 1700000000

static void new_item(struct tu_review_item *it)
{
	memset(it, 0, sizeof(*it));
	strcpy(it->item, "two-sum");
	it->ease_factor = TU_SM2_EF_INIT;
	it->due = TU_TIME_NONE;
	it->last_review = TU_TIME_NONE;
}

static void test_ef_per_quality(void **state)
{
	(void)state;
	/* EF' = EF - 0.8 + 0.28q - 0.02q^2 from 2.5:
	 * q5 -0.8+1.40-0.50=+0.10; q4 -0.8+1.12-0.32=0; q3 -0.8+0.84-0.18
	 * =-0.14; q2 -0.8+0.56-0.08=-0.32; q1 -0.8+0.28-0.02=-0.54; q0 -0.8 */
	assert_near(tu_sm2_next_ef(2.5, 5), 2.60, 1e-12);
	assert_near(tu_sm2_next_ef(2.5, 4), 2.50, 1e-12);
	assert_near(tu_sm2_next_ef(2.5, 3), 2.36, 1e-12);
	assert_near(tu_sm2_next_ef(2.5, 2), 2.18, 1e-12);
	assert_near(tu_sm2_next_ef(2.5, 1), 1.96, 1e-12);
	assert_near(tu_sm2_next_ef(2.5, 0), 1.70, 1e-12);
	/* floor: 1.4 - 0.8 = 0.6 -> 1.3 */
	assert_near(tu_sm2_next_ef(1.4, 0), 1.3, 1e-12);
}

static void test_ef_floor_random(void **state)
{
	struct tu_sm2_config cfg;
	struct tu_review_item it;
	struct tu_rng rng;

	(void)state;
	tu_sm2_config_init(&cfg);
	new_item(&it);
	tu_rng_seed(&rng, 5);
	for (int i = 0; i < 10000; i++) {
		int q = (int)tu_rng_below(&rng, 6);
		uint32_t hints = (uint32_t)tu_rng_below(&rng, 4);

		assert_int_equal(tu_sm2_apply(&cfg, &it, q, hints,
					      T0 + (int64_t)i * DAY, NULL,
					      NULL), TU_OK);
		assert_true(it.ease_factor >= 1.3);
		assert_true(it.interval_days >= 1.0);
		assert_true(it.interval_days <= cfg.max_interval_days);
	}
}

static void test_intervals_1_6_round(void **state)
{
	struct tu_sm2_config cfg;
	struct tu_review_item it;
	struct tu_sm2_result r;
	const double want[4] = { 1, 6, 15, 38 };

	(void)state;
	tu_sm2_config_init(&cfg);
	new_item(&it);
	/* q = 4 keeps EF 2.5: I1 = 1, I2 = 6, I3 = round(6*2.5) = 15,
	 * I4 = round(15*2.5) = round(37.5) = 38.  Recall at due stays
	 * >= 0.85 (e.g. n=3: tau = 3.7965*2.5*15 = 142.4, R(15) = 0.90). */
	for (int i = 0; i < 4; i++) {
		int64_t now = T0 + (int64_t)i * 40 * DAY;

		assert_int_equal(tu_sm2_apply(&cfg, &it, 4, 0, now, &r, NULL),
				 TU_OK);
		assert_near(it.interval_days, want[i], 0);
		assert_int_equal(it.repetitions, (uint32_t)i + 1);
		assert_true(it.due == now + (int64_t)want[i] * DAY);
		assert_int_equal(r.n_reasons, 0);
	}
	assert_true(it.last_review == T0 + 3 * 40 * DAY);
}

static void test_reset_on_lapse(void **state)
{
	struct tu_sm2_config cfg;
	struct tu_review_item it;
	struct tu_sm2_result r;

	(void)state;
	tu_sm2_config_init(&cfg);
	new_item(&it);
	for (int i = 0; i < 3; i++)
		tu_sm2_apply(&cfg, &it, 4, 0, T0 + i * DAY, NULL, NULL);
	assert_near(it.interval_days, 15, 0);
	/* q = 2: n = 0, I = 1, lapses 1, EF 2.5 - 0.32 = 2.18 */
	assert_int_equal(tu_sm2_apply(&cfg, &it, 2, 0, T0 + 20 * DAY, &r,
				      NULL), TU_OK);
	assert_int_equal(it.repetitions, 0);
	assert_int_equal(it.lapses, 1);
	assert_near(it.interval_days, 1, 0);
	assert_near(it.ease_factor, 2.18, 1e-12);
	assert_int_equal(r.reasons[0].code, TU_SM2_REASON_LAPSE);
	assert_string_equal(r.reasons[0].text, "lapse_reset");
	/* next success restarts at I1 = 1, then I2 = 6 */
	tu_sm2_apply(&cfg, &it, 4, 0, T0 + 21 * DAY, NULL, NULL);
	assert_near(it.interval_days, 1, 0);
	tu_sm2_apply(&cfg, &it, 4, 0, T0 + 22 * DAY, NULL, NULL);
	assert_near(it.interval_days, 6, 0);
}

/* Item after two q = 4 reviews (n = 2, I = 6) with ease ef. */
static void item_n2(struct tu_review_item *it, double ef)
{
	new_item(it);
	it->ease_factor = ef;
	it->repetitions = 2;
	it->interval_days = 6;
	it->last_review = T0;
}

static void test_hint_shrink(void **state)
{
	struct tu_sm2_config cfg;
	struct tu_review_item it;
	struct tu_sm2_result r;

	(void)state;
	tu_sm2_config_init(&cfg);
	item_n2(&it, 2.5);
	/* q = 3, 2 hints: EF' 2.36, base round(6*2.36 = 14.16) = 14,
	 * x0.6 = 8.4 -> 8.  tau = 3.7965*2.36*(6*2.36) = 126.9,
	 * R(8) = 0.939 >= 0.85: no prepone. */
	assert_int_equal(tu_sm2_apply(&cfg, &it, 3, 2, T0 + 6 * DAY, &r, NULL),
			 TU_OK);
	assert_near(r.base_interval, 14, 0);
	assert_near(it.interval_days, 8, 0);
	assert_int_equal(r.n_reasons, 1);
	assert_int_equal(r.reasons[0].code, TU_SM2_REASON_HINT_SHRINK);
	assert_string_equal(r.reasons[0].text, "hint_shrink x0.6");
	/* 1 hint is below the threshold: 14 days */
	item_n2(&it, 2.5);
	tu_sm2_apply(&cfg, &it, 3, 1, T0 + 6 * DAY, &r, NULL);
	assert_near(it.interval_days, 14, 0);
	assert_int_equal(r.n_reasons, 0);
}

static void test_fast_expand(void **state)
{
	struct tu_sm2_config cfg;
	struct tu_review_item it;
	struct tu_sm2_result r;
	struct tu_sm2_attempt a = { TU_ATTEMPT_SOLVED, 0, 60, 120, 1 };

	(void)state;
	tu_sm2_config_init(&cfg);
	item_n2(&it, 2.5);
	/* 60 s of 120 s expected, no hints: q = 5; EF' 2.6;
	 * base round(15.6) = 16; x1.2 = 19.2 -> 19;
	 * tau = 3.7965*2.6*15.6 = 154.0, R(19) = 0.884 >= 0.85. */
	assert_int_equal(tu_sm2_review(&cfg, &it, &a, T0 + 6 * DAY, &r, NULL),
			 TU_OK);
	assert_int_equal(r.q, 5);
	assert_near(it.interval_days, 19, 0);
	assert_int_equal(r.reasons[0].code, TU_SM2_REASON_FAST_EXPAND);
	assert_string_equal(r.reasons[0].text, "fast_expand x1.2");
}

static void test_recall_prepone(void **state)
{
	struct tu_sm2_config cfg;
	struct tu_review_item it;
	struct tu_sm2_result r;

	(void)state;
	tu_sm2_config_init(&cfg);
	item_n2(&it, 1.3);
	/* q = 3, no hints: EF' = max(1.3, 1.16) = 1.3; base round(7.8) = 8;
	 * tau = 3.79649*1.3*(6*1.3) = 38.496; R(8) = exp(-8/38.496) =
	 * 0.8124 < 0.85 -> floor(38.496 * ln(1/0.85) = 6.256) = 6. */
	assert_int_equal(tu_sm2_apply(&cfg, &it, 3, 0, T0 + 6 * DAY, &r, NULL),
			 TU_OK);
	assert_near(r.base_interval, 8, 0);
	assert_near(it.interval_days, 6, 0);
	assert_int_equal(r.n_reasons, 1);
	assert_int_equal(r.reasons[0].code, TU_SM2_REASON_RECALL_PREPONE);
	assert_near(r.reasons[0].factor, 0.75, 1e-12);
	assert_true(r.recall_at_due >= cfg.recall_min);
	assert_near(r.recall_at_due, exp(-6.0 / 38.496394732657),
			   1e-9);
}

static void test_quality_mapping(void **state)
{
	struct tu_sm2_config cfg;
	struct tu_sm2_attempt a = { TU_ATTEMPT_SOLVED, 0, 100, 100, 1 };

	(void)state;
	tu_sm2_config_init(&cfg);
	assert_int_equal(tu_sm2_quality(&cfg, &a), 5);   /* ratio 1.0 */
	a.solve_seconds = 150;
	assert_int_equal(tu_sm2_quality(&cfg, &a), 4);   /* 1.5 <= 2 */
	a.solve_seconds = 250;
	assert_int_equal(tu_sm2_quality(&cfg, &a), 3);   /* slow */
	a.solve_seconds = 50;
	a.hints = 1;
	assert_int_equal(tu_sm2_quality(&cfg, &a), 3);   /* hints */
	a.hints = 0;
	a.expected_seconds = 0;
	assert_int_equal(tu_sm2_quality(&cfg, &a), 4);   /* unknown time */
	a.outcome = TU_ATTEMPT_FAILED;
	a.passed_fraction = 0.5;
	assert_int_equal(tu_sm2_quality(&cfg, &a), 2);
	a.passed_fraction = 0.2;
	assert_int_equal(tu_sm2_quality(&cfg, &a), 1);
	a.outcome = TU_ATTEMPT_GAVE_UP;
	assert_int_equal(tu_sm2_quality(&cfg, &a), 0);
}

static void test_recall_monotone_and_tau(void **state)
{
	struct tu_sm2_config cfg;
	struct tu_review_item it;
	double prev = 2.0;

	(void)state;
	tu_sm2_config_init(&cfg);
	new_item(&it);
	/* new item: tau = k * 2.5 = 9.4912 days; R(1) = exp(-1/9.4912) */
	assert_near(tu_sm2_tau(&cfg, 2.5, 0), 9.491221581029897,
			   1e-9);
	assert_near(tu_sm2_recall(&cfg, &it, 0), 1.0, 0);
	it.repetitions = 3;
	/* n = 3: I_nom = 6*2.5 = 15: R(15) = exp(-1/(k*2.5)) = 0.9 */
	assert_near(tu_sm2_recall(&cfg, &it, 15), 0.9, 1e-12);
	for (int t = 0; t <= 400; t++) {
		double r = tu_sm2_recall(&cfg, &it, t);

		assert_true(r <= prev && r > 0.0);
		prev = r;
	}
	assert_near(tu_sm2_recall_bench(15, 15), 0.9, 1e-12);
	assert_near(tu_sm2_recall_bench(10, 20), 0.81, 1e-12);
}

static void test_bench_sequence(void **state)
{
	struct tu_sm2_bench c;

	(void)state;
	tu_sm2_bench_init(&c);
	/* Good = q 4: ivl 1, 6, 15 (6*2.5), EF stays 2.5 */
	tu_sm2_bench_update(&c, 3);
	assert_near(c.ivl, 1, 0);
	tu_sm2_bench_update(&c, 3);
	assert_near(c.ivl, 6, 0);
	tu_sm2_bench_update(&c, 3);
	assert_near(c.ivl, 15, 0);
	/* Easy = q 5: ivl 15*2.5 = 37.5 (EF updated after), EF 2.6 */
	tu_sm2_bench_update(&c, 4);
	assert_near(c.ivl, 37.5, 1e-12);
	assert_near(c.ef, 2.6, 1e-12);
	/* Again = q 2: ivl 1, reps 0, EF 2.6 - 0.32 = 2.28 */
	tu_sm2_bench_update(&c, 1);
	assert_near(c.ivl, 1, 0);
	assert_int_equal(c.reps, 0);
	assert_near(c.ef, 2.28, 1e-12);
}

static void test_invalid_leaves_item(void **state)
{
	struct tu_sm2_config cfg;
	struct tu_review_item it, before;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_sm2_config_init(&cfg);
	new_item(&it);
	before = it;
	assert_int_equal(tu_sm2_apply(&cfg, &it, 6, 0, T0, NULL, &err),
			 TU_EINVAL);
	assert_non_null(strstr(err.msg, "quality 6"));
	assert_memory_equal(&it, &before, sizeof(it));
	it.ease_factor = 1.0;
	before = it;
	assert_int_equal(tu_sm2_apply(&cfg, &it, 4, 0, T0, NULL, &err),
			 TU_EINVAL);
	assert_memory_equal(&it, &before, sizeof(it));
	cfg.recall_min = 1.5;
	assert_int_equal(tu_sm2_config_check(&cfg, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "recall_min"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ef_per_quality),
		cmocka_unit_test(test_ef_floor_random),
		cmocka_unit_test(test_intervals_1_6_round),
		cmocka_unit_test(test_reset_on_lapse),
		cmocka_unit_test(test_hint_shrink),
		cmocka_unit_test(test_fast_expand),
		cmocka_unit_test(test_recall_prepone),
		cmocka_unit_test(test_quality_mapping),
		cmocka_unit_test(test_recall_monotone_and_tau),
		cmocka_unit_test(test_bench_sequence),
		cmocka_unit_test(test_invalid_leaves_item),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
