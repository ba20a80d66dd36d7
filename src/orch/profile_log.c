/*
 * profile_log.c - tu_orch_profile (tutor/orch.h): the learner's profile
 * (tutor/profile.h) from a state and the "ask" events of the learner's
 * log, for `tutor state profile` and GET /api/learners/:id/profile.
 *
 * What it is not: the pipeline itself (src/pedagogy/profile.c); nothing
 * is written.
 */
#include <stdlib.h>
#include <string.h>

#include "tutor/orch.h"

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

enum tu_status tu_orch_profile(struct tu_store *store,
			       const struct tu_course *course,
			       const char *learner,
			       const struct tu_learner_state *st, int64_t now,
			       struct tu_profile *out, struct tu_err *err)
{
	struct tu_profile_input in;
	struct asks a;
	enum tu_status rc;

	memset(&a, 0, sizeof(a));
	memset(&in, 0, sizeof(in));
	rc = tu_store_event_each(store, learner, 0, keep_ask, &a, err);
	if (!rc && (a.oom || a.err.msg[0]))
		rc = a.oom ? tu_err_set(err, TU_ENOMEM, "out of memory") :
		     tu_err_set(err, TU_ECORRUPT, "%s", a.err.msg);
	if (!rc) {
		in.st = st;
		in.course = course;
		in.events = a.v;
		in.n_events = a.n;
		in.now = now;
		rc = tu_profile_compute(&in, out, err);
	}
	free(a.v);
	return rc;
}
