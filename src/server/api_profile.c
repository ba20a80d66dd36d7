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

/* The profile as JSON into *out; -1 with resp set on failure. */
static int profile_json(struct tu_srv *s, struct tu_srv_ctx *c,
			const char *learner, const struct tu_learner_state *st,
			int64_t now, json_t **out, struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_profile p;
	enum tu_status rc;

	tu_profile_init(&p);
	rc = tu_orch_profile(c->store, &s->course, learner, st, now, &p, &err);
	if (!rc)
		rc = tu_profile_to_json(&p, out, &err);
	if (rc)
		tu_api_status_error(resp, rc, &err);
	tu_profile_release(&p);
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
