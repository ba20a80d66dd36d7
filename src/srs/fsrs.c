/*
 * fsrs.c - the FSRS-6 forward model (learner-models.md 6.1).  Pure code;
 * contracts in tutor/fsrs.h.  The fitter (fsrs_fit.c) repeats these
 * equations over dual numbers; tests/srs/test_fsrs.c checks both agree.
 */
#include <math.h>
#include "tutor/fsrs.h"

#define SECONDS_PER_DAY 86400

static const double default_w[TU_FSRS_NPARAMS] = {
	0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,
	1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014,
	1.8729, 0.5425, 0.0912, 0.0658, 0.1542
};

static const double bound_lo[TU_FSRS_NPARAMS] = {
	0.001, 0.001, 0.001, 0.001, 1, 0.001, 0.001, 0.001, 0, 0, 0.001,
	0.001, 0.001, 0.001, 0, 0, 1, 0, 0, 0, 0.1
};

static const double bound_hi[TU_FSRS_NPARAMS] = {
	100, 100, 100, 100, 10, 4, 4, 0.75, 4.5, 0.8, 3.5, 5, 0.25, 0.9, 4,
	1, 6, 2, 2, 0.8, 0.8
};

void tu_fsrs_params_default(struct tu_fsrs_params *p)
{
	for (size_t i = 0; i < TU_FSRS_NPARAMS; i++)
		p->w[i] = default_w[i];
}

void tu_fsrs_param_bounds(size_t i, double *lo, double *hi)
{
	if (i >= TU_FSRS_NPARAMS)
		i = TU_FSRS_NPARAMS - 1;
	*lo = bound_lo[i];
	*hi = bound_hi[i];
}

void tu_fsrs_params_clamp(struct tu_fsrs_params *p)
{
	for (size_t i = 0; i < TU_FSRS_NPARAMS; i++) {
		if (!(p->w[i] >= bound_lo[i]))
			p->w[i] = bound_lo[i];
		else if (p->w[i] > bound_hi[i])
			p->w[i] = bound_hi[i];
	}
}

enum tu_status tu_fsrs_params_check(const struct tu_fsrs_params *p,
				    struct tu_err *err)
{
	for (size_t i = 0; i < TU_FSRS_NPARAMS; i++)
		if (!(p->w[i] >= bound_lo[i] && p->w[i] <= bound_hi[i]))
			return tu_err_set(err, TU_ERANGE, "fsrs: w%zu = %g "
					  "outside [%g, %g]", i, p->w[i],
					  bound_lo[i], bound_hi[i]);
	return TU_OK;
}

static double clampd(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

static int clamp_grade(int g)
{
	return g < 1 ? 1 : g > 4 ? 4 : g;
}

double tu_fsrs_recall(const struct tu_fsrs_params *p, double t_days,
		      double s)
{
	double decay = -p->w[20];
	double factor = pow(0.9, 1.0 / decay) - 1.0;

	if (!(t_days > 0.0))
		t_days = 0.0;
	return pow(1.0 + factor * t_days / s, decay);
}

static double init_difficulty(const struct tu_fsrs_params *p, int g)
{
	return p->w[4] - exp(p->w[5] * (double)(g - 1)) + 1.0;
}

void tu_fsrs_init_state(const struct tu_fsrs_params *p, int g,
			struct tu_fsrs_state *out)
{
	g = clamp_grade(g);
	out->s = clampd(p->w[g - 1], TU_FSRS_S_MIN, TU_FSRS_S_MAX);
	out->d = clampd(init_difficulty(p, g), TU_FSRS_D_MIN, TU_FSRS_D_MAX);
}

static double next_difficulty(const struct tu_fsrs_params *p, double d,
			      int g)
{
	double delta = -p->w[6] * (double)(g - 3);
	double damped = d + delta * (10.0 - d) / 9.0;
	double rev = p->w[7] * init_difficulty(p, 4) + (1.0 - p->w[7]) * damped;

	return clampd(rev, TU_FSRS_D_MIN, TU_FSRS_D_MAX);
}

static double success_stability(const struct tu_fsrs_params *p, double s,
				double d, double r, int g)
{
	const double *w = p->w;
	double h = g == 2 ? w[15] : 1.0;
	double b = g == 4 ? w[16] : 1.0;

	return s * (1.0 + exp(w[8]) * (11.0 - d) * pow(s, -w[9]) *
		    (exp(w[10] * (1.0 - r)) - 1.0) * h * b);
}

static double lapse_stability(const struct tu_fsrs_params *p, double s,
			      double d, double r)
{
	const double *w = p->w;
	double lt = w[11] * pow(d, -w[12]) * (pow(s + 1.0, w[13]) - 1.0) *
		    exp(w[14] * (1.0 - r));

	return fmin(lt, s / exp(w[17] * w[18]));
}

static double same_day_stability(const struct tu_fsrs_params *p, double s,
				 int g)
{
	const double *w = p->w;
	double inc = exp(w[17] * ((double)g - 3.0 + w[18])) * pow(s, -w[19]);

	if (g >= 3 && inc < 1.0)
		inc = 1.0;
	return s * inc;
}

void tu_fsrs_next_state(const struct tu_fsrs_params *p,
			const struct tu_fsrs_state *in, double t_days, int g,
			struct tu_fsrs_state *out)
{
	double s = in->s, d = in->d, ns;

	g = clamp_grade(g);
	if (s == 0.0 && d == 0.0) {
		tu_fsrs_init_state(p, g, out);
		return;
	}
	if (t_days < 1.0)
		ns = same_day_stability(p, s, g);
	else if (g == 1)
		ns = lapse_stability(p, s, d, tu_fsrs_recall(p, t_days, s));
	else
		ns = success_stability(p, s, d, tu_fsrs_recall(p, t_days, s),
				       g);
	out->s = clampd(ns, TU_FSRS_S_MIN, TU_FSRS_S_MAX);
	out->d = next_difficulty(p, d, g);
}

double tu_fsrs_interval(const struct tu_fsrs_params *p, double s, double r,
			double max_days)
{
	double decay = -p->w[20];
	double factor = pow(0.9, 1.0 / decay) - 1.0;
	double ivl = s / factor * (pow(r, 1.0 / decay) - 1.0);

	ivl = round(ivl);
	if (ivl > max_days)
		ivl = floor(max_days);
	return ivl < 1.0 ? 1.0 : ivl;
}

static enum tu_status check_review(const struct tu_review_item *item,
				   int g, int64_t now, double r,
				   struct tu_err *err)
{
	int fresh = item->stability == 0.0 && item->difficulty == 0.0;

	if (g < 1 || g > 4)
		return tu_err_set(err, TU_EINVAL, "fsrs: item '%s': grade %d "
				  "outside 1..4", item->item, g);
	if (!(r > 0.0 && r < 1.0))
		return tu_err_set(err, TU_EINVAL, "fsrs: desired retention "
				  "%g outside (0,1)", r);
	if (!fresh && !(item->stability >= TU_FSRS_S_MIN &&
			item->stability <= TU_FSRS_S_MAX &&
			item->difficulty >= TU_FSRS_D_MIN &&
			item->difficulty <= TU_FSRS_D_MAX))
		return tu_err_set(err, TU_EINVAL, "fsrs: item '%s': stored "
				  "S %g / D %g outside [0.001,36500] / [1,10]",
				  item->item, item->stability,
				  item->difficulty);
	if (item->last_review != TU_TIME_NONE && now < item->last_review)
		return tu_err_set(err, TU_EINVAL, "fsrs: item '%s': review "
				  "time before the last review", item->item);
	return TU_OK;
}

enum tu_status tu_fsrs_review(const struct tu_fsrs_params *p,
			      struct tu_review_item *item, int g,
			      int64_t now, double r, double max_days,
			      struct tu_err *err)
{
	struct tu_fsrs_state in = { item->stability, item->difficulty }, out;
	enum tu_status st = check_review(item, g, now, r, err);
	double t = 0.0, ivl;

	if (st)
		return st;
	if (item->last_review != TU_TIME_NONE)
		t = (double)((now - item->last_review) / SECONDS_PER_DAY);
	if (item->last_review == TU_TIME_NONE)
		in.s = in.d = 0.0;
	tu_fsrs_next_state(p, &in, t, g, &out);
	ivl = tu_fsrs_interval(p, out.s, r, max_days < 1.0 ? 1.0 : max_days);
	item->stability = out.s;
	item->difficulty = out.d;
	item->interval_days = ivl;
	item->last_review = now;
	item->due = now + (int64_t)ivl * SECONDS_PER_DAY;
	item->repetitions++;
	if (g == 1)
		item->lapses++;
	return TU_OK;
}
