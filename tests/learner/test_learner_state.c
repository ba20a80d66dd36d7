/* test_learner_state.c - lifecycle, copy/equal, validation and the bounded
 * editing functions of tutor/learner.h. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/learner.h"

static void test_init_defaults(void **state)
{
	struct tu_learner_state s;

	(void)state;
	tu_learner_state_init(&s);
	assert_int_equal(s.n_topics, 0);
	assert_null(s.topics);
	assert_true(s.updated == TU_TIME_NONE);
	assert_true(s.engagement.last_seen == TU_TIME_NONE);
	assert_true(s.engagement.last_nudge == TU_TIME_NONE);
	assert_int_equal(s.preferences.skill_level, TU_SKILL_UNKNOWN);
	assert_int_equal(tu_learner_state_validate(&s, NULL), TU_OK);
	tu_learner_state_release(&s);
	tu_learner_state_release(NULL);
}

static void test_topic_get_create_find(void **state)
{
	struct tu_learner_state s;
	struct tu_topic_state *t, *u;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_learner_state_init(&s);
	assert_null(tu_learner_topic_find(&s, "loops"));
	assert_int_equal(tu_learner_topic_get(&s, "loops", false, 0, &t, &err),
			 TU_ENOTFOUND);
	assert_string_equal(err.msg, "topic 'loops': not in the state");
	assert_int_equal(tu_learner_topic_get(&s, "loops", true, 0.25, &t, &err),
			 TU_OK);
	assert_string_equal(t->topic, "loops");
	assert_true(t->mastery == 0.25 && t->alpha == 1.0 && t->beta == 1.0);
	assert_true(t->attempts == 0 && t->last_practiced == TU_TIME_NONE);
	assert_int_equal(tu_learner_topic_get(&s, "loops", true, 0.9, &u, &err),
			 TU_OK);
	assert_ptr_equal(t, u);
	assert_true(u->mastery == 0.25); /* existing entry kept */
	assert_ptr_equal(tu_learner_topic_find(&s, "loops"), t);
	assert_int_equal(s.n_topics, 1);
	tu_learner_state_release(&s);
}

static void test_topic_get_rejects_bad_ids(void **state)
{
	struct tu_learner_state s;
	struct tu_topic_state *t;
	struct tu_err err = TU_ERR_INIT;
	char longid[TU_ID_MAX + 1];

	(void)state;
	tu_learner_state_init(&s);
	memset(longid, 'a', TU_ID_MAX);
	longid[TU_ID_MAX] = '\0';
	assert_int_equal(tu_learner_topic_get(&s, "", true, 0, &t, &err),
			 TU_EINVAL);
	assert_int_equal(tu_learner_topic_get(&s, "a\tb", true, 0, &t, &err),
			 TU_EINVAL);
	assert_int_equal(tu_learner_topic_get(&s, longid, true, 0, &t, &err),
			 TU_EINVAL);
	longid[TU_ID_MAX - 1] = '\0'; /* 63 bytes fit */
	assert_int_equal(tu_learner_topic_get(&s, longid, true, 0, &t, &err),
			 TU_OK);
	assert_int_equal(tu_learner_topic_get(&s, "x", true, 1.5, &t, &err),
			 TU_EINVAL);
	assert_int_equal(tu_learner_topic_get(&s, "x", true, NAN, &t, &err),
			 TU_EINVAL);
	assert_int_equal(s.n_topics, 1);
	tu_learner_state_release(&s);
}

static void test_ids_must_be_utf8(void **state)
{
	static const char *const bad[] = {
		"\xc0\xaf",          /* overlong '/' */
		"\xe0\x80\xaf",      /* overlong, 3 bytes */
		"\xed\xa0\x80",      /* UTF-16 surrogate U+D800 */
		"\xf4\x90\x80\x80",  /* U+110000, past the last code point */
		"\xe6\x97",          /* truncated */
		"\xff",              /* never valid */
		"a\x7f",             /* DEL is a control character */
	};
	static const char *const good[] = {
		"\xc3\xa9t\xc3\xa9", "\xe6\x97\xa5", "\xf0\x9f\x98\x80",
		"\xf4\x8f\xbf\xbf", /* U+10FFFF */
	};
	struct tu_learner_state s;
	struct tu_topic_state *t;

	(void)state;
	tu_learner_state_init(&s);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (tu_learner_topic_get(&s, bad[i], true, 0, &t, NULL) !=
		    TU_EINVAL)
			fail_msg("bad id %zu accepted", i);
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(tu_learner_topic_get(&s, good[i], true, 0, &t,
						      NULL), TU_OK);
	assert_int_equal(s.n_topics, 4);
	tu_learner_state_release(&s);
}

static void test_many_topics_grow(void **state)
{
	struct tu_learner_state s;
	struct tu_topic_state *t;
	char id[32];

	(void)state;
	tu_learner_state_init(&s);
	for (int i = 0; i < 1000; i++) {
		snprintf(id, sizeof(id), "t%d", i);
		assert_int_equal(tu_learner_topic_get(&s, id, true, 0, &t, NULL),
				 TU_OK);
	}
	assert_int_equal(s.n_topics, 1000);
	assert_string_equal(tu_learner_topic_find(&s, "t777")->topic, "t777");
	assert_int_equal(tu_learner_state_validate(&s, NULL), TU_OK);
	tu_learner_state_release(&s);
}

static void test_reviews(void **state)
{
	struct tu_learner_state s;
	struct tu_review_item r, *out;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_learner_state_init(&s);
	tu_learner_review_init(&r);
	assert_true(r.ease_factor == 2.5 && r.due == TU_TIME_NONE);
	/* an empty item id is invalid */
	assert_int_equal(tu_learner_review_add(&s, &r, &out, &err), TU_EINVAL);
	assert_memory_equal(err.msg, "review.item: must be non-empty", 30);
	strcpy(r.item, "two-fer");
	strcpy(r.topics[0], "strings");
	r.n_topics = 1;
	r.ease_factor = 1.2;
	assert_int_equal(tu_learner_review_add(&s, &r, &out, &err), TU_EINVAL);
	assert_string_equal(err.msg, "review.ease_factor: must be finite and "
			    ">= 1.3, got 1.2");
	r.ease_factor = 2.5;
	assert_int_equal(tu_learner_review_add(&s, &r, &out, &err), TU_OK);
	assert_string_equal(out->item, "two-fer");
	assert_int_equal(tu_learner_review_add(&s, &r, NULL, &err), TU_EINVAL);
	assert_string_equal(err.msg, "review 'two-fer': already exists");
	strcpy(r.item, "leap");
	assert_int_equal(tu_learner_review_add(&s, &r, NULL, &err), TU_OK);
	assert_int_equal(tu_learner_review_remove(&s, "two-fer", &err), TU_OK);
	assert_int_equal(s.n_reviews, 1);
	assert_string_equal(s.reviews[0].item, "leap");
	assert_null(tu_learner_review_find(&s, "two-fer"));
	assert_int_equal(tu_learner_review_remove(&s, "two-fer", &err),
			 TU_ENOTFOUND);
	tu_learner_state_release(&s);
}

static void test_goals_and_notes(void **state)
{
	struct tu_learner_state s;
	struct tu_goal g, *out;
	struct tu_err err = TU_ERR_INIT;
	char text[TU_TEXT_MAX + 1];

	(void)state;
	tu_learner_state_init(&s);
	tu_learner_goal_init(&g);
	assert_true(isnan(g.value) && g.weight == 1.0);
	strcpy(g.id, "g1");
	g.confidence = 2.0;
	assert_int_equal(tu_learner_goal_add(&s, &g, &out, &err), TU_EINVAL);
	assert_string_equal(err.msg, "goal.confidence: must be in [0,1], got 2");
	g.confidence = 0.6;
	assert_int_equal(tu_learner_goal_add(&s, &g, &out, &err), TU_OK);
	assert_ptr_equal(tu_learner_goal_find(&s, "g1"), out);
	assert_int_equal(tu_learner_goal_add(&s, &g, &out, &err), TU_EINVAL);

	assert_int_equal(tu_learner_note_add(&s, "insights", "likes hints", &err),
			 TU_OK);
	memset(text, 'x', TU_TEXT_MAX);
	text[TU_TEXT_MAX] = '\0';
	assert_int_equal(tu_learner_note_add(&s, "trends", text, &err),
			 TU_EINVAL);
	assert_int_equal(tu_learner_note_add(&s, "", "x", &err), TU_EINVAL);
	assert_int_equal(s.n_notes, 1);
	assert_string_equal(s.notes[0].text, "likes hints");
	tu_learner_state_release(&s);
}

static void test_misconception_evidence_window(void **state)
{
	struct tu_learner_state s;
	struct tu_misconception *m;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_learner_state_init(&s);
	for (uint64_t e = 1; e <= 20; e++)
		assert_int_equal(tu_learner_misconception_record(
				 &s, "off-by-one", "loops", e,
				 (int64_t)(1000 + e), &err), TU_OK);
	m = tu_learner_misconception_find(&s, "off-by-one");
	assert_non_null(m);
	assert_int_equal(s.n_misconceptions, 1);
	assert_int_equal(m->count, 20);
	/* 20 sightings, 16 kept: the oldest 4 (1..4) dropped */
	assert_int_equal(m->n_evidence, TU_EVIDENCE_MAX);
	assert_true(m->evidence[0] == 5 && m->evidence[15] == 20);
	assert_true(m->last_seen == 1020);
	assert_int_equal(tu_learner_misconception_record(&s, "x", "t",
			 (uint64_t)INT64_MAX + 1, 0, &err), TU_EINVAL);
	assert_int_equal(s.n_misconceptions, 1);
	tu_learner_state_release(&s);
}

static void test_windows_and_opt_outs(void **state)
{
	struct tu_learner_state s;
	struct tu_err err = TU_ERR_INIT;
	char name[16];

	(void)state;
	tu_learner_state_init(&s);
	assert_int_equal(tu_learner_window_add(&s, 10, 5, 1, &err), TU_EINVAL);
	for (int i = 0; i < 40; i++)
		assert_int_equal(tu_learner_window_add(&s, i, i + 1, (uint32_t)i,
						       &err), TU_OK);
	/* 40 windows, 32 kept: windows 8..39 */
	assert_int_equal(s.engagement.n_windows, TU_ACTIVITY_MAX);
	assert_true(s.engagement.windows[0].start == 8);
	assert_true(s.engagement.windows[31].events == 39);

	assert_false(tu_learner_has_opt_out(&s, "nudges"));
	assert_int_equal(tu_learner_opt_out_add(&s, "nudges", &err), TU_OK);
	assert_int_equal(tu_learner_opt_out_add(&s, "nudges", &err), TU_OK);
	assert_int_equal(s.preferences.n_opt_outs, 1);
	assert_true(tu_learner_has_opt_out(&s, "nudges"));
	for (int i = 1; i < TU_OPT_OUTS_MAX; i++) {
		snprintf(name, sizeof(name), "o%d", i);
		assert_int_equal(tu_learner_opt_out_add(&s, name, &err), TU_OK);
	}
	assert_int_equal(tu_learner_opt_out_add(&s, "llm", &err), TU_ERANGE);
	tu_learner_state_release(&s);
}

static void test_copy_and_equal(void **state)
{
	struct tu_learner_state a, b;
	struct tu_topic_state *t;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_learner_state_init(&a);
	tu_learner_state_init(&b);
	strcpy(a.learner_id, "u1");
	assert_int_equal(tu_learner_topic_get(&a, "loops", true, 0.5, &t, &err),
			 TU_OK);
	assert_int_equal(tu_learner_note_add(&a, "trends", "up", &err), TU_OK);
	assert_false(tu_learner_state_equal(&a, &b));
	assert_int_equal(tu_learner_state_copy(&b, &a, &err), TU_OK);
	assert_true(tu_learner_state_equal(&a, &b));
	assert_ptr_not_equal(a.topics, b.topics);
	/* -0.0 and 0.0 compare equal as numbers but not bitwise */
	a.topics[0].mastery = 0.0;
	b.topics[0].mastery = -0.0;
	assert_false(tu_learner_state_equal(&a, &b));
	b.topics[0].mastery = 0.0;
	assert_true(tu_learner_state_equal(&a, &b));
	/* NaN equals NaN */
	assert_int_equal(tu_learner_state_validate(&a, NULL), TU_OK);
	b.topics[0].alpha = NAN;
	a.topics[0].alpha = NAN;
	assert_true(tu_learner_state_equal(&a, &b));
	b.topics[0].attempts = 1;
	assert_false(tu_learner_state_equal(&a, &b));
	tu_learner_state_release(&a);
	tu_learner_state_release(&b);
}

static void test_validate_reports_paths(void **state)
{
	struct tu_learner_state s;
	struct tu_topic_state *t;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_learner_state_init(&s);
	assert_int_equal(tu_learner_topic_get(&s, "a", true, 0, &t, &err), TU_OK);
	assert_int_equal(tu_learner_topic_get(&s, "b", true, 0, &t, &err), TU_OK);
	strcpy(t->topic, "a");
	assert_int_equal(tu_learner_state_validate(&s, &err), TU_ERANGE);
	assert_string_equal(err.msg,
			    "$.topics[1].topic: duplicate of $.topics[0].topic ('a')");
	strcpy(t->topic, "b");
	s.engagement.n_windows = 1;
	s.engagement.windows[0].start = 5;
	s.engagement.windows[0].end = 4;
	assert_int_equal(tu_learner_state_validate(&s, &err), TU_ERANGE);
	assert_string_equal(err.msg, "$.engagement.windows[0]: start 5 is after "
			    "end 4");
	tu_learner_state_release(&s);
}

static void test_enum_names(void **state)
{
	(void)state;
	assert_string_equal(tu_skill_level_name(TU_SKILL_INTERMEDIATE),
			    "intermediate");
	assert_string_equal(tu_goal_dimension_name(TU_GOAL_EXPLICIT_MOTIVATION),
			    "explicit_motivation");
	assert_string_equal(tu_cmp_name(TU_CMP_LT), "<");
	assert_string_equal(tu_persona_name(TU_PERSONA_STRUGGLER), "struggler");
	assert_string_equal(tu_persona_name((enum tu_persona)42), "?");
}

static void test_set_string(void **state)
{
	char buf[4];
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	assert_int_equal(tu_learner_set_string(buf, sizeof(buf), "abc", &err),
			 TU_OK);
	assert_string_equal(buf, "abc");
	assert_int_equal(tu_learner_set_string(buf, sizeof(buf), "abcd", &err),
			 TU_ERANGE);
	assert_string_equal(buf, "abc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_defaults),
		cmocka_unit_test(test_topic_get_create_find),
		cmocka_unit_test(test_topic_get_rejects_bad_ids),
		cmocka_unit_test(test_ids_must_be_utf8),
		cmocka_unit_test(test_many_topics_grow),
		cmocka_unit_test(test_reviews),
		cmocka_unit_test(test_goals_and_notes),
		cmocka_unit_test(test_misconception_evidence_window),
		cmocka_unit_test(test_windows_and_opt_outs),
		cmocka_unit_test(test_copy_and_equal),
		cmocka_unit_test(test_validate_reports_paths),
		cmocka_unit_test(test_enum_names),
		cmocka_unit_test(test_set_string),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
