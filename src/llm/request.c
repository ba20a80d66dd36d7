/*
 * request.c - the JSON bodies the client sends: chat completions (model,
 * messages, sampling, seed, stream, response_format) and embeddings.
 * Pure: builds text, does no I/O.  The API key is never part of a body.
 */
#include <string.h>
#include "llm_internal.h"

#define MESSAGES_MAX 256

enum tu_status tu__llm_check_messages(const struct tu_llm_message *m,
				      size_t n, struct tu_err *err)
{
	static const char *const roles[] = {
		"system", "user", "assistant", NULL
	};

	if (!m || n == 0 || n > MESSAGES_MAX)
		return tu_err_set(err, TU_EINVAL,
				  "llm request: 1 to %d messages expected",
				  MESSAGES_MAX);
	for (size_t i = 0; i < n; i++) {
		bool known = false;

		for (size_t r = 0; m[i].role && roles[r]; r++)
			known = known || strcmp(m[i].role, roles[r]) == 0;
		if (!known)
			return tu_err_set(err, TU_EINVAL,
					  "llm request: message %zu: role must "
					  "be system, user or assistant", i);
		if (!m[i].content)
			return tu_err_set(err, TU_EINVAL,
					  "llm request: message %zu: no content",
					  i);
	}
	return TU_OK;
}

/* Sets key to v (stolen) and counts a failure (v NULL or no memory). */
static void put(json_t *o, const char *key, json_t *v, int *bad)
{
	if (!v || json_object_set_new(o, key, v) != 0)
		(*bad)++;
}

static json_t *messages_json(const struct tu_llm_message *m, size_t n)
{
	json_t *a = json_array();
	int bad = 0;

	for (size_t i = 0; a && i < n; i++) {
		json_t *one = json_object();

		if (!one || json_array_append_new(a, one) != 0) {
			bad++;
			break;
		}
		put(one, "role", json_string(m[i].role), &bad);
		put(one, "content", json_string(m[i].content), &bad);
	}
	if (a && bad) {
		json_decref(a);
		return NULL;
	}
	return a;
}

static json_t *response_format(const struct tu__llm_call *call)
{
	json_t *rf = json_object(), *js;
	int bad = 0;

	if (!rf)
		return NULL;
	if (call->format == TU__FMT_JSON_OBJECT) {
		put(rf, "type", json_string("json_object"), &bad);
	} else {
		js = json_object();
		put(rf, "type", json_string("json_schema"), &bad);
		put(rf, "json_schema", js, &bad);
		if (js) {
			put(js, "name", json_string(call->schema_name), &bad);
			put(js, "schema", json_deep_copy(call->schema), &bad);
			put(js, "strict", json_true(), &bad);
		}
	}
	if (bad) {
		json_decref(rf);
		return NULL;
	}
	return rf;
}

static void put_sampling(json_t *root, const struct tu_llm_config *cfg,
			 const struct tu__llm_call *call, int *bad)
{
	double t = call->temperature >= 0 ? call->temperature
					  : cfg->temperature;
	uint32_t mt = call->max_tokens ? call->max_tokens : cfg->max_tokens;

	put(root, "temperature", json_real(t), bad);
	put(root, "max_tokens", json_integer(mt), bad);
	put(root, "seed", json_integer(cfg->seed), bad);
}

/* Takes root and dumps it compactly (reals with 10 digits: "0.2", not
 * "0.20000000000000001"). */
static enum tu_status dump(json_t *root, char **out, struct tu_err *err)
{
	*out = json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(root);
	if (!*out)
		return tu_err_set(err, TU_ENOMEM, "llm request: out of memory");
	return TU_OK;
}

enum tu_status tu__llm_chat_body(const struct tu_llm_config *cfg,
				 const struct tu__llm_call *call, char **out,
				 struct tu_err *err)
{
	json_t *root = json_object();
	double t = call->temperature >= 0 ? call->temperature
					  : cfg->temperature;
	int bad = 0;

	*out = NULL;
	if (!(t >= 0.0 && t <= 2.0)) {
		json_decref(root);
		return tu_err_set(err, TU_EINVAL,
				  "llm request: temperature must be in [0, 2]");
	}
	if (!root)
		return tu_err_set(err, TU_ENOMEM, "llm request: out of memory");
	if (cfg->model[0])
		put(root, "model", json_string(cfg->model), &bad);
	put(root, "messages", messages_json(call->messages, call->n_messages),
	    &bad);
	put_sampling(root, cfg, call, &bad);
	put(root, "stream", json_boolean(call->stream), &bad);
	if (call->stream)
		put(root, "stream_options",
		    json_pack("{s:b}", "include_usage", 1), &bad);
	if (call->format != TU__FMT_NONE)
		put(root, "response_format", response_format(call), &bad);
	if (bad) {
		json_decref(root);
		return tu_err_set(err, TU_EINVAL, "llm request: a message is "
				  "not valid UTF-8 (or out of memory)");
	}
	return dump(root, out, err);
}

enum tu_status tu__llm_embed_body(const struct tu_llm_config *cfg,
				  const char *const *texts, size_t n,
				  char **out, struct tu_err *err)
{
	json_t *root = json_object(), *in = json_array();
	int bad = 0;

	*out = NULL;
	if (cfg->model[0])
		put(root, "model", json_string(cfg->model), &bad);
	for (size_t i = 0; in && i < n; i++)
		if (!texts[i] || json_array_append_new(in,
					json_string(texts[i])) != 0)
			bad++;
	put(root, "input", in, &bad);
	if (!root || bad) {
		json_decref(root);
		return tu_err_set(err, TU_EINVAL, "llm embeddings: a text is "
				  "missing or not valid UTF-8");
	}
	return dump(root, out, err);
}
