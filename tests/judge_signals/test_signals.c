/* test_signals.c - misconception tags from failed runs: each tag fires on
 * a positive example and stays silent on a close negative one; caps,
 * de-duplication and determinism. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/judge_signals.h"

#define AC TU_VERDICT_AC
#define WA TU_VERDICT_WA
#define RE TU_VERDICT_RE
#define TLE TU_VERDICT_TLE

static struct tu_judge_tag tags[64];
static size_t n_tags;

/* Runs tu_judge_signals on a fresh tag array; returns the count. */
static size_t run(enum tu_lang lang, const char *src,
		  const struct tu_signal_case *cases, size_t n_cases,
		  const char *diag, const char *rt)
{
	struct tu_signal_input in = {
		lang, src, src ? strlen(src) : 0, diag, rt, cases, n_cases
	};

	memset(tags, 0, sizeof(tags));
	n_tags = 0;
	return tu_judge_signals(&in, tags, &n_tags, 64);
}

static const struct tu_judge_tag *tag(const char *id)
{
	for (size_t i = 0; i < n_tags; i++)
		if (strcmp(tags[i].tag, id) == 0)
			return &tags[i];
	return NULL;
}

static void assert_evidence(const char *id, const char *part)
{
	const struct tu_judge_tag *t = tag(id);

	assert_non_null(t);
	if (!strstr(t->evidence, part))
		fail_msg("evidence of %s: '%s' lacks '%s'", id, t->evidence,
			 part);
}

static const char *py_fact =
	"def fact(n):\n"
	"    return n * fact(n - 1)\n";

static void test_missing_base_case_python(void **state)
{
	struct tu_signal_case c[] = {
		{ "zero", RE, "RecursionError",
		  "maximum recursion depth exceeded", "{\"n\": 0}", "1", NULL },
		{ "neg", RE, "ValueError", "bad", "{\"n\": -1}", "1", NULL },
	};

	(void)state;
	run(TU_LANG_PYTHON, py_fact, c, 2, NULL, NULL);
	assert_evidence("missing-base-case", "case 'zero': RecursionError");
	assert_evidence("missing-base-case",
			"fact() (line 1) calls itself at line 2");
	assert_string_equal(tag("missing-base-case")->topic, "recursion");
	/* A ValueError alone is no recursion problem. */
	run(TU_LANG_PYTHON, py_fact, c + 1, 1, NULL, NULL);
	assert_null(tag("missing-base-case"));
}

static void test_missing_base_case_c(void **state)
{
	const char *rec = "int sum(int n)\n{\n\treturn n + sum(n - 1);\n}\n";
	const char *flat = "int sum(int *a)\n{\n\treturn a[100000000];\n}\n";
	struct tu_signal_case c[] = {
		{ "one", RE, "SIGSEGV", "segmentation fault", "{}", "1", NULL },
	};

	(void)state;
	run(TU_LANG_C, rec, c, 1, NULL, NULL);
	assert_evidence("missing-base-case", "sum() (line 1) calls itself at line 3");
	/* A crash without recursion is not a base-case problem. */
	run(TU_LANG_C, flat, c, 1, NULL, NULL);
	assert_null(tag("missing-base-case"));
}

static const char *py_fib =
	"def fib(n):\n"
	"    if n < 2:\n"
	"        return n\n"
	"    return fib(n - 1) + fib(n - 2)\n";

static const char *py_fib_cached =
	"from functools import lru_cache\n"
	"\n"
	"@lru_cache(maxsize=None)\n"
	"def fib(n):\n"
	"    if n < 2:\n"
	"        return n\n"
	"    return fib(n - 1) + fib(n - 2)\n";

static const char *py_fib_dict =
	"memo = {}\n"
	"def fib(n):\n"
	"    if n in memo:\n"
	"        return memo[n]\n"
	"    r = n if n < 2 else fib(n - 1) + fib(n - 2)\n"
	"    memo[n] = r\n"
	"    return r\n";

static void test_exponential_recursion(void **state)
{
	struct tu_signal_case c[] = {
		{ "small", AC, "", "", "{\"n\": 5}", "5", "5" },
		{ "big", TLE, "", "", "{\"n\": 90}", "2880067194370816120", NULL },
	};
	const char *c_fib = "long fib(int n)\n{\n\tif (n < 2)\n\t\treturn n;\n"
			    "\treturn fib(n - 1) + fib(n - 2);\n}\n";
	const char *c_memo = "long memo[100];\nlong fib(int n)\n{\n"
			     "\tif (n < 2)\n\t\treturn n;\n"
			     "\tif (memo[n] != 0)\n\t\treturn memo[n];\n"
			     "\tmemo[n] = fib(n - 1) + fib(n - 2);\n"
			     "\treturn memo[n];\n}\n";

	(void)state;
	run(TU_LANG_PYTHON, py_fib, c, 2, NULL, NULL);
	assert_evidence("exponential-recursion",
			"case 'big': time limit exceeded; fib() (line 1) calls itself 2 times");
	assert_null(tag("slow-or-infinite-loop"));
	run(TU_LANG_PYTHON, py_fib_cached, c, 2, NULL, NULL);
	assert_null(tag("exponential-recursion"));
	run(TU_LANG_PYTHON, py_fib_dict, c, 2, NULL, NULL);
	assert_null(tag("exponential-recursion"));
	run(TU_LANG_C, c_fib, c, 2, NULL, NULL);
	assert_evidence("exponential-recursion", "fib() (line 1)");
	run(TU_LANG_C, c_memo, c, 2, NULL, NULL);
	assert_null(tag("exponential-recursion"));
	/* AC everywhere: no signals at all. */
	run(TU_LANG_PYTHON, py_fib, c, 1, NULL, NULL);
	assert_int_equal(n_tags, 0);
}

static void test_infinite_and_slow_loops(void **state)
{
	const char *stuck =
		"def total(xs):\n"
		"    i = 0\n"
		"    s = 0\n"
		"    while i < len(xs):\n"
		"        s += xs[i]\n"
		"    return s\n";
	const char *moving =
		"def total(xs):\n"
		"    i = 0\n"
		"    s = 0\n"
		"    while i < len(xs):\n"
		"        s += xs[i]\n"
		"        i += 1\n"
		"    return s\n";
	const char *forever_break =
		"def f(xs):\n"
		"    while True:\n"
		"        if xs:\n"
		"            break\n"
		"    return 0\n";
	const char *c_stuck = "int f(int n)\n{\n\tint i = 0, s = 0;\n"
			      "\twhile (i < n) {\n\t\ts += i;\n\t}\n"
			      "\treturn s;\n}\n";
	struct tu_signal_case c[] = {
		{ "t", TLE, "", "", "{\"xs\": [1]}", "1", NULL },
	};

	(void)state;
	run(TU_LANG_PYTHON, stuck, c, 1, NULL, NULL);
	assert_evidence("infinite-loop",
			"while loop at line 4 in total never changes its condition (i,xs)");
	run(TU_LANG_PYTHON, moving, c, 1, NULL, NULL);
	assert_null(tag("infinite-loop"));
	assert_non_null(tag("slow-or-infinite-loop"));
	run(TU_LANG_PYTHON, forever_break, c, 1, NULL, NULL);
	assert_null(tag("infinite-loop"));
	assert_non_null(tag("slow-or-infinite-loop"));
	run(TU_LANG_C, c_stuck, c, 1, NULL, NULL);
	assert_evidence("infinite-loop", "line 4 in f never changes its condition (i,n)");
}

static void test_off_by_one(void **state)
{
	struct tu_signal_case idx[] = {
		{ "last", RE, "IndexError", "list index out of range",
		  "{\"xs\": [1, 2]}", "2", NULL },
	};
	struct tu_signal_case arr[] = {
		{ "a", WA, "", "", "{\"n\": 3}", "[1, 2, 3]", "[1, 2]" },
	};
	struct tu_signal_case mid[] = {
		{ "a", WA, "", "", "{\"n\": 3}", "[1, 2, 3]", "[1, 3]" },
	};
	struct tu_signal_case str[] = {
		{ "s", WA, "", "", "{\"s\": \"abc\"}", "\"abc\"", "\"bc\"" },
	};
	/* Counting results one short on two cases (4 -> 3, 10 -> 9: both
	 * -1), a third case passes. */
	struct tu_signal_case ints[] = {
		{ "a", WA, "", "", "{\"n\": 4}", "4", "3" },
		{ "b", WA, "", "", "{\"n\": 10}", "10", "9" },
		{ "c", AC, "", "", "{\"n\": 0}", "0", "0" },
	};
	struct tu_signal_case mixed[] = {
		{ "a", WA, "", "", "{\"n\": 4}", "4", "3" },
		{ "b", WA, "", "", "{\"n\": 10}", "10", "8" },
	};
	struct tu_signal_case one_plain[] = {
		{ "a", WA, "", "", "{\"n\": 7}", "7", "8" },
	};
	struct tu_signal_case one_boundary[] = {
		{ "a", WA, "", "", "{\"n\": 1}", "1", "2" },
	};

	(void)state;
	run(TU_LANG_PYTHON, "", idx, 1, NULL, NULL);
	assert_evidence("off-by-one", "case 'last': IndexError: list index out of range");
	run(TU_LANG_PYTHON, "", arr, 1, NULL, NULL);
	assert_evidence("off-by-one", "one element missing at the end");
	run(TU_LANG_PYTHON, "", mid, 1, NULL, NULL);
	assert_null(tag("off-by-one"));
	run(TU_LANG_PYTHON, "", str, 1, NULL, NULL);
	assert_evidence("off-by-one", "one character missing at the start");
	run(TU_LANG_PYTHON, "", ints, 3, NULL, NULL);
	assert_evidence("off-by-one", "cases 'a', 'b': the result is always one too few");
	run(TU_LANG_PYTHON, "", mixed, 2, NULL, NULL);
	assert_null(tag("off-by-one"));
	run(TU_LANG_PYTHON, "", one_plain, 1, NULL, NULL);
	assert_null(tag("off-by-one"));
	run(TU_LANG_PYTHON, "", one_boundary, 1, NULL, NULL);
	assert_evidence("off-by-one", "one too many");
}

static void test_missing_edge_case(void **state)
{
	struct tu_signal_case c[] = {
		{ "many", AC, "", "", "{\"xs\": [3, 1, 2]}", "3", "3" },
		{ "empty", RE, "ValueError", "max() arg is an empty sequence",
		  "{\"xs\": []}", "null", NULL },
		{ "single", WA, "", "", "{\"xs\": [7]}", "7", "0" },
	};
	struct tu_signal_case d[] = {
		{ "many", WA, "", "", "{\"xs\": [3, 1, 2]}", "3", "2" },
		{ "empty", RE, "ValueError", "x", "{\"xs\": []}", "0", NULL },
		{ "two", AC, "", "", "{\"xs\": [1, 2]}", "2", "2" },
	};

	(void)state;
	run(TU_LANG_PYTHON, "", c, 3, NULL, NULL);
	assert_evidence("missing-edge-case",
			"fails only on cases 'empty', 'single' (input {\"xs\": []}");
	assert_evidence("missing-edge-case", "while 1 other case pass");
	/* A failing case with an ordinary input: not an edge-case problem. */
	run(TU_LANG_PYTHON, "", d, 3, NULL, NULL);
	assert_null(tag("missing-edge-case"));
	/* Nothing passes: not "only" the edge cases. */
	run(TU_LANG_PYTHON, "", c + 1, 2, NULL, NULL);
	assert_null(tag("missing-edge-case"));
}

static void test_integer_overflow(void **state)
{
	const char *src_int = "int sq(int n)\n{\n\treturn n * n;\n}\n";
	const char *src_ll = "long long sq(long long n)\n{\n\treturn n * n;\n}\n";
	/* 100000^2 = 10000000000 = 2 * 2^32 + 1410065408, which as int32 is
	 * 1410065408. */
	struct tu_signal_case c[] = {
		{ "big", WA, "", "", "{\"n\": 100000}", "10000000000",
		  "1410065408" },
	};
	const char *rt = "prog.c:3:11: runtime error: signed integer overflow: "
			 "100000 * 100000 cannot be represented in type 'int'\n";

	(void)state;
	run(TU_LANG_C, src_int, c, 1, NULL, NULL);
	assert_evidence("integer-overflow", "case 'big': expected 10000000000");
	run(TU_LANG_C, src_ll, c, 1, NULL, NULL);
	assert_null(tag("integer-overflow"));
	run(TU_LANG_C, src_ll, c, 1, NULL, rt);
	assert_evidence("integer-overflow", "runtime: line 3: signed integer overflow");
	/* Python has unbounded ints. */
	run(TU_LANG_PYTHON, "def sq(n):\n    return n * n\n", c, 1, NULL, rt);
	assert_null(tag("integer-overflow"));
}

static void test_uninitialized_variable(void **state)
{
	const char *diag =
		"prog.c: In function \xe2\x80\x98" "f\xe2\x80\x99:\n"
		"prog.c:4:16: warning: \xe2\x80\x98s\xe2\x80\x99 is used uninitialized [-Wuninitialized]\n"
		"prog.c:9:9: warning: 'k' may be used uninitialized [-Wmaybe-uninitialized]\n"
		"prog.c:12:5: warning: unused variable 'z' [-Wunused-variable]\n";
	struct tu_signal_case c[] = {
		{ "a", WA, "", "", "{}", "3", "7" },
	};

	(void)state;
	run(TU_LANG_C, "int f(void)\n{\n\treturn 0;\n}\n", c, 1, diag, NULL);
	assert_string_equal(tag("uninitialized-variable")->evidence,
			    "gcc: line 4: 's' is used uninitialized; line 9: 'k' may be used uninitialized");
	run(TU_LANG_C, "int f(void)\n{\n\treturn 0;\n}\n", c, 1,
	    "prog.c:12:5: warning: unused variable 'z' [-Wunused-variable]\n",
	    NULL);
	assert_null(tag("uninitialized-variable"));
}

static void test_errors_and_return_types(void **state)
{
	struct tu_signal_case c[] = {
		{ "div", RE, "ZeroDivisionError", "division by zero",
		  "{\"xs\": []}", "0", NULL },
		{ "type", RE, "TypeError",
		  "unsupported operand type(s) for +: 'int' and 'str'", "{}",
		  "1", NULL },
		{ "none", WA, "", "", "{}", "[1]", "null" },
		{ "str", WA, "", "", "{}", "3", "\"3\"" },
		{ "ok", AC, "", "", "{}", "1", "1" },
	};
	struct tu_signal_case same[] = {
		{ "num", WA, "", "", "{}", "3", "4.5" },
	};

	(void)state;
	run(TU_LANG_PYTHON, "", c, 5, NULL, NULL);
	assert_evidence("zero-division", "case 'div': ZeroDivisionError: division by zero");
	assert_evidence("type-error", "case 'type': TypeError: unsupported operand");
	assert_evidence("missing-return", "case 'none': expected [1], got None");
	assert_evidence("wrong-return-type",
			"case 'str': expected a number (3), got a string (\"3\")");
	run(TU_LANG_PYTHON, "", same, 1, NULL, NULL);
	assert_null(tag("wrong-return-type"));
	assert_null(tag("missing-return"));
}

static void test_mutable_default(void **state)
{
	const char *src = "def add(x, acc=[]):\n    acc.append(x)\n    return acc\n";
	const char *fine = "def add(x, acc=None):\n    acc = acc or []\n"
			   "    acc.append(x)\n    return acc\n";
	struct tu_signal_case c[] = {
		{ "first", AC, "", "", "{\"x\": 1}", "[1]", "[1]" },
		{ "second", WA, "", "", "{\"x\": 2}", "[2]", "[1, 2]" },
	};

	(void)state;
	run(TU_LANG_PYTHON, src, c, 2, NULL, NULL);
	assert_evidence("mutable-default-argument",
			"line 1: parameter 'acc' of add() has a mutable default");
	run(TU_LANG_PYTHON, fine, c, 2, NULL, NULL);
	assert_null(tag("mutable-default-argument"));
	/* All passing: signals stay silent (the review reports it). */
	run(TU_LANG_PYTHON, src, c, 1, NULL, NULL);
	assert_int_equal(n_tags, 0);
}

static void test_caps_dedup_and_determinism(void **state)
{
	struct tu_signal_case c[] = {
		{ "a", RE, "ZeroDivisionError", "division by zero", "{}", "1", NULL },
		{ "b", RE, "TypeError", "bad", "{}", "1", NULL },
		{ "c", WA, "", "", "{}", "1", "null" },
	};
	struct tu_signal_input in = {
		TU_LANG_PYTHON, "", 0, NULL, NULL, c, 3
	};
	struct tu_judge_tag t[4], u[4];
	size_t n = 0, m = 0;

	(void)state;
	/* cap 2: the first two rules in order only. */
	assert_int_equal(tu_judge_signals(&in, t, &n, 2), 2);
	assert_int_equal(n, 2);
	assert_string_equal(t[0].tag, "zero-division");
	assert_string_equal(t[1].tag, "type-error");
	/* Called again on the full array: nothing added, already there. */
	assert_int_equal(tu_judge_signals(&in, t, &n, 2), 0);
	/* Room for more: only the missing one is appended. */
	assert_int_equal(tu_judge_signals(&in, t, &n, 4), 1);
	assert_string_equal(t[2].tag, "missing-return");
	/* Same input, same bytes. */
	memset(t, 0, sizeof(t));
	memset(u, 0, sizeof(u));
	n = 0;
	tu_judge_signals(&in, t, &n, 4);
	tu_judge_signals(&in, u, &m, 4);
	assert_int_equal(n, m);
	assert_memory_equal(t, u, sizeof(t));
	/* NULL arguments are refused without touching anything. */
	assert_int_equal(tu_judge_signals(NULL, t, &n, 4), 0);
	assert_int_equal(tu_judge_signals(&in, NULL, &n, 4), 0);
}

static void test_signals_max(void **state)
{
	struct tu_signal_case c[] = {
		{ "a", RE, "ZeroDivisionError", "division by zero", "{}", "1", NULL },
	};
	struct tu_signal_input in = { TU_LANG_PYTHON, "", 0, NULL, NULL, c, 1 };
	struct tu_judge_tag big[TU_SIGNALS_MAX + 8];
	size_t n = TU_SIGNALS_MAX + 7;

	(void)state;
	memset(big, 0, sizeof(big));
	/* One free slot: one tag at most. */
	assert_int_equal(tu_judge_signals(&in, big, &n, TU_SIGNALS_MAX + 8), 1);
	assert_int_equal(n, TU_SIGNALS_MAX + 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_base_case_python),
		cmocka_unit_test(test_missing_base_case_c),
		cmocka_unit_test(test_exponential_recursion),
		cmocka_unit_test(test_infinite_and_slow_loops),
		cmocka_unit_test(test_off_by_one),
		cmocka_unit_test(test_missing_edge_case),
		cmocka_unit_test(test_integer_overflow),
		cmocka_unit_test(test_uninitialized_variable),
		cmocka_unit_test(test_errors_and_return_types),
		cmocka_unit_test(test_mutable_default),
		cmocka_unit_test(test_caps_dedup_and_determinism),
		cmocka_unit_test(test_signals_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
