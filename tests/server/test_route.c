/*
 * test_route.c - the pure router (tu_route_match): literal and parameter
 * segments, parameter values and their limits, 404 versus 405, and the
 * first matching route winning.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "server_internal.h"

static void h(struct tu_srv *s, const struct tu_http_req *req,
	      const struct tu_route_params *params,
	      const struct tu_principal *who, const json_t *body,
	      struct tu_http_resp *resp)
{
	(void)s; (void)req; (void)params; (void)who; (void)body; (void)resp;
}

static const struct tu_route table[] = {
	{ TU_HTTP_GET, "/healthz", h, TU_ROLE_ANON, false, "healthz" },
	{ TU_HTTP_POST, "/api/login", h, TU_ROLE_ANON, true, "login" },
	{ TU_HTTP_GET, "/api/learners/:id/state", h, TU_ROLE_LEARNER, false,
	  "state" },
	{ TU_HTTP_POST, "/api/learners/:id/hints", h, TU_ROLE_LEARNER, true,
	  "hint" },
	{ TU_HTTP_GET, "/api/submissions/:sid", h, TU_ROLE_LEARNER, false,
	  "submission" },
	{ TU_HTTP_GET, "/api/submissions/:sid/events", h, TU_ROLE_LEARNER,
	  false, "events" },
	{ TU_HTTP_POST, "/api/cohorts/join", h, TU_ROLE_LEARNER, true,
	  "join" },
	{ TU_HTTP_GET, "/api/cohorts/:cid", h, TU_ROLE_INSTRUCTOR, false,
	  "cohort" },
	{ TU_HTTP_GET, "/a/:x/b/:y", h, TU_ROLE_ANON, false, "two" },
	{ TU_HTTP_GET, "/", h, TU_ROLE_ANON, false, "root" },
};
#define N (sizeof(table) / sizeof(table[0]))

static long match(enum tu_http_method m, const char *path,
		  struct tu_route_params *p, bool *known)
{
	return tu_route_match(table, N, m, path, p, known);
}

static void literal_routes(void **state)
{
	struct tu_route_params p;
	bool known;

	(void)state;
	assert_int_equal(match(TU_HTTP_GET, "/healthz", &p, &known), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(match(TU_HTTP_POST, "/api/login", &p, &known), 1);
	assert_int_equal(match(TU_HTTP_GET, "/", &p, &known), 9);
	/* the literal wins where it comes first; the parameter route still
	 * serves other values */
	assert_int_equal(match(TU_HTTP_POST, "/api/cohorts/join", &p, &known),
			 6);
	assert_int_equal(match(TU_HTTP_GET, "/api/cohorts/join", &p, &known),
			 7);
	assert_string_equal(p.v[0].value, "join");
}

static void params_captured(void **state)
{
	struct tu_route_params p;
	bool known;

	(void)state;
	assert_int_equal(match(TU_HTTP_GET, "/api/learners/ada/state", &p,
			       &known), 2);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.v[0].name, "id");
	assert_string_equal(p.v[0].value, "ada");
	assert_int_equal(match(TU_HTTP_GET, "/a/x-1/b/Y_2.z", &p, &known), 8);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.v[0].name, "x");
	assert_string_equal(p.v[0].value, "x-1");
	assert_string_equal(p.v[1].name, "y");
	assert_string_equal(p.v[1].value, "Y_2.z");
	assert_int_equal(match(TU_HTTP_GET, "/api/submissions/s00ff/events",
			       &p, &known), 5);
	assert_string_equal(p.v[0].value, "s00ff");
}

static void not_found_404(void **state)
{
	static const char *const paths[] = {
		"/nope", "/healthz/", "/healthz/x", "/api/learners//state",
		"/api/learners/ada", "/api/learners/ada/state/x",
		"/api/learners/a b/state", "/api/learners/a%2Fb/state",
		"/api/learners/ada$/state", "healthz", "", "//",
		"/api/learners/\xc3\xa9/state",
	};
	struct tu_route_params p;
	bool known = true;

	(void)state;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		assert_int_equal(match(TU_HTTP_GET, paths[i], &p, &known), -1);
		assert_false(known);
		assert_int_equal(p.n, 0);
	}
	assert_int_equal(tu_route_match(table, N, TU_HTTP_GET, NULL, &p,
					&known), -1);
}

static void wrong_method_405(void **state)
{
	struct tu_route_params p;
	bool known = false;

	(void)state;
	assert_int_equal(match(TU_HTTP_POST, "/healthz", &p, &known), -1);
	assert_true(known);
	assert_int_equal(match(TU_HTTP_DELETE, "/api/learners/ada/state", &p,
			       &known), -1);
	assert_true(known);
	assert_int_equal(match(TU_HTTP_GET, "/api/login", &p, &known), -1);
	assert_true(known);
	assert_int_equal(match(TU_HTTP_OTHER, "/api/learners/x/hints", &p,
			       &known), -1);
	assert_true(known);
}

static void param_length_limit(void **state)
{
	struct tu_route_params p;
	char path[400], v[200];
	bool known;

	(void)state;
	memset(v, 'a', 127);
	v[127] = '\0';
	snprintf(path, sizeof(path), "/api/learners/%s/state", v);
	assert_int_equal(match(TU_HTTP_GET, path, &p, &known), 2);
	assert_int_equal(strlen(p.v[0].value), 127);
	memset(v, 'a', 128);
	v[128] = '\0';
	snprintf(path, sizeof(path), "/api/learners/%s/state", v);
	assert_int_equal(match(TU_HTTP_GET, path, &p, &known), -1);
	assert_false(known);
}

static void too_many_params(void **state)
{
	static const struct tu_route five[] = {
		{ TU_HTTP_GET, "/:a/:b/:c/:d/:e", h, TU_ROLE_ANON, false, "x" },
		{ TU_HTTP_GET, "/:a/:b/:c/:d", h, TU_ROLE_ANON, false, "y" },
	};
	struct tu_route_params p;
	bool known;

	(void)state;
	/* a pattern with more parameters than fit never matches */
	assert_int_equal(tu_route_match(five, 2, TU_HTTP_GET, "/1/2/3/4/5",
					&p, &known), -1);
	assert_int_equal(tu_route_match(five, 2, TU_HTTP_GET, "/1/2/3/4",
					&p, &known), 1);
	assert_int_equal(p.n, 4);
	assert_string_equal(p.v[3].name, "d");
	assert_string_equal(p.v[3].value, "4");
}

static void empty_table(void **state)
{
	struct tu_route_params p;
	bool known = true;

	(void)state;
	assert_int_equal(tu_route_match(NULL, 0, TU_HTTP_GET, "/", &p, &known),
			 -1);
	assert_false(known);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(literal_routes),
		cmocka_unit_test(params_captured),
		cmocka_unit_test(not_found_404),
		cmocka_unit_test(wrong_method_405),
		cmocka_unit_test(param_length_limit),
		cmocka_unit_test(too_many_params),
		cmocka_unit_test(empty_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
