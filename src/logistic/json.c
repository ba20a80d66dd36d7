/*
 * json.c - the logistic model as JSON text (format "tutor-lr", version 1).
 *
 *   {"format": "tutor-lr", "version": 1, "features": "i,s,ic,sc,tc",
 *    "l2": 1.0, "window": 5, "smooth": 5.0, "decay": 0.7,
 *    "lbfgs": {"m": 10, "max_iter": 500, "gtol": 1e-5, "ftol": 1e-10},
 *    "n_items": 1223, "n_skills": 98, "prior": 0.76, "bias": -0.1,
 *    "weights": [ ... dim numbers ... ]}
 *
 * Parsing is strict: every key above must be present exactly once, no
 * other key is allowed, and every value is type- and range-checked; the
 * message names the JSON path.  No I/O: text in, text out.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "internal.h"

#define JSON_MAX_BYTES (256u * 1024u * 1024u)

static const char *const top_keys[] = {
	"format", "version", "features", "l2", "window", "smooth", "decay",
	"lbfgs", "n_items", "n_skills", "prior", "bias", "weights",
};
static const char *const opt_keys[] = { "m", "max_iter", "gtol", "ftol" };

/* Writes the comma-separated short names of the feature bits. */
static void features_name(unsigned f, char *buf, size_t size)
{
	static const char *const names[] = { "i", "s", "ic", "sc",
					     "tc", "r", "sm", "d" };
	size_t at = 0;

	buf[0] = '\0';
	for (unsigned b = 0; b < 8; b++) {
		if (!(f & (1u << b)))
			continue;
		at += (size_t)snprintf(buf + at, size - at, "%s%s",
				       at ? "," : "", names[b]);
	}
}

static json_t *weights_json(const struct tu_lr_model *m)
{
	json_t *a = json_array();

	for (size_t j = 0; a && j < m->dim; j++)
		if (json_array_append_new(a, json_real(m->w[j]))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *model_json(const struct tu_lr_model *m)
{
	char feat[64];
	const struct tu_lbfgs_params *o = &m->cfg.opt;

	features_name(m->cfg.features, feat, sizeof(feat));
	return json_pack(
		"{s:s, s:i, s:s, s:f, s:I, s:f, s:f, "
		"s:{s:I, s:I, s:f, s:f}, s:I, s:I, s:f, s:f, s:o*}",
		"format", "tutor-lr", "version", 1, "features", feat,
		"l2", m->cfg.l2, "window", (json_int_t)m->cfg.window,
		"smooth", m->cfg.smooth, "decay", m->cfg.decay, "lbfgs",
		"m", (json_int_t)o->m, "max_iter", (json_int_t)o->max_iter,
		"gtol", o->gtol, "ftol", o->ftol,
		"n_items", (json_int_t)m->n_items,
		"n_skills", (json_int_t)m->n_skills, "prior", m->prior,
		"bias", m->bias, "weights", weights_json(m));
}

enum tu_status tu_lr_model_to_json(const struct tu_lr_model *m, char **out,
				   struct tu_err *err)
{
	json_t *root;

	if (!m->w || m->dim == 0)
		return tu_err_set(err, TU_EINVAL, "lr: model is not fitted");
	root = model_json(m);
	if (!root)
		return tu_err_set(err, TU_ENOMEM, "lr: out of memory");
	*out = json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(17));
	json_decref(root);
	if (!*out)
		return tu_err_set(err, TU_ENOMEM, "lr: out of memory");
	return TU_OK;
}

/* Rejects keys of obj not in keys[0..n). */
static enum tu_status only_keys(json_t *obj, const char *path,
				const char *const *keys, size_t n,
				struct tu_err *err)
{
	const char *k;
	json_t *v;

	json_object_foreach(obj, k, v) {
		size_t i = 0;

		while (i < n && strcmp(keys[i], k) != 0)
			i++;
		if (i == n)
			return tu_err_set(err, TU_EPARSE, "%s.%s: unknown key",
					  path, k);
	}
	return TU_OK;
}

static enum tu_status get_num(json_t *obj, const char *path, const char *key,
			      double lo, double hi, double *out,
			      struct tu_err *err)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return tu_err_set(err, TU_EPARSE, "%s.%s: missing", path, key);
	if (!json_is_number(v))
		return tu_err_set(err, TU_EPARSE, "%s.%s: expected a number",
				  path, key);
	*out = json_number_value(v);
	if (!(*out >= lo && *out <= hi))
		return tu_err_set(err, TU_ERANGE,
				  "%s.%s: %g is outside [%g, %g]", path, key,
				  *out, lo, hi);
	return TU_OK;
}

static enum tu_status get_int(json_t *obj, const char *path, const char *key,
			      json_int_t lo, json_int_t hi, json_int_t *out,
			      struct tu_err *err)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return tu_err_set(err, TU_EPARSE, "%s.%s: missing", path, key);
	if (!json_is_integer(v))
		return tu_err_set(err, TU_EPARSE, "%s.%s: expected an integer",
				  path, key);
	*out = json_integer_value(v);
	if (*out < lo || *out > hi)
		return tu_err_set(err, TU_ERANGE,
				  "%s.%s: %lld is outside [%lld, %lld]", path,
				  key, (long long)*out, (long long)lo,
				  (long long)hi);
	return TU_OK;
}

static enum tu_status get_header(json_t *root, struct tu_lr_model *m,
				 struct tu_err *err)
{
	json_t *f = json_object_get(root, "format");
	json_t *feat = json_object_get(root, "features");
	struct tu_err fe = TU_ERR_INIT;
	json_int_t v;
	enum tu_status st;

	if (!f || !json_is_string(f) ||
	    strcmp(json_string_value(f), "tutor-lr") != 0)
		return tu_err_set(err, TU_EPARSE,
				  "$.format: expected \"tutor-lr\"");
	st = get_int(root, "$", "version", 1, 1, &v, err);
	if (st)
		return st;
	if (!feat || !json_is_string(feat))
		return tu_err_set(err, TU_EPARSE,
				  "$.features: expected a string");
	st = tu_lr_features_parse(json_string_value(feat), &m->cfg.features,
				  &fe);
	if (st)
		return tu_err_set(err, TU_EPARSE, "$.features: %s", fe.msg);
	return TU_OK;
}

static enum tu_status get_opt(json_t *root, struct tu_lbfgs_params *o,
			      struct tu_err *err)
{
	json_t *obj = json_object_get(root, "lbfgs");
	json_int_t m = 1, it = 0;
	enum tu_status st;

	if (!obj || !json_is_object(obj))
		return tu_err_set(err, TU_EPARSE, "$.lbfgs: expected an object");
	st = only_keys(obj, "$.lbfgs", opt_keys, 4, err);
	if (!st)
		st = get_int(obj, "$.lbfgs", "m", 1, 64, &m, err);
	if (!st)
		st = get_int(obj, "$.lbfgs", "max_iter", 0, 1000000, &it, err);
	if (!st)
		st = get_num(obj, "$.lbfgs", "gtol", 0, HUGE_VAL, &o->gtol, err);
	if (!st)
		st = get_num(obj, "$.lbfgs", "ftol", 0, HUGE_VAL, &o->ftol, err);
	o->m = (size_t)m;
	o->max_iter = (size_t)it;
	return st;
}

static enum tu_status get_settings(json_t *root, struct tu_lr_model *m,
				   struct tu_err *err)
{
	json_int_t win = 0, ni = 0, ns = 0;
	enum tu_status st;

	st = get_num(root, "$", "l2", 0, HUGE_VAL, &m->cfg.l2, err);
	if (!st)
		st = get_int(root, "$", "window", 1, TU_LR_MAX_WINDOW, &win,
			     err);
	if (!st)
		st = get_num(root, "$", "smooth", 1e-300, HUGE_VAL,
			     &m->cfg.smooth, err);
	if (!st)
		st = get_num(root, "$", "decay", 1e-300, 1 - 1e-16,
			     &m->cfg.decay, err);
	if (!st)
		st = get_int(root, "$", "n_items", 0, TU_KTLOG_MAX_ID, &ni, err);
	if (!st)
		st = get_int(root, "$", "n_skills", 0, TU_KTLOG_MAX_ID, &ns,
			     err);
	if (!st)
		st = get_num(root, "$", "prior", 0, 1, &m->prior, err);
	if (!st)
		st = get_num(root, "$", "bias", -HUGE_VAL, HUGE_VAL, &m->bias,
			     err);
	m->cfg.window = (unsigned)win;
	m->n_items = (uint32_t)ni;
	m->n_skills = (uint32_t)ns;
	return st;
}

static enum tu_status get_weights(json_t *root, struct tu_lr_model *m,
				  struct tu_err *err)
{
	struct tu__lr_offsets o;
	json_t *a = json_object_get(root, "weights");

	m->dim = tu__lr_layout(m->cfg.features, m->n_items, m->n_skills, &o);
	if (!a || !json_is_array(a))
		return tu_err_set(err, TU_EPARSE, "$.weights: expected an array");
	if (json_array_size(a) != m->dim)
		return tu_err_set(err, TU_ERANGE,
				  "$.weights: %zu numbers, the features need %zu",
				  json_array_size(a), m->dim);
	m->w = malloc((m->dim ? m->dim : 1) * sizeof(*m->w));
	if (!m->w)
		return tu_err_set(err, TU_ENOMEM, "lr: out of memory");
	for (size_t j = 0; j < m->dim; j++) {
		json_t *v = json_array_get(a, j);

		if (!json_is_number(v))
			return tu_err_set(err, TU_EPARSE,
					  "$.weights[%zu]: expected a number",
					  j);
		m->w[j] = json_number_value(v);
	}
	return TU_OK;
}

static enum tu_status parse_root(json_t *root, struct tu_lr_model *nm,
				 struct tu_err *err)
{
	enum tu_status st;

	if (!json_is_object(root))
		return tu_err_set(err, TU_EPARSE, "$: expected an object");
	st = only_keys(root, "$", top_keys,
		       sizeof(top_keys) / sizeof(*top_keys), err);
	if (!st)
		st = get_header(root, nm, err);
	if (!st)
		st = get_opt(root, &nm->cfg.opt, err);
	if (!st)
		st = get_settings(root, nm, err);
	if (!st)
		st = tu__lr_config_check(&nm->cfg, err);
	if (!st)
		st = get_weights(root, nm, err);
	return st;
}

enum tu_status tu_lr_model_from_json(struct tu_lr_model *m, const char *buf,
				     size_t len, struct tu_err *err)
{
	struct tu_lr_model nm;
	json_error_t jerr;
	json_t *root;
	enum tu_status st;

	if (len > JSON_MAX_BYTES)
		return tu_err_set(err, TU_ERANGE, "lr json: %zu bytes > %u",
				  len, JSON_MAX_BYTES);
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return tu_err_set(err, TU_EPARSE, "lr json:%d:%d: %s",
				  jerr.line, jerr.column, jerr.text);
	tu_lr_model_init(&nm);
	st = parse_root(root, &nm, err);
	json_decref(root);
	if (st) {
		tu_lr_model_release(&nm);
		return st;
	}
	tu_lr_model_release(m);
	*m = nm;
	return TU_OK;
}
