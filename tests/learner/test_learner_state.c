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
	assert_int_equal(s.preferences.scheduler, TU_SCHED_SM2);
	assert_int_equal(s.preferences.utc_offset_min, 0);
	assert_int_equal(s.n_items, 0);
	assert_null(s.items);
	assert_true(s.daily.day == TU_TIME_NONE);
	assert_int_equal(s.daily.n, 0);
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
	assert_int_equal(tu_learner_topic_get(&s, "x", true, (double)NAN, &t,
					      &err), TU_EINVAL);
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

static void test_item_init(void **state)
{
	struct tu_item_progress p;

	(void)state;
	memset(&p, 0x5a, sizeof(p));
	tu_learner_item_init(&p);
	assert_string_equal(p.item, "");
	assert_true(p.attempts == 0 && p.failures == 0);
	assert_true(p.hints_used == 0 && p.hint_level == 0);
	assert_int_equal(p.last_failure, TU_FAIL_NONE);
	assert_false(p.solved);
	assert_true(p.first_seen == TU_TIME_NONE);
	assert_true(p.last_picked == TU_TIME_NONE);
	assert_true(p.last_attempt == TU_TIME_NONE);
	assert_true(p.opened == TU_TIME_NONE);
	assert_true(p.solved_at == TU_TIME_NONE);
	assert_true(p.time_s == 0.0 && !signbit(p.time_s));
}

static void test_item_get_creates_and_finds(void **state)
{
	struct tu_learner_state s;
	struct tu_item_progress *p, *q;
	struct tu_err err = TU_ERR_INIT;
	char id[32];

	(void)state;
	tu_learner_state_init(&s);
	assert_null(tu_learner_item_find(&s, "mean"));
	assert_int_equal(tu_learner_item_get(&s, "mean", &p, &err), TU_OK);
	assert_string_equal(p->item, "mean");
	assert_true(p->attempts == 0 && p->opened == TU_TIME_NONE);
	assert_int_equal(p->last_failure, TU_FAIL_NONE);
	p->attempts = 3;
	assert_int_equal(tu_learner_item_get(&s, "mean", &q, &err), TU_OK);
	assert_ptr_equal(p, q);
	assert_true(q->attempts == 3); /* existing entry kept */
	assert_ptr_equal(tu_learner_item_find(&s, "mean"), p);
	assert_int_equal(tu_learner_item_get(&s, "median", NULL, &err), TU_OK);
	assert_int_equal(s.n_items, 2);
	assert_string_equal(s.items[1].item, "median");
	for (int i = 0; i < 500; i++) {
		snprintf(id, sizeof(id), "p%d", i);
		assert_int_equal(tu_learner_item_get(&s, id, &p, NULL), TU_OK);
	}
	assert_int_equal(s.n_items, 502);
	assert_string_equal(tu_learner_item_find(&s, "p321")->item, "p321");
	assert_int_equal(tu_learner_item_find(&s, "mean")->attempts, 3);
	assert_int_equal(tu_learner_state_validate(&s, &err), TU_OK);
	tu_learner_state_release(&s);
	assert_null(s.items);
	assert_int_equal(s.n_items, 0);
}

static void test_item_get_rejects_bad_ids(void **state)
{
	struct tu_learner_state s;
	struct tu_item_progress *p = NULL;
	struct tu_err err = TU_ERR_INIT;
	char longid[TU_ID_MAX + 1];

	(void)state;
	tu_learner_state_init(&s);
	memset(longid, 'a', TU_ID_MAX);
	longid[TU_ID_MAX] = '\0';
	assert_int_equal(tu_learner_item_get(&s, "", &p, &err), TU_EINVAL);
	assert_string_equal(err.msg, "item: must be non-empty, shorter than 64 "
			    "bytes without control characters");
	assert_int_equal(tu_learner_item_get(&s, "a\nb", &p, &err), TU_EINVAL);
	assert_int_equal(tu_learner_item_get(&s, "\xff", &p, &err), TU_EINVAL);
	assert_int_equal(tu_learner_item_get(&s, longid, &p, &err), TU_EINVAL);
	assert_int_equal(tu_learner_item_get(&s, NULL, &p, &err), TU_EINVAL);
	assert_null(p);
	assert_int_equal(s.n_items, 0);
	assert_null(s.items);
	longid[TU_ID_MAX - 1] = '\0'; /* 63 bytes fit */
	assert_int_equal(tu_learner_item_get(&s, longid, &p, &err), TU_OK);
	assert_int_equal(s.n_items, 1);
	tu_learner_state_release(&s);
}

/* A state using every new member, for the copy/equal tests. */
static void fill_new_fields(struct tu_learner_state *s)
{
	struct tu_item_progress *p;

	assert_int_equal(tu_learner_item_get(s, "mean", &p, NULL), TU_OK);
	p->attempts = 2;
	p->failures = 1;
	p->hints_used = 1;
	p->hint_level = 2;
	p->last_failure = TU_FAIL_WRONG;
	p->solved = true;
	p->solved_at = 1700000300;
	p->time_s = 300.0;
	assert_int_equal(tu_learner_item_get(s, "median", &p, NULL), TU_OK);
	s->daily.day = 19675;
	s->daily.n = 2;
	strcpy(s->daily.items[0], "mean");
	strcpy(s->daily.buckets[0], "growth");
	strcpy(s->daily.items[1], "median");
	strcpy(s->daily.buckets[1], "review");
	s->preferences.scheduler = TU_SCHED_FSRS;
	s->preferences.utc_offset_min = 60;
}

static void test_copy_equal_new_fields(void **state)
{
	struct tu_learner_state a, b;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_learner_state_init(&a);
	tu_learner_state_init(&b);
	fill_new_fields(&a);
	assert_int_equal(tu_learner_state_validate(&a, &err), TU_OK);
	assert_false(tu_learner_state_equal(&a, &b));
	assert_int_equal(tu_learner_state_copy(&b, &a, &err), TU_OK);
	assert_true(tu_learner_state_equal(&a, &b));
	assert_ptr_not_equal(a.items, b.items);
	assert_int_equal(b.n_items, 2);
	assert_int_equal(b.cap_items, 2);
	assert_string_equal(b.daily.buckets[1], "review");
	/* every new member takes part in the comparison */
	b.items[1].opened = 5;
	assert_false(tu_learner_state_equal(&a, &b));
	b.items[1].opened = TU_TIME_NONE;
	b.items[0].last_failure = TU_FAIL_SYNTAX;
	assert_false(tu_learner_state_equal(&a, &b));
	b.items[0].last_failure = TU_FAIL_WRONG;
	b.items[0].time_s = -0.0;
	a.items[0].time_s = 0.0;
	assert_false(tu_learner_state_equal(&a, &b));
	b.items[0].time_s = 0.0;
	assert_true(tu_learner_state_equal(&a, &b));
	b.n_items = 1;
	assert_false(tu_learner_state_equal(&a, &b));
	b.n_items = 2;
	strcpy(b.daily.buckets[1], "mastered");
	assert_false(tu_learner_state_equal(&a, &b));
	strcpy(b.daily.buckets[1], "review");
	b.daily.day = 19676;
	assert_false(tu_learner_state_equal(&a, &b));
	b.daily.day = 19675;
	b.daily.n = 1;
	assert_false(tu_learner_state_equal(&a, &b));
	b.daily.n = 2;
	b.preferences.scheduler = TU_SCHED_SM2;
	assert_false(tu_learner_state_equal(&a, &b));
	b.preferences.scheduler = TU_SCHED_FSRS;
	b.preferences.utc_offset_min = -60;
	assert_false(tu_learner_state_equal(&a, &b));
	b.preferences.utc_offset_min = 60;
	assert_true(tu_learner_state_equal(&a, &b));
	/* bytes after a bucket's NUL are ignored */
	b.daily.buckets[1][10] = 'x';
	assert_true(tu_learner_state_equal(&a, &b));
	tu_learner_state_release(&a);
	/* move hands the list over and empties the source */
	tu_learner_state_move(&a, &b);
	assert_int_equal(a.n_items, 2);
	assert_null(b.items);
	assert_true(b.daily.day == TU_TIME_NONE);
	tu_learner_state_release(&a);
}

/* Breaks one invariant of a valid item (attempts 1, failures 1); the
 * message validate must give is ITEM_MSGS[k]. */
static void break_item(struct tu_item_progress *p, size_t k)
{
	switch (k) {
	case 0: p->failures = 2; break;
	case 1: p->hints_used = 6; p->hint_level = 6; break;
	case 2: p->hints_used = 2; break;
	case 3: p->hint_level = 1; break;
	case 4: p->last_failure = (enum tu_failure)5; break;
	case 5: p->solved = true; break;
	case 6: p->time_s = -0.5; break;
	case 7: p->time_s = (double)NAN; break;
	case 8: p->item[0] = '\0'; break;
	default: strcpy(p->item, "a"); break;
	}
}

static const char *const ITEM_MSGS[] = {
	"$.items[2].failures: must be <= attempts (1), got 2",
	"$.items[2].hint_level: must be in [0,5], got 6",
	"$.items[2].hint_level: must be 0 exactly when hints_used is 0, got 0 "
	"with hints_used 2",
	"$.items[2].hint_level: must be 0 exactly when hints_used is 0, got 1 "
	"with hints_used 0",
	"$.items[2].last_failure: invalid value 5",
	"$.items[2].solved_at: must be a time, not null, when solved is true",
	"$.items[2].time_s: must be finite and >= 0, got -0.5",
	"$.items[2].time_s: must be finite and >= 0, got nan",
	"$.items[2].item: must be non-empty, shorter than 64 bytes of UTF-8 "
	"without control characters",
	"$.items[2].item: duplicate of $.items[0].item ('a')",
};

static void test_validate_items(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(ITEM_MSGS) / sizeof(ITEM_MSGS[0]); i++) {
		struct tu_learner_state s;
		struct tu_item_progress *p;
		struct tu_err err = TU_ERR_INIT;

		tu_learner_state_init(&s);
		assert_int_equal(tu_learner_item_get(&s, "a", NULL, NULL), TU_OK);
		assert_int_equal(tu_learner_item_get(&s, "b", NULL, NULL), TU_OK);
		assert_int_equal(tu_learner_item_get(&s, "c", &p, NULL), TU_OK);
		p->attempts = 1;
		p->failures = 1;
		assert_int_equal(tu_learner_state_validate(&s, &err), TU_OK);
		break_item(p, i);
		if (tu_learner_state_validate(&s, &err) != TU_ERANGE ||
		    strcmp(err.msg, ITEM_MSGS[i]) != 0)
			fail_msg("case %zu: got '%s'", i, err.msg);
		tu_learner_state_release(&s);
	}
}

static void test_validate_daily_and_prefs(void **state)
{
	struct tu_learner_state s;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_learner_state_init(&s);
	s.daily.n = 1;
	strcpy(s.daily.items[0], "mean");
	strcpy(s.daily.buckets[0], "growth");
	assert_int_equal(tu_learner_state_validate(&s, &err), TU_ERANGE);
	assert_string_equal(err.msg, "$.daily.items: must be empty when day is "
			    "null, got 1 entries");
	s.daily.day = -3; /* before 1970 is a day like any other */
	assert_int_equal(tu_learner_state_validate(&s, &err), TU_OK);
	strcpy(s.daily.items[0], "a\tb");
	assert_int_equal(tu_learner_state_validate(&s, &err), TU_ERANGE);
	assert_string_equal(err.msg, "$.daily.items[0].item: must be non-empty, "
			    "shorter than 64 bytes of UTF-8 without control "
			    "characters");
	strcpy(s.daily.items[0], "mean");
	strcpy(s.daily.buckets[0], "");
	assert_int_equal(tu_learner_state_validate(&s, &err), TU_ERANGE);
	assert_string_equal(err.msg, "$.daily.items[0].bucket: must be one of "
			    "review, growth, challenge, mastered");
	strcpy(s.daily.buckets[0], "challenge");
	assert_int_equal(tu_learner_state_validate(&s, &err), TU_OK);
	s.preferences.utc_offset_min = -1439;
	assert_int_equal(tu_learner_state_validate(&s, &err), TU_OK);
	s.preferences.utc_offset_min = -1440;
	assert_int_equal(tu_learner_state_validate(&s, &err), TU_ERANGE);
	assert_string_equal(err.msg, "$.preferences.utc_offset_min: must be in "
			    "(-1440, 1440), got -1440");
	s.preferences.utc_offset_min = 1439;
	s.preferences.scheduler = (enum tu_scheduler)-1;
	assert_int_equal(tu_learner_state_validate(&s, &err), TU_ERANGE);
	assert_string_equal(err.msg, "$.preferences.scheduler: invalid value -1");
	s.preferences.scheduler = TU_SCHED_FSRS;
	assert_int_equal(tu_learner_state_validate(&s, &err), TU_OK);
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
	b.topics[0].alpha = (double)NAN;
	a.topics[0].alpha = (double)NAN;
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
	assert_string_equal(tu_failure_name(TU_FAIL_NONE), "none");
	assert_string_equal(tu_failure_name(TU_FAIL_SYNTAX), "syntax");
	assert_string_equal(tu_failure_name(TU_FAIL_RUNTIME), "runtime");
	assert_string_equal(tu_failure_name(TU_FAIL_WRONG), "wrong_answer");
	assert_string_equal(tu_failure_name(TU_FAIL_TIMEOUT), "timeout");
	assert_string_equal(tu_failure_name((enum tu_failure)5), "?");
	assert_string_equal(tu_scheduler_name(TU_SCHED_SM2), "sm2");
	assert_string_equal(tu_scheduler_name(TU_SCHED_FSRS), "fsrs");
	assert_string_equal(tu_scheduler_name((enum tu_scheduler)2), "?");
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
		cmocka_unit_test(test_item_init),
		cmocka_unit_test(test_item_get_creates_and_finds),
		cmocka_unit_test(test_item_get_rejects_bad_ids),
		cmocka_unit_test(test_copy_equal_new_fields),
		cmocka_unit_test(test_validate_items),
		cmocka_unit_test(test_validate_daily_and_prefs),
		cmocka_unit_test(test_copy_and_equal),
		cmocka_unit_test(test_validate_reports_paths),
		cmocka_unit_test(test_enum_names),
		cmocka_unit_test(test_set_string),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
