/*
 * bkt_em.c - per-skill Baum-Welch for BKT (contract in tutor/bkt.h; the
 * derivation and the choices made are in docs/kt.md).
 *
 * Each skill's answers are copied once into one contiguous byte array
 * (sequence after sequence); the E-step is a scaled forward pass that
 * stores the filtered P(known) and the scale factor of every position,
 * then a backward pass that accumulates the soft counts directly.  All
 * scratch memory is allocated before the first iteration.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/bkt.h"
#include "tutor/rng.h"
#include "kt_internal.h"

#define P_EPS 1e-10          /* probabilities kept in [P_EPS, 1-P_EPS] */
#define PROD_FLOOR 1e-250    /* fold the running product into the LL */

/* One skill's training data. */
struct em_data {
	const uint8_t *obs;
	const size_t *len;
	size_t n_seqs;
};

/* Expected counts of one E-step. */
struct em_counts {
	double init1;              /* gamma_1(known), summed over sequences */
	double learn_num, from0;   /* xi(0->1); gamma_t(0), t < last */
	double forget_num, from1;  /* xi(1->0); gamma_t(1), t < last */
	double corr0, tot0;        /* gamma(0) on correct; all gamma(0) */
	double inc1, tot1;         /* gamma(1) on incorrect; all gamma(1) */
};

/* Scratch of max-sequence-length size. */
struct em_work {
	double *f;   /* filtered P(known | answers up to t) */
	double *c;   /* P(answer t | answers before t) */
};

static double clampp(double x)
{
	return x < P_EPS ? P_EPS : x > 1.0 - P_EPS ? 1.0 - P_EPS : x;
}

static double forward(const struct tu_bkt_params *p, const uint8_t *o,
		      size_t n, struct em_work *w)
{
	double a = p->prior, prod = 1.0, ll = 0.0;

	for (size_t t = 0; t < n; t++) {
		double b1 = o[t] ? 1.0 - p->slip : p->slip;
		double b0 = o[t] ? p->guess : 1.0 - p->guess;
		double k = a * b1, c = k + (1.0 - a) * b0;

		w->c[t] = c;
		w->f[t] = k / c;
		a = w->f[t] * (1.0 - p->forget) + (1.0 - w->f[t]) * p->learn;
		prod *= c;
		if (prod < PROD_FLOOR) {
			ll += log(prod);
			prod = 1.0;
		}
	}
	return ll + log(prod);
}

/* Adds the transition soft counts between t-1 and t; updates beta. */
static void add_xi(const struct tu_bkt_params *p, int o, double f_prev,
		   double c, double *bk0, double *bk1, struct em_counts *k)
{
	double e0 = (o ? p->guess : 1.0 - p->guess) * *bk0 / c;
	double e1 = (o ? 1.0 - p->slip : p->slip) * *bk1 / c;
	double a0 = 1.0 - f_prev;
	double x01 = a0 * p->learn * e1, x00 = a0 * (1.0 - p->learn) * e0;
	double x10 = f_prev * p->forget * e0;
	double x11 = f_prev * (1.0 - p->forget) * e1;

	k->learn_num += x01;
	k->from0 += x00 + x01;
	k->forget_num += x10;
	k->from1 += x10 + x11;
	*bk0 = (1.0 - p->learn) * e0 + p->learn * e1;
	*bk1 = p->forget * e0 + (1.0 - p->forget) * e1;
}

static void backward(const struct tu_bkt_params *p, const uint8_t *o,
		     size_t n, const struct em_work *w, struct em_counts *k)
{
	double bk0 = 1.0, bk1 = 1.0;

	for (size_t t = n; t-- > 0;) {
		double g1 = w->f[t] * bk1, g0 = (1.0 - w->f[t]) * bk0;

		if (o[t])
			k->corr0 += g0;
		else
			k->inc1 += g1;
		k->tot0 += g0;
		k->tot1 += g1;
		if (t == 0)
			k->init1 += g1;
		else
			add_xi(p, o[t], w->f[t - 1], w->c[t], &bk0, &bk1, k);
	}
}

static double estep(const struct tu_bkt_params *p, const struct em_data *d,
		    struct em_work *w, struct em_counts *k)
{
	const uint8_t *o = d->obs;
	double ll = 0.0;

	memset(k, 0, sizeof(*k));
	for (size_t s = 0; s < d->n_seqs; s++) {
		ll += forward(p, o, d->len[s], w);
		backward(p, o, d->len[s], w, k);
		o += d->len[s];
	}
	return ll;
}

/* pyBKT's M-step: an empty "from unknown" column means learn = 1, an
 * empty "from known" column forget = 0, an empty emission row 0.5. */
static void mstep(struct tu_bkt_params *p, const struct em_counts *k,
		  size_t n_seqs, int forgets)
{
	p->prior = clampp(k->init1 / (double)n_seqs);
	p->learn = clampp(k->from0 > 0.0 ? k->learn_num / k->from0 : 1.0);
	p->forget = 0.0;
	if (forgets)
		p->forget = clampp(k->from1 > 0.0 ? k->forget_num / k->from1
					    : 0.0);
	p->guess = clampp(k->tot0 > 0.0 ? k->corr0 / k->tot0 : 0.5);
	p->slip = clampp(k->tot1 > 0.0 ? k->inc1 / k->tot1 : 0.5);
}

static void run_em(struct tu_bkt_params *p, const struct em_data *d,
		   const struct tu_bkt_config *cfg, struct em_work *w,
		   double *trace, struct tu_bkt_skill *out)
{
	struct em_counts k;
	double ll = 0.0, prev = 0.0;
	unsigned it;

	out->converged = 0;
	for (it = 0; it <= cfg->maxiter; it++) {
		ll = estep(p, d, w, &k);
		if (trace)
			trace[it] = ll;
		if (it > 0 && fabs(ll - prev) < cfg->tol) {
			out->converged = 1;
			break;
		}
		if (it == cfg->maxiter)
			break;
		mstep(p, &k, d->n_seqs, cfg->forgets);
		prev = ll;
	}
	out->ll = ll;
	out->iterations = it + 1u;
	out->p = *p;
}

static size_t max_len(const size_t *len, size_t n, size_t *total)
{
	size_t m = 0;

	*total = 0;
	for (size_t i = 0; i < n; i++) {
		m = len[i] > m ? len[i] : m;
		*total += len[i];
	}
	return m;
}

static enum tu_status work_alloc(struct em_work *w, size_t n,
				 struct tu_err *err)
{
	w->f = malloc((n ? n : 1) * sizeof(double));
	w->c = malloc((n ? n : 1) * sizeof(double));
	if (w->f && w->c)
		return TU_OK;
	free(w->f);
	free(w->c);
	return tu_err_set(err, TU_ENOMEM, "bkt: out of memory (%zu steps)", n);
}

static void work_free(struct em_work *w)
{
	free(w->f);
	free(w->c);
}

enum tu_status tu_bkt_em(struct tu_bkt_params *p, const uint8_t *obs,
			 const size_t *len, size_t n_seqs,
			 const struct tu_bkt_config *cfg, double *ll_trace,
			 struct tu_bkt_skill *st, struct tu_err *err)
{
	struct em_data d = { obs, len, n_seqs };
	struct em_work w;
	struct tu_bkt_skill out;
	size_t total, m;
	enum tu_status rc = tu_bkt_config_validate(cfg, err);

	if (!rc)
		rc = tu_bkt_params_validate(p, err);
	if (rc)
		return rc;
	if (n_seqs == 0)
		return tu_err_set(err, TU_EINVAL, "bkt: no sequences to fit");
	m = max_len(len, n_seqs, &total);
	for (size_t i = 0; i < n_seqs; i++)
		if (len[i] == 0)
			return tu_err_set(err, TU_EINVAL,
					  "bkt: sequence %zu is empty", i);
	for (size_t i = 0; i < total; i++)
		if (obs[i] > 1)
			return tu_err_set(err, TU_EINVAL,
					  "bkt: answer %zu is %u, not 0/1", i,
					  (unsigned)obs[i]);
	rc = work_alloc(&w, m, err);
	if (rc)
		return rc;
	memset(&out, 0, sizeof(out));
	run_em(p, &d, cfg, &w, ll_trace, &out);
	out.n_rows = total;
	out.n_seqs = n_seqs;
	out.fitted = 1;
	work_free(&w);
	if (st)
		*st = out;
	return TU_OK;
}

/* ---- Fitting every skill of a log ---- */

/* A log's answers regrouped by (skill, user). */
struct fit_data {
	struct tu__kt_seqs s;
	uint8_t *obs;   /* s.n answers in s.order order */
	size_t *len;    /* s.n_seqs sequence lengths */
	struct em_work w;
};

static void fit_data_free(struct fit_data *fd)
{
	tu__kt_seqs_release(&fd->s);
	free(fd->obs);
	free(fd->len);
	work_free(&fd->w);
}

static enum tu_status fit_data_build(struct fit_data *fd,
				     const struct tu_ktlog *log,
				     struct tu_err *err)
{
	size_t total;
	enum tu_status st = tu__kt_seqs_build(&fd->s, log, err);

	if (st)
		return st;
	fd->obs = malloc(log->n);
	fd->len = malloc(fd->s.n_seqs * sizeof(*fd->len));
	fd->w.f = fd->w.c = NULL;
	if (!fd->obs || !fd->len) {
		fit_data_free(fd);
		return tu_err_set(err, TU_ENOMEM, "bkt: out of memory");
	}
	for (size_t i = 0; i < log->n; i++)
		fd->obs[i] = log->rows[fd->s.order[i]].correct;
	for (size_t q = 0; q < fd->s.n_seqs; q++)
		fd->len[q] = fd->s.start[q + 1] - fd->s.start[q];
	st = work_alloc(&fd->w, max_len(fd->len, fd->s.n_seqs, &total), err);
	if (st) {
		fd->w.f = fd->w.c = NULL;
		fit_data_free(fd);
	}
	return st;
}

static void random_params(struct tu_rng *r, int forgets,
			  struct tu_bkt_params *p)
{
	p->prior = tu_rng_range(r, 0.0, 1.0);
	p->learn = tu_rng_range(r, 0.0, 0.4);
	p->guess = tu_rng_range(r, 0.0, 0.4);
	p->slip = tu_rng_range(r, 0.0, 0.3);
	p->forget = forgets ? tu_rng_range(r, 0.0, 1.0) : 0.0;
}

/* Whether restart a should be kept over the best so far b. */
static int better(const struct tu_bkt_skill *a, const struct tu_bkt_skill *b)
{
	int va = a->p.guess + a->p.slip < 1.0;
	int vb = b->p.guess + b->p.slip < 1.0;

	if (va != vb)
		return va;
	return a->ll > b->ll;
}

struct fit_run {
	const struct tu_bkt_config *cfg;
	const struct tu_progress *prog;
	size_t done, total;
	unsigned long iterations;
};

static void fit_skill(struct fit_data *fd, uint32_t skill,
		      struct fit_run *run, struct tu_bkt_skill *out)
{
	const struct tu__kt_seqs *s = &fd->s;
	size_t q0 = s->skill_seq[skill], q1 = s->skill_seq[skill + 1];
	struct em_data d = { fd->obs + s->start[q0], fd->len + q0, q1 - q0 };
	struct tu_bkt_skill cur;
	struct tu_bkt_params p;
	struct tu_rng r;
	unsigned long steps = 0;

	tu_rng_seed(&r, run->cfg->seed ^ (0x9e3779b97f4a7c15ULL * (skill + 1u)));
	for (unsigned k = 0; k < run->cfg->restarts; k++) {
		random_params(&r, run->cfg->forgets, &p);
		run_em(&p, &d, run->cfg, &fd->w, NULL, &cur);
		run->iterations += cur.iterations;
		steps += cur.iterations;
		if (k == 0 || better(&cur, out))
			*out = cur;
		tu_progress_report(run->prog, "bkt em", ++run->done, run->total);
	}
	out->n_rows = s->start[q1] - s->start[q0];
	out->n_seqs = q1 - q0;
	out->all_iterations = steps;
	out->fitted = 1;
	out->degenerate = !(out->p.guess + out->p.slip < 1.0);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median of field off (a byte offset into struct tu_bkt_params). */
static double median_param(const struct tu_bkt_skill *sk, uint32_t n,
			   size_t off, double *tmp)
{
	size_t m = 0;

	for (uint32_t i = 0; i < n; i++)
		if (sk[i].fitted)
			memcpy(&tmp[m++], (const char *)&sk[i].p + off,
			       sizeof(double));
	qsort(tmp, m, sizeof(double), cmp_double);
	return m % 2 ? tmp[m / 2] : 0.5 * (tmp[m / 2 - 1] + tmp[m / 2]);
}

static void set_default(struct tu_bkt_model *m, double *tmp)
{
	m->dflt.prior = median_param(m->skills, m->n_skills,
				     offsetof(struct tu_bkt_params, prior), tmp);
	m->dflt.learn = median_param(m->skills, m->n_skills,
				     offsetof(struct tu_bkt_params, learn), tmp);
	m->dflt.guess = median_param(m->skills, m->n_skills,
				     offsetof(struct tu_bkt_params, guess), tmp);
	m->dflt.slip = median_param(m->skills, m->n_skills,
				    offsetof(struct tu_bkt_params, slip), tmp);
	m->dflt.forget = median_param(m->skills, m->n_skills,
				      offsetof(struct tu_bkt_params, forget),
				      tmp);
}

static void fit_all(struct tu_bkt_model *nm, struct fit_data *fd,
		    struct fit_run *run)
{
	for (uint32_t k = 0; k < nm->n_skills; k++) {
		if (fd->s.skill_seq[k] == fd->s.skill_seq[k + 1])
			continue;
		fit_skill(fd, k, run, &nm->skills[k]);
		nm->ll += nm->skills[k].ll;
		nm->n_fitted++;
	}
	nm->iterations = run->iterations;
}

static size_t count_skills(const struct tu__kt_seqs *s)
{
	size_t n = 0;

	for (uint32_t k = 0; k < s->n_skills; k++)
		n += s->skill_seq[k] != s->skill_seq[k + 1];
	return n;
}

enum tu_status tu_bkt_fit(struct tu_bkt_model *m, const struct tu_ktlog *train,
			  const struct tu_bkt_config *cfg,
			  const struct tu_progress *prog, struct tu_err *err)
{
	struct tu_bkt_model nm;
	struct fit_data fd;
	struct fit_run run = { cfg, prog, 0, 0, 0 };
	double *tmp;
	enum tu_status st = tu_bkt_config_validate(cfg, err);

	if (st)
		return st;
	if (train->n == 0)
		return tu_err_set(err, TU_EDATA, "bkt: training log is empty");
	st = fit_data_build(&fd, train, err);
	if (st)
		return st;
	tu_bkt_model_init(&nm);
	nm.n_skills = train->n_skills;
	nm.forgets = cfg->forgets != 0;
	nm.skills = calloc(nm.n_skills, sizeof(*nm.skills));
	tmp = malloc(nm.n_skills * sizeof(double));
	if (!nm.skills || !tmp) {
		free(nm.skills);
		free(tmp);
		fit_data_free(&fd);
		return tu_err_set(err, TU_ENOMEM, "bkt: out of memory");
	}
	run.total = count_skills(&fd.s) * cfg->restarts;
	fit_all(&nm, &fd, &run);
	set_default(&nm, tmp);
	for (uint32_t k = 0; k < nm.n_skills; k++)
		if (!nm.skills[k].fitted)
			nm.skills[k].p = nm.dflt;
	free(tmp);
	fit_data_free(&fd);
	tu_bkt_model_release(m);
	*m = nm;
	return TU_OK;
}
