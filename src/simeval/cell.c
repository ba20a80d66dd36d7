/*
 * cell.c - reduces one simulated run (struct tu_sim_result) to the
 * per-seed figures of struct tu_simeval_cell, and the data set of cells.
 *
 * What it is: the exact metric definitions of docs/eval-sim.md (gains,
 * rates, time to mastery, engagement, calibration of result.mastery and
 * result.recall, coverage, decile figures, the day curve).
 * What it is not: no intervals (summary.c), no I/O.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NAN_D ((double)NAN)

static double ratio(double num, double den)
{
	return den > 0 ? num / den : NAN_D;
}

/* ---- learners ---------------------------------------------------- */

static void fill_gains(struct tu_simeval_cell *c,
		       const struct tu_sim_result *r)
{
	double sum[TU_SIMEVAL_GAINS][TU_SIM_LEVELS + 1] = { { 0 } };
	double n[TU_SIM_LEVELS + 1] = { 0 };

	for (uint32_t i = 0; i < r->n_learners; i++) {
		const struct tu_sim_learner *l = &r->learners[i];
		unsigned lv = (unsigned)l->level < TU_SIM_LEVELS ?
			(unsigned)l->level : 0;
		double g[TU_SIMEVAL_GAINS] = {
			l->true_post - l->true_pre,
			l->held_post - l->held_pre,
			l->est_post - l->est_pre
		};

		for (int k = 0; k < TU_SIMEVAL_GAINS; k++) {
			sum[k][lv] += g[k];
			sum[k][TU_SIM_LEVELS] += g[k];
		}
		n[lv] += 1;
		n[TU_SIM_LEVELS] += 1;
	}
	for (int k = 0; k < TU_SIMEVAL_GAINS; k++)
		for (int lv = 0; lv < TU_SIM_LEVELS; lv++)
			c->level_gain[k][lv] = ratio(sum[k][lv], n[lv]);
	for (int lv = 0; lv < TU_SIM_LEVELS; lv++)
		c->level_n[lv] = n[lv];
	c->m[TU_SM_TRUE_GAIN] = ratio(sum[TU_GAIN_TRUE][TU_SIM_LEVELS],
				      n[TU_SIM_LEVELS]);
	c->m[TU_SM_HELD_GAIN] = ratio(sum[TU_GAIN_HELD][TU_SIM_LEVELS],
				      n[TU_SIM_LEVELS]);
	c->m[TU_SM_EST_GAIN] = ratio(sum[TU_GAIN_EST][TU_SIM_LEVELS],
				     n[TU_SIM_LEVELS]);
}

static void fill_rates(struct tu_simeval_cell *c,
		       const struct tu_sim_result *r)
{
	double problems = 0, solved = 0, att = 0, att_ok = 0, hinted = 0;
	double hinted_ok = 0, mday = 0, reached = 0, dropped = 0, days = 0;

	for (uint32_t i = 0; i < r->n_learners; i++) {
		const struct tu_sim_learner *l = &r->learners[i];

		problems += l->problems;
		solved += l->solved;
		att += l->attempts;
		att_ok += l->attempts_ok;
		hinted += l->hinted;
		hinted_ok += l->hinted_solved;
		if (l->mastery_day != UINT32_MAX) {
			mday += l->mastery_day;
			reached += 1;
		}
		if (l->dropped_day != UINT32_MAX)
			dropped += 1;
		days += l->active_days;
	}
	c->m[TU_SM_SOLVE_RATE] = ratio(solved, problems);
	c->m[TU_SM_ATTEMPT_OK] = ratio(att_ok, att);
	c->m[TU_SM_HINTED_OK] = ratio(hinted_ok, hinted);
	c->m[TU_SM_MASTERY_DAY] = ratio(mday, reached);
	c->m[TU_SM_MASTERY_SHARE] = ratio(reached, (double)r->n_learners);
	c->m[TU_SM_DROPOUT] = ratio(dropped, (double)r->n_learners);
	c->m[TU_SM_ACTIVE_DAYS] = ratio(days, (double)r->n_learners);
}

/* ---- predictions ------------------------------------------------- */

static void add_bins(struct tu_simeval_bin_sum *bins,
		     const struct tu_sim_pred *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		double b = floor(p[i].p * TU_SIMEVAL_BINS);
		size_t k;

		if (!(p[i].p >= 0 && p[i].p <= 1))
			continue;
		k = b >= TU_SIMEVAL_BINS ? TU_SIMEVAL_BINS - 1 : (size_t)b;
		bins[k].n++;
		bins[k].sum_p += p[i].p;
		bins[k].sum_y += p[i].y ? 1.0 : 0.0;
	}
}

/* Pearson r of p and truth; NaN when either is constant or n < 2. */
static double pearson(const struct tu_sim_pred *p, size_t n)
{
	double mp = 0, mt = 0, sxy = 0, sxx = 0, syy = 0;

	if (n < 2)
		return NAN_D;
	for (size_t i = 0; i < n; i++) {
		mp += p[i].p;
		mt += p[i].truth;
	}
	mp /= (double)n;
	mt /= (double)n;
	for (size_t i = 0; i < n; i++) {
		double a = p[i].p - mp, b = p[i].truth - mt;

		sxy += a * b;
		sxx += a * a;
		syy += b * b;
	}
	return sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : NAN_D;
}

/* Brier, ECE and AUC of preds (NaN when there are none; AUC NaN with
 * one class).  TU_ENOMEM. */
static enum tu_status calib(const struct tu_sim_pred *pr, size_t n,
			    double *brier, double *ece, double *auc,
			    struct tu_err *err)
{
	double *p;
	int *y;

	*brier = *ece = *auc = NAN_D;
	if (n == 0)
		return TU_OK;
	p = malloc(n * sizeof(*p));
	y = malloc(n * sizeof(*y));
	if (!p || !y) {
		free(p);
		free(y);
		return tu_err_set(err, TU_ENOMEM, "simeval: out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		p[i] = pr[i].p;
		y[i] = pr[i].y ? 1 : 0;
	}
	*brier = tu_metric_brier(p, y, n);
	*ece = tu_metric_ece(p, y, n, TU_SIMEVAL_BINS);
	if (tu_metric_auc(p, y, n, auc, NULL))
		*auc = NAN_D;
	free(p);
	free(y);
	return TU_OK;
}

static enum tu_status fill_preds(struct tu_simeval_cell *c,
				 const struct tu_sim_result *r,
				 struct tu_err *err)
{
	double bt = 0, unused;
	enum tu_status st;

	st = calib(r->mastery, r->n_mastery, &c->m[TU_SM_BRIER],
		   &c->m[TU_SM_ECE], &c->m[TU_SM_AUC], err);
	if (!st)
		st = calib(r->recall, r->n_recall, &c->m[TU_SM_RECALL_BRIER],
			   &unused, &c->m[TU_SM_RECALL_AUC], err);
	if (st)
		return st;
	for (size_t i = 0; i < r->n_mastery; i++)
		bt += (r->mastery[i].p - r->mastery[i].truth) *
		      (r->mastery[i].p - r->mastery[i].truth);
	c->m[TU_SM_BRIER_TRUTH] = ratio(bt, (double)r->n_mastery);
	c->m[TU_SM_PEARSON_TRUTH] = pearson(r->mastery, r->n_mastery);
	add_bins(c->mastery_bins, r->mastery, r->n_mastery);
	add_bins(c->recall_bins, r->recall, r->n_recall);
	c->n_mastery = r->n_mastery;
	c->n_recall = r->n_recall;
	return TU_OK;
}

/* ---- coverage and the day curve ---------------------------------- */

static void fill_coverage(struct tu_simeval_cell *c,
			  const struct tu_sim_result *r)
{
	size_t nt = r->n_topics;
	double total = 0, covered = 0, learner_sum = 0, ss = 0, mean;

	for (size_t t = 0; t < nt; t++)
		c->topic_share[t] = 0;
	for (uint32_t i = 0; i < r->n_learners; i++) {
		const uint32_t *row = r->topic_attempts + (size_t)i * nt;
		double seen = 0;

		for (size_t t = 0; t < nt; t++) {
			c->topic_share[t] += row[t];
			seen += row[t] > 0 ? 1 : 0;
		}
		learner_sum += ratio(seen, (double)nt);
	}
	for (size_t t = 0; t < nt; t++) {
		total += c->topic_share[t];
		covered += c->topic_share[t] > 0 ? 1 : 0;
	}
	mean = ratio(total, (double)nt);
	for (size_t t = 0; t < nt; t++)
		ss += (c->topic_share[t] - mean) * (c->topic_share[t] - mean);
	c->m[TU_SM_COV_COHORT] = ratio(covered, (double)nt);
	c->m[TU_SM_COV_LEARNER] = ratio(learner_sum, (double)r->n_learners);
	c->m[TU_SM_TOPIC_CV] = ratio(sqrt(ratio(ss, (double)nt)), mean);
	for (size_t t = 0; t < nt; t++)
		c->topic_share[t] = ratio(c->topic_share[t], total);
}

static void fill_curve(struct tu_simeval_cell *c,
		       const struct tu_sim_result *r)
{
	size_t w = (size_t)r->days + 1;

	for (size_t d = 0; d < w; d++) {
		double sum = 0;

		for (uint32_t i = 0; i < r->n_learners; i++)
			sum += r->true_by_day[(size_t)i * w + d];
		c->curve[d] = ratio(sum, (double)r->n_learners);
	}
}

/* ---- fairness deciles -------------------------------------------- */

/* a before b in the order (true_pre, index). */
static bool before(const struct tu_sim_learner *l, uint32_t a, uint32_t b)
{
	if (l[a].true_pre != l[b].true_pre)
		return l[a].true_pre < l[b].true_pre;
	return a < b;
}

/* Sorts learner indices by (true_pre, index); a stable merge sort, so
 * no comparator needs the learners through a global. */
static void merge_sort(uint32_t *a, uint32_t *tmp, size_t n,
		       const struct tu_sim_learner *l)
{
	size_t h = n / 2, i = 0, j = h, k = 0;

	if (n < 2)
		return;
	merge_sort(a, tmp, h, l);
	merge_sort(a + h, tmp, n - h, l);
	while (i < h || j < n) {
		if (j >= n || (i < h && before(l, a[i], a[j])))
			tmp[k++] = a[i++];
		else
			tmp[k++] = a[j++];
	}
	memcpy(a, tmp, n * sizeof(*a));
}

/* IQR / |median| of the finite values of x[0..n-1]; NaN with fewer
 * than two or a zero median. */
static double iqr_ratio(const double *x, size_t n)
{
	double v[TU_SIMEVAL_DECILES], iqr, med;
	size_t k = 0;

	for (size_t i = 0; i < n && k < TU_SIMEVAL_DECILES; i++)
		if (isfinite(x[i]))
			v[k++] = x[i];
	if (k < 2 || tu_metric_iqr(v, k, &iqr, &med, NULL) || med == 0)
		return NAN_D;
	return iqr / fabs(med);
}

/* The decile means of learners ord[0..n-1] (sorted by true_pre):
 * learner at rank i is in decile floor(10 i / n). */
static void decile_means(struct tu_simeval_cell *c,
			 const struct tu_sim_learner *l, const uint32_t *ord,
			 size_t n)
{
	double sum[TU_SIMEVAL_FAIRS][TU_SIMEVAL_DECILES] = { { 0 } };
	double cnt[TU_SIMEVAL_FAIRS][TU_SIMEVAL_DECILES] = { { 0 } };

	for (size_t i = 0; i < n; i++) {
		const struct tu_sim_learner *x = &l[ord[i]];
		size_t d = i * TU_SIMEVAL_DECILES / n;

		sum[TU_FAIR_GAIN][d] += x->true_post - x->true_pre;
		cnt[TU_FAIR_GAIN][d] += 1;
		if (x->hints > 0) {
			sum[TU_FAIR_HINT][d] += x->hint_level_sum / x->hints;
			cnt[TU_FAIR_HINT][d] += 1;
		}
		if (x->active_days > 0) {
			sum[TU_FAIR_PACE][d] += (double)x->problems /
						x->active_days;
			cnt[TU_FAIR_PACE][d] += 1;
		}
	}
	for (int f = 0; f < TU_SIMEVAL_FAIRS; f++)
		for (int d = 0; d < TU_SIMEVAL_DECILES; d++)
			c->decile[f][d] = ratio(sum[f][d], cnt[f][d]);
}

static enum tu_status fill_fairness(struct tu_simeval_cell *c,
				    const struct tu_sim_result *r,
				    struct tu_err *err)
{
	size_t n = r->n_learners;
	uint32_t *ord = malloc((n ? n : 1) * sizeof(*ord));
	uint32_t *tmp = malloc((n ? n : 1) * sizeof(*tmp));

	if (!ord || !tmp) {
		free(ord);
		free(tmp);
		return tu_err_set(err, TU_ENOMEM, "simeval: out of memory");
	}
	for (size_t i = 0; i < n; i++)
		ord[i] = (uint32_t)i;
	merge_sort(ord, tmp, n, r->learners);
	decile_means(c, r->learners, ord, n);
	free(ord);
	free(tmp);
	c->m[TU_SM_FAIR_GAIN] = iqr_ratio(c->decile[TU_FAIR_GAIN],
					  TU_SIMEVAL_DECILES);
	c->m[TU_SM_FAIR_HINT] = iqr_ratio(c->decile[TU_FAIR_HINT],
					  TU_SIMEVAL_DECILES);
	c->m[TU_SM_FAIR_PACE] = iqr_ratio(c->decile[TU_FAIR_PACE],
					  TU_SIMEVAL_DECILES);
	return TU_OK;
}

enum tu_status se_cell_fill(struct tu_simeval_cell *c,
			    const struct tu_sim_result *r,
			    struct tu_err *err)
{
	enum tu_status st;

	memset(c->mastery_bins, 0, sizeof(c->mastery_bins));
	memset(c->recall_bins, 0, sizeof(c->recall_bins));
	fill_gains(c, r);
	fill_rates(c, r);
	fill_coverage(c, r);
	fill_curve(c, r);
	st = fill_preds(c, r, err);
	if (!st)
		st = fill_fairness(c, r, err);
	if (!st)
		c->filled = true;
	return st;
}

/* ---- the data set ------------------------------------------------ */

void tu_simeval_data_init(struct tu_simeval_data *d)
{
	memset(d, 0, sizeof(*d));
}

static void cell_release(struct tu_simeval_cell *c)
{
	free(c->topic_share);
	free(c->curve);
	memset(c, 0, sizeof(*c));
}

void tu_simeval_data_release(struct tu_simeval_data *d)
{
	for (int c = 0; c < TU_SIMEVAL_CONDS; c++) {
		for (uint32_t s = 0; d->cells[c] && s < d->seeds; s++)
			cell_release(&d->cells[c][s]);
		free(d->cells[c]);
	}
	free(d->topics);
	tu_simeval_data_init(d);
}

enum tu_status tu_simeval_data_alloc(struct tu_simeval_data *d,
				     uint32_t seeds, uint32_t conds,
				     struct tu_err *err)
{
	struct tu_simeval_data n;

	if (seeds == 0 || !(conds & TU_COND_BIT(TU_COND_FULL)) ||
	    (conds >> TU_SIMEVAL_CONDS))
		return tu_err_set(err, TU_EINVAL, "simeval: need at least one "
				  "seed and the full condition");
	tu_simeval_data_init(&n);
	n.seeds = seeds;
	n.conds = conds;
	for (int c = 0; c < TU_SIMEVAL_CONDS; c++) {
		if (!(conds & TU_COND_BIT(c)))
			continue;
		n.cells[c] = calloc(seeds, sizeof(*n.cells[c]));
		if (!n.cells[c]) {
			tu_simeval_data_release(&n);
			return tu_err_set(err, TU_ENOMEM,
					  "simeval: out of memory");
		}
	}
	*d = n;
	return TU_OK;
}

/* Records the shape of the first result; checks later ones against it. */
static enum tu_status check_shape(struct tu_simeval_data *d,
				  enum tu_simeval_cond c, uint32_t s,
				  const struct tu_sim_result *r,
				  struct tu_err *err)
{
	if (!d->topics) {
		d->topics = malloc((r->n_topics ? r->n_topics : 1) *
				   sizeof(*d->topics));
		if (!d->topics)
			return tu_err_set(err, TU_ENOMEM,
					  "simeval: out of memory");
		if (r->n_topics)
			memcpy(d->topics, r->topics,
			       r->n_topics * sizeof(*d->topics));
		d->n_topics = r->n_topics;
		d->days = r->days;
		d->learners = r->n_learners;
		return TU_OK;
	}
	if (r->n_topics != d->n_topics || r->days != d->days ||
	    r->n_learners != d->learners)
		return tu_err_set(err, TU_EDATA, "simeval: %s, seed %u: %zu "
				  "topics, %u days, %u learners; expected %zu, "
				  "%u, %u", tu_simeval_cond_name(c), s + 1,
				  r->n_topics, r->days, r->n_learners,
				  d->n_topics, d->days, d->learners);
	for (size_t t = 0; t < r->n_topics; t++)
		if (strcmp(r->topics[t], d->topics[t]) != 0)
			return tu_err_set(err, TU_EDATA, "simeval: %s, seed "
					  "%u: topic %zu is '%s', expected "
					  "'%s'", tu_simeval_cond_name(c),
					  s + 1, t, r->topics[t],
					  d->topics[t]);
	return TU_OK;
}

enum tu_status tu_simeval_data_add(struct tu_simeval_data *d,
				   enum tu_simeval_cond c, uint32_t s,
				   const struct tu_sim_result *r,
				   struct tu_err *err)
{
	struct tu_simeval_cell cell;
	enum tu_status st;

	if ((unsigned)c >= TU_SIMEVAL_CONDS || !d->cells[c] ||
	    s >= d->seeds)
		return tu_err_set(err, TU_EINVAL, "simeval: no cell for "
				  "condition %s, seed %u",
				  tu_simeval_cond_name(c), s + 1);
	st = check_shape(d, c, s, r, err);
	if (st)
		return st;
	memset(&cell, 0, sizeof(cell));
	cell.topic_share = malloc((r->n_topics ? r->n_topics : 1) *
				  sizeof(double));
	cell.curve = malloc(((size_t)r->days + 1) * sizeof(double));
	st = cell.topic_share && cell.curve ? TU_OK :
		tu_err_set(err, TU_ENOMEM, "simeval: out of memory");
	if (!st)
		st = se_cell_fill(&cell, r, err);
	if (st) {
		cell_release(&cell);
		return st;
	}
	cell_release(&d->cells[c][s]);
	d->cells[c][s] = cell;
	return TU_OK;
}
