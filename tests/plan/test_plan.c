/*
 * test_plan.c - tutor/plan.h: the codec round trip on hand-written plans,
 * the validator on mutated hand-written plans (every violation with its
 * path, all of them for a multi-fault plan), the scorers on hand-computed
 * cases, and the MAP-PPL sample (read at run time from $TUTOR_SHARED;
 * skipped when absent): every gold row free of errors.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>
#include "tutor/plan.h"

/* A plan of our own: a Python list-aliasing question, 3 agents, 2
 * subtasks, 6 steps, one loop.  Valid, no warning. */
static const char *const base_json =
"{\"input\": {\"query\": \"Why does my list change when I change its copy?\","
" \"learner\": {\"about_me\": \"I teach chemistry and write small Python "
"scripts for lab data.\", \"top_tags\": [\"python\", \"pandas\"]}},"
" \"output\": {\"agents\": ["
"{\"agent_role\": \"python_aliasing_tutor\", \"goal\": \"Help the learner see "
"that assignment binds a name, not a copy.\", \"backstory\": \"You are a patient "
"Python tutor who starts from what the learner predicts.\", \"tools\": []},"
"{\"agent_role\": \"code_runner\", \"goal\": \"Run the learner's code and "
"report what it prints.\", \"backstory\": \"You are a careful runner of "
"small Python programs.\", \"tools\": [\"CodeInterpreterTool\"]},"
"{\"agent_role\": \"docs_guide\", \"goal\": \"Find the documentation passage "
"on list copying.\", \"backstory\": \"You are a librarian of the Python "
"documentation.\", \"tools\": [\"CodeDocsSearchTool\"]}],"
" \"subtasks\": ["
"{\"id\": \"S1\", \"name\": \"Surface the aliasing intuition\", "
"\"subtask_objective\": \"The learner states a prediction about aliasing.\", "
"\"steps\": ["
"{\"id\": \"S1-1\", \"agent\": \"python_aliasing_tutor\", \"objective\": "
"\"Predict what the two-name program prints\", \"instruction\": \"Ask the "
"learner, who writes lab scripts in python, to predict the output.\", "
"\"tool\": null, \"requires_human_input\": true, \"expected_output\": \"A "
"prediction\", \"depends_on\": []},"
"{\"id\": \"S1-2\", \"agent\": \"docs_guide\", \"objective\": \"Retrieve the "
"documentation on assignment\", \"instruction\": \"Search the docs for list "
"assignment and copying.\", \"tool\": \"CodeDocsSearchTool\", "
"\"requires_human_input\": false, \"expected_output\": \"A passage\", "
"\"depends_on\": [\"S1-1\"]}]},"
"{\"id\": \"S2\", \"name\": \"Practise copying lists\", \"subtask_objective\": "
"\"The learner writes a real copy.\", \"steps\": ["
"{\"id\": \"S2-1\", \"agent\": \"python_aliasing_tutor\", \"objective\": "
"\"Write a copy of the list\", \"instruction\": \"Ask the learner to fix the "
"program with a real copy.\", \"tool\": null, \"requires_human_input\": true, "
"\"expected_output\": \"Code\", \"depends_on\": [\"S1-2\"]},"
"{\"id\": \"S2-2\", \"agent\": \"code_runner\", \"objective\": \"Run the "
"learner's program\", \"instruction\": \"Execute the program and report the "
"output.\", \"tool\": \"CodeInterpreterTool\", \"requires_human_input\": "
"false, \"expected_output\": \"Output\", \"depends_on\": [\"S2-1\"]},"
"{\"id\": \"S2-3\", \"agent\": \"python_aliasing_tutor\", \"objective\": "
"\"Give feedback on the attempt\", \"instruction\": \"Tell the learner what "
"the run showed.\", \"tool\": null, \"requires_human_input\": true, "
"\"expected_output\": \"Feedback\", \"depends_on\": [\"S2-2\"]},"
"{\"id\": \"S2-4\", \"agent\": \"python_aliasing_tutor\", \"objective\": "
"\"Summarize the rule\", \"instruction\": \"Ask the learner to state the "
"rule for pandas frames too.\", \"tool\": null, \"requires_human_input\": "
"true, \"expected_output\": \"A rule\", \"depends_on\": [\"S2-3\"]}]}],"
" \"execution_order\": [\"S1-1\", \"S1-2\", {\"loop\": {\"steps\": "
"[\"S2-1\", \"S2-2\"], \"condition\": \"S2-2.copy_correct == false\", "
"\"max_iterations\": 3}}, \"S2-3\", \"S2-4\"]}}";

/* ---- helpers ------------------------------------------------------------ */

static json_t *base_tree(void)
{
	json_error_t je;
	json_t *t = json_loads(base_json, 0, &je);

	assert_non_null(t);
	return t;
}

static json_t *step_obj(json_t *root, size_t sub, size_t k)
{
	json_t *st = json_array_get(json_object_get(json_object_get(root,
						    "output"), "subtasks"), sub);

	return json_array_get(json_object_get(st, "steps"), k);
}

static char *dump(json_t *t)
{
	char *s = json_dumps(t, JSON_COMPACT);

	json_decref(t);
	assert_non_null(s);
	return s;
}

/* Checks text; returns the report (caller releases). */
static struct tu_plan_report check(const char *text)
{
	struct tu_plan p;
	struct tu_plan_report r;

	tu_plan_init(&p);
	tu_plan_report_init(&r);
	tu_plan_check(text, strlen(text), &p, &r, NULL);
	tu_plan_release(&p);
	return r;
}

/* Whether r holds rule at exactly path. */
static bool has(const struct tu_plan_report *r, enum tu_plan_rule rule,
		const char *path)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].rule == rule && strcmp(r->v[i].path, path) == 0)
			return true;
	for (size_t i = 0; i < r->n; i++)
		print_message("  have %s %s: %s\n",
			      tu_plan_rule_code(r->v[i].rule), r->v[i].path,
			      r->v[i].reason);
	return false;
}

static void parse_ok(const char *text, struct tu_plan *p)
{
	struct tu_err err = TU_ERR_INIT;

	tu_plan_init(p);
	assert_int_equal(tu_plan_parse(text, strlen(text), p, NULL, &err),
			 TU_OK);
}

/* ---- codec -------------------------------------------------------------- */

static void roundtrip_of(const char *text)
{
	struct tu_plan a, b;
	char *s1, *s2;
	json_t *orig = json_loads(text, 0, NULL), *back;

	parse_ok(text, &a);
	assert_int_equal(tu_plan_write(&a, JSON_COMPACT, &s1, NULL, NULL),
			 TU_OK);
	back = json_loads(s1, 0, NULL);
	assert_true(json_equal(orig, back));
	parse_ok(s1, &b);
	assert_int_equal(tu_plan_write(&b, JSON_COMPACT, &s2, NULL, NULL),
			 TU_OK);
	assert_string_equal(s1, s2);
	json_decref(orig);
	json_decref(back);
	free(s1);
	free(s2);
	tu_plan_release(&a);
	tu_plan_release(&b);
}

static void test_roundtrip_io(void **state)
{
	struct tu_plan p;

	(void)state;
	roundtrip_of(base_json);
	parse_ok(base_json, &p);
	assert_int_equal(p.form, TU_PLAN_FORM_IO);
	assert_int_equal(p.n_agents, 3);
	assert_int_equal(p.n_subtasks, 2);
	assert_int_equal(p.n_steps, 6);
	assert_int_equal(p.n_order, 5);
	assert_null(p.steps[0].tool);
	assert_string_equal(p.steps[1].tool, "CodeDocsSearchTool");
	assert_int_equal(p.subtasks[1].first_step, 2);
	assert_int_equal(p.order[2].kind, TU_PLAN_ENTRY_LOOP);
	assert_true(p.order[2].loop.cond.ok);
	assert_string_equal(p.order[2].loop.cond.step, "S2-2");
	assert_string_equal(p.order[2].loop.cond.flag, "copy_correct");
	assert_string_equal(p.order[2].loop.cond.value, "false");
	assert_int_equal(p.order[2].loop.max_iterations, 3);
	assert_string_equal(p.input.tags[1], "pandas");
	tu_plan_release(&p);
	tu_plan_release(&p);    /* twice is fine */
}

static void test_roundtrip_row_and_output(void **state)
{
	json_t *t = base_tree(), *row;
	json_t *out = json_incref(json_object_get(t, "output"));
	json_t *lo;
	char *s;
	struct tu_plan p;

	(void)state;
	row = json_pack("{s:s, s:i, s:O}", "question_id", "q42",
			"profile_index", 2, "plan", t);
	s = dump(row);
	roundtrip_of(s);
	parse_ok(s, &p);
	assert_int_equal(p.form, TU_PLAN_FORM_ROW);
	assert_string_equal(p.question_id, "q42");
	assert_int_equal(p.profile_index, 2);
	tu_plan_release(&p);
	free(s);
	/* bare output, with a loop in the single-step form */
	lo = json_object_get(json_array_get(json_object_get(out,
		"execution_order"), 2), "loop");
	json_object_del(lo, "steps");
	json_object_set_new(lo, "step", json_string("S2-1"));
	json_object_set_new(lo, "condition",
			    json_string("S2-1.copy_correct == false"));
	json_array_insert_new(json_object_get(out, "execution_order"), 3,
			      json_string("S2-2"));
	json_decref(t);
	s = dump(out);
	roundtrip_of(s);
	parse_ok(s, &p);
	assert_int_equal(p.form, TU_PLAN_FORM_OUTPUT);
	assert_true(p.order[2].loop.single_form);
	tu_plan_release(&p);
	free(s);
}

/* ---- validator ------------------------------------------------------------ */

static void test_valid_plan(void **state)
{
	struct tu_plan_report r = check(base_json);

	(void)state;
	for (size_t i = 0; i < r.n; i++)
		print_message("%s %s\n", r.v[i].path, r.v[i].reason);
	assert_int_equal(r.errors, 0);
	assert_int_equal(r.warnings, 0);
	tu_plan_report_release(&r);
}

static void test_cycle(void **state)
{
	json_t *t = base_tree();
	char *s;
	struct tu_plan_report r;

	(void)state;
	json_array_append_new(json_object_get(step_obj(t, 0, 0), "depends_on"),
			      json_string("S1-2"));
	s = dump(t);
	r = check(s);
	assert_true(has(&r, TU_PLAN_R_CYCLE,
			"$.output.subtasks[0].steps[0].depends_on"));
	assert_non_null(strstr(r.v[0].reason, "S1-1 -> S1-2 -> S1-1") ?
			r.v[0].reason : NULL);
	assert_true(has(&r, TU_PLAN_R_ORDER_DEP,
			"$.output.subtasks[0].steps[0].depends_on[0]"));
	tu_plan_report_release(&r);
	free(s);
}

static void test_unknown_agent(void **state)
{
	json_t *t = base_tree();
	char *s;
	struct tu_plan_report r;

	(void)state;
	json_object_set_new(step_obj(t, 0, 1), "agent", json_string("ghost"));
	s = dump(t);
	r = check(s);
	assert_true(has(&r, TU_PLAN_R_AGENT_UNKNOWN,
			"$.output.subtasks[0].steps[1].agent"));
	assert_true(has(&r, TU_PLAN_R_AGENT_UNUSED, "$.output.agents[2]"));
	tu_plan_report_release(&r);
	free(s);
}

static void test_tool_not_allowed(void **state)
{
	json_t *t = base_tree();
	char *s;
	struct tu_plan_report r;

	(void)state;
	json_object_set_new(step_obj(t, 1, 1), "tool",
			    json_string("CodeDocsSearchTool"));
	json_object_set_new(step_obj(t, 1, 0), "tool",
			    json_string("TeleportTool"));
	s = dump(t);
	r = check(s);
	assert_true(has(&r, TU_PLAN_R_TOOL_NOT_ALLOWED,
			"$.output.subtasks[1].steps[1].tool"));
	assert_true(has(&r, TU_PLAN_R_TOOL_UNKNOWN,
			"$.output.subtasks[1].steps[0].tool"));
	assert_int_equal(r.errors, 2);
	tu_plan_report_release(&r);
	free(s);
}

static void test_missing_dependency(void **state)
{
	json_t *t = base_tree();
	char *s;
	struct tu_plan_report r;

	(void)state;
	json_array_append_new(json_object_get(step_obj(t, 1, 3), "depends_on"),
			      json_string("S9-9"));
	s = dump(t);
	r = check(s);
	assert_true(has(&r, TU_PLAN_R_DEP_UNRESOLVED,
			"$.output.subtasks[1].steps[3].depends_on[1]"));
	assert_int_equal(r.errors, 1);
	tu_plan_report_release(&r);
	free(s);
}

static void test_loop_rules(void **state)
{
	json_t *t = base_tree(), *lo;
	char *s;
	struct tu_plan_report r;

	(void)state;
	/* S2-3 no longer depends on the loop: no resolution step */
	json_array_clear(json_object_get(step_obj(t, 1, 2), "depends_on"));
	json_array_append_new(json_object_get(step_obj(t, 1, 2), "depends_on"),
			      json_string("S1-2"));
	lo = json_object_get(json_array_get(json_object_get(json_object_get(
		t, "output"), "execution_order"), 2), "loop");
	json_object_set_new(lo, "max_iterations", json_integer(9));
	s = dump(t);
	r = check(s);
	assert_true(has(&r, TU_PLAN_R_LOOP_RESOLUTION,
			"$.output.execution_order[2].loop"));
	assert_true(has(&r, TU_PLAN_R_LOOP_BOUNDS,
			"$.output.execution_order[2].loop.max_iterations"));
	assert_int_equal(r.errors, 2);
	tu_plan_report_release(&r);
	free(s);
	/* a condition on a step outside the loop, and one not parseable */
	t = base_tree();
	lo = json_object_get(json_array_get(json_object_get(json_object_get(
		t, "output"), "execution_order"), 2), "loop");
	json_object_set_new(lo, "condition", json_string("S1-1.ok == false"));
	s = dump(t);
	r = check(s);
	assert_true(has(&r, TU_PLAN_R_LOOP_CONDITION,
			"$.output.execution_order[2].loop.condition"));
	tu_plan_report_release(&r);
	free(s);
	t = base_tree();
	lo = json_object_get(json_array_get(json_object_get(json_object_get(
		t, "output"), "execution_order"), 2), "loop");
	json_object_set_new(lo, "condition", json_string("until it works"));
	s = dump(t);
	r = check(s);
	assert_true(has(&r, TU_PLAN_R_LOOP_CONDITION,
			"$.output.execution_order[2].loop.condition"));
	tu_plan_report_release(&r);
	free(s);
}

static void test_order_and_learner(void **state)
{
	json_t *t = base_tree(), *ord;
	char *s;
	struct tu_plan_report r;

	(void)state;
	ord = json_object_get(json_object_get(t, "output"), "execution_order");
	json_array_remove(ord, 4);                       /* S2-4 missing */
	json_array_append_new(ord, json_string("S1-1")); /* listed twice */
	json_array_append_new(ord, json_string("S7-7")); /* unknown */
	for (size_t sub = 0; sub < 2; sub++)
		for (size_t k = 0; k < (sub ? 4u : 2u); k++)
			json_object_set_new(step_obj(t, sub, k),
					    "requires_human_input",
					    json_false());
	s = dump(t);
	r = check(s);
	assert_true(has(&r, TU_PLAN_R_ORDER_MISSING,
			"$.output.subtasks[1].steps[3]"));
	assert_true(has(&r, TU_PLAN_R_ORDER_DUP,
			"$.output.execution_order[4]"));
	assert_true(has(&r, TU_PLAN_R_ORDER_UNKNOWN,
			"$.output.execution_order[5]"));
	assert_true(has(&r, TU_PLAN_R_NO_LEARNER, "$.output.subtasks"));
	assert_int_equal(r.errors, 4);
	tu_plan_report_release(&r);
	free(s);
}

static void test_schema_and_warnings(void **state)
{
	json_t *t = base_tree(), *ag;
	char *s, big[900];
	struct tu_plan_report r;

	(void)state;
	json_object_del(step_obj(t, 0, 0), "expected_output");
	json_object_set_new(step_obj(t, 0, 1), "requires_human_input",
			    json_string("no"));
	json_object_set_new(step_obj(t, 0, 1), "colour", json_string("x"));
	ag = json_array_get(json_object_get(json_object_get(t, "output"),
					    "agents"), 0);
	json_object_set_new(ag, "backstory", json_string("A tutor."));
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "Ask ", 4);
	json_object_set_new(step_obj(t, 1, 0), "instruction", json_string(big));
	json_object_set_new(step_obj(t, 1, 2), "instruction",
			    json_string("The learner reads the output."));
	s = dump(t);
	r = check(s);
	assert_true(has(&r, TU_PLAN_R_SCHEMA,
			"$.output.subtasks[0].steps[0].expected_output"));
	assert_true(has(&r, TU_PLAN_R_SCHEMA,
			"$.output.subtasks[0].steps[1].requires_human_input"));
	assert_true(has(&r, TU_PLAN_R_UNKNOWN_KEY,
			"$.output.subtasks[0].steps[1]"));
	assert_true(has(&r, TU_PLAN_R_BACKSTORY,
			"$.output.agents[0].backstory"));
	assert_true(has(&r, TU_PLAN_R_LENGTH,
			"$.output.subtasks[1].steps[0].instruction"));
	assert_true(has(&r, TU_PLAN_R_IMPERATIVE,
			"$.output.subtasks[1].steps[2].instruction"));
	assert_int_equal(r.errors, 2);
	assert_int_equal(r.warnings, 4);
	tu_plan_report_release(&r);
	free(s);
}

static void test_invalid_and_oversized(void **state)
{
	struct tu_plan_report r = check("{\"output\": [1, 2,");
	json_t *t, *steps;
	char *s, *huge;
	struct tu_plan p;
	struct tu_err err = TU_ERR_INIT;
	size_t n = TU_PLAN_DOC_MAX + 10;

	(void)state;
	assert_true(has(&r, TU_PLAN_R_JSON, "$"));
	assert_int_equal(r.errors, 1);
	tu_plan_report_release(&r);
	r = check("[1, 2]");
	assert_true(has(&r, TU_PLAN_R_SCHEMA, "$"));
	tu_plan_report_release(&r);
	/* a document over 1 MiB: refused unread */
	huge = malloc(n + 1);
	assert_non_null(huge);
	memset(huge, ' ', n);
	huge[0] = '{';
	huge[n - 1] = '}';
	huge[n] = '\0';
	tu_plan_init(&p);
	tu_plan_report_init(&r);
	assert_int_equal(tu_plan_check(huge, n, &p, &r, &err), TU_ERANGE);
	assert_true(has(&r, TU_PLAN_R_JSON, "$"));
	tu_plan_report_release(&r);
	tu_plan_release(&p);
	free(huge);
	/* 300 steps in one subtask: over TU_PLAN_STEPS_MAX */
	t = base_tree();
	steps = json_object_get(json_array_get(json_object_get(
		json_object_get(t, "output"), "subtasks"), 1), "steps");
	for (int i = 0; i < 300; i++)
		json_array_append(steps, json_array_get(steps, 0));
	s = dump(t);
	r = check(s);
	assert_true(has(&r, TU_PLAN_R_LIMIT, "$.output.subtasks[1].steps"));
	assert_true(tu_plan_report_count(&r, TU_PLAN_R_DUP_ID) > 0);
	tu_plan_report_release(&r);
	free(s);
}

/* Every fault of the tests above in one plan: all reported. */
static void test_multi_fault(void **state)
{
	json_t *t = base_tree(), *lo;
	char *s;
	struct tu_plan_report r;

	(void)state;
	json_array_append_new(json_object_get(step_obj(t, 0, 0), "depends_on"),
			      json_string("S1-2"));
	json_object_set_new(step_obj(t, 1, 3), "agent", json_string("ghost"));
	json_object_set_new(step_obj(t, 1, 1), "tool",
			    json_string("CodeDocsSearchTool"));
	json_array_append_new(json_object_get(step_obj(t, 1, 0), "depends_on"),
			      json_string("S9-9"));
	lo = json_object_get(json_array_get(json_object_get(json_object_get(
		t, "output"), "execution_order"), 2), "loop");
	json_object_set_new(lo, "max_iterations", json_integer(1));
	s = dump(t);
	r = check(s);
	assert_true(has(&r, TU_PLAN_R_CYCLE,
			"$.output.subtasks[0].steps[0].depends_on"));
	assert_true(has(&r, TU_PLAN_R_AGENT_UNKNOWN,
			"$.output.subtasks[1].steps[3].agent"));
	assert_true(has(&r, TU_PLAN_R_TOOL_NOT_ALLOWED,
			"$.output.subtasks[1].steps[1].tool"));
	assert_true(has(&r, TU_PLAN_R_DEP_UNRESOLVED,
			"$.output.subtasks[1].steps[0].depends_on[1]"));
	assert_true(has(&r, TU_PLAN_R_LOOP_BOUNDS,
			"$.output.execution_order[2].loop.max_iterations"));
	assert_true(has(&r, TU_PLAN_R_ORDER_DEP,
			"$.output.subtasks[0].steps[0].depends_on[0]"));
	assert_int_equal(r.errors, 6);
	tu_plan_report_release(&r);
	free(s);
}

/* ---- scorers ---------------------------------------------------------------- */

static void test_struct_score(void **state)
{
	struct tu_plan a, b;
	struct tu_plan_struct_score sc;
	json_t *t = base_tree();
	char *s;

	(void)state;
	parse_ok(base_json, &a);
	tu_plan_struct_score(&a, &a, &sc);
	assert_true(sc.dag == 1.0 && sc.dep_complete == 1.0);
	assert_true(fabs(sc.sim - 1.0) < 1e-12);
	/* rename one agent role (3 -> union 4, common 2) and one subtask
	 * name (2 -> union 3, common 1); ids, edges, tools equal */
	json_object_set_new(json_array_get(json_object_get(json_object_get(
		t, "output"), "agents"), 2), "agent_role",
		json_string("librarian"));
	json_object_set_new(json_array_get(json_object_get(json_object_get(
		t, "output"), "subtasks"), 1), "name", json_string("Copying"));
	json_object_set_new(step_obj(t, 0, 1), "agent",
			    json_string("librarian"));
	s = dump(t);
	parse_ok(s, &b);
	tu_plan_struct_score(&b, &a, &sc);
	assert_true(fabs(sc.sim_parts[0] - 0.5) < 1e-12);
	assert_true(fabs(sc.sim_parts[1] - 1.0 / 3.0) < 1e-12);
	assert_true(fabs(sc.sim_parts[2] - 1.0) < 1e-12);
	assert_true(fabs(sc.sim - (0.5 + 1.0 / 3.0 + 3.0) / 5.0) < 1e-12);
	assert_true(fabs(sc.r_struct - (0.25 + 0.25 + 0.2 * sc.atr +
					0.3 * sc.sim)) < 1e-12);
	assert_true(sc.atr > 0.0 && sc.atr <= 1.0);
	tu_plan_release(&a);
	tu_plan_release(&b);
	free(s);
}

static const char *const tiny_fmt =
"{\"agents\": [{\"agent_role\": \"t\", \"goal\": \"\", \"backstory\": \"\","
" \"tools\": []}], \"subtasks\": [{\"id\": \"S1\", \"name\": \"\", "
"\"subtask_objective\": \"\", \"steps\": [{\"id\": \"S1-1\", \"agent\": "
"\"t\", \"objective\": \"\", \"instruction\": \"%s\", \"tool\": null, "
"\"requires_human_input\": true, \"expected_output\": \"\", \"depends_on\":"
" []}, {\"id\": \"S1-2\", \"agent\": \"t\", \"objective\": \"\", "
"\"instruction\": \"%s\", \"tool\": null, \"requires_human_input\": true, "
"\"expected_output\": \"\", \"depends_on\": []}]}], \"execution_order\": "
"[\"S1-1\", \"S1-2\"]}";

static void tiny(struct tu_plan *p, const char *i1, const char *i2)
{
	char buf[2048];

	snprintf(buf, sizeof(buf), tiny_fmt, i1, i2);
	parse_ok(buf, p);
}

static void test_text_sim_and_grounding(void **state)
{
	struct tu_plan a, b, c;
	const char *tags[] = { "rust" };
	struct tu_plan_input prof = { "", "I build bridges", tags, 1 };

	(void)state;
	/* tokens ("t" is too short to be one): {apple, banana} vs {apple,
	 * cherry}: 1/3; counterfactual against an identical gold 1 - 1/3 */
	tiny(&a, "apple", "banana");
	tiny(&b, "apple", "cherry");
	tiny(&c, "apple", "banana");
	assert_true(fabs(tu_plan_text_sim(&a, &b) - 1.0 / 3.0) < 1e-12);
	assert_true(fabs(tu_plan_pers_counterfactual(&a, &c, &b) - 2.0 / 3.0)
		    < 1e-12);
	tu_plan_release(&a);
	tu_plan_release(&b);
	tu_plan_release(&c);
	/* grounding: tag in one learner step, nothing in the other: 1/2;
	 * a bio word ("bridges", >= 4 bytes) in both: 1 */
	tiny(&a, "Write it in Rust.", "Write it again.");
	assert_true(fabs(tu_plan_pers_grounding(&a, &prof) - 0.5) < 1e-12);
	tu_plan_release(&a);
	tiny(&a, "Think of bridges.", "Bridges again.");
	assert_true(fabs(tu_plan_pers_grounding(&a, &prof) - 1.0) < 1e-12);
	tu_plan_release(&a);
}

static void test_pedagogy(void **state)
{
	struct tu_plan p;
	struct tu_plan_ped_score ps;
	struct tu_plan_prec pr;

	(void)state;
	parse_ok(base_json, &p);
	assert_int_equal(tu_plan_phase_of("Predict it", 10), TU_PLAN_PH_PROBE);
	assert_int_equal(tu_plan_phase_of("Summarize", 9),
			 TU_PLAN_PH_CONSOLIDATE);
	assert_int_equal(tu_plan_phase_of("hello", 5), TU_PLAN_PH_NONE);
	tu_plan_ped_score(&p, NULL, &ps);
	for (int i = 0; i < 5; i++)
		assert_true(ps.checks[i]);
	assert_true(ps.phase == 1.0 && ps.r_ped == 1.0 && isnan(ps.prec));
	/* mined pairs: "practise" (apply) after "surface" (none) -> no pair;
	 * a gold with consolidate before apply contradicts nothing here */
	tu_plan_prec_init(&pr);
	tu_plan_prec_add(&pr, &p);
	tu_plan_ped_score(&p, &pr, &ps);
	assert_true(ps.prec == 1.0 && ps.r_ped == 1.0);
	/* gold that mostly puts apply before the probe: S1 (probe: "the
	 * learner states a prediction") then S2 (apply) now disagrees */
	pr.before[TU_PLAN_PH_APPLY][TU_PLAN_PH_PROBE] = 3;
	pr.before[TU_PLAN_PH_PROBE][TU_PLAN_PH_APPLY] = 1;
	tu_plan_ped_score(&p, &pr, &ps);
	assert_true(ps.prec == 0.0 && fabs(ps.r_ped - 0.5) < 1e-12);
	tu_plan_release(&p);
	/* a plan with the probe last: the probe check fails */
	tiny(&p, "Summarize the idea.", "Predict the output.");
	tu_plan_ped_score(&p, NULL, &ps);
	assert_false(ps.checks[0]);
	assert_false(ps.checks[3]);
	assert_false(ps.checks[4]);
	assert_true(fabs(ps.phase - 0.0) < 1e-12);
	tu_plan_release(&p);
}

static void test_tier1(void **state)
{
	struct tu_plan p;
	struct tu_plan_report r;
	struct tu_plan_tier1 t1;
	json_t *t = base_tree();
	char *s;

	(void)state;
	tu_plan_init(&p);
	tu_plan_report_init(&r);
	tu_plan_check(base_json, strlen(base_json), &p, &r, NULL);
	tu_plan_tier1(&p, &r, &t1);
	assert_true(t1.schema_valid);
	assert_true(t1.tool_agent_perm == 1.0 && t1.topo_consist == 1.0);
	tu_plan_release(&p);
	tu_plan_report_clear(&r);
	/* one tool of two not allowed; one edge of five backwards */
	json_object_set_new(step_obj(t, 1, 1), "tool",
			    json_string("CodeDocsSearchTool"));
	json_array_append_new(json_object_get(step_obj(t, 0, 0), "depends_on"),
			      json_string("S2-4"));
	s = dump(t);
	tu_plan_check(s, strlen(s), &p, &r, NULL);
	tu_plan_tier1(&p, &r, &t1);
	assert_false(t1.schema_valid);
	assert_true(fabs(t1.tool_agent_perm - 0.5) < 1e-12);
	assert_true(fabs(t1.topo_consist - 5.0 / 6.0) < 1e-12);
	tu_plan_release(&p);
	tu_plan_report_release(&r);
	free(s);
}

/* A planner that returns the gold plan for the profile's own row. */
static enum tu_status echo_planner(void *ctx, const struct tu_plan_input *in,
				   struct tu_plan *out, struct tu_err *err)
{
	(void)ctx;
	(void)in;
	(void)err;
	parse_ok(base_json, out);
	return TU_OK;
}

static void test_eval_accumulator(void **state)
{
	struct tu_plan_eval ev;
	struct tu_plan_eval_summary s;
	struct tu_plan_planner_stats ps;
	json_t *t;
	char *row;

	(void)state;
	tu_plan_eval_init(&ev);
	for (int i = 0; i < 2; i++) {
		t = json_pack("{s:s, s:i, s:o}", "question_id", "q1",
			      "profile_index", i, "plan", base_tree());
		row = dump(t);
		assert_int_equal(tu_plan_eval_add(&ev, row, strlen(row), NULL,
						  NULL), TU_OK);
		free(row);
	}
	assert_int_equal(tu_plan_eval_add(&ev, "nope", 4, NULL, NULL),
			 TU_EPARSE);
	assert_int_equal(ev.bad_rows, 1);
	tu_plan_eval_summary(&ev, &s);
	assert_int_equal(s.plans, 2);
	assert_int_equal(s.questions, 1);
	assert_int_equal(s.multi_profile_questions, 1);
	assert_int_equal(s.steps_total, 12);
	assert_true(fabs(s.human_share - 4.0 / 6.0) < 1e-12);
	assert_true(fabs(s.cross_text_sim - 1.0) < 1e-12);
	assert_int_equal(s.pairs, 1);
	assert_int_equal(ev.err_plans, 0);
	tu_plan_eval_planner(&ev, NULL, NULL, &ps);
	assert_int_equal(ps.n, 0);
	tu_plan_eval_planner(&ev, echo_planner, NULL, &ps);
	assert_int_equal(ps.n, 2);
	assert_int_equal(ps.valid, 2);
	assert_true(fabs(ps.struct_sim - 1.0) < 1e-12);
	assert_true(fabs(ps.pers_cf) < 1e-12);
	tu_plan_eval_release(&ev);
}

/* ---- the MAP-PPL sample (read at run time, never copied) ------------------- */

static void test_gold_rows(void **state)
{
	const char *shared = getenv("TUTOR_SHARED");
	char path[4096], *line = NULL;
	size_t cap = 0, rows = 0, warnings = 0, errors = 0;
	ssize_t n;
	FILE *f;
	struct tu_plan_report r;

	(void)state;
	if (!shared)
		skip();
	snprintf(path, sizeof(path), "%s/data/map-ppl/sample-train-dev.jsonl",
		 shared);
	f = fopen(path, "r");
	if (!f)
		skip();
	tu_plan_report_init(&r);
	while ((n = getline(&line, &cap, f)) > 0) {
		struct tu_plan p;

		tu_plan_init(&p);
		tu_plan_report_clear(&r);
		tu_plan_check(line, (size_t)n, &p, &r, NULL);
		for (size_t i = 0; i < r.n; i++)
			if (r.v[i].severity == TU_PLAN_ERROR)
				print_message("row %zu: %s: %s\n", rows + 1,
					      r.v[i].path, r.v[i].reason);
		errors += r.errors;
		warnings += r.warnings;
		rows++;
		tu_plan_release(&p);
	}
	free(line);
	fclose(f);
	tu_plan_report_release(&r);
	print_message("gold rows %zu: errors %zu, warnings %zu\n", rows, errors,
		      warnings);
	assert_int_equal(rows, 87);
	assert_int_equal(errors, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_io),
		cmocka_unit_test(test_roundtrip_row_and_output),
		cmocka_unit_test(test_valid_plan),
		cmocka_unit_test(test_cycle),
		cmocka_unit_test(test_unknown_agent),
		cmocka_unit_test(test_tool_not_allowed),
		cmocka_unit_test(test_missing_dependency),
		cmocka_unit_test(test_loop_rules),
		cmocka_unit_test(test_order_and_learner),
		cmocka_unit_test(test_schema_and_warnings),
		cmocka_unit_test(test_invalid_and_oversized),
		cmocka_unit_test(test_multi_fault),
		cmocka_unit_test(test_struct_score),
		cmocka_unit_test(test_text_sim_and_grounding),
		cmocka_unit_test(test_pedagogy),
		cmocka_unit_test(test_tier1),
		cmocka_unit_test(test_eval_accumulator),
		cmocka_unit_test(test_gold_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
