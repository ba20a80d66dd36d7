/*
 * metrics.c - evaluation metrics (contract in tutor/metrics.h; definitions
 * and the choices behind them in docs/metrics.md).
 *
 * Pure: no I/O, no globals.  Scratch memory is allocated per call and
 * freed before returning.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/metrics.h"

struct scored {
	double p;
	int y;
};

static int cmp_scored(const void *a, const void *b)
{
	double pa = ((const struct scored *)a)->p;
	double pb = ((const struct scored *)b)->p;

	return (pa > pb) - (pa < pb);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static enum tu_status check_pairs(const double *p, const int *y, size_t n,
				  struct tu_err *err)
{
	for (size_t i = 0; i < n; i++) {
		if (y[i] != 0 && y[i] != 1)
			return tu_err_set(err, TU_EINVAL,
					  "outcome %zu: must be 0 or 1, got %d",
					  i, y[i]);
		if (isnan(p[i]))
			return tu_err_set(err, TU_EINVAL,
					  "prediction %zu: NaN", i);
	}
	return TU_OK;
}

/*
 * Mann-Whitney: sort by p, give tied groups their average rank, sum the
 * ranks of the positives.  AUC = (R+ - n+(n+ + 1)/2) / (n+ n-).
 */
static double auc_from_sorted(const struct scored *s, size_t n,
			      double n_pos, double n_neg)
{
	double rank_sum = 0;
	size_t i = 0;

	while (i < n) {
		size_t j = i;
		double pos = 0, avg_rank;

		while (j < n && s[j].p == s[i].p) {
			pos += s[j].y;
			j++;
		}
		/* ranks i+1 .. j, average (i + 1 + j) / 2 */
		avg_rank = ((double)i + 1.0 + (double)j) / 2.0;
		rank_sum += pos * avg_rank;
		i = j;
	}
	return (rank_sum - n_pos * (n_pos + 1.0) / 2.0) / (n_pos * n_neg);
}

enum tu_status tu_metric_auc(const double *p, const int *y, size_t n,
			     double *out, struct tu_err *err)
{
	struct scored *s;
	double n_pos = 0;
	enum tu_status st = check_pairs(p, y, n, err);

	if (st)
		return st;
	for (size_t i = 0; i < n; i++)
		n_pos += y[i];
	if (n == 0 || n_pos == 0 || n_pos == (double)n)
		return tu_err_set(err, TU_EDATA,
				  "AUC needs both outcomes; got %zu rows with "
				  "%.0f positive", n, n_pos);
	s = malloc(n * sizeof(*s));
	if (!s)
		return tu_err_set(err, TU_ENOMEM, "AUC: out of memory");
	for (size_t i = 0; i < n; i++) {
		s[i].p = p[i];
		s[i].y = y[i];
	}
	qsort(s, n, sizeof(*s), cmp_scored);
	*out = auc_from_sorted(s, n, n_pos, (double)n - n_pos);
	free(s);
	return TU_OK;
}

double tu_metric_brier(const double *p, const int *y, size_t n)
{
	double sum = 0;

	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		double d = p[i] - y[i];

		sum += d * d;
	}
	return sum / (double)n;
}

double tu_metric_rmse(const double *p, const int *y, size_t n)
{
	return sqrt(tu_metric_brier(p, y, n));
}

double tu_metric_log_loss(const double *p, const int *y, size_t n, double eps)
{
	double sum = 0;

	if (n == 0)
		return 0;
	if (eps <= 0)
		eps = TU_LOG_LOSS_EPS;
	for (size_t i = 0; i < n; i++) {
		double q = fmin(fmax(p[i], eps), 1.0 - eps);

		sum += y[i] ? -log(q) : -log1p(-q);
	}
	return sum / (double)n;
}

double tu_metric_accuracy(const double *p, const int *y, size_t n)
{
	size_t hit = 0;

	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		hit += (p[i] >= 0.5) == (y[i] == 1);
	return (double)hit / (double)n;
}

static size_t ece_bin(double p, size_t bins)
{
	double b = floor(p * (double)bins);

	if (!(b >= 0))
		return 0;
	if (b >= (double)bins)
		return bins - 1;
	return (size_t)b;
}

double tu_metric_ece(const double *p, const int *y, size_t n, size_t bins)
{
	double *acc;
	double ece = 0;

	if (n == 0 || bins == 0)
		return 0;
	acc = calloc(3 * bins, sizeof(*acc)); /* count, sum p, sum y */
	if (!acc)
		return (double)NAN;
	for (size_t i = 0; i < n; i++) {
		size_t b = ece_bin(p[i], bins);

		acc[3 * b] += 1;
		acc[3 * b + 1] += p[i];
		acc[3 * b + 2] += y[i];
	}
	for (size_t b = 0; b < bins; b++)
		if (acc[3 * b] > 0)
			ece += fabs(acc[3 * b + 2] - acc[3 * b + 1]) /
			       (double)n;
	free(acc);
	return ece;
}

/* Wilson score interval for k successes in n > 0 trials. */
static void wilson(double k, double n, double *lo, double *hi)
{
	const double z = TU_WILSON_Z95, z2 = z * z;
	double mid = k + z2 / 2, half = z * sqrt(k * (n - k) / n + z2 / 4);

	*lo = fmax(0.0, (mid - half) / (n + z2));
	*hi = fmin(1.0, (mid + half) / (n + z2));
}

static void reliability_finish(struct tu_reliability_bin *r)
{
	double k = r->mean_y, cnt = (double)r->n;

	if (r->n == 0) {
		r->mean_p = r->mean_y = (double)NAN;
		r->y_lo = 0;
		r->y_hi = 1;
		return;
	}
	r->mean_p /= cnt;
	r->mean_y = k / cnt;
	wilson(k, cnt, &r->y_lo, &r->y_hi);
}

enum tu_status tu_metric_reliability(const double *p, const int *y, size_t n,
				     size_t bins,
				     struct tu_reliability_bin *out,
				     struct tu_err *err)
{
	enum tu_status st = check_pairs(p, y, n, err);

	if (st)
		return st;
	if (bins == 0)
		return tu_err_set(err, TU_EINVAL, "reliability: 0 bins");
	for (size_t b = 0; b < bins; b++) {
		memset(&out[b], 0, sizeof(out[b]));
		out[b].lo = (double)b / (double)bins;
		out[b].hi = (double)(b + 1) / (double)bins;
	}
	for (size_t i = 0; i < n; i++) {
		struct tu_reliability_bin *r = &out[ece_bin(p[i], bins)];

		r->n++;
		r->mean_p += p[i];   /* sums until reliability_finish */
		r->mean_y += y[i];
	}
	for (size_t b = 0; b < bins; b++)
		reliability_finish(&out[b]);
	return TU_OK;
}

struct bin_key {
	double t, i, l;
	double p;
	int y;
};

static int cmp_bin_key(const void *a, const void *b)
{
	const struct bin_key *x = a, *z = b;

	if (x->t != z->t)
		return (x->t > z->t) - (x->t < z->t);
	if (x->i != z->i)
		return (x->i > z->i) - (x->i < z->i);
	return (x->l > z->l) - (x->l < z->l);
}

/* round(base * growth^floor(ln x / ln growth)), to `digits` decimals. */
static double srs_bucket(double x, double base, double growth, int digits)
{
	double k = floor(log(x) / log(growth));
	double v = base * pow(growth, k);
	double scale = digits == 2 ? 100.0 : 1.0;

	return nearbyint(v * scale) / scale;
}

static void fill_bin_key(struct bin_key *k, double t, int idx, int lapses)
{
	k->t = srs_bucket(fmax(t, 1e-6), 2.48, 3.62, 2);
	k->i = srs_bucket((double)idx, 1.99, 1.89, 0);
	k->l = lapses == 0 ? 0 : srs_bucket((double)lapses, 1.65, 1.73, 0);
}

static double rmse_over_groups(const struct bin_key *k, size_t n)
{
	double num = 0;
	size_t i = 0;

	while (i < n) {
		size_t j = i;
		double sp = 0, sy = 0, cnt;

		while (j < n && cmp_bin_key(&k[i], &k[j]) == 0) {
			sp += k[j].p;
			sy += k[j].y;
			j++;
		}
		cnt = (double)(j - i);
		num += cnt * (sy / cnt - sp / cnt) * (sy / cnt - sp / cnt);
		i = j;
	}
	return sqrt(num / (double)n);
}

enum tu_status tu_metric_rmse_bins(const double *p, const int *y,
				   const double *elapsed_days,
				   const int *review_index, const int *lapses,
				   size_t n, double *out, struct tu_err *err)
{
	struct bin_key *k;
	enum tu_status st = check_pairs(p, y, n, err);

	if (st)
		return st;
	if (n == 0)
		return tu_err_set(err, TU_EDATA, "RMSE(bins): no reviews");
	for (size_t i = 0; i < n; i++)
		if (review_index[i] < 1 || lapses[i] < 0 ||
		    isnan(elapsed_days[i]))
			return tu_err_set(err, TU_EINVAL,
					  "RMSE(bins): review %zu: index must "
					  "be >= 1, lapses >= 0, elapsed a "
					  "number", i);
	k = malloc(n * sizeof(*k));
	if (!k)
		return tu_err_set(err, TU_ENOMEM, "RMSE(bins): out of memory");
	for (size_t i = 0; i < n; i++) {
		fill_bin_key(&k[i], elapsed_days[i], review_index[i],
			     lapses[i]);
		k[i].p = p[i];
		k[i].y = y[i];
	}
	qsort(k, n, sizeof(*k), cmp_bin_key);
	*out = rmse_over_groups(k, n);
	free(k);
	return TU_OK;
}

static double dcg(const double *rel, size_t k)
{
	double sum = 0;

	for (size_t i = 0; i < k; i++)
		sum += (pow(2.0, rel[i]) - 1.0) / log2((double)i + 2.0);
	return sum;
}

static int cmp_double_desc(const void *a, const void *b)
{
	return cmp_double(b, a);
}

double tu_metric_ndcg_at_k(const double *rel, size_t n, size_t k)
{
	double *ideal;
	double idcg, result;

	if (k > n)
		k = n;
	if (k == 0)
		return 0;
	ideal = malloc(n * sizeof(*ideal));
	if (!ideal)
		return (double)NAN;
	memcpy(ideal, rel, n * sizeof(*ideal));
	qsort(ideal, n, sizeof(*ideal), cmp_double_desc);
	idcg = dcg(ideal, k);
	result = idcg > 0 ? dcg(rel, k) / idcg : 0;
	free(ideal);
	return result;
}

double tu_metric_precision_at_k(const double *rel, size_t n, size_t k)
{
	size_t hit = 0;

	if (k > n)
		k = n;
	if (k == 0)
		return 0;
	for (size_t i = 0; i < k; i++)
		hit += rel[i] > 0;
	return (double)hit / (double)k;
}

enum tu_status tu_metric_coverage(const size_t *ids, size_t n,
				  size_t universe, double *out,
				  struct tu_err *err)
{
	unsigned char *seen;
	size_t covered = 0;

	if (universe == 0)
		return tu_err_set(err, TU_EINVAL, "coverage: empty universe");
	seen = calloc(universe, 1);
	if (!seen)
		return tu_err_set(err, TU_ENOMEM, "coverage: out of memory");
	for (size_t i = 0; i < n; i++) {
		if (ids[i] < universe && !seen[ids[i]]) {
			seen[ids[i]] = 1;
			covered++;
		}
	}
	free(seen);
	*out = (double)covered / (double)universe;
	return TU_OK;
}

static double quantile_sorted(const double *s, size_t n, double q)
{
	double h = (double)(n - 1) * q;
	double lo = floor(h);
	size_t i = (size_t)lo;

	if (i + 1 >= n)
		return s[n - 1];
	return s[i] + (h - lo) * (s[i + 1] - s[i]);
}

static enum tu_status sorted_copy(const double *x, size_t n, double **out,
				  struct tu_err *err)
{
	double *s;

	if (n == 0)
		return tu_err_set(err, TU_EDATA, "quantile of no values");
	for (size_t i = 0; i < n; i++)
		if (isnan(x[i]))
			return tu_err_set(err, TU_EINVAL,
					  "quantile: value %zu is NaN", i);
	s = malloc(n * sizeof(*s));
	if (!s)
		return tu_err_set(err, TU_ENOMEM, "quantile: out of memory");
	memcpy(s, x, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	*out = s;
	return TU_OK;
}

enum tu_status tu_metric_quantile(const double *x, size_t n, double q,
				  double *out, struct tu_err *err)
{
	double *s;
	enum tu_status st;

	if (!(q >= 0 && q <= 1))
		return tu_err_set(err, TU_EINVAL,
				  "quantile: q must be in [0,1]");
	st = sorted_copy(x, n, &s, err);
	if (st)
		return st;
	*out = quantile_sorted(s, n, q);
	free(s);
	return TU_OK;
}

enum tu_status tu_metric_iqr(const double *x, size_t n, double *iqr,
			     double *median, struct tu_err *err)
{
	double *s;
	enum tu_status st = sorted_copy(x, n, &s, err);

	if (st)
		return st;
	*iqr = quantile_sorted(s, n, 0.75) - quantile_sorted(s, n, 0.25);
	if (median)
		*median = quantile_sorted(s, n, 0.5);
	free(s);
	return TU_OK;
}

enum tu_status tu_metric_report(const double *p, const int *y, size_t n,
				struct tu_calib_report *rep,
				struct tu_err *err)
{
	double sp = 0, sy = 0;
	enum tu_status st = check_pairs(p, y, n, err);

	if (st)
		return st;
	memset(rep, 0, sizeof(*rep));
	rep->n = n;
	rep->auc = (double)NAN;
	st = tu_metric_auc(p, y, n, &rep->auc, NULL);
	if (st == TU_ENOMEM)
		return tu_err_set(err, st, "metrics: out of memory");
	rep->brier = tu_metric_brier(p, y, n);
	rep->ece = tu_metric_ece(p, y, n, TU_ECE_BINS);
	rep->log_loss = tu_metric_log_loss(p, y, n, TU_LOG_LOSS_EPS);
	rep->rmse = sqrt(rep->brier);
	rep->accuracy = tu_metric_accuracy(p, y, n);
	for (size_t i = 0; i < n; i++) {
		sp += p[i];
		sy += y[i];
	}
	rep->mean_p = n ? sp / (double)n : 0;
	rep->mean_y = n ? sy / (double)n : 0;
	return TU_OK;
}
