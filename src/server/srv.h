/*
 * srv.h - the server context every handler gets (struct tu_srv), the
 * per-thread working set (struct tu_srv_ctx: a store connection, an
 * orchestrator and an assistant), and the internal functions the parts of
 * src/server/ call across files: response helpers, the route table,
 * dispatch, static files, metrics, the access log, and the functions
 * "auth" implements (auth.c, rate.c).
 *
 * Thread model (docs/server.md): libmicrohttpd runs a pool of
 * config.http_threads threads; each request is handled start to end on
 * one of them.  A thread that touches the store asks tu_srv_ctx_get for
 * its own struct tu_srv_ctx, made on first use and kept until the server
 * stops, so no request opens the store and no global mutex serialises
 * requests.  SQLite in WAL mode lets those connections read in parallel
 * and serialises writers; the orchestrator's compare-and-set makes two
 * writers to one learner safe.  The judge workers have contexts of their
 * own (jobs.c).
 *
 * Ownership: struct tu_srv owns everything it points to; handlers borrow
 * it for the duration of a request.  A struct tu_srv_ctx belongs to one
 * thread; never hand it to another.
 */
#ifndef TUTOR_SRV_H
#define TUTOR_SRV_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tutor/assist.h"
#include "tutor/content.h"
#include "tutor/orch.h"
#include "tutor/server.h"
#include "tutor/store.h"
#include "server_internal.h"

#define TU_RESP_MAX (32u << 20)     /* bytes of one response body */
#define TU_SRV_PATH_MAX 4096        /* bytes of a request path */

/* ---- the per-thread working set ---------------------------------------- */

struct tu_srv_ctx {
	struct tu_store *store;        /* this thread's connection, owned */
	struct tu_orch orch;           /* over store and the course, owned */
	struct tu_assist *assist;      /* over store and the course, owned */
	bool have_orch;                /* orch was initialised */
	struct tu_srv_ctx *next;       /* the server's list of contexts */
};

struct tu_metrics;
struct tu_accesslog;
struct tu_jobs;
struct tu_rate;                    /* rate.c ("auth") */

struct tu_srv {
	struct tu_server_config cfg;   /* strings point at the copies below */
	char *bind, *db_path, *course_dir, *web_dir;
	struct tu_course course;       /* loaded once, read-only */
	struct tu_path_runtime path;   /* the policy's index and model */
	struct tu_agent_config agents; /* the orchestrators' configuration */
	struct tu_assist_config assist_cfg;
	const struct tu_route *routes; /* tu_route_table() */
	size_t n_routes;
	struct tu_jobs *jobs;          /* the asynchronous judge (jobs.h) */
	struct tu_metrics *metrics;
	struct tu_accesslog *log;      /* NULL: no access log */
	struct tu_rate *rate;          /* rate buckets (rate.c) */
	struct tu_orch_cache *states;  /* every context's orchestrator's
					  learner-state cache, owned */
	pthread_mutex_t ctx_lock;      /* guards ctxs */
	struct tu_srv_ctx *ctxs;       /* every context made, freed at stop */
	atomic_bool stopping;          /* set when tu_server_stop begins */
	uint64_t serial;               /* unique per server in the process */
	int64_t started;               /* Unix seconds */
};

/*
 * The calling thread's context, made on first use (a store connection,
 * an orchestrator and an assistant over the course).  NULL with err set when the store cannot be opened; a later
 * call tries again.  Thread-safe; the result is valid until the server
 * stops and must only be used on the calling thread.
 */
struct tu_srv_ctx *tu_srv_ctx_get(struct tu_srv *s, struct tu_err *err);

/* Makes a context on behalf of a thread that is not an HTTP thread (the
 * judge workers); registered with s like the others.  NULL + err. */
struct tu_srv_ctx *tu_srv_ctx_new(struct tu_srv *s, struct tu_err *err);

/* Sessions not yet expired (for /metrics); TU_EUNAVAIL when the store
 * cannot say. */
enum tu_status tu_srv_sessions(struct tu_srv *s, uint64_t *n,
			       struct tu_err *err);

/* Current time: Unix seconds and milliseconds (CLOCK_REALTIME) and a
 * monotonic clock in microseconds. */
int64_t tu_srv_now(void);
int64_t tu_srv_now_ms(void);
int64_t tu_srv_mono_us(void);

/* ---- the bounded byte buffer (http.c) ---------------------------------- */

/* Empty buffer that may grow to max bytes (owns nothing yet). */
void tu_sbuf_init(struct tu_sbuf *b, size_t max);
/* Frees the buffer and empties it (max kept). */
void tu_sbuf_release(struct tu_sbuf *b);
/* Keeps the memory, sets len to 0 and clears over. */
void tu_sbuf_reset(struct tu_sbuf *b);
/* Appends n bytes (keeping a NUL after them); false, and over set, when
 * that would pass max or memory runs out (nothing appended). */
bool tu_sbuf_add(struct tu_sbuf *b, const void *p, size_t n);
bool tu_sbuf_adds(struct tu_sbuf *b, const char *s);
bool tu_sbuf_addf(struct tu_sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- responses (http.c) ------------------------------------------------- */

/* An empty response (status 0 = "not set"), body limit TU_RESP_MAX. */
void tu_http_resp_init(struct tu_http_resp *r);
/* Frees the body (and nothing else: sse_job is the adapter's business). */
void tu_http_resp_release(struct tu_http_resp *r);
/* Status with no body (204, or a 202 without one). */
void tu_http_status(struct tu_http_resp *r, int status);
/* The value of query parameter name in query ("a=1&b=x"), percent-decoded
 * into buf[cap].  false when absent, too long or not valid UTF-8 text
 * without NUL. */
bool tu_http_query_get(const char *query, const char *name, char *buf,
		       size_t cap);
/* The method of a request line token ("GET"); TU_HTTP_OTHER otherwise. */
enum tu_http_method tu_http_method_parse(const char *m);
const char *tu_http_method_name(enum tu_http_method m);
/* The standard error code name for status ("not_found", ...). */
const char *tu_http_status_code(int status);
/* Maps a library status to an HTTP status and error (404 for
 * TU_ENOTFOUND, 400 for TU_EINVAL/TU_ERANGE/TU_EPARSE, 409 for
 * TU_ECONFLICT, 503 for TU_EUNAVAIL/TU_ETIMEOUT/TU_EBUDGET, else 500). */
void tu_http_error_status(struct tu_http_resp *r, enum tu_status st,
			  const struct tu_err *err);

/* ---- the route table (routes.c, owned by "api") ------------------------ */

/* The server's routes (static storage); *n gets their number. */
const struct tu_route *tu_route_table(size_t *n);

/* ---- dispatch (dispatch.c) --------------------------------------------- */

/* What dispatch learned about a request, for the access log. */
struct tu_req_info {
	long ri;                  /* route index, -1 when none matched */
	const char *route;        /* route name, "static", "not_found", ... */
	char account[64];         /* username, "" when anonymous */
};

/*
 * Runs the pipeline for req into resp (initialised by the caller):
 * route (404/405), authenticate, rate limit (429), role (401/403),
 * content type (415) and JSON body (400/413) for JSON routes, the
 * handler (a handler leaving status 0 is a bug: 500, logged), static
 * files for GET/HEAD outside /api/.  Fills info.  Never fails.
 */
void tu_dispatch(struct tu_srv *s, const struct tu_http_req *req,
		 struct tu_http_resp *resp, struct tu_req_info *info);

/* Records a finished request: metrics and the access log line. */
void tu_dispatch_done(struct tu_srv *s, const struct tu_http_req *req,
		      const struct tu_req_info *info, int status,
		      uint64_t bytes, int64_t duration_us);

/* ---- static files (static.c) ------------------------------------------- */

/*
 * Serves path from dir into resp: "/" and paths without a file (no dot
 * in the last segment) give index.html (the web UI routes itself);
 * anything with "..", a NUL, a backslash or a hidden segment, or that
 * resolves outside dir (symlinks included) is 404.  Content-Type from
 * the extension; Cache-Control "no-cache" for HTML, long-lived for
 * /assets/.  Files larger than TU_RESP_MAX are 500.
 */
void tu_static_serve(const char *dir, const char *path,
		     struct tu_http_resp *resp);
/* The MIME type for a file name ("application/octet-stream" default). */
const char *tu_static_mime(const char *name);
/* true when path is safe to join to a web directory (see above). */
bool tu_static_path_ok(const char *path);

/* ---- metrics (metrics.c) ----------------------------------------------- */

/* NULL when out of memory.  routes: the table (names are borrowed). */
struct tu_metrics *tu_metrics_new(const struct tu_route *routes, size_t n);
void tu_metrics_free(struct tu_metrics *m);
/* Counts one request of route index ri (-1: not a route; then name says
 * which: "static", "not_found", "method_not_allowed", else "other") with
 * status and latency.  Lock-free (atomics); m NULL does nothing. */
void tu_metrics_observe(struct tu_metrics *m, long ri, const char *name,
			int status, int64_t duration_us);
/* Appends the Prometheus text exposition to b. */
void tu_metrics_render(struct tu_srv *s, struct tu_sbuf *b);

/* GET /healthz and GET /metrics (list them in the route table). */
void tu_api_healthz(struct tu_srv *s, const struct tu_http_req *req,
		    const struct tu_route_params *params,
		    const struct tu_principal *who, const json_t *body,
		    struct tu_http_resp *resp);
void tu_api_metrics(struct tu_srv *s, const struct tu_http_req *req,
		    const struct tu_route_params *params,
		    const struct tu_principal *who, const json_t *body,
		    struct tu_http_resp *resp);

/* ---- access log (accesslog.c) ------------------------------------------ */

/* A log writing to f (borrowed; NULL: returns NULL, no log). */
struct tu_accesslog *tu_accesslog_new(FILE *f);
void tu_accesslog_free(struct tu_accesslog *l);

struct tu_access_entry {
	int64_t time_ms;          /* Unix milliseconds */
	const char *client, *method, *route, *path, *account;
	int status;
	uint64_t bytes;
	double duration_ms;
};

/* Writes one JSON object and a newline (one write, under a mutex). */
void tu_accesslog_write(struct tu_accesslog *l,
			const struct tu_access_entry *e);
/* The same line into b (tests). */
void tu_accesslog_format(const struct tu_access_entry *e, struct tu_sbuf *b);

/* ---- implemented by "auth" (auth.c, rate.c) ---------------------------- */

/*
 * Who sent req: the session from the cookie tutor_session or
 * "Authorization: Bearer <token>".  TU_OK with who->role TU_ROLE_ANON
 * when no credentials were sent; TU_ENOTFOUND (unknown, expired or
 * malformed token: who is anonymous, err says why) - dispatch answers 401
 * on routes that need an account; other errors (TU_EIO) are 500/503.
 */
enum tu_status tu_auth_principal(struct tu_srv *s, const struct tu_http_req *req,
				 struct tu_principal *who, struct tu_err *err);
/* Takes one token from the bucket of who (an account) or of client
 * (anonymous); false with *retry_after_s (>= 1) when it is empty. */
bool tu_rate_allow(struct tu_srv *s, const struct tu_principal *who,
		   const char *client, int64_t now_ms, unsigned *retry_after_s);
/* The rate buckets for per-account and per-address limits (per minute);
 * NULL when out of memory.  tu_rate_free(NULL) is fine. */
struct tu_rate *tu_rate_new(unsigned per_min, unsigned anon_per_min);
void tu_rate_free(struct tu_rate *r);
/* 0 when who may act on learner id (write: self only; read: self or an
 * instructor of a cohort holding id); else sets resp to 403/404 and
 * returns -1. */
int tu_authz_learner(struct tu_srv *s, const struct tu_principal *who,
		     const char *learner, bool write, struct tu_http_resp *resp);

#endif
