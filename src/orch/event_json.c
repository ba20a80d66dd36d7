/*
 * event_json.c - the strict decoder of event payloads (tutor/event.h).
 *
 * Decodes into a temporary event and moves it into the caller's only when
 * everything checked out, so a bad payload changes nothing.  Messages
 * start with the JSON path ("$.tags[2].tag: too long (70 bytes, at most
 * 63)").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_internal.h"
#include "tutor/content.h"
#include "tutor/event.h"
#include "tutor/json.h"

#define TRY(x)                            \
	do {                              \
		enum tu_status st_ = (x); \
		if (st_)                  \
			return st_;       \
	} while (0)

static enum tu_status get_name(const json_t *o, const char *key,
			       const char *(*name)(int), int n, int *out,
			       struct tu_err *err)
{
	char buf[64];

	TRY(tu_json_get_str(o, "$", key, buf, sizeof(buf), err));
	for (int i = 0; i < n; i++) {
		if (strcmp(buf, name(i)) == 0) {
			*out = i;
			return TU_OK;
		}
	}
	return tu_err_set(err, TU_EPARSE, "$.%s: unknown value '%s'", key,
			  buf);
}

static const char *skill_nm(int v) { return tu_skill_level_name((enum tu_skill_level)v); }
static const char *sched_nm(int v) { return tu_scheduler_name((enum tu_scheduler)v); }
static const char *lang_nm(int v) { return tu_lang_name((enum tu_lang)v); }
static const char *verdict_nm(int v) { return tu_verdict_name((enum tu_verdict)v); }

static enum tu_status dec_prefs_more(const json_t *o, struct tu_ev_prefs *p,
				     struct tu_err *err)
{
	int64_t v;
	int e = 0;

	if (json_object_get(o, "scheduler")) {
		TRY(get_name(o, "scheduler", sched_nm, 2, &e, err));
		p->scheduler = (enum tu_scheduler)e;
		p->set |= TU_PREF_SCHED;
	}
	if (json_object_get(o, "utc_offset_min")) {
		TRY(tu_json_get_int(o, "$", "utc_offset_min", -1439, 1439, &v,
				    err));
		p->utc_offset_min = (int32_t)v;
		p->set |= TU_PREF_UTC;
	}
	if (json_object_get(o, "nudges")) {
		TRY(tu_json_get_bool(o, "$", "nudges", &p->nudges, err));
		p->set |= TU_PREF_NUDGES;
	}
	return TU_OK;
}

static enum tu_status dec_prefs(const json_t *o, struct tu_ev_prefs *p,
				struct tu_err *err)
{
	static const char *const keys[] = { "skill_level", "language",
		"time_budget_min", "scheduler", "utc_offset_min", "nudges",
		NULL };
	int64_t v;
	int e = 0;

	TRY(tu_json_check_keys(o, "$", keys, TU_JSON_AT_MOST, err));
	if (json_object_get(o, "skill_level")) {
		TRY(get_name(o, "skill_level", skill_nm, 4, &e, err));
		p->skill_level = (enum tu_skill_level)e;
		p->set |= TU_PREF_SKILL;
	}
	if (json_object_get(o, "language")) {
		TRY(tu_json_get_str(o, "$", "language", p->language,
				    sizeof(p->language), err));
		p->set |= TU_PREF_LANGUAGE;
	}
	if (json_object_get(o, "time_budget_min")) {
		TRY(tu_json_get_int(o, "$", "time_budget_min", 0, 24 * 60, &v,
				    err));
		p->time_budget_min = (uint32_t)v;
		p->set |= TU_PREF_BUDGET;
	}
	return dec_prefs_more(o, p, err);
}

static enum tu_status dec_tags(const json_t *o, struct tu_ev_submission *s,
			       struct tu_err *err)
{
	static const char *const keys[] = { "tag", "topic", "evidence", NULL };
	const json_t *a;
	char path[48];

	TRY(tu_json_get_array(o, "$", "tags", TU_EVENT_TAGS_MAX, &a, err));
	for (size_t i = 0; i < json_array_size(a); i++) {
		const json_t *e = json_array_get(a, i);
		struct tu_ev_tag *t = &s->tags[i];

		snprintf(path, sizeof(path), "$.tags[%zu]", i);
		TRY(tu_json_check_keys(e, path, keys, TU_JSON_EXACTLY, err));
		TRY(tu_json_get_str(e, path, "tag", t->tag, sizeof(t->tag),
				    err));
		TRY(tu_json_get_str(e, path, "topic", t->topic,
				    sizeof(t->topic), err));
		TRY(tu_json_get_str(e, path, "evidence", t->evidence,
				    sizeof(t->evidence), err));
		s->n_tags = i + 1;
	}
	return TU_OK;
}

static enum tu_status dec_failed(const json_t *o, struct tu_ev_submission *s,
				 struct tu_err *err)
{
	static const char *const keys[] = { "name", "message", "hidden", NULL };
	const json_t *a;
	char path[48];

	TRY(tu_json_get_array(o, "$", "failed", TU_EVENT_FAILED_MAX, &a, err));
	for (size_t i = 0; i < json_array_size(a); i++) {
		const json_t *e = json_array_get(a, i);
		struct tu_ev_failed *f = &s->failed[i];

		snprintf(path, sizeof(path), "$.failed[%zu]", i);
		TRY(tu_json_check_keys(e, path, keys, TU_JSON_EXACTLY, err));
		TRY(tu_json_get_str(e, path, "name", f->name, sizeof(f->name),
				    err));
		TRY(tu_json_get_str(e, path, "message", f->message,
				    sizeof(f->message), err));
		TRY(tu_json_get_bool(e, path, "hidden", &f->hidden, err));
		s->n_failed = i + 1;
	}
	return TU_OK;
}

static enum tu_status dec_findings(const json_t *o, struct tu_ev_submission *s,
				   struct tu_err *err)
{
	static const char *const keys[] = { "rule", "line", "message", NULL };
	const json_t *a;
	char path[48];
	int64_t line;

	TRY(tu_json_get_array(o, "$", "findings", TU_EVENT_FINDINGS_MAX, &a,
			      err));
	for (size_t i = 0; i < json_array_size(a); i++) {
		const json_t *e = json_array_get(a, i);
		struct tu_ev_finding *f = &s->findings[i];

		snprintf(path, sizeof(path), "$.findings[%zu]", i);
		TRY(tu_json_check_keys(e, path, keys, TU_JSON_EXACTLY, err));
		TRY(tu_json_get_str(e, path, "rule", f->rule, sizeof(f->rule),
				    err));
		TRY(tu_json_get_int(e, path, "line", 0, 1000000, &line, err));
		f->line = (int)line;
		TRY(tu_json_get_str(e, path, "message", f->message,
				    sizeof(f->message), err));
		s->n_findings = i + 1;
	}
	return TU_OK;
}

static enum tu_status dec_code(const json_t *o, struct tu_ev_submission *s,
			       struct tu_err *err)
{
	const json_t *c = json_object_get(o, "code");
	size_t n;

	if (!json_is_string(c))
		return tu_json_type_error(err, "$", "code", "a string", c);
	n = json_string_length(c);
	if (n == 0 || n > TU_JUDGE_MAX_SOURCE)
		return tu_err_set(err, TU_ERANGE, "$.code: must be 1..%u "
				  "bytes, got %zu", TU_JUDGE_MAX_SOURCE, n);
	s->code = malloc(n + 1);
	if (!s->code)
		return tu_err_set(err, TU_ENOMEM, "$.code: out of memory");
	memcpy(s->code, json_string_value(c), n + 1);
	s->code_len = n;
	return TU_OK;
}

static enum tu_status dec_counts(const json_t *o, struct tu_ev_submission *s,
				 struct tu_err *err)
{
	int64_t passed, total;
	int e = 0;

	TRY(get_name(o, "verdict", verdict_nm, TU_VERDICT_IE, &e, err));
	s->verdict = (enum tu_verdict)e;
	TRY(tu_json_get_int(o, "$", "total", 0, 100000, &total, err));
	TRY(tu_json_get_int(o, "$", "passed", 0, total, &passed, err));
	s->passed = (uint32_t)passed;
	s->total = (uint32_t)total;
	if ((s->verdict == TU_VERDICT_AC) != (passed == total && total > 0))
		return tu_err_set(err, TU_EPARSE, "$.verdict: %s disagrees "
				  "with %u of %u tests passed",
				  tu_verdict_name(s->verdict), s->passed,
				  s->total);
	return TU_OK;
}

static enum tu_status dec_sub(const json_t *o, struct tu_ev_submission *s,
			      struct tu_err *err)
{
	static const char *const keys[] = { "item", "lang", "code", "verdict",
		"passed", "total", "tags", "failed", "findings", NULL };
	int e = 0;

	TRY(tu_json_check_keys(o, "$", keys, TU_JSON_EXACTLY, err));
	TRY(tu_json_get_str(o, "$", "item", s->item, sizeof(s->item), err));
	if (!s->item[0])
		return tu_err_set(err, TU_EPARSE, "$.item: must not be empty");
	TRY(get_name(o, "lang", lang_nm, TU_LANGS, &e, err));
	s->lang = (enum tu_lang)e;
	TRY(dec_counts(o, s, err));
	TRY(dec_tags(o, s, err));
	TRY(dec_failed(o, s, err));
	TRY(dec_findings(o, s, err));
	return dec_code(o, s, err);
}

static enum tu_status dec_k(const json_t *o, uint32_t *k, struct tu_err *err)
{
	static const char *const keys[] = { "k", NULL };
	int64_t v;

	TRY(tu_json_check_keys(o, "$", keys, TU_JSON_EXACTLY, err));
	TRY(tu_json_get_int(o, "$", "k", 0, TU_PICK_MAX, &v, err));
	*k = (uint32_t)v;
	return TU_OK;
}

static enum tu_status dec_item(const json_t *o, char *item, struct tu_err *err)
{
	static const char *const keys[] = { "item", NULL };

	TRY(tu_json_check_keys(o, "$", keys, TU_JSON_EXACTLY, err));
	TRY(tu_json_get_str(o, "$", "item", item, TU_ID_MAX, err));
	if (!item[0])
		return tu_err_set(err, TU_EPARSE, "$.item: must not be empty");
	return TU_OK;
}

static enum tu_status dec_body(const json_t *o, struct tu_event_in *ev,
			       struct tu_err *err)
{
	static const char *const none[] = { NULL };

	switch (ev->type) {
	case TU_EV_LEARNER_CREATED:
	case TU_EV_PREFERENCES:
		return dec_prefs(o, &ev->u.prefs, err);
	case TU_EV_SUBMISSION:
		return dec_sub(o, &ev->u.sub, err);
	case TU_EV_HINT_REQUEST:
		return dec_item(o, ev->u.item, err);
	case TU_EV_SESSION_CHECK:
	case TU_EV_DAILY_GENERATION:
		return dec_k(o, &ev->u.k, err);
	case TU_EV_REVIEW_DUE:
		return tu_json_check_keys(o, "$", none, TU_JSON_EXACTLY, err);
	case TU_EV_ASSIST:
		return tu__dec_assist(o, &ev->u.assist, err);
	case TU_EV_GOALS_STATED:
		return tu__dec_goals(o, &ev->u.goals, err);
	case TU_EV_PLAN:
		return tu__dec_plan(o, &ev->u.plan, err);
	}
	return tu_err_set(err, TU_EINVAL, "invalid event type %d",
			  (int)ev->type);
}

enum tu_status tu_event_payload_decode(enum tu_event_type type, int64_t at,
				       const char *buf, size_t len,
				       struct tu_event_in *ev,
				       struct tu_err *err)
{
	struct tu_event_in tmp;
	enum tu_status st;
	json_t *root;

	if ((unsigned)type >= TU_EV_TYPES)
		return tu_err_set(err, TU_EINVAL, "invalid event type %d",
				  (int)type);
	TRY(tu_json_load(buf, len, TU_EVENT_JSON_MAX, NULL, &root, err));
	tu_event_in_init(&tmp);
	tmp.type = type;
	tmp.at = at;
	st = dec_body(root, &tmp, err);
	json_decref(root);
	if (st) {
		tu_event_in_release(&tmp);
		return st;
	}
	tu_event_in_release(ev);
	*ev = tmp;
	return TU_OK;
}
