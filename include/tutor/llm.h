/*
 * tutor/llm.h - a client for any OpenAI-compatible server (llama.cpp's
 * llama-server, Ollama's /v1, vLLM, a hosted API): chat completions
 * (whole or streamed as server-sent events), structured output with local
 * schema validation and repair, and embeddings.
 *
 * The client is optional equipment: every feature that uses it has a
 * deterministic path (tutor/assist.h), and with no base URL configured
 * tu_llm_configured is false and nothing here is called.
 *
 * Transport: libcurl.  Every request has a connect timeout and a total
 * timeout; 408, 429 and 5xx answers and transport failures (refused,
 * reset, empty reply) are retried with exponential backoff (full jitter
 * from a seeded tu_rng) that honours a Retry-After header (seconds or an
 * HTTP date, capped at backoff_max); other 4xx are not retried, nor is a
 * timeout (TU_ETIMEOUT at once: the server was reached but is too slow),
 * nor a stream whose first fragments already reached on_delta.  A
 * response body over max_response_bytes is cut off and the call fails
 * with TU_ERANGE (never an unbounded buffer).  Streaming answers go
 * through the bounded SSE parser below.  docs/llm-client.md has the
 * details and the fake server the tests use.
 *
 * Structured output (tu_llm_structured): ask with response_format
 * json_schema; if the server rejects that (HTTP 400 or 422), with
 * json_object and the schema in the system prompt; if that is rejected
 * too, as plain text with the schema in the prompt.
 * The reply is always parsed and validated locally against the schema
 * (tu_json_schema_validate); an invalid reply gets at most two repair
 * rounds (the bad answer and the validation error are sent back as the
 * next assistant and user turns); then the call fails with
 * TU_EUNAVAIL and the caller takes its deterministic path.  The reply
 * records which path served it (enum tu_llm_path).
 *
 * Secrets: the API key is sent only in the Authorization header.  It is
 * never logged, never part of an error message, never stored; error
 * messages show the base URL (without user:pass@) and the HTTP status,
 * and every run of 8 key characters in them is masked with '*', so a
 * server that echoes the key does not leak it either.
 *
 * Ownership: struct tu_llm_client owns its curl handle and config copy
 * (tu_llm_client_free).  Request strings are borrowed for the call.
 * struct tu_llm_reply owns content (tu_llm_reply_release).  Not
 * thread-safe: one client per thread.
 */
#ifndef TUTOR_LLM_H
#define TUTOR_LLM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "tutor/err.h"

#define TU_LLM_URL_MAX 512
#define TU_LLM_MODEL_MAX 128
#define TU_LLM_KEY_MAX 512
#define TU_LLM_RESPONSE_MAX_DEFAULT (1u << 20)  /* bytes of one answer */
#define TU_LLM_SSE_EVENT_MAX (256u * 1024u)     /* bytes of one SSE event */
#define TU_LLM_REPAIRS_MAX 2

struct tu_llm_config {
	char base_url[TU_LLM_URL_MAX];   /* e.g. http://127.0.0.1:8080/v1;
					    "" = no LLM configured */
	char model[TU_LLM_MODEL_MAX];    /* sent as "model" */
	char api_key[TU_LLM_KEY_MAX];    /* secret; "" = no Authorization */
	uint32_t connect_timeout_ms;     /* 5000 */
	uint32_t timeout_ms;             /* total per HTTP request: 60000 */
	uint32_t max_retries;            /* 3 (so at most 4 requests) */
	uint32_t backoff_base_ms;        /* 500 */
	uint32_t backoff_max_ms;         /* 20000; also caps Retry-After */
	size_t max_response_bytes;       /* TU_LLM_RESPONSE_MAX_DEFAULT */
	double temperature;              /* 0.2 */
	uint32_t max_tokens;             /* 600 */
	int64_t seed;                    /* 42: sent to the server; also
					    seeds the backoff jitter */
	bool stream;                     /* stream chat answers (SSE) */
};

/* The defaults above, base_url/model/api_key empty. */
void tu_llm_config_default(struct tu_llm_config *c);

/*
 * Fills c (defaults first) from, in increasing precedence: the [llm]
 * section of the config file `path` (NULL: $XDG_CONFIG_HOME/tutor/
 * config.ini, else ~/.config/tutor/config.ini; a missing default file is
 * fine, a missing explicit `path` is TU_EIO) with keys base_url, model,
 * api_key_env (the NAME of an environment variable holding the key; the
 * key itself is never read from a file; an unset variable means no key),
 * connect_timeout_s, timeout_s (seconds, decimals allowed), retries
 * (0..10), max_tokens, temperature (0..2), stream (true/false), seed;
 * then the environment: TUTOR_LLM_BASE_URL (set but empty: no LLM),
 * TUTOR_LLM_MODEL, TUTOR_LLM_API_KEY, TUTOR_LLM_TIMEOUT_S.  Other
 * sections of the file are skipped (their lines must still be INI
 * syntax); unknown or repeated keys in [llm] are errors.  Errors name
 * the file and line or the variable: TU_EPARSE, TU_ERANGE, TU_EIO; c is
 * left at the defaults then.
 */
enum tu_status tu_llm_config_load(struct tu_llm_config *c, const char *path,
				  struct tu_err *err);

/* True when c names a server (base_url is not empty). */
bool tu_llm_configured(const struct tu_llm_config *c);

/* ----------------------------------------------------------- the client */

struct tu_llm_client;

/* Creates a client for c (copied; zero timeouts or max_response_bytes
 * take the defaults).  TU_EINVAL when c is not configured, base_url is
 * not http(s):// or the key holds a line break; TU_ENOMEM; TU_EIO when
 * curl fails. */
enum tu_status tu_llm_client_new(const struct tu_llm_config *c,
				 struct tu_llm_client **out,
				 struct tu_err *err);
void tu_llm_client_free(struct tu_llm_client *cl);

/* Tests: replace the backoff sleep (default: nanosleep). */
void tu_llm_client_set_sleep(struct tu_llm_client *cl,
			     void (*sleep_ms)(void *ud, uint32_t ms),
			     void *ud);

struct tu_llm_message {
	const char *role;       /* "system", "user", "assistant" */
	const char *content;
};

struct tu_llm_request {
	const struct tu_llm_message *messages;
	size_t n_messages;
	/* Structured output: a name ([a-zA-Z0-9_-]{1,64}) and a JSON schema
	 * (object) text.  NULL for plain text (tu_llm_chat only). */
	const char *schema_name;
	const char *schema_json;
	uint32_t max_tokens;    /* 0: the config's */
	double temperature;     /* < 0: the config's */
	/* Streaming (config.stream, tu_llm_chat only: structured calls are
	 * never streamed): called with each content fragment as it
	 * arrives; may be NULL.  The whole answer is in the reply too. */
	void (*on_delta)(void *ud, const char *text, size_t len);
	void *ud;
};

/* Which path served an answer; recorded with every use. */
enum tu_llm_path {
	TU_LLM_PATH_FALLBACK = 0,   /* no LLM answer: the deterministic path */
	TU_LLM_PATH_JSON_SCHEMA,    /* response_format json_schema */
	TU_LLM_PATH_JSON_OBJECT,    /* response_format json_object */
	TU_LLM_PATH_TEXT,           /* plain text (schema in the prompt) */
	TU_LLM_PATH_CACHE           /* a cached answer (tutor/assist.h) */
};

/* "fallback", "json_schema", "json_object", "text", "cache".  Static. */
const char *tu_llm_path_name(enum tu_llm_path p);

struct tu_llm_usage {
	uint32_t prompt_tokens, completion_tokens, total_tokens;
};

struct tu_llm_reply {
	char *content;            /* the answer text (owned); for structured
				     calls the validated JSON text */
	size_t len;
	enum tu_llm_path path;
	char finish_reason[32];   /* "stop", "length", ... */
	struct tu_llm_usage usage;/* summed over every request of the call */
	uint32_t requests;        /* HTTP requests made, retries included */
	uint32_t repairs;         /* repair rounds used (structured) */
	long http_status;         /* of the last request (0: none) */
};

void tu_llm_reply_init(struct tu_llm_reply *r);
void tu_llm_reply_release(struct tu_llm_reply *r);

/*
 * One chat completion (POST {base_url}/chat/completions), with retries.
 * reply is initialised by the call; on success content is the assistant
 * message (reasoning_content dropped; a null content is "") and path is
 * TU_LLM_PATH_TEXT.  finish_reason "length" is still TU_OK for plain
 * text.  Errors (content NULL, path FALLBACK, requests and http_status
 * still set): TU_ETIMEOUT, TU_EUNAVAIL (unreachable, or an HTTP error
 * after retries, any 4xx included; the message has the status and the
 * server's error.message, truncated), TU_ERANGE (answer over the limit),
 * TU_EPARSE (a body that is not a chat completion, or a stream that ends
 * before [DONE] and without a finish_reason), TU_EINVAL (a bad request
 * found before sending: no messages, an unknown role, a temperature
 * outside [0, 2], text that is not UTF-8).
 */
enum tu_status tu_llm_chat(struct tu_llm_client *cl,
			   const struct tu_llm_request *req,
			   struct tu_llm_reply *reply, struct tu_err *err);

/*
 * Structured output as described at the top: req->schema_json and
 * req->schema_name must be set (TU_EINVAL otherwise, or when the schema
 * uses anything tu_json_schema_validate cannot check; nothing is sent
 * then).  On TU_OK reply->content is compact JSON text valid against the
 * schema (one surrounding ``` fence in the answer is tolerated),
 * reply->path says which path served it, and usage/requests/repairs
 * count the whole call.  A truncated answer (finish_reason "length")
 * counts as invalid.  After the repairs: TU_EUNAVAIL (the message names
 * the last validation error); transport errors as tu_llm_chat.
 */
enum tu_status tu_llm_structured(struct tu_llm_client *cl,
				 const struct tu_llm_request *req,
				 struct tu_llm_reply *reply,
				 struct tu_err *err);

/*
 * Embeddings (POST {base_url}/embeddings) of 1..1024 texts: *vecs is
 * n x *dim floats (malloc; free()) in input order (the answer's "index"
 * decides), L2 norms as the server sent them; the tokens are added to
 * *usage (may be NULL).  Errors as tu_llm_chat (*vecs NULL, *dim 0);
 * TU_EPARSE when the vectors disagree in length, are missing or repeat
 * an index.
 */
enum tu_status tu_llm_embed(struct tu_llm_client *cl,
			    const char *const *texts, size_t n,
			    float **vecs, size_t *dim,
			    struct tu_llm_usage *usage, struct tu_err *err);

/* ------------------------------------ pure parts (tests, fuzzing) */

/*
 * Incremental parser of a server-sent-event stream: feed any byte
 * chunks; for every complete event whose data lines are not empty, on_data
 * gets the data (the "data:" lines joined with '\n', one leading space of
 * each stripped; CRLF, LF and CR line ends; ':' comment lines and other
 * fields ignored).  An event over max_event bytes is TU_ERANGE; on_data
 * returning non-zero stops the parse with TU_OK and sets stopped.
 */
struct tu_sse {
	char *buf;               /* the event being collected (owned) */
	size_t len, cap, max_event;
	char line[8];            /* partial field name across chunks */
	int state;               /* parser state, private */
	bool pending_cr, stopped;
};

void tu_sse_init(struct tu_sse *s, size_t max_event);
void tu_sse_release(struct tu_sse *s);
enum tu_status tu_sse_feed(struct tu_sse *s, const char *chunk, size_t n,
			   int (*on_data)(void *ud, const char *data,
					  size_t len),
			   void *ud, struct tu_err *err);

/*
 * Parses a non-streamed chat completion body into reply (content,
 * finish_reason, usage), or a streamed chunk ("data:" payload) by
 * appending its delta content to reply->content ("[DONE]" is TU_OK and
 * sets *done; a chunk with usage replaces reply->usage).  TU_EPARSE
 * naming the JSON path for anything else, also for a {"error": ...}
 * object (the message quotes the server's); TU_ERANGE when content
 * would pass max_bytes (reply unchanged).  reply->content is always
 * NUL-terminated and len bytes long.
 */
enum tu_status tu_llm_parse_completion(const char *body, size_t len,
				       size_t max_bytes,
				       struct tu_llm_reply *reply,
				       struct tu_err *err);
enum tu_status tu_llm_parse_chunk(const char *data, size_t len,
				  size_t max_bytes, struct tu_llm_reply *reply,
				  bool *done, struct tu_err *err);

/*
 * Validates value against the JSON-schema subset tutor's schemas use:
 * type (object, array, string, integer, number, boolean, null, or a list
 * of them), properties, required, additionalProperties (false), items,
 * enum, const, minLength/maxLength (UTF-8 code points), minItems/
 * maxItems, minimum/maximum; the annotations title, description,
 * $schema, $id, default and examples are ignored.  The whole schema is
 * checked first: unknown keywords or ill-typed values anywhere in it are
 * TU_EINVAL ("schema $.properties.a.pattern: unknown keyword"; a schema
 * we cannot check is a bug), as is nesting deeper than 32.  A violation
 * is TU_EDATA with the JSON path of the first one found: "$.steps[2].
 * title: longer than 120 characters".  An integer is any number with no
 * fractional part (2.0 too).
 */
enum tu_status tu_json_schema_validate(const json_t *schema,
				       const json_t *value,
				       struct tu_err *err);

#endif
