/* test_agents.c - configuration, routing, refusals, and the skill
 * assessment, learner profiler and progress synthesizer agents on
 * hand-built states (tests/agents/fixture.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static const char *jstr(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	assert_true(json_is_string(v));
	return json_string_value(v);
}

static double jnum(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	assert_true(json_is_number(v));
	return json_number_value(v);
}

/* ---- configuration and routing ------------------------------------------ */

static void test_config(void **state)
{
	struct tu_agent_config c;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_agent_config_default(&c);
	assert_int_equal(tu_agent_config_validate(&c, &err), TU_OK);
	assert_int_equal(c.session_k, 3);
	assert_int_equal(c.daily_k_default, 5);
	assert_int_equal(c.daily_k_max, 10);
	assert_int_equal(c.leak_run_tokens, 8);
	assert_int_equal(c.fatigue_failures, 2);
	assert_true(c.fsrs_retention == 0.9 && c.review_recall_min == 0.8 &&
		    c.fatigue_window_min == 45.0);
	c.session_k = 0;
	assert_int_equal(tu_agent_config_validate(&c, &err), TU_EINVAL);
	assert_string_equal(err.msg, "agent config: session_k must be in "
			    "[1, 32], got 0");
	tu_agent_config_default(&c);
	c.fsrs_retention = 1.0;
	assert_int_equal(tu_agent_config_validate(&c, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "fsrs_retention"));
	tu_agent_config_default(&c);
	c.daily_k_default = 11;
	assert_int_equal(tu_agent_config_validate(&c, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "daily_k_default"));
	tu_agent_config_default(&c);
	c.mastery.alpha = 2.0;
	assert_int_equal(tu_agent_config_validate(&c, &err), TU_EINVAL);
}

static void expect_route(enum tu_event_type t, const enum tu_agent *want,
			 size_t n)
{
	enum tu_agent got[TU_AGENTS];

	assert_int_equal(tu_agent_route(t, got), n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(got[i], want[i]);
}

static void test_routing(void **state)
{
	static const enum tu_agent sub[] = { TU_AGENT_SKILL_ASSESSMENT,
		TU_AGENT_LEARNER_PROFILER, TU_AGENT_PROGRESS_SYNTHESIZER,
		TU_AGENT_PEDAGOGICAL_FEEDBACK };
	static const enum tu_agent hint[] = { TU_AGENT_PEDAGOGICAL_FEEDBACK,
		TU_AGENT_LEARNER_PROFILER };
	static const enum tu_agent session[] = { TU_AGENT_CONTENT_CURATOR,
		TU_AGENT_ENGAGEMENT_ORCHESTRATOR, TU_AGENT_LEARNER_PROFILER };
	static const enum tu_agent daily[] = { TU_AGENT_CONTENT_CURATOR,
		TU_AGENT_LEARNER_PROFILER };
	static const enum tu_agent review[] = { TU_AGENT_PROGRESS_SYNTHESIZER,
		TU_AGENT_CONTENT_CURATOR, TU_AGENT_LEARNER_PROFILER };
	static const enum tu_agent goals[] = { TU_AGENT_LEARNER_PROFILER };

	(void)state;
	expect_route(TU_EV_SUBMISSION, sub, 4);
	expect_route(TU_EV_HINT_REQUEST, hint, 2);
	expect_route(TU_EV_SESSION_CHECK, session, 3);
	expect_route(TU_EV_DAILY_GENERATION, daily, 2);
	expect_route(TU_EV_REVIEW_DUE, review, 3);
	expect_route(TU_EV_LEARNER_CREATED, NULL, 0);
	expect_route(TU_EV_PREFERENCES, NULL, 0);
	expect_route(TU_EV_ASSIST, NULL, 0);
	expect_route(TU_EV_GOALS_STATED, goals, 1);
	assert_string_equal(tu_agent_name(TU_AGENT_SKILL_ASSESSMENT),
			    "skill_assessment");
	assert_string_equal(tu_agent_name(TU_AGENT_ENGAGEMENT_ORCHESTRATOR),
			    "engagement_orchestrator");
	assert_string_equal(tu_agent_name((enum tu_agent)6), "?");
	assert_true(tu_agent_function(TU_AGENT_CONTENT_CURATOR) ==
		    tu_agent_content_curator);
	assert_true(tu_agent_function(TU_AGENT_PEDAGOGICAL_FEEDBACK) ==
		    tu_agent_pedagogical_feedback);
	assert_null(tu_agent_function((enum tu_agent)9));
}

static void test_out_reasons(void **state)
{
	struct tu_agent_out out;

	(void)state;
	assert_int_equal(tu_agent_out_init(&out, NULL), TU_OK);
	assert_true(json_is_object(out.json));
	for (int i = 0; i < TU_AGENT_REASONS_MAX + 5; i++)
		tu_agent_out_reason(&out, "topics[loops]", "step %d", i);
	assert_int_equal(out.n_reasons, TU_AGENT_REASONS_MAX);
	assert_string_equal(out.reasons[3].prefix, "topics[loops]");
	assert_string_equal(out.reasons[3].text, "step 3");
	tu_agent_out_release(&out);
	assert_null(out.json);
}

/* Every agent refuses an event type it does not handle. */
static void test_refusals(void **state)
{
	struct { tu_agent_fn fn; enum tu_event_type t; const char *msg; } c[] = {
		{ tu_agent_skill_assessment, TU_EV_HINT_REQUEST,
		  "skill_assessment: does not handle 'hint_request' events" },
		{ tu_agent_learner_profiler, TU_EV_PREFERENCES,
		  "learner_profiler: does not handle 'preferences' events" },
		{ tu_agent_progress_synthesizer, TU_EV_DAILY_GENERATION,
		  "progress_synthesizer: does not handle 'daily_generation' "
		  "events" },
		{ tu_agent_pedagogical_feedback, TU_EV_REVIEW_DUE,
		  "pedagogical_feedback: does not handle 'review_due' events" },
		{ tu_agent_content_curator, TU_EV_HINT_REQUEST,
		  "content_curator: does not handle 'hint_request' events" },
		{ tu_agent_learner_profiler, TU_EV_ASSIST,
		  "learner_profiler: does not handle 'assist' events" },
		{ tu_agent_skill_assessment, TU_EV_GOALS_STATED,
		  "skill_assessment: does not handle 'goals_stated' events" },
		{ tu_agent_engagement_orchestrator, TU_EV_SUBMISSION,
		  "engagement_orchestrator: does not handle 'submission' "
		  "events" },
	};
	struct fx f;

	(void)state;
	fx_init(&f);
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct tu_event_in ev;
		struct tu_learner_state st;
		struct tu_agent_out out;
		struct tu_err err = TU_ERR_INIT;

		if (c[i].t == TU_EV_SUBMISSION) {
			fx_submission(&ev, "mean", TU_VERDICT_AC, 1, 1);
		} else {
			memset(&ev, 0, sizeof(ev));
			ev.type = c[i].t;
			ev.at = FX_NOW;
			strcpy(ev.u.item, "mean");
		}
		assert_int_equal(fx_run(&f, c[i].fn, &ev, &st, &out, &err),
				 TU_EINVAL);
		assert_string_equal(err.msg, c[i].msg);
		assert_true(tu_learner_state_equal(&st, &f.state));
		tu_learner_state_release(&st);
		tu_agent_out_release(&out);
		fx_event_release(&ev);
	}
	fx_release(&f);
}

static void test_unknown_item(void **state)
{
	tu_agent_fn fns[] = { tu_agent_skill_assessment,
		tu_agent_learner_profiler, tu_agent_progress_synthesizer,
		tu_agent_pedagogical_feedback };
	const char *names[] = { "skill_assessment", "learner_profiler",
		"progress_synthesizer", "pedagogical_feedback" };
	struct fx f;
	char want[128];

	(void)state;
	fx_init(&f);
	for (size_t i = 0; i < 4; i++) {
		struct tu_event_in ev;
		struct tu_learner_state st;
		struct tu_agent_out out;
		struct tu_err err = TU_ERR_INIT;

		fx_submission(&ev, "nope", TU_VERDICT_AC, 1, 1);
		assert_int_equal(fx_run(&f, fns[i], &ev, &st, &out, &err),
				 TU_ENOTFOUND);
		snprintf(want, sizeof(want), "%s: no problem 'nope' in course "
			 "'sample'", names[i]);
		assert_string_equal(err.msg, want);
		tu_learner_state_release(&st);
		tu_agent_out_release(&out);
		fx_event_release(&ev);
	}
	fx_release(&f);
}

static void test_invalid_submission(void **state)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	fx_init(&f);
	fx_submission(&ev, "mean", TU_VERDICT_WA, 6, 5);
	assert_int_equal(fx_run(&f, tu_agent_skill_assessment, &ev, &st, &out,
				&err), TU_EINVAL);
	assert_string_equal(err.msg, "skill_assessment: submission passed 6 > "
			    "total 5");
	tu_learner_state_release(&st);
	tu_agent_out_release(&out);
	ev.u.sub.passed = 0;
	ev.u.sub.verdict = TU_VERDICT_IE;
	assert_int_equal(fx_run(&f, tu_agent_skill_assessment, &ev, &st, &out,
				&err), TU_EINVAL);
	tu_learner_state_release(&st);
	tu_agent_out_release(&out);
	fx_event_release(&ev);
	fx_release(&f);
}

/* ---- skill assessment --------------------------------------------------- */

static void wa_event(struct tu_event_in *ev)
{
	struct tu_ev_submission *s = &ev->u.sub;

	fx_submission(ev, "mean", TU_VERDICT_WA, 3, 5);
	strcpy(s->failed[0].name, "empty");
	strcpy(s->failed[0].message, "expected 0, got None");
	s->n_failed = 1;
	strcpy(s->findings[0].rule, "long-function");
	s->findings[0].line = 3;
	strcpy(s->findings[0].message, "split the loop out");
	s->n_findings = 1;
}

static void test_skill_fail_then_pass(void **state)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	struct tu_item_progress *p;
	const json_t *a;

	(void)state;
	fx_init(&f);
	p = fx_item(&f, "mean");
	p->opened = p->first_seen = p->last_picked = FX_NOW - 600;
	wa_event(&ev);
	assert_int_equal(fx_run(&f, tu_agent_skill_assessment, &ev, &st, &out,
				NULL), TU_OK);
	p = tu_learner_item_find(&st, "mean");
	assert_int_equal(p->attempts, 1);
	assert_int_equal(p->failures, 1);
	assert_int_equal(p->last_failure, TU_FAIL_WRONG);
	assert_false(p->solved);
	assert_true(p->solved_at == TU_TIME_NONE);
	assert_true(p->first_seen == FX_NOW - 600);
	assert_true(p->last_attempt == FX_NOW && p->opened == FX_NOW);
	assert_true(p->time_s == 600.0);
	assert_true(fx_only_changed(&f.state, &st, OWN_ITEM_ATTEMPT));
	assert_string_equal(jstr(out.json, "verdict"), "WA");
	assert_string_equal(jstr(out.json, "summary"), "3 of 5 tests passed; "
			    "first failure 'empty': expected 0, got None");
	assert_true(jnum(out.json, "solve_s") == 600.0);
	a = json_object_get(out.json, "failing");
	assert_int_equal(json_array_size(a), 1);
	assert_string_equal(jstr(json_array_get(a, 0), "name"), "empty");
	assert_int_equal(json_array_size(json_object_get(out.json,
							 "suggestions")), 0);
	assert_int_equal(out.n_reasons, 1);
	assert_string_equal(out.reasons[0].prefix, "items[mean]");
	tu_agent_out_release(&out);
	fx_commit(&f, &st);
	fx_event_release(&ev);

	wa_event(&ev);
	ev.at = FX_NOW + 300;
	ev.u.sub.verdict = TU_VERDICT_AC;
	ev.u.sub.passed = 5;
	ev.u.sub.n_failed = 0;
	assert_int_equal(fx_run(&f, tu_agent_skill_assessment, &ev, &st, &out,
				NULL), TU_OK);
	p = tu_learner_item_find(&st, "mean");
	assert_int_equal(p->attempts, 2);
	assert_int_equal(p->failures, 1);
	assert_int_equal(p->last_failure, TU_FAIL_NONE);
	assert_true(p->solved && p->solved_at == FX_NOW + 300);
	assert_true(p->time_s == 900.0);
	assert_string_equal(jstr(out.json, "summary"), "all 5 tests passed");
	a = json_object_get(out.json, "suggestions");
	assert_int_equal(json_array_size(a), 1);
	assert_string_equal(jstr(json_array_get(a, 0), "rule"),
			    "long-function");
	assert_true(jnum(json_array_get(a, 0), "line") == 3);
	assert_true(fx_only_changed(&f.state, &st, OWN_ITEM_ATTEMPT));
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	fx_event_release(&ev);
	fx_release(&f);
}

static void test_skill_failure_types(void **state)
{
	static const struct { enum tu_verdict v; enum tu_failure f; } c[] = {
		{ TU_VERDICT_CE, TU_FAIL_SYNTAX }, { TU_VERDICT_RE, TU_FAIL_RUNTIME },
		{ TU_VERDICT_SV, TU_FAIL_RUNTIME }, { TU_VERDICT_WA, TU_FAIL_WRONG },
		{ TU_VERDICT_TLE, TU_FAIL_TIMEOUT }, { TU_VERDICT_MLE, TU_FAIL_TIMEOUT },
		{ TU_VERDICT_OLE, TU_FAIL_TIMEOUT }, { TU_VERDICT_AC, TU_FAIL_NONE },
	};
	struct fx f;

	(void)state;
	fx_init(&f);
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct tu_event_in ev;
		struct tu_learner_state st;
		struct tu_agent_out out;
		const struct tu_item_progress *p;

		fx_submission(&ev, "hello", c[i].v, 0, 2);
		assert_int_equal(fx_run(&f, tu_agent_skill_assessment, &ev, &st,
					&out, NULL), TU_OK);
		p = tu_learner_item_find(&st, "hello");
		assert_int_equal(p->last_failure, c[i].f);
		/* a first submission without a pick: time unknown */
		assert_true(p->first_seen == FX_NOW && p->time_s == 0.0);
		assert_true(json_is_null(json_object_get(out.json, "solve_s")));
		if (c[i].v == TU_VERDICT_CE)
			assert_string_equal(jstr(out.json, "summary"), "the code "
					    "did not compile (0 of 2 tests "
					    "passed)");
		tu_learner_state_release(&st);
		tu_agent_out_release(&out);
		fx_event_release(&ev);
	}
	fx_release(&f);
}

/* ---- learner profiler --------------------------------------------------- */

static void profiler_state(struct fx *f)
{
	struct tu_topic_state *t;
	struct tu_item_progress *p;

	fx_topic(f, "basics", 0.5);
	t = tu_learner_topic_find(&f->state, "basics");
	t->last_practiced = FX_NOW - 2 * FX_DAY;
	t->attempts = 1;
	p = fx_item(f, "mean");
	p->opened = p->first_seen = FX_NOW - 600;
	p->hints_used = 2;
	p->hint_level = 3;
}

static void check_profiler_mastery(int correct, enum tu_verdict v)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	struct tu_ic_obs ob = { correct, TU_DIFF_MEDIUM, 2.0, 2, 600.0, 900.0 };
	struct tu_ic_obs ol = { correct, TU_DIFF_MEDIUM, 0.0, 2, 600.0, 900.0 };
	double want_b, want_l;
	const struct tu_topic_state *b, *l;
	const json_t *m;

	fx_init(&f);
	profiler_state(&f);
	want_b = tu_ic_update(&f.cfg.mastery, 0.5, &ob);
	want_l = tu_ic_update(&f.cfg.mastery, 0.0, &ol);
	fx_submission(&ev, "mean", v, correct ? 5 : 2, 5);
	assert_int_equal(fx_run(&f, tu_agent_learner_profiler, &ev, &st, &out,
				NULL), TU_OK);
	b = tu_learner_topic_find(&st, "basics");
	l = tu_learner_topic_find(&st, "loops");
	assert_non_null(b);
	assert_non_null(l);
	assert_true(b->mastery == want_b);
	assert_true(l->mastery == want_l);
	assert_int_equal(b->attempts, 2);
	assert_int_equal(l->attempts, 1);
	assert_int_equal(l->successes, correct ? 1 : 0);
	assert_true(b->last_practiced == FX_NOW);
	m = json_object_get(out.json, "mastery");
	assert_int_equal(json_array_size(m), 2);
	assert_string_equal(jstr(json_array_get(m, 0), "topic"), "basics");
	assert_true(jnum(json_array_get(m, 0), "before") == 0.5);
	assert_true(jnum(json_array_get(m, 0), "after") == want_b);
	assert_string_equal(jstr(json_array_get(m, 1), "level"),
			    tu_mastery_level_name(tu_topic_level(l)));
	assert_true(jnum(out.json, "hints_counted") == 2);
	assert_int_equal(st.engagement.failure_streak, correct ? 0 : 1);
	assert_true(st.engagement.last_seen == FX_NOW);
	assert_true(fx_only_changed(&f.state, &st, OWN_TOPICS | OWN_MISC |
				    OWN_ENGAGEMENT | OWN_NOTES));
	tu_learner_state_release(&st);
	tu_agent_out_release(&out);
	fx_event_release(&ev);
	fx_release(&f);
}

static void test_profiler_pass(void **state)
{
	(void)state;
	check_profiler_mastery(1, TU_VERDICT_AC);
}

static void test_profiler_fail(void **state)
{
	(void)state;
	check_profiler_mastery(0, TU_VERDICT_WA);
}

static void test_profiler_misconceptions(void **state)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	const struct tu_misconception *m;
	const json_t *rec, *unk;

	(void)state;
	fx_init(&f);
	fx_submission(&ev, "mean", TU_VERDICT_WA, 2, 5);
	fx_tag(&ev, "off-by-one", "loops");
	fx_tag(&ev, "mystery-tag", "loops");
	fx_tag(&ev, "off-by-one", "loops");
	fx_tag(&ev, "infinite-loop", "basics");
	assert_int_equal(fx_run(&f, tu_agent_learner_profiler, &ev, &st, &out,
				NULL), TU_OK);
	assert_int_equal(st.n_misconceptions, 2);
	m = tu_learner_misconception_find(&st, "off-by-one");
	assert_non_null(m);
	assert_string_equal(m->topic, "loops");   /* the tag's (course: "") */
	assert_int_equal(m->count, 1);
	assert_int_equal(m->n_evidence, 1);
	assert_int_equal(m->evidence[0], 7);      /* ctx->version */
	assert_true(m->last_seen == FX_NOW);
	m = tu_learner_misconception_find(&st, "infinite-loop");
	assert_string_equal(m->topic, "loops");   /* the course's topic */
	assert_null(tu_learner_misconception_find(&st, "mystery-tag"));
	rec = json_object_get(out.json, "misconceptions");
	assert_int_equal(json_array_size(rec), 2);
	assert_string_equal(json_string_value(json_array_get(rec, 0)),
			    "off-by-one");
	unk = json_object_get(out.json, "unrecognised_tags");
	assert_int_equal(json_array_size(unk), 1);
	assert_string_equal(json_string_value(json_array_get(unk, 0)),
			    "mystery-tag");
	assert_true(fx_only_changed(&f.state, &st, OWN_TOPICS | OWN_MISC |
				    OWN_ENGAGEMENT | OWN_NOTES));
	tu_agent_out_release(&out);
	fx_commit(&f, &st);
	fx_event_release(&ev);
	/* a second sighting adds evidence 8 */
	f.ctx.version = 8;
	fx_submission(&ev, "mean", TU_VERDICT_WA, 2, 5);
	fx_tag(&ev, "off-by-one", "");
	assert_int_equal(fx_run(&f, tu_agent_learner_profiler, &ev, &st, &out,
				NULL), TU_OK);
	m = tu_learner_misconception_find(&st, "off-by-one");
	assert_int_equal(m->count, 2);
	assert_int_equal(m->n_evidence, 2);
	assert_int_equal(m->evidence[1], 8);
	tu_learner_state_release(&st);
	tu_agent_out_release(&out);
	fx_event_release(&ev);
	fx_release(&f);
}

static size_t trend_notes(const struct tu_learner_state *st, const char *kind)
{
	size_t n = 0;

	for (size_t i = 0; i < st->n_notes; i++)
		if (strcmp(st->notes[i].section, "trends") == 0 &&
		    strncmp(st->notes[i].text, kind, strlen(kind)) == 0)
			n++;
	return n;
}

static void test_profiler_fatigue(void **state)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;

	(void)state;
	fx_init(&f);
	assert_int_equal(tu_learner_note_add(&f.state, "insights", "keep me",
					     NULL), TU_OK);
	assert_int_equal(tu_learner_window_add(&f.state, FX_NOW - 3000,
					       FX_NOW - 60, 9, NULL), TU_OK);
	f.state.engagement.failure_streak = 1;
	f.state.engagement.last_seen = FX_NOW - 60;
	f.state.engagement.streak_days = 1;
	f.state.engagement.longest_streak = 1;
	fx_submission(&ev, "mean", TU_VERDICT_WA, 1, 5);
	assert_int_equal(fx_run(&f, tu_agent_learner_profiler, &ev, &st, &out,
				NULL), TU_OK);
	assert_int_equal(st.engagement.failure_streak, 2);
	assert_int_equal(st.n_notes, 2);
	assert_string_equal(st.notes[1].section, "trends");
	assert_string_equal(st.notes[1].text, "fatigue: active for 50 minutes "
			    "with 2 failed attempts in a row; a short break "
			    "may help");
	assert_string_equal(json_string_value(json_array_get(
		json_object_get(out.json, "trends"), 0)), st.notes[1].text);
	tu_agent_out_release(&out);
	fx_commit(&f, &st);
	fx_event_release(&ev);
	/* another failure: still one fatigue note, updated */
	fx_submission(&ev, "mean", TU_VERDICT_WA, 1, 5);
	ev.at = FX_NOW + 60;
	assert_int_equal(fx_run(&f, tu_agent_learner_profiler, &ev, &st, &out,
				NULL), TU_OK);
	assert_int_equal(trend_notes(&st, "fatigue:"), 1);
	assert_non_null(strstr(st.notes[1].text, "51 minutes with 3 failed"));
	tu_agent_out_release(&out);
	fx_commit(&f, &st);
	fx_event_release(&ev);
	/* a pass ends the failure streak: the note goes, others stay */
	fx_submission(&ev, "mean", TU_VERDICT_AC, 5, 5);
	ev.at = FX_NOW + 120;
	assert_int_equal(fx_run(&f, tu_agent_learner_profiler, &ev, &st, &out,
				NULL), TU_OK);
	assert_int_equal(trend_notes(&st, "fatigue:"), 0);
	assert_int_equal(st.n_notes, 1);
	assert_string_equal(st.notes[0].text, "keep me");
	assert_int_equal(json_array_size(json_object_get(out.json, "trends")),
			 0);
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	fx_event_release(&ev);
	fx_release(&f);
}

static void solved(struct fx *f, const char *item, double ratio,
		   double minutes, int64_t at)
{
	struct tu_item_progress *p = fx_item(f, item);

	p->attempts = 1;
	p->solved = true;
	p->solved_at = p->last_attempt = p->opened = at;
	p->time_s = ratio * minutes * 60.0;
}

static void test_profiler_slowing(void **state)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	struct tu_item_progress *p;

	(void)state;
	fx_init(&f);
	solved(&f, "count-up", 1.0, 10, FX_NOW - 6 * FX_DAY);
	solved(&f, "hello", 1.0, 5, FX_NOW - 5 * FX_DAY);
	solved(&f, "max", 1.0, 10, FX_NOW - 4 * FX_DAY);
	solved(&f, "fact", 2.0, 20, FX_NOW - 3 * FX_DAY);
	solved(&f, "sum-digits", 2.0, 10, FX_NOW - 2 * FX_DAY);
	p = fx_item(&f, "mean");
	p->opened = FX_NOW - 1800;
	/* skill assessment first (as the orchestrator runs them) */
	fx_submission(&ev, "mean", TU_VERDICT_AC, 5, 5);
	assert_int_equal(fx_run(&f, tu_agent_skill_assessment, &ev, &st, &out,
				NULL), TU_OK);
	tu_agent_out_release(&out);
	fx_commit(&f, &st);
	assert_int_equal(fx_run(&f, tu_agent_learner_profiler, &ev, &st, &out,
				NULL), TU_OK);
	assert_int_equal(trend_notes(&st, "slowing:"), 1);
	assert_string_equal(st.notes[0].text, "slowing: the last 3 solved "
			    "problems took 2.00x their expected time on "
			    "average, up from 1.00x for the 3 before");
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	/* 1.5x exactly is not a slowdown */
	tu_learner_item_find(&f.state, "mean")->time_s = 0.5 * 900.0;
	tu_learner_item_find(&f.state, "fact")->time_s = 1.5 * 1200.0;
	tu_learner_item_find(&f.state, "sum-digits")->time_s = 1.0 * 600.0;
	assert_int_equal(fx_run(&f, tu_agent_learner_profiler, &ev, &st, &out,
				NULL), TU_OK);
	assert_int_equal(trend_notes(&st, "slowing:"), 0);
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	fx_event_release(&ev);
	fx_release(&f);
}

/* ---- progress synthesizer ----------------------------------------------- */

static void test_synth_sm2_first_solve(void **state)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	struct tu_review_item want;
	struct tu_sm2_attempt a = { TU_ATTEMPT_SOLVED, 0, 600.0, 900.0, 1.0 };
	const struct tu_review_item *r;
	const json_t *o;

	(void)state;
	fx_init(&f);
	fx_item(&f, "mean")->opened = FX_NOW - 600;
	fx_submission(&ev, "mean", TU_VERDICT_AC, 5, 5);
	assert_int_equal(fx_run(&f, tu_agent_progress_synthesizer, &ev, &st,
				&out, NULL), TU_OK);
	r = tu_learner_review_find(&st, "mean");
	assert_non_null(r);
	tu_learner_review_init(&want);
	assert_int_equal(tu_sm2_review(&f.cfg.sm2, &want, &a, FX_NOW, NULL,
				       NULL), TU_OK);
	/* q 5 (600 s <= 900 s, no hints): EF 2.6, 1 day (x1.2 rounds to 1) */
	assert_true(r->due == FX_NOW + FX_DAY);
	assert_true(r->due == want.due);
	assert_true(r->ease_factor == want.ease_factor);
	assert_int_equal(r->repetitions, 1);
	assert_int_equal(r->n_topics, 2);
	assert_string_equal(r->topics[1], "loops");
	o = json_object_get(out.json, "review");
	assert_string_equal(jstr(o, "scheduler"), "sm2");
	assert_true(jnum(o, "q") == 5);
	assert_true(jnum(o, "interval_days") == 1.0);
	assert_true(jnum(o, "due") == (double)(FX_NOW + FX_DAY));
	assert_true(json_is_true(json_object_get(o, "added")));
	assert_true(fx_only_changed(&f.state, &st, OWN_REVIEWS));
	assert_string_equal(out.reasons[0].prefix, "reviews[mean]");
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	/* a failure on an item without a review entry changes nothing */
	ev.u.sub.verdict = TU_VERDICT_WA;
	ev.u.sub.passed = 1;
	assert_int_equal(fx_run(&f, tu_agent_progress_synthesizer, &ev, &st,
				&out, NULL), TU_OK);
	assert_true(tu_learner_state_equal(&st, &f.state));
	assert_true(json_is_null(json_object_get(out.json, "review")));
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	fx_event_release(&ev);
	fx_release(&f);
}

/* Run after skill assessment on the same state (the item reopened at
 * now): the attempt's time is unknown, so a hint-free solve is q 4, not
 * the q 5 a zero-second solve would give. */
static void test_synth_after_skill(void **state)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;

	(void)state;
	fx_init(&f);
	fx_item(&f, "mean")->opened = FX_NOW - 600;
	fx_submission(&ev, "mean", TU_VERDICT_AC, 5, 5);
	assert_int_equal(fx_run(&f, tu_agent_skill_assessment, &ev, &st, &out,
				NULL), TU_OK);
	tu_agent_out_release(&out);
	fx_commit(&f, &st);
	assert_int_equal(fx_run(&f, tu_agent_progress_synthesizer, &ev, &st,
				&out, NULL), TU_OK);
	assert_true(jnum(json_object_get(out.json, "review"), "q") == 4);
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	fx_event_release(&ev);
	fx_release(&f);
}

static void test_synth_sm2_existing(void **state)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	struct tu_review_item r0, want;
	struct tu_sm2_attempt a = { TU_ATTEMPT_FAILED, 2, -1.0, 900.0, 0.4 };
	struct tu_item_progress *p;

	(void)state;
	fx_init(&f);
	tu_learner_review_init(&r0);
	strcpy(r0.item, "mean");
	strcpy(r0.topics[0], "basics");
	r0.n_topics = 1;
	r0.repetitions = 2;
	r0.interval_days = 6;
	r0.last_review = FX_NOW - 6 * FX_DAY;
	r0.due = FX_NOW;
	assert_int_equal(tu_learner_review_add(&f.state, &r0, NULL, NULL),
			 TU_OK);
	p = fx_item(&f, "mean");
	p->hints_used = 2;
	p->hint_level = 2;
	want = r0;
	assert_int_equal(tu_sm2_review(&f.cfg.sm2, &want, &a, FX_NOW, NULL,
				       NULL), TU_OK);
	fx_submission(&ev, "mean", TU_VERDICT_WA, 2, 5);
	assert_int_equal(fx_run(&f, tu_agent_progress_synthesizer, &ev, &st,
				&out, NULL), TU_OK);
	/* q 1 (fail, 40 % passed): lapse, 1 day */
	assert_true(jnum(json_object_get(out.json, "review"), "q") == 1);
	assert_true(st.reviews[0].due == want.due);
	assert_true(st.reviews[0].due == FX_NOW + FX_DAY);
	assert_int_equal(st.reviews[0].lapses, 1);
	assert_int_equal(st.reviews[0].repetitions, 0);
	assert_true(st.reviews[0].ease_factor == want.ease_factor);
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	fx_event_release(&ev);
	fx_release(&f);
}

static void fsrs_case(unsigned hints, int64_t opened, int want_grade)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	struct tu_review_item want;
	const struct tu_review_item *r;
	struct tu_item_progress *p;

	fx_init(&f);
	f.state.preferences.scheduler = TU_SCHED_FSRS;
	p = fx_item(&f, "mean");
	p->opened = opened;
	p->hints_used = hints;
	p->hint_level = hints ? 2 : 0;
	fx_submission(&ev, "mean", TU_VERDICT_AC, 5, 5);
	assert_int_equal(fx_run(&f, tu_agent_progress_synthesizer, &ev, &st,
				&out, NULL), TU_OK);
	r = tu_learner_review_find(&st, "mean");
	assert_non_null(r);
	tu_learner_review_init(&want);
	strcpy(want.item, "mean");
	assert_int_equal(tu_fsrs_review(&f.cfg.fsrs, &want, want_grade, FX_NOW,
					0.9, 36500.0, NULL), TU_OK);
	assert_true(r->stability == want.stability);
	assert_true(r->difficulty == want.difficulty);
	assert_true(r->due == want.due);
	assert_true(r->stability == f.cfg.fsrs.w[want_grade - 1]);
	assert_true(jnum(json_object_get(out.json, "review"), "grade") ==
		    want_grade);
	assert_string_equal(jstr(json_object_get(out.json, "review"),
				 "scheduler"), "fsrs");
	assert_true(fx_only_changed(&f.state, &st, OWN_REVIEWS));
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	fx_event_release(&ev);
	fx_release(&f);
}

static void test_synth_fsrs(void **state)
{
	(void)state;
	fsrs_case(0, FX_NOW - 600, TU_FSRS_EASY);   /* fast, no hints */
	fsrs_case(0, FX_NOW - 1200, TU_FSRS_GOOD);  /* within 2x */
	fsrs_case(0, FX_NOW - 1900, TU_FSRS_HARD);  /* slower than 2x */
	fsrs_case(2, FX_NOW - 600, TU_FSRS_HARD);   /* two hints */
	fsrs_case(1, FX_NOW - 600, TU_FSRS_GOOD);   /* one hint */
	fsrs_case(0, TU_TIME_NONE, TU_FSRS_GOOD);   /* time unknown */
}

static void add_review(struct fx *f, const char *item, double ef,
		       uint32_t reps, double interval, int64_t last,
		       int64_t due)
{
	struct tu_review_item r;

	tu_learner_review_init(&r);
	strcpy(r.item, item);
	strcpy(r.topics[0], "loops");
	r.n_topics = 1;
	r.ease_factor = ef;
	r.repetitions = reps;
	r.interval_days = interval;
	r.last_review = last;
	r.due = due;
	assert_int_equal(tu_learner_review_add(&f->state, &r, NULL, NULL),
			 TU_OK);
}

static void test_synth_review_due(void **state)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	const json_t *due, *pre;
	double rh;

	(void)state;
	fx_init(&f);
	add_review(&f, "hello", 1.3, 0, 1, FX_NOW - 2 * FX_DAY,
		   FX_NOW + 3 * FX_DAY);
	add_review(&f, "count-up", 2.5, 3, 15, FX_NOW - FX_DAY,
		   FX_NOW + 14 * FX_DAY);
	add_review(&f, "max", 2.5, 2, 6, FX_NOW - 8 * FX_DAY,
		   FX_NOW - 2 * FX_DAY);
	rh = tu_sm2_recall(&f.cfg.sm2, &f.state.reviews[0], 2.0);
	assert_true(rh < 0.8 && rh > 0.66);   /* exp(-2 / (3.79649 * 1.3)) */
	memset(&ev, 0, sizeof(ev));
	ev.type = TU_EV_REVIEW_DUE;
	ev.at = FX_NOW;
	assert_int_equal(fx_run(&f, tu_agent_progress_synthesizer, &ev, &st,
				&out, NULL), TU_OK);
	assert_true(st.reviews[0].due == FX_NOW);                 /* preponed */
	assert_true(st.reviews[1].due == FX_NOW + 14 * FX_DAY);   /* kept */
	assert_true(st.reviews[2].due == FX_NOW - 2 * FX_DAY);    /* due */
	due = json_object_get(out.json, "due");
	assert_int_equal(json_array_size(due), 1);
	assert_string_equal(jstr(json_array_get(due, 0), "item"), "max");
	assert_true(jnum(json_array_get(due, 0), "days_overdue") == 2.0);
	assert_true(jnum(json_array_get(due, 0), "recall") ==
		    tu_sm2_recall(&f.cfg.sm2, &f.state.reviews[2], 8.0));
	pre = json_object_get(out.json, "preponed");
	assert_int_equal(json_array_size(pre), 1);
	assert_string_equal(jstr(json_array_get(pre, 0), "item"), "hello");
	assert_true(jnum(json_array_get(pre, 0), "recall") == rh);
	assert_string_equal(out.reasons[0].prefix, "reviews[hello]");
	assert_string_equal(out.reasons[0].text, "recall 0.67 < 0.80: preponed");
	assert_true(fx_only_changed(&f.state, &st, OWN_REVIEWS));
	tu_agent_out_release(&out);
	fx_commit(&f, &st);
	/* the curator then offers both due reviews first: k = ceil(2 / 0.4)
	 * = 5 seats, so the 40 % review quota holds both */
	fx_topic(&f, "basics", 0.9);
	fx_topic(&f, "loops", 0.9);
	assert_int_equal(fx_run(&f, tu_agent_content_curator, &ev, &st, &out,
				NULL), TU_OK);
	assert_true(jnum(out.json, "k") == 5);
	assert_true(json_array_size(json_object_get(out.json, "picks")) >= 2);
	for (size_t i = 0; i < 2; i++)
		assert_string_equal(jstr(json_array_get(json_object_get(
			out.json, "picks"), i), "bucket"), "review");
	assert_string_equal(jstr(json_array_get(json_object_get(out.json,
		"picks"), 0), "item"), "max");
	assert_true(tu_learner_item_find(&st, "max")->last_picked == FX_NOW);
	assert_true(fx_only_changed(&f.state, &st, OWN_ITEM_PICK));
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	fx_release(&f);
}

static void test_synth_review_due_fsrs(void **state)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	double want;

	(void)state;
	fx_init(&f);
	f.state.preferences.scheduler = TU_SCHED_FSRS;
	add_review(&f, "hello", 2.5, 1, 3, FX_NOW - 20 * FX_DAY,
		   FX_NOW + FX_DAY);
	f.state.reviews[0].stability = 3.0;
	f.state.reviews[0].difficulty = 5.0;
	want = tu_fsrs_recall(&f.cfg.fsrs, 20.0, 3.0);
	assert_true(want < 0.8);
	memset(&ev, 0, sizeof(ev));
	ev.type = TU_EV_REVIEW_DUE;
	ev.at = FX_NOW;
	assert_int_equal(fx_run(&f, tu_agent_progress_synthesizer, &ev, &st,
				&out, NULL), TU_OK);
	assert_true(st.reviews[0].due == FX_NOW);
	assert_true(jnum(json_array_get(json_object_get(out.json, "preponed"),
					0), "recall") == want);
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	fx_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_routing),
		cmocka_unit_test(test_out_reasons),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_unknown_item),
		cmocka_unit_test(test_invalid_submission),
		cmocka_unit_test(test_skill_fail_then_pass),
		cmocka_unit_test(test_skill_failure_types),
		cmocka_unit_test(test_profiler_pass),
		cmocka_unit_test(test_profiler_fail),
		cmocka_unit_test(test_profiler_misconceptions),
		cmocka_unit_test(test_profiler_fatigue),
		cmocka_unit_test(test_profiler_slowing),
		cmocka_unit_test(test_synth_sm2_first_solve),
		cmocka_unit_test(test_synth_after_skill),
		cmocka_unit_test(test_synth_sm2_existing),
		cmocka_unit_test(test_synth_fsrs),
		cmocka_unit_test(test_synth_review_due),
		cmocka_unit_test(test_synth_review_due_fsrs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
