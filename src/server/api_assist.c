/*
 * api_assist.c - the text assistant (tutor/assist.h) behind the API:
 *
 *   POST /api/learners/:id/ask    {question, item?} -> {text, served_by}
 *   POST /api/learners/:id/goals  {text} -> {goals, text, served_by}
 *
 * and the bookkeeping every assisted endpoint shares (api.h): who is
 * asking, "served by", recording what was shown as an "assist" event
 * (after removing the configured API key from it, as the CLI does), and
 * the learner's latest submitted code from the log.
 *
 * Goals: the components extracted from the learner's words are recorded
 * as a goals_stated event (the learner profiler merges them), then the
 * summary as an assist event - the order of `tutor goals set`.
 *
 * What it is not: the texts themselves (src/assist/) or the model
 * client (src/llm/).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "tutor/agents.h"
#include "tutor/utf8.h"

/* ---- who, served by, recording ------------------------------------------ */

void tu_api_who(const char *learner, int64_t now,
		const struct tu_learner_state *st,
		const struct tu_course_problem *p, struct tu_assist_who *who)
{
	double sum = 0.0;

	memset(who, 0, sizeof(*who));
	who->learner = learner;
	who->now = now;
	who->persona = st->persona;
	if (p) {
		who->proficiency = tu_item_proficiency(st, p);
		return;
	}
	for (size_t i = 0; i < st->n_topics; i++)
		sum += st->topics[i].mastery;
	who->proficiency = st->n_topics ? sum / (double)st->n_topics : 0.0;
}

void tu_api_served_by(const struct tu_assist_result *r, char *buf,
		      size_t cap)
{
	if (r->path == TU_LLM_PATH_FALLBACK)
		snprintf(buf, cap, "fallback: %s",
			 r->reason[0] ? r->reason : "no reason given");
	else
		snprintf(buf, cap, "%s", tu_llm_path_name(r->path));
}

json_t *tu_api_shown(const struct tu_assist_result *r)
{
	char by[320];

	tu_api_served_by(r, by, sizeof(by));
	return json_pack("{s:s, s:s}", "text", r->text ? r->text : "",
			 "served_by", by);
}

/* Removes key (when set) from text in place. */
static void redact(char *text, const char *key)
{
	static const char mark[] = "[redacted]";
	size_t klen = strlen(key);
	char *p;

	if (klen < 4 || !text || strstr(mark, key))
		return;
	while ((p = strstr(text, key)) != NULL) {
		if (klen >= sizeof(mark) - 1) {
			memcpy(p, mark, sizeof(mark) - 1);
			memmove(p + sizeof(mark) - 1, p + klen,
				strlen(p + klen) + 1);
		} else {
			memset(p, '*', klen);
		}
	}
}

/* Copies src into dst[cap] cut at a UTF-8 character boundary. */
static void copy_utf8(char *dst, size_t cap, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

enum tu_status tu_api_assist_log(struct tu_srv *s, struct tu_srv_ctx *c,
				 const char *learner, enum tu_assist_use use,
				 const char *item, struct tu_assist_result *r,
				 int64_t now, struct tu_err *err)
{
	return tu_api_assist_log_rid(s, c, learner, use, item, r, now, NULL,
				     err);
}

enum tu_status tu_api_assist_log_rid(struct tu_srv *s, struct tu_srv_ctx *c,
				     const char *learner,
				     enum tu_assist_use use, const char *item,
				     struct tu_assist_result *r, int64_t now,
				     const char *request_id,
				     struct tu_err *err)
{
	struct tu_orch_result res;
	struct tu_event_in ev;
	struct tu_ev_assist *a = &ev.u.assist;
	enum tu_status st;

	redact(r->text, s->cfg.llm.api_key);
	tu_event_in_init(&ev);
	ev.type = TU_EV_ASSIST;
	ev.at = now;
	copy_utf8(a->use, sizeof(a->use), tu_assist_use_name(use));
	copy_utf8(a->item, sizeof(a->item), item);
	copy_utf8(a->path, sizeof(a->path), tu_llm_path_name(r->path));
	copy_utf8(a->prompt, sizeof(a->prompt), r->prompt);
	a->prompt_version = r->prompt_version;
	copy_utf8(a->model, sizeof(a->model), r->model);
	copy_utf8(a->text, sizeof(a->text), r->text);
	copy_utf8(a->reason, sizeof(a->reason), r->reason);
	a->refused = r->refused;
	a->prompt_tokens = r->usage.prompt_tokens;
	a->completion_tokens = r->usage.completion_tokens;
	ev.request_id = request_id;
	st = tu_orch_handle(&c->orch, learner, &ev, &res, err);
	if (st == TU_OK)
		tu_orch_result_release(&res);
	return st;
}

int tu_api_assist_record(struct tu_srv *s, struct tu_srv_ctx *c,
			 const char *learner, enum tu_assist_use use,
			 const char *item, struct tu_assist_result *r,
			 int64_t now, struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	enum tu_status st = tu_api_assist_log(s, c, learner, use, item, r,
					      now, &err);

	if (st)
		tu_api_status_error(resp, st, &err);
	return st ? -1 : 0;
}

/* ---- the latest submitted code -------------------------------------------- */

enum tu_lang tu_api_talk_lang(const struct tu_learner_state *st,
			      const struct tu_last_code *code,
			      const struct tu_course_problem *p)
{
	enum tu_lang l = code && code->code ? code->lang :
			 strcmp(st->preferences.language, "c") == 0 ?
			 TU_LANG_C : TU_LANG_PYTHON;

	if (p && !p->langs[l])
		l = l == TU_LANG_C ? TU_LANG_PYTHON : TU_LANG_C;
	return l;
}

/* ---- ask ------------------------------------------------------------------ */

/* The item a question is about: the body's (must exist), else the
 * current item when the course has it, else none. */
static int ask_item(struct tu_srv *s, struct tu_srv_ctx *c, const char *id,
		    const json_t *body, char item[TU_ID_MAX],
		    struct tu_http_resp *resp)
{
	char cur[TU_STORE_SETTING_MAX];

	if (tu_api_body_str(body, "item", false, false, item, TU_ID_MAX,
			    resp))
		return -1;
	if (item[0])
		return tu_api_problem_find(s, item, resp) ? 0 : -1;
	if (tu_api_setting_get(c, "current_item", id, cur, sizeof(cur)) == 0 &&
	    strlen(cur) < TU_ID_MAX && tu_course_problem_find(&s->course, cur))
		memcpy(item, cur, strlen(cur) + 1);
	return 0;
}

static void ask_answer(struct tu_srv *s, struct tu_srv_ctx *c, const char *id,
		       const char *question, const char *item, int64_t now,
		       struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_learner_state st;
	struct tu_assist_result r;
	struct tu_assist_ask_in in;
	struct tu_assist_who w;
	struct tu_last_code code;

	tu_learner_state_init(&st);
	tu_assist_result_init(&r);
	memset(&code, 0, sizeof(code));
	if (tu_api_load_state(c, id, &st, resp))
		goto out;
	if (tu_orch_last_code(c->store, id, item, &code, &err)) {
		tu_http_error_status(resp, err.code, &err);
		goto out;
	}
	memset(&in, 0, sizeof(in));
	in.question = question;
	in.problem = item[0] ? tu_course_problem_find(&s->course, item) : NULL;
	in.code = code.code;
	in.lang = tu_api_talk_lang(&st, &code, in.problem);
	tu_api_who(id, now, &st, in.problem, &w);
	if (tu_assist_ask(c->assist, &w, &in, &r, &err))
		tu_http_error_status(resp, err.code, &err);
	else if (tu_api_assist_record(s, c, id, TU_USE_ASK, item, &r, now,
				      resp) == 0)
		tu_http_json(resp, 200, tu_api_shown(&r));
out:
	tu_last_code_release(&code);
	tu_assist_result_release(&r);
	tu_learner_state_release(&st);
}

/* A question or goal text: required, UTF-8, at most
 * TU_ASSIST_QUESTION_MAX bytes, not only white space. */
static int words(const json_t *body, const char *key, char *buf, size_t cap,
		 struct tu_http_resp *resp)
{
	size_t n;

	if (tu_api_body_str(body, key, true, true, buf, cap, resp))
		return -1;
	n = strlen(buf);
	if (strspn(buf, " \t\r\n") == n) {
		tu_http_error(resp, 400, "bad_request", "body.%s: must not be "
			      "empty", key);
		return -1;
	}
	if (!tu_utf8_valid(buf, n, NULL)) {
		tu_http_error(resp, 400, "bad_request", "body.%s: not valid "
			      "UTF-8", key);
		return -1;
	}
	return 0;
}

TU_API_HANDLER(tu_api_ask)
{
	static const char *const keys[] = { "question", "item", NULL };
	char question[TU_ASSIST_QUESTION_MAX + 1];
	char id[TU_ID_MAX], item[TU_ID_MAX];
	struct tu_srv_ctx *c;

	if (tu_api_learner(s, params, who, true, id, resp) ||
	    tu_api_body_keys(body, keys, resp) ||
	    words(body, "question", question, sizeof(question), resp) ||
	    !(c = tu_api_ctx(s, resp)) ||
	    ask_item(s, c, id, body, item, resp))
		return;
	ask_answer(s, c, id, question, item, req->now, resp);
}

/* ---- goals ---------------------------------------------------------------- */

static json_t *goal_json(const struct tu_goal *g)
{
	json_t *ev = json_array();

	for (size_t i = 0; ev && i < g->n_evidence; i++)
		json_array_append_new(ev, json_string(g->evidence[i]));
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:o, s:f, s:f, s:b, "
			 "s:o*}", "id", g->id, "dimension",
			 tu_goal_dimension_name(g->dimension), "description",
			 g->description, "metric", g->metric, "cmp",
			 tu_cmp_name(g->threshold_cmp), "threshold",
			 g->threshold, "value", isnan(g->value) ? json_null()
			 : json_real(g->value), "confidence", g->confidence,
			 "weight", g->weight, "aligned", g->aligned,
			 "evidence", ev);
}

static json_t *goals_json(const struct tu_goal *g, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, goal_json(&g[i]));
	return a;
}

/* A goal without evidence gets the learner's words (cut to fit). */
static void add_words(struct tu_goal *g, const char *text)
{
	size_t n = strlen(text), cap = sizeof(g->evidence[0]) - 3;

	if (g->n_evidence > 0)
		return;
	if (n > cap) {
		n = cap;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
	}
	snprintf(g->evidence[0], sizeof(g->evidence[0]), "\"%.*s\"", (int)n,
		 text);
	g->n_evidence = 1;
}

/* The extracted goals as one goals_stated event; -1 + resp. */
static int record_goals(struct tu_srv_ctx *c, const char *id,
			const struct tu_assist_result *r, const char *text,
			int64_t now, struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_orch_result res;
	struct tu_event_in ev;

	tu_event_in_init(&ev);
	ev.type = TU_EV_GOALS_STATED;
	ev.at = now;
	for (size_t i = 0; i < r->n_goals && i < TU_EVENT_GOALS_MAX; i++) {
		ev.u.goals.goals[i] = r->goals[i];
		add_words(&ev.u.goals.goals[i], text);
		ev.u.goals.n = i + 1;
	}
	if (tu_ev_goals_check(&ev.u.goals, &err)) {
		tu_http_error(resp, 500, "internal", "the extracted goals are "
			      "not valid: %s", err.msg);
		return -1;
	}
	if (tu_api_event(c, id, &ev, &res, resp))
		return -1;
	tu_orch_result_release(&res);
	return 0;
}

static void goals_answer(struct tu_srv *s, struct tu_srv_ctx *c,
			 const char *id, const char *text, int64_t now,
			 struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_learner_state st;
	struct tu_assist_result r;
	struct tu_assist_who w;
	json_t *shown;

	tu_learner_state_init(&st);
	tu_assist_result_init(&r);
	if (tu_api_load_state(c, id, &st, resp))
		goto out;
	tu_api_who(id, now, &st, NULL, &w);
	if (tu_assist_goals(c->assist, &w, text, st.goals, st.n_goals, &r,
			    &err)) {
		tu_http_error_status(resp, err.code, &err);
		goto out;
	}
	redact(r.text, s->cfg.llm.api_key);
	if ((r.n_goals && record_goals(c, id, &r, text, now, resp)) ||
	    tu_api_assist_record(s, c, id, TU_USE_GOALS, "", &r, now, resp))
		goto out;
	shown = tu_api_shown(&r);
	json_object_set_new(shown, "goals", goals_json(r.goals, r.n_goals));
	tu_http_json(resp, 200, shown);
out:
	tu_assist_result_release(&r);
	tu_learner_state_release(&st);
}

TU_API_HANDLER(tu_api_goals)
{
	static const char *const keys[] = { "text", NULL };
	char text[TU_ASSIST_QUESTION_MAX + 1];
	struct tu_srv_ctx *c;
	char id[TU_ID_MAX];

	if (tu_api_learner(s, params, who, true, id, resp) ||
	    tu_api_body_keys(body, keys, resp) ||
	    words(body, "text", text, sizeof(text), resp) ||
	    !(c = tu_api_ctx(s, resp)))
		return;
	goals_answer(s, c, id, text, req->now, resp);
}
