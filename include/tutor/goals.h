/*
 * tutor/goals.h - Pxplore's goal components (struct tu_goal in
 * tutor/learner.h) made deterministic: a component is aligned when its
 * measured metric value meets its numeric threshold, and the reward of a
 * step is computed from the goal lists before and after it.
 *
 * Two rewards: tu_goal_reward is the paper's (sum over components matched
 * by id that moved from not aligned to aligned of weight x confidence);
 * tu_goal_reward_pxplore_code is what Pxplore's code computes (sum of
 * confidence over aligned components / number of components after),
 * kept for comparison.  This module does not measure metrics (the caller
 * fills value from its event data).  Pure: no I/O, no globals.
 */
#ifndef TUTOR_GOALS_H
#define TUTOR_GOALS_H

#include <stdbool.h>
#include <stddef.h>
#include "tutor/err.h"
#include "tutor/learner.h"

#define TU_GOALS_MAX 1024      /* components per list for the rewards */
#define TU_GOAL_EQ_EPS 1e-9    /* tolerance of TU_CMP_EQ */

/* True when value cmp threshold holds; false for a NaN value. */
bool tu_goal_meets(enum tu_cmp cmp, double value, double threshold);

/*
 * Sets g->aligned = tu_goal_meets(g->threshold_cmp, g->value,
 * g->threshold).  TU_EINVAL (naming the goal id) for an unknown cmp or a
 * non-finite threshold; g is unchanged then.
 */
enum tu_status tu_goal_evaluate(struct tu_goal *g, struct tu_err *err);

/*
 * Paper reward: sum over components c of `after` whose id also appears in
 * `before` with aligned false while c.aligned is true, of c.weight x
 * c.confidence (the after values).  Components new in `after` do not
 * count.  TU_EINVAL for duplicate ids in a list, confidence outside [0,1]
 * or weight <= 0 / non-finite; TU_ERANGE above TU_GOALS_MAX.
 */
enum tu_status tu_goal_reward(const struct tu_goal *before, size_t n_before,
			      const struct tu_goal *after, size_t n_after,
			      double *reward, struct tu_err *err);

/*
 * Pxplore code's reward: sum of confidence over aligned components of
 * `after` divided by n_after (0 when n_after is 0); no weights, no
 * "newly" term.  Same validation as tu_goal_reward for `after`.
 */
enum tu_status tu_goal_reward_pxplore_code(const struct tu_goal *after,
					   size_t n_after, double *reward,
					   struct tu_err *err);

#endif
