/*
 * lbfgs.c - limited-memory BFGS with a strong-Wolfe line search.
 *
 * Written from Nocedal & Wright, Numerical Optimization (2nd ed.):
 * the two-loop recursion (algorithm 7.4) with the initial Hessian scaling
 * gamma = s'y / y'y (7.20), and the bracketing line search with zoom
 * (algorithms 3.5 and 3.6) that returns a step satisfying the strong
 * Wolfe conditions (c1 = 1e-4, c2 = 0.9).  All memory is allocated once
 * before the first iteration.  See tutor/logistic.h for the contract.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/logistic.h"

#define C1 1e-4
#define C2 0.9
#define LS_MAX_EVALS 40

struct lbfgs {
	tu_objective_fn fn;
	void *ud;
	size_t n, m;
	double *s, *y;        /* m pairs, ring buffer */
	double *rho, *alpha;  /* m each */
	size_t k, head;       /* pairs stored, index of the oldest */
	double *x, *g;        /* current point (caller's x) and gradient */
	double *d;            /* search direction */
	double *xt, *gt;      /* trial point and its gradient */
	double f;
	size_t evals;
};

/* One line-search point: step a, phi(a) and phi'(a). */
struct ls_pt {
	double a, f, df;
};

void tu_lbfgs_params_default(struct tu_lbfgs_params *p)
{
	p->m = 10;
	p->max_iter = 500;
	p->gtol = 1e-5;
	p->ftol = 1e-10;
}

static double dot(const double *a, const double *b, size_t n)
{
	double s = 0;

	for (size_t i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

static double max_abs(const double *a, size_t n)
{
	double mx = 0;

	for (size_t i = 0; i < n; i++)
		if (fabs(a[i]) > mx)
			mx = fabs(a[i]);
	return mx;
}

/* Evaluates the trial point x + a d into xt, gt; returns the point. */
static struct ls_pt eval_at(struct lbfgs *L, double a)
{
	struct ls_pt pt;

	for (size_t i = 0; i < L->n; i++)
		L->xt[i] = L->x[i] + a * L->d[i];
	pt.a = a;
	pt.f = L->fn(L->ud, L->xt, L->gt, L->n);
	pt.df = dot(L->gt, L->d, L->n);
	L->evals++;
	return pt;
}

/* d = -H g by the two-loop recursion (N&W algorithm 7.4). */
static void two_loop(struct lbfgs *L)
{
	size_t n = L->n, m = L->m;
	double gamma = 1;

	for (size_t i = 0; i < n; i++)
		L->d[i] = -L->g[i];
	for (size_t j = L->k; j-- > 0;) {
		size_t r = (L->head + j) % m;

		L->alpha[r] = L->rho[r] * dot(L->s + r * n, L->d, n);
		for (size_t i = 0; i < n; i++)
			L->d[i] -= L->alpha[r] * L->y[r * n + i];
	}
	if (L->k > 0) {
		size_t r = (L->head + L->k - 1) % m;
		const double *yr = L->y + r * n;

		gamma = dot(L->s + r * n, yr, n) / dot(yr, yr, n);
	}
	for (size_t i = 0; i < n; i++)
		L->d[i] *= gamma;
	for (size_t j = 0; j < L->k; j++) {
		size_t r = (L->head + j) % m;
		double beta = L->rho[r] * dot(L->y + r * n, L->d, n);

		for (size_t i = 0; i < n; i++)
			L->d[i] += (L->alpha[r] - beta) * L->s[r * n + i];
	}
}

/* Minimiser of the quadratic through lo (value, slope) and hi (value),
 * kept inside the middle 80 % of the bracket; bisection as fallback. */
static double interpolate(const struct ls_pt *lo, const struct ls_pt *hi)
{
	double w = hi->a - lo->a;
	double den = 2 * (hi->f - lo->f - lo->df * w);
	double a = lo->a + w / 2;
	double t;

	if (den > 0 && isfinite(den)) {
		t = lo->a - lo->df * w * w / den;
		if (isfinite(t))
			a = t;
	}
	if ((a - lo->a) / w < 0.1 || (a - lo->a) / w > 0.9)
		a = lo->a + w / 2;
	return a;
}

/* N&W algorithm 3.6 on the bracket (lo, hi), within the evaluation
 * budget.  Returns 1 with the accepted point in *out and xt/gt. */
static int zoom(struct lbfgs *L, const struct ls_pt *p0, struct ls_pt lo,
		struct ls_pt hi, size_t budget, struct ls_pt *out)
{
	for (size_t it = 0; it < budget; it++) {
		struct ls_pt pt = eval_at(L, interpolate(&lo, &hi));

		if (!isfinite(pt.f) || pt.f > p0->f + C1 * pt.a * p0->df ||
		    pt.f >= lo.f) {
			hi = pt;
		} else {
			if (fabs(pt.df) <= -C2 * p0->df) {
				*out = pt;
				return 1;
			}
			if (pt.df * (hi.a - lo.a) >= 0)
				hi = lo;
			lo = pt;
		}
		if (fabs(hi.a - lo.a) <= 1e-15 * fabs(lo.a))
			break;
	}
	/* No strong-Wolfe point: accept lo when it decreased f (Armijo). */
	if (lo.a > 0) {
		*out = eval_at(L, lo.a);
		return 1;
	}
	return 0;
}

/*
 * Strong-Wolfe line search along d from step a1 (N&W algorithm 3.5), with
 * at most LS_MAX_EVALS evaluations.  Returns 1 with the accepted point in
 * *out and xt/gt, 0 when no decrease was found.
 */
static int line_search(struct lbfgs *L, double a1, struct ls_pt *out)
{
	struct ls_pt p0 = { 0, L->f, dot(L->g, L->d, L->n) };
	struct ls_pt prev = p0;

	for (size_t i = 0; i < LS_MAX_EVALS; i++) {
		struct ls_pt pt = eval_at(L, a1);
		size_t left = LS_MAX_EVALS - i - 1;

		if (!isfinite(pt.f) || pt.f > p0.f + C1 * pt.a * p0.df ||
		    (i > 0 && pt.f >= prev.f))
			return zoom(L, &p0, prev, pt, left, out);
		if (fabs(pt.df) <= -C2 * p0.df) {
			*out = pt;
			return 1;
		}
		if (pt.df >= 0)
			return zoom(L, &p0, pt, prev, left, out);
		prev = pt;
		a1 *= 2;
	}
	return 0;
}

/* Stores the pair s = xt - x, y = gt - g when s'y > 0 (keeps H positive
 * definite), dropping the oldest pair when full. */
static void push_pair(struct lbfgs *L)
{
	size_t n = L->n, r;
	double sy = 0;

	for (size_t i = 0; i < n; i++)
		sy += (L->xt[i] - L->x[i]) * (L->gt[i] - L->g[i]);
	if (!(sy > 0))
		return;
	r = L->k < L->m ? (L->head + L->k) % L->m : L->head;
	for (size_t i = 0; i < n; i++) {
		L->s[r * n + i] = L->xt[i] - L->x[i];
		L->y[r * n + i] = L->gt[i] - L->g[i];
	}
	L->rho[r] = 1 / sy;
	if (L->k < L->m)
		L->k++;
	else
		L->head = (L->head + 1) % L->m;
}

static enum tu_status check_params(const struct tu_lbfgs_params *p,
				   size_t n, struct tu_err *err)
{
	if (n == 0)
		return tu_err_set(err, TU_EINVAL, "lbfgs: no variables");
	if (p->m < 1 || p->m > 64)
		return tu_err_set(err, TU_EINVAL,
				  "lbfgs: memory m = %zu not in 1..64", p->m);
	if (!(p->gtol >= 0) || !(p->ftol >= 0))
		return tu_err_set(err, TU_EINVAL,
				  "lbfgs: gtol and ftol must be >= 0");
	return TU_OK;
}

static enum tu_status lbfgs_alloc(struct lbfgs *L, struct tu_err *err)
{
	size_t n = L->n, m = L->m;

	if (n > SIZE_MAX / sizeof(double) / (2 * m + 4))
		return tu_err_set(err, TU_ENOMEM, "lbfgs: %zu variables", n);
	L->s = malloc((2 * m + 3) * n * sizeof(double));
	L->rho = malloc(2 * m * sizeof(double));
	L->g = malloc(n * sizeof(double));
	if (!L->s || !L->rho || !L->g)
		return tu_err_set(err, TU_ENOMEM, "lbfgs: out of memory");
	L->y = L->s + m * n;
	L->d = L->y + m * n;
	L->xt = L->d + n;
	L->gt = L->xt + n;
	L->alpha = L->rho + m;
	return TU_OK;
}

static void lbfgs_free(struct lbfgs *L)
{
	free(L->s);
	free(L->rho);
	free(L->g);
}

/* Accepts the trial point; returns the relative decrease of f. */
static double accept(struct lbfgs *L, const struct ls_pt *pt)
{
	double rel = (L->f - pt->f) /
		     fmax(fmax(fabs(L->f), fabs(pt->f)), 1.0);

	push_pair(L);
	memcpy(L->x, L->xt, L->n * sizeof(double));
	memcpy(L->g, L->gt, L->n * sizeof(double));
	L->f = pt->f;
	return rel;
}

/* The main loop; returns 1 when converged. */
static int iterate(struct lbfgs *L, const struct tu_lbfgs_params *p,
		   const struct tu_progress *prog, size_t *iters)
{
	for (*iters = 0; *iters < p->max_iter; (*iters)++) {
		struct ls_pt pt;
		double a1 = 1, rel;

		if (max_abs(L->g, L->n) <= p->gtol)
			return 1;
		two_loop(L);
		if (!(dot(L->g, L->d, L->n) < 0)) {
			/* Not a descent direction: restart from -g. */
			L->k = 0;
			two_loop(L);
		}
		if (L->k == 0)
			a1 = 1 / fmax(sqrt(dot(L->g, L->g, L->n)), 1e-300);
		if (!line_search(L, a1, &pt)) {
			if (L->k == 0)
				return 0;
			L->k = 0;  /* retry once along steepest descent */
			continue;
		}
		rel = accept(L, &pt);
		tu_progress_report(prog, "lbfgs", *iters + 1, p->max_iter);
		if (p->ftol > 0 && rel >= 0 && rel <= p->ftol) {
			(*iters)++;
			return 1;
		}
	}
	return max_abs(L->g, L->n) <= p->gtol;
}

enum tu_status tu_lbfgs_minimize(tu_objective_fn fn, void *ud, double *x,
				 size_t n, const struct tu_lbfgs_params *p,
				 const struct tu_progress *prog,
				 struct tu_lbfgs_result *res,
				 struct tu_err *err)
{
	struct lbfgs L = { 0 };
	enum tu_status st;
	size_t iters = 0;
	int conv;

	st = check_params(p, n, err);
	if (st)
		return st;
	L.fn = fn;
	L.ud = ud;
	L.n = n;
	L.m = p->m;
	L.x = x;
	st = lbfgs_alloc(&L, err);
	if (st) {
		lbfgs_free(&L);
		return st;
	}
	L.f = fn(ud, x, L.g, n);
	L.evals = 1;
	if (!isfinite(L.f) || !isfinite(max_abs(L.g, n))) {
		lbfgs_free(&L);
		return tu_err_set(err, TU_EDATA,
				  "lbfgs: objective not finite at the start");
	}
	conv = iterate(&L, p, prog, &iters);
	if (res) {
		res->iterations = iters;
		res->evaluations = L.evals;
		res->f = L.f;
		res->gnorm = max_abs(L.g, n);
		res->converged = conv;
	}
	lbfgs_free(&L);
	return TU_OK;
}
