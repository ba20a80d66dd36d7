/*
 * test_orch_event.c - the event payload codec: round trips for every
 * type, byte-stable encoding, and strict decoding with path-naming errors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tutor/event.h"

static void roundtrip(const struct tu_event_in *ev, const char *want)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_event_in back;
	char *a = NULL, *b = NULL;
	size_t la, lb;

	assert_int_equal(tu_event_payload_encode(ev, &a, &la, &err), TU_OK);
	if (want)
		assert_string_equal(a, want);
	tu_event_in_init(&back);
	assert_int_equal(tu_event_payload_decode(ev->type, ev->at, a, la,
						 &back, &err), TU_OK);
	assert_int_equal(tu_event_payload_encode(&back, &b, &lb, &err), TU_OK);
	assert_string_equal(a, b);
	tu_event_in_release(&back);
	free(a);
	free(b);
}

static void test_roundtrip_simple_types(void **s)
{
	struct tu_event_in ev;

	(void)s;
	tu_event_in_init(&ev);
	ev.type = TU_EV_HINT_REQUEST;
	strcpy(ev.u.item, "mean");
	roundtrip(&ev, "{\"item\":\"mean\"}");
	tu_event_in_init(&ev);
	ev.type = TU_EV_SESSION_CHECK;
	ev.u.k = 3;
	roundtrip(&ev, "{\"k\":3}");
	tu_event_in_init(&ev);
	ev.type = TU_EV_REVIEW_DUE;
	roundtrip(&ev, "{}");
	tu_event_in_init(&ev);
	ev.type = TU_EV_LEARNER_CREATED;
	ev.u.prefs.skill_level = TU_SKILL_BEGINNER;
	strcpy(ev.u.prefs.language, "c");
	ev.u.prefs.scheduler = TU_SCHED_FSRS;
	ev.u.prefs.time_budget_min = 30;
	ev.u.prefs.set = TU_PREF_SKILL | TU_PREF_LANGUAGE | TU_PREF_SCHED |
			 TU_PREF_BUDGET;
	roundtrip(&ev, "{\"language\":\"c\",\"scheduler\":\"fsrs\","
		       "\"skill_level\":\"beginner\",\"time_budget_min\":30}");
}

static void test_roundtrip_submission(void **s)
{
	struct tu_event_in ev;

	(void)s;
	tu_event_in_init(&ev);
	ev.type = TU_EV_SUBMISSION;
	strcpy(ev.u.sub.item, "mean");
	ev.u.sub.code = strdup("def mean(xs):\n    return \"\\t\"\n");
	ev.u.sub.code_len = strlen(ev.u.sub.code);
	ev.u.sub.verdict = TU_VERDICT_WA;
	ev.u.sub.passed = 2;
	ev.u.sub.total = 5;
	ev.u.sub.n_tags = 1;
	strcpy(ev.u.sub.tags[0].tag, "off-by-one");
	strcpy(ev.u.sub.tags[0].topic, "loops");
	strcpy(ev.u.sub.tags[0].evidence, "case 'a'");
	ev.u.sub.n_failed = 1;
	strcpy(ev.u.sub.failed[0].name, "empty");
	strcpy(ev.u.sub.failed[0].message, "expected 0, got None");
	roundtrip(&ev, NULL);
	tu_event_in_release(&ev);
}

static void expect_error(enum tu_event_type t, const char *json,
			 enum tu_status code, const char *msg)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_event_in ev;

	tu_event_in_init(&ev);
	ev.type = TU_EV_HINT_REQUEST;
	strcpy(ev.u.item, "untouched");
	assert_int_equal(tu_event_payload_decode(t, 0, json, strlen(json), &ev,
						 &err), code);
	assert_string_equal(err.msg, msg);
	assert_string_equal(ev.u.item, "untouched");
}

#define SUB_OK_PREFIX "{\"item\":\"mean\",\"lang\":\"python\",\"code\":\"x\","

static void test_strict_decoding(void **s)
{
	(void)s;
	expect_error(TU_EV_HINT_REQUEST, "{\"item\":\"a\",\"x\":1}", TU_EPARSE,
		     "$.x: unknown field");
	expect_error(TU_EV_HINT_REQUEST, "{\"item\":\"\"}", TU_EPARSE,
		     "$.item: must not be empty");
	expect_error(TU_EV_SESSION_CHECK, "{\"k\":99}", TU_ERANGE,
		     "$.k: must be an integer in [0, 32], got 99");
	expect_error(TU_EV_SUBMISSION, SUB_OK_PREFIX
		     "\"verdict\":\"AC\",\"passed\":2,\"total\":3,\"tags\":[],"
		     "\"failed\":[],\"findings\":[]}", TU_EPARSE,
		     "$.verdict: AC disagrees with 2 of 3 tests passed");
	expect_error(TU_EV_SUBMISSION, SUB_OK_PREFIX
		     "\"verdict\":\"IE\",\"passed\":0,\"total\":3,\"tags\":[],"
		     "\"failed\":[],\"findings\":[]}", TU_EPARSE,
		     "$.verdict: unknown value 'IE'");
	expect_error(TU_EV_SUBMISSION, SUB_OK_PREFIX
		     "\"verdict\":\"WA\",\"passed\":4,\"total\":3,\"tags\":[],"
		     "\"failed\":[],\"findings\":[]}", TU_ERANGE,
		     "$.passed: must be an integer in [0, 3], got 4");
	expect_error(TU_EV_SUBMISSION, "{\"item\":\"mean\",\"lang\":\"rust\","
		     "\"code\":\"x\",\"verdict\":\"WA\",\"passed\":0,\"total\":1,"
		     "\"tags\":[],\"failed\":[],\"findings\":[]}", TU_EPARSE,
		     "$.lang: unknown value 'rust'");
	expect_error(TU_EV_REVIEW_DUE, "[1]", TU_EPARSE,
		     "$: expected an object, got an array");
	expect_error(TU_EV_REVIEW_DUE, "{", TU_EPARSE,
		     "$: invalid JSON at line 1, column 1: string or '}' "
		     "expected near end of file");
}

static void test_type_names(void **s)
{
	struct tu_err err = TU_ERR_INIT;
	enum tu_event_type t;

	(void)s;
	for (int i = 0; i < TU_EV_TYPES; i++) {
		assert_int_equal(tu_event_type_parse(
			tu_event_type_name((enum tu_event_type)i), &t, &err), TU_OK);
		assert_int_equal((int)t, i);
	}
	assert_string_equal(tu_event_trigger_name(TU_EV_SUBMISSION),
			    "on_submission");
	assert_string_equal(tu_event_trigger_name(TU_EV_REVIEW_DUE),
			    "on_review_due");
	assert_int_equal(tu_event_type_parse("submit", &t, &err), TU_EINVAL);
	assert_string_equal(err.msg, "unknown event type 'submit'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_simple_types),
		cmocka_unit_test(test_roundtrip_submission),
		cmocka_unit_test(test_strict_decoding),
		cmocka_unit_test(test_type_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
