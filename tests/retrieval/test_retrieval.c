/*
 * test_retrieval.c - the hybrid retriever (tutor/retrieval.h): tokenizer
 * cases, BM25 against hand-computed scores, the truncated SVD against
 * known factors and independently computed singular values, the
 * monotonicity properties ("a more similar text never scores lower",
 * stated precisely in test_monotone_*), exclusion, top-k and ties, the
 * embedding hook, and a query on the python course.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tutor/content.h"
#include "tutor/retrieval.h"
#include "tutor/rng.h"
#include "tutor/utf8.h"

/* ---- helpers ------------------------------------------------------------ */

/* cmocka 1.1's assert_float_equal compares floats: this compares doubles
 * and prints both values. */
#define assert_near(a, b, eps) near_at((a), (b), (eps), __FILE__, __LINE__)

static void near_at(double a, double b, double eps, const char *file,
		    int line)
{
	if (fabs(a - b) <= eps)
		return;
	print_error("%.17g != %.17g (within %g)\n", a, b, eps);
	_fail(file, line);
}

struct toks {
	char s[4096];
	size_t n;
};

static void join_tok(void *ctx, const char *tok, size_t len)
{
	struct toks *t = ctx;
	size_t at = strlen(t->s);

	assert_int_equal(strlen(tok), len);
	assert_true(at + len + 2 < sizeof t->s);
	if (at > 0)
		t->s[at++] = ' ';
	memcpy(t->s + at, tok, len + 1);
	t->n++;
}

/* The tokens of s (n bytes) joined by spaces. */
static const char *toks_n(struct toks *t, const char *s, size_t n)
{
	size_t count;

	memset(t, 0, sizeof(*t));
	count = tu_retr_tokenize(s, n, join_tok, t);
	assert_int_equal(count, t->n);
	return t->s;
}

static const char *toks(struct toks *t, const char *s)
{
	return toks_n(t, s, strlen(s));
}

static struct tu_retr_doc doc3(const char *id, const char *title,
			       const char *topics, const char *body)
{
	struct tu_retr_doc d = { id, { title, topics, body } };

	return d;
}

/* ---- tokenizer ---------------------------------------------------------- */

static void test_tokenize_identifiers(void **state)
{
	struct toks t;

	(void)state;
	assert_string_equal(toks(&t, "two_sum"), "two_sum two sum");
	assert_string_equal(toks(&t, "isPalindrome"),
			    "ispalindrome is palindrome");
	assert_string_equal(toks(&t, "HTTPServer"), "httpserver http server");
	assert_string_equal(toks(&t, "list2d"), "list2d list 2 d");
	assert_string_equal(toks(&t, "__init__"), "init");
	assert_string_equal(toks(&t, "_"), "");
	assert_string_equal(toks(&t, "get_max_values()"),
			    "get_max_values get max value ()");
	assert_string_equal(toks(&t, "Sorting sorted sorts SORT"),
			    "sort sort sort sort");
	assert_string_equal(toks(&t, "use used uses using"), "use use use use");
	assert_string_equal(toks(&t, "Queries classes boxes matches"),
			    "query class box match");
	assert_string_equal(toks(&t, "string thing added running stopped"),
			    "string thing add run stop");
	assert_string_equal(toks(&t, "status analysis called passes"),
			    "status analysis call pass");
	assert_string_equal(toks(&t, "tree trees 42 3.14"),
			    "tree tree 42 3 14");
}

static void test_tokenize_operators(void **state)
{
	struct toks t;

	(void)state;
	assert_string_equal(toks(&t, "x == y != z <= w >= v"),
			    "x == y != z <= w >= v");
	assert_string_equal(toks(&t, "n//2 + n**2 % 3"), "n // 2 n ** 2 % 3");
	assert_string_equal(toks(&t, "n += 1; m -= 1; k **= 2; q //= 2"),
			    "n += 1 m -= 1 k **= 2 q //= 2");
	assert_string_equal(toks(&t, "node->next arr[] f() {} x := 1"),
			    "node -> next arr [] f () {} x := 1");
	assert_string_equal(toks(&t, "a && b || c << 2 >> 1 ++i"),
			    "&& b || c << 2 >> 1 ++");
	/* Single punctuation other than % is dropped. */
	assert_string_equal(toks(&t, "x = y + z * w / v - u ! ^ ~ # @ $"),
			    "x y z w v u");
}

static void test_tokenize_utf8(void **state)
{
	struct toks t;
	char longw[200], longu[200], expect[200];

	(void)state;
	/* Non-ASCII letters stay in words, unstemmed and not lower-cased;
	 * ASCII letters next to them are. */
	assert_string_equal(toks(&t, "naïve Café Größe"), "naïve café größe");
	assert_string_equal(toks(&t, "über\xe2\x80\x94straße"), "über straße");
	assert_string_equal(toks(&t, "数组、排序"), "数组 排序");
	assert_string_equal(toks(&t, "«hello» 5×3 a÷b"), "hello 5 3 b");
	/* Invalid bytes are dropped and split words. */
	assert_string_equal(toks(&t, "ab\xff" "cd"), "ab cd");
	assert_string_equal(toks(&t, "loop\xc0\xaf" "body"), "loop body");
	assert_string_equal(toks(&t, "tail\xc3"), "tail");
	assert_string_equal(toks(&t, "\xed\xa0\x80python"), "python");
	assert_string_equal(toks_n(&t, "ab\0cd", 5), "ab cd");
	assert_int_equal(tu_retr_tokenize(NULL, 0, join_tok, &t), 0);
	/* Long words are cut at TU_RETR_TOKEN_MAX - 1 bytes, on a character
	 * boundary. */
	memset(longw, 'x', 100);
	longw[100] = '\0';
	assert_int_equal(strlen(toks(&t, longw)), TU_RETR_TOKEN_MAX - 1);
	longu[0] = '\0';
	for (int i = 0; i < 40; i++)
		strcat(longu, "é");
	expect[0] = '\0';
	for (int i = 0; i < (TU_RETR_TOKEN_MAX - 1) / 2; i++)
		strcat(expect, "é");
	assert_string_equal(toks(&t, longu), expect);
}

static void test_tokenize_stop_words(void **state)
{
	struct toks t;

	(void)state;
	assert_string_equal(toks(&t, "How do I use the for loop and the while "
				 "loop in Python, if it is not empty?"),
			    "use for loop and while loop in python if is not "
			    "empty");
	assert_string_equal(toks(&t, "the a an of to"), "");
	/* Parts of identifiers keep stop words. */
	assert_string_equal(toks(&t, "is_the_end"), "is_the_end is the end");
}

static void check_token(void *ctx, const char *tok, size_t len)
{
	(void)ctx;
	assert_true(len >= 1 && len < TU_RETR_TOKEN_MAX);
	assert_true(tu_utf8_valid(tok, len, NULL));
	for (size_t i = 0; i < len; i++)
		assert_false(tok[i] >= 'A' && tok[i] <= 'Z');
}

/* Random bytes: every token is non-empty, bounded, valid UTF-8 and lower
 * case; the same input gives the same count. */
static void test_tokenize_random_bytes(void **state)
{
	struct tu_rng r;
	unsigned char buf[300];
	static const char pick[] = "aZ_9 =/*<>-+%[](){}!&|:\x80\xc3\xa9\xe2"
				   "\x80\x94\xf0\x9f\x98\x80\xff";

	(void)state;
	tu_rng_seed(&r, 7);
	for (int it = 0; it < 20000; it++) {
		size_t n = (size_t)tu_rng_below(&r, sizeof buf);

		for (size_t i = 0; i < n; i++)
			buf[i] = it % 2 ? (unsigned char)tu_rng_below(&r, 256) :
				 (unsigned char)pick[tu_rng_below(&r,
							sizeof pick - 1)];
		assert_int_equal(tu_retr_tokenize((const char *)buf, n,
						  check_token, NULL),
				 tu_retr_tokenize((const char *)buf, n,
						  check_token, NULL));
	}
}

/* ---- BM25 --------------------------------------------------------------- */

/*
 * The toy corpus, tokens after the tokenizer (weights title 3, topics 2,
 * body 1):
 *   d0 body  "binary search sorted array" -> binary search sort array, |d|=4
 *   d1 body  "linear search"              -> linear search,            |d|=2
 *   d2 body  "sorting an array"           -> sort array,               |d|=2
 *   d3 title "binary trees"               -> binary x3, tree x3,       |d|=6
 * N = 4, avgdl = 14 / 4 = 3.5.  idf = ln(1 + (N - n + 0.5) / (n + 0.5)):
 *   binary, search, sort, array: n = 2, idf = ln(1 + 2.5/2.5) = ln 2
 *   linear: n = 1, idf = ln(1 + 3.5/1.5) = ln(10/3) = 1.2039728043259361
 * K(d) = k1 (1 - b + b |d| / avgdl), k1 = 1.2, b = 0.75:
 *   K(4) = 1.2 (0.25 + 3/3.5)   = 1.3285714285714285
 *   K(2) = 1.2 (0.25 + 1.5/3.5) = 0.8142857142857143
 *   K(6) = 1.2 (0.25 + 4.5/3.5) = 1.842857142857143
 * term score = idf f (k1 + 1) / (f + K(d)):
 * "binary search":
 *   d0 = 2 ln2 * 2.2 / (1 + K(4))      = 1.3097505006899581
 *   d1 = ln2 * 2.2 / (1 + K(2))        = 0.8405091795766266
 *   d2 = 0
 *   d3 = ln2 * 3 * 2.2 / (3 + K(6))    = 0.9446430602321377
 * "sorted arrays": d0 = 1.3097505006899581, d2 = 2 ln2 * 2.2 / (1 + K(2))
 *   = 1.6810183591532533, d1 = d3 = 0
 * "linear linear": (repeats count once) d1 = ln(10/3) * 2.2 / (1 + K(2))
 *   = 1.4599355265054659
 */
static void test_bm25_hand(void **state)
{
	const struct tu_retr_doc docs[] = {
		doc3("d0", NULL, NULL, "binary search sorted array"),
		doc3("d1", NULL, NULL, "linear search"),
		doc3("d2", NULL, NULL, "sorting an array"),
		doc3("d3", "binary trees", NULL, NULL),
	};
	struct tu_retr_index ix;
	struct tu_err err = TU_ERR_INIT;
	double s[4];
	const double ln2 = log(2.0);

	(void)state;
	assert_int_equal(tu_retr_index_build(&ix, NULL, docs, 4, &err), TU_OK);
	assert_int_equal(ix.n_docs, 4);
	assert_int_equal(ix.n_terms, 6);
	assert_string_equal(tu_retr_term(&ix, 0), "array");
	assert_string_equal(tu_retr_term(&ix, 5), "tree");
	assert_null(tu_retr_term(&ix, 6));
	assert_int_equal(tu_retr_term_id(&ix, "search"), 3);
	assert_int_equal(tu_retr_term_id(&ix, "nope"), -1);
	assert_near(ix.avgdl, 3.5, 1e-15);
	assert_near(ix.doc_len[3], 6.0, 0.0);
	assert_near(ix.idf[tu_retr_term_id(&ix, "linear")],
			   1.2039728043259361, 1e-15);

	assert_int_equal(tu_retr_bm25_scores(&ix, "binary search", s, &err),
			 TU_OK);
	assert_near(s[0], 1.3097505006899581, 1e-12);
	assert_near(s[1], 0.8405091795766266, 1e-12);
	assert_near(s[2], 0.0, 0.0);
	assert_near(s[3], 0.9446430602321377, 1e-12);
	/* The same from the formula written out. */
	assert_near(s[3], ln2 * 3 * 2.2 / (3 + 1.2 * (0.25 + 0.75 * 6 /
							     3.5)), 1e-12);

	assert_int_equal(tu_retr_bm25_scores(&ix, "Sorted ARRAYS", s, &err),
			 TU_OK);
	assert_near(s[0], 1.3097505006899581, 1e-12);
	assert_near(s[1], 0.0, 0.0);
	assert_near(s[2], 1.6810183591532533, 1e-12);
	assert_near(s[3], 0.0, 0.0);

	assert_int_equal(tu_retr_bm25_scores(&ix, "linear linear", s, &err),
			 TU_OK);
	assert_near(s[1], 1.4599355265054659, 1e-12);
	assert_near(s[0] + s[2] + s[3], 0.0, 0.0);

	assert_int_equal(tu_retr_bm25_scores(&ix, "zzz", s, &err), TU_OK);
	assert_near(s[0] + s[1] + s[2] + s[3], 0.0, 0.0);
	tu_retr_index_release(&ix);
}

/* BM25 with other k1 and b, and the idf of a term in every document
 * (which the non-negative variant keeps above 0). */
static void test_bm25_params(void **state)
{
	const struct tu_retr_doc docs[] = {
		doc3("a", NULL, NULL, "loop loop range"),
		doc3("b", NULL, NULL, "loop"),
	};
	struct tu_retr_config cfg;
	struct tu_retr_index ix;
	double s[2];

	(void)state;
	tu_retr_config_default(&cfg);
	cfg.k1 = 2.0;
	cfg.b = 0.0;
	cfg.rank = 0;
	assert_int_equal(tu_retr_index_build(&ix, &cfg, docs, 2, NULL), TU_OK);
	assert_int_equal(ix.dim, 0);
	assert_int_equal(tu_retr_bm25_scores(&ix, "loop", s, NULL), TU_OK);
	/* idf = ln(1 + 0.5 / 2.5) = ln 1.2; K = k1 = 2. */
	assert_near(s[0], log(1.2) * 2 * 3 / (2 + 2), 1e-12);
	assert_near(s[1], log(1.2) * 1 * 3 / (1 + 2), 1e-12);
	assert_int_equal(tu_retr_dense_scores(&ix, "loop", s, NULL), TU_OK);
	assert_near(s[0] + s[1], 0.0, 0.0);
	tu_retr_index_release(&ix);
}

/* ---- SVD ---------------------------------------------------------------- */

/* Orthonormal columns q (m x k, row-major) from seeded Gaussian columns
 * by classical Gram-Schmidt applied twice (the test's own code). */
static void orthonormal(struct tu_rng *r, double *q, size_t m, size_t k)
{
	for (size_t i = 0; i < m * k; i++)
		q[i] = tu_rng_normal(r);
	for (size_t j = 0; j < k; j++)
		for (int pass = 0; pass < 2; pass++) {
			double n = 0.0;

			for (size_t c = 0; c < j; c++) {
				double d = 0.0;

				for (size_t i = 0; i < m; i++)
					d += q[i * k + c] * q[i * k + j];
				for (size_t i = 0; i < m; i++)
					q[i * k + j] -= d * q[i * k + c];
			}
			for (size_t i = 0; i < m; i++)
				n += q[i * k + j] * q[i * k + j];
			for (size_t i = 0; i < m; i++)
				q[i * k + j] /= sqrt(n);
		}
}

/* A dense matrix as CSR (zeros left out); the arrays are malloc'd. */
struct csr {
	size_t *ptr;
	uint32_t *col;
	double *val;
	struct tu_retr_csr a;
};

static void to_csr(const double *x, size_t m, size_t n, struct csr *c)
{
	size_t k = 0;

	c->ptr = calloc(m + 1, sizeof(*c->ptr));
	c->col = calloc(m * n + 1, sizeof(*c->col));
	c->val = calloc(m * n + 1, sizeof(*c->val));
	assert_non_null(c->ptr);
	assert_non_null(c->col);
	assert_non_null(c->val);
	for (size_t i = 0; i < m; i++) {
		for (size_t j = 0; j < n; j++)
			if (x[i * n + j] != 0.0) {
				c->col[k] = (uint32_t)j;
				c->val[k++] = x[i * n + j];
			}
		c->ptr[i + 1] = k;
	}
	c->a = (struct tu_retr_csr){ m, n, c->ptr, c->col, c->val };
}

static void csr_free(struct csr *c)
{
	free(c->ptr);
	free(c->col);
	free(c->val);
}

/* max |x - U S V^T| over the m x n entries. */
static double recon_err(const struct tu_retr_svd *s, const double *x)
{
	double worst = 0.0;

	for (size_t i = 0; i < s->rows; i++)
		for (size_t j = 0; j < s->cols; j++) {
			double y = 0.0;

			for (size_t c = 0; c < s->rank; c++)
				y += s->u[i * s->rank + c] * s->s[c] *
				     s->v[j * s->rank + c];
			if (fabs(y - x[i * s->cols + j]) > worst)
				worst = fabs(y - x[i * s->cols + j]);
		}
	return worst;
}

/* max |M^T M - I| for M rows x k. */
static double orth_err(const double *m, size_t rows, size_t k)
{
	double worst = 0.0;

	for (size_t a = 0; a < k; a++)
		for (size_t b = 0; b < k; b++) {
			double d = 0.0;

			for (size_t i = 0; i < rows; i++)
				d += m[i * k + a] * m[i * k + b];
			d -= a == b ? 1.0 : 0.0;
			worst = fabs(d) > worst ? fabs(d) : worst;
		}
	return worst;
}

/* A known case: A = U0 diag(10, 6, 3, 1) V0^T, 60 x 40; its best rank-2
 * approximation is U0[:, :2] diag(10, 6) V0[:, :2]^T (Eckart-Young). */
static void test_svd_known(void **state)
{
	enum { M = 60, N = 40, K = 4 };
	static const double s0[K] = { 10, 6, 3, 1 };
	double *u0 = malloc(M * K * sizeof(double));
	double *v0 = malloc(N * K * sizeof(double));
	double *a = calloc(M * N, sizeof(double));
	double *a2 = calloc(M * N, sizeof(double));
	struct tu_rng r;
	struct csr c;
	struct tu_retr_svd s;

	(void)state;
	assert_non_null(u0);
	assert_non_null(v0);
	assert_non_null(a);
	assert_non_null(a2);
	tu_rng_seed(&r, 11);
	orthonormal(&r, u0, M, K);
	orthonormal(&r, v0, N, K);
	for (size_t i = 0; i < M; i++)
		for (size_t j = 0; j < N; j++)
			for (size_t k = 0; k < K; k++) {
				double x = u0[i * K + k] * s0[k] * v0[j * K + k];

				a[i * N + j] += x;
				if (k < 2)
					a2[i * N + j] += x;
			}
	to_csr(a, M, N, &c);

	assert_int_equal(tu_retr_svd(&c.a, 2, 10, 3, 1, &s, NULL), TU_OK);
	assert_int_equal(s.rank, 2);
	assert_near(s.s[0], 10.0, 1e-9);
	assert_near(s.s[1], 6.0, 1e-9);
	assert_true(recon_err(&s, a2) < 1e-9);
	assert_true(orth_err(s.u, M, 2) < 1e-9);
	assert_true(orth_err(s.v, N, 2) < 1e-9);
	tu_retr_svd_release(&s);

	/* Rank 4 reconstructs A; no oversampling and no power iteration
	 * needed for an exact rank-4 matrix. */
	assert_int_equal(tu_retr_svd(&c.a, 4, 0, 0, 5, &s, NULL), TU_OK);
	for (size_t k = 0; k < K; k++)
		assert_near(s.s[k], s0[k], 1e-9);
	assert_true(recon_err(&s, a) < 1e-9);

	/* Asking for more than the rank: the extra values are 0. */
	tu_retr_svd_release(&s);
	assert_int_equal(tu_retr_svd(&c.a, 6, 10, 3, 5, &s, NULL), TU_OK);
	assert_near(s.s[4], 0.0, 0.0);
	assert_near(s.s[5], 0.0, 0.0);
	assert_true(recon_err(&s, a) < 1e-9);
	tu_retr_svd_release(&s);
	csr_free(&c);
	free(u0);
	free(v0);
	free(a);
	free(a2);
}

static double det3(const double m[3][3])
{
	return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
	       m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
	       m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

/* Eigenvalues of a symmetric 3 x 3 matrix, descending, by the closed
 * (trigonometric) form: independent of the code under test. */
static void eig3(const double m[3][3], double e[3])
{
	double q = (m[0][0] + m[1][1] + m[2][2]) / 3.0, b[3][3], p, rr, phi;
	double p1 = m[0][1] * m[0][1] + m[0][2] * m[0][2] + m[1][2] * m[1][2];
	double p2 = (m[0][0] - q) * (m[0][0] - q) + (m[1][1] - q) *
		    (m[1][1] - q) + (m[2][2] - q) * (m[2][2] - q) + 2 * p1;

	p = sqrt(p2 / 6.0);
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			b[i][j] = (m[i][j] - (i == j ? q : 0.0)) / p;
	rr = det3((const double (*)[3])b) / 2.0;
	rr = rr < -1.0 ? -1.0 : rr > 1.0 ? 1.0 : rr;
	phi = acos(rr) / 3.0;
	e[0] = q + 2 * p * cos(phi);
	e[2] = q + 2 * p * cos(phi + 2.0 * M_PI / 3.0);
	e[1] = 3 * q - e[0] - e[2];
}

/* Random 5 x 3 matrices: the singular values are the square roots of
 * the eigenvalues of A^T A, sorted; U and V are orthonormal; U S V^T = A. */
static void test_svd_small(void **state)
{
	struct tu_rng r;

	(void)state;
	tu_rng_seed(&r, 3);
	for (int it = 0; it < 50; it++) {
		double a[5 * 3], ata[3][3] = { { 0 } }, e[3];
		struct csr c;
		struct tu_retr_svd s;

		for (int i = 0; i < 15; i++)
			a[i] = tu_rng_range(&r, -2.0, 2.0);
		for (int i = 0; i < 3; i++)
			for (int j = 0; j < 3; j++)
				for (int k = 0; k < 5; k++)
					ata[i][j] += a[k * 3 + i] * a[k * 3 + j];
		eig3((const double (*)[3])ata, e);
		to_csr(a, 5, 3, &c);
		assert_int_equal(tu_retr_svd(&c.a, 3, 10, 3, (uint64_t)it, &s,
					     NULL), TU_OK);
		for (int k = 0; k < 3; k++)
			assert_near(s.s[k], sqrt(e[k]), 1e-9);
		assert_true(s.s[0] >= s.s[1] && s.s[1] >= s.s[2]);
		assert_true(orth_err(s.u, 5, 3) < 1e-9);
		assert_true(orth_err(s.v, 3, 3) < 1e-9);
		assert_true(recon_err(&s, a) < 1e-9);
		tu_retr_svd_release(&s);
		csr_free(&c);
	}
}

/* A truncated randomized SVD of a full-rank matrix: the values come
 * sorted and never exceed the exact ones (they are those of Q^T A). */
static void test_svd_randomized(void **state)
{
	enum { M = 80, N = 50 };
	double *a = malloc(M * N * sizeof(double));
	struct tu_rng r;
	struct csr c;
	struct tu_retr_svd full, part;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	assert_non_null(a);
	tu_rng_seed(&r, 9);
	for (size_t i = 0; i < M * N; i++)
		a[i] = tu_rng_uniform(&r) < 0.3 ? tu_rng_normal(&r) : 0.0;
	to_csr(a, M, N, &c);
	assert_int_equal(tu_retr_svd(&c.a, N, 0, 1, 1, &full, NULL), TU_OK);
	assert_true(recon_err(&full, a) < 1e-9);
	assert_int_equal(tu_retr_svd(&c.a, 8, 4, 3, 1, &part, NULL), TU_OK);
	for (size_t k = 0; k < 8; k++) {
		assert_true(part.s[k] <= full.s[k] + 1e-9);
		assert_true(part.s[k] > 0.8 * full.s[k]);
		if (k > 0)
			assert_true(part.s[k] <= part.s[k - 1]);
	}
	tu_retr_svd_release(&part);
	tu_retr_svd_release(&full);
	/* Errors leave the output empty. */
	assert_int_equal(tu_retr_svd(&c.a, 0, 4, 3, 1, &part, &err), TU_EINVAL);
	assert_int_equal(tu_retr_svd(&c.a, N + 1, 4, 3, 1, &part, &err),
			 TU_EINVAL);
	assert_non_null(strstr(err.msg, "rank 51 outside 1..50"));
	c.col[0] = N;
	assert_int_equal(tu_retr_svd(&c.a, 2, 4, 3, 1, &part, &err), TU_EINVAL);
	csr_free(&c);
	free(a);
}

/* ---- dense scores ------------------------------------------------------- */

static const char *const TEXTS[] = {
	"binary search halves a sorted array each step",
	"linear search scans every element of a list",
	"recursion calls the function itself with a smaller input",
	"a dictionary maps keys to values with hashing",
	"sorting puts the elements of a list in order",
	"a for loop runs once for every element in a range",
	"a while loop runs until its condition is false",
	"string slicing takes a part of a string by index",
};

/* The dense score is a similarity (Pxplore ranked by 1 - similarity):
 * a document queried with its own text scores 1, the most of all. */
static void test_dense_is_similarity(void **state)
{
	enum { N = sizeof TEXTS / sizeof TEXTS[0] };
	struct tu_retr_doc docs[N];
	char ids[N][8];
	struct tu_retr_config cfg;
	struct tu_retr_index ix;
	double s[N];

	(void)state;
	for (size_t i = 0; i < N; i++) {
		snprintf(ids[i], sizeof ids[i], "t%zu", i);
		docs[i] = doc3(ids[i], NULL, NULL, TEXTS[i]);
	}
	tu_retr_config_default(&cfg);
	cfg.rank = N;                 /* all of it: every text its own axis */
	assert_int_equal(tu_retr_index_build(&ix, &cfg, docs, N, NULL), TU_OK);
	assert_int_equal(ix.dim, N);
	for (size_t i = 0; i < N; i++) {
		assert_int_equal(tu_retr_dense_scores(&ix, TEXTS[i], s, NULL),
				 TU_OK);
		assert_near(s[i], 1.0, 1e-9);
		for (size_t j = 0; j < N; j++)
			if (j != i)
				assert_true(s[j] < s[i] - 1e-6);
	}
	/* Unknown words only: no dense signal at all. */
	assert_int_equal(tu_retr_dense_scores(&ix, "qqq zzz", s, NULL), TU_OK);
	for (size_t i = 0; i < N; i++)
		assert_near(s[i], 0.0, 0.0);
	tu_retr_index_release(&ix);
}

/* tu_retr_score_doc on a document of the index gives its scores. */
static void test_score_doc_consistent(void **state)
{
	enum { N = sizeof TEXTS / sizeof TEXTS[0] };
	struct tu_retr_doc docs[N];
	char ids[N][8];
	struct tu_retr_config cfg;
	struct tu_retr_index ix;
	double b[N], d[N], b1, d1;
	const char *q = "search a sorted list with a loop";

	(void)state;
	for (size_t i = 0; i < N; i++) {
		snprintf(ids[i], sizeof ids[i], "t%zu", i);
		docs[i] = doc3(ids[i], i % 2 ? "loops and lists" : NULL,
			       i % 3 ? "search" : NULL, TEXTS[i]);
	}
	tu_retr_config_default(&cfg);
	cfg.rank = 4;
	assert_int_equal(tu_retr_index_build(&ix, &cfg, docs, N, NULL), TU_OK);
	assert_int_equal(tu_retr_bm25_scores(&ix, q, b, NULL), TU_OK);
	assert_int_equal(tu_retr_dense_scores(&ix, q, d, NULL), TU_OK);
	for (size_t i = 0; i < N; i++) {
		assert_int_equal(tu_retr_score_doc(&ix, q, &docs[i], &b1, &d1,
						   NULL), TU_OK);
		assert_near(b1, b[i], 1e-12);
		assert_near(d1, d[i], 1e-9);
	}
	tu_retr_index_release(&ix);
}

/* ---- monotonicity ------------------------------------------------------- */

/* Made-up words of consonant-vowel syllables ending in a, i, o or u:
 * no stop word, nothing the stemmer changes, never split. */
#define VOCAB 300
static char vocab[VOCAB][12];

static void make_vocab(void)
{
	static const char cons[] = "bklmprt", vow[] = "aiou";
	struct tu_rng r;

	tu_rng_seed(&r, 99);
	for (size_t w = 0; w < VOCAB; w++) {
		bool dup;

		do {
			size_t n = 0, syl = 2 + tu_rng_below(&r, 2);

			for (size_t s = 0; s < syl; s++) {
				vocab[w][n++] = cons[tu_rng_below(&r, 7)];
				vocab[w][n++] = vow[tu_rng_below(&r, 4)];
			}
			vocab[w][n] = '\0';
			dup = false;
			for (size_t o = 0; o < w; o++)
				dup |= strcmp(vocab[o], vocab[w]) == 0;
		} while (dup);
	}
}

/* A word index with a Zipf-like law (rank^-1). */
static size_t zipf(struct tu_rng *r)
{
	double u = tu_rng_uniform(r);

	return (size_t)(pow((double)VOCAB, u)) - 1;
}

/* A document as word indexes per field. */
struct wdoc {
	size_t w[TU_RETR_FIELDS][48];
	size_t n[TU_RETR_FIELDS];
	char text[TU_RETR_FIELDS][48 * 12];
};

static void wdoc_render(struct wdoc *d)
{
	for (int f = 0; f < TU_RETR_FIELDS; f++) {
		d->text[f][0] = '\0';
		for (size_t i = 0; i < d->n[f]; i++) {
			if (i)
				strcat(d->text[f], " ");
			strcat(d->text[f], vocab[d->w[f][i]]);
		}
	}
}

static void wdoc_random(struct tu_rng *r, struct wdoc *d)
{
	static const size_t lo[] = { 1, 0, 5 }, hi[] = { 4, 3, 40 };

	for (int f = 0; f < TU_RETR_FIELDS; f++) {
		d->n[f] = lo[f] + tu_rng_below(r, hi[f] - lo[f] + 1);
		for (size_t i = 0; i < d->n[f]; i++)
			d->w[f][i] = zipf(r);
	}
	wdoc_render(d);
}

static struct tu_retr_doc wdoc_doc(const struct wdoc *d, const char *id)
{
	return doc3(id, d->text[0], d->text[1], d->text[2]);
}

enum { MDOCS = 60 };

struct corpus {
	struct wdoc d[MDOCS];
	char ids[MDOCS][8];
	struct tu_retr_doc docs[MDOCS];
	struct tu_retr_index ix;
};

static void corpus_build(struct corpus *c, struct tu_rng *r)
{
	struct tu_retr_config cfg;

	make_vocab();
	for (size_t i = 0; i < MDOCS; i++) {
		wdoc_random(r, &c->d[i]);
		snprintf(c->ids[i], sizeof c->ids[i], "m%02zu", i);
		c->docs[i] = wdoc_doc(&c->d[i], c->ids[i]);
	}
	tu_retr_config_default(&cfg);
	cfg.rank = 16;
	assert_int_equal(tu_retr_index_build(&c->ix, &cfg, c->docs, MDOCS,
					     NULL), TU_OK);
	assert_int_equal(c->ix.dim, 16);
}

static bool in_query(const size_t *q, size_t nq, size_t w)
{
	for (size_t i = 0; i < nq; i++)
		if (q[i] == w)
			return true;
	return false;
}

/* A query of nq distinct words that the index knows. */
static void random_query(const struct tu_retr_index *ix, struct tu_rng *r,
			 size_t nq, size_t *q, char *text)
{
	text[0] = '\0';
	for (size_t i = 0; i < nq; i++) {
		do
			q[i] = zipf(r) % 80;
		while (in_query(q, i, q[i]) ||
		       tu_retr_term_id(ix, vocab[q[i]]) < 0);
		if (i)
			strcat(text, " ");
		strcat(text, vocab[q[i]]);
	}
}

/*
 * Replacement: in a random document, one word that is not a query word
 * (in any field) becomes a query word.  The document's length is
 * unchanged and one query-term frequency rises, so its BM25 never goes
 * down: checked against the fixed index (tu_retr_score_doc) and against
 * an index rebuilt with the changed document, for queries of 1-4 words.
 */
static void test_monotone_bm25_replace(void **state)
{
	struct corpus *c = calloc(1, sizeof(*c));
	struct tu_rng r;
	size_t strict = 0, trials = 0;

	(void)state;
	assert_non_null(c);
	tu_rng_seed(&r, 1234);
	corpus_build(c, &r);
	for (int it = 0; it < 400; it++) {
		size_t q[4], nq = 1 + tu_rng_below(&r, 4), i = tu_rng_below(&r,
			MDOCS), f = tu_rng_below(&r, 3), at;
		char text[64];
		struct wdoc d = c->d[i];
		struct tu_retr_doc nd;
		struct tu_retr_index ix2;
		double b0, b1, dn, s2[MDOCS];

		random_query(&c->ix, &r, nq, q, text);
		if (d.n[f] == 0)
			continue;
		at = tu_rng_below(&r, d.n[f]);
		if (in_query(q, nq, d.w[f][at]))
			continue;
		assert_int_equal(tu_retr_score_doc(&c->ix, text, &c->docs[i],
						   &b0, &dn, NULL), TU_OK);
		d.w[f][at] = q[tu_rng_below(&r, nq)];
		wdoc_render(&d);
		nd = wdoc_doc(&d, c->ids[i]);
		assert_int_equal(tu_retr_score_doc(&c->ix, text, &nd, &b1, &dn,
						   NULL), TU_OK);
		assert_true(b1 >= b0);
		strict += b1 > b0;
		trials++;
		/* Rebuilt with the changed document. */
		c->docs[i] = nd;
		assert_int_equal(tu_retr_index_build(&ix2, &c->ix.cfg, c->docs,
						     MDOCS, NULL), TU_OK);
		c->docs[i] = wdoc_doc(&c->d[i], c->ids[i]);
		assert_int_equal(tu_retr_bm25_scores(&ix2, text, s2, NULL),
				 TU_OK);
		assert_true(s2[i] >= b0 - 1e-12);
		tu_retr_index_release(&ix2);
	}
	assert_true(trials > 200);
	assert_true(strict == trials);  /* every query idf is > 0 here */
	tu_retr_index_release(&c->ix);
	free(c);
}

/* Scores of every document with document i's replaced by (b, d). */
static void fused_with(const struct corpus *c, const char *q, size_t i,
		       double b, double d, enum tu_retr_fusion how,
		       double *out)
{
	double sb[MDOCS], sd[MDOCS];

	assert_int_equal(tu_retr_bm25_scores(&c->ix, q, sb, NULL), TU_OK);
	assert_int_equal(tu_retr_dense_scores(&c->ix, q, sd, NULL), TU_OK);
	sb[i] = b;
	sd[i] = d;
	assert_int_equal(tu_retr_fuse(how, 0.5, sb, sd, NULL, MDOCS, out,
				      NULL), TU_OK);
}

/*
 * Addition, one-word queries: adding occurrences of the query word to a
 * random field of a random document never lowers its BM25 (the tf gain
 * beats the length penalty because |d| >= f), its dense score (the
 * document's latent vector moves along the query's own direction) or
 * its fused score (min-max and RRF) with the other documents' scores
 * fixed; all against the fixed index.
 */
static void test_monotone_add_one_word(void **state)
{
	struct corpus *c = calloc(1, sizeof(*c));
	struct tu_rng r;
	size_t up_dense = 0;

	(void)state;
	assert_non_null(c);
	tu_rng_seed(&r, 4321);
	corpus_build(c, &r);
	for (int it = 0; it < 400; it++) {
		size_t q, i = tu_rng_below(&r, MDOCS), f = tu_rng_below(&r, 3);
		size_t add = 1 + tu_rng_below(&r, 3);
		char text[16];
		struct wdoc d = c->d[i];
		struct tu_retr_doc nd;
		double b0, d0, b1, d1, f0[MDOCS], f1[MDOCS];

		random_query(&c->ix, &r, 1, &q, text);
		assert_int_equal(tu_retr_score_doc(&c->ix, text, &c->docs[i],
						   &b0, &d0, NULL), TU_OK);
		for (size_t k = 0; k < add && d.n[f] < 48; k++)
			d.w[f][d.n[f]++] = q;
		wdoc_render(&d);
		nd = wdoc_doc(&d, c->ids[i]);
		assert_int_equal(tu_retr_score_doc(&c->ix, text, &nd, &b1, &d1,
						   NULL), TU_OK);
		assert_true(b1 >= b0);
		assert_true(d1 >= d0 - 1e-12);
		up_dense += d1 > d0 + 1e-9;
		for (int how = 0; how < 2; how++) {
			fused_with(c, text, i, b0, d0, (enum tu_retr_fusion)how,
				   f0);
			fused_with(c, text, i, b1, d1, (enum tu_retr_fusion)how,
				   f1);
			assert_true(f1[i] >= f0[i] - 1e-12);
		}
	}
	assert_true(up_dense > 100);
	tu_retr_index_release(&c->ix);
	free(c);
}

/*
 * Fusion alone: for random score lists (with ties and zeros) and random
 * candidate sets, raising one candidate's BM25 and/or dense score never
 * lowers its fused score (min-max with random alpha, and RRF).
 */
static void test_monotone_fuse(void **state)
{
	enum { N = 30 };
	struct tu_rng r;

	(void)state;
	tu_rng_seed(&r, 77);
	for (int it = 0; it < 5000; it++) {
		double b[N], d[N], f0[N], f1[N];
		double alpha = tu_rng_uniform(&r);
		bool cand[N];
		size_t i = tu_rng_below(&r, N);
		enum tu_retr_fusion how = (enum tu_retr_fusion)(it % 2);

		for (size_t k = 0; k < N; k++) {
			b[k] = tu_rng_below(&r, 3) ? (double)tu_rng_below(&r, 5) :
			       0.0;
			d[k] = (double)tu_rng_below(&r, 7) / 3.0 - 1.0;
			cand[k] = tu_rng_below(&r, 5) != 0;
		}
		cand[i] = true;
		assert_int_equal(tu_retr_fuse(how, alpha, b, d, cand, N, f0,
					      NULL), TU_OK);
		if (tu_rng_below(&r, 3))
			b[i] += (double)tu_rng_below(&r, 3);
		if (tu_rng_below(&r, 3))
			d[i] += (double)tu_rng_below(&r, 3) / 3.0;
		assert_int_equal(tu_retr_fuse(how, alpha, b, d, cand, N, f1,
					      NULL), TU_OK);
		assert_true(f1[i] >= f0[i] - 1e-15);
		for (size_t k = 0; k < N; k++)
			if (!cand[k])
				assert_near(f1[k], 0.0, 0.0);
	}
}

/* ---- fusion values, exclusion, top-k and ties --------------------------- */

static void test_fuse_values(void **state)
{
	const double b[4] = { 2.0, 0.0, 1.0, 4.0 };
	const double d[4] = { 0.5, -0.5, 0.5, 0.0 };
	const bool cand[4] = { true, true, true, false };
	double out[4];
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	/* Over the candidates: bm25 min 0 max 2, dense min -0.5 max 0.5. */
	assert_int_equal(tu_retr_fuse(TU_RETR_FUSE_MINMAX, 0.25, b, d, cand, 4,
				      out, NULL), TU_OK);
	assert_near(out[0], 0.25 * 1.0 + 0.75 * 1.0, 1e-15);
	assert_near(out[1], 0.0, 1e-15);
	assert_near(out[2], 0.25 * 0.5 + 0.75 * 1.0, 1e-15);
	assert_near(out[3], 0.0, 0.0);
	/* RRF: bm25 ranks d0 (1), d2 (2); dense ranks d0 and d2 (tied: both
	 * 1); d1 has no positive score, d3 is no candidate. */
	assert_int_equal(tu_retr_fuse(TU_RETR_FUSE_RRF, 0.5, b, d, cand, 4,
				      out, NULL), TU_OK);
	assert_near(out[0], 2.0 / 61.0, 1e-15);
	assert_near(out[1], 0.0, 0.0);
	assert_near(out[2], 1.0 / 62.0 + 1.0 / 61.0, 1e-15);
	assert_near(out[3], 0.0, 0.0);
	/* Equal scores: 1 when positive, else 0. */
	assert_int_equal(tu_retr_fuse(TU_RETR_FUSE_MINMAX, 0.5, b, b, NULL, 1,
				      out, NULL), TU_OK);
	assert_near(out[0], 1.0, 0.0);
	assert_int_equal(tu_retr_fuse(TU_RETR_FUSE_MINMAX, 0.5, b + 1, b + 1,
				      NULL, 1, out, NULL), TU_OK);
	assert_near(out[0], 0.0, 0.0);
	assert_int_equal(tu_retr_fuse(TU_RETR_FUSE_MINMAX, 1.5, b, d, NULL, 4,
				      out, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "alpha 1.5"));
	assert_int_equal(tu_retr_fuse(TU_RETR_FUSE_MINMAX, NAN, b, d, NULL, 4,
				      out, NULL), TU_EINVAL);
	assert_int_equal(tu_retr_fuse((enum tu_retr_fusion)7, 0.5, b, d, NULL,
				      4, out, NULL), TU_EINVAL);
}

static void build_ties(struct tu_retr_index *ix)
{
	const struct tu_retr_doc docs[] = {
		doc3("b", NULL, NULL, "heap queue priority"),
		doc3("zeta", NULL, NULL, "graph edges"),
		doc3("a", NULL, NULL, "heap queue priority"),
		doc3("dup", NULL, NULL, "heap"),
		doc3("c", NULL, NULL, "heap queue priority"),
		doc3("dup", NULL, NULL, "queue"),
		doc3("omega", NULL, NULL, "tree nodes"),
	};

	assert_int_equal(tu_retr_index_build(ix, NULL, docs, 7, NULL), TU_OK);
}

static void test_search_ties_topk(void **state)
{
	struct tu_retr_index ix;
	struct tu_retr_query q;
	struct tu_retr_hit h[10];
	size_t n = 99;

	(void)state;
	build_ties(&ix);
	tu_retr_query_default(&q);
	assert_int_equal(q.k, 10);
	assert_near(q.alpha, 0.5, 0.0);
	q.text = "priority heap queue";
	assert_int_equal(tu_retr_search(&ix, &q, h, &n, NULL), TU_OK);
	assert_int_equal(n, 7);              /* k above the documents: all */
	assert_string_equal(h[0].id, "a");   /* equal texts: by id */
	assert_string_equal(h[1].id, "b");
	assert_string_equal(h[2].id, "c");
	assert_near(h[0].score, h[2].score, 0.0);
	assert_near(h[0].score, 1.0, 1e-12);
	assert_true(h[0].bm25 > h[3].bm25);
	for (size_t i = 1; i < n; i++)
		assert_true(h[i].score <= h[i - 1].score);
	/* Nothing matches: every score 0, ties by id then position. */
	q.text = "qqqq";
	assert_int_equal(tu_retr_search(&ix, &q, h, &n, NULL), TU_OK);
	assert_int_equal(n, 7);
	assert_string_equal(h[0].id, "a");
	assert_string_equal(h[3].id, "dup");
	assert_int_equal(h[3].doc, 3);
	assert_int_equal(h[4].doc, 5);
	assert_string_equal(h[6].id, "zeta");
	for (size_t i = 0; i < n; i++)
		assert_near(h[i].score, 0.0, 0.0);
	/* k = 2 */
	q.text = "priority heap queue";
	q.k = 2;
	assert_int_equal(tu_retr_search(&ix, &q, h, &n, NULL), TU_OK);
	assert_int_equal(n, 2);
	assert_string_equal(h[1].id, "b");
	/* RRF */
	q.k = 3;
	q.fusion = TU_RETR_FUSE_RRF;
	assert_int_equal(tu_retr_search(&ix, &q, h, &n, NULL), TU_OK);
	assert_int_equal(n, 3);
	assert_string_equal(h[0].id, "a");
	assert_true(h[0].score > 0.0 && h[0].score <= 2.0 / 61.0);
	tu_retr_index_release(&ix);
}

static void test_search_exclusion(void **state)
{
	struct tu_retr_index ix;
	struct tu_retr_query q;
	struct tu_retr_hit h[10];
	const char *ex[] = { "a", "dup", "not-there" };
	size_t n;

	(void)state;
	build_ties(&ix);
	tu_retr_query_default(&q);
	q.text = "priority heap queue";
	q.exclude = ex;
	q.n_exclude = 3;
	assert_int_equal(tu_retr_search(&ix, &q, h, &n, NULL), TU_OK);
	assert_int_equal(n, 4);               /* a and both "dup" gone */
	assert_string_equal(h[0].id, "b");
	assert_string_equal(h[1].id, "c");
	for (size_t i = 0; i < n; i++) {
		assert_string_not_equal(h[i].id, "a");
		assert_string_not_equal(h[i].id, "dup");
	}
	/* Min-max runs over the candidates: the best left scores 1 and the
	 * worst candidate 0. */
	assert_near(h[0].score, 1.0, 1e-12);
	assert_near(h[n - 1].score, 0.0, 1e-12);
	/* Everything excluded: no hits. */
	{
		const char *all[] = { "a", "b", "c", "dup", "zeta", "omega" };

		q.exclude = all;
		q.n_exclude = 6;
		assert_int_equal(tu_retr_search(&ix, &q, h, &n, NULL), TU_OK);
		assert_int_equal(n, 0);
	}
	tu_retr_index_release(&ix);
}

static void test_search_errors(void **state)
{
	struct tu_retr_index ix;
	struct tu_retr_query q;
	struct tu_retr_hit h[10];
	struct tu_err err = TU_ERR_INIT;
	const char *bad[] = { "a", NULL };
	char *longq = malloc(TU_RETR_QUERY_MAX + 2);
	size_t n = 77;

	(void)state;
	assert_non_null(longq);
	build_ties(&ix);
	tu_retr_query_default(&q);
	assert_int_equal(tu_retr_search(&ix, &q, h, &n, &err), TU_EINVAL);
	assert_string_equal(err.msg, "retrieval: no query text");
	q.text = "heap";
	q.k = 0;
	assert_int_equal(tu_retr_search(&ix, &q, h, &n, &err), TU_EINVAL);
	q.k = 3;
	q.alpha = -0.1;
	assert_int_equal(tu_retr_search(&ix, &q, h, &n, &err), TU_EINVAL);
	q.alpha = 0.5;
	q.exclude = bad;
	q.n_exclude = 2;
	assert_int_equal(tu_retr_search(&ix, &q, h, &n, &err), TU_EINVAL);
	q.n_exclude = TU_RETR_EXCLUDE_MAX + 1;
	assert_int_equal(tu_retr_search(&ix, &q, h, &n, &err), TU_ERANGE);
	q.n_exclude = 0;
	memset(longq, 'x', TU_RETR_QUERY_MAX + 1);
	longq[TU_RETR_QUERY_MAX + 1] = '\0';
	q.text = longq;
	assert_int_equal(tu_retr_search(&ix, &q, h, &n, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "longer than"));
	assert_int_equal(n, 77);             /* nothing written */
	free(longq);
	tu_retr_index_release(&ix);
}

static void test_build_errors(void **state)
{
	struct tu_retr_index ix;
	struct tu_retr_config cfg;
	struct tu_err err = TU_ERR_INIT;
	struct tu_retr_doc docs[2] = { doc3("x", "t", NULL, NULL),
				       doc3(NULL, "t", NULL, NULL) };
	char id[TU_RETR_ID_MAX + 1];
	char *big = malloc(TU_RETR_FIELD_MAX + 2);

	(void)state;
	assert_non_null(big);
	assert_int_equal(tu_retr_index_build(&ix, NULL, docs, 0, &err),
			 TU_EINVAL);
	assert_int_equal(tu_retr_index_build(&ix, NULL, docs, 2, &err),
			 TU_EINVAL);
	assert_string_equal(err.msg, "retrieval: document 1 has no id");
	assert_int_equal(ix.n_docs, 0);
	memset(id, 'i', TU_RETR_ID_MAX);
	id[TU_RETR_ID_MAX] = '\0';
	docs[1].id = id;
	assert_int_equal(tu_retr_index_build(&ix, NULL, docs, 2, &err),
			 TU_EINVAL);
	docs[1].id = "\xff";
	assert_int_equal(tu_retr_index_build(&ix, NULL, docs, 2, &err),
			 TU_EINVAL);
	docs[1].id = "y";
	memset(big, 'w', TU_RETR_FIELD_MAX + 1);
	big[TU_RETR_FIELD_MAX + 1] = '\0';
	docs[1].field[TU_RETR_BODY] = big;
	assert_int_equal(tu_retr_index_build(&ix, NULL, docs, 2, &err),
			 TU_ERANGE);
	assert_non_null(strstr(err.msg, "'y': the body is longer"));
	assert_int_equal(ix.n_docs, 0);
	assert_null(ix.ids);
	docs[1].field[TU_RETR_BODY] = NULL;
	tu_retr_config_default(&cfg);
	cfg.b = 1.5;
	assert_int_equal(tu_retr_index_build(&ix, &cfg, docs, 2, &err),
			 TU_EINVAL);
	cfg.b = 0.75;
	cfg.k1 = NAN;
	assert_int_equal(tu_retr_index_build(&ix, &cfg, docs, 2, &err),
			 TU_EINVAL);
	cfg.k1 = 1.2;
	cfg.rank = TU_RETR_RANK_MAX + 1;
	assert_int_equal(tu_retr_index_build(&ix, &cfg, docs, 2, &err),
			 TU_EINVAL);
	/* Documents without any token: an index with no vocabulary. */
	docs[0].field[TU_RETR_TITLE] = "the";
	docs[1].field[TU_RETR_TITLE] = "";
	assert_int_equal(tu_retr_index_build(&ix, NULL, docs, 2, &err), TU_OK);
	assert_int_equal(ix.n_terms, 0);
	assert_int_equal(ix.dim, 0);
	tu_retr_index_release(&ix);
	free(big);
}

/* ---- embeddings --------------------------------------------------------- */

enum { EDIM = 16 };

struct fake {
	int calls;
	int fail_after;              /* fail call number fail_after (1-based) */
	size_t dim;
};

static void hash_tok(void *ctx, const char *tok, size_t len)
{
	float *v = ctx;
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)tok[i]) * 16777619u;
	v[h % EDIM] += 1.0f;
}

/* A bag-of-tokens "embedding": hashed token counts. */
static enum tu_status fake_embed(void *user, const char *const *texts,
				 size_t n, float **vecs, size_t *dim,
				 struct tu_err *err)
{
	struct fake *f = user;

	f->calls++;
	if (f->fail_after && f->calls >= f->fail_after)
		return tu_err_set(err, TU_EUNAVAIL, "fake: down");
	assert_true(n >= 1 && n <= TU_RETR_EMBED_BATCH);
	*vecs = calloc(n * f->dim, sizeof(float));
	assert_non_null(*vecs);
	*dim = f->dim;
	for (size_t i = 0; i < n; i++) {
		assert_true(texts[i][0] != '\0');
		tu_retr_tokenize(texts[i], strlen(texts[i]), hash_tok,
				 *vecs + i * f->dim);
	}
	return TU_OK;
}

static void test_embed_hook(void **state)
{
	enum { N = sizeof TEXTS / sizeof TEXTS[0] };
	struct tu_retr_doc docs[N + 1];
	char ids[N + 1][8];
	struct fake fk = { 0, 0, EDIM };
	struct tu_retr_config cfg;
	struct tu_retr_index ix;
	struct tu_err err = TU_ERR_INIT;
	double s[N + 1];

	(void)state;
	for (size_t i = 0; i < N; i++) {
		snprintf(ids[i], sizeof ids[i], "t%zu", i);
		docs[i] = doc3(ids[i], NULL, NULL, TEXTS[i]);
	}
	docs[N] = doc3("empty", NULL, NULL, NULL);   /* no call, zero vector */
	tu_retr_config_default(&cfg);
	cfg.embed = fake_embed;
	cfg.embed_user = &fk;
	assert_int_equal(tu_retr_index_build(&ix, &cfg, docs, N + 1, &err),
			 TU_OK);
	assert_true(ix.embedded);
	assert_int_equal(ix.dim, EDIM);
	assert_int_equal(fk.calls, 1);
	assert_int_equal(tu_retr_dense_scores(&ix, TEXTS[2], s, NULL), TU_OK);
	assert_near(s[2], 1.0, 1e-6);
	assert_near(s[N], 0.0, 0.0);
	/* A query-time failure is the embed function's status. */
	fk.fail_after = fk.calls + 1;
	assert_int_equal(tu_retr_dense_scores(&ix, "loop", s, &err),
			 TU_EUNAVAIL);
	assert_string_equal(err.msg, "fake: down");
	/* A different dimension at query time is refused. */
	fk.fail_after = 0;
	fk.dim = EDIM + 1;
	assert_int_equal(tu_retr_dense_scores(&ix, "loop", s, &err), TU_EDATA);
	tu_retr_index_release(&ix);
	/* A build-time failure leaves the index empty. */
	fk.dim = EDIM;
	fk.calls = 0;
	fk.fail_after = 1;
	assert_int_equal(tu_retr_index_build(&ix, &cfg, docs, N + 1, &err),
			 TU_EUNAVAIL);
	assert_int_equal(ix.n_docs, 0);
}

/* ---- the python course --------------------------------------------------- */

static bool has_ci(const char *s, const char *w)
{
	return s && strcasestr(s, w) != NULL;
}

/* "binary search sorted array" finds a binary-search action or problem in
 * the top 3 (actions and problems, bodies included, default settings). */
static void test_python_course(void **state)
{
	const char *src = getenv("TUTOR_SOURCE");
	char dir[4096];
	struct tu_course c;
	struct tu_retr_docs d;
	struct tu_retr_index ix;
	struct tu_retr_query q;
	struct tu_retr_hit h[10];
	struct tu_err err = TU_ERR_INIT;
	size_t n, found = 0;

	(void)state;
	snprintf(dir, sizeof dir, "%s/courses/python", src ? src : ".");
	tu_course_init(&c);
	assert_int_equal(tu_course_load(dir, &c, &err), TU_OK);
	assert_int_equal(tu_retr_course_docs(&c, TU_RETR_COURSE_ACTIONS |
					     TU_RETR_COURSE_PROBLEMS |
					     TU_RETR_COURSE_BODIES, &d, &err),
			 TU_OK);
	assert_int_equal(d.n, c.n_actions + c.n_problems);
	assert_int_equal(tu_retr_index_build(&ix, NULL, d.docs, d.n, &err),
			 TU_OK);
	assert_int_equal(ix.dim, 64);
	tu_retr_query_default(&q);
	q.text = "binary search sorted array";
	assert_int_equal(tu_retr_search(&ix, &q, h, &n, &err), TU_OK);
	assert_int_equal(n, 10);
	for (size_t i = 0; i < n; i++) {
		const struct tu_retr_doc *x = &d.docs[h[i].doc];

		print_message("%zu %-40s %.4f bm25 %.3f dense %.3f\n", i + 1,
			      h[i].id, h[i].score, h[i].bm25, h[i].dense);
		if (i < 3 && (has_ci(x->field[TU_RETR_TITLE], "binary search") ||
			      has_ci(x->field[TU_RETR_TOPICS], "binary search")))
			found++;
	}
	assert_true(found >= 1);
	/* Excluding the first hit removes it and moves the others up. */
	{
		const char *ex[] = { h[0].id };
		struct tu_retr_hit h2[10];

		q.exclude = ex;
		q.n_exclude = 1;
		assert_int_equal(tu_retr_search(&ix, &q, h2, &n, &err), TU_OK);
		assert_string_equal(h2[0].id, h[1].id);
		for (size_t i = 0; i < n; i++)
			assert_string_not_equal(h2[i].id, h[0].id);
	}
	tu_retr_index_release(&ix);
	tu_retr_docs_release(&d);
	tu_course_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokenize_identifiers),
		cmocka_unit_test(test_tokenize_operators),
		cmocka_unit_test(test_tokenize_utf8),
		cmocka_unit_test(test_tokenize_stop_words),
		cmocka_unit_test(test_tokenize_random_bytes),
		cmocka_unit_test(test_bm25_hand),
		cmocka_unit_test(test_bm25_params),
		cmocka_unit_test(test_svd_known),
		cmocka_unit_test(test_svd_small),
		cmocka_unit_test(test_svd_randomized),
		cmocka_unit_test(test_dense_is_similarity),
		cmocka_unit_test(test_score_doc_consistent),
		cmocka_unit_test(test_monotone_bm25_replace),
		cmocka_unit_test(test_monotone_add_one_word),
		cmocka_unit_test(test_monotone_fuse),
		cmocka_unit_test(test_fuse_values),
		cmocka_unit_test(test_search_ties_topk),
		cmocka_unit_test(test_search_exclusion),
		cmocka_unit_test(test_search_errors),
		cmocka_unit_test(test_build_errors),
		cmocka_unit_test(test_embed_hook),
		cmocka_unit_test(test_python_course),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
