/* test_client.c - the LLM client (src/llm) against the scripted fake
 * server tests/llm/fake_openai.py: answers, streams, retries and
 * backoff, timeouts, size limits, the structured-output cascade and its
 * repairs, the API key, embeddings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include "tutor/llm.h"
#include "fake_server.h"

#define KEY "sk-test-SECRET0123456789abcdef"

static struct tu_fake_server fs;

struct sleeps {
	uint32_t ms[16];
	size_t n;
};

static void record_sleep(void *ud, uint32_t ms)
{
	struct sleeps *s = ud;

	if (s->n < 16)
		s->ms[s->n] = ms;
	s->n++;
}

static int group_setup(void **state)
{
	(void)state;
	return tu_fake_start(&fs);
}

static int group_teardown(void **state)
{
	(void)state;
	tu_fake_stop(&fs);
	return 0;
}

static int reset(void **state)
{
	(void)state;
	return tu_fake_reset(&fs);
}

static void config(struct tu_llm_config *c)
{
	tu_llm_config_default(c);
	snprintf(c->base_url, sizeof(c->base_url), "%s", fs.base_url);
	snprintf(c->model, sizeof(c->model), "test-model");
	snprintf(c->api_key, sizeof(c->api_key), "%s", KEY);
	c->connect_timeout_ms = 2000;
	c->timeout_ms = 5000;
}

/* A client with the sleep hook recording into s. */
static struct tu_llm_client *client(const struct tu_llm_config *c,
				    struct sleeps *s)
{
	struct tu_llm_client *cl = NULL;
	struct tu_err err = TU_ERR_INIT;

	assert_int_equal(tu_llm_client_new(c, &cl, &err), TU_OK);
	tu_llm_client_set_sleep(cl, record_sleep, s);
	return cl;
}

static const struct tu_llm_message two_msgs[] = {
	{ "system", "You are a tutor." },
	{ "user", "Give me a hint." },
};

static struct tu_llm_request request(void)
{
	struct tu_llm_request r;

	memset(&r, 0, sizeof(r));
	r.messages = two_msgs;
	r.n_messages = 2;
	r.temperature = -1;
	return r;
}

static void script(const char *json)
{
	assert_int_equal(tu_fake_script(&fs, json), 0);
}

/* Request i's body as recorded by the server (new reference). */
static json_t *sent(size_t i)
{
	json_t *j = tu_fake_request_json(&fs, i);

	assert_non_null(j);
	return j;
}

static const char *completion(const char *content, const char *finish)
{
	static char buf[4096];
	json_t *j = json_pack("{s:s,s:[{s:i,s:{s:s,s:s},s:s}],"
			      "s:{s:i,s:i,s:i}}",
			      "object", "chat.completion", "choices", "index",
			      0, "message", "role", "assistant", "content",
			      content, "finish_reason", finish, "usage",
			      "prompt_tokens", 7, "completion_tokens", 5,
			      "total_tokens", 12);
	char *s = json_dumps(j, JSON_COMPACT);

	snprintf(buf, sizeof(buf), "%s", s);
	free(s);
	json_decref(j);
	return buf;
}

/* Queues one 200 answer whose content is `content`. */
static void script_answer(const char *content, const char *finish)
{
	json_t *item = json_pack("[{s:s}]", "body",
				 completion(content, finish));
	char *s = json_dumps(item, JSON_COMPACT);

	script(s);
	free(s);
	json_decref(item);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---------------------------------------------------------- plain chat */

static void normal_answer(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;
	json_t *reqs, *body, *h;

	(void)state;
	config(&c);
	cl = client(&c, &s);
	script_answer("Look at the loop bound.", "stop");
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_OK);
	assert_string_equal(rep.content, "Look at the loop bound.");
	assert_int_equal(rep.len, strlen("Look at the loop bound."));
	assert_string_equal(rep.finish_reason, "stop");
	assert_int_equal(rep.usage.prompt_tokens, 7);
	assert_int_equal(rep.usage.completion_tokens, 5);
	assert_int_equal(rep.usage.total_tokens, 12);
	assert_int_equal(rep.requests, 1);
	assert_int_equal(rep.http_status, 200);
	assert_int_equal(rep.path, TU_LLM_PATH_TEXT);
	assert_int_equal(s.n, 0);
	reqs = tu_fake_requests(&fs);
	assert_int_equal(json_array_size(reqs), 1);
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(reqs, 0), "path")), "/v1/chat/completions");
	assert_non_null(strstr(json_string_value(json_object_get(
		json_array_get(reqs, 0), "body")), "\"temperature\":0.2,"));
	h = json_object_get(json_array_get(reqs, 0), "headers");
	assert_string_equal(json_string_value(json_object_get(h,
			    "Authorization")), "Bearer " KEY);
	assert_string_equal(json_string_value(json_object_get(h,
			    "Content-Type")), "application/json");
	json_decref(reqs);
	body = sent(0);
	assert_string_equal(json_string_value(json_object_get(body, "model")),
			    "test-model");
	assert_int_equal(json_integer_value(json_object_get(body, "seed")),
			 42);
	assert_int_equal(json_integer_value(json_object_get(body,
			 "max_tokens")), 600);
	assert_true(json_is_false(json_object_get(body, "stream")));
	assert_null(json_object_get(body, "response_format"));
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(body, "messages"), 1), "content")),
		"Give me a hint.");
	json_decref(body);
	tu_llm_reply_release(&rep);
	tu_llm_client_free(cl);
}

static void no_key_no_authorization(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = request();
	struct tu_llm_reply rep;
	json_t *reqs;

	(void)state;
	config(&c);
	c.api_key[0] = '\0';
	c.model[0] = '\0';
	cl = client(&c, &s);
	assert_int_equal(tu_llm_chat(cl, &r, &rep, NULL), TU_OK);
	assert_non_null(strstr(rep.content, "default answer"));
	reqs = tu_fake_requests(&fs);
	assert_null(json_object_get(json_object_get(json_array_get(reqs, 0),
				    "headers"), "Authorization"));
	assert_null(json_object_get(json_object_get(json_array_get(reqs, 0),
				    "json"), "model"));
	json_decref(reqs);
	tu_llm_reply_release(&rep);
	tu_llm_client_free(cl);
}

struct deltas {
	char text[512];
	size_t n;
};

static void on_delta(void *ud, const char *text, size_t len)
{
	struct deltas *d = ud;
	size_t have = strlen(d->text);

	assert_true(have + len < sizeof(d->text));
	memcpy(d->text + have, text, len);
	d->text[have + len] = '\0';
	d->n++;
}

static void streaming_answer(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;
	struct deltas d = { "", 0 };
	json_t *body;

	(void)state;
	config(&c);
	c.stream = true;
	cl = client(&c, &s);
	script("[{\"sse_raw\": true, \"chunk_delay_ms\": 5, \"sse\": ["
	       "\": keep-alive\\r\\n\\r\\n\","
	       "\"data: {\\\"choices\\\":[{\\\"index\\\":0,\\\"delta\\\":"
	       "{\\\"role\\\":\\\"assistant\\\"},\\\"finish_reason\\\":null}]}"
	       "\\r\\n\\r\\n\","
	       "\"data: {\\\"choices\\\":[{\\\"index\\\":0,\\\"delta\\\":"
	       "{\\\"content\\\":\\\"Check \\\"}}]}\\r\\n\\r\","
	       "\"\\ndata: {\\\"choices\\\":[{\\\"index\\\":0,\\\"delta\\\":"
	       "{\\\"content\\\":\\\"the \\\",\\\"reasoning_content\\\":"
	       "\\\"hmm\\\"}}]}\\r\\n\\r\\n: ping\\r\\n\\r\\n\","
	       "\"data: {\\\"choices\\\":[{\\\"index\\\":0,\\\"delta\\\":"
	       "{\\\"content\\\":\\\"bounds.\\\"},\\\"finish_reason\\\":"
	       "\\\"stop\\\"}]}\\r\\n\\r\\n\","
	       "\"data: {\\\"choices\\\":[],\\\"usage\\\":{\\\"prompt_tokens\\\""
	       ":9,\\\"completion_tokens\\\":3,\\\"total_tokens\\\":12}}\\r\\n"
	       "\\r\\ndata: [DONE]\\r\\n\\r\\n\"]}]");
	r.on_delta = on_delta;
	r.ud = &d;
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_OK);
	assert_string_equal(rep.content, "Check the bounds.");
	assert_string_equal(d.text, "Check the bounds.");
	assert_int_equal(d.n, 3);
	assert_string_equal(rep.finish_reason, "stop");
	assert_int_equal(rep.usage.prompt_tokens, 9);
	assert_int_equal(rep.usage.total_tokens, 12);
	assert_int_equal(rep.requests, 1);
	body = sent(0);
	assert_true(json_is_true(json_object_get(body, "stream")));
	assert_true(json_is_true(json_object_get(json_object_get(body,
			"stream_options"), "include_usage")));
	json_decref(body);
	tu_llm_reply_release(&rep);
	tu_llm_client_free(cl);
}

static void stream_without_done(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	config(&c);
	c.stream = true;
	cl = client(&c, &s);
	script("[{\"sse\": [\"{\\\"choices\\\":[{\\\"delta\\\":{\\\"content\\\""
	       ":\\\"half\\\"}}]}\"]}]");
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_EPARSE);
	assert_non_null(strstr(err.msg, "before [DONE]"));
	assert_null(rep.content);
	tu_llm_client_free(cl);
}

static void malformed_body(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	config(&c);
	cl = client(&c, &s);
	script("[{\"body\": \"{\\\"choices\\\": [\"},"
	       " {\"json\": {\"choices\": []}},"
	       " {\"json\": {\"choices\": [{\"message\": {\"content\": 5}}]}}]");
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_EPARSE);
	assert_non_null(strstr(err.msg, "invalid JSON"));
	assert_non_null(strstr(err.msg, "/chat/completions"));
	assert_int_equal(rep.requests, 1);
	assert_int_equal(rep.path, TU_LLM_PATH_FALLBACK);
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_EPARSE);
	assert_non_null(strstr(err.msg, "$.choices: expected a non-empty "
			       "array"));
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_EPARSE);
	assert_non_null(strstr(err.msg, "$.choices[0].message.content: "
			       "expected a string or null, got an integer"));
	assert_int_equal(s.n, 0);
	tu_llm_client_free(cl);
}

/* -------------------------------------------------- retries and limits */

static void timeout_is_quick(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;
	double t0;

	(void)state;
	config(&c);
	c.timeout_ms = 300;
	cl = client(&c, &s);
	script("[{\"delay_ms\": 3000}]");
	t0 = now_s();
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_ETIMEOUT);
	assert_true(now_s() - t0 < 2.0);
	assert_non_null(strstr(err.msg, "no answer within 300 ms"));
	assert_int_equal(rep.requests, 1);
	assert_int_equal(s.n, 0);
	tu_llm_client_free(cl);
}

static void retry_after_429(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	config(&c);
	cl = client(&c, &s);
	script("[{\"status\": 429, \"headers\": {\"Retry-After\": \"1\"},"
	       "  \"json\": {\"error\": {\"message\": \"slow down\"}}}]");
	script_answer("ok", "stop");
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_OK);
	assert_string_equal(rep.content, "ok");
	assert_int_equal(rep.requests, 2);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ms[0], 1000);
	tu_llm_reply_release(&rep);
	tu_llm_client_free(cl);
}

static void retry_after_capped_and_dated(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = request();
	struct tu_llm_reply rep;
	char item[256], date[64];
	time_t t = time(NULL) + 30;
	struct tm tm;

	(void)state;
	config(&c);
	c.backoff_max_ms = 5000;
	cl = client(&c, &s);
	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
	script("[{\"status\": 503, \"headers\": {\"Retry-After\": \"120\"}}]");
	snprintf(item, sizeof(item), "[{\"status\": 503, \"headers\": "
		 "{\"Retry-After\": \"%s\"}}]", date);
	script(item);
	c.backoff_max_ms = 60000;
	assert_int_equal(tu_llm_chat(cl, &r, &rep, NULL), TU_OK);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.ms[0], 5000);     /* 120 s capped */
	assert_int_equal(s.ms[1], 5000);     /* ~30 s capped */
	tu_llm_reply_release(&rep);
	tu_llm_client_free(cl);
	/* The HTTP date itself: ~30 s when the cap allows it. */
	cl = client(&c, &s);
	s.n = 0;
	script(item);
	assert_int_equal(tu_llm_chat(cl, &r, &rep, NULL), TU_OK);
	assert_int_equal(s.n, 1);
	assert_true(s.ms[0] >= 28000 && s.ms[0] <= 30000);
	tu_llm_reply_release(&rep);
	tu_llm_client_free(cl);
}

static void server_errors_then_success(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	config(&c);
	cl = client(&c, &s);
	script("[{\"status\": 500, \"json\": {\"error\": {\"message\": "
	       "\"boom\"}}, \"repeat\": 2}]");
	script_answer("third time lucky", "stop");
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_OK);
	assert_string_equal(rep.content, "third time lucky");
	assert_int_equal(rep.requests, 3);
	assert_int_equal(s.n, 2);
	/* Full jitter: attempt 0 in [0, 500], attempt 1 in [0, 1000]. */
	assert_true(s.ms[0] <= 500);
	assert_true(s.ms[1] <= 1000);
	tu_llm_reply_release(&rep);
	tu_llm_client_free(cl);
}

static void jitter_is_seeded(void **state)
{
	struct tu_llm_config c;
	struct sleeps a = { { 0 }, 0 }, b = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = request();
	struct tu_llm_reply rep;

	(void)state;
	config(&c);
	c.max_retries = 5;
	c.backoff_base_ms = 100000;   /* large ranges: equal by chance ~0 */
	c.backoff_max_ms = 1000000;
	for (int k = 0; k < 2; k++) {
		cl = client(&c, k ? &b : &a);
		script("[{\"status\": 502, \"repeat\": 5}]");
		assert_int_equal(tu_llm_chat(cl, &r, &rep, NULL), TU_OK);
		tu_llm_reply_release(&rep);
		tu_llm_client_free(cl);
	}
	assert_int_equal(a.n, 5);
	assert_memory_equal(a.ms, b.ms, sizeof(a.ms));
	assert_true(a.ms[0] != a.ms[1] || a.ms[1] != a.ms[2]);
}

static void server_errors_every_time(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	config(&c);
	c.max_retries = 2;
	cl = client(&c, &s);
	script("[{\"status\": 500, \"json\": {\"error\": {\"message\": "
	       "\"model crashed\"}}, \"repeat\": 5}]");
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_EUNAVAIL);
	assert_int_equal(rep.requests, 3);
	assert_int_equal(s.n, 2);
	assert_int_equal(rep.http_status, 500);
	assert_non_null(strstr(err.msg, "HTTP 500: model crashed"));
	assert_non_null(strstr(err.msg, fs.base_url));
	assert_int_equal(tu_fake_request_count(&fs), 3);
	tu_llm_client_free(cl);
}

static void client_errors_not_retried(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	config(&c);
	cl = client(&c, &s);
	script("[{\"status\": 404, \"json\": {\"error\": {\"message\": "
	       "\"model not found\"}}}, {\"status\": 408}]");
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_EUNAVAIL);
	assert_int_equal(rep.requests, 1);
	assert_int_equal(rep.http_status, 404);
	assert_non_null(strstr(err.msg, "HTTP 404: model not found"));
	/* 408 is retried. */
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_OK);
	assert_int_equal(rep.requests, 2);
	tu_llm_reply_release(&rep);
	tu_llm_client_free(cl);
}

static void unreachable_is_retried(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	config(&c);
	/* Port 1 on loopback: connection refused. */
	snprintf(c.base_url, sizeof(c.base_url), "http://127.0.0.1:1/v1/");
	cl = client(&c, &s);
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_EUNAVAIL);
	assert_int_equal(rep.requests, 4);
	assert_int_equal(s.n, 3);
	assert_int_equal(rep.http_status, 0);
	assert_non_null(strstr(err.msg, "http://127.0.0.1:1/v1/chat/"
			       "completions: "));
	tu_llm_client_free(cl);
}

static void dropped_connection_retried(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	config(&c);
	cl = client(&c, &s);
	script("[{\"close\": true}]");
	script_answer("after the drop", "stop");
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_OK);
	assert_string_equal(rep.content, "after the drop");
	assert_int_equal(rep.requests, 2);
	assert_int_equal(s.n, 1);
	tu_llm_reply_release(&rep);
	tu_llm_client_free(cl);
}

static void oversized_answer(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;
	char *big = malloc(300000);
	json_t *item;
	char *text;

	(void)state;
	config(&c);
	c.max_response_bytes = 4096;
	cl = client(&c, &s);
	/* A 300 kB body whose content never ends. */
	memset(big, 'x', 299999);
	big[299999] = '\0';
	memcpy(big, "{\"choices\":[{\"message\":{\"content\":\"", 35);
	item = json_pack("[{s:s}]", "body", big);
	text = json_dumps(item, JSON_COMPACT);
	script(text);
	free(text);
	json_decref(item);
	free(big);
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_ERANGE);
	assert_non_null(strstr(err.msg, "over the limit of 4096 bytes"));
	assert_int_equal(rep.requests, 1);
	assert_null(rep.content);
	tu_llm_client_free(cl);
}

static void oversized_stream(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	config(&c);
	c.stream = true;
	c.max_response_bytes = 10;
	cl = client(&c, &s);
	script("[{\"sse\": [\"{\\\"choices\\\":[{\\\"delta\\\":{\\\"content\\\""
	       ":\\\"123456\\\"}}]}\", \"{\\\"choices\\\":[{\\\"delta\\\":"
	       "{\\\"content\\\":\\\"789012\\\"}}]}\", \"[DONE]\"]}]");
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_ERANGE);
	assert_int_equal(rep.requests, 1);
	tu_llm_client_free(cl);
}

static void key_never_in_messages(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	config(&c);
	cl = client(&c, &s);
	/* A server that echoes the key, whole and in part. */
	script("[{\"status\": 401, \"json\": {\"error\": {\"message\": "
	       "\"Incorrect API key provided: " KEY " (sk-test-SECR...cdef)\""
	       "}}}]");
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_EUNAVAIL);
	assert_int_equal(rep.requests, 1);
	assert_non_null(strstr(err.msg, "HTTP 401"));
	assert_null(strstr(err.msg, KEY));
	assert_null(strstr(err.msg, "SECRET"));
	assert_null(strstr(err.msg, "0123456789"));
	assert_null(strstr(err.msg, "sk-test-SECR"));
	tu_llm_client_free(cl);
}

static void bad_client_configs(void **state)
{
	struct tu_llm_config c;
	struct tu_llm_client *cl = (struct tu_llm_client *)&c;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_llm_config_default(&c);
	assert_false(tu_llm_configured(&c));
	assert_int_equal(tu_llm_client_new(&c, &cl, &err), TU_EINVAL);
	assert_null(cl);
	snprintf(c.base_url, sizeof(c.base_url), "ftp://x");
	assert_int_equal(tu_llm_client_new(&c, &cl, &err), TU_EINVAL);
	snprintf(c.base_url, sizeof(c.base_url), "http://x");
	snprintf(c.api_key, sizeof(c.api_key), "abc\r\nX-Evil: 1");
	assert_int_equal(tu_llm_client_new(&c, &cl, &err), TU_EINVAL);
	assert_null(strstr(err.msg, "Evil"));
}

static void bad_requests(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;
	struct tu_llm_message bad[] = { { "robot", "hi" } };

	(void)state;
	config(&c);
	cl = client(&c, &s);
	r.n_messages = 0;
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_EINVAL);
	r.messages = bad;
	r.n_messages = 1;
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "role"));
	r = request();
	r.temperature = 3.0;
	assert_int_equal(tu_llm_chat(cl, &r, &rep, &err), TU_EINVAL);
	r = request();
	assert_int_equal(tu_llm_structured(cl, &r, &rep, &err), TU_EINVAL);
	r.schema_json = "{\"type\": \"object\", \"pattern\": \"x\"}";
	r.schema_name = "hint";
	assert_int_equal(tu_llm_structured(cl, &r, &rep, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "unknown keyword"));
	r.schema_json = "{\"type\": \"object\"}";
	r.schema_name = "bad name";
	assert_int_equal(tu_llm_structured(cl, &r, &rep, &err), TU_EINVAL);
	assert_int_equal(tu_fake_request_count(&fs), 0);
	tu_llm_client_free(cl);
}

/* ------------------------------------------------------ structured */

#define HINT_SCHEMA "{\"type\":\"object\",\"properties\":{\"hint\":" \
	"{\"type\":\"string\",\"maxLength\":20}},\"required\":[\"hint\"]," \
	"\"additionalProperties\":false}"

static struct tu_llm_request structured_request(void)
{
	struct tu_llm_request r = request();

	r.schema_name = "hint";
	r.schema_json = HINT_SCHEMA;
	return r;
}

static const char *msg_content(const json_t *body, size_t i)
{
	return json_string_value(json_object_get(json_array_get(
		json_object_get(body, "messages"), i), "content"));
}

static void structured_first_try(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = structured_request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;
	json_t *body, *rf;

	(void)state;
	config(&c);
	c.stream = true;           /* structured calls are never streamed */
	cl = client(&c, &s);
	script_answer("{\"hint\": \"check i < n\"}", "stop");
	assert_int_equal(tu_llm_structured(cl, &r, &rep, &err), TU_OK);
	assert_string_equal(rep.content, "{\"hint\":\"check i < n\"}");
	assert_int_equal(rep.path, TU_LLM_PATH_JSON_SCHEMA);
	assert_int_equal(rep.repairs, 0);
	assert_int_equal(rep.requests, 1);
	assert_int_equal(rep.usage.total_tokens, 12);
	body = sent(0);
	assert_true(json_is_false(json_object_get(body, "stream")));
	rf = json_object_get(body, "response_format");
	assert_string_equal(json_string_value(json_object_get(rf, "type")),
			    "json_schema");
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(rf, "json_schema"), "name")), "hint");
	assert_true(json_is_object(json_object_get(json_object_get(rf,
			"json_schema"), "schema")));
	assert_string_equal(msg_content(body, 0), "You are a tutor.");
	json_decref(body);
	tu_llm_reply_release(&rep);
	tu_llm_client_free(cl);
}

static void structured_repaired(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = structured_request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;
	json_t *body;

	(void)state;
	config(&c);
	cl = client(&c, &s);
	script_answer("{\"hint\": \"this hint is far too long to pass\"}",
		      "stop");
	script_answer("{\"hint\": \"short\"}", "stop");
	assert_int_equal(tu_llm_structured(cl, &r, &rep, &err), TU_OK);
	assert_string_equal(rep.content, "{\"hint\":\"short\"}");
	assert_int_equal(rep.repairs, 1);
	assert_int_equal(rep.requests, 2);
	assert_int_equal(rep.usage.total_tokens, 24);
	assert_int_equal(rep.path, TU_LLM_PATH_JSON_SCHEMA);
	body = sent(1);
	assert_int_equal(json_array_size(json_object_get(body, "messages")),
			 4);
	assert_string_equal(msg_content(body, 2),
			    "{\"hint\": \"this hint is far too long to pass\"}");
	assert_non_null(strstr(msg_content(body, 3),
			       "$.hint: longer than 20 characters"));
	json_decref(body);
	tu_llm_reply_release(&rep);
	tu_llm_client_free(cl);
}

static void structured_never_valid(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = structured_request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;
	json_t *body;

	(void)state;
	config(&c);
	cl = client(&c, &s);
	script_answer("not json at all", "stop");
	script_answer("{\"tip\": \"x\"}", "stop");
	script_answer("{\"hint\": 3}", "stop");
	assert_int_equal(tu_llm_structured(cl, &r, &rep, &err), TU_EUNAVAIL);
	assert_int_equal(rep.path, TU_LLM_PATH_FALLBACK);
	assert_int_equal(rep.repairs, 2);
	assert_int_equal(rep.requests, 3);
	assert_null(rep.content);
	assert_non_null(strstr(err.msg, "no valid answer after 2 repairs"));
	assert_non_null(strstr(err.msg, "$.hint: expected string, got an "
			       "integer"));
	body = sent(2);
	assert_int_equal(json_array_size(json_object_get(body, "messages")),
			 6);
	assert_non_null(strstr(msg_content(body, 3), "invalid JSON"));
	assert_non_null(strstr(msg_content(body, 5),
			       "missing required property \"hint\""));
	json_decref(body);
	tu_llm_client_free(cl);
}

static void structured_cascade(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = structured_request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;
	json_t *b0, *b1, *b2;

	(void)state;
	config(&c);
	cl = client(&c, &s);
	script("[{\"status\": 400, \"json\": {\"error\": {\"message\": "
	       "\"response_format json_schema unsupported\"}}, \"repeat\": 2}]");
	script_answer("```json\n{\"hint\": \"fenced\"}\n```", "stop");
	assert_int_equal(tu_llm_structured(cl, &r, &rep, &err), TU_OK);
	assert_int_equal(rep.path, TU_LLM_PATH_TEXT);
	assert_string_equal(rep.content, "{\"hint\":\"fenced\"}");
	assert_int_equal(rep.requests, 3);
	assert_int_equal(rep.repairs, 0);
	assert_int_equal(s.n, 0);
	b0 = sent(0);
	b1 = sent(1);
	b2 = sent(2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
		b0, "response_format"), "type")), "json_schema");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
		b1, "response_format"), "type")), "json_object");
	assert_null(json_object_get(b2, "response_format"));
	/* The schema goes into the (merged) system message. */
	assert_int_equal(json_array_size(json_object_get(b1, "messages")), 2);
	assert_non_null(strstr(msg_content(b1, 0), "You are a tutor.\n\n"));
	assert_non_null(strstr(msg_content(b1, 0), "\"maxLength\":20"));
	assert_non_null(strstr(msg_content(b2, 0), "\"maxLength\":20"));
	assert_string_equal(msg_content(b0, 0), "You are a tutor.");
	json_decref(b0);
	json_decref(b1);
	json_decref(b2);
	tu_llm_reply_release(&rep);
	tu_llm_client_free(cl);
}

static void structured_json_object_path(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = structured_request();
	struct tu_llm_message one[] = { { "user", "hint please" } };
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;
	json_t *b1;

	(void)state;
	config(&c);
	cl = client(&c, &s);
	r.messages = one;
	r.n_messages = 1;
	script("[{\"status\": 422}]");
	script_answer("{\"hint\": \"ok\"}", "stop");
	assert_int_equal(tu_llm_structured(cl, &r, &rep, &err), TU_OK);
	assert_int_equal(rep.path, TU_LLM_PATH_JSON_OBJECT);
	b1 = sent(1);
	/* No system message to merge into: one is prepended. */
	assert_int_equal(json_array_size(json_object_get(b1, "messages")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(b1, "messages"), 0), "role")), "system");
	assert_string_equal(msg_content(b1, 1), "hint please");
	json_decref(b1);
	tu_llm_reply_release(&rep);
	tu_llm_client_free(cl);
}

static void structured_truncated(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = structured_request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;
	json_t *body;

	(void)state;
	config(&c);
	cl = client(&c, &s);
	/* Valid JSON, but cut off: still invalid. */
	script_answer("{\"hint\": \"ok\"}", "length");
	script_answer("{\"hint\": \"fine\"}", "stop");
	assert_int_equal(tu_llm_structured(cl, &r, &rep, &err), TU_OK);
	assert_int_equal(rep.repairs, 1);
	assert_string_equal(rep.content, "{\"hint\":\"fine\"}");
	body = sent(1);
	assert_non_null(strstr(msg_content(body, 3), "cut off"));
	json_decref(body);
	tu_llm_reply_release(&rep);
	tu_fake_reset(&fs);
	for (int i = 0; i < 3; i++)
		script_answer("{\"hint\"", "length");
	assert_int_equal(tu_llm_structured(cl, &r, &rep, &err), TU_EUNAVAIL);
	assert_int_equal(rep.path, TU_LLM_PATH_FALLBACK);
	assert_int_equal(rep.repairs, 2);
	assert_non_null(strstr(err.msg, "cut off"));
	tu_llm_client_free(cl);
}

static void structured_transport_failure(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	struct tu_llm_request r = structured_request();
	struct tu_llm_reply rep;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	config(&c);
	c.max_retries = 1;
	cl = client(&c, &s);
	script("[{\"status\": 503, \"repeat\": 2}]");
	assert_int_equal(tu_llm_structured(cl, &r, &rep, &err), TU_EUNAVAIL);
	assert_int_equal(rep.path, TU_LLM_PATH_FALLBACK);
	assert_int_equal(rep.requests, 2);
	assert_int_equal(rep.repairs, 0);
	assert_non_null(strstr(err.msg, "HTTP 503"));
	tu_llm_client_free(cl);
}

/* ----------------------------------------------------------- embeddings */

static void embeddings(void **state)
{
	struct tu_llm_config c;
	struct sleeps s = { { 0 }, 0 };
	struct tu_llm_client *cl;
	const char *texts[] = { "ab", "c" };
	struct tu_llm_usage u = { 0, 0, 0 };
	struct tu_err err = TU_ERR_INIT;
	float *v = NULL;
	size_t dim = 0;
	json_t *body;

	(void)state;
	config(&c);
	cl = client(&c, &s);
	/* The default answer: [1, len, index, 0.5]. */
	assert_int_equal(tu_llm_embed(cl, texts, 2, &v, &dim, &u, &err),
			 TU_OK);
	assert_int_equal(dim, 4);
	assert_true(v[1] == 2.0f && v[4 + 1] == 1.0f && v[4 + 2] == 1.0f);
	assert_int_equal(u.prompt_tokens, 2);
	free(v);
	body = sent(0);
	assert_string_equal(json_string_value(json_object_get(body, "model")),
			    "test-model");
	assert_string_equal(json_string_value(json_array_get(json_object_get(
		body, "input"), 1)), "c");
	json_decref(body);
	/* Out of order by index. */
	script("[{\"json\": {\"data\": [{\"index\": 1, \"embedding\": [3, 4]},"
	       " {\"index\": 0, \"embedding\": [1, 2.5]}]}}]");
	assert_int_equal(tu_llm_embed(cl, texts, 2, &v, &dim, NULL, &err),
			 TU_OK);
	assert_int_equal(dim, 2);
	assert_true(v[0] == 1.0f && v[1] == 2.5f && v[2] == 3.0f);
	free(v);
	/* Disagreeing lengths, wrong counts, repeated index. */
	script("[{\"json\": {\"data\": [{\"embedding\": [1, 2]},"
	       " {\"embedding\": [1]}]}},"
	       " {\"json\": {\"data\": [{\"embedding\": [1, 2]}]}},"
	       " {\"json\": {\"data\": [{\"index\": 0, \"embedding\": [1]},"
	       " {\"index\": 0, \"embedding\": [1]}]}}]");
	assert_int_equal(tu_llm_embed(cl, texts, 2, &v, &dim, NULL, &err),
			 TU_EPARSE);
	assert_non_null(strstr(err.msg, "$.data[1].embedding"));
	assert_null(v);
	assert_int_equal(dim, 0);
	assert_int_equal(tu_llm_embed(cl, texts, 2, &v, &dim, NULL, &err),
			 TU_EPARSE);
	assert_int_equal(tu_llm_embed(cl, texts, 2, &v, &dim, NULL, &err),
			 TU_EPARSE);
	assert_non_null(strstr(err.msg, "twice"));
	tu_llm_client_free(cl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(normal_answer, reset),
		cmocka_unit_test_setup(no_key_no_authorization, reset),
		cmocka_unit_test_setup(streaming_answer, reset),
		cmocka_unit_test_setup(stream_without_done, reset),
		cmocka_unit_test_setup(malformed_body, reset),
		cmocka_unit_test_setup(timeout_is_quick, reset),
		cmocka_unit_test_setup(retry_after_429, reset),
		cmocka_unit_test_setup(retry_after_capped_and_dated, reset),
		cmocka_unit_test_setup(server_errors_then_success, reset),
		cmocka_unit_test_setup(jitter_is_seeded, reset),
		cmocka_unit_test_setup(server_errors_every_time, reset),
		cmocka_unit_test_setup(client_errors_not_retried, reset),
		cmocka_unit_test_setup(unreachable_is_retried, reset),
		cmocka_unit_test_setup(dropped_connection_retried, reset),
		cmocka_unit_test_setup(oversized_answer, reset),
		cmocka_unit_test_setup(oversized_stream, reset),
		cmocka_unit_test_setup(key_never_in_messages, reset),
		cmocka_unit_test(bad_client_configs),
		cmocka_unit_test_setup(bad_requests, reset),
		cmocka_unit_test_setup(structured_first_try, reset),
		cmocka_unit_test_setup(structured_repaired, reset),
		cmocka_unit_test_setup(structured_never_valid, reset),
		cmocka_unit_test_setup(structured_cascade, reset),
		cmocka_unit_test_setup(structured_json_object_path, reset),
		cmocka_unit_test_setup(structured_truncated, reset),
		cmocka_unit_test_setup(structured_transport_failure, reset),
		cmocka_unit_test_setup(embeddings, reset),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
