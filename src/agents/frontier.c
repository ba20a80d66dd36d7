/*
 * frontier.c - the curator's last resort: when the 40/50/10 picker finds
 * fewer eligible items than seats (typically a new learner on a course
 * where every problem beyond the first topic needs mastered
 * prerequisites), the empty seats go to "frontier" items: problems whose
 * prerequisites are closest to mastered, unsolved first, easiest first.
 * Without this a learner who solved the few open problems would be told
 * there is nothing to do.  Each such pick says which prerequisite is
 * short and by how much.  Pure and deterministic (ties by item id).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define DAY_S 86400

struct cand {
	double gap;             /* sum of prerequisite shortfalls */
	bool solved;
	enum tu_difficulty difficulty;
	size_t index;           /* in the curriculum */
	uint32_t worst;         /* prerequisite topic furthest below */
	double worst_m;
};

static double topic_m(const struct tu_learner_state *st, const char *id)
{
	const struct tu_topic_state *t = tu_learner_topic_find(st, id);

	return t ? t->mastery : 0.0;
}

/* Sum over the item's topics' prerequisites of max(0, min - mastery). */
static double gap_of(const struct tu_agent_ctx *ctx,
		     const struct tu_learner_state *st,
		     const struct tu_cur_item *it, struct cand *c)
{
	const struct tu_topic_graph *g = &ctx->course->graph;
	double min = ctx->cfg->curator.prereq_min, gap = 0;

	c->worst_m = 2.0;
	for (uint32_t j = 0; j < it->n_topics; j++) {
		uint32_t t = it->topic[j];

		for (size_t e = g->pre_start[t]; e < g->pre_start[t + 1]; e++) {
			double m = topic_m(st, g->ids[g->pre[e]]);

			if (m >= min)
				continue;
			gap += min - m;
			if (m < c->worst_m) {
				c->worst_m = m;
				c->worst = g->pre[e];
			}
		}
	}
	return gap;
}

static int cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->solved != y->solved)
		return x->solved ? 1 : -1;
	if (x->gap != y->gap)
		return x->gap < y->gap ? -1 : 1;
	if (x->difficulty != y->difficulty)
		return x->difficulty < y->difficulty ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static bool skip_item(const struct tu_agent_ctx *ctx,
		      const struct tu_learner_state *st,
		      const struct tu_pick_list *list, const char *id)
{
	const struct tu_item_progress *p = tu_learner_item_find(st, id);
	int64_t window = (int64_t)ctx->cfg->curator.no_repeat_days * DAY_S;

	for (size_t i = 0; i < list->n; i++)
		if (strcmp(list->picks[i].item, id) == 0)
			return true;
	return p && p->solved && p->last_attempt != TU_TIME_NONE &&
	       ctx->now - p->last_attempt < window;
}

static void seat(const struct tu_agent_ctx *ctx, const struct cand *c,
		 struct tu_pick_list *list)
{
	const struct tu_curriculum *cur = &ctx->course->curriculum;
	struct tu_pick *pk = &list->picks[list->n++];

	memset(pk, 0, sizeof(*pk));
	pk->item = cur->items[c->index].id;
	pk->index = c->index;
	pk->reason.bucket = TU_BUCKET_CHALLENGE;
	pk->reason.code = "frontier";
	pk->reason.topic = ctx->course->graph.ids[cur->items[c->index].topic[0]];
	pk->reason.due = TU_TIME_NONE;
	pk->reason.mastery = c->worst_m;
	snprintf(pk->reason.text, sizeof(pk->reason.text),
		 "stretch: prerequisite '%s' is at %.2f of %.2f; practising "
		 "this counts toward it", ctx->course->graph.ids[c->worst],
		 c->worst_m, ctx->cfg->curator.prereq_min);
}

enum tu_status tu__frontier_fill(const struct tu_agent_ctx *ctx,
				 const struct tu_learner_state *st, size_t k,
				 struct tu_pick_list *list, struct tu_err *err)
{
	const struct tu_curriculum *cur = &ctx->course->curriculum;
	struct cand *c;
	size_t n = 0;

	if (list->n >= k || cur->n_items == 0)
		return TU_OK;
	c = calloc(cur->n_items, sizeof(*c));
	if (!c)
		return tu__nomem("content_curator", err);
	for (size_t i = 0; i < cur->n_items; i++) {
		const char *id = cur->items[i].id;

		if (skip_item(ctx, st, list, id))
			continue;
		c[n].gap = gap_of(ctx, st, &cur->items[i], &c[n]);
		if (c[n].gap <= 0)
			continue;   /* open: the picker left it out on purpose */
		c[n].solved = tu_learner_item_find(st, id) &&
			      tu_learner_item_find(st, id)->solved;
		c[n].difficulty = cur->items[i].difficulty;
		c[n++].index = i;
	}
	qsort(c, n, sizeof(*c), cmp_cand);
	for (size_t i = 0; i < n && list->n < k; i++)
		seat(ctx, &c[i], list);
	free(c);
	return TU_OK;
}
