/*
 * server_internal.h - the contracts between the parts of src/server/:
 * the libmicrohttpd adapter (mhd.c), the pure router (route.c), the
 * request pipeline (dispatch.c: route -> rate limit -> authenticate ->
 * authorise role -> parse JSON -> handler -> access log + metrics), the
 * accounts and sessions (auth.c), and the handlers (api_*.c).
 *
 * Nothing here is public API; tests and the fuzz target include it.
 * Ownership: a request's strings are borrowed from the adapter for the
 * duration of the dispatch; a response owns its body buffer.
 */
#ifndef TUTOR_SERVER_INTERNAL_H
#define TUTOR_SERVER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "tutor/err.h"
#include "tutor/learner.h"
#include "tutor/server.h"

enum tu_http_method {
	TU_HTTP_GET = 0, TU_HTTP_POST, TU_HTTP_PUT, TU_HTTP_PATCH,
	TU_HTTP_DELETE, TU_HTTP_HEAD, TU_HTTP_OPTIONS, TU_HTTP_OTHER
};

struct tu_http_req {
	enum tu_http_method method;
	const char *path;          /* percent-decoded, without the query */
	const char *query;         /* raw query string, "" when none */
	const char *authorization; /* header value or NULL */
	const char *cookie;        /* header value or NULL */
	const char *content_type;  /* header value or NULL */
	const char *body;          /* NULL when none; not NUL-terminated */
	size_t body_len;           /* <= config max_body (the adapter refuses
				      longer bodies with 413 before dispatch) */
	const char *client;        /* "127.0.0.1" */
	int64_t now;               /* Unix seconds when the request arrived */
	const char *idempotency_key; /* Idempotency-Key header or NULL */
};

/* A growable, bounded byte buffer (the response body). */
struct tu_sbuf {
	char *p;
	size_t len, cap, max;
	bool over;                 /* a write was cut at max */
};

struct tu_http_resp {
	int status;
	const char *content_type;  /* static string */
	const char *cache_control; /* static string or NULL (no header) */
	struct tu_sbuf body;
	char set_cookie[256];      /* "" when none */
	char location[256];
	unsigned retry_after_s;    /* 0 = no header */
	/* server-sent events: when non-NULL the adapter streams instead of
	 * sending body (see api_submissions.c) */
	void *sse_job;
};

#define TU_ROUTE_PARAMS_MAX 4
struct tu_route_params {
	size_t n;
	struct { char name[32]; char value[128]; } v[TU_ROUTE_PARAMS_MAX];
};

enum tu_role { TU_ROLE_ANON = 0, TU_ROLE_LEARNER, TU_ROLE_INSTRUCTOR };

/* Who is asking (filled by dispatch from the session). */
struct tu_principal {
	enum tu_role role;
	int64_t account;              /* 0 when anonymous */
	char username[64];
	char learner[TU_ID_MAX];      /* learner accounts: their learner id */
};

struct tu_srv;   /* the server context handlers get (server.c) */

typedef void (*tu_handler_fn)(struct tu_srv *s, const struct tu_http_req *req,
			      const struct tu_route_params *params,
			      const struct tu_principal *who,
			      const json_t *body, struct tu_http_resp *resp);

struct tu_route {
	enum tu_http_method method;
	const char *pattern;          /* "/api/learners/:id/state" */
	tu_handler_fn fn;
	enum tu_role min_role;        /* ANON: public */
	bool json_body;               /* parse the body as a JSON object */
	const char *name;             /* for logs and metrics: "learner_state" */
};

/*
 * The pure router: finds the route of table[0..n) matching method and
 * path, filling params (each segment value at most 127 bytes, ids only
 * [A-Za-z0-9_.-]).  Returns the index, or -1 with *path_known set when
 * the path matched some route with another method (405) and clear for
 * 404.  Never allocates.
 */
long tu_route_match(const struct tu_route *table, size_t n,
		    enum tu_http_method method, const char *path,
		    struct tu_route_params *params, bool *path_known);

/* Parses a JSON body (object, depth <= max_depth, UTF-8, no duplicate
 * keys); NULL with a message "body: line 1 column 9: ..." in err. */
json_t *tu_http_parse_body(const char *body, size_t len, unsigned max_depth,
			   struct tu_err *err);

/* Sets resp to a JSON error {"error": {"code", "message"}}. */
void tu_http_error(struct tu_http_resp *resp, int status, const char *code,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Sets resp to 200/201 with the JSON value (stolen). */
void tu_http_json(struct tu_http_resp *resp, int status, json_t *v);

#endif
