/* test_review.c - the deterministic code review after AC and the source
 * scan under it: each rule on a positive and a close negative example,
 * tokenizer edge cases, caps, determinism, and a robustness property
 * over random and truncated sources. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/judge_signals.h"
#include "tutor/rng.h"

static struct tu_review_finding found[64];
static size_t n_found;

static size_t review(enum tu_lang lang, const char *src, const char *diag)
{
	struct tu_signal_input in = {
		lang, src, strlen(src), diag, NULL, NULL, 0
	};

	memset(found, 0, sizeof(found));
	n_found = 0;
	return tu_judge_review(&in, found, &n_found, 64);
}

/* Number of findings of rule (at line, when line > 0). */
static int count(const char *rule, int line)
{
	int k = 0;

	for (size_t i = 0; i < n_found; i++)
		k += strcmp(found[i].rule, rule) == 0 &&
		     (line <= 0 || found[i].line == line);
	return k;
}

static void test_nested_loop_same_input(void **state)
{
	(void)state;
	review(TU_LANG_PYTHON,
	       "def has_pair(xs, t):\n"
	       "    for a in xs:\n"
	       "        for b in xs:\n"
	       "            if a + b == t:\n"
	       "                return True\n"
	       "    return False\n", NULL);
	assert_int_equal(count("nested-loop-same-input", 3), 1);
	assert_non_null(strstr(found[0].message, "a loop over 'xs' runs inside another loop over 'xs'"));
	review(TU_LANG_PYTHON,
	       "def pairs(xs, ys):\n"
	       "    n = 0\n"
	       "    for a in xs:\n"
	       "        for b in ys:\n"
	       "            n += a * b\n"
	       "    return n\n", NULL);
	assert_int_equal(count("nested-loop-same-input", 0), 0);
	review(TU_LANG_PYTHON,
	       "def dup(xs):\n"
	       "    for i in range(len(xs)):\n"
	       "        for j in range(i + 1, len(xs)):\n"
	       "            if xs[i] == xs[j]:\n"
	       "                return True\n"
	       "    return False\n", NULL);
	assert_int_equal(count("nested-loop-same-input", 3), 1);
	/* Comprehension inside a loop over the same list. */
	review(TU_LANG_PYTHON,
	       "def f(xs):\n"
	       "    out = []\n"
	       "    for x in xs:\n"
	       "        out.append(sum(1 for y in xs if y < x))\n"
	       "    return out\n", NULL);
	assert_int_equal(count("nested-loop-same-input", 4), 1);
	/* Two fors in one comprehension over the same list, and not. */
	review(TU_LANG_PYTHON,
	       "def pairs(xs, ys):\n"
	       "    a = [(p, q) for p in xs for q in ys]\n"
	       "    return a + [(p, q) for p in xs for q in xs]\n", NULL);
	assert_int_equal(count("nested-loop-same-input", 0), 1);
	assert_int_equal(count("nested-loop-same-input", 3), 1);
	/* Two loops one after the other are linear. */
	review(TU_LANG_PYTHON,
	       "def f(xs):\n"
	       "    s = 0\n"
	       "    for x in xs:\n"
	       "        s += x\n"
	       "    for x in xs:\n"
	       "        s -= x\n"
	       "    return s\n", NULL);
	assert_int_equal(count("nested-loop-same-input", 0), 0);
	review(TU_LANG_C,
	       "int dup(const int *a, int n)\n{\n"
	       "\tfor (int i = 0; i < n; i++)\n"
	       "\t\tfor (int j = i + 1; j < n; j++)\n"
	       "\t\t\tif (a[i] == a[j])\n"
	       "\t\t\t\treturn 1;\n"
	       "\treturn 0;\n}\n", NULL);
	assert_int_equal(count("nested-loop-same-input", 4), 1);
	review(TU_LANG_C,
	       "int f(int n, int m)\n{\n\tint s = 0;\n"
	       "\tfor (int i = 0; i < n; i++) {\n"
	       "\t\tfor (int j = 0; j < m; j++) {\n"
	       "\t\t\ts += i * j;\n\t\t}\n\t}\n"
	       "\tfor (int k = 0; k < n; k++)\n\t\ts++;\n"
	       "\treturn s;\n}\n", NULL);
	assert_int_equal(count("nested-loop-same-input", 0), 0);
}

static void test_quadratic_membership(void **state)
{
	(void)state;
	review(TU_LANG_PYTHON,
	       "def uniq(xs):\n"
	       "    seen = []\n"
	       "    for x in xs:\n"
	       "        if x not in seen:\n"
	       "            seen.append(x)\n"
	       "    return seen\n", NULL);
	assert_int_equal(count("quadratic-membership", 4), 1);
	review(TU_LANG_PYTHON,
	       "def uniq(xs):\n"
	       "    seen = set()\n"
	       "    out = []\n"
	       "    for x in xs:\n"
	       "        if x not in seen:\n"
	       "            seen.add(x)\n"
	       "            out.append(x)\n"
	       "    return out\n", NULL);
	assert_int_equal(count("quadratic-membership", 0), 0);
	/* A list turned into a set before the loop. */
	review(TU_LANG_PYTHON,
	       "def common(xs, ys):\n"
	       "    ys = list(ys)\n"
	       "    ys = set(ys)\n"
	       "    return [x for x in xs if x in ys]\n", NULL);
	assert_int_equal(count("quadratic-membership", 0), 0);
	review(TU_LANG_PYTHON,
	       "def common(xs, ys: list):\n"
	       "    return [x for x in xs if x in ys]\n", NULL);
	assert_int_equal(count("quadratic-membership", 2), 1);
	/* Membership outside any loop is a single scan. */
	review(TU_LANG_PYTHON,
	       "def has(xs, y):\n    xs = list(xs)\n    return y in xs\n", NULL);
	assert_int_equal(count("quadratic-membership", 0), 0);
}

static void test_unused_variable(void **state)
{
	(void)state;
	review(TU_LANG_PYTHON,
	       "def f(xs):\n"
	       "    total = 0\n"
	       "    tmp = len(xs)\n"
	       "    for x in xs:\n"
	       "        total += x\n"
	       "    return total\n", NULL);
	assert_int_equal(count("unused-variable", 3), 1);
	assert_int_equal(count("unused-variable", 0), 1);
	assert_non_null(strstr(found[0].message, "'tmp' in f() is assigned but never read"));
	/* Read only inside an f-string, by a nested function, or named _. */
	review(TU_LANG_PYTHON,
	       "def f(xs):\n"
	       "    n = len(xs)\n"
	       "    m = 2\n"
	       "    _ = 3\n"
	       "    def g():\n"
	       "        return m\n"
	       "    a, b = 1, 2\n"
	       "    return f\"{n} items\" + str(g())\n", NULL);
	assert_int_equal(count("unused-variable", 0), 0);
	review(TU_LANG_C, "int f(void)\n{\n\tint z;\n\treturn 0;\n}\n",
	       "prog.c: In function 'f':\n"
	       "prog.c:3:13: warning: unused variable \xe2\x80\x98z\xe2\x80\x99 [-Wunused-variable]\n");
	assert_int_equal(count("unused-variable", 3), 1);
	assert_non_null(strstr(found[0].message, "'z' is set but never used"));
}

static void test_long_function(void **state)
{
	char src[4096] = "def f(x):\n";

	(void)state;
	/* Header + 39 body lines = 40 lines: not long. */
	for (int i = 0; i < 38; i++)
		strcat(src, "    x = x + 1\n");
	strcat(src, "    return x\n");
	review(TU_LANG_PYTHON, src, NULL);
	assert_int_equal(count("long-function", 0), 0);
	/* One more body line (and a blank and a comment, not counted at the
	 * end) makes 41. */
	strcpy(src + strlen(src) - strlen("    return x\n"),
	       "    x = x + 1\n    return x\n\n# end\n");
	review(TU_LANG_PYTHON, src, NULL);
	assert_int_equal(count("long-function", 1), 1);
	assert_non_null(strstr(found[0].message, "f() is 41 lines long"));
}

static void test_mutable_default_review(void **state)
{
	(void)state;
	review(TU_LANG_PYTHON,
	       "def add(x, acc=[], seen={}, s=set()):\n"
	       "    acc.append(x)\n"
	       "    return acc\n", NULL);
	assert_int_equal(count("mutable-default-argument", 1), 3);
	review(TU_LANG_PYTHON,
	       "def add(x, acc=None, k=(), n=0):\n"
	       "    return [x]\n", NULL);
	assert_int_equal(count("mutable-default-argument", 0), 0);
	/* A default dict used as a memo table is deliberate. */
	review(TU_LANG_PYTHON,
	       "def fib(n, memo={}):\n"
	       "    if n in memo:\n"
	       "        return memo[n]\n"
	       "    memo[n] = n if n < 2 else fib(n - 1) + fib(n - 2)\n"
	       "    return memo[n]\n", NULL);
	assert_int_equal(count("mutable-default-argument", 0), 0);
}

static void test_missing_free(void **state)
{
	(void)state;
	review(TU_LANG_C,
	       "int sum(int n)\n{\n"
	       "\tint *a = malloc(n * sizeof(*a));\n"
	       "\tint s = 0;\n"
	       "\tfor (int i = 0; i < n; i++)\n\t\ts += a[i] = i;\n"
	       "\treturn s;\n}\n", NULL);
	assert_int_equal(count("missing-free", 3), 1);
	assert_non_null(strstr(found[0].message, "'a' in sum()"));
	review(TU_LANG_C,
	       "int sum(int n)\n{\n"
	       "\tint *a = (int *)calloc(n, sizeof(*a));\n"
	       "\tint s = a[0];\n"
	       "\tfree(a);\n\treturn s;\n}\n", NULL);
	assert_int_equal(count("missing-free", 0), 0);
	review(TU_LANG_C,
	       "char *dup(const char *s)\n{\n"
	       "\tchar *p = malloc(strlen(s) + 1);\n"
	       "\tstrcpy(p, s);\n\treturn p;\n}\n", NULL);
	assert_int_equal(count("missing-free", 0), 0);
	review(TU_LANG_C,
	       "void push(struct list *l, int v)\n{\n"
	       "\tstruct node *n = malloc(sizeof(*n));\n"
	       "\tn->v = v;\n\tl->head = n;\n}\n", NULL);
	assert_int_equal(count("missing-free", 0), 0);
}

static void test_tokenizer_edge_cases(void **state)
{
	(void)state;
	/* "def" and loops inside strings and comments are not code. */
	review(TU_LANG_PYTHON,
	       "DOC = \"\"\"\n"
	       "def g(x=[]):\n"
	       "    for a in xs:\n"
	       "        for b in xs: pass\n"
	       "\"\"\"\n"
	       "# def h(y={}):\n"
	       "def f(xs):\n"
	       "    s = 'for x in xs: def'  # for y in xs\n"
	       "    return s\n", NULL);
	assert_int_equal(n_found, 0);
	/* CRLF line ends and tab indentation keep line numbers and blocks. */
	review(TU_LANG_PYTHON,
	       "def f(xs):\r\n"
	       "\tfor a in xs:\r\n"
	       "\t\tfor b in xs:\r\n"
	       "\t\t\tprint(a, b)\r\n", NULL);
	assert_int_equal(count("nested-loop-same-input", 3), 1);
	/* Nested functions: the inner loop belongs to g, not to f's loop. */
	review(TU_LANG_PYTHON,
	       "def f(xs):\n"
	       "    for a in xs:\n"
	       "        def g(ys):\n"
	       "            for b in xs:\n"
	       "                pass\n"
	       "        g(a)\n", NULL);
	assert_int_equal(count("nested-loop-same-input", 0), 0);
	/* Line continuations and brackets spanning lines. */
	review(TU_LANG_PYTHON,
	       "def f(xs,\n"
	       "      ys=[]):\n"
	       "    t = \\\n"
	       "        1\n"
	       "    return xs\n", NULL);
	assert_int_equal(count("mutable-default-argument", 1), 1);
	assert_int_equal(count("unused-variable", 3), 1);
	/* C: comments, strings, char literals and preprocessor lines. */
	review(TU_LANG_C,
	       "#define LOOP for (i = 0; i < n; i++) \\\n"
	       "\tfor (j = 0; j < n; j++)\n"
	       "/* for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) */\n"
	       "int f(int n)\n{\n"
	       "\tconst char *s = \"for (;;) { malloc(\";\n"
	       "\tchar c = '{';\n"
	       "\treturn n + (int)c + (int)s[0]; // for (x) {\n"
	       "}\n", NULL);
	assert_int_equal(n_found, 0);
}

static void test_caps_and_determinism(void **state)
{
	char src[8192] = "def f(x):\n";
	struct tu_signal_input in;
	struct tu_review_finding a[TU_REVIEW_MAX + 10], b[TU_REVIEW_MAX + 10];
	size_t na = 0, nb = 0;

	(void)state;
	for (int i = 0; i < 60; i++) {
		char line[64];

		snprintf(line, sizeof(line), "    v%d = %d\n", i, i);
		strcat(src, line);
	}
	strcat(src, "    return x\n");
	memset(&in, 0, sizeof(in));
	in.lang = TU_LANG_PYTHON;
	in.source = src;
	in.source_len = strlen(src);
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	/* 60 unused names + a long function: capped at TU_REVIEW_MAX. */
	assert_int_equal(tu_judge_review(&in, a, &na, TU_REVIEW_MAX + 10),
			 TU_REVIEW_MAX);
	assert_int_equal(tu_judge_review(&in, b, &nb, TU_REVIEW_MAX + 10),
			 TU_REVIEW_MAX);
	assert_memory_equal(a, b, sizeof(a));
	nb = 0;
	assert_int_equal(tu_judge_review(&in, b, &nb, 3), 3);
	assert_int_equal(nb, 3);
	assert_int_equal(tu_judge_review(&in, b, &nb, 3), 0);
	assert_int_equal(tu_judge_review(NULL, b, &nb, 3), 0);
}

static const char *const samples[] = {
	"def fib(n, memo={}):\n    if n in memo:\n        return memo[n]\n"
	"    for i in range(len(xs)):\n        for j in range(len(xs)):\n"
	"            s = f\"{i}\" '''x\n'''\n    while True: pass\n",
	"int f(int *a, int n)\n{\n\tint *p = malloc(4);\n"
	"\tfor (int i = 0; i < n; i++) { while (i < n) { a[i]++; } }\n"
	"\tif (p[0]) return f(a, n - 1) + f(a, n - 2);\n\treturn 0;\n}\n",
};

/* Random bytes, random tokens and truncated samples never crash either
 * entry point, in either language, and outputs stay within their caps. */
static void test_robustness_property(void **state)
{
	static const char alphabet[] = "deforwhileinf(){}[]:;,=+-*/<>!#'\"\\\n\r\t x_0123456789";
	struct tu_rng rng;
	char buf[600];
	struct tu_signal_case c = {
		"x", TU_VERDICT_TLE, "RecursionError", "maximum recursion depth",
		"{\"xs\": []}", "[1, 2]", "[1]"
	};

	(void)state;
	tu_rng_seed(&rng, 20251122);
	for (int it = 0; it < 10000; it++) {
		size_t len = (size_t)tu_rng_below(&rng, sizeof(buf));
		int mode = (int)tu_rng_below(&rng, 3);
		struct tu_judge_tag tags[TU_SIGNALS_MAX];
		struct tu_review_finding rev[TU_REVIEW_MAX];
		size_t nt = 0, nr = 0;

		for (size_t i = 0; i < len; i++)
			buf[i] = mode == 0 ? (char)tu_rng_below(&rng, 256) :
				 alphabet[tu_rng_below(&rng, sizeof(alphabet) - 1)];
		if (mode == 2) {
			const char *s = samples[it % 2];

			len = (size_t)tu_rng_below(&rng, strlen(s) + 1);
			memcpy(buf, s, len);
		}
		for (int lang = 0; lang < 2; lang++) {
			struct tu_signal_input in = {
				(enum tu_lang)lang, buf, len, buf, NULL, &c, 1
			};

			buf[len] = '\0';
			nt = nr = 0;
			assert_true(tu_judge_signals(&in, tags, &nt,
						     TU_SIGNALS_MAX) <= TU_SIGNALS_MAX);
			assert_true(tu_judge_review(&in, rev, &nr,
						    TU_REVIEW_MAX) <= TU_REVIEW_MAX);
			for (size_t i = 0; i < nt; i++)
				assert_true(memchr(tags[i].evidence, '\0',
						   sizeof(tags[i].evidence)));
			for (size_t i = 0; i < nr; i++)
				assert_true(nr <= TU_REVIEW_MAX &&
					    rev[i].line >= 0);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nested_loop_same_input),
		cmocka_unit_test(test_quadratic_membership),
		cmocka_unit_test(test_unused_variable),
		cmocka_unit_test(test_long_function),
		cmocka_unit_test(test_mutable_default_review),
		cmocka_unit_test(test_missing_free),
		cmocka_unit_test(test_tokenizer_edge_cases),
		cmocka_unit_test(test_caps_and_determinism),
		cmocka_unit_test(test_robustness_property),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
