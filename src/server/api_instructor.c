/*
 * api_instructor.c - a learner's record over time, the views a learner
 * and the instructors of their cohorts read (docs/api.md):
 *
 *   GET /api/learners/:id/history     ?limit=N&before=SEQ
 *       {events: [{seq, version, type, at, item, summary}], next_before}
 *       newest first; next_before is the seq to pass for the page
 *       before this one (null at the start of the log)
 *   GET /api/learners/:id/trajectory
 *       {topics: [{topic, title, points: [{at, mastery, seq}]}]}
 *       one point per mastery change, from the audit records the
 *       orchestrator wrote with each event (path topics[<id>].mastery)
 *
 * Both read the append-only log (tutor/store.h); neither writes.
 *
 * What it is not: the cohort views (api_cohorts.c) or exports
 * (api_export.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

#define HISTORY_DEFAULT 50
#define HISTORY_MAX 500
#define TRAJ_TOPIC_MAX 160

/* ---- history ---------------------------------------------------------------- */

/* Pass 1: the seqs of the last `limit` events before `before`. */
struct seq_ring {
	uint64_t *v;
	size_t cap, n, head;     /* head: next slot to write */
	uint64_t before;         /* 0: no bound */
	uint64_t older;          /* a seq dropped out of the ring (0: none) */
};

static int ring_one(const struct tu_event *ev, void *ctx)
{
	struct seq_ring *r = ctx;

	if (r->before && ev->seq >= r->before)
		return 1;
	if (r->n == r->cap)
		r->older = r->v[r->head];
	else
		r->n++;
	r->v[r->head] = ev->seq;
	r->head = (r->head + 1) % r->cap;
	return 0;
}

static const char *jstr(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v ? v : "";
}

static void sub_summary(const json_t *pl, char *buf, size_t cap)
{
	snprintf(buf, cap, "submission on %s: %s (%lld of %lld tests)",
		 jstr(pl, "item"), jstr(pl, "verdict"),
		 (long long)json_integer_value(json_object_get(pl, "passed")),
		 (long long)json_integer_value(json_object_get(pl, "total")));
}

static void hint_summary(const json_t *pl, const json_t *out, char *buf,
			 size_t cap)
{
	const json_t *f = json_object_get(out, "pedagogical_feedback");

	snprintf(buf, cap, "hint on %s: level %lld (%s)", jstr(pl, "item"),
		 (long long)json_integer_value(json_object_get(f, "level")),
		 jstr(f, "level_name"));
}

static void picks_summary(const char *what, const json_t *list, char *buf,
			  size_t cap)
{
	const json_t *p;
	size_t i, used;

	used = (size_t)snprintf(buf, cap, "%s", what);
	json_array_foreach(list, i, p) {
		if (used >= cap)
			break;
		used += (size_t)snprintf(buf + used, cap - used, "%s%s",
					 i ? ", " : ": ", jstr(p, "item"));
	}
}

/* One line saying what the event was. */
static void summary(const char *type, const json_t *pl, const json_t *out,
		    char *buf, size_t cap)
{
	const json_t *cur = json_object_get(out, "content_curator");

	if (strcmp(type, "submission") == 0)
		sub_summary(pl, buf, cap);
	else if (strcmp(type, "hint_request") == 0)
		hint_summary(pl, out, buf, cap);
	else if (strcmp(type, "session_check") == 0)
		picks_summary("session check", json_object_get(cur, "picks"),
			      buf, cap);
	else if (strcmp(type, "daily_generation") == 0)
		picks_summary("daily plan", json_object_get(cur, "plan"), buf,
			      cap);
	else if (strcmp(type, "assist") == 0)
		snprintf(buf, cap, "%s text shown%s%s (%s)", jstr(pl, "use"),
			 *jstr(pl, "item") ? " on " : "", jstr(pl, "item"),
			 jstr(pl, "path"));
	else if (strcmp(type, "goals_stated") == 0)
		snprintf(buf, cap, "%zu goal(s) stated",
			 json_array_size(json_object_get(pl, "goals")));
	else if (strcmp(type, "learner_created") == 0)
		snprintf(buf, cap, "learner created");
	else if (strcmp(type, "preferences") == 0)
		snprintf(buf, cap, "preferences changed");
	else if (strcmp(type, "review_due") == 0)
		snprintf(buf, cap, "review check");
	else
		snprintf(buf, cap, "%s", type);
}

/* Pass 2: the events from first to last as JSON, newest first. */
struct hist_walk {
	uint64_t last;
	json_t *events;
};

static int hist_one(const struct tu_event *ev, void *ctx)
{
	struct hist_walk *w = ctx;
	json_t *pl, *out;
	char text[512];

	if (ev->seq > w->last)
		return 1;
	pl = json_loadb(ev->payload, ev->payload_len, 0, NULL);
	out = ev->outputs_len ? json_loadb(ev->outputs, ev->outputs_len, 0,
					   NULL) : NULL;
	summary(ev->type, pl, out, text, sizeof(text));
	json_array_insert_new(w->events, 0, json_pack(
		"{s:I, s:I, s:s, s:I, s:s, s:s}", "seq", (json_int_t)ev->seq,
		"version", (json_int_t)ev->version, "type", ev->type, "at",
		(json_int_t)ev->at, "item", jstr(pl, "item"), "summary",
		text));
	json_decref(pl);
	json_decref(out);
	return 0;
}

/* ?limit and ?before; -1 + resp on a bad value. */
static int history_query(const char *query, size_t *limit, uint64_t *before,
			 struct tu_http_resp *resp)
{
	char buf[32], *end;
	unsigned long long v;

	*limit = HISTORY_DEFAULT;
	*before = 0;
	if (tu_http_query_get(query, "limit", buf, sizeof(buf))) {
		v = strtoull(buf, &end, 10);
		if (*end || end == buf || v < 1 || v > HISTORY_MAX) {
			tu_http_error(resp, 400, "bad_request", "limit: must "
				      "be an integer in [1, %d]", HISTORY_MAX);
			return -1;
		}
		*limit = (size_t)v;
	}
	if (tu_http_query_get(query, "before", buf, sizeof(buf))) {
		v = strtoull(buf, &end, 10);
		if (*end || end == buf || v < 1) {
			tu_http_error(resp, 400, "bad_request", "before: must "
				      "be a positive event seq");
			return -1;
		}
		*before = v;
	}
	return 0;
}

static void history(struct tu_srv_ctx *c, const char *id, size_t limit,
		    uint64_t before, struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct seq_ring r = { NULL, limit, 0, 0, before, 0 };
	struct hist_walk w = { 0, json_array() };
	enum tu_status st;
	uint64_t first = 0;

	r.v = calloc(limit, sizeof(*r.v));
	if (!r.v || !w.events) {
		tu_http_error(resp, 500, "internal", "out of memory");
		goto out;
	}
	st = tu_store_event_each(c->store, id, 0, ring_one, &r, &err);
	if (!st && r.n) {
		first = r.v[(r.head + r.cap - r.n) % r.cap];
		w.last = r.v[(r.head + r.cap - 1) % r.cap];
		st = tu_store_event_each(c->store, id, first - 1, hist_one, &w,
					 &err);
	}
	if (st) {
		tu_http_error_status(resp, st, &err);
		goto out;
	}
	tu_http_json(resp, 200, json_pack(
		"{s:O, s:o}", "events", w.events, "next_before",
		r.older ? json_integer((json_int_t)first) : json_null()));
out:
	json_decref(w.events);
	free(r.v);
}

TU_API_HANDLER(tu_api_learner_history)
{
	struct tu_srv_ctx *c;
	char id[TU_ID_MAX];
	uint64_t before;
	size_t limit;

	(void)body;
	if (tu_api_learner(s, params, who, false, id, resp) ||
	    history_query(req->query, &limit, &before, resp) ||
	    !(c = tu_api_ctx(s, resp)))
		return;
	history(c, id, limit, before, resp);
}

/* ---- trajectory ------------------------------------------------------------- */

struct sub_list {
	uint64_t *seq;
	int64_t *at;
	size_t n, cap;
	bool oom;
};

static int sub_one(const struct tu_event *ev, void *ctx)
{
	struct sub_list *l = ctx;
	size_t cap = l->cap ? l->cap * 2 : 64;
	uint64_t *s;
	int64_t *a;

	if (strcmp(ev->type, "submission") != 0)
		return 0;
	if (l->n == l->cap) {
		s = realloc(l->seq, cap * sizeof(*s));
		if (s)
			l->seq = s;
		a = s ? realloc(l->at, cap * sizeof(*a)) : NULL;
		if (!a) {
			l->oom = true;
			return 1;
		}
		l->at = a;
		l->cap = cap;
	}
	l->seq[l->n] = ev->seq;
	l->at[l->n++] = ev->at;
	return 0;
}

/* The topic of an audit path "topics[<id>].mastery" into t[cap]. */
static bool mastery_path(const char *path, char *t, size_t cap)
{
	static const char pre[] = "topics[", post[] = "].mastery";
	size_t n = strlen(path), pn = sizeof(pre) - 1, qn = sizeof(post) - 1;

	if (n <= pn + qn || strncmp(path, pre, pn) != 0 ||
	    strcmp(path + n - qn, post) != 0 || n - pn - qn >= cap)
		return false;
	memcpy(t, path + pn, n - pn - qn);
	t[n - pn - qn] = '\0';
	return true;
}

struct traj_walk {
	json_t *by_topic;        /* topic -> [points] */
	int64_t at;
};

static int audit_one(uint64_t seq, const struct tu_audit *a, void *ctx)
{
	struct traj_walk *w = ctx;
	char topic[TRAJ_TOPIC_MAX], *end;
	json_t *pts;
	double m;

	if (!mastery_path(a->path, topic, sizeof(topic)))
		return 0;
	m = strtod(a->after, &end);
	if (end == a->after)
		return 0;
	pts = json_object_get(w->by_topic, topic);
	if (!pts) {
		pts = json_array();
		json_object_set_new(w->by_topic, topic, pts);
	}
	json_array_append_new(pts, json_pack("{s:I, s:f, s:I}", "at",
					     (json_int_t)w->at, "mastery", m,
					     "seq", (json_int_t)seq));
	return 0;
}

/* The topics with points, in course order. */
static json_t *traj_json(const struct tu_course *course, json_t *by_topic)
{
	json_t *a = json_array(), *pts;

	for (size_t i = 0; a && i < course->n_topics; i++) {
		const struct tu_course_topic *t = &course->topics[i];

		pts = json_object_get(by_topic, t->id);
		if (pts)
			json_array_append_new(a, json_pack(
				"{s:s, s:s, s:O}", "topic", t->id, "title",
				t->title, "points", pts));
	}
	return json_pack("{s:o*}", "topics", a);
}

static void trajectory(struct tu_srv *s, struct tu_srv_ctx *c,
		       const char *id, struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct sub_list l = { NULL, NULL, 0, 0, false };
	struct traj_walk w = { json_object(), 0 };
	enum tu_status st;

	st = tu_store_event_each(c->store, id, 0, sub_one, &l, &err);
	if (!st && (l.oom || !w.by_topic))
		st = tu_err_set(&err, TU_ENOMEM, "out of memory");
	for (size_t i = 0; !st && i < l.n; i++) {
		w.at = l.at[i];
		st = tu_store_audit_each(c->store, l.seq[i], audit_one, &w,
					 &err);
	}
	if (st)
		tu_http_error_status(resp, st, &err);
	else
		tu_http_json(resp, 200, traj_json(&s->course, w.by_topic));
	json_decref(w.by_topic);
	free(l.seq);
	free(l.at);
}

TU_API_HANDLER(tu_api_learner_trajectory)
{
	struct tu_srv_ctx *c;
	char id[TU_ID_MAX];

	(void)req;
	(void)body;
	if (tu_api_learner(s, params, who, false, id, resp) ||
	    !(c = tu_api_ctx(s, resp)))
		return;
	trajectory(s, c, id, resp);
}
