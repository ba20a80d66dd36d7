/*
 * scores.c - BM25 and dense scores of a query against every document of
 * an index, and of one outside document against the index's statistics
 * (tutor/retrieval.h).  Each call allocates its own scratch, so a built
 * index serves any number of threads.
 */
#include <stdlib.h>
#include <string.h>

#include "retrieval_internal.h"

/* The distinct known terms of a query text (weight 1 per occurrence). */
static enum tu_status query_terms(const struct tu_retr_index *ix,
				  const char *query, struct tu__rt_terms *q,
				  struct tu_err *err)
{
	enum tu_status st = tu__rt_check_query(query, err);

	memset(q, 0, sizeof(*q));
	if (st)
		return st;
	tu__rt_terms_add(q, ix, query, strlen(query), 1);
	if (!tu__rt_terms_finish(q)) {
		tu__rt_terms_release(q);
		return tu_err_set(err, TU_ENOMEM, "retrieval: out of memory");
	}
	return TU_OK;
}

static enum tu_status check_ix(const struct tu_retr_index *ix,
			       const double *out, struct tu_err *err)
{
	if (!ix || ix->n_docs == 0 || !out)
		return tu_err_set(err, TU_EINVAL, "retrieval: %s",
				  !ix || ix->n_docs == 0 ? "the index is empty" :
				  "no output array");
	return TU_OK;
}

/* ---- BM25 --------------------------------------------------------------- */

double tu__rt_bm25_doc(const struct tu_retr_index *ix,
		       const struct tu__rt_terms *q, const uint32_t *f,
		       double len)
{
	double k1 = ix->cfg.k1, b = ix->cfg.b, s = 0.0;
	double norm = k1 * (1.0 - b + b * len / ix->avgdl);

	for (size_t i = 0; i < q->n; i++) {
		double x = (double)f[i];

		if (f[i] > 0)
			s += ix->idf[q->id[i]] * x * (k1 + 1.0) / (x + norm);
	}
	return s;
}

static void bm25_all(const struct tu_retr_index *ix,
		     const struct tu__rt_terms *q, double *out)
{
	double k1p1 = ix->cfg.k1 + 1.0;

	memset(out, 0, ix->n_docs * sizeof(*out));
	for (size_t i = 0; i < q->n; i++) {
		uint32_t t = q->id[i];
		double idf = ix->idf[t];

		for (size_t p = ix->post_ptr[t]; p < ix->post_ptr[t + 1]; p++) {
			uint32_t d = ix->post_doc[p];
			double x = (double)ix->post_tf[p];

			out[d] += idf * x * k1p1 / (x + ix->doc_norm[d]);
		}
	}
}

enum tu_status tu_retr_bm25_scores(const struct tu_retr_index *ix,
				   const char *query, double *out,
				   struct tu_err *err)
{
	struct tu__rt_terms q;
	enum tu_status st = check_ix(ix, out, err);

	if (!st)
		st = query_terms(ix, query, &q, err);
	if (st)
		return st;
	bm25_all(ix, &q, out);
	tu__rt_terms_release(&q);
	return TU_OK;
}

/* ---- dense -------------------------------------------------------------- */

/* s[i] += p0 c0[i] + p1 c1[i] + p2 c2[i] + p3 c3[i]: four dimensions a
 * pass over the scores. */
static void dot4(double *restrict s, size_t n, const double *restrict p,
		 const double *restrict c0, const double *restrict c1,
		 const double *restrict c2, const double *restrict c3)
{
	double p0 = p[0], p1 = p[1], p2 = p[2], p3 = p[3];

	for (size_t i = 0; i < n; i++)
		s[i] += p0 * c0[i] + p1 * c1[i] + p2 * c2[i] + p3 * c3[i];
}

void tu__rt_dense_dot(const struct tu_retr_index *ix, const double *p,
		      double *scores)
{
	size_t n = ix->n_docs, j = 0;
	const double *v = ix->doc_vec;

	memset(scores, 0, n * sizeof(*scores));
	for (; j + 4 <= ix->dim; j += 4)
		dot4(scores, n, p + j, v + j * n, v + (j + 1) * n,
		     v + (j + 2) * n, v + (j + 3) * n);
	for (; j < ix->dim; j++)
		for (size_t i = 0; i < n; i++)
			scores[i] += p[j] * v[j * n + i];
}

/* The unit dense vector of a query text into p; *zero when none. */
static enum tu_status query_vec(const struct tu_retr_index *ix,
				const char *query, double *p, bool *zero,
				struct tu_err *err)
{
	struct tu__rt_terms q;
	const char *field[TU_RETR_FIELDS] = { NULL, NULL, query };
	enum tu_status st;

	if (ix->embedded)
		return tu__rt_embed_text(ix, field, p, zero, err);
	st = query_terms(ix, query, &q, err);
	if (st)
		return st;
	*zero = !tu__rt_lsa_fold(ix, &q, p);
	tu__rt_terms_release(&q);
	return TU_OK;
}

enum tu_status tu_retr_dense_scores(const struct tu_retr_index *ix,
				    const char *query, double *out,
				    struct tu_err *err)
{
	enum tu_status st = check_ix(ix, out, err);
	double *p;
	bool zero = true;

	if (!st)
		st = tu__rt_check_query(query, err);
	if (st)
		return st;
	if (ix->dim == 0) {
		memset(out, 0, ix->n_docs * sizeof(*out));
		return TU_OK;
	}
	p = malloc(ix->dim * sizeof(*p));
	if (!p)
		return tu_err_set(err, TU_ENOMEM, "retrieval: out of memory");
	st = query_vec(ix, query, p, &zero, err);
	if (!st && zero)
		memset(out, 0, ix->n_docs * sizeof(*out));
	else if (!st)
		tu__rt_dense_dot(ix, p, out);
	free(p);
	return st;
}

/* ---- one outside document ------------------------------------------------ */

static enum tu_status doc_terms(const struct tu_retr_index *ix,
				const struct tu_retr_doc *doc,
				struct tu__rt_terms *t, struct tu_err *err)
{
	enum tu_status st = tu__rt_check_doc(doc, 0, err);

	memset(t, 0, sizeof(*t));
	if (st)
		return st;
	for (int f = 0; f < TU_RETR_FIELDS; f++)
		if (doc->field[f])
			tu__rt_terms_add(t, ix, doc->field[f],
					 strlen(doc->field[f]),
					 ix->cfg.weight[f]);
	if (!tu__rt_terms_finish(t)) {
		tu__rt_terms_release(t);
		return tu_err_set(err, TU_ENOMEM, "retrieval: out of memory");
	}
	return TU_OK;
}

/* BM25 of the document terms d for the query terms q (both sorted). */
static enum tu_status doc_bm25(const struct tu_retr_index *ix,
			       const struct tu__rt_terms *q,
			       const struct tu__rt_terms *d, double *out,
			       struct tu_err *err)
{
	uint32_t *f = calloc(q->n + 1, sizeof(*f));
	size_t j = 0;

	if (!f)
		return tu_err_set(err, TU_ENOMEM, "retrieval: out of memory");
	for (size_t i = 0; i < q->n; i++) {
		while (j < d->n && d->id[j] < q->id[i])
			j++;
		if (j < d->n && d->id[j] == q->id[i])
			f[i] = d->count[j];
	}
	*out = tu__rt_bm25_doc(ix, q, f, (double)d->total);
	free(f);
	return TU_OK;
}

static enum tu_status doc_dense(const struct tu_retr_index *ix,
				const char *query,
				const struct tu_retr_doc *doc,
				const struct tu__rt_terms *d, double *out,
				struct tu_err *err)
{
	double *p = malloc(2 * (ix->dim + 1) * sizeof(*p)), *v;
	bool zq = true, zd = true;
	enum tu_status st;

	*out = 0.0;
	if (!p)
		return tu_err_set(err, TU_ENOMEM, "retrieval: out of memory");
	v = p + ix->dim + 1;
	st = query_vec(ix, query, p, &zq, err);
	if (!st && ix->embedded)
		st = tu__rt_embed_text(ix, doc->field, v, &zd, err);
	else if (!st)
		zd = !tu__rt_lsa_fold(ix, d, v);
	for (size_t j = 0; !st && !zq && !zd && j < ix->dim; j++)
		*out += p[j] * v[j];
	free(p);
	return st;
}

enum tu_status tu_retr_score_doc(const struct tu_retr_index *ix,
				 const char *query,
				 const struct tu_retr_doc *doc,
				 double *bm25, double *dense,
				 struct tu_err *err)
{
	struct tu__rt_terms q, d;
	enum tu_status st = check_ix(ix, bm25, err);

	if (!st && (!doc || !dense))
		st = tu_err_set(err, TU_EINVAL, "retrieval: no document or "
				"output");
	if (!st)
		st = query_terms(ix, query, &q, err);
	if (st)
		return st;
	st = doc_terms(ix, doc, &d, err);
	if (!st)
		st = doc_bm25(ix, &q, &d, bm25, err);
	if (!st && ix->dim > 0)
		st = doc_dense(ix, query, doc, &d, dense, err);
	else if (!st)
		*dense = 0.0;
	tu__rt_terms_release(&q);
	tu__rt_terms_release(&d);
	return st;
}
