/* test_engagement.c - streaks, windows, failure streaks and nudges. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "tutor/engagement.h"

#define H 3600
#define DAY 86400
/* 1699920000 = 2023-11-14 00:00:00 UTC, local day 19675. */
#define D0 1699920000LL

static struct tu_engagement fresh(void)
{
	struct tu_engagement e;

	memset(&e, 0, sizeof(e));
	e.last_seen = TU_TIME_NONE;
	e.last_nudge = TU_TIME_NONE;
	return e;
}

static void rec(struct tu_engagement *e, const struct tu_engage_config *cfg,
		int64_t at, enum tu_activity_kind kind)
{
	struct tu_activity ev = { at, kind };

	assert_int_equal(tu_engage_record(e, &ev, cfg, e, NULL), TU_OK);
}

static void test_local_day(void **state)
{
	(void)state;
	assert_true(tu_local_day(D0, 0) == 19675);
	assert_true(tu_local_day(D0 - 1, 0) == 19674);
	assert_true(tu_local_day(0, -60) == -1);      /* floor, not truncation */
	assert_true(tu_local_day(DAY - 1800, 60) == 1); /* 23:30 UTC = 00:30 */
}

static void test_streak_rules(void **state)
{
	struct tu_engage_config cfg;
	struct tu_engagement e = fresh();

	(void)state;
	tu_engage_config_default(&cfg);
	rec(&e, &cfg, D0 + 10 * H, TU_ACT_VISIT);
	assert_int_equal(e.streak_days, 1);      /* first activity */
	rec(&e, &cfg, D0 + 20 * H, TU_ACT_VISIT);
	assert_int_equal(e.streak_days, 1);      /* same day keeps */
	rec(&e, &cfg, D0 + DAY + H, TU_ACT_VISIT);
	assert_int_equal(e.streak_days, 2);      /* next day + 1 */
	assert_int_equal(e.longest_streak, 2);
	rec(&e, &cfg, D0 + 3 * DAY, TU_ACT_VISIT);
	assert_int_equal(e.streak_days, 1);      /* skipped a day: reset */
	assert_int_equal(e.longest_streak, 2);
	assert_true(e.last_seen == D0 + 3 * DAY);
}

static void test_streak_uses_utc_offset(void **state)
{
	struct tu_engage_config cfg;
	struct tu_engagement e = fresh();

	(void)state;
	tu_engage_config_default(&cfg);
	/* 23:00 and 01:00 UTC next day: two UTC days -> streak 2. */
	rec(&e, &cfg, D0 + 23 * H, TU_ACT_VISIT);
	rec(&e, &cfg, D0 + DAY + H, TU_ACT_VISIT);
	assert_int_equal(e.streak_days, 2);
	/* At UTC-2 both are the same local day (21:00, 23:00). */
	e = fresh();
	cfg.utc_offset_min = -120;
	rec(&e, &cfg, D0 + 23 * H, TU_ACT_VISIT);
	rec(&e, &cfg, D0 + DAY + H, TU_ACT_VISIT);
	assert_int_equal(e.streak_days, 1);
}

static void test_windows_and_failures(void **state)
{
	struct tu_engage_config cfg;
	struct tu_engagement e = fresh(), before;
	struct tu_activity ev = { D0, (enum tu_activity_kind)7 };

	(void)state;
	tu_engage_config_default(&cfg);
	rec(&e, &cfg, D0, TU_ACT_FAIL);
	rec(&e, &cfg, D0 + 1000, TU_ACT_FAIL);
	assert_int_equal(e.failure_streak, 2);
	rec(&e, &cfg, D0 + 2800, TU_ACT_VISIT);  /* gap 1800 <= 1800: merge */
	assert_int_equal(e.failure_streak, 2);
	rec(&e, &cfg, D0 + 5000, TU_ACT_PASS);   /* gap 2200: new window */
	assert_int_equal(e.failure_streak, 0);
	assert_int_equal(e.n_windows, 2);
	assert_true(e.windows[0].start == D0 && e.windows[0].end == D0 + 2800);
	assert_int_equal(e.windows[0].events, 3);
	assert_true(e.windows[1].start == D0 + 5000);
	assert_int_equal(e.windows[1].events, 1);
	/* Out of order: only the failure streak moves. */
	before = e;
	rec(&e, &cfg, D0 + 100, TU_ACT_FAIL);
	assert_int_equal(e.failure_streak, 1);
	assert_true(e.last_seen == before.last_seen);
	assert_int_equal(e.n_windows, 2);
	assert_int_equal(e.windows[0].events, 3);
	assert_int_equal(tu_engage_record(&e, &ev, &cfg, &e, NULL), TU_EINVAL);
}

static void test_windows_keep_last(void **state)
{
	struct tu_engage_config cfg;
	struct tu_engagement e = fresh();

	(void)state;
	tu_engage_config_default(&cfg);
	for (int i = 0; i < 40; i++)
		rec(&e, &cfg, D0 + i * H, TU_ACT_VISIT);
	/* 40 hourly windows, the last 32 kept: the first is hour 8. */
	assert_int_equal(e.n_windows, TU_ACTIVITY_MAX);
	assert_true(e.windows[0].start == D0 + 8 * H);
	assert_true(e.windows[31].start == D0 + 39 * H);
}

static struct tu_nudge nudge_at(const struct tu_engagement *e,
				const struct tu_preferences *prefs,
				const struct tu_engage_config *cfg,
				const struct tu_nudge_context *ctx,
				int64_t now, struct tu_engagement *out)
{
	struct tu_nudge n;

	assert_int_equal(tu_engage_nudge(e, prefs, cfg, ctx, now, &n, out, NULL),
			 TU_OK);
	return n;
}

static void test_nudge_triggers(void **state)
{
	struct tu_engage_config cfg;
	struct tu_engagement e = fresh(), out;
	struct tu_nudge_context ctx = { "trees", "binary tree basics" };
	int64_t now = D0 + 12 * H;
	struct tu_nudge n;

	(void)state;
	tu_engage_config_default(&cfg);
	e.last_seen = now - 3 * DAY;     /* inactive exactly 3 days */
	e.streak_days = 5;
	e.failure_streak = 3;
	n = nudge_at(&e, NULL, &cfg, &ctx, now, &out);  /* failure first */
	assert_int_equal(n.kind, TU_NUDGE_EASIER);
	assert_string_equal(n.code, "suggest_easier");
	assert_null(n.suppressed);
	assert_string_equal(n.text, "trees problems can be tricky. Would you "
			    "like to try the easier 'binary tree basics' first "
			    "and come back to this one after?");
	assert_true(out.last_nudge == now);
	assert_int_equal(out.nudges_today, 1);
	n = nudge_at(&e, NULL, &cfg, NULL, now, &out);
	assert_string_equal(n.code, "suggest_hint");
	e.failure_streak = 2;
	n = nudge_at(&e, NULL, &cfg, &ctx, now, &out);
	assert_string_equal(n.code, "reengage_inactive");
	assert_string_equal(n.text, "Welcome back! It has been 3 days. A short "
			    "problem is an easy way to pick up where you left "
			    "off.");
	e.last_seen = now - 3 * DAY + 1; /* day 19672, today 19675 */
	n = nudge_at(&e, NULL, &cfg, &ctx, now, &out);
	assert_string_equal(n.code, "streak_broken");
	assert_string_equal(n.text, "Your 5-day streak took a pause, which "
			    "happens. One problem today starts a new one.");
	e.streak_days = 1;               /* no streak to lose */
	n = nudge_at(&e, NULL, &cfg, &ctx, now, &out);
	assert_int_equal(n.kind, TU_NUDGE_NONE);
	assert_string_equal(n.code, "none");
	e.streak_days = 5;
	e.last_seen = D0 - H;            /* yesterday: streak intact */
	n = nudge_at(&e, NULL, &cfg, &ctx, now, &out);
	assert_string_equal(n.code, "none");
	e.last_seen = D0 + H;            /* today, streak 7: milestone */
	e.streak_days = 7;
	n = nudge_at(&e, NULL, &cfg, &ctx, now, &out);
	assert_string_equal(n.code, "streak_milestone");
	assert_string_equal(n.text, "7 days in a row. Nice and steady!");
	e.streak_days = 8;
	n = nudge_at(&e, NULL, &cfg, &ctx, now, &out);
	assert_string_equal(n.code, "none");
	assert_true(out.last_nudge == TU_TIME_NONE);
}

static void test_nudge_limits(void **state)
{
	struct tu_engage_config cfg;
	struct tu_preferences prefs;
	struct tu_engagement e = fresh(), out;
	int64_t now = D0 + 12 * H;
	struct tu_nudge n;

	(void)state;
	tu_engage_config_default(&cfg);
	memset(&prefs, 0, sizeof(prefs));
	strcpy(prefs.opt_outs[0], "llm");
	strcpy(prefs.opt_outs[1], "nudges");
	prefs.n_opt_outs = 2;
	e.last_seen = now - 5 * DAY;
	n = nudge_at(&e, &prefs, &cfg, NULL, now, &out);
	assert_int_equal(n.kind, TU_NUDGE_NONE);
	assert_string_equal(n.code, "reengage_inactive");
	assert_string_equal(n.suppressed, "opted_out");
	assert_true(out.last_nudge == TU_TIME_NONE);
	prefs.n_opt_outs = 1;
	e.last_nudge = now - 23 * H;     /* less than 24 h ago */
	e.nudges_today = 1;
	n = nudge_at(&e, &prefs, &cfg, NULL, now, &out);
	assert_string_equal(n.suppressed, "rate_limited_gap");
	e.last_nudge = now - DAY;        /* exactly 24 h, yesterday */
	n = nudge_at(&e, &prefs, &cfg, NULL, now, &out);
	assert_null(n.suppressed);
	assert_int_equal(n.kind, TU_NUDGE_REENGAGE);
	assert_int_equal(out.nudges_today, 1); /* new day: count restarts */
	cfg.nudge_min_gap_s = 0;
	cfg.nudges_per_day = 2;
	e.last_nudge = D0 + H;           /* earlier today, 2 sent */
	e.nudges_today = 2;
	n = nudge_at(&e, &prefs, &cfg, NULL, now, &out);
	assert_string_equal(n.suppressed, "rate_limited_daily");
	e.nudges_today = 1;
	n = nudge_at(&e, &prefs, &cfg, NULL, now, &out);
	assert_null(n.suppressed);
	assert_int_equal(out.nudges_today, 2);
}

static void test_extreme_times(void **state)
{
	struct tu_engage_config cfg;
	struct tu_engagement e = fresh(), out;
	struct tu_nudge n;

	(void)state;
	/* Decoded states may hold any int64: no overflow (UBSan), sane kinds. */
	tu_engage_config_default(&cfg);
	cfg.utc_offset_min = 60;
	rec(&e, &cfg, INT64_MIN + 5, TU_ACT_VISIT);
	rec(&e, &cfg, INT64_MAX, TU_ACT_VISIT);
	assert_int_equal(e.streak_days, 1);
	assert_int_equal(e.n_windows, 2);
	e.last_seen = INT64_MIN + 5;
	e.last_nudge = INT64_MIN + 7;
	n = nudge_at(&e, NULL, &cfg, NULL, INT64_MAX, &out);
	assert_int_equal(n.kind, TU_NUDGE_REENGAGE);
	e.last_seen = INT64_MAX;
	e.last_nudge = INT64_MAX;
	n = nudge_at(&e, NULL, &cfg, NULL, INT64_MIN + 1, &out);
	assert_int_equal(n.kind, TU_NUDGE_NONE);
}

static void test_config_checks(void **state)
{
	struct tu_engage_config cfg;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_engage_config_default(&cfg);
	assert_int_equal(tu_engage_config_validate(&cfg, &err), TU_OK);
	cfg.utc_offset_min = 1440;
	assert_int_equal(tu_engage_config_validate(&cfg, &err), TU_EINVAL);
	tu_engage_config_default(&cfg);
	cfg.inactive_days = 0;
	assert_int_equal(tu_engage_config_validate(&cfg, &err), TU_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local_day),
		cmocka_unit_test(test_streak_rules),
		cmocka_unit_test(test_streak_uses_utc_offset),
		cmocka_unit_test(test_windows_and_failures),
		cmocka_unit_test(test_windows_keep_last),
		cmocka_unit_test(test_nudge_triggers),
		cmocka_unit_test(test_nudge_limits),
		cmocka_unit_test(test_extreme_times),
		cmocka_unit_test(test_config_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
