/* fuzz_http_route.c - libFuzzer target for the HTTP pieces that see raw
 * request data (src/server/route.c, http.c, static.c): the router, the
 * JSON body parser, query parameters and the static-file path check.
 * Byte 0 picks the method, byte 1 the JSON depth limit, bytes 2 and 3 the
 * lengths of the path and the query; the rest after them is the body.
 * Invariants: a match yields well-formed parameters of the matched
 * route; a parsed body is an object within the depth limit that dumps
 * and parses again; a failed parse names "body: line L column C"; query
 * values are bounded UTF-8 without NUL; a path the static check accepts
 * has no dot segment or backslash.  Never crashes or leaks. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "srv.h"
#include "tutor/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void h(struct tu_srv *s, const struct tu_http_req *req,
	      const struct tu_route_params *params,
	      const struct tu_principal *who, const json_t *body,
	      struct tu_http_resp *resp)
{
	(void)s; (void)req; (void)params; (void)who; (void)body; (void)resp;
}

/* The shape of the real table (routes.c). */
static const struct tu_route table[] = {
	{ TU_HTTP_GET, "/healthz", h, TU_ROLE_ANON, false, "healthz" },
	{ TU_HTTP_POST, "/api/login", h, TU_ROLE_ANON, true, "login" },
	{ TU_HTTP_GET, "/api/problems/:id", h, TU_ROLE_LEARNER, false, "p" },
	{ TU_HTTP_GET, "/api/learners/:id/state", h, TU_ROLE_LEARNER, false,
	  "state" },
	{ TU_HTTP_POST, "/api/learners/:id/submissions", h, TU_ROLE_LEARNER,
	  true, "submit" },
	{ TU_HTTP_GET, "/api/submissions/:sid/events", h, TU_ROLE_LEARNER,
	  false, "events" },
	{ TU_HTTP_POST, "/api/cohorts/join", h, TU_ROLE_LEARNER, true, "j" },
	{ TU_HTTP_GET, "/api/cohorts/:cid", h, TU_ROLE_INSTRUCTOR, false, "c" },
	{ TU_HTTP_GET, "/x/:a/:b/:c/:d", h, TU_ROLE_ANON, false, "four" },
};
#define N_ROUTES (sizeof(table) / sizeof(table[0]))

static bool id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static void check_route(enum tu_http_method m, const char *path)
{
	struct tu_route_params p;
	bool known;
	long ri = tu_route_match(table, N_ROUTES, m, path, &p, &known);

	if (ri < 0) {
		if (p.n != 0)
			abort();
		return;
	}
	if ((size_t)ri >= N_ROUTES || table[ri].method != m ||
	    p.n > TU_ROUTE_PARAMS_MAX)
		abort();
	for (size_t i = 0; i < p.n; i++) {
		size_t n = strlen(p.v[i].value);

		if (n == 0 || n > 127 || !strstr(path, p.v[i].value))
			abort();
		for (size_t k = 0; k < n; k++)
			if (!id_char(p.v[i].value[k]))
				abort();
	}
}

static unsigned depth_of(const json_t *v)
{
	unsigned d = 0, c;
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach((json_t *)(uintptr_t)v, k, x)
			if ((c = depth_of(x)) > d)
				d = c;
		return d + 1;
	}
	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			if ((c = depth_of(x)) > d)
				d = c;
		return d + 1;
	}
	return 0;
}

static void check_body(const char *body, size_t len, unsigned depth)
{
	struct tu_err err = TU_ERR_INIT;
	json_t *v = tu_http_parse_body(body, len, depth, &err), *again;
	char *s;

	if (!v) {
		if (strncmp(err.msg, "body: ", 6) != 0)
			abort();
		if (len && !strstr(err.msg, "line ") &&
		    !strstr(err.msg, "empty"))
			abort();
		return;
	}
	if (!json_is_object(v) || depth_of(v) > depth)
		abort();
	s = json_dumps(v, JSON_COMPACT);
	if (!s)
		abort();
	again = tu_http_parse_body(s, strlen(s), depth, &err);
	if (!again || !json_equal(v, again))
		abort();
	json_decref(again);
	free(s);
	json_decref(v);
}

static void check_query(const char *q)
{
	static const char *const names[] = { "format", "limit", "", "a b" };
	char buf[32];

	for (size_t i = 0; i < 4; i++)
		if (tu_http_query_get(q, names[i], buf, sizeof(buf)) &&
		    (strlen(buf) >= sizeof(buf) ||
		     !tu_utf8_valid(buf, strlen(buf), NULL)))
			abort();
}

static void check_static(const char *path)
{
	if (!tu_static_path_ok(path))
		return;
	if (path[0] != '/' || strstr(path, "/.") || strchr(path, '\\') ||
	    strstr(path, "//"))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path, *query;
	size_t lp, lq;
	enum tu_http_method m;
	unsigned depth;

	if (size < 4)
		return 0;
	m = (enum tu_http_method)(data[0] % (TU_HTTP_OTHER + 1));
	depth = 1u + data[1] % 40u;
	lp = data[2];
	lq = data[3];
	data += 4;
	size -= 4;
	if (lp > size)
		lp = size;
	if (lq > size - lp)
		lq = size - lp;
	/* the adapter hands NUL-terminated strings: an embedded NUL ends
	 * them, as it would after percent-decoding */
	path = strndup((const char *)data, lp);
	query = strndup((const char *)data + lp, lq);
	if (!path || !query)
		abort();
	check_route(m, path);
	check_static(path);
	check_query(query);
	check_body((const char *)data + lp + lq, size - lp - lq, depth);
	free(path);
	free(query);
	return 0;
}
