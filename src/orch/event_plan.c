/*
 * event_plan.c - the "plan" payload (tutor/event.h): the check, the
 * encoder and the strict decoder of the records a study plan's run leaves
 * in the event log (start, step, end; docs/plans.md "Executor").
 *
 * A step record carries what a learner typed and what the tutor showed,
 * and a start record a whole plan, so every string is bounded and UTF-8,
 * ids and flag names come from small alphabets, and the decoder accepts
 * exactly what the encoder writes.  Not here: running a plan or checking
 * the plan's own rules (tutor/plan_run.h, tutor/plan.h).
 */
#include <stdint.h>
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

#define ITER_MAX 5u

static const char *const kind_names[] = { "start", "step", "end" };
static const char *const planner_names[] = { "rules", "llm", NULL };
static const char *const status_names[] = { "completed", "abandoned",
	NULL };

/* ---- checks ------------------------------------------------------------- */

static bool in_list(const char *s, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		if (strcmp(s, names[i]) == 0)
			return true;
	return false;
}

/* NUL-terminated within cap, UTF-8, (line) no control characters. */
static bool text_ok(const char *s, size_t cap, bool line)
{
	const char *end = memchr(s, '\0', cap);
	size_t n;

	if (!end)
		return false;
	n = (size_t)(end - s);
	if (!tu_utf8_valid(s, n, NULL))
		return false;
	for (size_t i = 0; line && i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* 1..cap-1 bytes, each in [A-Za-z0-9] or one of extra. */
static bool id_ok(const char *s, size_t cap, const char *extra)
{
	size_t n = strnlen(s, cap);

	if (n == 0 || n == cap)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr(extra, c)))
			return false;
	}
	return true;
}

static enum tu_status flags_check(const struct tu_ev_plan *p, const char *pfx,
				  struct tu_err *err)
{
	if (p->n_flags > TU_EVENT_PLAN_FLAGS_MAX)
		return tu_err_set(err, TU_EINVAL, "%s.flags: at most %d, got "
				  "%zu", pfx, TU_EVENT_PLAN_FLAGS_MAX,
				  p->n_flags);
	for (size_t i = 0; i < p->n_flags; i++) {
		const struct tu_ev_plan_flag *f = &p->flags[i];

		if (!id_ok(f->name, sizeof(f->name), "_"))
			return tu_err_set(err, TU_EINVAL, "%s.flags[%zu]: a "
					  "name is 1..31 bytes of [A-Za-z0-9_]",
					  pfx, i);
		if (!text_ok(f->value, sizeof(f->value), true))
			return tu_err_set(err, TU_EINVAL, "%s.flags.%s: the "
					  "value must be UTF-8 shorter than "
					  "64 bytes without control characters",
					  pfx, f->name);
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->flags[j].name, f->name) == 0)
				return tu_err_set(err, TU_EINVAL, "%s.flags: "
						  "'%s' twice", pfx, f->name);
	}
	return TU_OK;
}

static enum tu_status start_check(const struct tu_ev_plan *p, const char *pfx,
				  struct tu_err *err)
{
	json_t *root;
	bool obj;

	if (!p->plan_json || p->plan_len > TU_EVENT_PLAN_MAX)
		return tu_err_set(err, TU_EINVAL, "%s.plan: %zu bytes, at most "
				  "%u", pfx, p->plan_json ? p->plan_len : 0,
				  TU_EVENT_PLAN_MAX);
	root = json_loadb(p->plan_json, p->plan_len, JSON_REJECT_DUPLICATES,
			  NULL);
	obj = json_is_object(root);
	json_decref(root);
	if (!obj)
		return tu_err_set(err, TU_EINVAL, "%s.plan: must be a JSON "
				  "object", pfx);
	if (p->item[0] && !id_ok(p->item, sizeof(p->item), "_.-"))
		return tu_err_set(err, TU_EINVAL, "%s.item: '%s' is not an "
				  "item id", pfx, p->item);
	if (!in_list(p->planner, planner_names))
		return tu_err_set(err, TU_EINVAL, "%s.planner: must be 'rules' "
				  "or 'llm'", pfx);
	return TU_OK;
}

static enum tu_status step_check(const struct tu_ev_plan *p, const char *pfx,
				 struct tu_err *err)
{
	if (!p->step[0] || !text_ok(p->step, sizeof(p->step), true))
		return tu_err_set(err, TU_EINVAL, "%s.step: must be a "
				  "non-empty line shorter than %d bytes", pfx,
				  TU_EVENT_PLAN_STEP_MAX);
	if (p->iteration < 1 || p->iteration > ITER_MAX)
		return tu_err_set(err, TU_EINVAL, "%s.iteration: must be in "
				  "1..%u, got %u", pfx, ITER_MAX,
				  (unsigned)p->iteration);
	if (!text_ok(p->input, sizeof(p->input), false) ||
	    !text_ok(p->output, sizeof(p->output), false))
		return tu_err_set(err, TU_EINVAL, "%s.%s: must be UTF-8 of at "
				  "most %d bytes", pfx, text_ok(p->input,
				  sizeof(p->input), false) ? "output" : "input",
				  TU_EVENT_TEXT_MAX);
	if (p->submission < 0)
		return tu_err_set(err, TU_EINVAL, "%s.submission: must be an "
				  "event id or 0", pfx);
	return flags_check(p, pfx, err);
}

static enum tu_status plan_check(const struct tu_ev_plan *p, const char *pfx,
				 struct tu_err *err)
{
	if (!id_ok(p->plan_id, sizeof(p->plan_id), "_.-"))
		return tu_err_set(err, TU_EINVAL, "%s.plan_id: must be 1..63 "
				  "bytes of [A-Za-z0-9_.-]", pfx);
	switch (p->kind) {
	case TU_PLAN_EV_START:
		return start_check(p, pfx, err);
	case TU_PLAN_EV_STEP:
		return step_check(p, pfx, err);
	case TU_PLAN_EV_END:
		if (!in_list(p->status, status_names))
			return tu_err_set(err, TU_EINVAL, "%s.status: must be "
					  "'completed' or 'abandoned'", pfx);
		return TU_OK;
	}
	return tu_err_set(err, TU_EINVAL, "%s.kind: invalid value %d", pfx,
			  (int)p->kind);
}

enum tu_status tu_ev_plan_check(const struct tu_ev_plan *p, struct tu_err *err)
{
	return plan_check(p, "plan", err);
}

/* ---- encoding ----------------------------------------------------------- */

static void put(json_t *o, const char *key, json_t *v, bool *ok)
{
	if (!v || json_object_set_new(o, key, v))
		*ok = false;
}

static json_t *enc_flags(const struct tu_ev_plan *p)
{
	json_t *o = json_object();

	for (size_t i = 0; o && i < p->n_flags; i++) {
		if (json_object_set_new(o, p->flags[i].name,
					json_string(p->flags[i].value))) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

static void enc_kind(json_t *o, const struct tu_ev_plan *p, bool *ok)
{
	switch (p->kind) {
	case TU_PLAN_EV_START:
		put(o, "plan", json_loadb(p->plan_json, p->plan_len, 0, NULL),
		    ok);
		put(o, "item", json_string(p->item), ok);
		put(o, "planner", json_string(p->planner), ok);
		break;
	case TU_PLAN_EV_STEP:
		put(o, "step", json_string(p->step), ok);
		put(o, "iteration", json_integer(p->iteration), ok);
		put(o, "flags", enc_flags(p), ok);
		put(o, "input", json_string(p->input), ok);
		put(o, "output", json_string(p->output), ok);
		put(o, "submission", json_integer(p->submission), ok);
		break;
	case TU_PLAN_EV_END:
		put(o, "status", json_string(p->status), ok);
		break;
	}
}

json_t *tu__enc_plan(const struct tu_ev_plan *p)
{
	json_t *o = json_object();
	bool ok = o != NULL;

	if (!ok)
		return NULL;
	put(o, "kind", json_string(kind_names[p->kind]), &ok);
	put(o, "plan_id", json_string(p->plan_id), &ok);
	enc_kind(o, p, &ok);
	if (ok)
		return o;
	json_decref(o);
	return NULL;
}

/* ---- decoding ------------------------------------------------------------ */

static enum tu_status as_parse(enum tu_status st, struct tu_err *err)
{
	if (st == TU_EINVAL && err)
		err->code = TU_EPARSE;
	return st == TU_EINVAL ? TU_EPARSE : st;
}

static enum tu_status dec_kind(const json_t *o, struct tu_ev_plan *p,
			       struct tu_err *err)
{
	char k[16];

	TRY(tu_json_get_str(o, "$", "kind", k, sizeof(k), err));
	for (size_t i = 0; i < 3; i++) {
		if (strcmp(k, kind_names[i]) == 0) {
			p->kind = (enum tu_ev_plan_kind)i;
			return TU_OK;
		}
	}
	return tu_err_set(err, TU_EPARSE, "$.kind: unknown value '%s'", k);
}

static enum tu_status dec_start(const json_t *o, struct tu_ev_plan *p,
				struct tu_err *err)
{
	static const char *const keys[] = { "kind", "plan_id", "plan", "item",
		"planner", NULL };
	const json_t *plan = json_object_get(o, "plan");

	TRY(tu_json_check_keys(o, "$", keys, TU_JSON_EXACTLY, err));
	if (!json_is_object(plan))
		return tu_json_type_error(err, "$.plan", NULL, "an object",
					  plan);
	TRY(tu_json_get_str(o, "$", "item", p->item, sizeof(p->item), err));
	TRY(tu_json_get_str(o, "$", "planner", p->planner, sizeof(p->planner),
			    err));
	p->plan_json = json_dumps(plan, JSON_COMPACT | JSON_SORT_KEYS);
	if (!p->plan_json)
		return tu_err_set(err, TU_ENOMEM, "$.plan: out of memory");
	p->plan_len = strlen(p->plan_json);
	return TU_OK;
}

static enum tu_status dec_flags(const json_t *o, struct tu_ev_plan *p,
				struct tu_err *err)
{
	const json_t *f = json_object_get(o, "flags");
	const char *k;
	json_t *v;

	if (!json_is_object(f))
		return tu_json_type_error(err, "$.flags", NULL, "an object", f);
	if (json_object_size(f) > TU_EVENT_PLAN_FLAGS_MAX)
		return tu_err_set(err, TU_ERANGE, "$.flags: at most %d, got "
				  "%zu", TU_EVENT_PLAN_FLAGS_MAX,
				  json_object_size(f));
	json_object_foreach((json_t *)(uintptr_t)f, k, v) {
		struct tu_ev_plan_flag *fl = &p->flags[p->n_flags];

		if (strlen(k) >= sizeof(fl->name))
			return tu_err_set(err, TU_ERANGE, "$.flags: a name is "
					  "at most 31 bytes");
		memcpy(fl->name, k, strlen(k) + 1);
		TRY(tu_json_get_str(f, "$.flags", k, fl->value,
				    sizeof(fl->value), err));
		p->n_flags++;
	}
	return TU_OK;
}

static enum tu_status dec_step(const json_t *o, struct tu_ev_plan *p,
			       struct tu_err *err)
{
	static const char *const keys[] = { "kind", "plan_id", "step",
		"iteration", "flags", "input", "output", "submission", NULL };
	int64_t v;

	TRY(tu_json_check_keys(o, "$", keys, TU_JSON_EXACTLY, err));
	TRY(tu_json_get_str(o, "$", "step", p->step, sizeof(p->step), err));
	TRY(tu_json_get_int(o, "$", "iteration", 1, ITER_MAX, &v, err));
	p->iteration = (uint32_t)v;
	TRY(dec_flags(o, p, err));
	TRY(tu_json_get_str(o, "$", "input", p->input, sizeof(p->input), err));
	TRY(tu_json_get_str(o, "$", "output", p->output, sizeof(p->output),
			    err));
	TRY(tu_json_get_int(o, "$", "submission", 0, INT64_MAX, &v, err));
	p->submission = v;
	return TU_OK;
}

static enum tu_status dec_end(const json_t *o, struct tu_ev_plan *p,
			      struct tu_err *err)
{
	static const char *const keys[] = { "kind", "plan_id", "status",
		NULL };

	TRY(tu_json_check_keys(o, "$", keys, TU_JSON_EXACTLY, err));
	return tu_json_get_str(o, "$", "status", p->status, sizeof(p->status),
			       err);
}

enum tu_status tu__dec_plan(const json_t *o, struct tu_ev_plan *p,
			    struct tu_err *err)
{
	enum tu_status st;

	if (!json_is_object(o))
		return tu_json_type_error(err, "$", NULL, "an object", o);
	TRY(dec_kind(o, p, err));
	TRY(tu_json_get_str(o, "$", "plan_id", p->plan_id,
			    sizeof(p->plan_id), err));
	st = p->kind == TU_PLAN_EV_START ? dec_start(o, p, err) :
	     p->kind == TU_PLAN_EV_STEP ? dec_step(o, p, err) :
	     dec_end(o, p, err);
	if (st)
		return st;
	return as_parse(plan_check(p, "$", err), err);
}
