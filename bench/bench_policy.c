/*
 * bench_policy.c - the cost of one policy decision with tutor/mlp.h: a
 * 32-input net with two hidden layers of 32 tanh units scores 10
 * candidates, then tu_mlp_softmax (the probabilities and log pi) and
 * tu_mlp_argmax (the greedy choice), timed one decision at a time over
 * 1e6 decisions on 1024 pre-drawn feature sets (seeded).  Prints one
 * "key value" line per measure:
 *   n_in, hidden, candidates, decisions,
 *   decision_us_mean, decision_us_p50, decision_us_p99, decision_us_max,
 *   logp_backward_us_mean (tu_mlp_logp_backward over the 10 candidates,
 *   the per-decision cost of a training step's gradient),
 *   checksum (sum of the chosen indices, so no work is optimised away).
 * Usage: bench_policy [decisions]  (default 1000000).
 * Benchmarks may read the clock (CLOCK_MONOTONIC); the library does not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "tutor/mlp.h"

#define N_IN 32
#define K 10
#define SETS 1024

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Times n decisions into us[]; returns the sum of the chosen indices. */
static size_t decide(const struct tu_mlp *m, const double *feats, size_t n,
		     double *us)
{
	double probs[K], lp = 0;
	size_t sum = 0;

	for (size_t d = 0; d < n; d++) {
		const double *f = feats + (d % SETS) * K * N_IN;
		double t0 = now();

		lp += tu_mlp_softmax(m, f, K, 1.0, probs, 0);
		sum += tu_mlp_argmax(m, f, K);
		us[d] = 1e6 * (now() - t0);
	}
	return sum + (lp > 0);
}

static double backward_us(const struct tu_mlp *m, const double *feats,
			  size_t n)
{
	struct tu_mlp_grad g;
	double probs[K], t0;

	if (tu_mlp_grad_init(&g, m, NULL))
		return -1;
	t0 = now();
	for (size_t d = 0; d < n; d++) {
		const double *f = feats + (d % SETS) * K * N_IN;

		tu_mlp_softmax(m, f, K, 1.0, probs, d % K);
		tu_mlp_logp_backward(m, f, K, 1.0, probs, d % K, 1.0, &g);
	}
	t0 = now() - t0;
	tu_mlp_grad_release(&g);
	return 1e6 * t0 / (double)n;
}

int main(int argc, char **argv)
{
	const uint32_t widths[] = { 32, 32 };
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	struct tu_mlp m;
	struct tu_rng rng;
	struct tu_err err = TU_ERR_INIT;
	double *feats = malloc(sizeof(double) * SETS * K * N_IN);
	double *us = malloc(sizeof(double) * (n ? n : 1)), mean = 0;
	size_t sum;

	if (!feats || !us || n == 0)
		return 1;
	tu_rng_seed(&rng, 2024);
	tu_mlp_init(&m);
	if (tu_mlp_create(&m, N_IN, 2, widths, &rng, &err)) {
		fprintf(stderr, "bench_policy: %s\n", err.msg);
		return 1;
	}
	for (size_t i = 0; i < (size_t)SETS * K * N_IN; i++)
		feats[i] = tu_rng_range(&rng, -1, 1);
	decide(&m, feats, n < 10000 ? n : 10000, us);   /* warm up */
	sum = decide(&m, feats, n, us);
	for (size_t d = 0; d < n; d++)
		mean += us[d];
	mean /= (double)n;
	qsort(us, n, sizeof(double), cmp_double);
	printf("n_in %d\nhidden 32x32\ncandidates %d\ndecisions %zu\n", N_IN,
	       K, n);
	printf("decision_us_mean %.3f\ndecision_us_p50 %.3f\n"
	       "decision_us_p99 %.3f\ndecision_us_max %.3f\n", mean,
	       us[n / 2], us[n - 1 - n / 100], us[n - 1]);
	printf("logp_backward_us_mean %.3f\nchecksum %zu\n",
	       backward_us(&m, feats, n / 10 ? n / 10 : 1), sum);
	tu_mlp_release(&m);
	free(feats);
	free(us);
	return 0;
}
