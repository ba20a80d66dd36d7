/*
 * tutor/persona.h - Pxplore's four learner personas computed in code:
 * Momentum (rising), Consolidator (flat, Analyze or higher), Explorer
 * (flat, Understand/Apply) and Struggler (falling, or a gap whose repair
 * failed), each with its strategy (challenge / broaden / deepen /
 * remediate), a base difficulty tier and a target topic.
 *
 * Pxplore has an LLM apply these rules from a prompt; here they are
 * deterministic arithmetic over a sequence of episodes (smoothed Bloom
 * level, topic, flags) and knowledge gaps.  Inputs are borrowed; strings in
 * the result point into them and are valid as long as they are.  It does
 * not estimate the Bloom levels or gap statuses (the caller does).  Pure:
 * no I/O, no globals.  Rules and constants: docs/pedagogy.md.
 */
#ifndef TUTOR_PERSONA_H
#define TUTOR_PERSONA_H

#include <stdbool.h>
#include <stddef.h>
#include "tutor/err.h"
#include "tutor/learner.h"

#define TU_PERSONA_EPISODES_MAX 100000
#define TU_PERSONA_GAPS_MAX 1000
#define TU_PERSONA_TEXT_MAX 256
#define TU_TREND_SLOPE 0.1        /* > rising, < -slope falling */
#define TU_TREND_MIN_POINTS 5     /* fewer valid points: flat */

enum tu_affect {
	TU_AFFECT_CURIOSITY = 1u << 0,
	TU_AFFECT_ENGAGED = 1u << 1,     /* engaged concentration */
	TU_AFFECT_CONFUSION = 1u << 2,
	TU_AFFECT_FRUSTRATION = 1u << 3,
	TU_AFFECT_BOREDOM = 1u << 4
};

struct tu_episode {
	double level;          /* smoothed Bloom level 1..6, NaN = no level */
	const char *topic;     /* may be NULL */
	bool higher_order;     /* Analyzing / Evaluating / Synthesizing seen */
	unsigned affect;       /* enum tu_affect bits */
	bool review;           /* a review episode */
};

enum tu_gap_status { TU_GAP_ACTIVE = 0, TU_GAP_IMPROVED, TU_GAP_REPAIR_FAILED };

struct tu_gap {
	const char *topic;
	enum tu_gap_status status;
};

enum tu_trend { TU_TREND_FLAT = 0, TU_TREND_RISING, TU_TREND_FALLING };

enum tu_bloom {
	TU_BLOOM_NONE = 0, TU_BLOOM_UNDERSTAND = 2, TU_BLOOM_APPLY,
	TU_BLOOM_ANALYZE, TU_BLOOM_EVALUATE, TU_BLOOM_CREATE
};

enum tu_strategy {
	TU_STRATEGY_NONE = 0, TU_STRATEGY_CHALLENGE, TU_STRATEGY_BROADEN,
	TU_STRATEGY_DEEPEN, TU_STRATEGY_REMEDIATE
};

enum tu_tier {
	TU_TIER_INTRO = 0, TU_TIER_FOUNDATIONAL, TU_TIER_INTERMEDIATE,
	TU_TIER_ADVANCED
};

struct tu_persona_result {
	enum tu_persona persona;     /* tutor/learner.h; NONE without data */
	enum tu_strategy strategy;
	enum tu_tier tier;           /* difficulty of the next item */
	const char *target_topic;    /* borrowed from the input, may be NULL */
	enum tu_trend trend;
	double slope;                /* least squares, NaN when < 2 points */
	double current_level;        /* mean of the recent window, NaN none */
	enum tu_bloom bloom;         /* band of current_level */
	size_t n_valid, window;      /* N valid points, K = max(3, N/4) */
	const char *primary, *secondary; /* top interest topics, may be NULL */
	const char *code;            /* static reason code */
	char text[TU_PERSONA_TEXT_MAX];
};

/*
 * Computes the persona of n episodes (in time order) and n_gaps gaps.
 * TU_EINVAL for a level outside [1,6] (NaN allowed), an unknown gap status,
 * or NULL arrays with n > 0; TU_ERANGE above the _MAX limits.
 */
enum tu_status tu_persona_compute(const struct tu_episode *ep, size_t n,
				  const struct tu_gap *gaps, size_t n_gaps,
				  struct tu_persona_result *out,
				  struct tu_err *err);

/*
 * Bloom band of a level: <= 2.2 Understand, <= 3.2 Apply, <= 4.2 Analyze,
 * <= 5.2 Evaluate, above Create (cut-points inclusive at x.2 with a 1e-9
 * tolerance, so 2.25 is Apply).  NONE for NaN.
 */
enum tu_bloom tu_bloom_of_level(double level);

/* Base tier: Understand Intro, Apply Foundational, Analyze Intermediate,
 * Evaluate/Create Advanced. */
enum tu_tier tu_tier_of_bloom(enum tu_bloom b);

/* Static names for logs and JSON (tu_persona_name is in tutor/learner.h). */
const char *tu_strategy_name(enum tu_strategy s);
const char *tu_tier_name(enum tu_tier t);
const char *tu_bloom_name(enum tu_bloom b);

#endif
