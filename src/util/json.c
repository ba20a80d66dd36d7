/*
 * json.c - strict JSON getters, key checks, loading and dumping on top of
 * jansson (see tutor/json.h).  Memory buffers only, no I/O.
 */
#include <string.h>
#include "tutor/json.h"

/* The "path.key" (or "path") of a message as three %s arguments. */
#define WHERE(path, key) (path), (key) ? "." : "", (key) ? (key) : ""

/* The value a getter reads: o's member key, or o itself. */
static const json_t *value_of(const json_t *o, const char *key)
{
	return key ? json_object_get(o, key) : o;
}

const char *tu_json_type_name(const json_t *v)
{
	if (!v)
		return "nothing";
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a real number";
	case JSON_TRUE: return "true";
	case JSON_FALSE: return "false";
	case JSON_NULL: return "null";
	}
	return "?";
}

enum tu_status tu_json_type_error(struct tu_err *err, const char *path,
				  const char *key, const char *want,
				  const json_t *v)
{
	if (!v)
		return tu_err_set(err, TU_EPARSE, "%s%s%s: expected %s",
				  WHERE(path, key), want);
	return tu_err_set(err, TU_EPARSE, "%s%s%s: expected %s, got %s",
			  WHERE(path, key), want, tu_json_type_name(v));
}

static bool key_listed(const char *key, const char *const *keys)
{
	for (size_t i = 0; keys[i]; i++)
		if (strcmp(key, keys[i]) == 0)
			return true;
	return false;
}

enum tu_status tu_json_check_keys(const json_t *o, const char *path,
				  const char *const *keys,
				  enum tu_json_keys mode, struct tu_err *err)
{
	bool exact = mode == TU_JSON_EXACTLY;
	const char *key;
	json_t *v;

	if (!json_is_object(o))
		return tu_json_type_error(err, path, NULL, "an object", o);
	/* jansson's iterator wants a non-const pointer; it does not write. */
	json_object_foreach((json_t *)(uintptr_t)o, key, v) {
		if (!key_listed(key, keys))
			return tu_err_set(err, TU_EPARSE,
					  "%s.%.100s: unknown %s", path, key,
					  exact ? "field" : "key");
	}
	for (size_t i = 0; exact && keys[i]; i++)
		if (!json_object_get(o, keys[i]))
			return tu_err_set(err, TU_EPARSE,
					  "%s.%s: missing required field", path,
					  keys[i]);
	return TU_OK;
}

enum tu_status tu_json_get_num(const json_t *o, const char *path,
			       const char *key, double lo, double hi,
			       double *out, struct tu_err *err)
{
	const json_t *v = value_of(o, key);
	double x;

	if (!json_is_number(v))
		return tu_json_type_error(err, path, key, "a number", v);
	x = json_number_value(v);
	if (!(x >= lo && x <= hi))
		return tu_err_set(err, TU_ERANGE,
				  "%s%s%s: %g is outside [%g, %g]",
				  WHERE(path, key), x, lo, hi);
	*out = x;
	return TU_OK;
}

enum tu_status tu_json_get_int(const json_t *o, const char *path,
			       const char *key, int64_t lo, int64_t hi,
			       int64_t *out, struct tu_err *err)
{
	const json_t *v = value_of(o, key);
	int64_t x;

	if (!json_is_integer(v))
		return tu_json_type_error(err, path, key, "an integer", v);
	x = (int64_t)json_integer_value(v);
	if (x < lo || x > hi)
		return tu_err_set(err, TU_ERANGE,
				  "%s%s%s: must be an integer in [%lld, %lld], "
				  "got %lld", WHERE(path, key), (long long)lo,
				  (long long)hi, (long long)x);
	*out = x;
	return TU_OK;
}

enum tu_status tu_json_get_str(const json_t *o, const char *path,
			       const char *key, char *dst, size_t cap,
			       struct tu_err *err)
{
	const json_t *v = value_of(o, key);
	size_t n;

	if (!json_is_string(v))
		return tu_json_type_error(err, path, key, "a string", v);
	n = json_string_length(v);
	if (n >= cap)
		return tu_err_set(err, TU_ERANGE,
				  "%s%s%s: too long (%zu bytes, at most %zu)",
				  WHERE(path, key), n, cap ? cap - 1 : 0);
	memcpy(dst, json_string_value(v), n + 1);
	return TU_OK;
}

enum tu_status tu_json_expect_str(const json_t *o, const char *path,
				  const char *key, const char *want,
				  struct tu_err *err)
{
	const json_t *v = value_of(o, key);

	if (!json_is_string(v) || strcmp(json_string_value(v), want) != 0)
		return tu_err_set(err, TU_EPARSE, "%s%s%s: expected \"%s\"",
				  WHERE(path, key), want);
	return TU_OK;
}

enum tu_status tu_json_get_bool(const json_t *o, const char *path,
				const char *key, bool *out,
				struct tu_err *err)
{
	const json_t *v = value_of(o, key);

	if (!json_is_boolean(v))
		return tu_json_type_error(err, path, key, "true or false", v);
	*out = json_is_true(v);
	return TU_OK;
}

enum tu_status tu_json_get_array(const json_t *o, const char *path,
				 const char *key, size_t max,
				 const json_t **out, struct tu_err *err)
{
	const json_t *v = value_of(o, key);

	if (!json_is_array(v))
		return tu_json_type_error(err, path, key, "an array", v);
	if (json_array_size(v) > max)
		return tu_err_set(err, TU_ERANGE,
				  "%s%s%s: at most %zu entries, got %zu",
				  WHERE(path, key), max, json_array_size(v));
	*out = v;
	return TU_OK;
}

enum tu_status tu_json_load(const char *buf, size_t len, size_t max,
			    const char *name, json_t **out,
			    struct tu_err *err)
{
	json_error_t je;

	*out = NULL;
	if (len > max)
		return tu_err_set(err, TU_ERANGE,
				  "%s: document of %zu bytes exceeds the limit "
				  "of %zu", name ? name : "$", len, max);
	*out = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (*out)
		return TU_OK;
	if (name)
		return tu_err_set(err, TU_EPARSE, "%s:%d:%d: %s", name,
				  je.line, je.column, je.text);
	return tu_err_set(err, TU_EPARSE,
			  "$: invalid JSON at line %d, column %d: %s", je.line,
			  je.column, je.text);
}

enum tu_status tu_json_dump_take(json_t *root, size_t flags,
				 const char *name, char **out, size_t *len,
				 struct tu_err *err)
{
	size_t prec = JSON_REAL_PRECISION(0x1f);

	*out = NULL;
	if (len)
		*len = 0;
	if (root)
		*out = json_dumps(root, (flags & ~prec) |
					JSON_REAL_PRECISION(17));
	json_decref(root);
	if (!*out)
		return tu_err_set(err, TU_ENOMEM,
				  "%s: out of memory writing JSON", name);
	if (len)
		*len = strlen(*out);
	return TU_OK;
}
