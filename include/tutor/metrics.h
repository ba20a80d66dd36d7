/*
 * tutor/metrics.h - evaluation metrics for probabilistic predictions and
 * rankings, defined exactly as docs/metrics.md states them.
 *
 * Calibration metrics take predictions p[i] in [0,1] made *before* the
 * outcome y[i] in {0,1} was seen.  All arrays are borrowed: the functions
 * never keep a pointer after returning.  Functions that need scratch memory
 * allocate it and free it before returning; they report TU_ENOMEM then.
 *
 * Pure code: no I/O, no globals.  Not a plotting module.
 */
#ifndef TUTOR_METRICS_H
#define TUTOR_METRICS_H

#include <stddef.h>
#include "tutor/err.h"

/* Clipping used by tu_metric_log_loss when eps <= 0 is passed. */
#define TU_LOG_LOSS_EPS 1e-15
/* Number of equal-width bins on [0,1] used by tu_metric_report's ECE. */
#define TU_ECE_BINS 10

/*
 * AUC = P(p of a random positive > p of a random negative), ties count 1/2
 * (Mann-Whitney U / (n+ * n-)).  O(n log n).  TU_EDATA when n == 0 or only
 * one class is present; TU_EINVAL when a y is not 0/1 or a p is NaN.
 */
enum tu_status tu_metric_auc(const double *p, const int *y, size_t n,
			     double *out, struct tu_err *err);

/* Brier score: mean of (p - y)^2.  0 when n == 0. */
double tu_metric_brier(const double *p, const int *y, size_t n);

/* Root mean squared error sqrt(brier).  0 when n == 0. */
double tu_metric_rmse(const double *p, const int *y, size_t n);

/* Mean log loss with p clipped to [eps, 1-eps]; eps <= 0 means
 * TU_LOG_LOSS_EPS.  0 when n == 0. */
double tu_metric_log_loss(const double *p, const int *y, size_t n, double eps);

/* Accuracy at threshold 0.5 (p >= 0.5 predicts 1).  0 when n == 0. */
double tu_metric_accuracy(const double *p, const int *y, size_t n);

/*
 * Expected calibration error with `bins` equal-width bins on [0,1]; bin b
 * holds p in [b/B, (b+1)/B), the last bin also holds p == 1.  ECE =
 * sum_b (n_b/N) |mean(y)_b - mean(p)_b|.  0 when n == 0 or bins == 0.
 */
double tu_metric_ece(const double *p, const int *y, size_t n, size_t bins);

/* z for a two-sided 95 % normal interval, used by the Wilson bounds. */
#define TU_WILSON_Z95 1.959963984540054

/* One bin of a reliability diagram (tu_metric_reliability). */
struct tu_reliability_bin {
	double lo, hi;     /* bin edges b/B and (b+1)/B */
	size_t n;          /* predictions in the bin */
	double mean_p;     /* mean prediction; NaN when n == 0 */
	double mean_y;     /* observed rate; NaN when n == 0 */
	double y_lo, y_hi; /* Wilson 95 % interval of mean_y; 0 and 1 when
			    * n == 0 */
};

/*
 * Reliability-diagram bins: the `bins` equal-width bins of tu_metric_ece
 * (bin b holds p in [b/B, (b+1)/B), the last also p == 1) with count, mean
 * p, mean y and the Wilson score interval for mean y with z =
 * TU_WILSON_Z95: (k + z^2/2 +- z sqrt(k(n-k)/n + z^2/4)) / (n + z^2) for k
 * ones in n, clamped to [0,1].  Fills out[0..bins-1] (caller-owned).
 * TU_EINVAL when bins == 0, a y is not 0/1 or a p is NaN (out unchanged);
 * n == 0 gives all-empty bins.
 */
enum tu_status tu_metric_reliability(const double *p, const int *y, size_t n,
				     size_t bins,
				     struct tu_reliability_bin *out,
				     struct tu_err *err);

/*
 * RMSE(bins) as in srs-benchmark (utils.rmse_matrix): each review is
 * bucketed by (elapsed days t, review index i >= 1, lapse count l):
 *   t -> round(2.48 * 3.62^floor(ln(max(t,1e-6)) / ln 3.62), 2)
 *   i -> round(1.99 * 1.89^floor(ln i / ln 1.89))
 *   l -> l == 0 ? 0 : round(1.65 * 1.73^floor(ln l / ln 1.73))
 * then sqrt(sum_b n_b (mean(y)_b - mean(p)_b)^2 / sum_b n_b).
 */
enum tu_status tu_metric_rmse_bins(const double *p, const int *y,
				   const double *elapsed_days,
				   const int *review_index, const int *lapses,
				   size_t n, double *out, struct tu_err *err);

/*
 * NDCG@k for one ranked list: rel[i] is the graded relevance (>= 0) of the
 * item ranked at position i (0 = top).  DCG = sum_{i<k} (2^rel - 1) /
 * log2(i + 2); the ideal DCG sorts all n relevances descending.  Returns 0
 * when the ideal DCG is 0.
 */
double tu_metric_ndcg_at_k(const double *rel, size_t n, size_t k);

/* Precision@k: share of the top min(k, n) ranked items with rel > 0.
 * P@1 is tu_metric_precision_at_k(rel, n, 1).  0 when n == 0 or k == 0. */
double tu_metric_precision_at_k(const double *rel, size_t n, size_t k);

/*
 * Coverage: the share of the universe ids 0..universe-1 that occur at
 * least once in ids[0..n-1].  Ids >= universe are ignored.  TU_ENOMEM on
 * allocation failure; TU_EINVAL when universe == 0.
 */
enum tu_status tu_metric_coverage(const size_t *ids, size_t n,
				  size_t universe, double *out,
				  struct tu_err *err);

/*
 * Interquartile range Q3 - Q1 of x with linear interpolation between
 * order statistics (numpy's default, Hyndman-Fan type 7).  Also gives the
 * median when median != NULL.  TU_EDATA when n == 0.
 */
enum tu_status tu_metric_iqr(const double *x, size_t n, double *iqr,
			     double *median, struct tu_err *err);

/* Quantile q in [0,1] of x, type 7.  TU_EDATA when n == 0. */
enum tu_status tu_metric_quantile(const double *x, size_t n, double q,
				  double *out, struct tu_err *err);

/* A mean with its two-sided 95 % Student t interval (src/metrics/ci.c). */
struct tu_ci {
	double mean;     /* mean of the finite values; NaN when n == 0 */
	double sd;       /* sample standard deviation (divisor n - 1); NaN
			    when n < 2 */
	double lo, hi;   /* mean -+ tu_metric_t975(n - 1) * sd / sqrt(n);
			    NaN when n < 2 */
	size_t n;        /* finite values used */
};

/* The 0.975 quantile of Student's t with df degrees of freedom: a
 * six-decimal table for df 1..30, 1.96 beyond, NaN for df == 0. */
double tu_metric_t975(size_t df);

/*
 * Mean, sample sd and 95 % t interval of the finite values of x[0..n-1]
 * (NaN and infinite values are skipped: a seed where a figure is
 * undefined does not count).  TU_EDATA when no value is finite (out is
 * then all NaN with n = 0); one value gives its mean with NaN sd and
 * interval.
 */
enum tu_status tu_metric_mean_ci(const double *x, size_t n,
				 struct tu_ci *out, struct tu_err *err);

/* The same over the paired differences a[i] - b[i] (pairs where either
 * is not finite are skipped): the interval of a - b on the same seeds. */
enum tu_status tu_metric_paired_ci(const double *a, const double *b,
				   size_t n, struct tu_ci *out,
				   struct tu_err *err);

/* Everything `tutor eval calibration` prints for one model. */
struct tu_calib_report {
	size_t n;
	double auc;       /* NaN when undefined (one class) */
	double brier;
	double ece;       /* TU_ECE_BINS equal-width bins */
	double log_loss;  /* eps = TU_LOG_LOSS_EPS */
	double rmse;
	double accuracy;
	double mean_p;
	double mean_y;
};

/* Fills rep from p and y.  Errors as tu_metric_auc, except that one
 * class only is not an error (auc is NaN then). */
enum tu_status tu_metric_report(const double *p, const int *y, size_t n,
				struct tu_calib_report *rep,
				struct tu_err *err);

#endif
