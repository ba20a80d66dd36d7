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

static void fill_assist(struct tu_event_in *ev)
{
	struct tu_ev_assist *a = &ev->u.assist;

	tu_event_in_init(ev);
	ev->type = TU_EV_ASSIST;
	strcpy(a->use, "hint");
	strcpy(a->item, "mean");
	strcpy(a->path, "json_schema");
	strcpy(a->prompt, "hint");
	a->prompt_version = 2;
	strcpy(a->model, "qwen2.5-coder");
	strcpy(a->text, "Think about the empty list.\n\u00e9t\u00e9 \"ok\"");
	a->prompt_tokens = 120;
	a->completion_tokens = 30;
}

static void test_roundtrip_assist(void **s)
{
	struct tu_event_in ev;

	(void)s;
	fill_assist(&ev);
	strcpy(ev.u.assist.text, "Think about the empty list.\n\xc3\xa9t\xc3\xa9");
	roundtrip(&ev, "{\"completion_tokens\":30,\"item\":\"mean\","
		       "\"model\":\"qwen2.5-coder\",\"path\":\"json_schema\","
		       "\"prompt\":\"hint\",\"prompt_tokens\":120,"
		       "\"prompt_version\":2,\"reason\":\"\",\"refused\":false,"
		       "\"text\":\"Think about the empty list.\\n\xc3\xa9t\xc3\xa9\","
		       "\"use\":\"hint\"}");
	/* the fallback after a refusal: no prompt, no model, a reason */
	fill_assist(&ev);
	strcpy(ev.u.assist.path, "fallback");
	ev.u.assist.prompt[0] = ev.u.assist.model[0] = '\0';
	ev.u.assist.prompt_version = 0;
	ev.u.assist.refused = true;
	strcpy(ev.u.assist.reason, "refused: the answer leaks the solution");
	roundtrip(&ev, NULL);
	/* the longest text */
	memset(ev.u.assist.text, 'x', TU_EVENT_TEXT_MAX);
	ev.u.assist.text[TU_EVENT_TEXT_MAX] = '\0';
	roundtrip(&ev, NULL);
}

static void expect_encode_error(const struct tu_event_in *ev, const char *msg)
{
	struct tu_err err = TU_ERR_INIT;
	char *out = (char *)1;
	size_t len = 7;

	assert_int_equal(tu_event_payload_encode(ev, &out, &len, &err),
			 TU_EINVAL);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_string_equal(err.msg, msg);
}

static void test_assist_refused_when_invalid(void **s)
{
	struct tu_event_in ev;

	(void)s;
	fill_assist(&ev);
	strcpy(ev.u.assist.use, "poem");
	expect_encode_error(&ev, "assist.use: unknown use 'poem'");
	fill_assist(&ev);
	strcpy(ev.u.assist.path, "magic");
	expect_encode_error(&ev, "assist.path: unknown path 'magic'");
	fill_assist(&ev);
	strcpy(ev.u.assist.text, "bad \xff byte");
	expect_encode_error(&ev, "assist.text: must be UTF-8 shorter than "
			    "4097 bytes");
	fill_assist(&ev);
	memset(ev.u.assist.text, 'x', sizeof(ev.u.assist.text));
	expect_encode_error(&ev, "assist.text: must be UTF-8 shorter than "
			    "4097 bytes");
	fill_assist(&ev);
	strcpy(ev.u.assist.item, "a\nb");
	expect_encode_error(&ev, "assist.item: must be UTF-8 shorter than 64 "
			    "bytes without control characters");
	fill_assist(&ev);
	ev.u.assist.refused = true;
	expect_encode_error(&ev, "assist.refused: a refused answer is served "
			    "by the fallback, not 'json_schema'");
	fill_assist(&ev);
	ev.u.assist.prompt_version = 0;
	expect_encode_error(&ev, "assist.prompt: an answer served by path "
			    "'json_schema' names its prompt and version");
	assert_true(tu_ev_assist_use_ok("ask"));
	assert_false(tu_ev_assist_use_ok("Ask"));
	assert_true(tu_ev_assist_path_ok("cache"));
	assert_false(tu_ev_assist_path_ok(""));
}

static void fill_goals(struct tu_event_in *ev)
{
	struct tu_goal *g;

	tu_event_in_init(ev);
	ev->type = TU_EV_GOALS_STATED;
	ev->u.goals.n = 2;
	g = &ev->u.goals.goals[0];
	tu_learner_goal_init(g);
	strcpy(g->id, "g-short_term_objective-1");
	g->dimension = TU_GOAL_SHORT_TERM_OBJECTIVE;
	strcpy(g->description, "get better at loops");
	strcpy(g->metric, "mastery:loops");
	g->threshold = 0.8;
	g->confidence = 0.9;
	g->n_evidence = 1;
	strcpy(g->evidence[0], "\"get better at loops\"");
	g = &ev->u.goals.goals[1];
	tu_learner_goal_init(g);
	strcpy(g->id, "g-explicit_motivation-1");
	g->dimension = TU_GOAL_EXPLICIT_MOTIVATION;
	strcpy(g->description, "a job interview");
	g->threshold_cmp = TU_CMP_LT;
	g->threshold = -3;
	g->confidence = 0.5;
	g->weight = 2.5;
}

static void test_roundtrip_goals(void **s)
{
	struct tu_event_in ev;

	(void)s;
	fill_goals(&ev);
	roundtrip(&ev, "{\"goals\":[{\"confidence\":0.90000000000000002,"
		       "\"description\":\"get better at loops\","
		       "\"dimension\":\"short_term_objective\","
		       "\"evidence\":[\"\\\"get better at loops\\\"\"],"
		       "\"id\":\"g-short_term_objective-1\","
		       "\"metric\":\"mastery:loops\",\"threshold\":{\"cmp\":"
		       "\">=\",\"value\":0.80000000000000004},\"weight\":1.0},"
		       "{\"confidence\":0.5,\"description\":\"a job interview\","
		       "\"dimension\":\"explicit_motivation\",\"evidence\":[],"
		       "\"id\":\"g-explicit_motivation-1\",\"metric\":\"\","
		       "\"threshold\":{\"cmp\":\"<\",\"value\":-3.0},"
		       "\"weight\":2.5}]}");
	ev.u.goals.n = 0;
	roundtrip(&ev, "{\"goals\":[]}");
	fill_goals(&ev);
	strcpy(ev.u.goals.goals[1].id, ev.u.goals.goals[0].id);
	expect_encode_error(&ev, "goals[1].id: 'g-short_term_objective-1' "
			    "repeats goals[0]");
	fill_goals(&ev);
	ev.u.goals.goals[0].confidence = 1.5;
	expect_encode_error(&ev, "goals[0].confidence: must be in [0, 1]");
	fill_goals(&ev);
	ev.u.goals.goals[1].description[0] = '\0';
	expect_encode_error(&ev, "goals[1].description: must be non-empty "
			    "UTF-8 shorter than 512 bytes");
	fill_goals(&ev);
	ev.u.goals.n = TU_EVENT_GOALS_MAX + 1;
	expect_encode_error(&ev, "goals: at most 8, got 9");
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
	if (code == TU_OK) {
		assert_int_equal(ev.type, t);
		tu_event_in_release(&ev);
		return;
	}
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

#define ASSIST_JSON(use, path, prompt, version, refused)                   \
	"{\"completion_tokens\":0,\"item\":\"\",\"model\":\"\",\"path\":\"" \
	path "\",\"prompt\":\"" prompt "\",\"prompt_tokens\":0,"           \
	"\"prompt_version\":" version ",\"reason\":\"\",\"refused\":"      \
	refused ",\"text\":\"t\",\"use\":\"" use "\"}"
#define GOAL_JSON(id, conf)                                                 \
	"{\"confidence\":" conf ",\"description\":\"d\",\"dimension\":"    \
	"\"long_term_objective\",\"evidence\":[],\"id\":\"" id "\","        \
	"\"metric\":\"\",\"threshold\":{\"cmp\":\">=\",\"value\":1},"      \
	"\"weight\":1}"

static void test_strict_decoding_assist_goals(void **s)
{
	(void)s;
	expect_error(TU_EV_ASSIST, ASSIST_JSON("hint", "fallback", "", "0",
					       "false"), TU_OK, "");
	expect_error(TU_EV_ASSIST, ASSIST_JSON("poem", "fallback", "", "0",
					       "false"), TU_EPARSE,
		     "$.use: unknown use 'poem'");
	expect_error(TU_EV_ASSIST, ASSIST_JSON("ask", "cache", "ask", "0",
					       "false"), TU_EPARSE,
		     "$.prompt: an answer served by path 'cache' names its "
		     "prompt and version");
	expect_error(TU_EV_ASSIST, ASSIST_JSON("ask", "text", "ask", "1",
					       "true"), TU_EPARSE,
		     "$.refused: a refused answer is served by the fallback, "
		     "not 'text'");
	expect_error(TU_EV_ASSIST, ASSIST_JSON("ask", "text", "ask", "-1",
					       "false"), TU_ERANGE,
		     "$.prompt_version: must be an integer in [0, 4294967295], "
		     "got -1");
	expect_error(TU_EV_ASSIST, "{\"use\":\"hint\"}", TU_EPARSE,
		     "$.item: missing required field");
	expect_error(TU_EV_ASSIST, "{\"api_key\":\"sk-1\"}", TU_EPARSE,
		     "$.api_key: unknown field");
	expect_error(TU_EV_GOALS_STATED, "{\"goals\":[" GOAL_JSON("a", "1")
		     "]}", TU_OK, "");
	expect_error(TU_EV_GOALS_STATED, "{\"goals\":[" GOAL_JSON("a", "1")
		     "," GOAL_JSON("a", "0.5") "]}", TU_EPARSE,
		     "$.goals[1].id: 'a' repeats goals[0]");
	expect_error(TU_EV_GOALS_STATED, "{\"goals\":[" GOAL_JSON("a", "2")
		     "]}", TU_ERANGE,
		     "$.goals[0].confidence: 2 is outside [0, 1]");
	expect_error(TU_EV_GOALS_STATED, "{\"goals\":[" GOAL_JSON("", "1")
		     "]}", TU_EPARSE, "$.goals[0].id: must be non-empty UTF-8 "
		     "shorter than 64 bytes without control characters");
	expect_error(TU_EV_GOALS_STATED, "{\"goals\":[1,2,3,4,5,6,7,8,9]}",
		     TU_ERANGE, "$.goals: at most 8 entries, got 9");
}

static void test_roundtrip_plan(void **s)
{
	struct tu_event_in ev;
	char plan[] = "{\"agents\":[],\"subtasks\":[]}";

	(void)s;
	tu_event_in_init(&ev);
	ev.type = TU_EV_PLAN;
	ev.u.plan.kind = TU_PLAN_EV_START;
	strcpy(ev.u.plan.plan_id, "plan-0123456789abcdef");
	ev.u.plan.plan_json = plan;
	ev.u.plan.plan_len = strlen(plan);
	strcpy(ev.u.plan.item, "two-fer");
	strcpy(ev.u.plan.planner, "rules");
	roundtrip(&ev, "{\"item\":\"two-fer\",\"kind\":\"start\",\"plan\":{"
		       "\"agents\":[],\"subtasks\":[]},\"plan_id\":"
		       "\"plan-0123456789abcdef\",\"planner\":\"rules\"}");
	memset(&ev.u.plan, 0, sizeof(ev.u.plan));
	ev.u.plan.kind = TU_PLAN_EV_STEP;
	strcpy(ev.u.plan.plan_id, "plan-1");
	strcpy(ev.u.plan.step, "S3-2");
	ev.u.plan.iteration = 2;
	strcpy(ev.u.plan.flags[0].name, "passed");
	strcpy(ev.u.plan.flags[0].value, "false");
	strcpy(ev.u.plan.flags[1].name, "verdict");
	strcpy(ev.u.plan.flags[1].value, "WA");
	ev.u.plan.n_flags = 2;
	strcpy(ev.u.plan.output, "2 of 5 tests pass");
	ev.u.plan.submission = 42;
	roundtrip(&ev, "{\"flags\":{\"passed\":\"false\",\"verdict\":\"WA\"},"
		       "\"input\":\"\",\"iteration\":2,\"kind\":\"step\","
		       "\"output\":\"2 of 5 tests pass\",\"plan_id\":\"plan-1\","
		       "\"step\":\"S3-2\",\"submission\":42}");
	memset(&ev.u.plan, 0, sizeof(ev.u.plan));
	ev.u.plan.kind = TU_PLAN_EV_END;
	strcpy(ev.u.plan.plan_id, "plan-1");
	strcpy(ev.u.plan.status, "completed");
	roundtrip(&ev, "{\"kind\":\"end\",\"plan_id\":\"plan-1\","
		       "\"status\":\"completed\"}");
	/* the encoder refuses what the decoder would */
	ev.u.plan.kind = TU_PLAN_EV_STEP;
	strcpy(ev.u.plan.step, "S1-1");
	ev.u.plan.iteration = 6;
	expect_encode_error(&ev, "plan.iteration: must be in 1..5, got 6");
	ev.u.plan.iteration = 1;
	strcpy(ev.u.plan.plan_id, "plan 1");
	expect_encode_error(&ev, "plan.plan_id: must be 1..63 bytes of "
			    "[A-Za-z0-9_.-]");
	strcpy(ev.u.plan.plan_id, "plan-1");
	ev.u.plan.kind = TU_PLAN_EV_START;
	strcpy(ev.u.plan.planner, "rules");
	ev.u.plan.plan_json = plan;
	ev.u.plan.plan_len = 5;            /* "{\"age": not JSON */
	expect_encode_error(&ev, "plan.plan: must be a JSON object");
}

static void test_strict_decoding_plan(void **s)
{
	(void)s;
	expect_error(TU_EV_PLAN, "{\"kind\":\"end\",\"plan_id\":\"p\","
		     "\"status\":\"done\"}", TU_EPARSE,
		     "$.status: must be 'completed' or 'abandoned'");
	expect_error(TU_EV_PLAN, "{\"kind\":\"end\",\"plan_id\":\"p\","
		     "\"status\":\"completed\",\"x\":1}", TU_EPARSE,
		     "$.x: unknown field");
	expect_error(TU_EV_PLAN, "{\"kind\":\"stop\",\"plan_id\":\"p\"}",
		     TU_EPARSE, "$.kind: unknown value 'stop'");
	expect_error(TU_EV_PLAN, "{\"kind\":\"start\",\"plan_id\":\"p\","
		     "\"plan\":[],\"item\":\"\",\"planner\":\"rules\"}",
		     TU_EPARSE, "$.plan: expected an object, got an array");
	expect_error(TU_EV_PLAN, "{\"kind\":\"step\",\"plan_id\":\"p\","
		     "\"step\":\"S1\",\"iteration\":0,\"flags\":{},\"input\":\"\","
		     "\"output\":\"\",\"submission\":0}", TU_ERANGE,
		     "$.iteration: must be an integer in [1, 5], got 0");
	expect_error(TU_EV_PLAN, "{\"kind\":\"step\",\"plan_id\":\"p\","
		     "\"step\":\"S1\",\"iteration\":1,\"flags\":{\"a b\":\"x\"},"
		     "\"input\":\"\",\"output\":\"\",\"submission\":0}",
		     TU_EPARSE, "$.flags[0]: a name is 1..31 bytes of "
		     "[A-Za-z0-9_]");
	expect_error(TU_EV_PLAN, "{\"kind\":\"step\",\"plan_id\":\"p\","
		     "\"step\":\"S1\",\"iteration\":1,\"flags\":{},\"input\":\"\","
		     "\"output\":\"\",\"submission\":0}", TU_OK, "");
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
	assert_string_equal(tu_event_type_name(TU_EV_ASSIST), "assist");
	assert_string_equal(tu_event_trigger_name(TU_EV_ASSIST), "");
	assert_string_equal(tu_event_type_name(TU_EV_GOALS_STATED),
			    "goals_stated");
	assert_string_equal(tu_event_trigger_name(TU_EV_GOALS_STATED),
			    "on_goals_stated");
	assert_int_equal(tu_event_type_parse("submit", &t, &err), TU_EINVAL);
	assert_string_equal(err.msg, "unknown event type 'submit'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_simple_types),
		cmocka_unit_test(test_roundtrip_submission),
		cmocka_unit_test(test_roundtrip_assist),
		cmocka_unit_test(test_assist_refused_when_invalid),
		cmocka_unit_test(test_roundtrip_goals),
		cmocka_unit_test(test_strict_decoding),
		cmocka_unit_test(test_strict_decoding_assist_goals),
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_roundtrip_plan),
		cmocka_unit_test(test_strict_decoding_plan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
