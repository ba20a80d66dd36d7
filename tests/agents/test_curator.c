/* test_curator.c - the content curator (session picks, the daily plan,
 * the no-repeat window, opening attempts) and the engagement
 * orchestrator (nudges) on hand-built states. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

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

static void plain_event(struct tu_event_in *ev, enum tu_event_type t,
			uint32_t k)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = t;
	ev->at = FX_NOW;
	ev->u.k = k;
}

static bool picked(const json_t *picks, const char *item)
{
	for (size_t i = 0; i < json_array_size(picks); i++)
		if (strcmp(jstr(json_array_get(picks, i), "item"), item) == 0)
			return true;
	return false;
}

/* Only items whose prerequisites are met are offered; picks are marked. */
static void test_session_prerequisites(void **state)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	const struct tu_item_progress *p;
	const json_t *picks;

	(void)state;
	fx_init(&f);
	fx_topic(&f, "basics", 0.5);   /* loops needs basics >= 0.6 */
	plain_event(&ev, TU_EV_SESSION_CHECK, 0);
	assert_int_equal(fx_run(&f, tu_agent_content_curator, &ev, &st, &out,
				NULL), TU_OK);
	picks = json_object_get(out.json, "picks");
	assert_int_equal(jint(out.json, "k"), 3);
	/* one open item; the two other seats go to frontier items */
	assert_int_equal(json_array_size(picks), 3);
	for (size_t i = 1; i < 3; i++) {
		assert_string_equal(jstr(json_array_get(picks, i), "code"),
				    "frontier");
		assert_string_equal(jstr(json_array_get(picks, i), "bucket"),
				    "challenge");
	}
	assert_string_equal(jstr(json_array_get(picks, 0), "item"), "hello");
	assert_string_equal(jstr(json_array_get(picks, 0), "title"), "Hello");
	assert_string_equal(jstr(json_array_get(picks, 0), "bucket"), "growth");
	assert_string_equal(jstr(json_array_get(picks, 0), "topic"), "basics");
	assert_string_equal(jstr(out.json, "shortfall"), "no_eligible_items");
	p = tu_learner_item_find(&st, "hello");
	assert_true(p->last_picked == FX_NOW && p->first_seen == FX_NOW &&
		    p->opened == FX_NOW);
	assert_int_equal(st.n_items, 3);
	assert_true(fx_only_changed(&f.state, &st, OWN_ITEM_PICK));
	assert_string_equal(out.reasons[0].prefix, "items[hello]");
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);

	/* basics 0.7 opens loops (not recursion: loops is unseen, 0) */
	fx_topic(&f, "basics", 0.7);
	assert_int_equal(fx_run(&f, tu_agent_content_curator, &ev, &st, &out,
				NULL), TU_OK);
	picks = json_object_get(out.json, "picks");
	assert_int_equal(json_array_size(picks), 3);
	assert_false(picked(picks, "fact"));
	for (size_t i = 0; i < 3; i++) {
		const char *id = jstr(json_array_get(picks, i), "item");

		assert_true(tu_learner_item_find(&st, id)->last_picked ==
			    FX_NOW);
	}
	assert_null(tu_learner_item_find(&st, "fact"));
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	fx_release(&f);
}

/* Solved items are held back for the no-repeat window, unsolved ones are
 * offered again; a fresh attempt opens only after a submission. */
static void test_session_window_and_opened(void **state)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	struct tu_item_progress *p;

	(void)state;
	fx_init(&f);
	fx_topic(&f, "basics", 0.5);
	p = fx_item(&f, "hello");
	p->attempts = 1;
	p->solved = true;
	p->solved_at = p->last_attempt = p->opened = FX_NOW - FX_DAY;
	plain_event(&ev, TU_EV_SESSION_CHECK, 1);
	assert_int_equal(fx_run(&f, tu_agent_content_curator, &ev, &st, &out,
				NULL), TU_OK);
	/* the only open item is held back: the seat goes to the frontier */
	assert_int_equal(json_array_size(json_object_get(out.json, "picks")),
			 1);
	assert_string_equal(jstr(json_array_get(json_object_get(out.json,
		"picks"), 0), "code"), "frontier");
	assert_false(picked(json_object_get(out.json, "picks"), "hello"));
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);

	/* unsolved after a failed attempt: offered, a fresh attempt opens */
	p = tu_learner_item_find(&f.state, "hello");
	p->solved = false;
	p->solved_at = TU_TIME_NONE;
	p->failures = 1;
	p->last_failure = TU_FAIL_WRONG;
	p->opened = FX_NOW - 2 * FX_DAY;
	assert_int_equal(fx_run(&f, tu_agent_content_curator, &ev, &st, &out,
				NULL), TU_OK);
	assert_int_equal(json_array_size(json_object_get(out.json, "picks")),
			 1);
	p = tu_learner_item_find(&st, "hello");
	assert_true(p->opened == FX_NOW && p->last_picked == FX_NOW);
	assert_true(p->first_seen == FX_NOW);
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);

	/* an attempt opened after the last submission keeps running */
	p = tu_learner_item_find(&f.state, "hello");
	p->opened = FX_NOW - 100;
	p->first_seen = FX_NOW - 3 * FX_DAY;
	assert_int_equal(fx_run(&f, tu_agent_content_curator, &ev, &st, &out,
				NULL), TU_OK);
	p = tu_learner_item_find(&st, "hello");
	assert_true(p->opened == FX_NOW - 100 && p->last_picked == FX_NOW);
	assert_true(p->first_seen == FX_NOW - 3 * FX_DAY);
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	fx_release(&f);
}

static void open_everything(struct fx *f)
{
	fx_topic(f, "basics", 0.65);
	fx_topic(f, "loops", 0.65);
	fx_topic(f, "recursion", 0.5);
}

/* Runs a daily generation; returns the number of planned items. */
static size_t daily(struct fx *f, uint32_t k, const char *source,
		    long want_k)
{
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	const json_t *plan;
	size_t n;

	plain_event(&ev, TU_EV_DAILY_GENERATION, k);
	assert_int_equal(fx_run(f, tu_agent_content_curator, &ev, &st, &out,
				NULL), TU_OK);
	assert_string_equal(jstr(out.json, "k_source"), source);
	assert_int_equal(jint(out.json, "k"), want_k);
	plan = json_object_get(out.json, "plan");
	n = st.daily.n;
	assert_int_equal(json_array_size(plan), n);
	assert_true(st.daily.day ==
		    tu_local_day(FX_NOW, f->state.preferences.utc_offset_min));
	assert_int_equal(jint(out.json, "day"), st.daily.day);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(st.daily.items[i],
				    jstr(json_array_get(plan, i), "item"));
		assert_string_equal(st.daily.buckets[i],
				    jstr(json_array_get(plan, i), "bucket"));
	}
	/* the plan marks nothing as picked */
	assert_true(fx_only_changed(&f->state, &st, OWN_DAILY));
	assert_string_equal(out.reasons[0].prefix, "daily");
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	return n;
}

static void test_daily_plan(void **state)
{
	struct fx f;

	(void)state;
	fx_init(&f);
	open_everything(&f);
	f.state.preferences.utc_offset_min = 120;
	/* mean expected time 70 / 6 = 11.67 min: 30 min -> 2 items */
	f.state.preferences.time_budget_min = 30;
	assert_int_equal(daily(&f, 0, "budget", 2), 2);
	f.state.preferences.time_budget_min = 3;      /* floor 0 -> 1 */
	assert_int_equal(daily(&f, 0, "budget", 1), 1);
	f.state.preferences.time_budget_min = 1000;   /* clamped to 10 */
	assert_int_equal(daily(&f, 0, "budget", 10), 6);
	f.state.preferences.time_budget_min = 0;      /* no budget */
	assert_int_equal(daily(&f, 0, "default", 5), 5);
	assert_int_equal(daily(&f, 4, "event", 4), 4);
	fx_release(&f);
}

static void test_k_limit(void **state)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	fx_init(&f);
	plain_event(&ev, TU_EV_SESSION_CHECK, 33);
	assert_int_equal(fx_run(&f, tu_agent_content_curator, &ev, &st, &out,
				&err), TU_EINVAL);
	assert_string_equal(err.msg, "content_curator: k 33 is above 32");
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	fx_release(&f);
}

/* Same seed, same picks; the rng only breaks ties. */
static void test_seeded_ties(void **state)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state a, b;
	struct tu_agent_out oa, ob;
	struct tu_rng rng;

	(void)state;
	fx_init(&f);
	open_everything(&f);
	plain_event(&ev, TU_EV_SESSION_CHECK, 4);
	f.ctx.rng = &rng;
	tu_rng_seed(&rng, 99);
	assert_int_equal(fx_run(&f, tu_agent_content_curator, &ev, &a, &oa,
				NULL), TU_OK);
	tu_rng_seed(&rng, 99);
	assert_int_equal(fx_run(&f, tu_agent_content_curator, &ev, &b, &ob,
				NULL), TU_OK);
	assert_true(json_equal(oa.json, ob.json));
	assert_true(tu_learner_state_equal(&a, &b));
	assert_int_equal(json_array_size(json_object_get(oa.json, "picks")), 4);
	tu_agent_out_release(&oa);
	tu_agent_out_release(&ob);
	tu_learner_state_release(&a);
	tu_learner_state_release(&b);
	fx_release(&f);
}

/* ---- engagement orchestrator -------------------------------------------- */

static void failing_learner(struct fx *f)
{
	struct tu_item_progress *p = fx_item(f, "mean");

	p->attempts = p->failures = 3;
	p->last_failure = TU_FAIL_WRONG;
	p->last_attempt = p->opened = FX_NOW - 120;
	p = fx_item(f, "fact");   /* older failure */
	p->attempts = p->failures = 1;
	p->last_failure = TU_FAIL_RUNTIME;
	p->last_attempt = p->opened = FX_NOW - FX_DAY;
	f->state.engagement.failure_streak = 3;
	f->state.engagement.streak_days = 1;
	f->state.engagement.longest_streak = 1;
	f->state.engagement.last_seen = FX_NOW - 120;
	assert_int_equal(tu_learner_window_add(&f->state, FX_NOW - 900,
					       FX_NOW - 120, 4, NULL), TU_OK);
}

static void test_nudge_easier(void **state)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	const json_t *n;

	(void)state;
	fx_init(&f);
	failing_learner(&f);
	plain_event(&ev, TU_EV_SESSION_CHECK, 0);
	assert_int_equal(fx_run(&f, tu_agent_engagement_orchestrator, &ev, &st,
				&out, NULL), TU_OK);
	n = json_object_get(out.json, "nudge");
	assert_string_equal(jstr(n, "code"), "suggest_easier");
	assert_true(json_is_true(json_object_get(n, "sent")));
	assert_true(json_is_null(json_object_get(n, "suppressed")));
	/* easy problems sharing a topic with "mean": count-up first by id */
	assert_string_equal(jstr(n, "easier_item"), "count-up");
	assert_string_equal(jstr(n, "text"), "loops problems can be tricky. "
			    "Would you like to try the easier 'Count up' first "
			    "and come back to this one after?");
	assert_true(st.engagement.last_nudge == FX_NOW);
	assert_int_equal(st.engagement.nudges_today, 1);
	/* the visit was recorded after the decision */
	assert_true(st.engagement.last_seen == FX_NOW);
	assert_int_equal(st.engagement.windows[0].events, 5);
	assert_int_equal(st.engagement.failure_streak, 3);
	assert_true(fx_only_changed(&f.state, &st, OWN_ENGAGEMENT));
	assert_string_equal(out.reasons[0].prefix, "engagement");
	tu_agent_out_release(&out);
	fx_commit(&f, &st);

	/* a minute later: rate limited */
	ev.at = FX_NOW + 60;
	assert_int_equal(fx_run(&f, tu_agent_engagement_orchestrator, &ev, &st,
				&out, NULL), TU_OK);
	n = json_object_get(out.json, "nudge");
	assert_string_equal(jstr(n, "code"), "suggest_easier");
	assert_true(json_is_false(json_object_get(n, "sent")));
	assert_string_equal(jstr(n, "suppressed"), "rate_limited_gap");
	assert_true(st.engagement.last_nudge == FX_NOW);
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	fx_release(&f);
}

static void test_nudge_opt_out_and_hint(void **state)
{
	struct fx f;
	struct tu_event_in ev;
	struct tu_learner_state st;
	struct tu_agent_out out;
	const json_t *n;
	struct tu_item_progress *p;

	(void)state;
	fx_init(&f);
	failing_learner(&f);
	assert_int_equal(tu_learner_opt_out_add(&f.state, "nudges", NULL),
			 TU_OK);
	plain_event(&ev, TU_EV_SESSION_CHECK, 0);
	assert_int_equal(fx_run(&f, tu_agent_engagement_orchestrator, &ev, &st,
				&out, NULL), TU_OK);
	n = json_object_get(out.json, "nudge");
	assert_string_equal(jstr(n, "suppressed"), "opted_out");
	assert_true(json_is_false(json_object_get(n, "sent")));
	assert_true(st.engagement.last_nudge == TU_TIME_NONE);
	assert_true(st.engagement.last_seen == FX_NOW);
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	fx_release(&f);

	/* the failing item is the easiest of its topic: a hint instead */
	fx_init(&f);
	failing_learner(&f);
	p = tu_learner_item_find(&f.state, "mean");
	p->last_attempt = FX_NOW - 2 * FX_DAY;   /* "fact" is now the latest */
	p = tu_learner_item_find(&f.state, "fact");
	p->last_attempt = FX_NOW - 120;
	assert_int_equal(fx_run(&f, tu_agent_engagement_orchestrator, &ev, &st,
				&out, NULL), TU_OK);
	n = json_object_get(out.json, "nudge");
	assert_string_equal(jstr(n, "code"), "suggest_hint");
	assert_true(json_is_null(json_object_get(n, "easier_item")));
	tu_agent_out_release(&out);
	tu_learner_state_release(&st);
	fx_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session_prerequisites),
		cmocka_unit_test(test_session_window_and_opened),
		cmocka_unit_test(test_daily_plan),
		cmocka_unit_test(test_k_limit),
		cmocka_unit_test(test_seeded_ties),
		cmocka_unit_test(test_nudge_easier),
		cmocka_unit_test(test_nudge_opt_out_and_hint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
