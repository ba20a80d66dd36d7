/*
 * lsa.c - the latent semantic analysis part of an index: the TF-IDF
 * matrix (sublinear tf 1 + ln f, idf ln((1 + N) / (1 + n)) + 1, rows
 * l2-normalised), its rank-r truncated SVD (svd.c), the unit document
 * vectors U_r S_r / |U_r S_r| and the fold-in of a text (its TF-IDF
 * vector times V_r, normalised).
 *
 * A document's vector U_r S_r equals its TF-IDF row times V_r, so a
 * document folded in later gets (to rounding) the vector it has in the
 * index; the row normalisation only shapes the SVD, not the cosines.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "retrieval_internal.h"

static double tfidf(uint32_t tf, double idf)
{
	return (1.0 + log((double)tf)) * idf;
}

/* The TF-IDF values of the rows (l2-normalised per document). */
static double *tfidf_values(const struct tu_retr_index *ix,
			    const struct tu__rt_rows *rows)
{
	double *val = malloc((rows->ptr[ix->n_docs] + 1) * sizeof(*val));

	if (!val)
		return NULL;
	for (size_t d = 0; d < ix->n_docs; d++) {
		double s = 0.0;

		for (size_t k = rows->ptr[d]; k < rows->ptr[d + 1]; k++) {
			val[k] = tfidf(rows->tf[k], ix->lsa_idf[rows->term[k]]);
			s += val[k] * val[k];
		}
		s = s > 0.0 ? 1.0 / sqrt(s) : 0.0;
		for (size_t k = rows->ptr[d]; k < rows->ptr[d + 1]; k++)
			val[k] *= s;
	}
	return val;
}

/* doc_vec (column-major, dim x n_docs) = rows of U S, normalised. */
static void doc_vectors(struct tu_retr_index *ix, const double *u)
{
	size_t r = ix->dim, n = ix->n_docs;

	for (size_t i = 0; i < n; i++) {
		double s = 0.0;

		for (size_t j = 0; j < r; j++) {
			double x = u[i * r + j] * ix->sigma[j];

			ix->doc_vec[j * n + i] = x;
			s += x * x;
		}
		s = s > 0.0 ? 1.0 / sqrt(s) : 0.0;
		for (size_t j = 0; j < r; j++)
			ix->doc_vec[j * n + i] *= s;
	}
}

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

enum tu_status tu__rt_lsa_build(struct tu_retr_index *ix,
				const struct tu__rt_rows *rows,
				struct tu_err *err)
{
	double n = (double)ix->n_docs, *val;
	struct tu_retr_csr a = { ix->n_docs, ix->n_terms, rows->ptr,
				 rows->term, NULL };
	struct tu_retr_svd s;
	size_t r = min3(ix->cfg.rank, ix->n_docs, ix->n_terms);
	enum tu_status st;

	ix->lsa_idf = malloc(ix->n_terms * sizeof(*ix->lsa_idf));
	if (!ix->lsa_idf)
		return tu_err_set(err, TU_ENOMEM, "retrieval: out of memory");
	for (size_t t = 0; t < ix->n_terms; t++)
		ix->lsa_idf[t] = log((1.0 + n) / (1.0 + (double)(ix->post_ptr[t +
				 1] - ix->post_ptr[t]))) + 1.0;
	val = tfidf_values(ix, rows);
	if (!val)
		return tu_err_set(err, TU_ENOMEM, "retrieval: out of memory");
	a.val = val;
	st = tu_retr_svd(&a, r, ix->cfg.oversample, ix->cfg.power_iters,
			 ix->cfg.seed, &s, err);
	free(val);
	if (st)
		return st;
	ix->dim = r;
	ix->sigma = s.s;
	ix->term_vec = s.v;
	ix->doc_vec = malloc(r * ix->n_docs * sizeof(*ix->doc_vec));
	if (ix->doc_vec)
		doc_vectors(ix, s.u);
	free(s.u);
	return ix->doc_vec ? TU_OK : tu_err_set(err, TU_ENOMEM, "retrieval: "
						 "out of memory");
}

bool tu__rt_lsa_fold(const struct tu_retr_index *ix,
		     const struct tu__rt_terms *t, double *p)
{
	size_t r = ix->dim;
	double s = 0.0;

	memset(p, 0, r * sizeof(*p));
	for (size_t i = 0; i < t->n; i++) {
		const double *v = ix->term_vec + (size_t)t->id[i] * r;
		double w = tfidf(t->count[i], ix->lsa_idf[t->id[i]]);

		for (size_t j = 0; j < r; j++)
			p[j] += w * v[j];
	}
	for (size_t j = 0; j < r; j++)
		s += p[j] * p[j];
	if (!(s > 0.0))
		return false;
	s = 1.0 / sqrt(s);
	for (size_t j = 0; j < r; j++)
		p[j] *= s;
	return true;
}
