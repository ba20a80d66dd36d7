/*
 * tutor/retrieval.h - hybrid retrieval over a course's learning actions
 * and problems: BM25 over a code-aware tokenizer, plus dense vectors
 * (latent semantic analysis computed here, or embeddings from a
 * caller-supplied function), fused by min-max normalised scores or by
 * reciprocal rank fusion, with an exclusion list and top-k.
 *
 * The pieces, each usable alone (docs/retrieval.md has the formulas):
 *   tu_retr_tokenize      text -> tokens (identifiers split and kept
 *                         whole, code operators kept, stop words dropped,
 *                         light suffix stemming, UTF-8 safe)
 *   tu_retr_index_build   documents -> vocabulary, postings, lengths, the
 *                         TF-IDF matrix and its truncated SVD (LSA)
 *   tu_retr_bm25_scores   BM25 Okapi of a query against every document
 *   tu_retr_dense_scores  cosine similarity in the latent space
 *   tu_retr_fuse          the two score lists -> one
 *   tu_retr_search        all of it: the top k, excluded ids left out
 *   tu_retr_svd           randomized truncated SVD of a sparse matrix
 *   tu_retr_course_docs   a course's actions and problems as documents
 *
 * Every score is a similarity: higher means more relevant (Pxplore ranked
 * by 1 - cosine similarity, i.e. preferred the least similar text;
 * anchors.md 4.5).
 *
 * What it is not: no storage (an index is built from the course at
 * start-up, in memory), no I/O, no clock, no globals; randomness comes
 * from cfg->seed.  It does not call an LLM: embeddings come through the
 * tu_retr_embed_fn the caller supplies.  It does not know learners: the
 * caller passes the ids to exclude.
 *
 * Ownership: an index owns copies of everything it needs (ids, vocabulary,
 * vectors); the documents passed to tu_retr_index_build are only read
 * during the call.  A built index is read-only: any number of threads may
 * call the query functions on it at once (each call allocates its own
 * scratch).  Hits point into the index (ids) and stay valid until
 * tu_retr_index_release.
 */
#ifndef TUTOR_RETRIEVAL_H
#define TUTOR_RETRIEVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tutor/err.h"

#define TU_RETR_TOKEN_MAX 64           /* bytes of a token incl. NUL */
#define TU_RETR_ID_MAX 128             /* bytes of a document id incl. NUL */
#define TU_RETR_FIELD_MAX (1u << 20)   /* bytes of one document field */
#define TU_RETR_QUERY_MAX (64u * 1024u) /* bytes of a query text */
#define TU_RETR_DOCS_MAX 1000000u      /* documents per index */
#define TU_RETR_RANK_MAX 512           /* LSA dimensions */
#define TU_RETR_EMBED_DIM_MAX 8192     /* embedding dimensions */
#define TU_RETR_EMBED_TEXT_MAX 8192    /* bytes of a text sent to embed */
#define TU_RETR_EMBED_BATCH 256        /* texts per embed call */
#define TU_RETR_EXCLUDE_MAX 100000     /* ids in an exclusion list */
#define TU_RETR_RRF_K 60.0             /* reciprocal rank fusion constant */
#define TU_RETR_TOPK_DEFAULT 10

/* ---- tokenizer --------------------------------------------------------- */

/* Receives each token: tok is NUL-terminated, len = strlen(tok) >= 1. */
typedef void (*tu_retr_token_fn)(void *ctx, const char *tok, size_t len);

/*
 * Splits the n bytes at text (NUL bytes end nothing early: they are
 * separators) into tokens, passing each to fn in order; returns how many.
 * text may be NULL when n is 0.
 *
 * Words are runs of ASCII letters, digits, '_' and non-ASCII UTF-8
 * characters other than punctuation and symbols (U+0080..U+00BF, U+00D7,
 * U+00F7, U+2000..U+2BFF, U+3000..U+303F, U+FE30..U+FE4F, U+FF01..U+FF0F
 * separate words).  Leading and trailing '_' are trimmed, ASCII is
 * lower-cased (other letters are kept as they are), and a word longer
 * than TU_RETR_TOKEN_MAX - 1 bytes is cut at a character boundary.
 * A word with parts (split at '_', lower->Upper, Upper->Upper+lower and
 * letter<->digit, e.g. "two_sum", "isPalindrome", "HTTPServer", "list2d")
 * gives the whole word (unstemmed) and then each part (stemmed, stop words
 * kept): "isPalindrome" -> ispalindrome, is, palindrome.  A plain word
 * is dropped when it is a stop word (a short English list without the
 * Python and C keywords: "for", "if", "in", "not", ... are kept), else
 * stemmed.  Stemming (ASCII letters only; docs/retrieval.md): plurals
 * (-ies -> -y; -sses, -xes, -ches, -shes lose -es; -s but not -ss, -us,
 * -is), then -ing / -ed when a vowel remains, restoring a lost e (-at,
 * -bl, -iz, short stems like "stor", "us") or undoubling a final double
 * consonant ("stopp" -> stop).  So sort, sorts, sorted, sorting -> sort;
 * use, used, uses, using -> use; box, boxes -> box.
 * Operators kept as tokens (longest match): **= //= >>= <<= == != <= >=
 * // ** += -= *= /= %= &= |= ^= -> => :: := << >> && || ++ -- [] () {} %.
 * Other punctuation, control bytes and invalid UTF-8 bytes separate words
 * and are dropped.  Deterministic; never allocates.
 */
size_t tu_retr_tokenize(const char *text, size_t n, tu_retr_token_fn fn,
			void *ctx);

/* ---- configuration ------------------------------------------------------ */

enum tu_retr_field {
	TU_RETR_TITLE = 0,
	TU_RETR_TOPICS,      /* topics, keywords, a summary */
	TU_RETR_BODY,
	TU_RETR_FIELDS
};

/*
 * Embeddings for the dense part instead of LSA (e.g. a wrapper around
 * tu_llm_embed): n texts (1..TU_RETR_EMBED_BATCH) -> *vecs, n x *dim
 * floats allocated with malloc (the index frees them with free()), every
 * call the same *dim (1..TU_RETR_EMBED_DIM_MAX).  Any status but TU_OK
 * fails the build or query with that status.
 */
typedef enum tu_status (*tu_retr_embed_fn)(void *user,
					   const char *const *texts, size_t n,
					   float **vecs, size_t *dim,
					   struct tu_err *err);

struct tu_retr_config {
	double k1;                 /* BM25 term saturation, 1.2; >= 0 */
	double b;                  /* BM25 length normalisation, 0.75; [0,1] */
	uint32_t weight[TU_RETR_FIELDS]; /* tf weights: title 3, topics 2,
					    body 1; each 0..100 */
	size_t rank;               /* LSA dimensions r, 64; 0 = no dense part;
				      used: min(rank, docs, vocabulary) */
	size_t oversample;         /* extra subspace columns, 10 */
	unsigned power_iters;      /* subspace iterations q, 3; <= 20 */
	uint64_t seed;             /* Gaussian test matrix seed */
	tu_retr_embed_fn embed;    /* NULL: LSA; else embeddings, rank unused */
	void *embed_user;          /* passed to embed, borrowed */
};

/* Fills cfg with the defaults above (seed 42, no embed function). */
void tu_retr_config_default(struct tu_retr_config *cfg);

/* ---- the index ---------------------------------------------------------- */

/* One document: id 1..TU_RETR_ID_MAX - 1 bytes of UTF-8 (ids need not be
 * unique: exclusion removes every document with the id); each field NULL
 * (empty) or NUL-terminated text of at most TU_RETR_FIELD_MAX bytes. */
struct tu_retr_doc {
	const char *id;
	const char *field[TU_RETR_FIELDS];
};

/*
 * The index.  Fields are read-only for callers (tests and the bench read
 * them); tu_retr_index_build fills them.  Term ids are positions in the
 * sorted vocabulary; matrices are dense row-major unless noted.
 */
struct tu_retr_index {
	struct tu_retr_config cfg;
	size_t n_docs;
	char (*ids)[TU_RETR_ID_MAX];   /* n_docs ids */
	uint32_t *id_slot;         /* open-addressing table of doc indexes
				      by id (UINT32_MAX empty), id_cap slots */
	size_t id_cap;
	/* vocabulary */
	size_t n_terms;
	char *term_text;           /* the terms, NUL-separated, sorted */
	size_t *term_off;          /* n_terms offsets into term_text */
	uint32_t *term_slot;       /* hash table of term ids, term_cap slots */
	size_t term_cap;
	/* BM25 */
	size_t *post_ptr;          /* n_terms + 1: postings of term t are
				      [post_ptr[t], post_ptr[t + 1]) */
	uint32_t *post_doc;        /* documents, ascending */
	uint32_t *post_tf;         /* weighted term frequencies */
	double *idf;               /* n_terms: BM25 idf */
	double *doc_len;           /* n_docs: weighted token counts */
	double *doc_norm;          /* n_docs: k1 (1 - b + b len / avgdl) */
	double avgdl;
	/* dense part: 0 dimensions when none */
	size_t dim;                /* LSA rank used, or embedding dimension */
	bool embedded;             /* dense vectors from cfg.embed */
	double *lsa_idf;           /* n_terms: TF-IDF idf, LSA only */
	double *term_vec;          /* n_terms x dim: V_r (LSA only) */
	double *sigma;             /* dim singular values, descending (LSA) */
	double *doc_vec;           /* unit document vectors (zero for an
				      empty document), one dimension after
				      the other: doc_vec[j * n_docs + i] is
				      dimension j of document i */
};

/* Makes ix empty; allocates nothing. */
void tu_retr_index_init(struct tu_retr_index *ix);

/* Frees everything ix owns and leaves it empty. */
void tu_retr_index_release(struct tu_retr_index *ix);

/*
 * Builds ix (initialised, empty) from the n documents (1..
 * TU_RETR_DOCS_MAX) with cfg (NULL: defaults).  Cost: tokenizing,
 * O(tokens); LSA, O((2q + 2)(nnz + (docs + terms) l) l) with l = rank +
 * oversample.  Errors (ix left empty): TU_EINVAL a bad argument or
 * config value, or a document without a valid id (naming its index);
 * TU_ERANGE a size limit (naming the document and field); TU_ENOMEM;
 * the embed function's status.
 */
enum tu_status tu_retr_index_build(struct tu_retr_index *ix,
				   const struct tu_retr_config *cfg,
				   const struct tu_retr_doc *docs, size_t n,
				   struct tu_err *err);

/* The text of term t (< ix->n_terms; NULL otherwise), and the term id of
 * the token tok (-1 when it is not in the vocabulary). */
const char *tu_retr_term(const struct tu_retr_index *ix, size_t t);
long tu_retr_term_id(const struct tu_retr_index *ix, const char *tok);

/* ---- scores ------------------------------------------------------------- */

/*
 * BM25 Okapi of query (UTF-8 text, at most TU_RETR_QUERY_MAX bytes)
 * against every document into out[ix->n_docs]:
 *   sum over the query's distinct terms t of
 *     idf(t) f (k1 + 1) / (f + k1 (1 - b + b |d| / avgdl)),
 *   idf(t) = ln(1 + (N - n_t + 0.5) / (n_t + 0.5))   (never negative),
 * f the document's weighted frequency of t, |d| its weighted length.
 * Repeating a word in the query does not count twice.  TU_EINVAL (NULL,
 * too long); TU_ENOMEM.
 */
enum tu_status tu_retr_bm25_scores(const struct tu_retr_index *ix,
				   const char *query, double *out,
				   struct tu_err *err);

/*
 * Dense similarity of query against every document into out[n_docs]:
 * the cosine (in [-1, 1], higher = more similar) between the query folded
 * into the latent space (its TF-IDF vector times V_r, normalised) or its
 * embedding, and each unit document vector.  All 0 when the index has no
 * dense part or the query has no known term.  Errors as
 * tu_retr_bm25_scores, plus the embed function's status.
 */
enum tu_status tu_retr_dense_scores(const struct tu_retr_index *ix,
				    const char *query, double *out,
				    struct tu_err *err);

/*
 * Scores doc, which need not be in ix, against query with ix's
 * statistics (N, document frequencies, avgdl, idf, V_r): what its BM25
 * and dense scores would be if it replaced a document of ix without
 * changing them.  For the monotonicity tests and "what if" checks.
 * Errors as tu_retr_dense_scores and tu_retr_index_build's limits.
 */
enum tu_status tu_retr_score_doc(const struct tu_retr_index *ix,
				 const char *query,
				 const struct tu_retr_doc *doc,
				 double *bm25, double *dense,
				 struct tu_err *err);

enum tu_retr_fusion {
	TU_RETR_FUSE_MINMAX = 0,   /* alpha * bm25' + (1 - alpha) * dense' */
	TU_RETR_FUSE_RRF           /* sum of 1 / (60 + rank) */
};

/*
 * Fuses two score lists over the documents with cand[i] true (cand NULL:
 * all n) into out[n] (0 for the others).
 * MINMAX: x' = (x - min) / (max - min) over the candidates, each list on
 * its own (when max = min: 1 if max > 0, else 0); out = alpha bm25' +
 * (1 - alpha) dense'.  RRF: a list ranks the candidates with a score > 0
 * (highest first from rank 1; tied scores share the best rank);
 * out = sum over the lists that rank the document of 1 / (60 + rank);
 * alpha is not used.  Either way, raising one document's bm25 or dense
 * score while the others stay put never lowers its fused score.
 * Returns TU_EINVAL for alpha outside [0, 1] or NaN; TU_ENOMEM (RRF).
 */
enum tu_status tu_retr_fuse(enum tu_retr_fusion how, double alpha,
			    const double *bm25, const double *dense,
			    const bool *cand, size_t n, double *out,
			    struct tu_err *err);

/* ---- search ------------------------------------------------------------- */

struct tu_retr_query {
	const char *text;              /* UTF-8, <= TU_RETR_QUERY_MAX bytes */
	enum tu_retr_fusion fusion;    /* MINMAX */
	double alpha;                  /* BM25 share in MINMAX, 0.5 */
	size_t k;                      /* hits wanted, 10; >= 1 */
	const char *const *exclude;    /* ids already taken, borrowed */
	size_t n_exclude;              /* <= TU_RETR_EXCLUDE_MAX */
};

/* text NULL, MINMAX, alpha 0.5, k 10, nothing excluded. */
void tu_retr_query_default(struct tu_retr_query *q);

struct tu_retr_hit {
	size_t doc;                    /* index in the documents built from */
	const char *id;                /* borrowed from the index */
	double score;                  /* fused */
	double bm25, dense;            /* the raw parts */
};

/*
 * The min(q->k, candidates) best documents for q into hits[] (room for
 * q->k; a k above the number of documents gives them all), best first:
 * fused score descending, ties by id then by document index.  The
 * candidates are the documents whose id is not in q->exclude; min-max
 * normalisation runs over them.  Every candidate can be returned, also
 * with score 0: callers wanting only matches check bm25 > 0.  *n_hits
 * gets the count.  Errors (nothing written to *n_hits): TU_EINVAL (NULL
 * text, k 0, alpha outside [0, 1], an over-long query or excluded id);
 * TU_ERANGE (too many excluded ids); TU_ENOMEM; the embed function's.
 */
enum tu_status tu_retr_search(const struct tu_retr_index *ix,
			      const struct tu_retr_query *q,
			      struct tu_retr_hit *hits, size_t *n_hits,
			      struct tu_err *err);

/* ---- truncated SVD ------------------------------------------------------ */

/* A sparse matrix in compressed sparse rows, borrowed by tu_retr_svd. */
struct tu_retr_csr {
	size_t rows, cols;
	const size_t *row_ptr;     /* rows + 1 */
	const uint32_t *col;       /* row_ptr[rows] column indexes */
	const double *val;         /* row_ptr[rows] values */
};

/* A = U diag(s) V^T truncated to rank; owns its arrays. */
struct tu_retr_svd {
	size_t rows, cols, rank;
	double *u;                 /* rows x rank, row-major */
	double *s;                 /* rank, descending, >= 0 */
	double *v;                 /* cols x rank, row-major */
};

/* Makes s empty; allocates nothing. */
void tu_retr_svd_init(struct tu_retr_svd *s);

/* Frees what s owns and leaves it empty. */
void tu_retr_svd_release(struct tu_retr_svd *s);

/*
 * Rank-r truncated SVD of a (r <= min(rows, cols), <= TU_RETR_RANK_MAX)
 * by randomized subspace iteration: Y = A G with G a cols x l Gaussian
 * matrix from tu_rng seeded with seed, l = min(r + oversample, rows,
 * cols); q times Y <- A (A^T Y), each product re-orthonormalised by
 * modified Gram-Schmidt; B = Q^T A; the eigenproblem of the l x l matrix
 * B B^T by cyclic Jacobi rotations gives U = Q W, s = sqrt(eigenvalues),
 * V = B^T W / s.  Exact (to rounding) when A has rank <= l; otherwise
 * the usual randomized approximation.  Singular values below about
 * 1e-7 s_1 (eigenvalues below 1e-14 of the largest) are reported as 0,
 * and their singular vectors are zero.  out (initialised, empty) is filled; errors
 * (out left empty): TU_EINVAL (bad sizes, column index out of range,
 * non-finite value), TU_ENOMEM.
 */
enum tu_status tu_retr_svd(const struct tu_retr_csr *a, size_t r,
			   size_t oversample, unsigned power_iters,
			   uint64_t seed, struct tu_retr_svd *out,
			   struct tu_err *err);

/* ---- a course as documents --------------------------------------------- */

struct tu_course;

enum {
	TU_RETR_COURSE_ACTIONS = 1 << 0,
	TU_RETR_COURSE_PROBLEMS = 1 << 1,
	TU_RETR_COURSE_BODIES = 1 << 2   /* index action bodies and problem
					    statements (else summaries only) */
};

/* Documents made from a course; owns the texts it composed. */
struct tu_retr_docs {
	struct tu_retr_doc *docs;
	size_t n;
	bool *is_problem;          /* n: a problem (else an action) */
	size_t *index;             /* n: position in c->actions / c->problems */
	char **owned;              /* n composed topics texts */
};

/* Makes d empty; allocates nothing. */
void tu_retr_docs_init(struct tu_retr_docs *d);

/* Frees what d owns and leaves it empty. */
void tu_retr_docs_release(struct tu_retr_docs *d);

/*
 * The actions (in course order, then) the problems of c selected by what
 * (TU_RETR_COURSE_* flags) as documents into d (initialised, empty): id
 * the action or problem id; title its title; topics its topic ids and
 * titles and (actions) keywords and summary; body (with
 * TU_RETR_COURSE_BODIES) the action's Markdown body or the problem's
 * statement.  Strings point into c (borrowed: c must outlive d) or into
 * d->owned.  TU_EINVAL (no flag of the first two), TU_ENOMEM (d left
 * empty).
 */
enum tu_status tu_retr_course_docs(const struct tu_course *c, unsigned what,
				   struct tu_retr_docs *d, struct tu_err *err);

#endif
