/*
 * features.c - per-learner counts and the sparse feature layout.
 *
 * The layout is a concatenation of blocks, each present when its flag is
 * set, in this order (S = n_skills, I = n_items of the model):
 *   ITEM I | SKILL S | ITEM_COUNTS 2 | SKILL_COUNTS 2S | TOTAL_COUNTS 2 |
 *   RECENT 2S+2 | SMOOTH 2 | DECAY 2
 * The same function builds a row for fitting, batch prediction and the
 * live learner, so the three can never disagree.  Formulas: see
 * docs/logistic.md.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* Pseudo-count of the decayed success rate (in decayed answers). */
#define DECAY_PSEUDO 1.0

void tu_lr_counts_init(struct tu_lr_counts *c)
{
	memset(c, 0, sizeof(*c));
}

void tu_lr_counts_release(struct tu_lr_counts *c)
{
	free(c->item);
	free(c->skill);
	tu_lr_counts_init(c);
}

void tu_lr_counts_clear(struct tu_lr_counts *c)
{
	if (c->item)
		memset(c->item, 0, c->n_item * sizeof(*c->item));
	if (c->skill)
		memset(c->skill, 0, c->n_skill * sizeof(*c->skill));
	memset(&c->total, 0, sizeof(c->total));
}

/* Makes (*arr)[id] exist (zero-filled growth, doubling). */
static enum tu_status grow(struct tu_lr_hist **arr, size_t *n, uint32_t id,
			   struct tu_err *err)
{
	size_t want = (size_t)id + 1, cap = *n ? *n : 16;
	struct tu_lr_hist *p;

	if (want <= *n)
		return TU_OK;
	while (cap < want)
		cap *= 2;
	p = realloc(*arr, cap * sizeof(*p));
	if (!p)
		return tu_err_set(err, TU_ENOMEM, "lr counts: out of memory");
	memset(p + *n, 0, (cap - *n) * sizeof(*p));
	*arr = p;
	*n = cap;
	return TU_OK;
}

static void hist_add(struct tu_lr_hist *h, unsigned correct)
{
	if (h->att < UINT32_MAX)
		h->att++;
	if (correct && h->win < UINT32_MAX)
		h->win++;
	h->recent = (h->recent << 1) | (uint64_t)(correct != 0);
}

enum tu_status tu_lr_counts_update(struct tu_lr_counts *c, uint32_t item,
				   uint32_t skill, unsigned correct,
				   struct tu_err *err)
{
	enum tu_status st;

	if (item >= TU_KTLOG_MAX_ID || skill >= TU_KTLOG_MAX_ID)
		return tu_err_set(err, TU_ERANGE,
				  "lr counts: item %u or skill %u >= %u", item,
				  skill, TU_KTLOG_MAX_ID);
	if (correct > 1)
		return tu_err_set(err, TU_ERANGE,
				  "lr counts: correct = %u, expected 0 or 1",
				  correct);
	st = grow(&c->item, &c->n_item, item, err);
	if (!st)
		st = grow(&c->skill, &c->n_skill, skill, err);
	if (st)
		return st;
	hist_add(&c->item[item], correct);
	hist_add(&c->skill[skill], correct);
	hist_add(&c->total, correct);
	return TU_OK;
}

static const struct tu_lr_hist zero_hist;

static const struct tu_lr_hist *hist_of(const struct tu_lr_hist *arr,
					size_t n, uint32_t id)
{
	return id < n ? &arr[id] : &zero_hist;
}

double tu__lr_phi(double x)
{
	return log1p(x);
}

static double logit_rate(double num, double den)
{
	double p = num / den;

	p = p < 1e-6 ? 1e-6 : p > 1 - 1e-6 ? 1 - 1e-6 : p;
	return log(p / (1 - p));
}

/* Wins among the last min(att, window) answers. */
static unsigned window_wins(const struct tu_lr_hist *h, unsigned window,
			    unsigned *len)
{
	unsigned k = h->att < window ? h->att : window;
	uint64_t mask = k >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << k) - 1);

	*len = k;
	return (unsigned)__builtin_popcountll(h->recent & mask);
}

/* Decayed success rate over the last min(att, 64) answers, shrunk to
 * the prior by DECAY_PSEUDO, as a logit. */
static double decayed_logit(const struct tu_lr_hist *h, double d, double p0)
{
	unsigned k = h->att < 64 ? h->att : 64;
	double num = DECAY_PSEUDO * p0, den = DECAY_PSEUDO, wt = 1;

	for (unsigned j = 0; j < k; j++) {
		if ((h->recent >> j) & 1)
			num += wt;
		den += wt;
		wt *= d;
	}
	return logit_rate(num, den);
}

size_t tu__lr_layout(unsigned f, uint32_t ni, uint32_t ns,
		     struct tu__lr_offsets *o)
{
	size_t d = 0;

	o->item = d;
	d += (f & TU_LR_ITEM) ? ni : 0;
	o->skill = d;
	d += (f & TU_LR_SKILL) ? ns : 0;
	o->item_counts = d;
	d += (f & TU_LR_ITEM_COUNTS) ? 2 : 0;
	o->skill_counts = d;
	d += (f & TU_LR_SKILL_COUNTS) ? 2 * (size_t)ns : 0;
	o->total_counts = d;
	d += (f & TU_LR_TOTAL_COUNTS) ? 2 : 0;
	o->recent = d;
	d += (f & TU_LR_RECENT) ? 2 * (size_t)ns + 2 : 0;
	o->smooth = d;
	d += (f & TU_LR_SMOOTH) ? 2 : 0;
	o->decay = d;
	d += (f & TU_LR_DECAY) ? 2 : 0;
	return d;
}

/* Appends (i, v) when v != 0. */
static void put(struct tu__lr_row *r, size_t i, double v)
{
	if (v != 0) {
		r->idx[r->n] = (uint32_t)i;
		r->val[r->n] = v;
		r->n++;
	}
}

static void put_pair(struct tu__lr_row *r, size_t i, double a, double b)
{
	put(r, i, a);
	put(r, i + 1, b);
}

static void recent_features(const struct tu_lr_model *m,
			    const struct tu__lr_offsets *o,
			    const struct tu_lr_hist *hs,
			    const struct tu_lr_hist *ht, uint32_t skill,
			    struct tu__lr_row *r)
{
	unsigned len, wins;

	if (skill < m->n_skills) {
		wins = window_wins(hs, m->cfg.window, &len);
		put_pair(r, o->recent + 2 * (size_t)skill, tu__lr_phi(wins),
			 tu__lr_phi(len - wins));
	}
	wins = window_wins(ht, m->cfg.window, &len);
	put_pair(r, o->recent + 2 * (size_t)m->n_skills, tu__lr_phi(wins),
		 tu__lr_phi(len - wins));
}

/* The count-free part: one-hots and phi counts of PFA / Best-LR. */
static void base_features(const struct tu_lr_model *m,
			  const struct tu__lr_offsets *o,
			  const struct tu_lr_hist *hi,
			  const struct tu_lr_hist *hs,
			  const struct tu_lr_hist *ht, uint32_t item,
			  uint32_t skill, struct tu__lr_row *r)
{
	unsigned f = m->cfg.features;

	if ((f & TU_LR_ITEM) && item < m->n_items)
		put(r, o->item + item, 1);
	if ((f & TU_LR_SKILL) && skill < m->n_skills)
		put(r, o->skill + skill, 1);
	if (f & TU_LR_ITEM_COUNTS)
		put_pair(r, o->item_counts, tu__lr_phi(hi->att),
			 tu__lr_phi(hi->win));
	if ((f & TU_LR_SKILL_COUNTS) && skill < m->n_skills)
		put_pair(r, o->skill_counts + 2 * (size_t)skill,
			 tu__lr_phi(hs->att), tu__lr_phi(hs->win));
	if (f & TU_LR_TOTAL_COUNTS)
		put_pair(r, o->total_counts, tu__lr_phi(ht->att),
			 tu__lr_phi(ht->win));
}

void tu__lr_row_build(const struct tu_lr_model *m,
		      const struct tu__lr_offsets *o,
		      const struct tu_lr_counts *c, uint32_t item,
		      uint32_t skill, struct tu__lr_row *r)
{
	const struct tu_lr_hist *hi = hist_of(c->item, c->n_item, item);
	const struct tu_lr_hist *hs = hist_of(c->skill, c->n_skill, skill);
	const struct tu_lr_hist *ht = &c->total;
	unsigned f = m->cfg.features;
	double s = m->cfg.smooth, p0 = m->prior;

	r->n = 0;
	base_features(m, o, hi, hs, ht, item, skill, r);
	if (f & TU_LR_RECENT)
		recent_features(m, o, hs, ht, skill, r);
	if (f & TU_LR_SMOOTH)
		put_pair(r, o->smooth,
			 logit_rate(hs->win + s * p0, hs->att + s),
			 logit_rate(ht->win + s * p0, ht->att + s));
	if (f & TU_LR_DECAY)
		put_pair(r, o->decay, decayed_logit(hs, m->cfg.decay, p0),
			 decayed_logit(ht, m->cfg.decay, p0));
}

size_t tu_lr_row_features(const struct tu_lr_model *m,
			  const struct tu_lr_counts *c, uint32_t item,
			  uint32_t skill, uint32_t *idx, double *val)
{
	struct tu__lr_offsets o;
	struct tu__lr_row r;

	tu__lr_layout(m->cfg.features, m->n_items, m->n_skills, &o);
	tu__lr_row_build(m, &o, c, item, skill, &r);
	memcpy(idx, r.idx, r.n * sizeof(*idx));
	memcpy(val, r.val, r.n * sizeof(*val));
	return r.n;
}

double tu__lr_sigmoid(double z)
{
	if (z >= 0)
		return 1 / (1 + exp(-z));
	return exp(z) / (1 + exp(z));
}

double tu_lr_predict_one(const struct tu_lr_model *m,
			 const struct tu_lr_counts *c, uint32_t item,
			 uint32_t skill)
{
	struct tu__lr_offsets o;
	struct tu__lr_row r;
	double z = m->bias;

	if (!m->w)
		return tu__lr_sigmoid(z);
	tu__lr_layout(m->cfg.features, m->n_items, m->n_skills, &o);
	tu__lr_row_build(m, &o, c, item, skill, &r);
	for (size_t k = 0; k < r.n; k++)
		z += m->w[r.idx[k]] * r.val[k];
	return tu__lr_sigmoid(z);
}
