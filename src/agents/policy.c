/*
 * policy.c - the content curator's two baseline picking policies
 * (tutor/agents.h enum tu_pick_policy, docs/agents.md 5): uniformly at
 * random among unsolved problems, and the course's fixed linear order.
 * They exist to be compared with the 40/50/10 picker (tutor eval
 * policies) and for instructors who want a plain sequence.
 *
 * What it is not: it reads nothing but the state and the curriculum and
 * it does not mark picks (the curator does).  Pure: randomness only
 * through ctx->rng.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define AGENT "content_curator"

/* Longest prerequisite chain below topic t (memo[] starts at -1). */
static int depth_of(const struct tu_topic_graph *g, size_t t, int *memo)
{
	int best = 0;

	if (memo[t] >= 0)
		return memo[t];
	memo[t] = 0;   /* a cycle cannot happen: the loader refuses them */
	for (size_t e = g->pre_start[t]; e < g->pre_start[t + 1]; e++) {
		int d = depth_of(g, g->pre[e], memo) + 1;

		best = d > best ? d : best;
	}
	memo[t] = best;
	return best;
}

struct order_key {
	int depth;
	int difficulty;
	uint32_t index;
	const char *id;
};

static int cmp_order(const void *a, const void *b)
{
	const struct order_key *x = a, *y = b;

	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	if (x->difficulty != y->difficulty)
		return x->difficulty < y->difficulty ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* The items in course order: deepest topic's depth, difficulty, id.
 * *out is new (free()). */
static enum tu_status linear_order(const struct tu_curriculum *cur,
				   struct order_key **out, struct tu_err *err)
{
	const struct tu_topic_graph *g = cur->graph;
	int *memo = malloc((g->n_topics + 1) * sizeof(*memo));
	struct order_key *k = calloc(cur->n_items + 1, sizeof(*k));

	if (!memo || !k) {
		free(memo);
		free(k);
		return tu__nomem(AGENT, err);
	}
	for (size_t t = 0; t < g->n_topics; t++)
		memo[t] = -1;
	for (size_t i = 0; i < cur->n_items; i++) {
		const struct tu_cur_item *it = &cur->items[i];

		for (uint32_t j = 0; j < it->n_topics; j++) {
			int d = depth_of(g, it->topic[j], memo);

			k[i].depth = d > k[i].depth ? d : k[i].depth;
		}
		k[i].difficulty = (int)it->difficulty;
		k[i].index = (uint32_t)i;
		k[i].id = it->id;
	}
	qsort(k, cur->n_items, sizeof(*k), cmp_order);
	free(memo);
	*out = k;
	return TU_OK;
}

static void add_pick(const struct tu_agent_ctx *ctx,
		     const struct tu_learner_state *st, uint32_t index,
		     const char *code, struct tu_pick_list *list)
{
	const struct tu_curriculum *cur = &ctx->course->curriculum;
	const struct tu_course_problem *p =
		tu_course_problem_find(ctx->course, cur->items[index].id);
	struct tu_pick *pk = &list->picks[list->n++];
	double m = p ? tu_item_proficiency(st, p) : 0.0;
	const struct tu_curator_config *cc = &ctx->cfg->curator;

	memset(pk, 0, sizeof(*pk));
	pk->item = cur->items[index].id;
	pk->index = index;
	pk->reason.bucket = m < cc->growth_lo ? TU_BUCKET_CHALLENGE :
			    m > cc->growth_hi ? TU_BUCKET_MASTERED :
						TU_BUCKET_GROWTH;
	pk->reason.code = code;
	pk->reason.topic = p ? p->topics[0] : "";
	pk->reason.mastery = m;
	pk->reason.due = TU_TIME_NONE;
	snprintf(pk->reason.text, sizeof(pk->reason.text), "%s",
		 strcmp(code, "random") ? "next in the course's order"
					: "drawn at random");
}

static bool attempted(const struct tu_learner_state *st, const char *id)
{
	const struct tu_item_progress *p = tu_learner_item_find(st, id);

	return p && p->attempts > 0;
}

static bool solved(const struct tu_learner_state *st, const char *id)
{
	const struct tu_item_progress *p = tu_learner_item_find(st, id);

	return p && p->solved;
}

/* Linear: never-attempted items in order, then unsolved ones, then any. */
static enum tu_status pick_linear(const struct tu_agent_ctx *ctx,
				  const struct tu_learner_state *st, size_t k,
				  struct tu_pick_list *list, struct tu_err *err)
{
	const struct tu_curriculum *cur = &ctx->course->curriculum;
	struct order_key *ord = NULL;
	enum tu_status s = linear_order(cur, &ord, err);

	if (s)
		return s;
	for (int pass = 0; pass < 3 && list->n < k; pass++)
		for (size_t i = 0; i < cur->n_items && list->n < k; i++) {
			const char *id = ord[i].id;
			bool dup = false;

			for (size_t j = 0; j < list->n; j++)
				dup |= list->picks[j].index == ord[i].index;
			if (dup || (pass == 0 && attempted(st, id)) ||
			    (pass == 1 && solved(st, id)))
				continue;
			add_pick(ctx, st, ord[i].index, "linear_order", list);
		}
	free(ord);
	return TU_OK;
}

/* Random: k distinct unsolved items (any items when all are solved). */
static enum tu_status pick_random(const struct tu_agent_ctx *ctx,
				  const struct tu_learner_state *st, size_t k,
				  struct tu_pick_list *list, struct tu_err *err)
{
	const struct tu_curriculum *cur = &ctx->course->curriculum;
	uint32_t *cand = malloc((cur->n_items + 1) * sizeof(*cand));
	size_t n = 0;

	if (!cand)
		return tu__nomem(AGENT, err);
	for (size_t i = 0; i < cur->n_items; i++)
		if (!solved(st, cur->items[i].id))
			cand[n++] = (uint32_t)i;
	if (n == 0)
		for (size_t i = 0; i < cur->n_items; i++)
			cand[n++] = (uint32_t)i;
	for (size_t i = 0; i < n && list->n < k; i++) {
		size_t j = i + (size_t)tu_rng_below(ctx->rng, n - i);
		uint32_t t = cand[i];

		cand[i] = cand[j];
		cand[j] = t;
		add_pick(ctx, st, cand[i], "random", list);
	}
	free(cand);
	return TU_OK;
}

enum tu_status tu__pick_policy(const struct tu_agent_ctx *ctx,
			       const struct tu_learner_state *st, size_t k,
			       struct tu_pick_list *list, struct tu_err *err)
{
	enum tu_status s;

	memset(list, 0, sizeof(*list));
	if (k > TU_PICK_MAX)
		k = TU_PICK_MAX;
	if (ctx->cfg->policy == TU_POLICY_RANDOM)
		s = pick_random(ctx, st, k, list, err);
	else if (ctx->cfg->policy == TU_POLICY_LINEAR)
		s = pick_linear(ctx, st, k, list, err);
	else
		s = tu__pick_path(ctx, st, k, list, err);
	list->shortfall = list->n < k ? "no_eligible_items" : "none";
	if (list->n < k)
		snprintf(list->shortfall_text, sizeof(list->shortfall_text),
			 "%zu of %zu problems available", list->n, k);
	return s;
}
