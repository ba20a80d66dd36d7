/*
 * tutor/mlp.h - a small multilayer perceptron that scores candidates, and
 * the softmax policy over a set of scored candidates, in plain C: forward,
 * backward, Adam, seeded initialisation, a versioned and checksummed
 * model file.  The next-action policy (docs/policy.md) is built on it.
 *
 * The network maps a feature vector x (n_in doubles) to one score:
 * hidden layers of tanh units, a linear output.  A policy over k
 * candidates is softmax(score(x_1) / T, ..., score(x_k) / T).
 *
 * What it is: pure numeric code (no I/O except tu_mlp_save/tu_mlp_load,
 * which live in their own source file, src/policy/mlp_file.c), no globals;
 * randomness only through the caller's tu_rng.  Not a general deep
 * learning library: one architecture, doubles, no batching beyond
 * accumulating gradients.
 *
 * Ownership: struct tu_mlp owns its parameter and scratch arrays
 * (tu_mlp_release); struct tu_mlp_grad and struct tu_adam own theirs.
 * Feature arrays are borrowed for the duration of a call.
 */
#ifndef TUTOR_MLP_H
#define TUTOR_MLP_H

#include <stddef.h>
#include <stdint.h>

#include "tutor/err.h"
#include "tutor/rng.h"

#define TU_MLP_MAX_LAYERS 4        /* hidden layers */
#define TU_MLP_MAX_WIDTH 256       /* units per layer, inputs included */
#define TU_MLP_MAX_CANDIDATES 256  /* k of one softmax */
#define TU_MLP_FILE_MAX ((size_t)16 << 20)

struct tu_mlp {
	uint32_t n_in;                 /* input features, 1..TU_MLP_MAX_WIDTH */
	uint32_t n_hidden;             /* hidden layers, 0..TU_MLP_MAX_LAYERS */
	uint32_t width[TU_MLP_MAX_LAYERS];  /* units per hidden layer */
	size_t n_params;
	double *w;                     /* all parameters, layer by layer:
					  weights row-major (out x in), then
					  biases; the output layer last */
	char feature_set[64];          /* names the feature extractor the
					  model was trained with (checked on
					  load by the caller) */
	uint32_t feature_version;
};

/* Accumulated gradient, same layout as tu_mlp.w. */
struct tu_mlp_grad {
	size_t n;
	double *g;
};

struct tu_adam {
	double lr, beta1, beta2, eps;  /* defaults 1e-3, 0.9, 0.999, 1e-8 */
	uint64_t t;                    /* steps taken */
	size_t n;
	double *m, *v;
};

void tu_mlp_init(struct tu_mlp *m);

/*
 * Allocates m (initialised) for n_in inputs and n_hidden layers of
 * widths[i] units, with weights drawn U(-s, s), s = sqrt(6 / (fan_in +
 * fan_out)) (Glorot), biases 0, from rng.  TU_EINVAL for sizes out of
 * range; TU_ENOMEM.
 */
enum tu_status tu_mlp_create(struct tu_mlp *m, uint32_t n_in,
			     uint32_t n_hidden, const uint32_t *widths,
			     struct tu_rng *rng, struct tu_err *err);
void tu_mlp_release(struct tu_mlp *m);
/* Deep copy into dst (initialised; old contents released).  TU_ENOMEM. */
enum tu_status tu_mlp_copy(struct tu_mlp *dst, const struct tu_mlp *src,
			   struct tu_err *err);

/* The score of one feature vector x[n_in].  Allocation-free. */
double tu_mlp_score(const struct tu_mlp *m, const double *x);

enum tu_status tu_mlp_grad_init(struct tu_mlp_grad *g, const struct tu_mlp *m,
				struct tu_err *err);
void tu_mlp_grad_zero(struct tu_mlp_grad *g);
void tu_mlp_grad_release(struct tu_mlp_grad *g);

/* Adds coef * d score(x) / d params to g.  Allocation-free. */
void tu_mlp_backward(const struct tu_mlp *m, const double *x, double coef,
		     struct tu_mlp_grad *g);

/* ---- the softmax policy over k candidates (features row-major k x n_in) */

/*
 * probs[i] = softmax(score(x_i) / temperature) over the k candidates,
 * computed stably (max subtracted).  temperature > 0; k 1..
 * TU_MLP_MAX_CANDIDATES.  Returns the log-probability of candidate
 * `chosen` (chosen < k), or 0 when chosen >= k.
 */
double tu_mlp_softmax(const struct tu_mlp *m, const double *feats, size_t k,
		      double temperature, double *probs, size_t chosen);

/* Index of the highest score (ties: the lowest index). */
size_t tu_mlp_argmax(const struct tu_mlp *m, const double *feats, size_t k);

/* Draws an index from probs[k] (which sum to 1) with rng. */
size_t tu_mlp_sample(const double *probs, size_t k, struct tu_rng *rng);

/*
 * Adds coef * d log pi(chosen) / d params to g, where pi is the softmax
 * above: sum_i (1[i = chosen] - probs[i]) * d score(x_i) / d params /
 * temperature.  probs as computed by tu_mlp_softmax.  (coef = 1 and a
 * descent on the negated gradient is cross-entropy for behaviour
 * cloning; coef = advantage x ratio terms for policy gradients.)
 */
void tu_mlp_logp_backward(const struct tu_mlp *m, const double *feats,
			  size_t k, double temperature, const double *probs,
			  size_t chosen, double coef, struct tu_mlp_grad *g);

/* ---- Adam ------------------------------------------------------------ */

enum tu_status tu_adam_init(struct tu_adam *a, const struct tu_mlp *m,
			    double lr, struct tu_err *err);
void tu_adam_release(struct tu_adam *a);
/* One ascent step when sign = +1 (maximise), descent when -1, with the
 * gradient g (scaled by 1 / batch first when batch > 1) and an optional
 * global-norm clip (clip <= 0: none). */
void tu_adam_step(struct tu_adam *a, struct tu_mlp *m,
		  const struct tu_mlp_grad *g, double batch, int sign,
		  double clip);

/* ---- the model file (src/policy/mlp_file.c) --------------------------- */

/*
 * Writes m to path atomically (temp file + fsync + rename): a text header
 * "tutor-mlp 1" with the sizes, the feature set and version, the number
 * of parameters, the parameters as %.17g, and a BLAKE2b-256 checksum
 * line over everything before it.  TU_EIO naming the path.
 */
enum tu_status tu_mlp_save(const struct tu_mlp *m, const char *path,
			   struct tu_err *err);

/*
 * Loads path into m (initialised).  Refuses, with a message naming the
 * file and the reason: a missing or unreadable file (TU_EIO), a file over
 * TU_MLP_FILE_MAX (TU_ERANGE), another format or version, sizes out of
 * range, a parameter count that disagrees with the sizes, a non-finite
 * parameter (TU_EDATA), a checksum that does not match (TU_ECORRUPT).
 * m is untouched on error.  The caller checks feature_set and
 * feature_version against its extractor.
 */
enum tu_status tu_mlp_load(struct tu_mlp *m, const char *path,
			   struct tu_err *err);

/* The parser behind tu_mlp_load, on a buffer (for tests and fuzzing). */
enum tu_status tu_mlp_parse(struct tu_mlp *m, const char *buf, size_t len,
			    const char *name, struct tu_err *err);

#endif
