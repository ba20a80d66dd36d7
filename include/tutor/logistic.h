/*
 * tutor/logistic.h - logistic learner models (IRT, PFA, Best-LR and the
 * extended "Best-LR+" feature set) fitted by our own L-BFGS.
 *
 * P(correct) of a response = sigma(b + sum_j w_j x_j), where the sparse
 * features x are built from the response's item and skill and from counts
 * of the SAME learner's earlier responses only (file order, exclusive of
 * the current row).  Counts enter through phi(x) = ln(1 + x) as in Gervet
 * et al. (JEDM 2020).  Fitting minimises the summed log loss plus
 * l2/2 * |w|^2 (the bias b is not penalised).  docs/logistic.md lists the
 * features with formulas and the validation results.
 *
 * What it is not: it does no I/O (logs come in as struct tu_ktlog, models
 * go out as JSON text), keeps no globals and reads no clock; fitting is
 * deterministic.  The L-BFGS minimiser is exported for reuse and tests.
 *
 * Ownership: struct tu_lr_model owns its weights and struct tu_lr_counts
 * owns its arrays; both are caller-allocated, init cannot fail, release
 * frees the contents.  Logs and output arrays are borrowed.
 */
#ifndef TUTOR_LOGISTIC_H
#define TUTOR_LOGISTIC_H

#include <stddef.h>
#include <stdint.h>
#include "tutor/err.h"
#include "tutor/ktlog.h"
#include "tutor/progress.h"

/* ---- L-BFGS (Nocedal & Wright, algorithms 7.4/7.5 and 3.5/3.6) ---- */

/*
 * Objective: returns f(x) and writes the gradient to grad[0..n).  x and
 * grad never alias.  ud is the caller's.  Must be deterministic.
 */
typedef double (*tu_objective_fn)(void *ud, const double *x, double *grad,
				  size_t n);

struct tu_lbfgs_params {
	size_t m;          /* memory (pairs kept), 1..64; default 10 */
	size_t max_iter;   /* iterations; default 500 */
	double gtol;       /* stop when max|grad| <= gtol; default 1e-5 */
	double ftol;       /* stop when (f_prev-f)/max(|f|,|f_prev|,1) <=
			    * ftol; default 1e-10; 0 disables */
};

struct tu_lbfgs_result {
	size_t iterations;
	size_t evaluations;  /* objective calls */
	double f;            /* final objective */
	double gnorm;        /* final max|grad| */
	int converged;       /* 1 when gtol or ftol was met */
};

/* Fills p with the defaults above. */
void tu_lbfgs_params_default(struct tu_lbfgs_params *p);

/*
 * Minimises fn from the start point x[0..n), leaving the best point found
 * in x.  Allocates its workspace once (O(m n) doubles) before iterating.
 * Reports "lbfgs" progress once per iteration.  TU_EINVAL on bad params
 * or n == 0, TU_ENOMEM, TU_EDATA when f or the gradient is not finite at
 * the start.  Running out of iterations or a failed line search is not an
 * error: res->converged is 0 then (res may be NULL).
 */
enum tu_status tu_lbfgs_minimize(tu_objective_fn fn, void *ud, double *x,
				 size_t n, const struct tu_lbfgs_params *p,
				 const struct tu_progress *prog,
				 struct tu_lbfgs_result *res,
				 struct tu_err *err);

/* ---- Features ---- */

enum tu_lr_feature {
	TU_LR_ITEM = 1u << 0,         /* item one-hot (difficulty) */
	TU_LR_SKILL = 1u << 1,        /* skill one-hot */
	TU_LR_ITEM_COUNTS = 1u << 2,  /* phi(item attempts), phi(item wins) */
	TU_LR_SKILL_COUNTS = 1u << 3, /* phi(skill att.), phi(wins), per skill */
	TU_LR_TOTAL_COUNTS = 1u << 4, /* phi(all attempts), phi(all wins) */
	TU_LR_RECENT = 1u << 5,       /* wins/fails in the last `window`
				       * skill answers (per skill) and total */
	TU_LR_SMOOTH = 1u << 6,       /* logit of smoothed success rates of
				       * the skill and of all answers */
	TU_LR_DECAY = 1u << 7,        /* logit of decayed success rates */
	TU_LR_ALL = (1u << 8) - 1
};

#define TU_LR_IRT (TU_LR_ITEM)
#define TU_LR_PFA (TU_LR_SKILL | TU_LR_SKILL_COUNTS)
#define TU_LR_BEST (TU_LR_ITEM | TU_LR_SKILL | TU_LR_ITEM_COUNTS | \
		    TU_LR_SKILL_COUNTS | TU_LR_TOTAL_COUNTS)
#define TU_LR_BEST_PLUS (TU_LR_ALL)

/* The recent-history window is at most this many answers. */
#define TU_LR_MAX_WINDOW 64
/* Most features one row can have (bounds the sparse row buffer). */
#define TU_LR_MAX_ROW_NNZ 24

struct tu_lr_config {
	unsigned features;   /* enum tu_lr_feature bits */
	double l2;           /* L2 strength on the summed log loss; >= 0 */
	unsigned window;     /* TU_LR_RECENT window, 1..TU_LR_MAX_WINDOW */
	double smooth;       /* TU_LR_SMOOTH pseudo-count, > 0 */
	double decay;        /* TU_LR_DECAY factor per answer, (0,1) */
	struct tu_lbfgs_params opt;
};

/* Fills cfg with the validated defaults (see docs/logistic.md). */
void tu_lr_config_default(struct tu_lr_config *cfg);

/*
 * Parses a feature-set name: "irt", "pfa", "best-lr", "best-lr+", or a
 * '+'-free comma list of "i,s,ic,sc,tc,r,sm,d".  TU_EINVAL when unknown.
 */
enum tu_status tu_lr_features_parse(const char *s, unsigned *features,
				    struct tu_err *err);

/* ---- Per-learner counts (the model's state for one learner) ---- */

struct tu_lr_hist {
	uint32_t att;       /* earlier answers */
	uint32_t win;       /* earlier correct answers */
	uint64_t recent;    /* bit k = answer k+1 steps back was correct */
};

struct tu_lr_counts {
	struct tu_lr_hist *item;   /* indexed by item id, n_item entries */
	struct tu_lr_hist *skill;  /* indexed by skill id */
	size_t n_item, n_skill;
	struct tu_lr_hist total;
};

/* Makes c empty (a learner with no history); allocates nothing. */
void tu_lr_counts_init(struct tu_lr_counts *c);

/* Frees the arrays; c is empty again. */
void tu_lr_counts_release(struct tu_lr_counts *c);

/* Forgets all history but keeps the arrays for reuse. */
void tu_lr_counts_clear(struct tu_lr_counts *c);

/*
 * Records that the learner answered item (of skill) with correct (0/1).
 * Grows the arrays as needed.  TU_ERANGE when an id is >= TU_KTLOG_MAX_ID
 * or correct > 1 (c unchanged), TU_ENOMEM.
 */
enum tu_status tu_lr_counts_update(struct tu_lr_counts *c, uint32_t item,
				   uint32_t skill, unsigned correct,
				   struct tu_err *err);

/* ---- The model ---- */

struct tu_lr_model {
	struct tu_lr_config cfg;   /* the features and their settings */
	uint32_t n_items;          /* ids < n_items have item weights */
	uint32_t n_skills;
	double prior;              /* training mean of correct (smoothing) */
	size_t dim;                /* number of weights (bias excluded) */
	double bias;
	double *w;                 /* dim weights (owned) */
};

/* Makes m an empty, unfitted model (dim 0); allocates nothing. */
void tu_lr_model_init(struct tu_lr_model *m);

/* Frees the weights; m is empty again. */
void tu_lr_model_release(struct tu_lr_model *m);

/*
 * Fits m on train (replacing m's contents only on success).  Features of
 * row i come from the earlier rows of the same user in file order.
 * TU_EINVAL on a bad cfg, TU_EDATA when train is empty or has a row with
 * correct > 1, TU_ERANGE on ids >= TU_KTLOG_MAX_ID, TU_ENOMEM.
 */
enum tu_status tu_lr_fit(struct tu_lr_model *m, const struct tu_ktlog *train,
			 const struct tu_lr_config *cfg,
			 const struct tu_progress *prog, struct tu_err *err);

/*
 * p[i] = P(correct) of log row i predicted before row i is seen, from the
 * user's earlier rows of log only.  Ids the model never saw get weight 0.
 * p must hold log->n doubles.  TU_EINVAL when m is unfitted, TU_ERANGE,
 * TU_EDATA (correct > 1), TU_ENOMEM.
 */
enum tu_status tu_lr_predict(const struct tu_lr_model *m,
			     const struct tu_ktlog *log, double *p,
			     struct tu_err *err);

/*
 * The fitting objective at m's current weights on log: the summed log
 * loss of log's rows (features as in tu_lr_predict) plus m->cfg.l2 / 2 *
 * |w|^2.  When grad is non-NULL it receives m->dim + 1 partial
 * derivatives: grad[0] for the bias, grad[1 + j] for w[j].  Errors as
 * tu_lr_predict.
 */
enum tu_status tu_lr_objective(const struct tu_lr_model *m,
			       const struct tu_ktlog *log, double *f,
			       double *grad, struct tu_err *err);

/*
 * P(correct) of the learner with history c answering item of skill now.
 * Pure; c is borrowed; unseen ids contribute weight 0.
 */
double tu_lr_predict_one(const struct tu_lr_model *m,
			 const struct tu_lr_counts *c, uint32_t item,
			 uint32_t skill);

/*
 * Writes the sparse features of (c, item, skill) under m's layout into
 * idx/val (room for TU_LR_MAX_ROW_NNZ each, ascending idx, zero values
 * left out) and returns their number.  For tests and inspection.
 */
size_t tu_lr_row_features(const struct tu_lr_model *m,
			  const struct tu_lr_counts *c, uint32_t item,
			  uint32_t skill, uint32_t *idx, double *val);

/*
 * Serialises m as one JSON object (format "tutor-lr", version 1) into
 * *out, a new NUL-terminated string the caller frees with free().  Doubles
 * are written with 17 significant digits, so from_json gives back the
 * exact model.  TU_EINVAL when m is unfitted, TU_ENOMEM.
 */
enum tu_status tu_lr_model_to_json(const struct tu_lr_model *m, char **out,
				   struct tu_err *err);

/*
 * Parses buf[0..len) (at most 256 MiB) into m, replacing m only on
 * success.  Strict: unknown or missing keys, wrong types, out-of-range
 * settings and a weights array of the wrong length are TU_EPARSE or
 * TU_ERANGE with the JSON path in the message ("$.weights[3]: ...").
 */
enum tu_status tu_lr_model_from_json(struct tu_lr_model *m, const char *buf,
				     size_t len, struct tu_err *err);

#endif
