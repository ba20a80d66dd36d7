/*
 * exercism_topics.c - the course's topics from the track's concepts.
 *
 * Kept topics are the main topics of the imported exercises (first
 * practised concept, else first prerequisite, else "general"), so every
 * topic has an entry problem.  A kept topic requires the prerequisites of
 * its concept, where a dropped concept is replaced by its own
 * (transitive) prerequisites; more than 8 requires keep the first 8 in
 * slug order; cycles are broken by a DFS in slug order that drops each
 * edge closing a cycle.  Every dropped edge is noted for the report.
 *
 * Kept topics are sorted by id, and concepts are sorted by slug, so index
 * order is slug order throughout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "content_internal.h"
#include "exercism_internal.h"

enum { WHITE = 0, GREY, BLACK };

void tu__ex_graph_release(struct tu__ex_graph *g)
{
	free(g->t);
	memset(g, 0, sizeof(*g));
}

/* The concept of exercise p's main topic, or TU__EX_GENERAL. */
static uint32_t main_concept(const struct tu__ex_practice *p)
{
	if (p->n_practices > 0)
		return p->practices[0];
	if (p->n_prereqs > 0)
		return p->prereqs[0];
	return TU__EX_GENERAL;
}

static int cmp_topic(const void *a, const void *b)
{
	return strcmp(((const struct tu__ex_topic *)a)->id,
		      ((const struct tu__ex_topic *)b)->id);
}

static long topic_find(const struct tu__ex_graph *g, const char *id)
{
	const struct tu__ex_topic *t = tu__find_id(g->t, g->n, sizeof(*g->t),
						   id);

	return t ? (long)(t - g->t) : -1;
}

/* The kept topics, sorted by id, into g. */
static enum tu_status keep_topics(const struct tu__ex_track *t,
				  const bool *used, struct tu__ex_graph *g,
				  struct tu_err *err)
{
	bool *keep = calloc(t->n_concepts + 1, sizeof(*keep));
	bool general = false;

	g->t = calloc(t->n_concepts + 2, sizeof(*g->t));
	if (!keep || !g->t) {
		free(keep);
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < t->n_practice; i++) {
		uint32_t c = used[i] ? main_concept(&t->practice[i]) : 0;

		if (used[i] && c == TU__EX_GENERAL)
			general = true;
		else if (used[i])
			keep[c] = true;
	}
	for (size_t c = 0; c < t->n_concepts; c++) {
		if (!keep[c])
			continue;
		g->t[g->n].concept = (uint32_t)c;
		memcpy(g->t[g->n++].id, t->concepts[c].slug, TU_ID_MAX);
	}
	if (general) {
		g->t[g->n].concept = TU__EX_GENERAL;
		snprintf(g->t[g->n++].id, TU_ID_MAX, "general");
	}
	qsort(g->t, g->n, sizeof(*g->t), cmp_topic);
	free(keep);
	return TU_OK;
}

static enum tu_status note_edge(struct tu__ex_notes *notes,
				const struct tu__ex_graph *g, size_t from,
				size_t to, const char *why, struct tu_err *err)
{
	char what[256];

	snprintf(what, sizeof(what), "`%s` requires `%s`", g->t[from].id,
		 g->t[to].id);
	return tu__ex_note(notes, false, what, why, err);
}

/* Topic k's requires: kept topics reachable from its concept through
 * dropped concepts only, in slug order, at most 8 (the rest noted). */
static enum tu_status contract(const struct tu__ex_track *t,
			       struct tu__ex_graph *g, size_t k,
			       const long *topic_of, unsigned char *seen,
			       uint32_t *stack, bool *hit,
			       struct tu__ex_notes *notes, struct tu_err *err)
{
	struct tu__ex_topic *tp = &g->t[k];
	size_t top = 0;
	enum tu_status st = TU_OK;

	memset(seen, 0, t->n_concepts);
	memset(hit, 0, g->n * sizeof(*hit));
	seen[tp->concept] = 1;
	for (size_t i = 0; i < t->concepts[tp->concept].prereq.n; i++) {
		uint32_t r = t->concepts[tp->concept].prereq.v[i];

		if (!seen[r]) {
			seen[r] = 1;
			stack[top++] = r;
		}
	}
	while (top > 0) {
		uint32_t c = stack[--top];
		const struct tu__ex_ids *pre = &t->concepts[c].prereq;

		if (topic_of[c] >= 0) {
			hit[topic_of[c]] = true;
			continue;
		}
		for (size_t i = 0; i < pre->n; i++)
			if (!seen[pre->v[i]]) {
				seen[pre->v[i]] = 1;
				stack[top++] = pre->v[i];
			}
	}
	for (size_t r = 0; st == TU_OK && r < g->n; r++) {
		if (!hit[r])
			continue;
		if (tp->n_req < TU_ITEM_TOPICS_MAX)
			tp->req[tp->n_req++] = (uint32_t)r;
		else
			st = note_edge(notes, g, k, r, "more than 8 requires",
				       err);
	}
	return st;
}

static enum tu_status contract_all(const struct tu__ex_track *t,
				   struct tu__ex_graph *g,
				   struct tu__ex_notes *notes,
				   struct tu_err *err)
{
	long *topic_of = malloc((t->n_concepts + 1) * sizeof(*topic_of));
	unsigned char *seen = malloc(t->n_concepts + 1);
	uint32_t *stack = malloc((t->n_concepts + 1) * sizeof(*stack));
	bool *hit = malloc((g->n + 1) * sizeof(*hit));
	enum tu_status st = TU_OK;

	if (!topic_of || !seen || !stack || !hit)
		st = tu_err_set(err, TU_ENOMEM, "out of memory");
	for (size_t c = 0; st == TU_OK && c < t->n_concepts; c++)
		topic_of[c] = topic_find(g, t->concepts[c].slug);
	for (size_t k = 0; st == TU_OK && k < g->n; k++)
		if (g->t[k].concept != TU__EX_GENERAL)
			st = contract(t, g, k, topic_of, seen, stack, hit,
				      notes, err);
	free(topic_of);
	free(seen);
	free(stack);
	free(hit);
	return st;
}

/* DFS from k along requires in slug order; an edge to a grey topic
 * closes a cycle and is dropped. */
static enum tu_status dfs(struct tu__ex_graph *g, size_t k,
			  unsigned char *color, struct tu__ex_notes *notes,
			  struct tu_err *err)
{
	struct tu__ex_topic *tp = &g->t[k];
	size_t kept = 0;
	enum tu_status st = TU_OK;

	color[k] = GREY;
	for (size_t i = 0; st == TU_OK && i < tp->n_req; i++) {
		uint32_t r = tp->req[i];

		if (color[r] == GREY) {
			st = note_edge(notes, g, k, r, "cycle", err);
			continue;
		}
		tp->req[kept++] = r;
		if (color[r] == WHITE)
			st = dfs(g, r, color, notes, err);
	}
	tp->n_req = st == TU_OK ? kept : tp->n_req;
	color[k] = BLACK;
	return st;
}

enum tu_status tu__ex_topics_build(const struct tu__ex_track *t,
				   const bool *used, struct tu__ex_graph *g,
				   struct tu__ex_notes *notes,
				   struct tu_err *err)
{
	unsigned char *color;
	enum tu_status st;

	memset(g, 0, sizeof(*g));
	st = keep_topics(t, used, g, err);
	if (st == TU_OK)
		st = contract_all(t, g, notes, err);
	color = calloc(g->n + 1, 1);
	if (st == TU_OK && !color)
		st = tu_err_set(err, TU_ENOMEM, "out of memory");
	for (size_t k = 0; st == TU_OK && k < g->n; k++)
		if (color[k] == WHITE)
			st = dfs(g, k, color, notes, err);
	free(color);
	if (st)
		tu__ex_graph_release(g);
	return st;
}

size_t tu__ex_main_topic(const struct tu__ex_track *t,
			 const struct tu__ex_graph *g, size_t p)
{
	uint32_t c = main_concept(&t->practice[p]);
	long k = topic_find(g, c == TU__EX_GENERAL ? "general"
			    : t->concepts[c].slug);

	return k < 0 ? 0 : (size_t)k;
}

/* Marks the ancestors of topic k (not k itself) in mark[]. */
static void ancestors(const struct tu__ex_graph *g, size_t k, bool *mark)
{
	for (size_t i = 0; i < g->t[k].n_req; i++) {
		uint32_t r = g->t[k].req[i];

		if (!mark[r]) {
			mark[r] = true;
			ancestors(g, r, mark);
		}
	}
}

size_t tu__ex_problem_topics(const struct tu__ex_track *t,
			     const struct tu__ex_graph *g, size_t p,
			     size_t out[TU_ITEM_TOPICS_MAX])
{
	const struct tu__ex_practice *pr = &t->practice[p];
	bool mark[TU_CONTENT_TOPICS_MAX] = { false };
	size_t n = 1;

	out[0] = tu__ex_main_topic(t, g, p);
	ancestors(g, out[0], mark);
	for (size_t i = 0; i < pr->n_practices && n < TU_ITEM_TOPICS_MAX;
	     i++) {
		long k = topic_find(g, t->concepts[pr->practices[i]].slug);

		if (k < 0 || !mark[k])
			continue;
		out[n++] = (size_t)k;
		mark[k] = false;  /* listed once */
	}
	return n;
}
