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
#include <stdio.h>
#include <stdlib.h>
#include "internal.h"
#include "tutor/json.h"

#define JSON_MAX_BYTES (256u * 1024u * 1024u)

static const char *const top_keys[] = {
	"format", "version", "features", "l2", "window", "smooth", "decay",
	"lbfgs", "n_items", "n_skills", "prior", "bias", "weights", NULL
};
static const char *const opt_keys[] = { "m", "max_iter", "gtol", "ftol",
					NULL };

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
	if (!m->w || m->dim == 0)
		return tu_err_set(err, TU_EINVAL, "lr: model is not fitted");
	return tu_json_dump_take(model_json(m), JSON_COMPACT, "lr", out, NULL,
				 err);
}

static enum tu_status get_header(const json_t *root, struct tu_lr_model *m,
				 struct tu_err *err)
{
	const json_t *feat = json_object_get(root, "features");
	struct tu_err fe = TU_ERR_INIT;
	int64_t v;
	enum tu_status st;

	st = tu_json_expect_str(root, "$", "format", "tutor-lr", err);
	if (!st)
		st = tu_json_get_int(root, "$", "version", 1, 1, &v, err);
	if (st)
		return st;
	if (!json_is_string(feat))
		return tu_json_type_error(err, "$", "features", "a string",
					  feat);
	st = tu_lr_features_parse(json_string_value(feat), &m->cfg.features,
				  &fe);
	if (st)
		return tu_err_set(err, TU_EPARSE, "$.features: %s", fe.msg);
	return TU_OK;
}

static enum tu_status get_opt(const json_t *root, struct tu_lbfgs_params *o,
			      struct tu_err *err)
{
	const json_t *obj = json_object_get(root, "lbfgs");
	const char *p = "$.lbfgs";
	int64_t m = 1, it = 0;
	enum tu_status st;

	st = tu_json_check_keys(obj, p, opt_keys, TU_JSON_AT_MOST, err);
	if (!st)
		st = tu_json_get_int(obj, p, "m", 1, 64, &m, err);
	if (!st)
		st = tu_json_get_int(obj, p, "max_iter", 0, 1000000, &it, err);
	if (!st)
		st = tu_json_get_num(obj, p, "gtol", 0, HUGE_VAL, &o->gtol,
				     err);
	if (!st)
		st = tu_json_get_num(obj, p, "ftol", 0, HUGE_VAL, &o->ftol,
				     err);
	o->m = (size_t)m;
	o->max_iter = (size_t)it;
	return st;
}

static enum tu_status get_settings(const json_t *r, struct tu_lr_model *m,
				   struct tu_err *err)
{
	int64_t win = 0, ni = 0, ns = 0;
	enum tu_status st;

	st = tu_json_get_num(r, "$", "l2", 0, HUGE_VAL, &m->cfg.l2, err);
	if (!st)
		st = tu_json_get_int(r, "$", "window", 1, TU_LR_MAX_WINDOW,
				     &win, err);
	if (!st)
		st = tu_json_get_num(r, "$", "smooth", 1e-300, HUGE_VAL,
				     &m->cfg.smooth, err);
	if (!st)
		st = tu_json_get_num(r, "$", "decay", 1e-300, 1 - 1e-16,
				     &m->cfg.decay, err);
	if (!st)
		st = tu_json_get_int(r, "$", "n_items", 0, TU_KTLOG_MAX_ID, &ni,
				     err);
	if (!st)
		st = tu_json_get_int(r, "$", "n_skills", 0, TU_KTLOG_MAX_ID,
				     &ns, err);
	if (!st)
		st = tu_json_get_num(r, "$", "prior", 0, 1, &m->prior, err);
	if (!st)
		st = tu_json_get_num(r, "$", "bias", -HUGE_VAL, HUGE_VAL,
				     &m->bias, err);
	m->cfg.window = (unsigned)win;
	m->n_items = (uint32_t)ni;
	m->n_skills = (uint32_t)ns;
	return st;
}

static enum tu_status get_weights(const json_t *root, struct tu_lr_model *m,
				  struct tu_err *err)
{
	struct tu__lr_offsets o;
	const json_t *a = json_object_get(root, "weights");
	char path[40];
	enum tu_status st = TU_OK;

	m->dim = tu__lr_layout(m->cfg.features, m->n_items, m->n_skills, &o);
	if (!json_is_array(a))
		return tu_json_type_error(err, "$", "weights", "an array", a);
	if (json_array_size(a) != m->dim)
		return tu_err_set(err, TU_ERANGE,
				  "$.weights: %zu numbers, the features need %zu",
				  json_array_size(a), m->dim);
	m->w = malloc((m->dim ? m->dim : 1) * sizeof(*m->w));
	if (!m->w)
		return tu_err_set(err, TU_ENOMEM, "lr: out of memory");
	for (size_t j = 0; j < m->dim && !st; j++) {
		snprintf(path, sizeof(path), "$.weights[%zu]", j);
		st = tu_json_get_num(json_array_get(a, j), path, NULL,
				     -HUGE_VAL, HUGE_VAL, &m->w[j], err);
	}
	return st;
}

static enum tu_status parse_root(const json_t *root, struct tu_lr_model *nm,
				 struct tu_err *err)
{
	enum tu_status st;

	st = tu_json_check_keys(root, "$", top_keys, TU_JSON_AT_MOST, err);
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
	json_t *root;
	enum tu_status st;

	st = tu_json_load(buf, len, JSON_MAX_BYTES, "lr json", &root, err);
	if (st)
		return st;
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
