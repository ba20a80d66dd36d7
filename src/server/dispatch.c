/*
 * dispatch.c - the request pipeline, the same for every route:
 *
 *   route (404 / 405; static files for GET/HEAD outside /api/)
 *   -> authenticate (tu_auth_principal: the session, or anonymous)
 *   -> rate limit (tu_rate_allow: 429 with Retry-After)
 *   -> role (401 without an account, 403 with too small a role)
 *   -> JSON routes: 413 over max_body, 415 unless application/json,
 *      400 for a body that does not parse (an empty body is {})
 *   -> the handler (no status left = a bug: 500, logged to stderr)
 * and, once the adapter has sent the answer, tu_dispatch_done: metrics
 * and the access log.
 *
 * What it is not: it holds no lock and no state of its own; handlers
 * decide about the learner named in the path (tu_authz_learner).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "srv.h"

/* Matches req against the table; HEAD also finds GET routes. */
static long find_route(const struct tu_srv *s, const struct tu_http_req *req,
		       struct tu_route_params *params, bool *known)
{
	long ri = tu_route_match(s->routes, s->n_routes, req->method,
				 req->path, params, known);

	if (ri < 0 && req->method == TU_HTTP_HEAD)
		ri = tu_route_match(s->routes, s->n_routes, TU_HTTP_GET,
				    req->path, params, known);
	return ri;
}

static bool is_api_path(const char *path)
{
	return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0;
}

static void no_route(struct tu_srv *s, const struct tu_http_req *req,
		     bool known, struct tu_http_resp *resp,
		     struct tu_req_info *info)
{
	bool get = req->method == TU_HTTP_GET || req->method == TU_HTTP_HEAD;

	if (known) {
		info->route = "method_not_allowed";
		tu_http_error(resp, 405, "method_not_allowed",
			      "%s is not allowed on %s",
			      tu_http_method_name(req->method), req->path);
	} else if (get && s->cfg.web_dir && !is_api_path(req->path)) {
		info->route = "static";
		tu_static_serve(s->cfg.web_dir, req->path, resp);
	} else {
		info->route = "not_found";
		tu_http_error(resp, 404, "not_found", "no route for %s %s",
			      tu_http_method_name(req->method), req->path);
	}
}

/* Operations endpoints are not rate limited (scrapers, health checks). */
static bool rate_exempt(const struct tu_route *r)
{
	return strcmp(r->name, "healthz") == 0 ||
	       strcmp(r->name, "metrics") == 0;
}

/* Authentication, rate limit and role; false when resp is the answer. */
static bool admit(struct tu_srv *s, const struct tu_http_req *req,
		  const struct tu_route *r, struct tu_principal *who,
		  struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	enum tu_status st;
	unsigned retry = 0;

	memset(who, 0, sizeof(*who));
	st = tu_auth_principal(s, req, who, &err);
	if (st != TU_OK && st != TU_ENOTFOUND) {
		tu_http_error_status(resp, st == TU_EIO ? TU_EUNAVAIL : st,
				     &err);
		return false;
	}
	if (st != TU_OK)
		memset(who, 0, sizeof(*who));
	if (!rate_exempt(r) &&
	    !tu_rate_allow(s, who, req->client, tu_srv_now_ms(), &retry)) {
		tu_http_error(resp, 429, "rate_limited", "too many requests; "
			      "try again in %u s", retry ? retry : 1);
		resp->retry_after_s = retry ? retry : 1;
		return false;
	}
	if (who->role >= r->min_role)
		return true;
	if (who->role == TU_ROLE_ANON)
		tu_http_error(resp, 401, "unauthenticated", "%s",
			      st == TU_ENOTFOUND && err.msg[0] ? err.msg :
			      "sign in first (POST /api/login)");
	else
		tu_http_error(resp, 403, "forbidden", "%s needs an "
			      "instructor account", r->name);
	return false;
}

static bool json_content_type(const char *ct)
{
	static const char want[] = "application/json";
	size_t n = sizeof(want) - 1;

	if (!ct)
		return false;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return strncasecmp(ct, want, n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* The body of a JSON route, or NULL with resp set to the error. */
static json_t *json_body(struct tu_srv *s, const struct tu_http_req *req,
			 struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	json_t *v;

	if (req->body_len == 0) {
		v = json_object();
		if (!v)
			tu_http_error(resp, 500, "internal", "out of memory");
		return v;
	}
	if (req->body_len > s->cfg.max_body) {
		tu_http_error(resp, 413, "too_large", "body: %zu bytes; the "
			      "limit is %zu", req->body_len, s->cfg.max_body);
		return NULL;
	}
	if (!json_content_type(req->content_type)) {
		tu_http_error(resp, 415, "unsupported_media_type", "body: "
			      "Content-Type must be application/json");
		return NULL;
	}
	v = tu_http_parse_body(req->body, req->body_len,
			       s->cfg.max_json_depth, &err);
	if (!v)
		tu_http_error(resp, 400, "bad_json", "%s", err.msg);
	return v;
}

void tu_dispatch(struct tu_srv *s, const struct tu_http_req *req,
		 struct tu_http_resp *resp, struct tu_req_info *info)
{
	struct tu_route_params params;
	struct tu_principal who;
	const struct tu_route *r;
	json_t *body = NULL;
	bool known;

	memset(info, 0, sizeof(*info));
	info->ri = find_route(s, req, &params, &known);
	if (info->ri < 0) {
		no_route(s, req, known, resp, info);
		return;
	}
	r = &s->routes[info->ri];
	info->route = r->name;
	if (!admit(s, req, r, &who, resp))
		goto out;
	if (r->json_body && !(body = json_body(s, req, resp)))
		goto out;
	r->fn(s, req, &params, &who, body, resp);
	json_decref(body);
	if (resp->status == 0) {
		fprintf(stderr, "tutor: bug: handler '%s' left no status "
			"(%s %s)\n", r->name,
			tu_http_method_name(req->method), req->path);
		tu_http_error(resp, 500, "internal", "the handler of %s gave "
			      "no answer", r->name);
	}
out:
	snprintf(info->account, sizeof(info->account), "%s", who.username);
}

void tu_dispatch_done(struct tu_srv *s, const struct tu_http_req *req,
		      const struct tu_req_info *info, int status,
		      uint64_t bytes, int64_t duration_us)
{
	struct tu_access_entry e;

	tu_metrics_observe(s->metrics, info->ri, info->route, status,
			   duration_us);
	if (!s->log)
		return;
	e.time_ms = tu_srv_now_ms();
	e.client = req->client;
	e.method = tu_http_method_name(req->method);
	e.route = info->route ? info->route : "";
	e.path = req->path;
	e.account = info->account;
	e.status = status;
	e.bytes = bytes;
	e.duration_ms = (double)duration_us / 1000.0;
	tu_accesslog_write(s->log, &e);
}
