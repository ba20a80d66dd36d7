/*
 * tutor/engagement.h - the engagement rules: streaks, activity windows,
 * failure streaks and rate-limited, non-judgemental nudges (IntelliCode's
 * Engagement Orchestrator, written as deterministic rules).
 *
 * Pure functions: each takes the current struct tu_engagement
 * (tutor/learner.h), the event or the time now, and writes the new
 * engagement into a caller-owned output (which may be the same object) and
 * a decision; nothing is read from a clock or kept in globals.  Days are
 * local calendar days: floor((t + utc_offset_min * 60) / 86400).  This
 * module does not send anything and does not pick the easier item (the
 * caller passes a candidate, usually from the curator).  Rules, constants,
 * codes and texts: docs/pedagogy.md.
 */
#ifndef TUTOR_ENGAGEMENT_H
#define TUTOR_ENGAGEMENT_H

#include <stdint.h>
#include "tutor/err.h"
#include "tutor/learner.h"

#define TU_NUDGE_TEXT_MAX 256

struct tu_engage_config {
	int32_t utc_offset_min;       /* learner's offset, -1440 < x < 1440 */
	int64_t window_gap_s;         /* 1800: events closer than this merge */
	uint32_t inactive_days;       /* 3: re-engagement after this many days */
	uint32_t failure_streak_min;  /* 3: suggest an easier variant */
	int64_t nudge_min_gap_s;      /* 86400: at most one nudge per 24 h */
	uint32_t nudges_per_day;      /* 1: cap per local day */
	uint32_t milestones[8];       /* 3, 7, 14, 30, 60, 100, 200, 365 */
};

/* Fills cfg with the defaults above (UTC). */
void tu_engage_config_default(struct tu_engage_config *cfg);

/* Checks the fields; TU_EINVAL naming the field otherwise. */
enum tu_status tu_engage_config_validate(const struct tu_engage_config *cfg,
					 struct tu_err *err);

enum tu_activity_kind {
	TU_ACT_VISIT = 0,   /* any activity without an outcome */
	TU_ACT_PASS,        /* a passed attempt: resets the failure streak */
	TU_ACT_FAIL         /* a failed attempt: failure streak + 1 */
};

struct tu_activity {
	int64_t at;                 /* Unix seconds */
	enum tu_activity_kind kind;
};

/*
 * Applies one activity event to in, writing the result to out (out may be
 * in).  Streak by local day: first event 1; same day keeps; next day + 1;
 * a gap of two or more days resets to 1; longest_streak follows.  The
 * event joins the last activity window when at - end <= window_gap_s,
 * else opens a new one (the oldest is dropped beyond TU_ACTIVITY_MAX).
 * An event earlier than in->last_seen only changes the failure streak
 * (out-of-order events never rewind streaks or windows).  TU_EINVAL for
 * an unknown kind or bad config.
 */
enum tu_status tu_engage_record(const struct tu_engagement *in,
				const struct tu_activity *ev,
				const struct tu_engage_config *cfg,
				struct tu_engagement *out, struct tu_err *err);

enum tu_nudge_kind {
	TU_NUDGE_NONE = 0,
	TU_NUDGE_EASIER,        /* failure streak: offer an easier variant */
	TU_NUDGE_HINT,          /* failure streak, no easier candidate */
	TU_NUDGE_REENGAGE,      /* inactive for inactive_days or more */
	TU_NUDGE_STREAK_BROKEN, /* a streak of 2+ days lapsed */
	TU_NUDGE_MILESTONE      /* streak reached a milestone today */
};

/* What the caller knows about the current item (all may be empty). */
struct tu_nudge_context {
	const char *topic;         /* topic of the failing item, or NULL */
	const char *easier_item;   /* candidate easier item title/id, or NULL */
};

struct tu_nudge {
	enum tu_nudge_kind kind;   /* NONE when nothing is sent */
	const char *code;          /* trigger code, static ("streak_broken") */
	const char *suppressed;    /* NULL, or why a triggered nudge was held
				      back: "opted_out", "rate_limited_gap",
				      "rate_limited_daily" */
	char text[TU_NUDGE_TEXT_MAX];
};

/*
 * Decides whether to nudge at now.  Triggers in priority order: failure
 * streak >= failure_streak_min (EASIER with ctx->easier_item, else HINT),
 * inactivity >= inactive_days, broken streak (streak_days >= 2 and no
 * activity yesterday or today), streak milestone reached today.  A
 * trigger is suppressed (out->kind NONE, out->code the trigger,
 * out->suppressed the reason) by the "nudges" opt-out in prefs, by a
 * nudge less than nudge_min_gap_s ago, or when nudges_today (counted per
 * local day) reached nudges_per_day.  A sent nudge sets last_nudge = now
 * and counts in nudges_today in out (out may be in).  No trigger: code
 * "none".  TU_EINVAL on bad config.
 */
enum tu_status tu_engage_nudge(const struct tu_engagement *in,
			       const struct tu_preferences *prefs,
			       const struct tu_engage_config *cfg,
			       const struct tu_nudge_context *ctx, int64_t now,
			       struct tu_nudge *nudge, struct tu_engagement *out,
			       struct tu_err *err);

/* Local day number of t (floor division, correct before 1970). */
int64_t tu_local_day(int64_t t, int32_t utc_offset_min);

#endif
