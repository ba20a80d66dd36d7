/*
 * search.c - fusion of the BM25 and dense score lists (min-max normalised
 * weighted sum, or reciprocal rank fusion), the exclusion list and the
 * top k (tutor/retrieval.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "retrieval_internal.h"

/* ---- fusion ------------------------------------------------------------- */

static bool is_cand(const bool *cand, size_t i)
{
	return !cand || cand[i];
}

/* x' = (x - min) / (max - min) over the candidates into out (scaled by
 * w and added); max = min gives 1 when max > 0, else 0. */
static void add_minmax(const double *x, const bool *cand, size_t n, double w,
		       double *out)
{
	double lo = INFINITY, hi = -INFINITY;

	for (size_t i = 0; i < n; i++)
		if (is_cand(cand, i)) {
			lo = x[i] < lo ? x[i] : lo;
			hi = x[i] > hi ? x[i] : hi;
		}
	for (size_t i = 0; i < n; i++) {
		if (!is_cand(cand, i))
			continue;
		if (hi > lo)
			out[i] += w * ((x[i] - lo) / (hi - lo));
		else if (hi > 0.0)
			out[i] += w;
	}
}

/* Scratch of the rank lists: indexes and sort keys, twice. */
struct rank_buf {
	size_t *idx, *ti;
	uint64_t *key, *tk;
};

/*
 * Sorts idx[0..m) by key ascending, stably (LSD radix sort, 8 bits a
 * pass; a pass where every key has the same byte is skipped).
 */
static void radix(struct rank_buf *b, size_t m)
{
	size_t *idx = b->idx, *ti = b->ti, *ts;
	uint64_t *key = b->key, *tk = b->tk, *t;

	for (unsigned shift = 0; shift < 64; shift += 8) {
		size_t cnt[257] = { 0 };

		for (size_t i = 0; i < m; i++)
			cnt[((key[i] >> shift) & 255u) + 1]++;
		if (m == 0 || cnt[((key[0] >> shift) & 255u) + 1] == m)
			continue;
		for (size_t c = 0; c < 256; c++)
			cnt[c + 1] += cnt[c];
		for (size_t i = 0; i < m; i++) {
			size_t at = cnt[(key[i] >> shift) & 255u]++;

			tk[at] = key[i];
			ti[at] = idx[i];
		}
		t = key, key = tk, tk = t;
		ts = idx, idx = ti, ti = ts;
	}
	if (idx != b->idx)
		memcpy(b->idx, idx, m * sizeof(*idx));
}

/* Adds 1 / (60 + rank) for the candidates with x > 0, ranked highest
 * first; tied scores share the best rank (1, 1, 3, ...). */
static void add_rrf(const double *x, const bool *cand, size_t n,
		    struct rank_buf *b, double *out)
{
	size_t m = 0, rank = 0;

	for (size_t i = 0; i < n; i++)
		if (is_cand(cand, i) && x[i] > 0.0) {
			uint64_t bits;

			memcpy(&bits, &x[i], sizeof bits);
			b->key[m] = ~bits;   /* positive doubles: descending */
			b->idx[m++] = i;
		}
	radix(b, m);
	for (size_t r = 0; r < m; r++) {
		if (r == 0 || x[b->idx[r]] != x[b->idx[r - 1]])
			rank = r + 1;
		out[b->idx[r]] += 1.0 / (TU_RETR_RRF_K + (double)rank);
	}
}

enum tu_status tu_retr_fuse(enum tu_retr_fusion how, double alpha,
			    const double *bm25, const double *dense,
			    const bool *cand, size_t n, double *out,
			    struct tu_err *err)
{
	struct rank_buf b;

	if (!bm25 || !dense || !out || n == 0)
		return tu_err_set(err, TU_EINVAL, "fuse: no scores");
	if (how != TU_RETR_FUSE_MINMAX && how != TU_RETR_FUSE_RRF)
		return tu_err_set(err, TU_EINVAL, "fuse: unknown method %d",
				  (int)how);
	if (!(alpha >= 0.0 && alpha <= 1.0))
		return tu_err_set(err, TU_EINVAL, "fuse: alpha %g outside "
				  "[0, 1]", alpha);
	memset(out, 0, n * sizeof(*out));
	if (how == TU_RETR_FUSE_MINMAX) {
		add_minmax(bm25, cand, n, alpha, out);
		add_minmax(dense, cand, n, 1.0 - alpha, out);
		return TU_OK;
	}
	b.idx = malloc(2 * n * sizeof(*b.idx));
	b.key = malloc(2 * n * sizeof(*b.key));
	if (!b.idx || !b.key) {
		free(b.idx);
		free(b.key);
		return tu_err_set(err, TU_ENOMEM, "fuse: out of memory");
	}
	b.ti = b.idx + n;
	b.tk = b.key + n;
	add_rrf(bm25, cand, n, &b, out);
	add_rrf(dense, cand, n, &b, out);
	free(b.idx);
	free(b.key);
	return TU_OK;
}

/* ---- top k -------------------------------------------------------------- */

/* True when document a ranks before b. */
static bool before(const struct tu_retr_index *ix, const double *s,
		   size_t a, size_t b)
{
	int c;

	if (s[a] != s[b])
		return s[a] > s[b];
	c = strcmp(ix->ids[a], ix->ids[b]);
	return c != 0 ? c < 0 : a < b;
}

/* A heap of k documents with the worst at the root. */
struct heap {
	const struct tu_retr_index *ix;
	const double *s;
	size_t *h;
	size_t n, k;
};

static void sift_down(struct heap *p, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, w = i, t;

		if (l < p->n && before(p->ix, p->s, p->h[w], p->h[l]))
			w = l;
		if (r < p->n && before(p->ix, p->s, p->h[w], p->h[r]))
			w = r;
		if (w == i)
			return;
		t = p->h[i];
		p->h[i] = p->h[w];
		p->h[w] = t;
		i = w;
	}
}

static void sift_up(struct heap *p, size_t i)
{
	while (i > 0) {
		size_t up = (i - 1) / 2, t;

		if (!before(p->ix, p->s, p->h[up], p->h[i]))
			return;
		t = p->h[i];
		p->h[i] = p->h[up];
		p->h[up] = t;
		i = up;
	}
}

static void offer(struct heap *p, size_t d)
{
	if (p->n < p->k) {
		p->h[p->n++] = d;
		sift_up(p, p->n - 1);
	} else if (before(p->ix, p->s, d, p->h[0])) {
		p->h[0] = d;
		sift_down(p, 0);
	}
}

/* The best k candidates, best first, into idx; returns how many. */
static size_t top_k(const struct tu_retr_index *ix, const double *s,
		    const bool *cand, size_t k, size_t *idx)
{
	struct heap p = { ix, s, idx, 0, k };
	size_t n;

	for (size_t d = 0; d < ix->n_docs; d++)
		if (cand[d])
			offer(&p, d);
	n = p.n;
	while (p.n > 1) {                 /* heap sort: worst to the end */
		size_t t = p.h[0];

		p.h[0] = p.h[--p.n];
		p.h[p.n] = t;
		sift_down(&p, 0);
	}
	return n;
}

/* ---- search ------------------------------------------------------------- */

void tu_retr_query_default(struct tu_retr_query *q)
{
	memset(q, 0, sizeof(*q));
	q->fusion = TU_RETR_FUSE_MINMAX;
	q->alpha = 0.5;
	q->k = TU_RETR_TOPK_DEFAULT;
}

static enum tu_status check_search(const struct tu_retr_index *ix,
				   const struct tu_retr_query *q,
				   const struct tu_retr_hit *hits,
				   const size_t *n_hits, struct tu_err *err)
{
	if (!ix || ix->n_docs == 0 || !q || !hits || !n_hits)
		return tu_err_set(err, TU_EINVAL, "search: %s", !ix ||
				  ix->n_docs == 0 ? "the index is empty" :
				  "no query or output");
	if (q->k == 0)
		return tu_err_set(err, TU_EINVAL, "search: k is 0");
	if (q->n_exclude > TU_RETR_EXCLUDE_MAX)
		return tu_err_set(err, TU_ERANGE, "search: %zu excluded ids "
				  "(max %d)", q->n_exclude,
				  TU_RETR_EXCLUDE_MAX);
	if (q->n_exclude > 0 && !q->exclude)
		return tu_err_set(err, TU_EINVAL, "search: no exclusion list");
	for (size_t i = 0; i < q->n_exclude; i++)
		if (!q->exclude[i] || strnlen(q->exclude[i], TU_RETR_ID_MAX) >=
		    TU_RETR_ID_MAX)
			return tu_err_set(err, TU_EINVAL, "search: excluded id "
					  "%zu is missing or longer than %d "
					  "bytes", i, TU_RETR_ID_MAX - 1);
	return tu__rt_check_query(q->text, err);
}

/* Marks every document whose id is id as not a candidate. */
static void exclude(const struct tu_retr_index *ix, const char *id,
		    bool *cand)
{
	size_t mask = ix->id_cap - 1;
	size_t i = (size_t)tu__rt_hash(id, strlen(id)) & mask;

	for (; ix->id_slot[i] != TU__RT_EMPTY; i = (i + 1) & mask)
		if (strcmp(ix->ids[ix->id_slot[i]], id) == 0)
			cand[ix->id_slot[i]] = false;
}

/* Scratch of one search: 3 score arrays, candidates, top-k indexes. */
struct scratch {
	double *bm25, *dense, *fused;
	bool *cand;
	size_t *idx;
};

static bool scratch_alloc(struct scratch *s, size_t n, size_t k)
{
	s->bm25 = malloc(3 * n * sizeof(double));
	s->dense = s->bm25 ? s->bm25 + n : NULL;
	s->fused = s->bm25 ? s->bm25 + 2 * n : NULL;
	s->cand = malloc(n * sizeof(bool));
	s->idx = malloc(k * sizeof(size_t));
	return s->bm25 && s->cand && s->idx;
}

static void scratch_release(struct scratch *s)
{
	free(s->bm25);
	free(s->cand);
	free(s->idx);
}

static enum tu_status score_all(const struct tu_retr_index *ix,
				const struct tu_retr_query *q,
				struct scratch *s, struct tu_err *err)
{
	enum tu_status st = tu_retr_bm25_scores(ix, q->text, s->bm25, err);

	if (!st)
		st = tu_retr_dense_scores(ix, q->text, s->dense, err);
	for (size_t d = 0; d < ix->n_docs; d++)
		s->cand[d] = true;
	for (size_t i = 0; i < q->n_exclude; i++)
		exclude(ix, q->exclude[i], s->cand);
	if (!st)
		st = tu_retr_fuse(q->fusion, q->alpha, s->bm25, s->dense,
				  s->cand, ix->n_docs, s->fused, err);
	return st;
}

enum tu_status tu_retr_search(const struct tu_retr_index *ix,
			      const struct tu_retr_query *q,
			      struct tu_retr_hit *hits, size_t *n_hits,
			      struct tu_err *err)
{
	enum tu_status st = check_search(ix, q, hits, n_hits, err);
	struct scratch s;
	size_t k, n;

	if (st)
		return st;
	k = q->k < ix->n_docs ? q->k : ix->n_docs;
	if (!scratch_alloc(&s, ix->n_docs, k)) {
		scratch_release(&s);
		return tu_err_set(err, TU_ENOMEM, "search: out of memory");
	}
	st = score_all(ix, q, &s, err);
	if (!st) {
		n = top_k(ix, s.fused, s.cand, k, s.idx);
		for (size_t i = 0; i < n; i++) {
			size_t d = s.idx[i];

			hits[i] = (struct tu_retr_hit){ d, ix->ids[d],
				s.fused[d], s.bm25[d], s.dense[d] };
		}
		*n_hits = n;
	}
	scratch_release(&s);
	return st;
}
