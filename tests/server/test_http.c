/*
 * test_http.c - the socket-free HTTP pieces: the bounded buffer, the
 * JSON body parser (errors with line and column, the depth limit,
 * duplicate keys, non-objects, bad UTF-8), the error and JSON answers,
 * query parameters, and static files (MIME types, index.html fallback,
 * path traversal and symlink escapes refused).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "srv.h"

/* ---- the buffer ------------------------------------------------------- */

static void sbuf_bounded(void **state)
{
	struct tu_sbuf b;

	(void)state;
	tu_sbuf_init(&b, 10);
	assert_true(tu_sbuf_adds(&b, "hello"));
	assert_true(tu_sbuf_addf(&b, "%d", 1234));
	assert_int_equal(b.len, 9);
	assert_string_equal(b.p, "hello1234");
	assert_false(tu_sbuf_adds(&b, "xy"));      /* would be 11 */
	assert_true(b.over);
	assert_int_equal(b.len, 9);                /* nothing appended */
	assert_true(tu_sbuf_adds(&b, "z"));        /* exactly 10 */
	assert_string_equal(b.p, "hello1234z");
	tu_sbuf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_false(b.over);
	tu_sbuf_release(&b);
	assert_null(b.p);
	assert_int_equal(b.max, 10);
}

static void sbuf_large_format(void **state)
{
	struct tu_sbuf b;
	char big[2000];

	(void)state;
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	tu_sbuf_init(&b, 1u << 20);
	assert_true(tu_sbuf_addf(&b, "<%s>", big));
	assert_int_equal(b.len, sizeof(big) + 1);
	assert_int_equal(b.p[0], '<');
	assert_int_equal(b.p[b.len - 1], '>');
	tu_sbuf_release(&b);
}

/* ---- the body parser -------------------------------------------------- */

static json_t *parse(const char *s, unsigned depth, struct tu_err *err)
{
	tu_err_clear(err);
	return tu_http_parse_body(s, strlen(s), depth, err);
}

static void body_ok(void **state)
{
	struct tu_err err;
	json_t *v = parse("{\"a\": [1, {\"b\": \"c\"}], \"d\": null}", 32,
			  &err);

	(void)state;
	assert_non_null(v);
	assert_true(json_is_object(v));
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(json_object_get(v, "a"), 1), "b")), "c");
	json_decref(v);
}

static void body_error_positions(void **state)
{
	struct tu_err err;

	(void)state;
	assert_null(parse("{\"a\": 1,}", 32, &err));
	assert_int_equal(err.code, TU_EPARSE);
	assert_non_null(strstr(err.msg, "body: line 1 column 9"));
	assert_null(parse("{\n  \"a\": 1,\n  \"b\": tru\n}", 32, &err));
	assert_non_null(strstr(err.msg, "body: line 3"));
	assert_null(parse("{\"a\": \"x\"} trailing", 32, &err));
	assert_non_null(strstr(err.msg, "body: line 1"));
	assert_null(parse("", 32, &err));
	assert_string_equal(err.msg, "body: empty; expected a JSON object");
	assert_null(tu_http_parse_body(NULL, 0, 32, &err));
}

static void body_not_object(void **state)
{
	static const char *const bodies[] = { "[1, 2]", "\"x\"", "3", "null" };
	struct tu_err err;

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		assert_null(parse(bodies[i], 32, &err));
		assert_non_null(strstr(err.msg, "body: line 1 column 1"));
	}
}

static void body_duplicates_and_utf8(void **state)
{
	static const char bad_utf8[] = "{\"a\": \"\xff\xfe\"}";
	static const char nul[] = "{\"a\": \"x\0y\"}";
	struct tu_err err;

	(void)state;
	assert_null(parse("{\"a\": 1, \"a\": 2}", 32, &err));
	assert_non_null(strstr(err.msg, "duplicate"));
	assert_null(tu_http_parse_body(bad_utf8, sizeof(bad_utf8) - 1, 32,
				       &err));
	assert_non_null(strstr(err.msg, "body: line 1"));
	assert_null(tu_http_parse_body(nul, sizeof(nul) - 1, 32, &err));
	assert_null(parse("{\"a\": \"\\u0000\"}", 32, &err));
}

/* "{"a":" + n-1 nested arrays */
static char *nested(unsigned n)
{
	char *s = malloc(2 * n + 16);
	size_t o = 0;

	o += (size_t)sprintf(s, "{\"a\":");
	for (unsigned i = 1; i < n; i++)
		s[o++] = '[';
	for (unsigned i = 1; i < n; i++)
		s[o++] = ']';
	s[o++] = '}';
	s[o] = '\0';
	return s;
}

static void body_depth_limit(void **state)
{
	struct tu_err err;
	char *ok = nested(32), *deep = nested(33), *huge = nested(100000);
	json_t *v;

	(void)state;
	v = parse(ok, 32, &err);
	assert_non_null(v);
	json_decref(v);
	assert_null(parse(deep, 32, &err));
	assert_int_equal(err.code, TU_ERANGE);
	/* the bracket at depth 33 is at column 37: {"a": is 5 columns
	 * (the { is depth 1), then 31 [ at depths 2..32 */
	assert_string_equal(err.msg, "body: line 1 column 37: nesting deeper "
			    "than 32 levels");
	assert_null(parse(huge, 32, &err));
	assert_int_equal(err.code, TU_ERANGE);
	/* brackets inside strings do not count */
	v = parse("{\"a\": \"[[[[[[[[[[[[\\\"[[[[[[\"}", 2, &err);
	assert_non_null(v);
	json_decref(v);
	free(ok);
	free(deep);
	free(huge);
}

/* ---- answers ---------------------------------------------------------- */

static void error_shape(void **state)
{
	struct tu_http_resp r;
	json_t *v, *e;

	(void)state;
	tu_http_resp_init(&r);
	tu_http_error(&r, 404, "not_found", "no learner '%s'", "bob\"x");
	assert_int_equal(r.status, 404);
	assert_string_equal(r.content_type, "application/json");
	v = json_loads(r.body.p, 0, NULL);
	assert_non_null(v);
	assert_int_equal(json_object_size(v), 1);
	e = json_object_get(v, "error");
	assert_int_equal(json_object_size(e), 2);
	assert_string_equal(json_string_value(json_object_get(e, "code")),
			    "not_found");
	assert_string_equal(json_string_value(json_object_get(e, "message")),
			    "no learner 'bob\"x'");
	json_decref(v);
	/* a second error replaces the first body */
	tu_http_error(&r, 400, "bad_request", "x");
	assert_string_equal(r.body.p, "{\"error\":{\"code\":\"bad_request\","
			    "\"message\":\"x\"}}");
	tu_http_resp_release(&r);
}

static void json_answer(void **state)
{
	struct tu_http_resp r;

	(void)state;
	tu_http_resp_init(&r);
	tu_http_json(&r, 201, json_pack("{s:i}", "n", 3));
	assert_int_equal(r.status, 201);
	assert_string_equal(r.body.p, "{\"n\":3}");
	tu_http_json(&r, 200, NULL);
	assert_int_equal(r.status, 500);
	tu_http_resp_release(&r);
	/* an answer over the limit becomes a 500, not a cut body */
	tu_http_resp_init(&r);
	r.body.max = 8;
	tu_http_json(&r, 200, json_pack("{s:s}", "long", "0123456789"));
	assert_int_equal(r.status, 500);
	tu_http_resp_release(&r);
}

static void status_mapping(void **state)
{
	struct tu_http_resp r;
	struct tu_err err;

	(void)state;
	tu_http_resp_init(&r);
	tu_err_set(&err, TU_ENOTFOUND, "no learner 'x'");
	tu_http_error_status(&r, TU_ENOTFOUND, &err);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body.p, "\"not_found\""));
	assert_non_null(strstr(r.body.p, "no learner 'x'"));
	tu_http_error_status(&r, TU_EINVAL, &err);
	assert_int_equal(r.status, 400);
	tu_http_error_status(&r, TU_ECONFLICT, &err);
	assert_int_equal(r.status, 409);
	tu_http_error_status(&r, TU_EUNAVAIL, &err);
	assert_int_equal(r.status, 503);
	tu_http_error_status(&r, TU_EIO, NULL);     /* the store: retry */
	assert_int_equal(r.status, 503);
	assert_non_null(strstr(r.body.p, "\"unavailable\""));
	tu_http_error_status(&r, TU_EINTERNAL, NULL);
	assert_int_equal(r.status, 500);
	assert_non_null(strstr(r.body.p, "\"internal\""));
	tu_http_resp_release(&r);
	assert_string_equal(tu_http_status_code(429), "rate_limited");
	assert_string_equal(tu_http_status_code(415), "unsupported_media_type");
}

static void methods(void **state)
{
	(void)state;
	assert_int_equal(tu_http_method_parse("GET"), TU_HTTP_GET);
	assert_int_equal(tu_http_method_parse("DELETE"), TU_HTTP_DELETE);
	assert_int_equal(tu_http_method_parse("get"), TU_HTTP_OTHER);
	assert_int_equal(tu_http_method_parse("BREW"), TU_HTTP_OTHER);
	assert_int_equal(tu_http_method_parse(NULL), TU_HTTP_OTHER);
	assert_string_equal(tu_http_method_name(TU_HTTP_PATCH), "PATCH");
}

static void query_params(void **state)
{
	char buf[16];

	(void)state;
	assert_true(tu_http_query_get("a=1&format=xapi&b", "format", buf,
				      sizeof(buf)));
	assert_string_equal(buf, "xapi");
	assert_true(tu_http_query_get("a=1&b", "b", buf, sizeof(buf)));
	assert_string_equal(buf, "");
	assert_true(tu_http_query_get("t=a%20b+c%2Fd", "t", buf, sizeof(buf)));
	assert_string_equal(buf, "a b c/d");
	assert_true(tu_http_query_get("%74=1", "t", buf, sizeof(buf)));
	assert_false(tu_http_query_get("a=1", "b", buf, sizeof(buf)));
	assert_false(tu_http_query_get("", "b", buf, sizeof(buf)));
	assert_false(tu_http_query_get(NULL, "b", buf, sizeof(buf)));
	assert_false(tu_http_query_get("t=%zz", "t", buf, sizeof(buf)));
	assert_false(tu_http_query_get("t=%4", "t", buf, sizeof(buf)));
	assert_false(tu_http_query_get("t=%00", "t", buf, sizeof(buf)));
	assert_false(tu_http_query_get("t=%ff", "t", buf, sizeof(buf)));
	assert_false(tu_http_query_get("t=0123456789abcdef", "t", buf,
				       sizeof(buf)));   /* too long */
	assert_true(tu_http_query_get("t=0123456789abcde", "t", buf,
				      sizeof(buf)));
}

/* ---- static files ----------------------------------------------------- */

static char webroot[256], outside[256];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int static_setup(void **state)
{
	char p[512];
	char tmpl[] = "/tmp/tutor-static-XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	snprintf(outside, sizeof(outside), "%s", tmpl);
	snprintf(webroot, sizeof(webroot), "%s/web", tmpl);
	mkdir(webroot, 0700);
	snprintf(p, sizeof(p), "%s/assets", webroot);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/index.html", webroot);
	write_file(p, "<!doctype html><title>tutor</title>");
	snprintf(p, sizeof(p), "%s/assets/app.js", webroot);
	write_file(p, "console.log(1);");
	snprintf(p, sizeof(p), "%s/assets/style.css", webroot);
	write_file(p, "body{}");
	snprintf(p, sizeof(p), "%s/.secret", webroot);
	write_file(p, "hidden");
	snprintf(p, sizeof(p), "%s/secret.txt", outside);
	write_file(p, "outside the web root");
	snprintf(p, sizeof(p), "%s/escape.txt", webroot);
	assert_int_equal(symlink("../secret.txt", p), 0);
	return 0;
}

static int static_teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", outside);
	return system(cmd) == 0 ? 0 : -1;
}

static void serve(const char *path, int status, const char *type,
		  const char *body_part)
{
	struct tu_http_resp r;

	tu_http_resp_init(&r);
	tu_static_serve(webroot, path, &r);
	assert_int_equal(r.status, status);
	if (type)
		assert_string_equal(r.content_type, type);
	if (body_part)
		assert_non_null(strstr(r.body.p, body_part));
	if (status == 404)
		assert_null(strstr(r.body.p, "outside the web root"));
	tu_http_resp_release(&r);
}

static void static_files(void **state)
{
	struct tu_http_resp r;

	(void)state;
	serve("/", 200, "text/html; charset=utf-8", "<title>tutor</title>");
	serve("/learn/ada", 200, "text/html; charset=utf-8", "<!doctype");
	serve("/assets/app.js", 200, "text/javascript; charset=utf-8",
	      "console.log");
	serve("/assets/style.css", 200, "text/css; charset=utf-8", "body{}");
	serve("/assets/missing.js", 404, "application/json", "not_found");
	tu_http_resp_init(&r);
	tu_static_serve(webroot, "/", &r);
	assert_string_equal(r.cache_control, "no-cache");
	tu_static_serve(webroot, "/assets/app.js", &r);
	assert_non_null(strstr(r.cache_control, "max-age=31536000"));
	tu_http_resp_release(&r);
}

static void static_traversal_refused(void **state)
{
	static const char *const bad[] = {
		"/../secret.txt", "/assets/../../secret.txt", "/..",
		"/assets/..", "/.secret", "/assets/./app.js", "//etc/passwd",
		"/..\\secret.txt", "/assets\\..\\..\\secret.txt",
		"/escape.txt",        /* a symlink out of the root */
		"secret.txt", "", "/a\x01.js",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		serve(bad[i], 404, "application/json", NULL);
	assert_false(tu_static_path_ok("/../x"));
	assert_false(tu_static_path_ok(NULL));
	assert_true(tu_static_path_ok("/assets/app.js"));
	assert_true(tu_static_path_ok("/a..b.js"));
}

static void mime_types(void **state)
{
	(void)state;
	assert_string_equal(tu_static_mime("/x/a.svg"), "image/svg+xml");
	assert_string_equal(tu_static_mime("a.WOFF2"), "font/woff2");
	assert_string_equal(tu_static_mime("a.json"), "application/json");
	assert_string_equal(tu_static_mime("noext"),
			    "application/octet-stream");
	assert_string_equal(tu_static_mime("/dir.d/noext"),
			    "application/octet-stream");
	assert_string_equal(tu_static_mime("a.exe"),
			    "application/octet-stream");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sbuf_bounded),
		cmocka_unit_test(sbuf_large_format),
		cmocka_unit_test(body_ok),
		cmocka_unit_test(body_error_positions),
		cmocka_unit_test(body_not_object),
		cmocka_unit_test(body_duplicates_and_utf8),
		cmocka_unit_test(body_depth_limit),
		cmocka_unit_test(error_shape),
		cmocka_unit_test(json_answer),
		cmocka_unit_test(status_mapping),
		cmocka_unit_test(methods),
		cmocka_unit_test(query_params),
		cmocka_unit_test(static_files),
		cmocka_unit_test(static_traversal_refused),
		cmocka_unit_test(mime_types),
	};
	int rc = static_setup(NULL);

	rc |= cmocka_run_group_tests(tests, NULL, NULL);
	static_teardown(NULL);
	return rc;
}
