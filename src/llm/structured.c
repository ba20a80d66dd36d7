/*
 * structured.c - tu_llm_structured: JSON answers valid against a schema.
 *
 * The cascade (tutor/llm.h, docs/llm-client.md): ask with response_format
 * json_schema; when the server refuses the request (HTTP 400 or 422) ask
 * again with json_object and the schema in the system prompt; when that
 * is refused too, ask for plain text with the schema in the prompt.
 * Whatever the path, the answer is parsed and validated locally (one
 * surrounding ``` fence is tolerated); an invalid or truncated answer
 * gets at most TU_LLM_REPAIRS_MAX repair rounds, each sending the bad
 * answer back as the assistant turn and the validation error as a user
 * message.  Structured calls are never streamed.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/json.h"
#include "llm_internal.h"

#define SCHEMA_TEXT_MAX (64u * 1024u)
#define CONV_EXTRA (1 + 2 * TU_LLM_REPAIRS_MAX)

/* The conversation of one structured call: the caller's messages (with
 * the schema instruction merged in on the json_object and text paths)
 * followed by the repair turns. */
struct conv {
	const struct tu_llm_request *req;
	struct tu_llm_message *m;        /* n_messages + CONV_EXTRA slots */
	size_t n;
	char *system;                    /* the merged system text (owned) */
	char *turns[2 * TU_LLM_REPAIRS_MAX];   /* repair texts (owned) */
	size_t n_turns;
};

static bool valid_name(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' &&
		    s[i] != '-')
			return false;
	return true;
}

/* Loads and checks the request's schema into *schema (new reference). */
static enum tu_status load_schema(const struct tu_llm_request *req,
				  json_t **schema, struct tu_err *err)
{
	enum tu_status rc;

	*schema = NULL;
	if (!req->schema_json || !valid_name(req->schema_name))
		return tu_err_set(err, TU_EINVAL, "llm structured: a schema "
				  "and a name [a-zA-Z0-9_-]{1,64} are needed");
	rc = tu_json_load(req->schema_json, strlen(req->schema_json),
			  SCHEMA_TEXT_MAX, "llm schema", schema, err);
	if (rc == TU_OK && !json_is_object(*schema))
		rc = tu_err_set(err, TU_EINVAL, "llm schema: not an object");
	if (rc == TU_OK &&
	    tu_json_schema_validate(*schema, json_null(), err) == TU_EINVAL)
		rc = TU_EINVAL;
	if (rc == TU_OK)
		return TU_OK;
	json_decref(*schema);
	*schema = NULL;
	if (err)
		err->code = TU_EINVAL;   /* a bad schema is the caller's bug */
	return TU_EINVAL;
}

/* ------------------------------------------------------- conversations */

static char *concat3(const char *a, const char *b, const char *c)
{
	size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
	char *p = malloc(na + nb + nc + 1);

	if (!p)
		return NULL;
	memcpy(p, a, na);
	memcpy(p + na, b, nb);
	memcpy(p + na + nb, c, nc + 1);
	return p;
}

/* The schema instruction for the json_object and text paths. */
static char *instruction(const json_t *schema)
{
	char *s = json_dumps(schema, JSON_COMPACT), *p;

	if (!s)
		return NULL;
	p = concat3("Answer with one JSON value only: no prose, no code "
		    "fences. It must be valid against this JSON schema:\n",
		    s, "");
	free(s);
	return p;
}

/* Lays out conv->m for path: instruction (if any), messages, turns. */
static enum tu_status conv_build(struct conv *c, enum tu_llm_path path,
				 const json_t *schema)
{
	const struct tu_llm_message *in = c->req->messages;
	size_t n_in = c->req->n_messages, k = 0, i = 0;
	char *ins = NULL;

	free(c->system);
	c->system = NULL;
	if (path != TU_LLM_PATH_JSON_SCHEMA) {
		bool merge = strcmp(in[0].role, "system") == 0;

		ins = instruction(schema);
		c->system = ins ? concat3(merge ? in[0].content : "",
					  merge ? "\n\n" : "", ins) : NULL;
		free(ins);
		if (!c->system)
			return TU_ENOMEM;
		c->m[k].role = "system";
		c->m[k++].content = c->system;
		i = merge ? 1 : 0;
	}
	for (; i < n_in; i++)
		c->m[k++] = in[i];
	for (size_t t = 0; t < c->n_turns; t++) {
		c->m[k].role = t % 2 == 0 ? "assistant" : "user";
		c->m[k++].content = c->turns[t];
	}
	c->n = k;
	return TU_OK;
}

/* Appends the repair turns: the bad answer and what was wrong. */
static enum tu_status conv_repair(struct conv *c, const char *answer,
				  const char *why)
{
	char *a = strdup(answer ? answer : "");
	char *u = concat3("Your previous answer was not valid: ", why,
			  ". Answer again with only the corrected JSON, "
			  "valid against the schema.");

	if (!a || !u || c->n_turns + 2 > 2 * TU_LLM_REPAIRS_MAX) {
		free(a);
		free(u);
		return TU_ENOMEM;
	}
	c->turns[c->n_turns++] = a;
	c->turns[c->n_turns++] = u;
	return TU_OK;
}

static void conv_release(struct conv *c)
{
	free(c->m);
	free(c->system);
	for (size_t t = 0; t < c->n_turns; t++)
		free(c->turns[t]);
	memset(c, 0, sizeof(*c));
}

/* ------------------------------------------------------------ answers */

/* Trims blanks and one surrounding ``` fence (with its info string). */
static void unfence(const char **s, size_t *n)
{
	const char *p = *s, *e = *s + *n;

	while (p < e && isspace((unsigned char)*p))
		p++;
	while (e > p && isspace((unsigned char)e[-1]))
		e--;
	if (e - p >= 6 && strncmp(p, "```", 3) == 0 &&
	    strncmp(e - 3, "```", 3) == 0) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));

		if (nl && nl < e - 3) {
			p = nl + 1;
			e -= 3;
		}
	}
	*s = p;
	*n = (size_t)(e - p);
}

/* Checks one answer; on TU_OK *json is the compact JSON text (malloc). */
static enum tu_status check_answer(const json_t *schema,
				   const struct tu_llm_reply *one,
				   size_t max, char **json, size_t *len,
				   struct tu_err *why)
{
	const char *s = one->content ? one->content : "";
	size_t n = one->len;
	json_t *v = NULL;
	enum tu_status rc;

	if (strcmp(one->finish_reason, "length") == 0)
		return tu_err_set(why, TU_EDATA, "the answer was cut off "
				  "(finish_reason \"length\")");
	unfence(&s, &n);
	rc = tu_json_load(s, n, max, NULL, &v, why);
	if (rc == TU_OK)
		rc = tu_json_schema_validate(schema, v, why);
	if (rc == TU_OK)
		return tu_json_dump_take(v, JSON_COMPACT, "llm answer", json,
					 len, why);
	json_decref(v);
	return rc;
}

/* ------------------------------------------------------------- the call */

static enum tu__llm_format format_of(enum tu_llm_path p)
{
	if (p == TU_LLM_PATH_JSON_SCHEMA)
		return TU__FMT_JSON_SCHEMA;
	return p == TU_LLM_PATH_JSON_OBJECT ? TU__FMT_JSON_OBJECT
					    : TU__FMT_NONE;
}

static void add_usage(struct tu_llm_reply *sum, const struct tu_llm_reply *o)
{
	sum->usage.prompt_tokens += o->usage.prompt_tokens;
	sum->usage.completion_tokens += o->usage.completion_tokens;
	sum->usage.total_tokens += o->usage.total_tokens;
	sum->requests += o->requests;
	sum->http_status = o->http_status;
	memcpy(sum->finish_reason, o->finish_reason,
	       sizeof(sum->finish_reason));
}

struct run {
	struct tu_llm_client *cl;
	const struct tu_llm_request *req;
	const json_t *schema;
	struct conv conv;
	enum tu_llm_path path;
	struct tu_llm_reply *reply;
};

/* One request on the current path; *refused when the server turned the
 * response_format down (the caller moves down the cascade). */
static enum tu_status ask(struct run *r, struct tu_llm_reply *one,
			  bool *refused, struct tu_err *err)
{
	struct tu__llm_call call;
	enum tu_status rc = conv_build(&r->conv, r->path, r->schema);

	*refused = false;
	if (rc != TU_OK)
		return tu_err_set(err, rc, "llm structured: out of memory");
	memset(&call, 0, sizeof(call));
	call.messages = r->conv.m;
	call.n_messages = r->conv.n;
	call.format = format_of(r->path);
	call.schema_name = r->req->schema_name;
	call.schema = r->schema;
	call.max_tokens = r->req->max_tokens;
	call.temperature = r->req->temperature;
	rc = tu__llm_complete(r->cl, &call, one, err);
	add_usage(r->reply, one);
	*refused = rc == TU_EUNAVAIL && r->path != TU_LLM_PATH_TEXT &&
		   (one->http_status == 400 || one->http_status == 422);
	return rc;
}

static enum tu_status cascade(struct run *r, struct tu_err *err)
{
	struct tu_err why = TU_ERR_INIT;
	size_t max = r->cl->cfg.max_response_bytes;

	for (;;) {
		struct tu_llm_reply one;
		bool refused;
		enum tu_status rc = ask(r, &one, &refused, err);

		if (refused) {
			r->path = r->path == TU_LLM_PATH_JSON_SCHEMA
				  ? TU_LLM_PATH_JSON_OBJECT : TU_LLM_PATH_TEXT;
			tu_llm_reply_release(&one);
			continue;
		}
		if (rc == TU_OK)
			rc = check_answer(r->schema, &one, max,
					  &r->reply->content, &r->reply->len,
					  &why);
		else
			why.code = TU_OK;   /* transport or server failure */
		if (rc == TU_OK || why.code == TU_OK || rc == TU_ENOMEM) {
			tu_llm_reply_release(&one);
			if (rc == TU_ENOMEM)
				tu_err_set(err, rc, "llm structured: %s",
					   why.msg);
			return rc;
		}
		if (r->reply->repairs >= TU_LLM_REPAIRS_MAX) {
			tu_llm_reply_release(&one);
			return tu_err_set(err, TU_EUNAVAIL, "llm structured "
					  "%s: no valid answer after %d "
					  "repairs: %s", r->req->schema_name,
					  TU_LLM_REPAIRS_MAX, why.msg);
		}
		rc = conv_repair(&r->conv, one.content, why.msg);
		tu_llm_reply_release(&one);
		if (rc != TU_OK)
			return tu_err_set(err, rc, "llm structured: out of "
					  "memory");
		r->reply->repairs++;
		tu_err_clear(&why);
	}
}

enum tu_status tu_llm_structured(struct tu_llm_client *cl,
				 const struct tu_llm_request *req,
				 struct tu_llm_reply *reply,
				 struct tu_err *err)
{
	struct run r;
	json_t *schema = NULL;
	enum tu_status rc;

	tu_llm_reply_init(reply);
	if (!cl || !req)
		return tu_err_set(err, TU_EINVAL, "llm structured: no client "
				  "or no request");
	rc = tu__llm_check_messages(req->messages, req->n_messages, err);
	if (rc == TU_OK)
		rc = load_schema(req, &schema, err);
	if (rc != TU_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	r.cl = cl;
	r.req = req;
	r.schema = schema;
	r.path = TU_LLM_PATH_JSON_SCHEMA;
	r.reply = reply;
	r.conv.req = req;
	r.conv.m = calloc(req->n_messages + CONV_EXTRA, sizeof(*r.conv.m));
	rc = r.conv.m ? cascade(&r, err)
		      : tu_err_set(err, TU_ENOMEM, "llm structured: out of "
				   "memory");
	conv_release(&r.conv);
	json_decref(schema);
	reply->path = rc == TU_OK ? r.path : TU_LLM_PATH_FALLBACK;
	if (rc != TU_OK) {
		free(reply->content);
		reply->content = NULL;
		reply->len = 0;
		if (err)
			tu__llm_redact(err->msg, cl->cfg.api_key);
	}
	return rc;
}
