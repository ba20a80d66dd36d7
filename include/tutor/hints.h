/*
 * tutor/hints.h - the hint-level policy: which of IntelliCode's five hint
 * levels (1 metacognitive, 2 conceptual, 3 strategic, 4 structural,
 * 5 targeted) to give next on one item.
 *
 * The level depends on the learner's proficiency band, the type of the
 * most recent failure and the hints already given on this item; it never
 * jumps more than two levels (skips at most one) past the last level given,
 * never exceeds 5, and level 5 needs at least one failed attempt.  The rule
 * table is in docs/pedagogy.md.  This module chooses the level only: it
 * does not write hint text (that is the LLM's or the content's job) and
 * keeps no state; the caller stores hints_used and last_level per item.
 * Pure: no I/O, no globals.
 */
#ifndef TUTOR_HINTS_H
#define TUTOR_HINTS_H

#include <stdint.h>
#include "tutor/err.h"
#include "tutor/learner.h"

#define TU_HINT_LEVEL_MAX 5
#define TU_HINT_TEXT_MAX 160
#define TU_HINT_BEGINNER_BELOW 0.3  /* proficiency bands (IntelliCode's) */
#define TU_HINT_ADVANCED_FROM 0.6

/* enum tu_failure lives in tutor/learner.h. */

struct tu_hint_input {
	double proficiency;        /* [0,1] */
	enum tu_failure failure;   /* most recent failure on this item */
	uint32_t hints_used;       /* hints already given on this item */
	uint32_t last_level;       /* highest level given so far, 0 = none */
	uint32_t failed_attempts;  /* failed submissions on this item */
};

struct tu_hint_decision {
	uint32_t level;            /* 1..5 */
	const char *code;          /* rule code, static, e.g. "first_beginner" */
	char text[TU_HINT_TEXT_MAX];
};

/*
 * Chooses the next hint level for in into out.  TU_EINVAL (naming the
 * field) when proficiency is not in [0,1], failure is unknown, last_level
 * > 5, or last_level and hints_used disagree (one is 0, the other not).
 */
enum tu_status tu_hint_next(const struct tu_hint_input *in,
			    struct tu_hint_decision *out, struct tu_err *err);

/* Static name of a level ("metacognitive" .. "targeted"), "none" for 0. */
const char *tu_hint_level_name(uint32_t level);


#endif
