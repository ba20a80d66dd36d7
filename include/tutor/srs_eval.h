/*
 * tutor/srs_eval.h - offline evaluation of recall predictors on a review
 * log: the protocol of learner-models.md section 12.
 *
 * What it is: a pure function that splits a log in time (first `split` of
 * the reviews to fit, the rest to test), fits FSRS-6 on the training part,
 * replays every card's whole history through four models (srs-benchmark
 * SM-2, IntelliCode SM-2 with its recall rule, FSRS-6 defaults, FSRS-6
 * fitted) and scores each test review that is not the card's first and
 * comes >= 1 day (day rule below) after the card's previous review, with
 * log loss, RMSE(bins), AUC, ECE and reliability-diagram bins
 * (tutor/metrics.h).
 *
 * Day of a review: floor((utc_ms - rollover_ms) / 86,400,000) with
 * rollover_ms = 9 h by default (UTC-5 with a 4 am rollover).  Same-day
 * reviews update the FSRS states (same-day formula) and are dropped from
 * both SM-2 histories.
 *
 * What it is not: no I/O and no timing; the CLI (cli/eval_srs.c) reads the
 * file and prints.  Ownership: the result is a plain value.
 */
#ifndef TUTOR_SRS_EVAL_H
#define TUTOR_SRS_EVAL_H

#include <stddef.h>
#include <stdint.h>
#include "tutor/err.h"
#include "tutor/fsrs.h"
#include "tutor/metrics.h"
#include "tutor/progress.h"
#include "tutor/revlog.h"
#include "tutor/srs.h"

enum tu_srs_model {
	TU_SRS_SM2_BENCH = 0,     /* srs-benchmark SM-2, R = 0.9^(t/ivl) */
	TU_SRS_SM2_INTELLICODE,   /* tutor/srs.h, R = exp(-t/tau) */
	TU_SRS_FSRS_DEFAULT,
	TU_SRS_FSRS_FITTED,
	TU_SRS_N_MODELS
};

struct tu_srs_eval_config {
	double split;              /* share of reviews (time order) to fit */
	int64_t rollover_ms;       /* day rule offset, default 9 h */
	size_t max_per_card;       /* FSRS training reviews per card, 64 */
	struct tu_fsrs_fit_config fit;
	struct tu_sm2_config sm2;
};

/* Equal-width bins of each model's reliability diagram (and its ECE). */
#define TU_SRS_CALIB_BINS 10

struct tu_srs_model_score {
	const char *name;          /* static string, e.g. "fsrs6-fitted" */
	size_t n;
	double log_loss;           /* eps = TU_LOG_LOSS_EPS */
	double rmse_bins;
	double auc;                /* NaN if only one class was scored */
	double mean_p;
	double ece;                /* TU_SRS_CALIB_BINS bins */
	/* Reliability bins of the scored reviews (tu_metric_reliability):
	 * predicted recall against observed recall, for plots. */
	struct tu_reliability_bin calib[TU_SRS_CALIB_BINS];
};

struct tu_srs_eval_result {
	size_t n_reviews, n_train, n_test, n_scored;
	size_t n_cards;
	double mean_recall;        /* of the scored reviews */
	int64_t last_train_ms;     /* time of the last training review */
	int64_t first_test_ms;     /* time of the first test review */
	struct tu_srs_model_score models[TU_SRS_N_MODELS];
	struct tu_fsrs_params fitted;
	struct tu_fsrs_fit_report fit;
};

/* Defaults: split 0.8, rollover 9 h, 64 reviews per card, the py-fsrs
 * fit recipe, tu_sm2_config_init.  Cannot fail. */
void tu_srs_eval_config_init(struct tu_srs_eval_config *cfg);

/*
 * Runs the protocol on log.  TU_EINVAL for split outside (0,1) or a bad
 * config; TU_EDATA when either part is empty or nothing is scored;
 * TU_ENOMEM.  Progress comes from the FSRS fit.
 */
enum tu_status tu_srs_eval(const struct tu_revlog *log,
			   const struct tu_srs_eval_config *cfg,
			   struct tu_srs_eval_result *res,
			   const struct tu_progress *prog, struct tu_err *err);

#endif
