/*
 * event.c - event types, names and the strict JSON codec of event
 * payloads (tutor/event.h).
 *
 * Payloads are outside input once they are in the log (a replay reads
 * them back, an import could bring them in), so the decoder is as strict
 * as the learner-state codec: every key known, every value typed and in
 * range, every string bounded.  The encoder sorts keys so equal events
 * give equal bytes.
 */
#include "tutor/event.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_internal.h"
#include "tutor/content.h"
#include "tutor/json.h"

#define TRY(x)                            \
	do {                              \
		enum tu_status st_ = (x); \
		if (st_)                  \
			return st_;       \
	} while (0)

static const char *const type_names[TU_EV_TYPES] = {
	"learner_created", "preferences", "submission", "hint_request",
	"session_check", "daily_generation", "review_due", "assist",
	"goals_stated", "plan",
};

static const char *const trigger_names[TU_EV_TYPES] = {
	"", "", "on_submission", "on_hint_request", "on_session_check",
	"on_daily_generation", "on_review_due", "", "on_goals_stated", "",
};

void tu_event_in_init(struct tu_event_in *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = TU_EV_LEARNER_CREATED;
}

void tu_event_in_release(struct tu_event_in *ev)
{
	if (!ev)
		return;
	if (ev->type == TU_EV_SUBMISSION)
		free(ev->u.sub.code);
	if (ev->type == TU_EV_PLAN)
		free(ev->u.plan.plan_json);
	tu_event_in_init(ev);
}

const char *tu_event_type_name(enum tu_event_type t)
{
	return (unsigned)t < TU_EV_TYPES ? type_names[t] : "?";
}

const char *tu_event_trigger_name(enum tu_event_type t)
{
	return (unsigned)t < TU_EV_TYPES ? trigger_names[t] : "";
}

enum tu_status tu_event_type_parse(const char *s, enum tu_event_type *out,
				   struct tu_err *err)
{
	for (unsigned i = 0; i < TU_EV_TYPES; i++) {
		if (strcmp(s, type_names[i]) == 0) {
			*out = (enum tu_event_type)i;
			return TU_OK;
		}
	}
	return tu_err_set(err, TU_EINVAL, "unknown event type '%s'", s);
}

/* ======================================================================
 * From a judge result
 * ====================================================================== */

/* Copies src into dst[cap], cutting it at cap - 1 bytes. */
static void copy_str(char *dst, size_t cap, const char *src)
{
	size_t n = src ? strnlen(src, cap - 1) : 0;

	memcpy(dst, src ? src : "", n);
	dst[n] = '\0';
}

static void sub_failed(struct tu_ev_submission *sub,
		       const struct tu_judge_result *res)
{
	for (size_t i = 0; i < res->n_cases; i++) {
		const struct tu_case_result *c = &res->cases[i];
		struct tu_ev_failed *f;

		if (c->verdict == TU_VERDICT_AC)
			continue;
		if (sub->n_failed == TU_EVENT_FAILED_MAX)
			return;
		f = &sub->failed[sub->n_failed++];
		copy_str(f->name, sizeof(f->name), c->name);
		f->hidden = c->hidden;
		if (c->hidden)
			copy_str(f->message, sizeof(f->message),
				 tu_verdict_name(c->verdict));
		else
			copy_str(f->message, sizeof(f->message), c->message);
	}
}

static void sub_tags_findings(struct tu_ev_submission *sub,
			      const struct tu_judge_result *res)
{
	for (size_t i = 0; i < res->n_tags && i < TU_EVENT_TAGS_MAX; i++) {
		struct tu_ev_tag *t = &sub->tags[sub->n_tags++];

		copy_str(t->tag, sizeof(t->tag), res->tags[i].tag);
		copy_str(t->topic, sizeof(t->topic), res->tags[i].topic);
		copy_str(t->evidence, sizeof(t->evidence),
			 res->tags[i].evidence);
	}
	for (size_t i = 0; i < res->n_review && i < TU_EVENT_FINDINGS_MAX;
	     i++) {
		struct tu_ev_finding *f = &sub->findings[sub->n_findings++];

		copy_str(f->rule, sizeof(f->rule), res->review[i].rule);
		f->line = res->review[i].line;
		copy_str(f->message, sizeof(f->message),
			 res->review[i].message);
	}
}

enum tu_status tu_ev_submission_from_judge(struct tu_ev_submission *sub,
					   const char *item, enum tu_lang lang,
					   const char *code, size_t code_len,
					   const struct tu_judge_result *res,
					   struct tu_err *err)
{
	if (res->verdict == TU_VERDICT_IE)
		return tu_err_set(err, TU_EINVAL, "the judge failed (IE): "
				  "not an outcome, nothing recorded: %s",
				  res->message);
	if (code_len > TU_JUDGE_MAX_SOURCE)
		return tu_err_set(err, TU_EINVAL, "code: %zu bytes, at most "
				  "%u", code_len, TU_JUDGE_MAX_SOURCE);
	if (strlen(item) >= TU_ID_MAX)
		return tu_err_set(err, TU_EINVAL, "item id too long");
	memset(sub, 0, sizeof(*sub));
	sub->code = malloc(code_len + 1);
	if (!sub->code)
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	memcpy(sub->code, code, code_len);
	sub->code[code_len] = '\0';
	sub->code_len = code_len;
	copy_str(sub->item, sizeof(sub->item), item);
	sub->lang = lang;
	sub->verdict = res->verdict;
	sub->total = (uint32_t)res->n_cases;
	for (size_t i = 0; i < res->n_cases; i++)
		sub->passed += res->cases[i].verdict == TU_VERDICT_AC;
	sub_failed(sub, res);
	sub_tags_findings(sub, res);
	return TU_OK;
}

/* ======================================================================
 * Encoding
 * ====================================================================== */

static void put(json_t *o, const char *key, json_t *v, bool *ok)
{
	if (!v || json_object_set_new(o, key, v))
		*ok = false;
}

static void push(json_t *a, json_t *v, bool *ok)
{
	if (!v || json_array_append_new(a, v))
		*ok = false;
}

static json_t *enc_prefs(const struct tu_ev_prefs *p)
{
	json_t *o = json_object();
	bool ok = o != NULL;

	if (!ok)
		return NULL;
	if (p->set & TU_PREF_SKILL)
		put(o, "skill_level",
		    json_string(tu_skill_level_name(p->skill_level)), &ok);
	if (p->set & TU_PREF_LANGUAGE)
		put(o, "language", json_string(p->language), &ok);
	if (p->set & TU_PREF_BUDGET)
		put(o, "time_budget_min", json_integer(p->time_budget_min),
		    &ok);
	if (p->set & TU_PREF_SCHED)
		put(o, "scheduler",
		    json_string(tu_scheduler_name(p->scheduler)), &ok);
	if (p->set & TU_PREF_UTC)
		put(o, "utc_offset_min", json_integer(p->utc_offset_min),
		    &ok);
	if (p->set & TU_PREF_NUDGES)
		put(o, "nudges", json_boolean(p->nudges), &ok);
	if (ok)
		return o;
	json_decref(o);
	return NULL;
}

static json_t *enc_tags(const struct tu_ev_submission *s)
{
	json_t *a = json_array();
	bool ok = a != NULL;

	for (size_t i = 0; ok && i < s->n_tags; i++)
		push(a, json_pack("{s:s, s:s, s:s}", "tag", s->tags[i].tag,
				  "topic", s->tags[i].topic, "evidence",
				  s->tags[i].evidence), &ok);
	if (ok)
		return a;
	json_decref(a);
	return NULL;
}

static json_t *enc_failed(const struct tu_ev_submission *s)
{
	json_t *a = json_array();
	bool ok = a != NULL;

	for (size_t i = 0; ok && i < s->n_failed; i++)
		push(a, json_pack("{s:s, s:s, s:b}", "name",
				  s->failed[i].name, "message",
				  s->failed[i].message, "hidden",
				  s->failed[i].hidden), &ok);
	if (ok)
		return a;
	json_decref(a);
	return NULL;
}

static json_t *enc_findings(const struct tu_ev_submission *s)
{
	json_t *a = json_array();
	bool ok = a != NULL;

	for (size_t i = 0; ok && i < s->n_findings; i++)
		push(a, json_pack("{s:s, s:i, s:s}", "rule",
				  s->findings[i].rule, "line",
				  s->findings[i].line, "message",
				  s->findings[i].message), &ok);
	if (ok)
		return a;
	json_decref(a);
	return NULL;
}

static json_t *enc_sub(const struct tu_ev_submission *s)
{
	json_t *o = json_object();
	bool ok = o != NULL;

	if (!ok)
		return NULL;
	put(o, "item", json_string(s->item), &ok);
	put(o, "lang", json_string(tu_lang_name(s->lang)), &ok);
	put(o, "code", json_stringn(s->code ? s->code : "", s->code_len),
	    &ok);
	put(o, "verdict", json_string(tu_verdict_name(s->verdict)), &ok);
	put(o, "passed", json_integer(s->passed), &ok);
	put(o, "total", json_integer(s->total), &ok);
	put(o, "tags", enc_tags(s), &ok);
	put(o, "failed", enc_failed(s), &ok);
	put(o, "findings", enc_findings(s), &ok);
	if (ok)
		return o;
	json_decref(o);
	return NULL;
}

static json_t *enc_payload(const struct tu_event_in *ev)
{
	switch (ev->type) {
	case TU_EV_LEARNER_CREATED:
	case TU_EV_PREFERENCES:
		return enc_prefs(&ev->u.prefs);
	case TU_EV_SUBMISSION:
		return enc_sub(&ev->u.sub);
	case TU_EV_HINT_REQUEST:
		return json_pack("{s:s}", "item", ev->u.item);
	case TU_EV_SESSION_CHECK:
	case TU_EV_DAILY_GENERATION:
		return json_pack("{s:i}", "k", (json_int_t)ev->u.k);
	case TU_EV_REVIEW_DUE:
		return json_object();
	case TU_EV_ASSIST:
		return tu__enc_assist(&ev->u.assist);
	case TU_EV_GOALS_STATED:
		return tu__enc_goals(&ev->u.goals);
	case TU_EV_PLAN:
		return tu__enc_plan(&ev->u.plan);
	}
	return NULL;
}

enum tu_status tu_event_payload_encode(const struct tu_event_in *ev,
				       char **out, size_t *len,
				       struct tu_err *err)
{
	*out = NULL;
	if (len)
		*len = 0;
	if ((unsigned)ev->type >= TU_EV_TYPES)
		return tu_err_set(err, TU_EINVAL, "invalid event type %d",
				  (int)ev->type);
	if (ev->type == TU_EV_SUBMISSION && ev->u.sub.verdict == TU_VERDICT_IE)
		return tu_err_set(err, TU_EINVAL, "a submission with verdict "
				  "IE is not an outcome");
	if (ev->type == TU_EV_ASSIST)
		TRY(tu_ev_assist_check(&ev->u.assist, err));
	if (ev->type == TU_EV_GOALS_STATED)
		TRY(tu_ev_goals_check(&ev->u.goals, err));
	if (ev->type == TU_EV_PLAN)
		TRY(tu_ev_plan_check(&ev->u.plan, err));
	return tu_json_dump_take(enc_payload(ev), JSON_COMPACT | JSON_SORT_KEYS,
				 "event payload", out, len, err);
}
