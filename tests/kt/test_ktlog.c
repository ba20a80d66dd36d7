/* test_ktlog.c - the strict TSV reader of tutor/ktlog.h. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/ktlog.h"

#define HDR "user_id\titem_id\ttimestamp\tcorrect\tskill_id\n"

static enum tu_status parse(struct tu_ktlog *log, const char *s,
			    struct tu_err *err)
{
	tu_ktlog_init(log);
	return tu_ktlog_parse(log, s, strlen(s), "t.tsv", err);
}

static void test_good_file(void **state)
{
	struct tu_ktlog log;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	assert_int_equal(parse(&log, HDR "0\t5\t0\t1\t2\n3\t1\t-7\t0\t0\n",
			       &err), TU_OK);
	assert_int_equal(log.n, 2);
	assert_int_equal(log.rows[0].user, 0);
	assert_int_equal(log.rows[0].item, 5);
	assert_int_equal(log.rows[0].skill, 2);
	assert_int_equal(log.rows[0].correct, 1);
	assert_int_equal(log.rows[1].user, 3);
	assert_true(log.rows[1].timestamp == -7);
	assert_int_equal(log.rows[1].correct, 0);
	assert_int_equal(log.n_users, 4);
	assert_int_equal(log.n_items, 6);
	assert_int_equal(log.n_skills, 3);
	tu_ktlog_release(&log);
	assert_int_equal(log.n, 0);
	assert_null(log.rows);
}

static void test_crlf_no_final_newline_bom_any_order(void **state)
{
	struct tu_ktlog log;
	struct tu_err err = TU_ERR_INIT;
	const char *s = "\xef\xbb\xbf" "skill_id\tcorrect\tuser_id\ttimestamp\titem_id\r\n"
			"4\t1\t9\t100\t8\r\n"
			"5\t0\t9\t101\t7";

	(void)state;
	assert_int_equal(parse(&log, s, &err), TU_OK);
	assert_int_equal(log.n, 2);
	assert_int_equal(log.rows[0].skill, 4);
	assert_int_equal(log.rows[0].user, 9);
	assert_int_equal(log.rows[0].item, 8);
	assert_true(log.rows[0].timestamp == 100);
	assert_int_equal(log.rows[1].skill, 5);
	assert_int_equal(log.rows[1].correct, 0);
	assert_int_equal(log.rows[1].item, 7);
	tu_ktlog_release(&log);
}

/* Parses s and checks the code and that the message contains want. */
static void expect_error(const char *s, enum tu_status code, const char *want)
{
	struct tu_ktlog log;
	struct tu_err err = TU_ERR_INIT;

	assert_int_equal(parse(&log, s, &err), code);
	assert_int_equal(err.code, code);
	if (!strstr(err.msg, want))
		fail_msg("message '%s' lacks '%s'", err.msg, want);
	assert_int_equal(log.n, 0);
	assert_null(log.rows);
}

static void test_bad_inputs(void **state)
{
	(void)state;
	expect_error(HDR "0\t1\t0\t1\n", TU_EPARSE,
		     "t.tsv:2: expected 5 tab-separated fields, got 4");
	expect_error(HDR "0\t1\t0\t1\t2\t3\n", TU_EPARSE, "t.tsv:2: expected 5");
	expect_error("user_id\titem_id\ttimestamp\tcorrect\tkc\n0\t1\t0\t1\t2\n",
		     TU_EPARSE, "t.tsv:1: header: unknown column 'kc'");
	expect_error("user_id\titem_id\ttimestamp\tcorrect\n0\t1\t0\t1\n",
		     TU_EPARSE, "t.tsv:1: header: missing column 'skill_id'");
	expect_error("user_id\tuser_id\ttimestamp\tcorrect\tskill_id\n",
		     TU_EPARSE, "t.tsv:1: header: column 'user_id' appears twice");
	expect_error(HDR "0\t1\t0\t1\t2\n0\t1\tNaN\t1\t2\n", TU_EPARSE,
		     "t.tsv:3: column 'timestamp': NaN is not an integer");
	expect_error(HDR "0\t1.5\t0\t1\t2\n", TU_EPARSE,
		     "t.tsv:2: column 'item_id': expected an integer, got '1.5'");
	expect_error(HDR "0\tx\t0\t1\t2\n", TU_EPARSE,
		     "t.tsv:2: column 'item_id': expected an integer");
	expect_error(HDR "0\t\t0\t1\t2\n", TU_EPARSE,
		     "t.tsv:2: column 'item_id': expected an integer, field is empty");
	expect_error(HDR "-1\t1\t0\t1\t2\n", TU_ERANGE,
		     "t.tsv:2: column 'user_id': ids must not be negative, got '-1'");
	expect_error(HDR "0\t1\t0\t1\t10000000\n", TU_ERANGE,
		     "t.tsv:2: column 'skill_id': id too large");
	expect_error(HDR "0\t1\t0\t2\t3\n", TU_ERANGE,
		     "t.tsv:2: column 'correct': expected 0 or 1, got '2'");
	expect_error(HDR "0\t1\t99999999999999999999\t1\t3\n", TU_ERANGE,
		     "t.tsv:2: column 'timestamp': integer out of range");
	expect_error("", TU_EDATA, "t.tsv:1: empty file");
	expect_error(HDR, TU_EDATA, "t.tsv:1: header only, no data rows");
	expect_error(HDR "0\t1\t0\t1\t2\n\n0\t1\t0\t1\t2\n", TU_EPARSE,
		     "t.tsv:3: empty line");
	expect_error(HDR "0\t1\t0\t1\t2\n\n", TU_EPARSE, "t.tsv:3: empty line");
}

static void test_overlong_line(void **state)
{
	size_t n = strlen(HDR) + TU_KTLOG_MAX_LINE + 64;
	char *s = malloc(n + 1);
	size_t k;

	(void)state;
	assert_non_null(s);
	strcpy(s, HDR "0\t1\t0\t1\t");
	k = strlen(s);
	/* 0000...02: a valid integer whose line is TU_KTLOG_MAX_LINE + 1 long */
	memset(s + k, '0', TU_KTLOG_MAX_LINE);
	k += TU_KTLOG_MAX_LINE - 8;
	s[k++] = '2';
	s[k++] = '\n';
	s[k] = '\0';
	expect_error(s, TU_ERANGE, "t.tsv:2: line is 4097 bytes long (limit 4096)");
	free(s);
}

static void test_append_and_nonempty_parse(void **state)
{
	struct tu_ktlog log;
	struct tu_err err = TU_ERR_INIT;
	struct tu_kt_row r = { 1, 2, 3, 1, 0 };

	(void)state;
	tu_ktlog_init(&log);
	assert_int_equal(tu_ktlog_append(&log, &r, &err), TU_OK);
	r.correct = 2;
	assert_int_equal(tu_ktlog_append(&log, &r, &err), TU_ERANGE);
	r.correct = 0;
	r.skill = TU_KTLOG_MAX_ID;
	assert_int_equal(tu_ktlog_append(&log, &r, &err), TU_ERANGE);
	assert_int_equal(log.n, 1);
	assert_int_equal(log.n_skills, 4);
	assert_int_equal(tu_ktlog_parse(&log, HDR "0\t1\t0\t1\t2\n",
					strlen(HDR) + 10, "x", &err), TU_EINVAL);
	tu_ktlog_release(&log);
}

static void test_read_file_errors(void **state)
{
	struct tu_ktlog log;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_ktlog_init(&log);
	assert_int_equal(tu_ktlog_read_file(&log, "/nonexistent/x.tsv", &err),
			 TU_EIO);
	assert_non_null(strstr(err.msg, "/nonexistent/x.tsv"));
	assert_int_equal(tu_ktlog_read_file(&log, "/", &err), TU_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_crlf_no_final_newline_bom_any_order),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_overlong_line),
		cmocka_unit_test(test_append_and_nonempty_parse),
		cmocka_unit_test(test_read_file_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
