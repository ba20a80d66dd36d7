/*
 * api_profile.c - GET /api/learners/:id/profile (docs/api.md "A
 * learner"): the learner's profile (tutor/profile.h, docs/goals.md)
 * computed on demand from the stored state and the "ask" events of the
 * learner's log, at the request's time.  Authorisation as the state
 * endpoint: the learner themself or an instructor of one of their
 * cohorts.
 *
 * What it is not: no state change and no model call (the pipeline's
 * semantic hook is left empty; the log holds no learner text, only the
 * fact and subject of each question).
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "tutor/profile.h"

struct asks {
	struct tu_event_in *v;
	size_t n, cap;
	bool oom;
	struct tu_err err;
};

/* Keeps the "ask" assist events (the first TU_PROFILE_EVENTS_MAX). */
static int keep_ask(const struct tu_event *ev, void *ctx)
{
	struct asks *a = ctx;
	struct tu_event_in in;

	if (strcmp(ev->type, "assist") != 0 || a->n == TU_PROFILE_EVENTS_MAX)
		return 0;
	tu_event_in_init(&in);
	if (tu_event_payload_decode(TU_EV_ASSIST, ev->at, ev->payload,
				    ev->payload_len, &in, &a->err))
		return 1;
	if (strcmp(in.u.assist.use, "ask") != 0) {
		tu_event_in_release(&in);
		return 0;
	}
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;
		void *p = realloc(a->v, cap * sizeof(*a->v));

		if (!p) {
			a->oom = true;
			return 1;
		}
		a->v = p;
		a->cap = cap;
	}
	a->v[a->n++] = in;
	return 0;
}

/* The profile as JSON into *out; -1 with resp set on failure. */
static int profile_json(struct tu_srv *s, struct tu_srv_ctx *c,
			const char *learner, const struct tu_learner_state *st,
			int64_t now, json_t **out, struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_profile_input in;
	struct tu_profile p;
	struct asks a;
	enum tu_status rc;

	memset(&a, 0, sizeof(a));
	memset(&in, 0, sizeof(in));
	tu_profile_init(&p);
	rc = tu_store_event_each(c->store, learner, 0, keep_ask, &a, &err);
	if (!rc && (a.oom || a.err.msg[0]))
		rc = a.oom ? tu_err_set(&err, TU_ENOMEM, "out of memory") :
		     tu_err_set(&err, TU_ECORRUPT, "%s", a.err.msg);
	if (!rc) {
		in.st = st;
		in.course = &s->course;
		in.events = a.v;
		in.n_events = a.n;
		in.now = now;
		rc = tu_profile_compute(&in, &p, &err);
	}
	if (!rc)
		rc = tu_profile_to_json(&p, out, &err);
	if (rc)
		tu_api_status_error(resp, rc, &err);
	tu_profile_release(&p);
	free(a.v);
	return rc ? -1 : 0;
}

TU_API_HANDLER(tu_api_learner_profile)
{
	struct tu_learner_state st;
	struct tu_srv_ctx *c;
	char id[TU_ID_MAX];
	json_t *o = NULL;

	(void)body;
	if (tu_api_learner(s, params, who, false, id, resp) ||
	    !(c = tu_api_ctx(s, resp)))
		return;
	tu_learner_state_init(&st);
	if (tu_api_load_state(c, id, &st, resp) == 0 &&
	    profile_json(s, c, id, &st, req->now, &o, resp) == 0)
		tu_http_json(resp, 200, o);
	tu_learner_state_release(&st);
}
