/* test_mastery.c - IntelliCode mastery rule, Beta helpers, outcome
 * application, initial mastery, proficiency and learner-facing levels.
 * Expected values are computed by hand in the comments (defaults: alpha
 * 0.1, beta 0.15, w_d 0.8/1.0/1.2, tau 30 d, eta_h 0.02, eta_t 1e-4/s,
 * lambda 0.8, init_m 0). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/mastery.h"

#define EPS 1e-12

/* |got - want| <= eps (eps 0: exactly equal), with both values on failure. */
static void near(double got, double want, double eps, const char *expr,
		 int line)
{
	if (!(got == want) && !(fabs(got - want) <= eps))
		fail_msg("line %d: %s = %.17g, want %.17g (eps %g)", line, expr,
			 got, want, eps);
}

#define assert_near(got, want, eps) near((got), (want), (eps), #got, __LINE__)

static struct tu_ic_obs obs(int correct, enum tu_difficulty d)
{
	struct tu_ic_obs o;

	memset(&o, 0, sizeof(o));
	o.correct = correct;
	o.difficulty = d;
	return o;
}

static void test_defaults_validate(void **state)
{
	struct tu_ic_config c;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_ic_config_default(&c);
	assert_true(c.alpha == 0.1 && c.beta == 0.15 && c.lambda == 0.8);
	assert_true(c.w_diff[0] == 0.8 && c.w_diff[1] == 1.0 &&
		    c.w_diff[2] == 1.2);
	assert_true(c.tau_upd_days == 30 && c.eta_hint == 0.02 &&
		    c.eta_time == 0.0001 && c.init_m == 0);
	assert_int_equal(tu_ic_config_validate(&c, &err), TU_OK);
	c.lambda = 1.5;
	assert_int_equal(tu_ic_config_validate(&c, &err), TU_EINVAL);
	assert_string_equal(err.msg, "intellicode config: lambda must be in "
			    "[0,1], got 1.5");
	tu_ic_config_default(&c);
	c.w_diff[TU_DIFF_HARD] = 0;
	assert_int_equal(tu_ic_config_validate(&c, &err), TU_EINVAL);
	assert_string_equal(err.msg, "intellicode config: w_diff[hard] must be "
			    "finite and > 0, got 0");
	tu_ic_config_default(&c);
	c.eta_time = NAN;
	assert_int_equal(tu_ic_config_validate(&c, &err), TU_EINVAL);
	tu_ic_config_default(&c);
	c.tau_upd_days = NAN;
	assert_int_equal(tu_ic_config_validate(&c, &err), TU_EINVAL);
}

static void test_success_by_difficulty(void **state)
{
	struct tu_ic_config c;
	struct tu_ic_obs o;

	(void)state;
	tu_ic_config_default(&c);
	/* medium: m1 = 0.5 + 0.1*1.0*1*(1-0.5) = 0.55;
	 * momentum 0.2*0.5 + 0.8*0.55 = 0.54 */
	o = obs(1, TU_DIFF_MEDIUM);
	assert_near(tu_ic_update(&c, 0.5, &o), 0.54, EPS);
	/* hard: m1 = 0.5 + 0.1*1.2*0.5 = 0.56; 0.1 + 0.448 = 0.548 */
	o = obs(1, TU_DIFF_HARD);
	assert_near(tu_ic_update(&c, 0.5, &o), 0.548, EPS);
	/* easy: m1 = 0.5 + 0.1*0.8*0.5 = 0.54; 0.1 + 0.432 = 0.532 */
	o = obs(1, TU_DIFF_EASY);
	assert_near(tu_ic_update(&c, 0.5, &o), 0.532, EPS);
}

static void test_failure_inverts_difficulty(void **state)
{
	struct tu_ic_config c;
	struct tu_ic_obs o;

	(void)state;
	tu_ic_config_default(&c);
	/* medium: m1 = 0.5 - 0.15/1.0*0.5 = 0.425; 0.1 + 0.34 = 0.44 */
	o = obs(0, TU_DIFF_MEDIUM);
	assert_near(tu_ic_update(&c, 0.5, &o), 0.44, EPS);
	/* easy (failing an easy item hurts more): 0.15/0.8 = 0.1875,
	 * m1 = 0.5 - 0.1875*0.5 = 0.40625; 0.1 + 0.325 = 0.425 */
	o = obs(0, TU_DIFF_EASY);
	assert_near(tu_ic_update(&c, 0.5, &o), 0.425, EPS);
	/* hard: 0.15/1.2 = 0.125, m1 = 0.4375; 0.1 + 0.35 = 0.45 */
	o = obs(0, TU_DIFF_HARD);
	assert_near(tu_ic_update(&c, 0.5, &o), 0.45, EPS);
	/* an invalid difficulty counts as medium */
	o = obs(0, (enum tu_difficulty)7);
	assert_near(tu_ic_update(&c, 0.5, &o), 0.44, EPS);
}

static void test_recency(void **state)
{
	struct tu_ic_config c;
	struct tu_ic_obs o;
	double wr = exp(-1.0);

	(void)state;
	tu_ic_config_default(&c);
	/* dt = tau = 30 days: w_r = e^-1 = 0.36787944...;
	 * m1 = 0.5 + 0.1*e^-1*0.5; result 0.1 + 0.8*m1 = 0.51471517... */
	o = obs(1, TU_DIFF_MEDIUM);
	o.dt_days = 30.0;
	assert_near(tu_ic_update(&c, 0.5, &o),
			    0.1 + 0.8 * (0.5 + 0.05 * wr), EPS);
	assert_near(0.1 + 0.8 * (0.5 + 0.05 * wr), 0.5147151776468577,
			    1e-15);
	/* failure: m1 = 0.5 - 0.15*e^-1*0.5 */
	o.correct = 0;
	assert_near(tu_ic_update(&c, 0.5, &o),
			    0.1 + 0.8 * (0.5 - 0.075 * wr), EPS);
	/* tau <= 0 disables decay: same as dt = 0 (0.54) */
	o.correct = 1;
	c.tau_upd_days = 0;
	assert_near(tu_ic_update(&c, 0.5, &o), 0.54, EPS);
	/* unknown (NaN, inf) and negative dt count as 0 */
	tu_ic_config_default(&c);
	o.dt_days = NAN;
	assert_near(tu_ic_update(&c, 0.5, &o), 0.54, EPS);
	o.dt_days = INFINITY;
	assert_near(tu_ic_update(&c, 0.5, &o), 0.54, EPS);
	o.dt_days = -3;
	assert_near(tu_ic_update(&c, 0.5, &o), 0.54, EPS);
}

static void test_penalties(void **state)
{
	struct tu_ic_config c;
	struct tu_ic_obs o;

	(void)state;
	tu_ic_config_default(&c);
	/* pass, medium: gain 0.05; penalty 0.02*2 + 0.0001*(400-300) = 0.05
	 * would take it all, so a quarter is kept: m2 = 0.5125;
	 * result 0.2*0.5 + 0.8*0.5125 = 0.51 */
	o = obs(1, TU_DIFF_MEDIUM);
	o.hints_used = 2;
	o.solve_s = 400;
	o.expected_s = 300;
	assert_near(tu_ic_update(&c, 0.5, &o), 0.51, EPS);
	/* one hint, fast: gain 0.05 - 0.02 = 0.03 (above the kept quarter);
	 * m2 = 0.53, result 0.1 + 0.424 = 0.524 */
	o.hints_used = 1;
	o.solve_s = 200;
	assert_near(tu_ic_update(&c, 0.5, &o), 0.524, EPS);
	/* unknown expected time (0) or non-finite time: hints only */
	o.solve_s = 400;
	o.expected_s = 0;
	assert_near(tu_ic_update(&c, 0.5, &o), 0.524, EPS);
	o.expected_s = NAN;
	assert_near(tu_ic_update(&c, 0.5, &o), 0.524, EPS);
	o.expected_s = 300;
	o.solve_s = INFINITY;
	assert_near(tu_ic_update(&c, 0.5, &o), 0.524, EPS);
	/* a huge penalty never turns a pass into a loss */
	o.solve_s = 400;
	o.hints_used = 100;
	assert_near(tu_ic_update(&c, 0.5, &o), 0.51, EPS);
	/* pass_keep 0: the gain can be used up entirely, not reversed */
	c.pass_keep = 0;
	assert_near(tu_ic_update(&c, 0.5, &o), 0.5, EPS);
	/* on failure penalties subtract: m1 = 0.425, m2 = 0.425 - 0.05;
	 * 0.1 + 0.3 = 0.4 */
	o = obs(0, TU_DIFF_MEDIUM);
	o.hints_used = 2;
	o.solve_s = 400;
	o.expected_s = 300;
	assert_near(tu_ic_update(&c, 0.5, &o), 0.4, EPS);
	/* a huge penalty on failure clamps m2 at 0 before momentum */
	o.hints_used = 100;
	assert_near(tu_ic_update(&c, 0.5, &o), 0.1, EPS);
}

static void test_momentum_and_bounds(void **state)
{
	struct tu_ic_config c;
	struct tu_ic_obs o = obs(1, TU_DIFF_HARD);

	(void)state;
	tu_ic_config_default(&c);
	c.lambda = 1.0; /* no smoothing: m1 = 0.56 */
	assert_near(tu_ic_update(&c, 0.5, &o), 0.56, EPS);
	c.lambda = 0.0; /* frozen */
	assert_near(tu_ic_update(&c, 0.5, &o), 0.5, EPS);
	/* min(1, .): alpha 1, hard: 0.5 + 1.2*0.5 = 1.1 -> 1 */
	c.lambda = 1.0;
	c.alpha = 1.0;
	assert_near(tu_ic_update(&c, 0.5, &o), 1.0, 0);
	/* max(0, .): beta 1, easy failure: 0.5 - 1.25*0.5 < 0 -> 0 */
	c.beta = 1.0;
	o = obs(0, TU_DIFF_EASY);
	assert_near(tu_ic_update(&c, 0.5, &o), 0.0, 0);
	/* fixed points */
	tu_ic_config_default(&c);
	o = obs(1, TU_DIFF_MEDIUM);
	assert_near(tu_ic_update(&c, 1.0, &o), 1.0, 0);
	o.correct = 0;
	assert_near(tu_ic_update(&c, 0.0, &o), 0.0, 0);
	/* out-of-range m is clamped first; NaN m counts as init_m (0):
	 * success medium from 0: m1 = 0.1, result 0.8*0.1 = 0.08 */
	o.correct = 1;
	assert_near(tu_ic_update(&c, NAN, &o), 0.08, EPS);
	assert_near(tu_ic_update(&c, -4.0, &o), 0.08, EPS);
	assert_near(tu_ic_update(&c, 7.0, &o), 1.0, 0);
	/* any non-zero `correct` is a pass */
	o.correct = -2;
	assert_near(tu_ic_update(&c, 0.5, &o), 0.54, EPS);
}

static double pick(struct tu_rng *r, const double *v, size_t n, double lo,
		   double hi)
{
	if (tu_rng_below(r, 4) == 0)
		return v[tu_rng_below(r, n)];
	return tu_rng_range(r, lo, hi);
}

static void test_property_always_in_unit(void **state)
{
	static const double ext[] = { NAN, INFINITY, -INFINITY, 0.0, -0.0, 1.0,
		-1.0, 1e300, -1e300, 5e-324, 2.0 };
	const size_t n_ext = sizeof(ext) / sizeof(ext[0]);
	struct tu_rng r;
	struct tu_ic_config c;

	(void)state;
	tu_rng_seed(&r, 99);
	for (int i = 0; i < 100000; i++) {
		struct tu_ic_obs o;
		double m, out;

		tu_ic_config_default(&c);
		if (i % 2) { /* a random valid config half of the time */
			c.alpha = tu_rng_uniform(&r);
			c.beta = tu_rng_uniform(&r);
			for (int d = 0; d < 3; d++)
				c.w_diff[d] = tu_rng_range(&r, 1e-3, 5.0);
			c.tau_upd_days = pick(&r, ext + 1, 9, -10, 100);
			c.eta_hint = tu_rng_uniform(&r);
			c.eta_time = tu_rng_uniform(&r) * 0.01;
			c.lambda = tu_rng_uniform(&r);
			c.init_m = tu_rng_uniform(&r);
			assert_int_equal(tu_ic_config_validate(&c, NULL), TU_OK);
		}
		m = pick(&r, ext, n_ext, -0.5, 1.5);
		o.correct = (int)tu_rng_below(&r, 3) - 1;
		o.difficulty = (enum tu_difficulty)tu_rng_below(&r, 5);
		o.dt_days = pick(&r, ext, n_ext, -10, 1000);
		o.hints_used = tu_rng_below(&r, 8) ? (uint32_t)tu_rng_below(&r, 6)
						   : UINT32_MAX;
		o.solve_s = pick(&r, ext, n_ext, -100, 5000);
		o.expected_s = pick(&r, ext, n_ext, -100, 5000);
		out = tu_ic_update(&c, m, &o);
		if (!(out >= 0.0 && out <= 1.0))
			fail_msg("step %d: m=%g gave %g", i, m, out);
		/* a pass never lowers mastery */
		if (o.correct && !isnan(m) &&
		    out < (m < 0 ? 0 : m > 1 ? 1 : m) - 1e-12)
			fail_msg("step %d: pass lowered m=%g to %g", i, m, out);
	}
}

static void test_beta(void **state)
{
	double a = 1, b = 1;

	(void)state;
	tu_beta_update(&a, &b, 1, 1.0);
	assert_true(a == 2 && b == 1);
	tu_beta_update(&a, &b, 0, 0.5);
	assert_true(a == 2 && b == 1.5);
	tu_beta_update(&a, &b, 0, 0.0);
	tu_beta_update(&a, &b, 1, -1.0);
	tu_beta_update(&a, &b, 1, NAN);
	tu_beta_update(&a, &b, 1, INFINITY);
	assert_true(a == 2 && b == 1.5);
	/* Beta(2,1): mean 2/3, var 2*1/(3^2*4) = 1/18 */
	assert_near(tu_beta_mean(2, 1), 2.0 / 3.0, EPS);
	assert_near(tu_beta_variance(2, 1), 1.0 / 18.0, EPS);
	/* lower = 2/3 - 1.645*sqrt(1/18) = 0.66667 - 0.38773 = 0.27894 */
	assert_near(tu_beta_lower(2, 1, 1.645),
			    2.0 / 3.0 - 1.645 * sqrt(1.0 / 18.0), EPS);
	assert_near(tu_beta_lower(2, 1, 1.645), 0.27893, 1e-5);
	/* Beta(1,1): mean 0.5, var 1/12; lower clamps at 0 for big z */
	assert_near(tu_beta_variance(1, 1), 1.0 / 12.0, EPS);
	assert_near(tu_beta_lower(1, 1, 10), 0.0, 0);
	assert_near(tu_beta_mean(0, 1), 0.5, 0);
	assert_near(tu_beta_variance(NAN, 1), 0.0, 0);
}

static void test_apply_outcome(void **state)
{
	struct tu_learner_state s, before;
	struct tu_ic_config c;
	struct tu_ic_outcome o;
	struct tu_topic_state *t;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_learner_state_init(&s);
	tu_learner_state_init(&before);
	tu_ic_config_default(&c);
	memset(&o, 0, sizeof(o));
	o.correct = 1;
	o.difficulty = TU_DIFF_MEDIUM;
	o.now = 1000;
	/* new topic at 0, first attempt dt = 0: m1 = 0.1, result 0.08 */
	assert_int_equal(tu_learner_apply_outcome(&s, "loops", &c, &o, &err),
			 TU_OK);
	t = tu_learner_topic_find(&s, "loops");
	assert_non_null(t);
	assert_near(t->mastery, 0.08, EPS);
	assert_true(t->alpha == 2 && t->beta == 1);
	assert_true(t->attempts == 1 && t->successes == 1);
	assert_true(t->last_practiced == 1000);
	/* failure 30 days later: w_r = e^-1,
	 * m1 = 0.08 - 0.15*e^-1*0.08, result 0.2*0.08 + 0.8*m1
	 *    = 0.08*(1 - 0.12*e^-1) = 0.07646835... */
	o.correct = 0;
	o.now = 1000 + 30 * 86400;
	assert_int_equal(tu_learner_apply_outcome(&s, "loops", &c, &o, &err),
			 TU_OK);
	assert_near(t->mastery, 0.08 * (1 - 0.12 * exp(-1.0)), EPS);
	assert_true(t->alpha == 2 && t->beta == 2);
	assert_true(t->attempts == 2 && t->successes == 1);
	assert_true(t->last_practiced == 1000 + 30 * 86400);
	/* an event from the past: dt = 0, last_practiced kept.
	 * m1 = m - 0.15*m; result = m*(1 - 0.8*0.15) = 0.88 m */
	{
		double m = t->mastery;

		o.now = 5;
		assert_int_equal(tu_learner_apply_outcome(&s, "loops", &c, &o,
							  &err), TU_OK);
		assert_near(t->mastery, 0.88 * m, EPS);
		assert_true(t->last_practiced == 1000 + 30 * 86400);
	}
	/* errors change nothing */
	assert_int_equal(tu_learner_state_copy(&before, &s, &err), TU_OK);
	c.alpha = 2;
	assert_int_equal(tu_learner_apply_outcome(&s, "loops", &c, &o, &err),
			 TU_EINVAL);
	tu_ic_config_default(&c);
	assert_int_equal(tu_learner_apply_outcome(&s, "", &c, &o, &err),
			 TU_EINVAL);
	assert_true(tu_learner_state_equal(&s, &before));
	assert_int_equal(tu_learner_state_validate(&s, &err), TU_OK);
	tu_learner_state_release(&s);
	tu_learner_state_release(&before);
}

static void test_initial_mastery(void **state)
{
	struct tu_ic_init_config c;
	struct tu_rng r1, r2;
	const int h7[] = { 1, 0, 1, 1, 0, 1, 1 };
	const int h3[] = { 1, 1, 0 };
	double m, expect;

	(void)state;
	tu_ic_init_config_default(&c);
	/* 7 outcomes: rate 5/7, last 5 = 1,1,0,1,1 -> 4/5;
	 * 0.6*5/7 + 0.4*0.8 = 0.42857142857 + 0.32 = 0.74857142857 */
	assert_near(tu_ic_initial_mastery(&c, h7, 7, NULL),
			    0.6 * 5.0 / 7.0 + 0.32, EPS);
	/* fewer than 5: recent = all: (0.6 + 0.4) * 2/3 */
	assert_near(tu_ic_initial_mastery(&c, h3, 3, NULL), 2.0 / 3.0,
			    EPS);
	assert_near(tu_ic_initial_mastery(&c, NULL, 0, NULL), 0.0, 0);
	/* noise: one normal draw from the caller's rng */
	c.sigma0 = 0.1;
	tu_rng_seed(&r1, 5);
	tu_rng_seed(&r2, 5);
	m = tu_ic_initial_mastery(&c, h7, 7, &r1);
	expect = 0.6 * 5.0 / 7.0 + 0.32 + 0.1 * tu_rng_normal(&r2);
	expect = expect < 0 ? 0 : expect > 1 ? 1 : expect;
	assert_near(m, expect, EPS);
	assert_true(r1.s[0] == r2.s[0]);
	/* a large sigma still gives [0,1] */
	c.sigma0 = 50;
	for (int i = 0; i < 100; i++) {
		m = tu_ic_initial_mastery(&c, h3, 3, &r1);
		assert_true(m >= 0.0 && m <= 1.0);
	}
}

static void test_rank_norm_breakpoints(void **state)
{
	(void)state;
	assert_near(tu_rank_norm(50), 0.0, 0);
	assert_near(tu_rank_norm(100), 0.0, EPS);
	assert_near(tu_rank_norm(450), 0.15, EPS);   /* half of 0..0.3 */
	assert_near(tu_rank_norm(800), 0.3, EPS);
	assert_near(tu_rank_norm(1150), 0.45, EPS);  /* 0.3 + 0.15 */
	assert_near(tu_rank_norm(1500), 0.6, EPS);
	assert_near(tu_rank_norm(1750), 0.725, EPS); /* 0.6 + 0.125 */
	assert_near(tu_rank_norm(2000), 0.85, EPS);
	assert_near(tu_rank_norm(2500), 0.925, EPS); /* 0.85 + 0.075 */
	assert_near(tu_rank_norm(3000), 1.0, EPS);
	assert_near(tu_rank_norm(4000), 1.0, 0);
	assert_near(tu_rank_norm(NAN), 0.0, 0);
}

static void test_proficiency(void **state)
{
	struct tu_prof_config c;
	struct tu_prof_input in;
	double p;

	(void)state;
	tu_prof_config_default(&c);
	/* new user: rank 600 -> 0.3*500/700 = 0.21428571; unknown skill 0.3;
	 * streak 1 -> 1/30.
	 * p = 0.25*0.21428571 + 0.2*0.3 + 0.05/30 = 0.05357143 + 0.06
	 *   + 0.00166667 = 0.11523810 */
	memset(&in, 0, sizeof(in));
	in.rank = 600;
	in.skill = TU_SKILL_UNKNOWN;
	in.streak_days = 1;
	p = tu_proficiency(&c, &in);
	assert_near(p, 0.25 * 0.3 * 500.0 / 700.0 + 0.06 + 0.05 / 30.0,
			    EPS);
	assert_near(p, 0.1152381, 1e-7);
	assert_string_equal(tu_proficiency_label(p), "Early Beginner");
	assert_int_equal(tu_hint_band(p), TU_BAND_BEGINNER);
	/* mastery 0.7, rank 1600 (0.6 + 0.25*100/500 = 0.65), intermediate
	 * 0.5, recent 0.8, streak 45 (capped 1):
	 * 0.28 + 0.1625 + 0.1 + 0.08 + 0.05 = 0.6725 */
	in.mastery_avg = 0.7;
	in.rank = 1600;
	in.skill = TU_SKILL_INTERMEDIATE;
	in.recent_success_rate = 0.8;
	in.streak_days = 45;
	p = tu_proficiency(&c, &in);
	assert_near(p, 0.6725, EPS);
	assert_string_equal(tu_proficiency_label(p), "Advanced");
	assert_int_equal(tu_hint_band(p), TU_BAND_ADVANCED);
	/* everything maximal: 0.4 + 0.25 + 0.2*0.8 + 0.1 + 0.05 = 0.96 */
	in.mastery_avg = 1;
	in.rank = 3000;
	in.skill = TU_SKILL_ADVANCED;
	in.recent_success_rate = 1;
	assert_near(tu_proficiency(&c, &in), 0.96, EPS);
	/* out-of-range and NaN components are clamped: mastery 5 -> 1,
	 * recent NaN -> 0: 0.96 - 0.1 = 0.86 */
	in.mastery_avg = 5;
	in.recent_success_rate = NAN;
	assert_near(tu_proficiency(&c, &in), 0.86, EPS);
	assert_near(tu_skill_score(TU_SKILL_BEGINNER), 0.2, 0);
	assert_near(tu_skill_score((enum tu_skill_level)9), 0.3, 0);
}

static void test_labels_and_bands(void **state)
{
	(void)state;
	assert_string_equal(tu_proficiency_label(0.1999), "Early Beginner");
	assert_string_equal(tu_proficiency_label(0.2), "Beginner");
	assert_string_equal(tu_proficiency_label(0.3999), "Beginner");
	assert_string_equal(tu_proficiency_label(0.4), "Intermediate");
	assert_string_equal(tu_proficiency_label(0.6), "Advanced");
	assert_string_equal(tu_proficiency_label(0.8), "Expert");
	assert_string_equal(tu_proficiency_label(NAN), "Early Beginner");
	assert_int_equal(tu_hint_band(0.2999), TU_BAND_BEGINNER);
	assert_int_equal(tu_hint_band(0.3), TU_BAND_INTERMEDIATE);
	assert_int_equal(tu_hint_band(0.5999), TU_BAND_INTERMEDIATE);
	assert_int_equal(tu_hint_band(0.6), TU_BAND_ADVANCED);
	assert_string_equal(tu_hint_band_name(TU_BAND_INTERMEDIATE),
			    "intermediate");
}

static void test_mastery_average(void **state)
{
	struct tu_learner_state s;
	struct tu_topic_state *t;
	const char *named[] = { "loops", "graphs" };

	(void)state;
	tu_learner_state_init(&s);
	assert_near(tu_learner_mastery_average(&s, NULL, 0, 0.3), 0.3, 0);
	assert_int_equal(tu_learner_topic_get(&s, "loops", true, 0.5, &t, NULL),
			 TU_OK);
	assert_int_equal(tu_learner_topic_get(&s, "lists", true, 1.0, &t, NULL),
			 TU_OK);
	/* all topics: (0.5 + 1.0)/2; named, graphs missing = 0: 0.5/2 */
	assert_near(tu_learner_mastery_average(&s, NULL, 0, 0), 0.75,
			    EPS);
	assert_near(tu_learner_mastery_average(&s, named, 2, 0), 0.25,
			    EPS);
	tu_learner_state_release(&s);
}

static void test_levels(void **state)
{
	struct tu_topic_state t;

	(void)state;
	assert_int_equal(tu_mastery_level(0.99, 0), TU_LEVEL_NOT_STARTED);
	assert_int_equal(tu_mastery_level(0.49, 1), TU_LEVEL_ATTEMPTED);
	assert_int_equal(tu_mastery_level(NAN, 4), TU_LEVEL_ATTEMPTED);
	assert_int_equal(tu_mastery_level(0.5, 1), TU_LEVEL_FAMILIAR);
	assert_int_equal(tu_mastery_level(0.7999, 9), TU_LEVEL_FAMILIAR);
	assert_int_equal(tu_mastery_level(0.8, 1), TU_LEVEL_PROFICIENT);
	assert_int_equal(tu_mastery_level(0.9499, 9), TU_LEVEL_PROFICIENT);
	assert_int_equal(tu_mastery_level(0.95, 2), TU_LEVEL_PROFICIENT);
	assert_int_equal(tu_mastery_level(0.95, 3), TU_LEVEL_MASTERED);
	assert_int_equal(tu_mastery_level(1.0, 100), TU_LEVEL_MASTERED);
	memset(&t, 0, sizeof(t));
	t.mastery = 0.6;
	t.attempts = 2;
	assert_int_equal(tu_topic_level(&t), TU_LEVEL_FAMILIAR);
	assert_int_equal(tu_mastery_level_points(TU_LEVEL_NOT_STARTED), 0);
	assert_int_equal(tu_mastery_level_points(TU_LEVEL_ATTEMPTED), 0);
	assert_int_equal(tu_mastery_level_points(TU_LEVEL_FAMILIAR), 50);
	assert_int_equal(tu_mastery_level_points(TU_LEVEL_PROFICIENT), 80);
	assert_int_equal(tu_mastery_level_points(TU_LEVEL_MASTERED), 100);
	assert_string_equal(tu_mastery_level_name(TU_LEVEL_NOT_STARTED),
			    "not_started");
	assert_string_equal(tu_mastery_level_name(TU_LEVEL_MASTERED), "mastered");
	assert_string_equal(tu_mastery_level_name((enum tu_mastery_level)8), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_validate),
		cmocka_unit_test(test_success_by_difficulty),
		cmocka_unit_test(test_failure_inverts_difficulty),
		cmocka_unit_test(test_recency),
		cmocka_unit_test(test_penalties),
		cmocka_unit_test(test_momentum_and_bounds),
		cmocka_unit_test(test_property_always_in_unit),
		cmocka_unit_test(test_beta),
		cmocka_unit_test(test_apply_outcome),
		cmocka_unit_test(test_initial_mastery),
		cmocka_unit_test(test_rank_norm_breakpoints),
		cmocka_unit_test(test_proficiency),
		cmocka_unit_test(test_labels_and_bands),
		cmocka_unit_test(test_mastery_average),
		cmocka_unit_test(test_levels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
