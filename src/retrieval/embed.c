/*
 * embed.c - the dense part of an index from a caller's embedding function
 * (tu_retr_embed_fn, e.g. a wrapper around tu_llm_embed) instead of LSA.
 * A document's text is its fields joined by newlines (empty fields left
 * out) and cut at TU_RETR_EMBED_TEXT_MAX bytes on a UTF-8 boundary; a
 * document with no text gets a zero vector without a call.  Vectors are
 * checked (one dimension, finite) and normalised to unit length.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "retrieval_internal.h"

/* Bytes of s to keep under max without cutting a UTF-8 character. */
static size_t cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

/* The text sent for fields (malloc), "" when there is none; NULL: OOM. */
static char *compose(const char *const field[TU_RETR_FIELDS])
{
	char *t = malloc(TU_RETR_EMBED_TEXT_MAX + 1);
	size_t n = 0;

	if (!t)
		return NULL;
	for (int f = 0; f < TU_RETR_FIELDS; f++) {
		const char *s = field[f];
		size_t len;

		if (!s || !s[0] || n + (n > 0) >= TU_RETR_EMBED_TEXT_MAX)
			continue;
		if (n > 0)
			t[n++] = '\n';
		len = cut(s, strlen(s), TU_RETR_EMBED_TEXT_MAX - n);
		memcpy(t + n, s, len);
		n += len;
	}
	t[n] = '\0';
	return t;
}

/* Checks and normalises vector v (dim floats) into out[] at stride. */
static enum tu_status unit(const float *v, size_t dim, double *out,
			   size_t stride, bool *zero, struct tu_err *err)
{
	double s = 0.0;

	for (size_t j = 0; j < dim; j++) {
		if (!isfinite(v[j]))
			return tu_err_set(err, TU_EDATA, "retrieval: an "
					  "embedding has a non-finite value");
		s += (double)v[j] * (double)v[j];
	}
	*zero = !(s > 0.0);
	s = *zero ? 0.0 : 1.0 / sqrt(s);
	for (size_t j = 0; j < dim; j++)
		out[j * stride] = (double)v[j] * s;
	return TU_OK;
}

/* Calls the embed function on n texts; checks the dimension. */
static enum tu_status call(const struct tu_retr_index *ix,
			   const char *const *texts, size_t n, size_t want,
			   float **vecs, size_t *dim, struct tu_err *err)
{
	enum tu_status st;

	*vecs = NULL;
	*dim = 0;
	st = ix->cfg.embed(ix->cfg.embed_user, texts, n, vecs, dim, err);
	if (!st && (!*vecs || *dim == 0 || *dim > TU_RETR_EMBED_DIM_MAX ||
		    (want && *dim != want)))
		st = tu_err_set(err, TU_EDATA, "retrieval: the embedding has "
				"%zu dimensions, expected %s%zu", *dim,
				want ? "" : "1..", want ? want :
				(size_t)TU_RETR_EMBED_DIM_MAX);
	if (st) {
		free(*vecs);
		*vecs = NULL;
	}
	return st;
}

/* One batch: the documents at idx[0..m) with texts[]. */
static enum tu_status embed_batch(struct tu_retr_index *ix,
				  const size_t *idx, char *const *texts,
				  size_t m, struct tu_err *err)
{
	float *v;
	size_t dim;
	bool zero;
	enum tu_status st = call(ix, (const char *const *)texts, m, ix->dim,
				 &v, &dim, err);

	if (!st && !ix->doc_vec) {
		ix->dim = dim;
		ix->doc_vec = calloc(dim * ix->n_docs, sizeof(*ix->doc_vec));
		if (!ix->doc_vec)
			st = tu_err_set(err, TU_ENOMEM, "retrieval: out of "
					"memory");
	}
	for (size_t i = 0; !st && i < m; i++)
		st = unit(v + i * dim, dim, ix->doc_vec + idx[i], ix->n_docs,
			  &zero, err);
	free(v);
	return st;
}

static void free_texts(char **texts, size_t m)
{
	for (size_t i = 0; i < m; i++)
		free(texts[i]);
}

enum tu_status tu__rt_embed_build(struct tu_retr_index *ix,
				  const struct tu_retr_doc *docs, size_t n,
				  struct tu_err *err)
{
	char *texts[TU_RETR_EMBED_BATCH];
	size_t idx[TU_RETR_EMBED_BATCH], m = 0;
	enum tu_status st = TU_OK;

	ix->embedded = true;
	for (size_t d = 0; d < n && !st; d++) {
		char *t = compose(docs[d].field);

		if (!t) {
			st = tu_err_set(err, TU_ENOMEM, "retrieval: out of "
					"memory");
		} else if (!t[0]) {
			free(t);
		} else {
			idx[m] = d;
			texts[m++] = t;
		}
		if (!st && m > 0 && (m == TU_RETR_EMBED_BATCH || d + 1 == n)) {
			st = embed_batch(ix, idx, texts, m, err);
			free_texts(texts, m);
			m = 0;
		}
	}
	free_texts(texts, m);
	if (!st && !ix->doc_vec)
		ix->embedded = false;     /* no text at all: no dense part */
	return st;
}

enum tu_status tu__rt_embed_text(const struct tu_retr_index *ix,
				 const char *const field[TU_RETR_FIELDS],
				 double *p, bool *zero, struct tu_err *err)
{
	char *t = compose(field);
	float *v;
	size_t dim;
	enum tu_status st;

	*zero = true;
	if (!t)
		return tu_err_set(err, TU_ENOMEM, "retrieval: out of memory");
	if (!t[0]) {
		free(t);
		return TU_OK;
	}
	st = call(ix, (const char *const *)&t, 1, ix->dim, &v, &dim, err);
	if (!st)
		st = unit(v, dim, p, 1, zero, err);
	free(v);
	free(t);
	return st;
}
