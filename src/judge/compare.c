/*
 * compare.c - the judge's type-aware comparison of actual and expected
 * values and of stdio output (docs/problem-format.md, docs/judge.md).
 * Pure: runs on the server after the sandboxed run; the expected values
 * never enter the sandbox.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "judge_internal.h"

/* ---- display ---- */

struct sbuf {
	char *p;
	size_t cap, len, max;   /* len may exceed max: output is cut at max */
};

static void sb_put(struct sbuf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++, b->len++)
		if (b->len < b->max && b->len + 1 < b->cap)
			b->p[b->len] = s[i];
}

static void sb_puts(struct sbuf *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

/* The shortest %.Ng (N = 15..17) that reads back as d. */
static void fmt_real(double d, char *buf, size_t cap)
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, cap, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	if (!strpbrk(buf, ".eEn"))
		strncat(buf, ".0", cap - strlen(buf) - 1);
}

static void show_str(struct sbuf *b, const char *s)
{
	char esc[8];

	sb_puts(b, "\"");
	for (; *s && b->len < b->max; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			sb_put(b, esc, 2);
		} else if (c < 0x20) {
			snprintf(esc, sizeof(esc), c == '\n' ? "\\n" :
				 c == '\t' ? "\\t" : "\\u%04x", c);
			sb_puts(b, esc);
		} else {
			sb_put(b, s, 1);
		}
	}
	sb_puts(b, "\"");
}

static void show(struct sbuf *b, const json_t *v)
{
	char num[40];
	const char *key;
	size_t i;
	json_t *e;

	switch (json_typeof(v)) {
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
			 json_integer_value(v));
		sb_puts(b, num);
		break;
	case JSON_REAL:
		fmt_real(json_real_value(v), num, sizeof(num));
		sb_puts(b, num);
		break;
	case JSON_STRING: show_str(b, json_string_value(v)); break;
	case JSON_TRUE: sb_puts(b, "true"); break;
	case JSON_FALSE: sb_puts(b, "false"); break;
	case JSON_NULL: sb_puts(b, "null"); break;
	case JSON_ARRAY:
		sb_puts(b, "[");
		json_array_foreach(v, i, e) {
			if (b->len >= b->max)
				break;
			sb_puts(b, i ? ", " : "");
			show(b, e);
		}
		sb_puts(b, "]");
		break;
	case JSON_OBJECT:
		sb_puts(b, "{");
		i = 0;
		json_object_foreach((json_t *)(uintptr_t)v, key, e) {
			sb_puts(b, i++ ? ", " : "");
			show_str(b, key);
			sb_puts(b, ": ");
			show(b, e);
		}
		sb_puts(b, "}");
		break;
	}
}

void tu__value_str(const json_t *v, char *buf, size_t cap, size_t max)
{
	struct sbuf b = { buf, cap, 0, max };

	if (!v)
		sb_puts(&b, "no value");
	else
		show(&b, v);
	if (b.len > b.max && b.max + 4 < b.cap) {
		memcpy(buf + b.max, "...", 4);
		return;
	}
	buf[b.len < cap ? b.len : cap - 1] = '\0';
}

/* ---- values ---- */

static bool num_close(double e, double a, const struct tu__cmp *c)
{
	double tol = fmax(c->abs_tol, c->rel_tol * fabs(e));

	return fabs(a - e) <= tol;
}

static bool any_equal(const json_t *e, const json_t *a,
		      const struct tu__cmp *c);

static bool objects_equal(const json_t *e, const json_t *a,
			  const struct tu__cmp *c)
{
	const char *key;
	json_t *ev;

	if (!json_is_object(a) || json_object_size(a) != json_object_size(e))
		return false;
	json_object_foreach((json_t *)(uintptr_t)e, key, ev)
		if (!any_equal(ev, json_object_get(a, key), c))
			return false;
	return true;
}

/* Structural equality for type any: reals with tolerance, ints exact. */
static bool any_equal(const json_t *e, const json_t *a,
		      const struct tu__cmp *c)
{
	if (!a)
		return false;
	if (json_is_integer(e) && json_is_integer(a))
		return json_integer_value(e) == json_integer_value(a);
	if (json_is_number(e) && json_is_number(a))
		return num_close(json_number_value(e), json_number_value(a), c);
	if (json_is_array(e)) {
		if (!json_is_array(a) || json_array_size(a) !=
		    json_array_size(e))
			return false;
		for (size_t i = 0; i < json_array_size(e); i++)
			if (!any_equal(json_array_get(e, i),
				       json_array_get(a, i), c))
				return false;
		return true;
	}
	if (json_is_object(e))
		return objects_equal(e, a, c);
	return json_equal((json_t *)(uintptr_t)e, (json_t *)(uintptr_t)a);
}

static bool leaf_equal(enum tu__base b, const struct tu__cmp *c,
		       const json_t *e, const json_t *a)
{
	switch (b) {
	case TU__T_INT:
		return json_is_integer(a) &&
		       json_integer_value(a) == json_integer_value(e);
	case TU__T_FLOAT:
		return json_is_number(a) && num_close(json_number_value(e),
						      json_number_value(a), c);
	case TU__T_BOOL:
		return json_is_boolean(a) && json_typeof(a) == json_typeof(e);
	case TU__T_STR:
		return json_is_string(a) && json_string_length(a) ==
		       json_string_length(e) && memcmp(json_string_value(a),
		       json_string_value(e), json_string_length(e)) == 0;
	case TU__T_ANY:
		return any_equal(e, a, c);
	}
	return false;
}

static int type_rank(const json_t *v)
{
	if (json_is_number(v))
		return 0;
	if (json_is_string(v))
		return 1;
	if (json_is_boolean(v))
		return 2;
	if (json_is_array(v))
		return 3;
	return 4;
}

/* A total order on values, used to sort lists compared as multisets. */
static int value_order(const json_t *x, const json_t *y)
{
	int rx = type_rank(x), ry = type_rank(y);
	size_t nx, ny;

	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (rx == 0) {
		double a = json_number_value(x), b = json_number_value(y);
		return a < b ? -1 : a > b ? 1 : 0;
	}
	if (rx == 1)
		return strcmp(json_string_value(x), json_string_value(y));
	if (rx == 2)
		return (int)json_is_true(x) - (int)json_is_true(y);
	if (rx == 4)
		return 0;
	nx = json_array_size(x);
	ny = json_array_size(y);
	for (size_t i = 0; i < nx && i < ny; i++) {
		int o = value_order(json_array_get(x, i), json_array_get(y, i));
		if (o)
			return o;
	}
	return nx < ny ? -1 : nx > ny ? 1 : 0;
}

static int order_cb(const void *x, const void *y)
{
	return value_order(*(const json_t *const *)x,
			   *(const json_t *const *)y);
}

/* Sorted borrowed element pointers of array v; NULL on OOM. */
static const json_t **sorted_elems(const json_t *v)
{
	size_t n = json_array_size(v);
	const json_t **el = malloc((n ? n : 1) * sizeof(*el));

	if (!el)
		return NULL;
	for (size_t i = 0; i < n; i++)
		el[i] = json_array_get(v, i);
	qsort(el, n, sizeof(*el), order_cb);
	return el;
}

static bool equal_at(const struct tu__type *t, int depth,
		     const struct tu__cmp *c, const json_t *e, const json_t *a,
		     size_t *diff_at);

static bool unordered_equal(const struct tu__type *t,
			    const struct tu__cmp *c, const json_t *e,
			    const json_t *a)
{
	const json_t **se = sorted_elems(e), **sa = sorted_elems(a);
	bool ok = se && sa;

	for (size_t i = 0; ok && i < json_array_size(e); i++)
		ok = equal_at(t, 1, c, se[i], sa[i], NULL);
	free(se);
	free(sa);
	return ok;
}

/* Compares at list depth; *diff_at (top level) gets the first bad index. */
static bool equal_at(const struct tu__type *t, int depth,
		     const struct tu__cmp *c, const json_t *e, const json_t *a,
		     size_t *diff_at)
{
	if (!a)
		return false;
	if (depth == t->depth)
		return leaf_equal(t->base, c, e, a);
	if (!json_is_array(a) || json_array_size(a) != json_array_size(e))
		return false;
	if (depth == 0 && c->unordered)
		return unordered_equal(t, c, e, a);
	for (size_t i = 0; i < json_array_size(e); i++) {
		if (!equal_at(t, depth + 1, c, json_array_get(e, i),
			      json_array_get(a, i), NULL)) {
			if (diff_at)
				*diff_at = i;
			return false;
		}
	}
	return true;
}

bool tu__compare_value(const struct tu__type *t, const struct tu__cmp *cmp,
		       const json_t *expected, const json_t *actual,
		       char *why, size_t cap)
{
	char es[TU__WA_VALUE_MAX + 8], as[TU__WA_VALUE_MAX + 8];
	size_t diff = (size_t)-1;

	if (equal_at(t, 0, cmp, expected, actual, &diff))
		return true;
	tu__value_str(expected, es, sizeof(es), TU__WA_VALUE_MAX);
	tu__value_str(actual, as, sizeof(as), TU__WA_VALUE_MAX);
	if (t->depth > 0 && json_is_array(actual) &&
	    json_array_size(actual) != json_array_size(expected))
		snprintf(why, cap, "expected %s (length %zu), got %s "
			 "(length %zu)", es, json_array_size(expected), as,
			 json_array_size(actual));
	else if (diff != (size_t)-1)
		snprintf(why, cap, "expected %s, got %s (first difference at "
			 "index %zu)", es, as, diff);
	else
		snprintf(why, cap, "expected %s, got %s%s", es, as,
			 cmp->unordered ? " (order does not matter)" : "");
	return false;
}

/* ---- stdio ---- */

/* Next line of *s (without '\n'); false at the end. */
static bool next_line(const char **s, const char **line, size_t *len)
{
	const char *nl;

	if (!**s)
		return false;
	*line = *s;
	nl = strchr(*s, '\n');
	*len = nl ? (size_t)(nl - *s) : strlen(*s);
	*s = nl ? nl + 1 : *s + *len;
	return true;
}

static size_t rstrip_len(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n;
}

/* Number of lines once trailing blank lines are dropped. */
static size_t content_lines(const char *s)
{
	const char *line;
	size_t len, n = 0, last = 0;

	while (next_line(&s, &line, &len)) {
		n++;
		if (rstrip_len(line, len))
			last = n;
	}
	return last;
}

static void quote(char *dst, size_t cap, const char *s, size_t n)
{
	size_t max = n < 80 ? n : 80;

	snprintf(dst, cap, "'%.*s%s'", (int)max, s, n > max ? "..." : "");
}

static bool lines_equal(const char *e, const char *a, char *why, size_t cap)
{
	size_t ne = content_lines(e), na = content_lines(a), el, al;
	const char *eline = "", *aline = "";
	char eq[100], aq[100];

	for (size_t i = 0; i < ne || i < na; i++) {
		if (!next_line(&e, &eline, &el))
			el = 0;
		if (!next_line(&a, &aline, &al))
			al = 0;
		el = i < ne ? rstrip_len(eline, el) : 0;
		al = i < na ? rstrip_len(aline, al) : 0;
		if (i < ne && i < na && el == al && memcmp(eline, aline, el) == 0)
			continue;
		quote(eq, sizeof(eq), eline, el);
		quote(aq, sizeof(aq), aline, al);
		snprintf(why, cap, "line %zu: expected %s, got %s", i + 1,
			 i < ne ? eq : "no more lines", i < na ? aq :
			 "no more lines");
		return false;
	}
	return true;
}

static bool next_token(const char **s, const char **tok, size_t *len)
{
	*s += strspn(*s, " \t\r\n\v\f");
	if (!**s)
		return false;
	*tok = *s;
	*len = strcspn(*s, " \t\r\n\v\f");
	*s += *len;
	return true;
}

static bool token_num(const char *t, size_t n, double *out)
{
	char buf[64], *end;

	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, t, n);
	buf[n] = '\0';
	*out = strtod(buf, &end);
	return *end == '\0' && isfinite(*out);
}

static bool tokens_match(const struct tu__cmp *c, const char *et, size_t el,
			 const char *at, size_t al)
{
	double x, y;

	if (el == al && memcmp(et, at, el) == 0)
		return true;
	if ((c->abs_tol > 0 || c->rel_tol > 0) && token_num(et, el, &x) &&
	    token_num(at, al, &y))
		return num_close(x, y, c);
	return false;
}

static bool tokens_equal(const struct tu__cmp *c, const char *e,
			 const char *a, char *why, size_t cap)
{
	const char *et = "", *at = "";
	size_t el, al;
	bool he, ha;
	char eq[100], aq[100];

	for (size_t i = 1;; i++) {
		he = next_token(&e, &et, &el);
		ha = next_token(&a, &at, &al);
		if (!he && !ha)
			return true;
		if (he && ha && tokens_match(c, et, el, at, al))
			continue;
		quote(eq, sizeof(eq), et, he ? el : 0);
		quote(aq, sizeof(aq), at, ha ? al : 0);
		snprintf(why, cap, "token %zu: expected %s, got %s", i,
			 he ? eq : "no more tokens", ha ? aq : "no more tokens");
		return false;
	}
}

bool tu__compare_stdout(const struct tu__cmp *cmp, const char *expected,
			const char *actual, char *why, size_t cap)
{
	size_t i = 0, line = 1;

	if (cmp->mode == TU__MODE_LINES)
		return lines_equal(expected, actual, why, cap);
	if (cmp->mode == TU__MODE_TOKENS)
		return tokens_equal(cmp, expected, actual, why, cap);
	while (expected[i] && expected[i] == actual[i])
		line += expected[i++] == '\n';
	if (!expected[i] && !actual[i])
		return true;
	snprintf(why, cap, "output differs at line %zu, byte %zu (exact "
		 "comparison)", line, i + 1);
	return false;
}
