/*
 * tutor/plan_run.h - runs a study plan with a learner (PersonalPlan's
 * executor, docs/plans.md "Executor"): the state machine of
 * tutor/plan_exec.h plus the work of each step and its record in the
 * event log through the orchestrator (the single writer), so that a plan
 * resumes after a restart: opening a plan replays its "plan" events.
 *
 * Steps, by kind:
 *   learner-facing (requires_human_input)  a tutoring turn: the runner
 *       shows the step's text (tu_plan_turn_text) and waits for
 *       tu_plan_answer.  A turn that a CodeInterpreterTool step depends on
 *       is a code turn: the answer is code (judged through env->judge and
 *       recorded as a real "submission" event of the plan's item, so the
 *       learner model learns from it) or the seq of a submission event
 *       already recorded (the web UI submits through the submissions API);
 *   CodeInterpreterTool ("judge")  reads the submission of the code turn
 *       it depends on and sets flags passed ("true"/"false") and verdict;
 *       output: tests passed and the first failing public test;
 *   CodeDocsSearchTool / RAG ("course_search")  retrieval over the
 *       course (tutor/retrieval.h) with the plan's query and the step's
 *       objective; output: the top passages (title and first lines);
 *   any other automatic step (no tool, or a tool tutor does not have)
 *       text: the LLM when env->assist has one (independent steps in
 *       parallel), else a deterministic message built from the step's
 *       instruction and the outputs of the steps it depends on.  Text
 *       shown to a learner never reveals the item's solution
 *       (tu_assist_reveals).
 *   Each completed step is one "plan" step event; a plan starts with a
 *   start event (the plan itself, the practice item, the planner) and a
 *   finished plan gets an end event ("completed"; "abandoned" on request).
 *
 * Time comes in as arguments.  Ownership: a struct tu_plan_session owns
 * its plan, executor and step texts (tu_plan_session_release); env's
 * members are borrowed.  An open session must not be moved (memcpy'd):
 * its executor points at its plan.  Not thread-safe: one session per
 * thread.  Two processes advancing the same plan at once are not
 * detected: each would record its own steps (the CLI and the server each
 * run a learner's plan in one place).
 */
#ifndef TUTOR_PLAN_RUN_H
#define TUTOR_PLAN_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "tutor/content.h"
#include "tutor/err.h"
#include "tutor/event.h"
#include "tutor/judge.h"
#include "tutor/learner.h"
#include "tutor/plan.h"
#include "tutor/plan_exec.h"

struct tu_orch;
struct tu_store;
struct tu_assist;

#define TU_PLAN_RUN_PLANS_MAX 256   /* plans listed per learner */

/* Judges code for problem p (the CLI: tu_judge_submit; tests: a fake).
 * Fills res (the caller releases it).  A non-OK status is reported as
 * the turn's error and nothing is recorded. */
typedef enum tu_status (*tu_plan_judge_fn)(void *ctx,
					   const struct tu_course_problem *p,
					   enum tu_lang lang, const char *code,
					   size_t len,
					   struct tu_judge_result *res,
					   struct tu_err *err);

struct tu_plan_env {
	struct tu_orch *orch;          /* writes every event */
	struct tu_store *store;        /* the orchestrator's store: reads */
	const struct tu_course *course;
	tu_plan_judge_fn judge;        /* NULL: code answers are refused
					  (TU_EUNAVAIL); submission seqs work */
	void *judge_ctx;
	struct tu_assist *assist;      /* NULL: deterministic text only */
};

/* What the runner keeps per step besides the executor's state. */
struct tu_plan_session_step {
	char *input;                   /* the learner's answer; NULL none */
	char *output;                  /* what the step produced; NULL none */
	int64_t submission;            /* seq of a code turn's submission */
	int64_t at;                    /* when it completed; 0 pending */
};

struct tu_plan_session {
	char learner[TU_ID_MAX];
	char plan_id[TU_ID_MAX];
	char item[TU_ID_MAX];          /* the practice item, "" none */
	char planner[16];              /* "rules" or "llm" */
	char status[16];               /* "active", "completed", "abandoned" */
	int64_t started, ended;        /* Unix seconds; ended 0 while active */
	uint64_t start_seq;            /* seq of the start event */
	struct tu_plan plan;
	struct tu_plan_exec exec;
	struct tu_plan_session_step *steps;   /* plan.n_steps */
	const struct tu_course *course;        /* env's (borrowed) for the
						  turn texts; may be NULL */
	bool open;                     /* plan and exec are set up */
};

void tu_plan_session_init(struct tu_plan_session *s);
void tu_plan_session_release(struct tu_plan_session *s);

/*
 * Starts plan p (validated here: any error refuses it with TU_EINVAL
 * naming it) for learner: a new plan id ("plan-" and 16 hex digits of a
 * hash of learner, time and plan), the practice item (item, or when NULL
 * the course problem retrieval ranks first for the plan's query, "" when
 * the course has none), and the start event.  out (initialised) becomes
 * the open session.  planner: "rules" or "llm".  Errors as
 * tu_orch_handle's; nothing is recorded on error.
 */
enum tu_status tu_plan_start(const struct tu_plan_env *env,
			     const char *learner, const struct tu_plan *p,
			     const char *item, const char *planner,
			     int64_t now, struct tu_plan_session *out,
			     struct tu_err *err);

/*
 * Opens learner's plan plan_id by replaying its events: TU_ENOTFOUND when
 * there is no such plan, TU_ECORRUPT when a record does not fit the plan
 * (names the event seq and why).  out (initialised) becomes the session.
 */
enum tu_status tu_plan_open(const struct tu_plan_env *env,
			    const char *learner, const char *plan_id,
			    struct tu_plan_session *out, struct tu_err *err);

#define TU_PLAN_PROFILE_TAGS 6      /* tags taken from a learner state */

/* The learner's side of a plan request (struct tu_plan_request), from
 * the learner's state; owns its strings. */
struct tu_plan_profile {
	char tags[TU_PLAN_PROFILE_TAGS][TU_ID_MAX];
	const char *tag_ptrs[TU_PLAN_PROFILE_TAGS];   /* into tags */
	size_t n_tags;
	enum tu_plan_level level;
	const char *persona;           /* static name, NULL for none */
};

/*
 * Fills out from st: tags = the preferred programming language first
 * (what the learner works in: the planner's technology when the question
 * names none), then the practised topics, best mastery first (ties in
 * state order), up to TU_PLAN_PROFILE_TAGS in all; level = the stated
 * skill level, else by the mean mastery of the practised topics (< 0.4
 * beginner, < 0.75 intermediate, else advanced; unknown with none);
 * persona = the state's.  Pure.  out must not be moved while tag_ptrs
 * is used.
 */
void tu_plan_profile_of(const struct tu_learner_state *st,
			struct tu_plan_profile *out);

/* Copies p's tags, level and persona into rq (borrows p). */
void tu_plan_profile_apply(const struct tu_plan_profile *p,
			   struct tu_plan_request *rq);

/* One line of a learner's plan list. */
struct tu_plan_summary {
	char plan_id[TU_ID_MAX];
	char query[160];               /* the plan's question, cut */
	char status[16];
	int64_t started, ended;
	size_t steps, resolved;
};

/* The learner's plans, oldest first (at most TU_PLAN_RUN_PLANS_MAX);
 * *out is new (free()), *n their count. */
enum tu_status tu_plan_list(struct tu_store *store, const char *learner,
			    struct tu_plan_summary **out, size_t *n,
			    struct tu_err *err);

/*
 * Runs every ready automatic step (recording each) until the next
 * learner turn or the end; at the end records the end event
 * ("completed").  *turn (may be NULL) gets the step index of the next
 * turn or SIZE_MAX.  A plan already ended: TU_OK, nothing done.
 */
enum tu_status tu_plan_advance(const struct tu_plan_env *env,
			       struct tu_plan_session *s, int64_t now,
			       size_t *turn, struct tu_err *err);

/* True when step i is a code turn (a CodeInterpreterTool step depends on
 * it directly). */
bool tu_plan_wants_code(const struct tu_plan_session *s, size_t i);

/* What the tutor shows for turn i (new string, free(); NULL on ENOMEM):
 * the step's instruction addressed to the learner, the outputs it
 * builds on (a retrieved passage, the judge's result) and, for a code
 * turn, the item to solve. */
char *tu_plan_turn_text(const struct tu_plan_session *s, size_t i);

struct tu_plan_answer {
	const char *text;              /* a text turn's answer (UTF-8,
					  <= TU_EVENT_TEXT_MAX bytes) */
	const char *code;              /* a code turn: code ... */
	size_t code_len;
	enum tu_lang lang;
	int64_t submission;            /* ... or the seq of a submission
					  event of the plan's item, after
					  the plan started; 0 none */
};

/*
 * The learner's answer to turn step_id: TU_EINVAL when it is not the
 * current turn (names the turn that is), or the answer does not fit the
 * turn (code or submission for a code turn, text otherwise; a text
 * answer is non-blank UTF-8 of at most TU_EVENT_TEXT_MAX bytes; a
 * submission must be the learner's, of the plan's item, made after the
 * start, and not the one the step already had); then records it (for
 * code: the judge runs, an IE verdict is TU_EUNAVAIL; the submission
 * event, then the step) and advances (tu_plan_advance).  Nothing is
 * recorded when the answer is refused; an error of the advance after a
 * recorded answer is returned as it is (the answer stays recorded, a
 * later tu_plan_advance goes on).
 */
enum tu_status tu_plan_answer(const struct tu_plan_env *env,
			      struct tu_plan_session *s, const char *step_id,
			      const struct tu_plan_answer *a, int64_t now,
			      size_t *turn, struct tu_err *err);

/* Records the end event "abandoned" (an active plan only). */
enum tu_status tu_plan_abandon(const struct tu_plan_env *env,
			       struct tu_plan_session *s, int64_t now,
			       struct tu_err *err);

/*
 * The session as JSON for the API, `--json` and the web view: plan_id,
 * status, item, planner, started/ended, the plan ({input, output}), and
 * "steps": one object per step in execution order {id, subtask, agent,
 * objective, kind ("turn", "code_turn", "judge", "search", "text"),
 * status, iteration, loop (index or null), depends_on, flags, input,
 * output, submission}, "loops": [{steps, condition, iteration,
 * max_iterations, state}], "turn": the current turn {id, text, code} or
 * null, "progress": {resolved, steps}.  NULL on ENOMEM.
 */
json_t *tu_plan_session_json(const struct tu_plan_session *s);

#endif
