/*
 * api_hints.c - POST /api/learners/:id/hints {item}: the next hint on an
 * item, as `tutor hint` gives it (cli/loop.c): an on_hint_request event
 * (the pedagogical-feedback agent picks the level from the learner's
 * proficiency, last failure and the hints so far), then the text for
 * that level from the assistant (an LLM when configured, conditioned on
 * the latest submitted code and its first failing public test; else the
 * course's authored hint), recorded as an "assist" event.
 *
 * Answer: {item, level, level_name, text, served_by, hints_used, of: 5}.
 * When the assistant has no text (no level), the agent's own text is
 * shown, served_by "agent".
 *
 * Idempotency-Key K (docs/api.md): the hint event carries request id K
 * and the text's assist event "K:text"; a retry (to any server) finds
 * both and answers the first request's level and text, recording
 * nothing (hints_used is read from the state as it is now).
 *
 * What it is not: it chooses nothing (tutor/hints.h does, inside the
 * agent) and writes no state except through events.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "tutor/hints.h"

struct hint_out {
	uint32_t level;
	const char *level_name;
	const char *agent_text;
	double proficiency;
	bool have_prof;
};

static void read_hint(const json_t *outputs, struct hint_out *h)
{
	const json_t *o = json_object_get(outputs, "pedagogical_feedback");
	const json_t *p = json_object_get(o, "proficiency");
	json_int_t level = json_integer_value(json_object_get(o, "level"));

	h->level = level >= 1 && level <= 5 ? (uint32_t)level : 0;
	h->level_name = json_string_value(json_object_get(o, "level_name"));
	h->agent_text = json_string_value(json_object_get(o, "text"));
	h->have_prof = json_is_number(p);
	h->proficiency = json_number_value(p);
}

/* ---- idempotent retries ---------------------------------------------------- */

/* What a retried request needs: its key's request id for the text
 * ("KEY:text", "" when no key) and whether the hint event was already
 * committed by the first request. */
struct retry {
	char text_rid[TU_STORE_REQUEST_ID_MAX];
	bool replayed;
};

struct earlier {
	struct tu_assist_result *r;
	enum tu_status st;
};

static enum tu_llm_path path_parse(const char *name)
{
	for (int p = TU_LLM_PATH_FALLBACK; p <= TU_LLM_PATH_CACHE; p++)
		if (strcmp(name, tu_llm_path_name((enum tu_llm_path)p)) == 0)
			return (enum tu_llm_path)p;
	return TU_LLM_PATH_FALLBACK;
}

static int earlier_one(const struct tu_event *e, void *ctx)
{
	struct earlier *x = ctx;
	struct tu_err err = TU_ERR_INIT;
	struct tu_event_in ev;

	tu_event_in_init(&ev);
	x->st = tu_event_payload_decode(TU_EV_ASSIST, e->at, e->payload,
					e->payload_len, &ev, &err);
	if (x->st == TU_OK) {
		x->r->text = strdup(ev.u.assist.text);
		x->r->path = path_parse(ev.u.assist.path);
		snprintf(x->r->reason, sizeof(x->r->reason), "%s",
			 ev.u.assist.reason);
		x->st = x->r->text ? TU_OK : TU_ENOMEM;
	}
	tu_event_in_release(&ev);
	return 1;
}

/* The text the first request of this key recorded, into r: 0 when
 * found, 1 when there is none (make it now). */
static int earlier_text(struct tu_srv_ctx *c, const char *id,
			const struct retry *rt, struct tu_assist_result *r)
{
	struct tu_err err = TU_ERR_INIT;
	struct earlier x = { r, TU_EIO };

	if (!rt->replayed || !rt->text_rid[0])
		return 1;
	if (tu_store_request_get(c->store, id, rt->text_rid, earlier_one, &x,
				 &err) != TU_OK || x.st != TU_OK) {
		tu_assist_result_release(r);
		tu_assist_result_init(r);
		return 1;
	}
	return 0;
}

/* The assistant's text for h->level into r (recorded); -1 + resp. */
static int hint_text(struct tu_srv *s, struct tu_srv_ctx *c, const char *id,
		     const struct tu_course_problem *p,
		     const struct tu_learner_state *st,
		     const struct hint_out *h, int64_t now,
		     const struct retry *rt, struct tu_assist_result *r,
		     struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_assist_hint_in in;
	struct tu_assist_who w;
	struct tu_last_code code;
	int rc = -1;

	if (earlier_text(c, id, rt, r) == 0)
		return 0;
	if (tu_orch_last_code(c->store, id, p->id, &code, &err)) {
		tu_http_error_status(resp, err.code, &err);
		return -1;
	}
	memset(&in, 0, sizeof(in));
	in.problem = p;
	in.lang = tu_api_talk_lang(st, &code, p);
	in.level = h->level;
	in.code = code.code;
	in.failing_test = code.failing;
	tu_api_who(id, now, st, p, &w);
	if (h->have_prof)
		w.proficiency = h->proficiency;
	if (tu_assist_hint(c->assist, &w, &in, r, &err))
		tu_http_error_status(resp, err.code, &err);
	else if (tu_api_assist_log_rid(s, c, id, TU_USE_HINT, p->id, r, now,
				       rt->text_rid, &err))
		tu_api_status_error(resp, err.code, &err);
	else
		rc = 0;
	tu_last_code_release(&code);
	return rc;
}

static void hint_answer(struct tu_srv *s, struct tu_srv_ctx *c,
			const char *id, const struct tu_course_problem *p,
			const json_t *outputs, int64_t now,
			const struct retry *rt, struct tu_http_resp *resp)
{
	const struct tu_item_progress *ip;
	struct tu_learner_state st;
	struct tu_assist_result r;
	struct hint_out h;
	json_t *shown;

	read_hint(outputs, &h);
	tu_learner_state_init(&st);
	tu_assist_result_init(&r);
	if (tu_api_load_state(c, id, &st, resp))
		goto out;
	if (h.level) {
		if (hint_text(s, c, id, p, &st, &h, now, rt, &r, resp))
			goto out;
		shown = tu_api_shown(&r);
	} else {
		shown = json_pack("{s:s, s:s}", "text", h.agent_text ?
				  h.agent_text : "", "served_by", "agent");
	}
	ip = tu_learner_item_find(&st, p->id);
	json_object_set_new(shown, "item", json_string(p->id));
	json_object_set_new(shown, "level", json_integer(h.level));
	json_object_set_new(shown, "level_name", json_string(
		h.level_name ? h.level_name : tu_hint_level_name(h.level)));
	json_object_set_new(shown, "hints_used",
			    json_integer(ip ? ip->hints_used : 0));
	json_object_set_new(shown, "of", json_integer(TU_HINT_LEVEL_MAX));
	tu_http_json(resp, 200, shown);
out:
	tu_assist_result_release(&r);
	tu_learner_state_release(&st);
}

TU_API_HANDLER(tu_api_hint)
{
	static const char *const keys[] = { "item", NULL };
	const struct tu_course_problem *p;
	struct tu_orch_result res;
	struct tu_event_in ev;
	struct tu_srv_ctx *c;
	char id[TU_ID_MAX], item[TU_ID_MAX], key[TU_API_IDEM_KEY_MAX + 1];
	struct retry rt;
	json_t *outputs;

	if (tu_api_learner(s, params, who, true, id, resp) ||
	    tu_api_idem_key(req, key, resp) ||
	    tu_api_body_keys(body, keys, resp) ||
	    tu_api_body_str(body, "item", true, false, item, sizeof(item),
			    resp) ||
	    !(p = tu_api_problem_find(s, item, resp)) ||
	    !(c = tu_api_ctx(s, resp)))
		return;
	tu_event_in_init(&ev);
	ev.type = TU_EV_HINT_REQUEST;
	ev.at = req->now;
	memcpy(ev.u.item, item, strlen(item) + 1);
	ev.request_id = key[0] ? key : NULL;
	if (tu_api_event(c, id, &ev, &res, resp))
		return;
	memset(&rt, 0, sizeof(rt));
	if (key[0])
		snprintf(rt.text_rid, sizeof(rt.text_rid), "%s:text", key);
	rt.replayed = res.replayed;
	outputs = tu_api_outputs(&res);
	hint_answer(s, c, id, p, outputs, req->now, &rt, resp);
	json_decref(outputs);
	tu_orch_result_release(&res);
}
