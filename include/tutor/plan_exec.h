/*
 * tutor/plan_exec.h - the executor's state machine for a study plan
 * (PersonalPlan, docs/plans.md "Executor"): which steps may run now,
 * what completing one does, loops and their conditions.  Pure: no I/O,
 * no clock, no LLM; the runner (tutor/plan_run.h) does the work of each
 * step and records it, and replaying the records through
 * tu_plan_exec_complete restores a run exactly.
 *
 * Semantics (a plan that passed tu_plan_validate without errors):
 *   - A step is READY when it is pending, every step it depends on is
 *     resolved (done or skipped), and
 *       * inside a loop: every earlier step of the loop is resolved in
 *         this iteration (a loop runs its steps in its order);
 *       * outside a loop: every loop holding a step it depends on has
 *         exited.
 *     Several steps may be ready at once (independent steps run in
 *     parallel; the runner asks the learner one turn at a time, the first
 *     ready learner-facing step in execution order).
 *   - Completing a step sets its flags ("passed" = "true", ...).
 *   - A loop's condition "<step>.<flag> == <value>" is true when that
 *     step's flag equals value (ASCII case-insensitive; a missing flag is
 *     false): true means "run again".  Right after the condition step
 *     completes, a false condition ends the loop: the loop's later steps
 *     of this iteration are skipped.  When the last step of an iteration
 *     completes with the condition true, the next iteration starts (the
 *     loop's steps are pending again) unless max_iterations is reached:
 *     then the loop exits "exhausted" and the steps after it run.
 *   - The run is finished when every step is resolved.
 *
 * Ownership: struct tu_plan_exec borrows the plan (it must outlive the
 * executor and not change) and owns its arrays (tu_plan_exec_release).
 */
#ifndef TUTOR_PLAN_EXEC_H
#define TUTOR_PLAN_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tutor/err.h"
#include "tutor/plan.h"

#define TU_PLAN_EXEC_FLAGS_MAX 4       /* flags kept per step */
#define TU_PLAN_EXEC_FLAG_NAME 32      /* bytes with the NUL */
#define TU_PLAN_EXEC_FLAG_VALUE 64

enum tu_plan_step_status {
	TU_PLAN_STEP_PENDING,
	TU_PLAN_STEP_DONE,
	TU_PLAN_STEP_SKIPPED
};

/* "pending", "done", "skipped"; "?" out of range. */
const char *tu_plan_step_status_name(enum tu_plan_step_status s);

struct tu_plan_exec_flag {
	char name[TU_PLAN_EXEC_FLAG_NAME];
	char value[TU_PLAN_EXEC_FLAG_VALUE];
};

/* How a loop ended (or that it has not). */
enum tu_plan_loop_state {
	TU_PLAN_LOOP_WAITING,          /* no step of it has run */
	TU_PLAN_LOOP_RUNNING,
	TU_PLAN_LOOP_DONE,             /* condition false: no more needed */
	TU_PLAN_LOOP_EXHAUSTED         /* max_iterations ran, still true */
};

const char *tu_plan_loop_state_name(enum tu_plan_loop_state s);

struct tu_plan_exec_step {
	enum tu_plan_step_status status;
	size_t loop;                   /* index into loops; SIZE_MAX: none */
	uint32_t iteration;            /* of its last completion (0: never) */
	struct tu_plan_exec_flag flags[TU_PLAN_EXEC_FLAGS_MAX];
	size_t n_flags;
};

struct tu_plan_exec_loop {
	size_t entry;                  /* index into plan->order */
	size_t *steps;                 /* step indices, in loop order */
	size_t n_steps;
	size_t cond_step;              /* step index of the condition */
	uint32_t iteration;            /* current, 1-based (0: waiting) */
	uint32_t max_iterations;
	enum tu_plan_loop_state state;
};

struct tu_plan_exec {
	const struct tu_plan *plan;    /* borrowed */
	struct tu_plan_exec_step *steps;   /* plan->n_steps */
	struct tu_plan_exec_loop *loops;
	size_t n_loops;
	size_t *order;                 /* step indices in execution order */
	size_t *deps;                  /* step i depends on deps[dep_off[i]
					  .. dep_off[i + 1]) */
	size_t *dep_off;               /* plan->n_steps + 1 */
	size_t resolved;               /* steps done or skipped */
};

/*
 * Sets x up for plan p (all steps pending).  p must pass tu_plan_validate
 * with no error: otherwise TU_EINVAL naming the first error ("plan:
 * $.output...: reason [P11]").  TU_ENOMEM.  On failure x is empty (safe
 * to release).
 */
enum tu_status tu_plan_exec_init(struct tu_plan_exec *x,
				 const struct tu_plan *p, struct tu_err *err);
void tu_plan_exec_release(struct tu_plan_exec *x);

/* The index of step id in x's plan; SIZE_MAX when there is none. */
size_t tu_plan_exec_find(const struct tu_plan_exec *x, const char *id);

/* Whether step i is ready now (see the semantics above). */
bool tu_plan_exec_is_ready(const struct tu_plan_exec *x, size_t i);

/* The ready steps, in execution order, into out[0..max); returns how
 * many are ready (may exceed max; only max are written). */
size_t tu_plan_exec_ready(const struct tu_plan_exec *x, size_t *out,
			  size_t max);

/* The first ready learner-facing step in execution order; SIZE_MAX when
 * none is ready. */
size_t tu_plan_exec_next_turn(const struct tu_plan_exec *x);

/* The iteration step i runs in if it runs now: its loop's current
 * iteration (at least 1), 1 outside loops. */
uint32_t tu_plan_exec_iteration(const struct tu_plan_exec *x, size_t i);

/*
 * Completes step i in iteration `iteration` with flags[0..n_flags) (at
 * most TU_PLAN_EXEC_FLAGS_MAX; names and values cut to their buffers),
 * then applies the loop rules.  TU_EINVAL (x unchanged) when i is not a
 * step, not ready, or iteration is not tu_plan_exec_iteration(x, i):
 * the message names the step and why.  Replaying a run's records in order
 * through this function gives back the same state.
 */
enum tu_status tu_plan_exec_complete(struct tu_plan_exec *x, size_t i,
				     uint32_t iteration,
				     const struct tu_plan_exec_flag *flags,
				     size_t n_flags, struct tu_err *err);

/* True when every step is done or skipped. */
bool tu_plan_exec_finished(const struct tu_plan_exec *x);

/* The value of flag name on step i ("" when unset; never NULL). */
const char *tu_plan_exec_flag_get(const struct tu_plan_exec *x, size_t i,
				  const char *name);

#endif
