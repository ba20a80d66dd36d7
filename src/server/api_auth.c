/*
 * api_auth.c - the account endpoints of docs/api.md: POST /api/register
 * (a learner account and its learner), POST /api/login, POST
 * /api/logout and GET /api/me.
 *
 * Register and login answer {token, account} and set the cookie
 * tutor_session (HttpOnly, SameSite=Strict, Path=/, Max-Age = the
 * session lifetime); logout ends the session the request carried and
 * clears the cookie.  A wrong username and a wrong password get the same
 * 401 after the same amount of work (tutor/auth.h).
 *
 * What it is not: instructor accounts are made with `tutor account add
 * --instructor` only; cohorts are api_cohorts.c's.
 */
#include <string.h>

#include "auth_internal.h"
#include "srv.h"

/* The string field name of body into *out (borrowed) and *len; false
 * with a 400 in resp when it is missing or not a string. */
static bool field(const json_t *body, const char *name, const char **out,
		  size_t *len, struct tu_http_resp *resp)
{
	json_t *v = body ? json_object_get(body, name) : NULL;

	if (!json_is_string(v)) {
		tu_http_error(resp, 400, "bad_request", "body.%s: %s", name,
			      v ? "must be a string" : "missing");
		return false;
	}
	*out = json_string_value(v);
	*len = json_string_length(v);
	return true;
}

/* The calling thread's context, or a 503 in resp. */
static struct tu_srv_ctx *ctx_or_503(struct tu_srv *s,
				     struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_srv_ctx *ctx = tu_srv_ctx_get(s, &err);

	if (!ctx)
		tu_http_error_status(resp, TU_EUNAVAIL, &err);
	return ctx;
}

static json_t *account_json(const struct tu_account_row *a)
{
	return json_pack("{s:s, s:s, s:o}", "username", a->username,
			 "role", tu_account_role_name(a->role), "learner",
			 a->role == TU_ACCOUNT_LEARNER ?
			 json_string(a->learner) : json_null());
}

static void set_cookie(struct tu_http_resp *resp, const char *token,
		       unsigned max_age)
{
	snprintf(resp->set_cookie, sizeof resp->set_cookie,
		 "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%u",
		 TU_SESSION_COOKIE, token, max_age);
}

/* Starts a session for a and answers status {token, account}. */
static void answer_session(struct tu_srv *s, struct tu_srv_ctx *ctx,
			   const struct tu_http_req *req,
			   const struct tu_account_row *a, int status,
			   struct tu_http_resp *resp)
{
	char token[TU_AUTH_TOKEN_LEN + 1];
	struct tu_err err = TU_ERR_INIT;
	unsigned ttl = s->cfg.session_ttl_s ? s->cfg.session_ttl_s : 1;
	enum tu_status st = tu_auth_session_start(ctx->store, a->id, req->now,
						  ttl, token, &err);

	if (st) {
		tu_http_error_status(resp, st, &err);
		return;
	}
	/* keep the table small: expired sessions go at each sign-in */
	(void)tu_store_session_purge(ctx->store, req->now, NULL, NULL);
	set_cookie(resp, token, ttl);
	tu_http_json(resp, status, json_pack("{s:s, s:o}", "token", token,
					     "account", account_json(a)));
	memset(token, 0, sizeof token);
}

void tu_api_register(struct tu_srv *s, const struct tu_http_req *req,
		     const struct tu_route_params *params,
		     const struct tu_principal *who, const json_t *body,
		     struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_account_row a;
	struct tu_srv_ctx *ctx;
	const char *user, *pw;
	size_t ulen, pwlen;
	enum tu_status st;

	(void)params;
	(void)who;
	if (!field(body, "username", &user, &ulen, resp) ||
	    !field(body, "password", &pw, &pwlen, resp))
		return;
	if (strlen(user) != ulen || tu_auth_check_username(user, &err) ||
	    tu_auth_check_password(pw, pwlen, &err)) {
		tu_http_error(resp, 400, "bad_request", "body.%s",
			      err.msg[0] ? err.msg : "username: invalid");
		return;
	}
	ctx = ctx_or_503(s, resp);
	if (!ctx)
		return;
	st = tu_auth_account_create(ctx->store, &ctx->orch, user, pw, pwlen,
				    TU_ACCOUNT_LEARNER, req->now, &a, &err);
	if (st == TU_ECONFLICT)
		tu_http_error(resp, 409, "conflict", "username '%s' is taken",
			      user);
	else if (st)
		tu_http_error_status(resp, st, &err);
	else
		answer_session(s, ctx, req, &a, 201, resp);
}

void tu_api_login(struct tu_srv *s, const struct tu_http_req *req,
		  const struct tu_route_params *params,
		  const struct tu_principal *who, const json_t *body,
		  struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_account_row a;
	struct tu_srv_ctx *ctx;
	const char *user, *pw;
	size_t ulen, pwlen;
	enum tu_status st;

	(void)params;
	(void)who;
	if (!field(body, "username", &user, &ulen, resp) ||
	    !field(body, "password", &pw, &pwlen, resp))
		return;
	ctx = ctx_or_503(s, resp);
	if (!ctx)
		return;
	st = tu_auth_login(ctx->store, &ctx->orch,
			   strlen(user) == ulen ? user : "", pw, pwlen,
			   req->now, &a, &err);
	if (st == TU_ENOTFOUND)
		tu_http_error(resp, 401, "unauthenticated", "%s", err.msg);
	else if (st)
		tu_http_error_status(resp, st, &err);
	else
		answer_session(s, ctx, req, &a, 200, resp);
}

void tu_api_logout(struct tu_srv *s, const struct tu_http_req *req,
		   const struct tu_route_params *params,
		   const struct tu_principal *who, const json_t *body,
		   struct tu_http_resp *resp)
{
	char token[TU_AUTH_TOKEN_LEN + 1];
	struct tu_err err = TU_ERR_INIT;
	enum tu_status st = TU_OK;

	(void)params;
	(void)who;
	(void)body;
	if (tu_auth_request_token(req, token) == 1) {
		struct tu_srv_ctx *ctx = ctx_or_503(s, resp);

		if (!ctx)
			return;
		st = tu_auth_session_end(ctx->store, token, &err);
		memset(token, 0, sizeof token);
	}
	if (st) {
		tu_http_error_status(resp, st, &err);
		return;
	}
	snprintf(resp->set_cookie, sizeof resp->set_cookie,
		 "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
		 TU_SESSION_COOKIE);
	tu_http_status(resp, 204);
}

/* ---- GET /api/me ------------------------------------------------------- */

struct me_walk {
	json_t *list;
	bool instructor;
};

static int me_cohort(const struct tu_cohort_row *c, void *ctx)
{
	struct me_walk *w = ctx;
	json_t *o = w->instructor ?
		json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)c->id,
			  "name", c->name, "join_code", c->join_code,
			  "members", (json_int_t)c->members) :
		json_pack("{s:I, s:s}", "id", (json_int_t)c->id, "name",
			  c->name);

	return json_array_append_new(w->list, o) ? 1 : 0;
}

void tu_api_me(struct tu_srv *s, const struct tu_http_req *req,
	       const struct tu_route_params *params,
	       const struct tu_principal *who, const json_t *body,
	       struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_account_row a;
	struct me_walk w = { json_array(),
			     who->role == TU_ROLE_INSTRUCTOR };
	struct tu_srv_ctx *ctx = ctx_or_503(s, resp);
	enum tu_status st;

	(void)req;
	(void)params;
	(void)body;
	if (!ctx) {
		json_decref(w.list);
		return;
	}
	st = tu_store_account_get_id(ctx->store, who->account, &a, &err);
	if (!st && w.instructor)
		st = tu_store_cohort_each(ctx->store, a.id, me_cohort, &w,
					  &err);
	else if (!st)
		st = tu_store_cohort_each_joined(ctx->store, a.learner,
						 me_cohort, &w, &err);
	if (st) {
		json_decref(w.list);
		tu_http_error_status(resp, st, &err);
		return;
	}
	tu_http_json(resp, 200, json_pack("{s:o, s:o}", "account",
					  account_json(&a), "cohorts",
					  w.list));
}
