/*
 * srs_eval.c - the offline recall-prediction protocol of
 * learner-models.md section 12.  Pure code; contract in tutor/srs_eval.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/metrics.h"
#include "tutor/srs_eval.h"
#include "srs_internal.h"

#define ROLLOVER_MS (9LL * 3600LL * 1000LL)

static const char *const model_names[TU_SRS_N_MODELS] = {
	"sm2-bench", "sm2-intellicode", "fsrs6-default", "fsrs6-fitted"
};

void tu_srs_eval_config_init(struct tu_srs_eval_config *cfg)
{
	cfg->split = 0.8;
	cfg->rollover_ms = ROLLOVER_MS;
	cfg->max_per_card = 64;
	tu_fsrs_fit_config_init(&cfg->fit);
	tu_sm2_config_init(&cfg->sm2);
}

/* Scored predictions, one array per model plus the shared columns. */
struct scores {
	double *p[TU_SRS_N_MODELS];
	int *y, *index, *lapses;
	double *t;
	size_t n;
};

static void scores_free(struct scores *s)
{
	for (int m = 0; m < TU_SRS_N_MODELS; m++)
		free(s->p[m]);
	free(s->y);
	free(s->index);
	free(s->lapses);
	free(s->t);
}

static int scores_alloc(struct scores *s, size_t n)
{
	size_t k = n ? n : 1;
	int ok = 1;

	memset(s, 0, sizeof(*s));
	for (int m = 0; m < TU_SRS_N_MODELS; m++)
		ok &= (s->p[m] = malloc(k * sizeof(double))) != NULL;
	s->y = malloc(k * sizeof(int));
	s->index = malloc(k * sizeof(int));
	s->lapses = malloc(k * sizeof(int));
	s->t = malloc(k * sizeof(double));
	return ok && s->y && s->index && s->lapses && s->t;
}

/* Every model's memory of one card. */
struct card {
	struct tu_fsrs_state fd, ff;
	struct tu_sm2_bench bench;
	struct tu_review_item ic;
	int64_t prev_ms;
	int lapses;
};

static void card_init(struct card *c)
{
	memset(c, 0, sizeof(*c));
	tu_sm2_bench_init(&c->bench);
	c->ic.ease_factor = TU_SM2_EF_INIT;
	c->ic.due = TU_TIME_NONE;
	c->ic.last_review = TU_TIME_NONE;
}

struct run {
	const struct tu_revlog *log;
	const struct tu_srs_eval_config *cfg;
	const struct tu_fsrs_params *def, *fit;
	const size_t *order;
	size_t n_train;
	struct scores *s;
};

static void score(struct run *r, const struct card *c, int64_t dt,
		  int rating, int index)
{
	struct scores *s = r->s;
	double t = (double)dt;
	size_t k = s->n++;

	s->p[TU_SRS_SM2_BENCH][k] = tu_sm2_recall_bench(c->bench.ivl, t);
	s->p[TU_SRS_SM2_INTELLICODE][k] = tu_sm2_recall(&r->cfg->sm2, &c->ic,
							t);
	s->p[TU_SRS_FSRS_DEFAULT][k] = tu_fsrs_recall(r->def, t, c->fd.s);
	s->p[TU_SRS_FSRS_FITTED][k] = tu_fsrs_recall(r->fit, t, c->ff.s);
	s->y[k] = rating != 1;
	s->t[k] = t;
	s->index[k] = index;
	s->lapses[k] = c->lapses;
}

static enum tu_status update(struct run *r, struct card *c,
			     const struct tu_revlog_row *row, int first,
			     int64_t dt, struct tu_err *err)
{
	double t = first ? 0.0 : (double)dt;
	enum tu_status st = TU_OK;

	tu_fsrs_next_state(r->def, &c->fd, t, row->rating, &c->fd);
	tu_fsrs_next_state(r->fit, &c->ff, t, row->rating, &c->ff);
	if (first || dt > 0) {
		tu_sm2_bench_update(&c->bench, row->rating);
		st = tu_sm2_apply(&r->cfg->sm2, &c->ic, row->rating + 1, 0,
				  row->time_ms / 1000, NULL, err);
	}
	c->lapses += row->rating == 1;
	c->prev_ms = row->time_ms;
	return st;
}

static enum tu_status replay_card(struct run *r, const size_t *perm,
				  size_t lo, size_t hi, struct tu_err *err)
{
	struct card c;
	enum tu_status st;

	card_init(&c);
	for (size_t i = lo; i < hi; i++) {
		size_t k = perm[i];
		const struct tu_revlog_row *row = &r->log->rows[r->order[k]];
		int64_t dt = i == lo ? 0 :
			tu__elapsed_days(c.prev_ms, row->time_ms,
					 TU_DAYS_ROLLOVER, r->cfg->rollover_ms);

		if (k >= r->n_train && i > lo && dt > 0)
			score(r, &c, dt, row->rating, (int)(i - lo + 1));
		st = update(r, &c, row, i == lo, dt, err);
		if (st)
			return st;
	}
	return TU_OK;
}

static enum tu_status replay_all(struct run *r, size_t *n_cards,
				 struct tu_err *err)
{
	size_t *perm = NULL, *starts = NULL;
	enum tu_status st;

	*n_cards = 0;
	st = tu__group_by_card(r->log, r->order, r->log->n, &perm, &starts,
			       n_cards, err);
	if (st)
		return st;
	for (size_t c = 0; !st && c < *n_cards; c++)
		st = replay_card(r, perm, starts[c], starts[c + 1], err);
	free(perm);
	free(starts);
	return st;
}

static enum tu_status measure(const struct scores *s, int m,
			      struct tu_srs_model_score *out,
			      struct tu_err *err)
{
	double sum = 0.0;
	enum tu_status st;

	out->name = model_names[m];
	out->n = s->n;
	out->log_loss = tu_metric_log_loss(s->p[m], s->y, s->n, 0.0);
	st = tu_metric_rmse_bins(s->p[m], s->y, s->t, s->index, s->lapses,
				 s->n, &out->rmse_bins, err);
	if (st)
		return st;
	st = tu_metric_reliability(s->p[m], s->y, s->n, TU_SRS_CALIB_BINS,
				   out->calib, err);
	if (st)
		return st;
	out->ece = tu_metric_ece(s->p[m], s->y, s->n, TU_SRS_CALIB_BINS);
	if (tu_metric_auc(s->p[m], s->y, s->n, &out->auc, NULL) != TU_OK)
		out->auc = (double)NAN;
	for (size_t i = 0; i < s->n; i++)
		sum += s->p[m][i];
	out->mean_p = sum / (double)s->n;
	return TU_OK;
}

static enum tu_status fit_train(struct run *r, struct tu_srs_eval_result *res,
				const struct tu_progress *prog,
				struct tu_err *err)
{
	struct tu_fsrs_dataset ds;
	struct tu_fsrs_params def;
	enum tu_status st;

	tu_fsrs_dataset_init(&ds);
	tu_fsrs_params_default(&def);
	st = tu_fsrs_dataset_from_revlog(&ds, r->log, r->order, r->n_train,
					 TU_DAYS_ROLLOVER,
					 r->cfg->rollover_ms,
					 r->cfg->max_per_card, err);
	if (!st)
		st = tu_fsrs_fit(&ds, &r->cfg->fit, &def, &res->fitted,
				 &res->fit, prog, err);
	tu_fsrs_dataset_release(&ds);
	return st;
}

static enum tu_status check_config(const struct tu_revlog *log,
				   const struct tu_srs_eval_config *cfg,
				   size_t *n_train, struct tu_err *err)
{
	if (!(cfg->split > 0.0 && cfg->split < 1.0))
		return tu_err_set(err, TU_EINVAL, "eval srs: split %g outside "
				  "(0,1)", cfg->split);
	*n_train = (size_t)floor(cfg->split * (double)log->n);
	if (*n_train == 0 || *n_train >= log->n)
		return tu_err_set(err, TU_EDATA, "eval srs: %zu reviews give "
				  "an empty training or test part", log->n);
	return tu_sm2_config_check(&cfg->sm2, err);
}

static enum tu_status score_models(struct run *r,
				   struct tu_srs_eval_result *res,
				   struct tu_err *err)
{
	enum tu_status st = replay_all(r, &res->n_cards, err);
	double ysum = 0.0;

	if (st)
		return st;
	res->n_scored = r->s->n;
	if (r->s->n == 0)
		return tu_err_set(err, TU_EDATA, "eval srs: no test review "
				  "comes a day or more after its card's last");
	for (size_t i = 0; i < r->s->n; i++)
		ysum += r->s->y[i];
	res->mean_recall = ysum / (double)r->s->n;
	for (int m = 0; !st && m < TU_SRS_N_MODELS; m++)
		st = measure(r->s, m, &res->models[m], err);
	return st;
}

enum tu_status tu_srs_eval(const struct tu_revlog *log,
			   const struct tu_srs_eval_config *cfg,
			   struct tu_srs_eval_result *res,
			   const struct tu_progress *prog, struct tu_err *err)
{
	struct tu_fsrs_params def;
	struct scores s;
	struct run r = { log, cfg, &def, &res->fitted, NULL, 0, &s };
	enum tu_status st = check_config(log, cfg, &r.n_train, err);
	size_t *order;

	if (st)
		return st;
	memset(res, 0, sizeof(*res));
	tu_fsrs_params_default(&def);
	order = tu_revlog_time_order(log);
	if (!order || !scores_alloc(&s, log->n - r.n_train)) {
		free(order);
		if (order)
			scores_free(&s);
		return tu_err_set(err, TU_ENOMEM, "eval srs: out of memory");
	}
	r.order = order;
	res->n_reviews = log->n;
	res->n_train = r.n_train;
	res->n_test = log->n - r.n_train;
	res->last_train_ms = log->rows[order[r.n_train - 1]].time_ms;
	res->first_test_ms = log->rows[order[r.n_train]].time_ms;
	st = fit_train(&r, res, prog, err);
	if (!st)
		st = score_models(&r, res, err);
	scores_free(&s);
	free(order);
	return st;
}
