/* test_persona.c - each persona, the trend and Bloom boundaries, the
 * window, interest scores and the input checks (anchors.md 4.4). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include "tutor/persona.h"

static struct tu_episode E[32];

/* Fills E with levels (and one topic each) and returns the count. */
static size_t eps(const double *lv, size_t n, const char *const *topics)
{
	memset(E, 0, sizeof(E));
	for (size_t i = 0; i < n; i++) {
		E[i].level = lv[i];
		E[i].topic = topics ? topics[i] : "t";
	}
	return n;
}

static void run(size_t n, const struct tu_gap *g, size_t ng,
		struct tu_persona_result *r)
{
	struct tu_err err = TU_ERR_INIT;

	assert_int_equal(tu_persona_compute(E, n, g, ng, r, &err), TU_OK);
}

static void test_bloom_bands(void **state)
{
	(void)state;
	assert_int_equal(tu_bloom_of_level(1.0), TU_BLOOM_UNDERSTAND);
	assert_int_equal(tu_bloom_of_level(2.2), TU_BLOOM_UNDERSTAND);
	assert_int_equal(tu_bloom_of_level((2.1 + 2.3) / 2), TU_BLOOM_UNDERSTAND);
	assert_int_equal(tu_bloom_of_level(2.25), TU_BLOOM_APPLY);
	assert_int_equal(tu_bloom_of_level(3.2), TU_BLOOM_APPLY);
	assert_int_equal(tu_bloom_of_level(3.21), TU_BLOOM_ANALYZE);
	assert_int_equal(tu_bloom_of_level(4.2), TU_BLOOM_ANALYZE);
	assert_int_equal(tu_bloom_of_level(4.25), TU_BLOOM_EVALUATE);
	assert_int_equal(tu_bloom_of_level(5.2), TU_BLOOM_EVALUATE);
	assert_int_equal(tu_bloom_of_level(5.25), TU_BLOOM_CREATE);
	assert_int_equal(tu_bloom_of_level(6.0), TU_BLOOM_CREATE);
	assert_int_equal(tu_bloom_of_level(NAN), TU_BLOOM_NONE);
	assert_int_equal(tu_tier_of_bloom(TU_BLOOM_UNDERSTAND), TU_TIER_INTRO);
	assert_int_equal(tu_tier_of_bloom(TU_BLOOM_APPLY), TU_TIER_FOUNDATIONAL);
	assert_int_equal(tu_tier_of_bloom(TU_BLOOM_ANALYZE),
			 TU_TIER_INTERMEDIATE);
	assert_int_equal(tu_tier_of_bloom(TU_BLOOM_EVALUATE), TU_TIER_ADVANCED);
	assert_int_equal(tu_tier_of_bloom(TU_BLOOM_CREATE), TU_TIER_ADVANCED);
}

static void test_momentum(void **state)
{
	static const double lv[] = { 1, 2, 3, 4, 5 };
	static const char *const tp[] = { "loops", "loops", "recursion",
					  "recursion", "recursion" };
	static const double low[] = { 1, 1.2, 1.4, 1.6, 1.8 };
	struct tu_persona_result r;

	(void)state;
	/* Slope 1 > 0.1: rising.  K = max(3, 5/4) = 3, mean(3,4,5) = 4:
	 * Analyze -> Intermediate + 1 = Advanced.  Interest: recursion 3,
	 * loops 2. */
	run(eps(lv, 5, tp), NULL, 0, &r);
	assert_int_equal(r.persona, TU_PERSONA_MOMENTUM);
	assert_int_equal(r.strategy, TU_STRATEGY_CHALLENGE);
	assert_int_equal(r.trend, TU_TREND_RISING);
	assert_true(fabs(r.slope - 1.0) < 1e-12);
	assert_int_equal(r.window, 3);
	assert_true(fabs(r.current_level - 4.0) < 1e-12);
	assert_int_equal(r.bloom, TU_BLOOM_ANALYZE);
	assert_int_equal(r.tier, TU_TIER_ADVANCED);
	assert_string_equal(r.target_topic, "recursion");
	assert_string_equal(r.primary, "recursion");
	assert_string_equal(r.secondary, "loops");
	assert_string_equal(r.code, "rising_trend");
	assert_string_equal(r.text, "momentum: level rising (slope 1.00 over 5 "
			    "points), recent mean 4.00 = analyze; challenge "
			    "'recursion' at advanced tier");
	/* Slope 0.2, mean(1.4,1.6,1.8) = 1.6 Understand: Intro + 1. */
	run(eps(low, 5, NULL), NULL, 0, &r);
	assert_int_equal(r.persona, TU_PERSONA_MOMENTUM);
	assert_int_equal(r.tier, TU_TIER_FOUNDATIONAL);
	/* 2..6: mean(4,5,6) = 5 Evaluate = Advanced, capped. */
	static const double high[] = { 2, 3, 4, 5, 6 };
	run(eps(high, 5, NULL), NULL, 0, &r);
	assert_int_equal(r.tier, TU_TIER_ADVANCED);
}

static void test_consolidator_and_explorer(void **state)
{
	static const double flat4[] = { 4, 4, 4, 4, 4 };
	static const double flat2[] = { 2, 2, 2, 2, 2 };
	static const char *const tp[] = { "trees", "graphs", "trees", "trees",
					  "trees" };
	struct tu_persona_result r;
	size_t n;

	(void)state;
	/* trees 4 x 1 = 4; graphs 1 + 3 (review) = 4: tie -> trees first
	 * seen is primary; broaden -> secondary graphs, same tier. */
	n = eps(flat4, 5, tp);
	E[1].review = true;
	run(n, NULL, 0, &r);
	assert_int_equal(r.persona, TU_PERSONA_CONSOLIDATOR);
	assert_int_equal(r.strategy, TU_STRATEGY_BROADEN);
	assert_int_equal(r.trend, TU_TREND_FLAT);
	assert_int_equal(r.tier, TU_TIER_INTERMEDIATE);
	assert_string_equal(r.primary, "trees");
	assert_string_equal(r.target_topic, "graphs");
	assert_string_equal(r.code, "flat_high_level");
	run(eps(flat2, 5, tp), NULL, 0, &r);
	assert_int_equal(r.persona, TU_PERSONA_EXPLORER);
	assert_int_equal(r.strategy, TU_STRATEGY_DEEPEN);
	assert_int_equal(r.tier, TU_TIER_INTRO);
	assert_string_equal(r.target_topic, "trees");
	assert_string_equal(r.code, "flat_low_level");
}

static void test_fewer_than_five_points_is_flat(void **state)
{
	static const double lv[] = { 1, 2, 3, 4 };
	struct tu_persona_result r;

	(void)state;
	/* Slope 1 but N = 4 < 5: flat.  mean(2,3,4) = 3 Apply: Explorer. */
	run(eps(lv, 4, NULL), NULL, 0, &r);
	assert_int_equal(r.trend, TU_TREND_FLAT);
	assert_true(fabs(r.slope - 1.0) < 1e-12);
	assert_int_equal(r.persona, TU_PERSONA_EXPLORER);
	assert_int_equal(r.tier, TU_TIER_FOUNDATIONAL);
}

static void test_struggler(void **state)
{
	static const double fall[] = { 5, 4, 3, 2, 1 };
	static const double fall_high[] = { 6, 5.8, 5.6, 5.4, 5.2 };
	static const double rise[] = { 1, 2, 3, 4, 5 };
	struct tu_gap gaps[3] = { { "loops", TU_GAP_IMPROVED },
				  { "recursion", TU_GAP_ACTIVE },
				  { "dp", TU_GAP_REPAIR_FAILED } };
	struct tu_persona_result r;

	(void)state;
	/* Falling (slope -1), mean(3,2,1) = 2 Understand: Intro; target the
	 * first active gap. */
	run(eps(fall, 5, NULL), gaps, 2, &r);
	assert_int_equal(r.persona, TU_PERSONA_STRUGGLER);
	assert_int_equal(r.strategy, TU_STRATEGY_REMEDIATE);
	assert_int_equal(r.tier, TU_TIER_INTRO);
	assert_string_equal(r.target_topic, "recursion");
	assert_string_equal(r.code, "falling_trend");
	/* Falling at Create (mean 5.4): tier capped at Foundational. */
	run(eps(fall_high, 5, NULL), NULL, 0, &r);
	assert_int_equal(r.persona, TU_PERSONA_STRUGGLER);
	assert_int_equal(r.tier, TU_TIER_FOUNDATIONAL);
	assert_string_equal(r.target_topic, "t"); /* no gap: primary */
	/* Rising but a repair-failed gap: Struggler on that gap. */
	run(eps(rise, 5, NULL), gaps, 3, &r);
	assert_int_equal(r.persona, TU_PERSONA_STRUGGLER);
	assert_string_equal(r.target_topic, "dp");
	assert_string_equal(r.code, "repair_failed_gap");
	assert_int_equal(r.tier, TU_TIER_FOUNDATIONAL); /* min(Interm., Found.) */
}

static void test_slope_boundaries(void **state)
{
	double lv[5];
	struct tu_persona_result r;

	(void)state;
	for (int i = 0; i < 5; i++)
		lv[i] = 3 + 0.11 * i;
	run(eps(lv, 5, NULL), NULL, 0, &r);
	assert_int_equal(r.trend, TU_TREND_RISING);
	for (int i = 0; i < 5; i++)
		lv[i] = 3 + 0.09 * i;
	run(eps(lv, 5, NULL), NULL, 0, &r);
	assert_int_equal(r.trend, TU_TREND_FLAT);
	for (int i = 0; i < 5; i++)
		lv[i] = 3 - 0.11 * i;
	run(eps(lv, 5, NULL), NULL, 0, &r);
	assert_int_equal(r.trend, TU_TREND_FALLING);
	for (int i = 0; i < 5; i++)
		lv[i] = 3 - 0.09 * i;
	run(eps(lv, 5, NULL), NULL, 0, &r);
	assert_int_equal(r.trend, TU_TREND_FLAT);
}

static void test_window_skips_nan(void **state)
{
	double lv[17];
	struct tu_persona_result r;

	(void)state;
	for (int i = 0; i < 17; i++)
		lv[i] = 3;
	lv[3] = NAN;
	lv[13] = 1;
	/* 16 valid points: K = max(3, 16/4) = 4; last four valid levels
	 * 1, 3, 3, 3 -> mean 2.5 (Apply); with K = 3 it would be 3. */
	run(eps(lv, 17, NULL), NULL, 0, &r);
	assert_int_equal(r.n_valid, 16);
	assert_int_equal(r.window, 4);
	assert_true(r.current_level == 2.5);
	assert_int_equal(r.bloom, TU_BLOOM_APPLY);
}

static void test_interest_scores(void **state)
{
	static const double lv[] = { 3, 3, 3, 3, 3 };
	static const char *const tp[] = { "A", "A", "B", "C", "D" };
	struct tu_persona_result r;
	size_t n = eps(lv, 5, tp);

	(void)state;
	E[0].higher_order = true;                     /* A: 1 + 2 = 3 */
	E[1].affect = TU_AFFECT_CURIOSITY;            /* A: 1 + 1.5 -> 5.5 */
	E[2].review = true;                           /* B: 1 + 3 */
	E[2].affect = TU_AFFECT_ENGAGED;              /*  + 1.5 = 5.5 */
	E[3].higher_order = true;                     /* C: 1 + 2 + 1.5 + 3 */
	E[3].affect = TU_AFFECT_CURIOSITY | TU_AFFECT_BOREDOM;
	E[3].review = true;                           /*  = 7.5 */
	E[4].affect = TU_AFFECT_FRUSTRATION;          /* D: 1 */
	run(n, NULL, 0, &r);
	assert_string_equal(r.primary, "C");
	assert_string_equal(r.secondary, "A");        /* ties B, seen first */
}

static void test_no_data_and_errors(void **state)
{
	static const double nan3[] = { NAN, NAN, NAN };
	static const double bad[] = { 3, 0.5 };
	struct tu_gap g = { "x", (enum tu_gap_status)5 };
	struct tu_persona_result r;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	run(0, NULL, 0, &r);
	assert_int_equal(r.persona, TU_PERSONA_NONE);
	assert_string_equal(r.code, "no_data");
	run(eps(nan3, 3, NULL), NULL, 0, &r);
	assert_int_equal(r.persona, TU_PERSONA_NONE);
	assert_true(isnan(r.current_level));
	assert_int_equal(tu_persona_compute(E, eps(bad, 2, NULL), NULL, 0, &r,
					    &err), TU_EINVAL);
	assert_string_equal(err.msg, "persona: episode 1: level 0.5 outside "
			    "[1,6]");
	assert_int_equal(tu_persona_compute(E, 0, &g, 1, &r, &err), TU_EINVAL);
	assert_int_equal(tu_persona_compute(NULL, 3, NULL, 0, &r, &err),
			 TU_EINVAL);
	assert_string_equal(tu_persona_name(TU_PERSONA_CONSOLIDATOR),
			    "consolidator");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bloom_bands),
		cmocka_unit_test(test_momentum),
		cmocka_unit_test(test_consolidator_and_explorer),
		cmocka_unit_test(test_fewer_than_five_points_is_flat),
		cmocka_unit_test(test_struggler),
		cmocka_unit_test(test_slope_boundaries),
		cmocka_unit_test(test_window_skips_nan),
		cmocka_unit_test(test_interest_scores),
		cmocka_unit_test(test_no_data_and_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
