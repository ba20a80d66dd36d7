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
 * kept for comparison.
 *
 * The metric evaluator (src/pedagogy/goal_metrics.c) measures the named
 * metrics of docs/goals.md on a learner state at a given time
 * (mastery:<topic>, minutes_per_day, problems_solved, streak_days,
 * accuracy, topics_mastered, reviews_done) and tu_goals_reevaluate
 * applies them to every goal component of a state after one event: value,
 * aligned, the event id as evidence and Pxplore's confidence rubric on
 * alignment, and the alignment reward of the step.  Pure: no I/O, no
 * clock (now is an argument), no globals.  Inputs are borrowed.
 */
#ifndef TUTOR_GOALS_H
#define TUTOR_GOALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tutor/err.h"
#include "tutor/learner.h"

struct tu_course;              /* tutor/content.h; only its lists are read */

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

/* ---- metrics (goal_metrics.c, definitions in docs/goals.md) ------------ */

#define TU_GOAL_MASTERED 0.8   /* topics_mastered: mastery >= this */
#define TU_GOAL_DAYS 7         /* minutes_per_day: the last 7 local days */
#define TU_GOAL_SAMPLES_ENOUGH 5 /* observations for confidence >= 0.90 */
#define TU_GOAL_EVIDENCE_PREFIX "event:" /* evidence "event:<id>" */

/* One metric measured on a state. */
struct tu_goal_measure {
	double value;          /* the metric's value */
	uint32_t samples;      /* observations behind it (docs/goals.md) */
};

/*
 * Measures metric on st at now (Unix seconds; local days use
 * st->preferences.utc_offset_min).  course (may be NULL) only checks a
 * mastery:<topic> name: with a course, a topic neither the course nor
 * the state has is unknown.  Metrics: "mastery:<topic>" (the topic's
 * mastery, 0 when unseen), "minutes_per_day", "problems_solved",
 * "streak_days", "accuracy", "topics_mastered", "reviews_done".
 * TU_ENOTFOUND naming the metric for any other name (out unchanged);
 * TU_EINVAL for a NULL argument.
 */
enum tu_status tu_goal_metric_measure(const struct tu_learner_state *st,
				      const struct tu_course *course,
				      const char *metric, int64_t now,
				      struct tu_goal_measure *out,
				      struct tu_err *err);

/* tu_goal_metric_measure's value only. */
enum tu_status tu_goal_metric_value(const struct tu_learner_state *st,
				    const struct tu_course *course,
				    const char *metric, int64_t now,
				    double *value, struct tu_err *err);

/*
 * Pxplore's confidence rubric made deterministic, from the number of
 * observations behind an aligned metric: 0 -> 0.50; 1..4 -> 0.60 + 0.07
 * x (n - 1) (0.60 .. 0.81); n >= 5 -> min(0.95, 0.90 + 0.01 x (n - 5)).
 */
double tu_goal_confidence(uint32_t samples);

/*
 * Appends text (< TU_SHORT_MAX bytes, else cut) to g's evidence unless it
 * is already there.  Past TU_EVIDENCE_MAX the oldest entry is dropped,
 * except the first "event:" entry (the first alignment), which is kept.
 */
void tu_goal_evidence_add(struct tu_goal *g, const char *text);

/* True when g has an "event:<id>" evidence entry: it was aligned at some
 * event (the reward is paid once per component). */
bool tu_goal_was_aligned(const struct tu_goal *g);

/* What tu_goals_reevaluate did. */
struct tu_goals_eval {
	double reward;         /* alignment reward of the step; NaN when a
				  list exceeds TU_GOALS_MAX */
	size_t n_measured;     /* components whose metric was computed */
	size_t n_aligned;      /* of those, aligned now */
	size_t n_newly;        /* became aligned at this event */
};

/*
 * Re-evaluates every goal component of st after the event event_id at
 * now.  For each component with a non-empty metric: value = the metric
 * (NaN when the metric is unknown), aligned = tu_goal_meets; a component
 * that is aligned now and was not in `before` (matched by id; absent
 * counts as not aligned) gets the evidence "event:<event_id>"; while
 * aligned its confidence = tu_goal_confidence(samples).  Components
 * without a metric are left as they are.  res->reward =
 * tu_goal_reward(before', st->goals) where before' is `before` with every
 * component that was ever aligned (tu_goal_was_aligned) counted as
 * aligned: a component pays its reward once, on its first alignment.
 * before (borrowed, may be NULL when n_before is 0) is the goal list
 * from before the event.  TU_EINVAL for an invalid comparison or
 * threshold, TU_ENOMEM; st's goals may be partly updated on error.
 */
enum tu_status tu_goals_reevaluate(struct tu_learner_state *st,
				   const struct tu_goal *before,
				   size_t n_before,
				   const struct tu_course *course, int64_t now,
				   uint64_t event_id, struct tu_goals_eval *res,
				   struct tu_err *err);

#endif
