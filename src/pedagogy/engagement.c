/*
 * engagement.c - streaks, activity windows and rate-limited nudges
 * (contract in tutor/engagement.h, rules and texts in docs/pedagogy.md).
 * Pure: no I/O, no clock, no globals.
 */
#include <stdio.h>
#include <string.h>
#include "tutor/engagement.h"

#define DAY_S 86400

void tu_engage_config_default(struct tu_engage_config *cfg)
{
	static const uint32_t ms[8] = { 3, 7, 14, 30, 60, 100, 200, 365 };

	cfg->utc_offset_min = 0;
	cfg->window_gap_s = 1800;
	cfg->inactive_days = 3;
	cfg->failure_streak_min = 3;
	cfg->nudge_min_gap_s = DAY_S;
	cfg->nudges_per_day = 1;
	memcpy(cfg->milestones, ms, sizeof(ms));
}

enum tu_status tu_engage_config_validate(const struct tu_engage_config *cfg,
					 struct tu_err *err)
{
	if (cfg->utc_offset_min <= -1440 || cfg->utc_offset_min >= 1440)
		return tu_err_set(err, TU_EINVAL, "engagement config: "
				  "utc_offset_min %d outside (-1440, 1440)",
				  cfg->utc_offset_min);
	if (cfg->window_gap_s < 0 || cfg->nudge_min_gap_s < 0)
		return tu_err_set(err, TU_EINVAL, "engagement config: negative "
				  "window_gap_s or nudge_min_gap_s");
	if (cfg->inactive_days == 0 || cfg->failure_streak_min == 0)
		return tu_err_set(err, TU_EINVAL, "engagement config: "
				  "inactive_days and failure_streak_min must be > 0");
	return TU_OK;
}

/* a - b, saturated to the int64 range (states may hold extreme times). */
static int64_t sub_sat(int64_t a, int64_t b)
{
	int64_t d;

	if (__builtin_sub_overflow(a, b, &d))
		return b < 0 ? INT64_MAX : INT64_MIN;
	return d;
}

int64_t tu_local_day(int64_t t, int32_t utc_offset_min)
{
	int64_t x, d;

	if (__builtin_add_overflow(t, (int64_t)utc_offset_min * 60, &x))
		x = utc_offset_min > 0 ? INT64_MAX : INT64_MIN;
	d = x / DAY_S;

	return (x % DAY_S < 0) ? d - 1 : d;
}

/* ------------------------------------------------------------------ */
/* Recording activity                                                  */

static void update_streak(struct tu_engagement *e, int64_t at, int32_t off)
{
	int64_t day = tu_local_day(at, off);

	if (e->last_seen == TU_TIME_NONE || e->streak_days == 0) {
		e->streak_days = 1;
	} else {
		int64_t last = tu_local_day(e->last_seen, off);

		if (last < INT64_MAX && day == last + 1)
			e->streak_days++;
		else if (day != last)
			e->streak_days = 1;
	}
	if (e->streak_days > e->longest_streak)
		e->longest_streak = e->streak_days;
	e->last_seen = at;
}

static void add_to_window(struct tu_engagement *e, int64_t at, int64_t gap)
{
	struct tu_activity_window *w;

	if (e->n_windows > 0) {
		w = &e->windows[e->n_windows - 1];
		if (at >= w->end && sub_sat(at, w->end) <= gap) {
			w->end = at;
			w->events++;
			return;
		}
	}
	if (e->n_windows == TU_ACTIVITY_MAX) {
		memmove(e->windows, e->windows + 1,
			(TU_ACTIVITY_MAX - 1) * sizeof(e->windows[0]));
		e->n_windows--;
	}
	w = &e->windows[e->n_windows++];
	w->start = w->end = at;
	w->events = 1;
}

enum tu_status tu_engage_record(const struct tu_engagement *in,
				const struct tu_activity *ev,
				const struct tu_engage_config *cfg,
				struct tu_engagement *out, struct tu_err *err)
{
	struct tu_engagement e = *in;
	enum tu_status rc = tu_engage_config_validate(cfg, err);

	if (rc)
		return rc;
	if ((unsigned)ev->kind > TU_ACT_FAIL)
		return tu_err_set(err, TU_EINVAL, "activity: unknown kind %d",
				  (int)ev->kind);
	if (e.n_windows > TU_ACTIVITY_MAX)
		return tu_err_set(err, TU_EINVAL, "engagement: %zu windows, at "
				  "most %d", e.n_windows, TU_ACTIVITY_MAX);
	if (ev->kind == TU_ACT_PASS)
		e.failure_streak = 0;
	else if (ev->kind == TU_ACT_FAIL && e.failure_streak < UINT32_MAX)
		e.failure_streak++;
	if (e.last_seen == TU_TIME_NONE || ev->at >= e.last_seen) {
		update_streak(&e, ev->at, cfg->utc_offset_min);
		add_to_window(&e, ev->at, cfg->window_gap_s);
	}
	*out = e;
	return TU_OK;
}

/* ------------------------------------------------------------------ */
/* Nudges                                                              */

static bool is_milestone(const struct tu_engage_config *cfg, uint32_t streak)
{
	for (size_t i = 0; i < 8; i++)
		if (cfg->milestones[i] != 0 && cfg->milestones[i] == streak)
			return true;
	return false;
}

/* The first trigger that fires, in priority order. */
static enum tu_nudge_kind trigger(const struct tu_engagement *e,
				  const struct tu_engage_config *cfg,
				  const struct tu_nudge_context *ctx,
				  int64_t now)
{
	int64_t today = tu_local_day(now, cfg->utc_offset_min), last;

	if (e->failure_streak >= cfg->failure_streak_min)
		return ctx && ctx->easier_item ? TU_NUDGE_EASIER : TU_NUDGE_HINT;
	if (e->last_seen == TU_TIME_NONE)
		return TU_NUDGE_NONE;
	last = tu_local_day(e->last_seen, cfg->utc_offset_min);
	if (sub_sat(now, e->last_seen) >= (int64_t)cfg->inactive_days * DAY_S)
		return TU_NUDGE_REENGAGE;
	if (e->streak_days >= 2 && sub_sat(today, last) >= 2)
		return TU_NUDGE_STREAK_BROKEN;
	if (today == last && is_milestone(cfg, e->streak_days))
		return TU_NUDGE_MILESTONE;
	return TU_NUDGE_NONE;
}

static const char *kind_code(enum tu_nudge_kind k)
{
	switch (k) {
	case TU_NUDGE_NONE: return "none";
	case TU_NUDGE_EASIER: return "suggest_easier";
	case TU_NUDGE_HINT: return "suggest_hint";
	case TU_NUDGE_REENGAGE: return "reengage_inactive";
	case TU_NUDGE_STREAK_BROKEN: return "streak_broken";
	case TU_NUDGE_MILESTONE: return "streak_milestone";
	}
	return "none";
}

static void nudge_text(struct tu_nudge *n, const struct tu_engagement *e,
		       const struct tu_nudge_context *ctx, int64_t now)
{
	const char *topic = ctx && ctx->topic ? ctx->topic : "these";

	switch (n->kind) {
	case TU_NUDGE_EASIER:
		snprintf(n->text, sizeof(n->text), "%s problems can be tricky. "
			 "Would you like to try the easier '%s' first and come "
			 "back to this one after?", topic, ctx->easier_item);
		break;
	case TU_NUDGE_HINT:
		snprintf(n->text, sizeof(n->text), "This one is putting up a "
			 "fight. Would a hint about the next step help?");
		break;
	case TU_NUDGE_REENGAGE:
		snprintf(n->text, sizeof(n->text), "Welcome back! It has been "
			 "%lld days. A short problem is an easy way to pick up "
			 "where you left off.",
			 (long long)(sub_sat(now, e->last_seen) / DAY_S));
		break;
	case TU_NUDGE_STREAK_BROKEN:
		snprintf(n->text, sizeof(n->text), "Your %u-day streak took a "
			 "pause, which happens. One problem today starts a new "
			 "one.", e->streak_days);
		break;
	case TU_NUDGE_MILESTONE:
		snprintf(n->text, sizeof(n->text), "%u days in a row. Nice and "
			 "steady!", e->streak_days);
		break;
	case TU_NUDGE_NONE:
		n->text[0] = '\0';
		break;
	}
}

static bool opted_out(const struct tu_preferences *prefs)
{
	for (size_t i = 0; prefs && i < prefs->n_opt_outs &&
	     i < TU_OPT_OUTS_MAX; i++)
		if (strncmp(prefs->opt_outs[i], "nudges", TU_SHORT_MAX) == 0)
			return true;
	return false;
}

/* Why a triggered nudge may not be sent now, or NULL. */
static const char *suppressed_by(const struct tu_engagement *e,
				 const struct tu_preferences *prefs,
				 const struct tu_engage_config *cfg,
				 int64_t now, uint32_t today_count)
{
	if (opted_out(prefs))
		return "opted_out";
	if (e->last_nudge != TU_TIME_NONE &&
	    sub_sat(now, e->last_nudge) < cfg->nudge_min_gap_s)
		return "rate_limited_gap";
	if (today_count >= cfg->nudges_per_day)
		return "rate_limited_daily";
	return NULL;
}

enum tu_status tu_engage_nudge(const struct tu_engagement *in,
			       const struct tu_preferences *prefs,
			       const struct tu_engage_config *cfg,
			       const struct tu_nudge_context *ctx, int64_t now,
			       struct tu_nudge *nudge, struct tu_engagement *out,
			       struct tu_err *err)
{
	struct tu_engagement e = *in;
	enum tu_status rc = tu_engage_config_validate(cfg, err);
	uint32_t today_count = 0;

	if (rc)
		return rc;
	if (e.last_nudge != TU_TIME_NONE &&
	    tu_local_day(e.last_nudge, cfg->utc_offset_min) ==
	    tu_local_day(now, cfg->utc_offset_min))
		today_count = e.nudges_today;
	nudge->kind = trigger(&e, cfg, ctx, now);
	nudge->code = kind_code(nudge->kind);
	nudge->suppressed = NULL;
	if (nudge->kind != TU_NUDGE_NONE)
		nudge->suppressed = suppressed_by(&e, prefs, cfg, now, today_count);
	if (nudge->suppressed)
		nudge->kind = TU_NUDGE_NONE;
	nudge_text(nudge, &e, ctx, now);
	if (nudge->kind != TU_NUDGE_NONE) {
		e.last_nudge = now;
		e.nudges_today = today_count + 1;
	}
	*out = e;
	return TU_OK;
}
