/*
 * skill.c - the Skill Assessment agent (tutor/agents.h, docs/agents.md 1).
 *
 * On a submission it turns the judge's result (already inside the event)
 * into the attempt record of the item: attempts, failures, the failure
 * type, times and the solved flag; and it reports the verdict, a one-line
 * summary, the failing tests and, after an accepted submission only, the
 * code-review findings as suggestions (the paper: "when tests fail,
 * errors alone are surfaced").  It does not run code (the judge did) and
 * does not touch mastery (the profiler's part).  Pure: no I/O, no clock.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define AGENT "skill_assessment"

static uint32_t inc_sat(uint32_t v)
{
	return v < UINT32_MAX ? v + 1 : v;
}

/* Edits the attempt record of the submitted item in st. */
static enum tu_status record(const struct tu_ev_submission *s, int64_t now,
			     double solve_s, struct tu_learner_state *st,
			     struct tu_err *err)
{
	struct tu_item_progress *p;
	bool pass = s->verdict == TU_VERDICT_AC;
	enum tu_status rc = tu_learner_item_get(st, s->item, &p, err);

	if (rc)
		return rc;
	p->attempts = inc_sat(p->attempts);
	if (!pass && p->failures < p->attempts)
		p->failures++;
	p->last_failure = tu__failure_of(s->verdict);
	if (p->first_seen == TU_TIME_NONE)
		p->first_seen = now;
	if (solve_s >= 0.0)
		p->time_s += solve_s;
	p->last_attempt = now;
	p->opened = now;
	if (pass) {
		p->solved = true;
		if (p->solved_at == TU_TIME_NONE)
			p->solved_at = now;
	}
	return TU_OK;
}

static json_t *failing_list(const struct tu_ev_submission *s, bool *ok)
{
	json_t *a = json_array();

	if (!a) {
		*ok = false;
		return NULL;
	}
	for (size_t i = 0; i < s->n_failed; i++) {
		json_t *o = json_object();

		if (o) {
			tu__put(o, "name", tu__str(s->failed[i].name), ok);
			tu__put(o, "message", tu__str(s->failed[i].message), ok);
			tu__put(o, "hidden", json_boolean(s->failed[i].hidden), ok);
		}
		tu__push(a, o, ok);
	}
	return a;
}

static json_t *suggestions(const struct tu_ev_submission *s, bool *ok)
{
	json_t *a = json_array();

	if (!a) {
		*ok = false;
		return NULL;
	}
	for (size_t i = 0; s->verdict == TU_VERDICT_AC && i < s->n_findings;
	     i++) {
		json_t *o = json_object();

		if (o) {
			tu__put(o, "rule", tu__str(s->findings[i].rule), ok);
			tu__put(o, "line", json_integer(s->findings[i].line), ok);
			tu__put(o, "message", tu__str(s->findings[i].message), ok);
		}
		tu__push(a, o, ok);
	}
	return a;
}

static enum tu_status outputs(const struct tu_ev_submission *s,
			      double solve_s, const char *summary,
			      struct tu_agent_out *out, struct tu_err *err)
{
	bool ok = true;

	tu__put(out->json, "item", tu__str(s->item), &ok);
	tu__put(out->json, "verdict", json_string(tu_verdict_name(s->verdict)),
		&ok);
	tu__put(out->json, "passed", json_integer(s->passed), &ok);
	tu__put(out->json, "total", json_integer(s->total), &ok);
	tu__put(out->json, "summary", tu__str(summary), &ok);
	tu__put(out->json, "failing", failing_list(s, &ok), &ok);
	tu__put(out->json, "suggestions", suggestions(s, &ok), &ok);
	tu__put(out->json, "solve_s",
		solve_s >= 0.0 ? json_real(solve_s) : json_null(), &ok);
	return ok ? TU_OK : tu__nomem(AGENT, err);
}

enum tu_status tu_agent_skill_assessment(const struct tu_agent_ctx *ctx,
					 const struct tu_learner_state *in,
					 const struct tu_event_in *ev,
					 struct tu_learner_state *st,
					 struct tu_agent_out *out,
					 struct tu_err *err)
{
	const struct tu_ev_submission *s = &ev->u.sub;
	const struct tu_course_problem *p;
	char summary[TU__SUMMARY_MAX], why[TU__SUMMARY_MAX + 64];
	double solve_s;
	enum tu_status rc;

	if (ev->type != TU_EV_SUBMISSION)
		return tu__agent_refuse(AGENT, ev->type, err);
	rc = tu__agent_sub_check(AGENT, s, err);
	if (!rc)
		rc = tu__agent_problem(ctx, AGENT, s->item, &p, err);
	if (rc)
		return rc;
	solve_s = tu__solve_s(in, s->item, ctx->now);
	rc = record(s, ctx->now, solve_s, st, err);
	if (rc)
		return rc;
	tu__summary(s, summary, sizeof(summary));
	snprintf(why, sizeof(why), "submission judged %s: %s",
		 tu_verdict_name(s->verdict), summary);
	tu__reason_id(out, "items", s->item, why);
	return outputs(s, solve_s, summary, out, err);
}
