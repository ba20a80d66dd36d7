/*
 * summary.c - from per-seed cells to the report's figures: the mean and
 * 95 % t interval of every figure over seeds, the paired differences of
 * each condition from the full system, pooled reliability bins, the most
 * practised topics, the day curves, and the acceptance claims.
 *
 * What it is not: no running and no formatting.  Pure.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NAN_D ((double)NAN)

void tu_simeval_summary_init(struct tu_simeval_summary *s)
{
	memset(s, 0, sizeof(*s));
}

void tu_simeval_summary_release(struct tu_simeval_summary *s)
{
	for (int c = 0; c < TU_SIMEVAL_CONDS; c++)
		free(s->curve[c]);
	tu_simeval_summary_init(s);
}

/* The interval over x[0..n-1]; all NaN when no value is defined. */
static struct tu_ci ci_over(const double *x, size_t n)
{
	struct tu_ci ci;

	(void)tu_metric_mean_ci(x, n, &ci, NULL);
	return ci;
}

static struct tu_ci ci_paired(const double *a, const double *b, size_t n)
{
	struct tu_ci ci;

	(void)tu_metric_paired_ci(a, b, n, &ci, NULL);
	return ci;
}

/* One double per seed, picked from each cell by `at`. */
struct pick {
	const struct tu_simeval_cell *cells;
	uint32_t seeds;
};

#define GATHER(dst, pk, expr)                                          \
	do {                                                           \
		for (uint32_t s_ = 0; s_ < (pk).seeds; s_++) {         \
			const struct tu_simeval_cell *c_ =             \
				&(pk).cells[s_];                       \
			(dst)[s_] = (expr);                            \
		}                                                      \
	} while (0)

static void sum_metrics(const struct tu_simeval_data *d, double *a,
			double *b, struct tu_simeval_summary *s)
{
	struct pick full = { d->cells[TU_COND_FULL], d->seeds };

	for (int c = 0; c < TU_SIMEVAL_CONDS; c++) {
		struct pick pk = { d->cells[c], d->seeds };

		if (!(s->conds & TU_COND_BIT(c)))
			continue;
		for (int m = 0; m < TU_SM_METRICS; m++) {
			GATHER(a, pk, c_->m[m]);
			GATHER(b, full, c_->m[m]);
			s->m[c][m] = ci_over(a, d->seeds);
			s->diff[c][m] = ci_paired(a, b, d->seeds);
		}
	}
}

static void sum_levels(const struct tu_simeval_data *d, double *a,
		       struct tu_simeval_summary *s)
{
	struct pick full = { d->cells[TU_COND_FULL], d->seeds };

	for (int lv = 0; lv < TU_SIM_LEVELS; lv++) {
		for (int k = 0; k < TU_SIMEVAL_GAINS; k++) {
			GATHER(a, full, c_->level_gain[k][lv]);
			s->level_gain[k][lv] = ci_over(a, d->seeds);
		}
		GATHER(a, full, c_->level_n[lv]);
		s->level_n[lv] = ci_over(a, d->seeds);
	}
	for (int f = 0; f < TU_SIMEVAL_FAIRS; f++)
		for (int k = 0; k < TU_SIMEVAL_DECILES; k++) {
			GATHER(a, full, c_->decile[f][k]);
			s->decile[f][k] = ci_over(a, d->seeds);
		}
}

/* Wilson score interval for k ones in n (tutor/metrics.h). */
static void wilson(double k, double n, double *lo, double *hi)
{
	const double z = TU_WILSON_Z95;
	double c, h;

	if (n <= 0) {
		*lo = 0;
		*hi = 1;
		return;
	}
	c = k + z * z / 2;
	h = z * sqrt(k * (n - k) / n + z * z / 4);
	*lo = fmax(0, (c - h) / (n + z * z));
	*hi = fmin(1, (c + h) / (n + z * z));
}

static void pool_bins(const struct tu_simeval_data *d, bool recall,
		      struct tu_reliability_bin *out, size_t *total)
{
	const struct tu_simeval_cell *cells = d->cells[TU_COND_FULL];

	*total = 0;
	for (size_t b = 0; b < TU_SIMEVAL_BINS; b++) {
		double sp = 0, sy = 0;
		size_t n = 0;

		for (uint32_t s = 0; s < d->seeds; s++) {
			const struct tu_simeval_bin_sum *x = recall ?
				&cells[s].recall_bins[b] :
				&cells[s].mastery_bins[b];

			n += x->n;
			sp += x->sum_p;
			sy += x->sum_y;
		}
		out[b].lo = (double)b / TU_SIMEVAL_BINS;
		out[b].hi = (double)(b + 1) / TU_SIMEVAL_BINS;
		out[b].n = n;
		out[b].mean_p = n ? sp / (double)n : NAN_D;
		out[b].mean_y = n ? sy / (double)n : NAN_D;
		wilson(sy, (double)n, &out[b].y_lo, &out[b].y_hi);
		*total += n;
	}
}

/* Ranks topics by mean share (descending), ties by index. */
static void top_topics(const struct tu_simeval_data *d, double *a,
		       struct tu_simeval_summary *s)
{
	struct pick full = { d->cells[TU_COND_FULL], d->seeds };

	s->n_top = 0;
	for (size_t t = 0; t < d->n_topics; t++) {
		struct tu_simeval_topic cand;
		size_t k;

		GATHER(a, full, c_->topic_share[t]);
		cand.share = ci_over(a, d->seeds);
		if (!isfinite(cand.share.mean))
			continue;
		memcpy(cand.id, d->topics[t], sizeof(cand.id));
		k = s->n_top;
		while (k > 0 && s->top[k - 1].share.mean < cand.share.mean)
			k--;
		if (k >= TU_SIMEVAL_TOP_TOPICS)
			continue;
		if (s->n_top < TU_SIMEVAL_TOP_TOPICS)
			s->n_top++;
		memmove(&s->top[k + 1], &s->top[k],
			(s->n_top - 1 - k) * sizeof(s->top[0]));
		s->top[k] = cand;
	}
}

static enum tu_status curves(const struct tu_simeval_data *d, double *a,
			     struct tu_simeval_summary *s,
			     struct tu_err *err)
{
	static const enum tu_simeval_cond which[] = {
		TU_COND_FULL, TU_COND_RANDOM, TU_COND_LINEAR
	};

	for (size_t i = 0; i < sizeof(which) / sizeof(which[0]); i++) {
		struct pick pk = { d->cells[which[i]], d->seeds };
		size_t w = (size_t)d->days + 1;

		if (!(s->conds & TU_COND_BIT(which[i])))
			continue;
		s->curve[which[i]] = calloc(w, sizeof(struct tu_ci));
		if (!s->curve[which[i]])
			return tu_err_set(err, TU_ENOMEM,
					  "simeval: out of memory");
		for (size_t day = 0; day < w; day++) {
			GATHER(a, pk, c_->curve[day]);
			s->curve[which[i]][day] = ci_over(a, d->seeds);
		}
	}
	return TU_OK;
}

static void claim(struct tu_simeval_claim *c, bool ran, struct tu_ci v,
		  bool pass)
{
	c->value = v;
	c->verdict = !ran ? TU_VERDICT_SKIP :
		pass ? TU_VERDICT_PASS : TU_VERDICT_FAIL;
}

/* The negated interval (b - a from a - b). */
static struct tu_ci ci_neg(struct tu_ci c)
{
	struct tu_ci r = c;

	r.mean = -c.mean;
	r.lo = -c.hi;
	r.hi = -c.lo;
	return r;
}

static void claims(struct tu_simeval_summary *s)
{
	struct tu_ci cur = ci_neg(s->diff[TU_COND_RANDOM][TU_SM_HELD_GAIN]);
	struct tu_ci cov = s->m[TU_COND_FULL][TU_SM_COV_COHORT];
	struct tu_ci hin = ci_neg(s->diff[TU_COND_NO_HINTS][TU_SM_SOLVE_RATE]);

	claim(&s->claims[TU_CLAIM_CURATOR_HELD],
	      s->experiments & TU_SIMEVAL_BIT(TU_SIMEVAL_POLICIES), cur,
	      cur.lo > 0);
	claim(&s->claims[TU_CLAIM_COVERAGE],
	      s->experiments & TU_SIMEVAL_BIT(TU_SIMEVAL_COVERAGE), cov,
	      cov.mean >= 0.9);
	claim(&s->claims[TU_CLAIM_HINTS_SOLVE],
	      s->experiments & TU_SIMEVAL_BIT(TU_SIMEVAL_HINTS), hin,
	      hin.lo > 0);
}

static enum tu_status check_data(const struct tu_simeval_data *d,
				 uint32_t experiments, struct tu_err *err)
{
	uint32_t need = tu_simeval_conds_needed(experiments);

	if (!experiments || (experiments & ~TU_SIMEVAL_ALL))
		return tu_err_set(err, TU_EINVAL, "simeval: no or unknown "
				  "experiments (mask 0x%x)", experiments);
	for (int c = 0; c < TU_SIMEVAL_CONDS; c++) {
		if (!(need & TU_COND_BIT(c)))
			continue;
		for (uint32_t s = 0; s < d->seeds; s++)
			if (!d->cells[c] || !d->cells[c][s].filled)
				return tu_err_set(err, TU_EINVAL, "simeval: "
						  "no result for %s, seed "
						  "#%u",
						  tu_simeval_cond_name(
							  (enum tu_simeval_cond)c),
						  s + 1);
	}
	return TU_OK;
}

enum tu_status tu_simeval_summarize(const struct tu_simeval_data *d,
				    uint32_t experiments,
				    struct tu_simeval_summary *s,
				    struct tu_err *err)
{
	enum tu_status st = check_data(d, experiments, err);
	double *a, *b;

	tu_simeval_summary_release(s);
	if (st)
		return st;
	a = malloc(d->seeds * sizeof(double));
	b = malloc(d->seeds * sizeof(double));
	if (!a || !b) {
		free(a);
		free(b);
		return tu_err_set(err, TU_ENOMEM, "simeval: out of memory");
	}
	s->experiments = experiments;
	s->conds = tu_simeval_conds_needed(experiments);
	s->seeds = d->seeds;
	s->days = d->days;
	s->n_topics = d->n_topics;
	sum_metrics(d, a, b, s);
	sum_levels(d, a, s);
	pool_bins(d, false, s->mastery_bins, &s->n_mastery);
	pool_bins(d, true, s->recall_bins, &s->n_recall);
	top_topics(d, a, s);
	st = curves(d, a, s, err);
	claims(s);
	free(a);
	free(b);
	if (st)
		tu_simeval_summary_release(s);
	return st;
}

unsigned tu_simeval_claims_failed(const struct tu_simeval_summary *s)
{
	unsigned n = 0;

	for (int i = 0; i < TU_SIMEVAL_CLAIMS; i++)
		n += s->claims[i].verdict == TU_VERDICT_FAIL;
	return n;
}
