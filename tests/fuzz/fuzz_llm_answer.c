/* fuzz_llm_answer.c - libFuzzer target for what an LLM server sends back
 * (src/llm/parse.c, src/llm/schema.c): the bytes as a whole completion,
 * as a stream chunk, the answer content validated against a fixed hint
 * schema, and the bytes as a schema.  Any input gives a status (and a
 * message on error), the content stays within its limit and NUL-
 * terminated, and nothing crashes or leaks. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/llm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX 4096

static const char *const schema_text =
	"{\"type\":\"object\",\"properties\":{\"hint\":{\"type\":\"string\","
	"\"minLength\":1,\"maxLength\":600},\"level\":{\"type\":\"integer\","
	"\"minimum\":1,\"maximum\":4},\"tags\":{\"type\":\"array\",\"items\":"
	"{\"enum\":[\"loop\",\"io\",\"types\"]},\"maxItems\":3},\"ok\":"
	"{\"type\":[\"boolean\",\"null\"]},\"v\":{\"const\":1}},"
	"\"required\":[\"hint\"],\"additionalProperties\":false}";

static void check_reply(const struct tu_llm_reply *r)
{
	if (r->len > MAX || (r->content && strlen(r->content) != r->len) ||
	    (!r->content && r->len) ||
	    !memchr(r->finish_reason, '\0', sizeof(r->finish_reason)))
		abort();
}

static void check_status(enum tu_status rc, const struct tu_err *err)
{
	if (rc != TU_OK && err->msg[0] == '\0')
		abort();
}

/* The content as JSON against the fixed schema: never TU_EINVAL. */
static void validate(const json_t *schema, const struct tu_llm_reply *r)
{
	struct tu_err err = TU_ERR_INIT;
	json_t *v;
	enum tu_status rc;

	if (!r->content)
		return;
	v = json_loadb(r->content, r->len, JSON_DECODE_ANY, NULL);
	if (!v)
		return;
	rc = tu_json_schema_validate(schema, v, &err);
	if (rc != TU_OK && rc != TU_EDATA)
		abort();
	check_status(rc, &err);
	json_decref(v);
}

/* The input itself as a schema, over a few values. */
static void as_schema(const uint8_t *data, size_t size)
{
	static const char *const values[] = {
		"{\"hint\":\"x\"}", "[1,2,3]", "\"text\"", "3.5", "null"
	};
	json_t *s = json_loadb((const char *)data, size, 0, NULL);

	if (!s)
		return;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		struct tu_err err = TU_ERR_INIT;
		json_t *v = json_loads(values[i], JSON_DECODE_ANY, NULL);
		enum tu_status rc = tu_json_schema_validate(s, v, &err);

		if (rc != TU_OK && rc != TU_EDATA && rc != TU_EINVAL)
			abort();
		check_status(rc, &err);
		json_decref(v);
	}
	json_decref(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *schema = json_loads(schema_text, 0, NULL);
	struct tu_llm_reply r;
	struct tu_err err = TU_ERR_INIT;
	enum tu_status rc;
	bool done = false;

	if (!schema)
		abort();
	tu_llm_reply_init(&r);
	rc = tu_llm_parse_completion((const char *)data, size, MAX, &r, &err);
	check_status(rc, &err);
	check_reply(&r);
	if (rc == TU_OK)
		validate(schema, &r);
	tu_llm_reply_release(&r);
	tu_err_clear(&err);
	/* Twice as chunks into one reply: the limit holds across them. */
	for (int i = 0; i < 2; i++) {
		rc = tu_llm_parse_chunk((const char *)data, size, MAX, &r,
					&done, &err);
		check_status(rc, &err);
		check_reply(&r);
	}
	tu_llm_reply_release(&r);
	as_schema(data, size);
	json_decref(schema);
	return 0;
}
