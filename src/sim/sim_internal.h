/*
 * sim_internal.h - the simulator's private types, shared by learner.c (the
 * learner model: pure), session.c (one learner's days through the
 * orchestrator) and run.c (the cohort, threads, results).
 *
 * Ownership: struct sim_world owns the practice course and its arrays and
 * borrows the caller's course and configurations; struct sim_learner owns
 * its topic array.
 */
#ifndef TUTOR_SIM_INTERNAL_H
#define TUTOR_SIM_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "tutor/orch.h"
#include "tutor/retrieval.h"
#include "tutor/rng.h"
#include "tutor/sim.h"

#define SIM_DAY_S 86400

/* A problem as the learner model sees it: topics as graph indices. */
struct sim_problem {
	const struct tu_course_problem *p;  /* borrowed from its course */
	uint32_t topic[TU_ITEM_TOPICS_MAX];
	uint32_t n_topics;
};

/* What every learner of a run shares, read-only during the run. */
struct sim_world {
	const struct tu_course *full;         /* the caller's, borrowed */
	struct tu_course practice;            /* full minus held-out, owned */
	const struct tu_sim_config *cfg;      /* borrowed */
	struct tu_agent_config tutor;         /* copy */
	size_t n_topics;                      /* full->graph.n_topics */
	uint32_t *topo;                       /* topics, prerequisites first */
	struct sim_problem *prac;             /* aligned with practice.problems */
	size_t n_prac;
	struct sim_problem *held;             /* the held-out problems */
	size_t n_held;
	enum tu_lang lang;                    /* the course's first language */
	struct tu_retr_index index;           /* practice problems, for the
						 path policies (else empty) */
	const struct tu_sim_hook *hook;       /* may be NULL */
};

struct sim_topic {
	double learn, guess, slip, forget;    /* drawn from the priors */
	bool known;
	int64_t last_day;                     /* last practice, -1: never */
};

/* Behavioural traits (docs/simulator.md table 2, with jitter). */
struct sim_traits {
	double consistency;      /* chance to practise on a day */
	double session_min;      /* minutes per session */
	double hint_reliance;    /* chance to ask for a hint after a failure */
	double hint_benefit;     /* b in p + (1-p) b h[L] (by level) */
	double follow;           /* chance to take the tutor's pick */
	double drop_mult;        /* multiplies both dropout chances */
	double learn_mult;       /* multiplies learning chances */
	double speed;            /* multiplies solve times */
};

struct sim_learner {
	uint32_t index;
	enum tu_sim_level level;
	enum tu_sim_style style;
	struct tu_rng rng;
	struct sim_topic *t;                  /* n_topics, owned */
	struct sim_traits tr;
	uint32_t fail_streak;                 /* consecutive given-up problems */
	bool dropped;
};

/* ---- learner.c: the learner model (pure) -------------------------------- */

/* Draws learner index's persona, traits, parameters and initial
 * knowledge from w->cfg->seed; L->t is new.  TU_ENOMEM. */
enum tu_status tu__sim_learner_draw(const struct sim_world *w, uint32_t index,
				    struct sim_learner *L, struct tu_err *err);
void tu__sim_learner_release(struct sim_learner *L);

/* Chance that an attempt at sp succeeds with a hint of level (0: none). */
double tu__sim_success(const struct sim_world *w, const struct sim_learner *L,
		       const struct sim_problem *sp, uint32_t level);

/* One practice opportunity at sp on day: each unknown topic may be
 * learned (gated by prerequisites, scaled by the hint level and by
 * whether the attempt succeeded and feedback was seen); practised topics
 * are refreshed. */
void tu__sim_learn(const struct sim_world *w, struct sim_learner *L,
		   const struct sim_problem *sp, uint32_t level, bool ok,
		   bool feedback, int64_t day);

/* Idle forgetting at the start of day: each known topic not practised on
 * day - 1 or later is lost with its forget rate x forget_scale. */
void tu__sim_forget(const struct sim_world *w, struct sim_learner *L,
		    int64_t day);

/* Share of topics known; expected success (no hint) on the held-out
 * problems (0 when there are none). */
double tu__sim_true_share(const struct sim_world *w,
			  const struct sim_learner *L);
double tu__sim_held_success(const struct sim_world *w,
			    const struct sim_learner *L);

/* The oracle's value of working on sp next (docs/policy.md "Oracle"):
 * the expected number of topics learned from one attempt, from the
 * learner's true knowledge, x 1.5 for a topic of an unmet goal (goal_topic
 * may be NULL). */
double tu__sim_oracle(const struct sim_world *w, const struct sim_learner *L,
		      const struct sim_problem *sp,
		      bool (*goal_topic)(const void *ud, const char *topic),
		      const void *ud);

/* Minutes one attempt takes. */
double tu__sim_solve_min(const struct sim_world *w, struct sim_learner *L,
			 const struct sim_problem *sp);

/* A Beta(a, b) draw (Marsaglia-Tsang gamma ratios). */
double tu__sim_beta(struct tu_rng *rng, struct tu_beta b);

/* ---- session.c: one learner through the orchestrator -------------------- */

/* What the path-policy chooser of one worker thread needs. */
struct sim_chooser {
	const struct sim_world *w;
	struct sim_learner *L;                /* the learner being run */
};

/* The practice problem with this id, NULL when none. */
const struct sim_problem *tu__sim_problem(const struct sim_world *w,
					  const char *id);

/* The chooser installed in the tutor's config when w->hook is set. */
enum tu_status tu__sim_choose(void *ud, const struct tu_path_choice *c,
			      size_t *chosen, struct tu_err *err);

/* The orchestrator connection of one worker thread. */
struct sim_conn {
	struct tu_orch orch;
	struct tu_store *store;               /* NULL: in memory */
	struct tu_learner_state st;           /* the learner's current state */
	char id[TU_ID_MAX];
	json_t *out;                          /* outputs of the last event */
	uint64_t events;
	double goal_reward;                   /* summed from the outputs */
	struct sim_chooser chooser;
};

/* Simulates learner L for every day; fills *res, its row of topic
 * attempts (n_topics) and of true_by_day (days + 1), and appends
 * predictions to the two lists (grown with realloc). */
struct sim_preds {
	struct tu_sim_pred *v;
	size_t n, cap;
};

enum tu_status tu__sim_learner_run(const struct sim_world *w,
				   struct sim_conn *c, struct sim_learner *L,
				   struct tu_sim_learner *res,
				   uint32_t *topic_attempts,
				   double *true_by_day,
				   struct sim_preds *mastery,
				   struct sim_preds *recall,
				   struct tu_err *err);

#endif
