/*
 * api_cohorts.c - the cohort endpoints of docs/api.md: an instructor
 * creates cohorts (each with a random join code) and lists them, a
 * learner joins one with its code, and the owning instructor gets the
 * cohort view: members, a mastery heat map (members x the course's
 * topics, null where a learner has no estimate yet), struggling learners
 * and hint use, computed from each member's latest committed state
 * (tu_orch_load; read only, no event).
 *
 * Struggling (the reasons, in this order, at most two per learner):
 *   - engagement.failure_streak >= 3   "N failed submissions in a row"
 *   - a topic with >= 3 attempts and mastery < 0.4
 *   - a misconception seen >= 3 times
 *   - the struggler persona
 * Hint use: hints = hints taken over all items, problems = items on which
 * at least one hint was taken.
 *
 * Join codes: 8 characters from an alphabet without look-alikes (no I, O,
 * 0, 1) as "XXXX-XXXX" (40 random bits, randombytes_uniform); codes are
 * matched case-insensitively.
 *
 * What it is not: membership rules for learner data are auth.c's
 * (tu_authz_learner); the view never changes a learner.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "auth_internal.h"
#include "srv.h"

#define TU_COHORT_VIEW_MAX 500      /* members shown in one view */
#define CODE_TRIES 8

static const char code_alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

static void new_code(char code[TU_STORE_JOIN_CODE_MAX])
{
	size_t j = 0;

	for (size_t i = 0; i < 8; i++) {
		if (i == 4)
			code[j++] = '-';
		code[j++] = code_alphabet[randombytes_uniform(
			(uint32_t)(sizeof code_alphabet - 1))];
	}
	code[j] = '\0';
}

static struct tu_srv_ctx *ctx_or_503(struct tu_srv *s,
				     struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_srv_ctx *ctx = tu_srv_ctx_get(s, &err);

	if (!ctx)
		tu_http_error_status(resp, TU_EUNAVAIL, &err);
	return ctx;
}

/* body.name / body.code as a string of 1..max-1 bytes without control
 * characters; false with a 400 in resp. */
static bool text_field(const json_t *body, const char *name, size_t max,
		       const char **out, struct tu_http_resp *resp)
{
	json_t *v = body ? json_object_get(body, name) : NULL;
	const char *t = json_string_value(v);
	size_t n = json_string_length(v);

	if (!json_is_string(v)) {
		tu_http_error(resp, 400, "bad_request", "body.%s: %s", name,
			      v ? "must be a string" : "missing");
		return false;
	}
	if (n == 0 || n >= max || strlen(t) != n) {
		tu_http_error(resp, 400, "bad_request", "body.%s: must be 1 "
			      "to %zu bytes", name, max - 1);
		return false;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)t[i] < ' ' || t[i] == 0x7f) {
			tu_http_error(resp, 400, "bad_request", "body.%s: no "
				      "control characters", name);
			return false;
		}
	*out = t;
	return true;
}

/* ---- POST /api/cohorts ------------------------------------------------- */

void tu_api_cohort_create(struct tu_srv *s, const struct tu_http_req *req,
			  const struct tu_route_params *params,
			  const struct tu_principal *who, const json_t *body,
			  struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_cohort_row c;
	struct tu_srv_ctx *ctx;
	enum tu_status st = TU_ECONFLICT;
	const char *name;

	(void)params;
	if (!text_field(body, "name", TU_STORE_COHORT_NAME_MAX, &name, resp))
		return;
	ctx = ctx_or_503(s, resp);
	if (!ctx)
		return;
	memset(&c, 0, sizeof c);
	c.instructor = who->account;
	snprintf(c.name, sizeof c.name, "%s", name);
	c.created_at = req->now;
	for (int i = 0; i < CODE_TRIES && st == TU_ECONFLICT; i++) {
		new_code(c.join_code);
		st = tu_store_cohort_add(ctx->store, &c, &c.id, &err);
	}
	if (st) {
		tu_http_error_status(resp, st, &err);
		return;
	}
	tu_http_json(resp, 201, json_pack("{s:I, s:s, s:s}", "id",
					  (json_int_t)c.id, "name", c.name,
					  "join_code", c.join_code));
}

/* ---- GET /api/cohorts -------------------------------------------------- */

static int list_cohort(const struct tu_cohort_row *c, void *ctx)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)c->id,
			      "name", c->name, "join_code", c->join_code,
			      "members", (json_int_t)c->members);

	return json_array_append_new(ctx, o) ? 1 : 0;
}

void tu_api_cohort_list(struct tu_srv *s, const struct tu_http_req *req,
			const struct tu_route_params *params,
			const struct tu_principal *who, const json_t *body,
			struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_srv_ctx *ctx = ctx_or_503(s, resp);
	json_t *list;
	enum tu_status st;

	(void)req;
	(void)params;
	(void)body;
	if (!ctx)
		return;
	list = json_array();
	st = tu_store_cohort_each(ctx->store, who->account, list_cohort, list,
				  &err);
	if (st) {
		json_decref(list);
		tu_http_error_status(resp, st, &err);
		return;
	}
	tu_http_json(resp, 200, list);
}

/* ---- POST /api/cohorts/join -------------------------------------------- */

void tu_api_cohort_join(struct tu_srv *s, const struct tu_http_req *req,
			const struct tu_route_params *params,
			const struct tu_principal *who, const json_t *body,
			struct tu_http_resp *resp)
{
	char code[TU_STORE_JOIN_CODE_MAX];
	struct tu_err err = TU_ERR_INIT;
	struct tu_cohort_row c;
	struct tu_srv_ctx *ctx;
	enum tu_status st;
	const char *raw;

	(void)params;
	if (who->role != TU_ROLE_LEARNER) {
		tu_http_error(resp, 403, "forbidden", "only learner accounts "
			      "join cohorts");
		return;
	}
	if (!text_field(body, "code", sizeof code, &raw, resp))
		return;
	for (size_t i = 0; i <= strlen(raw); i++)
		code[i] = (char)toupper((unsigned char)raw[i]);
	ctx = ctx_or_503(s, resp);
	if (!ctx)
		return;
	st = tu_store_cohort_find_code(ctx->store, code, &c, &err);
	if (st == TU_ENOTFOUND || st == TU_EINVAL) {
		tu_http_error(resp, 404, "not_found", "no cohort has the join "
			      "code '%s'", code);
		return;
	}
	if (!st)
		st = tu_store_cohort_join(ctx->store, c.id, who->learner,
					  req->now, &err);
	if (st) {
		tu_http_error_status(resp, st, &err);
		return;
	}
	tu_http_json(resp, 200, json_pack("{s:{s:I, s:s}}", "cohort", "id",
					  (json_int_t)c.id, "name", c.name));
}

/* ---- GET /api/cohorts/:cid: the view ----------------------------------- */

struct view {
	struct tu_srv *s;
	struct tu_srv_ctx *ctx;
	json_t *members, *rows, *struggling, *hints;
	bool truncated;
	size_t n;
	enum tu_status st;
	struct tu_err err;
};

static json_t *mastery_row(const struct tu_course *course,
			   const struct tu_learner_state *st)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < course->n_topics; i++) {
		const struct tu_topic_state *t =
			tu_learner_topic_find(st, course->topics[i].id);

		json_array_append_new(a, t ? json_real(t->mastery) :
				      json_null());
	}
	return a;
}

/* Appends one reason (at most two kept) to buf. */
static void reason(char *buf, size_t cap, size_t *n, const char *text)
{
	size_t len = strlen(buf);

	if (*n >= 2)
		return;
	snprintf(buf + len, cap - len, "%s%s", *n ? "; " : "", text);
	(*n)++;
}

static void topic_reasons(const struct tu_learner_state *st, char *buf,
			  size_t cap, size_t *n)
{
	char t[TU_ID_MAX + 96];

	for (size_t i = 0; i < st->n_topics && *n < 2; i++) {
		const struct tu_topic_state *ts = &st->topics[i];

		if (ts->attempts < 3 || !(ts->mastery < 0.4))
			continue;
		snprintf(t, sizeof t, "mastery %.2f on '%s' after %u attempts",
			 ts->mastery, ts->topic, ts->attempts);
		reason(buf, cap, n, t);
	}
	for (size_t i = 0; i < st->n_misconceptions && *n < 2; i++) {
		if (st->misconceptions[i].count < 3)
			continue;
		snprintf(t, sizeof t, "misconception '%s' seen %u times",
			 st->misconceptions[i].id,
			 st->misconceptions[i].count);
		reason(buf, cap, n, t);
	}
}

/* The struggling reasons for st ("" when none). */
static void struggling(const struct tu_learner_state *st, char *buf,
		       size_t cap)
{
	size_t n = 0;

	buf[0] = '\0';
	if (st->engagement.failure_streak >= 3) {
		char t[96];

		snprintf(t, sizeof t, "%u failed submissions in a row",
			 st->engagement.failure_streak);
		reason(buf, cap, &n, t);
	}
	topic_reasons(st, buf, cap, &n);
	if (st->persona == TU_PERSONA_STRUGGLER)
		reason(buf, cap, &n, "struggler persona");
}

static json_t *hint_use(const char *learner,
			const struct tu_learner_state *st)
{
	json_int_t hints = 0, problems = 0;

	for (size_t i = 0; i < st->n_items; i++) {
		hints += st->items[i].hints_used;
		problems += st->items[i].hints_used > 0;
	}
	return json_pack("{s:s, s:I, s:I}", "learner", learner, "hints",
			 hints, "problems", problems);
}

static void add_member(struct view *v, const struct tu_cohort_member *m,
		       const struct tu_learner_state *st)
{
	char why[TU_ID_MAX * 2 + 256];

	json_array_append_new(v->members, json_pack("{s:s, s:I}", "learner",
						    m->learner, "joined_at",
						    (json_int_t)m->joined_at));
	json_array_append_new(v->rows, json_pack("{s:s, s:o}", "learner",
						 m->learner,
						 "mastery", mastery_row(
						 &v->s->course, st)));
	struggling(st, why, sizeof why);
	if (why[0])
		json_array_append_new(v->struggling, json_pack(
			"{s:s, s:s}", "learner", m->learner, "reason", why));
	json_array_append_new(v->hints, hint_use(m->learner, st));
}

static int view_member(const struct tu_cohort_member *m, void *ctx)
{
	struct view *v = ctx;
	struct tu_learner_state st;
	enum tu_status s;

	if (v->n >= TU_COHORT_VIEW_MAX) {
		v->truncated = true;
		return 1;
	}
	tu_learner_state_init(&st);
	s = tu_orch_load(&v->ctx->orch, m->learner, &st, &v->err);
	if (s && s != TU_ENOTFOUND) {
		v->st = s;
		tu_learner_state_release(&st);
		return 1;
	}
	add_member(v, m, &st);
	tu_learner_state_release(&st);
	v->n++;
	return 0;
}

static json_t *topic_ids(const struct tu_course *course)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < course->n_topics; i++)
		json_array_append_new(a, json_string(course->topics[i].id));
	return a;
}

static void view_release(struct view *v)
{
	json_decref(v->members);
	json_decref(v->rows);
	json_decref(v->struggling);
	json_decref(v->hints);
}

static json_t *view_json(struct view *v, const struct tu_cohort_row *c)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:O, s:{s:o, s:O}, s:O, s:O, "
			      "s:b}", "id", (json_int_t)c->id, "name",
			      c->name, "join_code", c->join_code, "members",
			      v->members, "heatmap", "topics",
			      topic_ids(&v->s->course), "rows", v->rows,
			      "struggling", v->struggling, "hint_use",
			      v->hints, "truncated", v->truncated);

	view_release(v);
	return o;
}

/* The value of route parameter name ("" when absent). */
static const char *param(const struct tu_route_params *params,
			 const char *name)
{
	for (size_t i = 0; i < params->n && i < TU_ROUTE_PARAMS_MAX; i++)
		if (strcmp(params->v[i].name, name) == 0)
			return params->v[i].value;
	return "";
}

/* The cohort named by :cid if who owns it; false with resp set. */
static bool own_cohort(struct tu_srv_ctx *ctx,
		       const struct tu_route_params *params,
		       const struct tu_principal *who,
		       struct tu_cohort_row *c, struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	const char *v = param(params, "cid");
	char *end = NULL;
	long long id = strtoll(v, &end, 10);
	enum tu_status st;

	if (!v[0] || *end || id <= 0) {
		tu_http_error(resp, 404, "not_found", "no cohort '%s'", v);
		return false;
	}
	st = tu_store_cohort_get(ctx->store, id, c, &err);
	if (st) {
		tu_http_error_status(resp, st, &err);
		return false;
	}
	if (c->instructor != who->account || who->role != TU_ROLE_INSTRUCTOR) {
		tu_http_error(resp, 403, "forbidden", "cohort %lld is not "
			      "yours", id);
		return false;
	}
	return true;
}

void tu_api_cohort_get(struct tu_srv *s, const struct tu_http_req *req,
		       const struct tu_route_params *params,
		       const struct tu_principal *who, const json_t *body,
		       struct tu_http_resp *resp)
{
	struct view v = { .s = s, .err = TU_ERR_INIT };
	struct tu_cohort_row c;
	enum tu_status st;

	(void)req;
	(void)body;
	v.ctx = ctx_or_503(s, resp);
	if (!v.ctx || !own_cohort(v.ctx, params, who, &c, resp))
		return;
	v.members = json_array();
	v.rows = json_array();
	v.struggling = json_array();
	v.hints = json_array();
	st = tu_store_cohort_member_each(v.ctx->store, c.id, view_member, &v,
					 &v.err);
	if (!st)
		st = v.st;
	if (st) {
		view_release(&v);
		tu_http_error_status(resp, st, &v.err);
		return;
	}
	tu_http_json(resp, 200, view_json(&v, &c));
}
