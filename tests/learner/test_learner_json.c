/* test_learner_json.c - the learner-state JSON codec: golden output,
 * round-trip property over random states, and the strict decoder. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/learner.h"
#include "tutor/rng.h"

/* The last two members of BASE, kept apart for the list-size test. */
#define BASE_ITEMS                                                        \
	"\"items\":[{\"item\":\"mean\",\"attempts\":2,\"failures\":1,"        \
	"\"hints_used\":1,\"hint_level\":2,\"last_failure\":\"wrong_answer\"," \
	"\"solved\":true,\"first_seen\":1700000000,\"last_picked\":null,"     \
	"\"last_attempt\":1700000300,\"opened\":1700000300,"                 \
	"\"solved_at\":1700000300,\"time_s\":300.0},"                        \
	"{\"item\":\"two-fer\",\"attempts\":1,\"failures\":1,"                 \
	"\"hints_used\":0,\"hint_level\":0,\"last_failure\":\"syntax\","       \
	"\"solved\":false,\"first_seen\":1699990000,"                         \
	"\"last_picked\":1699990000,\"last_attempt\":1699990100,"             \
	"\"opened\":1699990100,\"solved_at\":null,\"time_s\":100.5}]"
#define BASE_DAILY                                                        \
	"\"daily\":{\"day\":19675,\"items\":[{\"item\":\"mean\","               \
	"\"bucket\":\"growth\"},{\"item\":\"two-fer\",\"bucket\":\"review\"}]}"

/* A valid format-1 document exercising every struct. */
static const char BASE[] =
	"{\"format\":1,\"learner_id\":\"u1\",\"version\":3,"
	"\"updated\":1700000000,\"persona\":\"momentum\","
	"\"preferences\":{\"skill_level\":\"beginner\",\"language\":\"python\","
	"\"time_budget_min\":30,\"opt_outs\":[\"nudges\"],"
	"\"scheduler\":\"fsrs\",\"utc_offset_min\":-300},"
	"\"engagement\":{\"streak_days\":2,\"longest_streak\":5,"
	"\"last_seen\":1700000000,\"failure_streak\":0,\"last_nudge\":null,"
	"\"nudges_today\":0,\"windows\":[{\"start\":1699990000,"
	"\"end\":1700000000,\"events\":12}]},"
	"\"topics\":["
	"{\"topic\":\"loops\",\"mastery\":0.5,\"alpha\":2.0,\"beta\":1.0,"
	"\"attempts\":2,\"successes\":1,\"last_practiced\":1700000000},"
	"{\"topic\":\"strings\",\"mastery\":0,\"alpha\":1,\"beta\":1,"
	"\"attempts\":0,\"successes\":0,\"last_practiced\":null},"
	"{\"topic\":\"lists\",\"mastery\":1,\"alpha\":9,\"beta\":1,"
	"\"attempts\":8,\"successes\":8,\"last_practiced\":1690000000},"
	"{\"topic\":\"recursion\",\"mastery\":0.25,\"alpha\":1,\"beta\":3,"
	"\"attempts\":2,\"successes\":0,\"last_practiced\":1700000000}],"
	"\"misconceptions\":[{\"id\":\"off-by-one\",\"topic\":\"loops\","
	"\"count\":2,\"last_seen\":1700000000,\"evidence\":[17,42]}],"
	"\"reviews\":[{\"item\":\"two-fer\",\"topics\":[\"strings\"],"
	"\"due\":1700086400,\"interval_days\":1.0,\"ease_factor\":2.5,"
	"\"repetitions\":1,\"lapses\":0,\"stability\":0.0,\"difficulty\":0.0,"
	"\"last_review\":1700000000}],"
	"\"goals\":[{\"id\":\"g1\",\"dimension\":\"short_term_objective\","
	"\"description\":\"Pass the loops unit\",\"metric\":\"loops_mastery\","
	"\"threshold\":{\"cmp\":\">=\",\"value\":0.8},\"value\":null,"
	"\"confidence\":0.7,\"weight\":1.0,\"aligned\":false,"
	"\"evidence\":[\"turn 3: 'I want loops'\"]}],"
	"\"notes\":[{\"section\":\"insights\",\"text\":\"Prefers short hints.\"}],"
	BASE_ITEMS "," BASE_DAILY "}";

/* Returns a malloc'd copy of BASE with the first `from` replaced by `to`. */
static char *variant(const char *from, const char *to)
{
	const char *at = strstr(BASE, from);
	size_t pre, n;
	char *out;

	assert_non_null(at);
	pre = (size_t)(at - BASE);
	n = strlen(BASE) - strlen(from) + strlen(to);
	out = malloc(n + 1);
	assert_non_null(out);
	memcpy(out, BASE, pre);
	memcpy(out + pre, to, strlen(to));
	strcpy(out + pre + strlen(to), at + strlen(from));
	return out;
}

static void test_base_document_decodes(void **state)
{
	struct tu_learner_state s;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_learner_state_init(&s);
	assert_int_equal(tu_learner_state_decode(BASE, strlen(BASE), &s, &err),
			 TU_OK);
	assert_string_equal(s.learner_id, "u1");
	assert_true(s.version == 3);
	assert_true(s.updated == 1700000000);
	assert_int_equal(s.persona, TU_PERSONA_MOMENTUM);
	assert_int_equal(s.preferences.skill_level, TU_SKILL_BEGINNER);
	assert_int_equal(s.preferences.n_opt_outs, 1);
	assert_true(s.engagement.last_nudge == TU_TIME_NONE);
	assert_int_equal(s.engagement.n_windows, 1);
	assert_int_equal(s.n_topics, 4);
	assert_string_equal(s.topics[3].topic, "recursion");
	assert_true(s.topics[0].mastery == 0.5 && s.topics[0].alpha == 2.0);
	assert_true(s.topics[1].last_practiced == TU_TIME_NONE);
	assert_int_equal(s.n_misconceptions, 1);
	assert_true(s.misconceptions[0].evidence[1] == 42);
	assert_int_equal(s.n_reviews, 1);
	assert_true(s.reviews[0].ease_factor == 2.5);
	assert_int_equal(s.n_goals, 1);
	assert_int_equal(s.goals[0].dimension, TU_GOAL_SHORT_TERM_OBJECTIVE);
	assert_true(isnan(s.goals[0].value));
	assert_true(s.goals[0].threshold == 0.8);
	assert_int_equal(s.n_notes, 1);
	assert_int_equal(s.preferences.scheduler, TU_SCHED_FSRS);
	assert_int_equal(s.preferences.utc_offset_min, -300);
	tu_learner_state_release(&s);
}

static void test_base_items_and_daily(void **state)
{
	struct tu_learner_state s;
	struct tu_err err = TU_ERR_INIT;
	const struct tu_item_progress *a, *b;

	(void)state;
	tu_learner_state_init(&s);
	assert_int_equal(tu_learner_state_decode(BASE, strlen(BASE), &s, &err),
			 TU_OK);
	assert_int_equal(s.n_items, 2);
	a = &s.items[0];
	b = &s.items[1];
	assert_string_equal(a->item, "mean");
	assert_true(a->attempts == 2 && a->failures == 1);
	assert_true(a->hints_used == 1 && a->hint_level == 2);
	assert_int_equal(a->last_failure, TU_FAIL_WRONG);
	assert_true(a->solved);
	assert_true(a->first_seen == 1700000000);
	assert_true(a->last_picked == TU_TIME_NONE);
	assert_true(a->last_attempt == 1700000300 && a->opened == 1700000300);
	assert_true(a->solved_at == 1700000300);
	assert_true(a->time_s == 300.0);
	assert_string_equal(b->item, "two-fer");
	assert_int_equal(b->last_failure, TU_FAIL_SYNTAX);
	assert_false(b->solved);
	assert_true(b->last_picked == 1699990000);
	assert_true(b->solved_at == TU_TIME_NONE);
	assert_true(b->time_s == 100.5);
	assert_true(s.daily.day == 19675);
	assert_int_equal(s.daily.n, 2);
	assert_string_equal(s.daily.items[0], "mean");
	assert_string_equal(s.daily.buckets[0], "growth");
	assert_string_equal(s.daily.items[1], "two-fer");
	assert_string_equal(s.daily.buckets[1], "review");
	tu_learner_state_release(&s);
}

static void test_empty_state_golden(void **state)
{
	struct tu_learner_state s;
	struct tu_err err = TU_ERR_INIT;
	char *out;
	size_t len;
	const char *want =
		"{\"format\":1,\"learner_id\":\"\",\"version\":0,"
		"\"updated\":null,\"persona\":\"none\",\"preferences\":"
		"{\"skill_level\":\"unknown\",\"language\":\"\","
		"\"time_budget_min\":0,\"opt_outs\":[],\"scheduler\":\"sm2\","
		"\"utc_offset_min\":0},\"engagement\":"
		"{\"streak_days\":0,\"longest_streak\":0,\"last_seen\":null,"
		"\"failure_streak\":0,\"last_nudge\":null,\"nudges_today\":0,"
		"\"windows\":[]},\"topics\":[],\"misconceptions\":[],"
		"\"reviews\":[],\"goals\":[],\"notes\":[],\"items\":[],"
		"\"daily\":{\"day\":null,\"items\":[]}}";

	(void)state;
	tu_learner_state_init(&s);
	assert_int_equal(tu_learner_state_encode(&s, &out, &len, &err), TU_OK);
	assert_string_equal(out, want);
	assert_int_equal(len, strlen(want));
	free(out);
}

/* The new members in their documented key order, built with the API. */
static void test_items_daily_golden(void **state)
{
	struct tu_learner_state s;
	struct tu_item_progress *p;
	struct tu_err err = TU_ERR_INIT;
	char *out;
	size_t len;
	const char *want_prefs = "\"opt_outs\":[],\"scheduler\":\"fsrs\","
		"\"utc_offset_min\":-1439}";
	const char *want_tail =
		"\"notes\":[],\"items\":[{\"item\":\"mean\",\"attempts\":2,"
		"\"failures\":1,\"hints_used\":1,\"hint_level\":2,"
		"\"last_failure\":\"timeout\",\"solved\":true,"
		"\"first_seen\":1700000000,\"last_picked\":null,"
		"\"last_attempt\":1700000300,\"opened\":1700000300,"
		"\"solved_at\":1700000300,\"time_s\":0.10000000000000001}],"
		"\"daily\":{\"day\":19675,\"items\":[{\"item\":\"mean\","
		"\"bucket\":\"challenge\"}]}}";

	(void)state;
	tu_learner_state_init(&s);
	s.preferences.scheduler = TU_SCHED_FSRS;
	s.preferences.utc_offset_min = -1439;
	assert_int_equal(tu_learner_item_get(&s, "mean", &p, &err), TU_OK);
	p->attempts = 2;
	p->failures = 1;
	p->hints_used = 1;
	p->hint_level = 2;
	p->last_failure = TU_FAIL_TIMEOUT;
	p->solved = true;
	p->first_seen = 1700000000;
	p->last_attempt = 1700000300;
	p->opened = 1700000300;
	p->solved_at = 1700000300;
	p->time_s = 0.1;
	s.daily.day = 19675;
	strcpy(s.daily.items[0], "mean");
	strcpy(s.daily.buckets[0], "challenge");
	s.daily.n = 1;
	assert_int_equal(tu_learner_state_encode(&s, &out, &len, &err), TU_OK);
	assert_non_null(strstr(out, want_prefs));
	assert_true(len > strlen(want_tail));
	assert_string_equal(out + len - strlen(want_tail), want_tail);
	free(out);
	tu_learner_state_release(&s);
}

static void test_doubles_need_17_digits(void **state)
{
	struct tu_learner_state s, back;
	struct tu_topic_state *t;
	struct tu_err err = TU_ERR_INIT;
	char *out;
	size_t len;

	(void)state;
	tu_learner_state_init(&s);
	tu_learner_state_init(&back);
	assert_int_equal(tu_learner_topic_get(&s, "x", true, 0.1, &t, &err),
			 TU_OK);
	t->alpha = 1e-300;
	t->beta = 1.0 / 3.0;
	/* 0.1 needs 17 significant digits to round-trip: 0.10000000000000001. */
	assert_int_equal(tu_learner_state_encode(&s, &out, &len, &err), TU_OK);
	assert_non_null(strstr(out, "\"mastery\":0.10000000000000001"));
	assert_int_equal(tu_learner_state_decode(out, len, &back, &err), TU_OK);
	assert_true(back.topics[0].beta == 1.0 / 3.0);
	assert_true(back.topics[0].alpha == 1e-300);
	assert_true(tu_learner_state_equal(&s, &back));
	free(out);
	tu_learner_state_release(&s);
	tu_learner_state_release(&back);
}

/* ---- random states -------------------------------------------------------- */

static const char *const PIECES[] = {
	"a", "b", "z", "0", "9", "-", "_", ".", " ", "\"", "\\", "/", "\xc3\xa9",
	"\xe6\x97\xa5", "\xf0\x9f\x98\x80", "\xef\xbf\xbf", "~",
};

/* Random UTF-8 of fewer than cap bytes; control characters only when
 * text (newline, tab); non-empty when need. */
static void rand_str(struct tu_rng *r, char *dst, size_t cap, int text,
		     int need, const char *prefix)
{
	size_t n = (size_t)snprintf(dst, cap, "%s", prefix);
	size_t want = (size_t)tu_rng_below(r, cap);

	while (n < want) {
		const char *p = PIECES[tu_rng_below(r, sizeof(PIECES) /
						       sizeof(PIECES[0]))];

		if (text && tu_rng_below(r, 8) == 0)
			p = tu_rng_below(r, 2) ? "\n" : "\t";
		if (n + strlen(p) >= cap)
			break;
		memcpy(dst + n, p, strlen(p));
		n += strlen(p);
	}
	if (need && n == 0)
		dst[n++] = 'x';
	dst[n] = '\0';
}

static double rand_unit(struct tu_rng *r)
{
	static const double special[] = { 0.0, 1.0, 1e-300, 5e-324, 0.1,
		1.0 / 3.0, 0.9999999999999999, 2.2250738585072014e-308 };

	if (tu_rng_below(r, 3) == 0)
		return special[tu_rng_below(r, 8)];
	return tu_rng_uniform(r);
}

static double rand_pos(struct tu_rng *r)
{
	static const double special[] = { 1e-300, 5e-324, 1e300,
		1.7976931348623157e308, 0.1, 1.0, 123456.789 };

	if (tu_rng_below(r, 3) == 0)
		return special[tu_rng_below(r, 7)];
	return tu_rng_uniform(r) * 100.0 + 5e-324;
}

static double rand_finite(struct tu_rng *r)
{
	static const double special[] = { 0.0, -0.0, -1e-300, 1e308, -1e308,
		0.8, -3.5 };

	if (tu_rng_below(r, 3) == 0)
		return special[tu_rng_below(r, 7)];
	return tu_rng_range(r, -1e6, 1e6);
}

static int64_t rand_time(struct tu_rng *r, int nullable)
{
	switch (tu_rng_below(r, 5)) {
	case 0: return nullable ? TU_TIME_NONE : 0;
	case 1: return INT64_MAX;
	case 2: return INT64_MIN + 1;
	default: return (int64_t)tu_rng_below(r, 4000000000u) - 100000;
	}
}

static uint32_t rand_u32(struct tu_rng *r)
{
	return tu_rng_below(r, 4) == 0 ? UINT32_MAX :
	       (uint32_t)tu_rng_below(r, 1000);
}

static size_t rand_n(struct tu_rng *r, size_t max)
{
	return (size_t)tu_rng_below(r, max + 1);
}

static void rand_topic(struct tu_rng *r, struct tu_topic_state *t, size_t i)
{
	char prefix[32];

	snprintf(prefix, sizeof(prefix), "t%zu.", i);
	rand_str(r, t->topic, sizeof(t->topic), 0, 1, prefix);
	t->mastery = rand_unit(r);
	t->alpha = rand_pos(r);
	t->beta = rand_pos(r);
	t->attempts = rand_u32(r);
	t->successes = t->attempts ? (uint32_t)tu_rng_below(r, t->attempts) : 0;
	t->last_practiced = rand_time(r, 1);
}

static void rand_misc(struct tu_rng *r, struct tu_misconception *m, size_t i)
{
	char prefix[32];

	snprintf(prefix, sizeof(prefix), "m%zu.", i);
	rand_str(r, m->id, sizeof(m->id), 0, 1, prefix);
	rand_str(r, m->topic, sizeof(m->topic), 0, 0, "");
	m->n_evidence = rand_n(r, TU_EVIDENCE_MAX);
	for (size_t k = 0; k < m->n_evidence; k++)
		m->evidence[k] = tu_rng_next(r) >> 1; /* <= INT64_MAX */
	m->count = rand_u32(r);
	m->last_seen = rand_time(r, 1);
}

static void rand_review(struct tu_rng *r, struct tu_review_item *v, size_t i)
{
	char prefix[32];

	snprintf(prefix, sizeof(prefix), "i%zu.", i);
	rand_str(r, v->item, sizeof(v->item), 0, 1, prefix);
	v->n_topics = rand_n(r, TU_ITEM_TOPICS_MAX);
	for (size_t k = 0; k < v->n_topics; k++)
		rand_str(r, v->topics[k], TU_ID_MAX, 0, 1, "");
	v->due = rand_time(r, 1);
	v->interval_days = rand_unit(r) * 1000.0;
	v->ease_factor = 1.3 + rand_unit(r) * 2.0;
	v->repetitions = rand_u32(r);
	v->lapses = rand_u32(r);
	v->stability = rand_unit(r) * 365.0;
	v->difficulty = tu_rng_below(r, 2) ? 0.0 : 1.0 + 9.0 * rand_unit(r);
	v->last_review = rand_time(r, 1);
}

static void rand_goal(struct tu_rng *r, struct tu_goal *g, size_t i)
{
	char prefix[32];

	snprintf(prefix, sizeof(prefix), "g%zu.", i);
	rand_str(r, g->id, sizeof(g->id), 0, 1, prefix);
	g->dimension = (enum tu_goal_dimension)tu_rng_below(r, 4);
	rand_str(r, g->description, sizeof(g->description), 1, 0, "");
	rand_str(r, g->metric, sizeof(g->metric), 1, 0, "");
	g->threshold_cmp = (enum tu_cmp)tu_rng_below(r, 5);
	g->threshold = rand_finite(r);
	g->value = tu_rng_below(r, 3) == 0 ? (double)NAN : rand_finite(r);
	g->n_evidence = rand_n(r, TU_EVIDENCE_MAX);
	for (size_t k = 0; k < g->n_evidence; k++)
		rand_str(r, g->evidence[k], TU_SHORT_MAX, 1, 0, "");
	g->confidence = rand_unit(r);
	g->weight = rand_pos(r);
	g->aligned = tu_rng_below(r, 2);
}

static void rand_item(struct tu_rng *r, struct tu_item_progress *p, size_t i)
{
	char prefix[32];

	snprintf(prefix, sizeof(prefix), "p%zu.", i);
	rand_str(r, p->item, sizeof(p->item), 0, 1, prefix);
	p->attempts = rand_u32(r);
	p->failures = p->attempts ? (uint32_t)tu_rng_below(r, p->attempts) : 0;
	p->hint_level = (uint32_t)tu_rng_below(r, 6);
	p->hints_used = p->hint_level ? 1 + (uint32_t)tu_rng_below(r, 9) : 0;
	p->last_failure = (enum tu_failure)tu_rng_below(r, 5);
	p->solved = tu_rng_below(r, 2);
	p->first_seen = rand_time(r, 1);
	p->last_picked = rand_time(r, 1);
	p->last_attempt = rand_time(r, 1);
	p->opened = rand_time(r, 1);
	p->solved_at = p->solved ? rand_time(r, 0) : rand_time(r, 1);
	p->time_s = tu_rng_below(r, 2) ? rand_unit(r) * 1e5 : rand_pos(r);
}

static void rand_daily(struct tu_rng *r, struct tu_daily_plan *d)
{
	static const char *const buckets[] = { "review", "growth",
		"challenge", "mastered" };

	d->day = rand_time(r, 1);
	d->n = d->day == TU_TIME_NONE ? 0 : rand_n(r, TU_DAILY_MAX);
	for (size_t k = 0; k < d->n; k++) {
		rand_str(r, d->items[k], TU_ID_MAX, 0, 1, "");
		strcpy(d->buckets[k], buckets[tu_rng_below(r, 4)]);
	}
}

static void rand_engagement(struct tu_rng *r, struct tu_engagement *e)
{
	e->streak_days = rand_u32(r);
	e->longest_streak = rand_u32(r);
	e->last_seen = rand_time(r, 1);
	e->failure_streak = rand_u32(r);
	e->last_nudge = rand_time(r, 1);
	e->nudges_today = rand_u32(r);
	e->n_windows = rand_n(r, TU_ACTIVITY_MAX);
	for (size_t k = 0; k < e->n_windows; k++) {
		int64_t a = rand_time(r, 0), b = rand_time(r, 0);

		e->windows[k].start = a < b ? a : b;
		e->windows[k].end = a < b ? b : a;
		e->windows[k].events = rand_u32(r);
	}
}

static void rand_prefs(struct tu_rng *r, struct tu_preferences *p)
{
	p->skill_level = (enum tu_skill_level)tu_rng_below(r, 4);
	rand_str(r, p->language, sizeof(p->language), 0, 0, "");
	p->time_budget_min = rand_u32(r);
	p->n_opt_outs = rand_n(r, TU_OPT_OUTS_MAX);
	for (size_t k = 0; k < p->n_opt_outs; k++)
		rand_str(r, p->opt_outs[k], TU_SHORT_MAX, 0, 1, "");
	p->scheduler = (enum tu_scheduler)tu_rng_below(r, 2);
	p->utc_offset_min = (int32_t)tu_rng_below(r, 2879) - 1439;
}

#define RAND_LIST(r, s, arr, n, cap, fn)                              \
	do {                                                          \
		(s)->n = rand_n((r), 20);                             \
		(s)->cap = (s)->n;                                    \
		(s)->arr = (s)->n ? calloc((s)->n, sizeof(*(s)->arr)) : NULL; \
		for (size_t i_ = 0; i_ < (s)->n; i_++)                \
			fn((r), &(s)->arr[i_], i_);                   \
	} while (0)

static void rand_note(struct tu_rng *r, struct tu_note *n, size_t i)
{
	(void)i;
	rand_str(r, n->section, sizeof(n->section), 0, 1, "");
	rand_str(r, n->text, sizeof(n->text), 1, 0, "");
}

static void rand_state(struct tu_rng *r, struct tu_learner_state *s)
{
	tu_learner_state_init(s);
	rand_str(r, s->learner_id, sizeof(s->learner_id), 0, 0, "");
	s->version = tu_rng_next(r) >> 1;
	s->updated = rand_time(r, 1);
	s->persona = (enum tu_persona)tu_rng_below(r, 5);
	RAND_LIST(r, s, topics, n_topics, cap_topics, rand_topic);
	RAND_LIST(r, s, misconceptions, n_misconceptions, cap_misconceptions,
		  rand_misc);
	RAND_LIST(r, s, reviews, n_reviews, cap_reviews, rand_review);
	RAND_LIST(r, s, goals, n_goals, cap_goals, rand_goal);
	RAND_LIST(r, s, notes, n_notes, cap_notes, rand_note);
	RAND_LIST(r, s, items, n_items, cap_items, rand_item);
	rand_daily(r, &s->daily);
	rand_engagement(r, &s->engagement);
	rand_prefs(r, &s->preferences);
}

static void test_roundtrip_property(void **state)
{
	struct tu_rng r;

	(void)state;
	tu_rng_seed(&r, 20261122);
	for (int k = 0; k < 1000; k++) {
		struct tu_learner_state s, back;
		struct tu_err err = TU_ERR_INIT;
		char *a, *b;
		size_t la, lb;

		rand_state(&r, &s);
		tu_learner_state_init(&back);
		if (tu_learner_state_encode(&s, &a, &la, &err) != TU_OK)
			fail_msg("state %d: encode: %s", k, err.msg);
		if (tu_learner_state_decode(a, la, &back, &err) != TU_OK)
			fail_msg("state %d: decode: %s", k, err.msg);
		assert_true(tu_learner_state_equal(&s, &back));
		assert_int_equal(tu_learner_state_encode(&back, &b, &lb, &err),
				 TU_OK);
		assert_int_equal(la, lb);
		assert_memory_equal(a, b, la);
		free(a);
		free(b);
		tu_learner_state_release(&s);
		tu_learner_state_release(&back);
	}
}

/* ---- rejections ----------------------------------------------------------- */

struct bad_case {
	const char *from, *to;     /* edit of BASE */
	enum tu_status code;
	const char *prefix;        /* the message must start with this */
};

static const struct bad_case BAD[] = {
	/* invalid JSON, with jansson's position */
	{ "\"notes\":[", "\"notes\":[[", TU_EPARSE, "$: invalid JSON at line 1, column" },
	/* duplicate keys */
	{ "\"version\":3,", "\"version\":3,\"version\":4,", TU_EPARSE,
	  "$: invalid JSON at line 1" },
	/* unknown fields, top level and nested */
	{ "\"version\":3,", "\"version\":3,\"extra\":1,", TU_EPARSE,
	  "$.extra: unknown field" },
	{ "{\"cmp\":\">=\",", "{\"cmp\":\">=\",\"x\":0,", TU_EPARSE,
	  "$.goals[0].threshold.x: unknown field" },
	/* missing required field */
	{ "\"persona\":\"momentum\",", "", TU_EPARSE,
	  "$.persona: missing required field" },
	{ "\"lapses\":0,", "", TU_EPARSE,
	  "$.reviews[0].lapses: missing required field" },
	/* wrong types */
	{ "\"version\":3", "\"version\":\"3\"", TU_EPARSE,
	  "$.version: expected an integer, got a string" },
	{ "\"aligned\":false", "\"aligned\":0", TU_EPARSE,
	  "$.goals[0].aligned: expected true or false, got an integer" },
	{ "\"topics\":[\"strings\"]", "\"topics\":[7]", TU_EPARSE,
	  "$.reviews[0].topics[0]: expected a string, got an integer" },
	{ "\"preferences\":{\"skill_level\":\"beginner\",\"language\":"
	  "\"python\",\"time_budget_min\":30,\"opt_outs\":[\"nudges\"],"
	  "\"scheduler\":\"fsrs\",\"utc_offset_min\":-300}",
	  "\"preferences\":[]", TU_EPARSE,
	  "$.preferences: expected an object, got an array" },
	/* unknown enum values */
	{ "\"persona\":\"momentum\"", "\"persona\":\"wizard\"", TU_EPARSE,
	  "$.persona: unknown value 'wizard'" },
	{ "\"cmp\":\">=\"", "\"cmp\":\"=>\"", TU_EPARSE,
	  "$.goals[0].threshold.cmp: unknown value '=>'" },
	/* out-of-range values */
	{ "\"mastery\":0.25", "\"mastery\":1.5", TU_ERANGE,
	  "$.topics[3].mastery: must be in [0,1], got 1.5" },
	{ "\"alpha\":2.0", "\"alpha\":0", TU_ERANGE,
	  "$.topics[0].alpha: must be finite and > 0, got 0" },
	{ "\"beta\":3", "\"beta\":-1", TU_ERANGE,
	  "$.topics[3].beta: must be finite and > 0" },
	{ "\"ease_factor\":2.5", "\"ease_factor\":1.29", TU_ERANGE,
	  "$.reviews[0].ease_factor: must be finite and >= 1.3" },
	{ "\"difficulty\":0.0", "\"difficulty\":0.5", TU_ERANGE,
	  "$.reviews[0].difficulty: must be 0 (none) or in [1,10]" },
	{ "\"confidence\":0.7", "\"confidence\":1.01", TU_ERANGE,
	  "$.goals[0].confidence: must be in [0,1]" },
	{ "\"weight\":1.0", "\"weight\":0", TU_ERANGE,
	  "$.goals[0].weight: must be finite and > 0" },
	{ "\"successes\":1", "\"successes\":3", TU_ERANGE,
	  "$.topics[0].successes: must be <= attempts (2), got 3" },
	/* NaN and infinities cannot be spelled in JSON; overflow is refused */
	{ "\"interval_days\":1.0", "\"interval_days\":1e999", TU_EPARSE,
	  "$: invalid JSON at line 1" },
	{ "\"interval_days\":1.0", "\"interval_days\":NaN", TU_EPARSE,
	  "$: invalid JSON at line 1" },
	/* negative counts */
	{ "\"attempts\":2", "\"attempts\":-1", TU_ERANGE,
	  "$.topics[0].attempts: must be an integer in [0, 4294967295], got -1" },
	{ "\"evidence\":[17,42]", "\"evidence\":[17,-42]", TU_ERANGE,
	  "$.misconceptions[0].evidence[1]: must be >= 0" },
	{ "\"version\":3", "\"version\":-3", TU_ERANGE, "$.version: must be" },
	/* start > end */
	{ "\"start\":1699990000", "\"start\":1700000001", TU_ERANGE,
	  "$.engagement.windows[0]: start 1700000001 is after end 1700000000" },
	/* too many entries */
	{ "\"evidence\":[17,42]",
	  "\"evidence\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]", TU_ERANGE,
	  "$.misconceptions[0].evidence: at most 16 entries, got 17" },
	{ "\"topics\":[\"strings\"]",
	  "\"topics\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\"]",
	  TU_ERANGE, "$.reviews[0].topics: at most 8 entries, got 9" },
	/* strings too long for their arrays (64 bytes into TU_ID_MAX = 64) */
	{ "\"topic\":\"loops\"",
	  "\"topic\":\"0123456789012345678901234567890123456789012345678901234567890123\"",
	  TU_ERANGE, "$.topics[0].topic: too long (64 bytes, at most 63)" },
	/* ids: empty, control characters, duplicates */
	{ "\"item\":\"two-fer\"", "\"item\":\"\"", TU_ERANGE,
	  "$.reviews[0].item: must be non-empty" },
	{ "\"topic\":\"loops\"", "\"topic\":\"lo\\u0001ops\"", TU_ERANGE,
	  "$.topics[0].topic: must be non-empty" },
	{ "\"topic\":\"strings\"", "\"topic\":\"loops\"", TU_ERANGE,
	  "$.topics[1].topic: duplicate of $.topics[0].topic ('loops')" },
	/* times: INT64_MIN is reserved for null, reals are not times */
	{ "\"updated\":1700000000", "\"updated\":-9223372036854775808",
	  TU_ERANGE, "$.updated: must be an integer in" },
	{ "\"due\":1700086400", "\"due\":1700086400.5", TU_EPARSE,
	  "$.reviews[0].due: expected an integer time or null, got a real number" },
	{ "\"start\":1699990000", "\"start\":null", TU_EPARSE,
	  "$.engagement.windows[0].start: expected an integer time, got null" },
	/* versions of the format */
	{ "\"format\":1", "\"format\":2", TU_ERANGE,
	  "$.format: unsupported format 2 (this build reads 1)" },
	{ "\"format\":1,", "", TU_EPARSE, "$.format: missing required field" },
	/* preferences: scheduler and utc offset */
	{ "\"scheduler\":\"fsrs\"", "\"scheduler\":\"leitner\"", TU_EPARSE,
	  "$.preferences.scheduler: unknown value 'leitner'" },
	{ "\"scheduler\":\"fsrs\"", "\"scheduler\":1", TU_EPARSE,
	  "$.preferences.scheduler: expected a string, got an integer" },
	{ "\"utc_offset_min\":-300", "\"utc_offset_min\":1440", TU_ERANGE,
	  "$.preferences.utc_offset_min: must be an integer in [-1439, 1439], "
	  "got 1440" },
	{ "\"utc_offset_min\":-300", "\"utc_offset_min\":-1440", TU_ERANGE,
	  "$.preferences.utc_offset_min: must be an integer in [-1439, 1439], "
	  "got -1440" },
	{ "\"utc_offset_min\":-300", "\"utc_offset_min\":-300.0", TU_EPARSE,
	  "$.preferences.utc_offset_min: expected an integer, got a real number" },
	{ ",\"utc_offset_min\":-300", "", TU_EPARSE,
	  "$.preferences.utc_offset_min: missing required field" },
	/* items */
	{ BASE_ITEMS ",", "", TU_EPARSE, "$.items: missing required field" },
	{ "\"items\":[{", "\"items\":{\"a\":[{", TU_EPARSE,
	  "$: invalid JSON at line 1" },
	{ "\"failures\":1,\"hints_used\":1", "\"failures\":3,\"hints_used\":1",
	  TU_ERANGE, "$.items[0].failures: must be <= attempts (2), got 3" },
	{ "\"hint_level\":2", "\"hint_level\":6", TU_ERANGE,
	  "$.items[0].hint_level: must be in [0,5], got 6" },
	{ "\"hint_level\":2", "\"hint_level\":0", TU_ERANGE,
	  "$.items[0].hint_level: must be 0 exactly when hints_used is 0, "
	  "got 0 with hints_used 1" },
	{ "\"hints_used\":0,\"hint_level\":0", "\"hints_used\":0,\"hint_level\":3",
	  TU_ERANGE, "$.items[1].hint_level: must be 0 exactly when hints_used "
	  "is 0, got 3 with hints_used 0" },
	{ "\"hints_used\":1,", "\"hints_used\":-1,", TU_ERANGE,
	  "$.items[0].hints_used: must be an integer in [0, 4294967295], got -1" },
	{ "\"last_failure\":\"wrong_answer\"", "\"last_failure\":\"wrong\"",
	  TU_EPARSE, "$.items[0].last_failure: unknown value 'wrong'" },
	{ "\"last_failure\":\"syntax\"", "\"last_failure\":null", TU_EPARSE,
	  "$.items[1].last_failure: expected a string, got null" },
	{ "\"solved\":true", "\"solved\":1", TU_EPARSE,
	  "$.items[0].solved: expected true or false, got an integer" },
	{ "\"solved_at\":1700000300", "\"solved_at\":null", TU_ERANGE,
	  "$.items[0].solved_at: must be a time, not null, when solved is true" },
	{ "\"opened\":1700000300", "\"opened\":\"now\"", TU_EPARSE,
	  "$.items[0].opened: expected an integer time or null, got a string" },
	{ "\"time_s\":300.0", "\"time_s\":-1", TU_ERANGE,
	  "$.items[0].time_s: must be finite and >= 0, got -1" },
	{ "\"time_s\":100.5", "\"time_s\":null", TU_EPARSE,
	  "$.items[1].time_s: expected" },
	{ "\"opened\":1700000300,", "", TU_EPARSE,
	  "$.items[0].opened: missing required field" },
	{ "\"time_s\":300.0", "\"time_s\":300.0,\"x\":1", TU_EPARSE,
	  "$.items[0].x: unknown field" },
	{ "{\"item\":\"mean\",\"attempts\"", "{\"item\":\"\",\"attempts\"",
	  TU_ERANGE, "$.items[0].item: must be non-empty" },
	{ "{\"item\":\"two-fer\",\"attempts\"", "{\"item\":\"mean\",\"attempts\"",
	  TU_ERANGE, "$.items[1].item: duplicate of $.items[0].item ('mean')" },
	{ "{\"item\":\"mean\",\"attempts\"",
	  "{\"item\":\"0123456789012345678901234567890123456789012345678901234567890123\","
	  "\"attempts\"", TU_ERANGE,
	  "$.items[0].item: too long (64 bytes, at most 63)" },
	/* daily plan */
	{ "," BASE_DAILY, "", TU_EPARSE, "$.daily: missing required field" },
	{ "\"day\":19675,", "", TU_EPARSE, "$.daily.day: missing required field" },
	{ "\"day\":19675", "\"day\":19675.5", TU_EPARSE,
	  "$.daily.day: expected an integer time or null, got a real number" },
	{ "\"day\":19675", "\"day\":null", TU_ERANGE,
	  "$.daily.items: must be empty when day is null, got 2 entries" },
	{ "\"bucket\":\"growth\"", "\"bucket\":\"easy\"", TU_EPARSE,
	  "$.daily.items[0].bucket: unknown value 'easy'" },
	{ "\"bucket\":\"review\"", "\"bucket\":\"Review\"", TU_EPARSE,
	  "$.daily.items[1].bucket: unknown value 'Review'" },
	{ "\"bucket\":\"growth\"", "\"bucket\":0", TU_EPARSE,
	  "$.daily.items[0].bucket: expected a string, got an integer" },
	{ "{\"item\":\"mean\",\"bucket\"", "{\"item\":\"\",\"bucket\"",
	  TU_ERANGE, "$.daily.items[0].item: must be non-empty" },
	{ "\"bucket\":\"review\"}", "\"bucket\":\"review\",\"why\":1}",
	  TU_EPARSE, "$.daily.items[1].why: unknown field" },
	{ "\"bucket\":\"review\"}", "\"bucket\":\"review\"},7", TU_EPARSE,
	  "$.daily.items[2]: expected an object, got an integer" },
};

static void test_rejections(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(BAD) / sizeof(BAD[0]); i++) {
		struct tu_learner_state s;
		struct tu_err err = TU_ERR_INIT;
		char *doc = variant(BAD[i].from, BAD[i].to);
		enum tu_status st;

		tu_learner_state_init(&s);
		st = tu_learner_state_decode(doc, strlen(doc), &s, &err);
		if (st != BAD[i].code ||
		    strncmp(err.msg, BAD[i].prefix, strlen(BAD[i].prefix)))
			fail_msg("case %zu: got %d '%s', want %d '%s...'", i,
				 (int)st, err.msg, (int)BAD[i].code,
				 BAD[i].prefix);
		assert_int_equal(s.n_topics, 0);
		free(doc);
	}
}

static void test_reject_not_object_and_size(void **state)
{
	struct tu_learner_state s;
	struct tu_err err = TU_ERR_INIT;
	size_t big = (size_t)TU_STATE_JSON_MAX + 1;
	char *buf;

	(void)state;
	tu_learner_state_init(&s);
	assert_int_equal(tu_learner_state_decode("[1]", 3, &s, &err), TU_EPARSE);
	assert_string_equal(err.msg, "$: expected an object, got an array");
	assert_int_equal(tu_learner_state_decode("", 0, &s, &err), TU_EPARSE);
	assert_memory_equal(err.msg, "$: invalid JSON at line", 23);
	buf = malloc(big);
	assert_non_null(buf);
	memset(buf, ' ', big);
	assert_int_equal(tu_learner_state_decode(buf, big, &s, &err), TU_ERANGE);
	assert_string_equal(err.msg, "$: document of 16777217 bytes exceeds "
			    "the limit of 16777216");
	free(buf);
}

/* TU_STATE_LIST_MAX + 1 list entries are refused before being parsed;
 * the list replaced is the last one of BASE, "items". */
static void test_reject_list_max(void **state)
{
	struct tu_learner_state s;
	struct tu_err err = TU_ERR_INIT;
	size_t n = (size_t)TU_STATE_LIST_MAX + 1;
	const char *at = strstr(BASE, "\"items\":[{");
	const char *tail = "]," BASE_DAILY "}";
	size_t pre = (size_t)(at - BASE) + strlen("\"items\":[");
	char *doc = malloc(pre + 2 * n + strlen(tail) + 1);
	size_t k = pre;

	(void)state;
	assert_non_null(doc);
	memcpy(doc, BASE, pre);
	for (size_t i = 0; i < n; i++) {
		doc[k++] = '0';
		doc[k++] = ',';
	}
	k--; /* drop the last comma */
	memcpy(doc + k, tail, strlen(tail) + 1);
	tu_learner_state_init(&s);
	assert_int_equal(tu_learner_state_decode(doc, strlen(doc), &s, &err),
			 TU_ERANGE);
	assert_string_equal(err.msg, "$.items: at most 100000 entries, got 100001");
	free(doc);
}

/* BASE with a daily plan of n entries {"item":"a","bucket":"review"}
 * (a plan's ids need not be unique); malloc'd. */
static char *daily_doc(int n)
{
	const char *entry = "{\"item\":\"a\",\"bucket\":\"review\"},";
	const char *at = strstr(BASE, BASE_DAILY);
	size_t k = (size_t)(at - BASE);
	char *doc = malloc(k + (size_t)n * strlen(entry) + 64);

	assert_non_null(doc);
	memcpy(doc, BASE, k);
	k += (size_t)sprintf(doc + k, "\"daily\":{\"day\":1,\"items\":[");
	for (int i = 0; i < n; i++)
		k += (size_t)sprintf(doc + k, "%s", entry);
	strcpy(doc + k - (n > 0), "]}}");
	return doc;
}

/* 33 entries in the daily plan are refused (TU_DAILY_MAX = 32). */
static void test_reject_daily_max(void **state)
{
	struct tu_learner_state s;
	struct tu_err err = TU_ERR_INIT;
	char *doc = daily_doc(TU_DAILY_MAX + 1);

	(void)state;
	tu_learner_state_init(&s);
	assert_int_equal(tu_learner_state_decode(doc, strlen(doc), &s, &err),
			 TU_ERANGE);
	assert_string_equal(err.msg, "$.daily.items: at most 32 entries, got 33");
	free(doc);
	doc = daily_doc(TU_DAILY_MAX);
	assert_int_equal(tu_learner_state_decode(doc, strlen(doc), &s, &err),
			 TU_OK);
	assert_int_equal(s.daily.n, 32);
	assert_true(s.daily.day == 1);
	assert_string_equal(s.daily.items[31], "a");
	assert_string_equal(s.daily.buckets[31], "review");
	free(doc);
	tu_learner_state_release(&s);
}

static void test_failed_decode_leaves_state_unchanged(void **state)
{
	struct tu_learner_state s, before;
	struct tu_err err = TU_ERR_INIT;
	char *doc = variant("\"bucket\":\"review\"", "\"bucket\":7");
	char *late = variant("\"day\":19675", "\"day\":null");

	(void)state;
	tu_learner_state_init(&s);
	tu_learner_state_init(&before);
	assert_int_equal(tu_learner_state_decode(BASE, strlen(BASE), &s, &err),
			 TU_OK);
	assert_int_equal(tu_learner_state_copy(&before, &s, &err), TU_OK);
	/* fails at the very last field, after every list was decoded */
	assert_int_equal(tu_learner_state_decode(doc, strlen(doc), &s, &err),
			 TU_EPARSE);
	assert_string_equal(err.msg,
			    "$.daily.items[1].bucket: expected a string, got an integer");
	assert_true(tu_learner_state_equal(&s, &before));
	/* fails in the final validation, after everything was decoded */
	assert_int_equal(tu_learner_state_decode(late, strlen(late), &s, &err),
			 TU_ERANGE);
	assert_string_equal(err.msg, "$.daily.items: must be empty when day is "
			    "null, got 2 entries");
	assert_true(tu_learner_state_equal(&s, &before));
	assert_int_equal(s.n_items, 2);
	free(doc);
	free(late);
	tu_learner_state_release(&s);
	tu_learner_state_release(&before);
}

static void test_encode_refuses_invalid_state(void **state)
{
	struct tu_learner_state s;
	struct tu_topic_state *t;
	struct tu_err err = TU_ERR_INIT;
	char *out = (char *)1;
	size_t len = 9;

	(void)state;
	tu_learner_state_init(&s);
	assert_int_equal(tu_learner_topic_get(&s, "x", true, 0, &t, &err), TU_OK);
	t->mastery = (double)NAN;
	assert_int_equal(tu_learner_state_encode(&s, &out, &len, &err),
			 TU_ERANGE);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_string_equal(err.msg, "$.topics[0].mastery: must be in [0,1], got nan");
	t->mastery = 0.5;
	s.persona = (enum tu_persona)9;
	assert_int_equal(tu_learner_state_encode(&s, &out, &len, &err),
			 TU_ERANGE);
	assert_string_equal(err.msg, "$.persona: invalid value 9");
	s.persona = TU_PERSONA_NONE;
	/* invalid UTF-8 cannot be written as JSON */
	memcpy(s.learner_id, "a\xff", 3);
	assert_int_equal(tu_learner_state_encode(&s, &out, &len, &err),
			 TU_ERANGE);
	assert_memory_equal(err.msg, "$.learner_id: must be", 21);
	tu_learner_state_release(&s);
}

/* In-memory values the new members refuse before writing anything. */
static void test_encode_refuses_invalid_new_fields(void **state)
{
	struct tu_learner_state s;
	struct tu_item_progress *p;
	struct tu_err err = TU_ERR_INIT;
	char *out = NULL;
	size_t len = 0;

	(void)state;
	tu_learner_state_init(&s);
	s.preferences.scheduler = (enum tu_scheduler)2;
	assert_int_equal(tu_learner_state_encode(&s, &out, &len, &err),
			 TU_ERANGE);
	assert_string_equal(err.msg, "$.preferences.scheduler: invalid value 2");
	s.preferences.scheduler = TU_SCHED_SM2;
	s.preferences.utc_offset_min = 1440;
	assert_int_equal(tu_learner_state_encode(&s, &out, &len, &err),
			 TU_ERANGE);
	assert_string_equal(err.msg, "$.preferences.utc_offset_min: must be in "
			    "(-1440, 1440), got 1440");
	s.preferences.utc_offset_min = 0;
	assert_int_equal(tu_learner_item_get(&s, "x", &p, &err), TU_OK);
	p->last_failure = (enum tu_failure)9;
	assert_int_equal(tu_learner_state_encode(&s, &out, &len, &err),
			 TU_ERANGE);
	assert_string_equal(err.msg, "$.items[0].last_failure: invalid value 9");
	p->last_failure = TU_FAIL_RUNTIME;
	p->time_s = (double)INFINITY;
	assert_int_equal(tu_learner_state_encode(&s, &out, &len, &err),
			 TU_ERANGE);
	assert_string_equal(err.msg, "$.items[0].time_s: must be finite and "
			    ">= 0, got inf");
	p->time_s = 0.0;
	s.daily.day = 7;
	s.daily.n = 1;
	strcpy(s.daily.items[0], "x");
	strcpy(s.daily.buckets[0], "later");
	assert_int_equal(tu_learner_state_encode(&s, &out, &len, &err),
			 TU_ERANGE);
	assert_string_equal(err.msg, "$.daily.items[0].bucket: must be one of "
			    "review, growth, challenge, mastered");
	memset(s.daily.buckets[0], 'r', sizeof(s.daily.buckets[0]));
	assert_int_equal(tu_learner_state_encode(&s, &out, &len, &err),
			 TU_ERANGE);
	strcpy(s.daily.buckets[0], "mastered");
	s.daily.n = TU_DAILY_MAX + 1;
	assert_int_equal(tu_learner_state_encode(&s, &out, &len, &err),
			 TU_ERANGE);
	assert_string_equal(err.msg, "$.daily.items: at most 32 entries, got 33");
	s.daily.n = 1;
	assert_null(out);
	assert_int_equal(tu_learner_state_encode(&s, &out, &len, &err), TU_OK);
	assert_non_null(strstr(out, "\"daily\":{\"day\":7,\"items\":"
			       "[{\"item\":\"x\",\"bucket\":\"mastered\"}]}"));
	free(out);
	tu_learner_state_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base_document_decodes),
		cmocka_unit_test(test_base_items_and_daily),
		cmocka_unit_test(test_empty_state_golden),
		cmocka_unit_test(test_items_daily_golden),
		cmocka_unit_test(test_doubles_need_17_digits),
		cmocka_unit_test(test_roundtrip_property),
		cmocka_unit_test(test_rejections),
		cmocka_unit_test(test_reject_not_object_and_size),
		cmocka_unit_test(test_reject_list_max),
		cmocka_unit_test(test_reject_daily_max),
		cmocka_unit_test(test_failed_decode_leaves_state_unchanged),
		cmocka_unit_test(test_encode_refuses_invalid_state),
		cmocka_unit_test(test_encode_refuses_invalid_new_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
