/*
 * api.h - the JSON API handlers (docs/api.md) and what the api_*.c files
 * share: the learner named in the path with its authorisation, the
 * calling thread's context, events through the orchestrator, request body
 * fields, and the text assistant's bookkeeping (who is asking, recording
 * what was shown as an "assist" event, the latest submitted code).
 *
 * Every state change goes through the orchestrator as an event, exactly
 * as the CLI does it (cli/loop.c): session_check, submission (after the
 * judge ran, jobs.h), hint_request, assist, goals_stated.  Handlers read
 * state through the orchestrator's loader and never write the store
 * directly, except the per-learner "current_item.<id>" setting the CLI
 * keeps too (the item the narrative calls "the last one").
 *
 * What it is not: sessions, accounts and cohorts are auth's (api_auth.c,
 * api_cohorts.c, declared in auth_internal.h); the pipeline around a
 * handler is dispatch.c's.
 *
 * Ownership: a handler borrows everything it is given for the call and
 * leaves resp with a status (always: a handler that leaves none is a bug).
 * Helpers that return int give 0 on success and -1 with resp set to the
 * error answer.
 */
#ifndef TUTOR_SERVER_API_H
#define TUTOR_SERVER_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "jobs.h"
#include "srv.h"
#include "tutor/assist.h"
#include "tutor/event.h"
#include "tutor/judge.h"
#include "tutor/learner.h"

#define TU_API_HANDLER(name)                                              \
	void name(struct tu_srv *s, const struct tu_http_req *req,        \
		  const struct tu_route_params *params,                   \
		  const struct tu_principal *who, const json_t *body,     \
		  struct tu_http_resp *resp)

/* ---- handlers ------------------------------------------------------------ */

/* (auth's handlers: auth_internal.h) */

/* api_course.c: GET /api/course, /api/problems, /api/problems/:id */
TU_API_HANDLER(tu_api_course);
TU_API_HANDLER(tu_api_problems);
TU_API_HANDLER(tu_api_problem);

/* api_learner.c: state, roadmap, next (preview), sessions, reviews */
TU_API_HANDLER(tu_api_learner_state);
TU_API_HANDLER(tu_api_learner_roadmap);
TU_API_HANDLER(tu_api_learner_next);
TU_API_HANDLER(tu_api_learner_session);
TU_API_HANDLER(tu_api_learner_reviews);

/* api_submissions.c: submit, status, server-sent events */
TU_API_HANDLER(tu_api_submit);
TU_API_HANDLER(tu_api_submission);
TU_API_HANDLER(tu_api_submission_events);

/* api_hints.c */
TU_API_HANDLER(tu_api_hint);

/* api_assist.c: ask the tutor, goals in the learner's words */
TU_API_HANDLER(tu_api_ask);
TU_API_HANDLER(tu_api_goals);

/* api_instructor.c: the learner's record (history, trajectory) */
TU_API_HANDLER(tu_api_learner_history);
TU_API_HANDLER(tu_api_learner_trajectory);

/* api_export.c */
TU_API_HANDLER(tu_api_learner_export);

/* api_profile.c: the learner's profile (tutor/profile.h) */
TU_API_HANDLER(tu_api_learner_profile);

/* api_plans.c: study plans run with the learner (tutor/plan_run.h) */
TU_API_HANDLER(tu_api_plan_create);
TU_API_HANDLER(tu_api_plan_list);
TU_API_HANDLER(tu_api_plan_get);
TU_API_HANDLER(tu_api_plan_turn);
TU_API_HANDLER(tu_api_plan_abandon);

/* ---- shared helpers (api_learner.c) -------------------------------------- */

/* The value of path parameter name, or NULL. */
const char *tu_api_param(const struct tu_route_params *p, const char *name);

/* The calling thread's context, or NULL with resp set to 503. */
struct tu_srv_ctx *tu_api_ctx(struct tu_srv *s, struct tu_http_resp *resp);

/*
 * The learner of the path parameter "id" when who may act on it (write:
 * the learner themself; read: also an instructor of one of its cohorts,
 * tu_authz_learner), copied into out[TU_ID_MAX]; -1 with resp set
 * (403/404) otherwise.
 */
int tu_api_learner(struct tu_srv *s, const struct tu_route_params *params,
		   const struct tu_principal *who, bool write,
		   char out[TU_ID_MAX], struct tu_http_resp *resp);

/* Loads learner's latest state into st (initialised); -1 with resp set
 * (404 for a learner with no state, 500 for a corrupt one). */
int tu_api_load_state(struct tu_srv_ctx *c, const char *learner,
		      struct tu_learner_state *st, struct tu_http_resp *resp);

/* resp = the error for a library status: 500 for TU_ECORRUPT and
 * TU_EINTERNAL (ours, not the caller's), else tu_http_error_status. */
void tu_api_status_error(struct tu_http_resp *resp, enum tu_status st,
			 const struct tu_err *err);

/* Runs ev for learner through the orchestrator (ev->at must be set);
 * -1 with resp set from the status on failure. */
int tu_api_event(struct tu_srv_ctx *c, const char *learner,
		 const struct tu_event_in *ev, struct tu_orch_result *res,
		 struct tu_http_resp *resp);

/* ---- idempotent requests (api_idem.c) ------------------------------------ */

#define TU_API_IDEM_KEY_MAX 64   /* bytes of an Idempotency-Key */

/* The request's Idempotency-Key header into key[TU_API_IDEM_KEY_MAX + 1]
 * ("" when absent): 1..64 bytes of [A-Za-z0-9_.:-].  -1 with resp set
 * to 400 for a malformed one. */
int tu_api_idem_key(const struct tu_http_req *req,
		    char key[TU_API_IDEM_KEY_MAX + 1],
		    struct tu_http_resp *resp);

/* Parses outputs (the orchestrator's JSON); NULL when it does not parse. */
json_t *tu_api_outputs(const struct tu_orch_result *res);

/* The per-learner setting key ("current_item") of learner: get (0 and
 * buf filled, -1 when unset) and set (failures ignored: a convenience). */
int tu_api_setting_get(struct tu_srv_ctx *c, const char *key,
		       const char *learner, char *buf, size_t cap);
void tu_api_setting_set(struct tu_srv_ctx *c, const char *key,
			const char *learner, const char *val);

/*
 * A string field of the JSON body: copied into dst[cap] (NUL included),
 * required or optional (absent: dst = "", 0).  -1 with resp 400 naming
 * the field when it is missing, not a string, empty while required,
 * cap-1 bytes or longer, or holds control characters other than tab and
 * newline (allow_nl) / none (ids).
 */
int tu_api_body_str(const json_t *body, const char *key, bool required,
		    bool allow_nl, char *dst, size_t cap,
		    struct tu_http_resp *resp);

/* -1 with resp 400 when body has a key not in the NULL-terminated list. */
int tu_api_body_keys(const json_t *body, const char *const *keys,
		     struct tu_http_resp *resp);

/* The problem id in item (a body field) when the course has it, else -1
 * with resp 404. */
const struct tu_course_problem *tu_api_problem_find(struct tu_srv *s,
						    const char *item,
						    struct tu_http_resp *resp);

/* Unix seconds as an ISO 8601 UTC string ("2026-11-22T14:05:00Z") or
 * JSON null for TU_TIME_NONE. */
json_t *tu_api_time(int64_t t);

/* ---- the text assistant (api_assist.c) ----------------------------------- */

/* who for learner at now, the persona from st, the proficiency on p (NULL:
 * the mean mastery of the learner's topics) - as the CLI computes it. */
void tu_api_who(const char *learner, int64_t now,
		const struct tu_learner_state *st,
		const struct tu_course_problem *p, struct tu_assist_who *who);

/* "json_schema", ..., or "fallback: <reason>" into buf[cap]. */
void tu_api_served_by(const struct tu_assist_result *r, char *buf,
		      size_t cap);

/*
 * Redacts the configured API key from r->text, then records r as an
 * "assist" event of use on item ("" none) at now.  The orchestrator's
 * status with err on failure (the text is not shown then: what is shown
 * is recorded).
 */
enum tu_status tu_api_assist_log(struct tu_srv *s, struct tu_srv_ctx *c,
				 const char *learner, enum tu_assist_use use,
				 const char *item, struct tu_assist_result *r,
				 int64_t now, struct tu_err *err);
/* tu_api_assist_log with a request id for the assist event (NULL or "":
 * none): a retry finds the first event and records nothing. */
enum tu_status tu_api_assist_log_rid(struct tu_srv *s, struct tu_srv_ctx *c,
				     const char *learner,
				     enum tu_assist_use use, const char *item,
				     struct tu_assist_result *r, int64_t now,
				     const char *request_id,
				     struct tu_err *err);
/* tu_api_assist_log with the error as resp: 0, or -1 with resp set. */
int tu_api_assist_record(struct tu_srv *s, struct tu_srv_ctx *c,
			 const char *learner, enum tu_assist_use use,
			 const char *item, struct tu_assist_result *r,
			 int64_t now, struct tu_http_resp *resp);

/* {text, served_by} of r (new). */
json_t *tu_api_shown(const struct tu_assist_result *r);

/* The learner's latest submission on an item: tu_orch_last_code
 * (tutor/orch.h). */

/* The language to talk about p in: the code's, else the learner's
 * preference, else whatever p offers. */
enum tu_lang tu_api_talk_lang(const struct tu_learner_state *st,
			      const struct tu_last_code *code,
			      const struct tu_course_problem *p);

/* ---- submissions: tu_api_submission_finish, the judge workers' hook, is
 * declared in jobs.h and defined in api_submissions.c. */

#endif
