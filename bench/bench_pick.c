/*
 * bench_pick.c - times one mastery update plus a pick of 5 items for a
 * learner with 100 topics and 1,000 items (target: under 20 us).
 *
 * A random prerequisite DAG (each topic requires 0-3 earlier topics), a
 * random bank (1-3 topics per item), a learner with uniform random mastery
 * on every topic and 200 scheduled reviews, all from a seeded tu_rng.  Each
 * timed iteration applies one outcome with tu_ic_update to a random topic
 * and picks 5 with the last 15 picks as the no-repeat history; the clock
 * advances one minute per iteration.  Prints mean, p50 and p99 in
 * microseconds (CLOCK_MONOTONIC around each iteration).
 *
 * Usage: bench_pick [iterations]   (default 200000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tutor/curriculum.h"
#include "tutor/mastery.h"
#include "tutor/rng.h"

#define NT 100
#define NI 1000
#define NR 200
#define K 5
#define HIST 15
#define NOW0 1700000000LL

static void die(const char *what, const struct tu_err *err)
{
	fprintf(stderr, "bench_pick: %s: %s\n", what, err->msg);
	exit(1);
}

static void build(struct tu_rng *r, struct tu_topic_graph *g,
		  struct tu_curriculum *cur, char (*ids)[TU_ID_MAX])
{
	static struct tu_prereq edges[NT * 3];
	static struct tu_item items[NI];
	const char *idp[NT];
	size_t ne = 0;
	struct tu_err err = TU_ERR_INIT;

	for (size_t t = 0; t < NT; t++) {
		snprintf(ids[t], TU_ID_MAX, "topic%03zu", t);
		idp[t] = ids[t];
		for (size_t d = t ? tu_rng_below(r, 4) : 0, j = 0; j < d; j++) {
			size_t p = tu_rng_below(r, t), dup = 0;

			for (size_t e = 0; e < ne; e++)
				dup |= edges[e].topic == ids[t] &&
				       edges[e].requires == ids[p];
			if (!dup)
				edges[ne++] = (struct tu_prereq){ ids[t], ids[p] };
		}
	}
	if (tu_topic_graph_build(g, idp, NT, edges, ne, &err))
		die("graph", &err);
	for (size_t i = 0; i < NI; i++) {
		struct tu_item *it = &items[i];
		size_t n = 1 + tu_rng_below(r, 3);

		memset(it, 0, sizeof(*it));
		snprintf(it->id, TU_ID_MAX, "item%04zu", i);
		for (size_t j = 0; j < n; j++) {
			const char *t = ids[tu_rng_below(r, NT)];
			int dup = 0;

			for (size_t k = 0; k < it->n_topics; k++)
				dup |= strcmp(it->topics[k], t) == 0;
			if (!dup)
				strcpy(it->topics[it->n_topics++], t);
		}
		it->difficulty = (enum tu_difficulty)tu_rng_below(r, 3);
		it->expected_min = 15;
	}
	if (tu_curriculum_build(cur, g, items, NI, &err))
		die("bank", &err);
}

static void learner(struct tu_rng *r, struct tu_learner_state *st,
		    char (*ids)[TU_ID_MAX])
{
	memset(st, 0, sizeof(*st));
	st->topics = calloc(NT, sizeof(*st->topics));
	st->reviews = calloc(NR, sizeof(*st->reviews));
	if (!st->topics || !st->reviews)
		exit(1);
	for (size_t t = 0; t < NT; t++) {
		strcpy(st->topics[t].topic, ids[t]);
		st->topics[t].mastery = tu_rng_uniform(r);
		st->topics[t].last_practiced = TU_TIME_NONE;
	}
	st->n_topics = st->cap_topics = NT;
	for (size_t i = 0; i < NR; i++) {
		snprintf(st->reviews[i].item, TU_ID_MAX, "item%04zu",
			 (size_t)tu_rng_below(r, NI));
		st->reviews[i].due = NOW0 + (int64_t)tu_rng_below(r, 20 * 86400) -
				     10 * 86400;
	}
	st->n_reviews = st->cap_reviews = NR;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	static char ids[NT][TU_ID_MAX];
	size_t iters = argc > 1 ? strtoul(argv[1], NULL, 10) : 200000;
	struct tu_rng r;
	struct tu_topic_graph g;
	struct tu_curriculum cur;
	struct tu_pick_ctx ctx;
	struct tu_curator_config cfg;
	struct tu_ic_config ic;
	struct tu_learner_state st;
	struct tu_recent hist[HIST];
	struct tu_pick_list out;
	struct tu_err err = TU_ERR_INIT;
	double *ns = calloc(iters ? iters : 1, sizeof(*ns)), sum = 0;
	size_t nh = 0, pos = 0, short_lists = 0;

	if (!ns || iters == 0)
		return 2;
	tu_rng_seed(&r, 42);
	build(&r, &g, &cur, ids);
	learner(&r, &st, ids);
	tu_pick_ctx_init(&ctx);
	if (tu_pick_ctx_prepare(&ctx, &cur, &err))
		die("context", &err);
	tu_curator_config_default(&cfg);
	tu_ic_config_default(&ic);
	for (size_t it = 0; it < iters + 1000; it++) {
		int64_t now = NOW0 + (int64_t)it * 60;
		size_t t = tu_rng_below(&r, NT);
		struct tu_ic_obs obs = { (int)tu_rng_below(&r, 2),
					 (enum tu_difficulty)tu_rng_below(&r, 3),
					 1.0, 0, 0, 0 };
		struct tu_pick_request req = { &st, hist, nh, now, K, NULL };
		double t0 = now_ns();

		st.topics[t].mastery = tu_ic_update(&ic, st.topics[t].mastery,
						    &obs);
		if (tu_curator_pick(&ctx, &cfg, &req, &out, &err))
			die("pick", &err);
		if (it >= 1000) {
			ns[it - 1000] = now_ns() - t0;
			sum += ns[it - 1000];
		}
		short_lists += out.n < K;
		for (size_t j = 0; j < out.n; j++) {
			strcpy(hist[pos].item, out.picks[j].item);
			hist[pos].at = now;
			pos = (pos + 1) % HIST;
		}
		nh = nh + out.n < HIST ? nh + out.n : HIST;
	}
	qsort(ns, iters, sizeof(*ns), cmp_double);
	printf("bench_pick: topics %d, items %d, reviews %d, k %d, "
	       "iterations %zu, short lists %zu\n", NT, NI, NR, K, iters,
	       short_lists);
	printf("update+pick: mean %.2f us, p50 %.2f us, p99 %.2f us\n",
	       sum / (double)iters / 1e3, ns[iters / 2] / 1e3,
	       ns[(size_t)((double)iters * 0.99)] / 1e3);
	tu_pick_ctx_release(&ctx);
	tu_curriculum_release(&cur);
	tu_topic_graph_release(&g);
	free(st.topics);
	free(st.reviews);
	free(ns);
	return 0;
}
