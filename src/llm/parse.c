/*
 * parse.c - reading what an OpenAI-compatible server sends back: a whole
 * chat completion, one streamed chunk, and the error body of a non-2xx
 * answer.  Lenient about members we do not read (servers add "timings",
 * "system_fingerprint", ...), strict about the types of those we do.
 * Pure: no I/O.  Also the bounded buffer of llm_internal.h.
 */
#include <stdlib.h>
#include <string.h>
#include "tutor/json.h"
#include "llm_internal.h"

/* ------------------------------------------------------ bounded buffer */

void tu__buf_init(struct tu__buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

void tu__buf_release(struct tu__buf *b)
{
	free(b->p);
	tu__buf_init(b, b->max);
}

enum tu_status tu__buf_add(struct tu__buf *b, const char *s, size_t n)
{
	size_t cap;
	char *p;

	if (n > b->max || b->len > b->max - n)
		return TU_ERANGE;
	if (b->p && b->len + n < b->cap) {
		memcpy(b->p + b->len, s, n);
		b->len += n;
		b->p[b->len] = '\0';
		return TU_OK;
	}
	cap = b->cap ? b->cap : 256;
	while (cap <= b->len + n)
		cap = cap > b->max / 2 ? b->max + 1 : cap * 2;
	p = realloc(b->p, cap);
	if (!p)
		return TU_ENOMEM;
	b->p = p;
	b->cap = cap;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return TU_OK;
}

/* -------------------------------------------------------- common parts */

/* Appends text to reply->content within max_bytes. */
static enum tu_status reply_append(struct tu_llm_reply *r, const char *s,
				   size_t n, size_t max, struct tu_err *err)
{
	char *p;

	if (n > max || r->len > max - n)
		return tu_err_set(err, TU_ERANGE,
				  "answer over the limit of %zu bytes", max);
	if (n == 0 && r->content)
		return TU_OK;
	p = realloc(r->content, r->len + n + 1);
	if (!p)
		return tu_err_set(err, TU_ENOMEM, "answer: out of memory");
	memcpy(p + r->len, s, n);
	r->content = p;
	r->len += n;
	r->content[r->len] = '\0';
	return TU_OK;
}

static enum tu_status read_finish(const json_t *choice, const char *path,
				  struct tu_llm_reply *r, struct tu_err *err)
{
	const json_t *f = json_object_get(choice, "finish_reason");

	if (!f || json_is_null(f))
		return TU_OK;
	if (!json_is_string(f))
		return tu_json_type_error(err, path, "finish_reason",
					  "a string or null", f);
	snprintf(r->finish_reason, sizeof(r->finish_reason), "%s",
		 json_string_value(f));
	return TU_OK;
}

static enum tu_status read_count(const json_t *u, const char *key,
				 uint32_t *sum, struct tu_err *err)
{
	int64_t v;
	enum tu_status rc;

	if (!json_object_get(u, key))
		return TU_OK;
	rc = tu_json_get_int(u, "$.usage", key, 0, UINT32_MAX, &v, err);
	if (rc == TU_OK)
		*sum = (uint32_t)v;
	return rc;
}

/* usage (absent or null: nothing).  Replaces the counts: a stream sends
 * them once, a completion once. */
static enum tu_status read_usage(const json_t *root, struct tu_llm_reply *r,
				 struct tu_err *err)
{
	const json_t *u = json_object_get(root, "usage");
	struct tu_llm_usage n = { 0, 0, 0 };
	enum tu_status rc;

	if (!u || json_is_null(u))
		return TU_OK;
	if (!json_is_object(u))
		return tu_json_type_error(err, "$", "usage", "an object", u);
	rc = read_count(u, "prompt_tokens", &n.prompt_tokens, err);
	if (rc == TU_OK)
		rc = read_count(u, "completion_tokens", &n.completion_tokens,
				err);
	if (rc == TU_OK)
		rc = read_count(u, "total_tokens", &n.total_tokens, err);
	if (rc != TU_OK)
		return rc;
	if (n.total_tokens == 0)
		n.total_tokens = n.prompt_tokens + n.completion_tokens;
	r->usage = n;
	return TU_OK;
}

/* A top-level {"error": {...}} sent with a 2xx or inside a stream. */
static enum tu_status server_error(const json_t *root, struct tu_err *err)
{
	char msg[TU__LLM_SERVER_MSG_MAX + 1];

	tu__llm_error_message(root, msg, sizeof(msg));
	return tu_err_set(err, TU_EPARSE, "$.error: the server reported: %s",
			  msg[0] ? msg : "(no message)");
}

/* The content member (string, null or absent) of a message or delta. */
static enum tu_status read_content(const json_t *m, const char *path,
				   size_t max, struct tu_llm_reply *r,
				   struct tu_err *err)
{
	const json_t *c = json_object_get(m, "content");

	if (!c || json_is_null(c))
		return reply_append(r, "", 0, max, err);
	if (!json_is_string(c))
		return tu_json_type_error(err, path, "content",
					  "a string or null", c);
	return reply_append(r, json_string_value(c), json_string_length(c),
			    max, err);
}

/* ------------------------------------------------- whole completions */

static enum tu_status parse_completion_tree(const json_t *root, size_t max,
					    struct tu_llm_reply *r,
					    struct tu_err *err)
{
	const json_t *choices, *choice, *msg;
	enum tu_status rc;

	if (!json_is_object(root))
		return tu_json_type_error(err, "$", NULL, "an object", root);
	if (json_object_get(root, "error"))
		return server_error(root, err);
	choices = json_object_get(root, "choices");
	if (!json_is_array(choices) || json_array_size(choices) == 0)
		return tu_json_type_error(err, "$", "choices",
					  "a non-empty array", choices);
	choice = json_array_get(choices, 0);
	if (!json_is_object(choice))
		return tu_json_type_error(err, "$.choices[0]", NULL,
					  "an object", choice);
	msg = json_object_get(choice, "message");
	if (!json_is_object(msg))
		return tu_json_type_error(err, "$.choices[0]", "message",
					  "an object", msg);
	rc = read_content(msg, "$.choices[0].message", max, r, err);
	if (rc == TU_OK)
		rc = read_finish(choice, "$.choices[0]", r, err);
	if (rc == TU_OK)
		rc = read_usage(root, r, err);
	return rc;
}

enum tu_status tu_llm_parse_completion(const char *body, size_t len,
				       size_t max_bytes,
				       struct tu_llm_reply *reply,
				       struct tu_err *err)
{
	json_t *root = NULL;
	size_t max_doc = max_bytes > SIZE_MAX / 8 ? SIZE_MAX : max_bytes * 8;
	enum tu_status rc;

	if (len > max_doc)
		return tu_err_set(err, TU_ERANGE,
				  "answer over the limit of %zu bytes",
				  max_bytes);
	rc = tu_json_load(body, len, max_doc, NULL, &root, err);
	if (rc != TU_OK)
		return rc == TU_ERANGE ? rc : TU_EPARSE;
	rc = parse_completion_tree(root, max_bytes, reply, err);
	json_decref(root);
	return rc;
}

/* ------------------------------------------------------ stream chunks */

static enum tu_status parse_chunk_tree(const json_t *root, size_t max,
				       struct tu_llm_reply *r,
				       struct tu_err *err)
{
	const json_t *choices, *choice, *delta;
	enum tu_status rc;

	if (!json_is_object(root))
		return tu_json_type_error(err, "$", NULL, "an object", root);
	if (json_object_get(root, "error"))
		return server_error(root, err);
	choices = json_object_get(root, "choices");
	if (choices && !json_is_array(choices))
		return tu_json_type_error(err, "$", "choices", "an array",
					  choices);
	rc = read_usage(root, r, err);
	if (rc != TU_OK || json_array_size(choices) == 0)
		return rc;   /* e.g. the usage chunk: "choices": [] */
	choice = json_array_get(choices, 0);
	if (!json_is_object(choice))
		return tu_json_type_error(err, "$.choices[0]", NULL,
					  "an object", choice);
	delta = json_object_get(choice, "delta");
	if (delta && !json_is_object(delta))
		return tu_json_type_error(err, "$.choices[0]", "delta",
					  "an object", delta);
	if (delta)
		rc = read_content(delta, "$.choices[0].delta", max, r, err);
	if (rc == TU_OK)
		rc = read_finish(choice, "$.choices[0]", r, err);
	return rc;
}

enum tu_status tu_llm_parse_chunk(const char *data, size_t len,
				  size_t max_bytes, struct tu_llm_reply *reply,
				  bool *done, struct tu_err *err)
{
	json_t *root = NULL;
	enum tu_status rc;

	*done = false;
	if (len == 6 && memcmp(data, "[DONE]", 6) == 0) {
		*done = true;
		return TU_OK;
	}
	rc = tu_json_load(data, len, TU_LLM_SSE_EVENT_MAX, NULL, &root, err);
	if (rc != TU_OK)
		return rc == TU_ERANGE ? rc : TU_EPARSE;
	rc = parse_chunk_tree(root, max_bytes, reply, err);
	json_decref(root);
	return rc;
}

/* ---------------------------------------------------------- error body */

void tu__llm_error_message(const json_t *root, char *out, size_t cap)
{
	const json_t *e = json_object_get(root, "error");
	const json_t *m = json_is_object(e) ? json_object_get(e, "message")
					    : e;
	const char *s = json_string_value(m);
	size_t n = 0;

	if (cap == 0)
		return;
	out[0] = '\0';
	if (!s)
		return;
	/* Printable ASCII only (a message is one line); at most cap - 1. */
	for (; *s && n + 1 < cap; s++)
		out[n++] = (*s >= 0x20 && *s < 0x7f) ? *s : ' ';
	out[n] = '\0';
}
