/*
 * mhd.c - the libmicrohttpd adapter.
 *
 * Daemon: MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL with a pool of
 * config.http_threads threads (each runs its own epoll loop and handles
 * its connections start to end), a connection limit, a per-connection
 * idle timeout, suspend/resume for event streams.
 *
 * Per request: the first callback records the start time and refuses a
 * declared Content-Length over config.max_body with 413 before any body
 * is read; body chunks are collected into a bounded buffer (a chunked
 * body that passes the limit is discarded and answered 413); the last
 * callback builds struct tu_http_req (percent-decoded path, the query
 * re-encoded from MHD's parsed arguments, the headers dispatch needs,
 * the client address) and runs tu_dispatch.  The response body buffer
 * is handed to MHD without a copy.  When the request is complete (MHD's
 * completion notice) its latency, metrics and access-log line are
 * recorded (tu_dispatch_done).
 *
 * Event streams (resp->sse_job): a callback response reads the job
 * stream; with nothing to send it suspends the connection and the jobs
 * module resumes it on news (jobs.h, struct tu_job_waker).
 *
 * Stop: quiesce (stop accepting), wait up to request_timeout_s for the
 * requests in flight to finish, then stop the daemon (idle keep-alive
 * connections are closed).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "jobs.h"
#include "mhd.h"
#include "srv.h"

struct tu_mhd {
	struct tu_srv *s;
	struct MHD_Daemon *d;
	uint16_t port;
	atomic_long in_flight;       /* requests begun and not completed */
};

/* One request's state across MHD's callbacks (*con_cls). */
struct req_state {
	struct tu_mhd *m;
	int64_t start_us;
	struct tu_sbuf body;
	bool too_large;
	bool answered;                /* a response was queued */
	char client[INET6_ADDRSTRLEN];
	char *path;                   /* owned copy */
	enum tu_http_method method;
	struct tu_req_info info;
	int status;
	uint64_t bytes;
};

/* A stream response's closure. */
struct sse_ctx {
	struct tu_job_stream *st;
	struct MHD_Connection *conn;
};

/* ---- requests ---------------------------------------------------------- */

static void client_addr(struct MHD_Connection *conn, char *buf, size_t cap)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(buf, cap, "?");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)
				     (const void *)sa)->sin_addr, buf,
			  (socklen_t)cap);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)
				      (const void *)sa)->sin6_addr, buf,
			  (socklen_t)cap);
}

static struct req_state *req_begin(struct tu_mhd *m,
				   struct MHD_Connection *conn,
				   const char *url, const char *method)
{
	struct req_state *rs = calloc(1, sizeof(*rs));

	if (!rs)
		return NULL;
	rs->m = m;
	rs->start_us = tu_srv_mono_us();
	tu_sbuf_init(&rs->body, m->s->cfg.max_body);
	rs->path = strdup(url ? url : "/");
	rs->method = tu_http_method_parse(method);
	rs->info.ri = -1;
	rs->info.route = "other";
	client_addr(conn, rs->client, sizeof(rs->client));
	atomic_fetch_add(&m->in_flight, 1);
	if (!rs->path) {
		tu_sbuf_release(&rs->body);
		atomic_fetch_sub(&m->in_flight, 1);
		free(rs);
		return NULL;
	}
	return rs;
}

static void req_free(struct req_state *rs)
{
	tu_sbuf_release(&rs->body);
	free(rs->path);
	free(rs);
}

/* Percent-encodes s onto b (unreserved characters kept). */
static void pct_encode(struct tu_sbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char e[3] = { '%', hex[c >> 4], hex[c & 15] };

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~')
			tu_sbuf_add(b, s, 1);
		else
			tu_sbuf_add(b, e, 3);
	}
}

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind,
			       const char *key, const char *value)
{
	struct tu_sbuf *b = cls;

	(void)kind;
	if (b->len)
		tu_sbuf_add(b, "&", 1);
	pct_encode(b, key);
	if (value) {
		tu_sbuf_add(b, "=", 1);
		pct_encode(b, value);
	}
	return MHD_YES;
}

static const char *header(struct MHD_Connection *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

/* ---- responses --------------------------------------------------------- */

static void add_header(struct MHD_Response *r, const char *k, const char *v)
{
	if (v && *v)
		MHD_add_response_header(r, k, v);
}

static void add_headers(struct MHD_Response *r, const struct tu_http_resp *resp)
{
	char retry[24];
	const char *ct = resp->content_type;

	add_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ct);
	add_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
		   resp->cache_control ? resp->cache_control : "no-store");
	add_header(r, MHD_HTTP_HEADER_SET_COOKIE, resp->set_cookie);
	add_header(r, MHD_HTTP_HEADER_LOCATION, resp->location);
	if (resp->retry_after_s) {
		snprintf(retry, sizeof(retry), "%u", resp->retry_after_s);
		add_header(r, MHD_HTTP_HEADER_RETRY_AFTER, retry);
	}
	add_header(r, "X-Content-Type-Options", "nosniff");
	add_header(r, "Referrer-Policy", "no-referrer");
	if (ct && strncmp(ct, "text/html", 9) == 0) {
		add_header(r, "Content-Security-Policy", "default-src 'self'; "
			   "img-src 'self' data:; object-src 'none'; "
			   "frame-ancestors 'none'; base-uri 'none'");
		add_header(r, "X-Frame-Options", "DENY");
	}
}

static void sse_suspend(void *ud)
{
	MHD_suspend_connection(((struct sse_ctx *)ud)->conn);
}

static void sse_resume(void *ud)
{
	MHD_resume_connection(((struct sse_ctx *)ud)->conn);
}

static ssize_t sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct sse_ctx *c = cls;
	struct tu_job_waker w = { sse_suspend, sse_resume, c };
	ssize_t n;

	(void)pos;
	n = tu_job_stream_read(c->st, buf, max, &w);
	return n < 0 ? (ssize_t)MHD_CONTENT_READER_END_OF_STREAM : n;
}

static void sse_free(void *cls)
{
	struct sse_ctx *c = cls;

	tu_job_stream_free(c->st);
	free(c);
}

static struct MHD_Response *sse_response(struct MHD_Connection *conn,
					 struct tu_http_resp *resp)
{
	struct sse_ctx *c = calloc(1, sizeof(*c));
	struct MHD_Response *r;

	if (!c) {
		tu_job_stream_free(resp->sse_job);
		resp->sse_job = NULL;
		return NULL;
	}
	c->st = resp->sse_job;
	c->conn = conn;
	resp->sse_job = NULL;
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, sse_read,
					      c, sse_free);
	if (!r) {
		sse_free(c);
		return NULL;
	}
	resp->content_type = "text/event-stream";
	resp->cache_control = "no-cache";
	add_headers(r, resp);
	add_header(r, "X-Accel-Buffering", "no");
	return r;
}

static struct MHD_Response *buffer_response(struct tu_http_resp *resp)
{
	struct MHD_Response *r;
	size_t len = resp->body.len;
	char *p = resp->body.p;

	if (len == 0)
		r = MHD_create_response_from_buffer(0, NULL,
						    MHD_RESPMEM_PERSISTENT);
	else
		r = MHD_create_response_from_buffer(len, p,
						    MHD_RESPMEM_MUST_FREE);
	if (!r)
		return NULL;
	if (len)   /* MHD owns the buffer now */
		tu_sbuf_init(&resp->body, resp->body.max);
	add_headers(r, resp);
	return r;
}

/* Queues resp on conn; MHD_NO (close the connection) when impossible. */
static enum MHD_Result send_resp(struct MHD_Connection *conn,
				 struct req_state *rs,
				 struct tu_http_resp *resp)
{
	struct MHD_Response *r;
	enum MHD_Result ok;

	rs->status = resp->status;
	rs->bytes = resp->body.len;
	rs->answered = true;
	r = resp->sse_job ? sse_response(conn, resp) : buffer_response(resp);
	if (!r)
		return MHD_NO;
	ok = MHD_queue_response(conn, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result answer_too_large(struct MHD_Connection *conn,
					struct req_state *rs)
{
	struct tu_http_resp resp;
	enum MHD_Result ok;

	tu_http_resp_init(&resp);
	tu_http_error(&resp, 413, "too_large", "body: more than %zu bytes",
		      rs->m->s->cfg.max_body);
	rs->info.route = "too_large";
	ok = send_resp(conn, rs, &resp);
	tu_http_resp_release(&resp);
	return ok;
}

/* The last callback of a request: dispatch and answer. */
static enum MHD_Result answer(struct MHD_Connection *conn,
			      struct req_state *rs)
{
	struct tu_http_resp resp;
	struct tu_http_req req;
	struct tu_sbuf query;
	enum MHD_Result ok;

	if (rs->too_large)
		return answer_too_large(conn, rs);
	tu_sbuf_init(&query, 8192);
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_arg, &query);
	memset(&req, 0, sizeof(req));
	req.method = rs->method;
	req.path = rs->path;
	req.query = query.p && !query.over ? query.p : "";
	req.authorization = header(conn, MHD_HTTP_HEADER_AUTHORIZATION);
	req.idempotency_key = header(conn, "Idempotency-Key");
	req.cookie = header(conn, MHD_HTTP_HEADER_COOKIE);
	req.content_type = header(conn, MHD_HTTP_HEADER_CONTENT_TYPE);
	req.body = rs->body.len ? rs->body.p : NULL;
	req.body_len = rs->body.len;
	req.client = rs->client;
	req.now = tu_srv_now();
	tu_http_resp_init(&resp);
	tu_dispatch(rs->m->s, &req, &resp, &rs->info);
	ok = send_resp(conn, rs, &resp);
	tu_http_resp_release(&resp);
	tu_sbuf_release(&query);
	return ok;
}

/* Whether the declared Content-Length passes the limit. */
static bool declared_too_large(struct MHD_Connection *conn, size_t max)
{
	const char *cl = header(conn, MHD_HTTP_HEADER_CONTENT_LENGTH);
	char *end;
	unsigned long long n;

	if (!cl)
		return false;
	n = strtoull(cl, &end, 10);
	return end != cl && n > max;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct req_state *rs = *con_cls;

	(void)version;
	if (!rs) {
		rs = req_begin(cls, conn, url, method);
		if (!rs)
			return MHD_NO;
		*con_cls = rs;
		if (declared_too_large(conn, rs->m->s->cfg.max_body)) {
			rs->too_large = true;
			return answer_too_large(conn, rs);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (!rs->too_large && !rs->answered &&
		    !tu_sbuf_add(&rs->body, upload, *upload_size)) {
			rs->too_large = true;
			tu_sbuf_release(&rs->body);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (rs->answered)
		return MHD_YES;
	return answer(conn, rs);
}

static void on_completed(void *cls, struct MHD_Connection *conn,
			 void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct tu_mhd *m = cls;
	struct req_state *rs = *con_cls;
	struct tu_http_req req;

	(void)conn;
	if (!rs)
		return;
	*con_cls = NULL;
	memset(&req, 0, sizeof(req));
	req.method = rs->method;
	req.path = rs->path;
	req.client = rs->client;
	if (rs->answered)
		tu_dispatch_done(m->s, &req, &rs->info, rs->status,
				 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ?
				 rs->bytes : 0, tu_srv_mono_us() - rs->start_us);
	req_free(rs);
	atomic_fetch_sub(&m->in_flight, 1);
}

/* ---- the daemon -------------------------------------------------------- */

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("tutor: http: ", stderr);
	vfprintf(stderr, fmt, ap);
}

/* Fills the socket address for bind:port; false when bind is not an IP
 * literal. */
static bool make_addr(const char *bind, uint16_t port,
		      struct sockaddr_storage *ss, bool *v6)
{
	struct sockaddr_in *a4 = (struct sockaddr_in *)(void *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)(void *)ss;

	memset(ss, 0, sizeof(*ss));
	*v6 = false;
	if (inet_pton(AF_INET, bind, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons(port);
		return true;
	}
	if (inet_pton(AF_INET6, bind, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(port);
		*v6 = true;
		return true;
	}
	return false;
}

static struct MHD_Daemon *daemon_start(struct tu_mhd *m,
				       struct sockaddr_storage *ss, bool v6)
{
	const struct tu_server_config *c = &m->s->cfg;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
			 MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG |
			 (v6 ? MHD_USE_IPv6 : 0);

	return MHD_start_daemon(flags, 0, NULL, NULL, on_request, m,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)ss,
		MHD_OPTION_THREAD_POOL_SIZE,
		(unsigned)(c->http_threads > 1 ? c->http_threads : 0),
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)c->max_connections,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)c->request_timeout_s,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, m,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
		MHD_OPTION_END);
}

enum tu_status tu_mhd_start(struct tu_srv *s, struct tu_mhd **out,
			    struct tu_err *err)
{
	const union MHD_DaemonInfo *di;
	struct sockaddr_storage ss;
	struct tu_mhd *m;
	bool v6;

	*out = NULL;
	if (!make_addr(s->cfg.bind, s->cfg.port, &ss, &v6))
		return tu_err_set(err, TU_EINVAL, "--bind: '%s' is not an "
				  "IPv4 or IPv6 address", s->cfg.bind);
	m = calloc(1, sizeof(*m));
	if (!m)
		return tu_err_set(err, TU_ENOMEM, "server: out of memory");
	m->s = s;
	m->d = daemon_start(m, &ss, v6);
	if (!m->d) {
		free(m);
		return tu_err_set(err, TU_EIO, "cannot listen on %s port %u "
				  "(in use, or not allowed)", s->cfg.bind,
				  (unsigned)s->cfg.port);
	}
	di = MHD_get_daemon_info(m->d, MHD_DAEMON_INFO_BIND_PORT);
	m->port = di && di->port ? di->port : s->cfg.port;
	*out = m;
	return TU_OK;
}

uint16_t tu_mhd_port(const struct tu_mhd *m)
{
	return m ? m->port : 0;
}

void tu_mhd_stop(struct tu_mhd *m)
{
	MHD_socket fd;
	int64_t deadline;

	if (!m)
		return;
	fd = MHD_quiesce_daemon(m->d);
	deadline = tu_srv_mono_us() +
		   (int64_t)m->s->cfg.request_timeout_s * 1000000;
	while (atomic_load(&m->in_flight) > 0 && tu_srv_mono_us() < deadline)
		usleep(10000);
	MHD_stop_daemon(m->d);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	free(m);
}
