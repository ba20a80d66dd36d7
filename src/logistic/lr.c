/*
 * lr.c - configuration, fitting and batch prediction of the logistic
 * learner model.
 *
 * Fitting replays the training log user by user (a stable counting sort
 * by user keeps each user's rows in file order), builds the sparse design
 * matrix once as CSR, then minimises the L2-penalised summed log loss
 * with tu_lbfgs_minimize.  No allocation happens inside the optimizer.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

void tu_lr_config_default(struct tu_lr_config *cfg)
{
	cfg->features = TU_LR_BEST_PLUS;
	cfg->l2 = 2.0;
	cfg->window = 3;
	cfg->smooth = 5.0;
	cfg->decay = 0.7;
	tu_lbfgs_params_default(&cfg->opt);
}

static const struct {
	const char *name;
	unsigned bits;
} feature_names[] = {
	{ "i", TU_LR_ITEM }, { "s", TU_LR_SKILL },
	{ "ic", TU_LR_ITEM_COUNTS }, { "sc", TU_LR_SKILL_COUNTS },
	{ "tc", TU_LR_TOTAL_COUNTS }, { "r", TU_LR_RECENT },
	{ "sm", TU_LR_SMOOTH }, { "d", TU_LR_DECAY },
	{ "irt", TU_LR_IRT }, { "pfa", TU_LR_PFA },
	{ "best-lr", TU_LR_BEST }, { "best-lr+", TU_LR_BEST_PLUS },
};

static unsigned feature_bits(const char *s, size_t len)
{
	for (size_t k = 0; k < sizeof(feature_names) / sizeof(*feature_names);
	     k++)
		if (strlen(feature_names[k].name) == len &&
		    strncmp(feature_names[k].name, s, len) == 0)
			return feature_names[k].bits;
	return 0;
}

enum tu_status tu_lr_features_parse(const char *s, unsigned *features,
				    struct tu_err *err)
{
	unsigned acc = 0;
	const char *p = s;

	for (;;) {
		size_t len = strcspn(p, ",");
		unsigned b = feature_bits(p, len);

		if (!b)
			return tu_err_set(err, TU_EINVAL,
					  "features '%s': unknown name '%.*s'",
					  s, (int)len, p);
		acc |= b;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	*features = acc;
	return TU_OK;
}

enum tu_status tu__lr_config_check(const struct tu_lr_config *cfg,
				   struct tu_err *err)
{
	if (cfg->features == 0 || (cfg->features & ~(unsigned)TU_LR_ALL))
		return tu_err_set(err, TU_EINVAL, "lr: bad feature bits %#x",
				  cfg->features);
	if (!(cfg->l2 >= 0) || !isfinite(cfg->l2))
		return tu_err_set(err, TU_EINVAL, "lr: l2 = %g, expected >= 0",
				  cfg->l2);
	if (cfg->window < 1 || cfg->window > TU_LR_MAX_WINDOW)
		return tu_err_set(err, TU_EINVAL,
				  "lr: window = %u, expected 1..%d",
				  cfg->window, TU_LR_MAX_WINDOW);
	if (!(cfg->smooth > 0) || !isfinite(cfg->smooth))
		return tu_err_set(err, TU_EINVAL,
				  "lr: smooth = %g, expected > 0", cfg->smooth);
	if (!(cfg->decay > 0 && cfg->decay < 1))
		return tu_err_set(err, TU_EINVAL,
				  "lr: decay = %g, expected in (0,1)",
				  cfg->decay);
	return TU_OK;
}

void tu_lr_model_init(struct tu_lr_model *m)
{
	memset(m, 0, sizeof(*m));
	tu_lr_config_default(&m->cfg);
}

void tu_lr_model_release(struct tu_lr_model *m)
{
	free(m->w);
	tu_lr_model_init(m);
}

/* Shape of a log: id bounds and the mean of correct. */
struct log_shape {
	uint32_t n_users, n_items, n_skills;
	double mean;
};

static enum tu_status scan_log(const struct tu_ktlog *log,
			       struct log_shape *sh, struct tu_err *err)
{
	size_t wins = 0;

	memset(sh, 0, sizeof(*sh));
	for (size_t i = 0; i < log->n; i++) {
		const struct tu_kt_row *r = &log->rows[i];

		if (r->correct > 1)
			return tu_err_set(err, TU_EDATA,
					  "row %zu: correct = %u, expected 0 or 1",
					  i + 1, r->correct);
		if (r->user >= TU_KTLOG_MAX_ID || r->item >= TU_KTLOG_MAX_ID ||
		    r->skill >= TU_KTLOG_MAX_ID)
			return tu_err_set(err, TU_ERANGE,
					  "row %zu: an id is >= %u", i + 1,
					  TU_KTLOG_MAX_ID);
		sh->n_users = r->user >= sh->n_users ? r->user + 1 : sh->n_users;
		sh->n_items = r->item >= sh->n_items ? r->item + 1 : sh->n_items;
		sh->n_skills = r->skill >= sh->n_skills ? r->skill + 1 :
							  sh->n_skills;
		wins += r->correct;
	}
	sh->mean = log->n ? (double)wins / (double)log->n : 0.5;
	return TU_OK;
}

/* perm = row indexes sorted by user, file order kept within a user. */
static enum tu_status user_order(const struct tu_ktlog *log,
				 uint32_t n_users, size_t **perm,
				 struct tu_err *err)
{
	size_t *start = calloc((size_t)n_users + 1, sizeof(*start));
	size_t *p = malloc((log->n ? log->n : 1) * sizeof(*p));

	if (!start || !p) {
		free(start);
		free(p);
		return tu_err_set(err, TU_ENOMEM, "lr: out of memory");
	}
	for (size_t i = 0; i < log->n; i++)
		start[log->rows[i].user + 1]++;
	for (uint32_t u = 0; u < n_users; u++)
		start[u + 1] += start[u];
	for (size_t i = 0; i < log->n; i++)
		p[start[log->rows[i].user]++] = i;
	free(start);
	*perm = p;
	return TU_OK;
}

typedef void (*row_visit_fn)(void *ud, size_t k, size_t row,
			     const struct tu__lr_row *r);

/*
 * Replays log in perm order: for the k-th row (log row perm[k]) builds the
 * features from the user's earlier rows, calls visit, then counts the row.
 */
static enum tu_status replay(const struct tu_lr_model *m,
			     const struct tu_ktlog *log, const size_t *perm,
			     row_visit_fn visit, void *ud, struct tu_err *err)
{
	struct tu__lr_offsets o;
	struct tu_lr_counts c;
	struct tu__lr_row r;
	enum tu_status st = TU_OK;

	tu__lr_layout(m->cfg.features, m->n_items, m->n_skills, &o);
	tu_lr_counts_init(&c);
	for (size_t k = 0; k < log->n && !st; k++) {
		const struct tu_kt_row *row = &log->rows[perm[k]];

		if (k > 0 && row->user != log->rows[perm[k - 1]].user)
			tu_lr_counts_clear(&c);
		tu__lr_row_build(m, &o, &c, row->item, row->skill, &r);
		visit(ud, k, perm[k], &r);
		st = tu_lr_counts_update(&c, row->item, row->skill,
					 row->correct, err);
	}
	tu_lr_counts_release(&c);
	return st;
}

/* The design matrix in CSR, rows in replay order, and the labels. */
struct design {
	size_t n, nnz;
	size_t *rp;       /* n + 1 */
	uint32_t *col;
	double *val;
	double *y;
	double l2;
};

static void count_visit(void *ud, size_t k, size_t row,
			const struct tu__lr_row *r)
{
	struct design *d = ud;

	(void)row;
	d->rp[k + 1] = r->n;
}

static void fill_visit(void *ud, size_t k, size_t row,
		       const struct tu__lr_row *r)
{
	struct design *d = ud;
	size_t at = d->rp[k];

	(void)row;
	memcpy(d->col + at, r->idx, r->n * sizeof(*d->col));
	memcpy(d->val + at, r->val, r->n * sizeof(*d->val));
}

static void design_free(struct design *d)
{
	free(d->rp);
	free(d->col);
	free(d->val);
	free(d->y);
}

static enum tu_status design_build(struct design *d,
				   const struct tu_lr_model *m,
				   const struct tu_ktlog *log,
				   const size_t *perm, struct tu_err *err)
{
	enum tu_status st;

	d->n = log->n;
	d->rp = calloc(log->n + 1, sizeof(*d->rp));
	d->y = malloc(log->n * sizeof(*d->y));
	if (!d->rp || !d->y)
		return tu_err_set(err, TU_ENOMEM, "lr: out of memory");
	st = replay(m, log, perm, count_visit, d, err);
	if (st)
		return st;
	for (size_t k = 0; k < log->n; k++) {
		d->rp[k + 1] += d->rp[k];
		d->y[k] = log->rows[perm[k]].correct;
	}
	d->nnz = d->rp[log->n];
	d->col = malloc((d->nnz ? d->nnz : 1) * sizeof(*d->col));
	d->val = malloc((d->nnz ? d->nnz : 1) * sizeof(*d->val));
	if (!d->col || !d->val)
		return tu_err_set(err, TU_ENOMEM, "lr: out of memory");
	return replay(m, log, perm, fill_visit, d, err);
}

/* log(1 + e^z) without overflow. */
static double softplus(double z)
{
	return z > 0 ? z + log1p(exp(-z)) : log1p(exp(z));
}

/* Summed log loss + l2/2 |w|^2 over x = (bias, w); gradient into g. */
static double lr_objective(void *ud, const double *x, double *g, size_t nx)
{
	const struct design *d = ud;
	const double *w = x + 1;
	double f = 0;

	memset(g, 0, nx * sizeof(*g));
	for (size_t i = 0; i < d->n; i++) {
		double z = x[0], r;

		for (size_t k = d->rp[i]; k < d->rp[i + 1]; k++)
			z += w[d->col[k]] * d->val[k];
		f += softplus(z) - d->y[i] * z;
		r = tu__lr_sigmoid(z) - d->y[i];
		g[0] += r;
		for (size_t k = d->rp[i]; k < d->rp[i + 1]; k++)
			g[1 + d->col[k]] += r * d->val[k];
	}
	for (size_t j = 1; j < nx; j++) {
		f += 0.5 * d->l2 * x[j] * x[j];
		g[j] += d->l2 * x[j];
	}
	return f;
}

/* Sets the model's shape fields from cfg and the training log. */
static void shape_model(struct tu_lr_model *m, const struct tu_lr_config *cfg,
			const struct log_shape *sh)
{
	struct tu__lr_offsets o;

	tu_lr_model_init(m);
	m->cfg = *cfg;
	m->n_items = sh->n_items;
	m->n_skills = sh->n_skills;
	m->prior = sh->mean;
	m->dim = tu__lr_layout(cfg->features, sh->n_items, sh->n_skills, &o);
}

static enum tu_status fit_design(struct tu_lr_model *nm, struct design *d,
				 const struct tu_progress *prog,
				 struct tu_err *err)
{
	double *x = calloc(nm->dim + 1, sizeof(*x));
	enum tu_status st;

	if (!x)
		return tu_err_set(err, TU_ENOMEM, "lr: out of memory");
	st = tu_lbfgs_minimize(lr_objective, d, x, nm->dim + 1, &nm->cfg.opt,
			       prog, NULL, err);
	if (st) {
		free(x);
		return st;
	}
	nm->bias = x[0];
	memmove(x, x + 1, nm->dim * sizeof(*x));
	nm->w = x;
	return TU_OK;
}

enum tu_status tu_lr_fit(struct tu_lr_model *m, const struct tu_ktlog *train,
			 const struct tu_lr_config *cfg,
			 const struct tu_progress *prog, struct tu_err *err)
{
	struct tu_lr_model nm;
	struct log_shape sh;
	struct design d = { 0 };
	size_t *perm = NULL;
	enum tu_status st;

	st = tu__lr_config_check(cfg, err);
	if (!st)
		st = scan_log(train, &sh, err);
	if (st)
		return st;
	if (train->n == 0)
		return tu_err_set(err, TU_EDATA, "lr: empty training log");
	shape_model(&nm, cfg, &sh);
	d.l2 = cfg->l2;
	st = user_order(train, sh.n_users, &perm, err);
	if (!st)
		st = design_build(&d, &nm, train, perm, err);
	if (!st)
		st = fit_design(&nm, &d, prog, err);
	free(perm);
	design_free(&d);
	if (st)
		return st;
	tu_lr_model_release(m);
	*m = nm;
	return TU_OK;
}

struct predict_ctx {
	const struct tu_lr_model *m;
	double *p;
};

static void predict_visit(void *ud, size_t k, size_t row,
			  const struct tu__lr_row *r)
{
	struct predict_ctx *pc = ud;
	double z = pc->m->bias;

	(void)k;
	for (size_t j = 0; j < r->n; j++)
		z += pc->m->w[r->idx[j]] * r->val[j];
	pc->p[row] = tu__lr_sigmoid(z);
}

enum tu_status tu_lr_predict(const struct tu_lr_model *m,
			     const struct tu_ktlog *log, double *p,
			     struct tu_err *err)
{
	struct predict_ctx pc = { m, p };
	struct log_shape sh;
	size_t *perm = NULL;
	enum tu_status st;

	if (!m->w || m->dim == 0)
		return tu_err_set(err, TU_EINVAL, "lr: model is not fitted");
	st = scan_log(log, &sh, err);
	if (!st)
		st = user_order(log, sh.n_users, &perm, err);
	if (!st)
		st = replay(m, log, perm, predict_visit, &pc, err);
	free(perm);
	return st;
}

/* Evaluates lr_objective at (m->bias, m->w) on the design of log. */
static enum tu_status objective_at(const struct tu_lr_model *m,
				   struct design *d, double *f, double *grad,
				   struct tu_err *err)
{
	double *x = malloc((m->dim + 1) * sizeof(*x));
	double *g = malloc((m->dim + 1) * sizeof(*g));

	if (!x || !g) {
		free(x);
		free(g);
		return tu_err_set(err, TU_ENOMEM, "lr: out of memory");
	}
	x[0] = m->bias;
	memcpy(x + 1, m->w, m->dim * sizeof(*x));
	*f = lr_objective(d, x, g, m->dim + 1);
	if (grad)
		memcpy(grad, g, (m->dim + 1) * sizeof(*g));
	free(x);
	free(g);
	return TU_OK;
}

enum tu_status tu_lr_objective(const struct tu_lr_model *m,
			       const struct tu_ktlog *log, double *f,
			       double *grad, struct tu_err *err)
{
	struct design d = { 0 };
	struct log_shape sh;
	size_t *perm = NULL;
	enum tu_status st;

	if (!m->w || m->dim == 0)
		return tu_err_set(err, TU_EINVAL, "lr: model is not fitted");
	d.l2 = m->cfg.l2;
	st = scan_log(log, &sh, err);
	if (!st)
		st = user_order(log, sh.n_users, &perm, err);
	if (!st)
		st = design_build(&d, m, log, perm, err);
	if (!st)
		st = objective_at(m, &d, f, grad, err);
	free(perm);
	design_free(&d);
	return st;
}
