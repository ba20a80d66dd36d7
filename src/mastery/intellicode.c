/*
 * intellicode.c - IntelliCode's mastery update rule (paper appendix C.2),
 * the Beta uncertainty bookkeeping, initial mastery from history (eq. 8)
 * and the pure learner-state transition tu_learner_apply_outcome.
 * Contracts in tutor/mastery.h; constants and their sources in
 * docs/learner-model.md.  No I/O, no clock, no globals.
 */
#include <math.h>
#include "tutor/mastery.h"

#define SECONDS_PER_DAY 86400.0

void tu_ic_config_default(struct tu_ic_config *cfg)
{
	cfg->alpha = 0.1;
	cfg->beta = 0.15;
	cfg->w_diff[TU_DIFF_EASY] = 0.8;
	cfg->w_diff[TU_DIFF_MEDIUM] = 1.0;
	cfg->w_diff[TU_DIFF_HARD] = 1.2;
	cfg->tau_upd_days = 30.0;
	cfg->eta_hint = 0.02;
	cfg->eta_time = 0.0001;
	cfg->lambda = 0.8;
	cfg->init_m = 0.0;
	cfg->pass_keep = 0.25;
}

static enum tu_status in_unit(double v, const char *name, struct tu_err *err)
{
	if (!(v >= 0.0 && v <= 1.0))
		return tu_err_set(err, TU_EINVAL,
				  "intellicode config: %s must be in [0,1], got %g",
				  name, v);
	return TU_OK;
}

static enum tu_status nonneg(double v, const char *name, struct tu_err *err)
{
	if (!(v >= 0.0 && isfinite(v)))
		return tu_err_set(err, TU_EINVAL,
				  "intellicode config: %s must be finite and "
				  ">= 0, got %g", name, v);
	return TU_OK;
}

enum tu_status tu_ic_config_validate(const struct tu_ic_config *cfg,
				     struct tu_err *err)
{
	static const char *const wname[3] = { "w_diff[easy]", "w_diff[medium]",
					      "w_diff[hard]" };
	enum tu_status st = in_unit(cfg->alpha, "alpha", err);

	if (!st)
		st = in_unit(cfg->beta, "beta", err);
	for (int d = 0; d < 3 && !st; d++)
		if (!(cfg->w_diff[d] > 0.0 && isfinite(cfg->w_diff[d])))
			st = tu_err_set(err, TU_EINVAL,
					"intellicode config: %s must be finite "
					"and > 0, got %g", wname[d],
					cfg->w_diff[d]);
	if (!st && isnan(cfg->tau_upd_days))
		st = tu_err_set(err, TU_EINVAL,
				"intellicode config: tau_upd_days must not be NaN");
	if (!st)
		st = nonneg(cfg->eta_hint, "eta_hint", err);
	if (!st)
		st = nonneg(cfg->eta_time, "eta_time", err);
	if (!st)
		st = in_unit(cfg->lambda, "lambda", err);
	if (!st)
		st = in_unit(cfg->init_m, "init_m", err);
	if (!st)
		st = in_unit(cfg->pass_keep, "pass_keep", err);
	return st;
}

static double clamp01(double x)
{
	if (!(x >= 0.0))
		return 0.0;
	return x > 1.0 ? 1.0 : x;
}

/* Recency weight exp(-dt / tau); 1 when disabled or dt is unknown. */
static double recency_weight(double tau, double dt)
{
	if (!(tau > 0.0) || !isfinite(dt) || dt <= 0.0)
		return 1.0;
	return exp(-dt / tau);
}

/* eta_h * hints + eta_t * max(0, solve - expected), unknown times ignored. */
static double penalty(const struct tu_ic_config *cfg,
		      const struct tu_ic_obs *obs)
{
	double p = cfg->eta_hint * (double)obs->hints_used;

	if (isfinite(obs->solve_s) && isfinite(obs->expected_s) &&
	    obs->solve_s > 0.0 && obs->expected_s > 0.0 &&
	    obs->solve_s > obs->expected_s)
		p += cfg->eta_time * (obs->solve_s - obs->expected_s);
	return p;
}

double tu_ic_update(const struct tu_ic_config *cfg, double m,
		    const struct tu_ic_obs *obs)
{
	unsigned d = (unsigned)obs->difficulty;
	double w_d = cfg->w_diff[d <= TU_DIFF_HARD ? d : TU_DIFF_MEDIUM];
	double w_r = recency_weight(cfg->tau_upd_days, obs->dt_days);
	double m_new, out;

	m = isnan(m) ? clamp01(cfg->init_m) : clamp01(m);
	if (obs->correct) {
		double gain = cfg->alpha * w_d * w_r * (1.0 - m);
		double kept = gain - penalty(cfg, obs);

		/* hints and slowness attenuate a pass, never reverse it */
		if (!(kept >= cfg->pass_keep * gain))
			kept = cfg->pass_keep * gain;
		m_new = clamp01(m + kept);
	} else {
		m_new = m - cfg->beta / w_d * w_r * m;
		m_new = clamp01((m_new < 0.0 ? 0.0 : m_new) - penalty(cfg, obs));
	}
	out = (1.0 - cfg->lambda) * m + cfg->lambda * m_new;
	return isnan(out) ? m : clamp01(out);
}

/* ---- Beta -------------------------------------------------------------- */

void tu_beta_update(double *alpha, double *beta, int correct, double weight)
{
	if (!(weight > 0.0) || !isfinite(weight))
		return;
	if (correct)
		*alpha += weight;
	else
		*beta += weight;
}

static int beta_ok(double a, double b)
{
	return a > 0.0 && b > 0.0 && isfinite(a) && isfinite(b);
}

double tu_beta_mean(double a, double b)
{
	return beta_ok(a, b) ? a / (a + b) : 0.5;
}

double tu_beta_variance(double a, double b)
{
	double s = a + b;

	if (!beta_ok(a, b))
		return 0.0;
	return a * b / (s * s * (s + 1.0));
}

double tu_beta_lower(double a, double b, double z)
{
	if (!beta_ok(a, b) || !(z >= 0.0) || !isfinite(z))
		return 0.0;
	return clamp01(tu_beta_mean(a, b) - z * sqrt(tu_beta_variance(a, b)));
}

/* ---- state transition -------------------------------------------------- */

/* Days from last to now; 0 for a first attempt, unknown now or a clock
 * running backwards. */
static double days_since(int64_t last, int64_t now)
{
	if (last == TU_TIME_NONE || now == TU_TIME_NONE || now <= last)
		return 0.0;
	return ((double)now - (double)last) / SECONDS_PER_DAY;
}

enum tu_status tu_learner_apply_outcome(struct tu_learner_state *s,
					const char *topic,
					const struct tu_ic_config *cfg,
					const struct tu_ic_outcome *o,
					struct tu_err *err)
{
	struct tu_topic_state *t;
	struct tu_ic_obs obs;
	enum tu_status st = tu_ic_config_validate(cfg, err);

	if (!st)
		st = tu_learner_topic_get(s, topic, true, cfg->init_m, &t, err);
	if (st)
		return st;
	obs.correct = o->correct != 0;
	obs.difficulty = o->difficulty;
	obs.dt_days = days_since(t->last_practiced, o->now);
	obs.hints_used = o->hints_used;
	obs.solve_s = o->solve_s;
	obs.expected_s = o->expected_s;
	t->mastery = tu_ic_update(cfg, t->mastery, &obs);
	tu_beta_update(&t->alpha, &t->beta, obs.correct, 1.0);
	if (t->attempts < UINT32_MAX) {
		t->attempts++;
		t->successes += obs.correct ? 1u : 0u;
	}
	if (o->now != TU_TIME_NONE &&
	    (t->last_practiced == TU_TIME_NONE || o->now > t->last_practiced))
		t->last_practiced = o->now;
	return TU_OK;
}

/* ---- initial mastery (eq. 8) ------------------------------------------- */

void tu_ic_init_config_default(struct tu_ic_init_config *cfg)
{
	cfg->w_rate = 0.6;
	cfg->w_recent = 0.4;
	cfg->recent_n = 5;
	cfg->sigma0 = 0.0;
	cfg->empty_m = 0.0;
}

static double pass_rate(const int *outcomes, size_t from, size_t to)
{
	size_t pass = 0;

	for (size_t i = from; i < to; i++)
		pass += outcomes[i] != 0;
	return (double)pass / (double)(to - from);
}

double tu_ic_initial_mastery(const struct tu_ic_init_config *cfg,
			     const int *outcomes, size_t n,
			     struct tu_rng *rng)
{
	size_t k = cfg->recent_n == 0 || cfg->recent_n > n ? n : cfg->recent_n;
	double m;

	if (n == 0)
		return clamp01(cfg->empty_m);
	m = cfg->w_rate * pass_rate(outcomes, 0, n) +
	    cfg->w_recent * pass_rate(outcomes, n - k, n);
	if (cfg->sigma0 > 0.0 && isfinite(cfg->sigma0) && rng)
		m += cfg->sigma0 * tu_rng_normal(rng);
	return clamp01(m);
}
