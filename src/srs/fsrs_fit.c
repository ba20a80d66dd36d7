/*
 * fsrs_fit.c - FSRS-6 parameter fitting: the py-fsrs optimizer recipe
 * (learner-models.md 6.3) with exact gradients from forward-mode dual
 * numbers over the 21 parameters.  Pure code; contracts in tutor/fsrs.h.
 *
 * A dual number carries a value and its 21 partial derivatives.  The
 * replay below repeats fsrs.c's equations on duals; a clamp or min that
 * selects a constant contributes a zero derivative, as autograd does.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/fsrs.h"
#include "tutor/rng.h"

#define NP TU_FSRS_NPARAMS
#define EPS_P 1e-15
#define ADAM_B1 0.9
#define ADAM_B2 0.999
#define ADAM_EPS 1e-8
#define PI 3.14159265358979323846

struct dual {
	double v;
	double d[NP];
};

static void d_const(struct dual *r, double v)
{
	memset(r, 0, sizeof(*r));
	r->v = v;
}

static void d_var(struct dual *r, const struct tu_fsrs_params *p, int i)
{
	d_const(r, p->w[i]);
	r->d[i] = 1.0;
}

/* r = a * x + b * y (r may alias a or b). */
static void d_lin(struct dual *r, double x, const struct dual *a, double y,
		  const struct dual *b)
{
	r->v = x * a->v + y * b->v;
	for (int i = 0; i < NP; i++)
		r->d[i] = x * a->d[i] + y * b->d[i];
}

static void d_addc(struct dual *r, const struct dual *a, double c)
{
	*r = *a;
	r->v += c;
}

static void d_mul(struct dual *r, const struct dual *a, const struct dual *b)
{
	double av = a->v, bv = b->v;

	for (int i = 0; i < NP; i++)
		r->d[i] = a->d[i] * bv + av * b->d[i];
	r->v = av * bv;
}

static void d_div(struct dual *r, const struct dual *a, const struct dual *b)
{
	double av = a->v, bv = b->v;

	for (int i = 0; i < NP; i++)
		r->d[i] = (a->d[i] * bv - av * b->d[i]) / (bv * bv);
	r->v = av / bv;
}

/* r = g(a) with g' = dg: the chain rule for one-argument functions. */
static void d_apply(struct dual *r, const struct dual *a, double g, double dg)
{
	for (int i = 0; i < NP; i++)
		r->d[i] = dg * a->d[i];
	r->v = g;
}

static void d_exp(struct dual *r, const struct dual *a)
{
	double e = exp(a->v);

	d_apply(r, a, e, e);
}

static void d_log(struct dual *r, const struct dual *a)
{
	d_apply(r, a, log(a->v), 1.0 / a->v);
}

/* r = a^b for a > 0: exp(b ln a). */
static void d_pow(struct dual *r, const struct dual *a, const struct dual *b)
{
	struct dual l;

	d_log(&l, a);
	d_mul(&l, &l, b);
	d_exp(r, &l);
}

static void d_clamp(struct dual *r, const struct dual *a, double lo,
		    double hi)
{
	if (a->v < lo)
		d_const(r, lo);
	else if (a->v > hi)
		d_const(r, hi);
	else
		*r = *a;
}

/* The replay state of one card and the model's parameter duals. */
struct model {
	struct dual w[NP];
	struct dual decay, factor;  /* -w20 and 0.9^(1/decay) - 1 */
};

static void model_init(struct model *m, const struct tu_fsrs_params *p)
{
	struct dual t;

	for (int i = 0; i < NP; i++)
		d_var(&m->w[i], p, i);
	d_lin(&m->decay, -1.0, &m->w[20], 0.0, &m->w[20]);
	d_const(&t, log(0.9));
	d_div(&t, &t, &m->decay);
	d_exp(&t, &t);
	d_addc(&m->factor, &t, -1.0);
}

static void recall(const struct model *m, double t, const struct dual *s,
		   struct dual *r)
{
	struct dual x;

	d_div(&x, &m->factor, s);
	d_lin(&x, t, &x, 0.0, &x);
	d_addc(&x, &x, 1.0);
	d_pow(r, &x, &m->decay);
}

static void init_difficulty(const struct model *m, int g, struct dual *d)
{
	struct dual e;

	d_lin(&e, (double)(g - 1), &m->w[5], 0.0, &m->w[5]);
	d_exp(&e, &e);
	d_lin(d, 1.0, &m->w[4], -1.0, &e);
	d_addc(d, d, 1.0);
}

static void next_difficulty(const struct model *m, struct dual *d, int g)
{
	struct dual damp, d0;

	/* d + (-w6 (g-3)) (10 - d) / 9 */
	d_lin(&damp, -1.0, d, 0.0, d);
	d_addc(&damp, &damp, 10.0);
	d_mul(&damp, &damp, &m->w[6]);
	d_lin(&damp, -(double)(g - 3) / 9.0, &damp, 1.0, d);
	init_difficulty(m, 4, &d0);
	/* w7 d0 + (1 - w7) damp = damp + w7 (d0 - damp) */
	d_lin(&d0, 1.0, &d0, -1.0, &damp);
	d_mul(&d0, &d0, &m->w[7]);
	d_lin(&d0, 1.0, &d0, 1.0, &damp);
	d_clamp(d, &d0, TU_FSRS_D_MIN, TU_FSRS_D_MAX);
}

static void success_stability(const struct model *m, struct dual *s,
			      const struct dual *d, const struct dual *r,
			      int g)
{
	struct dual a, b;

	d_exp(&a, &m->w[8]);
	d_lin(&b, -1.0, d, 0.0, d);
	d_addc(&b, &b, 11.0);
	d_mul(&a, &a, &b);
	d_lin(&b, -1.0, &m->w[9], 0.0, &m->w[9]);
	d_pow(&b, s, &b);
	d_mul(&a, &a, &b);
	d_lin(&b, -1.0, r, 0.0, r);
	d_addc(&b, &b, 1.0);
	d_mul(&b, &b, &m->w[10]);
	d_exp(&b, &b);
	d_addc(&b, &b, -1.0);
	d_mul(&a, &a, &b);
	if (g == 2)
		d_mul(&a, &a, &m->w[15]);
	if (g == 4)
		d_mul(&a, &a, &m->w[16]);
	d_addc(&a, &a, 1.0);
	d_mul(s, s, &a);
}

static void lapse_stability(const struct model *m, struct dual *s,
			    const struct dual *d, const struct dual *r)
{
	struct dual a, b;

	d_lin(&b, -1.0, &m->w[12], 0.0, &m->w[12]);
	d_pow(&a, d, &b);
	d_mul(&a, &a, &m->w[11]);
	d_addc(&b, s, 1.0);
	d_pow(&b, &b, &m->w[13]);
	d_addc(&b, &b, -1.0);
	d_mul(&a, &a, &b);
	d_lin(&b, -1.0, r, 0.0, r);
	d_addc(&b, &b, 1.0);
	d_mul(&b, &b, &m->w[14]);
	d_exp(&b, &b);
	d_mul(&a, &a, &b);
	/* short-term bound s / exp(w17 w18) */
	d_mul(&b, &m->w[17], &m->w[18]);
	d_lin(&b, -1.0, &b, 0.0, &b);
	d_exp(&b, &b);
	d_mul(&b, s, &b);
	*s = a.v <= b.v ? a : b;
}

static void same_day_stability(const struct model *m, struct dual *s, int g)
{
	struct dual a, b;

	d_addc(&a, &m->w[18], (double)g - 3.0);
	d_mul(&a, &a, &m->w[17]);
	d_exp(&a, &a);
	d_lin(&b, -1.0, &m->w[19], 0.0, &m->w[19]);
	d_pow(&b, s, &b);
	d_mul(&a, &a, &b);
	if (g >= 3 && a.v < 1.0)
		d_const(&a, 1.0);
	d_mul(s, s, &a);
}

struct card_state {
	struct dual s, d;
};

static void bce(const struct dual *r, int y, struct dual *loss)
{
	struct dual p, l;

	d_clamp(&p, r, EPS_P, 1.0 - EPS_P);
	if (y) {
		d_log(&l, &p);
	} else {
		d_lin(&l, -1.0, &p, 0.0, &p);
		d_addc(&l, &l, 1.0);
		d_log(&l, &l);
	}
	d_lin(loss, 1.0, loss, -1.0, &l);
}

static void step_card(const struct model *m, struct card_state *cs,
		      const struct tu_fsrs_step *st, struct dual *loss,
		      size_t *n)
{
	int g = st->rating < 1 ? 1 : st->rating > 4 ? 4 : st->rating;
	double t = (double)st->elapsed_days;
	struct dual r;

	if (st->elapsed_days < 0) {
		d_clamp(&cs->s, &m->w[g - 1], TU_FSRS_S_MIN, TU_FSRS_S_MAX);
		init_difficulty(m, g, &r);
		d_clamp(&cs->d, &r, TU_FSRS_D_MIN, TU_FSRS_D_MAX);
		return;
	}
	if (t < 1.0) {
		same_day_stability(m, &cs->s, g);
	} else {
		recall(m, t, &cs->s, &r);
		bce(&r, g != 1, loss);
		(*n)++;
		if (g == 1)
			lapse_stability(m, &cs->s, &cs->d, &r);
		else
			success_stability(m, &cs->s, &cs->d, &r, g);
	}
	d_clamp(&cs->s, &cs->s, TU_FSRS_S_MIN, TU_FSRS_S_MAX);
	next_difficulty(m, &cs->d, g);
}

static void replay_card(const struct model *m,
			const struct tu_fsrs_dataset *ds, size_t c,
			struct dual *loss, size_t *n)
{
	struct card_state cs;

	d_const(&cs.s, 0.0);
	d_const(&cs.d, 0.0);
	for (size_t k = ds->card_start[c]; k < ds->card_start[c + 1]; k++)
		step_card(m, &cs, &ds->steps[k], loss, n);
}

void tu_fsrs_loss_grad(const struct tu_fsrs_params *p,
		       const struct tu_fsrs_dataset *ds, size_t card_lo,
		       size_t card_hi, double grad[TU_FSRS_NPARAMS],
		       double *loss_sum, size_t *n_counted)
{
	struct model m;
	struct dual loss;
	size_t n = 0;

	model_init(&m, p);
	d_const(&loss, 0.0);
	for (size_t c = card_lo; c < card_hi && c < ds->n_cards; c++)
		replay_card(&m, ds, c, &loss, &n);
	memcpy(grad, loss.d, sizeof(loss.d));
	*loss_sum = loss.v;
	*n_counted = n;
}

/* ---- the plain-double loss ---- */

static double bce_value(double r, int y)
{
	double p = r < EPS_P ? EPS_P : r > 1.0 - EPS_P ? 1.0 - EPS_P : r;

	return y ? -log(p) : -log(1.0 - p);
}

static double card_loss(const struct tu_fsrs_params *p,
			const struct tu_fsrs_dataset *ds, size_t c, size_t *n)
{
	struct tu_fsrs_state st = { 0.0, 0.0 };
	double sum = 0.0;

	for (size_t k = ds->card_start[c]; k < ds->card_start[c + 1]; k++) {
		const struct tu_fsrs_step *x = &ds->steps[k];
		double t = x->elapsed_days < 0 ? 0.0 : x->elapsed_days;

		if (x->elapsed_days < 0)
			st.s = st.d = 0.0;
		if (x->elapsed_days >= 1 && st.s > 0.0) {
			sum += bce_value(tu_fsrs_recall(p, t, st.s),
					 x->rating != 1);
			(*n)++;
		}
		tu_fsrs_next_state(p, &st, t, x->rating, &st);
	}
	return sum;
}

double tu_fsrs_loss(const struct tu_fsrs_params *p,
		    const struct tu_fsrs_dataset *ds, size_t *n_counted)
{
	double sum = 0.0;
	size_t n = 0;

	for (size_t c = 0; c < ds->n_cards; c++)
		sum += card_loss(p, ds, c, &n);
	if (n_counted)
		*n_counted = n;
	return n ? sum / (double)n : 0.0;
}

/* ---- Adam with cosine annealing ---- */

void tu_fsrs_fit_config_init(struct tu_fsrs_fit_config *cfg)
{
	cfg->epochs = 5;
	cfg->batch_size = 512;
	cfg->lr = 4e-2;
	cfg->seed = 42;
	cfg->min_reviews = 512;
}

struct adam {
	double m[NP], v[NP];
	size_t t, t_max;
	double lr0;
};

static void adam_step(struct adam *a, struct tu_fsrs_params *p,
		      const double *g)
{
	double lr = a->lr0 * 0.5 *
		    (1.0 + cos(PI * (double)a->t / (double)a->t_max));
	double c1, c2;

	a->t++;
	c1 = 1.0 - pow(ADAM_B1, (double)a->t);
	c2 = 1.0 - pow(ADAM_B2, (double)a->t);
	for (int i = 0; i < NP; i++) {
		a->m[i] = ADAM_B1 * a->m[i] + (1.0 - ADAM_B1) * g[i];
		a->v[i] = ADAM_B2 * a->v[i] + (1.0 - ADAM_B2) * g[i] * g[i];
		p->w[i] -= lr * (a->m[i] / c1) / (sqrt(a->v[i] / c2) + ADAM_EPS);
	}
	if (a->t > a->t_max)
		a->t_max = a->t;
	tu_fsrs_params_clamp(p);
}

struct batch {
	double grad[NP];
	size_t n;
};

static void batch_add(struct batch *b, const struct tu_fsrs_params *p,
		      const struct tu_fsrs_dataset *ds, size_t c)
{
	double g[NP], l;
	size_t n;

	tu_fsrs_loss_grad(p, ds, c, c + 1, g, &l, &n);
	for (int i = 0; i < NP; i++)
		b->grad[i] += g[i];
	b->n += n;
}

static void batch_flush(struct batch *b, struct adam *a,
			struct tu_fsrs_params *p)
{
	if (b->n == 0)
		return;
	for (int i = 0; i < NP; i++)
		b->grad[i] /= (double)b->n;
	adam_step(a, p, b->grad);
	memset(b, 0, sizeof(*b));
}

static void run_epoch(const struct tu_fsrs_dataset *ds,
		      const struct tu_fsrs_fit_config *cfg, size_t *order,
		      struct tu_rng *rng, struct adam *a,
		      struct tu_fsrs_params *p, const struct tu_progress *prog)
{
	struct batch b;

	memset(&b, 0, sizeof(b));
	tu_rng_shuffle(rng, order, ds->n_cards, sizeof(*order));
	for (size_t k = 0; k < ds->n_cards; k++) {
		batch_add(&b, p, ds, order[k]);
		if (b.n >= cfg->batch_size) {
			batch_flush(&b, a, p);
			tu_progress_report(prog, "fsrs fit", a->t, a->t_max);
		}
	}
	batch_flush(&b, a, p);
	tu_progress_report(prog, "fsrs fit", a->t, a->t_max);
}

static enum tu_status check_fit(const struct tu_fsrs_fit_config *cfg,
				const struct tu_fsrs_params *start,
				struct tu_err *err)
{
	if (cfg->epochs == 0 || cfg->batch_size == 0 ||
	    !(cfg->lr > 0.0 && isfinite(cfg->lr)))
		return tu_err_set(err, TU_EINVAL, "fsrs fit: epochs and "
				  "batch_size must be > 0 and lr > 0");
	return tu_fsrs_params_check(start, err);
}

static void optimise(const struct tu_fsrs_dataset *ds,
		     const struct tu_fsrs_fit_config *cfg, size_t *order,
		     struct tu_fsrs_params *out, struct tu_fsrs_fit_report *rep,
		     const struct tu_progress *prog)
{
	struct tu_fsrs_params cur = *out;
	struct adam a;
	struct tu_rng rng;
	double loss;

	memset(&a, 0, sizeof(a));
	a.lr0 = cfg->lr;
	a.t_max = (rep->n_counted + cfg->batch_size - 1) / cfg->batch_size *
		  cfg->epochs;
	tu_rng_seed(&rng, cfg->seed);
	for (size_t e = 1; e <= cfg->epochs; e++) {
		run_epoch(ds, cfg, order, &rng, &a, &cur, prog);
		loss = tu_fsrs_loss(&cur, ds, NULL);
		if (loss < rep->loss_best) {
			rep->loss_best = loss;
			rep->best_epoch = e;
			*out = cur;
		}
	}
	rep->steps = a.t;
}

enum tu_status tu_fsrs_fit(const struct tu_fsrs_dataset *ds,
			   const struct tu_fsrs_fit_config *cfg,
			   const struct tu_fsrs_params *start,
			   struct tu_fsrs_params *out,
			   struct tu_fsrs_fit_report *rep,
			   const struct tu_progress *prog,
			   struct tu_err *err)
{
	struct tu_fsrs_fit_report local;
	enum tu_status st = check_fit(cfg, start, err);
	size_t *order;

	if (st)
		return st;
	if (!rep)
		rep = &local;
	memset(rep, 0, sizeof(*rep));
	*out = *start;
	rep->loss_start = tu_fsrs_loss(start, ds, &rep->n_counted);
	rep->loss_best = rep->loss_start;
	if (rep->n_counted < cfg->min_reviews || rep->n_counted == 0)
		return TU_OK;
	order = malloc(ds->n_cards * sizeof(*order));
	if (!order)
		return tu_err_set(err, TU_ENOMEM, "fsrs fit: out of memory");
	for (size_t c = 0; c < ds->n_cards; c++)
		order[c] = c;
	optimise(ds, cfg, order, out, rep, prog);
	free(order);
	return TU_OK;
}
