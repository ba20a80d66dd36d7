/*
 * path.c - the content curator's two path policies (Pxplore, docs/policy.md):
 * hybrid retrieval of candidate problems from a query that describes what
 * the learner needs next, then either the top hit (TU_POLICY_RETRIEVAL) or
 * the learned policy's choice among the candidates (TU_POLICY_MODEL, a
 * small MLP over (state, candidate) features, tutor/mlp.h).
 *
 * What it is not: the network and its training (src/policy, src/sim) or
 * the retriever (src/retrieval).  Pure: the index and the model are
 * borrowed read-only; a chooser installed by the caller may record
 * decisions (the simulator's training hooks).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tutor/mlp.h"
#include "tutor/retrieval.h"

#define AGENT "content_curator"
#define GROWTH_LO 0.3
#define GROWTH_HI 0.7
#define PREREQ_MIN 0.6

/* ---- features --------------------------------------------------------------- */

static double clamp01(double x)
{
	return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
}

static double topic_m(const struct tu_learner_state *st, const char *id)
{
	const struct tu_topic_state *t = tu_learner_topic_find(st, id);

	return t ? t->mastery : 0.0;
}

/* Lowest prerequisite mastery over p's topics (1 without any) and the
 * number of prerequisites below PREREQ_MIN. */
static void readiness(const struct tu_course *c,
		      const struct tu_learner_state *st,
		      const struct tu_course_problem *p, double *min_m,
		      unsigned *unmet)
{
	const struct tu_topic_graph *g = &c->graph;
	size_t t;

	*min_m = 1.0;
	*unmet = 0;
	for (size_t i = 0; i < p->n_topics; i++) {
		if (!tu_topic_graph_find(g, p->topics[i], &t))
			continue;
		for (size_t e = g->pre_start[t]; e < g->pre_start[t + 1]; e++) {
			double m = topic_m(st, g->ids[g->pre[e]]);

			*min_m = m < *min_m ? m : *min_m;
			*unmet += m < PREREQ_MIN;
		}
	}
}

/* Days since any of p's topics was practised (capped at 30; 30 when
 * never) and the attempts on them. */
static void recency(const struct tu_learner_state *st,
		    const struct tu_course_problem *p, int64_t now,
		    double *days, double *attempts)
{
	int64_t last = TU_TIME_NONE;

	*attempts = 0.0;
	for (size_t i = 0; i < p->n_topics; i++) {
		const struct tu_topic_state *t =
			tu_learner_topic_find(st, p->topics[i]);

		if (!t)
			continue;
		*attempts += t->attempts;
		if (t->last_practiced != TU_TIME_NONE &&
		    (last == TU_TIME_NONE || t->last_practiced > last))
			last = t->last_practiced;
	}
	*days = last == TU_TIME_NONE ? 30.0 :
		fmin(30.0, (double)(now - last) / 86400.0);
}

/* True when a topic of p has a mastery goal not yet aligned. */
static bool goal_topic(const struct tu_learner_state *st,
		       const struct tu_course_problem *p)
{
	for (size_t g = 0; g < st->n_goals; g++) {
		const struct tu_goal *gl = &st->goals[g];

		if (gl->aligned || strncmp(gl->metric, "mastery:", 8))
			continue;
		for (size_t i = 0; i < p->n_topics; i++)
			if (!strcmp(gl->metric + 8, p->topics[i]))
				return true;
	}
	return false;
}

static void history(const struct tu_agent_config *cfg,
		    const struct tu_learner_state *st,
		    const struct tu_course_problem *p, int64_t now, double *f)
{
	const struct tu_item_progress *ip = tu_learner_item_find(st, p->id);
	const struct tu_review_item *r = tu_learner_review_find(st, p->id);

	f[0] = ip && ip->attempts > 0;
	f[1] = ip && ip->solved;
	f[2] = ip ? fmin(ip->failures, 5u) / 5.0 : 0.0;
	f[3] = ip ? ip->hint_level / 5.0 : 0.0;
	f[4] = r && r->due != TU_TIME_NONE && r->due <= now;
	f[5] = r ? clamp01(tu_agent_recall_now(cfg, st, r, now)) : 0.0;
}

void tu_path_features(const struct tu_agent_config *cfg,
		      const struct tu_course *course,
		      const struct tu_learner_state *st,
		      const struct tu_course_problem *p, double retrieval,
		      size_t rank, size_t k, int curator, int64_t now,
		      double *out)
{
	double m = tu_item_proficiency(st, p), pre, days, att;
	unsigned unmet;
	enum tu_skill_level lv = st->preferences.skill_level;

	readiness(course, st, p, &pre, &unmet);
	recency(st, p, now, &days, &att);
	out[0] = clamp01(m);
	out[1] = m >= GROWTH_LO && m <= GROWTH_HI;
	out[2] = m < GROWTH_LO;
	out[3] = clamp01(pre);
	out[4] = fmin(unmet, 3u) / 3.0;
	out[5] = p->difficulty == TU_DIFF_EASY;
	out[6] = p->difficulty == TU_DIFF_MEDIUM;
	out[7] = p->difficulty == TU_DIFF_HARD;
	history(cfg, st, p, now, &out[8]);
	out[14] = days / 30.0;
	out[15] = clamp01(log1p(att) / 4.0);
	out[16] = clamp01(retrieval);
	out[17] = k > 1 ? (double)rank / (double)(k - 1) : 0.0;
	out[18] = goal_topic(st, p);
	out[19] = lv == TU_SKILL_BEGINNER;
	out[20] = lv == TU_SKILL_INTERMEDIATE;
	out[21] = lv == TU_SKILL_ADVANCED;
	out[22] = fmin(st->engagement.failure_streak, 5u) / 5.0;
	out[23] = clamp01(p->expected_min / 30.0);
	out[24] = curator > 0;
	out[25] = curator == 2;
}

/* ---- the query ----------------------------------------------------------------- */

struct qbuf {
	char *buf;
	size_t cap, len;
};

static void q_add(struct qbuf *q, const struct tu_course *c, const char *topic)
{
	const struct tu_course_topic *t = tu_course_topic_find(c, topic);
	int n = snprintf(q->buf + q->len, q->cap - q->len, "%s %s ", topic,
			 t ? t->title : "");

	if (n > 0 && (size_t)n < q->cap - q->len)
		q->len += (size_t)n;
}

static void q_goals(struct qbuf *q, const struct tu_course *c,
		    const struct tu_learner_state *st)
{
	for (size_t g = 0; g < st->n_goals; g++)
		if (!st->goals[g].aligned &&
		    !strncmp(st->goals[g].metric, "mastery:", 8))
			q_add(q, c, st->goals[g].metric + 8);
}

static void q_last_failed(struct qbuf *q, const struct tu_course *c,
			  const struct tu_learner_state *st)
{
	const struct tu_item_progress *best = NULL;
	const struct tu_course_problem *p;

	for (size_t i = 0; i < st->n_items; i++) {
		const struct tu_item_progress *ip = &st->items[i];

		if (!ip->solved && ip->failures > 0 &&
		    (!best || ip->last_attempt > best->last_attempt))
			best = ip;
	}
	if (best && (p = tu_course_problem_find(c, best->item)))
		for (size_t i = 0; i < p->n_topics; i++)
			q_add(q, c, p->topics[i]);
}

/* Open topics: below the growth zone, every prerequisite at >= 0.3;
 * practised ones (the weakest) first, then new ones in graph order; 4. */
static void q_open(struct qbuf *q, const struct tu_course *c,
		   const struct tu_learner_state *st)
{
	const struct tu_topic_graph *g = &c->graph;
	size_t n = 0;

	for (int pass = 0; pass < 2 && n < 4; pass++)
		for (size_t t = 0; t < g->n_topics && n < 4; t++) {
			const struct tu_topic_state *ts =
				tu_learner_topic_find(st, g->ids[t]);
			bool open = true;

			if ((pass == 0) != (ts != NULL) ||
			    (ts && ts->mastery >= GROWTH_HI))
				continue;
			for (size_t e = g->pre_start[t];
			     e < g->pre_start[t + 1]; e++)
				open &= topic_m(st, g->ids[g->pre[e]]) >=
					GROWTH_LO;
			if (open) {
				q_add(q, c, g->ids[t]);
				n++;
			}
		}
}

void tu_path_query(const struct tu_course *course,
		   const struct tu_learner_state *st, char *buf, size_t cap)
{
	struct qbuf q = { buf, cap, 0 };

	if (cap == 0)
		return;
	buf[0] = '\0';
	q_goals(&q, course, st);
	q_last_failed(&q, course, st);
	q_open(&q, course, st);
}

/* ---- the index -------------------------------------------------------------------- */

enum tu_status tu_path_index(const struct tu_course *course,
			     struct tu_retr_index *ix, struct tu_err *err)
{
	struct tu_retr_config cfg;
	struct tu_retr_docs d;
	enum tu_status st;

	tu_retr_docs_init(&d);
	st = tu_retr_course_docs(course, TU_RETR_COURSE_PROBLEMS |
					 TU_RETR_COURSE_BODIES, &d, err);
	tu_retr_config_default(&cfg);
	if (!st)
		st = tu_retr_index_build(ix, &cfg, d.docs, d.n, err);
	tu_retr_docs_release(&d);
	return st;
}

/* ---- candidates and picks ----------------------------------------------------------- */

struct cands {
	size_t k;
	const struct tu_course_problem *cand[TU_PATH_K_MAX];
	double score[TU_PATH_K_MAX];
	int curator[TU_PATH_K_MAX];
	double feats[TU_PATH_K_MAX * TU_PATH_FEATURES];
};

/* Solved problems are taken, unless their review is due. */
static size_t taken_ids(const struct tu_learner_state *st, int64_t now,
			const char **ids)
{
	size_t n = 0;

	for (size_t i = 0; i < st->n_items; i++) {
		const struct tu_review_item *r =
			tu_learner_review_find(st, st->items[i].item);

		if (st->items[i].solved &&
		    !(r && r->due != TU_TIME_NONE && r->due <= now))
			ids[n++] = st->items[i].item;
	}
	return n;
}

/* The curator's 3 picks join the candidates (marked; those already
 * retrieved are marked in place). */
static enum tu_status add_curator(const struct tu_agent_ctx *ctx,
				  const struct tu_learner_state *st,
				  struct cands *c, struct tu_err *err)
{
	struct tu_pick_list list;
	enum tu_status s = tu__curator_candidates(ctx, st, 3, &list, err);

	for (size_t i = 0; !s && i < list.n; i++) {
		const struct tu_course_problem *p =
			tu_course_problem_find(ctx->course,
					       list.picks[i].item);
		int mark = list.picks[i].reason.bucket == TU_BUCKET_REVIEW ?
				   2 : 1;
		size_t j = 0;

		while (j < c->k && c->cand[j] != p)
			j++;
		if (!p || (j == c->k && c->k == TU_PATH_K_MAX))
			continue;
		if (j == c->k) {
			c->cand[c->k] = p;
			c->score[c->k++] = 0.0;
		}
		c->curator[j] = mark;
	}
	return s;
}

static enum tu_status candidates(const struct tu_agent_ctx *ctx,
				 const struct tu_learner_state *st,
				 struct cands *c, struct tu_err *err)
{
	const struct tu_path_config *pc = &ctx->cfg->path;
	struct tu_retr_hit hits[TU_PATH_K_MAX];
	struct tu_retr_query q;
	char text[4096];
	const char **ids = malloc((st->n_items + 1) * sizeof(*ids));
	enum tu_status s;
	size_t n = 0;

	if (!ids)
		return tu__nomem(AGENT, err);
	tu_path_query(ctx->course, st, text, sizeof(text));
	tu_retr_query_default(&q);
	q.text = text;
	q.k = pc->k;
	q.exclude = ids;
	q.n_exclude = taken_ids(st, ctx->now, ids);
	s = tu_retr_search(pc->index, &q, hits, &n, err);
	free(ids);
	c->k = 0;
	for (size_t i = 0; !s && i < n && c->k < TU_PATH_K_MAX; i++) {
		const struct tu_course_problem *p =
			tu_course_problem_find(ctx->course, hits[i].id);

		if (!p)
			continue;
		c->curator[c->k] = 0;
		c->cand[c->k] = p;
		c->score[c->k++] = hits[i].score;
	}
	if (!s)
		s = add_curator(ctx, st, c, err);
	for (size_t i = 0; i < c->k; i++)
		tu_path_features(ctx->cfg, ctx->course, st, c->cand[i],
				 c->score[i], i, c->k, c->curator[i],
				 ctx->now, &c->feats[i * TU_PATH_FEATURES]);
	return s;
}

static enum tu_status choose(const struct tu_agent_ctx *ctx,
			     const struct tu_learner_state *st,
			     const struct cands *c, size_t *chosen,
			     struct tu_err *err)
{
	const struct tu_path_config *pc = &ctx->cfg->path;
	struct tu_path_choice ch = { st, ctx->course, ctx->now, c->k,
				     c->cand, c->feats, c->score };
	enum tu_status s;

	if (pc->choose) {
		s = pc->choose(pc->choose_ud, &ch, chosen, err);
		if (!s && *chosen >= c->k)
			s = tu_err_set(err, TU_EINTERNAL, "%s: chooser picked "
				       "%zu of %zu candidates", AGENT, *chosen,
				       c->k);
		return s;
	}
	*chosen = ctx->cfg->policy == TU_POLICY_MODEL ?
			  tu_mlp_argmax(pc->model, c->feats, c->k) : 0;
	return TU_OK;
}

/* Drops candidate i, keeping the order. */
static void drop(struct cands *c, size_t i)
{
	size_t rest = c->k - i - 1;

	memmove(&c->cand[i], &c->cand[i + 1], rest * sizeof(c->cand[0]));
	memmove(&c->score[i], &c->score[i + 1], rest * sizeof(c->score[0]));
	memmove(&c->curator[i], &c->curator[i + 1],
		rest * sizeof(c->curator[0]));
	memmove(&c->feats[i * TU_PATH_FEATURES],
		&c->feats[(i + 1) * TU_PATH_FEATURES],
		rest * TU_PATH_FEATURES * sizeof(c->feats[0]));
	c->k--;
}

static void add(const struct tu_agent_ctx *ctx,
		const struct tu_learner_state *st,
		const struct tu_course_problem *p, double score,
		struct tu_pick_list *list)
{
	const struct tu_curriculum *cur = &ctx->course->curriculum;
	struct tu_pick *pk = &list->picks[list->n];
	double m = tu_item_proficiency(st, p);
	size_t idx;

	if (!tu_curriculum_find(cur, p->id, &idx))
		return;
	memset(pk, 0, sizeof(*pk));
	pk->item = cur->items[idx].id;
	pk->index = idx;
	pk->reason.bucket = m < GROWTH_LO ? TU_BUCKET_CHALLENGE :
			    m > GROWTH_HI ? TU_BUCKET_MASTERED :
					    TU_BUCKET_GROWTH;
	pk->reason.code = ctx->cfg->policy == TU_POLICY_MODEL ? "policy" :
								 "retrieval";
	pk->reason.topic = p->topics[0];
	pk->reason.mastery = m;
	pk->reason.due = TU_TIME_NONE;
	snprintf(pk->reason.text, sizeof(pk->reason.text),
		 ctx->cfg->policy == TU_POLICY_MODEL ?
			 "chosen by the learned policy among %s-relevant "
			 "problems (retrieval score %.2f)" :
			 "the best match for what %s needs next (retrieval "
			 "score %.2f)",
		 ctx->cfg->policy == TU_POLICY_MODEL ? "goal" : "you",
		 score);
	list->n++;
}

enum tu_status tu__pick_path(const struct tu_agent_ctx *ctx,
			     const struct tu_learner_state *st, size_t k,
			     struct tu_pick_list *list, struct tu_err *err)
{
	struct cands *c = malloc(sizeof(*c));
	enum tu_status s;
	size_t chosen;

	if (!c)
		return tu__nomem(AGENT, err);
	s = candidates(ctx, st, c, err);
	while (!s && list->n < k && c->k > 0) {
		s = choose(ctx, st, c, &chosen, err);
		if (s)
			break;
		add(ctx, st, c->cand[chosen], c->score[chosen], list);
		drop(c, chosen);
	}
	free(c);
	return s;
}
