/*
 * auth.c - who is asking and what they may touch: the session token of a
 * request (cookie tutor_session or "Authorization: Bearer"), the
 * principal behind it (tu_auth_principal, called by dispatch for every
 * request), and the learner authorisation rule handlers apply
 * (tu_authz_learner).
 *
 * The rule (docs/api.md "Roles"): a learner reaches only their own
 * learner, for reading and writing; an instructor reads, never writes,
 * the learners of their own cohorts; anything else is 403 (401 without an
 * account; 404 for a path segment that cannot be a learner id).  The rule
 * itself is pure (tu_authz_rule) so every role x resource cell is tested
 * without a server.
 *
 * What it is not: passwords, tokens and sessions live in account.c
 * (tutor/auth.h); rate limits in rate.c.
 */
#include <string.h>
#include <strings.h>

#include "auth_internal.h"
#include "srv.h"

/* ---- credentials ------------------------------------------------------- */

static bool token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* Copies the token of n bytes at p; -1 when it is not one. */
static int take_token(const char *p, size_t n,
		      char token[TU_AUTH_TOKEN_LEN + 1])
{
	token[0] = '\0';
	if (n != TU_AUTH_TOKEN_LEN)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!token_char(p[i]))
			return -1;
	memcpy(token, p, n);
	token[n] = '\0';
	return 1;
}

/* "Bearer <token>" (scheme case-insensitive); 0 for another scheme. */
static int bearer(const char *h, char token[TU_AUTH_TOKEN_LEN + 1])
{
	size_t n;

	while (*h == ' ' || *h == '\t')
		h++;
	if (strncasecmp(h, "Bearer", 6) != 0 || (h[6] != ' ' && h[6] != '\t'))
		return 0;
	h += 6;
	while (*h == ' ' || *h == '\t')
		h++;
	n = strlen(h);
	while (n > 0 && (h[n - 1] == ' ' || h[n - 1] == '\t'))
		n--;
	return take_token(h, n, token);
}

/* The first cookie named TU_SESSION_COOKIE in a Cookie header. */
static int cookie(const char *h, char token[TU_AUTH_TOKEN_LEN + 1])
{
	static const char name[] = TU_SESSION_COOKIE "=";
	const char *p = h;

	while (*p) {
		size_t n;

		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		n = strcspn(p, ";");
		if (strncmp(p, name, sizeof name - 1) == 0) {
			size_t v = n - (sizeof name - 1);

			while (v > 0 && (p[sizeof name - 1 + v - 1] == ' ' ||
					 p[sizeof name - 1 + v - 1] == '\t'))
				v--;
			return take_token(p + sizeof name - 1, v, token);
		}
		p += n;
	}
	return 0;
}

int tu_auth_request_token(const struct tu_http_req *req,
			  char token[TU_AUTH_TOKEN_LEN + 1])
{
	int r = 0;

	token[0] = '\0';
	if (req->authorization)
		r = bearer(req->authorization, token);
	if (r == 0 && req->cookie)
		r = cookie(req->cookie, token);
	return r;
}

void tu_auth_principal_from(const struct tu_account_row *a,
			    struct tu_principal *who)
{
	memset(who, 0, sizeof(*who));
	who->role = a->role == TU_ACCOUNT_INSTRUCTOR ? TU_ROLE_INSTRUCTOR :
		TU_ROLE_LEARNER;
	who->account = a->id;
	snprintf(who->username, sizeof who->username, "%s", a->username);
	if (a->role == TU_ACCOUNT_LEARNER)
		snprintf(who->learner, sizeof who->learner, "%s", a->learner);
}

enum tu_status tu_auth_principal(struct tu_srv *s, const struct tu_http_req *req,
				 struct tu_principal *who, struct tu_err *err)
{
	char token[TU_AUTH_TOKEN_LEN + 1];
	struct tu_account_row a;
	struct tu_srv_ctx *ctx;
	enum tu_status st;
	int r = tu_auth_request_token(req, token);

	memset(who, 0, sizeof(*who));
	if (r == 0)
		return TU_OK;
	if (r < 0)
		return tu_err_set(err, TU_ENOTFOUND, "malformed session "
				  "token; sign in again");
	ctx = tu_srv_ctx_get(s, err);
	if (!ctx)
		return err && err->code ? err->code : TU_EIO;
	st = tu_auth_session_find(ctx->store, token, req->now, &a, err);
	if (!st)
		tu_auth_principal_from(&a, who);
	memset(token, 0, sizeof token);
	return st;
}

/* ---- authorisation ----------------------------------------------------- */

static bool learner_id_ok(const char *id)
{
	size_t n = id ? strnlen(id, TU_ID_MAX) : 0;

	if (n == 0 || n >= TU_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!token_char(id[i]) && id[i] != '.')
			return false;
	return true;
}

bool tu_authz_needs_teaches(const struct tu_principal *who,
			    const char *learner, bool write)
{
	return who && who->role == TU_ROLE_INSTRUCTOR && !write &&
	       learner_id_ok(learner);
}

enum tu_authz tu_authz_rule(const struct tu_principal *who,
			    const char *learner, bool write, bool teaches)
{
	if (!who || who->role == TU_ROLE_ANON || who->account <= 0)
		return TU_AUTHZ_UNAUTHENTICATED;
	if (!learner_id_ok(learner))
		return TU_AUTHZ_NOT_FOUND;
	switch (who->role) {
	case TU_ROLE_LEARNER:
		return who->learner[0] && strcmp(who->learner, learner) == 0 ?
			TU_AUTHZ_ALLOW : TU_AUTHZ_FORBIDDEN;
	case TU_ROLE_INSTRUCTOR:
		return !write && teaches ? TU_AUTHZ_ALLOW : TU_AUTHZ_FORBIDDEN;
	case TU_ROLE_ANON:
		break;
	}
	return TU_AUTHZ_FORBIDDEN;
}

static void refuse(const struct tu_principal *who, const char *learner,
		   bool write, enum tu_authz a, struct tu_http_resp *resp)
{
	if (a == TU_AUTHZ_UNAUTHENTICATED)
		tu_http_error(resp, 401, "unauthenticated", "sign in first "
			      "(POST /api/login)");
	else if (a == TU_AUTHZ_NOT_FOUND)
		tu_http_error(resp, 404, "not_found", "no such learner");
	else if (who->role == TU_ROLE_INSTRUCTOR && write)
		tu_http_error(resp, 403, "forbidden", "instructors can read "
			      "their cohorts' learners but not act for them");
	else if (who->role == TU_ROLE_INSTRUCTOR)
		tu_http_error(resp, 403, "forbidden", "learner '%s' is not in "
			      "any of your cohorts", learner);
	else
		tu_http_error(resp, 403, "forbidden", "learner '%s' is not "
			      "you", learner);
}

int tu_authz_learner(struct tu_srv *s, const struct tu_principal *who,
		     const char *learner, bool write, struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_srv_ctx *ctx;
	enum tu_status st = TU_OK;
	enum tu_authz a;
	bool teaches = false;

	if (tu_authz_needs_teaches(who, learner, write)) {
		ctx = tu_srv_ctx_get(s, &err);
		st = ctx ? tu_store_cohort_teaches(ctx->store, who->account,
						   learner, &teaches, &err) :
			(err.code ? err.code : TU_EIO);
	}
	if (st) {
		tu_http_error_status(resp, st == TU_EIO ? TU_EUNAVAIL : st,
				     &err);
		return -1;
	}
	a = tu_authz_rule(who, learner, write, teaches);
	if (a == TU_AUTHZ_ALLOW)
		return 0;
	refuse(who, learner, write, a, resp);
	return -1;
}
