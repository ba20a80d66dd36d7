/*
 * graph.c - the topic prerequisite DAG and the id hash index (contracts in
 * tutor/curriculum.h and internal.h).  Pure: no I/O, no globals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/curriculum.h"
#include "internal.h"

enum { WHITE = 0, GREY, BLACK };

size_t tu__index_slots(size_t n)
{
	size_t s = 8;

	while (s < 2 * n)
		s *= 2;
	return s;
}

static uint64_t hash_id(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a 64 */

	for (; *s; s++)
		h = (h ^ (uint64_t)(unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

size_t tu__index_probe(uint32_t *slots, size_t n_slots, const void *base,
		       tu__key_fn key, const char *id, size_t insert)
{
	size_t mask = n_slots - 1;
	size_t i = (size_t)hash_id(id) & mask;

	for (;; i = (i + 1) & mask) {
		uint32_t v = slots[i];

		if (v == 0) {
			if (insert != SIZE_MAX)
				slots[i] = (uint32_t)(insert + 1);
			return SIZE_MAX;
		}
		if (strcmp(key(base, v - 1), id) == 0)
			return v - 1;
	}
}

static const char *graph_key(const void *base, size_t i)
{
	return (const char *)base + i * TU_ID_MAX;
}

void tu_topic_graph_init(struct tu_topic_graph *g)
{
	memset(g, 0, sizeof(*g));
}

void tu_topic_graph_release(struct tu_topic_graph *g)
{
	free(g->ids);
	free(g->pre_start);
	free(g->pre);
	free(g->slots);
	tu_topic_graph_init(g);
}

bool tu_topic_graph_find(const struct tu_topic_graph *g, const char *id,
			 size_t *index)
{
	size_t i;

	if (g->n_slots == 0 || !id)
		return false;
	i = tu__index_probe(g->slots, g->n_slots, g->ids, graph_key, id,
			    SIZE_MAX);
	if (i == SIZE_MAX)
		return false;
	if (index)
		*index = i;
	return true;
}

static enum tu_status add_ids(struct tu_topic_graph *g,
			      const char *const *ids, size_t n,
			      struct tu_err *err)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = ids[i] ? strlen(ids[i]) : 0;
		size_t prev;

		if (len == 0)
			return tu_err_set(err, TU_EINVAL, "topic %zu: empty id", i);
		if (len >= TU_ID_MAX)
			return tu_err_set(err, TU_ERANGE,
					  "topic %zu: id longer than %d bytes",
					  i, TU_ID_MAX - 1);
		memcpy(g->ids[i], ids[i], len + 1);
		prev = tu__index_probe(g->slots, g->n_slots, g->ids, graph_key,
				       ids[i], i);
		if (prev != SIZE_MAX)
			return tu_err_set(err, TU_EINVAL,
					  "topic %zu: duplicate id '%s' (first at %zu)",
					  i, ids[i], prev);
	}
	return TU_OK;
}

static enum tu_status resolve_edge(const struct tu_topic_graph *g,
				   const struct tu_prereq *e, size_t i,
				   uint32_t *t, uint32_t *p, struct tu_err *err)
{
	size_t a, b;

	if (!tu_topic_graph_find(g, e->topic, &a))
		return tu_err_set(err, TU_EINVAL, "edge %zu: unknown topic '%s'",
				  i, e->topic ? e->topic : "(null)");
	if (!tu_topic_graph_find(g, e->requires, &b))
		return tu_err_set(err, TU_EINVAL,
				  "edge %zu: unknown prerequisite '%s' of '%s'", i,
				  e->requires ? e->requires : "(null)", e->topic);
	if (a == b)
		return tu_err_set(err, TU_EDATA, "cycle: %s -> %s", e->topic,
				  e->topic);
	*t = (uint32_t)a;
	*p = (uint32_t)b;
	return TU_OK;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Fills the CSR arrays; rejects duplicate edges. */
static enum tu_status add_edges(struct tu_topic_graph *g,
				const struct tu_prereq *edges, size_t n,
				struct tu_err *err)
{
	size_t *fill = g->pre_start;
	uint32_t t = 0, p = 0;

	for (size_t i = 0; i < n; i++) {
		enum tu_status rc = resolve_edge(g, &edges[i], i, &t, &p, err);

		if (rc)
			return rc;
		fill[t + 1]++;
	}
	for (size_t i = 0; i < g->n_topics; i++)
		fill[i + 1] += fill[i];
	for (size_t i = 0; i < n; i++) {
		resolve_edge(g, &edges[i], i, &t, &p, NULL);
		g->pre[fill[t]++] = p;
	}
	memmove(fill + 1, fill, g->n_topics * sizeof(*fill));
	fill[0] = 0;
	for (size_t i = 0; i < g->n_topics; i++) {
		uint32_t *list = g->pre + fill[i];
		size_t d = fill[i + 1] - fill[i];

		qsort(list, d, sizeof(*list), cmp_u32);
		for (size_t j = 1; j < d; j++)
			if (list[j] == list[j - 1])
				return tu_err_set(err, TU_EINVAL,
						  "duplicate edge: '%s' requires '%s'",
						  g->ids[i], g->ids[list[j]]);
	}
	return TU_OK;
}

/* Writes "a -> b -> ... -> a" for the cycle stack[from..top] into err. */
static enum tu_status report_cycle(const struct tu_topic_graph *g,
				   const uint32_t *stack, size_t from,
				   size_t top, struct tu_err *err)
{
	char buf[TU_ERR_MSG_MAX - 16];
	size_t len;

	len = (size_t)snprintf(buf, sizeof(buf), "%s", g->ids[stack[from]]);
	for (size_t i = top + 1; i-- > from && len < sizeof(buf);)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, " -> %s",
					g->ids[stack[i]]);
	return tu_err_set(err, TU_EDATA, "cycle: %s", buf);
}

/* Iterative DFS along "requires" edges; a grey target closes a cycle. */
static enum tu_status check_acyclic(const struct tu_topic_graph *g,
				    uint8_t *color, uint32_t *stack,
				    size_t *cursor, struct tu_err *err)
{
	for (size_t root = 0; root < g->n_topics; root++) {
		size_t top = 0;

		if (color[root] != WHITE)
			continue;
		stack[0] = (uint32_t)root;
		cursor[0] = g->pre_start[root];
		color[root] = GREY;
		for (;;) {
			uint32_t u = stack[top], v;

			if (cursor[top] == g->pre_start[u + 1]) {
				color[u] = BLACK;
				if (top-- == 0)
					break;
				continue;
			}
			v = g->pre[cursor[top]++];
			if (color[v] == GREY) {
				size_t from = top;

				while (stack[from] != v)
					from--;
				return report_cycle(g, stack, from, top, err);
			}
			if (color[v] == WHITE) {
				color[v] = GREY;
				stack[++top] = v;
				cursor[top] = g->pre_start[v];
			}
		}
	}
	return TU_OK;
}

static enum tu_status validate_acyclic(const struct tu_topic_graph *g,
				       struct tu_err *err)
{
	size_t n = g->n_topics;
	uint8_t *color = calloc(n + 1, 1);
	uint32_t *stack = calloc(n + 1, sizeof(*stack));
	size_t *cursor = calloc(n + 1, sizeof(*cursor));
	enum tu_status rc;

	if (!color || !stack || !cursor)
		rc = tu_err_set(err, TU_ENOMEM, "topic graph: out of memory");
	else
		rc = check_acyclic(g, color, stack, cursor, err);
	free(color);
	free(stack);
	free(cursor);
	return rc;
}

static enum tu_status check_sizes(size_t n_ids, size_t n_edges,
				  const void *ids, const void *edges,
				  struct tu_err *err)
{
	if (n_ids > TU_CUR_TOPICS_MAX)
		return tu_err_set(err, TU_ERANGE, "topic graph: %zu topics, at most %d",
				  n_ids, TU_CUR_TOPICS_MAX);
	if (n_edges > TU_CUR_EDGES_MAX)
		return tu_err_set(err, TU_ERANGE, "topic graph: %zu edges, at most %d",
				  n_edges, TU_CUR_EDGES_MAX);
	if ((n_ids && !ids) || (n_edges && !edges))
		return tu_err_set(err, TU_EINVAL, "topic graph: NULL array");
	return TU_OK;
}

enum tu_status tu_topic_graph_build(struct tu_topic_graph *g,
				    const char *const *ids, size_t n_ids,
				    const struct tu_prereq *edges,
				    size_t n_edges, struct tu_err *err)
{
	enum tu_status rc = check_sizes(n_ids, n_edges, ids, edges, err);

	tu_topic_graph_init(g);
	if (rc)
		return rc;
	g->n_topics = n_ids;
	g->n_edges = n_edges;
	g->n_slots = tu__index_slots(n_ids);
	g->ids = calloc(n_ids + 1, sizeof(*g->ids));
	g->pre_start = calloc(n_ids + 1, sizeof(*g->pre_start));
	g->pre = calloc(n_edges + 1, sizeof(*g->pre));
	g->slots = calloc(g->n_slots, sizeof(*g->slots));
	if (!g->ids || !g->pre_start || !g->pre || !g->slots)
		rc = tu_err_set(err, TU_ENOMEM, "topic graph: out of memory");
	if (!rc)
		rc = add_ids(g, ids, n_ids, err);
	if (!rc)
		rc = add_edges(g, edges, n_edges, err);
	if (!rc)
		rc = validate_acyclic(g, err);
	if (rc)
		tu_topic_graph_release(g);
	return rc;
}
