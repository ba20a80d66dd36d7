/*
 * test_dispatch.c - the request pipeline (dispatch.c) on a fake route
 * table with stand-ins for auth (a token names the role), the rate
 * limiter (one address is always limited), metrics and the access log:
 * 404/405, static files outside /api/, 401/403, 429 with Retry-After,
 * 415/413/400 for JSON routes, an empty JSON body, the handler's answer,
 * and a handler that forgets its status (500).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "srv.h"

/* ---- stand-ins ------------------------------------------------------- */

enum tu_status tu_auth_principal(struct tu_srv *s, const struct tu_http_req *req,
				 struct tu_principal *who, struct tu_err *err)
{
	const char *a = req->authorization;

	(void)s;
	memset(who, 0, sizeof(*who));
	if (!a)
		return TU_OK;
	if (strcmp(a, "Bearer learner") == 0) {
		who->role = TU_ROLE_LEARNER;
		who->account = 1;
		snprintf(who->username, sizeof(who->username), "ada");
		snprintf(who->learner, sizeof(who->learner), "ada");
		return TU_OK;
	}
	if (strcmp(a, "Bearer instructor") == 0) {
		who->role = TU_ROLE_INSTRUCTOR;
		who->account = 2;
		snprintf(who->username, sizeof(who->username), "prof");
		return TU_OK;
	}
	if (strcmp(a, "Bearer broken") == 0)
		return tu_err_set(err, TU_EIO, "sessions: disk on fire");
	return tu_err_set(err, TU_ENOTFOUND, "session expired or unknown");
}

bool tu_rate_allow(struct tu_srv *s, const struct tu_principal *who,
		   const char *client, int64_t now_ms, unsigned *retry_after_s)
{
	(void)s;
	(void)who;
	(void)now_ms;
	if (strcmp(client, "10.0.0.9") == 0) {
		*retry_after_s = 7;
		return false;
	}
	return true;
}

void tu_metrics_observe(struct tu_metrics *m, long ri, const char *name,
			int status, int64_t duration_us)
{
	(void)m; (void)ri; (void)name; (void)status; (void)duration_us;
}

void tu_accesslog_write(struct tu_accesslog *l,
			const struct tu_access_entry *e)
{
	(void)l;
	(void)e;
}

int64_t tu_srv_now_ms(void)
{
	return 1700000000000;
}

/* ---- handlers -------------------------------------------------------- */

static struct tu_principal seen;

static void echo(struct tu_srv *s, const struct tu_http_req *req,
		 const struct tu_route_params *params,
		 const struct tu_principal *who, const json_t *body,
		 struct tu_http_resp *resp)
{
	(void)s;
	(void)req;
	seen = *who;
	tu_http_json(resp, 200, json_pack("{s:s,s:i}", "id",
		     params->n ? params->v[0].value : "",
		     "keys", body ? (int)json_object_size(body) : -1));
}

static void forgetful(struct tu_srv *s, const struct tu_http_req *req,
		      const struct tu_route_params *params,
		      const struct tu_principal *who, const json_t *body,
		      struct tu_http_resp *resp)
{
	(void)s; (void)req; (void)params; (void)who; (void)body; (void)resp;
}

static const struct tu_route table[] = {
	{ TU_HTTP_GET, "/healthz", echo, TU_ROLE_ANON, false, "healthz" },
	{ TU_HTTP_POST, "/api/login", echo, TU_ROLE_ANON, true, "login" },
	{ TU_HTTP_GET, "/api/learners/:id/state", echo, TU_ROLE_LEARNER,
	  false, "learner_state" },
	{ TU_HTTP_POST, "/api/learners/:id/hints", echo, TU_ROLE_LEARNER,
	  true, "hint" },
	{ TU_HTTP_GET, "/api/cohorts", echo, TU_ROLE_INSTRUCTOR, false,
	  "cohort_list" },
	{ TU_HTTP_GET, "/api/bug", forgetful, TU_ROLE_ANON, false, "bug" },
};

static struct tu_srv srv;
static char webroot[] = "/tmp/tutor-dispatch-XXXXXX";

static int setup(void **state)
{
	char p[128];
	FILE *f;

	(void)state;
	memset(&srv, 0, sizeof(srv));
	srv.cfg.max_body = 64;
	srv.cfg.max_json_depth = 4;
	srv.routes = table;
	srv.n_routes = sizeof(table) / sizeof(table[0]);
	if (!mkdtemp(webroot))
		return -1;
	snprintf(p, sizeof(p), "%s/index.html", webroot);
	f = fopen(p, "w");
	if (!f)
		return -1;
	fputs("<html>ui</html>", f);
	fclose(f);
	srv.cfg.web_dir = webroot;
	return 0;
}

static int teardown(void **state)
{
	char p[128];

	(void)state;
	snprintf(p, sizeof(p), "%s/index.html", webroot);
	remove(p);
	rmdir(webroot);
	return 0;
}

struct call {
	enum tu_http_method m;
	const char *path, *auth, *ct, *body, *client;
};

/* Dispatches c; returns the status, the answer in *resp (release it). */
static int run(const struct call *c, struct tu_http_resp *resp,
	       struct tu_req_info *info)
{
	struct tu_http_req req;

	memset(&req, 0, sizeof(req));
	req.method = c->m;
	req.path = c->path;
	req.query = "";
	req.authorization = c->auth;
	req.content_type = c->ct;
	req.body = c->body;
	req.body_len = c->body ? strlen(c->body) : 0;
	req.client = c->client ? c->client : "127.0.0.1";
	tu_http_resp_init(resp);
	tu_dispatch(&srv, &req, resp, info);
	return resp->status;
}

/* Runs c and checks status and, when given, the error code. */
static void expect(const struct call *c, int status, const char *code)
{
	struct tu_http_resp r;
	struct tu_req_info info;
	char want[64];

	assert_int_equal(run(c, &r, &info), status);
	if (code) {
		snprintf(want, sizeof(want), "\"code\":\"%s\"", code);
		if (!strstr(r.body.p, want))
			fail_msg("%s: %s", c->path, r.body.p);
	}
	tu_http_resp_release(&r);
}

static void not_found_and_method(void **state)
{
	(void)state;
	expect(&(struct call){ TU_HTTP_GET, "/api/nope", 0, 0, 0, 0 }, 404,
	       "not_found");
	expect(&(struct call){ TU_HTTP_GET, "/api", 0, 0, 0, 0 }, 404,
	       "not_found");
	expect(&(struct call){ TU_HTTP_DELETE, "/healthz", 0, 0, 0, 0 }, 405,
	       "method_not_allowed");
	expect(&(struct call){ TU_HTTP_GET, "/api/login", 0, 0, 0, 0 }, 405,
	       "method_not_allowed");
	/* POST outside /api/ is not a static file */
	expect(&(struct call){ TU_HTTP_POST, "/index.html", 0, 0, 0, 0 }, 404,
	       "not_found");
}

static void static_and_head(void **state)
{
	struct tu_http_resp r;
	struct tu_req_info info;

	(void)state;
	assert_int_equal(run(&(struct call){ TU_HTTP_GET, "/", 0, 0, 0, 0 },
			     &r, &info), 200);
	assert_string_equal(r.body.p, "<html>ui</html>");
	assert_string_equal(info.route, "static");
	tu_http_resp_release(&r);
	assert_int_equal(run(&(struct call){ TU_HTTP_HEAD, "/healthz", 0, 0,
					     0, 0 }, &r, &info), 200);
	assert_string_equal(info.route, "healthz");
	tu_http_resp_release(&r);
	srv.cfg.web_dir = NULL;
	expect(&(struct call){ TU_HTTP_GET, "/", 0, 0, 0, 0 }, 404,
	       "not_found");
	srv.cfg.web_dir = webroot;
}

static void authentication_and_roles(void **state)
{
	struct tu_http_resp r;
	struct tu_req_info info;
	const char *st = "/api/learners/ada/state";

	(void)state;
	expect(&(struct call){ TU_HTTP_GET, st, 0, 0, 0, 0 }, 401,
	       "unauthenticated");
	expect(&(struct call){ TU_HTTP_GET, st, "Bearer nope", 0, 0, 0 }, 401,
	       "unauthenticated");
	expect(&(struct call){ TU_HTTP_GET, st, "Bearer broken", 0, 0, 0 },
	       503, "unavailable");
	assert_int_equal(run(&(struct call){ TU_HTTP_GET, st, "Bearer learner",
					     0, 0, 0 }, &r, &info), 200);
	assert_string_equal(r.body.p, "{\"id\":\"ada\",\"keys\":-1}");
	assert_string_equal(info.account, "ada");
	assert_string_equal(info.route, "learner_state");
	assert_int_equal(seen.role, TU_ROLE_LEARNER);
	tu_http_resp_release(&r);
	expect(&(struct call){ TU_HTTP_GET, "/api/cohorts", "Bearer learner",
			       0, 0, 0 }, 403, "forbidden");
	expect(&(struct call){ TU_HTTP_GET, "/api/cohorts",
			       "Bearer instructor", 0, 0, 0 }, 200, NULL);
	/* a stale token on a public route: served anonymously */
	assert_int_equal(run(&(struct call){ TU_HTTP_GET, "/healthz",
					     "Bearer nope", 0, 0, 0 }, &r,
			     &info), 200);
	assert_int_equal(seen.role, TU_ROLE_ANON);
	assert_string_equal(info.account, "");
	tu_http_resp_release(&r);
}

static void rate_limited(void **state)
{
	struct tu_http_resp r;
	struct tu_req_info info;

	(void)state;
	assert_int_equal(run(&(struct call){ TU_HTTP_POST, "/api/login", 0,
					     "application/json", "{}",
					     "10.0.0.9" }, &r, &info), 429);
	assert_int_equal(r.retry_after_s, 7);
	assert_non_null(strstr(r.body.p, "\"rate_limited\""));
	tu_http_resp_release(&r);
	/* operations endpoints are exempt */
	expect(&(struct call){ TU_HTTP_GET, "/healthz", 0, 0, 0, "10.0.0.9" },
	       200, NULL);
}

static void json_bodies(void **state)
{
	struct tu_http_resp r;
	struct tu_req_info info;
	const char *h = "/api/learners/ada/hints";
	const char *L = "Bearer learner";

	(void)state;
	expect(&(struct call){ TU_HTTP_POST, h, L, "text/plain", "{}", 0 },
	       415, "unsupported_media_type");
	expect(&(struct call){ TU_HTTP_POST, h, L, NULL, "{}", 0 }, 415,
	       "unsupported_media_type");
	expect(&(struct call){ TU_HTTP_POST, h, L, "application/json",
			       "{\"item\": }", 0 }, 400, "bad_json");
	expect(&(struct call){ TU_HTTP_POST, h, L, "application/json",
			       "{\"a\":[[[[1]]]]}", 0 }, 400, "bad_json");
	expect(&(struct call){ TU_HTTP_POST, h, L, "application/json",
			       "{\"item\": \"0123456789012345678901234567890"
			       "123456789012345678901234567890\"}", 0 }, 413,
	       "too_large");
	assert_int_equal(run(&(struct call){ TU_HTTP_POST, h, L,
					     "Application/JSON; charset=utf-8",
					     "{\"item\": \"x\", \"n\": 1}", 0 },
			     &r, &info), 200);
	assert_string_equal(r.body.p, "{\"id\":\"ada\",\"keys\":2}");
	tu_http_resp_release(&r);
	/* no body at all: an empty object, whatever the content type */
	assert_int_equal(run(&(struct call){ TU_HTTP_POST, h, L, NULL, NULL,
					     0 }, &r, &info), 200);
	assert_string_equal(r.body.p, "{\"id\":\"ada\",\"keys\":0}");
	tu_http_resp_release(&r);
	/* the 400 names the position */
	assert_int_equal(run(&(struct call){ TU_HTTP_POST, h, L,
					     "application/json", "{\"a\" 1}",
					     0 }, &r, &info), 400);
	assert_non_null(strstr(r.body.p, "body: line 1 column"));
	tu_http_resp_release(&r);
}

static void handler_without_status(void **state)
{
	(void)state;
	expect(&(struct call){ TU_HTTP_GET, "/api/bug", 0, 0, 0, 0 }, 500,
	       "internal");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(not_found_and_method),
		cmocka_unit_test(static_and_head),
		cmocka_unit_test(authentication_and_roles),
		cmocka_unit_test(rate_limited),
		cmocka_unit_test(json_bodies),
		cmocka_unit_test(handler_without_status),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
