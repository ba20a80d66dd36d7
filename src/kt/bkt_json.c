/*
 * bkt_json.c - the JSON form of a fitted BKT model (format "tutor-bkt",
 * version 1; documented in docs/kt.md).  Memory buffers only, no I/O.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "tutor/bkt.h"
#include "tutor/json.h"

static const char *const pnames[5] = { "prior", "learn", "guess", "slip",
				       "forget" };

static double *pfield(struct tu_bkt_params *p, int i)
{
	double *f[5] = { &p->prior, &p->learn, &p->guess, &p->slip,
			 &p->forget };

	return f[i];
}

static int add_params(json_t *o, const struct tu_bkt_params *p)
{
	struct tu_bkt_params c = *p;
	int rc = 0;

	for (int i = 0; i < 5; i++)
		rc |= json_object_set_new(o, pnames[i],
					  json_real(*pfield(&c, i)));
	return rc;
}

static json_t *skill_json(const struct tu_bkt_skill *sk, uint32_t k)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	if (json_object_set_new(o, "skill", json_integer(k)) ||
	    add_params(o, &sk->p) ||
	    json_object_set_new(o, "ll", json_real(sk->ll)) ||
	    json_object_set_new(o, "iterations",
				json_integer(sk->iterations)) ||
	    json_object_set_new(o, "n_rows",
				json_integer((json_int_t)sk->n_rows)) ||
	    json_object_set_new(o, "n_seqs",
				json_integer((json_int_t)sk->n_seqs)) ||
	    json_object_set_new(o, "converged",
				json_boolean(sk->converged))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *model_json(const struct tu_bkt_model *m)
{
	json_t *o = json_object(), *d = json_object(), *a = json_array();
	int rc = !o || !d || !a || add_params(d, &m->dflt);

	rc = rc ||
	     json_object_set_new(o, "format", json_string("tutor-bkt")) ||
	     json_object_set_new(o, "version", json_integer(1)) ||
	     json_object_set_new(o, "forgets", json_boolean(m->forgets)) ||
	     json_object_set_new(o, "n_skills", json_integer(m->n_skills)) ||
	     json_object_set_new(o, "train_ll", json_real(m->ll)) ||
	     json_object_set(o, "default", d) ||
	     json_object_set(o, "skills", a);
	for (uint32_t k = 0; !rc && k < m->n_skills; k++)
		if (m->skills[k].fitted)
			rc = json_array_append_new(a,
						   skill_json(&m->skills[k], k));
	json_decref(d);
	json_decref(a);
	if (rc) {
		json_decref(o);
		return NULL;
	}
	return o;
}

enum tu_status tu_bkt_model_to_json(const struct tu_bkt_model *m, char **out,
				    struct tu_err *err)
{
	*out = NULL;
	if (m->n_skills == 0)
		return tu_err_set(err, TU_EINVAL, "bkt: model is not fitted");
	return tu_json_dump_take(model_json(m),
				 JSON_INDENT(1) | JSON_PRESERVE_ORDER, "bkt",
				 out, NULL, err);
}

/* ---- Reading ---- */

static const char *const top_keys[] = { "format", "version", "forgets",
	"n_skills", "train_ll", "default", "skills", NULL };
static const char *const dflt_keys[] = { "prior", "learn", "guess", "slip",
	"forget", NULL };
/* n_rows, n_seqs and converged are written for readers, not read back. */
static const char *const skill_keys[] = { "skill", "prior", "learn",
	"guess", "slip", "forget", "ll", "iterations", "n_rows", "n_seqs",
	"converged", NULL };

static enum tu_status get_params(const json_t *o, const char *path,
				 int forgets, struct tu_bkt_params *p,
				 struct tu_err *err)
{
	enum tu_status st = TU_OK;

	for (int i = 0; i < 5 && !st; i++)
		st = tu_json_get_num(o, path, pnames[i], 0.0, 1.0,
				     pfield(p, i), err);
	if (!st && !forgets && p->forget != 0.0)
		st = tu_err_set(err, TU_ERANGE,
				"%s.forget: must be 0 when forgets is false",
				path);
	return st;
}

/* A number in [lo, hi] that must be whole (written as 3 or 3.0). */
static enum tu_status get_whole(const json_t *o, const char *path,
				const char *key, double lo, double hi,
				double *out, struct tu_err *err)
{
	enum tu_status st = tu_json_get_num(o, path, key, lo, hi, out, err);

	if (!st && *out != floor(*out))
		st = tu_err_set(err, TU_EPARSE, "%s.%s: not an integer", path,
				key);
	return st;
}

static enum tu_status get_skill(struct tu_bkt_model *m, const json_t *o,
				size_t idx, struct tu_err *err)
{
	char path[64];
	double k = 0.0, v = 0.0;
	struct tu_bkt_skill *sk;
	enum tu_status st;

	snprintf(path, sizeof(path), "$.skills[%zu]", idx);
	st = tu_json_check_keys(o, path, skill_keys, TU_JSON_AT_MOST, err);
	if (!st)
		st = get_whole(o, path, "skill", 0, (double)m->n_skills - 1, &k,
			       err);
	if (st)
		return st;
	sk = &m->skills[(uint32_t)k];
	if (sk->fitted)
		return tu_err_set(err, TU_EPARSE, "%s.skill: %u appears twice",
				  path, (unsigned)k);
	st = get_params(o, path, m->forgets, &sk->p, err);
	if (!st)
		st = tu_json_get_num(o, path, "ll", -HUGE_VAL, 0.0, &sk->ll,
				     err);
	if (!st)
		st = tu_json_get_num(o, path, "iterations", 0, 1e9, &v, err);
	sk->iterations = (unsigned)v;
	sk->fitted = 1;
	m->n_fitted++;
	return st;
}

static enum tu_status get_header(struct tu_bkt_model *m, const json_t *o,
				 struct tu_err *err)
{
	bool forgets = false;
	double v = 0.0;
	enum tu_status st;

	st = tu_json_expect_str(o, "$", "format", "tutor-bkt", err);
	if (!st)
		st = tu_json_get_num(o, "$", "version", 1, 1, &v, err);
	if (!st)
		st = tu_json_get_bool(o, "$", "forgets", &forgets, err);
	if (st)
		return st;
	m->forgets = forgets;
	st = get_whole(o, "$", "n_skills", 1, TU_BKT_MAX_SKILLS, &v, err);
	m->n_skills = st ? 0 : (uint32_t)v;
	if (!st)
		st = tu_json_get_num(o, "$", "train_ll", -HUGE_VAL, 0.0, &m->ll,
				     err);
	return st;
}

static enum tu_status get_model(struct tu_bkt_model *m, const json_t *o,
				struct tu_err *err)
{
	const json_t *a = json_object_get(o, "skills");
	const json_t *d = json_object_get(o, "default");
	enum tu_status st = get_header(m, o, err);

	if (!st)
		st = tu_json_check_keys(d, "$.default", dflt_keys,
					TU_JSON_AT_MOST, err);
	if (!st)
		st = get_params(d, "$.default", m->forgets, &m->dflt, err);
	if (st)
		return st;
	if (!json_is_array(a) || json_array_size(a) > m->n_skills)
		return tu_err_set(err, TU_EPARSE,
				  "$.skills: expected an array of at most n_skills entries");
	m->skills = calloc(m->n_skills, sizeof(*m->skills));
	if (!m->skills)
		return tu_err_set(err, TU_ENOMEM, "bkt: out of memory");
	for (size_t i = 0; i < json_array_size(a) && !st; i++)
		st = get_skill(m, json_array_get(a, i), i, err);
	for (uint32_t k = 0; k < m->n_skills && !st; k++)
		if (!m->skills[k].fitted)
			m->skills[k].p = m->dflt;
	return st;
}

enum tu_status tu_bkt_model_from_json(struct tu_bkt_model *m, const char *buf,
				      size_t len, struct tu_err *err)
{
	json_t *o;
	struct tu_bkt_model nm;
	enum tu_status st;

	st = tu_json_load(buf, len, TU_BKT_JSON_MAX, "bkt JSON", &o, err);
	if (st)
		return st;
	tu_bkt_model_init(&nm);
	st = tu_json_check_keys(o, "$", top_keys, TU_JSON_AT_MOST, err);
	if (!st)
		st = get_model(&nm, o, err);
	json_decref(o);
	if (st) {
		tu_bkt_model_release(&nm);
		return st;
	}
	tu_bkt_model_release(m);
	*m = nm;
	return TU_OK;
}
