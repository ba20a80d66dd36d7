/*
 * sm2.c - SM-2 as IntelliCode states it, with context adjustments, and the
 * srs-benchmark SM-2 baseline.  Pure code; contracts in tutor/srs.h, the
 * equations and the reasons for each constant in docs/srs.md.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "tutor/srs.h"

#define SECONDS_PER_DAY 86400.0
#define BENCH_EF_MAX 10.0

void tu_sm2_config_init(struct tu_sm2_config *cfg)
{
	cfg->fast_ratio = 1.0;
	cfg->delay_ratio = 2.0;
	cfg->close_fraction = 0.5;
	cfg->hint_threshold = 2;
	cfg->hint_shrink = 0.6;
	cfg->fast_expand = 1.2;
	/* R(I_nom) = 0.9 at EF 2.5: k = 1 / (2.5 ln(1/0.9)). */
	cfg->recall_k = 1.0 / (TU_SM2_EF_INIT * log(1.0 / 0.9));
	cfg->recall_min = 0.85;
	cfg->max_interval_days = 36500.0;
}

static int positive(double x)
{
	return isfinite(x) && x > 0.0;
}

enum tu_status tu_sm2_config_check(const struct tu_sm2_config *cfg,
				   struct tu_err *err)
{
	if (!positive(cfg->fast_ratio) || !positive(cfg->delay_ratio) ||
	    cfg->fast_ratio > cfg->delay_ratio)
		return tu_err_set(err, TU_EINVAL, "sm2 config: fast_ratio and "
				  "delay_ratio must be > 0 with fast <= delay");
	if (!(cfg->close_fraction >= 0.0 && cfg->close_fraction <= 1.0))
		return tu_err_set(err, TU_EINVAL, "sm2 config: close_fraction "
				  "must be in [0,1]");
	if (!positive(cfg->hint_shrink) || !positive(cfg->fast_expand))
		return tu_err_set(err, TU_EINVAL, "sm2 config: hint_shrink and "
				  "fast_expand must be > 0");
	if (!positive(cfg->recall_k) || !(cfg->recall_min > 0.0 &&
					  cfg->recall_min < 1.0))
		return tu_err_set(err, TU_EINVAL, "sm2 config: recall_k must be "
				  "> 0 and recall_min in (0,1)");
	if (!(cfg->max_interval_days >= 1.0) ||
	    !isfinite(cfg->max_interval_days))
		return tu_err_set(err, TU_EINVAL, "sm2 config: "
				  "max_interval_days must be >= 1");
	return TU_OK;
}

static int solved_quality(const struct tu_sm2_config *cfg,
			  const struct tu_sm2_attempt *a)
{
	double ratio;

	if (a->hints > 0)
		return 3;
	if (!(a->solve_seconds >= 0.0) || !(a->expected_seconds > 0.0))
		return 4;
	ratio = a->solve_seconds / a->expected_seconds;
	if (ratio <= cfg->fast_ratio)
		return 5;
	return ratio <= cfg->delay_ratio ? 4 : 3;
}

int tu_sm2_quality(const struct tu_sm2_config *cfg,
		   const struct tu_sm2_attempt *a)
{
	switch (a->outcome) {
	case TU_ATTEMPT_SOLVED:
		return solved_quality(cfg, a);
	case TU_ATTEMPT_FAILED:
		return a->passed_fraction >= cfg->close_fraction ? 2 : 1;
	case TU_ATTEMPT_GAVE_UP:
	default:
		return 0;
	}
}

double tu_sm2_next_ef(double ef, int q)
{
	double qq = (double)(q < 0 ? 0 : q > 5 ? 5 : q);

	return fmax(TU_SM2_EF_MIN, ef - 0.8 + 0.28 * qq - 0.02 * qq * qq);
}

double tu_sm2_tau(const struct tu_sm2_config *cfg, double ef, uint32_t n)
{
	double nominal = 1.0;

	if (n >= 2)
		nominal = 6.0 * pow(ef, (double)(n - 2));
	return cfg->recall_k * ef * nominal;
}

double tu_sm2_recall(const struct tu_sm2_config *cfg,
		     const struct tu_review_item *item, double t_days)
{
	double tau = tu_sm2_tau(cfg, item->ease_factor, item->repetitions);

	if (!(t_days > 0.0))
		return 1.0;
	return exp(-t_days / tau);
}

double tu_sm2_recall_bench(double interval_days, double t_days)
{
	double ivl = interval_days > 0.0 ? interval_days : 1.0;

	if (!(t_days > 0.0))
		return 1.0;
	return pow(0.9, t_days / ivl);
}

static void add_reason(struct tu_sm2_result *res,
		       enum tu_sm2_reason_code code, double factor,
		       const char *name)
{
	struct tu_sm2_reason *r;

	if (res->n_reasons >= TU_SM2_REASONS_MAX)
		return;
	r = &res->reasons[res->n_reasons++];
	r->code = code;
	r->factor = factor;
	if (code == TU_SM2_REASON_LAPSE)
		snprintf(r->text, sizeof(r->text), "%s", name);
	else
		snprintf(r->text, sizeof(r->text), "%s x%.3g", name, factor);
}

/* Plain SM-2 repetition rule; updates n and lapses in *next. */
static double base_interval(const struct tu_review_item *item,
			    struct tu_review_item *next, int q, double ef,
			    struct tu_sm2_result *res)
{
	if (q < 3) {
		next->repetitions = 0;
		next->lapses = item->lapses + 1;
		add_reason(res, TU_SM2_REASON_LAPSE, 1.0, "lapse_reset");
		return 1.0;
	}
	next->repetitions = item->repetitions + 1;
	if (next->repetitions == 1)
		return 1.0;
	if (next->repetitions == 2)
		return 6.0;
	return round(fmax(item->interval_days, 1.0) * ef);
}

/* hint_shrink and fast_expand multipliers, then whole days >= 1. */
static double context_interval(const struct tu_sm2_config *cfg, double ivl,
			       int q, uint32_t hints,
			       struct tu_sm2_result *res)
{
	if (q >= 3 && hints >= cfg->hint_threshold && cfg->hint_threshold) {
		ivl *= cfg->hint_shrink;
		add_reason(res, TU_SM2_REASON_HINT_SHRINK, cfg->hint_shrink,
			   "hint_shrink");
	}
	if (q == 5) {
		ivl *= cfg->fast_expand;
		add_reason(res, TU_SM2_REASON_FAST_EXPAND, cfg->fast_expand,
			   "fast_expand");
	}
	return fmax(1.0, round(ivl));
}

/* Moves the due date earlier while predicted recall there < recall_min. */
static double prepone_interval(const struct tu_sm2_config *cfg,
			       const struct tu_review_item *next, double ivl,
			       struct tu_sm2_result *res)
{
	double tau = tu_sm2_tau(cfg, next->ease_factor, next->repetitions);
	double latest;

	if (exp(-ivl / tau) >= cfg->recall_min)
		return ivl;
	latest = fmax(1.0, floor(tau * log(1.0 / cfg->recall_min)));
	if (latest >= ivl)
		return ivl;
	add_reason(res, TU_SM2_REASON_RECALL_PREPONE, latest / ivl,
		   "recall_prepone");
	return latest;
}

static enum tu_status check_apply(const struct tu_sm2_config *cfg,
				  const struct tu_review_item *item, int q,
				  struct tu_err *err)
{
	enum tu_status st = tu_sm2_config_check(cfg, err);

	if (st)
		return st;
	if (q < 0 || q > 5)
		return tu_err_set(err, TU_EINVAL, "sm2: item '%s': quality %d "
				  "outside 0..5", item->item, q);
	if (!isfinite(item->ease_factor) ||
	    item->ease_factor < TU_SM2_EF_MIN ||
	    !(item->interval_days >= 0.0) || !isfinite(item->interval_days))
		return tu_err_set(err, TU_EINVAL, "sm2: item '%s': ease_factor "
				  "must be >= 1.3 and interval_days >= 0",
				  item->item);
	return TU_OK;
}

enum tu_status tu_sm2_apply(const struct tu_sm2_config *cfg,
			    struct tu_review_item *item, int q,
			    uint32_t hints, int64_t now,
			    struct tu_sm2_result *res, struct tu_err *err)
{
	struct tu_sm2_result local;
	struct tu_review_item next;
	enum tu_status st = check_apply(cfg, item, q, err);
	double ivl;

	if (st)
		return st;
	if (!res)
		res = &local;
	memset(res, 0, sizeof(*res));
	next = *item;
	next.ease_factor = tu_sm2_next_ef(item->ease_factor, q);
	ivl = base_interval(item, &next, q, next.ease_factor, res);
	res->base_interval = ivl;
	ivl = context_interval(cfg, ivl, q, hints, res);
	ivl = prepone_interval(cfg, &next, ivl, res);
	if (ivl > cfg->max_interval_days) {
		add_reason(res, TU_SM2_REASON_MAX_INTERVAL,
			   cfg->max_interval_days / ivl, "max_interval");
		ivl = floor(cfg->max_interval_days);
	}
	next.interval_days = ivl;
	next.last_review = now;
	next.due = now + (int64_t)(ivl * SECONDS_PER_DAY);
	*item = next;
	res->q = q;
	res->ef = next.ease_factor;
	res->interval_days = ivl;
	res->due = next.due;
	res->recall_at_due = tu_sm2_recall(cfg, item, ivl);
	return TU_OK;
}

enum tu_status tu_sm2_review(const struct tu_sm2_config *cfg,
			     struct tu_review_item *item,
			     const struct tu_sm2_attempt *a, int64_t now,
			     struct tu_sm2_result *res, struct tu_err *err)
{
	return tu_sm2_apply(cfg, item, tu_sm2_quality(cfg, a), a->hints, now,
			    res, err);
}

void tu_sm2_bench_init(struct tu_sm2_bench *c)
{
	c->ef = TU_SM2_EF_INIT;
	c->ivl = 0.0;
	c->reps = 0;
}

void tu_sm2_bench_update(struct tu_sm2_bench *c, int rating)
{
	int q = (rating < 1 ? 1 : rating > 4 ? 4 : rating) + 1;
	double d = (double)(5 - q);

	if (q > 2) {
		if (c->reps == 0)
			c->ivl = 1.0;
		else if (c->reps == 1)
			c->ivl = 6.0;
		else
			c->ivl *= c->ef;
		c->reps++;
	} else {
		c->ivl = 1.0;
		c->reps = 0;
	}
	c->ef += 0.1 - d * (0.08 + d * 0.02);
	c->ef = fmin(BENCH_EF_MAX, fmax(TU_SM2_EF_MIN, c->ef));
}
