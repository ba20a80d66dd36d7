/*
 * event_assist.c - the "assist" and "goals_stated" payloads
 * (tutor/event.h): checks, encoding and the strict decoder.
 *
 * An assist event records what an LLM-backed use showed the learner and
 * how (path, prompt and version, model, token counts); a goals_stated
 * event carries goal components extracted from the learner's words.
 * Both come from outside text (an LLM's answer, a learner's sentence),
 * so every string is bounded, UTF-8 and, for names and ids, free of
 * control characters; the decoder accepts exactly what the encoder
 * writes.  Not here: producing the text (tutor/assist.h) or merging the
 * goals (the learner profiler).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_internal.h"
#include "tutor/json.h"
#include "tutor/utf8.h"

#define TRY(x)                            \
	do {                              \
		enum tu_status st_ = (x); \
		if (st_)                  \
			return st_;       \
	} while (0)

/* Bounds shared by the check and the decoder, so that whatever encodes
 * also decodes: thresholds in [-NUM_MAX, NUM_MAX], weights in
 * [WEIGHT_MIN, NUM_MAX]. */
#define NUM_MAX 1e300
#define WEIGHT_MIN 1e-300

static const char *const use_names[] = {
	"hint", "review", "narrative", "goals", "ask", "plan", "plan_step",
	NULL,
};

static const char *const path_names[] = {
	"fallback", "json_schema", "json_object", "text", "cache", NULL,
};

static const char *const dim_names[TU_GOAL_DIMENSIONS] = {
	"long_term_objective", "short_term_objective",
	"implicit_motivation", "explicit_motivation",
};

static const char *const cmp_names[] = { ">=", ">", "<=", "<", "==" };
#define N_CMP (sizeof(cmp_names) / sizeof(cmp_names[0]))

static bool in_list(const char *s, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		if (strcmp(s, names[i]) == 0)
			return true;
	return false;
}

bool tu_ev_assist_use_ok(const char *use)
{
	return use && in_list(use, use_names);
}

bool tu_ev_assist_path_ok(const char *path)
{
	return path && in_list(path, path_names);
}

/* ---- checks ----------------------------------------------------------- */

/* s is NUL-terminated within cap, valid UTF-8, not empty unless allowed,
 * and (when line) free of control characters. */
static bool str_ok(const char *s, size_t cap, bool may_be_empty, bool line)
{
	const char *end = memchr(s, '\0', cap);
	size_t n;

	if (!end)
		return false;
	n = (size_t)(end - s);
	if ((n == 0 && !may_be_empty) || !tu_utf8_valid(s, n, NULL))
		return false;
	for (size_t i = 0; line && i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

static enum tu_status bad_str(struct tu_err *err, const char *path,
			      const char *key, size_t cap, bool may_be_empty,
			      bool line)
{
	return tu_err_set(err, TU_EINVAL, "%s.%s: must be %sUTF-8 shorter "
			  "than %zu bytes%s", path, key,
			  may_be_empty ? "" : "non-empty ", cap,
			  line ? " without control characters" : "");
}

#define CHECK_STR(obj, f, path, empty, line, err)                          \
	do {                                                               \
		if (!str_ok((obj)->f, sizeof((obj)->f), (empty), (line)))  \
			return bad_str((err), (path), #f,                  \
				       sizeof((obj)->f), (empty), (line)); \
	} while (0)

/* The checks of tu_ev_assist_check with messages under path p. */
static enum tu_status assist_check(const struct tu_ev_assist *a,
				   const char *p, struct tu_err *err)
{
	CHECK_STR(a, use, p, false, true, err);
	CHECK_STR(a, path, p, false, true, err);
	if (!tu_ev_assist_use_ok(a->use))
		return tu_err_set(err, TU_EINVAL, "%s.use: unknown use '%s'",
				  p, a->use);
	if (!tu_ev_assist_path_ok(a->path))
		return tu_err_set(err, TU_EINVAL, "%s.path: unknown path "
				  "'%s'", p, a->path);
	CHECK_STR(a, item, p, true, true, err);
	CHECK_STR(a, prompt, p, true, true, err);
	CHECK_STR(a, model, p, true, true, err);
	CHECK_STR(a, text, p, true, false, err);
	CHECK_STR(a, reason, p, true, false, err);
	if (strcmp(a->path, "fallback") != 0 &&
	    (!a->prompt[0] || a->prompt_version == 0))
		return tu_err_set(err, TU_EINVAL, "%s.prompt: an answer "
				  "served by path '%s' names its prompt and "
				  "version", p, a->path);
	if (a->refused && strcmp(a->path, "fallback") != 0)
		return tu_err_set(err, TU_EINVAL, "%s.refused: a refused "
				  "answer is served by the fallback, not '%s'",
				  p, a->path);
	return TU_OK;
}

enum tu_status tu_ev_assist_check(const struct tu_ev_assist *a,
				  struct tu_err *err)
{
	return assist_check(a, "assist", err);
}

static enum tu_status goal_numbers(const struct tu_goal *g, const char *p,
				   struct tu_err *err)
{
	if ((unsigned)g->dimension >= TU_GOAL_DIMENSIONS)
		return tu_err_set(err, TU_EINVAL, "%s.dimension: invalid "
				  "value %d", p, (int)g->dimension);
	if ((unsigned)g->threshold_cmp >= N_CMP)
		return tu_err_set(err, TU_EINVAL, "%s.threshold.cmp: invalid "
				  "value %d", p, (int)g->threshold_cmp);
	if (!(fabs(g->threshold) <= NUM_MAX))
		return tu_err_set(err, TU_EINVAL, "%s.threshold.value: must "
				  "be finite, at most %g in size", p, NUM_MAX);
	if (!(g->confidence >= 0.0 && g->confidence <= 1.0))
		return tu_err_set(err, TU_EINVAL, "%s.confidence: must be in "
				  "[0, 1]", p);
	if (!(g->weight >= WEIGHT_MIN && g->weight <= NUM_MAX))
		return tu_err_set(err, TU_EINVAL, "%s.weight: must be in "
				  "[%g, %g]", p, WEIGHT_MIN, NUM_MAX);
	return TU_OK;
}

static enum tu_status goal_check(const struct tu_goal *g, const char *p,
				 struct tu_err *err)
{
	CHECK_STR(g, id, p, false, true, err);
	CHECK_STR(g, description, p, false, false, err);
	CHECK_STR(g, metric, p, true, true, err);
	if (g->n_evidence > TU_EVIDENCE_MAX)
		return tu_err_set(err, TU_EINVAL, "%s.evidence: at most %d "
				  "entries, got %zu", p, TU_EVIDENCE_MAX,
				  g->n_evidence);
	for (size_t i = 0; i < g->n_evidence; i++)
		if (!str_ok(g->evidence[i], TU_SHORT_MAX, false, false))
			return tu_err_set(err, TU_EINVAL, "%s.evidence[%zu]: "
					  "must be non-empty UTF-8 shorter "
					  "than %d bytes", p, i, TU_SHORT_MAX);
	return goal_numbers(g, p, err);
}

/* The checks of tu_ev_goals_check with messages under path pfx. */
static enum tu_status goals_check(const struct tu_ev_goals *gs,
				  const char *pfx, struct tu_err *err)
{
	char p[48];

	if (gs->n > TU_EVENT_GOALS_MAX)
		return tu_err_set(err, TU_EINVAL, "%s: at most %d, got %zu",
				  pfx, TU_EVENT_GOALS_MAX, gs->n);
	for (size_t i = 0; i < gs->n; i++) {
		snprintf(p, sizeof(p), "%s[%zu]", pfx, i);
		TRY(goal_check(&gs->goals[i], p, err));
		for (size_t j = 0; j < i; j++)
			if (strcmp(gs->goals[j].id, gs->goals[i].id) == 0)
				return tu_err_set(err, TU_EINVAL, "%s.id: "
						  "'%s' repeats goals[%zu]",
						  p, gs->goals[i].id, j);
	}
	return TU_OK;
}

enum tu_status tu_ev_goals_check(const struct tu_ev_goals *gs,
				 struct tu_err *err)
{
	return goals_check(gs, "goals", err);
}

/* ---- encoding ----------------------------------------------------------- */

static void put(json_t *o, const char *key, json_t *v, bool *ok)
{
	if (!v || json_object_set_new(o, key, v))
		*ok = false;
}

static json_t *done(json_t *v, bool ok)
{
	if (ok)
		return v;
	json_decref(v);
	return NULL;
}

json_t *tu__enc_assist(const struct tu_ev_assist *a)
{
	json_t *o = json_object();
	bool ok = o != NULL;

	if (!ok)
		return NULL;
	put(o, "use", json_string(a->use), &ok);
	put(o, "item", json_string(a->item), &ok);
	put(o, "path", json_string(a->path), &ok);
	put(o, "prompt", json_string(a->prompt), &ok);
	put(o, "prompt_version", json_integer(a->prompt_version), &ok);
	put(o, "model", json_string(a->model), &ok);
	put(o, "text", json_string(a->text), &ok);
	put(o, "reason", json_string(a->reason), &ok);
	put(o, "refused", json_boolean(a->refused), &ok);
	put(o, "prompt_tokens", json_integer(a->prompt_tokens), &ok);
	put(o, "completion_tokens", json_integer(a->completion_tokens), &ok);
	return done(o, ok);
}

static json_t *enc_goal(const struct tu_goal *g)
{
	json_t *o = json_object();
	json_t *ev = json_array();
	bool ok = o && ev;

	for (size_t i = 0; ok && i < g->n_evidence; i++)
		if (json_array_append_new(ev, json_string(g->evidence[i])))
			ok = false;
	if (!o) {
		json_decref(ev);
		return NULL;
	}
	put(o, "evidence", ev, &ok);
	put(o, "id", json_string(g->id), &ok);
	put(o, "dimension", json_string(dim_names[g->dimension]), &ok);
	put(o, "description", json_string(g->description), &ok);
	put(o, "metric", json_string(g->metric), &ok);
	put(o, "threshold", json_pack("{s:s, s:f}", "cmp",
				      cmp_names[g->threshold_cmp], "value",
				      g->threshold), &ok);
	put(o, "confidence", json_real(g->confidence), &ok);
	put(o, "weight", json_real(g->weight), &ok);
	return done(o, ok);
}

json_t *tu__enc_goals(const struct tu_ev_goals *gs)
{
	json_t *o = json_object();
	json_t *a = json_array();
	bool ok = o && a;

	for (size_t i = 0; ok && i < gs->n; i++)
		if (json_array_append_new(a, enc_goal(&gs->goals[i])))
			ok = false;
	if (!o) {
		json_decref(a);
		return NULL;
	}
	put(o, "goals", a, &ok);
	return done(o, ok);
}

/* ---- decoding ------------------------------------------------------------ */

static enum tu_status get_u32(const json_t *o, const char *key, uint32_t *out,
			      struct tu_err *err)
{
	int64_t v;

	TRY(tu_json_get_int(o, "$", key, 0, UINT32_MAX, &v, err));
	*out = (uint32_t)v;
	return TU_OK;
}

/* A check failure of a decoded body is a parse error (same message). */
static enum tu_status as_parse(enum tu_status st, struct tu_err *err)
{
	if (st == TU_EINVAL && err)
		err->code = TU_EPARSE;
	return st == TU_EINVAL ? TU_EPARSE : st;
}

enum tu_status tu__dec_assist(const json_t *o, struct tu_ev_assist *a,
			      struct tu_err *err)
{
	static const char *const keys[] = { "use", "item", "path", "prompt",
		"prompt_version", "model", "text", "reason", "refused",
		"prompt_tokens", "completion_tokens", NULL };

	TRY(tu_json_check_keys(o, "$", keys, TU_JSON_EXACTLY, err));
	TRY(tu_json_get_str(o, "$", "use", a->use, sizeof(a->use), err));
	TRY(tu_json_get_str(o, "$", "item", a->item, sizeof(a->item), err));
	TRY(tu_json_get_str(o, "$", "path", a->path, sizeof(a->path), err));
	TRY(tu_json_get_str(o, "$", "prompt", a->prompt, sizeof(a->prompt),
			    err));
	TRY(get_u32(o, "prompt_version", &a->prompt_version, err));
	TRY(tu_json_get_str(o, "$", "model", a->model, sizeof(a->model), err));
	TRY(tu_json_get_str(o, "$", "text", a->text, sizeof(a->text), err));
	TRY(tu_json_get_str(o, "$", "reason", a->reason, sizeof(a->reason),
			    err));
	TRY(tu_json_get_bool(o, "$", "refused", &a->refused, err));
	TRY(get_u32(o, "prompt_tokens", &a->prompt_tokens, err));
	TRY(get_u32(o, "completion_tokens", &a->completion_tokens, err));
	return as_parse(assist_check(a, "$", err), err);
}

static enum tu_status get_name(const json_t *o, const char *path,
			       const char *key, const char *const *names,
			       size_t n, int *out, struct tu_err *err)
{
	char buf[64];

	TRY(tu_json_get_str(o, path, key, buf, sizeof(buf), err));
	for (size_t i = 0; i < n; i++) {
		if (strcmp(buf, names[i]) == 0) {
			*out = (int)i;
			return TU_OK;
		}
	}
	return tu_err_set(err, TU_EPARSE, "%s.%s: unknown value '%s'", path,
			  key, buf);
}

static enum tu_status dec_threshold(const json_t *o, const char *p,
				    struct tu_goal *g, struct tu_err *err)
{
	static const char *const keys[] = { "cmp", "value", NULL };
	const json_t *th = json_object_get(o, "threshold");
	char tp[64];
	int cmp = 0;

	snprintf(tp, sizeof(tp), "%s.threshold", p);
	TRY(tu_json_check_keys(th, tp, keys, TU_JSON_EXACTLY, err));
	TRY(get_name(th, tp, "cmp", cmp_names, N_CMP, &cmp, err));
	g->threshold_cmp = (enum tu_cmp)cmp;
	return tu_json_get_num(th, tp, "value", -NUM_MAX, NUM_MAX,
			       &g->threshold, err);
}

static enum tu_status dec_evidence(const json_t *o, const char *p,
				   struct tu_goal *g, struct tu_err *err)
{
	const json_t *a;
	char ep[96];

	TRY(tu_json_get_array(o, p, "evidence", TU_EVIDENCE_MAX, &a, err));
	for (size_t i = 0; i < json_array_size(a); i++) {
		const json_t *v = json_array_get(a, i);

		snprintf(ep, sizeof(ep), "%s.evidence[%zu]", p, i);
		if (!json_is_string(v))
			return tu_json_type_error(err, ep, NULL, "a string", v);
		if (json_string_length(v) >= TU_SHORT_MAX)
			return tu_err_set(err, TU_ERANGE, "%s: too long (%zu "
					  "bytes, at most %d)", ep,
					  json_string_length(v),
					  TU_SHORT_MAX - 1);
		memcpy(g->evidence[i], json_string_value(v),
		       json_string_length(v) + 1);
		g->n_evidence = i + 1;
	}
	return TU_OK;
}

static enum tu_status dec_goal(const json_t *o, const char *p,
			       struct tu_goal *g, struct tu_err *err)
{
	static const char *const keys[] = { "id", "dimension", "description",
		"metric", "threshold", "confidence", "weight", "evidence",
		NULL };
	int dim = 0;

	TRY(tu_json_check_keys(o, p, keys, TU_JSON_EXACTLY, err));
	tu_learner_goal_init(g);
	TRY(tu_json_get_str(o, p, "id", g->id, sizeof(g->id), err));
	TRY(get_name(o, p, "dimension", dim_names, TU_GOAL_DIMENSIONS, &dim,
		     err));
	g->dimension = (enum tu_goal_dimension)dim;
	TRY(tu_json_get_str(o, p, "description", g->description,
			    sizeof(g->description), err));
	TRY(tu_json_get_str(o, p, "metric", g->metric, sizeof(g->metric),
			    err));
	TRY(dec_threshold(o, p, g, err));
	TRY(tu_json_get_num(o, p, "confidence", 0.0, 1.0, &g->confidence,
			    err));
	TRY(tu_json_get_num(o, p, "weight", WEIGHT_MIN, NUM_MAX, &g->weight,
			    err));
	return dec_evidence(o, p, g, err);
}

enum tu_status tu__dec_goals(const json_t *o, struct tu_ev_goals *gs,
			     struct tu_err *err)
{
	static const char *const keys[] = { "goals", NULL };
	const json_t *a;
	char p[48];

	TRY(tu_json_check_keys(o, "$", keys, TU_JSON_EXACTLY, err));
	TRY(tu_json_get_array(o, "$", "goals", TU_EVENT_GOALS_MAX, &a, err));
	for (size_t i = 0; i < json_array_size(a); i++) {
		snprintf(p, sizeof(p), "$.goals[%zu]", i);
		TRY(dec_goal(json_array_get(a, i), p, &gs->goals[i], err));
		gs->n = i + 1;
	}
	return as_parse(goals_check(gs, "$.goals", err), err);
}
