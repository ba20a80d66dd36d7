/*
 * internal.h - helpers the six agents share (the .c files of src/agents);
 * not part of the public API (tutor/agents.h).
 *
 * What is here: the checks every agent makes on its event (type, item,
 * submission fields), course look-ups with the house error message, the
 * facts several agents derive from one submission (failure type, summary,
 * solve time), and small JSON builders that turn an allocation failure
 * into one flag the agent checks once (TU_ENOMEM).  No state, no I/O.
 */
#ifndef TUTOR_AGENTS_INTERNAL_H
#define TUTOR_AGENTS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tutor/agents.h"

#define TU__DAY_S 86400
#define TU__SUMMARY_MAX 512

/* ---- events and the course ---------------------------------------------- */

/* TU_EINVAL "<agent>: does not handle '<type>' events". */
enum tu_status tu__agent_refuse(const char *agent, enum tu_event_type t,
				struct tu_err *err);

/* Checks an item id from an event: non-empty, NUL-terminated inside
 * TU_ID_MAX bytes.  TU_EINVAL naming the agent otherwise. */
enum tu_status tu__agent_item_check(const char *agent, const char *item,
				    struct tu_err *err);

/* Checks a submission event's fields (verdict not IE, passed <= total,
 * list sizes, NUL-terminated strings).  TU_EINVAL naming the agent. */
enum tu_status tu__agent_sub_check(const char *agent,
				   const struct tu_ev_submission *s,
				   struct tu_err *err);

/* The course problem item, or TU_ENOTFOUND "<agent>: no problem 'x' in
 * course 'id'". */
enum tu_status tu__agent_problem(const struct tu_agent_ctx *ctx,
				 const char *agent, const char *item,
				 const struct tu_course_problem **out,
				 struct tu_err *err);

/* ---- facts of one submission -------------------------------------------- */

/* Failure type of a verdict: AC none, CE syntax, RE/SV runtime, WA wrong,
 * TLE/MLE/OLE timeout. */
enum tu_failure tu__failure_of(enum tu_verdict v);

/* Fills list up to k seats with frontier items (src/agents/frontier.c):
 * gated problems whose prerequisites are closest to mastered. */
/* The 40/50/10 curator's k picks (with the frontier fill) whatever the
 * configured policy: the path policies add them to their candidates. */
enum tu_status tu__curator_candidates(const struct tu_agent_ctx *ctx,
				      const struct tu_learner_state *st,
				      size_t k, struct tu_pick_list *list,
				      struct tu_err *err);

/* The path policies (retrieval, model: path.c) into *list (empty). */
enum tu_status tu__pick_path(const struct tu_agent_ctx *ctx,
			     const struct tu_learner_state *st, size_t k,
			     struct tu_pick_list *list, struct tu_err *err);

/* Picks k problems by ctx->cfg->policy when it is not the curator's
 * (random or linear, policy.c) into *list (emptied first). */
enum tu_status tu__pick_policy(const struct tu_agent_ctx *ctx,
			       const struct tu_learner_state *st, size_t k,
			       struct tu_pick_list *list, struct tu_err *err);

enum tu_status tu__frontier_fill(const struct tu_agent_ctx *ctx,
				 const struct tu_learner_state *st, size_t k,
				 struct tu_pick_list *list, struct tu_err *err);

/* "3 of 5 tests passed; first failure 'empty': expected 0, got None"
 * (docs/agents.md 1), truncated to cap bytes. */
void tu__summary(const struct tu_ev_submission *s, char *buf, size_t cap);

/* Seconds of the attempt that this submission ends: now - opened of the
 * item in `in` when opened is set and earlier than now, else -1
 * (unknown).  A zero-length attempt counts as unknown: it is what an
 * agent sees when skill assessment already reopened the item at now.
 * So is one longer than TU__SOLVE_MAX_S: a problem offered hours or days
 * before it was attempted says nothing about how long the attempt took
 * (the learner was away), and would read as extreme slowness. */
#define TU__SOLVE_MAX_S (3 * 3600)
double tu__solve_s(const struct tu_learner_state *in, const char *item,
		   int64_t now);

/* Expected seconds of a problem (expected_min * 60; 0 when unknown). */
double tu__expected_s(const struct tu_course_problem *p);

/* The engagement config with the learner's UTC offset. */
void tu__engage_cfg(const struct tu_agent_config *cfg,
		    const struct tu_learner_state *st,
		    struct tu_engage_config *out);

/* ---- JSON building: a failed step clears *ok -------------------------- */

/* Sets o[key] = v (taken; NULL clears *ok). */
void tu__put(json_t *o, const char *key, json_t *v, bool *ok);
/* Appends v (taken; NULL clears *ok) to the array a. */
void tu__push(json_t *a, json_t *v, bool *ok);
/* A JSON string of s; bytes that are not valid UTF-8 become '?'. */
json_t *tu__str(const char *s);
/* A JSON real; a non-finite value is null. */
json_t *tu__real(double v);
/* A time: an integer, or null for TU_TIME_NONE. */
json_t *tu__time(int64_t t);
/* TU_ENOMEM "<agent>: out of memory building the outputs". */
enum tu_status tu__nomem(const char *agent, struct tu_err *err);

/* Adds a reason under "<list>[<id>]". */
void tu__reason_id(struct tu_agent_out *out, const char *list,
		   const char *id, const char *text);

/* ---- a bounded text builder (feedback messages) ------------------------- */

struct tu__text {
	char *buf;      /* NUL-terminated, owned */
	size_t len, cap;
	bool failed;    /* an allocation failed; the text stops growing */
};

#define TU__TEXT_MAX (64u * 1024u)

void tu__text_init(struct tu__text *t);
void tu__text_release(struct tu__text *t);
/* Appends printf-style text; stops (truncating) at TU__TEXT_MAX bytes. */
void tu__text_add(struct tu__text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
