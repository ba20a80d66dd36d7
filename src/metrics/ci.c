/*
 * ci.c - means with 95 % Student t intervals over a handful of values
 * (seeds), and the same interval for paired differences.
 *
 * What it is: the summary statistics the simulated-cohort evaluation
 * (tutor/simeval.h) reports for every figure: mean, sample standard
 * deviation and mean +- t(0.975, n - 1) * sd / sqrt(n), with the t
 * quantile from a table for df 1..30 and the normal 1.96 beyond.
 *
 * What it is not: no bootstrap, no multiple-comparison correction, no
 * weighting.  Pure: no I/O, no allocation.
 */
#include <math.h>

#include "tutor/metrics.h"

/* t(0.975, df) for df = 1..30 (six decimals). */
static const double t975[30] = {
	12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912,
	2.364624, 2.306004, 2.262157, 2.228139, 2.200985, 2.178813,
	2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922,
	2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899,
	2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272
};

double tu_metric_t975(size_t df)
{
	if (df == 0)
		return (double)NAN;
	if (df <= 30)
		return t975[df - 1];
	return 1.96;
}

static void ci_empty(struct tu_ci *out)
{
	out->mean = out->sd = out->lo = out->hi = (double)NAN;
	out->n = 0;
}

/* Value i of x, or of a - b when b is non-NULL. */
static double value_at(const double *a, const double *b, size_t i)
{
	return b ? a[i] - b[i] : a[i];
}

/* The interval over the finite values of a (or of a - b). */
static enum tu_status ci_of(const double *a, const double *b, size_t n,
			    struct tu_ci *out, struct tu_err *err)
{
	double sum = 0, ss = 0, half;
	size_t k = 0;

	ci_empty(out);
	for (size_t i = 0; i < n; i++) {
		double v = value_at(a, b, i);

		if (isfinite(v)) {
			sum += v;
			k++;
		}
	}
	if (k == 0)
		return tu_err_set(err, TU_EDATA, "mean of no finite values");
	out->n = k;
	out->mean = sum / (double)k;
	if (k < 2)
		return TU_OK;
	for (size_t i = 0; i < n; i++) {
		double v = value_at(a, b, i);

		if (isfinite(v))
			ss += (v - out->mean) * (v - out->mean);
	}
	out->sd = sqrt(ss / (double)(k - 1));
	half = tu_metric_t975(k - 1) * out->sd / sqrt((double)k);
	out->lo = out->mean - half;
	out->hi = out->mean + half;
	return TU_OK;
}

enum tu_status tu_metric_mean_ci(const double *x, size_t n,
				 struct tu_ci *out, struct tu_err *err)
{
	return ci_of(x, NULL, n, out, err);
}

enum tu_status tu_metric_paired_ci(const double *a, const double *b,
				   size_t n, struct tu_ci *out,
				   struct tu_err *err)
{
	return ci_of(a, b, n, out, err);
}
