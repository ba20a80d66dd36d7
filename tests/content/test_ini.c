/* test_ini.c - the course .ini parser (src/content/ini.c) on memory
 * buffers: sections, keys, lines, continuations, CRLF, BOM, and each
 * syntax error with its exact message. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/utf8.h"
#include "content_internal.h"

static enum tu_status parse(struct tu__ini *ini, const char *text,
			    struct tu_err *err)
{
	return tu__ini_parse(ini, text, strlen(text), "f.ini", err);
}

/* Parsing text fails with code and exactly msg, leaving ini empty. */
static void expect_fail(const char *text, enum tu_status code,
			const char *msg)
{
	struct tu__ini ini;
	struct tu_err err = TU_ERR_INIT;

	assert_int_equal(parse(&ini, text, &err), code);
	assert_string_equal(err.msg, msg);
	assert_int_equal(ini.n_sec, 0);
	assert_null(ini.sec);
}

static void sections_keys_lines(void **state)
{
	struct tu__ini ini;
	struct tu_err err = TU_ERR_INIT;
	const char *text = "# comment\n"
			   "[course]\n"
			   "id = x\n"
			   "\n"
			   "  ; indented comment\n"
			   "[topic a.b-c_d]\n"
			   "title=  T  \n"
			   "empty =\n"
			   "[wrong wrong/Int_32.c]\n"
			   "[ topic   z ]\n";

	(void)state;
	assert_int_equal(parse(&ini, text, &err), TU_OK);
	assert_int_equal(ini.n_sec, 4);
	assert_string_equal(ini.sec[0].kind, "course");
	assert_string_equal(ini.sec[0].id, "");
	assert_int_equal(ini.sec[0].line, 2);
	assert_int_equal(ini.sec[0].n_keys, 1);
	assert_string_equal(ini.sec[0].keys[0].key, "id");
	assert_string_equal(ini.sec[0].keys[0].value, "x");
	assert_int_equal(ini.sec[0].keys[0].line, 3);
	assert_string_equal(ini.sec[1].id, "a.b-c_d");
	assert_int_equal(ini.sec[1].line, 6);
	assert_string_equal(ini.sec[1].keys[0].value, "T");
	assert_int_equal(ini.sec[1].keys[0].len, 1);
	assert_string_equal(ini.sec[1].keys[1].value, "");
	assert_int_equal(ini.sec[1].keys[1].len, 0);
	assert_string_equal(ini.sec[2].kind, "wrong");
	assert_string_equal(ini.sec[2].id, "wrong/Int_32.c");
	assert_string_equal(ini.sec[3].kind, "topic");
	assert_string_equal(ini.sec[3].id, "z");
	assert_int_equal(ini.sec[3].n_keys, 0);
	tu__ini_release(&ini);
	assert_int_equal(ini.n_sec, 0);
}

static void continuations(void **state)
{
	struct tu__ini ini;
	struct tu_err err = TU_ERR_INIT;
	const char *text = "[s]\n"
			   "a = one\n"
			   "   two  \n"
			   "\tthree\n"
			   "    # not a comment here\n"
			   "b =\n"
			   "  later\n"
			   "c = x\n";

	(void)state;
	assert_int_equal(parse(&ini, text, &err), TU_OK);
	assert_int_equal(ini.sec[0].n_keys, 3);
	assert_string_equal(ini.sec[0].keys[0].value,
			    "one two three # not a comment here");
	assert_int_equal(ini.sec[0].keys[0].line, 2);
	assert_string_equal(ini.sec[0].keys[1].value, "later");
	assert_string_equal(ini.sec[0].keys[2].value, "x");
	assert_int_equal(ini.sec[0].keys[2].line, 8);
	tu__ini_release(&ini);
}

static void crlf_bom_no_final_newline(void **state)
{
	struct tu__ini ini;
	struct tu_err err = TU_ERR_INIT;
	const char *text = "\xef\xbb\xbf[s]\r\na = b\r\n  c\r\n\r\nd = \xc3\xa9t\xc3\xa9";

	(void)state;
	assert_int_equal(parse(&ini, text, &err), TU_OK);
	assert_int_equal(ini.n_sec, 1);
	assert_string_equal(ini.sec[0].keys[0].value, "b c");
	assert_string_equal(ini.sec[0].keys[1].value, "\xc3\xa9t\xc3\xa9");
	assert_int_equal(ini.sec[0].keys[1].line, 5);
	tu__ini_release(&ini);
}

static void empty_input(void **state)
{
	struct tu__ini ini;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	assert_int_equal(tu__ini_parse(&ini, "", 0, "f.ini", &err), TU_OK);
	assert_int_equal(ini.n_sec, 0);
	tu__ini_release(&ini);
}

static void syntax_errors(void **state)
{
	(void)state;
	expect_fail("a = b\n", TU_EPARSE, "f.ini:1: key 'a' outside a section");
	expect_fail("[s]\njust text\n", TU_EPARSE, "f.ini:2: expected 'key = "
		    "value', a [section] header or a comment");
	expect_fail("[s\n", TU_EPARSE,
		    "f.ini:1: section header without a closing ']'");
	expect_fail("[]\n", TU_EPARSE, "f.ini:1: bad section kind '' (expected "
		    "[a-z][a-z0-9_]*, at most 31 bytes)");
	expect_fail("[Topic x]\n", TU_EPARSE, "f.ini:1: bad section kind "
		    "'Topic' (expected [a-z][a-z0-9_]*, at most 31 bytes)");
	expect_fail("[topic X]\n", TU_EPARSE, "f.ini:1: bad section id 'X' in "
		    "[topic ...] (expected [a-z0-9][a-z0-9._-]*, at most 63 "
		    "bytes)");
	expect_fail("[topic a b]\n", TU_EPARSE, "f.ini:1: bad section id 'a b' "
		    "in [topic ...] (expected [a-z0-9][a-z0-9._-]*, at most 63 "
		    "bytes)");
	expect_fail("[topic -a]\n", TU_EPARSE, "f.ini:1: bad section id '-a' in "
		    "[topic ...] (expected [a-z0-9][a-z0-9._-]*, at most 63 "
		    "bytes)");
	expect_fail("[wrong ../x.py]\n", TU_EPARSE, "f.ini:1: bad section id "
		    "'../x.py' in [wrong ...] (expected a file name "
		    "[A-Za-z0-9_][A-Za-z0-9._-]*, at most 63 bytes)");
	expect_fail("[s]\nKey = v\n", TU_EPARSE, "f.ini:2: bad key 'Key' "
		    "(expected [a-z0-9_.]+, at most 63 bytes)");
	expect_fail("[s]\n= v\n", TU_EPARSE, "f.ini:2: bad key '' (expected "
		    "[a-z0-9_.]+, at most 63 bytes)");
	expect_fail("[s]\n\n  x\n", TU_EPARSE, "f.ini:3: indented line outside "
		    "a value (a continuation line must follow a key)");
	expect_fail("[s]\n  x\n", TU_EPARSE, "f.ini:2: indented line outside "
		    "a value (a continuation line must follow a key)");
}

static void duplicates(void **state)
{
	(void)state;
	expect_fail("[s]\na = 1\nb = 2\na = 3\n", TU_EPARSE,
		    "f.ini:4: duplicate key 'a' (first at line 2)");
	expect_fail("[t x]\n[t y]\n[u]\n[t x]\n[u]\n", TU_EPARSE,
		    "f.ini:4: duplicate section [t x] (first at line 1)");
	expect_fail("[t x]\n[u]\n[u]\n[t x]\n", TU_EPARSE,
		    "f.ini:3: duplicate section [u] (first at line 2)");
}

static void bad_bytes(void **state)
{
	static const char nul[] = "[s]\na = b\0c\n";
	struct tu__ini ini;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	expect_fail("[s]\na = \xff\n", TU_EPARSE,
		    "f.ini:2: invalid UTF-8 at column 5");
	expect_fail("[s]\na = \xc0\x80\n", TU_EPARSE,   /* overlong NUL */
		    "f.ini:2: invalid UTF-8 at column 5");
	expect_fail("[s]\na = \xed\xa0\x80\n", TU_EPARSE, /* surrogate */
		    "f.ini:2: invalid UTF-8 at column 5");
	expect_fail("[s]\na = \xf4\x90\x80\x80\n", TU_EPARSE, /* > U+10FFFF */
		    "f.ini:2: invalid UTF-8 at column 5");
	expect_fail("[s]\na = \xe2\x82\n", TU_EPARSE,   /* truncated */
		    "f.ini:2: invalid UTF-8 at column 5");
	expect_fail("[s]\na = b\rc\n", TU_EPARSE,
		    "f.ini:2: control character 0x0d at column 6");
	assert_int_equal(tu__ini_parse(&ini, nul, sizeof(nul) - 1, "f.ini",
				       &err), TU_EPARSE);
	assert_string_equal(err.msg,
			    "f.ini:2: control character 0x00 at column 6");
}

static void limits(void **state)
{
	size_t n = TU_CONTENT_FILE_MAX + 1;
	char *buf = malloc(n + 1);
	struct tu__ini ini;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	assert_non_null(buf);
	memset(buf, '#', n);
	assert_int_equal(tu__ini_parse(&ini, buf, n, "f.ini", &err),
			 TU_ERANGE);
	assert_string_equal(err.msg, "f.ini: file larger than 1048576 bytes");
	/* 4096 bytes plus CRLF is fine, 4097 is not */
	memcpy(buf + TU_CONTENT_LINE_MAX, "\r\n", 2);
	assert_int_equal(tu__ini_parse(&ini, buf, TU_CONTENT_LINE_MAX + 2,
				       "f.ini", &err), TU_OK);
	tu__ini_release(&ini);
	buf[TU_CONTENT_LINE_MAX] = '#';
	assert_int_equal(tu__ini_parse(&ini, buf, TU_CONTENT_LINE_MAX + 1,
				       "f.ini", &err), TU_ERANGE);
	assert_string_equal(err.msg, "f.ini:1: line longer than 4096 bytes");
	free(buf);
}

static void too_many_keys(void **state)
{
	char *buf = malloc(300 * 16 + 8);
	size_t len = 0;
	struct tu__ini ini;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	assert_non_null(buf);
	len += (size_t)sprintf(buf, "[s]\n");
	for (int i = 0; i < 257; i++)
		len += (size_t)sprintf(buf + len, "k%d = v\n", i);
	assert_int_equal(tu__ini_parse(&ini, buf, len, "f.ini", &err),
			 TU_ERANGE);
	assert_string_equal(err.msg, "f.ini:258: more than 256 keys in one "
			    "section");
	free(buf);
}

static void utf8_helper(void **state)
{
	size_t bad = 99;

	(void)state;
	assert_true(tu_utf8_valid("a\xc3\xa9\xf0\x9f\x98\x80", 7, &bad));
	assert_false(tu_utf8_valid("ab\0c", 4, &bad));
	assert_int_equal(bad, 2);
	assert_false(tu_utf8_valid("abc\xe0\x80\x80", 6, &bad));
	assert_int_equal(bad, 3);
	assert_true(tu__ini_is_id("a", 1));
	assert_true(tu__ini_is_id("0-a.b_c", 7));
	assert_false(tu__ini_is_id("_a", 2));
	assert_false(tu__ini_is_id("", 0));
	assert_false(tu__ini_is_id("aB", 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sections_keys_lines),
		cmocka_unit_test(continuations),
		cmocka_unit_test(crlf_bom_no_final_newline),
		cmocka_unit_test(empty_input),
		cmocka_unit_test(syntax_errors),
		cmocka_unit_test(duplicates),
		cmocka_unit_test(bad_bytes),
		cmocka_unit_test(limits),
		cmocka_unit_test(too_many_keys),
		cmocka_unit_test(utf8_helper),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
