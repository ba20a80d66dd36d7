/* test_lbfgs.c - the L-BFGS minimiser on functions with known minima. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/logistic.h"

/*
 * f(x) = 1/2 x'Ax - b'x with A tridiagonal (4 on the diagonal, 1 off it),
 * n = 6.  b is chosen as A x* with x* = (1, -2, 3, -4, 5, -6), so the
 * unique minimiser is x* (A is strictly diagonally dominant, hence SPD).
 */
#define QN 6
static const double xstar[QN] = { 1, -2, 3, -4, 5, -6 };

static void apply_a(const double *x, double *out)
{
	for (int i = 0; i < QN; i++) {
		out[i] = 4 * x[i];
		if (i > 0)
			out[i] += x[i - 1];
		if (i < QN - 1)
			out[i] += x[i + 1];
	}
}

static double quad(void *ud, const double *x, double *g, size_t n)
{
	double ax[QN], b[QN], f = 0;

	(void)ud;
	assert_int_equal(n, QN);
	apply_a(xstar, b);
	apply_a(x, ax);
	for (int i = 0; i < QN; i++) {
		f += 0.5 * x[i] * ax[i] - b[i] * x[i];
		g[i] = ax[i] - b[i];
	}
	return f;
}

static void test_quadratic_known_minimum(void **state)
{
	struct tu_lbfgs_params p;
	struct tu_lbfgs_result res;
	double x[QN] = { 0 };

	(void)state;
	tu_lbfgs_params_default(&p);
	p.gtol = 1e-12;
	p.ftol = 0;
	assert_int_equal(tu_lbfgs_minimize(quad, NULL, x, QN, &p, NULL, &res,
					   NULL), TU_OK);
	assert_true(res.converged);
	for (int i = 0; i < QN; i++)
		assert_true(fabs(x[i] - xstar[i]) < 1e-8);
	/* BFGS on a 6-d quadratic with exact-enough line searches needs
	 * only a handful of iterations. */
	assert_true(res.iterations <= 30);
}

/* Rosenbrock f = (1 - x)^2 + 100 (y - x^2)^2, minimum 0 at (1, 1). */
static double rosen(void *ud, const double *v, double *g, size_t n)
{
	double x = v[0], y = v[1];

	(void)ud;
	(void)n;
	g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
	g[1] = 200 * (y - x * x);
	return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
}

static void test_rosenbrock(void **state)
{
	struct tu_lbfgs_params p;
	struct tu_lbfgs_result res;
	double x[2] = { -1.2, 1.0 };

	(void)state;
	tu_lbfgs_params_default(&p);
	p.gtol = 1e-10;
	p.ftol = 0;
	p.m = 5;
	assert_int_equal(tu_lbfgs_minimize(rosen, NULL, x, 2, &p, NULL, &res,
					   NULL), TU_OK);
	assert_true(res.converged);
	assert_true(fabs(x[0] - 1) < 1e-6);
	assert_true(fabs(x[1] - 1) < 1e-6);
	assert_true(res.f < 1e-12);
}

static int calls;

static void count_progress(void *ud, const char *stage, size_t done,
			   size_t total)
{
	(void)ud;
	(void)total;
	assert_string_equal(stage, "lbfgs");
	assert_int_equal(done, (size_t)calls + 1);
	calls++;
}

static void test_max_iter_and_progress(void **state)
{
	struct tu_lbfgs_params p;
	struct tu_lbfgs_result res;
	struct tu_progress prog = { count_progress, NULL };
	double x[2] = { -1.2, 1.0 };

	(void)state;
	tu_lbfgs_params_default(&p);
	p.max_iter = 3;
	p.ftol = 0;
	p.gtol = 0;
	calls = 0;
	assert_int_equal(tu_lbfgs_minimize(rosen, NULL, x, 2, &p, &prog, &res,
					   NULL), TU_OK);
	assert_int_equal(res.iterations, 3);
	assert_int_equal(calls, 3);
	assert_false(res.converged);
	/* Each accepted step satisfied Armijo, so f went down from 24.2. */
	assert_true(res.f < 24.2);
}

static void test_bad_params(void **state)
{
	struct tu_lbfgs_params p;
	struct tu_err err = TU_ERR_INIT;
	double x[2] = { 0, 0 };

	(void)state;
	tu_lbfgs_params_default(&p);
	p.m = 0;
	assert_int_equal(tu_lbfgs_minimize(rosen, NULL, x, 2, &p, NULL, NULL,
					   &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "memory m"));
	tu_lbfgs_params_default(&p);
	assert_int_equal(tu_lbfgs_minimize(rosen, NULL, x, 0, &p, NULL, NULL,
					   &err), TU_EINVAL);
}

static double nan_fn(void *ud, const double *x, double *g, size_t n)
{
	(void)ud;
	(void)x;
	memset(g, 0, n * sizeof(*g));
	return NAN;
}

static void test_nonfinite_start(void **state)
{
	struct tu_lbfgs_params p;
	double x[1] = { 0 };

	(void)state;
	tu_lbfgs_params_default(&p);
	assert_int_equal(tu_lbfgs_minimize(nan_fn, NULL, x, 1, &p, NULL, NULL,
					   NULL), TU_EDATA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quadratic_known_minimum),
		cmocka_unit_test(test_rosenbrock),
		cmocka_unit_test(test_max_iter_and_progress),
		cmocka_unit_test(test_bad_params),
		cmocka_unit_test(test_nonfinite_start),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
