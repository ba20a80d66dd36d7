/*
 * api_plans.c - study plans run with the learner (docs/api.md "Study
 * plans"; tutor/plan_run.h, docs/plans.md "Executor"):
 *
 *   POST /api/learners/:id/plans               {query, item?, about?, tags?}
 *        -> 201 the session (made by the deterministic planner, started,
 *           advanced to its first turn)
 *   GET  /api/learners/:id/plans               -> {plans: [summary]}
 *   GET  /api/learners/:id/plans/:pid          -> the session
 *   POST /api/learners/:id/plans/:pid/turn     {step, text} | {step, submission}
 *        -> the session after the answer
 *   POST /api/learners/:id/plans/:pid/abandon  -> the session, abandoned
 *
 * The session is tu_plan_session_json.  The plan request comes from the
 * learner's state as for `tutor plan run` (tu_plan_profile_of: the
 * preferred language, then the practised topics best mastery first; the
 * level; the persona).  The body's tags replace the state's; about is the
 * bio.
 *
 * Code turns: the server's plan environment has no judge (judge = NULL):
 * the web client submits code through the submissions API (POST
 * /api/learners/:id/submissions on the session's item), waits for the
 * result and posts its "seq" (the submission event) to the turn endpoint.
 *
 * Plan writes (start, turn, abandon) of one learner are serialised by a
 * striped mutex of this file: opening a plan, checking the turn and
 * recording it must not interleave with another request on the same plan
 * (the orchestrator's compare-and-set keeps the learner state whole, not
 * the order of a plan's steps).  Reads take no lock.
 *
 * What it is not: the runner (src/planrun/), the planner (src/plan/), or
 * judging (api_submissions.c, jobs.c).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "tutor/plan.h"
#include "tutor/plan_exec.h"
#include "tutor/plan_run.h"
#include "tutor/utf8.h"

#define PLAN_TEXT_MAX 2000      /* bytes of query and about */
#define PLAN_TAGS_MAX 16        /* tags in a body */

/* ---- the plan-write lock --------------------------------------------------- */

#define PLAN_LOCKS 8
static pthread_mutex_t plan_locks[PLAN_LOCKS] = {
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
};

/* The lock of learner's plans (FNV-1a of the id picks the stripe). */
static pthread_mutex_t *plan_lock(const char *learner)
{
	uint32_t h = 2166136261u;

	for (const unsigned char *p = (const unsigned char *)learner; *p; p++)
		h = (h ^ *p) * 16777619u;
	return &plan_locks[h % PLAN_LOCKS];
}

/* ---- shared pieces ------------------------------------------------------------ */

/* The runner's environment on this thread: no judge (code comes through
 * the submissions API), the thread's assistant. */
static void plan_env(struct tu_srv *s, struct tu_srv_ctx *c,
		     struct tu_plan_env *env)
{
	memset(env, 0, sizeof(*env));
	env->orch = &c->orch;
	env->store = c->store;
	env->course = &s->course;
	env->judge = NULL;
	env->judge_ctx = NULL;
	env->assist = c->assist;
}

/* resp = 200/201 with the session's JSON (500 when out of memory). */
static void session_answer(struct tu_http_resp *resp, int status,
			   const struct tu_plan_session *ps)
{
	json_t *o = tu_plan_session_json(ps);

	if (!o)
		tu_http_error(resp, 500, "internal", "plan %s: out of memory "
			      "building the answer", ps->plan_id);
	else
		tu_http_json(resp, status, o);
}

/* Opens the plan of path parameter "pid" into ps (initialised); -1 with
 * resp set (404 unknown plan, 500 a corrupt record). */
static int open_plan(const struct tu_plan_env *env, const char *learner,
		     const struct tu_route_params *params,
		     struct tu_plan_session *ps, struct tu_http_resp *resp)
{
	const char *pid = tu_api_param(params, "pid");
	struct tu_err err = TU_ERR_INIT;
	enum tu_status rc;

	if (!pid || strlen(pid) >= TU_ID_MAX) {
		tu_http_error(resp, 404, "not_found", "no plan '%s'",
			      pid ? pid : "");
		return -1;
	}
	rc = tu_plan_open(env, learner, pid, ps, &err);
	if (rc == TU_ENOTFOUND)
		tu_http_error(resp, 404, "not_found", "learner '%s' has no "
			      "plan '%s'", learner, pid);
	else if (rc)
		tu_api_status_error(resp, rc, &err);
	return rc ? -1 : 0;
}

/* -1 with resp 409 unless ps is active. */
static int plan_active(const struct tu_plan_session *ps,
		       struct tu_http_resp *resp)
{
	if (strcmp(ps->status, "active") == 0)
		return 0;
	tu_http_error(resp, 409, "conflict", "plan %s is %s: it takes no "
		      "more answers", ps->plan_id, ps->status);
	return -1;
}

/* A runner error as the answer: TU_EINVAL (the answer does not fit) is
 * the caller's 400 with the runner's message. */
static void run_error(struct tu_http_resp *resp, enum tu_status rc,
		      const struct tu_err *err)
{
	if (rc == TU_EINVAL)
		tu_http_error(resp, 400, "bad_request", "%s", err->msg);
	else
		tu_api_status_error(resp, rc, err);
}

/* A free-text field: UTF-8, not only white space (tu_api_body_str does
 * the rest: string, length, control characters). */
static int body_text(const json_t *body, const char *key, bool required,
		     char *buf, size_t cap, struct tu_http_resp *resp)
{
	size_t n;

	if (tu_api_body_str(body, key, required, true, buf, cap, resp))
		return -1;
	n = strlen(buf);
	if (n && !tu_utf8_valid(buf, n, NULL)) {
		tu_http_error(resp, 400, "bad_request", "body.%s: not valid "
			      "UTF-8", key);
		return -1;
	}
	if (required && strspn(buf, " \t\r\n") == n) {
		tu_http_error(resp, 400, "bad_request", "body.%s: must not be "
			      "empty", key);
		return -1;
	}
	return 0;
}

/* ---- POST /plans: the request ---------------------------------------------- */

/* What the body and the state give the planner; owns its strings. */
struct plan_in {
	char query[PLAN_TEXT_MAX + 1];
	char about[PLAN_TEXT_MAX + 1];
	char item[TU_ID_MAX];
	char tags[PLAN_TAGS_MAX][TU_ID_MAX];
	const char *tag_ptrs[PLAN_TAGS_MAX];
	size_t n_tags;
	bool body_tags;               /* the body gave tags (maybe none) */
};

/* A tag: 1..TU_ID_MAX-1 bytes of UTF-8, no control character or comma. */
static bool tag_ok(const json_t *v)
{
	const char *p = json_string_value(v);
	size_t n = json_string_length(v);

	if (!p || n == 0 || n >= TU_ID_MAX || strlen(p) != n ||
	    !tu_utf8_valid(p, n, NULL))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f || p[i] == ',')
			return false;
	return true;
}

/* body.tags: an array of at most PLAN_TAGS_MAX tags. */
static int body_tags(const json_t *body, struct plan_in *in,
		     struct tu_http_resp *resp)
{
	const json_t *a = json_object_get(body, "tags");
	const json_t *v;
	size_t i;

	if (!a)
		return 0;
	if (!json_is_array(a) || json_array_size(a) > PLAN_TAGS_MAX) {
		tu_http_error(resp, 400, "bad_request", "body.tags: expected "
			      "an array of at most %d strings", PLAN_TAGS_MAX);
		return -1;
	}
	json_array_foreach(a, i, v) {
		if (!tag_ok(v)) {
			tu_http_error(resp, 400, "bad_request", "body.tags[%zu]: "
				      "expected a tag of 1..%d bytes without "
				      "control characters or commas", i,
				      TU_ID_MAX - 1);
			return -1;
		}
		memcpy(in->tags[i], json_string_value(v),
		       json_string_length(v) + 1);
	}
	in->n_tags = json_array_size(a);
	in->body_tags = true;
	return 0;
}

static int plan_body(struct tu_srv *s, const json_t *body, struct plan_in *in,
		     struct tu_http_resp *resp)
{
	static const char *const keys[] = { "query", "item", "about", "tags",
					    NULL };

	if (tu_api_body_keys(body, keys, resp) ||
	    body_text(body, "query", true, in->query, sizeof(in->query),
		      resp) ||
	    body_text(body, "about", false, in->about, sizeof(in->about),
		      resp) ||
	    tu_api_body_str(body, "item", false, false, in->item,
			    sizeof(in->item), resp) ||
	    (in->item[0] && !tu_api_problem_find(s, in->item, resp)) ||
	    body_tags(body, in, resp))
		return -1;
	return 0;
}

/* The planner's request for in and the learner's state st (borrows
 * both). */
static void plan_request(const struct tu_learner_state *st,
			 struct plan_in *in, struct tu_plan_profile *prof,
			 struct tu_plan_request *rq)
{
	memset(rq, 0, sizeof(*rq));
	tu_plan_profile_of(st, prof);
	tu_plan_profile_apply(prof, rq);
	if (in->body_tags) {
		for (size_t i = 0; i < in->n_tags; i++)
			in->tag_ptrs[i] = in->tags[i];
		rq->tags = in->tag_ptrs;
		rq->n_tags = in->n_tags;
	}
	rq->query = in->query;
	rq->about_me = in->about[0] ? in->about : NULL;
}

/* Makes the plan, starts and advances it into ps; -1 with resp set. */
static int plan_create(const struct tu_plan_env *env, const char *learner,
		       const struct tu_plan_request *rq, const char *item,
		       int64_t now, struct tu_plan_session *ps,
		       struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_plan plan;
	enum tu_status rc;

	tu_plan_init(&plan);
	rc = tu_plan_generate(rq, &plan, &err);
	if (rc == TU_EINVAL || rc == TU_ERANGE) {
		tu_http_error(resp, 400, "bad_request", "body: %s", err.msg);
		tu_plan_release(&plan);
		return -1;
	}
	if (rc == TU_OK)
		rc = tu_plan_start(env, learner, &plan, item[0] ? item : NULL,
				   "rules", now, ps, &err);
	if (rc == TU_OK)
		rc = tu_plan_advance(env, ps, now, NULL, &err);
	tu_plan_release(&plan);
	if (rc)
		tu_api_status_error(resp, rc, &err);
	return rc ? -1 : 0;
}

TU_API_HANDLER(tu_api_plan_create)
{
	struct tu_learner_state st;
	struct tu_plan_profile prof;
	struct tu_plan_request rq;
	struct tu_plan_session ps;
	struct tu_plan_env env;
	struct tu_srv_ctx *c;
	struct plan_in *in;
	pthread_mutex_t *lock;
	char id[TU_ID_MAX];

	if (tu_api_learner(s, params, who, true, id, resp))
		return;
	in = calloc(1, sizeof(*in));
	if (!in) {
		tu_http_error(resp, 500, "internal", "out of memory");
		return;
	}
	tu_learner_state_init(&st);
	tu_plan_session_init(&ps);
	if (plan_body(s, body, in, resp) || !(c = tu_api_ctx(s, resp)) ||
	    tu_api_load_state(c, id, &st, resp))
		goto out;
	plan_request(&st, in, &prof, &rq);
	plan_env(s, c, &env);
	lock = plan_lock(id);
	pthread_mutex_lock(lock);
	if (plan_create(&env, id, &rq, in->item, req->now, &ps, resp) == 0)
		session_answer(resp, 201, &ps);
	pthread_mutex_unlock(lock);
out:
	tu_plan_session_release(&ps);
	tu_learner_state_release(&st);
	free(in);
}

/* ---- GET: list and one plan ---------------------------------------------------- */

static json_t *summary_json(const struct tu_plan_summary *p)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:o, s:I, s:I}", "plan_id",
			 p->plan_id, "query", p->query, "status", p->status,
			 "started", (json_int_t)p->started, "ended",
			 p->ended ? json_integer(p->ended) : json_null(),
			 "steps", (json_int_t)p->steps, "resolved",
			 (json_int_t)p->resolved);
}

TU_API_HANDLER(tu_api_plan_list)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_plan_summary *list = NULL;
	struct tu_srv_ctx *c;
	char id[TU_ID_MAX];
	json_t *a;
	size_t n = 0;
	enum tu_status rc;

	(void)req;
	(void)body;
	if (tu_api_learner(s, params, who, false, id, resp) ||
	    !(c = tu_api_ctx(s, resp)))
		return;
	rc = tu_plan_list(c->store, id, &list, &n, &err);
	if (rc) {
		tu_api_status_error(resp, rc, &err);
		return;
	}
	a = json_array();
	for (size_t i = 0; a && i < n; i++) {
		if (json_array_append_new(a, summary_json(&list[i]))) {
			json_decref(a);
			a = NULL;
		}
	}
	free(list);
	if (!a)
		tu_http_error(resp, 500, "internal", "out of memory");
	else
		tu_http_json(resp, 200, json_pack("{s:o}", "plans", a));
}

TU_API_HANDLER(tu_api_plan_get)
{
	struct tu_plan_session ps;
	struct tu_plan_env env;
	struct tu_srv_ctx *c;
	char id[TU_ID_MAX];

	(void)req;
	(void)body;
	if (tu_api_learner(s, params, who, false, id, resp) ||
	    !(c = tu_api_ctx(s, resp)))
		return;
	plan_env(s, c, &env);
	tu_plan_session_init(&ps);
	if (open_plan(&env, id, params, &ps, resp) == 0)
		session_answer(resp, 200, &ps);
	tu_plan_session_release(&ps);
}

/* ---- POST turn ----------------------------------------------------------------- */

/* The answer in the body: {step, text} or {step, submission}. */
struct turn_in {
	char step[TU_EVENT_PLAN_STEP_MAX];
	char text[TU_EVENT_TEXT_MAX + 1];
	int64_t submission;
};

static int turn_answer_field(const json_t *body, struct turn_in *in,
			     struct tu_http_resp *resp)
{
	const json_t *sub = json_object_get(body, "submission");
	bool has_text = json_object_get(body, "text") != NULL;

	if (has_text == (sub != NULL)) {
		tu_http_error(resp, 400, "bad_request", "body: give exactly "
			      "one of text (a text turn) and submission (the "
			      "seq of a submission event, a code turn)");
		return -1;
	}
	if (has_text)
		return body_text(body, "text", true, in->text,
				 sizeof(in->text), resp);
	if (!json_is_integer(sub) || json_integer_value(sub) <= 0) {
		tu_http_error(resp, 400, "bad_request", "body.submission: "
			      "expected the seq (a positive integer) of a "
			      "submission event");
		return -1;
	}
	in->submission = (int64_t)json_integer_value(sub);
	return 0;
}

static int turn_body(const json_t *body, struct turn_in *in,
		     struct tu_http_resp *resp)
{
	static const char *const keys[] = { "step", "text", "submission",
					    NULL };

	return tu_api_body_keys(body, keys, resp) ||
	       tu_api_body_str(body, "step", true, false, in->step,
			       sizeof(in->step), resp) ||
	       turn_answer_field(body, in, resp) ? -1 : 0;
}

/* -1 with resp set unless in->step is ps's current turn: 400 for a step
 * the plan does not have, 409 for another step than the current turn. */
static int turn_check(const struct tu_plan_session *ps,
		      const struct turn_in *in, struct tu_http_resp *resp)
{
	size_t i = tu_plan_exec_find(&ps->exec, in->step);
	size_t cur = tu_plan_exec_next_turn(&ps->exec);

	if (i == SIZE_MAX) {
		tu_http_error(resp, 400, "bad_request", "body.step: plan %s "
			      "has no step '%s'", ps->plan_id, in->step);
		return -1;
	}
	if (i == cur)
		return 0;
	if (cur == SIZE_MAX)
		tu_http_error(resp, 409, "conflict", "body.step: '%s' is not "
			      "the current turn (plan %s waits for no turn)",
			      in->step, ps->plan_id);
	else
		tu_http_error(resp, 409, "conflict", "body.step: '%s' is not "
			      "the current turn (the current turn is '%s')",
			      in->step, ps->plan.steps[cur].id);
	return -1;
}

/* Opens the plan, checks and records the answer; -1 with resp set. */
static int turn_run(const struct tu_plan_env *env, const char *learner,
		    const struct tu_route_params *params,
		    const struct turn_in *in, int64_t now,
		    struct tu_plan_session *ps, struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_plan_answer a;
	enum tu_status rc;

	if (open_plan(env, learner, params, ps, resp) ||
	    plan_active(ps, resp))
		return -1;
	/* steps a failed request left ready run first (none normally) */
	rc = tu_plan_advance(env, ps, now, NULL, &err);
	if (rc) {
		tu_api_status_error(resp, rc, &err);
		return -1;
	}
	if (plan_active(ps, resp) || turn_check(ps, in, resp))
		return -1;
	memset(&a, 0, sizeof(a));
	a.text = in->submission ? NULL : in->text;
	a.submission = in->submission;
	rc = tu_plan_answer(env, ps, in->step, &a, now, NULL, &err);
	if (rc)
		run_error(resp, rc, &err);
	return rc ? -1 : 0;
}

TU_API_HANDLER(tu_api_plan_turn)
{
	struct tu_plan_session ps;
	struct tu_plan_env env;
	struct tu_srv_ctx *c;
	struct turn_in *in;
	pthread_mutex_t *lock;
	char id[TU_ID_MAX];

	if (tu_api_learner(s, params, who, true, id, resp))
		return;
	in = calloc(1, sizeof(*in));
	if (!in) {
		tu_http_error(resp, 500, "internal", "out of memory");
		return;
	}
	tu_plan_session_init(&ps);
	if (turn_body(body, in, resp) == 0 && (c = tu_api_ctx(s, resp))) {
		plan_env(s, c, &env);
		lock = plan_lock(id);
		pthread_mutex_lock(lock);
		if (turn_run(&env, id, params, in, req->now, &ps, resp) == 0)
			session_answer(resp, 200, &ps);
		pthread_mutex_unlock(lock);
	}
	tu_plan_session_release(&ps);
	free(in);
}

/* ---- POST abandon -------------------------------------------------------------- */

TU_API_HANDLER(tu_api_plan_abandon)
{
	static const char *const no_keys[] = { NULL };
	struct tu_err err = TU_ERR_INIT;
	struct tu_plan_session ps;
	struct tu_plan_env env;
	struct tu_srv_ctx *c;
	pthread_mutex_t *lock;
	char id[TU_ID_MAX];
	enum tu_status rc;

	if (tu_api_learner(s, params, who, true, id, resp) ||
	    tu_api_body_keys(body, no_keys, resp) ||
	    !(c = tu_api_ctx(s, resp)))
		return;
	plan_env(s, c, &env);
	tu_plan_session_init(&ps);
	lock = plan_lock(id);
	pthread_mutex_lock(lock);
	if (open_plan(&env, id, params, &ps, resp) == 0 &&
	    plan_active(&ps, resp) == 0) {
		rc = tu_plan_abandon(&env, &ps, req->now, &err);
		if (rc)
			tu_api_status_error(resp, rc, &err);
		else
			session_answer(resp, 200, &ps);
	}
	pthread_mutex_unlock(lock);
	tu_plan_session_release(&ps);
}
