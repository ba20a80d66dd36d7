/*
 * signals.c - misconception signals from a failed run (tu_judge_signals,
 * tutor/judge_signals.h).
 *
 * Each rule reads the per-case outcomes (verdict, error type and message,
 * input/expected/actual JSON), the compiler's and the run's diagnostics,
 * and the static scan of the source (scan.h), and emits at most one tag
 * with its evidence: which case, which error, which line.  Rules are
 * conservative and run in a fixed order, so the same input always gives
 * the same tags.  JSON is only skimmed (types, array elements, integers),
 * never fully parsed; anything malformed simply fails to match.  The tag
 * catalogue is docs/judge-signals.md.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "tutor/judge_signals.h"
#include "scan.h"

#define JS_MAX (1024u * 1024u)	/* bytes of one JSON text looked at */
#define JS_ELEMS 64		/* array elements compared */

/* ---------------------------------------------------- JSON skimming */

struct span {
	const char *p;
	size_t n;
};

static size_t js_len(const char *s)
{
	return s ? strnlen(s, JS_MAX) : 0;
}

static size_t js_ws(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
			   s[i] == '\r'))
		i++;
	return i;
}

/* End (one past the closing quote) of the string at s[i] == '"'. */
static size_t js_str_end(const char *s, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return len;
}

/* End of the value starting at s[i] (after blanks); i when none. */
static size_t js_skip(const char *s, size_t len, size_t i)
{
	int depth = 0;

	i = js_ws(s, len, i);
	if (i >= len)
		return i;
	if (s[i] == '"')
		return js_str_end(s, len, i);
	if (s[i] != '[' && s[i] != '{') {
		while (i < len && !strchr(",:]} \t\r\n", s[i]))
			i++;
		return i;
	}
	for (; i < len; i++) {
		if (s[i] == '"')
			i = js_str_end(s, len, i) - 1;
		else if (s[i] == '[' || s[i] == '{')
			depth++;
		else if ((s[i] == ']' || s[i] == '}') && --depth == 0)
			return i + 1;
	}
	return len;
}

/* The elements of the array (or the values of the object) s[0..len);
 * false when it is neither or is malformed.  At most cap are kept, *n
 * counts all. */
static bool js_items(const char *s, size_t len, struct span *el, size_t cap,
		     size_t *n)
{
	size_t i = js_ws(s, len, 0);
	char close;

	*n = 0;
	if (i >= len || (s[i] != '[' && s[i] != '{'))
		return false;
	close = s[i] == '[' ? ']' : '}';
	i = js_ws(s, len, i + 1);
	if (i < len && s[i] == close)
		return true;
	while (i < len) {
		size_t b, e;

		if (close == '}') {
			if (s[i] != '"')
				return false;
			i = js_ws(s, len, js_str_end(s, len, i));
			if (i >= len || s[i] != ':')
				return false;
			i++;
		}
		b = js_ws(s, len, i);
		e = js_skip(s, len, b);
		if (e == b)
			return false;
		if (*n < cap) {
			el[*n].p = s + b;
			el[*n].n = e - b;
		}
		(*n)++;
		i = js_ws(s, len, e);
		if (i < len && s[i] == close)
			return true;
		if (i >= len || s[i] != ',')
			return false;
		i = js_ws(s, len, i + 1);
	}
	return false;
}

/* 'n' null, 'b' bool, 's' string, 'a' array, 'o' object, '#' number,
 * '?' unknown or missing. */
static char js_type(const char *s)
{
	size_t len = js_len(s), i = js_ws(s, len, 0);

	if (i >= len)
		return '?';
	switch (s[i]) {
	case 'n': return 'n';
	case 't': case 'f': return 'b';
	case '"': return 's';
	case '[': return 'a';
	case '{': return 'o';
	default:
		return (s[i] == '-' || (s[i] >= '0' && s[i] <= '9')) ? '#' : '?';
	}
}

static const char *js_type_name(char t)
{
	switch (t) {
	case 'n': return "null";
	case 'b': return "a boolean";
	case 's': return "a string";
	case 'a': return "a list";
	case 'o': return "an object";
	case '#': return "a number";
	default: return "an unknown value";
	}
}

/* An integer (no fraction, no exponent); *huge when beyond 18 digits. */
static bool js_int(const char *s, long long *v, bool *huge)
{
	size_t len = js_len(s), i = js_ws(s, len, 0), digits = 0;
	bool neg = false;

	*v = 0;
	*huge = false;
	if (i < len && s[i] == '-') {
		neg = true;
		i++;
	}
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		if (digits < 18)
			*v = *v * 10 + (s[i] - '0');
		else
			*huge = true;
	if (digits == 0 || js_ws(s, len, i) != len)
		return false;
	*v = neg ? -*v : *v;
	return true;
}

/* A string's raw content (between the quotes, escapes kept). */
static bool js_str(const char *s, struct span *out)
{
	size_t len = js_len(s), i = js_ws(s, len, 0), e;

	if (i >= len || s[i] != '"')
		return false;
	e = js_str_end(s, len, i);
	if (e > len || s[e - 1] != '"' || e - i < 2 ||
	    js_ws(s, len, e) != len)
		return false;
	out->p = s + i + 1;
	out->n = e - i - 2;
	return true;
}

static bool span_eq(struct span a, struct span b)
{
	return a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

/* Is the value v empty ([], "", {}) or a single element ([x], "c")? */
static bool js_edge_value(struct span v)
{
	struct span el[1];
	size_t n;

	if (v.n == 2 && (memcmp(v.p, "[]", 2) == 0 ||
			 memcmp(v.p, "\"\"", 2) == 0 ||
			 memcmp(v.p, "{}", 2) == 0))
		return true;
	if (v.n == 3 && v.p[0] == '"' && v.p[2] == '"')
		return true;
	return v.n > 0 && v.p[0] == '[' && js_items(v.p, v.n, el, 1, &n) &&
	       n <= 1;
}

/* Does the case input (an object of arguments, or an array of them)
 * hold an empty or one-element argument? */
static bool js_edge_input(const char *input)
{
	struct span el[16];
	size_t n;

	if (!js_items(input, js_len(input), el, 16, &n) || n > 16)
		return false;
	for (size_t i = 0; i < n; i++)
		if (js_edge_value(el[i]))
			return true;
	return false;
}

/* ------------------------------------------------------ tag output */

struct sig_out {
	struct tu_judge_tag *tags;
	size_t *n;
	size_t cap;
	size_t added;
};

static void sig_add(struct sig_out *o, const char *tag, const char *topic,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Appends a tag unless the cap is reached or the id is already there. */
static void sig_add(struct sig_out *o, const char *tag, const char *topic,
		    const char *fmt, ...)
{
	struct tu_judge_tag *t;
	va_list ap;

	if (*o->n >= o->cap)
		return;
	for (size_t i = 0; i < *o->n; i++)
		if (strcmp(o->tags[i].tag, tag) == 0)
			return;
	t = &o->tags[(*o->n)++];
	memset(t, 0, sizeof(*t));
	tu__copy(t->tag, sizeof(t->tag), tag, strlen(tag));
	tu__copy(t->topic, sizeof(t->topic), topic, strlen(topic));
	va_start(ap, fmt);
	vsnprintf(t->evidence, sizeof(t->evidence), fmt, ap);
	va_end(ap);
	o->added++;
}

/* The cases a rule matched, as "case 'a'" / "cases 'a', 'b' and 3 more". */
struct case_list {
	char text[200];
	size_t n;
	const struct tu_signal_case *first;
};

static void cl_add(struct case_list *l, const struct tu_signal_case *k)
{
	size_t used = strlen(l->text);

	if (l->n == 0)
		l->first = k;
	if (l->n < 3 && used + 8 < sizeof(l->text))
		snprintf(l->text + used, sizeof(l->text) - used, "%s'%.40s'",
			 l->n ? ", " : "", k->name ? k->name : "?");
	l->n++;
}

/* Writes the list into buf ("" when empty). */
static const char *cl_str(const struct case_list *l, char *buf, size_t cap)
{
	if (l->n <= 3)
		snprintf(buf, cap, "case%s %s", l->n > 1 ? "s" : "", l->text);
	else
		snprintf(buf, cap, "cases %s and %zu more", l->text, l->n - 3);
	return buf;
}

static const char *s0(const char *s)
{
	return s ? s : "";
}

static bool has(const char *s, const char *needle)
{
	return s && memmem(s, js_len(s), needle, strlen(needle)) != NULL;
}

static bool failed(const struct tu_signal_case *k)
{
	return k->verdict != TU_VERDICT_AC;
}

/* ------------------------------------------------------------ rules */

struct sig_ctx {
	const struct tu_signal_input *in;
	const struct tu__scan *scan;
	struct sig_out *out;
};

static bool is_py(const struct sig_ctx *x)
{
	return x->in->lang == TU_LANG_PYTHON;
}

static bool stack_overflow(const struct sig_ctx *x,
			   const struct tu_signal_case *k)
{
	if (is_py(x))
		return strcmp(s0(k->error_type), "RecursionError") == 0 ||
		       has(k->message, "maximum recursion depth");
	return strcmp(s0(k->error_type), "SIGSEGV") == 0 ||
	       has(k->message, "stack overflow") ||
	       has(k->message, "stack-overflow");
}

/* missing-base-case: the recursion never stopped. */
static void rule_base_case(const struct sig_ctx *x)
{
	struct case_list l = { "", 0, NULL };
	int r = tu__scan_recursive(x->scan, 1, false);
	char cases[256];

	for (size_t i = 0; i < x->in->n_cases; i++)
		if (stack_overflow(x, &x->in->cases[i]))
			cl_add(&l, &x->in->cases[i]);
	if (l.n == 0 || (!is_py(x) && r < 0))
		return;
	if (r < 0) {
		sig_add(x->out, "missing-base-case", "recursion",
			"%s: %s: %.120s; no function calls itself directly (mutual recursion?)",
			cl_str(&l, cases, sizeof(cases)),
			s0(l.first->error_type), s0(l.first->message));
		return;
	}
	sig_add(x->out, "missing-base-case", "recursion",
		"%s: %s: %.120s; %s() (line %d) calls itself at line %d and does not reach a base case for this input",
		cl_str(&l, cases, sizeof(cases)),
		s0(l.first->error_type)[0] ? l.first->error_type : "crash",
		s0(l.first->message), x->scan->fns[r].name,
		x->scan->fns[r].line, x->scan->fns[r].self_call_line);
}

/* The first infinite-loop note, or NULL. */
static const struct tu__note *infinite_note(const struct tu__scan *s)
{
	for (size_t i = 0; i < s->n_notes; i++)
		if (s->notes[i].kind == TU__NOTE_INFINITE_LOOP)
			return &s->notes[i];
	return NULL;
}

/* TLE: exponential-recursion, else infinite-loop, else
 * slow-or-infinite-loop when nothing recurses. */
static void rule_tle(const struct sig_ctx *x)
{
	struct case_list l = { "", 0, NULL };
	int r2 = tu__scan_recursive(x->scan, 2, true);
	const struct tu__note *loop = infinite_note(x->scan);
	char cases[256];

	for (size_t i = 0; i < x->in->n_cases; i++)
		if (x->in->cases[i].verdict == TU_VERDICT_TLE)
			cl_add(&l, &x->in->cases[i]);
	if (l.n == 0)
		return;
	cl_str(&l, cases, sizeof(cases));
	if (r2 >= 0)
		sig_add(x->out, "exponential-recursion", "recursion",
			"%s: time limit exceeded; %s() (line %d) calls itself %d times per call with no memo (lru_cache or a table of results), so the calls grow exponentially",
			cases, x->scan->fns[r2].name, x->scan->fns[r2].line,
			x->scan->fns[r2].self_calls);
	else if (loop)
		sig_add(x->out, "infinite-loop", "loops",
			"%s: time limit exceeded; the while loop at line %d in %s never changes its condition (%s) and has no break or return",
			cases, loop->line, loop->fn[0] ? loop->fn : "the top level",
			loop->detail);
	else if (tu__scan_recursive(x->scan, 1, false) < 0)
		sig_add(x->out, "slow-or-infinite-loop", "loops",
			"%s: time limit exceeded with no recursion in the source: a loop runs too long or never ends",
			cases);
}

/* Python IndexError "... index out of range", C "index N out of bounds". */
static bool index_error(const struct sig_ctx *x,
			const struct tu_signal_case *k)
{
	if (is_py(x))
		return strcmp(s0(k->error_type), "IndexError") == 0 &&
		       has(k->message, "index out of range");
	return has(k->message, "out of bounds");
}

/* WA where the longer of expected/actual is the shorter plus one element
 * (array) or character (string) at one end.  Describes it in buf. */
static bool end_diff(const struct tu_signal_case *k, char *buf, size_t cap)
{
	struct span e[JS_ELEMS], a[JS_ELEMS], es, as;
	size_t ne, na;
	bool arr = js_type(k->expected_json) == 'a';

	if (arr && js_items(k->expected_json, js_len(k->expected_json), e,
			    JS_ELEMS, &ne) &&
	    js_items(k->actual_json, js_len(k->actual_json), a, JS_ELEMS,
		     &na) && ne <= JS_ELEMS && na <= JS_ELEMS &&
	    js_type(k->actual_json) == 'a') {
		const struct span *lo = ne < na ? e : a, *hi = ne < na ? a : e;
		size_t nlo = ne < na ? ne : na, nhi = ne < na ? na : ne;
		bool head = true, tail = true;

		if (nhi != nlo + 1 || nhi < 2)
			return false;
		for (size_t i = 0; i < nlo; i++) {
			tail &= span_eq(lo[i], hi[i]);
			head &= span_eq(lo[i], hi[i + 1]);
		}
		if (!head && !tail)
			return false;
		snprintf(buf, cap, "one element %s at the %s",
			 ne > na ? "missing" : "too many", tail ? "end" : "start");
		return true;
	}
	if (!js_str(k->expected_json, &es) || !js_str(k->actual_json, &as))
		return false;
	{
		struct span lo = es.n < as.n ? es : as, hi = es.n < as.n ? as : es;
		struct span hs = { hi.p + 1, lo.n };
		struct span ht = { hi.p, lo.n };

		if (hi.n != lo.n + 1 || hi.n < 2 ||
		    (!span_eq(lo, ht) && !span_eq(lo, hs)))
			return false;
		snprintf(buf, cap, "one character %s at the %s",
			 es.n > as.n ? "missing" : "too many",
			 span_eq(lo, ht) ? "end" : "start");
	}
	return true;
}

/* Does the input have an argument equal to 0 or 1, or an empty or
 * one-element one? */
static bool boundary_input(const char *input)
{
	struct span el[16];
	size_t n;

	if (js_edge_input(input))
		return true;
	if (!js_items(input, js_len(input), el, 16, &n) || n > 16)
		return false;
	for (size_t i = 0; i < n; i++)
		if (el[i].n == 1 && (el[i].p[0] == '0' || el[i].p[0] == '1'))
			return true;
	return false;
}

/* Every integer WA is off by the same +1 or -1 (on two or more cases, or
 * on one boundary case). */
static bool int_off_by_one(const struct sig_ctx *x, struct case_list *l,
			   long long *d)
{
	long long ev, av;
	bool eh, ah, boundary = false;

	*d = 0;
	for (size_t i = 0; i < x->in->n_cases; i++) {
		const struct tu_signal_case *k = &x->in->cases[i];

		if (k->verdict != TU_VERDICT_WA ||
		    !js_int(k->expected_json, &ev, &eh) ||
		    !js_int(k->actual_json, &av, &ah))
			continue;
		if (eh || ah || (av - ev != 1 && av - ev != -1) ||
		    (*d != 0 && av - ev != *d))
			return false;
		*d = av - ev;
		boundary |= boundary_input(k->input_json);
		cl_add(l, k);
	}
	return l->n >= 2 || (l->n == 1 && boundary);
}

static void rule_off_by_one(const struct sig_ctx *x)
{
	struct case_list l = { "", 0, NULL };
	char cases[256], what[64];
	long long d;

	for (size_t i = 0; i < x->in->n_cases; i++)
		if (index_error(x, &x->in->cases[i]))
			cl_add(&l, &x->in->cases[i]);
	if (l.n > 0) {
		sig_add(x->out, "off-by-one", "indexing",
			"%s: %s: %.120s (an index one past the end?)",
			cl_str(&l, cases, sizeof(cases)),
			s0(l.first->error_type), s0(l.first->message));
		return;
	}
	for (size_t i = 0; i < x->in->n_cases; i++) {
		const struct tu_signal_case *k = &x->in->cases[i];

		if (k->verdict == TU_VERDICT_WA &&
		    end_diff(k, what, sizeof(what))) {
			sig_add(x->out, "off-by-one", "indexing",
				"case '%.40s': expected %.80s, got %.80s: %s",
				s0(k->name), s0(k->expected_json),
				s0(k->actual_json), what);
			return;
		}
	}
	if (int_off_by_one(x, &l, &d))
		sig_add(x->out, "off-by-one", "loops",
			"%s: the result is always %s (expected %.40s, got %.40s): a loop bound or a start value off by one?",
			cl_str(&l, cases, sizeof(cases)),
			d > 0 ? "one too many" : "one too few",
			s0(l.first->expected_json), s0(l.first->actual_json));
}

/* missing-edge-case: WA/RE only on empty or one-element inputs while at
 * least one other case passes. */
static void rule_edge_case(const struct sig_ctx *x)
{
	struct case_list l = { "", 0, NULL };
	size_t passed = 0;
	char cases[256];

	for (size_t i = 0; i < x->in->n_cases; i++) {
		const struct tu_signal_case *k = &x->in->cases[i];

		if (!failed(k)) {
			passed++;
			continue;
		}
		if ((k->verdict != TU_VERDICT_WA &&
		     k->verdict != TU_VERDICT_RE) ||
		    !js_edge_input(k->input_json))
			return;
		cl_add(&l, k);
	}
	if (l.n == 0 || passed == 0)
		return;
	sig_add(x->out, "missing-edge-case", "edge-cases",
		"fails only on %s (input %.80s: empty or a single element) while %zu other case%s pass",
		cl_str(&l, cases, sizeof(cases)), s0(l.first->input_json),
		passed, passed == 1 ? "" : "s");
}

/* A WA whose expected integer needs more than 32 bits, the result fits. */
static bool overflow_case(const struct tu_signal_case *k)
{
	long long ev, av;
	bool eh, ah;

	if (k->verdict != TU_VERDICT_WA || !js_int(k->expected_json, &ev, &eh) ||
	    !js_int(k->actual_json, &av, &ah) || ah)
		return false;
	return (eh || ev > 2147483647LL || ev < -2147483648LL) &&
	       av <= 2147483647LL && av >= -2147483648LL;
}

/* C: integer-overflow from the sanitizer, gcc, or a clipped result. */
static void rule_overflow(const struct sig_ctx *x)
{
	char q[TU__SCAN_NAME];
	int line;
	size_t pos = 0;

	if (tu__diag_next(x->in->runtime_stderr, &pos,
			  "signed integer overflow", &line, q, sizeof(q))) {
		sig_add(x->out, "integer-overflow", "integers",
			"runtime: line %d: signed integer overflow: a result does not fit its int type",
			line);
		return;
	}
	pos = 0;
	if (tu__diag_next(x->in->compiler_diagnostics, &pos, "-Woverflow",
			  &line, q, sizeof(q)) ||
	    (pos = 0, tu__diag_next(x->in->compiler_diagnostics, &pos,
				    "integer overflow in expression", &line,
				    q, sizeof(q)))) {
		sig_add(x->out, "integer-overflow", "integers",
			"gcc: line %d: integer overflow in a constant expression",
			line);
		return;
	}
	if (!x->scan->has_plain_int)
		return;
	for (size_t i = 0; i < x->in->n_cases; i++)
		if (overflow_case(&x->in->cases[i])) {
			const struct tu_signal_case *k = &x->in->cases[i];

			sig_add(x->out, "integer-overflow", "integers",
				"case '%.40s': expected %.40s, which needs more than 32 bits, got %.40s; the source uses int, which holds at most 2147483647",
				s0(k->name), s0(k->expected_json),
				s0(k->actual_json));
			return;
		}
}

/* C: gcc -Wuninitialized / -Wmaybe-uninitialized lines. */
static void rule_uninit(const struct sig_ctx *x)
{
	static const char *const flags[] = {
		"-Wuninitialized", "-Wmaybe-uninitialized", NULL
	};
	char ev[512] = "gcc:", q[TU__SCAN_NAME];
	size_t found = 0;
	int line;

	for (size_t k = 0; flags[k]; k++)
		for (size_t pos = 0;
		     tu__diag_next(x->in->compiler_diagnostics, &pos, flags[k],
				   &line, q, sizeof(q));) {
			size_t used = strlen(ev);

			if (found++ < 4 && used + 96 < sizeof(ev))
				snprintf(ev + used, sizeof(ev) - used,
					 "%s line %d: '%s' %s uninitialized",
					 found > 1 ? ";" : "", line, q,
					 k ? "may be used" : "is used");
		}
	if (found)
		sig_add(x->out, "uninitialized-variable", "variables", "%s", ev);
}

/* The first failing case whose error type is one of types (or whose
 * message or the run's stderr has needle, when given). */
static const struct tu_signal_case *
first_error(const struct sig_ctx *x, const char *type, const char *needle,
	    struct case_list *l)
{
	for (size_t i = 0; i < x->in->n_cases; i++) {
		const struct tu_signal_case *k = &x->in->cases[i];

		if (failed(k) && (strcmp(s0(k->error_type), type) == 0 ||
				  (needle && has(k->message, needle))))
			cl_add(l, k);
	}
	return l->first;
}

static void rule_errors(const struct sig_ctx *x)
{
	struct case_list z = { "", 0, NULL }, t = { "", 0, NULL };
	char cases[256];

	if (first_error(x, is_py(x) ? "ZeroDivisionError" : "SIGFPE",
			"division by zero", &z))
		sig_add(x->out, "zero-division", "arithmetic",
			"%s: %s: %.120s (a divisor can be zero)",
			cl_str(&z, cases, sizeof(cases)),
			s0(z.first->error_type), s0(z.first->message));
	if (is_py(x) && first_error(x, "TypeError", NULL, &t))
		sig_add(x->out, "type-error", "types", "%s: TypeError: %.160s",
			cl_str(&t, cases, sizeof(cases)), s0(t.first->message));
}

/* WA with a value of the wrong JSON type; null is a missing return. */
static void rule_return_type(const struct sig_ctx *x)
{
	for (size_t i = 0; i < x->in->n_cases; i++) {
		const struct tu_signal_case *k = &x->in->cases[i];
		char te = js_type(k->expected_json), ta = js_type(k->actual_json);

		if (k->verdict != TU_VERDICT_WA || te == '?' || ta == '?' ||
		    te == ta)
			continue;
		if (ta == 'n')
			sig_add(x->out, "missing-return", "functions",
				"case '%.40s': expected %.80s, got %s: some path through the function ends without returning a value",
				s0(k->name), s0(k->expected_json),
				is_py(x) ? "None" : "null");
		else if (te != 'n')
			sig_add(x->out, "wrong-return-type", "types",
				"case '%.40s': expected %s (%.60s), got %s (%.60s)",
				s0(k->name), js_type_name(te),
				s0(k->expected_json), js_type_name(ta),
				s0(k->actual_json));
	}
}

/* Python: a def with a mutable default, reported once a case fails. */
static void rule_mutable_default(const struct sig_ctx *x)
{
	for (size_t i = 0; i < x->scan->n_notes; i++) {
		const struct tu__note *nt = &x->scan->notes[i];

		if (nt->kind == TU__NOTE_MUTABLE_DEFAULT) {
			sig_add(x->out, "mutable-default-argument", "functions",
				"line %d: parameter '%s' of %s() has a mutable default, created once and shared by every call, so one call's changes leak into the next",
				nt->line, nt->detail, nt->fn);
			return;
		}
	}
}

size_t tu_judge_signals(const struct tu_signal_input *in,
			struct tu_judge_tag *tags, size_t *n, size_t cap)
{
	struct tu__scan scan;
	struct sig_out out;
	struct sig_ctx x = { in, &scan, &out };
	bool any_failed = false;

	if (!in || !tags || !n || *n >= cap || (!in->cases && in->n_cases))
		return 0;
	for (size_t i = 0; i < in->n_cases; i++)
		any_failed |= failed(&in->cases[i]);
	if (!any_failed)
		return 0;
	out.tags = tags;
	out.n = n;
	out.cap = cap - *n > TU_SIGNALS_MAX ? *n + TU_SIGNALS_MAX : cap;
	out.added = 0;
	tu__scan_source(in->lang, in->source, in->source_len, &scan);
	rule_base_case(&x);
	rule_tle(&x);
	rule_off_by_one(&x);
	rule_edge_case(&x);
	if (!is_py(&x)) {
		rule_overflow(&x);
		rule_uninit(&x);
	}
	rule_errors(&x);
	rule_return_type(&x);
	if (is_py(&x))
		rule_mutable_default(&x);
	return out.added;
}
