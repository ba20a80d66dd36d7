/* test_revlog.c - the review-log reader: values, each error class with
 * its code and "name:line", limits, and the FSRS dataset builder. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/fsrs.h"
#include "tutor/revlog.h"

#define HDR "card_id,review_rating,review_time,review_duration\n"

static enum tu_status parse(struct tu_revlog *log, const char *text,
			    struct tu_err *err)
{
	return tu_revlog_parse(log, text, strlen(text), "t.csv", err);
}

static void test_parse_values(void **state)
{
	struct tu_revlog log;
	struct tu_err err = TU_ERR_INIT;
	const char *text = HDR
		"1711684180217,1,2024-03-29T20:32:32.250000+00:00,25060\r\n"
		"7,4,2024-02-29T23:59:59.999999Z,0\r\n"
		"7,3,1969-12-31T23:00:00+00:00,60000";

	(void)state;
	tu_revlog_init(&log);
	assert_int_equal(parse(&log, text, &err), TU_OK);
	assert_int_equal(log.n, 3);
	assert_true(log.rows[0].card_id == 1711684180217LL);
	assert_int_equal(log.rows[0].rating, 1);
	/* python: datetime(2024,3,29,20,32,32,250000,utc) -> 1711744352250
	 * (the file name's first time) */
	assert_true(log.rows[0].time_ms == 1711744352250LL);
	assert_int_equal(log.rows[0].micros, 0);
	assert_true(log.rows[0].duration_ms == 25060);
	/* 2024 is a leap year: Feb 29 23:59:59.999999 -> 1709251199999 ms,
	 * 999 us left over */
	assert_true(log.rows[1].time_ms == 1709251199999LL);
	assert_int_equal(log.rows[1].micros, 999);
	/* before the epoch: -3600000 */
	assert_true(log.rows[2].time_ms == -3600000LL);
	tu_revlog_release(&log);
}

static void test_time_order(void **state)
{
	struct tu_revlog log;
	size_t *o;
	const char *text = HDR
		"1,3,2024-03-02T00:00:00+00:00,1\n"
		"2,3,2024-03-01T00:00:00+00:00,1\n"
		"3,3,2024-03-02T00:00:00+00:00,1\n"
		"4,3,2024-03-01T00:00:00.000001+00:00,1\n";

	(void)state;
	tu_revlog_init(&log);
	assert_int_equal(parse(&log, text, NULL), TU_OK);
	o = tu_revlog_time_order(&log);
	assert_non_null(o);
	/* by time, microseconds, then file position */
	assert_int_equal(o[0], 1);
	assert_int_equal(o[1], 3);
	assert_int_equal(o[2], 0);
	assert_int_equal(o[3], 2);
	free(o);
	tu_revlog_release(&log);
}

struct bad_case {
	const char *text;
	enum tu_status code;
	const char *where;   /* must occur in the message */
};

static void test_error_classes(void **state)
{
	static const struct bad_case cases[] = {
		{ "", TU_EDATA, "t.csv:1:" },
		{ HDR, TU_EDATA, "t.csv:1: no reviews" },
		{ "card,rating\n1,3,2024-03-01T00:00:00Z,1\n", TU_EPARSE,
		  "t.csv:1: expected header" },
		{ HDR "1,3,2024-03-01T00:00:00Z\n", TU_EPARSE,
		  "t.csv:2: expected 4 columns, got 3" },
		{ HDR "1,3,2024-03-01T00:00:00Z,1,9\n", TU_EPARSE,
		  "t.csv:2: expected 4 columns, got more" },
		{ HDR "1,3,2024-03-01T00:00:00Z,1\n1,5,2024-03-01T00:00:00Z,1\n",
		  TU_ERANGE, "t.csv:3: column 'review_rating'" },
		{ HDR "1,x,2024-03-01T00:00:00Z,1\n", TU_EPARSE,
		  "t.csv:2: column 'review_rating'" },
		{ HDR "0,3,2024-03-01T00:00:00Z,1\n", TU_EPARSE,
		  "t.csv:2: column 'card_id'" },
		{ HDR "-4,3,2024-03-01T00:00:00Z,1\n", TU_EPARSE,
		  "t.csv:2: column 'card_id'" },
		{ HDR "1234567890123456789,3,2024-03-01T00:00:00Z,1\n",
		  TU_ERANGE, "t.csv:2: column 'card_id'" },
		{ HDR "1,3,2024-02-30T00:00:00Z,1\n", TU_ERANGE,
		  "t.csv:2: column 'review_time'" },
		{ HDR "1,3,2024-03-01 00:00:00Z,1\n", TU_EPARSE,
		  "t.csv:2: column 'review_time'" },
		{ HDR "1,3,2024-03-01T00:00:00+01:00,1\n", TU_EPARSE,
		  "t.csv:2: column 'review_time'" },
		{ HDR "1,3,2024-03-01T00:00:00.1234567Z,1\n", TU_EPARSE,
		  "t.csv:2: column 'review_time'" },
		{ HDR "1,3,2024-03-01T24:00:00Z,1\n", TU_ERANGE,
		  "t.csv:2: column 'review_time'" },
		{ HDR "1,3,2024-03-01T00:00:00Z,-5\n", TU_EPARSE,
		  "t.csv:2: column 'review_duration'" },
		{ HDR "1,3,2024-03-01T00:00:00Z,86400001\n", TU_ERANGE,
		  "t.csv:2: column 'review_duration'" },
		{ HDR "1,3,2024-03-01T00:00:00Z,1\n\n2,3,2024-03-01T00:00:00Z,1\n",
		  TU_EPARSE, "t.csv:3: empty line" },
	};
	struct tu_revlog log;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_revlog_init(&log);
	assert_int_equal(parse(&log, HDR "9,3,2024-03-01T00:00:00Z,1\n", NULL),
			 TU_OK);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tu_err_clear(&err);
		if (parse(&log, cases[i].text, &err) != cases[i].code ||
		    !strstr(err.msg, cases[i].where))
			fail_msg("case %zu: got %d '%s'", i, err.code, err.msg);
		/* the earlier log is untouched */
		assert_int_equal(log.n, 1);
		assert_true(log.rows[0].card_id == 9);
	}
	tu_revlog_release(&log);
}

static void test_limits(void **state)
{
	struct tu_revlog log;
	struct tu_err err = TU_ERR_INIT;
	static char text[1024];
	size_t n = strlen(HDR) + TU_REVLOG_LINE_MAX + 10;
	static const char nul[] = HDR "1,3,2024-03-01T00:00:00Z,1\0\n";

	(void)state;
	tu_revlog_init(&log);
	strcpy(text, HDR);
	memset(text + strlen(HDR), '1', n - strlen(HDR));
	text[n] = '\0';
	assert_int_equal(parse(&log, text, &err), TU_ERANGE);
	assert_non_null(strstr(err.msg, "t.csv:2: line longer than 256"));
	assert_int_equal(tu_revlog_parse(&log, nul, sizeof(nul) - 1, "t.csv",
					 &err), TU_EPARSE);
	assert_non_null(strstr(err.msg, "t.csv:2: NUL"));
	assert_int_equal(tu_revlog_parse(&log, text,
					 (size_t)TU_REVLOG_MAX_BYTES + 1,
					 "t.csv", &err), TU_ERANGE);
	assert_int_equal(tu_revlog_read_file(&log, "/nonexistent/x.csv", &err),
			 TU_EIO);
	assert_non_null(strstr(err.msg, "/nonexistent/x.csv"));
	assert_int_equal(log.n, 0);
}

static void test_dataset_day_rules(void **state)
{
	struct tu_revlog log;
	struct tu_fsrs_dataset ds;
	size_t *o;
	/* card 5: 20:00 UTC, next day 08:00 (12 h later), +2 days 10:00 */
	const char *text = HDR
		"5,1,2024-03-01T20:00:00Z,1\n"
		"6,3,2024-03-01T21:00:00Z,1\n"
		"5,3,2024-03-02T08:00:00Z,1\n"
		"5,3,2024-03-04T10:00:00Z,1\n";

	(void)state;
	tu_revlog_init(&log);
	tu_fsrs_dataset_init(&ds);
	assert_int_equal(parse(&log, text, NULL), TU_OK);
	o = tu_revlog_time_order(&log);
	assert_int_equal(tu_fsrs_dataset_from_revlog(&ds, &log, o, log.n,
						     TU_DAYS_24H, 0, 0, NULL),
			 TU_OK);
	assert_int_equal(ds.n_cards, 2);
	assert_int_equal(ds.card_start[1], 3);  /* card 5 first: 3 reviews */
	/* 24 h rule: 12 h -> 0 days; 50 h -> 2 days */
	assert_int_equal(ds.steps[0].elapsed_days, -1);
	assert_int_equal(ds.steps[1].elapsed_days, 0);
	assert_int_equal(ds.steps[2].elapsed_days, 2);
	/* rollover 9 h: day(x) = floor((x - 9 h) / 24 h); 03-01 20:00 is
	 * day "03-01", 03-02 08:00 is still day "03-01" (before 09:00),
	 * 03-04 10:00 is day "03-04": 0 then 3 days */
	assert_int_equal(tu_fsrs_dataset_from_revlog(&ds, &log, o, log.n,
						     TU_DAYS_ROLLOVER,
						     9LL * 3600000, 2, NULL),
			 TU_OK);
	assert_int_equal(ds.steps[1].elapsed_days, 0);
	assert_int_equal(ds.n_steps, 3);  /* at most 2 per card */
	assert_int_equal(ds.steps[2].elapsed_days, -1);
	free(o);
	tu_fsrs_dataset_release(&ds);
	tu_revlog_release(&log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_values),
		cmocka_unit_test(test_time_order),
		cmocka_unit_test(test_error_classes),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_dataset_day_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
