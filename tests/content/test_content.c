/* test_content.c - the course loader (tutor/content.h) on the fixture
 * course tests/content/data/valid: every field of a valid load, the
 * content hash, CRLF input, and one broken variant per error (a temp copy
 * of the fixture with one file patched), each with its exact message.
 * argv[1] is the data directory. */
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

static char data_dir[PATH_MAX];   /* .../tests/content/data */

/* ---- file helpers ---- */

static char *slurp(const char *path, size_t *len)
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
	*len = (size_t)n;
	return buf;
}

static void spit(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void copy_tree(const char *src, const char *dst)
{
	DIR *d = opendir(src);
	struct dirent *e;

	assert_non_null(d);
	assert_int_equal(mkdir(dst, 0755), 0);
	while ((e = readdir(d)) != NULL) {
		char s[PATH_MAX], t[PATH_MAX];
		struct stat sb;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(s, sizeof(s), "%s/%s", src, e->d_name);
		snprintf(t, sizeof(t), "%s/%s", dst, e->d_name);
		assert_int_equal(lstat(s, &sb), 0);
		if (S_ISDIR(sb.st_mode)) {
			copy_tree(s, t);
		} else {
			size_t len;
			char *buf = slurp(s, &len);

			spit(t, buf, len);
			free(buf);
		}
	}
	closedir(d);
}

static int rm_one(const char *path, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* A fresh copy of the valid course per test, removed afterwards. */
struct fixture {
	char tmp[64];       /* mkdtemp dir */
	char dir[128];      /* tmp/course: the course dir as given */
	struct tu_course c;
	struct tu_err err;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char src[PATH_MAX + 16];

	assert_non_null(f);
	strcpy(f->tmp, "/tmp/tu_content_XXXXXX");
	assert_non_null(mkdtemp(f->tmp));
	snprintf(f->dir, sizeof(f->dir), "%s/course", f->tmp);
	snprintf(src, sizeof(src), "%s/valid", data_dir);
	copy_tree(src, f->dir);
	tu_course_init(&f->c);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	tu_course_release(&f->c);
	nftw(f->tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

static void path_of(const struct fixture *f, const char *rel, char *out)
{
	snprintf(out, PATH_MAX, "%s/%s", f->dir, rel);
}

/* Replaces the first occurrence of old in file rel by new (old must be
 * there); all occurrences when every. */
static void patch_n(const struct fixture *f, const char *rel, const char *old,
		    const char *new, bool every)
{
	char path[PATH_MAX];
	size_t len, lo = strlen(old), ln = strlen(new), n = 0;
	char *buf, *out, *p, *q;

	path_of(f, rel, path);
	buf = slurp(path, &len);
	out = malloc(len * (ln + 1) + 1);
	assert_non_null(out);
	p = buf;
	while ((q = strstr(p, old)) != NULL && (every || p == buf)) {
		memcpy(out + n, p, (size_t)(q - p));
		n += (size_t)(q - p);
		memcpy(out + n, new, ln);
		n += ln;
		p = q + lo;
		if (!every)
			break;
	}
	assert_true(p != buf || lo == 0);
	memcpy(out + n, p, len - (size_t)(p - buf));
	n += len - (size_t)(p - buf);
	spit(path, out, n);
	free(out);
	free(buf);
}

static void patch(const struct fixture *f, const char *rel, const char *old,
		  const char *new)
{
	patch_n(f, rel, old, new, false);
}

static void put(const struct fixture *f, const char *rel, const char *text)
{
	char path[PATH_MAX];

	path_of(f, rel, path);
	spit(path, text, strlen(text));
}

static void del(const struct fixture *f, const char *rel)
{
	char path[PATH_MAX];

	path_of(f, rel, path);
	assert_int_equal(unlink(path), 0);
}

/* Loads f->dir expecting code and the message "<dir>/<msg>". */
static void expect_error(struct fixture *f, enum tu_status code,
			 const char *msg)
{
	char want[TU_ERR_MSG_MAX];

	snprintf(want, sizeof(want), "%s/%s", f->dir, msg);
	assert_int_equal(tu_course_load(f->dir, &f->c, &f->err), code);
	assert_string_equal(f->err.msg, want);
	/* a failed load leaves the course empty */
	assert_null(f->c.topics);
	assert_null(f->c.problems);
	assert_null(f->c.actions);
	assert_int_equal(f->c.n_topics + f->c.n_problems + f->c.n_actions +
			 f->c.n_misconceptions, 0);
	assert_int_equal(f->c.graph.n_topics, 0);
	assert_int_equal(f->c.curriculum.n_items, 0);
	assert_string_equal(f->c.id, "");
}

static void load_ok(struct fixture *f)
{
	enum tu_status st = tu_course_load(f->dir, &f->c, &f->err);

	if (st != TU_OK)
		fail_msg("load failed: %s", f->err.msg);
}

/* ---- the valid course ---- */

static void check_course(const struct tu_course *c)
{
	assert_string_equal(c->id, "mini");
	assert_string_equal(c->title, "Mini course");
	assert_string_equal(c->version, "0.1");
	assert_string_equal(c->description, "Three topics, two problems.");
	assert_true(c->langs[TU_LANG_PYTHON] && c->langs[TU_LANG_C]);
	assert_int_equal(strlen(c->hash), TU_HASH_HEX_LEN);
	assert_int_equal(strspn(c->hash, "0123456789abcdef"), TU_HASH_HEX_LEN);
}

static void check_topics(const struct tu_course *c)
{
	assert_int_equal(c->n_topics, 3);
	assert_string_equal(c->topics[0].id, "arith");
	assert_string_equal(c->topics[1].id, "basics");
	assert_string_equal(c->topics[2].id, "loops");
	assert_string_equal(c->topics[0].title, "Arithmetic");
	assert_string_equal(c->topics[0].summary,
			    "Integer and float arithmetic.");
	assert_int_equal(c->topics[0].n_requires, 1);
	assert_string_equal(c->topics[0].requires[0], "basics");
	assert_int_equal(c->topics[0].line, 19);
	assert_int_equal(c->topics[1].line, 10);
	assert_int_equal(c->topics[1].n_requires, 0);
	assert_string_equal(c->topics[2].summary, "");
	assert_int_equal(c->topics[2].line, 14);
	assert_int_equal(c->graph.n_topics, 3);
	assert_int_equal(c->graph.n_edges, 2);
	assert_string_equal(c->graph.ids[0], "arith");
	assert_ptr_equal(tu_course_topic_find(c, "loops"), &c->topics[2]);
	assert_null(tu_course_topic_find(c, "loop"));
	assert_null(tu_course_topic_find(c, NULL));
}

static void check_misconceptions(const struct tu_course *c)
{
	const struct tu_course_misconception *m;

	assert_int_equal(c->n_misconceptions, 4);
	assert_string_equal(c->misconceptions[0].id, "int-overflow");
	assert_string_equal(c->misconceptions[1].id, "integer-division");
	assert_string_equal(c->misconceptions[2].id, "off-by-one");
	assert_string_equal(c->misconceptions[3].id, "wrong-operator");
	m = tu_course_misconception_find(c, "off-by-one");
	assert_ptr_equal(m, &c->misconceptions[2]);
	assert_string_equal(m->title, "Off-by-one boundaries");
	assert_string_equal(m->topic, "loops");
	assert_string_equal(m->remedy,
			    "Trace the first and last iteration by hand.");
	m = tu_course_misconception_find(c, "wrong-operator");
	assert_string_equal(m->topic, "");
	assert_string_equal(m->remedy, "");
	assert_null(tu_course_misconception_find(c, "zzz"));
}

static void check_add(const struct tu_course *c)
{
	const struct tu_course_problem *p = tu_course_problem_find(c, "add");
	char dir[TU_CONTENT_PATH_MAX + 32];

	assert_ptr_equal(p, &c->problems[0]);
	assert_string_equal(p->title, "Add two numbers");
	snprintf(dir, sizeof(dir), "%s/problems/add", c->root);
	assert_string_equal(p->dir, dir);
	assert_int_equal(p->difficulty, TU_DIFF_EASY);
	assert_int_equal(p->n_topics, 2);
	assert_string_equal(p->topics[0], "arith");
	assert_string_equal(p->topics[1], "basics");
	assert_true(p->langs[TU_LANG_PYTHON] && p->langs[TU_LANG_C]);
	assert_true(p->expected_min == 5.0);
	assert_true(strncmp(p->statement, "# Add two numbers\n", 18) == 0);
	assert_string_equal(p->starter[TU_LANG_PYTHON],
			    "def add(a, b):\n    # Return the sum of a and "
			    "b.\n    return 0\n");
	assert_null(p->starter[TU_LANG_C]);
	assert_non_null(p->solution[TU_LANG_C]);
	assert_string_equal(p->solution[TU_LANG_PYTHON],
			    "def add(a, b):\n    return a + b\n");
	assert_int_equal(p->n_misconceptions, 2);
	assert_string_equal(p->misconceptions[1], "wrong-operator");
	assert_int_equal(p->n_public_tests, 4);
	assert_int_equal(p->n_hidden_tests, 2);
	assert_string_equal(tu_problem_id(p->judge), "add");
	assert_int_equal(p->n_wrong, 2);
	assert_string_equal(p->wrong[0].file, "wrong/int32.c");
	assert_int_equal(p->wrong[0].lang, TU_LANG_C);
	assert_string_equal(p->wrong[0].misconception, "int-overflow");
	assert_string_equal(p->wrong[1].file, "wrong/subtract.py");
	assert_int_equal(p->wrong[1].lang, TU_LANG_PYTHON);
	assert_string_equal(p->wrong[1].misconception, "wrong-operator");
}

static void check_add_hints(const struct tu_course *c)
{
	const struct tu_hint_level_text *h = c->problems[0].hints;

	assert_string_equal(h[0].text,
			    "What does the function receive, and what must "
			    "it return?");
	assert_string_equal(h[4].text, "In C, keep long long all the way: do "
			    "not go through int.");
	assert_string_equal(h[1].band[TU_BAND_BEGINNER],
			    "Think of putting two piles of coins together.");
	assert_null(h[1].band[TU_BAND_INTERMEDIATE]);
	assert_null(h[1].band[TU_BAND_ADVANCED]);
	assert_string_equal(h[4].band[TU_BAND_ADVANCED],
			    "Which type holds 9000000000?");
	for (int i = 0; i < 5; i++)
		assert_non_null(h[i].text);
	assert_null(h[0].band[TU_BAND_BEGINNER]);
}

static void check_mean(const struct tu_course *c)
{
	const struct tu_course_problem *p = tu_course_problem_find(c, "mean");

	assert_ptr_equal(p, &c->problems[1]);
	assert_string_equal(p->title, "Mean of a list");
	assert_int_equal(p->difficulty, TU_DIFF_MEDIUM);
	assert_true(p->expected_min == 12.5);
	assert_true(p->langs[TU_LANG_PYTHON]);
	assert_false(p->langs[TU_LANG_C]);
	assert_non_null(p->solution[TU_LANG_PYTHON]);
	assert_null(p->solution[TU_LANG_C]);
	assert_null(p->starter[TU_LANG_PYTHON]);
	assert_int_equal(p->n_public_tests, 4);
	assert_int_equal(p->n_hidden_tests, 2);
	assert_int_equal(p->n_wrong, 1);
	assert_string_equal(p->wrong[0].file, "wrong/integer_division.py");
	assert_string_equal(p->hints[4].text, "Look at the division.");
	assert_null(tu_course_problem_find(c, "med"));
}

static void check_actions(const struct tu_course *c)
{
	const struct tu_course_action *a;

	assert_int_equal(c->n_actions, 2);
	assert_string_equal(c->actions[0].id, "explain-loops");
	a = tu_course_action_find(c, "practise-add");
	assert_ptr_equal(a, &c->actions[1]);
	assert_int_equal(a->kind, TU_ACTION_EXERCISE);
	assert_int_equal(a->bloom, TU_ABLOOM_APPLY);
	assert_string_equal(a->problem, "add");
	assert_true(a->minutes == 3.5);
	assert_string_equal(a->summary, "Write add(a, b).");
	assert_int_equal(a->n_keywords, 2);
	assert_string_equal(a->keywords[1], "plus");
	assert_string_equal(a->body, "# Practise\n\nWrite `add(a, b)`.\n");
	a = &c->actions[0];
	assert_int_equal(a->kind, TU_ACTION_EXPLANATION);
	assert_int_equal(a->bloom, TU_ABLOOM_UNDERSTAND);
	assert_string_equal(a->problem, "");
	assert_true(a->minutes == 5.0);
	assert_int_equal(a->n_keywords, 4);
	assert_string_equal(a->keywords[3], "loop variable");
	assert_int_equal(a->n_topics, 2);
	assert_string_equal(a->topics[0], "loops");
	assert_null(tu_course_action_find(c, "nope"));
}

static void check_curriculum(const struct tu_course *c)
{
	size_t i;

	assert_int_equal(c->curriculum.n_items, 2);
	assert_ptr_equal(c->curriculum.graph, &c->graph);
	assert_true(tu_curriculum_find(&c->curriculum, "mean", &i));
	assert_int_equal(c->curriculum.items[i].difficulty, TU_DIFF_MEDIUM);
	assert_true(c->curriculum.items[i].expected_min == 12.5);
	assert_int_equal(c->curriculum.items[i].n_topics, 1);
	assert_true(tu_curriculum_find(&c->curriculum, "add", &i));
	assert_int_equal(c->curriculum.items[i].n_topics, 2);
}

/* A topic whose problems all need a topic that is not among its
 * prerequisites could never be offered: refused with its line. */
static void topic_without_entry_problem(void **state)
{
	struct fixture *f = *state;

	patch(f, "problems/mean/meta.ini", "topics = basics",
	      "topics = basics, arith");
	expect_error(f, TU_EDATA, "course.ini:10: topic 'basics': no problem "
		     "practises it with only its prerequisites, so the curator "
		     "could never offer it");
}

static void valid_course_loads(void **state)
{
	struct fixture *f = *state;
	char root[PATH_MAX];

	load_ok(f);
	assert_non_null(realpath(f->dir, root));
	assert_string_equal(f->c.root, root);
	check_course(&f->c);
	check_topics(&f->c);
	check_misconceptions(&f->c);
	check_add(&f->c);
	check_add_hints(&f->c);
	check_mean(&f->c);
	check_actions(&f->c);
	check_curriculum(&f->c);
	tu_course_release(&f->c);
	assert_null(f->c.problems);
	assert_int_equal(f->c.n_problems, 0);
}

static void names(void **state)
{
	(void)state;
	assert_string_equal(tu_difficulty_name(TU_DIFF_EASY), "easy");
	assert_string_equal(tu_difficulty_name(TU_DIFF_HARD), "hard");
	assert_string_equal(tu_difficulty_name((enum tu_difficulty)3), "?");
	assert_string_equal(tu_action_kind_name(TU_ACTION_WORKED_EXAMPLE),
			    "worked_example");
	assert_string_equal(tu_action_kind_name((enum tu_action_kind)9), "?");
	assert_string_equal(tu_action_bloom_name(TU_ABLOOM_REMEMBER),
			    "remember");
	assert_string_equal(tu_action_bloom_name(TU_ABLOOM_CREATE), "create");
	assert_string_equal(tu_action_bloom_name((enum tu_action_bloom)6),
			    "?");
	assert_string_equal(tu_lang_name(TU_LANG_PYTHON), "python");
	assert_string_equal(tu_lang_name(TU_LANG_C), "c");
	assert_string_equal(tu_lang_name((enum tu_lang)2), "?");
}

/* ---- the content hash ---- */

static void hash_stable_and_sensitive(void **state)
{
	struct fixture *f = *state;
	struct tu_course orig;
	char h1[TU_HASH_HEX_LEN + 1], src[PATH_MAX + 16];

	load_ok(f);
	memcpy(h1, f->c.hash, sizeof(h1));
	tu_course_release(&f->c);
	load_ok(f);
	assert_string_equal(f->c.hash, h1);
	tu_course_release(&f->c);
	/* same relative paths and bytes elsewhere: same hash */
	tu_course_init(&orig);
	snprintf(src, sizeof(src), "%s/valid", data_dir);
	assert_int_equal(tu_course_load(src, &orig, &f->err), TU_OK);
	assert_string_equal(orig.hash, h1);
	tu_course_release(&orig);
	/* one byte of the statement changes the hash */
	patch(f, "problems/mean/README.md", "average", "avarage");
	load_ok(f);
	assert_string_not_equal(f->c.hash, h1);
	memcpy(h1, f->c.hash, sizeof(h1));
	tu_course_release(&f->c);
	/* and so does a known-wrong solution, never kept in memory */
	patch(f, "problems/add/wrong/subtract.py", "a - b", "b - a");
	load_ok(f);
	assert_string_not_equal(f->c.hash, h1);
}

/* ---- syntax ---- */

static void crlf_and_continuations(void **state)
{
	struct fixture *f = *state;
	char h1[TU_HASH_HEX_LEN + 1];

	load_ok(f);
	memcpy(h1, f->c.hash, sizeof(h1));
	tu_course_release(&f->c);
	patch_n(f, "course.ini", "\n", "\r\n", true);
	patch_n(f, "problems/add/meta.ini", "\n", "\r\n", true);
	load_ok(f);
	check_course(&f->c);
	check_topics(&f->c);
	check_misconceptions(&f->c);
	check_add_hints(&f->c);
	assert_string_not_equal(f->c.hash, h1);
}

static void unknown_key(void **state)
{
	struct fixture *f = *state;

	patch(f, "course.ini", "title = Loops\n", "title = Loops\ncolour = blue\n");
	expect_error(f, TU_EDATA,
		     "course.ini:16: [topic loops]: unknown key 'colour'");
}

static void duplicate_key(void **state)
{
	struct fixture *f = *state;

	patch(f, "course.ini", "title = Loops\n",
	      "title = Loops\ntitle = Rounds\n");
	expect_error(f, TU_EPARSE,
		     "course.ini:16: duplicate key 'title' (first at line 15)");
}

static void duplicate_section(void **state)
{
	struct fixture *f = *state;

	patch(f, "course.ini", "; arith", "[topic loops]\ntitle = Again\n;");
	expect_error(f, TU_EPARSE, "course.ini:18: duplicate section "
		     "[topic loops] (first at line 14)");
}

static void text_outside_section(void **state)
{
	struct fixture *f = *state;

	patch(f, "course.ini", "[course]\n", "colour = red\n[course]\n");
	expect_error(f, TU_EPARSE,
		     "course.ini:2: key 'colour' outside a section");
}

static void stray_continuation(void **state)
{
	struct fixture *f = *state;

	patch(f, "course.ini", "requires = basics\n\n",
	      "requires = basics\n\n  and more\n");
	expect_error(f, TU_EPARSE, "course.ini:18: indented line outside a "
		     "value (a continuation line must follow a key)");
}

static void invalid_utf8(void **state)
{
	struct fixture *f = *state;

	patch(f, "course.ini", "Mini course", "Mini \xff course");
	expect_error(f, TU_EPARSE, "course.ini:4: invalid UTF-8 at column 14");
}

static void invalid_utf8_statement(void **state)
{
	struct fixture *f = *state;

	patch(f, "problems/add/README.md", "Add two", "Add \xc0\xaf two");
	expect_error(f, TU_EPARSE, "problems/add/README.md: invalid UTF-8 or "
		     "NUL byte at byte 6");
}

static void overlong_line(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX], *line = malloc(TU_CONTENT_LINE_MAX + 3);
	FILE *fp;

	assert_non_null(line);
	path_of(f, "course.ini", path);
	/* exactly 4096 bytes (a comment) is fine ... */
	memset(line, 'x', TU_CONTENT_LINE_MAX);
	line[0] = '#';
	line[TU_CONTENT_LINE_MAX] = '\n';
	fp = fopen(path, "ab");
	assert_non_null(fp);
	fwrite(line, 1, TU_CONTENT_LINE_MAX + 1, fp);
	fclose(fp);
	load_ok(f);
	tu_course_release(&f->c);
	/* ... 4097 is not, CR of a CRLF not counted */
	line[TU_CONTENT_LINE_MAX] = 'x';
	line[TU_CONTENT_LINE_MAX + 1] = '\r';
	line[TU_CONTENT_LINE_MAX + 2] = '\n';
	fp = fopen(path, "ab");
	assert_non_null(fp);
	fwrite(line, 1, TU_CONTENT_LINE_MAX + 3, fp);
	fclose(fp);
	free(line);
	expect_error(f, TU_ERANGE, "course.ini:44: line longer than 4096 bytes");
}

static void oversize_file(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX], *big = malloc(TU_CONTENT_FILE_MAX + 1);

	assert_non_null(big);
	memset(big, 'a', TU_CONTENT_FILE_MAX + 1);
	path_of(f, "problems/add/README.md", path);
	spit(path, big, TU_CONTENT_FILE_MAX);
	load_ok(f);
	tu_course_release(&f->c);
	spit(path, big, TU_CONTENT_FILE_MAX + 1);
	free(big);
	expect_error(f, TU_ERANGE,
		     "problems/add/README.md: file larger than 1048576 bytes");
}

/* ---- consistency ---- */

static void prerequisite_cycle(void **state)
{
	struct fixture *f = *state;

	/* basics -> loops -> arith -> basics in prerequisite order */
	patch(f, "course.ini", "summary = Values and names.\n",
	      "summary = Values and names.\nrequires = arith\n");
	patch(f, "course.ini", "arithmetic.\nrequires = basics",
	      "arithmetic.\nrequires = loops");
	expect_error(f, TU_EDATA, "course.ini:13: topic 'basics': prerequisite "
		     "cycle: basics -> loops -> arith -> basics");
}

static void self_prerequisite(void **state)
{
	struct fixture *f = *state;

	patch(f, "course.ini", "requires = basics\n\n;",
	      "requires = basics, loops\n\n;");
	expect_error(f, TU_EDATA, "course.ini:16: topic 'loops': prerequisite "
		     "cycle: loops -> loops");
}

static void unknown_prerequisite(void **state)
{
	struct fixture *f = *state;

	patch(f, "course.ini", "requires = basics\n\n;",
	      "requires = basic\n\n;");
	expect_error(f, TU_EDATA,
		     "course.ini:16: requires: unknown topic 'basic'");
}

static void unknown_topic_in_meta(void **state)
{
	struct fixture *f = *state;

	patch(f, "problems/add/meta.ini", "topics = arith, basics",
	      "topics = arith, loopz");
	expect_error(f, TU_EDATA,
		     "problems/add/meta.ini:3: topics: unknown topic 'loopz'");
}

static void no_hidden_tests(void **state)
{
	struct fixture *f = *state;

	patch_n(f, "problems/mean/problem.json", "\"hidden\": true",
		"\"hidden\": false", true);
	expect_error(f, TU_EDATA, "problems/mean/meta.ini:1: problem 'mean': "
		     "problem.json has no hidden tests");
}

static void no_public_tests(void **state)
{
	struct fixture *f = *state;

	put(f, "problems/add/problem.json",
	    "{\"format\": 1, \"id\": \"add\", \"kind\": \"function\",\n"
	    " \"function\": {\"name\": \"add\", \"params\": [{\"name\": \"a\","
	    " \"type\": \"int\"}, {\"name\": \"b\", \"type\": \"int\"}],"
	    " \"returns\": \"int\"},\n"
	    " \"cases\": [{\"name\": \"h\", \"input\": {\"a\": 1, \"b\": 2},"
	    " \"expected\": 3, \"hidden\": true}]}\n");
	expect_error(f, TU_EDATA, "problems/add/meta.ini:1: problem 'add': "
		     "problem.json has no public tests");
}

static void problem_id_mismatch(void **state)
{
	struct fixture *f = *state;

	patch(f, "problems/add/problem.json", "\"id\": \"add\"",
	      "\"id\": \"plus\"");
	expect_error(f, TU_EDATA, "problems/add/problem.json: id 'plus' does "
		     "not match the directory name 'add'");
}

static void missing_solution(void **state)
{
	struct fixture *f = *state;

	del(f, "problems/add/solution.c");
	expect_error(f, TU_EDATA, "problems/add/meta.ini:1: problem 'add': "
		     "file problems/add/solution.c does not exist");
}

/* [course] solutions = optional: a problem may lack its solution. */
static void optional_solutions(void **state)
{
	struct fixture *f = *state;

	del(f, "problems/add/solution.c");
	patch(f, "course.ini", "languages = python, c\n",
	      "languages = python, c\nsolutions = optional\n");
	load_ok(f);
	assert_true(f->c.solutions_optional);
	assert_null(f->c.problems[0].solution[TU_LANG_C]);
	assert_non_null(f->c.problems[0].solution[TU_LANG_PYTHON]);
	tu_course_release(&f->c);
	patch(f, "course.ini", "solutions = optional", "solutions = maybe");
	expect_error(f, TU_EDATA, "course.ini:9: solutions: 'maybe' is not "
		     "'required' or 'optional'");
}

static void missing_hint_level(void **state)
{
	struct fixture *f = *state;

	patch(f, "problems/add/meta.ini",
	      "3 = Return the sum of the two parameters.\n", "");
	expect_error(f, TU_EDATA,
		     "problems/add/meta.ini:7: [hints]: missing hint level 3");
}

static void empty_hint(void **state)
{
	struct fixture *f = *state;

	patch(f, "problems/add/meta.ini", "4 = One line: return a plus b.",
	      "4 =");
	expect_error(f, TU_EDATA, "problems/add/meta.ini:11: 4: empty hint");
}

static void unknown_hint_band(void **state)
{
	struct fixture *f = *state;

	patch(f, "problems/add/meta.ini", "5.advanced", "5.expert");
	expect_error(f, TU_EDATA, "problems/add/meta.ini:15: [hints]: unknown "
		     "key '5.expert'");
}

static void wrong_file_missing(void **state)
{
	struct fixture *f = *state;

	del(f, "problems/add/wrong/int32.c");
	expect_error(f, TU_EDATA, "problems/add/meta.ini:17: [wrong int32.c]: "
		     "file problems/add/wrong/int32.c does not exist");
}

static void wrong_file_without_section(void **state)
{
	struct fixture *f = *state;

	put(f, "problems/add/wrong/extra.py", "def add(a, b):\n    return 0\n");
	expect_error(f, TU_EDATA, "problems/add/meta.ini:1: problem 'add': "
		     "file problems/add/wrong/extra.py has no [wrong] section");
}

static void wrong_unknown_tag(void **state)
{
	struct fixture *f = *state;

	patch(f, "problems/add/meta.ini", "misconception = wrong-operator",
	      "misconception = wrong-op");
	expect_error(f, TU_EDATA, "problems/add/meta.ini:21: misconception: "
		     "unknown misconception 'wrong-op'");
}

static void bad_difficulty(void **state)
{
	struct fixture *f = *state;

	patch(f, "problems/add/meta.ini", "difficulty = easy",
	      "difficulty = trivial");
	expect_error(f, TU_EDATA, "problems/add/meta.ini:2: difficulty: "
		     "expected easy, medium or hard, got 'trivial'");
}

static void bad_minutes(void **state)
{
	struct fixture *f = *state;

	patch(f, "problems/add/meta.ini", "expected_minutes = 5",
	      "expected_minutes = 0");
	expect_error(f, TU_EDATA, "problems/add/meta.ini:4: expected_minutes: "
		     "expected a number > 0 and <= 10000, got '0'");
}

static void unknown_misconception_tag(void **state)
{
	struct fixture *f = *state;

	patch(f, "problems/mean/meta.ini", "integer-division, off-by-one",
	      "integer-division, off-by-two");
	expect_error(f, TU_EDATA, "problems/mean/meta.ini:7: misconceptions: "
		     "unknown misconception 'off-by-two'");
}

static void language_not_in_course(void **state)
{
	struct fixture *f = *state;

	patch(f, "course.ini", "languages = python, c", "languages = python");
	patch(f, "problems/mean/meta.ini", "languages = python",
	      "languages = c, python");
	expect_error(f, TU_EDATA, "problems/mean/meta.ini:6: languages: 'c' is "
		     "not a language of the course");
}

static void exercise_without_problem(void **state)
{
	struct fixture *f = *state;

	patch(f, "actions.ini", "problem = add\n", "");
	expect_error(f, TU_EDATA, "actions.ini:1: action 'practise-add': an "
		     "exercise needs a problem");
}

static void action_unknown_problem(void **state)
{
	struct fixture *f = *state;

	patch(f, "actions.ini", "problem = add\n", "problem = sub\n");
	expect_error(f, TU_EDATA,
		     "actions.ini:8: problem: unknown problem 'sub'");
}

static void action_body_dotdot(void **state)
{
	struct fixture *f = *state;

	patch(f, "actions.ini", "body = actions/practise-add.md",
	      "body = actions/../course.ini");
	expect_error(f, TU_EDATA, "actions.ini:10: body: 'actions/../course.ini' "
		     "is not a relative path inside the course");
}

static void symlink_outside(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX], target[PATH_MAX];

	/* a link that stays inside is fine */
	path_of(f, "actions/practise-add.md", path);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink("explain-loops.md", path), 0);
	load_ok(f);
	assert_string_equal(tu_course_action_find(&f->c, "practise-add")->body,
			    "# Loops\n\nA `for` loop walks a list.\n");
	tu_course_release(&f->c);
	/* one that leaves the course dir is refused */
	snprintf(target, sizeof(target), "%s/outside.md", f->tmp);
	put(f, "../outside.md", "# outside\n");
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink(target, path), 0);
	expect_error(f, TU_EIO, "actions/practise-add.md: refused: resolves "
		     "outside the course directory");
}

static void missing_course_ini(void **state)
{
	struct fixture *f = *state;

	del(f, "course.ini");
	expect_error(f, TU_EIO, "course.ini: file does not exist");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(valid_course_loads),
		T(topic_without_entry_problem),
		cmocka_unit_test(names),
		T(hash_stable_and_sensitive),
		T(crlf_and_continuations),
		T(unknown_key),
		T(duplicate_key),
		T(duplicate_section),
		T(text_outside_section),
		T(stray_continuation),
		T(invalid_utf8),
		T(invalid_utf8_statement),
		T(overlong_line),
		T(oversize_file),
		T(prerequisite_cycle),
		T(self_prerequisite),
		T(unknown_prerequisite),
		T(unknown_topic_in_meta),
		T(no_hidden_tests),
		T(no_public_tests),
		T(problem_id_mismatch),
		T(missing_solution),
		T(optional_solutions),
		T(missing_hint_level),
		T(empty_hint),
		T(unknown_hint_band),
		T(wrong_file_missing),
		T(wrong_file_without_section),
		T(wrong_unknown_tag),
		T(bad_difficulty),
		T(bad_minutes),
		T(unknown_misconception_tag),
		T(language_not_in_course),
		T(exercise_without_problem),
		T(action_unknown_problem),
		T(action_body_dotdot),
		T(symlink_outside),
		T(missing_course_ini),
#undef T
	};

	if (argc < 2 || !realpath(argv[1], data_dir)) {
		fprintf(stderr, "usage: %s DATA_DIR\n", argv[0]);
		return 2;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
