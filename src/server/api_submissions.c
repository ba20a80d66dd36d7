/*
 * api_submissions.c - submissions, judged asynchronously (jobs.h):
 *
 *   POST /api/learners/:id/submissions  {item, lang, code}
 *        -> 202 {id, status: "queued"}, Location /api/submissions/<id>
 *   GET  /api/submissions/:sid          {id, item, status, result?, error?}
 *   GET  /api/submissions/:sid/events   text/event-stream (jobs.h)
 *
 * and the judge workers' finish hook, tu_api_submission_finish: what
 * `tutor submit` does after the judge (cli/loop.c): the submission event
 * through the orchestrator, then after AC the review text from the
 * assistant, recorded as an "assist" event; then the public result.
 *
 * The result shows each public test with its input, expected and actual
 * value; a hidden test only with its name and verdict (never its input,
 * values, output or the judge's message about it, which may quote
 * them), and misconception tags without the judge's evidence text (which
 * may quote a hidden case's error).
 *
 * What it is not: the queue and the judge processes (jobs.c) or the
 * stream's framing (jobs.c, mhd.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

/* ---- POST: queue a submission ----------------------------------------------- */

/* The body's code: a string of 1..TU_JUDGE_MAX_SOURCE bytes. */
static const char *body_code(const json_t *body, size_t *len,
			     struct tu_http_resp *resp)
{
	const json_t *v = json_object_get(body, "code");

	if (!json_is_string(v)) {
		tu_http_error(resp, 400, "bad_request", "body.code: %s",
			      v ? "expected a string" : "missing");
		return NULL;
	}
	*len = json_string_length(v);
	if (*len == 0 || *len > TU_JUDGE_MAX_SOURCE) {
		tu_http_error(resp, 400, "bad_request", "body.code: must be "
			      "1..%u bytes, got %zu", TU_JUDGE_MAX_SOURCE,
			      *len);
		return NULL;
	}
	return json_string_value(v);
}

static int body_lang(const json_t *body, const struct tu_course_problem *p,
		     enum tu_lang *lang, struct tu_http_resp *resp)
{
	char name[16];

	if (tu_api_body_str(body, "lang", true, false, name, sizeof(name),
			    resp))
		return -1;
	if (strcmp(name, "python") == 0)
		*lang = TU_LANG_PYTHON;
	else if (strcmp(name, "c") == 0)
		*lang = TU_LANG_C;
	else {
		tu_http_error(resp, 400, "bad_request", "body.lang: must be "
			      "\"python\" or \"c\"");
		return -1;
	}
	if (!p->langs[*lang]) {
		tu_http_error(resp, 400, "bad_request", "body.lang: problem "
			      "'%s' is not offered in %s", p->id, name);
		return -1;
	}
	return 0;
}

static void queue_error(struct tu_http_resp *resp, enum tu_status st,
			const struct tu_err *err)
{
	if (st == TU_EBUDGET) {
		tu_http_error(resp, 429, "rate_limited", "%s", err->msg);
		resp->retry_after_s = 2;
	} else {
		tu_api_status_error(resp, st, err);
	}
}

/* A retried submission (same Idempotency-Key): 202 with the first job's
 * id and its current status. */
static void answer_existing(struct tu_srv *s, const char *sid,
			    struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_job_view v;
	const char *status = "queued";

	if (tu_jobs_get(s->jobs, sid, &v, &err) == TU_OK) {
		status = tu_job_status_name(v.status);
		tu_job_view_release(&v);
	}
	tu_http_json(resp, 202, json_pack("{s:s, s:s}", "id", sid, "status",
					  status));
}

TU_API_HANDLER(tu_api_submit)
{
	static const char *const keys[] = { "item", "lang", "code", NULL };
	const struct tu_course_problem *p;
	struct tu_err err = TU_ERR_INIT;
	struct tu_job_submit in;
	char id[TU_ID_MAX], item[TU_ID_MAX], sid[TU_JOB_ID_MAX];
	char key[TU_API_IDEM_KEY_MAX + 1];
	bool existed = false;
	enum tu_status st;

	memset(&in, 0, sizeof(in));
	if (tu_api_learner(s, params, who, true, id, resp) ||
	    tu_api_body_keys(body, keys, resp) ||
	    tu_api_body_str(body, "item", true, false, item, sizeof(item),
			    resp) ||
	    !(p = tu_api_problem_find(s, item, resp)) ||
	    body_lang(body, p, &in.lang, resp) ||
	    !(in.code = body_code(body, &in.len, resp)))
		return;
	in.learner = id;
	in.account = who->account;
	in.item = item;
	in.now = req->now;
	if (tu_api_idem_key(req, key, resp))
		return;
	in.request_id = key[0] ? key : NULL;
	st = tu_jobs_submit(s->jobs, &in, sid, &existed, &err);
	if (st) {
		queue_error(resp, st, &err);
		return;
	}
	snprintf(resp->location, sizeof(resp->location),
		 "/api/submissions/%s", sid);
	if (existed)
		answer_existing(s, sid, resp);
	else
		tu_http_json(resp, 202, json_pack("{s:s, s:s}", "id", sid,
						  "status", "queued"));
}

/* ---- GET: status and events --------------------------------------------------- */

/* The job of path parameter sid when who may see it (write: the owner
 * only); -1 with resp set otherwise. */
static int job_for(struct tu_srv *s, const struct tu_route_params *params,
		   const struct tu_principal *who, bool write,
		   struct tu_job_view *v, struct tu_http_resp *resp)
{
	const char *sid = tu_api_param(params, "sid");
	struct tu_err err = TU_ERR_INIT;
	enum tu_status st;

	memset(v, 0, sizeof(*v));
	st = sid ? tu_jobs_get(s->jobs, sid, v, &err) : TU_ENOTFOUND;
	if (st == TU_ENOTFOUND) {
		tu_http_error(resp, 404, "not_found", "no submission '%s' "
			      "(unknown, or finished too long ago)",
			      sid ? sid : "");
		return -1;
	}
	if (st) {
		/* the store is down or failing: the submission may well
		 * exist, so not a 404; the client retries */
		tu_http_error(resp, 503, "unavailable", "submission '%s' "
			      "cannot be read now: %s", sid, err.msg);
		return -1;
	}
	if (tu_authz_learner(s, who, v->learner, write, resp) != 0) {
		tu_job_view_release(v);
		return -1;
	}
	return 0;
}

TU_API_HANDLER(tu_api_submission)
{
	struct tu_job_view v;

	(void)req;
	(void)body;
	if (job_for(s, params, who, false, &v, resp))
		return;
	tu_http_json(resp, 200, tu_job_view_json(&v));
	tu_job_view_release(&v);
}

TU_API_HANDLER(tu_api_submission_events)
{
	struct tu_job_view v;

	(void)req;
	(void)body;
	if (job_for(s, params, who, true, &v, resp))
		return;
	resp->sse_job = tu_job_stream_new(s->jobs, v.id);
	if (!resp->sse_job) {
		tu_http_error(resp, 500, "internal", "out of memory");
	} else {
		tu_sbuf_reset(&resp->body);
		resp->status = 200;
		resp->content_type = "text/event-stream";
	}
	tu_job_view_release(&v);
}

/* ---- the finish hook ------------------------------------------------------------ */

static json_t *raw_json(const char *text)
{
	json_t *v = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;

	return v ? v : json_null();
}

/* One case as the learner may see it. */
static json_t *case_json(const struct tu_case_result *c)
{
	char msg[96];

	if (c->hidden) {
		snprintf(msg, sizeof(msg), "hidden test %s (%s)",
			 c->verdict == TU_VERDICT_AC ? "passed" : "failed",
			 tu_verdict_name(c->verdict));
		return json_pack("{s:s, s:b, s:s, s:s}", "name", c->name,
				 "hidden", 1, "verdict",
				 tu_verdict_name(c->verdict), "message", msg);
	}
	return json_pack("{s:s, s:b, s:s, s:s, s:o, s:o, s:o, s:s*}", "name",
			 c->name, "hidden", 0, "verdict",
			 tu_verdict_name(c->verdict), "message", c->message,
			 "input", raw_json(c->input_json), "expected",
			 raw_json(c->expected_json), "actual",
			 raw_json(c->actual_json), "output", c->output);
}

static json_t *cases_json(const struct tu_judge_result *jr)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < jr->n_cases; i++)
		json_array_append_new(a, case_json(&jr->cases[i]));
	return a;
}

/* The tags with the course's title and remedy (no evidence text). */
static json_t *tags_json(const struct tu_course *course,
			 const struct tu_judge_result *jr)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < jr->n_tags; i++) {
		const struct tu_judge_tag *t = &jr->tags[i];
		const struct tu_course_misconception *m =
			tu_course_misconception_find(course, t->tag);

		json_array_append_new(a, json_pack(
			"{s:s, s:s, s:s*, s:s*}", "tag", t->tag, "topic",
			t->topic, "title", m ? m->title : NULL, "remedy",
			m ? m->remedy : NULL));
	}
	return a;
}

/* The next review the synthesizer scheduled: {item, due, interval_days}
 * or null. */
static json_t *next_review_json(const json_t *outputs)
{
	const json_t *r = json_object_get(
		json_object_get(outputs, "progress_synthesizer"), "review");

	if (!json_is_object(r))
		return json_null();
	return json_pack("{s:O*, s:O*, s:O*}", "item",
			 json_object_get(r, "item"), "due",
			 json_object_get(r, "due"), "interval_days",
			 json_object_get(r, "interval_days"));
}

/* The review of accepted code, worded and recorded; NULL when it could
 * not be made (the submission stands; the result just has no review). */
static json_t *review(struct tu_srv *s, struct tu_srv_ctx *c,
		      const struct tu_job_submit *job,
		      const struct tu_ev_submission *sub)
{
	const struct tu_course_problem *p =
		tu_course_problem_find(&s->course, sub->item);
	char lines[TU_EVENT_FINDINGS_MAX][TU_EVENT_MSG_MAX + 32];
	const char *findings[TU_EVENT_FINDINGS_MAX];
	struct tu_assist_review_in in;
	struct tu_err err = TU_ERR_INIT;
	struct tu_learner_state st;
	struct tu_assist_result r;
	struct tu_assist_who w;
	json_t *shown = NULL;
	char rid[TU_STORE_REQUEST_ID_MAX];

	tu_learner_state_init(&st);
	tu_assist_result_init(&r);
	if (!p || !c->assist || tu_orch_load(&c->orch, job->learner, &st, &err))
		goto out;
	for (size_t i = 0; i < sub->n_findings; i++) {
		snprintf(lines[i], sizeof(lines[i]), "line %d: %s",
			 sub->findings[i].line, sub->findings[i].message);
		findings[i] = lines[i];
	}
	memset(&in, 0, sizeof(in));
	in.problem = p;
	in.lang = sub->lang;
	in.code = sub->code;
	in.findings = findings;
	in.n_findings = sub->n_findings;
	tu_api_who(job->learner, job->now, &st, p, &w);
	snprintf(rid, sizeof(rid), "%s:review", job->id ? job->id : "");
	if (tu_assist_review(c->assist, &w, &in, &r, &err) == TU_OK &&
	    tu_api_assist_log_rid(s, c, job->learner, TU_USE_REVIEW,
				  sub->item, &r, job->now,
				  job->id ? rid : NULL, &err) == TU_OK)
		shown = tu_api_shown(&r);
out:
	tu_assist_result_release(&r);
	tu_learner_state_release(&st);
	return shown;
}

static json_t *result_json(struct tu_srv *s, const struct tu_judge_result *jr,
			   const struct tu_ev_submission *sub,
			   const json_t *outputs,
			   const struct tu_orch_result *res)
{
	const json_t *skill = json_object_get(outputs, "skill_assessment");
	const json_t *fb = json_object_get(outputs, "pedagogical_feedback");
	const json_t *mastery = json_object_get(
		json_object_get(outputs, "learner_profiler"), "mastery");

	return json_pack(
		"{s:s, s:I, s:I, s:s, s:s*, s:O*, s:O*, s:o, s:o, s:o, s:o, "
		"s:I, s:I}",
		"verdict", tu_verdict_name(sub->verdict), "passed",
		(json_int_t)sub->passed, "total", (json_int_t)sub->total,
		"message", jr->message, "diagnostics", jr->diagnostics,
		"summary", json_object_get(skill, "summary"), "feedback",
		json_object_get(fb, "message"), "cases", cases_json(jr),
		"tags", tags_json(&s->course, jr), "mastery",
		mastery ? json_deep_copy(mastery) : json_array(), "next_review",
		next_review_json(outputs), "seq", (json_int_t)res->seq,
		"version", (json_int_t)res->version);
}

enum tu_status tu_api_submission_finish(struct tu_srv *s,
					struct tu_srv_ctx *ctx,
					const struct tu_job_submit *job,
					const struct tu_judge_result *judged,
					json_t **result, struct tu_err *err)
{
	struct tu_orch_result res;
	struct tu_event_in ev;
	enum tu_status st;
	json_t *outputs, *out, *rv = NULL;

	*result = NULL;
	tu_event_in_init(&ev);
	ev.type = TU_EV_SUBMISSION;
	ev.at = job->now;
	ev.request_id = job->id;       /* a job judged twice: one event */
	st = tu_ev_submission_from_judge(&ev.u.sub, job->item, job->lang,
					 job->code, job->len, judged, err);
	if (st == TU_OK)
		st = tu_orch_handle(&ctx->orch, job->learner, &ev, &res, err);
	if (st) {
		tu_event_in_release(&ev);
		return st;
	}
	if (ev.u.sub.verdict == TU_VERDICT_AC)
		rv = review(s, ctx, job, &ev.u.sub);
	outputs = tu_api_outputs(&res);
	out = result_json(s, judged, &ev.u.sub, outputs, &res);
	if (out)
		json_object_set_new(out, "review", rv ? rv : json_null());
	else
		json_decref(rv);
	json_decref(outputs);
	tu_orch_result_release(&res);
	tu_event_in_release(&ev);
	*result = out;
	return out ? TU_OK : tu_err_set(err, TU_ENOMEM, "submission: out of "
					"memory building the result");
}
