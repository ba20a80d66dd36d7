/*
 * http.c - the HTTP pieces without sockets: the bounded byte buffer, the
 * JSON body parser (object only, depth limit, duplicate keys refused,
 * errors naming line and column), JSON responses and errors, query
 * parameters, method names and status codes.
 *
 * What it is not: it never sees libmicrohttpd (mhd.c does) and never
 * decides who may do what (dispatch.c, auth.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tutor/utf8.h"
#include "srv.h"

/* ---- tu_sbuf ----------------------------------------------------------- */

void tu_sbuf_init(struct tu_sbuf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

void tu_sbuf_release(struct tu_sbuf *b)
{
	size_t max = b->max;

	free(b->p);
	tu_sbuf_init(b, max);
}

void tu_sbuf_reset(struct tu_sbuf *b)
{
	b->len = 0;
	b->over = false;
	if (b->p)
		b->p[0] = '\0';
}

/* Makes room for need more bytes plus a NUL. */
static bool sbuf_grow(struct tu_sbuf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 256;
	char *p;

	if (need > b->max || b->len > b->max - need)
		return false;
	while (cap < b->len + need + 1)
		cap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
	if (cap <= b->cap)
		return true;
	p = realloc(b->p, cap);
	if (!p)
		return false;
	b->p = p;
	b->cap = cap;
	return true;
}

bool tu_sbuf_add(struct tu_sbuf *b, const void *p, size_t n)
{
	if (!sbuf_grow(b, n)) {
		b->over = true;
		return false;
	}
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return true;
}

bool tu_sbuf_adds(struct tu_sbuf *b, const char *s)
{
	return tu_sbuf_add(b, s, strlen(s));
}

bool tu_sbuf_addf(struct tu_sbuf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;
	bool ok;
	char *big;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return false;
	if ((size_t)n < sizeof(small))
		return tu_sbuf_add(b, small, (size_t)n);
	big = malloc((size_t)n + 1);
	if (!big) {
		b->over = true;
		return false;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	ok = tu_sbuf_add(b, big, (size_t)n);
	free(big);
	return ok;
}

/* ---- the JSON body ----------------------------------------------------- */

/* Position of byte i of body as 1-based line and character column. */
static void line_col(const char *body, size_t i, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t k = 0; k < i; k++) {
		unsigned char c = (unsigned char)body[k];

		if (c == '\n') {
			(*line)++;
			*col = 1;
		} else if ((c & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

/* Offset of the bracket that passes max_depth, or len when none does. */
static size_t depth_scan(const char *body, size_t len, unsigned max_depth)
{
	unsigned depth = 0;
	bool in_str = false, esc = false;

	for (size_t i = 0; i < len; i++) {
		char c = body[i];

		if (in_str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			if (++depth > max_depth)
				return i;
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
		}
	}
	return len;
}

json_t *tu_http_parse_body(const char *body, size_t len, unsigned max_depth,
			   struct tu_err *err)
{
	json_error_t je;
	json_t *v;
	size_t at;
	int line, col;

	if (!body || len == 0) {
		tu_err_set(err, TU_EPARSE, "body: empty; expected a JSON object");
		return NULL;
	}
	at = depth_scan(body, len, max_depth);
	if (at < len) {
		line_col(body, at, &line, &col);
		tu_err_set(err, TU_ERANGE, "body: line %d column %d: nesting "
			   "deeper than %u levels", line, col, max_depth);
		return NULL;
	}
	v = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
		       &je);
	if (!v) {
		tu_err_set(err, TU_EPARSE, "body: line %d column %d: %s",
			   je.line > 0 ? je.line : 1,
			   je.column > 0 ? je.column : 1, je.text);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		tu_err_set(err, TU_EPARSE, "body: line 1 column 1: expected a "
			   "JSON object at the top level");
		return NULL;
	}
	return v;
}

/* ---- responses --------------------------------------------------------- */

void tu_http_resp_init(struct tu_http_resp *r)
{
	memset(r, 0, sizeof(*r));
	tu_sbuf_init(&r->body, TU_RESP_MAX);
}

void tu_http_resp_release(struct tu_http_resp *r)
{
	tu_sbuf_release(&r->body);
}

void tu_http_status(struct tu_http_resp *r, int status)
{
	tu_sbuf_reset(&r->body);
	r->status = status;
	r->content_type = NULL;
}

static int dump_cb(const char *buf, size_t size, void *data)
{
	return tu_sbuf_add(data, buf, size) ? 0 : -1;
}

void tu_http_json(struct tu_http_resp *resp, int status, json_t *v)
{
	int rc;

	tu_sbuf_reset(&resp->body);
	if (!v) {
		tu_http_error(resp, 500, "internal", "out of memory building "
			      "the answer");
		return;
	}
	rc = json_dump_callback(v, dump_cb, &resp->body,
				JSON_COMPACT | JSON_ENCODE_ANY |
				JSON_REAL_PRECISION(17));
	json_decref(v);
	if (rc != 0) {
		tu_http_error(resp, 500, "internal", "the answer is larger "
			      "than %u bytes", TU_RESP_MAX);
		return;
	}
	resp->status = status;
	resp->content_type = "application/json";
}

/* The fixed error body, used when even building the error fails. */
static void error_fallback(struct tu_http_resp *resp, int status)
{
	static const char text[] = "{\"error\":{\"code\":\"internal\","
				   "\"message\":\"out of memory\"}}";

	tu_sbuf_reset(&resp->body);
	tu_sbuf_add(&resp->body, text, sizeof(text) - 1);
	resp->status = status;
	resp->content_type = "application/json";
}

void tu_http_error(struct tu_http_resp *resp, int status, const char *code,
		   const char *fmt, ...)
{
	char msg[TU_ERR_MSG_MAX];
	json_t *v;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	v = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", msg);
	tu_sbuf_reset(&resp->body);
	if (!v || json_dump_callback(v, dump_cb, &resp->body,
				     JSON_COMPACT) != 0) {
		json_decref(v);
		error_fallback(resp, status);
		return;
	}
	json_decref(v);
	resp->status = status;
	resp->content_type = "application/json";
}

const char *tu_http_status_code(int status)
{
	switch (status) {
	case 400: return "bad_request";
	case 401: return "unauthenticated";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 405: return "method_not_allowed";
	case 409: return "conflict";
	case 413: return "too_large";
	case 415: return "unsupported_media_type";
	case 429: return "rate_limited";
	case 503: return "unavailable";
	default: return "internal";
	}
}

static int status_http(enum tu_status st)
{
	switch (st) {
	case TU_ENOTFOUND: return 404;
	case TU_EINVAL: case TU_ERANGE: case TU_EPARSE: case TU_EDATA:
		return 400;
	case TU_ECONFLICT: return 409;
	case TU_EUNAVAIL: case TU_ETIMEOUT: case TU_EBUDGET:
	case TU_EIO:     /* the store failed (down, disk full): retry */
		return 503;
	default: return 500;
	}
}

void tu_http_error_status(struct tu_http_resp *r, enum tu_status st,
			  const struct tu_err *err)
{
	int status = status_http(st);

	tu_http_error(r, status, tu_http_status_code(status), "%s",
		      err && err->msg[0] ? err->msg : tu_strerror(st));
}

/* ---- methods ----------------------------------------------------------- */

static const char *const method_names[] = {
	"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "OTHER"
};

enum tu_http_method tu_http_method_parse(const char *m)
{
	for (size_t i = 0; m && i < TU_HTTP_OTHER; i++)
		if (strcmp(m, method_names[i]) == 0)
			return (enum tu_http_method)i;
	return TU_HTTP_OTHER;
}

const char *tu_http_method_name(enum tu_http_method m)
{
	return (unsigned)m <= TU_HTTP_OTHER ? method_names[m] : "OTHER";
}

/* ---- query parameters -------------------------------------------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes s[0..n) ('+' is a space) into buf[cap]; false when it
 * does not fit, has a bad escape, a NUL or bad UTF-8. */
static bool pct_decode(const char *s, size_t n, char *buf, size_t cap)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];

		if (c == '%') {
			int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
			int lo = hi >= 0 ? hexval(s[i + 2]) : -1;

			if (lo < 0)
				return false;
			c = hi * 16 + lo;
			i += 2;
		} else if (c == '+') {
			c = ' ';
		}
		if (c == 0 || o + 1 >= cap)
			return false;
		buf[o++] = (char)c;
	}
	buf[o] = '\0';
	return tu_utf8_valid(buf, o, NULL);
}

bool tu_http_query_get(const char *query, const char *name, char *buf,
		       size_t cap)
{
	char key[64];

	while (query && *query && cap > 0) {
		const char *amp = strchr(query, '&');
		size_t n = amp ? (size_t)(amp - query) : strlen(query);
		const char *eq = memchr(query, '=', n);
		size_t kn = eq ? (size_t)(eq - query) : n;

		if (pct_decode(query, kn, key, sizeof(key)) &&
		    strcmp(key, name) == 0)
			return eq ? pct_decode(eq + 1, n - kn - 1, buf, cap)
				  : pct_decode("", 0, buf, cap);
		query += n + (amp ? 1 : 0);
	}
	return false;
}
