/*
 * api_learner.c - one learner's views and the session check
 * (docs/api.md "A learner"), plus the helpers every api_*.c file shares
 * (api.h): the learner of the path and its authorisation, the thread's
 * context, events through the orchestrator, body fields.
 *
 *   GET  /api/learners/:id/state     the learner state JSON
 *   GET  /api/learners/:id/roadmap   topics with locked / available /
 *                                    in_progress / mastered
 *   GET  /api/learners/:id/next      a read-only preview of the picks
 *   POST /api/learners/:id/sessions  on_session_check + the narrative
 *   GET  /api/learners/:id/reviews   the review queue, due first
 *
 * The preview runs the same agents as a session check (tu_orch_step) on
 * the loaded state and throws the result away: it shows exactly what a
 * check at this moment would pick, and writes nothing.
 *
 * What it is not: no decisions (the agents make them); no state writes
 * except through events.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

/* ---- shared helpers ------------------------------------------------------ */

const char *tu_api_param(const struct tu_route_params *p, const char *name)
{
	for (size_t i = 0; p && i < p->n; i++)
		if (strcmp(p->v[i].name, name) == 0)
			return p->v[i].value;
	return NULL;
}

struct tu_srv_ctx *tu_api_ctx(struct tu_srv *s, struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_srv_ctx *c = tu_srv_ctx_get(s, &err);

	if (!c)
		tu_http_error(resp, 503, "unavailable", "the store is not "
			      "available: %s", err.msg[0] ? err.msg : "?");
	else if (!c->assist)
		tu_http_error(resp, 503, "unavailable", "the text assistant "
			      "is not available");
	return c && c->assist ? c : NULL;
}

int tu_api_learner(struct tu_srv *s, const struct tu_route_params *params,
		   const struct tu_principal *who, bool write,
		   char out[TU_ID_MAX], struct tu_http_resp *resp)
{
	const char *id = tu_api_param(params, "id");

	if (!id || strlen(id) >= TU_ID_MAX) {
		tu_http_error(resp, 404, "not_found", "no learner '%s'",
			      id ? id : "");
		return -1;
	}
	if (tu_authz_learner(s, who, id, write, resp) != 0)
		return -1;
	memcpy(out, id, strlen(id) + 1);
	return 0;
}

int tu_api_load_state(struct tu_srv_ctx *c, const char *learner,
		      struct tu_learner_state *st, struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	enum tu_status rc = tu_orch_load(&c->orch, learner, st, &err);

	if (rc == TU_OK)
		return 0;
	tu_api_status_error(resp, rc, &err);
	return -1;
}

void tu_api_status_error(struct tu_http_resp *resp, enum tu_status st,
			 const struct tu_err *err)
{
	/* a corrupt snapshot or an agent's invalid proposal is ours, not
	 * the caller's */
	if (st == TU_ECORRUPT || st == TU_EINTERNAL)
		tu_http_error(resp, 500, "internal", "%s", err->msg);
	else
		tu_http_error_status(resp, st, err);
}

int tu_api_event(struct tu_srv_ctx *c, const char *learner,
		 const struct tu_event_in *ev, struct tu_orch_result *res,
		 struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	enum tu_status rc = tu_orch_handle(&c->orch, learner, ev, res, &err);

	if (rc == TU_OK)
		return 0;
	tu_api_status_error(resp, rc, &err);
	return -1;
}

json_t *tu_api_outputs(const struct tu_orch_result *res)
{
	if (!res->outputs)
		return NULL;
	return json_loadb(res->outputs, res->outputs_len ? res->outputs_len
			  : strlen(res->outputs), 0, NULL);
}

static void setting_key(char *k, size_t cap, const char *key,
			const char *learner)
{
	snprintf(k, cap, "%s.%s", key, learner);
}

int tu_api_setting_get(struct tu_srv_ctx *c, const char *key,
		       const char *learner, char *buf, size_t cap)
{
	char k[TU_ID_MAX + 64];

	setting_key(k, sizeof(k), key, learner);
	return tu_store_setting_get(c->store, k, buf, cap, NULL) ? -1 : 0;
}

void tu_api_setting_set(struct tu_srv_ctx *c, const char *key,
			const char *learner, const char *val)
{
	char k[TU_ID_MAX + 64];

	setting_key(k, sizeof(k), key, learner);
	(void)tu_store_setting_set(c->store, k, val, NULL);
}

static bool text_ok(const char *v, size_t n, bool allow_nl)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)v[i];

		if (ch >= 0x20 && ch != 0x7f)
			continue;
		if (allow_nl && (ch == '\n' || ch == '\t' || ch == '\r'))
			continue;
		return false;
	}
	return true;
}

int tu_api_body_str(const json_t *body, const char *key, bool required,
		    bool allow_nl, char *dst, size_t cap,
		    struct tu_http_resp *resp)
{
	const json_t *v = json_object_get(body, key);
	const char *p;
	size_t n;

	dst[0] = '\0';
	if (!v && !required)
		return 0;
	if (!json_is_string(v)) {
		tu_http_error(resp, 400, "bad_request", "body.%s: %s", key,
			      v ? "expected a string" : "missing");
		return -1;
	}
	p = json_string_value(v);
	n = json_string_length(v);
	if (n == 0 && required) {
		tu_http_error(resp, 400, "bad_request", "body.%s: must not be "
			      "empty", key);
		return -1;
	}
	if (n >= cap) {
		tu_http_error(resp, 400, "bad_request", "body.%s: too long "
			      "(%zu bytes, at most %zu)", key, n, cap - 1);
		return -1;
	}
	if (strlen(p) != n || !text_ok(p, n, allow_nl)) {
		tu_http_error(resp, 400, "bad_request", "body.%s: holds "
			      "control characters", key);
		return -1;
	}
	memcpy(dst, p, n + 1);
	return 0;
}

int tu_api_body_keys(const json_t *body, const char *const *keys,
		     struct tu_http_resp *resp)
{
	const char *k;
	const json_t *v;
	size_t i;

	json_object_foreach((json_t *)(uintptr_t)body, k, v) {
		for (i = 0; keys[i] && strcmp(keys[i], k) != 0; i++)
			;
		if (!keys[i]) {
			tu_http_error(resp, 400, "bad_request", "body.%s: "
				      "unknown field", k);
			return -1;
		}
	}
	return 0;
}

const struct tu_course_problem *tu_api_problem_find(struct tu_srv *s,
						    const char *item,
						    struct tu_http_resp *resp)
{
	const struct tu_course_problem *p =
		tu_course_problem_find(&s->course, item);

	if (!p)
		tu_http_error(resp, 404, "not_found", "no problem '%s' in "
			      "course '%s'", item, s->course.id);
	return p;
}

json_t *tu_api_time(int64_t t)
{
	return t == TU_TIME_NONE ? json_null() : json_integer(t);
}

/* ---- state ---------------------------------------------------------------- */

TU_API_HANDLER(tu_api_learner_state)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_learner_state st;
	char id[TU_ID_MAX], *js = NULL;
	struct tu_srv_ctx *c;
	size_t len = 0;

	(void)req;
	(void)body;
	if (tu_api_learner(s, params, who, false, id, resp) ||
	    !(c = tu_api_ctx(s, resp)))
		return;
	tu_learner_state_init(&st);
	if (tu_api_load_state(c, id, &st, resp) == 0) {
		if (tu_learner_state_encode(&st, &js, &len, &err))
			tu_http_error_status(resp, err.code, &err);
		else if (!tu_sbuf_add(&resp->body, js, len))
			tu_http_error(resp, 500, "internal", "the state is too "
				      "large to send");
		else {
			resp->status = 200;
			resp->content_type = "application/json";
		}
	}
	free(js);
	tu_learner_state_release(&st);
}

/* ---- roadmap -------------------------------------------------------------- */

static double topic_mastery(const struct tu_learner_state *st,
			    const char *topic, uint32_t *attempts)
{
	const struct tu_topic_state *t = tu_learner_topic_find(st, topic);

	if (attempts)
		*attempts = t ? t->attempts : 0;
	return t ? t->mastery : 0.0;
}

/* The roadmap state of topic t at the mastery threshold th. */
static const char *topic_state(const struct tu_learner_state *st,
			       const struct tu_course_topic *t, double th)
{
	uint32_t attempts;
	double m = topic_mastery(st, t->id, &attempts);

	if (m >= th)
		return "mastered";
	for (size_t i = 0; i < t->n_requires; i++)
		if (topic_mastery(st, t->requires[i], NULL) < th)
			return "locked";
	return attempts > 0 ? "in_progress" : "available";
}

static json_t *requires_json(const struct tu_course_topic *t)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < t->n_requires; i++)
		json_array_append_new(a, json_string(t->requires[i]));
	return a;
}

static json_t *roadmap_json(const struct tu_course *course,
			    const struct tu_learner_state *st, double th)
{
	json_t *topics = json_array();

	for (size_t i = 0; topics && i < course->n_topics; i++) {
		const struct tu_course_topic *t = &course->topics[i];
		uint32_t attempts;
		double m = topic_mastery(st, t->id, &attempts);

		json_array_append_new(topics, json_pack(
			"{s:s, s:s, s:o, s:s, s:f, s:i, s:s}", "id", t->id,
			"title", t->title, "requires", requires_json(t),
			"state", topic_state(st, t, th), "mastery", m,
			"attempts", (int)attempts, "level",
			tu_mastery_level_name(tu_mastery_level(m, attempts))));
	}
	return json_pack("{s:f, s:o*}", "threshold", th, "topics", topics);
}

TU_API_HANDLER(tu_api_learner_roadmap)
{
	struct tu_learner_state st;
	struct tu_srv_ctx *c;
	char id[TU_ID_MAX];

	(void)req;
	(void)body;
	if (tu_api_learner(s, params, who, false, id, resp) ||
	    !(c = tu_api_ctx(s, resp)))
		return;
	tu_learner_state_init(&st);
	if (tu_api_load_state(c, id, &st, resp) == 0)
		tu_http_json(resp, 200, roadmap_json(
			&s->course, &st, c->orch.cfg.curator.prereq_min));
	tu_learner_state_release(&st);
}

/* ---- picks ---------------------------------------------------------------- */

/* The curator's picks in outputs as [{item, title, topic, bucket, reason}]. */
static json_t *picks_json(const json_t *outputs)
{
	const json_t *picks = json_object_get(
		json_object_get(outputs, "content_curator"), "picks");
	json_t *a = json_array();
	const json_t *p;
	size_t i;

	json_array_foreach(picks, i, p) {
		json_array_append_new(a, json_pack(
			"{s:O*, s:O*, s:O*, s:O*, s:O*, s:O*}", "item",
			json_object_get(p, "item"), "title",
			json_object_get(p, "title"), "topic",
			json_object_get(p, "topic"), "bucket",
			json_object_get(p, "bucket"), "code",
			json_object_get(p, "code"), "reason",
			json_object_get(p, "text")));
	}
	return a;
}

/* k from the query (?k=N) or the body ({k}); 0 = default; -1 + resp. */
static int want_k(const char *query, const json_t *body, uint32_t *k,
		  struct tu_http_resp *resp)
{
	const json_t *v = json_object_get(body, "k");
	char buf[16], *end;
	long n = 0;

	*k = 0;
	if (v && !json_is_integer(v)) {
		tu_http_error(resp, 400, "bad_request", "body.k: expected an "
			      "integer in [1, 32]");
		return -1;
	}
	if (v)
		n = (long)json_integer_value(v);
	else if (query && tu_http_query_get(query, "k", buf, sizeof(buf))) {
		n = strtol(buf, &end, 10);
		if (*end || end == buf)
			n = -1;
	} else {
		return 0;
	}
	if (n < 1 || n > 32) {
		tu_http_error(resp, 400, "bad_request", "k: must be an integer "
			      "in [1, 32]");
		return -1;
	}
	*k = (uint32_t)n;
	return 0;
}

TU_API_HANDLER(tu_api_learner_next)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_learner_state st;
	struct tu_audit *audit = NULL;
	struct tu_event_in ev;
	struct tu_srv_ctx *c;
	char id[TU_ID_MAX], *outputs = NULL;
	size_t n_audit = 0;
	json_t *out;

	(void)body;
	if (tu_api_learner(s, params, who, true, id, resp) ||
	    !(c = tu_api_ctx(s, resp)))
		return;
	tu_event_in_init(&ev);
	ev.type = TU_EV_SESSION_CHECK;
	ev.at = req->now;
	if (want_k(req->query, NULL, &ev.u.k, resp))
		return;
	tu_learner_state_init(&st);
	if (tu_api_load_state(c, id, &st, resp) == 0) {
		if (tu_orch_step(&c->orch, &st, id, &ev, &outputs, &audit,
				 &n_audit, &err)) {
			tu_http_error(resp, 500, "internal", "%s", err.msg);
		} else {
			out = outputs ? json_loads(outputs, 0, NULL) : NULL;
			tu_http_json(resp, 200, json_pack("{s:o}", "picks",
							  picks_json(out)));
			json_decref(out);
		}
	}
	free(outputs);
	free(audit);
	tu_learner_state_release(&st);
}

/* ---- session check with its narrative ------------------------------------ */

struct first_pick {
	const char *item, *bucket, *why;
};

static bool first_pick(const json_t *outputs, struct first_pick *p)
{
	const json_t *v = json_array_get(json_object_get(
		json_object_get(outputs, "content_curator"), "picks"), 0);

	p->item = json_string_value(json_object_get(v, "item"));
	p->bucket = json_string_value(json_object_get(v, "bucket"));
	p->why = json_string_value(json_object_get(v, "text"));
	return p->item != NULL;
}

/* The narrative introducing the first pick, recorded; NULL (resp set)
 * on failure. */
static json_t *narrate(struct tu_srv *s, struct tu_srv_ctx *c,
		       const char *id, const struct first_pick *pk,
		       const char *prev, int64_t now,
		       struct tu_http_resp *resp)
{
	const struct tu_course_problem *p =
		tu_course_problem_find(&s->course, pk->item);
	struct tu_assist_narrative_in in;
	struct tu_err err = TU_ERR_INIT;
	struct tu_learner_state st;
	struct tu_assist_result r;
	const struct tu_item_progress *ip;
	struct tu_assist_who w;
	json_t *shown = NULL;

	tu_learner_state_init(&st);
	tu_assist_result_init(&r);
	if (!p || tu_api_load_state(c, id, &st, resp))
		goto out;
	memset(&in, 0, sizeof(in));
	in.next = p;
	in.bucket = pk->bucket ? pk->bucket : "growth";
	in.why = pk->why ? pk->why : "";
	if (prev && *prev && strcmp(prev, pk->item) != 0 &&
	    tu_course_problem_find(&s->course, prev)) {
		ip = tu_learner_item_find(&st, prev);
		in.last_item = prev;
		in.last_passed = ip && ip->solved;
	}
	tu_api_who(id, now, &st, p, &w);
	if (tu_assist_narrative(c->assist, &w, &in, &r, &err))
		tu_http_error_status(resp, err.code, &err);
	else if (tu_api_assist_record(s, c, id, TU_USE_NARRATIVE, pk->item,
				      &r, now, resp) == 0)
		shown = tu_api_shown(&r);
out:
	tu_assist_result_release(&r);
	tu_learner_state_release(&st);
	return shown;
}

/* The engagement nudge of a session check: {code, text} or null. */
static json_t *nudge_json(const json_t *outputs)
{
	const json_t *n = json_object_get(
		json_object_get(outputs, "engagement_orchestrator"), "nudge");

	if (!json_is_true(json_object_get(n, "sent")))
		return json_null();
	return json_pack("{s:O*, s:O*, s:O*}", "code",
			 json_object_get(n, "code"), "text",
			 json_object_get(n, "text"), "easier_item",
			 json_object_get(n, "easier_item"));
}

static void session_answer(struct tu_srv *s, struct tu_srv_ctx *c,
			   const char *id, const json_t *outputs,
			   const char *prev, int64_t now,
			   const struct tu_orch_result *res,
			   struct tu_http_resp *resp)
{
	struct first_pick pk;
	json_t *narrative = json_null();

	if (first_pick(outputs, &pk)) {
		tu_api_setting_set(c, "current_item", id, pk.item);
		narrative = narrate(s, c, id, &pk, prev, now, resp);
		if (!narrative)
			return;
	}
	tu_http_json(resp, 200, json_pack(
		"{s:o, s:o, s:o, s:I, s:I}", "picks", picks_json(outputs),
		"narrative", narrative, "nudge", nudge_json(outputs), "seq",
		(json_int_t)res->seq, "version", (json_int_t)res->version));
}

TU_API_HANDLER(tu_api_learner_session)
{
	static const char *const keys[] = { "k", NULL };
	char prev[TU_STORE_SETTING_MAX] = "";
	struct tu_orch_result res;
	struct tu_event_in ev;
	struct tu_srv_ctx *c;
	char id[TU_ID_MAX];
	json_t *outputs;

	if (tu_api_learner(s, params, who, true, id, resp) ||
	    tu_api_body_keys(body, keys, resp) || !(c = tu_api_ctx(s, resp)))
		return;
	tu_event_in_init(&ev);
	ev.type = TU_EV_SESSION_CHECK;
	ev.at = req->now;
	if (want_k(NULL, body, &ev.u.k, resp))
		return;
	if (tu_api_setting_get(c, "current_item", id, prev, sizeof(prev)))
		prev[0] = '\0';
	if (tu_api_event(c, id, &ev, &res, resp))
		return;
	outputs = tu_api_outputs(&res);
	session_answer(s, c, id, outputs, prev, req->now, &res, resp);
	json_decref(outputs);
	tu_orch_result_release(&res);
}

/* ---- reviews --------------------------------------------------------------- */

static int cmp_due(const void *a, const void *b)
{
	const struct tu_review_item *x = *(const struct tu_review_item *const *)a;
	const struct tu_review_item *y = *(const struct tu_review_item *const *)b;

	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return strcmp(x->item, y->item);
}

static json_t *review_json(const struct tu_course *course,
			   const struct tu_review_item *r, int64_t now)
{
	const struct tu_course_problem *p =
		tu_course_problem_find(course, r->item);
	double overdue = r->due <= now ? (double)(now - r->due) / 86400.0 : 0;

	return json_pack("{s:s, s:s, s:o, s:f, s:f, s:i, s:o}", "item",
			 r->item, "title", p ? p->title : r->item, "due",
			 tu_api_time(r->due), "overdue", overdue,
			 "interval_days", r->interval_days, "repetitions",
			 (int)r->repetitions, "last_review",
			 tu_api_time(r->last_review));
}

static json_t *reviews_json(const struct tu_course *course,
			    const struct tu_learner_state *st, int64_t now)
{
	const struct tu_review_item **v = calloc(st->n_reviews + 1, sizeof(*v));
	json_t *due = json_array(), *up = json_array();
	size_t n = 0;

	if (!v || !due || !up) {
		free(v);
		json_decref(due);
		json_decref(up);
		return NULL;
	}
	for (size_t i = 0; i < st->n_reviews; i++)
		if (st->reviews[i].due != TU_TIME_NONE)
			v[n++] = &st->reviews[i];
	qsort(v, n, sizeof(*v), cmp_due);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(v[i]->due <= now ? due : up,
				      review_json(course, v[i], now));
	free(v);
	return json_pack("{s:o, s:o, s:I}", "due", due, "upcoming", up, "now",
			 (json_int_t)now);
}

TU_API_HANDLER(tu_api_learner_reviews)
{
	struct tu_learner_state st;
	struct tu_srv_ctx *c;
	char id[TU_ID_MAX];

	(void)body;
	if (tu_api_learner(s, params, who, false, id, resp) ||
	    !(c = tu_api_ctx(s, resp)))
		return;
	tu_learner_state_init(&st);
	if (tu_api_load_state(c, id, &st, resp) == 0)
		tu_http_json(resp, 200, reviews_json(&s->course, &st,
						     req->now));
	tu_learner_state_release(&st);
}
