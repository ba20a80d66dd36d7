/* test_exercism.c - the Exercism importer (tutor/exercism.h): the name
 * rules, type inference, big integers, exception classes, the case
 * support decisions (reimplements, keys, error cases), the public/hidden
 * split, the topic contraction with its cap and cycle breaking, malformed
 * inputs reported with file and JSON path, the output directory rules,
 * and a full import of the synthetic fixture (argv[1]: its directory,
 * with track/ and specs/) that must load with tu_course_load. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "tutor/content.h"
#include "tutor/exercism.h"
#include "exercism_internal.h"

static char fixture[PATH_MAX];   /* .../fixtures/exercism */

/* ---- helpers ---- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void spit(const char *path, const char *data)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, strlen(data), f), strlen(data));
	assert_int_equal(fclose(f), 0);
}

static void copy_tree(const char *src, const char *dst)
{
	DIR *d = opendir(src);
	struct dirent *e;

	assert_non_null(d);
	assert_int_equal(mkdir(dst, 0755), 0);
	while ((e = readdir(d)) != NULL) {
		char s[PATH_MAX + 300], t[PATH_MAX + 300];
		struct stat sb;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(s, sizeof(s), "%s/%s", src, e->d_name);
		snprintf(t, sizeof(t), "%s/%s", dst, e->d_name);
		assert_int_equal(lstat(s, &sb), 0);
		if (S_ISDIR(sb.st_mode)) {
			copy_tree(s, t);
		} else {
			char *buf = slurp(s);

			spit(t, buf);
			free(buf);
		}
	}
	closedir(d);
}

static int rm_cb(const char *p, const struct stat *sb, int flag,
		 struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	return flag == FTW_DP ? rmdir(p) : unlink(p);
}

/* A temp dir holding a copy of the fixture: <tmp>/track, <tmp>/specs. */
static void make_tmp(char *tmp, size_t cap, bool with_copy)
{
	char s[PATH_MAX + 64], d[PATH_MAX + 64];
	const char *base = getenv("TMPDIR");

	snprintf(tmp, cap, "%s/tutor-exercism-XXXXXX", base ? base : "/tmp");
	assert_non_null(mkdtemp(tmp));
	if (!with_copy)
		return;
	snprintf(s, sizeof(s), "%s/track", fixture);
	snprintf(d, sizeof(d), "%s/track", tmp);
	copy_tree(s, d);
	snprintf(s, sizeof(s), "%s/specs", fixture);
	snprintf(d, sizeof(d), "%s/specs", tmp);
	copy_tree(s, d);
}

static void rm_tmp(const char *tmp)
{
	assert_int_equal(nftw(tmp, rm_cb, 16, FTW_DEPTH | FTW_PHYS), 0);
}

/* Number of entries of dir (not "." or ".."). */
static size_t n_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

/* Replaces the first occurrence of from with to in file path. */
static void patch(const char *path, const char *from, const char *to)
{
	char *buf = slurp(path), *hit = strstr(buf, from), *out;
	size_t n;

	assert_non_null(hit);
	n = strlen(buf) - strlen(from) + strlen(to) + 1;
	out = malloc(n);
	assert_non_null(out);
	snprintf(out, n, "%.*s%s%s", (int)(hit - buf), buf, to,
		 hit + strlen(from));
	spit(path, out);
	free(out);
	free(buf);
}

/* Runs an import of root/{track,specs} into out. */
static enum tu_status run(const char *root, const char *out, bool force,
			  struct tu_exercism_counts *c, struct tu_err *err)
{
	char track[PATH_MAX + 64], specs[PATH_MAX + 64];
	struct tu_exercism_opts o = { 0 };

	snprintf(track, sizeof(track), "%s/track", root);
	snprintf(specs, sizeof(specs), "%s/specs", root);
	o.track = track;
	o.specs = specs;
	o.out = out;
	o.force = force;
	tu_err_clear(err);
	return tu_exercism_import(&o, c, err);
}

/* ---- names and text ---- */

static void check_snake(const char *in, const char *want)
{
	char out[TU_ID_MAX];

	assert_true(tu__ex_snake(in, out, sizeof(out)));
	assert_string_equal(out, want);
}

static void test_names(void **state)
{
	char out[TU_ID_MAX];

	(void)state;
	check_snake("startBucket", "start_bucket");
	check_snake("listOfNumbers", "list_of_numbers");
	check_snake("white_queen", "white_queen");
	check_snake("clock1", "clock1");
	check_snake("from", "from_");
	check_snake("lambda", "lambda_");
	check_snake("1st", "_1st");
	check_snake("a-b c", "a_b_c");
	check_snake("caf\xc3\xa9", "caf_");
	check_snake("X", "x");
	assert_false(tu__ex_snake("", out, sizeof(out)));
	assert_false(tu__ex_snake("abcdef", out, 4));
	assert_true(tu__ex_kebab("sameResultFromOperations", out, sizeof(out)));
	assert_string_equal(out, "same-result-from-operations");
	assert_true(tu__ex_kebab("in", out, sizeof(out)));
	assert_string_equal(out, "in");
	assert_true(tu__ex_is_slug("two-fer"));
	assert_true(tu__ex_is_slug("clock1"));
	assert_false(tu__ex_is_slug("Two-fer"));
	assert_false(tu__ex_is_slug("two--fer"));
	assert_false(tu__ex_is_slug("-a"));
	assert_false(tu__ex_is_slug("../x"));
	assert_false(tu__ex_is_slug(""));
}

static void test_one_line(void **state)
{
	struct tu__ex_buf b;

	(void)state;
	tu__ex_buf_init(&b, 100);
	tu__ex_one_line(&b, "  a\tb\n\r c  ", 12, 50);
	assert_string_equal(tu__ex_buf_str(&b), "a b c");
	tu__ex_buf_release(&b);
	/* cut on a UTF-8 boundary: "\xc3\xa9" must not be split */
	tu__ex_buf_init(&b, 100);
	tu__ex_one_line(&b, "a\xc3\xa9" "bcd", 6, 5);
	assert_string_equal(tu__ex_buf_str(&b), "a...");
	tu__ex_buf_release(&b);
	tu__ex_buf_init(&b, 100);
	tu__ex_one_line(&b, "\xc3\xa9\xc3\xa9xyz", 7, 6);
	assert_string_equal(tu__ex_buf_str(&b), "\xc3\xa9...");
	tu__ex_buf_release(&b);
	/* the buffer's own maximum is sticky */
	tu__ex_buf_init(&b, 4);
	tu__ex_buf_puts(&b, "abc");
	tu__ex_buf_puts(&b, "de");
	assert_true(b.failed);
	tu__ex_buf_release(&b);
}

static void test_error_classes(void **state)
{
	char first[TU_ID_MAX];

	(void)state;
	assert_int_equal(tu__ex_error_classes("raise a `ValueError` here",
					      first), 1);
	assert_string_equal(first, "ValueError");
	assert_int_equal(tu__ex_error_classes("ValueError, then ValueError",
					      first), 1);
	assert_int_equal(tu__ex_error_classes("ValueError or IndexError",
					      first), 2);
	assert_string_equal(first, "ValueError");
	assert_int_equal(tu__ex_error_classes("no class here", first), 0);
	assert_string_equal(first, "");
	assert_int_equal(tu__ex_error_classes("Error", first), 0);
	assert_int_equal(tu__ex_error_classes("myValueError Value2Error "
					      "ValueError_x ValueErrors",
					      first), 0);
	assert_int_equal(tu__ex_error_classes("(StackUnderflowError).",
					      first), 1);
	assert_string_equal(first, "StackUnderflowError");
}

static void test_first_item(void **state)
{
	struct tu__ex_buf b;

	(void)state;
	tu__ex_buf_init(&b, 1000);
	assert_true(tu__ex_first_item("# Hints\n\n## General\n\n"
				      "-  Use a [loop][loops] or\n"
				      "   [recursion](https://x.org).\n"
				      "- second\n", &b, 100));
	assert_string_equal(tu__ex_buf_str(&b), "Use a loop or recursion.");
	tu__ex_buf_release(&b);
	tu__ex_buf_init(&b, 1000);
	assert_false(tu__ex_first_item("# Hints\n\nNo list.\n", &b, 100));
	tu__ex_buf_release(&b);
}

/* ---- types ---- */

static struct tu__ex_type type_of_text(const char *text)
{
	json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
	struct tu__ex_type t;

	assert_non_null(v);
	t = tu__ex_type_of(v);
	json_decref(v);
	return t;
}

static void check_type(const char *json, const char *want)
{
	char name[96];

	tu__ex_type_name(type_of_text(json), name, sizeof(name));
	assert_string_equal(name, want);
}

static void check_join(const char *a, const char *b, const char *want)
{
	char name[96];

	tu__ex_type_name(tu__ex_type_join(type_of_text(a), type_of_text(b)),
			 name, sizeof(name));
	assert_string_equal(name, want);
	tu__ex_type_name(tu__ex_type_join(type_of_text(b), type_of_text(a)),
			 name, sizeof(name));
	assert_string_equal(name, want);
}

static void test_types(void **state)
{
	char name[96];

	(void)state;
	check_type("1", "int");
	check_type("1.0", "float");
	check_type("true", "bool");
	check_type("\"s\"", "str");
	check_type("null", "any");
	check_type("{\"a\": 1}", "any");
	check_type("[]", "list[any]");
	check_type("[1, 2]", "list[int]");
	check_type("[1, 2.5]", "list[float]");
	check_type("[1, \"a\"]", "list[any]");
	check_type("[[1], []]", "list[list[int]]");
	check_type("[[], [[true]]]", "list[list[list[bool]]]");
	check_type("[[1], 2]", "list[any]");
	check_type("[[[[[[[[1]]]]]]]]", "list[list[list[list[list[list[list["
		   "list[int]]]]]]]]");
	check_type("[[[[[[[[[1]]]]]]]]]", "any");  /* 9 deep */
	check_join("1", "2.5", "float");
	check_join("1", "\"a\"", "any");
	check_join("true", "1", "any");
	check_join("[]", "[[1]]", "list[list[int]]");
	check_join("[[]]", "[1]", "list[any]");
	check_join("[1]", "[\"a\"]", "list[any]");
	check_join("[1]", "[2.5]", "list[float]");
	check_join("null", "[1]", "any");
	tu__ex_type_name(TU__EX_NOTHING, name, sizeof(name));
	assert_string_equal(name, "any");
}

static void test_bigints(void **state)
{
	const char *text = "{\"a\": 9223372036854775807, \"b\": "
		"9223372036854775808, \"c\": -9223372036854775808, \"d\": "
		"-9223372036854775809, \"e\": \"18446744073709551616\", "
		"\"f\": 1e30, \"g\": [123456789012345678901234]}";
	char *out = NULL;
	size_t len = 0;
	json_t *v;

	(void)state;
	assert_true(tu__ex_mark_bigints(text, strlen(text), &out, &len));
	assert_non_null(out);
	v = json_loadb(out, len, 0, NULL);
	assert_non_null(v);
	assert_false(tu__ex_has_bigint(json_object_get(v, "a")));
	assert_true(tu__ex_has_bigint(json_object_get(v, "b")));
	assert_false(tu__ex_has_bigint(json_object_get(v, "c")));
	assert_true(tu__ex_has_bigint(json_object_get(v, "d")));
	assert_string_equal(json_string_value(json_object_get(v, "e")),
			    "18446744073709551616");
	assert_true(json_is_real(json_object_get(v, "f")));
	assert_true(tu__ex_has_bigint(json_object_get(v, "g")));
	assert_true(tu__ex_has_bigint(v));
	json_decref(v);
	free(out);
	assert_true(tu__ex_mark_bigints("[1, 2]", 6, &out, &len));
	assert_null(out);  /* nothing to change */
}

/* ---- cases ---- */

#define UUID(n) "\"00000000-0000-4000-8000-0000000000" #n "\""

static const char analyse_json[] =
	"{\"exercise\": \"demo\", \"cases\": ["
	"{\"description\": \"group one\", \"cases\": ["
	" {\"uuid\": " UUID(01) ", \"description\": \"first\", \"property\":"
	"  \"doThing\", \"input\": {\"startValue\": 1, \"from\": \"a\"},"
	"  \"expected\": 2},"
	" {\"uuid\": " UUID(02) ", \"description\": \"first\", \"property\":"
	"  \"doThing\", \"input\": {\"from\": \"b\", \"startValue\": 2.5},"
	"  \"expected\": [1]}]},"
	"{\"uuid\": " UUID(03) ", \"description\": \"old\", \"property\":"
	" \"doThing\", \"input\": {\"startValue\": 3, \"from\": \"c\"},"
	" \"expected\": 3},"
	"{\"uuid\": " UUID(04) ", \"description\": \"new\", \"property\":"
	" \"doThing\", \"input\": {\"startValue\": 3, \"from\": \"c\"},"
	" \"expected\": 4, \"reimplements\": " UUID(03) "},"
	"{\"uuid\": " UUID(05) ", \"description\": \"fewer keys\","
	" \"property\": \"doThing\", \"input\": {\"startValue\": 3},"
	" \"expected\": 4},"
	"{\"uuid\": " UUID(06) ", \"description\": \"bad\", \"property\":"
	" \"doThing\", \"input\": {\"startValue\": -1, \"from\": \"\"},"
	" \"expected\": {\"error\": \"negative\"}},"
	"{\"uuid\": " UUID(07) ", \"description\": \"only one\", \"property\":"
	" \"other\", \"input\": {}, \"expected\": {\"error\": \"no\"}},"
	"{\"uuid\": " UUID(08) ", \"description\": \"a dict\", \"property\":"
	" \"doThing\", \"input\": {\"startValue\": 0, \"from\": \"d\"},"
	" \"expected\": {\"error\": \"x\", \"more\": 1}}"
	"]}";

static void analyse(struct tu__ex_exercise *e, const char *cls)
{
	struct tu_err err = TU_ERR_INIT;
	json_t *root = json_loads(analyse_json, JSON_REJECT_DUPLICATES, NULL);

	assert_non_null(root);
	assert_int_equal(tu__ex_exercise_analyse(e, "demo", root, cls,
						 "demo.json", &err), TU_OK);
}

static void test_cases(void **state)
{
	struct tu__ex_exercise e;
	const struct tu__ex_problem *p;
	char name[96];

	(void)state;
	analyse(&e, "ValueError");
	assert_int_equal(e.n_cases, 8);
	assert_int_equal(e.n_properties, 2);
	assert_int_equal(e.n_problems, 1);
	p = &e.problems[0];
	assert_string_equal(p->id, "demo--do-thing");
	assert_string_equal(p->func, "do_thing");
	assert_int_equal(p->n_params, 2);
	assert_string_equal(p->params[0], "start_value");
	assert_string_equal(p->params[1], "from_");
	assert_string_equal(p->keys[1], "from");
	tu__ex_type_name(p->ptype[0], name, sizeof(name));
	assert_string_equal(name, "float");
	tu__ex_type_name(p->ret, name, sizeof(name));
	assert_string_equal(name, "any");   /* 2, [1], 4 and a dict */
	assert_true(p->has_error);
	/* supported: 01, 02, 04, 06, 08 */
	assert_int_equal(p->n_cases, 5);
	assert_int_equal(p->n_public, 1);
	assert_string_equal(e.cases[0].name, "first");
	assert_string_equal(e.cases[1].name, "first (2)");
	assert_string_equal(e.cases[0].group, "group one");
	assert_string_equal(e.cases[2].why, "superseded by "
			    "00000000-0000-4000-8000-000000000004");
	assert_null(e.cases[3].why);
	assert_string_equal(e.cases[4].why, "input keys differ");
	assert_null(e.cases[5].why);
	assert_true(e.cases[5].error);
	assert_string_equal(e.cases[6].why, "fewer than 2 cases");
	assert_false(e.cases[7].error);   /* {"error", "more"} is a value */
	assert_null(e.cases[7].why);
	tu__ex_exercise_release(&e);

	/* without a stated class, error cases are unsupported */
	analyse(&e, "");
	assert_string_equal(e.cases[5].why,
			    "error case: exception class not stated");
	assert_string_equal(e.cases[6].why,
			    "error case: exception class not stated");
	assert_int_equal(e.problems[0].n_cases, 4);
	assert_false(e.problems[0].has_error);
	tu__ex_exercise_release(&e);
}

static void check_bad_canonical(const char *json, const char *want)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu__ex_exercise e;
	json_t *root = json_loads(json, 0, NULL);

	assert_non_null(root);
	assert_int_not_equal(tu__ex_exercise_analyse(&e, "x", root, "",
						     "x/canonical-data.json",
						     &err), TU_OK);
	assert_string_equal(err.msg, want);
	assert_null(e.root);
}

static void test_cases_malformed(void **state)
{
	(void)state;
	check_bad_canonical("[]", "x/canonical-data.json: $: expected an "
			    "object, got an array");
	check_bad_canonical("{\"cases\": 3}", "x/canonical-data.json: $.cases:"
			    " expected an array, got an integer");
	check_bad_canonical("{\"cases\": [{\"description\": \"g\", \"cases\":"
			    " [{\"uuid\": \"u\", \"description\": \"d\", "
			    "\"property\": \"p\", \"input\": 5, \"expected\": "
			    "1}]}]}", "x/canonical-data.json: $.cases[0]."
			    "cases[0].input: expected an object, got an "
			    "integer");
	check_bad_canonical("{\"cases\": [{\"uuid\": 1}]}",
			    "x/canonical-data.json: $.cases[0].uuid: expected "
			    "a string, got an integer");
	check_bad_canonical("{\"cases\": [{\"uuid\": \"u\", \"description\": "
			    "\"d\", \"property\": \"is_ok\", \"input\": {}, "
			    "\"expected\": 1}]}", "x/canonical-data.json: "
			    "$.cases[0].property: 'is_ok' is not "
			    "lowerCamelCase letters");
	check_bad_canonical("{\"cases\": [{\"uuid\": \"u\", \"description\": "
			    "\"d\", \"property\": \"p\", \"input\": {}}]}",
			    "x/canonical-data.json: $.cases[0].expected: "
			    "missing");
}

static void test_public_split(void **state)
{
	(void)state;
	assert_int_equal(tu__ex_n_public(2), 1);
	assert_int_equal(tu__ex_n_public(3), 1);
	assert_int_equal(tu__ex_n_public(5), 1);
	assert_int_equal(tu__ex_n_public(6), 2);
	assert_int_equal(tu__ex_n_public(8), 2);
	assert_int_equal(tu__ex_n_public(9), 3);
	assert_int_equal(tu__ex_n_public(1000), 3);
}

/* ---- topics ---- */

/*
 * Concepts a..k, m, x, y (index order = slug order): a requires b..j
 * and m; m (never a main topic, so dropped) requires k, so a ends with
 * b..k, ten requires, capped at b..i.  x and y require each other: the
 * DFS from x drops y -> x.  Exercises: one per kept concept, one with
 * nothing (general), one practising x then y, one y then x.
 */
static void test_topics(void **state)
{
	static const char *const slugs[] = { "a", "b", "c", "d", "e", "f",
		"g", "h", "i", "j", "k", "m", "x", "y" };
	uint32_t pre_a[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 11 };
	uint32_t pre_m[] = { 10 }, pre_x[] = { 13 }, pre_y[] = { 12 };
	struct tu__ex_concept concepts[14];
	struct tu__ex_practice practice[16];
	struct tu__ex_track t;
	struct tu__ex_graph g;
	struct tu__ex_notes notes = { 0 };
	struct tu_err err = TU_ERR_INIT;
	bool used[16];
	size_t top[TU_ITEM_TOPICS_MAX], n, np = 0;

	(void)state;
	memset(concepts, 0, sizeof(concepts));
	memset(practice, 0, sizeof(practice));
	for (size_t i = 0; i < 14; i++)
		snprintf(concepts[i].slug, TU_ID_MAX, "%s", slugs[i]);
	concepts[0].prereq = (struct tu__ex_ids){ pre_a, 10 };
	concepts[11].prereq = (struct tu__ex_ids){ pre_m, 1 };
	concepts[12].prereq = (struct tu__ex_ids){ pre_x, 1 };
	concepts[13].prereq = (struct tu__ex_ids){ pre_y, 1 };
	for (uint32_t c = 0; c < 14; c++) {
		if (c == 11)
			continue;
		practice[np].practices[0] = c;
		practice[np++].n_practices = 1;
	}
	np++;                                    /* general */
	practice[np].practices[0] = 12;          /* x, then y */
	practice[np].practices[1] = 13;
	practice[np++].n_practices = 2;
	practice[np].practices[0] = 13;          /* y, then x */
	practice[np].practices[1] = 12;
	practice[np++].n_practices = 2;
	memset(&t, 0, sizeof(t));
	t.concepts = concepts;
	t.n_concepts = 14;
	t.practice = practice;
	t.n_practice = np;
	for (size_t i = 0; i < np; i++)
		used[i] = true;

	assert_int_equal(tu__ex_topics_build(&t, used, &g, &notes, &err),
			 TU_OK);
	assert_int_equal(g.n, 14);             /* 13 concepts + general */
	assert_string_equal(g.t[0].id, "a");
	assert_string_equal(g.t[7].id, "general");   /* g < general < h */
	assert_int_equal(g.t[0].n_req, 8);
	for (size_t i = 0; i < 8; i++)
		assert_string_equal(g.t[g.t[0].req[i]].id, slugs[i + 1]);
	assert_int_equal(g.t[12].n_req, 1);    /* x requires y */
	assert_string_equal(g.t[g.t[12].req[0]].id, "y");
	assert_int_equal(g.t[13].n_req, 0);    /* y -> x dropped */
	assert_int_equal(notes.n, 3);
	assert_string_equal(notes.v[0].what, "`a` requires `j`");
	assert_string_equal(notes.v[0].why, "more than 8 requires");
	assert_string_equal(notes.v[1].what, "`a` requires `k`");
	assert_string_equal(notes.v[2].what, "`y` requires `x`");
	assert_string_equal(notes.v[2].why, "cycle");

	n = tu__ex_problem_topics(&t, &g, 13, top);   /* nothing: general */
	assert_int_equal(n, 1);
	assert_string_equal(g.t[top[0]].id, "general");
	n = tu__ex_problem_topics(&t, &g, 14, top);   /* x, y */
	assert_int_equal(n, 2);
	assert_string_equal(g.t[top[0]].id, "x");
	assert_string_equal(g.t[top[1]].id, "y");
	n = tu__ex_problem_topics(&t, &g, 15, top);   /* y; x is no ancestor */
	assert_int_equal(n, 1);
	assert_string_equal(g.t[top[0]].id, "y");

	/* only "a" used: b..j, m and k all dropped, nothing left to require */
	tu__ex_graph_release(&g);
	tu__ex_notes_release(&notes);
	memset(used, 0, sizeof(used));
	used[0] = true;
	assert_int_equal(tu__ex_topics_build(&t, used, &g, &notes, &err),
			 TU_OK);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.t[0].n_req, 0);
	assert_int_equal(notes.n, 0);
	tu__ex_graph_release(&g);
	tu__ex_notes_release(&notes);
}

/* ---- whole imports ---- */

static void test_full_import(void **state)
{
	char tmp[PATH_MAX], out[PATH_MAX + 16], path[PATH_MAX + 64];
	struct tu_exercism_counts c;
	struct tu_err err = TU_ERR_INIT;
	struct tu_course course;
	const struct tu_course_problem *p;
	char *text;

	(void)state;
	make_tmp(tmp, sizeof(tmp), false);
	snprintf(out, sizeof(out), "%s/course", tmp);
	assert_int_equal(run(fixture, out, false, &c, &err), TU_OK);
	/* the same numbers as the reference count of the fixture */
	assert_int_equal(c.exercises, 8);
	assert_int_equal(c.deprecated, 1);
	assert_int_equal(c.with_canonical, 6);
	assert_int_equal(c.imported_exercises, 6);
	assert_int_equal(c.problems, 6);
	assert_int_equal(c.source_cases, 25);
	assert_int_equal(c.imported_cases, 18);
	assert_int_equal(c.unsupported_cases, 7);
	assert_int_equal(c.unsupported_exercises, 1);
	assert_int_equal(c.topics, 6);
	assert_int_equal(c.dropped_edges, 2);
	assert_int_equal(n_entries(tmp), 1);   /* no temporary dir left */

	tu_course_init(&course);
	assert_int_equal(tu_course_load(out, &course, &err), TU_OK);
	assert_string_equal(course.id, "exercism-python");
	assert_string_equal(course.version, "2");
	assert_true(course.solutions_optional);
	assert_int_equal(course.n_problems, 6);
	assert_int_equal(course.n_topics, 6);
	assert_int_equal(course.n_actions, 6);
	p = tu_course_problem_find(&course, "sum-list");
	assert_non_null(p);
	assert_string_equal(tu_difficulty_name(p->difficulty), "medium");
	assert_true(p->expected_min == 20.0);
	assert_int_equal(p->n_topics, 3);
	assert_string_equal(p->topics[0], "loops");
	assert_int_equal(p->n_public_tests, 1);
	assert_int_equal(p->n_hidden_tests, 4);
	assert_string_equal(p->hints[2].text, "Keep a running total and add "
			    "each element to it. Start the total at zero.");
	for (size_t i = 0; i < 5; i++)
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(p->hints[i].text,
						p->hints[j].text);
	assert_non_null(strstr(p->statement, "raises `ValueError`"));
	assert_non_null(tu_course_problem_find(&course, "shout--shout"));
	assert_null(tu_course_problem_find(&course, "shout--whisper"));
	assert_string_equal(tu_course_problem_find(&course, "big")->topics[0],
			    "lists");
	tu_course_release(&course);

	snprintf(path, sizeof(path), "%s/problems/sum-list/problem.json", out);
	text = slurp(path);
	assert_non_null(strstr(text, "\"expected_error\": \"ValueError\""));
	assert_non_null(strstr(text, "\"name\": \"list_of_numbers\""));
	free(text);
	snprintf(path, sizeof(path), "%s/problems/shout--shout/starter.py",
		 out);
	text = slurp(path);
	assert_string_equal(text, "def shout(text, from_):\n    pass\n");
	free(text);
	snprintf(path, sizeof(path), "%s/IMPORT-REPORT.md", out);
	text = slurp(path);
	assert_non_null(strstr(text, "unsupported cases: 7\n"));
	assert_non_null(strstr(text, "- `no-data`: no canonical-data.json"));
	assert_non_null(strstr(text, "- `beta` requires `alpha`: cycle"));
	assert_non_null(strstr(text, "\"one past it\": integer outside the "
			       "64-bit range"));
	free(text);
	snprintf(path, sizeof(path), "%s/LICENSE", out);
	assert_int_equal(access(path, R_OK), 0);
	rm_tmp(tmp);
}

static void test_out_rules(void **state)
{
	char tmp[PATH_MAX], out[PATH_MAX + 16], path[PATH_MAX + 64];
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	make_tmp(tmp, sizeof(tmp), true);
	snprintf(out, sizeof(out), "%s/course", tmp);
	assert_int_equal(mkdir(out, 0755), 0);          /* empty: fine */
	assert_int_equal(run(tmp, out, false, NULL, &err), TU_OK);
	assert_int_equal(run(tmp, out, false, NULL, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "not empty (--force replaces a "
			       "previous import)"));
	assert_int_equal(run(tmp, out, true, NULL, &err), TU_OK);
	assert_int_equal(n_entries(tmp), 3);   /* track, specs, course */

	snprintf(path, sizeof(path), "%s/other", tmp);   /* not an import */
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/other/notes.txt", tmp);
	spit(path, "mine\n");
	snprintf(path, sizeof(path), "%s/other", tmp);
	assert_int_equal(run(tmp, path, true, NULL, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "not a previous import"));
	snprintf(path, sizeof(path), "%s/other/notes.txt", tmp);
	assert_int_equal(run(tmp, path, false, NULL, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "not a directory"));
	snprintf(path, sizeof(path), "%s/track/course", tmp);
	assert_int_equal(run(tmp, path, false, NULL, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "overlaps an input directory"));
	assert_int_equal(run(tmp, tmp, true, NULL, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "overlaps an input directory"));
	snprintf(path, sizeof(path), "%s/no/such/course", tmp);
	assert_int_equal(run(tmp, path, false, NULL, &err), TU_EINVAL);
	rm_tmp(tmp);
}

/* Patches one file of a fixture copy, imports, expects the message
 * (after the temp dir prefix) and no output at all. */
static void check_broken(const char *rel, const char *from, const char *to,
			 enum tu_status want, const char *msg)
{
	char tmp[PATH_MAX], out[PATH_MAX + 16], path[PATH_MAX + 64];
	struct tu_err err = TU_ERR_INIT;

	make_tmp(tmp, sizeof(tmp), true);
	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	patch(path, from, to);
	snprintf(out, sizeof(out), "%s/course", tmp);
	assert_int_equal(run(tmp, out, false, NULL, &err), want);
	assert_true(strncmp(err.msg, tmp, strlen(tmp)) == 0);
	assert_string_equal(err.msg + strlen(tmp), msg);
	assert_int_equal(n_entries(tmp), 2);   /* track and specs only */
	rm_tmp(tmp);
}

static void test_malformed_inputs(void **state)
{
	(void)state;
	check_broken("specs/exercises/sum-list/canonical-data.json",
		     "\"exercise\": \"sum-list\",",
		     "\"exercise\": \"sum-list\",,",
		     TU_EPARSE, "/specs/exercises/sum-list/canonical-data.json:"
		     "2:26: string or '}' expected near ','");
	check_broken("specs/exercises/sum-list/canonical-data.json",
		     "\"input\": {\n            \"listOfNumbers\": []\n"
		     "          }", "\"input\": 5", TU_EPARSE,
		     "/specs/exercises/sum-list/canonical-data.json: "
		     "$.cases[0].cases[0].input: expected an object, got an "
		     "integer");
	check_broken("track/config.json", "\"difficulty\": 4",
		     "\"difficulty\": 11", TU_ERANGE,
		     "/track/config.json: $.exercises.practice[1].difficulty: "
		     "must be an integer in [1, 10], got 11");
	check_broken("track/config.json", "\"slug\": \"lists\"",
		     "\"slug\": \"../lists\"", TU_EPARSE,
		     "/track/config.json: $.concepts[2].slug: '../lists' is "
		     "not a slug ([a-z0-9]+(-[a-z0-9]+)*)");
	check_broken("track/config.json", "\"language\": \"Python\"",
		     "\"language\": \"Ruby\"", TU_EINVAL,
		     "/track/config.json: $.language: only the Python track "
		     "is supported, got \"Ruby\"");
	check_broken("track/concepts/alpha/.meta/config.json", "\"blurb\": ",
		     "\"blurb\": 1, \"x\": ", TU_EPARSE,
		     "/track/concepts/alpha/.meta/config.json: $.blurb: "
		     "expected a string, got an integer");
}

static void test_symlink_refused(void **state)
{
	char tmp[PATH_MAX], out[PATH_MAX + 16], path[PATH_MAX + 64];
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	make_tmp(tmp, sizeof(tmp), true);
	snprintf(path, sizeof(path), "%s/secret.md", tmp);
	spit(path, "outside the track\n");
	snprintf(path, sizeof(path), "%s/track/concepts/loops/about.md", tmp);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink("../../../secret.md", path), 0);
	snprintf(out, sizeof(out), "%s/course", tmp);
	assert_int_equal(run(tmp, out, false, NULL, &err), TU_EIO);
	assert_non_null(strstr(err.msg, "/track/concepts/loops/about.md: "
			       "refused: resolves outside"));
	assert_int_equal(n_entries(tmp), 3);   /* track, specs, secret.md */
	rm_tmp(tmp);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_one_line),
		cmocka_unit_test(test_error_classes),
		cmocka_unit_test(test_first_item),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_bigints),
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_cases_malformed),
		cmocka_unit_test(test_public_split),
		cmocka_unit_test(test_topics),
		cmocka_unit_test(test_full_import),
		cmocka_unit_test(test_out_rules),
		cmocka_unit_test(test_malformed_inputs),
		cmocka_unit_test(test_symlink_refused),
	};

	if (argc < 2 || !realpath(argv[1], fixture)) {
		fprintf(stderr, "usage: test_exercism FIXTURE_DIR\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
