/*
 * adam.c - the Adam optimiser (Kingma and Ba 2015) over the parameters
 * of a struct tu_mlp, with bias-corrected moments, batch scaling and an
 * optional global-norm clip.
 *
 * What it is not: no learning-rate schedule, no weight decay, no
 * gradient computation (tu_mlp_backward fills the gradient).  A step
 * allocates nothing and reads no clock; the same gradients in the same
 * order give bitwise identical weights.
 */
#include <math.h>
#include <stdlib.h>
#include "tutor/mlp.h"

enum tu_status tu_adam_init(struct tu_adam *a, const struct tu_mlp *m,
			    double lr, struct tu_err *err)
{
	a->m = a->v = NULL;
	a->n = 0;
	a->t = 0;
	if (!(lr > 0) || !isfinite(lr))
		return tu_err_set(err, TU_EINVAL, "adam: learning rate %g is "
				  "not a positive number", lr);
	if (m->n_params == 0 || !m->w)
		return tu_err_set(err, TU_EINVAL, "adam: the model has no "
				  "parameters");
	a->m = calloc(m->n_params, sizeof(double));
	a->v = calloc(m->n_params, sizeof(double));
	if (!a->m || !a->v) {
		tu_adam_release(a);
		return tu_err_set(err, TU_ENOMEM, "adam: out of memory for "
				  "%zu parameters", m->n_params);
	}
	a->n = m->n_params;
	a->lr = lr;
	a->beta1 = 0.9;
	a->beta2 = 0.999;
	a->eps = 1e-8;
	return TU_OK;
}

void tu_adam_release(struct tu_adam *a)
{
	free(a->m);
	free(a->v);
	a->m = a->v = NULL;
	a->n = 0;
	a->t = 0;
}

/* The factor applied to g: 1 / batch, shrunk so the norm is <= clip. */
static double grad_scale(const struct tu_mlp_grad *g, double batch,
			 double clip)
{
	double scale = batch > 1 ? 1 / batch : 1, ss = 0, norm;

	if (!(clip > 0))
		return scale;
	for (size_t j = 0; j < g->n; j++)
		ss += g->g[j] * g->g[j];
	norm = scale * sqrt(ss);
	return norm > clip ? scale * clip / norm : scale;
}

/*
 * A model, gradient or optimiser of another size is a caller bug; the
 * step then changes nothing (the contract returns no status).
 */
void tu_adam_step(struct tu_adam *a, struct tu_mlp *m,
		  const struct tu_mlp_grad *g, double batch, int sign,
		  double clip)
{
	double scale, c1, c2, lr;

	if (a->n == 0 || a->n != m->n_params || g->n != a->n)
		return;
	scale = grad_scale(g, batch, clip);
	a->t++;
	c1 = 1 - pow(a->beta1, (double)a->t);
	c2 = 1 - pow(a->beta2, (double)a->t);
	lr = sign < 0 ? -a->lr : a->lr;
	for (size_t j = 0; j < a->n; j++) {
		double gj = scale * g->g[j];

		a->m[j] = a->beta1 * a->m[j] + (1 - a->beta1) * gj;
		a->v[j] = a->beta2 * a->v[j] + (1 - a->beta2) * gj * gj;
		m->w[j] += lr * (a->m[j] / c1) / (sqrt(a->v[j] / c2) + a->eps);
	}
}
