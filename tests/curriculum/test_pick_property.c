/*
 * test_pick_property.c - 10,000 random graphs, banks, learner states and
 * histories drawn from a seeded tu_rng.  For every pick list it checks,
 * independently of the picker's code: no pick has a topic whose
 * prerequisites are unmet (or that is closed), no duplicate, no item
 * inside the no-repeat window, every reason carries a code and text,
 * review picks are due, the list is as long as possible (n < k only when
 * every eligible item was picked) and at most the review quota is filled
 * by due_review.  A second test adds one backward edge to 2,000 random
 * DAGs and checks that build fails exactly when Kahn's algorithm finds a
 * cycle, with a message whose path is a real cycle.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/curriculum.h"

#define DAY 86400
#define NOW 1700000000
#define MAXT 20
#define MAXI 60

struct inst {
	char ids[MAXT][TU_ID_MAX];
	const char *idp[MAXT];
	struct tu_prereq edges[MAXT * 3];
	size_t nt, ne, ni;
	struct tu_item items[MAXI];
	struct tu_topic_state topics[MAXT];
	struct tu_review_item reviews[MAXI];
	struct tu_recent recent[MAXI];
	struct tu_learner_state st;
	struct tu_curator_config cfg;
	size_t n_recent;
	double m[MAXT];
	int seen[MAXT];
};

static size_t below(struct tu_rng *r, size_t n)
{
	return (size_t)tu_rng_below(r, n);
}

static void gen_graph(struct tu_rng *r, struct inst *x)
{
	x->nt = 2 + below(r, MAXT - 1);
	x->ne = 0;
	for (size_t t = 0; t < x->nt; t++) {
		snprintf(x->ids[t], TU_ID_MAX, "t%zu", t);
		x->idp[t] = x->ids[t];
	}
	for (size_t t = 1; t < x->nt; t++) {
		size_t d = below(r, 3), last = SIZE_MAX;

		for (size_t j = 0; j < d; j++) {
			size_t p = below(r, t);

			if (p == last)
				continue;
			last = p;
			x->edges[x->ne].topic = x->ids[t];
			x->edges[x->ne++].requires = x->ids[p];
		}
	}
}

static void gen_items(struct tu_rng *r, struct inst *x)
{
	x->ni = 1 + below(r, MAXI);
	for (size_t i = 0; i < x->ni; i++) {
		struct tu_item *it = &x->items[i];
		size_t n = 1 + below(r, 3);

		memset(it, 0, sizeof(*it));
		snprintf(it->id, TU_ID_MAX, "i%zu", i);
		for (size_t j = 0; j < n; j++) {
			size_t t = below(r, x->nt);
			int dup = 0;

			for (size_t k = 0; k < it->n_topics; k++)
				dup |= strcmp(it->topics[k], x->ids[t]) == 0;
			if (!dup)
				strcpy(it->topics[it->n_topics++], x->ids[t]);
		}
		it->difficulty = (enum tu_difficulty)below(r, 3);
		it->expected_min = 5;
	}
}

static void gen_state(struct tu_rng *r, struct inst *x)
{
	memset(&x->st, 0, sizeof(x->st));
	x->st.topics = x->topics;
	x->st.reviews = x->reviews;
	for (size_t t = 0; t < x->nt; t++) {
		x->seen[t] = below(r, 5) != 0;
		x->m[t] = x->seen[t] ? tu_rng_uniform(r) : 0.0;
		if (!x->seen[t])
			continue;
		memset(&x->topics[x->st.n_topics], 0, sizeof(x->topics[0]));
		strcpy(x->topics[x->st.n_topics].topic, x->ids[t]);
		x->topics[x->st.n_topics++].mastery = x->m[t];
	}
	for (size_t i = 0, n = below(r, x->ni + 1); i < n; i++) {
		struct tu_review_item *rv = &x->reviews[x->st.n_reviews++];

		memset(rv, 0, sizeof(*rv));
		snprintf(rv->item, TU_ID_MAX, "i%zu", below(r, x->ni));
		rv->due = below(r, 4) == 0 ? TU_TIME_NONE :
			  NOW + (int64_t)below(r, 20 * DAY) - 10 * DAY;
	}
	x->n_recent = below(r, x->ni + 1);
	for (size_t i = 0; i < x->n_recent; i++) {
		snprintf(x->recent[i].item, TU_ID_MAX, "i%zu", below(r, x->ni));
		x->recent[i].at = NOW - (int64_t)below(r, 8 * DAY);
	}
}

static void gen_config(struct tu_rng *r, struct inst *x)
{
	tu_curator_config_default(&x->cfg);
	x->cfg.unseen_as_zero = below(r, 2) == 0;
	x->cfg.topic_cap = (uint32_t)below(r, 4);
	x->cfg.no_repeat_days = (uint32_t)below(r, 5);
}

static size_t topic_of(const struct inst *x, const char *id)
{
	for (size_t t = 0; t < x->nt; t++)
		if (strcmp(x->ids[t], id) == 0)
			return t;
	fail_msg("unknown topic %s", id);
	return 0;
}

/* The gating rule, recomputed from the raw edges. */
static int topic_open(const struct inst *x, size_t t)
{
	if (!x->seen[t] && !x->cfg.unseen_as_zero)
		return 0;
	for (size_t e = 0; e < x->ne; e++) {
		size_t p;

		if (strcmp(x->edges[e].topic, x->ids[t]) != 0)
			continue;
		p = topic_of(x, x->edges[e].requires);
		if (!x->seen[p] && !x->cfg.unseen_as_zero)
			return 0;
		if (x->m[p] < x->cfg.prereq_min)
			return 0;
	}
	return 1;
}

static int item_eligible(const struct inst *x, const struct tu_item *it)
{
	for (size_t j = 0; j < it->n_topics; j++)
		if (!topic_open(x, topic_of(x, it->topics[j])))
			return 0;
	for (size_t j = 0; j < x->n_recent && x->cfg.no_repeat_days; j++)
		if (strcmp(x->recent[j].item, it->id) == 0 &&
		    x->recent[j].at >= NOW - (int64_t)x->cfg.no_repeat_days * DAY)
			return 0;
	return 1;
}

static int is_due(const struct inst *x, const char *item)
{
	for (size_t j = 0; j < x->st.n_reviews; j++)
		if (strcmp(x->reviews[j].item, item) == 0 &&
		    x->reviews[j].due != TU_TIME_NONE && x->reviews[j].due <= NOW)
			return 1;
	return 0;
}

static void check(const struct inst *x, const struct tu_curriculum *cur,
		  const struct tu_pick_list *out, size_t k)
{
	size_t eligible = 0, n_due_review = 0, q[3];

	assert_true(out->n <= k);
	for (size_t i = 0; i < out->n; i++) {
		const struct tu_pick *p = &out->picks[i];
		const struct tu_item *it = NULL;

		for (size_t j = 0; j < x->ni; j++)
			if (strcmp(x->items[j].id, p->item) == 0)
				it = &x->items[j];
		assert_non_null(it);
		assert_true(item_eligible(x, it));
		assert_non_null(p->reason.code);
		assert_true(p->reason.code[0] != '\0');
		assert_true(p->reason.text[0] != '\0');
		assert_non_null(p->reason.topic);
		assert_string_equal(cur->items[p->index].id, p->item);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(out->picks[j].item, p->item);
		if (strcmp(p->reason.code, "due_review") == 0) {
			assert_true(is_due(x, p->item));
			n_due_review++;
		}
	}
	tu_curator_quotas(&x->cfg, k, q);
	assert_true(n_due_review <= q[0]);
	for (size_t j = 0; j < x->ni; j++)
		eligible += (size_t)item_eligible(x, &x->items[j]);
	assert_int_equal(out->n, eligible < k ? eligible : k);
	assert_string_equal(out->shortfall,
			    out->n < k ? "no_eligible_items" : "none");
}

static void run_one(struct tu_rng *r, struct inst *x)
{
	struct tu_topic_graph g;
	struct tu_curriculum cur;
	struct tu_pick_ctx ctx;
	struct tu_pick_list out;
	struct tu_err err = TU_ERR_INIT;
	struct tu_pick_request req;

	gen_graph(r, x);
	gen_items(r, x);
	gen_state(r, x);
	gen_config(r, x);
	assert_int_equal(tu_topic_graph_build(&g, x->idp, x->nt, x->edges,
					      x->ne, &err), TU_OK);
	assert_int_equal(tu_curriculum_build(&cur, &g, x->items, x->ni, &err),
			 TU_OK);
	tu_pick_ctx_init(&ctx);
	assert_int_equal(tu_pick_ctx_prepare(&ctx, &cur, &err), TU_OK);
	req = (struct tu_pick_request){ &x->st, x->recent, x->n_recent, NOW,
					1 + below(r, 10),
					below(r, 2) ? r : NULL };
	assert_int_equal(tu_curator_pick(&ctx, &x->cfg, &req, &out, &err), TU_OK);
	check(x, &cur, &out, req.k);
	tu_pick_ctx_release(&ctx);
	tu_curriculum_release(&cur);
	tu_topic_graph_release(&g);
}

static void test_random_instances(void **state)
{
	struct tu_rng r;
	struct inst *x = calloc(1, sizeof(*x));

	(void)state;
	assert_non_null(x);
	tu_rng_seed(&r, 20240611);
	for (int i = 0; i < 10000; i++)
		run_one(&r, x);
	free(x);
}

/* Kahn's algorithm over the raw edges: 1 when the graph has a cycle. */
static int has_cycle(const struct inst *x)
{
	size_t indeg[MAXT] = { 0 }, queue[MAXT], head = 0, tail = 0;

	for (size_t e = 0; e < x->ne; e++)
		indeg[topic_of(x, x->edges[e].topic)]++;
	for (size_t t = 0; t < x->nt; t++)
		if (!indeg[t])
			queue[tail++] = t;
	while (head < tail) {
		size_t u = queue[head++];

		for (size_t e = 0; e < x->ne; e++)
			if (topic_of(x, x->edges[e].requires) == u &&
			    --indeg[topic_of(x, x->edges[e].topic)] == 0)
				queue[tail++] = topic_of(x, x->edges[e].topic);
	}
	return tail != x->nt;
}

static int is_edge(const struct inst *x, const char *req, const char *topic)
{
	for (size_t e = 0; e < x->ne; e++)
		if (strcmp(x->edges[e].topic, topic) == 0 &&
		    strcmp(x->edges[e].requires, req) == 0)
			return 1;
	return 0;
}

/* "cycle: a -> b -> a": every "A -> B" must be "B requires A". */
static void check_cycle_message(const struct inst *x, const char *msg)
{
	char buf[TU_ERR_MSG_MAX], *names[MAXT + 2];
	size_t n = 0;

	assert_true(strncmp(msg, "cycle: ", 7) == 0);
	strcpy(buf, msg + 7);
	for (char *p = buf; p && n < MAXT + 2;) {
		char *sep = strstr(p, " -> ");

		names[n++] = p;
		if (sep)
			*sep = '\0';
		p = sep ? sep + 4 : NULL;
	}
	assert_true(n >= 2);
	assert_string_equal(names[0], names[n - 1]);
	for (size_t i = 0; i + 1 < n; i++)
		assert_true(is_edge(x, names[i], names[i + 1]));
}

static void test_random_cycles(void **state)
{
	struct tu_rng r;
	struct inst *x = calloc(1, sizeof(*x));
	size_t cycles = 0;

	(void)state;
	assert_non_null(x);
	tu_rng_seed(&r, 7);
	for (int i = 0; i < 2000; i++) {
		struct tu_topic_graph g;
		struct tu_err err = TU_ERR_INIT;
		size_t lo, hi;
		enum tu_status rc;

		gen_graph(&r, x);
		lo = below(&r, x->nt - 1);
		hi = lo + 1 + below(&r, x->nt - lo - 1);
		if (!is_edge(x, x->ids[lo], x->ids[hi])) {
			x->edges[x->ne].topic = x->ids[lo];  /* lo requires hi */
			x->edges[x->ne++].requires = x->ids[hi];
		}
		rc = tu_topic_graph_build(&g, x->idp, x->nt, x->edges, x->ne, &err);
		if (has_cycle(x)) {
			cycles++;
			assert_int_equal(rc, TU_EDATA);
			check_cycle_message(x, err.msg);
		} else {
			assert_int_equal(rc, TU_OK);
			tu_topic_graph_release(&g);
		}
	}
	assert_true(cycles > 100);
	free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_instances),
		cmocka_unit_test(test_random_cycles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
