/*
 * exercism_types.c - what the importer knows about values: the judge's
 * signature type of a JSON value and the join of two types (inference
 * over all cases of a property), big integers (JSON integers beyond
 * int64, which jansson cannot hold, are marked before parsing so their
 * cases can be set aside), and Python literals of values for hints.
 * Pure: no I/O.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exercism_internal.h"

static const char *const base_names[] = {
	[TU__EX_NONE] = "any", [TU__EX_INT] = "int", [TU__EX_FLOAT] = "float",
	[TU__EX_BOOL] = "bool", [TU__EX_STR] = "str", [TU__EX_ANY] = "any",
};

struct tu__ex_type tu__ex_type_join(struct tu__ex_type a,
				   struct tu__ex_type b)
{
	if (a.base == TU__EX_NONE && b.depth >= a.depth)
		return b;
	if (b.base == TU__EX_NONE && a.depth >= b.depth)
		return a;
	if (a.depth != b.depth)
		return (struct tu__ex_type){ a.depth < b.depth ? a.depth
					     : b.depth, TU__EX_ANY };
	if (a.base == b.base)
		return a;
	if ((a.base == TU__EX_INT && b.base == TU__EX_FLOAT) ||
	    (a.base == TU__EX_FLOAT && b.base == TU__EX_INT))
		return (struct tu__ex_type){ a.depth, TU__EX_FLOAT };
	return (struct tu__ex_type){ a.depth, TU__EX_ANY };
}

struct tu__ex_type tu__ex_type_of(const json_t *v)
{
	struct tu__ex_type e = TU__EX_NOTHING;
	size_t i;
	json_t *x;

	switch (json_typeof(v)) {
	case JSON_INTEGER: return (struct tu__ex_type){ 0, TU__EX_INT };
	case JSON_REAL: return (struct tu__ex_type){ 0, TU__EX_FLOAT };
	case JSON_TRUE:
	case JSON_FALSE: return (struct tu__ex_type){ 0, TU__EX_BOOL };
	case JSON_STRING: return (struct tu__ex_type){ 0, TU__EX_STR };
	case JSON_ARRAY: break;
	case JSON_OBJECT:
	case JSON_NULL:
	default: return (struct tu__ex_type){ 0, TU__EX_ANY };
	}
	if (json_array_size(v) == 0)
		return (struct tu__ex_type){ 1, TU__EX_NONE };
	json_array_foreach(v, i, x)
		e = tu__ex_type_join(e, tu__ex_type_of(x));
	if (e.depth + 1 > TU__EX_TYPE_DEPTH)
		return (struct tu__ex_type){ 0, TU__EX_ANY };
	return (struct tu__ex_type){ e.depth + 1, e.base };
}

void tu__ex_type_name(struct tu__ex_type t, char *buf, size_t cap)
{
	struct tu__ex_buf b;

	tu__ex_buf_init(&b, cap > 0 ? cap - 1 : 0);
	for (int i = 0; i < t.depth; i++)
		tu__ex_buf_puts(&b, "list[");
	tu__ex_buf_puts(&b, base_names[t.base]);
	for (int i = 0; i < t.depth; i++)
		tu__ex_buf_puts(&b, "]");
	if (cap > 0)
		snprintf(buf, cap, "%s", b.failed ? "any" : tu__ex_buf_str(&b));
	tu__ex_buf_release(&b);
}

bool tu__ex_has_bigint(const json_t *v)
{
	const char *k;
	size_t i;
	json_t *x;

	if (json_is_string(v))
		return strcmp(json_string_value(v), TU__EX_BIGINT) == 0;
	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			if (tu__ex_has_bigint(x))
				return true;
	}
	if (json_is_object(v)) {
		json_object_foreach((json_t *)(uintptr_t)v, k, x)
			if (tu__ex_has_bigint(x))
				return true;
	}
	return false;
}

/* End of the JSON string starting at buf[i] == '"' (index after it). */
static size_t skip_string(const char *buf, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		if (buf[i] == '\\')
			i++;
		else if (buf[i] == '"')
			return i + 1;
	}
	return len;
}

/* True when buf[0..n) is a JSON integer (-?(0|[1-9][0-9]*)) outside
 * the int64 range. */
static bool is_bigint(const char *buf, size_t n)
{
	static const char max_pos[] = "9223372036854775807";
	static const char max_neg[] = "9223372036854775808";
	bool neg = n > 0 && buf[0] == '-';
	const char *d = buf + neg, *lim = neg ? max_neg : max_pos;
	size_t nd = n - neg;

	if (nd == 0 || (d[0] == '0' && nd > 1))
		return false;
	for (size_t i = 0; i < nd; i++)
		if (d[i] < '0' || d[i] > '9')
			return false;
	return nd > 19 || (nd == 19 && memcmp(d, lim, 19) > 0);
}

bool tu__ex_mark_bigints(const char *buf, size_t len, char **out,
			 size_t *out_len)
{
	static const char mark[] = "\"\\u0001int64\"";
	struct tu__ex_buf b;
	size_t i = 0, copied = 0;

	*out = NULL;
	*out_len = 0;
	tu__ex_buf_init(&b, 2 * len + 64);
	while (i < len) {
		size_t n;

		if (buf[i] == '"') {
			i = skip_string(buf, len, i);
			continue;
		}
		n = strspn(buf + i, "-+0123456789.eE");
		if (n > len - i)
			n = len - i;
		if (n > 0 && is_bigint(buf + i, n)) {
			tu__ex_buf_add(&b, buf + copied, i - copied);
			tu__ex_buf_add(&b, mark, sizeof(mark) - 1);
			copied = i + n;
		}
		i += n > 0 ? n : 1;
	}
	if (copied == 0 || b.failed) {
		bool ok = !b.failed;

		tu__ex_buf_release(&b);
		return ok;
	}
	tu__ex_buf_add(&b, buf + copied, len - copied);
	if (b.failed) {
		tu__ex_buf_release(&b);
		return false;
	}
	*out = b.s;
	*out_len = b.len;
	return true;
}

/* The shortest %g form of d that reads back as d, with ".0" when it
 * would read as an integer in Python. */
static void py_float(struct tu__ex_buf *b, double d)
{
	char s[40];

	if (!isfinite(d)) {
		tu__ex_buf_puts(b, isnan(d) ? "float('nan')" : d > 0 ?
				"float('inf')" : "-float('inf')");
		return;
	}
	for (int p = 1; p <= 17; p++) {
		snprintf(s, sizeof(s), "%.*g", p, d);
		if (strtod(s, NULL) == d)
			break;
	}
	tu__ex_buf_puts(b, s);
	if (!strpbrk(s, ".en"))
		tu__ex_buf_puts(b, ".0");
}

static void py_string(struct tu__ex_buf *b, const json_t *v)
{
	char *s = json_dumps(v, JSON_ENCODE_ANY);

	if (!s) {
		b->failed = true;
		return;
	}
	tu__ex_buf_puts(b, s);
	free(s);
}

static void py_items(struct tu__ex_buf *b, const json_t *v, size_t max);

void tu__ex_pyrepr(struct tu__ex_buf *b, const json_t *v, size_t max)
{
	if (b->len > max)
		return;
	switch (json_typeof(v)) {
	case JSON_NULL: tu__ex_buf_puts(b, "None"); break;
	case JSON_TRUE: tu__ex_buf_puts(b, "True"); break;
	case JSON_FALSE: tu__ex_buf_puts(b, "False"); break;
	case JSON_INTEGER:
		tu__ex_buf_printf(b, "%" JSON_INTEGER_FORMAT,
				  json_integer_value(v));
		break;
	case JSON_REAL: py_float(b, json_real_value(v)); break;
	case JSON_STRING: py_string(b, v); break;
	case JSON_ARRAY:
	case JSON_OBJECT: py_items(b, v, max); break;
	default: break;
	}
}

/* [a, b] or {"k": v}, stopping with "..." past max bytes. */
static void py_items(struct tu__ex_buf *b, const json_t *v, size_t max)
{
	bool obj = json_is_object(v);
	void *it = obj ? json_object_iter((json_t *)(uintptr_t)v) : NULL;
	size_t n = obj ? json_object_size(v) : json_array_size(v);

	tu__ex_buf_puts(b, obj ? "{" : "[");
	for (size_t i = 0; i < n; i++) {
		if (b->len > max) {
			tu__ex_buf_puts(b, "...");
			break;
		}
		if (i > 0)
			tu__ex_buf_puts(b, ", ");
		if (obj) {
			json_t *k = json_string(json_object_iter_key(it));

			py_string(b, k);
			json_decref(k);
			tu__ex_buf_puts(b, ": ");
			tu__ex_pyrepr(b, json_object_iter_value(it), max);
			it = json_object_iter_next((json_t *)(uintptr_t)v, it);
		} else {
			tu__ex_pyrepr(b, json_array_get(v, i), max);
		}
	}
	tu__ex_buf_puts(b, obj ? "}" : "]");
}
