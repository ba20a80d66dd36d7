/*
 * mlp.c - the compact multilayer perceptron of tutor/mlp.h: creation,
 * copy, the forward pass (tu_mlp_score), the backward pass, gradients,
 * and the softmax policy over k scored candidates (probabilities,
 * argmax, sampling, the gradient of log pi).
 *
 * Layout of m->w, layer by layer (hidden layers first, the output layer
 * last): the weights row-major (out x in), then the out biases.  Hidden
 * units are tanh, the single output unit is linear.
 *
 * What it is not: no I/O (src/policy/mlp_file.c), no Adam
 * (src/policy/adam.c), no clock, no globals.  Forward and backward never
 * allocate: activations live in fixed-size stack buffers of
 * TU_MLP_MAX_WIDTH doubles per layer, and the backward pass recomputes
 * them instead of caching them in the model.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/mlp.h"

void tu_mlp_init(struct tu_mlp *m)
{
	memset(m, 0, sizeof(*m));
}

/* Inputs of layer l (l == n_hidden is the output layer). */
static uint32_t layer_in(const struct tu_mlp *m, uint32_t l)
{
	return l == 0 ? m->n_in : m->width[l - 1];
}

/* Units of layer l: its width, or 1 for the output layer. */
static uint32_t layer_out(const struct tu_mlp *m, uint32_t l)
{
	return l == m->n_hidden ? 1 : m->width[l];
}

/* Parameters of layer l: weights and biases. */
static size_t layer_params(const struct tu_mlp *m, uint32_t l)
{
	size_t out = layer_out(m, l);

	return (size_t)layer_in(m, l) * out + out;
}

static enum tu_status check_sizes(uint32_t n_in, uint32_t n_hidden,
				  const uint32_t *widths, struct tu_err *err)
{
	if (n_in < 1 || n_in > TU_MLP_MAX_WIDTH)
		return tu_err_set(err, TU_EINVAL, "mlp: n_in %u outside "
				  "1..%d", n_in, TU_MLP_MAX_WIDTH);
	if (n_hidden > TU_MLP_MAX_LAYERS)
		return tu_err_set(err, TU_EINVAL, "mlp: %u hidden layers, "
				  "more than %d", n_hidden, TU_MLP_MAX_LAYERS);
	if (n_hidden > 0 && !widths)
		return tu_err_set(err, TU_EINVAL, "mlp: widths missing");
	for (uint32_t l = 0; l < n_hidden; l++)
		if (widths[l] < 1 || widths[l] > TU_MLP_MAX_WIDTH)
			return tu_err_set(err, TU_EINVAL, "mlp: hidden layer "
					  "%u width %u outside 1..%d", l + 1,
					  widths[l], TU_MLP_MAX_WIDTH);
	return TU_OK;
}

/* Glorot-uniform weights, zero biases (w is zeroed already). */
static void init_weights(struct tu_mlp *m, struct tu_rng *rng)
{
	double *p = m->w;

	for (uint32_t l = 0; l <= m->n_hidden; l++) {
		size_t nw = (size_t)layer_in(m, l) * layer_out(m, l);
		double s = sqrt(6.0 / ((double)layer_in(m, l) +
				       (double)layer_out(m, l)));

		for (size_t j = 0; j < nw; j++)
			p[j] = tu_rng_range(rng, -s, s);
		p += layer_params(m, l);
	}
}

enum tu_status tu_mlp_create(struct tu_mlp *m, uint32_t n_in,
			     uint32_t n_hidden, const uint32_t *widths,
			     struct tu_rng *rng, struct tu_err *err)
{
	struct tu_mlp t;
	enum tu_status st = check_sizes(n_in, n_hidden, widths, err);

	if (st)
		return st;
	if (!rng)
		return tu_err_set(err, TU_EINVAL, "mlp: no random generator");
	tu_mlp_init(&t);
	t.n_in = n_in;
	t.n_hidden = n_hidden;
	for (uint32_t l = 0; l < n_hidden; l++)
		t.width[l] = widths[l];
	for (uint32_t l = 0; l <= n_hidden; l++)
		t.n_params += layer_params(&t, l);
	t.w = calloc(t.n_params, sizeof(double));
	if (!t.w)
		return tu_err_set(err, TU_ENOMEM, "mlp: out of memory for %zu "
				  "parameters", t.n_params);
	init_weights(&t, rng);
	tu_mlp_release(m);
	*m = t;
	return TU_OK;
}

void tu_mlp_release(struct tu_mlp *m)
{
	free(m->w);
	tu_mlp_init(m);
}

enum tu_status tu_mlp_copy(struct tu_mlp *dst, const struct tu_mlp *src,
			   struct tu_err *err)
{
	double *w = NULL;

	if (dst == src)
		return TU_OK;
	if (src->n_params > 0) {
		w = malloc(src->n_params * sizeof(double));
		if (!w)
			return tu_err_set(err, TU_ENOMEM, "mlp: out of memory "
					  "copying %zu parameters",
					  src->n_params);
		memcpy(w, src->w, src->n_params * sizeof(double));
	}
	tu_mlp_release(dst);
	*dst = *src;
	dst->w = w;
	return TU_OK;
}

/*
 * Four rows of W times in, plus their biases, into out[0..3]: four
 * independent sums that share each load of in[i], so the additions
 * overlap instead of waiting on each other.  The order of the additions
 * is fixed, so the result is the same on every run.
 */
static void rows4(const double *w, const double *b, const double *in,
		  uint32_t n_in, double *out)
{
	const double *r0 = w, *r1 = r0 + n_in, *r2 = r1 + n_in,
		     *r3 = r2 + n_in;
	double s0 = b[0], s1 = b[1], s2 = b[2], s3 = b[3];

	for (uint32_t i = 0; i < n_in; i++) {
		double x = in[i];

		s0 += r0[i] * x;
		s1 += r1[i] * x;
		s2 += r2[i] * x;
		s3 += r3[i] * x;
	}
	out[0] = s0;
	out[1] = s1;
	out[2] = s2;
	out[3] = s3;
}

/*
 * One dense layer: out[o] = b[o] + sum_i W[o][i] in[i], through tanh when
 * act.  p points at the layer's weights; returns the next layer's.
 */
static const double *dense(const double *p, const double *in, uint32_t n_in,
			   uint32_t n_out, int act, double *out)
{
	const double *b = p + (size_t)n_in * n_out;
	uint32_t o = 0;

	for (; o + 4 <= n_out; o += 4)
		rows4(p + (size_t)o * n_in, b + o, in, n_in, out + o);
	for (; o < n_out; o++) {
		const double *row = p + (size_t)o * n_in;
		double s = b[o];

		for (uint32_t i = 0; i < n_in; i++)
			s += row[i] * in[i];
		out[o] = s;
	}
	if (act)
		for (o = 0; o < n_out; o++)
			out[o] = tanh(out[o]);
	return b + n_out;
}

double tu_mlp_score(const struct tu_mlp *m, const double *x)
{
	double buf[2][TU_MLP_MAX_WIDTH];
	const double *p = m->w, *in = x;
	double s;

	for (uint32_t l = 0; l < m->n_hidden; l++) {
		p = dense(p, in, layer_in(m, l), m->width[l], 1, buf[l & 1]);
		in = buf[l & 1];
	}
	dense(p, in, layer_in(m, m->n_hidden), 1, 0, &s);
	return s;
}

enum tu_status tu_mlp_grad_init(struct tu_mlp_grad *g, const struct tu_mlp *m,
				struct tu_err *err)
{
	g->n = 0;
	g->g = calloc(m->n_params ? m->n_params : 1, sizeof(double));
	if (!g->g)
		return tu_err_set(err, TU_ENOMEM, "mlp: out of memory for a "
				  "gradient of %zu parameters", m->n_params);
	g->n = m->n_params;
	return TU_OK;
}

void tu_mlp_grad_zero(struct tu_mlp_grad *g)
{
	if (g->n)
		memset(g->g, 0, g->n * sizeof(double));
}

void tu_mlp_grad_release(struct tu_mlp_grad *g)
{
	free(g->g);
	g->g = NULL;
	g->n = 0;
}

/*
 * The forward pass keeping every hidden activation: a[l] holds layer l's
 * outputs, off[l] the offset of layer l's parameters in m->w.
 */
static void forward_all(const struct tu_mlp *m, const double *x,
			double a[][TU_MLP_MAX_WIDTH], size_t *off)
{
	const double *in = x;

	off[0] = 0;
	for (uint32_t l = 0; l < m->n_hidden; l++) {
		dense(m->w + off[l], in, layer_in(m, l), m->width[l], 1, a[l]);
		in = a[l];
		off[l + 1] = off[l] + layer_params(m, l);
	}
}

/* g[W] += d[o] in[i], g[b] += d[o] for one layer at g. */
static void accumulate(double *g, const double *d, const double *in,
		       uint32_t n_in, uint32_t n_out)
{
	double *gb = g + (size_t)n_in * n_out;

	for (uint32_t o = 0; o < n_out; o++) {
		double *row = g + (size_t)o * n_in;

		for (uint32_t i = 0; i < n_in; i++)
			row[i] += d[o] * in[i];
		gb[o] += d[o];
	}
}

/* below[i] = (sum_o W[o][i] d[o]) (1 - a[i]^2): the delta one layer down. */
static void propagate(const double *w, const double *d, const double *a,
		      uint32_t n_in, uint32_t n_out, double *below)
{
	for (uint32_t i = 0; i < n_in; i++)
		below[i] = 0;
	for (uint32_t o = 0; o < n_out; o++) {
		const double *row = w + (size_t)o * n_in;

		for (uint32_t i = 0; i < n_in; i++)
			below[i] += row[i] * d[o];
	}
	for (uint32_t i = 0; i < n_in; i++)
		below[i] *= 1 - a[i] * a[i];
}

/*
 * A gradient of another size than the model is a caller bug; nothing is
 * added then (the contract returns no status).
 */
void tu_mlp_backward(const struct tu_mlp *m, const double *x, double coef,
		     struct tu_mlp_grad *g)
{
	double a[TU_MLP_MAX_LAYERS][TU_MLP_MAX_WIDTH];
	double d[2][TU_MLP_MAX_WIDTH];
	size_t off[TU_MLP_MAX_LAYERS + 1];
	uint32_t top = m->n_hidden;
	double *cur = d[0], *next = d[1], *swap;

	if (coef == 0.0 || g->n != m->n_params)
		return;
	forward_all(m, x, a, off);
	accumulate(g->g + off[top], &coef, top ? a[top - 1] : x,
		   layer_in(m, top), 1);
	if (top == 0)
		return;
	propagate(m->w + off[top], &coef, a[top - 1], m->width[top - 1], 1,
		  cur);
	for (uint32_t l = top; l-- > 0;) {
		accumulate(g->g + off[l], cur, l ? a[l - 1] : x,
			   layer_in(m, l), m->width[l]);
		if (l == 0)
			break;
		propagate(m->w + off[l], cur, a[l - 1], layer_in(m, l),
			  m->width[l], next);
		swap = cur;
		cur = next;
		next = swap;
	}
}

/* ---- the softmax policy --------------------------------------------- */

double tu_mlp_softmax(const struct tu_mlp *m, const double *feats, size_t k,
		      double temperature, double *probs, size_t chosen)
{
	double mx = -HUGE_VAL, sum = 0, zc = 0;

	for (size_t i = 0; i < k; i++) {
		probs[i] = tu_mlp_score(m, feats + i * m->n_in) / temperature;
		if (probs[i] > mx)
			mx = probs[i];
	}
	for (size_t i = 0; i < k; i++) {
		if (i == chosen)
			zc = probs[i] - mx;
		probs[i] = exp(probs[i] - mx);
		sum += probs[i];
	}
	for (size_t i = 0; i < k; i++)
		probs[i] /= sum;
	return chosen < k ? zc - log(sum) : 0;
}

size_t tu_mlp_argmax(const struct tu_mlp *m, const double *feats, size_t k)
{
	size_t best = 0;
	double top = -HUGE_VAL;

	for (size_t i = 0; i < k; i++) {
		double s = tu_mlp_score(m, feats + i * m->n_in);

		if (s > top) {
			top = s;
			best = i;
		}
	}
	return best;
}

/*
 * Inverse CDF on one uniform draw.  When rounding leaves the running sum
 * below the draw, the last candidate with a positive probability wins, so
 * a zero-probability candidate is never returned (unless all are zero).
 */
size_t tu_mlp_sample(const double *probs, size_t k, struct tu_rng *rng)
{
	double u = tu_rng_uniform(rng), acc = 0;
	size_t last = 0;

	for (size_t i = 0; i < k; i++) {
		if (!(probs[i] > 0))
			continue;
		acc += probs[i];
		last = i;
		if (u < acc)
			return i;
	}
	return last;
}

void tu_mlp_logp_backward(const struct tu_mlp *m, const double *feats,
			  size_t k, double temperature, const double *probs,
			  size_t chosen, double coef, struct tu_mlp_grad *g)
{
	for (size_t i = 0; i < k; i++) {
		double c = ((i == chosen ? 1.0 : 0.0) - probs[i]) * coef /
			   temperature;

		tu_mlp_backward(m, feats + i * m->n_in, c, g);
	}
}
