/*
 * test_mlp.c - the numerics of tutor/mlp.h: creation and layout, the
 * forward pass against a hand computation, gradients against central
 * finite differences (tu_mlp_backward and tu_mlp_logp_backward), the
 * softmax (normalised, stable at scores of +-1000, log-probability),
 * argmax ties, sampling frequencies, and Adam (the first step, batch and
 * clip scaling, convergence on a squared loss, bitwise determinism).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/mlp.h"
#include "tutor/rng.h"

/* Finite-difference step and the bound on the relative error.  The
 * denominator is floored at FLOOR so that derivatives that are zero (or
 * nearly) are compared with an absolute tolerance of TOL * FLOOR. */
#define H 1e-5
#define TOL 1e-5
#define FLOOR 1e-3

static double rel_err(double a, double b)
{
	double d = fmax(fmax(fabs(a), fabs(b)), FLOOR);

	return fabs(a - b) / d;
}

/* A net with Glorot weights, then every parameter (biases included)
 * jittered so that no derivative is trivially zero. */
static void make_net(struct tu_mlp *m, uint32_t n_in, uint32_t nh,
		     const uint32_t *widths, uint64_t seed)
{
	struct tu_rng rng;

	tu_rng_seed(&rng, seed);
	tu_mlp_init(m);
	assert_int_equal(tu_mlp_create(m, n_in, nh, widths, &rng, NULL),
			 TU_OK);
	for (size_t j = 0; j < m->n_params; j++)
		m->w[j] += 0.3 * tu_rng_normal(&rng);
}

static void fill_uniform(double *x, size_t n, struct tu_rng *rng)
{
	for (size_t i = 0; i < n; i++)
		x[i] = tu_rng_range(rng, -1.5, 1.5);
}

static void test_create_layout_and_errors(void **state)
{
	const uint32_t w[] = { 7, 3 }, bad[] = { 7, 0 };
	struct tu_mlp m;
	struct tu_rng rng;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_rng_seed(&rng, 1);
	tu_mlp_init(&m);
	assert_int_equal(tu_mlp_create(&m, 5, 2, w, &rng, &err), TU_OK);
	/* (5*7 + 7) + (7*3 + 3) + (3 + 1) */
	assert_int_equal(m.n_params, 42 + 24 + 4);
	/* biases zero; weights within the Glorot bound of their layer */
	for (size_t j = 35; j < 42; j++)
		assert_true(m.w[j] == 0.0);
	for (size_t j = 0; j < 35; j++)
		assert_true(fabs(m.w[j]) <= sqrt(6.0 / 12));
	assert_true(m.w[69] == 0.0);
	assert_int_equal(tu_mlp_create(&m, 0, 2, w, &rng, &err), TU_EINVAL);
	assert_int_equal(tu_mlp_create(&m, 257, 2, w, &rng, &err), TU_EINVAL);
	assert_int_equal(tu_mlp_create(&m, 5, 5, w, &rng, &err), TU_EINVAL);
	assert_int_equal(tu_mlp_create(&m, 5, 2, bad, &rng, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "width 0"));
	/* a failed create leaves the model as it was */
	assert_int_equal(m.n_params, 70);
	tu_mlp_release(&m);
	assert_null(m.w);
}

static void test_score_by_hand(void **state)
{
	const uint32_t w1[] = { 2 };
	struct tu_mlp m;
	struct tu_rng rng;
	const double x[] = { 0.5, -1.0 };
	double h0, h1;

	(void)state;
	tu_rng_seed(&rng, 2);
	tu_mlp_init(&m);
	assert_int_equal(tu_mlp_create(&m, 2, 1, w1, &rng, NULL), TU_OK);
	assert_int_equal(m.n_params, 2 * 2 + 2 + 2 + 1);
	/* W1 = [[1, 2], [-1, 0.5]], b1 = [0.1, -0.2], w2 = [3, -4], b2 = 0.7 */
	memcpy(m.w, (const double[]){ 1, 2, -1, 0.5, 0.1, -0.2, 3, -4, 0.7 },
	       9 * sizeof(double));
	h0 = tanh(0.5 - 2 + 0.1);
	h1 = tanh(-0.5 - 0.5 - 0.2);
	assert_true(fabs(tu_mlp_score(&m, x) - (3 * h0 - 4 * h1 + 0.7)) <
		    1e-15);
	tu_mlp_release(&m);
}

/* d score / d w[j] by central differences. */
static double num_score(struct tu_mlp *m, const double *x, size_t j)
{
	double keep = m->w[j], fp, fm;

	m->w[j] = keep + H;
	fp = tu_mlp_score(m, x);
	m->w[j] = keep - H;
	fm = tu_mlp_score(m, x);
	m->w[j] = keep;
	return (fp - fm) / (2 * H);
}

static void test_backward_gradcheck(void **state)
{
	const uint32_t widths[] = { 6, 4 };
	struct tu_mlp m;
	struct tu_mlp_grad g, g2;
	struct tu_rng rng;
	double x[5], worst = 0;

	(void)state;
	make_net(&m, 5, 2, widths, 11);
	assert_int_equal(tu_mlp_grad_init(&g, &m, NULL), TU_OK);
	assert_int_equal(tu_mlp_grad_init(&g2, &m, NULL), TU_OK);
	tu_rng_seed(&rng, 12);
	for (int trial = 0; trial < 6; trial++) {
		fill_uniform(x, 5, &rng);
		tu_mlp_grad_zero(&g);
		tu_mlp_grad_zero(&g2);
		tu_mlp_backward(&m, x, 1.0, &g);
		/* coef scales, and calls accumulate */
		tu_mlp_backward(&m, x, 1.5, &g2);
		tu_mlp_backward(&m, x, -0.25, &g2);
		for (size_t j = 0; j < m.n_params; j++) {
			double e = rel_err(g.g[j], num_score(&m, x, j));

			worst = fmax(worst, e);
			assert_true(fabs(g2.g[j] - 1.25 * g.g[j]) <=
				    1e-12 * (1 + fabs(g.g[j])));
		}
	}
	print_message("backward: worst relative error %.3g over %zu "
		      "parameters x 6 inputs\n", worst, m.n_params);
	assert_true(worst < TOL);
	tu_mlp_grad_release(&g);
	tu_mlp_grad_release(&g2);
	tu_mlp_release(&m);
}

static void test_backward_no_hidden_layer(void **state)
{
	struct tu_mlp m;
	struct tu_mlp_grad g;
	const double x[] = { 0.5, -2, 3 };

	(void)state;
	make_net(&m, 3, 0, NULL, 5);
	assert_int_equal(m.n_params, 4);
	assert_int_equal(tu_mlp_grad_init(&g, &m, NULL), TU_OK);
	tu_mlp_backward(&m, x, 2.0, &g);
	assert_true(g.g[0] == 1.0 && g.g[1] == -4.0 && g.g[2] == 6.0 &&
		    g.g[3] == 2.0);
	tu_mlp_grad_release(&g);
	tu_mlp_release(&m);
}

/* d log pi(chosen) / d w[j] by central differences. */
static double num_logp(struct tu_mlp *m, const double *f, size_t k,
		       double t, size_t chosen, size_t j)
{
	double probs[TU_MLP_MAX_CANDIDATES], keep = m->w[j], fp, fm;

	m->w[j] = keep + H;
	fp = tu_mlp_softmax(m, f, k, t, probs, chosen);
	m->w[j] = keep - H;
	fm = tu_mlp_softmax(m, f, k, t, probs, chosen);
	m->w[j] = keep;
	return (fp - fm) / (2 * H);
}

static void test_logp_backward_gradcheck(void **state)
{
	const uint32_t widths[] = { 6, 4 };
	const size_t k = 6;
	const double t = 0.7;
	struct tu_mlp m;
	struct tu_mlp_grad g, g2;
	struct tu_rng rng;
	double f[6 * 5], probs[6], worst = 0;

	(void)state;
	make_net(&m, 5, 2, widths, 21);
	assert_int_equal(tu_mlp_grad_init(&g, &m, NULL), TU_OK);
	assert_int_equal(tu_mlp_grad_init(&g2, &m, NULL), TU_OK);
	tu_rng_seed(&rng, 22);
	for (size_t trial = 0; trial < 4; trial++) {
		size_t chosen = (trial * 5) % k;

		fill_uniform(f, k * 5, &rng);
		tu_mlp_softmax(&m, f, k, t, probs, chosen);
		tu_mlp_grad_zero(&g);
		tu_mlp_grad_zero(&g2);
		tu_mlp_logp_backward(&m, f, k, t, probs, chosen, 1.0, &g);
		tu_mlp_logp_backward(&m, f, k, t, probs, chosen, -0.3, &g2);
		for (size_t j = 0; j < m.n_params; j++) {
			double e = rel_err(g.g[j],
					   num_logp(&m, f, k, t, chosen, j));

			worst = fmax(worst, e);
			assert_true(fabs(g2.g[j] + 0.3 * g.g[j]) <=
				    1e-12 * (1 + fabs(g.g[j])));
		}
	}
	print_message("logp_backward: worst relative error %.3g\n", worst);
	assert_true(worst < TOL);
	tu_mlp_grad_release(&g);
	tu_mlp_grad_release(&g2);
	tu_mlp_release(&m);
}

static void test_softmax_normalised_and_logp(void **state)
{
	const uint32_t widths[] = { 8 };
	struct tu_mlp m;
	struct tu_rng rng;
	double f[9 * 4], probs[9], sum = 0, lp;

	(void)state;
	make_net(&m, 4, 1, widths, 31);
	tu_rng_seed(&rng, 32);
	fill_uniform(f, 9 * 4, &rng);
	for (size_t c = 0; c < 9; c++) {
		lp = tu_mlp_softmax(&m, f, 9, 0.5, probs, c);
		assert_true(fabs(lp - log(probs[c])) < 1e-12);
	}
	for (size_t i = 0; i < 9; i++) {
		assert_true(probs[i] > 0 && probs[i] < 1);
		sum += probs[i];
	}
	assert_true(fabs(sum - 1) < 1e-12);
	/* chosen >= k: the probabilities, and 0 */
	assert_true(tu_mlp_softmax(&m, f, 9, 0.5, probs, 9) == 0.0);
	assert_true(fabs(probs[0] + probs[1] + probs[2] + probs[3] + probs[4] +
			 probs[5] + probs[6] + probs[7] + probs[8] - 1) <
		    1e-12);
	/* a higher temperature flattens */
	tu_mlp_softmax(&m, f, 9, 0.5, probs, 9);
	{
		double hot[9], mx = 0, mxh = 0;

		tu_mlp_softmax(&m, f, 9, 50, hot, 9);
		for (size_t i = 0; i < 9; i++) {
			mx = fmax(mx, probs[i]);
			mxh = fmax(mxh, hot[i]);
		}
		assert_true(mxh < mx);
		assert_true(mxh < 1.0 / 9 + 0.05);
	}
	tu_mlp_release(&m);
}

/* A linear net score(x) = x[0], so the test sets the scores. */
static void linear_identity(struct tu_mlp *m)
{
	struct tu_rng rng;

	tu_rng_seed(&rng, 1);
	tu_mlp_init(m);
	assert_int_equal(tu_mlp_create(m, 1, 0, NULL, &rng, NULL), TU_OK);
	m->w[0] = 1;
	m->w[1] = 0;
}

static void test_softmax_stable_at_1000(void **state)
{
	struct tu_mlp m;
	const double s[] = { 1000, -1000, 999, 1000 };
	double probs[4], lp, z = 2 + exp(-1.0);

	(void)state;
	linear_identity(&m);
	lp = tu_mlp_softmax(&m, s, 4, 1.0, probs, 0);
	for (size_t i = 0; i < 4; i++)
		assert_true(isfinite(probs[i]));
	assert_true(fabs(probs[0] - 1 / z) < 1e-15);
	assert_true(fabs(probs[2] - exp(-1.0) / z) < 1e-15);
	assert_true(probs[1] == 0.0);
	assert_true(fabs(probs[0] + probs[1] + probs[2] + probs[3] - 1) <
		    1e-15);
	assert_true(fabs(lp - log(probs[0])) < 1e-15);
	/* log pi of the underflowed candidate stays exact and finite */
	lp = tu_mlp_softmax(&m, s, 4, 1.0, probs, 1);
	assert_true(fabs(lp - (-2000 - log(z))) < 1e-9);
	/* all at -1000 with a small temperature: uniform */
	{
		const double low[] = { -1000, -1000, -1000 };

		lp = tu_mlp_softmax(&m, low, 3, 0.01, probs, 2);
		assert_true(fabs(probs[0] - 1.0 / 3) < 1e-15);
		assert_true(fabs(lp - log(1.0 / 3)) < 1e-15);
	}
	tu_mlp_release(&m);
}

static void test_argmax_ties_lowest(void **state)
{
	struct tu_mlp m;
	const double s[] = { 3, 5, 5, 1 }, eq[] = { -1000, -1000 };

	(void)state;
	linear_identity(&m);
	assert_int_equal(tu_mlp_argmax(&m, s, 4), 1);
	assert_int_equal(tu_mlp_argmax(&m, s + 2, 2), 0);
	assert_int_equal(tu_mlp_argmax(&m, eq, 2), 0);
	assert_int_equal(tu_mlp_argmax(&m, s, 1), 0);
	tu_mlp_release(&m);
}

static void test_sample_frequencies(void **state)
{
	const double p[] = { 0.1, 0.25, 0, 0.05, 0.35, 0.25 };
	const size_t draws = 200000;
	size_t count[6] = { 0 };
	struct tu_rng rng;

	(void)state;
	tu_rng_seed(&rng, 77);
	for (size_t d = 0; d < draws; d++) {
		size_t i = tu_mlp_sample(p, 6, &rng);

		assert_true(i < 6);
		count[i]++;
	}
	assert_int_equal(count[2], 0);
	for (size_t i = 0; i < 6; i++)
		assert_true(fabs((double)count[i] / (double)draws - p[i]) <
			    0.01);
	/* the same seed, the same draws */
	{
		struct tu_rng a, b;

		tu_rng_seed(&a, 5);
		tu_rng_seed(&b, 5);
		for (int d = 0; d < 1000; d++)
			assert_int_equal(tu_mlp_sample(p, 6, &a),
					 tu_mlp_sample(p, 6, &b));
	}
}

static void test_sample_rounding_never_picks_zero(void **state)
{
	/* a sum short of 1 (rounding, exaggerated here): a draw past the sum
	 * goes to the last candidate with a positive probability, never to
	 * index 2 */
	const double p[] = { 0.3, 0.6, 0 };
	struct tu_rng rng;

	(void)state;
	tu_rng_seed(&rng, 3);
	for (int d = 0; d < 100000; d++)
		assert_true(tu_mlp_sample(p, 3, &rng) < 2);
	assert_int_equal(tu_mlp_sample((const double[]){ 1 }, 1, &rng), 0);
}

static void test_adam_first_step_and_scaling(void **state)
{
	const uint32_t widths[] = { 3 };
	struct tu_mlp m, before;
	struct tu_mlp_grad g;
	struct tu_adam a;
	const double x[] = { 0.3, -0.7 };
	double norm = 0;

	(void)state;
	make_net(&m, 2, 1, widths, 41);
	tu_mlp_init(&before);
	assert_int_equal(tu_mlp_copy(&before, &m, NULL), TU_OK);
	assert_int_equal(tu_mlp_grad_init(&g, &m, NULL), TU_OK);
	tu_mlp_backward(&m, x, 1.0, &g);
	assert_int_equal(tu_adam_init(&a, &m, 0.01, NULL), TU_OK);
	assert_true(a.beta1 == 0.9 && a.beta2 == 0.999 && a.eps == 1e-8);
	/* bias-corrected first step: lr * sign(g) per parameter (descent) */
	tu_adam_step(&a, &m, &g, 4, -1, 0);
	for (size_t j = 0; j < m.n_params; j++) {
		double d = m.w[j] - before.w[j];

		if (fabs(g.g[j]) > 1e-6)
			assert_true(fabs(d + 0.01 * copysign(1, g.g[j])) <
				    1e-6);
		/* the batch scales the gradient before the moments */
		assert_true(fabs(a.v[j] - 0.001 * (g.g[j] / 4) *
				 (g.g[j] / 4)) <= 1e-15);
		norm += g.g[j] * g.g[j];
	}
	assert_int_equal(a.t, 1);
	tu_adam_release(&a);
	/* ascent moves the other way; the clip bounds the gradient norm */
	assert_int_equal(tu_mlp_copy(&m, &before, NULL), TU_OK);
	assert_int_equal(tu_adam_init(&a, &m, 0.01, NULL), TU_OK);
	tu_adam_step(&a, &m, &g, 1, +1, 0.5 * sqrt(norm));
	for (size_t j = 0; j < m.n_params; j++) {
		assert_true(fabs(a.m[j] - 0.1 * 0.5 * g.g[j]) < 1e-15);
		if (fabs(g.g[j]) > 1e-6)
			assert_true(fabs(m.w[j] - before.w[j] -
					 0.01 * copysign(1, g.g[j])) < 1e-6);
	}
	tu_adam_release(&a);
	assert_int_equal(tu_adam_init(&a, &m, 0, NULL), TU_EINVAL);
	tu_mlp_grad_release(&g);
	tu_mlp_release(&before);
	tu_mlp_release(&m);
}

#define NPTS 64

static double target(const double *x)
{
	return sin(2 * x[0]) + x[1] * x[2];
}

static double mse(const struct tu_mlp *m, const double *xs)
{
	double s = 0;

	for (int i = 0; i < NPTS; i++) {
		double e = tu_mlp_score(m, xs + 3 * i) - target(xs + 3 * i);

		s += e * e;
	}
	return s / NPTS;
}

/* Fits score(x) to target(x) by squared loss; the loss before and after. */
static void fit(struct tu_mlp *m, uint64_t seed, int steps, double *l0,
		double *l1)
{
	const uint32_t widths[] = { 16 };
	double xs[NPTS * 3];
	struct tu_rng rng;
	struct tu_mlp_grad g;
	struct tu_adam a;

	tu_rng_seed(&rng, seed);
	tu_mlp_init(m);
	assert_int_equal(tu_mlp_create(m, 3, 1, widths, &rng, NULL), TU_OK);
	fill_uniform(xs, NPTS * 3, &rng);
	assert_int_equal(tu_mlp_grad_init(&g, m, NULL), TU_OK);
	assert_int_equal(tu_adam_init(&a, m, 0.01, NULL), TU_OK);
	*l0 = mse(m, xs);
	for (int s = 0; s < steps; s++) {
		tu_mlp_grad_zero(&g);
		for (int i = 0; i < NPTS; i++) {
			const double *x = xs + 3 * i;
			double e = tu_mlp_score(m, x) - target(x);

			tu_mlp_backward(m, x, 2 * e, &g);
		}
		tu_adam_step(&a, m, &g, NPTS, -1, 10);
	}
	*l1 = mse(m, xs);
	tu_adam_release(&a);
	tu_mlp_grad_release(&g);
}

static void test_adam_converges_and_is_deterministic(void **state)
{
	struct tu_mlp m1, m2, m3;
	double a0, a1, b0, b1, c0, c1;

	(void)state;
	fit(&m1, 99, 3000, &a0, &a1);
	print_message("adam: mse %.4g -> %.4g after 3000 steps\n", a0, a1);
	assert_true(a1 < a0 / 20);
	assert_true(a1 < 0.01);
	fit(&m2, 99, 3000, &b0, &b1);
	assert_int_equal(m1.n_params, m2.n_params);
	assert_memory_equal(m1.w, m2.w, m1.n_params * sizeof(double));
	fit(&m3, 100, 10, &c0, &c1);
	assert_memory_not_equal(m1.w, m3.w, m1.n_params * sizeof(double));
	tu_mlp_release(&m1);
	tu_mlp_release(&m2);
	tu_mlp_release(&m3);
}

static void test_copy_is_deep(void **state)
{
	const uint32_t widths[] = { 4, 4 };
	struct tu_mlp a, b;

	(void)state;
	make_net(&a, 3, 2, widths, 51);
	snprintf(a.feature_set, sizeof(a.feature_set), "fs");
	a.feature_version = 7;
	tu_mlp_init(&b);
	make_net(&b, 2, 0, NULL, 52);
	assert_int_equal(tu_mlp_copy(&b, &a, NULL), TU_OK);
	assert_ptr_not_equal(a.w, b.w);
	assert_memory_equal(a.w, b.w, a.n_params * sizeof(double));
	assert_int_equal(b.n_hidden, 2);
	assert_string_equal(b.feature_set, "fs");
	assert_int_equal(b.feature_version, 7);
	b.w[0] += 1;
	assert_true(a.w[0] != b.w[0]);
	tu_mlp_release(&a);
	tu_mlp_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_layout_and_errors),
		cmocka_unit_test(test_score_by_hand),
		cmocka_unit_test(test_backward_gradcheck),
		cmocka_unit_test(test_backward_no_hidden_layer),
		cmocka_unit_test(test_logp_backward_gradcheck),
		cmocka_unit_test(test_softmax_normalised_and_logp),
		cmocka_unit_test(test_softmax_stable_at_1000),
		cmocka_unit_test(test_argmax_ties_lowest),
		cmocka_unit_test(test_sample_frequencies),
		cmocka_unit_test(test_sample_rounding_never_picks_zero),
		cmocka_unit_test(test_adam_first_step_and_scaling),
		cmocka_unit_test(test_adam_converges_and_is_deterministic),
		cmocka_unit_test(test_copy_is_deep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
