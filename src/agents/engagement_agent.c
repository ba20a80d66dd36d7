/*
 * engagement_agent.c - the Engagement Orchestrator agent (tutor/agents.h,
 * docs/agents.md 6): supportive, rate-limited nudges.
 *
 * On a session check it decides a nudge with the engagement rules
 * (tutor/engagement.h) before recording the visit, so that inactivity and
 * broken streaks are judged on the time before this visit.  For a failure
 * streak it proposes an easier problem: the easiest problem of a lower
 * difficulty sharing a topic with the most recently failed unsolved item.
 * It does not send anything and does not pick the session's problems (the
 * curator does).  Pure: no I/O, no clock.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define AGENT "engagement_orchestrator"

/* The most recently attempted unsolved item with a failure that the
 * course has (ties: the smaller id); NULL when none. */
static const struct tu_course_problem *
last_failed(const struct tu_agent_ctx *ctx, const struct tu_learner_state *st)
{
	const struct tu_item_progress *best = NULL;
	const struct tu_course_problem *bp = NULL;

	for (size_t i = 0; i < st->n_items; i++) {
		const struct tu_item_progress *ip = &st->items[i];
		const struct tu_course_problem *p;

		if (ip->solved || ip->failures == 0 ||
		    ip->last_attempt == TU_TIME_NONE)
			continue;
		p = tu_course_problem_find(ctx->course, ip->item);
		if (!p)
			continue;
		if (!best || ip->last_attempt > best->last_attempt ||
		    (ip->last_attempt == best->last_attempt &&
		     strcmp(ip->item, best->item) < 0)) {
			best = ip;
			bp = p;
		}
	}
	return bp;
}

/* The index of a topic of p that q shares, or -1. */
static long shared_topic(const struct tu_course_problem *p,
			 const struct tu_course_problem *q)
{
	for (size_t i = 0; i < p->n_topics; i++)
		for (size_t j = 0; j < q->n_topics; j++)
			if (strcmp(p->topics[i], q->topics[j]) == 0)
				return (long)i;
	return -1;
}

/* The easiest lower-difficulty problem sharing a topic with f (first by
 * id among equals: problems are sorted by id); *topic the shared one. */
static const struct tu_course_problem *
easier(const struct tu_course *c, const struct tu_course_problem *f,
       const char **topic)
{
	const struct tu_course_problem *best = NULL;

	for (size_t i = 0; i < c->n_problems; i++) {
		const struct tu_course_problem *q = &c->problems[i];
		long t;

		if (q->difficulty >= f->difficulty)
			continue;
		t = shared_topic(f, q);
		if (t < 0 || (best && q->difficulty >= best->difficulty))
			continue;
		best = q;
		*topic = f->topics[t];
	}
	return best;
}

static enum tu_status outputs(const struct tu_nudge *n,
			      const struct tu_course_problem *ez,
			      struct tu_agent_out *out, struct tu_err *err)
{
	json_t *o = json_object();
	bool ok = true;

	if (o) {
		tu__put(o, "code", json_string(n->code), &ok);
		tu__put(o, "sent", json_boolean(n->kind != TU_NUDGE_NONE), &ok);
		tu__put(o, "text", tu__str(n->text), &ok);
		tu__put(o, "suppressed", n->suppressed ?
			json_string(n->suppressed) : json_null(), &ok);
		tu__put(o, "easier_item", ez ? tu__str(ez->id) : json_null(),
			&ok);
	}
	tu__put(out->json, "nudge", o, &ok);
	return ok ? TU_OK : tu__nomem(AGENT, err);
}

enum tu_status tu_agent_engagement_orchestrator(const struct tu_agent_ctx *ctx,
						const struct tu_learner_state *in,
						const struct tu_event_in *ev,
						struct tu_learner_state *st,
						struct tu_agent_out *out,
						struct tu_err *err)
{
	const struct tu_course_problem *f, *ez = NULL;
	struct tu_nudge_context nctx = { NULL, NULL };
	struct tu_engage_config ecfg;
	struct tu_activity visit = { ctx->now, TU_ACT_VISIT };
	struct tu_nudge n;
	enum tu_status rc;

	(void)in;
	if (ev->type != TU_EV_SESSION_CHECK)
		return tu__agent_refuse(AGENT, ev->type, err);
	f = last_failed(ctx, st);
	if (f) {
		nctx.topic = f->n_topics ? f->topics[0] : NULL;
		ez = easier(ctx->course, f, &nctx.topic);
		nctx.easier_item = ez ? (ez->title[0] ? ez->title : ez->id) : NULL;
	}
	tu__engage_cfg(ctx->cfg, st, &ecfg);
	rc = tu_engage_nudge(&st->engagement, &st->preferences, &ecfg, &nctx,
			     ctx->now, &n, &st->engagement, err);
	if (!rc)
		rc = tu_engage_record(&st->engagement, &visit, &ecfg,
				      &st->engagement, err);
	if (rc)
		return rc;
	tu_agent_out_reason(out, "engagement", "session check: nudge %s%s%s; "
			    "visit recorded", n.code,
			    n.kind != TU_NUDGE_NONE ? " sent" : "",
			    n.suppressed ? " suppressed" : "");
	return outputs(&n, ez, out, err);
}
