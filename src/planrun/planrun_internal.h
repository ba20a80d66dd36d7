/*
 * planrun_internal.h - what the files of src/planrun share: the kind of
 * each step, recording one "plan" record through the orchestrator,
 * applying a record to a session (the replay), the automatic steps' work
 * and bounded text helpers.  Not a public interface (tutor/plan_run.h is).
 */
#ifndef TUTOR_PLANRUN_INTERNAL_H
#define TUTOR_PLANRUN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tutor/assist.h"
#include "tutor/plan_run.h"

/* What a step is to the runner (tutor/plan_run.h "Steps, by kind"). */
enum pr_kind {
	PR_TURN,          /* learner-facing, answered with text */
	PR_CODE_TURN,     /* learner-facing, answered with code */
	PR_JUDGE,         /* CodeInterpreterTool */
	PR_SEARCH,        /* CodeDocsSearchTool, RAG */
	PR_TEXT           /* any other automatic step */
};

/* The kind of step i of s's plan. */
enum pr_kind pr_kind(const struct tu_plan_session *s, size_t i);
/* "turn", "code_turn", "judge", "search", "text". */
const char *pr_kind_name(enum pr_kind k);

/* The result of one step, before it is recorded. */
struct pr_done {
	struct tu_plan_exec_flag flags[TU_PLAN_EXEC_FLAGS_MAX];
	size_t n_flags;
	char *output;                  /* owned; may be NULL (none) */
};

void pr_done_release(struct pr_done *d);
/* Appends flag name=value (cut to the buffers); ignored when full. */
void pr_done_flag(struct pr_done *d, const char *name, const char *value);

/*
 * Runs automatic step i (not a turn) of s and fills d (zeroed by the
 * caller): the judge's flags and summary, the course passages, or the
 * deterministic text.  Reads the store (a judge step's submission) and
 * the course; writes nothing.  TU_ENOMEM, the store's errors, TU_ECORRUPT
 * (a submission event that does not decode).
 */
enum tu_status pr_run_auto(const struct tu_plan_env *env,
			   const struct tu_plan_session *s, size_t i,
			   struct pr_done *d, struct tu_err *err);

/* A text step's text served ahead by a batch (tu_assist_plan_steps). */
struct pr_fetched {
	bool have;
	uint32_t iteration;            /* the iteration it was made for */
	struct tu_assist_result res;   /* owned: text, path, prompt, ... */
};

/* True when env->assist has an LLM: text steps are then served in
 * batches through it. */
bool pr_llm(const struct tu_plan_env *env);

/*
 * Serves every ready text step of s whose f[i] is empty (f has
 * plan.n_steps entries) with one tu_assist_plan_steps batch (now: the
 * budget day): each gets
 * the LLM's text or, when the LLM cannot serve, the deterministic text
 * pr_run_auto would give (res says which and why).  The learner's
 * persona and proficiency come from their snapshot (env->orch; without
 * one: none and 0).  Reads the store; writes nothing.  TU_ENOMEM,
 * TU_EINTERNAL (the assistant refused the input), the store's errors.
 */
enum tu_status pr_fetch_texts(const struct tu_plan_env *env,
			      const struct tu_plan_session *s, int64_t now,
			      struct pr_fetched *f, struct tu_err *err);

/*
 * Records step i of s as done in the current iteration with d's flags,
 * input (may be NULL) and submission seq (0 none) through the
 * orchestrator, then completes it in the executor and keeps input and
 * output in s->steps[i].  Nothing recorded on error.
 */
enum tu_status pr_record_step(const struct tu_plan_env *env,
			      struct tu_plan_session *s, size_t i,
			      const struct pr_done *d, const char *input,
			      int64_t submission, int64_t now,
			      struct tu_err *err);

/* Completes step i of s in the executor with record r's iteration and
 * flags, then keeps r's input, output and submission (time at) in
 * s->steps[i].  The executor's TU_EINVAL (s unchanged), TU_ENOMEM. */
enum tu_status pr_complete(struct tu_plan_session *s, size_t i,
			   const struct tu_ev_plan *r, int64_t at,
			   struct tu_err *err);

/*
 * Applies one decoded record of s's plan (event seq at time at) to s:
 * the start record sets the plan up, a step record completes its step,
 * the end record the status.  TU_ECORRUPT naming the seq when it does
 * not fit; TU_ENOMEM.
 */
enum tu_status pr_apply(struct tu_plan_session *s, const struct tu_ev_plan *r,
			uint64_t seq, int64_t at, struct tu_err *err);

/* Sets s up from a plan's compact JSON text (parse, executor, step
 * array); TU_EINVAL naming the first problem, TU_ENOMEM. */
enum tu_status pr_setup(struct tu_plan_session *s, const char *json,
			size_t len, struct tu_err *err);

/* Reads learner's event seq from store into ev (initialised): it must be
 * a "submission"; TU_ENOTFOUND otherwise, TU_ECORRUPT when it does not
 * decode. */
enum tu_status pr_read_submission(struct tu_store *store, const char *learner,
				  int64_t seq, struct tu_event_in *ev,
				  struct tu_err *err);

/* Copies src into dst[cap] cut at a UTF-8 character boundary. */
void pr_copy(char *dst, size_t cap, const char *src);
/* A new copy of src cut to max bytes at a character boundary; NULL on
 * ENOMEM (src NULL gives NULL too). */
char *pr_strndup_utf8(const char *src, size_t max);

/* A growable string with a hard cap (text past it is dropped at a
 * character boundary). */
struct pr_buf {
	char *s;
	size_t len, cap, max;
	bool oom;
};

void pr_buf_init(struct pr_buf *b, size_t max);
void pr_buf_put(struct pr_buf *b, const char *text);
void pr_buf_printf(struct pr_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends the first max_lines lines of text (each with its newline). */
void pr_buf_put_lines(struct pr_buf *b, const char *text, size_t max_lines);
/* Hands the text over (free()); NULL after an allocation failure. */
char *pr_buf_take(struct pr_buf *b);

#endif
