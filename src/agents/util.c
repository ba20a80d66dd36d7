/*
 * util.c - helpers the agents share (internal.h): event checks, course
 * look-ups, the facts of one submission and JSON/text builders.
 *
 * Not an agent and not public API.  Pure: no I/O, no clock, no globals.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tutor/utf8.h"
#include "internal.h"

/* ---- events and the course ---------------------------------------------- */

/* The event type's name (the orchestrator's codec has the same table;
 * repeated here so that the agents do not link the orchestrator). */
static const char *event_name(enum tu_event_type t)
{
	switch (t) {
	case TU_EV_LEARNER_CREATED: return "learner_created";
	case TU_EV_PREFERENCES: return "preferences";
	case TU_EV_SUBMISSION: return "submission";
	case TU_EV_HINT_REQUEST: return "hint_request";
	case TU_EV_SESSION_CHECK: return "session_check";
	case TU_EV_DAILY_GENERATION: return "daily_generation";
	case TU_EV_REVIEW_DUE: return "review_due";
	case TU_EV_ASSIST: return "assist";
	case TU_EV_GOALS_STATED: return "goals_stated";
	case TU_EV_PLAN: return "plan";
	}
	return "?";
}

enum tu_status tu__agent_refuse(const char *agent, enum tu_event_type t,
				struct tu_err *err)
{
	return tu_err_set(err, TU_EINVAL, "%s: does not handle '%s' events",
			  agent, event_name(t));
}

enum tu_status tu__agent_item_check(const char *agent, const char *item,
				    struct tu_err *err)
{
	if (!memchr(item, '\0', TU_ID_MAX))
		return tu_err_set(err, TU_EINVAL, "%s: event item id is not "
				  "terminated within %d bytes", agent, TU_ID_MAX);
	if (item[0] == '\0')
		return tu_err_set(err, TU_EINVAL, "%s: event item id is empty",
				  agent);
	return TU_OK;
}

static bool terminated(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

/* Every fixed string of the tags, failed tests and findings. */
static bool sub_strings_ok(const struct tu_ev_submission *s)
{
	for (size_t i = 0; i < s->n_tags; i++)
		if (!terminated(s->tags[i].tag, sizeof(s->tags[i].tag)) ||
		    !terminated(s->tags[i].topic, sizeof(s->tags[i].topic)) ||
		    !terminated(s->tags[i].evidence,
				sizeof(s->tags[i].evidence)))
			return false;
	for (size_t i = 0; i < s->n_failed; i++)
		if (!terminated(s->failed[i].name, sizeof(s->failed[i].name)) ||
		    !terminated(s->failed[i].message,
				sizeof(s->failed[i].message)))
			return false;
	for (size_t i = 0; i < s->n_findings; i++)
		if (!terminated(s->findings[i].rule,
				sizeof(s->findings[i].rule)) ||
		    !terminated(s->findings[i].message,
				sizeof(s->findings[i].message)))
			return false;
	return true;
}

enum tu_status tu__agent_sub_check(const char *agent,
				   const struct tu_ev_submission *s,
				   struct tu_err *err)
{
	enum tu_status st = tu__agent_item_check(agent, s->item, err);

	if (st)
		return st;
	if ((unsigned)s->verdict >= (unsigned)TU_VERDICT_IE)
		return tu_err_set(err, TU_EINVAL, "%s: submission verdict %d is "
				  "not an outcome", agent, (int)s->verdict);
	if (s->passed > s->total)
		return tu_err_set(err, TU_EINVAL, "%s: submission passed %u > "
				  "total %u", agent, s->passed, s->total);
	if (s->n_tags > TU_EVENT_TAGS_MAX || s->n_failed > TU_EVENT_FAILED_MAX ||
	    s->n_findings > TU_EVENT_FINDINGS_MAX)
		return tu_err_set(err, TU_EINVAL, "%s: submission lists too long "
				  "(%zu tags, %zu failed, %zu findings)", agent,
				  s->n_tags, s->n_failed, s->n_findings);
	if (!sub_strings_ok(s))
		return tu_err_set(err, TU_EINVAL, "%s: submission string not "
				  "NUL-terminated", agent);
	return TU_OK;
}

enum tu_status tu__agent_problem(const struct tu_agent_ctx *ctx,
				 const char *agent, const char *item,
				 const struct tu_course_problem **out,
				 struct tu_err *err)
{
	*out = tu_course_problem_find(ctx->course, item);
	if (!*out)
		return tu_err_set(err, TU_ENOTFOUND, "%s: no problem '%s' in "
				  "course '%s'", agent, item, ctx->course->id);
	return TU_OK;
}

/* ---- facts of one submission -------------------------------------------- */

enum tu_failure tu__failure_of(enum tu_verdict v)
{
	switch (v) {
	case TU_VERDICT_AC: return TU_FAIL_NONE;
	case TU_VERDICT_CE: return TU_FAIL_SYNTAX;
	case TU_VERDICT_RE:
	case TU_VERDICT_SV: return TU_FAIL_RUNTIME;
	case TU_VERDICT_WA: return TU_FAIL_WRONG;
	case TU_VERDICT_TLE:
	case TU_VERDICT_MLE:
	case TU_VERDICT_OLE:
	case TU_VERDICT_IE: return TU_FAIL_TIMEOUT;
	}
	return TU_FAIL_WRONG;
}

void tu__summary(const struct tu_ev_submission *s, char *buf, size_t cap)
{
	const struct tu_ev_failed *f = s->n_failed ? &s->failed[0] : NULL;
	int n;

	if (s->verdict == TU_VERDICT_AC) {
		snprintf(buf, cap, "all %u tests passed", s->total);
		return;
	}
	if (s->verdict == TU_VERDICT_CE) {
		n = snprintf(buf, cap, "the code did not compile (%u of %u "
			     "tests passed)", s->passed, s->total);
	} else {
		n = snprintf(buf, cap, "%u of %u tests passed", s->passed,
			     s->total);
	}
	if (!f || n < 0 || (size_t)n >= cap)
		return;
	if (f->hidden || f->message[0] == '\0')
		snprintf(buf + n, cap - (size_t)n, "; first failure '%s'%s",
			 f->name, f->hidden ? " (hidden test)" : "");
	else
		snprintf(buf + n, cap - (size_t)n, "; first failure '%s': %s",
			 f->name, f->message);
}

double tu__solve_s(const struct tu_learner_state *in, const char *item,
		   int64_t now)
{
	const struct tu_item_progress *p = tu_learner_item_find(in, item);

	if (!p || p->opened == TU_TIME_NONE || now == TU_TIME_NONE ||
	    now <= p->opened || now - p->opened > TU__SOLVE_MAX_S)
		return -1.0;
	return (double)(now - p->opened);
}

double tu__expected_s(const struct tu_course_problem *p)
{
	double s = p->expected_min * 60.0;

	return isfinite(s) && s > 0.0 ? s : 0.0;
}

void tu__engage_cfg(const struct tu_agent_config *cfg,
		    const struct tu_learner_state *st,
		    struct tu_engage_config *out)
{
	*out = cfg->engage;
	out->utc_offset_min = st->preferences.utc_offset_min;
}

/* ---- JSON --------------------------------------------------------------- */

void tu__put(json_t *o, const char *key, json_t *v, bool *ok)
{
	if (!v || json_object_set_new(o, key, v) != 0)
		*ok = false;
}

void tu__push(json_t *a, json_t *v, bool *ok)
{
	if (!v || json_array_append_new(a, v) != 0)
		*ok = false;
}

json_t *tu__str(const char *s)
{
	json_t *v = json_string(s);
	size_t len, i = 0;
	char *copy;

	if (v)
		return v;
	len = strlen(s);
	copy = malloc(len + 1);
	if (!copy)
		return NULL;
	memcpy(copy, s, len + 1);
	while (i < len) {
		size_t n = tu_utf8_seq((const unsigned char *)copy + i, 4);

		if (n == 0) {
			copy[i] = '?';
			n = 1;
		}
		i += n;
	}
	v = json_string(copy);
	free(copy);
	return v;
}

json_t *tu__real(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

json_t *tu__time(int64_t t)
{
	return t == TU_TIME_NONE ? json_null() : json_integer((json_int_t)t);
}

enum tu_status tu__nomem(const char *agent, struct tu_err *err)
{
	return tu_err_set(err, TU_ENOMEM, "%s: out of memory building the "
			  "outputs", agent);
}

void tu__reason_id(struct tu_agent_out *out, const char *list,
		   const char *id, const char *text)
{
	char prefix[sizeof(out->reasons[0].prefix)];

	snprintf(prefix, sizeof(prefix), "%s[%s]", list, id);
	tu_agent_out_reason(out, prefix, "%s", text);
}

/* ---- text builder ------------------------------------------------------- */

void tu__text_init(struct tu__text *t)
{
	memset(t, 0, sizeof(*t));
}

void tu__text_release(struct tu__text *t)
{
	free(t->buf);
	tu__text_init(t);
}

static bool text_reserve(struct tu__text *t, size_t need)
{
	size_t cap = t->cap ? t->cap : 256;
	char *p;

	if (need <= t->cap)
		return true;
	while (cap < need)
		cap *= 2;
	if (cap > TU__TEXT_MAX)
		cap = TU__TEXT_MAX;
	p = realloc(t->buf, cap);
	if (!p) {
		t->failed = true;
		return false;
	}
	t->buf = p;
	t->cap = cap;
	return true;
}

void tu__text_add(struct tu__text *t, const char *fmt, ...)
{
	va_list ap;
	int n;
	size_t need;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || t->failed)
		return;
	need = t->len + (size_t)n + 1;
	if (need > TU__TEXT_MAX)
		need = TU__TEXT_MAX;
	if (need <= t->len + 1 && t->buf)
		return;
	if (!text_reserve(t, need))
		return;
	va_start(ap, fmt);
	vsnprintf(t->buf + t->len, need - t->len, fmt, ap);
	va_end(ap);
	t->len = strlen(t->buf);
}
