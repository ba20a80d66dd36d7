/* test_feedback.c - the pedagogical feedback agent (hint levels, bands,
 * the leak check, the submission message) and tu_hint_leaks itself. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tutor/hints.h"
#include "fixture.h"

static const char GENERIC4[] = "Check the structure of your solution: is "
	"every case handled, including the smallest and empty inputs, and "
	"does each part do one job?";
static const char FRAME[] = "Let's take it one small step at a time. ";

static const char *jstr(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	assert_true(json_is_string(v));
	return json_string_value(v);
}

static long jint(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	assert_true(json_is_integer(v));
	return (long)json_integer_value(v);
}

static void hint_event(struct tu_event_in *ev, const char *item)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = TU_EV_HINT_REQUEST;
	ev->at = FX_NOW;
	strcpy(ev->u.item, item);
}

/* Requests one hint on "mean" and commits it; returns the level and
 * copies the delivered text into text[cap] and the band into band[16]. */
static long ask(struct fx *f, char *text, size_t cap, char *band)
{
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	long level;

	hint_event(&ev, "mean");
	assert_int_equal(fx_run(f, tu_agent_pedagogical_feedback, &ev, &st,
				&out, NULL), TU_OK);
	assert_true(fx_only_changed(&f->state, &st, OWN_ITEM_HINTS));
	level = jint(out.json, "level");
	snprintf(text, cap, "%s", jstr(out.json, "text"));
	snprintf(band, 16, "%s", jstr(out.json, "band"));
	assert_string_equal(jstr(out.json, "level_name"),
			    tu_hint_level_name((uint32_t)level));
	tu_agent_out_release(&out);
	fx_commit(f, &st);
	return level;
}

static void framed(const char *text, const char *hint)
{
	assert_memory_equal(text, FRAME, strlen(FRAME));
	assert_string_equal(text + strlen(FRAME), hint);
}

/* A beginner asking again and again: 2, 3, 4, then 4 until a failed
 * attempt unlocks 5; never down, never above 5. */
static void test_beginner_ladder(void **state)
{
	static const long want[] = { 2, 3, 4, 4, 4 };
	struct fx f;
	struct tu_item_progress *p;
	char text[1024], band[16];
	long prev = 0, level;

	(void)state;
	fx_init(&f);
	for (size_t i = 0; i < 5; i++) {
		level = ask(&f, text, sizeof(text), band);
		assert_int_equal(level, want[i]);
		assert_true(level >= prev && level <= 5);
		assert_string_equal(band, "beginner");
		prev = level;
	}
	p = tu_learner_item_find(&f.state, "mean");
	assert_int_equal(p->hints_used, 5);
	assert_int_equal(p->hint_level, 4);
	p->attempts = p->failures = 1;
	p->last_failure = TU_FAIL_WRONG;
	assert_int_equal(ask(&f, text, sizeof(text), band), 5);
	framed(text, FX_MEAN_HINTS[4]);
	assert_int_equal(ask(&f, text, sizeof(text), band), 5);
	p = tu_learner_item_find(&f.state, "mean");
	assert_int_equal(p->hints_used, 7);
	assert_int_equal(p->hint_level, 5);
	fx_release(&f);
}

/* The authored beginner variant of level 2; the framing for level 3. */
static void test_band_variants(void **state)
{
	struct fx f;
	char text[1024], band[16];

	(void)state;
	fx_init(&f);
	assert_int_equal(ask(&f, text, sizeof(text), band), 2);
	assert_string_equal(text, FX_MEAN_HINT2_BEGINNER);
	assert_int_equal(ask(&f, text, sizeof(text), band), 3);
	framed(text, FX_MEAN_HINTS[2]);
	fx_release(&f);

	/* intermediate (mean mastery 0.45): level 1, the text as is */
	fx_init(&f);
	fx_topic(&f, "basics", 0.5);
	fx_topic(&f, "loops", 0.4);
	assert_int_equal(ask(&f, text, sizeof(text), band), 1);
	assert_string_equal(band, "intermediate");
	assert_string_equal(text, FX_MEAN_HINTS[0]);
	assert_int_equal(ask(&f, text, sizeof(text), band), 2);
	assert_string_equal(text, FX_MEAN_HINTS[1]);  /* no beginner variant */
	fx_release(&f);

	/* advanced: level 1 twice (two hints per level), no framing */
	fx_init(&f);
	fx_topic(&f, "basics", 1.0);
	fx_topic(&f, "loops", 0.5);
	assert_true(tu_item_proficiency(&f.state, &f.problems[4]) == 0.75);
	assert_int_equal(ask(&f, text, sizeof(text), band), 1);
	assert_string_equal(band, "advanced");
	assert_int_equal(ask(&f, text, sizeof(text), band), 1);
	assert_string_equal(text, FX_MEAN_HINTS[0]);
	fx_release(&f);
}

/* Level 4 quotes the solution line "total = 0": refused, the generic
 * text is delivered, the hint still counts. */
static void test_leak_refused(void **state)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	struct tu_item_progress *p;
	const json_t *lc;

	(void)state;
	fx_init(&f);
	p = fx_item(&f, "mean");
	p->hints_used = 2;
	p->hint_level = 3;
	hint_event(&ev, "mean");
	assert_int_equal(fx_run(&f, tu_agent_pedagogical_feedback, &ev, &st,
				&out, NULL), TU_OK);
	assert_int_equal(jint(out.json, "level"), 4);
	assert_string_equal(jstr(out.json, "text"), GENERIC4);
	lc = json_object_get(out.json, "leak_check");
	assert_true(json_is_true(json_object_get(lc, "refused")));
	assert_string_equal(jstr(lc, "shared"), "total = 0");
	p = tu_learner_item_find(&st, "mean");
	assert_int_equal(p->hints_used, 3);
	assert_int_equal(p->hint_level, 4);
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	/* a level-2 hint passes the check */
	p = tu_learner_item_find(&f.state, "mean");
	p->hints_used = 1;
	p->hint_level = 1;
	assert_int_equal(fx_run(&f, tu_agent_pedagogical_feedback, &ev, &st,
				&out, NULL), TU_OK);
	lc = json_object_get(out.json, "leak_check");
	assert_true(json_is_false(json_object_get(lc, "refused")));
	assert_true(json_is_null(json_object_get(lc, "shared")));
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	fx_release(&f);
}

static void test_hint_unknown_item(void **state)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	fx_init(&f);
	hint_event(&ev, "trees");
	assert_int_equal(fx_run(&f, tu_agent_pedagogical_feedback, &ev, &st,
				&out, &err), TU_ENOTFOUND);
	assert_string_equal(err.msg, "pedagogical_feedback: no problem 'trees' "
			    "in course 'sample'");
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	fx_release(&f);
}

static void test_submission_message(void **state)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	struct tu_item_progress *p;
	const json_t *m;

	(void)state;
	fx_init(&f);
	p = fx_item(&f, "mean");   /* as skill assessment left it */
	p->attempts = p->failures = 1;
	p->last_failure = TU_FAIL_WRONG;
	fx_submission(&ev, "mean", TU_VERDICT_WA, 3, 5);
	strcpy(ev.u.sub.failed[0].name, "empty");
	strcpy(ev.u.sub.failed[0].message, "expected 0, got None");
	ev.u.sub.n_failed = 1;
	fx_tag(&ev, "off-by-one", "loops");
	fx_tag(&ev, "not-declared", "loops");
	assert_int_equal(fx_run(&f, tu_agent_pedagogical_feedback, &ev, &st,
				&out, NULL), TU_OK);
	assert_string_equal(jstr(out.json, "message"), "Not yet: 3 of 5 tests "
			    "passed; first failure 'empty': expected 0, got "
			    "None. Off by one: Check the first and last index "
			    "of each range. A level-2 hint (conceptual) is "
			    "available.");
	assert_int_equal(jint(out.json, "next_hint_level"), 2);
	m = json_object_get(out.json, "misconceptions");
	assert_int_equal(json_array_size(m), 1);
	assert_string_equal(jstr(json_array_get(m, 0), "id"), "off-by-one");
	assert_true(tu_learner_state_equal(&st, &f.state));
	assert_int_equal(out.n_reasons, 0);
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	fx_event_release(&ev);

	fx_submission(&ev, "mean", TU_VERDICT_AC, 5, 5);
	ev.u.sub.n_findings = 1;
	strcpy(ev.u.sub.findings[0].rule, "naming");
	assert_int_equal(fx_run(&f, tu_agent_pedagogical_feedback, &ev, &st,
				&out, NULL), TU_OK);
	assert_string_equal(jstr(out.json, "message"), "Well done: all 5 tests "
			    "passed. 1 suggestion from the code review.");
	assert_true(tu_learner_state_equal(&st, &f.state));
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	fx_event_release(&ev);
	fx_release(&f);
}

/* ---- tu_hint_leaks ------------------------------------------------------ */

static void test_leaks_lines(void **state)
{
	char shared[128];

	(void)state;
	/* a whole solution line of >= 3 tokens */
	assert_true(tu_hint_leaks("Finish with return total / len(xs) at the "
				  "end.", FX_MEAN_SOLUTION, 8, shared,
				  sizeof(shared)));
	assert_string_equal(shared, "return total / len ( xs )");
	assert_true(tu_hint_leaks("write `for x in xs:` first",
				  FX_MEAN_SOLUTION, 8, shared, sizeof(shared)));
	assert_string_equal(shared, "for x in xs :");
	/* a 2-token line ("return 0") is not enough */
	assert_false(tu_hint_leaks("then return 0 for it", FX_MEAN_SOLUTION, 8,
				   shared, sizeof(shared)));
	assert_string_equal(shared, "");
	/* prose about the problem is fine */
	assert_false(tu_hint_leaks("Add up the values and divide by how many "
				   "there are.", FX_MEAN_SOLUTION, 8, NULL, 0));
	/* part of a line is not a line */
	assert_false(tu_hint_leaks("total / len", FX_MEAN_SOLUTION, 8, NULL, 0));
}

static void test_leaks_runs(void **state)
{
	static const char sol[] =
		"result = alpha + beta * gamma - delta / epsilon\n";
	char shared[128];

	(void)state;
	assert_true(tu_hint_leaks("try alpha + beta * gamma - delta / epsilon!",
				  sol, 8, shared, sizeof(shared)));
	assert_string_equal(shared, "alpha + beta * gamma - delta / epsilon");
	/* 9 shared tokens are below a 10-token limit, and not a whole line */
	assert_false(tu_hint_leaks("try alpha + beta * gamma - delta / "
				   "epsilon!", sol, 10, shared, sizeof(shared)));
	/* whitespace and layout do not matter */
	assert_true(tu_hint_leaks("alpha+beta*gamma-delta/epsilon", sol, 8,
				  NULL, 0));
	/* the shared run is truncated to cap */
	assert_true(tu_hint_leaks("alpha + beta * gamma - delta / epsilon",
				  sol, 8, shared, 12));
	assert_string_equal(shared, "alpha + bet");
}

static void test_leaks_comments_strings(void **state)
{
	static const char py[] = "x = 1  # the secret sauce is in here\n";
	static const char c[] = "int x = 1; /* the secret sauce\n is here */\n"
		"// one more comment line here\n";
	static const char str[] = "print(\"hello world\")\n";

	(void)state;
	assert_false(tu_hint_leaks("the secret sauce is in here", py, 3, NULL,
				   0));
	assert_false(tu_hint_leaks("the secret sauce is here", c, 3, NULL, 0));
	assert_false(tu_hint_leaks("one more comment line here", c, 3, NULL,
				   0));
	assert_true(tu_hint_leaks("int x = 1;", c, 8, NULL, 0));
	/* a string literal is one token */
	assert_true(tu_hint_leaks("call print(\"hello world\")", str, 8, NULL,
				  0));
	assert_false(tu_hint_leaks("call print(\"hello there\")", str, 8, NULL,
				   0));
	/* an apostrophe in prose is not a string */
	assert_true(tu_hint_leaks("Let's write print(\"hello world\")", str, 8,
				  NULL, 0));
}

static void test_leaks_limits(void **state)
{
	size_t n = 64 * 1024 + 10;
	char *big = malloc(n + 1), shared[64];

	(void)state;
	assert_non_null(big);
	memset(big, 'a', n);
	big[n] = '\0';
	assert_true(tu_hint_leaks(big, "x = 1\n", 8, shared, sizeof(shared)));
	assert_string_equal(shared, "(hint too long to check)");
	/* 5000 tokens: over the hint token limit, refused unchecked */
	for (size_t i = 0; i < 10000; i += 2) {
		big[i] = 'a';
		big[i + 1] = ' ';
	}
	big[10000] = '\0';
	assert_true(tu_hint_leaks(big, "x = 1\n", 8, shared, sizeof(shared)));
	/* a long solution costs bounded work and still matches */
	big[0] = '\0';
	for (size_t i = 0; i < 3000; i++)
		strcat(big, "v = v + 1\n");
	assert_true(tu_hint_leaks("set v = v + 1 again", big, 8, NULL, 0));
	assert_false(tu_hint_leaks("anything", NULL, 8, NULL, 0));
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_beginner_ladder),
		cmocka_unit_test(test_band_variants),
		cmocka_unit_test(test_leak_refused),
		cmocka_unit_test(test_hint_unknown_item),
		cmocka_unit_test(test_submission_message),
		cmocka_unit_test(test_leaks_lines),
		cmocka_unit_test(test_leaks_runs),
		cmocka_unit_test(test_leaks_comments_strings),
		cmocka_unit_test(test_leaks_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
