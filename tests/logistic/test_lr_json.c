/* test_lr_json.c - logistic model JSON: exact round trip, strict parse. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/logistic.h"

/* A hand-made model: features i,sc (I = 2, S = 1 -> dim 2 + 2 = 4). */
static void make_model(struct tu_lr_model *m)
{
	static const double w[4] = { 0.1, -1.0 / 3, 2.5e-300, -7e12 };

	tu_lr_model_init(m);
	m->cfg.features = TU_LR_ITEM | TU_LR_SKILL_COUNTS;
	m->cfg.l2 = 0.123456789012345678;
	m->cfg.window = 7;
	m->cfg.smooth = 2.5;
	m->cfg.decay = 0.8;
	m->cfg.opt.m = 6;
	m->cfg.opt.max_iter = 77;
	m->cfg.opt.gtol = 1e-7;
	m->cfg.opt.ftol = 0;
	m->n_items = 2;
	m->n_skills = 1;
	m->prior = 0.1 + 0.2;
	m->bias = -M_PI;
	m->dim = 4;
	m->w = malloc(sizeof(w));
	assert_non_null(m->w);
	memcpy(m->w, w, sizeof(w));
}

static void test_round_trip_exact(void **state)
{
	struct tu_lr_model a, b;
	char *s1 = NULL, *s2 = NULL;

	(void)state;
	make_model(&a);
	tu_lr_model_init(&b);
	assert_int_equal(tu_lr_model_to_json(&a, &s1, NULL), TU_OK);
	assert_int_equal(tu_lr_model_from_json(&b, s1, strlen(s1), NULL),
			 TU_OK);
	assert_int_equal(b.cfg.features, a.cfg.features);
	assert_true(memcmp(&a.cfg, &b.cfg, sizeof(a.cfg)) == 0);
	assert_int_equal(b.n_items, 2);
	assert_int_equal(b.n_skills, 1);
	assert_int_equal(b.dim, 4);
	assert_true(b.prior == a.prior);
	assert_true(b.bias == a.bias);
	assert_true(memcmp(a.w, b.w, 4 * sizeof(double)) == 0);
	assert_int_equal(tu_lr_model_to_json(&b, &s2, NULL), TU_OK);
	assert_string_equal(s1, s2);
	free(s1);
	free(s2);
	tu_lr_model_release(&a);
	tu_lr_model_release(&b);
}

/* Parses text into a model that already holds make_model(); checks the
 * status, that the message contains want, and that m is unchanged. */
static void expect_bad(const char *text, enum tu_status code,
		       const char *want)
{
	struct tu_lr_model m;
	struct tu_err err = TU_ERR_INIT;

	make_model(&m);
	assert_int_equal(tu_lr_model_from_json(&m, text, strlen(text), &err),
			 code);
	if (!strstr(err.msg, want))
		fail_msg("message '%s' lacks '%s'", err.msg, want);
	assert_int_equal(m.dim, 4);
	assert_true(m.w[1] == -1.0 / 3);
	tu_lr_model_release(&m);
}

/* A valid document with one substitution of from -> to. */
static char *variant(const char *from, const char *to)
{
	struct tu_lr_model m;
	char *s, *at, *out;

	make_model(&m);
	assert_int_equal(tu_lr_model_to_json(&m, &s, NULL), TU_OK);
	tu_lr_model_release(&m);
	at = strstr(s, from);
	assert_non_null(at);
	out = malloc(strlen(s) + strlen(to) + 1);
	assert_non_null(out);
	sprintf(out, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
	free(s);
	return out;
}

static void bad_variant(const char *from, const char *to,
			enum tu_status code, const char *want)
{
	char *t = variant(from, to);

	expect_bad(t, code, want);
	free(t);
}

static void test_bad_json_rejected_with_path(void **state)
{
	(void)state;
	expect_bad("{", TU_EPARSE, "lr json:1:");
	expect_bad("[]", TU_EPARSE, "$: expected an object");
	bad_variant("\"format\":\"tutor-lr\"", "\"format\":\"x\"", TU_EPARSE,
		    "$.format");
	bad_variant("\"version\":1", "\"version\":2", TU_ERANGE, "$.version");
	bad_variant("\"features\":\"i,sc\"", "\"features\":\"i,zz\"",
		    TU_EPARSE, "$.features: features 'i,zz': unknown");
	bad_variant("\"l2\":", "\"extra\":1,\"l2\":", TU_EPARSE,
		    "$.extra: unknown key");
	bad_variant("\"l2\":", "\"l2\":1,\"l2\":", TU_EPARSE, "duplicate");
	bad_variant("\"window\":7", "\"window\":65", TU_ERANGE, "$.window");
	bad_variant("\"window\":7", "\"window\":7.5", TU_EPARSE,
		    "$.window: expected an integer");
	bad_variant("\"decay\":0.80000000000000004", "\"decay\":1",
		    TU_ERANGE, "$.decay");
	bad_variant("\"m\":6", "\"m\":0", TU_ERANGE, "$.lbfgs.m");
	bad_variant("\"m\":6,", "\"m\":6,\"q\":1,", TU_EPARSE,
		    "$.lbfgs.q: unknown key");
	bad_variant("\"prior\":", "\"prio\":", TU_EPARSE, "$.prio");
	bad_variant("\"n_items\":2", "\"n_items\":-1", TU_ERANGE,
		    "$.n_items");
	bad_variant("\"weights\":[0.10000000000000001,",
		    "\"weights\":[0.10000000000000001,\"x\",", TU_ERANGE,
		    "$.weights: 5 numbers, the features need 4");
	bad_variant("-0.33333333333333331,", "\"x\",", TU_EPARSE,
		    "$.weights[1]: expected a number");
	bad_variant("\"bias\":", "\"bias\":null,\"b\":", TU_EPARSE,
		    "$.b: unknown key");
}

static void test_missing_key(void **state)
{
	struct tu_lr_model m;
	struct tu_err err = TU_ERR_INIT;
	const char *t = "{\"format\":\"tutor-lr\",\"version\":1,"
			"\"features\":\"i\"}";

	(void)state;
	tu_lr_model_init(&m);
	assert_int_equal(tu_lr_model_from_json(&m, t, strlen(t), &err),
			 TU_EPARSE);
	assert_string_equal(err.msg, "$.lbfgs: expected an object");
	tu_lr_model_release(&m);
}

static void test_unfitted_model_not_written(void **state)
{
	struct tu_lr_model m;
	char *s = NULL;

	(void)state;
	tu_lr_model_init(&m);
	assert_int_equal(tu_lr_model_to_json(&m, &s, NULL), TU_EINVAL);
	assert_null(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_exact),
		cmocka_unit_test(test_bad_json_rejected_with_path),
		cmocka_unit_test(test_missing_key),
		cmocka_unit_test(test_unfitted_model_not_written),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
