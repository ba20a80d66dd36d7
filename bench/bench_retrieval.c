/*
 * bench_retrieval.c - hybrid retrieval over 10,000 synthetic learning
 * actions (target: a query's top 10 in under 1 ms).
 *
 * The words come from the python course (titles, keywords, summaries,
 * action bodies and problem statements, with their natural frequencies:
 * each word is drawn from the list of every occurrence).  Each synthetic
 * action has a title of 3-8 title words, 2-5 topic words (topic ids and
 * keywords) and a body of 60-250 body words, all from a seeded tu_rng.
 * Timed: the index build (BM25 part alone, then with LSA rank 64), and
 * 1,000 queries of 2-5 title words, each excluding 20 random ids, top 10
 * by tu_retr_search (BM25 + LSA fold-in + min-max fusion; then the same
 * with RRF).  Prints mean, p50 and p99 per query (CLOCK_MONOTONIC around
 * each call, after 50 warm-up queries).
 *
 * Usage: bench_retrieval [course_dir] [docs] [queries]
 *        (default $TUTOR_SOURCE/courses/python or courses/python, 10000,
 *        1000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tutor/content.h"
#include "tutor/retrieval.h"
#include "tutor/rng.h"

#define EXCLUDE 20
#define K 10
#define WARMUP 50
#define WORD_MAX 32

/* Every occurrence of every word, in order. */
struct pool {
	char (*w)[WORD_MAX];
	size_t n, cap;
};

static void die(const char *what, const struct tu_err *err)
{
	fprintf(stderr, "bench_retrieval: %s: %s\n", what,
		err ? err->msg : "out of memory");
	exit(1);
}

static int is_word(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Adds the ASCII words (letters, digits, '_') of s to p. */
static void pool_add(struct pool *p, const char *s)
{
	for (size_t i = 0; s && s[i];) {
		size_t n = 0;

		while (s[i] && !is_word((unsigned char)s[i]))
			i++;
		while (is_word((unsigned char)s[i])) {
			if (n + 1 < WORD_MAX && p->n < p->cap)
				p->w[p->n][n++] = s[i];
			i++;
		}
		if (n > 0 && p->n < p->cap)
			p->w[p->n++][n] = '\0';
	}
}

static void pool_init(struct pool *p, size_t cap)
{
	p->w = malloc(cap * sizeof(*p->w));
	p->n = 0;
	p->cap = cap;
	if (!p->w)
		die("pool", NULL);
}

static void pools(const struct tu_course *c, struct pool *title,
		  struct pool *topic, struct pool *body)
{
	pool_init(title, 1 << 16);
	pool_init(topic, 1 << 16);
	pool_init(body, 1 << 22);
	for (size_t i = 0; i < c->n_actions; i++) {
		const struct tu_course_action *x = &c->actions[i];

		pool_add(title, x->title);
		for (size_t k = 0; k < x->n_keywords; k++)
			pool_add(topic, x->keywords[k]);
		for (size_t k = 0; k < x->n_topics; k++)
			pool_add(topic, x->topics[k]);
		pool_add(body, x->summary);
		pool_add(body, x->body);
	}
	for (size_t i = 0; i < c->n_problems; i++) {
		pool_add(title, c->problems[i].title);
		pool_add(body, c->problems[i].statement);
	}
	if (!title->n || !topic->n || !body->n)
		die("the course has no words", NULL);
}

/* n (lo..hi) words drawn from p, space-separated (malloc). */
static char *draw(struct tu_rng *r, const struct pool *p, size_t lo,
		  size_t hi)
{
	size_t n = lo + tu_rng_below(r, hi - lo + 1), at = 0;
	char *s = malloc(n * WORD_MAX + 1);

	if (!s)
		die("text", NULL);
	for (size_t i = 0; i < n; i++) {
		const char *w = p->w[tu_rng_below(r, p->n)];
		size_t len = strlen(w);

		if (i)
			s[at++] = ' ';
		memcpy(s + at, w, len);
		at += len;
	}
	s[at] = '\0';
	return s;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void build(struct tu_retr_index *ix, size_t rank,
		  const struct tu_retr_doc *docs, size_t n, double *secs)
{
	struct tu_retr_config cfg;
	struct tu_err err = TU_ERR_INIT;
	double t0;

	tu_retr_config_default(&cfg);
	cfg.rank = rank;
	t0 = now_s();
	if (tu_retr_index_build(ix, &cfg, docs, n, &err))
		die("build", &err);
	*secs = now_s() - t0;
}

/* Times nq queries with fusion how; prints mean, p50, p99. */
static void run(const struct tu_retr_index *ix, enum tu_retr_fusion how,
		char **queries, size_t nq, struct tu_rng *r, const char *name)
{
	double *us = malloc(nq * sizeof(*us)), sum = 0.0;
	const char *ex[EXCLUDE];
	struct tu_retr_hit hits[K];
	struct tu_retr_query q;
	struct tu_err err = TU_ERR_INIT;
	size_t n, short_lists = 0;

	if (!us)
		die("times", NULL);
	tu_retr_query_default(&q);
	q.fusion = how;
	q.k = K;
	q.exclude = ex;
	q.n_exclude = EXCLUDE;
	for (size_t i = 0; i < nq + WARMUP; i++) {
		double t0;

		for (size_t e = 0; e < EXCLUDE; e++)
			ex[e] = ix->ids[tu_rng_below(r, ix->n_docs)];
		q.text = queries[i % nq];
		t0 = now_s();
		if (tu_retr_search(ix, &q, hits, &n, &err))
			die("search", &err);
		if (i >= WARMUP) {
			us[i - WARMUP] = (now_s() - t0) * 1e6;
			sum += us[i - WARMUP];
		}
		short_lists += n < K;
	}
	qsort(us, nq, sizeof(*us), cmp_double);
	printf("%s: mean %.1f us, p50 %.1f us, p99 %.1f us, max %.1f us "
	       "(short lists %zu)\n", name, sum / (double)nq, us[nq / 2],
	       us[(size_t)((double)nq * 0.99)], us[nq - 1], short_lists);
	free(us);
}

/* The synthetic corpus: nd documents and nq queries. */
struct corpus {
	struct tu_retr_doc *docs;
	char **text, **queries, (*ids)[32];
	size_t nd, nq, bytes;
};

static void make_corpus(struct corpus *c, const struct pool *title,
			const struct pool *topic, const struct pool *body,
			struct tu_rng *r)
{
	c->docs = calloc(c->nd, sizeof(*c->docs));
	c->text = calloc(3 * c->nd, sizeof(*c->text));
	c->ids = calloc(c->nd, sizeof(*c->ids));
	c->queries = calloc(c->nq, sizeof(*c->queries));
	if (!c->docs || !c->text || !c->ids || !c->queries)
		die("corpus", NULL);
	c->bytes = 0;
	for (size_t i = 0; i < c->nd; i++) {
		char **t = c->text + 3 * i;

		snprintf(c->ids[i], sizeof c->ids[i], "act-%05zu", i);
		t[0] = draw(r, title, 3, 8);
		t[1] = draw(r, topic, 2, 5);
		t[2] = draw(r, body, 60, 250);
		c->docs[i] = (struct tu_retr_doc){ c->ids[i],
						   { t[0], t[1], t[2] } };
		for (int f = 0; f < 3; f++)
			c->bytes += strlen(t[f]);
	}
	for (size_t i = 0; i < c->nq; i++)
		c->queries[i] = draw(r, title, 2, 5);
}

static void free_corpus(struct corpus *c)
{
	for (size_t i = 0; i < 3 * c->nd; i++)
		free(c->text[i]);
	for (size_t i = 0; i < c->nq; i++)
		free(c->queries[i]);
	free(c->text);
	free(c->queries);
	free(c->docs);
	free(c->ids);
}

int main(int argc, char **argv)
{
	const char *src = getenv("TUTOR_SOURCE");
	char dir[4096];
	struct corpus cp = { 0 };
	struct tu_course c;
	struct pool title, topic, body;
	struct tu_retr_index ix;
	struct tu_err err = TU_ERR_INIT;
	struct tu_rng r;
	double t_bm25, t_all;

	cp.nd = argc > 2 ? strtoul(argv[2], NULL, 10) : 10000;
	cp.nq = argc > 3 ? strtoul(argv[3], NULL, 10) : 1000;
	snprintf(dir, sizeof dir, "%s", argc > 1 ? argv[1] : "");
	if (!dir[0])
		snprintf(dir, sizeof dir, "%s/courses/python", src ? src : ".");
	if (cp.nd == 0 || cp.nq == 0)
		return 2;
	tu_course_init(&c);
	if (tu_course_load(dir, &c, &err))
		die(dir, &err);
	pools(&c, &title, &topic, &body);
	tu_rng_seed(&r, 42);
	make_corpus(&cp, &title, &topic, &body, &r);
	build(&ix, 0, cp.docs, cp.nd, &t_bm25);
	tu_retr_index_release(&ix);
	build(&ix, 64, cp.docs, cp.nd, &t_all);
	printf("bench_retrieval: %zu docs (%.1f MB of text, from %zu course "
	       "words), %zu terms, LSA rank %zu, %zu queries, k %d, %d "
	       "excluded ids per query\n", cp.nd, (double)cp.bytes / 1e6,
	       body.n, ix.n_terms, ix.dim, cp.nq, K, EXCLUDE);
	printf("build: BM25 part %.3f s, with LSA %.3f s (SVD and vectors "
	       "%.3f s)\n", t_bm25, t_all, t_all - t_bm25);
	run(&ix, TU_RETR_FUSE_MINMAX, cp.queries, cp.nq, &r,
	    "query top-10, min-max");
	run(&ix, TU_RETR_FUSE_RRF, cp.queries, cp.nq, &r, "query top-10, RRF");
	tu_retr_index_release(&ix);
	free_corpus(&cp);
	free(title.w);
	free(topic.w);
	free(body.w);
	tu_course_release(&c);
	return 0;
}
