/* test_schema.c - tu_json_schema_validate (src/llm/schema.c): each
 * keyword accepting and refusing, JSON paths in the messages, and
 * schemas it cannot check (TU_EINVAL). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/llm.h"

/* Validates value text against schema text; err gets the message. */
static enum tu_status check(const char *schema, const char *value,
			    struct tu_err *err)
{
	json_error_t je;
	json_t *s = json_loads(schema, 0, &je);
	json_t *v = json_loads(value, JSON_DECODE_ANY, &je);
	enum tu_status rc;

	assert_non_null(s);
	assert_non_null(v);
	tu_err_clear(err);
	rc = tu_json_schema_validate(s, v, err);
	json_decref(s);
	json_decref(v);
	return rc;
}

static void ok(const char *schema, const char *value)
{
	struct tu_err err = TU_ERR_INIT;

	if (check(schema, value, &err) != TU_OK)
		fail_msg("%s against %s: %s", value, schema, err.msg);
}

static void bad(const char *schema, const char *value, enum tu_status code,
		const char *msg)
{
	struct tu_err err = TU_ERR_INIT;

	assert_int_equal(check(schema, value, &err), code);
	assert_string_equal(err.msg, msg);
}

static void types(void **state)
{
	(void)state;
	ok("{\"type\":\"object\"}", "{}");
	ok("{\"type\":\"array\"}", "[]");
	ok("{\"type\":\"string\"}", "\"\"");
	ok("{\"type\":\"integer\"}", "3");
	ok("{\"type\":\"integer\"}", "3.0");
	ok("{\"type\":\"number\"}", "3.5");
	ok("{\"type\":\"number\"}", "3");
	ok("{\"type\":\"boolean\"}", "false");
	ok("{\"type\":\"null\"}", "null");
	ok("{\"type\":[\"string\",\"null\"]}", "null");
	ok("{}", "[1, {}]");
	bad("{\"type\":\"integer\"}", "3.5", TU_EDATA,
	    "$: expected integer, got a real number");
	bad("{\"type\":\"object\"}", "[]", TU_EDATA,
	    "$: expected object, got an array");
	bad("{\"type\":\"boolean\"}", "0", TU_EDATA,
	    "$: expected boolean, got an integer");
	bad("{\"type\":[\"string\",\"null\"]}", "1", TU_EDATA,
	    "$: not of an allowed type, got an integer");
}

static void strings(void **state)
{
	(void)state;
	ok("{\"minLength\":2,\"maxLength\":3}", "\"ab\"");
	/* Code points, not bytes: three 2-byte characters. */
	ok("{\"maxLength\":3}", "\"\\u00e9\\u00e9\\u00e9\"");
	ok("{\"maxLength\":1}", "\"\\ud83d\\ude00\"");
	ok("{\"maxLength\":1}", "12345");     /* only strings are measured */
	bad("{\"maxLength\":3}", "\"abcd\"", TU_EDATA,
	    "$: longer than 3 characters");
	bad("{\"minLength\":2}", "\"\\u00e9\"", TU_EDATA,
	    "$: shorter than 2 characters");
}

static void numbers(void **state)
{
	(void)state;
	ok("{\"minimum\":0,\"maximum\":1}", "0");
	ok("{\"minimum\":0,\"maximum\":1}", "1.0");
	ok("{\"minimum\":0.5}", "\"strings are not compared\"");
	bad("{\"minimum\":0}", "-1", TU_EDATA, "$: less than 0");
	bad("{\"maximum\":2.5}", "2.75", TU_EDATA, "$: greater than 2.5");
}

static void arrays(void **state)
{
	(void)state;
	ok("{\"items\":{\"type\":\"integer\"},\"minItems\":1,\"maxItems\":2}",
	   "[1, 2]");
	bad("{\"minItems\":1}", "[]", TU_EDATA, "$: fewer than 1 items");
	bad("{\"maxItems\":1}", "[1,2]", TU_EDATA, "$: more than 1 items");
	bad("{\"items\":{\"type\":\"integer\"}}", "[1, 2, \"x\"]", TU_EDATA,
	    "$[2]: expected integer, got a string");
}

static void objects(void **state)
{
	const char *s = "{\"type\":\"object\",\"properties\":{\"a\":"
			"{\"type\":\"string\"},\"b\":{\"type\":\"integer\"}},"
			"\"required\":[\"a\"],\"additionalProperties\":false}";

	(void)state;
	ok(s, "{\"a\":\"x\"}");
	ok(s, "{\"a\":\"x\",\"b\":2}");
	ok("{\"properties\":{\"a\":{\"type\":\"string\"}}}", "{\"z\":1}");
	ok("{\"additionalProperties\":true}", "{\"z\":1}");
	bad(s, "{\"b\":2}", TU_EDATA, "$: missing required property \"a\"");
	bad(s, "{\"a\":\"x\",\"c\":1}", TU_EDATA, "$.c: property not allowed");
	bad(s, "{\"a\":1}", TU_EDATA, "$.a: expected string, got an integer");
}

static void enums_and_consts(void **state)
{
	(void)state;
	ok("{\"enum\":[\"low\",\"high\",1]}", "\"high\"");
	ok("{\"enum\":[\"low\",\"high\",1]}", "1");
	ok("{\"const\":{\"a\":[1]}}", "{\"a\":[1]}");
	bad("{\"enum\":[\"low\",\"high\"]}", "\"mid\"", TU_EDATA,
	    "$: not one of the allowed values");
	bad("{\"const\":\"x\"}", "\"y\"", TU_EDATA,
	    "$: not the required constant");
}

static void nested_paths(void **state)
{
	const char *s =
		"{\"type\":\"object\",\"properties\":{\"steps\":{\"type\":"
		"\"array\",\"items\":{\"type\":\"object\",\"properties\":"
		"{\"title\":{\"type\":\"string\",\"maxLength\":120}},"
		"\"required\":[\"title\"]}}},\"description\":\"a plan\","
		"\"title\":\"Plan\",\"$schema\":\"x\"}";
	char value[512];

	(void)state;
	snprintf(value, sizeof(value), "{\"steps\":[{\"title\":\"a\"},"
		 "{\"title\":\"b\"},{\"title\":\"%0121d\"}]}", 0);
	bad(s, value, TU_EDATA, "$.steps[2].title: longer than 120 "
	    "characters");
	bad(s, "{\"steps\":[{}]}", TU_EDATA,
	    "$.steps[0]: missing required property \"title\"");
	ok(s, "{\"steps\":[{\"title\":\"a\"}]}");
}

static void bad_schemas(void **state)
{
	char deep[1024] = "";

	(void)state;
	bad("{\"pattern\":\"x\"}", "\"x\"", TU_EINVAL,
	    "schema $.pattern: unknown keyword");
	/* Checked everywhere, also where the value does not go. */
	bad("{\"properties\":{\"a\":{\"items\":{\"format\":\"email\"}}}}",
	    "{}", TU_EINVAL,
	    "schema $.properties.a.items.format: unknown keyword");
	bad("{\"type\":\"float\"}", "1", TU_EINVAL,
	    "schema $.type: unknown type");
	bad("{\"type\":[]}", "1", TU_EINVAL, "schema $.type: expected a type "
	    "name or a non-empty list of them");
	bad("{\"additionalProperties\":{\"type\":\"string\"}}", "{}",
	    TU_EINVAL, "schema $.additionalProperties: only true or false "
	    "is supported");
	bad("{\"maxLength\":-1}", "\"\"", TU_EINVAL,
	    "schema $.maxLength: expected an integer >= 0");
	bad("{\"required\":\"a\"}", "{}", TU_EINVAL,
	    "schema $.required: expected a list of names");
	bad("{\"enum\":[]}", "1", TU_EINVAL,
	    "schema $.enum: expected a non-empty list");
	bad("{\"minimum\":\"0\"}", "1", TU_EINVAL,
	    "schema $.minimum: expected a number");
	bad("{\"properties\":[]}", "{}", TU_EINVAL,
	    "schema $.properties: expected an object");
	bad("{\"items\":true}", "[]", TU_EINVAL,
	    "schema $.items: expected an object, got true");
	for (int i = 0; i < 40; i++)
		strcat(deep, "{\"items\":");
	strcat(deep, "{}");
	for (int i = 0; i < 40; i++)
		strcat(deep, "}");
	{
		struct tu_err err = TU_ERR_INIT;

		assert_int_equal(check(deep, "[]", &err), TU_EINVAL);
		assert_non_null(strstr(err.msg, "nested deeper than 32"));
	}
	assert_int_equal(tu_json_schema_validate(NULL, NULL, NULL), TU_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(types),
		cmocka_unit_test(strings),
		cmocka_unit_test(numbers),
		cmocka_unit_test(arrays),
		cmocka_unit_test(objects),
		cmocka_unit_test(enums_and_consts),
		cmocka_unit_test(nested_paths),
		cmocka_unit_test(bad_schemas),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
