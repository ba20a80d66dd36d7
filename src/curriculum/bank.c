/*
 * bank.c - compiles an item bank against a topic graph (contract in
 * tutor/curriculum.h).  Pure: no I/O, no globals.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/curriculum.h"
#include "internal.h"

static const char *item_key(const void *base, size_t i)
{
	return ((const struct tu_cur_item *)base)[i].id;
}

void tu_curriculum_init(struct tu_curriculum *cur)
{
	memset(cur, 0, sizeof(*cur));
}

void tu_curriculum_release(struct tu_curriculum *cur)
{
	free(cur->items);
	free(cur->slots);
	tu_curriculum_init(cur);
}

bool tu_curriculum_find(const struct tu_curriculum *cur, const char *id,
			size_t *index)
{
	size_t i;

	if (cur->n_slots == 0 || !id)
		return false;
	i = tu__index_probe(cur->slots, cur->n_slots, cur->items, item_key, id,
			    SIZE_MAX);
	if (i == SIZE_MAX)
		return false;
	if (index)
		*index = i;
	return true;
}

static enum tu_status check_id(const struct tu_item *it, size_t i,
			       struct tu_err *err)
{
	size_t len = strnlen(it->id, TU_ID_MAX);

	if (len == 0)
		return tu_err_set(err, TU_EINVAL, "item %zu: empty id", i);
	if (len == TU_ID_MAX)
		return tu_err_set(err, TU_ERANGE, "item %zu: id not NUL-terminated "
				  "within %d bytes", i, TU_ID_MAX);
	return TU_OK;
}

static enum tu_status check_fields(const struct tu_item *it, size_t i,
				   struct tu_err *err)
{
	if (it->n_topics < 1 || it->n_topics > TU_ITEM_TOPICS_MAX)
		return tu_err_set(err, TU_ERANGE, "item %zu '%s': %zu topics, "
				  "expected 1..%d", i, it->id, it->n_topics,
				  TU_ITEM_TOPICS_MAX);
	if (it->difficulty != TU_DIFF_EASY && it->difficulty != TU_DIFF_MEDIUM &&
	    it->difficulty != TU_DIFF_HARD)
		return tu_err_set(err, TU_EINVAL, "item %zu '%s': difficulty %d is "
				  "not easy/medium/hard", i, it->id,
				  (int)it->difficulty);
	if (!isfinite(it->expected_min) || it->expected_min < 0)
		return tu_err_set(err, TU_ERANGE, "item %zu '%s': expected minutes "
				  "%g must be finite and >= 0", i, it->id,
				  it->expected_min);
	return TU_OK;
}

/* Copies item i into out, interning its topics. */
static enum tu_status compile_item(const struct tu_topic_graph *g,
				   const struct tu_item *it, size_t i,
				   struct tu_cur_item *out, struct tu_err *err)
{
	enum tu_status rc = check_id(it, i, err);

	if (!rc)
		rc = check_fields(it, i, err);
	if (rc)
		return rc;
	memcpy(out->id, it->id, TU_ID_MAX);
	out->n_topics = (uint32_t)it->n_topics;
	out->difficulty = it->difficulty;
	out->expected_min = it->expected_min;
	for (size_t j = 0; j < it->n_topics; j++) {
		size_t t;

		if (strnlen(it->topics[j], TU_ID_MAX) == TU_ID_MAX ||
		    !tu_topic_graph_find(g, it->topics[j], &t))
			return tu_err_set(err, TU_EINVAL, "item %zu '%s': topic '%.*s' "
					  "is not in the topic graph", i, it->id,
					  TU_ID_MAX - 1, it->topics[j]);
		for (size_t k = 0; k < j; k++)
			if (out->topic[k] == (uint32_t)t)
				return tu_err_set(err, TU_EINVAL, "item %zu '%s': "
						  "topic '%s' listed twice", i,
						  it->id, it->topics[j]);
		out->topic[j] = (uint32_t)t;
	}
	return TU_OK;
}

static int cmp_item(const void *a, const void *b)
{
	return strcmp(((const struct tu_cur_item *)a)->id,
		      ((const struct tu_cur_item *)b)->id);
}

/* Sorts by id, then builds the index; adjacent equal ids are duplicates. */
static enum tu_status index_items(struct tu_curriculum *cur,
				  struct tu_err *err)
{
	qsort(cur->items, cur->n_items, sizeof(*cur->items), cmp_item);
	for (size_t i = 0; i < cur->n_items; i++) {
		if (i > 0 && strcmp(cur->items[i].id, cur->items[i - 1].id) == 0)
			return tu_err_set(err, TU_EINVAL, "item '%s': duplicate id",
					  cur->items[i].id);
		tu__index_probe(cur->slots, cur->n_slots, cur->items, item_key,
				cur->items[i].id, i);
	}
	return TU_OK;
}

enum tu_status tu_curriculum_build(struct tu_curriculum *cur,
				   const struct tu_topic_graph *graph,
				   const struct tu_item *items, size_t n_items,
				   struct tu_err *err)
{
	enum tu_status rc = TU_OK;

	tu_curriculum_init(cur);
	if (n_items > TU_CUR_ITEMS_MAX)
		return tu_err_set(err, TU_ERANGE, "item bank: %zu items, at most %d",
				  n_items, TU_CUR_ITEMS_MAX);
	if (!graph || (n_items && !items))
		return tu_err_set(err, TU_EINVAL, "item bank: NULL argument");
	cur->graph = graph;
	cur->n_items = n_items;
	cur->n_slots = tu__index_slots(n_items);
	cur->items = calloc(n_items + 1, sizeof(*cur->items));
	cur->slots = calloc(cur->n_slots, sizeof(*cur->slots));
	if (!cur->items || !cur->slots)
		rc = tu_err_set(err, TU_ENOMEM, "item bank: out of memory");
	for (size_t i = 0; !rc && i < n_items; i++)
		rc = compile_item(graph, &items[i], i, &cur->items[i], err);
	if (!rc)
		rc = index_items(cur, err);
	if (rc)
		tu_curriculum_release(cur);
	return rc;
}
