/*
 * svd.c - tu_retr_svd: the truncated SVD of a sparse matrix by randomized
 * subspace iteration (Halko, Martinsson and Tropp's scheme), with modified
 * Gram-Schmidt re-orthonormalisation after every product and the small
 * l x l eigenproblem solved by cyclic Jacobi rotations.
 *
 * Dense matrices here are row-major: a rows x l block keeps one row of
 * the sparse matrix's products together, which is what the sparse
 * products touch.  Gram-Schmidt works a column at a time over all rows
 * (one pass for the dot products, one for the updates).
 *
 * Not a general linear-algebra library: no pivoting, no complex numbers,
 * nothing but what LSA needs.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "retrieval_internal.h"
#include "tutor/rng.h"

#define JACOBI_SWEEPS 100
#define ZERO_COLUMN 1e-12    /* relative norm left: a dependent column */
#define ZERO_EIGEN 1e-14     /* relative eigenvalue: a zero singular value */

void tu_retr_svd_init(struct tu_retr_svd *s)
{
	memset(s, 0, sizeof(*s));
}

void tu_retr_svd_release(struct tu_retr_svd *s)
{
	free(s->u);
	free(s->s);
	free(s->v);
	tu_retr_svd_init(s);
}

/* ---- products ----------------------------------------------------------- */

/* y (rows x l) = A x, x cols x l. */
static void mul_a(const struct tu_retr_csr *a, const double *x, size_t l,
		  double *y)
{
	memset(y, 0, a->rows * l * sizeof(*y));
	for (size_t i = 0; i < a->rows; i++) {
		double *yi = y + i * l;

		for (size_t k = a->row_ptr[i]; k < a->row_ptr[i + 1]; k++) {
			const double *xt = x + (size_t)a->col[k] * l;
			double v = a->val[k];

			for (size_t j = 0; j < l; j++)
				yi[j] += v * xt[j];
		}
	}
}

/* z (cols x l) = A^T y, y rows x l. */
static void mul_at(const struct tu_retr_csr *a, const double *y, size_t l,
		   double *z)
{
	memset(z, 0, a->cols * l * sizeof(*z));
	for (size_t i = 0; i < a->rows; i++) {
		const double *yi = y + i * l;

		for (size_t k = a->row_ptr[i]; k < a->row_ptr[i + 1]; k++) {
			double *zt = z + (size_t)a->col[k] * l;
			double v = a->val[k];

			for (size_t j = 0; j < l; j++)
				zt[j] += v * yi[j];
		}
	}
}

/* ---- modified Gram-Schmidt ------------------------------------------------ */

static double col_norm(const double *y, size_t m, size_t l, size_t j)
{
	double s = 0.0;

	for (size_t i = 0; i < m; i++)
		s += y[i * l + j] * y[i * l + j];
	return sqrt(s);
}

static void col_scale(double *y, size_t m, size_t l, size_t j, double f)
{
	for (size_t i = 0; i < m; i++)
		y[i * l + j] *= f;
}

/* Columns k > j lose their component along the unit column j. */
static void col_project(double *y, size_t m, size_t l, size_t j, double *dot)
{
	memset(dot, 0, l * sizeof(*dot));
	for (size_t i = 0; i < m; i++) {
		const double *yi = y + i * l;

		for (size_t k = j + 1; k < l; k++)
			dot[k] += yi[j] * yi[k];
	}
	for (size_t i = 0; i < m; i++) {
		double *yi = y + i * l, q = yi[j];

		for (size_t k = j + 1; k < l; k++)
			yi[k] -= dot[k] * q;
	}
}

/*
 * Orthonormalises the columns of y (m x l) in order.  A column whose norm
 * falls below ZERO_COLUMN of what it had (it depends on earlier ones)
 * becomes zero.  scratch has 2 l doubles.
 */
static void orth(double *y, size_t m, size_t l, double *scratch)
{
	double *norm0 = scratch, *dot = scratch + l;

	for (size_t j = 0; j < l; j++)
		norm0[j] = col_norm(y, m, l, j);
	for (size_t j = 0; j < l; j++) {
		double nrm = col_norm(y, m, l, j);

		if (!(nrm > ZERO_COLUMN * norm0[j])) {
			col_scale(y, m, l, j, 0.0);
			continue;
		}
		col_scale(y, m, l, j, 1.0 / nrm);
		col_project(y, m, l, j, dot);
	}
}

/* ---- Jacobi eigenvalues of a symmetric matrix ---------------------------- */

static double off_diag(const double *g, size_t l, double *diag)
{
	double off = 0.0;

	*diag = 0.0;
	for (size_t p = 0; p < l; p++)
		for (size_t q = 0; q < l; q++) {
			if (p == q)
				*diag += g[p * l + q] * g[p * l + q];
			else
				off += g[p * l + q] * g[p * l + q];
		}
	return off;
}

/* The rotation that zeroes g[p][q]: its cosine and sine. */
static void rotation(const double *g, size_t l, size_t p, size_t q,
		     double *c, double *s)
{
	double theta = (g[q * l + q] - g[p * l + p]) / (2.0 * g[p * l + q]);
	double t;

	if (fabs(theta) > 1e150)
		t = 0.5 / theta;
	else
		t = (theta >= 0.0 ? 1.0 : -1.0) /
		    (fabs(theta) + sqrt(theta * theta + 1.0));
	*c = 1.0 / sqrt(t * t + 1.0);
	*s = t * *c;
}

/* g <- J^T g J and w <- w J for the rotation J in the (p, q) plane. */
static void rotate(double *g, double *w, size_t l, size_t p, size_t q,
		   double c, double s)
{
	for (size_t k = 0; k < l; k++) {
		double a = g[k * l + p], b = g[k * l + q];

		g[k * l + p] = c * a - s * b;
		g[k * l + q] = s * a + c * b;
		a = w[k * l + p];
		b = w[k * l + q];
		w[k * l + p] = c * a - s * b;
		w[k * l + q] = s * a + c * b;
	}
	for (size_t k = 0; k < l; k++) {
		double a = g[p * l + k], b = g[q * l + k];

		g[p * l + k] = c * a - s * b;
		g[q * l + k] = s * a + c * b;
	}
}

/*
 * Cyclic Jacobi: g (l x l symmetric, destroyed) = w diag(g) w^T; on
 * return the eigenvalues are g's diagonal and w's columns the vectors.
 */
static void jacobi(double *g, double *w, size_t l)
{
	double diag;

	memset(w, 0, l * l * sizeof(*w));
	for (size_t k = 0; k < l; k++)
		w[k * l + k] = 1.0;
	for (int sweep = 0; sweep < JACOBI_SWEEPS; sweep++) {
		double off = off_diag(g, l, &diag);

		if (!(off > 1e-30 * diag))
			break;
		for (size_t p = 0; p + 1 < l; p++)
			for (size_t q = p + 1; q < l; q++) {
				double c, s;

				if (g[p * l + q] == 0.0)
					continue;
				rotation(g, l, p, q, &c, &s);
				rotate(g, w, l, p, q, c, s);
			}
	}
}

/* ---- the small problem ---------------------------------------------------- */

/* g (l x l) = bt^T bt, bt n x l. */
static void gram(const double *bt, size_t n, size_t l, double *g)
{
	memset(g, 0, l * l * sizeof(*g));
	for (size_t t = 0; t < n; t++) {
		const double *r = bt + t * l;

		for (size_t j = 0; j < l; j++)
			for (size_t k = j; k < l; k++)
				g[j * l + k] += r[j] * r[k];
	}
	for (size_t j = 0; j < l; j++)
		for (size_t k = 0; k < j; k++)
			g[j * l + k] = g[k * l + j];
}

struct eig {
	double val;
	size_t col;
};

static int cmp_eig(const void *a, const void *b)
{
	const struct eig *x = a, *y = b;

	if (x->val != y->val)
		return x->val < y->val ? 1 : -1;
	return (x->col > y->col) - (x->col < y->col);
}

/* out[i][c] = sum_j x[i][j] w[j][order[c]] * f[c], for c < r. */
static void times_w(const double *x, size_t m, size_t l, const double *w,
		    const struct eig *order, const double *f, size_t r,
		    double *out)
{
	for (size_t i = 0; i < m; i++) {
		const double *xi = x + i * l;

		for (size_t c = 0; c < r; c++) {
			double s = 0.0;

			for (size_t j = 0; j < l; j++)
				s += xi[j] * w[j * l + order[c].col];
			out[i * r + c] = s * f[c];
		}
	}
}

/* ---- the whole -------------------------------------------------------------- */

static enum tu_status check_csr(const struct tu_retr_csr *a, size_t r,
				struct tu_err *err)
{
	size_t mn;

	if (!a || !a->row_ptr || a->rows == 0 || a->cols == 0 ||
	    a->cols > UINT32_MAX)
		return tu_err_set(err, TU_EINVAL, "svd: empty matrix");
	mn = a->rows < a->cols ? a->rows : a->cols;
	if (r == 0 || r > mn || r > TU_RETR_RANK_MAX)
		return tu_err_set(err, TU_EINVAL, "svd: rank %zu outside 1..%zu",
				  r, mn < TU_RETR_RANK_MAX ? mn :
				  (size_t)TU_RETR_RANK_MAX);
	for (size_t i = 0; i < a->rows; i++) {
		if (a->row_ptr[i + 1] < a->row_ptr[i])
			return tu_err_set(err, TU_EINVAL, "svd: row %zu ends "
					  "before it starts", i);
		for (size_t k = a->row_ptr[i]; k < a->row_ptr[i + 1]; k++)
			if (a->col[k] >= a->cols || !isfinite(a->val[k]))
				return tu_err_set(err, TU_EINVAL, "svd: row %zu:"
						  " bad column or value", i);
	}
	return TU_OK;
}

/* Working memory of one run. */
struct work {
	double *y, *z, *g, *w, *scratch, *f;
	struct eig *order;
};

static void work_release(struct work *k)
{
	free(k->y);
	free(k->z);
	free(k->g);
	free(k->w);
	free(k->scratch);
	free(k->f);
	free(k->order);
}

static bool work_alloc(struct work *k, const struct tu_retr_csr *a, size_t l)
{
	memset(k, 0, sizeof(*k));
	k->y = malloc(a->rows * l * sizeof(double));
	k->z = malloc(a->cols * l * sizeof(double));
	k->g = malloc(l * l * sizeof(double));
	k->w = malloc(l * l * sizeof(double));
	k->scratch = malloc(2 * l * sizeof(double));
	k->f = calloc(l, sizeof(double));
	k->order = malloc(l * sizeof(*k->order));
	return k->y && k->z && k->g && k->w && k->scratch && k->f && k->order;
}

/* Q (in k->y, rows x l): an orthonormal basis of A's dominant range. */
static void range(const struct tu_retr_csr *a, size_t l, unsigned q,
		  uint64_t seed, struct work *k)
{
	struct tu_rng rng;

	tu_rng_seed(&rng, seed);
	for (size_t i = 0; i < a->cols * l; i++)
		k->z[i] = tu_rng_normal(&rng);
	mul_a(a, k->z, l, k->y);
	orth(k->y, a->rows, l, k->scratch);
	for (unsigned it = 0; it < q; it++) {
		mul_at(a, k->y, l, k->z);
		orth(k->z, a->cols, l, k->scratch);
		mul_a(a, k->z, l, k->y);
		orth(k->y, a->rows, l, k->scratch);
	}
}

/* From Q: B^T = A^T Q, its Gram matrix's eigenpairs, then U, s, V. */
static void factor(const struct tu_retr_csr *a, size_t l, size_t r,
		   struct work *k, struct tu_retr_svd *out)
{
	mul_at(a, k->y, l, k->z);
	gram(k->z, a->cols, l, k->g);
	jacobi(k->g, k->w, l);
	for (size_t c = 0; c < l; c++)
		k->order[c] = (struct eig){ k->g[c * l + c], c };
	qsort(k->order, l, sizeof(*k->order), cmp_eig);
	for (size_t c = 0; c < r; c++) {
		double v = k->order[c].val;

		out->s[c] = v > ZERO_EIGEN * k->order[0].val && v > 0.0 ?
			    sqrt(v) : 0.0;
		k->f[c] = out->s[c] > 0.0 ? 1.0 : 0.0;
	}
	times_w(k->y, a->rows, l, k->w, k->order, k->f, r, out->u);
	for (size_t c = 0; c < r; c++)
		k->f[c] = out->s[c] > 0.0 ? 1.0 / out->s[c] : 0.0;
	times_w(k->z, a->cols, l, k->w, k->order, k->f, r, out->v);
}

enum tu_status tu_retr_svd(const struct tu_retr_csr *a, size_t r,
			   size_t oversample, unsigned power_iters,
			   uint64_t seed, struct tu_retr_svd *out,
			   struct tu_err *err)
{
	enum tu_status st = out ? check_csr(a, r, err) :
			    tu_err_set(err, TU_EINVAL, "svd: no output");
	struct work k;
	size_t l;

	if (st)
		return st;
	tu_retr_svd_init(out);
	l = r + (oversample < 1000 ? oversample : 1000);
	l = l < a->rows ? l : a->rows;
	l = l < a->cols ? l : a->cols;
	out->u = malloc(a->rows * r * sizeof(double));
	out->s = malloc(r * sizeof(double));
	out->v = malloc(a->cols * r * sizeof(double));
	if (!work_alloc(&k, a, l) || !out->u || !out->s || !out->v) {
		work_release(&k);
		tu_retr_svd_release(out);
		return tu_err_set(err, TU_ENOMEM, "svd: out of memory");
	}
	range(a, l, power_iters, seed, &k);
	factor(a, l, r, &k, out);
	out->rows = a->rows;
	out->cols = a->cols;
	out->rank = r;
	work_release(&k);
	return TU_OK;
}
