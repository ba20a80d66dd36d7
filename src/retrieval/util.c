/*
 * util.c - small shared pieces of src/retrieval: hashing, growable
 * arrays and the distinct terms of a text (retrieval_internal.h).
 */
#include <stdlib.h>
#include <string.h>

#include "retrieval_internal.h"

uint64_t tu__rt_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

size_t tu__rt_slots_for(size_t n)
{
	size_t cap = 16;

	while (cap < 2 * n)
		cap *= 2;
	return cap;
}

bool tu__rt_reserve(void **p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return true;
	while (c < need)
		c *= 2;
	if (c > SIZE_MAX / size)
		return false;
	q = realloc(*p, c * size);
	if (!q)
		return false;
	*p = q;
	*cap = c;
	return true;
}

void tu__rt_terms_release(struct tu__rt_terms *t)
{
	free(t->id);
	free(t->count);
	memset(t, 0, sizeof(*t));
}

struct add_ctx {
	struct tu__rt_terms *t;
	const struct tu_retr_index *ix;
	uint32_t w;
};

static void add_token(void *ctx, const char *tok, size_t len)
{
	struct add_ctx *a = ctx;
	struct tu__rt_terms *t = a->t;
	long id = tu_retr_term_id(a->ix, tok);
	size_t cap = t->cap;

	(void)len;
	t->total += a->w;
	if (id < 0) {
		t->unknown += a->w;
		return;
	}
	if (t->failed || !tu__rt_reserve((void **)&t->id, &cap, t->n + 1,
					 sizeof(*t->id)) ||
	    !tu__rt_reserve((void **)&t->count, &t->cap, t->n + 1,
			    sizeof(*t->count))) {
		t->failed = true;
		return;
	}
	t->id[t->n] = (uint32_t)id;
	t->count[t->n++] = a->w;
}

void tu__rt_terms_add(struct tu__rt_terms *t, const struct tu_retr_index *ix,
		      const char *text, size_t n, uint32_t w)
{
	struct add_ctx a = { t, ix, w };

	if (w > 0)
		tu_retr_tokenize(text, n, add_token, &a);
}

static int cmp_pair(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;

	return (x[0] > y[0]) - (x[0] < y[0]);
}

bool tu__rt_terms_finish(struct tu__rt_terms *t)
{
	uint32_t *pairs;
	size_t m = 0;

	if (t->failed)
		return false;
	if (t->n == 0)
		return true;
	pairs = malloc(t->n * 2 * sizeof(*pairs));
	if (!pairs)
		return false;
	for (size_t i = 0; i < t->n; i++) {
		pairs[2 * i] = t->id[i];
		pairs[2 * i + 1] = t->count[i];
	}
	qsort(pairs, t->n, 2 * sizeof(*pairs), cmp_pair);
	for (size_t i = 0; i < t->n; i++) {
		if (m > 0 && t->id[m - 1] == pairs[2 * i]) {
			t->count[m - 1] += pairs[2 * i + 1];
			continue;
		}
		t->id[m] = pairs[2 * i];
		t->count[m++] = pairs[2 * i + 1];
	}
	t->n = m;
	free(pairs);
	return true;
}

enum tu_status tu__rt_check_query(const char *query, struct tu_err *err)
{
	if (!query)
		return tu_err_set(err, TU_EINVAL, "retrieval: no query text");
	if (strnlen(query, TU_RETR_QUERY_MAX + 1) > TU_RETR_QUERY_MAX)
		return tu_err_set(err, TU_EINVAL, "retrieval: the query is "
				  "longer than %u bytes", TU_RETR_QUERY_MAX);
	return TU_OK;
}
