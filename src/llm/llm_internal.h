/*
 * llm_internal.h - what the files of src/llm share: the client struct,
 * one completion call (client.c) that structured.c builds its cascade
 * on, a bounded byte buffer, and message helpers that keep the API key
 * out of error text.  Not installed; tests use tutor/llm.h only.
 */
#ifndef TU_LLM_INTERNAL_H
#define TU_LLM_INTERNAL_H

#include <curl/curl.h>
#include "tutor/llm.h"
#include "tutor/rng.h"

#define TU__LLM_ERRBODY_MAX (64u * 1024u)   /* bytes of an error body kept */
#define TU__LLM_SERVER_MSG_MAX 200          /* chars of error.message shown */
#define TU__LLM_EMBED_MAX 1024              /* texts per embeddings call */
#define TU__LLM_DIM_MAX 65536               /* floats per embedding */

struct tu_llm_client {
	struct tu_llm_config cfg;        /* a copy; owns the key */
	CURL *curl;
	struct curl_slist *headers;      /* Content-Type, Authorization */
	struct tu_rng rng;               /* backoff jitter (cfg.seed) */
	void (*sleep_ms)(void *ud, uint32_t ms);
	void *sleep_ud;
	char where[TU_LLM_URL_MAX];      /* base_url without user:pass@ */
};

/* A growable buffer that refuses to pass max bytes (plus its NUL). */
struct tu__buf {
	char *p;
	size_t len, cap, max;
};

void tu__buf_init(struct tu__buf *b, size_t max);
void tu__buf_release(struct tu__buf *b);
/* Appends n bytes and keeps p NUL-terminated: TU_ERANGE past max (b is
 * unchanged), TU_ENOMEM. */
enum tu_status tu__buf_add(struct tu__buf *b, const char *s, size_t n);

/* The response_format of a completion request. */
enum tu__llm_format {
	TU__FMT_NONE = 0,          /* plain text */
	TU__FMT_JSON_SCHEMA,
	TU__FMT_JSON_OBJECT
};

struct tu__llm_call {
	const struct tu_llm_message *messages;
	size_t n_messages;
	enum tu__llm_format format;
	const char *schema_name;         /* FMT_JSON_SCHEMA */
	const json_t *schema;            /* FMT_JSON_SCHEMA (borrowed) */
	uint32_t max_tokens;             /* 0: the config's */
	double temperature;              /* < 0: the config's */
	bool stream;
	void (*on_delta)(void *ud, const char *text, size_t len);
	void *ud;
};

/* The request bodies (request.c); *out is malloc'd text (free()). */
enum tu_status tu__llm_chat_body(const struct tu_llm_config *cfg,
				 const struct tu__llm_call *call, char **out,
				 struct tu_err *err);
enum tu_status tu__llm_embed_body(const struct tu_llm_config *cfg,
				  const char *const *texts, size_t n,
				  char **out, struct tu_err *err);

/*
 * One chat completion with retries (client.c).  *out is initialised and
 * gets content, finish_reason, usage, requests and http_status (also on
 * failure, as far as known).  Errors as tu_llm_chat.
 */
enum tu_status tu__llm_complete(struct tu_llm_client *cl,
				const struct tu__llm_call *call,
				struct tu_llm_reply *out, struct tu_err *err);

/*
 * POSTs body to {base_url}{endpoint} with retries and returns the 2xx
 * body (non-streamed) in *resp (tu__buf, released by the caller).
 * *requests and *status are updated.  For embed.c.
 */
enum tu_status tu__llm_post(struct tu_llm_client *cl, const char *endpoint,
			    const char *body, struct tu__buf *resp,
			    uint32_t *requests, long *status,
			    struct tu_err *err);

/* The server's error.message (or a string "error") of an error body as
 * one line of printable ASCII, cut to cap - 1 bytes; "" when absent. */
void tu__llm_error_message(const json_t *root, char *out, size_t cap);

/* Checks messages (non-empty, roles and contents set): TU_EINVAL. */
enum tu_status tu__llm_check_messages(const struct tu_llm_message *m,
				      size_t n, struct tu_err *err);

/* Masks in msg every run of 8 or more characters that appears in key
 * (and the whole key when it is shorter) with '*'. */
void tu__llm_redact(char *msg, const char *key);

#endif
