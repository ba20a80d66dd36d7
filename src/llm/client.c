/*
 * client.c - the client object (curl handle, fixed headers, jitter
 * generator, sleep hook), replies, and tu_llm_chat.  The HTTP work is in
 * transport.c, bodies in request.c, structured output in structured.c.
 *
 * The API key lives in the config copy and in the Authorization header
 * list only; every error message leaving this module passes through
 * tu__llm_redact, so a server that echoes the key does not leak it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "llm_internal.h"

static void default_sleep(void *ud, uint32_t ms)
{
	struct timespec ts = { (time_t)(ms / 1000),
			       (long)(ms % 1000) * 1000000L };

	(void)ud;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* cl->where: base_url without user:pass@ (for messages); both without a
 * trailing '/'. */
static void set_where(struct tu_llm_client *cl)
{
	const char *u = cl->cfg.base_url;
	const char *host = strstr(u, "://") + 3;
	size_t auth = strcspn(host, "/?#"), n = (size_t)(host - u);
	const char *at = NULL;

	for (size_t i = 0; i < auth; i++)
		if (host[i] == '@')
			at = host + i;
	if (at)
		host = at + 1;
	memcpy(cl->where, u, n);
	snprintf(cl->where + n, sizeof(cl->where) - n, "%s", host);
	n = strlen(cl->where);
	while (n > 0 && cl->where[n - 1] == '/')
		cl->where[--n] = '\0';
	n = strlen(u);
	while (n > 0 && cl->cfg.base_url[n - 1] == '/')
		cl->cfg.base_url[--n] = '\0';
}

static enum tu_status check_config(const struct tu_llm_config *c,
				   struct tu_err *err)
{
	const char *u = c ? c->base_url : "";

	if (!c || !tu_llm_configured(c))
		return tu_err_set(err, TU_EINVAL, "llm: no base URL configured");
	if (!memchr(c->base_url, '\0', sizeof(c->base_url)) ||
	    !memchr(c->api_key, '\0', sizeof(c->api_key)) ||
	    !memchr(c->model, '\0', sizeof(c->model)))
		return tu_err_set(err, TU_EINVAL, "llm: unterminated config");
	if (strncmp(u, "http://", 7) != 0 && strncmp(u, "https://", 8) != 0)
		return tu_err_set(err, TU_EINVAL,
				  "llm: base URL must start with http:// or "
				  "https://");
	if (strpbrk(c->api_key, "\r\n") || strpbrk(u, " \r\n\t"))
		return tu_err_set(err, TU_EINVAL, "llm: the API key or the "
				  "base URL contains a line break or space");
	return TU_OK;
}

/* Content-Type, Accept, no Expect: 100-continue, Authorization. */
static enum tu_status make_headers(struct tu_llm_client *cl)
{
	static const char *const fixed[] = {
		"Content-Type: application/json",
		"Accept: application/json, text/event-stream",
		"Expect:", NULL
	};
	char auth[TU_LLM_KEY_MAX + 32];
	struct curl_slist *l;

	for (size_t i = 0; fixed[i]; i++) {
		l = curl_slist_append(cl->headers, fixed[i]);
		if (!l)
			return TU_ENOMEM;
		cl->headers = l;
	}
	if (!cl->cfg.api_key[0])
		return TU_OK;
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s",
		 cl->cfg.api_key);
	l = curl_slist_append(cl->headers, auth);
	explicit_bzero(auth, sizeof(auth));
	if (!l)
		return TU_ENOMEM;
	cl->headers = l;
	return TU_OK;
}

static void fill_defaults(struct tu_llm_config *c)
{
	struct tu_llm_config d;

	tu_llm_config_default(&d);
	if (!c->connect_timeout_ms)
		c->connect_timeout_ms = d.connect_timeout_ms;
	if (!c->timeout_ms)
		c->timeout_ms = d.timeout_ms;
	if (!c->max_response_bytes)
		c->max_response_bytes = d.max_response_bytes;
}

enum tu_status tu_llm_client_new(const struct tu_llm_config *c,
				 struct tu_llm_client **out,
				 struct tu_err *err)
{
	struct tu_llm_client *cl;
	enum tu_status rc = check_config(c, err);

	*out = NULL;
	if (rc != TU_OK)
		return rc;
	cl = calloc(1, sizeof(*cl));
	if (!cl)
		return tu_err_set(err, TU_ENOMEM, "llm: out of memory");
	cl->cfg = *c;
	fill_defaults(&cl->cfg);
	set_where(cl);
	tu_rng_seed(&cl->rng, (uint64_t)c->seed);
	cl->sleep_ms = default_sleep;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	cl->curl = curl_easy_init();
	if (!cl->curl) {
		tu_llm_client_free(cl);
		return tu_err_set(err, TU_EIO, "llm: cannot start libcurl");
	}
	if (make_headers(cl) != TU_OK) {
		tu_llm_client_free(cl);
		return tu_err_set(err, TU_ENOMEM, "llm: out of memory");
	}
	*out = cl;
	return TU_OK;
}

void tu_llm_client_free(struct tu_llm_client *cl)
{
	if (!cl)
		return;
	curl_slist_free_all(cl->headers);
	if (cl->curl) {
		curl_easy_cleanup(cl->curl);
		curl_global_cleanup();
	}
	explicit_bzero(cl->cfg.api_key, sizeof(cl->cfg.api_key));
	free(cl);
}

void tu_llm_client_set_sleep(struct tu_llm_client *cl,
			     void (*sleep_ms)(void *ud, uint32_t ms),
			     void *ud)
{
	cl->sleep_ms = sleep_ms ? sleep_ms : default_sleep;
	cl->sleep_ud = ud;
}

const char *tu_llm_path_name(enum tu_llm_path p)
{
	switch (p) {
	case TU_LLM_PATH_FALLBACK: return "fallback";
	case TU_LLM_PATH_JSON_SCHEMA: return "json_schema";
	case TU_LLM_PATH_JSON_OBJECT: return "json_object";
	case TU_LLM_PATH_TEXT: return "text";
	case TU_LLM_PATH_CACHE: return "cache";
	}
	return "fallback";
}

void tu_llm_reply_init(struct tu_llm_reply *r)
{
	memset(r, 0, sizeof(*r));
}

void tu_llm_reply_release(struct tu_llm_reply *r)
{
	if (!r)
		return;
	free(r->content);
	tu_llm_reply_init(r);
}

/* Masks every 8-character window of msg that occurs in key. */
void tu__llm_redact(char *msg, const char *key)
{
	size_t kl = strlen(key), ml = strlen(msg);
	size_t w = kl < 8 ? kl : 8;

	if (kl == 0)
		return;
	for (size_t i = 0; i + w <= ml; i++) {
		for (size_t j = 0; j + w <= kl; j++) {
			if (memcmp(msg + i, key + j, w) != 0)
				continue;
			memset(msg + i, '*', w);
			break;
		}
	}
}

enum tu_status tu_llm_chat(struct tu_llm_client *cl,
			   const struct tu_llm_request *req,
			   struct tu_llm_reply *reply, struct tu_err *err)
{
	struct tu__llm_call call;
	enum tu_status rc;

	tu_llm_reply_init(reply);
	if (!cl || !req)
		return tu_err_set(err, TU_EINVAL, "llm chat: no client or "
				  "no request");
	rc = tu__llm_check_messages(req->messages, req->n_messages, err);
	if (rc != TU_OK)
		return rc;
	memset(&call, 0, sizeof(call));
	call.messages = req->messages;
	call.n_messages = req->n_messages;
	call.format = TU__FMT_NONE;
	call.max_tokens = req->max_tokens;
	call.temperature = req->temperature;
	call.stream = cl->cfg.stream;
	call.on_delta = req->on_delta;
	call.ud = req->ud;
	rc = tu__llm_complete(cl, &call, reply, err);
	reply->path = rc == TU_OK ? TU_LLM_PATH_TEXT : TU_LLM_PATH_FALLBACK;
	return rc;
}
