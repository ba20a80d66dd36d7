/*
 * config.c - the simulator's configuration: defaults, checks, `key=value`
 * setting, persona names (contracts in tutor/sim.h, values explained in
 * docs/simulator.md).
 *
 * What it is: plain tables and checks.  What it is not: no simulation
 * (learner.c, run.c) and no prior fitting (priors.c).  Pure.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tutor/sim.h"

static const char *const level_names[TU_SIM_LEVELS] = {
	"beginner", "intermediate", "advanced"
};
static const char *const style_names[TU_SIM_STYLES] = {
	"momentum", "consolidator", "explorer", "struggler"
};

const char *tu_sim_level_name(enum tu_sim_level l)
{
	return (unsigned)l < TU_SIM_LEVELS ? level_names[l] : "?";
}

const char *tu_sim_style_name(enum tu_sim_style s)
{
	return (unsigned)s < TU_SIM_STYLES ? style_names[s] : "?";
}

bool tu_sim_level_parse(const char *s, enum tu_sim_level *out)
{
	for (unsigned i = 0; i < TU_SIM_LEVELS; i++)
		if (strcmp(s, level_names[i]) == 0) {
			*out = (enum tu_sim_level)i;
			return true;
		}
	return false;
}

bool tu_sim_style_parse(const char *s, enum tu_sim_style *out)
{
	for (unsigned i = 0; i < TU_SIM_STYLES; i++)
		if (strcmp(s, style_names[i]) == 0) {
			*out = (enum tu_sim_style)i;
			return true;
		}
	return false;
}

void tu_sim_config_default(struct tu_sim_config *c)
{
	static const double hs[5] = { 0.10, 0.20, 0.35, 0.55, 0.80 };
	static const double hl[5] = { 1.15, 1.25, 1.20, 0.90, 0.60 };

	memset(c, 0, sizeof(*c));
	c->learners = 100;
	c->days = 30;
	c->seed = 1;
	c->start = 1767225600;   /* 2026-01-01 00:00 UTC */
	c->threads = 1;
	c->level_mix[0] = 0.4;
	c->level_mix[1] = 0.4;
	c->level_mix[2] = 0.2;
	for (unsigned i = 0; i < TU_SIM_STYLES; i++)
		c->style_mix[i] = 0.25;
	c->hints = true;
	c->max_attempts = 3;
	c->session_k = 3;
	c->holdout = 0.2;
	c->prereq_gate = 0.25;
	memcpy(c->hint_success, hs, sizeof(hs));
	memcpy(c->hint_learn, hl, sizeof(hl));
	c->forget_scale = 0.3;
	c->drop_base = 0.01;
	c->drop_per_fail = 0.015;
	c->follow_break = 0.7;
	tu_sim_priors_default(&c->priors);
	c->goals = false;
	c->split_seed = 0;
	c->stream = 0;
}

/* ---- validation ---------------------------------------------------------- */

static enum tu_status in_range(double v, double lo, double hi,
			       const char *name, struct tu_err *err)
{
	if (!(v >= lo && v <= hi))
		return tu_err_set(err, TU_EINVAL, "sim: %s: must be in "
				  "[%g,%g], got %g", name, lo, hi, v);
	return TU_OK;
}

static enum tu_status count_range(uint64_t v, uint64_t lo, uint64_t hi,
				  const char *name, struct tu_err *err)
{
	if (v < lo || v > hi)
		return tu_err_set(err, TU_EINVAL, "sim: %s: must be in "
				  "[%llu,%llu], got %llu", name,
				  (unsigned long long)lo,
				  (unsigned long long)hi,
				  (unsigned long long)v);
	return TU_OK;
}

static enum tu_status mix_ok(const double *m, size_t n, const char *name,
			     struct tu_err *err)
{
	double sum = 0.0;
	char field[64];

	for (size_t i = 0; i < n; i++) {
		snprintf(field, sizeof(field), "%s[%zu]", name, i);
		enum tu_status s = in_range(m[i], 0.0, 1.0, field, err);

		if (s)
			return s;
		sum += m[i];
	}
	if (fabs(sum - 1.0) > 1e-6)
		return tu_err_set(err, TU_EINVAL, "sim: %s: shares must sum "
				  "to 1, got %g", name, sum);
	return TU_OK;
}

static enum tu_status vec_ok(const double *v, size_t n, double hi,
			     const char *name, struct tu_err *err)
{
	char field[64];

	for (size_t i = 0; i < n; i++) {
		snprintf(field, sizeof(field), "%s[%zu]", name, i);
		enum tu_status s = in_range(v[i], 0.0, hi, field, err);

		if (s)
			return s;
	}
	return TU_OK;
}

static enum tu_status beta_ok(struct tu_beta b, const char *name,
			      struct tu_err *err)
{
	if (!(b.a > 0.0 && b.b > 0.0 && isfinite(b.a) && isfinite(b.b)))
		return tu_err_set(err, TU_EINVAL, "sim: priors.%s: Beta "
				  "parameters must be finite and > 0, got "
				  "(%g, %g)", name, b.a, b.b);
	return TU_OK;
}

static enum tu_status priors_ok(const struct tu_sim_priors *p,
				struct tu_err *err)
{
	enum tu_status s = beta_ok(p->prior, "prior", err);

	if (!s)
		s = beta_ok(p->learn, "learn", err);
	if (!s)
		s = beta_ok(p->guess, "guess", err);
	if (!s)
		s = beta_ok(p->slip, "slip", err);
	if (!s)
		s = beta_ok(p->forget, "forget", err);
	return s;
}

static enum tu_status counts_ok(const struct tu_sim_config *c,
				struct tu_err *err)
{
	enum tu_status s = count_range(c->learners, 1, TU_SIM_LEARNERS_MAX,
				       "learners", err);

	if (!s)
		s = count_range(c->days, 1, TU_SIM_DAYS_MAX, "days", err);
	if (!s)
		s = count_range(c->threads, 1, TU_SIM_THREADS_MAX, "threads",
				err);
	if (!s)
		s = count_range(c->max_attempts, 1, 10, "max_attempts", err);
	if (!s)
		s = count_range(c->session_k, 1, 10, "session_k", err);
	return s;
}

enum tu_status tu_sim_config_validate(const struct tu_sim_config *c,
				      struct tu_err *err)
{
	enum tu_status s = counts_ok(c, err);

	if (!s)
		s = mix_ok(c->level_mix, TU_SIM_LEVELS, "level_mix", err);
	if (!s)
		s = mix_ok(c->style_mix, TU_SIM_STYLES, "style_mix", err);
	if (!s)
		s = in_range(c->holdout, 0.0, 0.5, "holdout", err);
	if (!s)
		s = in_range(c->prereq_gate, 0.0, 1.0, "prereq_gate", err);
	if (!s)
		s = vec_ok(c->hint_success, 5, 1.0, "hint_success", err);
	if (!s)
		s = vec_ok(c->hint_learn, 5, 3.0, "hint_learn", err);
	if (!s)
		s = in_range(c->forget_scale, 0.0, 100.0, "forget_scale", err);
	if (!s)
		s = in_range(c->drop_base, 0.0, 1.0, "drop_base", err);
	if (!s)
		s = in_range(c->drop_per_fail, 0.0, 1.0, "drop_per_fail", err);
	if (!s)
		s = in_range(c->follow_break, 0.0, 1.0, "follow_break", err);
	if (!s)
		s = priors_ok(&c->priors, err);
	return s;
}

/* ---- key=value ------------------------------------------------------------ */

static enum tu_status parse_num(const char *key, const char *v, double *out,
				struct tu_err *err)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(v, &end);
	if (end == v || *end || errno || !isfinite(d))
		return tu_err_set(err, TU_EINVAL, "sim: %s: '%s' is not a "
				  "number", key, v);
	*out = d;
	return TU_OK;
}

static enum tu_status parse_count(const char *key, const char *v,
				  uint64_t *out, struct tu_err *err)
{
	char *end;
	unsigned long long u;

	errno = 0;
	if (*v < '0' || *v > '9')
		return tu_err_set(err, TU_EINVAL, "sim: %s: '%s' is not a "
				  "whole number >= 0", key, v);
	u = strtoull(v, &end, 10);
	if (*end || errno)
		return tu_err_set(err, TU_EINVAL, "sim: %s: '%s' is not a "
				  "whole number >= 0", key, v);
	*out = u;
	return TU_OK;
}

/* "a,b,c" into exactly n numbers. */
static enum tu_status parse_vec(const char *key, const char *v, double *out,
				size_t n, struct tu_err *err)
{
	char buf[256], *save = NULL, *tok;
	size_t k = 0;

	if (strlen(v) >= sizeof(buf))
		return tu_err_set(err, TU_EINVAL, "sim: %s: value too long",
				  key);
	snprintf(buf, sizeof(buf), "%s", v);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (k == n)
			break;
		enum tu_status s = parse_num(key, tok, &out[k++], err);

		if (s)
			return s;
	}
	if (k != n || tok)
		return tu_err_set(err, TU_EINVAL, "sim: %s: expected %zu "
				  "comma-separated numbers, got '%s'", key, n,
				  v);
	return TU_OK;
}

static enum tu_status set_bool(const char *key, const char *v, bool *out,
			       struct tu_err *err)
{
	if (!strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "yes"))
		*out = true;
	else if (!strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "no"))
		*out = false;
	else
		return tu_err_set(err, TU_EINVAL, "sim: %s: expected true or "
				  "false, got '%s'", key, v);
	return TU_OK;
}

struct num_key {
	const char *key;
	size_t off;
};

#define NK(f) { #f, offsetof(struct tu_sim_config, f) }
static const struct num_key num_keys[] = {
	NK(holdout), NK(prereq_gate), NK(forget_scale), NK(drop_base),
	NK(drop_per_fail), NK(follow_break),
};
#undef NK

static enum tu_status set_count(struct tu_sim_config *c, const char *key,
				const char *v, bool *done, struct tu_err *err)
{
	uint64_t u = 0;
	enum tu_status s;

	*done = true;
	if (strcmp(key, "learners") && strcmp(key, "days") &&
	    strcmp(key, "seed") && strcmp(key, "threads") &&
	    strcmp(key, "max_attempts") && strcmp(key, "session_k")) {
		*done = false;
		return TU_OK;
	}
	s = parse_count(key, v, &u, err);
	if (s)
		return s;
	if (!strcmp(key, "seed")) {
		c->seed = u;
		return TU_OK;
	}
	if (u > UINT32_MAX)
		return tu_err_set(err, TU_EINVAL, "sim: %s: %s is too large",
				  key, v);
	if (!strcmp(key, "learners"))
		c->learners = (uint32_t)u;
	else if (!strcmp(key, "days"))
		c->days = (uint32_t)u;
	else if (!strcmp(key, "threads"))
		c->threads = (unsigned)u;
	else if (!strcmp(key, "max_attempts"))
		c->max_attempts = (uint32_t)u;
	else
		c->session_k = (uint32_t)u;
	return TU_OK;
}

static enum tu_status set_persona(struct tu_sim_config *c, const char *key,
				  const char *v, struct tu_err *err)
{
	enum tu_sim_level l;
	enum tu_sim_style s;

	if (!strcmp(key, "level")) {
		if (!tu_sim_level_parse(v, &l))
			return tu_err_set(err, TU_EINVAL, "sim: level: unknown "
					  "level '%s' (beginner, intermediate, "
					  "advanced)", v);
		memset(c->level_mix, 0, sizeof(c->level_mix));
		c->level_mix[l] = 1.0;
		return TU_OK;
	}
	if (!tu_sim_style_parse(v, &s))
		return tu_err_set(err, TU_EINVAL, "sim: style: unknown persona "
				  "'%s' (momentum, consolidator, explorer, "
				  "struggler)", v);
	memset(c->style_mix, 0, sizeof(c->style_mix));
	c->style_mix[s] = 1.0;
	return TU_OK;
}

static enum tu_status set_any(struct tu_sim_config *c, const char *key,
			      const char *v, struct tu_err *err)
{
	bool done = false;
	enum tu_status s = set_count(c, key, v, &done, err);

	if (s || done)
		return s;
	for (size_t i = 0; i < sizeof(num_keys) / sizeof(num_keys[0]); i++)
		if (!strcmp(key, num_keys[i].key))
			return parse_num(key, v,
					 (double *)((char *)c +
						    num_keys[i].off), err);
	if (!strcmp(key, "hints"))
		return set_bool(key, v, &c->hints, err);
	if (!strcmp(key, "goals"))
		return set_bool(key, v, &c->goals, err);
	if (!strcmp(key, "level_mix"))
		return parse_vec(key, v, c->level_mix, TU_SIM_LEVELS, err);
	if (!strcmp(key, "style_mix"))
		return parse_vec(key, v, c->style_mix, TU_SIM_STYLES, err);
	if (!strcmp(key, "hint_success"))
		return parse_vec(key, v, c->hint_success, 5, err);
	if (!strcmp(key, "hint_learn"))
		return parse_vec(key, v, c->hint_learn, 5, err);
	if (!strcmp(key, "level") || !strcmp(key, "style"))
		return set_persona(c, key, v, err);
	return tu_err_set(err, TU_EINVAL, "sim: unknown setting '%s' (see "
			  "docs/simulator.md)", key);
}

enum tu_status tu_sim_config_set(struct tu_sim_config *c, const char *key,
				 const char *value, struct tu_err *err)
{
	struct tu_sim_config next = *c;
	enum tu_status s = set_any(&next, key, value, err);

	if (!s)
		s = tu_sim_config_validate(&next, err);
	if (!s)
		*c = next;
	return s;
}

enum tu_status tu_sim_config_set_pair(struct tu_sim_config *c, const char *kv,
				      struct tu_err *err)
{
	char key[64];
	const char *eq = strchr(kv, '=');

	if (!eq || eq == kv || (size_t)(eq - kv) >= sizeof(key))
		return tu_err_set(err, TU_EINVAL, "sim: expected KEY=VALUE, "
				  "got '%s'", kv);
	memcpy(key, kv, (size_t)(eq - kv));
	key[eq - kv] = '\0';
	return tu_sim_config_set(c, key, eq + 1, err);
}
