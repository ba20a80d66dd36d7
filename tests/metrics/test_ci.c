/* test_ci.c - means with t intervals and paired differences, by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>
#include "tutor/metrics.h"

#define NEAR(a, b, tol) assert_true(fabs((a) - (b)) < (tol))

static void test_t_table(void **state)
{
	(void)state;
	assert_true(isnan(tu_metric_t975(0)));
	NEAR(tu_metric_t975(1), 12.706205, 1e-9);
	NEAR(tu_metric_t975(4), 2.776445, 1e-9);
	NEAR(tu_metric_t975(30), 2.042272, 1e-9);
	NEAR(tu_metric_t975(31), 1.96, 1e-12);
	NEAR(tu_metric_t975(1000), 1.96, 1e-12);
}

/* 1..5: mean 3, sd sqrt(2.5), half-width 2.776445 * sqrt(2.5 / 5). */
static void test_five_values(void **state)
{
	const double x[] = { 4, 1, 5, 2, 3 };
	struct tu_ci ci;

	(void)state;
	assert_int_equal(tu_metric_mean_ci(x, 5, &ci, NULL), TU_OK);
	assert_int_equal(ci.n, 5);
	NEAR(ci.mean, 3.0, 1e-12);
	NEAR(ci.sd, 1.5811388300841898, 1e-12);
	NEAR(ci.lo, 3.0 - 1.9632432, 1e-6);
	NEAR(ci.hi, 3.0 + 1.9632432, 1e-6);
}

static void test_skips_non_finite(void **state)
{
	const double x[] = { 4, NAN, 1, 5, INFINITY, 2, 3 };
	struct tu_ci ci;

	(void)state;
	assert_int_equal(tu_metric_mean_ci(x, 7, &ci, NULL), TU_OK);
	assert_int_equal(ci.n, 5);
	NEAR(ci.hi, 4.9632432, 1e-6);
}

static void test_one_and_none(void **state)
{
	const double one[] = { 0.25 }, none[] = { NAN, NAN };
	struct tu_err err = TU_ERR_INIT;
	struct tu_ci ci;

	(void)state;
	assert_int_equal(tu_metric_mean_ci(one, 1, &ci, NULL), TU_OK);
	NEAR(ci.mean, 0.25, 1e-15);
	assert_true(isnan(ci.sd) && isnan(ci.lo) && isnan(ci.hi));
	assert_int_equal(tu_metric_mean_ci(none, 2, &ci, &err), TU_EDATA);
	assert_int_equal(ci.n, 0);
	assert_true(isnan(ci.mean));
	assert_int_equal(tu_metric_mean_ci(none, 0, &ci, NULL), TU_EDATA);
}

/* a - b = 1..5 even though a and b vary a lot: the paired interval is
 * the one of the differences, much narrower than either's. */
static void test_paired(void **state)
{
	const double a[] = { 11, 52, 13, 94, 35, NAN };
	const double b[] = { 10, 50, 10, 90, 30, 1 };
	struct tu_ci ci, ca;

	(void)state;
	assert_int_equal(tu_metric_paired_ci(a, b, 6, &ci, NULL), TU_OK);
	assert_int_equal(ci.n, 5);
	NEAR(ci.mean, 3.0, 1e-12);
	NEAR(ci.lo, 1.0367568, 1e-6);
	assert_int_equal(tu_metric_mean_ci(a, 5, &ca, NULL), TU_OK);
	assert_true(ca.hi - ca.lo > 10 * (ci.hi - ci.lo));
}

/* Equal values: zero width. */
static void test_constant(void **state)
{
	const double x[] = { 0.5, 0.5, 0.5 };
	struct tu_ci ci;

	(void)state;
	assert_int_equal(tu_metric_mean_ci(x, 3, &ci, NULL), TU_OK);
	NEAR(ci.sd, 0.0, 1e-15);
	NEAR(ci.lo, 0.5, 1e-15);
	NEAR(ci.hi, 0.5, 1e-15);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_t_table),
		cmocka_unit_test(test_five_values),
		cmocka_unit_test(test_skips_non_finite),
		cmocka_unit_test(test_one_and_none),
		cmocka_unit_test(test_paired),
		cmocka_unit_test(test_constant),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
