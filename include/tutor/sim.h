/*
 * tutor/sim.h - simulated learners who use the real orchestrator.
 *
 * What it is: a cohort of simulated learners, each with a latent,
 * per-topic binary knowledge state that evolves BKT-style (learn on a
 * practice opportunity, slip, guess, forget over idle days), learning
 * gated by the course's prerequisites, hints that raise the current
 * attempt's success chance and change how much is learned, solve times,
 * engagement (practice days, session length, dropout that grows with
 * failure streaks) and personas (skill level x behavioural style).  The
 * per-topic parameters are drawn from Beta distributions fitted to the
 * per-skill BKT parameters `tutor fit bkt-forgets` finds on a real log
 * (tu_sim_priors).  Every action a simulated learner takes is an event
 * through the orchestrator (tutor/orch.h): learner_created,
 * daily_generation, review_due, session_check, hint_request, submission;
 * what it works on next is what the tutor's outputs offered, and the
 * hints it gets are the levels the feedback agent chose.  The clock is
 * simulated (Unix seconds from cfg->start).  Docs: docs/simulator.md.
 *
 * What it is not: it does not run the judge (a submission event carries
 * the outcome the learner model drew, as a judge would report it, with a
 * misconception tag from one of the problem's known-wrong solutions) and
 * it reads no clock.  By default the orchestrator runs in memory
 * (tu_orch_step, the pure half of tu_orch_handle: same routing, agents,
 * validation); with a store it is the full tu_orch_handle with commits,
 * and the two give the same results (tested).
 *
 * Determinism: everything derives from cfg->seed; learner i's random
 * stream depends only on (seed, i), so the results do not depend on the
 * number of threads.
 *
 * Ownership: struct tu_sim_result owns every array in it
 * (tu_sim_result_release).  Course, agent config and store are borrowed
 * for the duration of tu_sim_run.
 */
#ifndef TUTOR_SIM_H
#define TUTOR_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tutor/agents.h"
#include "tutor/content.h"
#include "tutor/err.h"
#include "tutor/progress.h"
#include "tutor/store.h"

#define TU_SIM_LEARNERS_MAX 1000000u
#define TU_SIM_DAYS_MAX 3650u
#define TU_SIM_THREADS_MAX 64u

/* Skill level: sets initial knowledge (docs/simulator.md, table 1). */
enum tu_sim_level {
	TU_SIM_BEGINNER = 0,
	TU_SIM_INTERMEDIATE,
	TU_SIM_ADVANCED
};
#define TU_SIM_LEVELS 3

/* Behavioural style (Pxplore's four personas): sets hint reliance,
 * consistency, session length, dropout and how closely the learner
 * follows the tutor's picks (docs/simulator.md, table 2). */
enum tu_sim_style {
	TU_SIM_MOMENTUM = 0,
	TU_SIM_CONSOLIDATOR,
	TU_SIM_EXPLORER,
	TU_SIM_STRUGGLER
};
#define TU_SIM_STYLES 4

/* "beginner", ...; "momentum", ...  Static; "?" when out of range. */
const char *tu_sim_level_name(enum tu_sim_level l);
const char *tu_sim_style_name(enum tu_sim_style s);
/* Parses a name; false when unknown. */
bool tu_sim_level_parse(const char *s, enum tu_sim_level *out);
bool tu_sim_style_parse(const char *s, enum tu_sim_style *out);

/* Beta(a, b), a > 0, b > 0. */
struct tu_beta {
	double a, b;
};

/* Distributions of one topic's BKT parameters.  forget is per idle day. */
struct tu_sim_priors {
	struct tu_beta prior, learn, guess, slip, forget;
	uint32_t n_skills;           /* skills the fit used (0: built-in) */
	char source[128];            /* where they came from */
};

/*
 * The built-in priors: fitted (tu_sim_priors_from_bkt) on the
 * ASSISTments 2009 training log's bkt-forgets parameters; the test
 * sim_priors_current re-derives them from ../shared/data when present.
 */
void tu_sim_priors_default(struct tu_sim_priors *p);

/*
 * Fits the five Beta distributions by the method of moments, weighted by
 * each skill's n_rows, over the skills of a `tutor fit bkt-forgets` (or
 * bkt: forget then keeps the built-in distribution) JSON document that
 * converged and have guess + slip < 1.  Values are clamped to
 * [1e-4, 1 - 1e-4] first.  TU_EPARSE (not JSON, with line and column),
 * TU_EDATA (not a tutor-bkt document, a field missing or out of [0,1],
 * fewer than 5 usable skills), TU_ERANGE (len > 16 MiB).  *p unchanged on
 * error.  source is set to `name`.
 */
enum tu_status tu_sim_priors_from_bkt(const char *json, size_t len,
				      const char *name,
				      struct tu_sim_priors *p,
				      struct tu_err *err);

/* Mean of a Beta distribution, a / (a + b).  (tu_beta_mean in
 * tutor/mastery.h takes the two numbers.) */
double tu_sim_beta_mean(struct tu_beta b);

/* Which agents to switch off and which picking policy the tutor uses are
 * in the tutor's own struct tu_agent_config (disabled, curator.policy);
 * the simulator's configuration is about the learners. */
struct tu_sim_config {
	uint32_t learners;           /* cohort size, 1..TU_SIM_LEARNERS_MAX: 100 */
	uint32_t days;               /* simulated days, 1..TU_SIM_DAYS_MAX: 30 */
	uint64_t seed;               /* 1 */
	int64_t start;               /* Unix seconds of day 0, 00:00 UTC:
					1767225600 (2026-01-01) */
	unsigned threads;            /* 1..TU_SIM_THREADS_MAX: 1 */
	double level_mix[TU_SIM_LEVELS];  /* shares, sum 1: .4 .4 .2 */
	double style_mix[TU_SIM_STYLES];  /* shares, sum 1: .25 each */
	bool hints;                  /* learners may ask for hints: true */
	uint32_t max_attempts;       /* per problem before giving up, 1..10: 3 */
	uint32_t session_k;          /* picks asked per session check, 1..10: 3 */
	double holdout;              /* share of each topic's problems held
					out of the course for the post-test,
					[0, 0.5]: 0.2 (at least one per topic
					with 3 or more problems) */
	double prereq_gate;          /* learning multiplier per unknown
					prerequisite, [0,1]: 0.25 */
	double hint_success[5];      /* attempt success: p + (1-p) * b * h[L-1],
					each in [0,1]: .10 .20 .35 .55 .80 */
	double hint_learn[5];        /* learning multiplier at level L, in
					[0,3]: 1.15 1.25 1.20 .90 .60 */
	double forget_scale;         /* multiplies drawn forget rates, >= 0: 0.3 */
	double drop_base;            /* dropout chance per session, [0,1]: .01 */
	double drop_per_fail;        /* + per consecutive given-up problem,
					[0,1]: .015 */
	double follow_break;         /* chance to take an easier item the
					engagement agent proposes, [0,1]: .7 */
	struct tu_sim_priors priors; /* tu_sim_priors_default */
	bool goals;                  /* each learner states goals after
					creation (docs/simulator.md "Goals"):
					false */
	uint64_t split_seed;         /* seed of the held-out split; 0: seed */
	uint32_t stream;             /* 0: the learner's own stream; k > 0:
					the same learners (same draw) living
					an independent trajectory k (GRPO
					groups) */
};

/* Fills c with the defaults listed above.  Cannot fail. */
void tu_sim_config_default(struct tu_sim_config *c);

/*
 * Checks every field's range (listed above), that each mix sums to 1
 * within 1e-6, and that the priors are valid Betas.  TU_EINVAL with a
 * message naming the field and the bad value: "sim: hint_success[2]: must
 * be in [0,1], got 1.5".
 */
enum tu_status tu_sim_config_validate(const struct tu_sim_config *c,
				      struct tu_err *err);

/*
 * Sets one field from text, as `--set key=value` and config files do:
 * learners, days, seed, threads, hints (true/false), max_attempts,
 * session_k, holdout, prereq_gate, forget_scale, drop_base,
 * drop_per_fail, follow_break, level_mix ("0.4,0.4,0.2"), style_mix (4
 * numbers), hint_success and hint_learn (5 numbers), level (one level
 * name: level_mix becomes 1 for it), style (one style name).  TU_EINVAL
 * for an unknown key, an unknown level or style name, a malformed number
 * or a value out of range (the message names the key); c unchanged then.
 */
enum tu_status tu_sim_config_set(struct tu_sim_config *c, const char *key,
				 const char *value, struct tu_err *err);

/* A decision hook for the path policies (tutor/agents.h,
 * TU_POLICY_RETRIEVAL / TU_POLICY_MODEL): called at every decision with
 * the candidates and the oracle's score of each, computed from the
 * simulated learner's true knowledge (docs/policy.md "Oracle"); it sets
 * *chosen.  With threads > 1 it is called from several threads at once
 * (each call names its learner). */
struct tu_sim_hook {
	enum tu_status (*choose)(void *ud, uint32_t learner,
				 const struct tu_path_choice *c,
				 const double *oracle, size_t *chosen,
				 struct tu_err *err);
	void *ud;
};

/* tu_sim_config_set on "KEY=VALUE" text (the --set options); TU_EINVAL
 * when there is no '=' or no key as well. */
enum tu_status tu_sim_config_set_pair(struct tu_sim_config *c, const char *kv,
				      struct tu_err *err);

/* One simulated learner's outcome. */
struct tu_sim_learner {
	uint32_t index;
	enum tu_sim_level level;
	enum tu_sim_style style;
	double true_pre, true_post;   /* share of topics known, start / end */
	double held_pre, held_post;   /* expected success on the held-out
					 problems, start / end */
	double est_pre, est_post;     /* tutor's mean topic mastery (unseen
					 topics count 0), after creation /
					 at the end */
	uint32_t active_days;
	uint32_t dropped_day;         /* day of dropout, UINT32_MAX: never */
	uint32_t mastery_day;         /* first day whose end has true share
					 >= 0.7, UINT32_MAX: never */
	double minutes;               /* time on task */
	uint32_t problems;            /* problems worked (first attempts) */
	uint32_t solved;              /* of them, solved */
	uint32_t attempts, attempts_ok;  /* submissions, accepted ones */
	uint32_t hinted, hinted_solved;  /* problems with >= 1 hint, solved */
	uint32_t hints;               /* hint requests answered */
	double hint_level_sum;        /* sum of the levels received */
	uint32_t reviews, reviews_ok; /* review problems worked, solved first
					 try */
	uint64_t events;              /* orchestrator events sent */
	uint32_t goals, goals_aligned;  /* goal components with a metric, and
					   aligned at the end */
	double goal_reward;           /* sum of the profiler's goal_reward */
};

/* One prediction the tutor made before an outcome the simulator drew. */
struct tu_sim_pred {
	double p;                     /* the tutor's prediction */
	double truth;                 /* the simulator's true success chance */
	uint8_t y;                    /* the outcome: 1 success */
};

struct tu_sim_result {
	uint32_t n_learners, days;
	struct tu_sim_learner *learners;      /* n_learners */
	size_t n_topics;
	char (*topics)[TU_ID_MAX];            /* the course's topic ids */
	uint32_t *topic_attempts;             /* n_learners x n_topics:
						 submissions touching topic */
	double *true_by_day;                  /* n_learners x (days + 1): true
						 share known at each day's
						 start, then at the end */
	struct tu_sim_pred *mastery;          /* first attempts: p = tutor's
						 item proficiency before it */
	size_t n_mastery;
	struct tu_sim_pred *recall;           /* review attempts: p = tutor's
						 predicted recall then */
	size_t n_recall;
	size_t n_held;                        /* held-out problems */
	uint64_t events;                      /* all learners */
};

void tu_sim_result_init(struct tu_sim_result *r);
void tu_sim_result_release(struct tu_sim_result *r);

/*
 * Runs cfg->learners simulated learners for cfg->days days against the
 * orchestrator with agent configuration tutor (NULL: defaults) on
 * course (borrowed; its problems are split into practice and held-out
 * by cfg->holdout, the practice ones forming the tutor's course).  With
 * store non-NULL every event goes through tu_orch_handle on it (learners
 * "sim-<seed>-<index>" are created in it; threads must be 1); otherwise
 * through tu_orch_step in memory, on cfg->threads threads.  progress
 * (may be NULL) is told the learners done.  *out (initialised) receives
 * the results, learners in index order.  Errors: TU_EINVAL (bad config,
 * a course with no problems), TU_EINTERNAL / TU_EIO / ... from the
 * orchestrator (the message names the learner and day); *out is then
 * left empty.
 */
enum tu_status tu_sim_run(const struct tu_course *course,
			  const struct tu_agent_config *tutor,
			  const struct tu_sim_config *cfg,
			  struct tu_store *store,
			  const struct tu_progress *progress,
			  struct tu_sim_result *out, struct tu_err *err);

/*
 * A prepared world: the course's practice part (the course minus the
 * held-out problems of cfg's split), its retrieval index, the topic
 * order; for many runs on the same split (training) without reloading the
 * course.  *out is new (tu_sim_world_free); course is borrowed and must
 * outlive it.  Errors as tu_sim_run.
 */
struct tu_sim_world;
enum tu_status tu_sim_world_new(const struct tu_course *course,
				const struct tu_sim_config *cfg,
				struct tu_sim_world **out, struct tu_err *err);
void tu_sim_world_free(struct tu_sim_world *w);

/* tu_sim_run_hooked on a prepared world; cfg must have the world's split
 * (holdout and split seed; TU_EINVAL otherwise).  One run at a time per
 * world. */
enum tu_status tu_sim_run_world(struct tu_sim_world *world,
				const struct tu_agent_config *tutor,
				const struct tu_sim_config *cfg,
				struct tu_store *store,
				const struct tu_sim_hook *hook,
				const struct tu_progress *progress,
				struct tu_sim_result *out, struct tu_err *err);

/*
 * tu_sim_run with a decision hook (NULL: none; then identical to
 * tu_sim_run).  The hook replaces tutor->path.choose for the run.
 */
enum tu_status tu_sim_run_hooked(const struct tu_course *course,
				 const struct tu_agent_config *tutor,
				 const struct tu_sim_config *cfg,
				 struct tu_store *store,
				 const struct tu_sim_hook *hook,
				 const struct tu_progress *progress,
				 struct tu_sim_result *out,
				 struct tu_err *err);

#endif
