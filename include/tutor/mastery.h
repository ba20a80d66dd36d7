/*
 * tutor/mastery.h - IntelliCode's rule-based mastery update (paper
 * appendix C.2), the proficiency composite (eq. 10) and the mapping of
 * mastery to learner-facing levels.
 *
 * Pure functions over plain values: no I/O, no clock, no globals.  Every
 * constant lives in struct tu_ic_config; tu_ic_config_default documents
 * where each default comes from (docs/learner-model.md).
 *
 * Not here: BKT and the logistic model (tutor/kt.h), scheduling
 * (tutor/srs.h).
 */
#ifndef TUTOR_MASTERY_H
#define TUTOR_MASTERY_H

#include <stdint.h>
#include "tutor/err.h"

enum tu_difficulty { TU_DIFF_EASY = 0, TU_DIFF_MEDIUM, TU_DIFF_HARD };

struct tu_ic_config {
	double alpha;          /* success step size */
	double beta;           /* failure step size */
	double w_diff[3];      /* difficulty weights easy/medium/hard: 0.8/1.0/1.2 */
	double tau_upd_days;   /* recency decay w_r = exp(-dt / tau); <= 0 disables */
	double eta_hint;       /* mastery penalty per hint used */
	double eta_time;       /* penalty per second over the expected time */
	double lambda;         /* momentum: m = (1-lambda) m_old + lambda m_new */
	double init_m;         /* mastery of a never-seen topic */
};

/* One observed outcome on a topic. */
struct tu_ic_obs {
	int correct;                 /* 1 pass, 0 fail */
	enum tu_difficulty difficulty;
	double dt_days;              /* since the topic was last practiced; 0 if never */
	uint32_t hints_used;
	double solve_s;              /* time on task, seconds; <= 0 unknown */
	double expected_s;           /* mu_i, seconds; <= 0 unknown (no time penalty) */
};

/* Fills cfg with the documented defaults. */
void tu_ic_config_default(struct tu_ic_config *cfg);

/* Checks every field's range; TU_EINVAL naming the field otherwise. */
enum tu_status tu_ic_config_validate(const struct tu_ic_config *cfg,
				     struct tu_err *err);

/* Returns the updated mastery, always in [0,1], for m in [0,1]. */
double tu_ic_update(const struct tu_ic_config *cfg, double m,
		    const struct tu_ic_obs *obs);

#endif
