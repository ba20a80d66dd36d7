/*
 * tutor/mastery.h - IntelliCode's rule-based mastery update (paper
 * appendix C.2), Beta uncertainty per topic, initial mastery from history
 * (eq. 8), the proficiency composite (eq. 10) and the mapping of mastery
 * to learner-facing (Khan-style) levels.
 *
 * Pure functions over plain values and a caller-owned learner state: no
 * I/O, no clock (times come in as arguments), no globals; randomness only
 * through a caller-owned struct tu_rng.  Every constant lives in a config
 * struct whose _default function documents where each value comes from
 * (docs/learner-model.md).  Nothing here allocates except
 * tu_learner_apply_outcome, which may add a topic to the state it is given.
 *
 * Not here: BKT and the logistic model (tutor/kt.h), scheduling
 * (tutor/srs.h), the state's storage (tutor/learner.h).
 */
#ifndef TUTOR_MASTERY_H
#define TUTOR_MASTERY_H

#include <stddef.h>
#include <stdint.h>
#include "tutor/err.h"
#include "tutor/learner.h"
#include "tutor/rng.h"

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
	double pass_keep;      /* share of a pass's gain that penalties
				  cannot take away: 0.25 */
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

/*
 * Fills cfg with the documented defaults (docs/learner-model.md): alpha 0.1
 * and beta 0.15 (intellicode-backend's +0.1(1-m) and x0.85), w_diff
 * 0.8/1.0/1.2 (paper C.2), tau_upd_days 30, eta_hint 0.02, eta_time 0.0001
 * per second, lambda 0.8, init_m 0 (ours: the paper gives no values),
 * pass_keep 0.25 (ours: a pass always keeps a quarter of its gain).
 */
void tu_ic_config_default(struct tu_ic_config *cfg);

/* Checks every field's range; TU_EINVAL naming the field otherwise. */
enum tu_status tu_ic_config_validate(const struct tu_ic_config *cfg,
				     struct tu_err *err);

/*
 * One step of the paper's rule (C.2), in this order:
 *   w_r = exp(-dt_days / tau_upd_days)  (1 when tau <= 0 or dt <= 0)
 *   penalty = eta_hint * hints + eta_time * max(0, solve_s - expected_s)
 *   pass: gain = alpha * w_d * w_r * (1 - m)
 *         m2 = clamp01(m + max(gain - penalty, pass_keep * gain))
 *   fail: m2 = clamp01(max(0, m - beta / w_d * w_r * m) - penalty)
 *   result = (1 - lambda) * m + lambda * m2
 * Returns a value in [0,1] for any input: m is clamped to [0,1] first (NaN
 * m counts as cfg->init_m); correct != 0 is a pass; an out-of-range
 * difficulty counts as medium; non-finite or negative dt_days counts as 0
 * and non-finite solve_s/expected_s as unknown (no time penalty).  cfg must
 * pass tu_ic_config_validate (with an invalid cfg the result is still
 * clamped to [0,1], and the old m is kept if the arithmetic gives NaN).
 */
double tu_ic_update(const struct tu_ic_config *cfg, double m,
		    const struct tu_ic_obs *obs);

/* ---- Beta uncertainty (paper B.1: (alpha, beta) per topic, prior (1,1)) -- */

/* Adds weight to *alpha on a pass (correct != 0) or to *beta on a fail.
 * weight <= 0 or non-finite changes nothing. */
void tu_beta_update(double *alpha, double *beta, int correct, double weight);

/* Mean a / (a + b); 0.5 unless a, b > 0 and finite. */
double tu_beta_mean(double a, double b);

/* Variance a b / ((a+b)^2 (a+b+1)); 0 unless a, b > 0 and finite. */
double tu_beta_variance(double a, double b);

/*
 * Approximate lower credible bound mean - z * sd (normal approximation to
 * the Beta; z = 1.645 gives about a one-sided 95 % bound), clamped to
 * [0,1].  Good when a + b is above ~10; conservative enough for display
 * below that.  Returns 0 unless a, b > 0 and finite and z >= 0.
 */
double tu_beta_lower(double a, double b, double z);

/* ---- applying an outcome to the learner state ---------------------------- */

/* One graded submission on a topic, with the time it happened. */
struct tu_ic_outcome {
	int correct;                 /* != 0 pass */
	enum tu_difficulty difficulty;
	uint32_t hints_used;
	double solve_s;              /* time on task, seconds; <= 0 unknown */
	double expected_s;           /* seconds; <= 0 unknown */
	int64_t now;                 /* Unix seconds; TU_TIME_NONE unknown */
};

/*
 * Pure state transition for one outcome on topic: creates the topic when
 * missing (mastery cfg->init_m, Beta (1,1)), computes dt in days from
 * last_practiced to now (0 for a first attempt, an unknown now or a clock
 * going backwards), sets mastery = tu_ic_update(...), adds 1 to alpha
 * (pass) or beta (fail), counts attempts and successes (saturating) and
 * sets last_practiced = now when now is later.  Does not touch version or
 * updated (the orchestrator's job).  TU_EINVAL for an invalid cfg or topic
 * id, TU_ERANGE / TU_ENOMEM from adding the topic; s is unchanged then.
 */
enum tu_status tu_learner_apply_outcome(struct tu_learner_state *s,
					const char *topic,
					const struct tu_ic_config *cfg,
					const struct tu_ic_outcome *o,
					struct tu_err *err);

/* ---- initial mastery from history (paper eq. 8) -------------------------- */

struct tu_ic_init_config {
	double w_rate;      /* weight of the overall success rate: 0.6 */
	double w_recent;    /* weight of the recent success rate: 0.4 */
	size_t recent_n;    /* "recent" = the last recent_n outcomes: 5 */
	double sigma0;      /* sd of the N(0, sigma0^2) term: 0 (off) */
	double empty_m;     /* result for an empty history: 0 */
};

/* Fills cfg with the defaults above (paper eq. 8 and the backend's
 * _calculate_topic_mastery). */
void tu_ic_init_config_default(struct tu_ic_init_config *cfg);

/*
 * m0 = w_rate * rate(all n outcomes) + w_recent * rate(last recent_n)
 *      + sigma0 * N(0,1), clamped to [0,1].  outcomes[i] != 0 is a pass, in
 * time order (oldest first).  The noise is drawn from rng (one
 * tu_rng_normal call) only when sigma0 > 0 and rng != NULL.  n == 0 gives
 * empty_m (no draw).  recent_n == 0 counts as n.
 */
double tu_ic_initial_mastery(const struct tu_ic_init_config *cfg,
			     const int *outcomes, size_t n,
			     struct tu_rng *rng);

/* ---- proficiency composite (paper eq. 10) -------------------------------- */

struct tu_prof_config {
	double w_mastery;    /* topic mastery average: 0.40 */
	double w_rank;       /* normalised expertise rank: 0.25 */
	double w_skill;      /* self-reported skill: 0.20 */
	double w_recent;     /* recent success rate: 0.10 */
	double w_streak;     /* streak normalisation: 0.05 */
	double streak_full;  /* streak_norm = min(streak / streak_full, 1): 30 */
};

/* Fills cfg with the paper's weights and the backend's 30-day streak. */
void tu_prof_config_default(struct tu_prof_config *cfg);

struct tu_prof_input {
	double mastery_avg;          /* [0,1] */
	double rank;                 /* expertise rank, 100..3000 */
	enum tu_skill_level skill;
	double recent_success_rate;  /* [0,1], a real rate of recent outcomes */
	uint32_t streak_days;
};

/*
 * Piecewise-linear rank normalisation (intellicode-backend): 100..800 ->
 * 0..0.3, 800..1500 -> 0.3..0.6, 1500..2000 -> 0.6..0.85, 2000..3000 ->
 * 0.85..1; below 100 is 0, above 3000 is 1, NaN is 0.
 */
double tu_rank_norm(double rank);

/* Self-reported skill score: beginner 0.2, intermediate 0.5, advanced
 * 0.8, unknown (or invalid) 0.3. */
double tu_skill_score(enum tu_skill_level skill);

/*
 * p = w_mastery * mastery_avg + w_rank * tu_rank_norm(rank)
 *   + w_skill * tu_skill_score(skill) + w_recent * recent_success_rate
 *   + w_streak * min(streak_days / streak_full, 1).
 * Each component is clamped to [0,1] (NaN counts as 0); the weighted sum
 * is clamped to [0,1].
 */
double tu_proficiency(const struct tu_prof_config *cfg,
		      const struct tu_prof_input *in);

/*
 * Mean mastery of the n named topics (a missing topic counts as
 * missing_m), or of every topic in s when n == 0 (missing_m when s has
 * none).  The backend's "topic_mastery" input of the composite.
 */
double tu_learner_mastery_average(const struct tu_learner_state *s,
				  const char *const *topics, size_t n,
				  double missing_m);

/* Label of a proficiency: < 0.2 "Early Beginner", < 0.4 "Beginner",
 * < 0.6 "Intermediate", < 0.8 "Advanced", else "Expert".  Static. */
const char *tu_proficiency_label(double p);

/* The band the feedback wording uses: beginner < 0.3 <= intermediate <
 * 0.6 <= advanced (NaN is beginner). */
enum tu_hint_band { TU_BAND_BEGINNER = 0, TU_BAND_INTERMEDIATE,
		    TU_BAND_ADVANCED };
enum tu_hint_band tu_hint_band(double p);
const char *tu_hint_band_name(enum tu_hint_band b); /* "beginner", ... */

/* ---- learner-facing levels (Khan style) ---------------------------------- */

enum tu_mastery_level {
	TU_LEVEL_NOT_STARTED = 0,  /* no attempts */
	TU_LEVEL_ATTEMPTED,        /* m < 0.5 */
	TU_LEVEL_FAMILIAR,         /* 0.5 <= m < 0.8 */
	TU_LEVEL_PROFICIENT,       /* 0.8 <= m < 0.95, or m >= 0.95 with < 3 attempts */
	TU_LEVEL_MASTERED          /* m >= 0.95 and attempts >= 3 */
};

/* Level from mastery and attempts (NaN mastery counts as 0).  Beta is not
 * used by this rule; show tu_beta_lower next to it for uncertainty. */
enum tu_mastery_level tu_mastery_level(double m, uint32_t attempts);

/* tu_mastery_level(t->mastery, t->attempts). */
enum tu_mastery_level tu_topic_level(const struct tu_topic_state *t);

/* Points: not started 0, attempted 0, familiar 50, proficient 80,
 * mastered 100. */
int tu_mastery_level_points(enum tu_mastery_level l);

/* "not_started", "attempted", "familiar", "proficient", "mastered";
 * "?" if invalid.  Static. */
const char *tu_mastery_level_name(enum tu_mastery_level l);

#endif
