/*
 * hints.c - the hint-level policy (contract in tutor/hints.h, rule table
 * in docs/pedagogy.md).  Pure: no I/O, no globals.
 */
#include <stdio.h>
#include <string.h>
#include "tutor/hints.h"

enum band { BEGINNER, INTERMEDIATE, ADVANCED };

const char *tu_hint_level_name(uint32_t level)
{
	static const char *const names[] = { "none", "metacognitive",
		"conceptual", "strategic", "structural", "targeted" };

	return level <= TU_HINT_LEVEL_MAX ? names[level] : "invalid";
}

static enum band band_of(double p)
{
	if (p < TU_HINT_BEGINNER_BELOW)
		return BEGINNER;
	return p >= TU_HINT_ADVANCED_FROM ? ADVANCED : INTERMEDIATE;
}

static enum tu_status check(const struct tu_hint_input *in, struct tu_err *err)
{
	if (!(in->proficiency >= 0.0 && in->proficiency <= 1.0))
		return tu_err_set(err, TU_EINVAL, "hint: proficiency %g outside "
				  "[0,1]", in->proficiency);
	if ((unsigned)in->failure > TU_FAIL_TIMEOUT)
		return tu_err_set(err, TU_EINVAL, "hint: unknown failure type %d",
				  (int)in->failure);
	if (in->last_level > TU_HINT_LEVEL_MAX)
		return tu_err_set(err, TU_EINVAL, "hint: last_level %u above %d",
				  in->last_level, TU_HINT_LEVEL_MAX);
	if ((in->last_level == 0) != (in->hints_used == 0))
		return tu_err_set(err, TU_EINVAL, "hint: last_level %u and "
				  "hints_used %u disagree", in->last_level,
				  in->hints_used);
	return TU_OK;
}

/* Rules F1-F4: the first hint on an item. */
/* Every rule: its machine-readable code and the learner-facing reason. */
struct hint_rule {
	const char *code, *text;
};

static const struct hint_rule R_FIRST_SYNTAX = { "first_syntax",
	"the code does not run yet, so the first hint starts one level up" };
static const struct hint_rule R_FIRST_BEGINNER = { "first_beginner",
	"first hint for a beginner: the key idea" };
static const struct hint_rule R_FIRST_TIMEOUT = { "first_timeout",
	"a time or resource limit: the key idea behind a faster approach" };
static const struct hint_rule R_FIRST_DEFAULT = { "first_default",
	"first hint: reflect on what was tried" };
static const struct hint_rule R_AT_MAX = { "at_max",
	"already at the most specific level" };
static const struct hint_rule R_SYNTAX_JUMP = { "syntax_jump",
	"a compile or syntax error: two levels closer to the code" };
static const struct hint_rule R_ADVANCED_REPEAT = { "advanced_repeat",
	"advanced: a second hint at the same level before going more specific" };
static const struct hint_rule R_STEP = { "step",
	"one level more specific than the last hint" };
static const struct hint_rule R_NEEDS_FAILED = {
	"targeted_needs_failed_attempt",
	"targeted hints need a failed attempt first" };

static uint32_t first_level(const struct tu_hint_input *in, const struct hint_rule **rule)
{
	enum band b = band_of(in->proficiency);

	if (in->failure == TU_FAIL_SYNTAX) {
		*rule = &R_FIRST_SYNTAX;
		return 2;
	}
	if (b == BEGINNER) {
		*rule = &R_FIRST_BEGINNER;
		return 2;
	}
	if (b == INTERMEDIATE && in->failure == TU_FAIL_TIMEOUT) {
		*rule = &R_FIRST_TIMEOUT;
		return 2;
	}
	*rule = &R_FIRST_DEFAULT;
	return 1;
}

/* Rules N1-N4: every later hint. */
static uint32_t next_level(const struct tu_hint_input *in, const struct hint_rule **rule)
{
	uint32_t p = in->last_level;

	if (p == TU_HINT_LEVEL_MAX) {
		*rule = &R_AT_MAX;
		return p;
	}
	if (in->failure == TU_FAIL_SYNTAX) {
		*rule = &R_SYNTAX_JUMP;
		return p + 2 > TU_HINT_LEVEL_MAX ? TU_HINT_LEVEL_MAX : p + 2;
	}
	if (band_of(in->proficiency) == ADVANCED && in->hints_used % 2 == 1) {
		*rule = &R_ADVANCED_REPEAT;
		return p;
	}
	*rule = &R_STEP;
	return p + 1;
}


enum tu_status tu_hint_next(const struct tu_hint_input *in,
			    struct tu_hint_decision *out, struct tu_err *err)
{
	enum tu_status rc = check(in, err);
	const struct hint_rule *rule;
	uint32_t level;

	if (rc)
		return rc;
	if (in->last_level == 0)
		level = first_level(in, &rule);
	else
		level = next_level(in, &rule);
	if (level == TU_HINT_LEVEL_MAX && in->failed_attempts == 0 &&
	    in->last_level < TU_HINT_LEVEL_MAX) {
		level = TU_HINT_LEVEL_MAX - 1;
		rule = &R_NEEDS_FAILED;
	}
	out->level = level;
	out->code = rule->code;
	snprintf(out->text, sizeof(out->text), "level %u (%s): %s", level,
		 tu_hint_level_name(level), rule->text);
	return TU_OK;
}
