/*
 * types.c - the signature types of docs/problem-format.md: parsing,
 * naming and checking JSON values against them.  Pure.
 */
#include <stdio.h>
#include <string.h>
#include "judge_internal.h"

static const char *const base_names[] = {
	[TU__T_INT] = "int", [TU__T_FLOAT] = "float", [TU__T_BOOL] = "bool",
	[TU__T_STR] = "str", [TU__T_ANY] = "any",
};

bool tu__type_parse(const char *s, struct tu__type *out)
{
	size_t len = strlen(s);
	int depth = 0;

	while (strncmp(s, "list[", 5) == 0 && len > 6 && s[len - 1] == ']') {
		s += 5;
		len -= 6;
		if (++depth > TU__MAX_DEPTH)
			return false;
	}
	for (size_t b = 0; b < sizeof(base_names) / sizeof(base_names[0]); b++) {
		if (strlen(base_names[b]) == len &&
		    strncmp(s, base_names[b], len) == 0) {
			out->base = (enum tu__base)b;
			out->depth = depth;
			return true;
		}
	}
	return false;
}

void tu__type_name(const struct tu__type *t, char *buf, size_t cap)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < t->depth && used < cap; i++)
		used += (size_t)snprintf(buf + used, cap - used, "list[");
	if (used < cap)
		used += (size_t)snprintf(buf + used, cap - used, "%s",
					 base_names[t->base]);
	for (int i = 0; i < t->depth && used < cap; i++)
		used += (size_t)snprintf(buf + used, cap - used, "]");
}

bool tu__type_c_ok(const struct tu__type *t)
{
	return t->base != TU__T_ANY && t->depth <= 1;
}

static const char *want_phrase(enum tu__base b)
{
	switch (b) {
	case TU__T_INT: return "an int";
	case TU__T_FLOAT: return "a float";
	case TU__T_BOOL: return "a bool";
	case TU__T_STR: return "a string";
	case TU__T_ANY: return "a value";
	}
	return "?";
}

static const char *got_phrase(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "a list";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an int";
	case JSON_REAL: return "a float";
	case JSON_TRUE: case JSON_FALSE: return "a bool";
	case JSON_NULL: return "null";
	}
	return "?";
}

static bool scalar_ok(enum tu__base b, const json_t *v)
{
	switch (b) {
	case TU__T_INT: return json_is_integer(v);
	case TU__T_FLOAT: return json_is_number(v);
	case TU__T_BOOL: return json_is_boolean(v);
	case TU__T_STR: return json_is_string(v);
	case TU__T_ANY: return true;
	}
	return false;
}

/* Checks v at nesting level depth; prefix is the element path so far. */
static bool check_at(const struct tu__type *t, int depth, const json_t *v,
		     const char *prefix, char *why, size_t cap)
{
	char sub[96];
	size_t i;
	json_t *e;

	if (depth == t->depth) {
		if (scalar_ok(t->base, v))
			return true;
		snprintf(why, cap, "%sexpected %s, got %s", prefix,
			 want_phrase(t->base), got_phrase(v));
		return false;
	}
	if (!json_is_array(v)) {
		snprintf(why, cap, "%sexpected a list, got %s", prefix,
			 got_phrase(v));
		return false;
	}
	json_array_foreach(v, i, e) {
		snprintf(sub, sizeof(sub), "[%zu]: ", i);
		if (!check_at(t, depth + 1, e, sub, why, cap))
			return false;
	}
	return true;
}

bool tu__type_check(const struct tu__type *t, const json_t *v,
		    char *why, size_t cap)
{
	return check_at(t, 0, v, "", why, cap);
}
