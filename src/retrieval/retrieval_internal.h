/*
 * retrieval_internal.h - what the files of src/retrieval share: hashing,
 * growable arrays, the query's terms and the dense-part builders.  Not
 * part of the public API (tutor/retrieval.h is).
 */
#ifndef TUTOR_RETRIEVAL_INTERNAL_H
#define TUTOR_RETRIEVAL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tutor/retrieval.h"

#define TU__RT_EMPTY UINT32_MAX   /* an empty hash slot */

/* FNV-1a 64 of n bytes. */
uint64_t tu__rt_hash(const char *s, size_t n);

/* Power of two >= 2 n (at least 16): a hash table's slot count. */
size_t tu__rt_slots_for(size_t n);

/*
 * Makes *p hold at least need elements of size bytes (capacity in *cap,
 * doubled as needed).  False when out of memory (*p unchanged).
 */
bool tu__rt_reserve(void **p, size_t *cap, size_t need, size_t size);

/* The distinct known terms of a text with their counts (tu_retr_tokenize,
 * looked up in an index's vocabulary; unknown tokens counted apart). */
struct tu__rt_terms {
	uint32_t *id;             /* ascending */
	uint32_t *count;          /* weighted counts */
	size_t n, cap;
	size_t unknown;           /* weighted count of unknown tokens */
	size_t total;             /* weighted count of all tokens */
	bool failed;              /* out of memory */
};

void tu__rt_terms_release(struct tu__rt_terms *t);

/* Adds the tokens of text (n bytes) with weight w to t (unsorted; call
 * tu__rt_terms_finish after the last text). */
void tu__rt_terms_add(struct tu__rt_terms *t, const struct tu_retr_index *ix,
		      const char *text, size_t n, uint32_t w);

/* Sorts t by id and merges repeats.  False when out of memory earlier. */
bool tu__rt_terms_finish(struct tu__rt_terms *t);

/* Checks document d (number i) against the limits of tu_retr_doc. */
enum tu_status tu__rt_check_doc(const struct tu_retr_doc *d, size_t i,
				struct tu_err *err);

/* Checks a query text; TU_OK or TU_EINVAL naming what. */
enum tu_status tu__rt_check_query(const char *query, struct tu_err *err);

/* BM25 of one document given its query-term frequencies f[] (aligned with
 * the query's terms q) and its length. */
double tu__rt_bm25_doc(const struct tu_retr_index *ix,
		       const struct tu__rt_terms *q, const uint32_t *f,
		       double len);

/* ---- lsa.c / embed.c: the dense part ----------------------------------- */

/* The documents as weighted term counts, one CSR row per document (term
 * ids of the sorted vocabulary, ascending within a row). */
struct tu__rt_rows {
	size_t *ptr;              /* n_docs + 1 */
	uint32_t *term;
	uint32_t *tf;
};

/* Builds the LSA part of ix (ix->cfg.rank > 0) from rows. */
enum tu_status tu__rt_lsa_build(struct tu_retr_index *ix,
				const struct tu__rt_rows *rows,
				struct tu_err *err);

/* The unit latent vector of a text's terms into p[ix->dim]; false when it
 * is zero (no known term, or a zero projection). */
bool tu__rt_lsa_fold(const struct tu_retr_index *ix,
		     const struct tu__rt_terms *t, double *p);

/* Builds the embedding part of ix (ix->cfg.embed set) from the docs. */
enum tu_status tu__rt_embed_build(struct tu_retr_index *ix,
				  const struct tu_retr_doc *docs, size_t n,
				  struct tu_err *err);

/* The unit embedding of one document's fields (NULL-padded) into
 * p[ix->dim]; *zero when the vector is zero. */
enum tu_status tu__rt_embed_text(const struct tu_retr_index *ix,
				 const char *const field[TU_RETR_FIELDS],
				 double *p, bool *zero, struct tu_err *err);

/* scores[i] = p . doc_vec[i] for every document. */
void tu__rt_dense_dot(const struct tu_retr_index *ix, const double *p,
		      double *scores);

#endif
