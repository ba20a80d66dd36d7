/*
 * step.c - one event through the agents, in memory (tu_orch_step).
 *
 * The pure half of the orchestrator: route the event, run each agent on
 * a copy of the state, turn the differences into audit records, refuse
 * any change an agent does not own or that breaks an invariant, then bump
 * the version.  No store, no clock; the same event on the same state
 * always gives the same state, outputs and audit (replay relies on it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orch_internal.h"
#include "tutor/orch.h"

#define TRY(x)                            \
	do {                              \
		enum tu_status st_ = (x); \
		if (st_)                  \
			return st_;       \
	} while (0)

/* ---- preferences (the orchestrator's own part) ------------------------ */

static enum tu_status apply_prefs(struct tu_learner_state *st,
				  const struct tu_ev_prefs *p,
				  struct tu_err *err)
{
	struct tu_preferences *q = &st->preferences;

	if (p->set & TU_PREF_SKILL)
		q->skill_level = p->skill_level;
	if (p->set & TU_PREF_LANGUAGE)
		snprintf(q->language, sizeof(q->language), "%s", p->language);
	if (p->set & TU_PREF_BUDGET)
		q->time_budget_min = p->time_budget_min;
	if (p->set & TU_PREF_SCHED)
		q->scheduler = p->scheduler;
	if (p->set & TU_PREF_UTC)
		q->utc_offset_min = p->utc_offset_min;
	if ((p->set & TU_PREF_NUDGES) && !p->nudges)
		TRY(tu_learner_opt_out_add(st, "nudges", err));
	if ((p->set & TU_PREF_NUDGES) && p->nudges)
		for (size_t i = 0; i < q->n_opt_outs; i++)
			if (strcmp(q->opt_outs[i], "nudges") == 0) {
				memmove(&q->opt_outs[i], &q->opt_outs[i + 1],
					(q->n_opt_outs - i - 1) *
						sizeof(q->opt_outs[0]));
				q->n_opt_outs--;
				break;
			}
	return TU_OK;
}

static enum tu_status step_prefs(struct tu_learner_state *st,
				 const char *learner,
				 const struct tu_event_in *ev,
				 struct tu__audit_list *audit,
				 struct tu_err *err)
{
	struct tu_learner_state before;
	struct tu_agent_out out;
	enum tu_status s;

	if (ev->type == TU_EV_LEARNER_CREATED && st->version != 0)
		return tu_err_set(err, TU_EINVAL, "learner '%s' already has "
				  "state (version %llu)", learner,
				  (unsigned long long)st->version);
	if (ev->type == TU_EV_PREFERENCES && st->version == 0)
		return tu_err_set(err, TU_EINVAL, "learner '%s' was never "
				  "created", learner);
	tu_learner_state_init(&before);
	TRY(tu_learner_state_copy(&before, st, err));
	memset(&out, 0, sizeof(out));
	snprintf(out.default_reason, sizeof(out.default_reason), "%s",
		 ev->type == TU_EV_LEARNER_CREATED ? "learner created"
						   : "preferences changed");
	s = tu_learner_set_string(st->learner_id, sizeof(st->learner_id),
				  learner, err);
	if (!s)
		s = apply_prefs(st, &ev->u.prefs, err);
	if (!s)
		s = tu__state_diff(&before, st, "orchestrator", &out, audit,
				   err);
	tu_learner_state_release(&before);
	return s;
}

/* ---- invariants across one agent's step -------------------------------- */

static enum tu_status check_items(const char *agent,
				  const struct tu_learner_state *a,
				  const struct tu_learner_state *b,
				  struct tu_err *err)
{
	for (size_t i = 0; i < a->n_items; i++) {
		const struct tu_item_progress *x = &a->items[i];
		const struct tu_item_progress *y =
			i < b->n_items && !strcmp(b->items[i].item, x->item) ?
				&b->items[i] : tu_learner_item_find(b, x->item);

		if (!y)
			return tu_err_set(err, TU_EINTERNAL, "agent %s removed "
					  "items[%s]", agent, x->item);
		if (y->attempts < x->attempts || y->failures < x->failures ||
		    y->hints_used < x->hints_used ||
		    (x->solved && !y->solved))
			return tu_err_set(err, TU_EINTERNAL, "agent %s moved "
					  "a counter of items[%s] backwards",
					  agent, x->item);
	}
	return TU_OK;
}

static enum tu_status check_monotone(const char *agent,
				     const struct tu_learner_state *a,
				     const struct tu_learner_state *b,
				     struct tu_err *err)
{
	if (b->version != a->version || strcmp(a->learner_id, b->learner_id))
		return tu_err_set(err, TU_EINTERNAL, "agent %s changed the "
				  "version or learner id", agent);
	for (size_t i = 0; i < a->n_topics; i++) {
		const struct tu_topic_state *x = &a->topics[i];
		const struct tu_topic_state *y =
			i < b->n_topics && !strcmp(b->topics[i].topic, x->topic) ?
				&b->topics[i] : tu_learner_topic_find(b, x->topic);

		if (!y || y->attempts < x->attempts ||
		    y->successes < x->successes)
			return tu_err_set(err, TU_EINTERNAL, "agent %s removed "
					  "topics[%s] or moved its counts "
					  "backwards", agent, x->topic);
	}
	for (size_t i = 0; i < a->n_misconceptions; i++) {
		const struct tu_misconception *x = &a->misconceptions[i];
		const struct tu_misconception *y =
			tu_learner_misconception_find(b, x->id);

		if (!y || y->count < x->count)
			return tu_err_set(err, TU_EINTERNAL, "agent %s removed "
					  "misconceptions[%s] or lowered its "
					  "count", agent, x->id);
	}
	return check_items(agent, a, b, err);
}

static enum tu_status check_owned(const char *agent,
				  const struct tu__audit_list *audit,
				  size_t from, struct tu_err *err)
{
	for (size_t i = from; i < audit->n; i++) {
		if (!tu__agent_owns(agent, audit->v[i].path))
			return tu_err_set(err, TU_EINTERNAL, "agent %s "
					  "changed %s, which it does not own "
					  "(%s -> %s)", agent,
					  audit->v[i].path, audit->v[i].before,
					  audit->v[i].after);
	}
	return TU_OK;
}

/* ---- one agent ---------------------------------------------------------- */

struct run {
	struct tu_orch *o;
	const struct tu_learner_state *orig; /* the state before the event */
	const struct tu_event_in *ev;
	struct tu_agent_ctx ctx;
	json_t *outputs;
	struct tu__audit_list *audit;
	struct tu_rng rng;           /* seeded per event, see mix_seed */
};

static enum tu_status validate_proposal(const char *agent,
					const struct tu_learner_state *in,
					const struct tu_learner_state *next,
					struct tu_err *err)
{
	struct tu_err e = TU_ERR_INIT;

	if (tu_learner_state_validate(next, &e))
		return tu_err_set(err, TU_EINTERNAL, "agent %s proposed an "
				  "invalid state: %s", agent, e.msg);
	return check_monotone(agent, in, next, err);
}

static enum tu_status run_agent(struct run *r, enum tu_agent a,
				struct tu_learner_state *st,
				struct tu_err *err)
{
	const char *name = tu_agent_name(a);
	struct tu_learner_state next;
	struct tu_agent_out out;
	size_t from = r->audit->n;
	enum tu_status s;

	TRY(tu_agent_out_init(&out, err));
	tu_learner_state_init(&next);
	s = tu_learner_state_copy(&next, st, err);
	if (!s)
		s = tu_agent_function(a)(&r->ctx, r->orig, r->ev, &next, &out,
					 err);
	if (!s)
		s = validate_proposal(name, st, &next, err);
	if (!s)
		s = tu__state_diff(st, &next, name, &out, r->audit, err);
	if (!s)
		s = check_owned(name, r->audit, from, err);
	if (!s && json_object_set(r->outputs, name, out.json))
		s = tu_err_set(err, TU_ENOMEM, "out of memory");
	if (!s)
		tu_learner_state_move(st, &next);
	tu_learner_state_release(&next);
	tu_agent_out_release(&out);
	return s;
}

static uint64_t mix_seed(uint64_t seed, const char *learner, uint64_t v)
{
	uint64_t h = seed ^ 0x9e3779b97f4a7c15ULL;

	for (const char *p = learner; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	return h ^ (v * 0xbf58476d1ce4e5b9ULL);
}

static enum tu_status run_route(struct run *r, struct tu_learner_state *st,
				const char *learner, struct tu_err *err)
{
	enum tu_agent agents[TU_AGENTS];
	size_t n = tu_agent_route(r->ev->type, agents);

	tu_rng_seed(&r->rng, mix_seed(r->o->seed, learner, st->version + 1));
	r->ctx.course = r->o->course;
	r->ctx.cfg = &r->o->cfg;
	r->ctx.now = r->ev->at;
	r->ctx.version = st->version + 1;
	r->ctx.pick = &r->o->pick;
	r->ctx.rng = &r->rng;
	if (st->version == 0)
		return tu_err_set(err, TU_EINVAL, "learner '%s' was never "
				  "created", learner);
	for (size_t i = 0; i < n; i++)
		if (!(r->o->cfg.disabled & TU_AGENT_BIT(agents[i])))
			TRY(run_agent(r, agents[i], st, err));
	return TU_OK;
}

/* ---- the step ------------------------------------------------------------ */

static enum tu_status finish(struct tu_learner_state *st,
			     const struct tu_event_in *ev, json_t *outputs,
			     char **out_json, struct tu_err *err)
{
	struct tu_err e = TU_ERR_INIT;

	st->version++;
	st->updated = ev->at;
	if (tu_learner_state_validate(st, &e))
		return tu_err_set(err, TU_EINTERNAL, "the new state is "
				  "invalid: %s", e.msg);
	if (json_object_set_new(outputs, "trigger",
				json_string(tu_event_trigger_name(ev->type))))
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	if (!out_json)
		return TU_OK;
	return tu_json_dump_take(json_incref(outputs),
				 JSON_COMPACT | JSON_SORT_KEYS, "outputs",
				 out_json, NULL, err);
}

static enum tu_status step_on(struct tu_orch *o, struct tu_learner_state *st,
			      const struct tu_learner_state *orig,
			      const char *learner,
			      const struct tu_event_in *ev, json_t *outputs,
			      struct tu__audit_list *audit, struct tu_err *err)
{
	struct run r;

	if ((unsigned)ev->type >= TU_EV_TYPES)
		return tu_err_set(err, TU_EINVAL, "invalid event type");
	if (ev->type == TU_EV_LEARNER_CREATED || ev->type == TU_EV_PREFERENCES)
		return step_prefs(st, learner, ev, audit, err);
	memset(&r, 0, sizeof(r));
	r.o = o;
	r.orig = orig;
	r.ev = ev;
	r.outputs = outputs;
	r.audit = audit;
	return run_route(&r, st, learner, err);
}

/* The step of tu_orch_step and tu_orch_step_json: outputs as text
 * (outputs non-NULL) and/or as a tree (tree non-NULL, a new reference). */
static enum tu_status step_core(struct tu_orch *o, struct tu_learner_state *st,
				const char *learner,
				const struct tu_event_in *ev, char **outputs,
				json_t **tree, struct tu_audit **audit,
				size_t *n_audit, struct tu_err *err)
{
	struct tu__audit_list list = { NULL, 0, 0 };
	struct tu_learner_state work;
	json_t *out = json_object();
	enum tu_status s;

	if (outputs)
		*outputs = NULL;
	if (!out)
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	tu_learner_state_init(&work);
	s = tu_learner_state_copy(&work, st, err);
	if (!s)
		s = step_on(o, &work, st, learner, ev, out, &list, err);
	if (!s)
		s = finish(&work, ev, out, outputs, err);
	if (!s && tree)
		*tree = json_incref(out);
	json_decref(out);
	if (!s) {
		tu_learner_state_move(st, &work);
		if (audit) {
			*audit = list.v;
			list.v = NULL;
		}
		if (n_audit)
			*n_audit = list.n;
	}
	tu__audit_list_release(&list);
	tu_learner_state_release(&work);
	return s;
}

enum tu_status tu_orch_step(struct tu_orch *o, struct tu_learner_state *st,
			    const char *learner, const struct tu_event_in *ev,
			    char **outputs, struct tu_audit **audit,
			    size_t *n_audit, struct tu_err *err)
{
	return step_core(o, st, learner, ev, outputs, NULL, audit, n_audit,
			 err);
}

enum tu_status tu_orch_step_json(struct tu_orch *o,
				 struct tu_learner_state *st,
				 const char *learner,
				 const struct tu_event_in *ev, json_t **outputs,
				 struct tu_err *err)
{
	*outputs = NULL;
	return step_core(o, st, learner, ev, NULL, outputs, NULL, NULL, err);
}
