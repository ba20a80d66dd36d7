/*
 * tutor/simeval.h - the simulated-cohort evaluation suite: IntelliCode's
 * offline evaluation done properly, over seeds, with intervals.
 *
 * What it is: eight experiments (gain, hints, coverage, policies, model,
 * recall, fairness, ablations; docs/eval-sim.md defines every metric)
 * run on simulated cohorts (tutor/sim.h).  The runner assembles the
 * conditions the chosen experiments need (the full system, hints off,
 * the random and linear picking policies, the feedback agent off, the
 * SM-2 context neutral, the synthesizer off), runs each condition once
 * per seed (shared between experiments) on the same seeds, and reduces
 * every run at once to per-seed numbers (struct tu_simeval_cell), so
 * the raw results are freed as it goes.  The statistics (means with
 * 95 % Student t intervals over seeds, paired differences between
 * conditions on the same seeds, tutor/metrics.h tu_ci) and the report
 * are computed from those cells only: they can be built by hand in
 * tests.  The report is a Markdown file plus SVG charts, byte-identical
 * for identical inputs (no times, hosts or paths; fixed precision).
 *
 * What it is not: not the simulator (tutor/sim.h) and no CLI parsing.
 * Only tu_simeval_report_write does I/O (src/simeval/write.c).
 *
 * Ownership: struct tu_simeval_data owns its cells and their arrays
 * (tu_simeval_data_release); struct tu_simeval_summary owns its curves
 * (tu_simeval_summary_release).  The options borrow the course and the
 * progress callback for the duration of tu_simeval_run.
 */
#ifndef TUTOR_SIMEVAL_H
#define TUTOR_SIMEVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tutor/agents.h"
#include "tutor/content.h"
#include "tutor/err.h"
#include "tutor/metrics.h"
#include "tutor/progress.h"
#include "tutor/sim.h"

#define TU_SIMEVAL_SEEDS_DEFAULT 5u  /* and the minimum for claimed figures */
#define TU_SIMEVAL_SEEDS_MAX 1000u
#define TU_SIMEVAL_DECILES 10
#define TU_SIMEVAL_BINS TU_ECE_BINS
#define TU_SIMEVAL_TOP_TOPICS 10

/* The experiments, in report order. */
enum tu_simeval_exp {
	TU_SIMEVAL_GAIN = 0,
	TU_SIMEVAL_HINTS,
	TU_SIMEVAL_COVERAGE,
	TU_SIMEVAL_POLICIES,
	TU_SIMEVAL_MODEL,
	TU_SIMEVAL_RECALL,
	TU_SIMEVAL_FAIRNESS,
	TU_SIMEVAL_ABLATIONS
};
#define TU_SIMEVAL_EXPS 8
#define TU_SIMEVAL_BIT(e) (1u << (unsigned)(e))
#define TU_SIMEVAL_ALL ((1u << TU_SIMEVAL_EXPS) - 1u)

/* "gain", ..., "ablations"; "?" when out of range.  Static. */
const char *tu_simeval_exp_name(enum tu_simeval_exp e);
/* Parses an experiment name; false when unknown. */
bool tu_simeval_exp_parse(const char *s, enum tu_simeval_exp *out);

/* The conditions: each is the base configuration with one change. */
enum tu_simeval_cond {
	TU_COND_FULL = 0,     /* the base: full system (hints as the base) */
	TU_COND_NO_HINTS,     /* sim hints = false */
	TU_COND_RANDOM,       /* policy random (also the "no curator"
				 ablation) */
	TU_COND_LINEAR,       /* policy linear */
	TU_COND_NO_FEEDBACK,  /* pedagogical feedback agent disabled */
	TU_COND_NO_CONTEXT,   /* SM-2 context neutral: hint_shrink 1,
				 fast_expand 1, recall_min 0.0001 */
	TU_COND_NO_SRS        /* progress synthesizer disabled */
};
#define TU_SIMEVAL_CONDS 7
#define TU_COND_BIT(c) (1u << (unsigned)(c))

/* "full", "no-hints", "random", "linear", "no-feedback", "no-context",
 * "no-srs"; "?" when out of range.  Static. */
const char *tu_simeval_cond_name(enum tu_simeval_cond c);

/* The TU_COND_BIT mask of the conditions an experiment mask needs
 * (always TU_COND_FULL when experiments != 0). */
uint32_t tu_simeval_conds_needed(uint32_t experiments);

/* Writes condition c's configurations: copies of the bases with the
 * condition's one change.  Cannot fail. */
void tu_simeval_cond_config(enum tu_simeval_cond c,
			    const struct tu_agent_config *base_agents,
			    const struct tu_sim_config *base_sim,
			    struct tu_agent_config *agents,
			    struct tu_sim_config *sim);

/* Per-run figures (docs/eval-sim.md has the exact definitions). */
enum tu_simeval_metric {
	TU_SM_TRUE_GAIN = 0,  /* mean of true_post - true_pre */
	TU_SM_HELD_GAIN,      /* mean of held_post - held_pre */
	TU_SM_EST_GAIN,       /* mean of est_post - est_pre */
	TU_SM_SOLVE_RATE,     /* sum solved / sum problems */
	TU_SM_ATTEMPT_OK,     /* sum attempts_ok / sum attempts */
	TU_SM_HINTED_OK,      /* sum hinted_solved / sum hinted */
	TU_SM_MASTERY_DAY,    /* mean mastery_day of those who reached it */
	TU_SM_MASTERY_SHARE,  /* share who reached mastery */
	TU_SM_DROPOUT,        /* share with dropped_day != UINT32_MAX */
	TU_SM_ACTIVE_DAYS,    /* mean active_days */
	TU_SM_BRIER,          /* result.mastery: mean (p - y)^2 */
	TU_SM_ECE,            /* result.mastery, TU_SIMEVAL_BINS bins */
	TU_SM_AUC,            /* result.mastery */
	TU_SM_BRIER_TRUTH,    /* result.mastery: mean (p - truth)^2 */
	TU_SM_PEARSON_TRUTH,  /* result.mastery: Pearson r of p and truth */
	TU_SM_RECALL_AUC,     /* result.recall */
	TU_SM_RECALL_BRIER,   /* result.recall */
	TU_SM_COV_COHORT,     /* share of topics someone practised */
	TU_SM_COV_LEARNER,    /* mean per-learner share of topics practised */
	TU_SM_TOPIC_CV,       /* population sd / mean of per-topic counts */
	TU_SM_FAIR_GAIN,      /* IQR / |median| of the decile means */
	TU_SM_FAIR_HINT,
	TU_SM_FAIR_PACE
};
#define TU_SM_METRICS 23

/* "true_gain", ...  Static; "?" when out of range. */
const char *tu_simeval_metric_name(enum tu_simeval_metric m);

/* Which gain (first index of level_gain). */
enum tu_simeval_gain { TU_GAIN_TRUE = 0, TU_GAIN_HELD, TU_GAIN_EST };
#define TU_SIMEVAL_GAINS 3

/* Which decile metric (fairness). */
enum tu_simeval_fair { TU_FAIR_GAIN = 0, TU_FAIR_HINT, TU_FAIR_PACE };
#define TU_SIMEVAL_FAIRS 3

/* A reliability bin before its means: count, sum of p, sum of y. */
struct tu_simeval_bin_sum {
	size_t n;
	double sum_p, sum_y;
};

/* One condition on one seed, reduced.  Every figure is NaN when it is
 * undefined on this run (no learner of a level, no prediction, ...). */
struct tu_simeval_cell {
	bool filled;
	double m[TU_SM_METRICS];
	double level_gain[TU_SIMEVAL_GAINS][TU_SIM_LEVELS];
	double level_n[TU_SIM_LEVELS];             /* learners per level */
	double decile[TU_SIMEVAL_FAIRS][TU_SIMEVAL_DECILES];
	struct tu_simeval_bin_sum mastery_bins[TU_SIMEVAL_BINS];
	struct tu_simeval_bin_sum recall_bins[TU_SIMEVAL_BINS];
	size_t n_mastery, n_recall;
	double *topic_share;   /* n_topics: share of all topic attempts */
	double *curve;         /* days + 1: cohort mean of true_by_day */
};

/* Per-seed cells of every condition run. */
struct tu_simeval_data {
	uint32_t seeds;
	uint32_t conds;                         /* TU_COND_BIT mask */
	struct tu_simeval_cell *cells[TU_SIMEVAL_CONDS];  /* seeds each */
	uint32_t learners, days;                /* of the first result */
	size_t n_topics;
	char (*topics)[TU_ID_MAX];              /* of the first result */
};

/* Makes d empty; allocates nothing. */
void tu_simeval_data_init(struct tu_simeval_data *d);
/* Frees everything d owns and makes it empty. */
void tu_simeval_data_release(struct tu_simeval_data *d);

/* Allocates empty cells for `seeds` seeds of the conditions in conds.
 * TU_EINVAL (seeds 0, conds without TU_COND_FULL or unknown bits),
 * TU_ENOMEM; d (empty) is unchanged on error. */
enum tu_status tu_simeval_data_alloc(struct tu_simeval_data *d,
				     uint32_t seeds, uint32_t conds,
				     struct tu_err *err);

/*
 * Reduces result r (borrowed) of condition c on seed index s (0-based)
 * into its cell.  Every result must have the same days, topics and
 * learner count as the first one added: TU_EDATA otherwise ("simeval:
 * random, seed 2: 40 topics, expected 41"); TU_EINVAL for a condition
 * or seed not allocated; TU_ENOMEM.  The cell is unchanged on error.
 */
enum tu_status tu_simeval_data_add(struct tu_simeval_data *d,
				   enum tu_simeval_cond c, uint32_t s,
				   const struct tu_sim_result *r,
				   struct tu_err *err);

/* One topic's share of all topic attempts (coverage). */
struct tu_simeval_topic {
	char id[TU_ID_MAX];
	struct tu_ci share;
};

/* The acceptance claims `--check` asserts. */
enum tu_simeval_claim_id {
	TU_CLAIM_CURATOR_HELD = 0,  /* curator - random held-out gain: the
				       paired interval above 0 (policies) */
	TU_CLAIM_COVERAGE,          /* mean cohort coverage >= 0.9 */
	TU_CLAIM_HINTS_SOLVE        /* hints on - off solve rate: the paired
				       interval above 0 (hints) */
};
#define TU_SIMEVAL_CLAIMS 3

enum tu_simeval_verdict {
	TU_VERDICT_SKIP = 0,   /* its experiment did not run */
	TU_VERDICT_PASS,
	TU_VERDICT_FAIL
};

struct tu_simeval_claim {
	enum tu_simeval_verdict verdict;
	struct tu_ci value;     /* the figure the claim is about */
};

/* "curator beats random on held-out gain", ...  Static. */
const char *tu_simeval_claim_text(enum tu_simeval_claim_id c);

/* What the report shows; every interval is over seeds. */
struct tu_simeval_summary {
	uint32_t experiments;                  /* TU_SIMEVAL_BIT mask */
	uint32_t conds;                        /* TU_COND_BIT mask */
	uint32_t seeds;
	uint64_t first_seed;
	char course[TU_ID_MAX];                /* id (no path) */
	struct tu_sim_config sim;              /* the base (seed unused) */
	size_t n_topics;
	struct tu_ci m[TU_SIMEVAL_CONDS][TU_SM_METRICS];
	struct tu_ci diff[TU_SIMEVAL_CONDS][TU_SM_METRICS];  /* c - full,
							       paired */
	struct tu_ci level_gain[TU_SIMEVAL_GAINS][TU_SIM_LEVELS];  /* full */
	struct tu_ci level_n[TU_SIM_LEVELS];                      /* full */
	struct tu_ci decile[TU_SIMEVAL_FAIRS][TU_SIMEVAL_DECILES]; /* full */
	struct tu_reliability_bin mastery_bins[TU_SIMEVAL_BINS];  /* full, */
	struct tu_reliability_bin recall_bins[TU_SIMEVAL_BINS];   /* pooled */
	size_t n_mastery, n_recall;            /* pooled over seeds, full */
	struct tu_simeval_topic top[TU_SIMEVAL_TOP_TOPICS];       /* full */
	size_t n_top;
	uint32_t days;
	struct tu_ci *curve[TU_SIMEVAL_CONDS]; /* days + 1 each, for full,
						  random and linear when
						  run; NULL otherwise */
	struct tu_simeval_claim claims[TU_SIMEVAL_CLAIMS];
};

/* Makes s empty; allocates nothing. */
void tu_simeval_summary_init(struct tu_simeval_summary *s);
/* Frees the curves and makes s empty. */
void tu_simeval_summary_release(struct tu_simeval_summary *s);

/*
 * Computes s (initialised; released first) from d for the experiments
 * in the mask: every figure's mean and t interval over the seeds whose
 * value is defined, the paired differences of each condition from the
 * full system, the pooled reliability bins, the 10 most practised
 * topics (ids from d), the day curves and the claims.  Course and
 * simulator configuration are left for the caller to fill in.  Every
 * cell of d must be filled: TU_EINVAL naming the first that is not;
 * TU_ENOMEM.
 */
enum tu_status tu_simeval_summarize(const struct tu_simeval_data *d,
				    uint32_t experiments,
				    struct tu_simeval_summary *s,
				    struct tu_err *err);

/* The number of claims that FAIL (0 when all pass or are skipped). */
unsigned tu_simeval_claims_failed(const struct tu_simeval_summary *s);

struct tu_simeval_opts {
	const struct tu_course *course;   /* borrowed */
	struct tu_sim_config sim;         /* base: tu_sim_config_default with
					     learners 200; seed and threads
					     are set per run from below */
	struct tu_agent_config agents;    /* base: tu_agent_config_default */
	uint32_t seeds;                   /* 2..TU_SIMEVAL_SEEDS_MAX: 5 */
	uint64_t first_seed;              /* seeds first_seed + 0..seeds-1: 1 */
	unsigned threads;                 /* 1..TU_SIM_THREADS_MAX: 1 */
	uint32_t experiments;             /* TU_SIMEVAL_BIT mask: all */
	const char *out_dir;              /* report directory, borrowed:
					     "eval-report" */
	const struct tu_progress *progress;  /* may be NULL */
};

/* Fills o with the defaults above (course NULL).  Cannot fail. */
void tu_simeval_opts_default(struct tu_simeval_opts *o);

/*
 * Runs every condition the experiments need on every seed
 * (tu_sim_run in memory, no store), reduces each result as it arrives
 * and fills *s (initialised) as tu_simeval_summarize does, plus course
 * id and base configuration.  Errors: TU_EINVAL (no course, seeds
 * outside 2..TU_SIMEVAL_SEEDS_MAX, no or unknown experiments, a bad
 * simulator or agent configuration: the message names the field), any
 * tu_sim_run error prefixed with the condition and seed ("simeval:
 * random, seed 3: ..."); *s is left empty then.
 */
enum tu_status tu_simeval_run(const struct tu_simeval_opts *o,
			      struct tu_simeval_summary *s,
			      struct tu_err *err);

/*
 * Writes dir/report.md and the charts (dir/gain.svg, ...) of the
 * experiments in s, each atomically (temporary file + rename); dir is
 * created (one level) when missing.  The bytes depend only on s.
 * TU_EIO naming the file, TU_ENOMEM, TU_EINVAL (s has no experiments);
 * files already renamed into place stay.
 */
enum tu_status tu_simeval_report_write(const struct tu_simeval_summary *s,
				       const char *dir, struct tu_err *err);

/*
 * The report's Markdown into *out (malloc'd, NUL-terminated, caller
 * frees) and its length.  Pure.  TU_ENOMEM.
 */
enum tu_status tu_simeval_report_md(const struct tu_simeval_summary *s,
				    char **out, size_t *len,
				    struct tu_err *err);

#endif
