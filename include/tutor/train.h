/*
 * tutor/train.h - training the next-action policy (Pxplore's two stages,
 * docs/policy.md) against simulated learners (tutor/sim.h):
 *
 *   SFT   behaviour cloning: simulated learners are run with the oracle
 *         teacher choosing every next problem among retrieval's candidates
 *         (it sees the learner's true knowledge); the network learns to
 *         pick what the teacher picked (cross-entropy of the softmax).
 *   GRPO  group relative policy optimisation: for each simulated learner a
 *         group of G trajectories from the same start state, decisions
 *         sampled from the policy; reward = w_align x alignment reward (the
 *         profiler's goal_reward, summed) + w_gain x learning gain (true
 *         share of topics known, in percentage points); advantages
 *         normalised within the group; the clipped-ratio objective with a
 *         KL penalty toward the SFT policy; Adam.
 *
 * What it is not: the network (tutor/mlp.h), the features and the policy
 * at decision time (tutor/agents.h, src/agents/path.c), or any I/O (the
 * caller saves the model).  Deterministic by seed, on any number of
 * threads.
 *
 * Ownership: models are the caller's (initialised by it, filled here);
 * struct tu_train_log owns its arrays (tu_train_log_release).
 */
#ifndef TUTOR_TRAIN_H
#define TUTOR_TRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "tutor/agents.h"
#include "tutor/content.h"
#include "tutor/err.h"
#include "tutor/mlp.h"
#include "tutor/progress.h"
#include "tutor/sim.h"

struct tu_train_config {
	struct tu_sim_config sim;  /* base simulator settings; goals are
				      switched on, session_k 1 */
	uint64_t seed;             /* 1000; training seeds are seed + i, kept
				      apart from evaluation seeds 1..99 */
	uint32_t hidden[2];        /* two tanh layers: 32, 32 */
	/* SFT */
	uint32_t sft_learners;     /* 200 */
	uint32_t sft_days;         /* 30 */
	uint32_t sft_epochs;       /* 30 */
	uint32_t batch;            /* decisions per step, 64 */
	double sft_lr;             /* 3e-3 */
	/* GRPO */
	uint32_t grpo_iters;       /* 30 */
	uint32_t grpo_learners;    /* learners per iteration, 128 */
	uint32_t group;            /* G trajectories per learner, 8 */
	uint32_t horizon_days;     /* days per trajectory, 10 */
	uint32_t grpo_epochs;      /* passes over one iteration's data, 2 */
	double grpo_lr;            /* 3e-3 */
	double clip_eps;           /* 0.2 */
	double kl_beta;            /* 0.01 */
	double temperature;        /* sampling temperature, 1 */
	double w_align;            /* 1 */
	double w_gain;             /* 1 (per percentage point) */
	unsigned threads;          /* 1 */
};

/* Fills c with the defaults above.  Cannot fail. */
void tu_train_config_default(struct tu_train_config *c);
/* Checks the ranges (TU_EINVAL naming the field). */
enum tu_status tu_train_config_validate(const struct tu_train_config *c,
					struct tu_err *err);

/* What training did, for the progress plot and the report. */
struct tu_train_log {
	size_t sft_decisions;         /* demonstrations collected */
	double *sft_loss;             /* per epoch: mean cross-entropy */
	double *sft_acc;              /* per epoch: share matching the oracle */
	size_t n_sft;
	double *grpo_reward;          /* per iteration: mean trajectory reward */
	double *grpo_align;           /* per iteration: mean alignment reward */
	double *grpo_gain;            /* per iteration: mean gain (pp) */
	double *grpo_kl;              /* per iteration: mean KL to SFT */
	size_t n_grpo;
	uint64_t trajectories;        /* GRPO trajectories simulated */
	uint64_t decisions;           /* GRPO decisions taken */
};

void tu_train_log_init(struct tu_train_log *l);
void tu_train_log_release(struct tu_train_log *l);

/*
 * Stage 1: collects demonstrations with the oracle on cfg->sft_learners
 * simulated learners and fits *model (initialised; created here with
 * TU_PATH_FEATURES inputs and cfg->hidden) by cross-entropy.  tutor is
 * the base agent config (its policy is set to model here).  Errors: bad
 * config (TU_EINVAL), the simulator's errors.
 */
enum tu_status tu_train_sft(const struct tu_course *course,
			    const struct tu_agent_config *tutor,
			    const struct tu_train_config *cfg,
			    struct tu_mlp *model, struct tu_train_log *log,
			    const struct tu_progress *progress,
			    struct tu_err *err);

/*
 * Stage 2: GRPO from *policy (in: the SFT model; out: the improved one),
 * with ref (the SFT model, unchanged) for the KL penalty.
 */
enum tu_status tu_train_grpo(const struct tu_course *course,
			     const struct tu_agent_config *tutor,
			     const struct tu_train_config *cfg,
			     const struct tu_mlp *ref, struct tu_mlp *policy,
			     struct tu_train_log *log,
			     const struct tu_progress *progress,
			     struct tu_err *err);

/*
 * The group-relative advantages of one group: a[i] = (r[i] - mean) /
 * (std + 1e-8), std the population standard deviation; all 0 when the
 * rewards are equal.  n >= 1.
 */
void tu_train_advantages(const double *r, size_t n, double *a);

#endif
