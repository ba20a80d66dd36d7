/*
 * exercism_cases.c - one exercise's canonical-data.json: validation (with
 * JSON paths), the leaf cases (groups flattened, the innermost group's
 * description kept for hints), and the support decision per case:
 *
 *   superseded by <uuid>     another case reimplements it
 *   parameters not representable  keys that make no Python parameters
 *   input keys differ        not the property's parameters
 *   integer outside the 64-bit range
 *   error case: exception class not stated
 *   more than 1000 cases / fewer than 2 cases / problem id too long
 *
 * and one problem per property (id, function and parameter names,
 * inferred types, unique case names, the public/hidden split).
 *
 * Not here: reading the file (exercism_io.c), writing (exercism_write.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exercism_internal.h"
#include "tutor/json.h"

#define JPATH_CAP 512

static const char *const WHY_KEYS = "input keys differ";
static const char *const WHY_ERROR = "error case: exception class not stated";
static const char *const WHY_BIGINT = "integer outside the 64-bit range";
static const char *const WHY_PARAMS = "parameters not representable";
static const char *const WHY_FEW = "fewer than 2 cases";
static const char *const WHY_MANY = "more than 1000 cases";
static const char *const WHY_ID = "problem id longer than 63 bytes";

/* An exercise being read. */
struct rd {
	struct tu__ex_exercise *e;
	const char *path;          /* the file, for messages */
	size_t cap;                /* allocated cases */
};

size_t tu__ex_n_public(size_t n)
{
	size_t k = n / 3;

	return k < 1 ? 1 : k > 3 ? 3 : k;
}

void tu__ex_exercise_release(struct tu__ex_exercise *e)
{
	for (size_t i = 0; i < e->n_problems; i++)
		free(e->problems[i].cases);
	free(e->problems);
	free(e->cases);
	json_decref(e->root);
	memset(e, 0, sizeof(*e));
}

/* o.key must be a string of fewer than max bytes; *out borrows it. */
static enum tu_status get_s(const struct rd *R, const json_t *o,
			    const char *path, const char *key, size_t max,
			    const char **out, struct tu_err *err)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		return tu_err_set(err, TU_EPARSE, "%s: %s.%s: expected a "
				  "string%s%s", R->path, path, key,
				  v ? ", got " : "", v ? tu_json_type_name(v)
				  : "");
	if (json_string_length(v) >= max)
		return tu_err_set(err, TU_ERANGE, "%s: %s.%s: too long (%zu "
				  "bytes, at most %zu)", R->path, path, key,
				  json_string_length(v), max - 1);
	*out = json_string_value(v);
	return TU_OK;
}

/* A lowerCamelCase property: [a-z][A-Za-z]*. */
static bool property_ok(const char *s)
{
	if (!(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (size_t i = 1; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z')))
			return false;
	return true;
}

static enum tu_status add_leaf(struct rd *R, const json_t *o,
			       const char *path, const char *group,
			       struct tu_err *err)
{
	struct tu__ex_case c = { .leaf = o, .group = group };
	const json_t *ex = json_object_get(o, "expected");
	enum tu_status st = get_s(R, o, path, "uuid", TU_ID_MAX, &c.uuid, err);

	if (st == TU_OK)
		st = get_s(R, o, path, "description", 4096, &c.desc, err);
	if (st == TU_OK)
		st = get_s(R, o, path, "property", TU_ID_MAX, &c.property, err);
	if (st == TU_OK && !property_ok(c.property))
		return tu_err_set(err, TU_EPARSE, "%s: %s.property: '%s' is "
				  "not lowerCamelCase letters", R->path, path,
				  c.property);
	if (st == TU_OK && !json_is_object(json_object_get(o, "input")))
		return tu_err_set(err, TU_EPARSE, "%s: %s.input: expected an "
				  "object, got %s", R->path, path,
				  tu_json_type_name(json_object_get(o,
								    "input")));
	if (st == TU_OK && !ex)
		return tu_err_set(err, TU_EPARSE, "%s: %s.expected: missing",
				  R->path, path);
	if (st)
		return st;
	c.error = json_is_object(ex) && json_object_size(ex) == 1 &&
		  json_is_string(json_object_get(ex, "error"));
	if (R->e->n_cases == R->cap) {
		size_t cap = R->cap ? 2 * R->cap : 64;
		void *p = realloc(R->e->cases, cap * sizeof(c));

		if (!p)
			return tu_err_set(err, TU_ENOMEM, "%s: out of memory",
					  R->path);
		R->e->cases = p;
		R->cap = cap;
	}
	R->e->cases[R->e->n_cases++] = c;
	return TU_OK;
}

static enum tu_status walk(struct rd *R, const json_t *arr, const char *path,
			   int depth, const char *group, struct tu_err *err);

static enum tu_status walk_item(struct rd *R, const json_t *o,
				const char *path, int depth,
				const char *group, struct tu_err *err)
{
	const char *desc = NULL;
	enum tu_status st;

	if (!json_is_object(o))
		return tu_err_set(err, TU_EPARSE, "%s: %s: expected an "
				  "object, got %s", R->path, path,
				  tu_json_type_name(o));
	if (!json_object_get(o, "cases")) {
		if (R->e->n_cases >= TU__EX_LEAVES_MAX)
			return tu_err_set(err, TU_ERANGE, "%s: %s: more than "
					  "%d cases", R->path, path,
					  TU__EX_LEAVES_MAX);
		return add_leaf(R, o, path, group, err);
	}
	if (depth >= TU__EX_GROUP_DEPTH)
		return tu_err_set(err, TU_ERANGE, "%s: %s: groups nested more "
				  "than %d deep", R->path, path,
				  TU__EX_GROUP_DEPTH);
	st = get_s(R, o, path, "description", 4096, &desc, err);
	return st ? st : walk(R, json_object_get(o, "cases"), path, depth + 1,
			      desc, err);
}

static enum tu_status walk(struct rd *R, const json_t *arr, const char *path,
			   int depth, const char *group, struct tu_err *err)
{
	char sub[JPATH_CAP];
	enum tu_status st = TU_OK;

	if (!json_is_array(arr))
		return tu_err_set(err, TU_EPARSE, "%s: %s.cases: expected an "
				  "array, got %s", R->path, path,
				  tu_json_type_name(arr));
	for (size_t i = 0; st == TU_OK && i < json_array_size(arr); i++) {
		snprintf(sub, sizeof(sub), "%s.cases[%zu]", path, i);
		st = walk_item(R, json_array_get(arr, i), sub, depth, group,
			       err);
	}
	return st;
}

/* Marks every case another one reimplements (the first such wins). */
static void supersede(struct tu__ex_exercise *e)
{
	for (size_t i = 0; i < e->n_cases; i++) {
		const json_t *r = json_object_get(e->cases[i].leaf,
						  "reimplements");

		if (!json_is_string(r))
			continue;
		for (size_t j = 0; j < e->n_cases; j++) {
			struct tu__ex_case *c = &e->cases[j];

			if (c->why || strcmp(c->uuid, json_string_value(r)))
				continue;
			snprintf(c->why_buf, sizeof(c->why_buf),
				 "superseded by %s", e->cases[i].uuid);
			c->why = c->why_buf;
		}
	}
}

/* The problem being built for one property. */
struct pb {
	struct tu__ex_exercise *e;
	struct tu__ex_problem *p;
	size_t *idx;        /* cases of the property */
	size_t n;
	bool bad_params;    /* too many keys, or no Python names for them */
};

/* The union of the input keys of the still supported cases, in
 * first-seen order, and their parameter names. */
static void collect_keys(struct pb *B)
{
	struct tu__ex_problem *p = B->p;

	for (size_t i = 0; i < B->n; i++) {
		const struct tu__ex_case *c = &B->e->cases[B->idx[i]];
		const json_t *in = json_object_get(c->leaf, "input");
		const char *k;
		json_t *v;

		if (c->why)
			continue;
		json_object_foreach((json_t *)(uintptr_t)in, k, v) {
			bool seen = false;

			for (size_t j = 0; j < p->n_params && !seen; j++)
				seen = strcmp(p->keys[j], k) == 0;
			if (seen)
				continue;
			if (p->n_params == TU__EX_PARAMS_MAX) {
				B->bad_params = true;
				continue;
			}
			p->keys[p->n_params++] = k;
		}
	}
	for (size_t j = 0; j < p->n_params; j++) {
		if (!tu__ex_snake(p->keys[j], p->params[j], TU_ID_MAX))
			B->bad_params = true;
		for (size_t k = 0; k < j; k++)
			if (!strcmp(p->params[k], p->params[j]))
				B->bad_params = true;
	}
}

/* The first reason case c is not supported, or NULL. */
static const char *case_why(const struct pb *B, const struct tu__ex_case *c)
{
	const json_t *in = json_object_get(c->leaf, "input");

	if (B->bad_params)
		return WHY_PARAMS;
	if (json_object_size(in) != B->p->n_params)
		return WHY_KEYS;
	if (tu__ex_has_bigint(in) ||
	    tu__ex_has_bigint(json_object_get(c->leaf, "expected")))
		return WHY_BIGINT;
	if (c->error && !B->e->error_class[0])
		return WHY_ERROR;
	return NULL;
}

/* Decides every case of the property; the supported ones go to
 * p->cases. */
static void decide(struct pb *B)
{
	struct tu__ex_problem *p = B->p;

	for (size_t i = 0; i < B->n; i++) {
		struct tu__ex_case *c = &B->e->cases[B->idx[i]];

		if (!c->why)
			c->why = case_why(B, c);
		if (c->why)
			continue;
		if (p->n_cases == TU__EX_CASES_MAX) {
			c->why = WHY_MANY;
			continue;
		}
		p->cases[p->n_cases++] = B->idx[i];
	}
}

/* Marks the supported cases with why and empties the problem. */
static void drop_all(struct pb *B, const char *why)
{
	for (size_t i = 0; i < B->p->n_cases; i++)
		B->e->cases[B->p->cases[i]].why = why;
	B->p->n_cases = 0;
}

static void infer_types(struct tu__ex_exercise *e, struct tu__ex_problem *p)
{
	for (size_t j = 0; j < p->n_params; j++)
		p->ptype[j] = TU__EX_NOTHING;
	p->ret = TU__EX_NOTHING;
	for (size_t i = 0; i < p->n_cases; i++) {
		const struct tu__ex_case *c = &e->cases[p->cases[i]];
		const json_t *in = json_object_get(c->leaf, "input");

		for (size_t j = 0; j < p->n_params; j++) {
			const json_t *v = json_object_get(in, p->keys[j]);

			p->ptype[j] = tu__ex_type_join(p->ptype[j],
						       tu__ex_type_of(v));
		}
		if (c->error)
			p->has_error = true;
		else
			p->ret = tu__ex_type_join(p->ret, tu__ex_type_of(
				json_object_get(c->leaf, "expected")));
	}
}

/* True when name is already used by one of the first n cases of p. */
static bool name_taken(const struct tu__ex_exercise *e,
		       const struct tu__ex_problem *p, size_t n,
		       const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(e->cases[p->cases[i]].name, name))
			return true;
	return false;
}

/* Case names: the description on one line, at most 127 bytes, made
 * unique with " (2)", " (3)", ... */
static enum tu_status name_cases(struct tu__ex_exercise *e,
				 struct tu__ex_problem *p, struct tu_err *err)
{
	for (size_t i = 0; i < p->n_cases; i++) {
		struct tu__ex_case *c = &e->cases[p->cases[i]];
		struct tu__ex_buf b;
		size_t base;

		tu__ex_buf_init(&b, TU__EX_NAME_MAX);
		tu__ex_one_line(&b, c->desc, strlen(c->desc),
				TU__EX_NAME_MAX - 1);
		if (b.len == 0)
			tu__ex_buf_printf(&b, "case %zu", i + 1);
		if (b.failed) {
			tu__ex_buf_release(&b);
			return tu_err_set(err, TU_ENOMEM, "out of memory");
		}
		base = b.len;
		snprintf(c->name, sizeof(c->name), "%s", b.s);
		for (size_t k = 2; name_taken(e, p, i, c->name); k++) {
			char suffix[32];
			int ns = snprintf(suffix, sizeof(suffix), " (%zu)", k);
			size_t cut = tu__ex_utf8_cut(b.s, base,
				TU__EX_NAME_MAX - 1 - (size_t)ns);

			snprintf(c->name, sizeof(c->name), "%.*s%s", (int)cut,
				 b.s, suffix);
		}
		tu__ex_buf_release(&b);
	}
	return TU_OK;
}

/* The id (slug, or slug--property-in-kebab-case) and function name. */
static bool name_problem(const struct tu__ex_exercise *e,
			 struct tu__ex_problem *p)
{
	char kebab[TU_ID_MAX];
	int n;

	if (!tu__ex_snake(p->property, p->func, sizeof(p->func)))
		return false;
	if (e->n_properties == 1) {
		snprintf(p->id, sizeof(p->id), "%s", e->slug);
		return true;
	}
	if (!tu__ex_kebab(p->property, kebab, sizeof(kebab)))
		return false;
	n = snprintf(p->id, sizeof(p->id), "%s--%s", e->slug, kebab);
	return n > 0 && (size_t)n < sizeof(p->id);
}

static enum tu_status build_problem(struct pb *B, struct tu_err *err)
{
	struct tu__ex_problem *p = B->p;

	p->cases = calloc(B->n + 1, sizeof(*p->cases));
	if (!p->cases)
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	collect_keys(B);
	decide(B);
	if (p->n_cases < 2)
		drop_all(B, WHY_FEW);
	else if (!name_problem(B->e, p))
		drop_all(B, WHY_ID);
	if (p->n_cases == 0)
		return TU_OK;
	infer_types(B->e, p);
	p->n_public = tu__ex_n_public(p->n_cases);
	return name_cases(B->e, p, err);
}

/* One problem per property, in first-seen order. */
static enum tu_status build_problems(struct tu__ex_exercise *e,
				     struct tu_err *err)
{
	const char **props = calloc(e->n_cases + 1, sizeof(*props));
	struct pb B = { .e = e };
	enum tu_status st = TU_OK;

	B.idx = calloc(e->n_cases + 1, sizeof(*B.idx));
	e->problems = calloc(e->n_cases + 1, sizeof(*e->problems));
	if (!props || !B.idx || !e->problems)
		st = tu_err_set(err, TU_ENOMEM, "out of memory");
	for (size_t i = 0; st == TU_OK && i < e->n_cases; i++) {
		size_t k = 0;

		while (k < e->n_properties && strcmp(props[k],
						     e->cases[i].property))
			k++;
		if (k == e->n_properties)
			props[e->n_properties++] = e->cases[i].property;
	}
	for (size_t k = 0; st == TU_OK && k < e->n_properties; k++) {
		struct tu__ex_problem *p = &e->problems[e->n_problems];

		memset(p, 0, sizeof(*p));
		p->property = props[k];
		B.p = p;
		B.n = 0;
		B.bad_params = false;
		for (size_t i = 0; i < e->n_cases; i++)
			if (!strcmp(e->cases[i].property, props[k]))
				B.idx[B.n++] = i;
		st = build_problem(&B, err);
		if (p->n_cases > 0)
			e->n_problems++;
		else if (p->cases)
			free(p->cases);
	}
	free(props);
	free(B.idx);
	return st;
}

enum tu_status tu__ex_exercise_analyse(struct tu__ex_exercise *e,
				       const char *slug, json_t *root,
				       const char *error_class,
				       const char *path, struct tu_err *err)
{
	struct rd R = { .e = e, .path = path };
	enum tu_status st;

	memset(e, 0, sizeof(*e));
	e->root = root;
	snprintf(e->slug, sizeof(e->slug), "%s", slug);
	snprintf(e->error_class, sizeof(e->error_class), "%s",
		 error_class ? error_class : "");
	if (!json_is_object(root))
		st = tu_err_set(err, TU_EPARSE, "%s: $: expected an object, "
				"got %s", path, tu_json_type_name(root));
	else
		st = walk(&R, json_object_get(root, "cases"), "$", 0, NULL,
			  err);
	if (st == TU_OK) {
		supersede(e);
		st = build_problems(e, err);
	}
	if (st)
		tu__ex_exercise_release(e);
	return st;
}
