/* test_json.c - the strict JSON helpers (tutor/json.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/json.h"

/* Parses a test document that must be valid. */
static json_t *doc(const char *text)
{
	json_error_t je;
	json_t *v = json_loads(text, 0, &je);

	if (!v)
		fail_msg("bad test document '%s': %s", text, je.text);
	return v;
}

static void test_type_names(void **state)
{
	json_t *v = doc("[{}, [], \"s\", 1, 1.5, true, false, null]");
	const char *want[] = { "an object", "an array", "a string",
			       "an integer", "a real number", "true", "false",
			       "null" };

	(void)state;
	for (size_t i = 0; i < 8; i++)
		assert_string_equal(tu_json_type_name(json_array_get(v, i)),
				    want[i]);
	assert_string_equal(tu_json_type_name(NULL), "nothing");
	json_decref(v);
}

static void test_type_error_forms(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	json_t *v = doc("[7]");

	(void)state;
	assert_int_equal(tu_json_type_error(&err, "$.a", "b", "a string",
					    json_array_get(v, 0)), TU_EPARSE);
	assert_string_equal(err.msg, "$.a.b: expected a string, got an integer");
	assert_int_equal(err.code, TU_EPARSE);
	/* key NULL names the path alone; an absent value has no "got" */
	tu_json_type_error(&err, "$.a[2]", NULL, "an integer time", NULL);
	assert_string_equal(err.msg, "$.a[2]: expected an integer time");
	/* err may be NULL */
	assert_int_equal(tu_json_type_error(NULL, "$", NULL, "x", v),
			 TU_EPARSE);
	json_decref(v);
}

static const char *const KEYS[] = { "a", "b", "c", NULL };

static void test_check_keys_at_most(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	json_t *ok = doc("{\"b\": 1}");
	json_t *bad = doc("{\"a\": 1, \"zz\": 2}");
	json_t *arr = doc("[]");

	(void)state;
	/* absent listed keys are fine */
	assert_int_equal(tu_json_check_keys(ok, "$", KEYS, TU_JSON_AT_MOST,
					    &err), TU_OK);
	assert_int_equal(tu_json_check_keys(bad, "$.o", KEYS,
					    TU_JSON_AT_MOST, &err), TU_EPARSE);
	assert_string_equal(err.msg, "$.o.zz: unknown key");
	assert_int_equal(tu_json_check_keys(arr, "$.o", KEYS,
					    TU_JSON_AT_MOST, &err), TU_EPARSE);
	assert_string_equal(err.msg, "$.o: expected an object, got an array");
	assert_int_equal(tu_json_check_keys(NULL, "$.lbfgs", KEYS,
					    TU_JSON_AT_MOST, &err), TU_EPARSE);
	assert_string_equal(err.msg, "$.lbfgs: expected an object");
	json_decref(ok);
	json_decref(bad);
	json_decref(arr);
}

static void test_check_keys_exactly(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	json_t *ok = doc("{\"c\": 1, \"a\": 2, \"b\": 3}");
	json_t *missing = doc("{\"a\": 1, \"c\": 2}");
	/* unknown and missing: the unknown key is reported first */
	json_t *both = doc("{\"a\": 1, \"x\": 2}");
	char longkey[300], text[400], want[200];
	json_t *lk;

	(void)state;
	assert_int_equal(tu_json_check_keys(ok, "$", KEYS, TU_JSON_EXACTLY,
					    &err), TU_OK);
	assert_int_equal(tu_json_check_keys(missing, "$.t", KEYS,
					    TU_JSON_EXACTLY, &err), TU_EPARSE);
	assert_string_equal(err.msg, "$.t.b: missing required field");
	assert_int_equal(tu_json_check_keys(both, "$.t", KEYS,
					    TU_JSON_EXACTLY, &err), TU_EPARSE);
	assert_string_equal(err.msg, "$.t.x: unknown field");
	/* a 250-byte key is cut to 100 bytes in the message */
	memset(longkey, 'k', 250);
	longkey[250] = '\0';
	snprintf(text, sizeof(text), "{\"%s\": 1}", longkey);
	lk = doc(text);
	snprintf(want, sizeof(want), "$.%.100s: unknown key", longkey);
	assert_int_equal(tu_json_check_keys(lk, "$", KEYS, TU_JSON_AT_MOST,
					    &err), TU_EPARSE);
	assert_string_equal(err.msg, want);
	json_decref(ok);
	json_decref(missing);
	json_decref(both);
	json_decref(lk);
}

static void test_get_num(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	json_t *o = doc("{\"i\": 2, \"r\": 0.25, \"s\": \"x\", \"big\": 1.5,"
			" \"a\": [3.5]}");
	double x = -7.0;

	(void)state;
	/* integers count as numbers; bounds are inclusive */
	assert_int_equal(tu_json_get_num(o, "$", "i", 2, 2, &x, &err), TU_OK);
	assert_true(x == 2.0);
	assert_int_equal(tu_json_get_num(o, "$", "r", 0, 1, &x, &err), TU_OK);
	assert_true(x == 0.25);
	/* element form: key NULL */
	assert_int_equal(tu_json_get_num(json_array_get(json_object_get(o, "a"),
							0), "$.a[0]", NULL,
					 0, 10, &x, &err), TU_OK);
	assert_true(x == 3.5);
	x = -7.0;
	assert_int_equal(tu_json_get_num(o, "$.p", "big", 0, 1, &x, &err),
			 TU_ERANGE);
	assert_string_equal(err.msg, "$.p.big: 1.5 is outside [0, 1]");
	assert_int_equal(tu_json_get_num(o, "$", "s", 0, 1, &x, &err),
			 TU_EPARSE);
	assert_string_equal(err.msg, "$.s: expected a number, got a string");
	assert_int_equal(tu_json_get_num(o, "$", "nope", 0, 1, &x, &err),
			 TU_EPARSE);
	assert_string_equal(err.msg, "$.nope: expected a number");
	assert_true(x == -7.0); /* untouched on every error */
	json_decref(o);
}

static void test_get_int(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	json_t *o = doc("{\"n\": -3, \"r\": 7.0, \"max\": 9223372036854775807}");
	int64_t x = 99;

	(void)state;
	assert_int_equal(tu_json_get_int(o, "$", "n", -3, 5, &x, &err), TU_OK);
	assert_int_equal(x, -3);
	assert_int_equal(tu_json_get_int(o, "$", "max", 0, INT64_MAX, &x,
					 &err), TU_OK);
	assert_true(x == INT64_MAX);
	x = 99;
	assert_int_equal(tu_json_get_int(o, "$.w", "n", 0, 4294967295, &x,
					 &err), TU_ERANGE);
	assert_string_equal(err.msg, "$.w.n: must be an integer in "
			    "[0, 4294967295], got -3");
	/* 7.0 is a real, not an integer */
	assert_int_equal(tu_json_get_int(o, "$", "r", 0, 10, &x, &err),
			 TU_EPARSE);
	assert_string_equal(err.msg, "$.r: expected an integer, got a real number");
	assert_int_equal(tu_json_get_int(o, "$", "none", 0, 10, &x, &err),
			 TU_EPARSE);
	assert_string_equal(err.msg, "$.none: expected an integer");
	assert_int_equal(x, 99);
	json_decref(o);
}

static void test_get_str(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	json_t *o = doc("{\"s\": \"abc\", \"e\": \"\", \"n\": null}");
	char buf[4] = "zzz";

	(void)state;
	/* 3 bytes + NUL fill cap 4 exactly */
	assert_int_equal(tu_json_get_str(o, "$", "s", buf, 4, &err), TU_OK);
	assert_string_equal(buf, "abc");
	assert_int_equal(tu_json_get_str(o, "$", "e", buf, 1, &err), TU_OK);
	assert_string_equal(buf, "");
	memcpy(buf, "zzz", 4);
	assert_int_equal(tu_json_get_str(o, "$.x", "s", buf, 3, &err),
			 TU_ERANGE);
	assert_string_equal(err.msg, "$.x.s: too long (3 bytes, at most 2)");
	assert_int_equal(tu_json_get_str(o, "$", "n", buf, 4, &err),
			 TU_EPARSE);
	assert_string_equal(err.msg, "$.n: expected a string, got null");
	assert_string_equal(buf, "zzz");
	json_decref(o);
}

static void test_expect_str(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	json_t *o = doc("{\"format\": \"tutor-lr\", \"n\": 1}");

	(void)state;
	assert_int_equal(tu_json_expect_str(o, "$", "format", "tutor-lr",
					    &err), TU_OK);
	assert_int_equal(tu_json_expect_str(o, "$", "format", "tutor-bkt",
					    &err), TU_EPARSE);
	assert_string_equal(err.msg, "$.format: expected \"tutor-bkt\"");
	assert_int_equal(tu_json_expect_str(o, "$", "n", "1", &err),
			 TU_EPARSE);
	assert_string_equal(err.msg, "$.n: expected \"1\"");
	assert_int_equal(tu_json_expect_str(o, "$", "absent", "x", &err),
			 TU_EPARSE);
	assert_string_equal(err.msg, "$.absent: expected \"x\"");
	json_decref(o);
}

static void test_get_bool(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	json_t *o = doc("{\"t\": true, \"f\": false, \"z\": 0}");
	bool b = false;

	(void)state;
	assert_int_equal(tu_json_get_bool(o, "$", "t", &b, &err), TU_OK);
	assert_true(b);
	assert_int_equal(tu_json_get_bool(o, "$", "f", &b, &err), TU_OK);
	assert_false(b);
	b = true;
	assert_int_equal(tu_json_get_bool(o, "$.g", "z", &b, &err),
			 TU_EPARSE);
	assert_string_equal(err.msg,
			    "$.g.z: expected true or false, got an integer");
	assert_true(b);
	json_decref(o);
}

static void test_get_array(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	json_t *o = doc("{\"a\": [1, 2, 3], \"o\": {}}");
	const json_t *a = NULL;

	(void)state;
	assert_int_equal(tu_json_get_array(o, "$", "a", 3, &a, &err), TU_OK);
	assert_ptr_equal(a, json_object_get(o, "a"));
	a = NULL;
	assert_int_equal(tu_json_get_array(o, "$", "a", 2, &a, &err),
			 TU_ERANGE);
	assert_string_equal(err.msg, "$.a: at most 2 entries, got 3");
	assert_int_equal(tu_json_get_array(o, "$", "o", 2, &a, &err),
			 TU_EPARSE);
	assert_string_equal(err.msg, "$.o: expected an array, got an object");
	assert_null(a);
	json_decref(o);
}

static void test_load(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	/* only the first 8 bytes are the document */
	const char *text = "{\"a\": 1}garbage";
	json_t *v = (json_t *)1;

	(void)state;
	assert_int_equal(tu_json_load(text, 8, 8, "x.json", &v, &err), TU_OK);
	assert_int_equal(json_integer_value(json_object_get(v, "a")), 1);
	json_decref(v);
	/* over the limit: refused before parsing */
	assert_int_equal(tu_json_load(text, 9, 8, "x.json", &v, &err),
			 TU_ERANGE);
	assert_null(v);
	assert_string_equal(err.msg,
			    "x.json: document of 9 bytes exceeds the limit of 8");
	assert_int_equal(tu_json_load(text, 9, 8, NULL, &v, &err), TU_ERANGE);
	assert_string_equal(err.msg,
			    "$: document of 9 bytes exceeds the limit of 8");
	/* duplicate key on line 2; jansson puts the column at the closing
	 * quote of the key (" \"a\"" ends at column 4) */
	text = "{\"a\": 1,\n \"a\": 2}";
	assert_int_equal(tu_json_load(text, strlen(text), 100, "m.json", &v,
				      &err), TU_EPARSE);
	assert_null(v);
	assert_memory_equal(err.msg, "m.json:2:4: ", 12);
	assert_non_null(strstr(err.msg, "duplicate object key"));
	assert_int_equal(tu_json_load(text, strlen(text), 100, NULL, &v, &err),
			 TU_EPARSE);
	assert_memory_equal(err.msg, "$: invalid JSON at line 2, column 4: ",
			    37);
	/* empty input */
	assert_int_equal(tu_json_load("", 0, 100, "e", &v, &err), TU_EPARSE);
	assert_memory_equal(err.msg, "e:", 2);
}

static void test_dump_take(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	char *s = (char *)1;
	size_t len = 99;

	(void)state;
	/* 0.1 needs 17 significant digits to round-trip */
	assert_int_equal(tu_json_dump_take(json_pack("{s:f, s:i}", "x", 0.1,
						     "n", 3),
					   JSON_COMPACT | JSON_SORT_KEYS, "t",
					   &s, &len, &err), TU_OK);
	assert_string_equal(s, "{\"n\":3,\"x\":0.10000000000000001}");
	assert_int_equal(len, strlen(s));
	free(s);
	/* a precision in flags is replaced by 17; len may be NULL */
	assert_int_equal(tu_json_dump_take(json_pack("[f]", 1.0 / 3),
					   JSON_COMPACT |
					   JSON_REAL_PRECISION(3), "t", &s,
					   NULL, &err), TU_OK);
	assert_string_equal(s, "[0.33333333333333331]");
	free(s);
	assert_int_equal(tu_json_dump_take(json_pack("{s:i}", "a", 1),
					   JSON_INDENT(1), "t", &s, NULL,
					   &err), TU_OK);
	assert_string_equal(s, "{\n \"a\": 1\n}");
	free(s);
	/* NULL stands for a tree that could not be built */
	assert_int_equal(tu_json_dump_take(NULL, JSON_COMPACT, "bkt", &s, &len,
					   &err), TU_ENOMEM);
	assert_null(s);
	assert_int_equal(len, 0);
	assert_string_equal(err.msg, "bkt: out of memory writing JSON");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_type_error_forms),
		cmocka_unit_test(test_check_keys_at_most),
		cmocka_unit_test(test_check_keys_exactly),
		cmocka_unit_test(test_get_num),
		cmocka_unit_test(test_get_int),
		cmocka_unit_test(test_get_str),
		cmocka_unit_test(test_expect_str),
		cmocka_unit_test(test_get_bool),
		cmocka_unit_test(test_get_array),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_dump_take),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
