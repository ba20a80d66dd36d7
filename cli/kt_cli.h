/*
 * kt_cli.h - what `tutor fit <kt model>` (cli/fit_kt.c) and `tutor eval
 * calibration` (cli/eval_calibration.c) share: the list of learner models,
 * fitting one by name, predicting with it, writing it as JSON.  Defined
 * in cli/fit_kt.c.
 */
#ifndef TUTOR_CLI_KT_CLI_H
#define TUTOR_CLI_KT_CLI_H

#include <stdint.h>
#include "tutor/bkt.h"
#include "tutor/ktic.h"
#include "tutor/ktlog.h"

/*
 * 1 while src/logistic builds tu_logistic_lib (the CLI links tu_lr_fit);
 * set to 0 to build the CLI without the logistic model.
 */

#include "tutor/logistic.h"

enum kt_model { KT_IC, KT_BKT, KT_BKT_FORGETS, KT_LR, KT_N_MODELS };

struct kt_fit_opts {
	unsigned restarts;
	uint64_t seed;
	double tol;
	unsigned maxiter;
};

struct kt_fitted {
	enum kt_model kind;
	struct tu_bkt_model bkt;
	struct tu_kt_ic_model ic;
	struct tu_lr_model lr;
	double fit_s;          /* wall seconds of the fit */
	char summary[256];     /* one human line about the fit */
};

/* Model names as the CLI spells them. */
const char *kt_model_name(enum kt_model m);

/* 0 and *out set when name is a model; -1 otherwise. */
int kt_model_parse(const char *name, enum kt_model *out);

/* 1 when this build can fit m. */
int kt_model_available(enum kt_model m);

/* Defaults: 5 restarts, seed 42, tol 1e-3, maxiter 100. */
void kt_fit_opts_default(struct kt_fit_opts *o);

/* Parses an unsigned in [lo, hi] or a double; 0 ok, -1 bad. */
int kt_parse_uint(const char *s, unsigned long long lo,
		  unsigned long long hi, unsigned long long *out);
int kt_parse_double(const char *s, double *out);

/* Makes f empty (cannot fail); kt_fitted_release frees its contents. */
void kt_fitted_init(struct kt_fitted *f);
void kt_fitted_release(struct kt_fitted *f);

/* Fits model kind on train into f (timed); progress on stderr. */
enum tu_status kt_fit(struct kt_fitted *f, enum kt_model kind,
		      const struct tu_ktlog *train,
		      const struct kt_fit_opts *o, struct tu_err *err);

/* One-step-ahead P(correct) for every row of log (p holds log->n). */
enum tu_status kt_predict(const struct kt_fitted *f,
			  const struct tu_ktlog *log, double *p,
			  struct tu_err *err);

/* The fitted parameters as a new JSON string (free() it). */
enum tu_status kt_to_json(const struct kt_fitted *f, char **out,
			  struct tu_err *err);

/* Monotonic wall clock in seconds. */
double kt_now(void);

#endif
