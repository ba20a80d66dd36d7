/*
 * transport.c - one HTTP POST to the server with libcurl, and the retry
 * loop around it (tutor/llm.h, "Transport"; docs/llm-client.md).
 *
 * Per attempt: connect and total timeouts, a body capped at
 * max_response_bytes (an error body at TU__LLM_ERRBODY_MAX, silently),
 * Content-Type and Retry-After read from the headers.  A 2xx
 * text/event-stream answer to a streaming call goes through the SSE
 * parser and tu_llm_parse_chunk as it arrives (memory bounded by the SSE
 * event limit and the answer limit); anything else is collected whole.
 *
 * Retried: transport failures (no connection, reset, empty reply) and
 * HTTP 408, 429 and 5xx, at most max_retries times, after a sleep of
 * Retry-After (capped at backoff_max_ms) or full jitter in
 * [0, min(backoff_max, backoff_base * 2^attempt)].  Not retried: a
 * timeout (the server was reached but too slow: TU_ETIMEOUT), an answer
 * over the limit (TU_ERANGE), a malformed stream (TU_EPARSE), other 4xx,
 * and a stream whose first fragments were already handed to on_delta.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "llm_internal.h"

struct xfer {
	struct tu_llm_client *cl;
	const struct tu__llm_call *call;   /* NULL: never streamed */
	struct tu__buf body;               /* a whole (non-SSE) body */
	struct tu_sse sse;
	struct tu_llm_reply *out;          /* streamed content goes here */
	char ctype[64];
	char errbuf[CURL_ERROR_SIZE];
	int64_t retry_after_ms;            /* -1: no Retry-After */
	long status;
	bool typed, streaming, too_big, done, delivered;
	enum tu_status sse_rc;
	struct tu_err sse_err;
};

static bool is_2xx(long s)
{
	return s >= 200 && s < 300;
}

/* ------------------------------------------------------------ headers */

/* Does the header line p[0..n) name `name`?  Sets *val to its value. */
static bool header_is(const char *p, size_t n, const char *name,
		      char *val, size_t cap)
{
	size_t k = strlen(name), v = 0;

	if (n <= k || p[k] != ':' || strncasecmp(p, name, k) != 0)
		return false;
	p += k + 1;
	n -= k + 1;
	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == '\n' ||
			 p[n - 1] == ' '))
		n--;
	for (; v < n && v + 1 < cap; v++)
		val[v] = p[v];
	val[v] = '\0';
	return true;
}

/* Retry-After: delta seconds or an HTTP date; -1 when unreadable. */
static int64_t parse_retry_after(const char *v)
{
	char *end;
	unsigned long long s;
	time_t t, now;

	if (*v >= '0' && *v <= '9') {
		errno = 0;
		s = strtoull(v, &end, 10);
		if (*end || errno)
			return -1;
		return s > 86400 ? 86400000 : (int64_t)s * 1000;
	}
	t = curl_getdate(v, NULL);
	if (t < 0)
		return -1;
	now = time(NULL);
	return t <= now ? 0 : (int64_t)(t - now) * 1000;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct xfer *x = ud;
	size_t len = size * n;
	char val[128];

	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {   /* a new response */
		x->ctype[0] = '\0';
		x->retry_after_ms = -1;
	} else if (header_is(p, len, "content-type", val, sizeof(val))) {
		snprintf(x->ctype, sizeof(x->ctype), "%.63s", val);
	} else if (header_is(p, len, "retry-after", val, sizeof(val))) {
		x->retry_after_ms = parse_retry_after(val);
	}
	return len;
}

/* -------------------------------------------------------------- bodies */

static int on_event(void *ud, const char *data, size_t len)
{
	struct xfer *x = ud;
	size_t before = x->out->len;
	bool done = false;
	const struct tu__llm_call *c = x->call;

	x->sse_rc = tu_llm_parse_chunk(data, len, x->cl->cfg.max_response_bytes,
				       x->out, &done, &x->sse_err);
	if (x->sse_rc != TU_OK)
		return 1;
	if (x->out->len > before && c->on_delta) {
		c->on_delta(c->ud, x->out->content + before,
			    x->out->len - before);
		x->delivered = true;
	}
	x->done = done;
	return done ? 1 : 0;
}

static void first_write(struct xfer *x)
{
	x->typed = true;
	curl_easy_getinfo(x->cl->curl, CURLINFO_RESPONSE_CODE, &x->status);
	x->streaming = x->call && x->call->stream && is_2xx(x->status) &&
		       strncasecmp(x->ctype, "text/event-stream", 17) == 0;
	if (!is_2xx(x->status))
		x->body.max = TU__LLM_ERRBODY_MAX;
}

static size_t on_write(char *p, size_t size, size_t n, void *ud)
{
	struct xfer *x = ud;
	size_t len = size * n;
	enum tu_status rc;

	if (!x->typed)
		first_write(x);
	if (x->streaming) {
		rc = tu_sse_feed(&x->sse, p, len, on_event, x, &x->sse_err);
		if (rc != TU_OK)
			x->sse_rc = rc;
		return x->sse.stopped || rc != TU_OK ? 0 : len;
	}
	rc = tu__buf_add(&x->body, p, len);
	if (rc == TU_OK || !is_2xx(x->status))
		return len;             /* an error body is cut silently */
	x->too_big = rc == TU_ERANGE;
	if (rc == TU_ENOMEM)
		x->sse_rc = tu_err_set(&x->sse_err, rc, "out of memory");
	return 0;
}

/* ------------------------------------------------------------ attempts */

static void xfer_reset(struct xfer *x)
{
	x->body.len = 0;
	x->body.max = x->cl->cfg.max_response_bytes;
	tu_sse_release(&x->sse);
	if (x->out) {
		free(x->out->content);
		x->out->content = NULL;
		x->out->len = 0;
		x->out->finish_reason[0] = '\0';
		memset(&x->out->usage, 0, sizeof(x->out->usage));
	}
	x->ctype[0] = x->errbuf[0] = '\0';
	x->retry_after_ms = -1;
	x->status = 0;
	x->typed = x->streaming = x->too_big = x->done = false;
	x->sse_rc = TU_OK;
	tu_err_clear(&x->sse_err);
}

static CURLcode perform(struct xfer *x, const char *url, const char *body)
{
	struct tu_llm_client *cl = x->cl;
	CURL *c = cl->curl;
	CURLcode rc;

	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "tutor-llm/1");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, cl->headers);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
			 (curl_off_t)strlen(body));
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
			 (long)cl->cfg.connect_timeout_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)cl->cfg.timeout_ms);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &x->status);
	return rc;
}

enum outcome { OUT_OK, OUT_RETRY, OUT_FAIL };

/* The HTTP error of a finished non-2xx attempt. */
static enum outcome http_error(struct xfer *x, const char *url,
			       enum tu_status *st, struct tu_err *err)
{
	char msg[TU__LLM_SERVER_MSG_MAX + 1] = "";
	json_t *root = x->body.len ? json_loadb(x->body.p, x->body.len, 0,
						NULL) : NULL;
	long s = x->status;

	tu__llm_error_message(root, msg, sizeof(msg));
	json_decref(root);
	*st = tu_err_set(err, TU_EUNAVAIL, "%s: HTTP %ld%s%s", url, s,
			 msg[0] ? ": " : "", msg);
	return s == 408 || s == 429 || s >= 500 ? OUT_RETRY : OUT_FAIL;
}

static enum outcome classify(struct xfer *x, CURLcode rc, const char *url,
			     enum tu_status *st, struct tu_err *err)
{
	*st = TU_OK;
	if (x->done)
		return OUT_OK;            /* [DONE] seen; the rest is dropped */
	if (x->sse_rc != TU_OK) {
		*st = tu_err_set(err, x->sse_rc, "%s: %s", url,
				 x->sse_err.msg);
		return OUT_FAIL;
	}
	if (x->too_big) {
		*st = tu_err_set(err, TU_ERANGE, "%s: answer over the limit of "
				 "%zu bytes", url,
				 x->cl->cfg.max_response_bytes);
		return OUT_FAIL;
	}
	if (rc == CURLE_OPERATION_TIMEDOUT) {
		*st = tu_err_set(err, TU_ETIMEOUT, "%s: no answer within %u ms",
				 url, x->cl->cfg.timeout_ms);
		return OUT_FAIL;
	}
	if (rc != CURLE_OK) {
		*st = tu_err_set(err, TU_EUNAVAIL, "%s: %s", url,
				 x->errbuf[0] ? x->errbuf
					      : curl_easy_strerror(rc));
		return x->delivered ? OUT_FAIL : OUT_RETRY;
	}
	if (is_2xx(x->status))
		return OUT_OK;
	return http_error(x, url, st, err);
}

static uint32_t backoff_ms(struct tu_llm_client *cl, uint32_t attempt,
			   int64_t retry_after)
{
	uint64_t cap = cl->cfg.backoff_base_ms, max = cl->cfg.backoff_max_ms;

	if (retry_after >= 0)
		return (uint32_t)((uint64_t)retry_after < max
				  ? (uint64_t)retry_after : max);
	for (uint32_t i = 0; i < attempt && cap < max; i++)
		cap *= 2;
	if (cap > max)
		cap = max;
	return (uint32_t)tu_rng_below(&cl->rng, cap + 1);
}

/* Runs the attempts; on TU_OK x holds the successful answer. */
static enum tu_status run(struct xfer *x, const char *endpoint,
			  const char *body, uint32_t *requests, long *status,
			  struct tu_err *err)
{
	char url[TU_LLM_URL_MAX + 32], where[TU_LLM_URL_MAX + 32];
	struct tu_llm_client *cl = x->cl;
	enum tu_status st;

	snprintf(url, sizeof(url), "%s%s", cl->cfg.base_url, endpoint);
	snprintf(where, sizeof(where), "%s%s", cl->where, endpoint);
	for (uint32_t attempt = 0;; attempt++) {
		CURLcode rc;
		enum outcome o;

		xfer_reset(x);
		rc = perform(x, url, body);
		(*requests)++;
		*status = x->status;
		o = classify(x, rc, where, &st, err);
		if (o == OUT_OK)
			return TU_OK;
		if (o == OUT_FAIL || attempt >= cl->cfg.max_retries)
			return st;
		cl->sleep_ms(cl->sleep_ud,
			     backoff_ms(cl, attempt, x->retry_after_ms));
	}
}

static void xfer_init(struct xfer *x, struct tu_llm_client *cl,
		      const struct tu__llm_call *call,
		      struct tu_llm_reply *out)
{
	memset(x, 0, sizeof(*x));
	x->cl = cl;
	x->call = call;
	x->out = out;
	tu__buf_init(&x->body, cl->cfg.max_response_bytes);
	tu_sse_init(&x->sse, TU_LLM_SSE_EVENT_MAX);
}

static void xfer_release(struct xfer *x)
{
	tu__buf_release(&x->body);
	tu_sse_release(&x->sse);
}

/* ------------------------------------------------------------ requests */

/* The answer of a successful attempt into out. */
static enum tu_status finish(struct xfer *x, const char *url,
			     struct tu_llm_reply *out, struct tu_err *err)
{
	enum tu_status rc;

	if (x->streaming) {
		if (x->done || out->finish_reason[0])
			return TU_OK;
		return tu_err_set(err, TU_EPARSE,
				  "%s: the stream ended before [DONE]", url);
	}
	rc = tu_llm_parse_completion(x->body.p ? x->body.p : "", x->body.len,
				     x->cl->cfg.max_response_bytes, out, err);
	if (rc != TU_OK) {
		char why[TU_ERR_MSG_MAX];

		snprintf(why, sizeof(why), "%s", err ? err->msg : "");
		tu_err_set(err, rc, "%s: %s", url, why);
	}
	return rc;
}

enum tu_status tu__llm_complete(struct tu_llm_client *cl,
				const struct tu__llm_call *call,
				struct tu_llm_reply *out, struct tu_err *err)
{
	char url[TU_LLM_URL_MAX + 32];
	char *body = NULL;
	struct xfer x;
	enum tu_status rc;

	tu_llm_reply_init(out);
	rc = tu__llm_chat_body(&cl->cfg, call, &body, err);
	if (rc != TU_OK)
		return rc;
	xfer_init(&x, cl, call, out);
	snprintf(url, sizeof(url), "%s/chat/completions", cl->where);
	rc = run(&x, "/chat/completions", body, &out->requests,
		 &out->http_status, err);
	if (rc == TU_OK)
		rc = finish(&x, url, out, err);
	xfer_release(&x);
	free(body);
	if (rc != TU_OK) {
		free(out->content);
		out->content = NULL;
		out->len = 0;
		if (err)
			tu__llm_redact(err->msg, cl->cfg.api_key);
	}
	return rc;
}

enum tu_status tu__llm_post(struct tu_llm_client *cl, const char *endpoint,
			    const char *body, struct tu__buf *resp,
			    uint32_t *requests, long *status,
			    struct tu_err *err)
{
	struct xfer x;
	enum tu_status rc;

	xfer_init(&x, cl, NULL, NULL);
	rc = run(&x, endpoint, body, requests, status, err);
	if (rc == TU_OK) {
		tu__buf_release(resp);
		*resp = x.body;
		tu__buf_init(&x.body, 0);
	}
	xfer_release(&x);
	if (rc != TU_OK && err)
		tu__llm_redact(err->msg, cl->cfg.api_key);
	return rc;
}
