/*
 * tutor/srs.h - SM-2 review scheduling as IntelliCode states it (paper
 * appendix C.4, eq. 11-13) with the Progress Synthesizer's context
 * adjustments, plus the srs-benchmark SM-2 used as an evaluation baseline.
 *
 * What it is: pure, deterministic functions that turn one attempt at a
 * review item into a quality score q (0..5), update a struct
 * tu_review_item (include/tutor/learner.h) in place, and predict recall.
 * Every context adjustment is a documented multiplier or rule in struct
 * tu_sm2_config and is reported back as a machine-readable reason.
 *
 * What it is not: no I/O, no clock reads (the caller passes "now" as Unix
 * seconds), no queue management (which item to review next is the
 * curriculum's business) and not FSRS (tutor/fsrs.h).
 *
 * Ownership: all structs are plain values owned by the caller; nothing
 * here allocates.  docs/srs.md has the equations and constants.
 */
#ifndef TUTOR_SRS_H
#define TUTOR_SRS_H

#include <stddef.h>
#include <stdint.h>
#include "tutor/err.h"
#include "tutor/learner.h"

#define TU_SM2_EF_INIT 2.5
#define TU_SM2_EF_MIN 1.3
#define TU_SM2_REASONS_MAX 6
#define TU_SM2_REASON_TEXT 40

enum tu_attempt_outcome {
	TU_ATTEMPT_SOLVED = 0,   /* all tests passed */
	TU_ATTEMPT_FAILED,       /* submitted, some tests failed */
	TU_ATTEMPT_GAVE_UP       /* no working submission (blackout) */
};

/* One attempt at a review item, as the tutor observed it. */
struct tu_sm2_attempt {
	enum tu_attempt_outcome outcome;
	uint32_t hints;            /* hints requested during the attempt */
	double solve_seconds;      /* < 0: unknown */
	double expected_seconds;   /* the item's expected time; <= 0 unknown */
	double passed_fraction;    /* share of tests passed, [0,1] (failures) */
};

/*
 * Thresholds and context multipliers.  tu_sm2_config_init sets the
 * documented defaults (docs/srs.md, section 1):
 *   fast_ratio 1.0      solve <= 1.0 x expected, no hints        -> q = 5
 *   delay_ratio 2.0     solve <= 2.0 x expected, no hints        -> q = 4
 *                       slower without hints, or with hints      -> q = 3
 *   close_fraction 0.5  failed with >= 50 % tests passed         -> q = 2
 *                       failed otherwise -> q = 1; gave up        -> q = 0
 *   hint_threshold 2, hint_shrink 0.6  (>= 2 hints: interval x 0.6)
 *   fast_expand 1.2                    (q = 5: interval x 1.2)
 *   recall_k 1/(2.5 ln(1/0.9)) = 3.79649, recall_min 0.85 (prepone rule)
 */
struct tu_sm2_config {
	double fast_ratio;
	double delay_ratio;
	double close_fraction;
	uint32_t hint_threshold;
	double hint_shrink;
	double fast_expand;
	double recall_k;
	double recall_min;
	double max_interval_days;  /* cap on any interval, default 36500 */
};

enum tu_sm2_reason_code {
	TU_SM2_REASON_LAPSE = 0,   /* q < 3: repetitions reset, 1 day */
	TU_SM2_REASON_HINT_SHRINK, /* heavy hint use shrank the interval */
	TU_SM2_REASON_FAST_EXPAND, /* q = 5 expanded the interval */
	TU_SM2_REASON_RECALL_PREPONE, /* predicted recall at due < minimum */
	TU_SM2_REASON_MAX_INTERVAL /* capped at max_interval_days */
};

struct tu_sm2_reason {
	enum tu_sm2_reason_code code;
	double factor;             /* multiplier applied (prepone: new/old) */
	char text[TU_SM2_REASON_TEXT]; /* e.g. "hint_shrink x0.6" */
};

/* What one review did. */
struct tu_sm2_result {
	int q;
	double ef;                 /* EF' */
	double base_interval;      /* plain SM-2 interval before context */
	double interval_days;      /* scheduled interval (whole days >= 1) */
	int64_t due;               /* now + interval_days * 86400 */
	double recall_at_due;      /* tu_sm2_recall at the scheduled due */
	struct tu_sm2_reason reasons[TU_SM2_REASONS_MAX];
	size_t n_reasons;
};

/* Fills cfg with the defaults listed above.  Cannot fail. */
void tu_sm2_config_init(struct tu_sm2_config *cfg);

/*
 * Checks cfg: ratios > 0 and fast_ratio <= delay_ratio, close_fraction in
 * [0,1], multipliers > 0, recall_k > 0, recall_min in (0,1),
 * max_interval_days >= 1.  TU_EINVAL with the field named otherwise.
 */
enum tu_status tu_sm2_config_check(const struct tu_sm2_config *cfg,
				   struct tu_err *err);

/*
 * Quality q in 0..5 from an attempt (eq. 11, the mapping above).  Unknown
 * times (solve < 0 or expected <= 0) count as "minor delay" (q = 4) for a
 * hint-free solve.  Never fails; out-of-range fields are clamped.
 */
int tu_sm2_quality(const struct tu_sm2_config *cfg,
		   const struct tu_sm2_attempt *a);

/*
 * EF' = max(1.3, EF - 0.8 + 0.28 q - 0.02 q^2) (eq. 12), applied on every
 * review including q < 3.  q outside 0..5 is clamped.
 */
double tu_sm2_next_ef(double ef, int q);

/*
 * Recall time constant tau (days) of an item with ease ef after n
 * successful repetitions: tau = k * ef * I_nom(n, ef), where I_nom is the
 * plain SM-2 interval under constant ef (1 for n <= 1, 6 ef^(n-2) after).
 * For a new or lapsed item tau = k * ef: proportional to EF (eq. 13).
 */
double tu_sm2_tau(const struct tu_sm2_config *cfg, double ef, uint32_t n);

/*
 * Predicted recall R(t) = exp(-t / tau) of item t days after its last
 * review (eq. 13), tau from the item's ease_factor and repetitions.  t < 0
 * counts as 0.  Monotone non-increasing in t.
 */
double tu_sm2_recall(const struct tu_sm2_config *cfg,
		     const struct tu_review_item *item, double t_days);

/* srs-benchmark form: R = 0.9^(t / interval); interval <= 0 counts as 1. */
double tu_sm2_recall_bench(double interval_days, double t_days);

/*
 * One review of item at time now (Unix seconds) with quality q and the
 * attempt's hint count: EF update, repetition rule (q < 3: n = 0, 1 day,
 * lapses + 1; else n + 1 with I1 = 1, I2 = 6, In = round(I(n-1) * EF')
 * where I(n-1) is the item's stored interval), then the context rules in
 * order hint_shrink, fast_expand, rounding to whole days >= 1,
 * recall_prepone, max_interval.  Updates ease_factor, repetitions,
 * lapses, interval_days, due, last_review; leaves FSRS fields alone.
 * TU_EINVAL (item unchanged) on a bad cfg, q outside 0..5 or a stored EF
 * below 1.3 / not finite.  res may be NULL.
 */
enum tu_status tu_sm2_apply(const struct tu_sm2_config *cfg,
			    struct tu_review_item *item, int q,
			    uint32_t hints, int64_t now,
			    struct tu_sm2_result *res, struct tu_err *err);

/* tu_sm2_quality + tu_sm2_apply for one attempt. */
enum tu_status tu_sm2_review(const struct tu_sm2_config *cfg,
			     struct tu_review_item *item,
			     const struct tu_sm2_attempt *a, int64_t now,
			     struct tu_sm2_result *res, struct tu_err *err);

/*
 * The srs-benchmark SM-2 baseline (learner-models.md 5.2, models/sm2.py):
 * q = Anki rating + 1; q > 2: reps 0 -> 1 day, 1 -> 6 days, else ivl * EF;
 * reps + 1; q <= 2: ivl = 1, reps = 0; then EF += 0.1 - (5-q)(0.08 +
 * (5-q) 0.02), clamped to [1.3, 10].  Unrounded intervals.
 */
struct tu_sm2_bench {
	double ef;
	double ivl;
	uint32_t reps;
};

/* A new card: ef 2.5, ivl 0, reps 0. */
void tu_sm2_bench_init(struct tu_sm2_bench *c);

/* One review with Anki rating 1..4 (clamped). */
void tu_sm2_bench_update(struct tu_sm2_bench *c, int rating);

#endif
