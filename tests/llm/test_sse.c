/* test_sse.c - the server-sent-events parser (src/llm/sse.c): line ends,
 * comments, other fields, multi-line data, [DONE], chunk boundaries at
 * every byte, the event size limit and stopping. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/llm.h"

/* Events joined as "<data>|" in out. */
struct events {
	char out[4096];
	size_t n;
	size_t stop_after;     /* 0: never stop */
};

static int collect(void *ud, const char *data, size_t len)
{
	struct events *e = ud;
	size_t have = strlen(e->out);

	assert_true(have + len + 2 < sizeof(e->out));
	assert_int_equal(data[len], '\0');
	memcpy(e->out + have, data, len);
	e->out[have + len] = '|';
	e->out[have + len + 1] = '\0';
	e->n++;
	return e->stop_after && e->n >= e->stop_after;
}

/* Feeds text in pieces of `step` bytes (0: whole) and returns the events. */
static enum tu_status feed(const char *text, size_t step, size_t max,
			   struct events *e)
{
	struct tu_sse s;
	struct tu_err err = TU_ERR_INIT;
	size_t n = strlen(text);
	enum tu_status rc = TU_OK;

	memset(e->out, 0, sizeof(e->out));
	e->n = 0;
	tu_sse_init(&s, max);
	if (!step)
		step = n ? n : 1;
	for (size_t i = 0; i < n && rc == TU_OK; i += step)
		rc = tu_sse_feed(&s, text + i, i + step > n ? n - i : step,
				 collect, e, &err);
	tu_sse_release(&s);
	return rc;
}

static void expect(const char *text, const char *want)
{
	struct events e = { "", 0, 0 };

	assert_int_equal(feed(text, 0, 1024, &e), TU_OK);
	assert_string_equal(e.out, want);
}

static void basics(void **state)
{
	(void)state;
	expect("data: a\n\ndata: b\n\n", "a|b|");
	expect("data:x\n\n", "x|");
	expect("data:  two spaces\n\n", " two spaces|");
	expect("data: a\ndata: b\n\n", "a\nb|");
	expect("data: [DONE]\n\n", "[DONE]|");
	expect("data: {\"a\": \"b: c\"}\n\n", "{\"a\": \"b: c\"}|");
}

static void line_ends(void **state)
{
	(void)state;
	expect("data: a\r\n\r\ndata: b\r\n\r\n", "a|b|");
	expect("data: a\r\rdata: b\r\r", "a|b|");
	expect("data: a\r\n\ndata: b\n\r\n", "a|b|");
	expect("data: a\r\ndata: b\r\r\n", "a\nb|");
}

static void comments_and_fields(void **state)
{
	(void)state;
	expect(": ping\n\n", "");
	expect(":\n\n: keep-alive\r\n\r\ndata: x\n\n", "x|");
	expect("event: message\nid: 7\nretry: 10\ndata: x\n\n", "x|");
	expect("dataX: no\ndatum: no\nverylongfieldname: no\n\n", "");
	expect("verylongfieldname\ndata: y\n\n", "y|");
	expect("data\ndata: x\n\n", "\nx|");       /* bare "data" = "" */
	expect("data:\n\n", "");                   /* empty: no event */
	expect("data: x\n", "");                   /* unterminated */
	expect("\n\n\ndata: x\n\n\n\n", "x|");
}

static void every_boundary(void **state)
{
	const char *text = ": ping\r\n\r\ndata: {\"a\":1}\r\n\r\n"
			   "event: e\rdata: l1\rdata: l2\r\r"
			   "data:x\n\ndata: [DONE]\r\n\r\n";
	const char *want = "{\"a\":1}|l1\nl2|x|[DONE]|";
	size_t n = strlen(text);

	(void)state;
	for (size_t step = 1; step <= n; step++) {
		struct events e = { "", 0, 0 };

		assert_int_equal(feed(text, step, 1024, &e), TU_OK);
		assert_string_equal(e.out, want);
	}
	/* Two chunks split at every byte. */
	for (size_t cut = 0; cut <= n; cut++) {
		struct events e = { "", 0, 0 };
		struct tu_sse s;

		memset(e.out, 0, sizeof(e.out));
		tu_sse_init(&s, 1024);
		assert_int_equal(tu_sse_feed(&s, text, cut, collect, &e,
					     NULL), TU_OK);
		assert_int_equal(tu_sse_feed(&s, text + cut, n - cut, collect,
					     &e, NULL), TU_OK);
		assert_string_equal(e.out, want);
		tu_sse_release(&s);
	}
}

static void event_too_large(void **state)
{
	struct tu_sse s;
	struct tu_err err = TU_ERR_INIT;
	struct events e = { "", 0, 0 };

	(void)state;
	/* 16 bytes fit (the data and its line end), 17 do not. */
	assert_int_equal(feed("data: 123456789012345\n\n", 0, 16, &e), TU_OK);
	assert_string_equal(e.out, "123456789012345|");
	assert_int_equal(feed("data: 1234567890123456\n\n", 0, 16, &e),
			 TU_ERANGE);
	assert_int_equal(e.n, 0);
	/* Two lines adding up, and the parser stays failed. */
	tu_sse_init(&s, 16);
	assert_int_equal(tu_sse_feed(&s, "data: 12345678\ndata: 12345678\n",
				     30, collect, &e, &err), TU_ERANGE);
	assert_string_equal(err.msg, "SSE event over 16 bytes");
	assert_int_equal(tu_sse_feed(&s, "\n", 1, collect, &e, &err),
			 TU_ERANGE);
	tu_sse_release(&s);
	/* Comments and other fields never count. */
	assert_int_equal(feed(": 0123456789012345678901234567890\n\n"
			      "id: 0123456789012345678901234567890\n"
			      "data: ok\n\n", 0, 16, &e), TU_OK);
	assert_string_equal(e.out, "ok|");
}

static void stopping(void **state)
{
	struct tu_sse s;
	struct events e = { "", 0, 1 };
	const char *text = "data: a\n\ndata: b\n\n";

	(void)state;
	tu_sse_init(&s, 64);
	assert_int_equal(tu_sse_feed(&s, text, strlen(text), collect, &e,
				     NULL), TU_OK);
	assert_true(s.stopped);
	assert_string_equal(e.out, "a|");
	assert_int_equal(tu_sse_feed(&s, text, strlen(text), collect, &e,
				     NULL), TU_OK);
	assert_string_equal(e.out, "a|");
	tu_sse_release(&s);
	assert_null(s.buf);
	assert_int_equal(s.max_event, 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(basics),
		cmocka_unit_test(line_ends),
		cmocka_unit_test(comments_and_fields),
		cmocka_unit_test(every_boundary),
		cmocka_unit_test(event_too_large),
		cmocka_unit_test(stopping),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
