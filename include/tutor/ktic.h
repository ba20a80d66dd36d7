/*
 * tutor/ktic.h - the IntelliCode mastery rule (tutor/mastery.h) used as a
 * knowledge-tracing baseline on response logs, so it can be scored next
 * to BKT and the logistic models.
 *
 * Each (user, skill) starts at init_m; P(correct) of a response is the
 * current mastery m (predicted before the answer), then m =
 * tu_ic_update(cfg, m, obs) with difficulty medium, no hints, no solve
 * time and dt 0 (the KT logs carry none of these).  "Fitting" is a grid
 * search over alpha, beta and init_m maximising the training
 * log-likelihood with p clipped to [TU_LOG_LOSS_EPS, 1 - TU_LOG_LOSS_EPS];
 * the other fields keep tu_ic_config_default.  The grid is documented in
 * docs/kt.md.
 *
 * Pure and deterministic; no I/O.  When the mastery module is not built
 * yet, fit and predict answer TU_ENOTFOUND.  struct tu_kt_ic_model owns
 * nothing (no release needed); logs and output arrays are borrowed.
 */
#ifndef TUTOR_KTIC_H
#define TUTOR_KTIC_H

#include <stddef.h>
#include "tutor/err.h"
#include "tutor/ktlog.h"
#include "tutor/mastery.h"
#include "tutor/progress.h"

struct tu_kt_ic_model {
	struct tu_ic_config cfg;  /* the chosen rule settings */
	double train_ll;          /* training log-likelihood at cfg */
	size_t grid_points;       /* grid points tried (valid configs) */
	int fitted;
};

/* Makes m unfitted; cannot fail. */
void tu_kt_ic_model_init(struct tu_kt_ic_model *m);

/*
 * Grid search on train (see above); reports "intellicode grid" progress.
 * Replaces m on success only.  TU_EDATA (empty train), TU_ENOMEM,
 * TU_ENOTFOUND (mastery module not built).
 */
enum tu_status tu_kt_ic_fit(struct tu_kt_ic_model *m,
			    const struct tu_ktlog *train,
			    const struct tu_progress *prog,
			    struct tu_err *err);

/*
 * p[i] = mastery of row i's (user, skill) before row i is seen, replaying
 * log in file order.  p holds log->n doubles.  TU_EINVAL when m is
 * unfitted, TU_ENOMEM, TU_ENOTFOUND (mastery module not built).
 */
enum tu_status tu_kt_ic_predict(const struct tu_kt_ic_model *m,
				const struct tu_ktlog *log, double *p,
				struct tu_err *err);

/*
 * Writes m as JSON (format "tutor-kt-ic", version 1: alpha, beta,
 * init_m, train_ll, grid_points) into *out, a new string freed with
 * free().  TU_EINVAL when unfitted, TU_ENOMEM.
 */
enum tu_status tu_kt_ic_model_to_json(const struct tu_kt_ic_model *m,
				      char **out, struct tu_err *err);

#endif
