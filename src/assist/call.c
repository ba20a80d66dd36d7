/*
 * call.c - the LLM pipeline every use goes through (assist_internal.h):
 * render the prompt, serve a cached answer, check the budgets, make the
 * structured call, count the usage, validate, apply the use's guardrails
 * (its accept function) and cache what was shown.
 *
 * Every way this can fail ends in *served = false with a reason the
 * learner may see ("no LLM configured", "budget: ...", "timeout",
 * "refused: ...", "llm: HTTP 500 ..."); the use then serves its
 * deterministic path.  Only running out of memory is an error.
 *
 * The pipeline runs in three phases (assist_internal.h, struct
 * tu__as_job): prepare (render, cache, budgets) and finish (usage,
 * validation, guardrails, cache) on the calling thread, which alone
 * touches the store; send (the HTTP call) on any thread with a client of
 * its own, so that a batch can have several calls in flight.
 *
 * What it is not: no wording (the prompt files), no guardrail rules
 * (guard.c and the accept functions of the uses) and no threads
 * (plan_step.c has the batch).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assist_internal.h"

enum outcome { SHOWN, REFUSED, BAD };

static void set_reason(struct tu_assist_result *out, const char *prefix,
		       const char *arg)
{
	tu__as_copy(out->reason, sizeof out->reason, prefix);
	tu__as_cat(out->reason, sizeof out->reason, arg);
}

static enum tu_status nomem(struct tu_err *err)
{
	return tu_err_set(err, TU_ENOMEM, "assist: out of memory");
}

/* Renders both parts; *ok false (reason set) on a prompt problem. */
static enum tu_status render(struct tu__as_job *r, struct tu_assist_result *out,
			     bool *ok, struct tu_err *err)
{
	struct tu_err e = TU_ERR_INIT;
	enum tu_status st = TU_OK;

	if (r->p->system)
		st = tu__as_prompt_render(r->p, r->p->system, r->c->vars,
				       r->c->n_vars, &r->system, &e);
	if (!st)
		st = tu__as_prompt_render(r->p, r->p->user, r->c->vars,
				       r->c->n_vars, &r->user, &e);
	if (st == TU_ENOMEM)
		return nomem(err);
	*ok = st == TU_OK;
	if (st)
		set_reason(out, "prompt: ", e.msg);
	return TU_OK;
}

/* Parses and validates content, then lets the use accept it. */
static enum tu_status try_answer(struct tu__as_job *r, const char *content,
				 enum tu_llm_path path,
				 struct tu_assist_result *out,
				 enum outcome *oc, struct tu_err *err)
{
	char why[200] = "";
	bool shown = false, refused = false;
	json_t *v = json_loads(content, JSON_REJECT_DUPLICATES, NULL);
	enum tu_status st = TU_OK;

	*oc = BAD;
	if (v && tu_json_schema_validate(r->schema, v, NULL) == TU_OK)
		st = r->c->accept(r->a, r->c->ctx, v, out, &shown, &refused,
				  why, sizeof why, err);
	else
		snprintf(why, sizeof why, "the answer does not match the "
			 "schema");
	json_decref(v);
	if (st)
		return st;
	if (shown) {
		*oc = SHOWN;
		out->path = path;
		tu__as_copy(out->prompt, sizeof out->prompt, r->p->name);
		out->prompt_version = r->p->version;
		tu__as_copy(out->model, sizeof out->model, r->a->model);
		out->reason[0] = '\0';
		out->refused = false;
		return TU_OK;
	}
	free(out->text);
	out->text = NULL;
	out->n_goals = 0;
	out->refused = refused;
	if (refused)
		*oc = REFUSED;
	set_reason(out, refused ? "refused: " : "", why);
	return TU_OK;
}

/* A reason for a failed LLM call that never shows more than the client's
 * message (which names the URL and HTTP status, never the key). */
static void call_failed(struct tu_assist_result *out, enum tu_status st,
			const struct tu_err *e)
{
	if (st == TU_ETIMEOUT)
		set_reason(out, "", "timeout");
	else
		set_reason(out, "llm: ", e->msg[0] ? e->msg :
			   tu_strerror(st));
}

/* Serves a cached answer when there is one; *done when it decided. */
static enum tu_status from_cache(struct tu__as_job *r, struct tu_assist_result *out,
				 bool *served, bool *done,
				 struct tu_err *err)
{
	char *content = tu__as_cache_get(r->a, r->key);
	enum outcome oc = BAD;
	enum tu_status st;

	*done = false;
	if (!content)
		return TU_OK;
	st = try_answer(r, content, TU_LLM_PATH_CACHE, out, &oc, err);
	free(content);
	if (st)
		return st;
	*served = oc == SHOWN;
	*done = oc != BAD;
	if (oc == BAD)
		out->reason[0] = '\0';
	return TU_OK;
}

/* ---- the phases ---------------------------------------------------------- */

static enum tu_status prepare(struct tu__as_job *r, uint32_t pending,
			      struct tu_assist_result *out, bool *served,
			      bool *send, struct tu_err *err)
{
	bool ok = false, done = false;
	enum tu_status st = render(r, out, &ok, err);

	if (st || !ok)
		return st;
	r->schema = json_loads(r->c->schema, 0, NULL);
	if (!r->schema) {
		set_reason(out, "", "internal: the use's schema is not JSON");
		return TU_OK;
	}
	tu__as_cache_key(r->a->model, r->p, r->system, r->user, r->c->schema,
		      r->key);
	st = from_cache(r, out, served, &done, err);
	if (st || done)
		return st;
	if (tu__as_budget_check_ahead(r->a, r->who->learner, r->who->now,
				   pending, out->reason,
				   sizeof out->reason) != TU_OK)
		return TU_OK;
	*send = true;
	return TU_OK;
}

enum tu_status tu__as_job_prepare(struct tu_assist *a,
			       const struct tu_assist_who *who,
			       const struct tu__as_call *c, unsigned slot,
			       uint32_t max_tokens, uint32_t pending,
			       struct tu__as_job *j,
			       struct tu_assist_result *out, bool *served,
			       bool *send, struct tu_err *err)
{
	memset(j, 0, sizeof(*j));
	tu_llm_reply_init(&j->reply);
	*served = false;
	*send = false;
	if (!a->client) {
		set_reason(out, "", a->status);
		return TU_OK;
	}
	if (slot >= TU__PROMPTS)
		return tu_err_set(err, TU_EINVAL, "assist: prompt slot %u "
				  "unknown", slot);
	j->a = a;
	j->who = who;
	j->c = c;
	j->p = &a->prompts[slot];
	j->max_tokens = max_tokens;
	return prepare(j, pending, out, served, send, err);
}

void tu__as_job_send(struct tu__as_job *j, struct tu_llm_client *cl)
{
	struct tu_llm_message m[2];
	struct tu_llm_request req;
	size_t n = 0;

	if (j->system)
		m[n++] = (struct tu_llm_message){ "system", j->system };
	m[n++] = (struct tu_llm_message){ "user", j->user };
	memset(&req, 0, sizeof req);
	req.messages = m;
	req.n_messages = n;
	req.schema_name = j->p->name;
	req.schema_json = j->c->schema;
	req.temperature = -1.0;
	req.max_tokens = j->max_tokens;
	tu_err_clear(&j->e);
	j->sent = tu_llm_structured(cl, &req, &j->reply, &j->e);
}

enum tu_status tu__as_job_finish(struct tu__as_job *j,
			      struct tu_assist_result *out, bool *served,
			      struct tu_err *err)
{
	struct tu_llm_reply *reply = &j->reply;
	enum outcome oc = BAD;
	enum tu_status st = j->sent;
	uint32_t tokens;

	*served = false;
	tokens = reply->usage.total_tokens ? reply->usage.total_tokens :
		 reply->usage.prompt_tokens + reply->usage.completion_tokens;
	(void)tu__as_budget_count(j->a, j->who->learner, j->who->now,
			       reply->requests ? reply->requests : 1, tokens,
			       NULL);
	out->usage = reply->usage;
	if (st == TU_ENOMEM)
		return nomem(err);
	if (st || !reply->content)
		call_failed(out, st ? st : TU_EUNAVAIL, &j->e);
	else if ((st = try_answer(j, reply->content, reply->path, out, &oc,
				  err)) != TU_OK)
		return st;
	*served = oc == SHOWN;
	if (*served)
		tu__as_cache_put(j->a, j->key, j->p, reply->content,
			      j->who->now);
	return TU_OK;
}

void tu__as_job_release(struct tu__as_job *j)
{
	free(j->system);
	free(j->user);
	json_decref(j->schema);
	tu_llm_reply_release(&j->reply);
	j->system = NULL;
	j->user = NULL;
	j->schema = NULL;
}

/* ---- one call ------------------------------------------------------------ */

enum tu_status tu__as_call_llm(struct tu_assist *a,
			    const struct tu_assist_who *who,
			    const struct tu__as_call *c,
			    struct tu_assist_result *out, bool *served,
			    struct tu_err *err)
{
	return tu__as_call_llm_at(a, who, c, (unsigned)c->use, 0, out, served,
			       err);
}

enum tu_status tu__as_call_llm_at(struct tu_assist *a,
			       const struct tu_assist_who *who,
			       const struct tu__as_call *c, unsigned slot,
			       uint32_t max_tokens,
			       struct tu_assist_result *out, bool *served,
			       struct tu_err *err)
{
	struct tu__as_job j;
	bool send = false;
	enum tu_status st;

	st = tu__as_job_prepare(a, who, c, slot, max_tokens, 0, &j, out,
			     served, &send, err);
	if (!st && send) {
		tu__as_job_send(&j, a->client);
		st = tu__as_job_finish(&j, out, served, err);
	}
	tu__as_job_release(&j);
	return st;
}
