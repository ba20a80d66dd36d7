/*
 * problem.c - loading and validating dir/problem.json
 * (docs/problem-format.md).  The file reader of the judge: the only I/O
 * here is reading that one file.  Every error names the file and the
 * JSON path: "<dir>/problem.json: $.cases[3].expected: expected an int,
 * got a string".
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/json.h"
#include "judge_internal.h"

/* Re-labels a tu_json message with the file name; returns its code. */
static enum tu_status in_file(const struct tu_problem *p, struct tu_err *e,
			      struct tu_err *err)
{
	return tu_err_set(err, e->code, "%s: %s", p->file, e->msg);
}

#define TRY(p, call, err)                                       \
	do {                                                    \
		struct tu_err e_ = TU_ERR_INIT;                 \
		struct tu_err *err_ = &e_;                      \
		if ((call) != TU_OK)                            \
			return in_file((p), err_, (err));       \
	} while (0)

static bool is_ident(const char *s)
{
	if (!(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (size_t i = 1; s[i]; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return false;
	return true;
}

static enum tu_status get_ident(struct tu_problem *p, const json_t *o,
				const char *path, const char *key, char *dst,
				struct tu_err *err)
{
	TRY(p, tu_json_get_str(o, path, key, dst, TU__IDENT_MAX, err_), err);
	if (!is_ident(dst))
		return tu_err_set(err, TU_EPARSE,
				  "%s: %s.%s: '%s' is not an identifier "
				  "([A-Za-z_][A-Za-z0-9_]*)", p->file, path,
				  key, dst);
	return TU_OK;
}

static enum tu_status get_type(struct tu_problem *p, const json_t *o,
			       const char *path, const char *key,
			       struct tu__type *t, struct tu_err *err)
{
	char s[96];

	TRY(p, tu_json_get_str(o, path, key, s, sizeof(s), err_), err);
	if (!tu__type_parse(s, t))
		return tu_err_set(err, TU_EPARSE,
				  "%s: %s.%s: unknown type '%s' (int, float, "
				  "bool, str, any, list[T])", p->file, path,
				  key, s);
	return TU_OK;
}

static enum tu_status load_params(struct tu_problem *p, const json_t *fn,
				  struct tu_err *err)
{
	static const char *const keys[] = { "name", "type", NULL };
	const json_t *arr;
	char path[64];

	TRY(p, tu_json_get_array(fn, "$.function", "params", TU__MAX_PARAMS,
				 &arr, err_), err);
	p->n_params = json_array_size(arr);
	for (size_t i = 0; i < p->n_params; i++) {
		const json_t *e = json_array_get(arr, i);

		snprintf(path, sizeof(path), "$.function.params[%zu]", i);
		TRY(p, tu_json_check_keys(e, path, keys, TU_JSON_EXACTLY,
					  err_), err);
		if (get_ident(p, e, path, "name", p->params[i].name, err) ||
		    get_type(p, e, path, "type", &p->params[i].type, err))
			return err ? err->code : TU_EPARSE;
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->params[j].name, p->params[i].name) == 0)
				return tu_err_set(err, TU_EPARSE,
						  "%s: %s.name: duplicate "
						  "parameter '%s'", p->file,
						  path, p->params[i].name);
	}
	return TU_OK;
}

static enum tu_status load_function(struct tu_problem *p, const json_t *root,
				    struct tu_err *err)
{
	static const char *const keys[] = { "name", "params", "returns", NULL };
	const json_t *fn = json_object_get(root, "function");
	enum tu_status st;

	if (p->kind == TU__KIND_STDIO) {
		if (fn)
			return tu_err_set(err, TU_EPARSE, "%s: $.function: not "
					  "allowed for kind \"stdio\"", p->file);
		return TU_OK;
	}
	TRY(p, tu_json_check_keys(fn, "$.function", keys, TU_JSON_EXACTLY,
				  err_), err);
	st = get_ident(p, fn, "$.function", "name", p->func, err);
	if (st == TU_OK)
		st = get_type(p, fn, "$.function", "returns", &p->returns,
			      err);
	if (st == TU_OK)
		st = load_params(p, fn, err);
	return st;
}

static enum tu_status get_limit(struct tu_problem *p, const json_t *lim,
				const char *key, double hi, double *out,
				struct tu_err *err)
{
	if (!json_object_get(lim, key))
		return TU_OK;
	TRY(p, tu_json_get_num(lim, "$.limits", key, 0.001, hi, out, err_),
	    err);
	return TU_OK;
}

static enum tu_status load_limits(struct tu_problem *p, const json_t *root,
				  struct tu_err *err)
{
	static const char *const keys[] = { "cpu_s", "wall_s", "memory_mb",
		"output_kb", NULL };
	const json_t *lim = json_object_get(root, "limits");

	if (!lim)
		return TU_OK;
	TRY(p, tu_json_check_keys(lim, "$.limits", keys, TU_JSON_AT_MOST,
				  err_), err);
	if (get_limit(p, lim, "cpu_s", 60, &p->cpu_s, err) ||
	    get_limit(p, lim, "wall_s", 120, &p->wall_s, err) ||
	    get_limit(p, lim, "memory_mb", 4096, &p->memory_mb, err) ||
	    get_limit(p, lim, "output_kb", 65536, &p->output_kb, err))
		return err ? err->code : TU_EPARSE;
	return TU_OK;
}

static enum tu_status load_compare(struct tu_problem *p, const json_t *c,
				   const char *path, struct tu__case *tc,
				   struct tu_err *err)
{
	static const char *const keys[] = { "abs_tol", "rel_tol", "unordered",
		"mode", NULL };
	const json_t *cmp = json_object_get(c, "compare");
	char sub[96], mode[16];

	if (!cmp)
		return TU_OK;
	snprintf(sub, sizeof(sub), "%s.compare", path);
	TRY(p, tu_json_check_keys(cmp, sub, keys, TU_JSON_AT_MOST, err_), err);
	if (json_object_get(cmp, "abs_tol"))
		TRY(p, tu_json_get_num(cmp, sub, "abs_tol", 0, 1e300,
				       &tc->cmp.abs_tol, err_), err);
	if (json_object_get(cmp, "rel_tol"))
		TRY(p, tu_json_get_num(cmp, sub, "rel_tol", 0, 1,
				       &tc->cmp.rel_tol, err_), err);
	if (json_object_get(cmp, "unordered"))
		TRY(p, tu_json_get_bool(cmp, sub, "unordered",
					&tc->cmp.unordered, err_), err);
	if (!json_object_get(cmp, "mode"))
		return TU_OK;
	TRY(p, tu_json_get_str(cmp, sub, "mode", mode, sizeof(mode), err_),
	    err);
	if (strcmp(mode, "exact") == 0)
		tc->cmp.mode = TU__MODE_EXACT;
	else if (strcmp(mode, "tokens") == 0)
		tc->cmp.mode = TU__MODE_TOKENS;
	else if (strcmp(mode, "lines") != 0)
		return tu_err_set(err, TU_EPARSE, "%s: %s.mode: expected "
				  "\"exact\", \"lines\" or \"tokens\", got "
				  "\"%s\"", p->file, sub, mode);
	return TU_OK;
}

/* Checks the compare options that only make sense for some types. */
static enum tu_status check_compare_fits(struct tu_problem *p,
					 const char *path,
					 const struct tu__case *tc,
					 struct tu_err *err)
{
	if (p->kind == TU__KIND_FUNCTION && tc->cmp.unordered &&
	    p->returns.depth == 0)
		return tu_err_set(err, TU_EPARSE, "%s: %s.compare.unordered: "
				  "the return type is not a list", p->file,
				  path);
	if (p->kind == TU__KIND_FUNCTION && tc->cmp.mode != TU__MODE_LINES)
		return tu_err_set(err, TU_EPARSE, "%s: %s.compare.mode: only "
				  "for kind \"stdio\"", p->file, path);
	if (p->kind == TU__KIND_STDIO && tc->cmp.unordered)
		return tu_err_set(err, TU_EPARSE, "%s: %s.compare.unordered: "
				  "only for kind \"function\"", p->file, path);
	return TU_OK;
}

/* A checked case value kept as compact JSON text (what the judge's
 * results show; 17 significant digits, so floats parse back exactly). */
static enum tu_status keep_text(const struct tu_problem *p, const json_t *v,
				char **out, struct tu_err *err)
{
	*out = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
			  JSON_REAL_PRECISION(17));
	if (!*out)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory",
				  p->file);
	return TU_OK;
}

static enum tu_status load_input(struct tu_problem *p, const json_t *c,
				 const char *path, struct tu__case *tc,
				 struct tu_err *err)
{
	const char *keys[TU__MAX_PARAMS + 1];
	char sub[96], why[256];
	const json_t *in = json_object_get(c, "input");

	for (size_t i = 0; i < p->n_params; i++)
		keys[i] = p->params[i].name;
	keys[p->n_params] = NULL;
	snprintf(sub, sizeof(sub), "%s.input", path);
	TRY(p, tu_json_check_keys(in, sub, keys, TU_JSON_EXACTLY, err_), err);
	for (size_t i = 0; i < p->n_params; i++) {
		const json_t *v = json_object_get(in, keys[i]);

		if (!tu__type_check(&p->params[i].type, v, why, sizeof(why)))
			return tu_err_set(err, TU_EPARSE, "%s: %s.%s%s%s",
					  p->file, sub, keys[i],
					  why[0] == '[' ? "" : ": ", why);
	}
	return keep_text(p, in, &tc->input, err);
}

static enum tu_status load_expected(struct tu_problem *p, const json_t *c,
				    const char *path, struct tu__case *tc,
				    struct tu_err *err)
{
	const json_t *ex = json_object_get(c, "expected");
	const json_t *ee = json_object_get(c, "expected_error");
	char why[256];

	if (ex && ee)
		return tu_err_set(err, TU_EPARSE, "%s: %s: both \"expected\" "
				  "and \"expected_error\"", p->file, path);
	if (ee) {
		TRY(p, get_ident(p, c, path, "expected_error",
				 tc->expected_error, err_), err);
		return TU_OK;
	}
	if (!ex)
		return tu_err_set(err, TU_EPARSE, "%s: %s: missing \"expected\" "
				  "(or \"expected_error\")", p->file, path);
	if (!tu__type_check(&p->returns, ex, why, sizeof(why)))
		return tu_err_set(err, TU_EPARSE, "%s: %s.expected%s%s",
				  p->file, path, why[0] == '[' ? "" : ": ",
				  why);
	return keep_text(p, ex, &tc->expected, err);
}

static enum tu_status dup_str(struct tu_problem *p, const json_t *c,
			      const char *path, const char *key, char **dst,
			      struct tu_err *err)
{
	const json_t *v = json_object_get(c, key);

	if (!json_is_string(v))
		return tu_err_set(err, TU_EPARSE, "%s: %s.%s: expected a "
				  "string%s%s", p->file, path, key,
				  v ? ", got " : "", v ? tu_json_type_name(v)
				  : "");
	*dst = strdup(json_string_value(v));
	if (!*dst)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", p->file);
	return TU_OK;
}

static enum tu_status load_case(struct tu_problem *p, const json_t *c,
				size_t i, struct tu_err *err)
{
	static const char *const fkeys[] = { "name", "input", "expected",
		"expected_error", "hidden", "compare", NULL };
	static const char *const skeys[] = { "name", "stdin",
		"expected_stdout", "hidden", "compare", NULL };
	struct tu__case *tc = &p->cases[i];
	char path[48];
	enum tu_status st;

	snprintf(path, sizeof(path), "$.cases[%zu]", i);
	TRY(p, tu_json_check_keys(c, path, p->kind == TU__KIND_STDIO ? skeys
				  : fkeys, TU_JSON_AT_MOST, err_), err);
	TRY(p, tu_json_get_str(c, path, "name", tc->name, sizeof(tc->name),
			       err_), err);
	if (json_object_get(c, "hidden"))
		TRY(p, tu_json_get_bool(c, path, "hidden", &tc->hidden, err_),
		    err);
	if (p->kind == TU__KIND_FUNCTION && p->returns.base == TU__T_FLOAT) {
		tc->cmp.abs_tol = 1e-9;
		tc->cmp.rel_tol = 1e-9;
	}
	st = load_compare(p, c, path, tc, err);
	if (st == TU_OK && p->kind == TU__KIND_STDIO) {
		st = dup_str(p, c, path, "stdin", &tc->stdin_data, err);
		if (st == TU_OK)
			st = dup_str(p, c, path, "expected_stdout",
				     &tc->expected_stdout, err);
	} else if (st == TU_OK) {
		st = load_input(p, c, path, tc, err);
		if (st == TU_OK)
			st = load_expected(p, c, path, tc, err);
	}
	if (st == TU_OK)
		st = check_compare_fits(p, path, tc, err);
	return st;
}

static enum tu_status load_cases(struct tu_problem *p, const json_t *root,
				 struct tu_err *err)
{
	const json_t *arr;
	enum tu_status st;

	TRY(p, tu_json_get_array(root, "$", "cases", TU__MAX_CASES, &arr,
				 err_), err);
	if (json_array_size(arr) == 0)
		return tu_err_set(err, TU_EPARSE, "%s: $.cases: no cases",
				  p->file);
	p->cases = calloc(json_array_size(arr), sizeof(*p->cases));
	if (!p->cases)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", p->file);
	for (size_t i = 0; i < json_array_size(arr); i++) {
		p->n_cases = i + 1;
		st = load_case(p, json_array_get(arr, i), i, err);
		if (st != TU_OK)
			return st;
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->cases[j].name, p->cases[i].name) == 0)
				return tu_err_set(err, TU_EPARSE, "%s: $.cases"
						  "[%zu].name: duplicate name "
						  "'%s' (also $.cases[%zu])",
						  p->file, i, p->cases[i].name,
						  j);
	}
	return TU_OK;
}

static enum tu_status load_kind(struct tu_problem *p, const json_t *root,
				struct tu_err *err)
{
	char kind[16];
	int64_t format;

	TRY(p, tu_json_get_int(root, "$", "format", 1, 1, &format, err_), err);
	TRY(p, tu_json_get_str(root, "$", "id", p->id, sizeof(p->id), err_),
	    err);
	if (json_object_get(root, "title"))
		TRY(p, tu_json_get_str(root, "$", "title", p->title,
				       sizeof(p->title), err_), err);
	TRY(p, tu_json_get_str(root, "$", "kind", kind, sizeof(kind), err_),
	    err);
	if (strcmp(kind, "function") == 0)
		p->kind = TU__KIND_FUNCTION;
	else if (strcmp(kind, "stdio") == 0)
		p->kind = TU__KIND_STDIO;
	else
		return tu_err_set(err, TU_EPARSE, "%s: $.kind: expected "
				  "\"function\" or \"stdio\", got \"%s\"",
				  p->file, kind);
	return TU_OK;
}

static enum tu_status load_root(struct tu_problem *p, const json_t *root,
				struct tu_err *err)
{
	static const char *const keys[] = { "format", "id", "title", "kind",
		"function", "limits", "cases", NULL };
	enum tu_status st;

	TRY(p, tu_json_check_keys(root, "$", keys, TU_JSON_AT_MOST, err_),
	    err);
	st = load_kind(p, root, err);
	if (st == TU_OK)
		st = load_function(p, root, err);
	if (st == TU_OK)
		st = load_limits(p, root, err);
	if (st == TU_OK)
		st = load_cases(p, root, err);
	return st;
}

/* Reads the whole file, at most TU__MAX_PROBLEM_BYTES. */
static enum tu_status read_file(const struct tu_problem *p, char **buf,
				size_t *len, struct tu_err *err)
{
	FILE *f = fopen(p->file, "rb");
	size_t cap = TU__MAX_PROBLEM_BYTES + 1;

	if (!f)
		return tu_err_set(err, errno == ENOENT ? TU_ENOTFOUND : TU_EIO,
				  "%s: %s", p->file, strerror(errno));
	*buf = malloc(cap);
	if (!*buf) {
		fclose(f);
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", p->file);
	}
	*len = fread(*buf, 1, cap, f);
	if (ferror(f)) {
		fclose(f);
		return tu_err_set(err, TU_EIO, "%s: read error", p->file);
	}
	fclose(f);
	return TU_OK;
}

enum tu_status tu_problem_load(const char *dir, struct tu_problem **out,
			       struct tu_err *err)
{
	struct tu_problem *p;
	json_t *root = NULL;
	char *buf = NULL;
	size_t len = 0;
	enum tu_status st;

	*out = NULL;
	if (strlen(dir) >= sizeof(p->dir))
		return tu_err_set(err, TU_EINVAL, "%.100s...: path too long",
				  dir);
	p = calloc(1, sizeof(*p));
	if (!p)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", dir);
	snprintf(p->dir, sizeof(p->dir), "%s", dir);
	snprintf(p->file, sizeof(p->file), "%s/problem.json", dir);
	st = read_file(p, &buf, &len, err);
	if (st == TU_OK)
		st = tu_json_load(buf, len, TU__MAX_PROBLEM_BYTES, p->file,
				  &root, err);
	if (st == TU_OK)
		st = load_root(p, root, err);
	free(buf);
	json_decref(root);
	if (st != TU_OK) {
		tu_problem_free(p);
		return st;
	}
	*out = p;
	return TU_OK;
}

void tu_problem_free(struct tu_problem *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_cases; i++) {
		free(p->cases[i].input);
		free(p->cases[i].expected);
		free(p->cases[i].stdin_data);
		free(p->cases[i].expected_stdout);
	}
	free(p->cases);
	free(p);
}

const char *tu_problem_id(const struct tu_problem *p)
{
	return p->id;
}

const char *tu_problem_title(const struct tu_problem *p)
{
	return p->title;
}

size_t tu_problem_n_cases(const struct tu_problem *p)
{
	return p->n_cases;
}

size_t tu_problem_n_hidden(const struct tu_problem *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_cases; i++)
		n += p->cases[i].hidden;
	return n;
}

/* A copy of the JSON text json, or the JSON string of text when json is
 * NULL (stdio cases); NULL when both are. */
static char *case_text(const char *json, const char *text)
{
	json_t *tmp;
	char *out;

	if (json || !text)
		return json ? strdup(json) : NULL;
	tmp = json_string(text);
	out = tmp ? json_dumps(tmp, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	json_decref(tmp);
	return out;
}

enum tu_status tu_problem_case_json(const struct tu_problem *p, size_t i,
				    bool *hidden, char **input,
				    char **expected, struct tu_err *err)
{
	const struct tu__case *c;

	*input = NULL;
	*expected = NULL;
	if (i >= p->n_cases)
		return tu_err_set(err, TU_ERANGE, "%s: no case %zu (%zu cases)",
				  p->file, i, p->n_cases);
	c = &p->cases[i];
	*hidden = c->hidden;
	*input = case_text(c->input, c->stdin_data);
	*expected = case_text(c->expected, c->expected_stdout);
	if (!*input || (!*expected && (c->expected || c->expected_stdout))) {
		free(*input);
		free(*expected);
		*input = *expected = NULL;
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", p->file);
	}
	return TU_OK;
}
