/* test_parse.c - reading completions and stream chunks (src/llm/parse.c):
 * content, finish_reason, usage, reasoning dropped, the size limit, and
 * an exact message naming the JSON path for each malformed shape. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/llm.h"

static enum tu_status completion(const char *body, size_t max,
				 struct tu_llm_reply *r, struct tu_err *err)
{
	tu_llm_reply_init(r);
	return tu_llm_parse_completion(body, strlen(body), max, r, err);
}

static void expect_bad(const char *body, enum tu_status code,
		       const char *msg)
{
	struct tu_llm_reply r;
	struct tu_err err = TU_ERR_INIT;

	assert_int_equal(completion(body, 1024, &r, &err), code);
	assert_string_equal(err.msg, msg);
	tu_llm_reply_release(&r);
}

static void whole_completion(void **state)
{
	struct tu_llm_reply r;
	struct tu_err err = TU_ERR_INIT;
	const char *body =
		"{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,"
		"\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
		"\"content\":\"Hint: \\u00e9\",\"reasoning_content\":\"secret "
		"thoughts\"},\"finish_reason\":\"length\"}],\"usage\":"
		"{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":"
		"7},\"timings\":{\"predicted_n\":4}}";

	(void)state;
	assert_int_equal(completion(body, 1024, &r, &err), TU_OK);
	assert_string_equal(r.content, "Hint: \xc3\xa9");
	assert_int_equal(r.len, 8);
	assert_string_equal(r.finish_reason, "length");
	assert_int_equal(r.usage.prompt_tokens, 3);
	assert_int_equal(r.usage.completion_tokens, 4);
	assert_int_equal(r.usage.total_tokens, 7);
	tu_llm_reply_release(&r);
	assert_null(r.content);
	/* null content (a tool call), no usage, no finish_reason. */
	assert_int_equal(completion("{\"choices\":[{\"message\":{\"content\":"
				    "null}}]}", 1024, &r, &err), TU_OK);
	assert_string_equal(r.content, "");
	assert_int_equal(r.len, 0);
	assert_string_equal(r.finish_reason, "");
	assert_int_equal(r.usage.total_tokens, 0);
	tu_llm_reply_release(&r);
	/* total_tokens missing: the sum. */
	assert_int_equal(completion("{\"choices\":[{\"message\":{\"content\":"
				    "\"a\"}}],\"usage\":{\"prompt_tokens\":2,"
				    "\"completion_tokens\":5}}", 1024, &r,
				    &err), TU_OK);
	assert_int_equal(r.usage.total_tokens, 7);
	tu_llm_reply_release(&r);
}

static void malformed_completions(void **state)
{
	(void)state;
	expect_bad("", TU_EPARSE,
		   "$: invalid JSON at line 1, column 0: '[' or '{' expected "
		   "near end of file");
	expect_bad("[1]", TU_EPARSE, "$: expected an object, got an array");
	expect_bad("{}", TU_EPARSE, "$.choices: expected a non-empty array");
	expect_bad("{\"choices\":[]}", TU_EPARSE,
		   "$.choices: expected a non-empty array, got an array");
	expect_bad("{\"choices\":[1]}", TU_EPARSE,
		   "$.choices[0]: expected an object, got an integer");
	expect_bad("{\"choices\":[{\"text\":\"x\"}]}", TU_EPARSE,
		   "$.choices[0].message: expected an object");
	expect_bad("{\"choices\":[{\"message\":{\"content\":[1]}}]}",
		   TU_EPARSE, "$.choices[0].message.content: expected a "
		   "string or null, got an array");
	expect_bad("{\"choices\":[{\"message\":{\"content\":\"a\"},"
		   "\"finish_reason\":3}]}", TU_EPARSE,
		   "$.choices[0].finish_reason: expected a string or null, "
		   "got an integer");
	expect_bad("{\"choices\":[{\"message\":{\"content\":\"a\"}}],"
		   "\"usage\":{\"prompt_tokens\":-1}}", TU_ERANGE,
		   "$.usage.prompt_tokens: must be an integer in "
		   "[0, 4294967295], got -1");
	expect_bad("{\"choices\":[{\"message\":{\"content\":\"a\"}}],"
		   "\"usage\":[]}", TU_EPARSE,
		   "$.usage: expected an object, got an array");
	expect_bad("{\"error\":{\"message\":\"context\\nfull\",\"code\":400}}",
		   TU_EPARSE, "$.error: the server reported: context full");
	expect_bad("{\"a\":1,\"a\":2}", TU_EPARSE,
		   "$: invalid JSON at line 1, column 10: duplicate object "
		   "key near '\"a\"'");
}

static void completion_limit(void **state)
{
	struct tu_llm_reply r;
	struct tu_err err = TU_ERR_INIT;
	const char *body = "{\"choices\":[{\"message\":{\"content\":"
			   "\"0123456789\"}}]}";

	(void)state;
	assert_int_equal(completion(body, 10, &r, &err), TU_OK);
	tu_llm_reply_release(&r);
	assert_int_equal(completion(body, 9, &r, &err), TU_ERANGE);
	assert_string_equal(err.msg, "answer over the limit of 9 bytes");
	tu_llm_reply_release(&r);
	/* The whole document is bounded too (8 x the answer limit). */
	assert_int_equal(completion(body, 5, &r, &err), TU_ERANGE);
	tu_llm_reply_release(&r);
}

static enum tu_status chunk(const char *data, size_t max,
			    struct tu_llm_reply *r, bool *done,
			    struct tu_err *err)
{
	return tu_llm_parse_chunk(data, strlen(data), max, r, done, err);
}

static void stream_chunks(void **state)
{
	struct tu_llm_reply r;
	struct tu_err err = TU_ERR_INIT;
	bool done = true;

	(void)state;
	tu_llm_reply_init(&r);
	assert_int_equal(chunk("{\"choices\":[{\"index\":0,\"delta\":{\"role\""
			       ":\"assistant\"},\"finish_reason\":null}]}",
			       64, &r, &done, &err), TU_OK);
	assert_false(done);
	assert_int_equal(r.len, 0);
	assert_int_equal(chunk("{\"choices\":[{\"delta\":{\"content\":\"Hi \","
			       "\"reasoning_content\":\"hmm\"}}]}", 64, &r,
			       &done, &err), TU_OK);
	assert_int_equal(chunk("{\"choices\":[{\"delta\":{\"content\":"
			       "\"there\"},\"finish_reason\":\"stop\"}]}", 64,
			       &r, &done, &err), TU_OK);
	assert_string_equal(r.content, "Hi there");
	assert_string_equal(r.finish_reason, "stop");
	assert_int_equal(chunk("{\"choices\":[],\"usage\":{\"prompt_tokens\":"
			       "1,\"completion_tokens\":2,\"total_tokens\":3}}",
			       64, &r, &done, &err), TU_OK);
	assert_int_equal(r.usage.total_tokens, 3);
	assert_int_equal(chunk("{\"choices\":[{\"delta\":{}}]}", 64, &r, &done,
			       &err), TU_OK);
	assert_int_equal(chunk("[DONE]", 64, &r, &done, &err), TU_OK);
	assert_true(done);
	assert_string_equal(r.content, "Hi there");
	/* The answer limit counts the whole answer. */
	assert_int_equal(chunk("{\"choices\":[{\"delta\":{\"content\":"
			       "\"!\"}}]}", 8, &r, &done, &err), TU_ERANGE);
	assert_string_equal(r.content, "Hi there");
	tu_llm_reply_release(&r);
}

static void malformed_chunks(void **state)
{
	static const char *const bad[][2] = {
		{ "[DONE] ", "$: invalid JSON at line 1, column 5: invalid "
			     "token near 'DONE'" },
		{ "[1]", "$: expected an object, got an array" },
		{ "{\"choices\":{}}", "$.choices: expected an array, got an "
				      "object" },
		{ "{\"choices\":[null]}", "$.choices[0]: expected an object, "
					  "got null" },
		{ "{\"choices\":[{\"delta\":\"x\"}]}",
		  "$.choices[0].delta: expected an object, got a string" },
		{ "{\"choices\":[{\"delta\":{\"content\":1}}]}",
		  "$.choices[0].delta.content: expected a string or null, got "
		  "an integer" },
		{ "{\"error\":{\"message\":\"oops\"}}",
		  "$.error: the server reported: oops" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct tu_llm_reply r;
		struct tu_err err = TU_ERR_INIT;
		bool done;

		tu_llm_reply_init(&r);
		assert_int_equal(chunk(bad[i][0], 64, &r, &done, &err),
				 TU_EPARSE);
		assert_string_equal(err.msg, bad[i][1]);
		tu_llm_reply_release(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_completion),
		cmocka_unit_test(malformed_completions),
		cmocka_unit_test(completion_limit),
		cmocka_unit_test(stream_chunks),
		cmocka_unit_test(malformed_chunks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
