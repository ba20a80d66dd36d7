/* test_curriculum.c - topic graph, item bank, quotas and the curator's
 * rules on small hand-built cases. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/curriculum.h"

#define DAY 86400
#define NOW 1700000000

/* ---- helpers ---- */

static void set_item(struct tu_item *it, const char *id, const char *t1,
		     const char *t2, enum tu_difficulty d)
{
	memset(it, 0, sizeof(*it));
	strcpy(it->id, id);
	strcpy(it->topics[0], t1);
	it->n_topics = 1;
	if (t2) {
		strcpy(it->topics[1], t2);
		it->n_topics = 2;
	}
	it->difficulty = d;
	it->expected_min = 10;
}

/* States are built with the learner module's own editing functions. */
static void add_topic(struct tu_learner_state *st, const char *id, double m)
{
	struct tu_topic_state *t;

	assert_int_equal(tu_learner_topic_get(st, id, true, m, &t, NULL), TU_OK);
	assert_true(t->mastery == m);
}

static void add_review(struct tu_learner_state *st, const char *item,
		       int64_t due)
{
	struct tu_review_item r;

	tu_learner_review_init(&r);
	strcpy(r.item, item);
	r.due = due;
	assert_int_equal(tu_learner_review_add(st, &r, NULL, NULL), TU_OK);
}

static void state_new(struct tu_learner_state *st)
{
	tu_learner_state_init(st);
}

static void state_free(struct tu_learner_state *st)
{
	tu_learner_state_release(st);
}

/*
 * The fixture world.  Prerequisites: loops, recursion <- basics;
 * dp <- recursion; graphs <- dp.  Mastery: basics 0.9, loops 0.5,
 * recursion 0.65, dp 0.1, graphs unseen (0).  Open: basics (no prereqs),
 * loops and recursion (basics 0.9 >= 0.6), dp (recursion 0.65 >= 0.6);
 * graphs closed (dp 0.1 < 0.6).
 */
struct world {
	struct tu_topic_graph g;
	struct tu_curriculum cur;
	struct tu_pick_ctx ctx;
	struct tu_curator_config cfg;
	struct tu_learner_state st;
};

static const char *const topic_ids[] = { "basics", "loops", "recursion",
					 "dp", "graphs" };
static const struct tu_prereq edges[] = {
	{ "loops", "basics" }, { "recursion", "basics" },
	{ "dp", "recursion" }, { "graphs", "dp" },
};

static void world_new(struct world *w, double recursion_m)
{
	struct tu_item items[9];
	struct tu_err err = TU_ERR_INIT;

	assert_int_equal(tu_topic_graph_build(&w->g, topic_ids, 5, edges, 4,
					      &err), TU_OK);
	set_item(&items[0], "r2", "recursion", NULL, TU_DIFF_MEDIUM);
	set_item(&items[1], "b1", "basics", NULL, TU_DIFF_EASY);
	set_item(&items[2], "l1", "loops", NULL, TU_DIFF_EASY);
	set_item(&items[3], "l2", "loops", NULL, TU_DIFF_MEDIUM);
	set_item(&items[4], "l3", "loops", NULL, TU_DIFF_HARD);
	set_item(&items[5], "r1", "recursion", NULL, TU_DIFF_EASY);
	set_item(&items[6], "d2", "dp", NULL, TU_DIFF_HARD);
	set_item(&items[7], "d1", "dp", NULL, TU_DIFF_EASY);
	set_item(&items[8], "g1", "graphs", "dp", TU_DIFF_EASY);
	assert_int_equal(tu_curriculum_build(&w->cur, &w->g, items, 9, &err),
			 TU_OK);
	tu_pick_ctx_init(&w->ctx);
	assert_int_equal(tu_pick_ctx_prepare(&w->ctx, &w->cur, &err), TU_OK);
	tu_curator_config_default(&w->cfg);
	state_new(&w->st);
	add_topic(&w->st, "basics", 0.9);
	add_topic(&w->st, "loops", 0.5);
	add_topic(&w->st, "recursion", recursion_m);
	add_topic(&w->st, "dp", 0.1);
	add_review(&w->st, "b1", NOW - 2 * DAY);
	add_review(&w->st, "r2", NOW - 1 * DAY);
	add_review(&w->st, "l3", NOW + 5 * DAY);
}

static void world_free(struct world *w)
{
	state_free(&w->st);
	tu_pick_ctx_release(&w->ctx);
	tu_curriculum_release(&w->cur);
	tu_topic_graph_release(&w->g);
}

static void pick(struct world *w, size_t k, const struct tu_recent *recent,
		 size_t n_recent, struct tu_rng *rng, struct tu_pick_list *out)
{
	struct tu_pick_request req = { &w->st, recent, n_recent, NOW, k, rng };
	struct tu_err err = TU_ERR_INIT;

	assert_int_equal(tu_curator_pick(&w->ctx, &w->cfg, &req, out, &err),
			 TU_OK);
}

static void expect(const struct tu_pick_list *out, size_t i, const char *item,
		   const char *code)
{
	assert_true(i < out->n);
	assert_string_equal(out->picks[i].item, item);
	assert_string_equal(out->picks[i].reason.code, code);
	assert_true(out->picks[i].reason.text[0] != '\0');
}

/* ---- graph ---- */

static void test_graph_two_cycle_message(void **state)
{
	const char *ids[] = { "recursion", "trees" };
	struct tu_prereq e[] = { { "trees", "recursion" },
				 { "recursion", "trees" } };
	struct tu_topic_graph g;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	assert_int_equal(tu_topic_graph_build(&g, ids, 2, e, 2, &err), TU_EDATA);
	/* DFS from recursion: recursion requires trees requires recursion;
	 * printed in prerequisite order. */
	assert_string_equal(err.msg, "cycle: recursion -> trees -> recursion");
	assert_int_equal(g.n_topics, 0);
}

static void test_graph_three_cycle_and_self_edge(void **state)
{
	const char *ids[] = { "a", "b", "c", "d" };
	struct tu_prereq e[] = { { "b", "a" }, { "c", "b" }, { "a", "c" },
				 { "d", "a" } };
	struct tu_prereq self[] = { { "d", "d" } };
	struct tu_topic_graph g;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	assert_int_equal(tu_topic_graph_build(&g, ids, 4, e, 4, &err), TU_EDATA);
	/* a requires c requires b requires a: a -> b -> c -> a. */
	assert_string_equal(err.msg, "cycle: a -> b -> c -> a");
	assert_int_equal(tu_topic_graph_build(&g, ids, 4, self, 1, &err),
			 TU_EDATA);
	assert_string_equal(err.msg, "cycle: d -> d");
}

static void test_graph_rejects_bad_input(void **state)
{
	const char *dup[] = { "a", "b", "a" };
	const char *ok[] = { "a", "b" };
	const char *empty[] = { "a", "" };
	struct tu_prereq unknown[] = { { "a", "zz" } };
	struct tu_prereq twice[] = { { "a", "b" }, { "a", "b" } };
	struct tu_topic_graph g;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	assert_int_equal(tu_topic_graph_build(&g, dup, 3, NULL, 0, &err),
			 TU_EINVAL);
	assert_string_equal(err.msg, "topic 2: duplicate id 'a' (first at 0)");
	assert_int_equal(tu_topic_graph_build(&g, empty, 2, NULL, 0, &err),
			 TU_EINVAL);
	assert_string_equal(err.msg, "topic 1: empty id");
	assert_int_equal(tu_topic_graph_build(&g, ok, 2, unknown, 1, &err),
			 TU_EINVAL);
	assert_string_equal(err.msg, "edge 0: unknown prerequisite 'zz' of 'a'");
	assert_int_equal(tu_topic_graph_build(&g, ok, 2, twice, 2, &err),
			 TU_EINVAL);
	assert_string_equal(err.msg, "duplicate edge: 'a' requires 'b'");
	assert_int_equal(tu_topic_graph_build(&g, ok, 2, twice, 1, &err), TU_OK);
	size_t i = 99;
	assert_true(tu_topic_graph_find(&g, "b", &i));
	assert_int_equal(i, 1);
	assert_false(tu_topic_graph_find(&g, "c", &i));
	assert_int_equal(g.pre_start[1] - g.pre_start[0], 1);
	assert_int_equal(g.pre[g.pre_start[0]], 1);
	tu_topic_graph_release(&g);
}

static void test_bank_validation(void **state)
{
	const char *ids[] = { "a" };
	struct tu_topic_graph g;
	struct tu_curriculum cur;
	struct tu_item it[2];
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	assert_int_equal(tu_topic_graph_build(&g, ids, 1, NULL, 0, &err), TU_OK);
	set_item(&it[0], "x", "a", NULL, TU_DIFF_EASY);
	set_item(&it[1], "y", "heaps", NULL, TU_DIFF_EASY);
	assert_int_equal(tu_curriculum_build(&cur, &g, it, 2, &err), TU_EINVAL);
	assert_string_equal(err.msg,
			    "item 1 'y': topic 'heaps' is not in the topic graph");
	set_item(&it[1], "x", "a", NULL, TU_DIFF_EASY);
	assert_int_equal(tu_curriculum_build(&cur, &g, it, 2, &err), TU_EINVAL);
	assert_string_equal(err.msg, "item 'x': duplicate id");
	set_item(&it[1], "y", "a", "a", TU_DIFF_EASY);
	assert_int_equal(tu_curriculum_build(&cur, &g, it, 2, &err), TU_EINVAL);
	assert_string_equal(err.msg, "item 1 'y': topic 'a' listed twice");
	set_item(&it[1], "y", "a", NULL, TU_DIFF_EASY);
	it[1].n_topics = 0;
	assert_int_equal(tu_curriculum_build(&cur, &g, it, 2, &err), TU_ERANGE);
	it[1].n_topics = 1;
	it[1].difficulty = (enum tu_difficulty)7;
	assert_int_equal(tu_curriculum_build(&cur, &g, it, 2, &err), TU_EINVAL);
	it[1].difficulty = TU_DIFF_HARD;
	it[1].expected_min = NAN;
	assert_int_equal(tu_curriculum_build(&cur, &g, it, 2, &err), TU_ERANGE);
	it[1].expected_min = 5;
	set_item(&it[0], "z", "a", NULL, TU_DIFF_EASY);
	assert_int_equal(tu_curriculum_build(&cur, &g, it, 2, &err), TU_OK);
	assert_string_equal(cur.items[0].id, "y"); /* sorted by id */
	assert_string_equal(cur.items[1].id, "z");
	tu_curriculum_release(&cur);
	tu_topic_graph_release(&g);
}

/* ---- quotas ---- */

static void test_quotas_table(void **state)
{
	/*
	 * k*(0.4, 0.5, 0.1) floored, remainders by largest, ties to the
	 * bucket with fewer seats:
	 * k=1: .4/.5/.1 -> 0/1/0      k=2: .8/1/.2 -> 1/1/0
	 * k=3: 1.2/1.5/.3 -> 1/2/0    k=4: 1.6/2/.4 -> 2/2/0
	 * k=5: 2/2.5/.5 tie growth vs challenge, challenge has 0 -> 2/2/1
	 * k=6: 2.4/3/.6 -> 2/3/1      k=7: 2.8/3.5/.7 -> 3/3/1
	 * k=8: 3.2/4/.8 -> 3/4/1      k=9: 3.6/4.5/.9 -> 4/4/1
	 * k=10: 4/5/1
	 */
	static const size_t want[11][3] = {
		{ 0, 0, 0 }, { 0, 1, 0 }, { 1, 1, 0 }, { 1, 2, 0 }, { 2, 2, 0 },
		{ 2, 2, 1 }, { 2, 3, 1 }, { 3, 3, 1 }, { 3, 4, 1 }, { 4, 4, 1 },
		{ 4, 5, 1 },
	};
	struct tu_curator_config cfg;
	size_t q[3];

	(void)state;
	tu_curator_config_default(&cfg);
	for (size_t k = 0; k <= 10; k++) {
		tu_curator_quotas(&cfg, k, q);
		assert_int_equal(q[0], want[k][0]);
		assert_int_equal(q[1], want[k][1]);
		assert_int_equal(q[2], want[k][2]);
	}
	/* k = 20: 8/10/2 exactly. */
	tu_curator_quotas(&cfg, 20, q);
	assert_int_equal(q[0], 8);
	assert_int_equal(q[1], 10);
	assert_int_equal(q[2], 2);
}

static void test_config_validation(void **state)
{
	struct tu_curator_config cfg;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_curator_config_default(&cfg);
	assert_int_equal(tu_curator_config_validate(&cfg, &err), TU_OK);
	cfg.share_review = 0.5;
	assert_int_equal(tu_curator_config_validate(&cfg, &err), TU_EINVAL);
	tu_curator_config_default(&cfg);
	cfg.growth_lo = 0.8;
	assert_int_equal(tu_curator_config_validate(&cfg, &err), TU_EINVAL);
	tu_curator_config_default(&cfg);
	cfg.prereq_min = NAN;
	assert_int_equal(tu_curator_config_validate(&cfg, &err), TU_EINVAL);
}

/* ---- picks ---- */

static void test_pick_five_default_policy(void **state)
{
	struct world w;
	struct tu_pick_list out;

	(void)state;
	world_new(&w, 0.65);
	pick(&w, 5, NULL, 0, NULL, &out);
	/*
	 * Quotas 2/2/1.  Due: b1 (2 days over), r2 (1 day); l3 not yet due.
	 * Growth: loops items m 0.5 (distance 0 from the centre 0.5) before
	 * r1 (0.65, distance 0.15); l1 < l2 by id.  Challenge: dp m 0.1,
	 * d1 easy before d2 hard.  g1 is gated (graphs needs dp >= 0.6).
	 */
	assert_int_equal(out.n, 5);
	expect(&out, 0, "b1", "due_review");
	expect(&out, 1, "r2", "due_review");
	expect(&out, 2, "l1", "growth_zone");
	expect(&out, 3, "l2", "growth_zone");
	expect(&out, 4, "d1", "challenge_prereqs_met");
	assert_int_equal(out.picks[0].reason.bucket, TU_BUCKET_REVIEW);
	assert_true(out.picks[0].reason.due == NOW - 2 * DAY);
	assert_string_equal(out.picks[0].reason.topic, "basics");
	assert_true(out.picks[0].reason.mastery == 0.9);
	assert_string_equal(out.picks[0].reason.text,
			    "review due 2.0 days ago; 'basics' mastery 0.90");
	assert_int_equal(out.picks[2].reason.bucket, TU_BUCKET_GROWTH);
	assert_true(out.picks[2].reason.due == TU_TIME_NONE);
	assert_int_equal(out.picks[4].reason.bucket, TU_BUCKET_CHALLENGE);
	assert_string_equal(out.picks[4].reason.topic, "dp");
	assert_string_equal(out.shortfall, "none");
	assert_int_equal(out.n_gated, 1);
	assert_int_equal(out.n_due, 2);
	world_free(&w);
}

static void test_pick_diversity_cap_and_shortfall(void **state)
{
	struct world w;
	struct tu_pick_list out;

	(void)state;
	world_new(&w, 0.65);
	pick(&w, 10, NULL, 0, NULL, &out);
	/*
	 * Quotas 4/5/1.  Reviews: b1, r2 (2 short).  Growth with cap 2:
	 * l1, l2 (loops full), r1 (recursion 2 with r2); l3 capped -> 3 of
	 * 5, then the 2 review seats find nothing -> 4 seats to challenge.
	 * Challenge: d1 (own seat), d2 (reallocated_from_growth; dp full).
	 * Challenge -> growth and nearest: nothing under the cap.  Cap
	 * relaxed: l3.  g1 is gated.  8 of 10.
	 */
	assert_int_equal(out.n, 8);
	expect(&out, 0, "b1", "due_review");
	expect(&out, 1, "r2", "due_review");
	expect(&out, 2, "l1", "growth_zone");
	expect(&out, 3, "l2", "growth_zone");
	expect(&out, 4, "r1", "growth_zone");
	expect(&out, 5, "d1", "challenge_prereqs_met");
	expect(&out, 6, "d2", "reallocated_from_growth");
	expect(&out, 7, "l3", "diversity_cap_relaxed");
	assert_string_equal(out.shortfall, "no_eligible_items");
	assert_string_equal(out.shortfall_text, "8 of 10 picked: no eligible "
			    "item left (1 gated by prerequisites, 0 in the "
			    "3-day no-repeat window)");
	world_free(&w);
}

static void test_pick_reallocated_from_review(void **state)
{
	struct world w;
	struct tu_pick_list out;

	(void)state;
	world_new(&w, 0.65);
	w.st.n_reviews = 0;
	pick(&w, 2, NULL, 0, NULL, &out);
	/* Quotas 1/1/0; no review: growth l1 then l2 for the review seat. */
	assert_int_equal(out.n, 2);
	expect(&out, 0, "l1", "growth_zone");
	expect(&out, 1, "l2", "reallocated_from_review");
	world_free(&w);
}

static void test_pick_reallocated_from_challenge(void **state)
{
	struct world w;
	struct tu_pick_list out;

	(void)state;
	world_new(&w, 0.5);
	pick(&w, 5, NULL, 0, NULL, &out);
	/*
	 * recursion 0.5 < 0.6 closes dp and graphs.  Quotas 2/2/1: b1, r2;
	 * growth l1, l2 (loops capped, then r1 and l3 wait: the own quota is
	 * full); challenge has nothing -> growth: best left under the cap
	 * is r1 (recursion 1 < 2; l3 capped).
	 */
	assert_int_equal(out.n, 5);
	expect(&out, 2, "l1", "growth_zone");
	expect(&out, 3, "l2", "growth_zone");
	expect(&out, 4, "r1", "reallocated_from_challenge");
	assert_int_equal(out.n_gated, 3); /* d1, d2, g1 */
	world_free(&w);
}

static void test_pick_nearest_when_all_mastered(void **state)
{
	struct world w;
	struct tu_pick_list out;

	(void)state;
	world_new(&w, 0.65);
	w.st.n_reviews = 0;
	w.st.topics[1].mastery = 0.95; /* loops */
	w.st.topics[2].mastery = 0.8;  /* recursion */
	w.st.topics[3].mastery = 0.72; /* dp */
	w.cfg.topic_cap = 0;
	pick(&w, 1, NULL, 0, NULL, &out);
	/*
	 * k=1: one growth seat, no item in [0.3,0.7]; -> challenge (none)
	 * -> growth (none) -> nearest: g1 has mean (0 + 0.72)/2 = 0.36,
	 * inside the zone?  graphs needs dp >= 0.6: open, so g1 is a growth
	 * item and is picked as growth_zone.
	 */
	expect(&out, 0, "g1", "growth_zone");
	assert_true(fabs(out.picks[0].reason.mastery - 0.36) < 1e-12);
	assert_string_equal(out.picks[0].reason.topic, "graphs");
	w.cfg.unseen_as_zero = false; /* graphs is unseen: now closed */
	pick(&w, 1, NULL, 0, NULL, &out);
	/* Nearest the zone: dp items 0.72 (distance 0.02), d1 < d2 by id. */
	expect(&out, 0, "d1", "nearest_growth_zone");
	assert_int_equal(out.picks[0].reason.bucket, TU_BUCKET_MASTERED);
	world_free(&w);
}

static void test_pick_no_repeat_window(void **state)
{
	struct world w;
	struct tu_pick_list out;
	struct tu_recent recent[3] = {
		{ "l1", NOW - 2 * DAY },      /* inside 3 days: blocked */
		{ "b1", NOW - 3 * DAY },      /* exactly 3 days: blocked */
		{ "l2", NOW - 3 * DAY - 1 },  /* outside: allowed */
	};

	(void)state;
	world_new(&w, 0.65);
	pick(&w, 5, recent, 3, NULL, &out);
	/* Due: r2 only (b1 blocked) -> 1 short -> growth.  Growth 2+1 seats:
	 * l2, l3 (loops capped at 2), r1 (recursion 2 with r2). */
	assert_int_equal(out.n, 5);
	expect(&out, 0, "r2", "due_review");
	expect(&out, 1, "l2", "growth_zone");
	expect(&out, 2, "l3", "growth_zone");
	expect(&out, 3, "r1", "reallocated_from_review");
	expect(&out, 4, "d1", "challenge_prereqs_met");
	assert_int_equal(out.n_recent, 2);
	world_free(&w);
}

static void test_pick_deterministic_and_seeded(void **state)
{
	struct world w;
	struct tu_pick_list a, b;
	struct tu_rng r1, r2;
	int differs = 0;

	(void)state;
	world_new(&w, 0.65);
	w.st.n_reviews = 0;
	w.cfg.topic_cap = 0;
	pick(&w, 3, NULL, 0, NULL, &a);
	pick(&w, 3, NULL, 0, NULL, &b);
	assert_int_equal(a.n, b.n);
	for (size_t i = 0; i < a.n; i++)
		assert_string_equal(a.picks[i].item, b.picks[i].item);
	for (uint64_t seed = 1; seed <= 20; seed++) {
		tu_rng_seed(&r1, seed);
		tu_rng_seed(&r2, seed);
		pick(&w, 3, NULL, 0, &r1, &a);
		pick(&w, 3, NULL, 0, &r2, &b);
		for (size_t i = 0; i < a.n; i++) {
			assert_string_equal(a.picks[i].item, b.picks[i].item);
			/* The rng only breaks ties among the loops items. */
			assert_string_equal(w.cur.items[a.picks[i].index].id,
					    a.picks[i].item);
		}
		differs |= strcmp(a.picks[0].item, "l1") != 0;
	}
	assert_true(differs);
	world_free(&w);
}

static void test_pick_errors(void **state)
{
	struct world w;
	struct tu_pick_list out;
	struct tu_pick_request req = { NULL, NULL, 0, NOW, 0, NULL };
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	world_new(&w, 0.65);
	req.state = &w.st;
	assert_int_equal(tu_curator_pick(&w.ctx, &w.cfg, &req, &out, &err),
			 TU_EINVAL);
	assert_string_equal(err.msg, "pick: k = 0, expected 1..32");
	req.k = 3;
	w.st.topics[1].mastery = NAN;
	assert_int_equal(tu_curator_pick(&w.ctx, &w.cfg, &req, &out, &err),
			 TU_EDATA);
	assert_string_equal(err.msg,
			    "learner state: topic 'loops': mastery nan outside [0,1]");
	world_free(&w);
}

static void test_pick_extreme_times(void **state)
{
	struct world w;
	struct tu_pick_list out;
	struct tu_recent recent[1] = { { "l1", INT64_MIN + 1 } };
	struct tu_pick_request req = { NULL, recent, 1, INT64_MIN + 1, 5, NULL };
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	world_new(&w, 0.65);
	req.state = &w.st;
	w.st.reviews[0].due = INT64_MIN + 1;
	/* The window start saturates; l1 is blocked, b1 is due now. */
	assert_int_equal(tu_curator_pick(&w.ctx, &w.cfg, &req, &out, &err), TU_OK);
	expect(&out, 0, "b1", "due_review");
	assert_int_equal(out.n_recent, 1);
	req.now = INT64_MAX;
	assert_int_equal(tu_curator_pick(&w.ctx, &w.cfg, &req, &out, &err), TU_OK);
	expect(&out, 0, "b1", "due_review");
	world_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_graph_two_cycle_message),
		cmocka_unit_test(test_graph_three_cycle_and_self_edge),
		cmocka_unit_test(test_graph_rejects_bad_input),
		cmocka_unit_test(test_bank_validation),
		cmocka_unit_test(test_quotas_table),
		cmocka_unit_test(test_config_validation),
		cmocka_unit_test(test_pick_five_default_policy),
		cmocka_unit_test(test_pick_diversity_cap_and_shortfall),
		cmocka_unit_test(test_pick_reallocated_from_review),
		cmocka_unit_test(test_pick_reallocated_from_challenge),
		cmocka_unit_test(test_pick_nearest_when_all_mastered),
		cmocka_unit_test(test_pick_no_repeat_window),
		cmocka_unit_test(test_pick_deterministic_and_seeded),
		cmocka_unit_test(test_pick_errors),
		cmocka_unit_test(test_pick_extreme_times),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
