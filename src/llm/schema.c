/*
 * schema.c - tu_json_schema_validate: the small JSON-schema subset the
 * schemas of tutor's LLM uses are written in (tutor/llm.h lists it).
 *
 * Two passes: the whole schema is checked first (every keyword known and
 * well-typed, at most SCHEMA_DEPTH levels), so a schema tutor cannot
 * check fails the same way whatever the answer; then the value is walked
 * along the schema and the first violation is reported with its JSON
 * path ("$.steps[2].title: longer than 120 characters").  Annotation
 * keywords (title, description, $schema, $id, default, examples) are
 * accepted and ignored.  Pure: no I/O, no allocation.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "tutor/json.h"
#include "tutor/llm.h"

#define SCHEMA_DEPTH 32
#define PATH_MAX_LEN 256

struct spath {
	char s[PATH_MAX_LEN];
	size_t len;
};

/* Appends ".key" or "[i]" to p; returns the old length to restore. */
static size_t path_key(struct spath *p, const char *key)
{
	size_t old = p->len;
	int n = snprintf(p->s + p->len, sizeof(p->s) - p->len, ".%.64s", key);

	if (n > 0 && (size_t)n < sizeof(p->s) - p->len)
		p->len += (size_t)n;
	else
		p->s[old] = '\0';
	return old;
}

static size_t path_index(struct spath *p, size_t i)
{
	size_t old = p->len;
	int n = snprintf(p->s + p->len, sizeof(p->s) - p->len, "[%zu]", i);

	if (n > 0 && (size_t)n < sizeof(p->s) - p->len)
		p->len += (size_t)n;
	else
		p->s[old] = '\0';
	return old;
}

static void path_restore(struct spath *p, size_t len)
{
	p->len = len;
	p->s[len] = '\0';
}

/* ---------------------------------------------------- checking schemas */

static const char *const type_names[] = {
	"object", "array", "string", "integer", "number", "boolean", "null",
	NULL
};

static bool is_type_name(const json_t *v)
{
	const char *s = json_string_value(v);

	for (size_t i = 0; s && type_names[i]; i++)
		if (strcmp(s, type_names[i]) == 0)
			return true;
	return false;
}

static enum tu_status bad_schema(struct spath *p, const char *key,
				 const char *why, struct tu_err *err)
{
	return tu_err_set(err, TU_EINVAL, "schema %s.%s: %s", p->s, key, why);
}

static enum tu_status check_type_kw(const json_t *t, struct spath *p,
				    struct tu_err *err)
{
	size_t i;
	const json_t *v;

	if (json_is_string(t))
		return is_type_name(t) ? TU_OK
				       : bad_schema(p, "type", "unknown type",
						    err);
	if (!json_is_array(t) || json_array_size(t) == 0)
		return bad_schema(p, "type", "expected a type name or a "
				  "non-empty list of them", err);
	json_array_foreach(t, i, v)
		if (!is_type_name(v))
			return bad_schema(p, "type", "unknown type", err);
	return TU_OK;
}

static enum tu_status check_schema(const json_t *s, struct spath *p,
				   int depth, struct tu_err *err);

static enum tu_status check_properties(const json_t *props, struct spath *p,
				       int depth, struct tu_err *err)
{
	const char *key;
	json_t *sub;

	if (!json_is_object(props))
		return bad_schema(p, "properties", "expected an object", err);
	json_object_foreach((json_t *)(uintptr_t)props, key, sub) {
		size_t old = path_key(p, "properties");
		enum tu_status rc;

		path_key(p, key);
		rc = check_schema(sub, p, depth + 1, err);
		path_restore(p, old);
		if (rc != TU_OK)
			return rc;
	}
	return TU_OK;
}

static enum tu_status check_required(const json_t *req, struct spath *p,
				     struct tu_err *err)
{
	size_t i;
	const json_t *v;

	if (!json_is_array(req))
		return bad_schema(p, "required", "expected a list of names",
				  err);
	json_array_foreach(req, i, v)
		if (!json_is_string(v))
			return bad_schema(p, "required",
					  "expected a list of names", err);
	return TU_OK;
}

static bool is_count(const json_t *v)
{
	return json_is_integer(v) && json_integer_value(v) >= 0;
}

/* One keyword of a schema object. */
static enum tu_status check_keyword(const char *k, const json_t *v,
				    struct spath *p, int depth,
				    struct tu_err *err)
{
	static const char *const notes[] = {
		"title", "description", "$schema", "$id", "default",
		"examples", NULL
	};
	static const char *const counts[] = {
		"minLength", "maxLength", "minItems", "maxItems", NULL
	};
	size_t old;
	enum tu_status rc;

	for (size_t i = 0; notes[i]; i++)
		if (strcmp(k, notes[i]) == 0)
			return TU_OK;
	for (size_t i = 0; counts[i]; i++)
		if (strcmp(k, counts[i]) == 0)
			return is_count(v) ? TU_OK
				: bad_schema(p, k, "expected an integer >= 0",
					     err);
	if (strcmp(k, "type") == 0)
		return check_type_kw(v, p, err);
	if (strcmp(k, "properties") == 0)
		return check_properties(v, p, depth, err);
	if (strcmp(k, "required") == 0)
		return check_required(v, p, err);
	if (strcmp(k, "additionalProperties") == 0)
		return json_is_boolean(v) ? TU_OK
			: bad_schema(p, k, "only true or false is supported",
				     err);
	if (strcmp(k, "items") == 0) {
		old = path_key(p, "items");
		rc = check_schema(v, p, depth + 1, err);
		path_restore(p, old);
		return rc;
	}
	if (strcmp(k, "enum") == 0)
		return json_is_array(v) && json_array_size(v) > 0 ? TU_OK
			: bad_schema(p, k, "expected a non-empty list", err);
	if (strcmp(k, "const") == 0)
		return TU_OK;
	if (strcmp(k, "minimum") == 0 || strcmp(k, "maximum") == 0)
		return json_is_number(v) ? TU_OK
			: bad_schema(p, k, "expected a number", err);
	return bad_schema(p, k, "unknown keyword", err);
}

static enum tu_status check_schema(const json_t *s, struct spath *p,
				   int depth, struct tu_err *err)
{
	const char *k;
	json_t *v;

	if (depth > SCHEMA_DEPTH)
		return tu_err_set(err, TU_EINVAL,
				  "schema %s: nested deeper than %d", p->s,
				  SCHEMA_DEPTH);
	if (!json_is_object(s))
		return tu_err_set(err, TU_EINVAL,
				  "schema %s: expected an object, got %s",
				  p->s, tu_json_type_name(s));
	json_object_foreach((json_t *)(uintptr_t)s, k, v) {
		enum tu_status rc = check_keyword(k, v, p, depth, err);

		if (rc != TU_OK)
			return rc;
	}
	return TU_OK;
}

/* --------------------------------------------------- validating values */

static bool has_type(const json_t *v, const char *t)
{
	double d;

	if (strcmp(t, "object") == 0) return json_is_object(v);
	if (strcmp(t, "array") == 0) return json_is_array(v);
	if (strcmp(t, "string") == 0) return json_is_string(v);
	if (strcmp(t, "boolean") == 0) return json_is_boolean(v);
	if (strcmp(t, "null") == 0) return json_is_null(v);
	if (strcmp(t, "number") == 0) return json_is_number(v);
	if (json_is_integer(v))
		return true;
	if (!json_is_real(v))
		return false;
	d = json_real_value(v);       /* 2.0 is an integer in JSON Schema */
	return isfinite(d) && floor(d) == d;
}

static enum tu_status check_type(const json_t *t, const json_t *v,
				 struct spath *p, struct tu_err *err)
{
	size_t i;
	const json_t *one;

	if (!t)
		return TU_OK;
	if (json_is_string(t)) {
		if (has_type(v, json_string_value(t)))
			return TU_OK;
		return tu_err_set(err, TU_EDATA, "%s: expected %s, got %s",
				  p->s, json_string_value(t),
				  tu_json_type_name(v));
	}
	json_array_foreach(t, i, one)
		if (has_type(v, json_string_value(one)))
			return TU_OK;
	return tu_err_set(err, TU_EDATA, "%s: not of an allowed type, got %s",
			  p->s, tu_json_type_name(v));
}

static size_t code_points(const char *s, size_t n)
{
	size_t cp = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			cp++;
	return cp;
}

static enum tu_status check_string(const json_t *s, const json_t *v,
				   struct spath *p, struct tu_err *err)
{
	const json_t *lo = json_object_get(s, "minLength");
	const json_t *hi = json_object_get(s, "maxLength");
	size_t n;

	if (!json_is_string(v))
		return TU_OK;
	n = code_points(json_string_value(v), json_string_length(v));
	if (lo && n < (size_t)json_integer_value(lo))
		return tu_err_set(err, TU_EDATA,
				  "%s: shorter than %lld characters", p->s,
				  (long long)json_integer_value(lo));
	if (hi && n > (size_t)json_integer_value(hi))
		return tu_err_set(err, TU_EDATA,
				  "%s: longer than %lld characters", p->s,
				  (long long)json_integer_value(hi));
	return TU_OK;
}

static enum tu_status check_number(const json_t *s, const json_t *v,
				   struct spath *p, struct tu_err *err)
{
	const json_t *lo = json_object_get(s, "minimum");
	const json_t *hi = json_object_get(s, "maximum");
	double d;

	if (!json_is_number(v))
		return TU_OK;
	d = json_number_value(v);
	if (lo && d < json_number_value(lo))
		return tu_err_set(err, TU_EDATA, "%s: less than %g", p->s,
				  json_number_value(lo));
	if (hi && d > json_number_value(hi))
		return tu_err_set(err, TU_EDATA, "%s: greater than %g", p->s,
				  json_number_value(hi));
	return TU_OK;
}

static enum tu_status check_value(const json_t *s, const json_t *v,
				  struct spath *p, struct tu_err *err);

static enum tu_status check_array(const json_t *s, const json_t *v,
				  struct spath *p, struct tu_err *err)
{
	const json_t *lo = json_object_get(s, "minItems");
	const json_t *hi = json_object_get(s, "maxItems");
	const json_t *items = json_object_get(s, "items");
	size_t n = json_array_size(v), i;
	const json_t *e;

	if (!json_is_array(v))
		return TU_OK;
	if (lo && n < (size_t)json_integer_value(lo))
		return tu_err_set(err, TU_EDATA, "%s: fewer than %lld items",
				  p->s, (long long)json_integer_value(lo));
	if (hi && n > (size_t)json_integer_value(hi))
		return tu_err_set(err, TU_EDATA, "%s: more than %lld items",
				  p->s, (long long)json_integer_value(hi));
	json_array_foreach(v, i, e) {
		size_t old;
		enum tu_status rc;

		if (!items)
			break;
		old = path_index(p, i);
		rc = check_value(items, e, p, err);
		path_restore(p, old);
		if (rc != TU_OK)
			return rc;
	}
	return TU_OK;
}

static enum tu_status check_required_in(const json_t *req, const json_t *v,
					struct spath *p, struct tu_err *err)
{
	size_t i;
	const json_t *name;

	json_array_foreach(req, i, name) {
		if (json_object_get(v, json_string_value(name)))
			continue;
		return tu_err_set(err, TU_EDATA,
				  "%s: missing required property \"%.64s\"",
				  p->s, json_string_value(name));
	}
	return TU_OK;
}

static enum tu_status check_object(const json_t *s, const json_t *v,
				   struct spath *p, struct tu_err *err)
{
	const json_t *props = json_object_get(s, "properties");
	const json_t *extra = json_object_get(s, "additionalProperties");
	const char *k;
	json_t *e;
	enum tu_status rc;

	if (!json_is_object(v))
		return TU_OK;
	rc = check_required_in(json_object_get(s, "required"), v, p, err);
	json_object_foreach((json_t *)(uintptr_t)v, k, e) {
		const json_t *sub = json_object_get(props, k);
		size_t old;

		if (rc != TU_OK)
			return rc;
		if (!sub && !json_is_false(extra))
			continue;
		old = path_key(p, k);
		rc = sub ? check_value(sub, e, p, err)
			 : tu_err_set(err, TU_EDATA,
				      "%s: property not allowed", p->s);
		path_restore(p, old);
	}
	return rc;
}

static enum tu_status check_enum(const json_t *s, const json_t *v,
				 struct spath *p, struct tu_err *err)
{
	const json_t *en = json_object_get(s, "enum");
	const json_t *c = json_object_get(s, "const");
	size_t i;
	const json_t *one;

	if (c && !json_equal(c, v))
		return tu_err_set(err, TU_EDATA,
				  "%s: not the required constant", p->s);
	if (!en)
		return TU_OK;
	json_array_foreach(en, i, one)
		if (json_equal(one, v))
			return TU_OK;
	return tu_err_set(err, TU_EDATA, "%s: not one of the allowed values",
			  p->s);
}

static enum tu_status check_value(const json_t *s, const json_t *v,
				  struct spath *p, struct tu_err *err)
{
	enum tu_status rc = check_type(json_object_get(s, "type"), v, p, err);

	if (rc == TU_OK)
		rc = check_enum(s, v, p, err);
	if (rc == TU_OK)
		rc = check_string(s, v, p, err);
	if (rc == TU_OK)
		rc = check_number(s, v, p, err);
	if (rc == TU_OK)
		rc = check_array(s, v, p, err);
	if (rc == TU_OK)
		rc = check_object(s, v, p, err);
	return rc;
}

enum tu_status tu_json_schema_validate(const json_t *schema,
				       const json_t *value,
				       struct tu_err *err)
{
	struct spath p = { "$", 1 };
	enum tu_status rc;

	if (!schema || !value)
		return tu_err_set(err, TU_EINVAL,
				  "schema validation: no schema or no value");
	rc = check_schema(schema, &p, 0, err);
	if (rc != TU_OK)
		return rc;
	return check_value(schema, value, &p, err);
}
