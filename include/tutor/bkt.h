/*
 * tutor/bkt.h - Bayesian Knowledge Tracing: the exact per-step posterior
 * update, one-step-ahead replay of a response log, and per-skill EM
 * (Baum-Welch) fitting with seeded random restarts, as in pyBKT
 * (docs/kt.md gives the equations and every choice made here).
 *
 * One two-state hidden Markov model per skill_id: latent "known" with
 * P(L_1) = prior, learn T = P(unknown -> known), forget F = P(known ->
 * unknown) (0 unless the model is fitted with forgets), guess G =
 * P(correct | unknown), slip S = P(incorrect | known).
 *
 * Pure and deterministic: no I/O, no clock, no globals; randomness only
 * through the seed in struct tu_bkt_config.  Not here: the IntelliCode
 * rule (tutor/mastery.h, replayed as a KT baseline by tutor/ktic.h) and
 * the logistic models (tutor/logistic.h).
 *
 * Ownership: struct tu_bkt_model owns its per-skill array; init cannot
 * fail, release frees.  Logs and output arrays are borrowed.
 */
#ifndef TUTOR_BKT_H
#define TUTOR_BKT_H

#include <stddef.h>
#include <stdint.h>
#include "tutor/err.h"
#include "tutor/ktlog.h"
#include "tutor/progress.h"

/* Most skills a model or its JSON may have (= the ktlog id bound). */
#define TU_BKT_MAX_SKILLS TU_KTLOG_MAX_ID
/* Bytes accepted by tu_bkt_model_from_json. */
#define TU_BKT_JSON_MAX (256u * 1024u * 1024u)

struct tu_bkt_params {
	double prior;   /* P(L_1) */
	double learn;   /* T */
	double guess;   /* G */
	double slip;    /* S */
	double forget;  /* F; 0 without forgets */
};

struct tu_bkt_config {
	int forgets;          /* 1: fit F; 0: F fixed at 0 */
	unsigned restarts;    /* random initialisations per skill, >= 1; 5 */
	uint64_t seed;        /* 42 */
	double tol;           /* stop when |LL_i - LL_{i-1}| < tol; 1e-3 */
	unsigned maxiter;     /* EM iterations per restart, >= 1; 100 */
};

/* What EM did for one skill (the kept restart). */
struct tu_bkt_skill {
	struct tu_bkt_params p;
	double ll;            /* training log-likelihood at p (natural log) */
	unsigned iterations;  /* E-steps of the kept restart */
	unsigned long all_iterations; /* E-steps of all restarts */
	size_t n_rows;        /* training responses on the skill */
	size_t n_seqs;        /* training (user, skill) sequences */
	int fitted;           /* 0: no training data, p = the default set */
	int converged;        /* 1: stopped by tol, 0: by maxiter */
	int degenerate;       /* 1: every restart ended with G + S >= 1 */
};

struct tu_bkt_model {
	struct tu_bkt_skill *skills;  /* n_skills entries (owned) */
	uint32_t n_skills;            /* skill ids < n_skills have a set */
	struct tu_bkt_params dflt;    /* for skills without training data */
	int forgets;
	double ll;                    /* sum of the skills' ll */
	size_t n_fitted;              /* skills with training data */
	unsigned long iterations;     /* E-steps over all skills/restarts */
};

/* Fills cfg with the defaults above (pyBKT's). */
void tu_bkt_config_default(struct tu_bkt_config *cfg);

/* TU_EINVAL naming the field when restarts, tol or maxiter is invalid. */
enum tu_status tu_bkt_config_validate(const struct tu_bkt_config *cfg,
				      struct tu_err *err);

/* TU_EINVAL naming the parameter unless all five are in [0,1]. */
enum tu_status tu_bkt_params_validate(const struct tu_bkt_params *p,
				      struct tu_err *err);

/* P(correct) = pl (1 - S) + (1 - pl) G for P(known) = pl before the answer. */
double tu_bkt_p_correct(const struct tu_bkt_params *p, double pl);

/* Posterior P(known | answer) for P(known) = pl before the answer. */
double tu_bkt_posterior(const struct tu_bkt_params *p, double pl,
			int correct);

/*
 * One exact step: P(known) before the next opportunity after observing
 * correct (0/1) with P(known) = pl before it:
 * post (1 - F) + (1 - post) T.  Pure.
 */
double tu_bkt_step(const struct tu_bkt_params *p, double pl, int correct);

/* Makes m an empty, unfitted model (no skills); allocates nothing. */
void tu_bkt_model_init(struct tu_bkt_model *m);

/* Frees m's contents; m is empty again. */
void tu_bkt_model_release(struct tu_bkt_model *m);

/* The parameter set used for skill (dflt when skill is out of range or
 * had no training data).  Borrowed from m. */
const struct tu_bkt_params *tu_bkt_model_params(const struct tu_bkt_model *m,
						uint32_t skill);

/*
 * EM on one skill's sequences: obs[] holds the answers (0/1) of n_seqs
 * sequences back to back, sequence s having len[s] >= 1 answers.  p is
 * the start point on entry and the result on return; cfg->forgets,
 * cfg->tol and cfg->maxiter apply (restarts and seed do not): up to
 * maxiter M-steps, each preceded by an E-step, and a last E-step so the
 * returned LL is exactly that of the returned p.  When ll_trace is
 * non-NULL it receives the LL of each E-step (room for cfg->maxiter + 1
 * doubles).  st (may be NULL) gets ll, iterations (= E-steps) and
 * converged.  Probabilities are kept in [1e-10, 1 - 1e-10] (forget stays
 * exactly 0 without forgets).
 * TU_EINVAL on bad arguments, TU_ENOMEM.
 */
enum tu_status tu_bkt_em(struct tu_bkt_params *p, const uint8_t *obs,
			 const size_t *len, size_t n_seqs,
			 const struct tu_bkt_config *cfg, double *ll_trace,
			 struct tu_bkt_skill *st, struct tu_err *err);

/*
 * Fits one parameter set per skill of train by EM with cfg->restarts
 * seeded random starts each (pyBKT's ranges), keeping the best final LL
 * among restarts that end with guess + slip < 1.  Skills without rows get
 * dflt = the per-parameter median over fitted skills.  Replaces m's
 * contents on success only.  Reports "bkt em" progress per (skill,
 * restart).  TU_EINVAL (cfg), TU_EDATA (empty train), TU_ENOMEM.
 */
enum tu_status tu_bkt_fit(struct tu_bkt_model *m, const struct tu_ktlog *train,
			  const struct tu_bkt_config *cfg,
			  const struct tu_progress *prog, struct tu_err *err);

/*
 * p[i] = P(correct) of log row i predicted before row i is seen: the
 * state of each (user, skill) starts at the skill's prior and is updated
 * with tu_bkt_step after each of its rows in file order.  p must hold
 * log->n doubles.  TU_EINVAL when m is unfitted (n_skills == 0),
 * TU_ENOMEM.
 */
enum tu_status tu_bkt_predict(const struct tu_bkt_model *m,
			      const struct tu_ktlog *log, double *p,
			      struct tu_err *err);

/*
 * Serialises m as JSON (format "tutor-bkt", version 1) into *out, a new
 * NUL-terminated string the caller frees with free().  Doubles keep 17
 * significant digits.  TU_EINVAL when m is empty, TU_ENOMEM.
 */
enum tu_status tu_bkt_model_to_json(const struct tu_bkt_model *m, char **out,
				    struct tu_err *err);

/*
 * Parses buf[0..len) (at most TU_BKT_JSON_MAX) into m, replacing m only
 * on success.  Strict: wrong format/version, missing or mistyped keys,
 * parameters outside [0,1], skill ids out of range or repeated are
 * TU_EPARSE/TU_ERANGE with the JSON path ("$.skills[3].slip: ...").
 */
enum tu_status tu_bkt_model_from_json(struct tu_bkt_model *m, const char *buf,
				      size_t len, struct tu_err *err);

#endif
