/*
 * tutor/fsrs.h - the FSRS-6 memory model (learner-models.md 6.1) and its
 * parameter fitting (the py-fsrs optimizer recipe, 6.3).
 *
 * What it is: pure, deterministic functions over (parameters, memory
 * state, grade, elapsed days): forgetting curve, initial state, the
 * difficulty and stability updates (success, lapse, same-day), the next
 * interval for a desired retention, an update of a struct tu_review_item,
 * and a fitter (Adam on the binary cross-entropy, exact gradients by
 * forward-mode dual numbers, seeded shuffles through struct tu_rng).
 *
 * What it is not: no I/O, no clock (times come in as Unix seconds or
 * days), no learning steps or fuzz (the caller schedules sub-day steps).
 * The review-log reader is tutor/revlog.h.
 *
 * Ownership: parameter and state structs are plain caller-owned values.
 * struct tu_fsrs_dataset owns its arrays (init / release).
 */
#ifndef TUTOR_FSRS_H
#define TUTOR_FSRS_H

#include <stddef.h>
#include <stdint.h>
#include "tutor/err.h"
#include "tutor/learner.h"
#include "tutor/progress.h"
#include "tutor/revlog.h"

#define TU_FSRS_NPARAMS 21
#define TU_FSRS_S_MIN 0.001
#define TU_FSRS_S_MAX 36500.0
#define TU_FSRS_D_MIN 1.0
#define TU_FSRS_D_MAX 10.0

enum tu_fsrs_grade {
	TU_FSRS_AGAIN = 1,
	TU_FSRS_HARD = 2,
	TU_FSRS_GOOD = 3,
	TU_FSRS_EASY = 4
};

struct tu_fsrs_params {
	double w[TU_FSRS_NPARAMS];
};

/* Memory state; s == 0 and d == 0 mean "new card, never reviewed". */
struct tu_fsrs_state {
	double s;  /* stability, days until R = 0.9 */
	double d;  /* difficulty in [1, 10] */
};

/* The FSRS-6 default parameters (py-fsrs / fsrs-rs / ts-fsrs). */
void tu_fsrs_params_default(struct tu_fsrs_params *p);

/* Lower and upper bound of parameter i < 21 (py-fsrs bounds). */
void tu_fsrs_param_bounds(size_t i, double *lo, double *hi);

/* Clamps every parameter into its bounds (NaN becomes the lower bound). */
void tu_fsrs_params_clamp(struct tu_fsrs_params *p);

/* TU_ERANGE naming the first parameter that is not finite or out of
 * bounds ("w7 = 0.9 outside [0.001, 0.75]"). */
enum tu_status tu_fsrs_params_check(const struct tu_fsrs_params *p,
				    struct tu_err *err);

/*
 * Retrievability R(t, S) = (1 + f t / S)^(-w20), f = 0.9^(-1/w20) - 1,
 * t elapsed days (< 0 counts as 0), s > 0.
 */
double tu_fsrs_recall(const struct tu_fsrs_params *p, double t_days,
		      double s);

/* Initial state after the first review with grade g (1..4). */
void tu_fsrs_init_state(const struct tu_fsrs_params *p, int g,
			struct tu_fsrs_state *out);

/*
 * State after a review with grade g (1..4) t_days after the previous one.
 * A new state (s == 0) gets tu_fsrs_init_state.  t_days < 1 uses the
 * same-day formula; otherwise success (g >= 2) or lapse (g == 1) with R =
 * tu_fsrs_recall(t_days, s).  S is clamped to [0.001, 36500], D to
 * [1, 10].  g outside 1..4 is clamped.
 */
void tu_fsrs_next_state(const struct tu_fsrs_params *p,
			const struct tu_fsrs_state *in, double t_days, int g,
			struct tu_fsrs_state *out);

/*
 * Interval in whole days for desired retention r in (0, 1):
 * round((S / f) (r^(-1/w20) - 1)), at least 1, at most max_days.
 */
double tu_fsrs_interval(const struct tu_fsrs_params *p, double s, double r,
			double max_days);

/*
 * One review of item at now (Unix seconds) with grade g: elapsed days =
 * floor((now - last_review) / 86400) (0 for a first review), new S and D,
 * interval for retention r (max_days cap), due, last_review, repetitions
 * + 1, lapses + 1 on Again.  SM-2 fields are left alone.  TU_EINVAL (item
 * unchanged) for g outside 1..4, r outside (0,1), now < last_review or a
 * stored state outside the clamps.
 */
enum tu_status tu_fsrs_review(const struct tu_fsrs_params *p,
			      struct tu_review_item *item, int g,
			      int64_t now, double r, double max_days,
			      struct tu_err *err);

/* ---- fitting ---- */

/* One review inside a card sequence. */
struct tu_fsrs_step {
	int32_t elapsed_days;  /* days since the card's previous review;
				* < 0 for the card's first review */
	uint8_t rating;        /* 1..4 */
};

/*
 * Review sequences grouped by card: card c spans steps
 * [card_start[c], card_start[c + 1]), in time order.  Owns its arrays.
 */
struct tu_fsrs_dataset {
	struct tu_fsrs_step *steps;
	size_t n_steps;
	size_t *card_start;      /* n_cards + 1 entries (NULL when empty) */
	size_t n_cards;
};

/* How a day count between two reviews is computed. */
enum tu_day_rule {
	TU_DAYS_24H = 0,   /* floor((t - t_prev) / 24 h), as py-fsrs */
	TU_DAYS_ROLLOVER   /* day(t) - day(t_prev), day(x) = floor((x_ms -
			    * rollover_ms) / 86,400,000) */
};

void tu_fsrs_dataset_init(struct tu_fsrs_dataset *ds);
void tu_fsrs_dataset_release(struct tu_fsrs_dataset *ds);

/*
 * Builds ds from the rows of log whose positions are listed in rows[0..n)
 * (a time-ordered selection, e.g. the first 80 %), grouped by card in the
 * order the cards first appear, at most max_per_card reviews per card (0 =
 * no limit).  Replaces ds's contents on success only.  TU_ENOMEM.
 */
enum tu_status tu_fsrs_dataset_from_revlog(struct tu_fsrs_dataset *ds,
					   const struct tu_revlog *log,
					   const size_t *rows, size_t n,
					   enum tu_day_rule rule,
					   int64_t rollover_ms,
					   size_t max_per_card,
					   struct tu_err *err);

/* Fitting settings; tu_fsrs_fit_config_init gives the py-fsrs recipe:
 * 5 epochs, 512 counted reviews per batch, Adam lr 0.04, cosine
 * annealing, seed 42, first 64 reviews per card. */
struct tu_fsrs_fit_config {
	size_t epochs;
	size_t batch_size;
	double lr;
	uint64_t seed;
	size_t min_reviews;      /* fewer counted reviews: keep the start */
};

void tu_fsrs_fit_config_init(struct tu_fsrs_fit_config *cfg);

struct tu_fsrs_fit_report {
	size_t n_counted;        /* reviews in the loss (elapsed >= 1 day) */
	double loss_start;       /* mean BCE at the starting parameters */
	double loss_best;        /* mean BCE at the returned parameters */
	size_t best_epoch;       /* 0 = the starting parameters were best */
	size_t steps;            /* Adam steps taken */
};

/*
 * Mean binary cross-entropy of the recall predictions over the reviews
 * with elapsed_days >= 1 (label: rating != Again), states replayed through
 * every review (same-day ones included).  Predictions clipped to
 * [1e-15, 1 - 1e-15].  *n_counted (may be NULL) receives the count; the
 * loss is 0 when it is 0.
 */
double tu_fsrs_loss(const struct tu_fsrs_params *p,
		    const struct tu_fsrs_dataset *ds, size_t *n_counted);

/*
 * Fits FSRS-6 parameters to ds starting from start (usually the
 * defaults): each epoch shuffles the cards (tu_rng seeded with cfg->seed),
 * takes Adam steps on batches of whole cards holding >= batch_size
 * counted reviews, clamps to the bounds after every step, then measures
 * the full loss; the parameters of the best epoch (or start) go to out.
 * With fewer than min_reviews counted reviews out = start.  Reports
 * progress per batch.  rep may be NULL.  TU_EINVAL for a bad start or
 * config, TU_ENOMEM.
 */
enum tu_status tu_fsrs_fit(const struct tu_fsrs_dataset *ds,
			   const struct tu_fsrs_fit_config *cfg,
			   const struct tu_fsrs_params *start,
			   struct tu_fsrs_params *out,
			   struct tu_fsrs_fit_report *rep,
			   const struct tu_progress *prog,
			   struct tu_err *err);

/*
 * Gradient of the summed (not mean) BCE over ds with respect to the 21
 * parameters, computed with dual numbers; *loss_sum and *n_counted receive
 * the summed loss and the count, over cards [card_lo, card_hi).  Exposed
 * for tests; never fails, allocates nothing.
 */
void tu_fsrs_loss_grad(const struct tu_fsrs_params *p,
		       const struct tu_fsrs_dataset *ds, size_t card_lo,
		       size_t card_hi, double grad[TU_FSRS_NPARAMS],
		       double *loss_sum, size_t *n_counted);

#endif
