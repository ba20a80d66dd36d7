/*
 * lr_eval.c - experiment driver for the logistic model (not a unit test).
 *
 *   lr_eval val  TRAIN.tsv FEATURES L2 [WINDOW SMOOTH DECAY]
 *   lr_eval test TRAIN.tsv TEST.tsv FEATURES L2 [WINDOW SMOOTH DECAY]
 *
 * "val" carves a validation split out of TRAIN by users (seeded shuffle,
 * seed 20261122, last 20 % of users), fits on the rest and scores the
 * validation users; "test" fits on all of TRAIN and scores TEST.  Prints
 * one line of metrics (tu_metric_report, ECE with 10 bins) and the fit
 * wall time.  Model selection uses "val" only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tutor/logistic.h"
#include "tutor/metrics.h"
#include "tutor/rng.h"

#define SPLIT_SEED 20261122u

static int load(const char *path, struct tu_ktlog *log)
{
	struct tu_err err = TU_ERR_INIT;

	if (tu_ktlog_read_file(log, path, &err)) {
		fprintf(stderr, "lr_eval: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static void push(struct tu_ktlog *log, const struct tu_kt_row *r)
{
	if (tu_ktlog_append(log, r, NULL))
		abort();
}

/* Splits by users: a seeded shuffle of user ids, last 20 % to val. */
static void split(const struct tu_ktlog *all, struct tu_ktlog *fit,
		  struct tu_ktlog *val)
{
	uint32_t nu = all->n_users;
	uint32_t *ids = malloc(nu * sizeof(*ids));
	unsigned char *is_val = calloc(nu, 1);
	struct tu_rng rng;

	for (uint32_t u = 0; u < nu; u++)
		ids[u] = u;
	tu_rng_seed(&rng, SPLIT_SEED);
	tu_rng_shuffle(&rng, ids, nu, sizeof(*ids));
	for (uint32_t k = nu - nu / 5; k < nu; k++)
		is_val[ids[k]] = 1;
	for (size_t i = 0; i < all->n; i++)
		push(is_val[all->rows[i].user] ? val : fit, &all->rows[i]);
	free(ids);
	free(is_val);
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int run(const struct tu_ktlog *train, const struct tu_ktlog *eval,
	       const struct tu_lr_config *cfg)
{
	struct tu_lr_model m;
	struct tu_err err = TU_ERR_INIT;
	struct tu_calib_report rep;
	double *p = malloc(eval->n * sizeof(*p));
	int *y = malloc(eval->n * sizeof(*y));
	double t0 = now(), t1, t2;

	tu_lr_model_init(&m);
	if (tu_lr_fit(&m, train, cfg, NULL, &err)) {
		fprintf(stderr, "lr_eval: %s\n", err.msg);
		return 1;
	}
	t1 = now();
	if (tu_lr_predict(&m, eval, p, &err)) {
		fprintf(stderr, "lr_eval: %s\n", err.msg);
		return 1;
	}
	t2 = now();
	for (size_t i = 0; i < eval->n; i++)
		y[i] = eval->rows[i].correct;
	if (tu_metric_report(p, y, eval->n, &rep, &err)) {
		fprintf(stderr, "lr_eval: %s\n", err.msg);
		return 1;
	}
	printf("n=%zu dim=%zu auc=%.4f ece=%.4f logloss=%.4f brier=%.4f "
	       "rmse=%.4f acc=%.4f fit=%.2fs predict=%.3fs\n", rep.n, m.dim,
	       rep.auc, rep.ece, rep.log_loss, rep.brier, rep.rmse,
	       rep.accuracy, t1 - t0, t2 - t1);
	tu_lr_model_release(&m);
	free(p);
	free(y);
	return 0;
}

static int parse_cfg(char **a, int n, struct tu_lr_config *cfg)
{
	struct tu_err err = TU_ERR_INIT;

	tu_lr_config_default(cfg);
	if (n < 2 || tu_lr_features_parse(a[0], &cfg->features, &err)) {
		fprintf(stderr, "lr_eval: bad features %s\n", err.msg);
		return -1;
	}
	cfg->l2 = atof(a[1]);
	if (n > 2)
		cfg->window = (unsigned)atoi(a[2]);
	if (n > 3)
		cfg->smooth = atof(a[3]);
	if (n > 4)
		cfg->decay = atof(a[4]);
	return 0;
}

int main(int argc, char **argv)
{
	struct tu_ktlog all, fit, val, test;
	struct tu_lr_config cfg;

	tu_ktlog_init(&all);
	tu_ktlog_init(&fit);
	tu_ktlog_init(&val);
	tu_ktlog_init(&test);

	if (argc >= 5 && strcmp(argv[1], "val") == 0) {
		if (load(argv[2], &all) || parse_cfg(argv + 3, argc - 3, &cfg))
			return 2;
		split(&all, &fit, &val);
		return run(&fit, &val, &cfg);
	}
	if (argc >= 6 && strcmp(argv[1], "test") == 0) {
		if (load(argv[2], &all) || load(argv[3], &test) ||
		    parse_cfg(argv + 4, argc - 4, &cfg))
			return 2;
		return run(&all, &test, &cfg);
	}
	fprintf(stderr, "usage: lr_eval val TRAIN FEAT L2 [W SM D] | "
			"lr_eval test TRAIN TEST FEAT L2 [W SM D]\n");
	return 2;
}
