/*
 * ktic.c - the IntelliCode rule replayed as a KT baseline (contract in
 * tutor/ktic.h; grid in docs/kt.md).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/ktic.h"
#include "tutor/metrics.h"
#include "kt_internal.h"

static const double grid_step[] = { 0.02, 0.05, 0.1, 0.2, 0.3, 0.5 };
static const double grid_init[] = { 0.3, 0.45, 0.6, 0.75, 0.9 };
#define N_STEP (sizeof(grid_step) / sizeof(grid_step[0]))
#define N_INIT (sizeof(grid_init) / sizeof(grid_init[0]))

void tu_kt_ic_model_init(struct tu_kt_ic_model *m)
{
	memset(m, 0, sizeof(*m));
}

static double ic_next(const struct tu_ic_config *cfg, double m, int correct)
{
	struct tu_ic_obs o;

	memset(&o, 0, sizeof(o));
	o.correct = correct;
	o.difficulty = TU_DIFF_MEDIUM;
	return tu_ic_update(cfg, m, &o);
}

static double clip(double p)
{
	const double e = TU_LOG_LOSS_EPS;

	return p < e ? e : p > 1.0 - e ? 1.0 - e : p;
}

/* Training LL of cfg over the grouped answers obs (sequence lengths len). */
static double replay_ll(const struct tu_ic_config *cfg, const uint8_t *obs,
			const size_t *len, size_t n_seqs)
{
	double ll = 0.0;

	for (size_t s = 0; s < n_seqs; s++) {
		double m = cfg->init_m;

		for (size_t t = 0; t < len[s]; t++, obs++) {
			double p = clip(m);

			ll += *obs ? log(p) : log(1.0 - p);
			m = ic_next(cfg, m, *obs);
		}
	}
	return ll;
}

struct grouped {
	struct tu__kt_seqs s;
	uint8_t *obs;
	size_t *len;
};

static void grouped_free(struct grouped *g)
{
	tu__kt_seqs_release(&g->s);
	free(g->obs);
	free(g->len);
}

static enum tu_status grouped_build(struct grouped *g,
				    const struct tu_ktlog *log,
				    struct tu_err *err)
{
	enum tu_status st = tu__kt_seqs_build(&g->s, log, err);

	if (st)
		return st;
	g->obs = malloc(log->n ? log->n : 1);
	g->len = malloc((g->s.n_seqs ? g->s.n_seqs : 1) * sizeof(size_t));
	if (!g->obs || !g->len) {
		grouped_free(g);
		return tu_err_set(err, TU_ENOMEM, "intellicode: out of memory");
	}
	for (size_t i = 0; i < log->n; i++)
		g->obs[i] = log->rows[g->s.order[i]].correct;
	for (size_t q = 0; q < g->s.n_seqs; q++)
		g->len[q] = g->s.start[q + 1] - g->s.start[q];
	return TU_OK;
}

/* Tries grid point i; keeps it in best when its LL is higher. */
static void try_point(const struct grouped *g, size_t i,
		      struct tu_kt_ic_model *best)
{
	struct tu_ic_config cfg;
	double ll;

	tu_ic_config_default(&cfg);
	cfg.alpha = grid_step[i / (N_STEP * N_INIT)];
	cfg.beta = grid_step[(i / N_INIT) % N_STEP];
	cfg.init_m = grid_init[i % N_INIT];
	if (tu_ic_config_validate(&cfg, NULL) != TU_OK)
		return;
	ll = replay_ll(&cfg, g->obs, g->len, g->s.n_seqs);
	best->grid_points++;
	if (!best->fitted || ll > best->train_ll) {
		best->cfg = cfg;
		best->train_ll = ll;
		best->fitted = 1;
	}
}

enum tu_status tu_kt_ic_fit(struct tu_kt_ic_model *m,
			    const struct tu_ktlog *train,
			    const struct tu_progress *prog,
			    struct tu_err *err)
{
	struct grouped g;
	struct tu_kt_ic_model best;
	size_t total = N_STEP * N_STEP * N_INIT;
	enum tu_status st;

	if (train->n == 0)
		return tu_err_set(err, TU_EDATA,
				  "intellicode: training log is empty");
	st = grouped_build(&g, train, err);
	if (st)
		return st;
	tu_kt_ic_model_init(&best);
	for (size_t i = 0; i < total; i++) {
		try_point(&g, i, &best);
		tu_progress_report(prog, "intellicode grid", i + 1, total);
	}
	grouped_free(&g);
	if (!best.fitted)
		return tu_err_set(err, TU_EINTERNAL,
				  "intellicode: no grid point is a valid config");
	*m = best;
	return TU_OK;
}

enum tu_status tu_kt_ic_predict(const struct tu_kt_ic_model *m,
				const struct tu_ktlog *log, double *p,
				struct tu_err *err)
{
	struct tu__kt_seqs s;
	enum tu_status st;

	if (!m->fitted)
		return tu_err_set(err, TU_EINVAL, "intellicode: model not fitted");
	st = tu__kt_seqs_build(&s, log, err);
	if (st)
		return st;
	for (size_t q = 0; q < s.n_seqs; q++) {
		double mm = m->cfg.init_m;

		for (size_t i = s.start[q]; i < s.start[q + 1]; i++) {
			p[s.order[i]] = mm;
			mm = ic_next(&m->cfg, mm, log->rows[s.order[i]].correct);
		}
	}
	tu__kt_seqs_release(&s);
	return TU_OK;
}

enum tu_status tu_kt_ic_model_to_json(const struct tu_kt_ic_model *m,
				      char **out, struct tu_err *err)
{
	char buf[512];
	int n;

	*out = NULL;
	if (!m->fitted)
		return tu_err_set(err, TU_EINVAL, "intellicode: model not fitted");
	n = snprintf(buf, sizeof(buf),
		     "{\n \"format\": \"tutor-kt-ic\",\n \"version\": 1,\n"
		     " \"alpha\": %.17g,\n \"beta\": %.17g,\n"
		     " \"init_m\": %.17g,\n \"train_ll\": %.17g,\n"
		     " \"grid_points\": %zu\n}",
		     m->cfg.alpha, m->cfg.beta, m->cfg.init_m, m->train_ll,
		     m->grid_points);
	*out = malloc((size_t)n + 1);
	if (!*out)
		return tu_err_set(err, TU_ENOMEM, "intellicode: out of memory");
	memcpy(*out, buf, (size_t)n + 1);
	return TU_OK;
}
