/*
 * index.c - tu_retr_index_build: documents -> vocabulary (sorted, with a
 * hash table), weighted term counts per document, BM25 postings and
 * lengths, the id table, then the dense part (lsa.c or embed.c).
 *
 * Field weights multiply term counts and lengths (title 3, topics 2,
 * body 1 by default): exactly what concatenating the title three times,
 * the topics twice and the body once would give.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "retrieval_internal.h"
#include "tutor/utf8.h"

/* The vocabulary and counts while documents are read. */
struct build {
	char *text;                 /* terms, NUL-terminated, in first-seen order */
	size_t text_len, text_cap;
	size_t *off;
	size_t n_terms, cap_off;
	uint32_t *slot;             /* hash table of provisional term ids */
	size_t n_slot;
	uint32_t *cnt;              /* this document's counts by term */
	size_t cap_cnt;
	uint32_t *touched;          /* terms counted in this document */
	size_t n_touched, cap_touched;
	struct tu__rt_rows rows;    /* provisional term ids until remapped */
	size_t nnz, cap_term, cap_tf;
	uint32_t w;                 /* weight of the field being read */
	double len;                 /* weighted length of this document */
	bool failed;
};

void tu_retr_config_default(struct tu_retr_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->k1 = 1.2;
	cfg->b = 0.75;
	cfg->weight[TU_RETR_TITLE] = 3;
	cfg->weight[TU_RETR_TOPICS] = 2;
	cfg->weight[TU_RETR_BODY] = 1;
	cfg->rank = 64;
	cfg->oversample = 10;
	cfg->power_iters = 3;
	cfg->seed = 42;
}

void tu_retr_index_init(struct tu_retr_index *ix)
{
	memset(ix, 0, sizeof(*ix));
}

void tu_retr_index_release(struct tu_retr_index *ix)
{
	free(ix->ids);
	free(ix->id_slot);
	free(ix->term_text);
	free(ix->term_off);
	free(ix->term_slot);
	free(ix->post_ptr);
	free(ix->post_doc);
	free(ix->post_tf);
	free(ix->idf);
	free(ix->doc_len);
	free(ix->doc_norm);
	free(ix->lsa_idf);
	free(ix->term_vec);
	free(ix->sigma);
	free(ix->doc_vec);
	tu_retr_index_init(ix);
}

/* ---- lookups ------------------------------------------------------------ */

const char *tu_retr_term(const struct tu_retr_index *ix, size_t t)
{
	return t < ix->n_terms ? ix->term_text + ix->term_off[t] : NULL;
}

long tu_retr_term_id(const struct tu_retr_index *ix, const char *tok)
{
	size_t mask = ix->term_cap - 1, i;

	if (ix->n_terms == 0 || !tok)
		return -1;
	i = (size_t)tu__rt_hash(tok, strlen(tok)) & mask;
	for (; ix->term_slot[i] != TU__RT_EMPTY; i = (i + 1) & mask)
		if (strcmp(tu_retr_term(ix, ix->term_slot[i]), tok) == 0)
			return (long)ix->term_slot[i];
	return -1;
}

/* ---- the vocabulary while building --------------------------------------- */

static void slot_put(uint32_t *slot, size_t cap, uint64_t h, uint32_t id)
{
	size_t i = (size_t)h & (cap - 1);

	while (slot[i] != TU__RT_EMPTY)
		i = (i + 1) & (cap - 1);
	slot[i] = id;
}

static bool rehash(struct build *b)
{
	size_t cap = tu__rt_slots_for(b->n_terms + 1);
	uint32_t *slot;

	if (cap <= b->n_slot)
		return true;
	slot = malloc(cap * sizeof(*slot));
	if (!slot)
		return false;
	memset(slot, 0xff, cap * sizeof(*slot));
	for (size_t t = 0; t < b->n_terms; t++) {
		const char *s = b->text + b->off[t];

		slot_put(slot, cap, tu__rt_hash(s, strlen(s)), (uint32_t)t);
	}
	free(b->slot);
	b->slot = slot;
	b->n_slot = cap;
	return true;
}

/* Appends the new term tok; returns its id or TU__RT_EMPTY. */
static uint32_t new_term(struct build *b, const char *tok, size_t len)
{
	size_t old = b->cap_cnt;

	if (b->n_terms >= UINT32_MAX - 1 || !rehash(b) ||
	    !tu__rt_reserve((void **)&b->text, &b->text_cap,
			    b->text_len + len + 1, 1) ||
	    !tu__rt_reserve((void **)&b->off, &b->cap_off, b->n_terms + 1,
			    sizeof(*b->off)) ||
	    !tu__rt_reserve((void **)&b->cnt, &b->cap_cnt, b->n_terms + 1,
			    sizeof(*b->cnt)))
		return TU__RT_EMPTY;
	memset(b->cnt + old, 0, (b->cap_cnt - old) * sizeof(*b->cnt));
	memcpy(b->text + b->text_len, tok, len + 1);
	b->off[b->n_terms] = b->text_len;
	b->text_len += len + 1;
	slot_put(b->slot, b->n_slot, tu__rt_hash(tok, len),
		 (uint32_t)b->n_terms);
	return (uint32_t)b->n_terms++;
}

static uint32_t term_of(struct build *b, const char *tok, size_t len)
{
	size_t mask = b->n_slot - 1, i;

	if (b->n_slot == 0)
		return new_term(b, tok, len);
	i = (size_t)tu__rt_hash(tok, len) & mask;
	for (; b->slot[i] != TU__RT_EMPTY; i = (i + 1) & mask)
		if (strcmp(b->text + b->off[b->slot[i]], tok) == 0)
			return b->slot[i];
	return new_term(b, tok, len);
}

static void count_token(void *ctx, const char *tok, size_t len)
{
	struct build *b = ctx;
	uint32_t t;

	if (b->failed)
		return;
	t = term_of(b, tok, len);
	if (t == TU__RT_EMPTY || (b->cnt[t] == 0 &&
	    !tu__rt_reserve((void **)&b->touched, &b->cap_touched,
			    b->n_touched + 1, sizeof(*b->touched)))) {
		b->failed = true;
		return;
	}
	if (b->cnt[t] == 0)
		b->touched[b->n_touched++] = t;
	b->cnt[t] += b->w;
	b->len += b->w;
}

/* Moves this document's counts into the rows and clears them. */
static bool end_doc(struct build *b, size_t d)
{
	size_t need = b->nnz + b->n_touched;

	if (!tu__rt_reserve((void **)&b->rows.term, &b->cap_term, need,
			    sizeof(uint32_t)) ||
	    !tu__rt_reserve((void **)&b->rows.tf, &b->cap_tf, need,
			    sizeof(uint32_t)))
		return false;
	for (size_t i = 0; i < b->n_touched; i++) {
		uint32_t t = b->touched[i];

		b->rows.term[b->nnz] = t;
		b->rows.tf[b->nnz++] = b->cnt[t];
		b->cnt[t] = 0;
	}
	b->n_touched = 0;
	b->rows.ptr[d + 1] = b->nnz;
	return true;
}

static void build_release(struct build *b)
{
	free(b->text);
	free(b->off);
	free(b->slot);
	free(b->cnt);
	free(b->touched);
	free(b->rows.ptr);
	free(b->rows.term);
	free(b->rows.tf);
}

/* ---- checks ------------------------------------------------------------- */

static enum tu_status check_cfg(const struct tu_retr_config *c,
				struct tu_err *err)
{
	if (!(c->k1 >= 0.0 && c->k1 <= 1000.0))
		return tu_err_set(err, TU_EINVAL, "retrieval: k1 %g outside "
				  "[0, 1000]", c->k1);
	if (!(c->b >= 0.0 && c->b <= 1.0))
		return tu_err_set(err, TU_EINVAL, "retrieval: b %g outside "
				  "[0, 1]", c->b);
	for (int f = 0; f < TU_RETR_FIELDS; f++)
		if (c->weight[f] > 100)
			return tu_err_set(err, TU_EINVAL, "retrieval: field "
					  "weight %u above 100", c->weight[f]);
	if (c->rank > TU_RETR_RANK_MAX || c->oversample > 1000 ||
	    c->power_iters > 20)
		return tu_err_set(err, TU_EINVAL, "retrieval: rank %zu (max "
				  "%d), oversample %zu (max 1000) or power "
				  "iterations %u (max 20) too large", c->rank,
				  TU_RETR_RANK_MAX, c->oversample,
				  c->power_iters);
	return TU_OK;
}

enum tu_status tu__rt_check_doc(const struct tu_retr_doc *d, size_t i,
				struct tu_err *err)
{
	static const char *const names[] = { "title", "topics", "body" };
	size_t n;

	if (!d->id)
		return tu_err_set(err, TU_EINVAL, "retrieval: document %zu has "
				  "no id", i);
	n = strnlen(d->id, TU_RETR_ID_MAX);
	if (n == 0 || n >= TU_RETR_ID_MAX || !tu_utf8_valid(d->id, n, NULL))
		return tu_err_set(err, TU_EINVAL, "retrieval: document %zu: "
				  "the id must be 1..%d bytes of UTF-8", i,
				  TU_RETR_ID_MAX - 1);
	for (int f = 0; f < TU_RETR_FIELDS; f++)
		if (d->field[f] && strnlen(d->field[f], TU_RETR_FIELD_MAX + 1) >
		    TU_RETR_FIELD_MAX)
			return tu_err_set(err, TU_ERANGE, "retrieval: document "
					  "'%s': the %s is longer than %u "
					  "bytes", d->id, names[f],
					  TU_RETR_FIELD_MAX);
	return TU_OK;
}

static enum tu_status check_docs(const struct tu_retr_doc *docs, size_t n,
				 struct tu_err *err)
{
	enum tu_status st = TU_OK;

	if (!docs || n == 0 || n > TU_RETR_DOCS_MAX)
		return tu_err_set(err, TU_EINVAL, "retrieval: %zu documents "
				  "(1..%u)", docs ? n : 0, TU_RETR_DOCS_MAX);
	for (size_t i = 0; i < n && !st; i++)
		st = tu__rt_check_doc(&docs[i], i, err);
	return st;
}

/* ---- reading the documents ---------------------------------------------- */

static enum tu_status read_docs(struct build *b, struct tu_retr_index *ix,
				const struct tu_retr_doc *docs, size_t n,
				struct tu_err *err)
{
	b->rows.ptr = calloc(n + 1, sizeof(*b->rows.ptr));
	ix->doc_len = calloc(n, sizeof(*ix->doc_len));
	if (!b->rows.ptr || !ix->doc_len)
		return tu_err_set(err, TU_ENOMEM, "retrieval: out of memory");
	for (size_t d = 0; d < n; d++) {
		b->len = 0.0;
		for (int f = 0; f < TU_RETR_FIELDS; f++) {
			const char *s = docs[d].field[f];

			b->w = ix->cfg.weight[f];
			if (s && b->w)
				tu_retr_tokenize(s, strlen(s), count_token, b);
		}
		if (b->failed || !end_doc(b, d))
			return tu_err_set(err, TU_ENOMEM, "retrieval: out of "
					  "memory (or more than 2^32 terms)");
		ix->doc_len[d] = b->len;
	}
	return TU_OK;
}

/* ---- the sorted vocabulary ----------------------------------------------- */

struct term_ref {
	const char *s;
	uint32_t old;              /* provisional id */
};

static int cmp_term(const void *a, const void *b)
{
	const struct term_ref *x = a, *y = b;

	return strcmp(x->s, y->s);
}

/* Moves the terms into ix in sorted order; perm[old id] = new id. */
static bool sort_vocab(struct build *b, struct tu_retr_index *ix,
		       uint32_t *perm)
{
	struct term_ref *order = malloc((b->n_terms + 1) * sizeof(*order));
	size_t at = 0;

	ix->term_text = malloc(b->text_len + 1);
	ix->term_off = malloc((b->n_terms + 1) * sizeof(*ix->term_off));
	ix->term_cap = tu__rt_slots_for(b->n_terms);
	ix->term_slot = malloc(ix->term_cap * sizeof(*ix->term_slot));
	if (!order || !ix->term_text || !ix->term_off || !ix->term_slot) {
		free(order);
		return false;
	}
	for (size_t t = 0; t < b->n_terms; t++)
		order[t] = (struct term_ref){ b->text + b->off[t], (uint32_t)t };
	qsort(order, b->n_terms, sizeof(*order), cmp_term);
	memset(ix->term_slot, 0xff, ix->term_cap * sizeof(*ix->term_slot));
	for (size_t t = 0; t < b->n_terms; t++) {
		size_t len = strlen(order[t].s);

		memcpy(ix->term_text + at, order[t].s, len + 1);
		ix->term_off[t] = at;
		at += len + 1;
		slot_put(ix->term_slot, ix->term_cap,
			 tu__rt_hash(order[t].s, len), (uint32_t)t);
		perm[order[t].old] = (uint32_t)t;
	}
	ix->n_terms = b->n_terms;
	free(order);
	return true;
}

static int cmp_pair(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;

	return (x[0] > y[0]) - (x[0] < y[0]);
}

/* Renumbers the rows' terms by perm and sorts each row by term. */
static bool remap_rows(struct tu__rt_rows *r, size_t n_docs,
		       const uint32_t *perm, size_t max_row)
{
	uint32_t *pairs = malloc((max_row + 1) * 2 * sizeof(*pairs));

	if (!pairs)
		return false;
	for (size_t d = 0; d < n_docs; d++) {
		size_t a = r->ptr[d], m = r->ptr[d + 1] - a;

		for (size_t k = 0; k < m; k++) {
			pairs[2 * k] = perm[r->term[a + k]];
			pairs[2 * k + 1] = r->tf[a + k];
		}
		qsort(pairs, m, 2 * sizeof(*pairs), cmp_pair);
		for (size_t k = 0; k < m; k++) {
			r->term[a + k] = pairs[2 * k];
			r->tf[a + k] = pairs[2 * k + 1];
		}
	}
	free(pairs);
	return true;
}

static enum tu_status vocab(struct build *b, struct tu_retr_index *ix,
			    struct tu_err *err)
{
	uint32_t *perm = malloc((b->n_terms + 1) * sizeof(*perm));
	size_t max_row = 0;
	bool ok;

	for (size_t d = 0; d < ix->n_docs; d++)
		if (b->rows.ptr[d + 1] - b->rows.ptr[d] > max_row)
			max_row = b->rows.ptr[d + 1] - b->rows.ptr[d];
	ok = perm && sort_vocab(b, ix, perm) &&
	     remap_rows(&b->rows, ix->n_docs, perm, max_row);
	free(perm);
	return ok ? TU_OK : tu_err_set(err, TU_ENOMEM, "retrieval: out of "
				       "memory");
}

/* ---- BM25 statistics ------------------------------------------------------ */

static enum tu_status postings(const struct tu__rt_rows *r,
			       struct tu_retr_index *ix, struct tu_err *err)
{
	size_t nnz = r->ptr[ix->n_docs], *fill;

	ix->post_ptr = calloc(ix->n_terms + 1, sizeof(*ix->post_ptr));
	ix->post_doc = malloc((nnz + 1) * sizeof(*ix->post_doc));
	ix->post_tf = malloc((nnz + 1) * sizeof(*ix->post_tf));
	fill = malloc((ix->n_terms + 1) * sizeof(*fill));
	if (!ix->post_ptr || !ix->post_doc || !ix->post_tf || !fill) {
		free(fill);
		return tu_err_set(err, TU_ENOMEM, "retrieval: out of memory");
	}
	for (size_t k = 0; k < nnz; k++)
		ix->post_ptr[r->term[k] + 1]++;
	for (size_t t = 0; t < ix->n_terms; t++)
		ix->post_ptr[t + 1] += ix->post_ptr[t];
	memcpy(fill, ix->post_ptr, ix->n_terms * sizeof(*fill));
	for (size_t d = 0; d < ix->n_docs; d++)
		for (size_t k = r->ptr[d]; k < r->ptr[d + 1]; k++) {
			size_t at = fill[r->term[k]]++;

			ix->post_doc[at] = (uint32_t)d;
			ix->post_tf[at] = r->tf[k];
		}
	free(fill);
	return TU_OK;
}

static enum tu_status bm25_stats(struct tu_retr_index *ix, struct tu_err *err)
{
	double n = (double)ix->n_docs, sum = 0.0;

	ix->idf = malloc((ix->n_terms + 1) * sizeof(*ix->idf));
	ix->doc_norm = malloc(ix->n_docs * sizeof(*ix->doc_norm));
	if (!ix->idf || !ix->doc_norm)
		return tu_err_set(err, TU_ENOMEM, "retrieval: out of memory");
	for (size_t t = 0; t < ix->n_terms; t++) {
		double df = (double)(ix->post_ptr[t + 1] - ix->post_ptr[t]);

		ix->idf[t] = log(1.0 + (n - df + 0.5) / (df + 0.5));
	}
	for (size_t d = 0; d < ix->n_docs; d++)
		sum += ix->doc_len[d];
	ix->avgdl = sum > 0.0 ? sum / n : 1.0;
	for (size_t d = 0; d < ix->n_docs; d++)
		ix->doc_norm[d] = ix->cfg.k1 * (1.0 - ix->cfg.b + ix->cfg.b *
				  ix->doc_len[d] / ix->avgdl);
	return TU_OK;
}

/* ---- ids ---------------------------------------------------------------- */

static enum tu_status id_table(struct tu_retr_index *ix,
			       const struct tu_retr_doc *docs,
			       struct tu_err *err)
{
	ix->ids = calloc(ix->n_docs, sizeof(*ix->ids));
	ix->id_cap = tu__rt_slots_for(ix->n_docs);
	ix->id_slot = malloc(ix->id_cap * sizeof(*ix->id_slot));
	if (!ix->ids || !ix->id_slot)
		return tu_err_set(err, TU_ENOMEM, "retrieval: out of memory");
	memset(ix->id_slot, 0xff, ix->id_cap * sizeof(*ix->id_slot));
	for (size_t d = 0; d < ix->n_docs; d++) {
		size_t len = strlen(docs[d].id);

		memcpy(ix->ids[d], docs[d].id, len + 1);
		slot_put(ix->id_slot, ix->id_cap, tu__rt_hash(docs[d].id, len),
			 (uint32_t)d);
	}
	return TU_OK;
}

/* ---- the build ------------------------------------------------------------ */

static enum tu_status build_all(struct tu_retr_index *ix,
				const struct tu_retr_doc *docs, size_t n,
				struct tu_err *err)
{
	struct build b;
	enum tu_status st;

	memset(&b, 0, sizeof b);
	ix->n_docs = n;
	st = read_docs(&b, ix, docs, n, err);
	if (!st)
		st = vocab(&b, ix, err);
	if (!st)
		st = postings(&b.rows, ix, err);
	if (!st)
		st = bm25_stats(ix, err);
	if (!st)
		st = id_table(ix, docs, err);
	if (!st && ix->cfg.embed)
		st = tu__rt_embed_build(ix, docs, n, err);
	else if (!st && ix->cfg.rank > 0 && ix->n_terms > 0)
		st = tu__rt_lsa_build(ix, &b.rows, err);
	build_release(&b);
	return st;
}

enum tu_status tu_retr_index_build(struct tu_retr_index *ix,
				   const struct tu_retr_config *cfg,
				   const struct tu_retr_doc *docs, size_t n,
				   struct tu_err *err)
{
	enum tu_status st;

	if (!ix)
		return tu_err_set(err, TU_EINVAL, "retrieval: no index");
	tu_retr_index_init(ix);
	if (cfg)
		ix->cfg = *cfg;
	else
		tu_retr_config_default(&ix->cfg);
	st = check_cfg(&ix->cfg, err);
	if (!st)
		st = check_docs(docs, n, err);
	if (!st)
		st = build_all(ix, docs, n, err);
	if (st)
		tu_retr_index_release(ix);
	return st;
}
