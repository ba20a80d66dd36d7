/*
 * replay.c - a study plan's run rebuilt from the event log
 * (tu_plan_open) and a learner's plans listed (tu_plan_list).  The
 * learner's "plan" events are read in seq order: the start record
 * rebuilds the plan (tu_plan_parse of its JSON) and the executor, each
 * step record goes through tu_plan_exec_complete exactly as when it was
 * run, the end record sets the status.  A record that does not fit is
 * TU_ECORRUPT naming the event.  Reads only; writes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planrun_internal.h"
#include "tutor/store.h"

/* ---- applying one record ----------------------------------------------------- */

static enum tu_status apply_start(struct tu_plan_session *s,
				  const struct tu_ev_plan *r, uint64_t seq,
				  int64_t at, struct tu_err *err)
{
	struct tu_err e2 = TU_ERR_INIT;

	if (s->open)
		return tu_err_set(err, TU_ECORRUPT, "event %llu: plan %s "
				  "starts twice", (unsigned long long)seq,
				  r->plan_id);
	if (pr_setup(s, r->plan_json, r->plan_len, &e2)) {
		tu_plan_session_release(s);
		return tu_err_set(err, e2.code == TU_ENOMEM ? TU_ENOMEM :
				  TU_ECORRUPT, "event %llu: %s",
				  (unsigned long long)seq, e2.msg);
	}
	pr_copy(s->plan_id, sizeof(s->plan_id), r->plan_id);
	pr_copy(s->item, sizeof(s->item), r->item);
	pr_copy(s->planner, sizeof(s->planner), r->planner);
	pr_copy(s->status, sizeof(s->status), "active");
	s->started = at;
	s->start_seq = seq;
	return TU_OK;
}

static enum tu_status apply_step(struct tu_plan_session *s,
				 const struct tu_ev_plan *r, uint64_t seq,
				 int64_t at, struct tu_err *err)
{
	struct tu_err e2 = TU_ERR_INIT;
	size_t i = tu_plan_exec_find(&s->exec, r->step);

	if (i == SIZE_MAX)
		return tu_err_set(err, TU_ECORRUPT, "event %llu: plan %s has "
				  "no step '%s'", (unsigned long long)seq,
				  s->plan_id, r->step);
	if (pr_complete(s, i, r, at, &e2))
		return tu_err_set(err, e2.code == TU_ENOMEM ? TU_ENOMEM :
				  TU_ECORRUPT, "event %llu: %s",
				  (unsigned long long)seq, e2.msg);
	return TU_OK;
}

enum tu_status pr_apply(struct tu_plan_session *s, const struct tu_ev_plan *r,
			uint64_t seq, int64_t at, struct tu_err *err)
{
	if (r->kind == TU_PLAN_EV_START)
		return apply_start(s, r, seq, at, err);
	if (!s->open)
		return tu_err_set(err, TU_ECORRUPT, "event %llu: a record of "
				  "plan %s before its start",
				  (unsigned long long)seq, r->plan_id);
	if (strcmp(s->status, "active") != 0)
		return tu_err_set(err, TU_ECORRUPT, "event %llu: a record of "
				  "plan %s after its end",
				  (unsigned long long)seq, s->plan_id);
	if (r->kind == TU_PLAN_EV_STEP)
		return apply_step(s, r, seq, at, err);
	pr_copy(s->status, sizeof(s->status), r->status);
	s->ended = at;
	return TU_OK;
}

/* ---- reading the log ------------------------------------------------------------ */

/* What a walk over the log needs: one decoded event at a time. */
struct walk {
	struct tu_event_in ev;
	enum tu_status rc;
	struct tu_err err;
	void *user;
	enum tu_status (*fn)(void *user, const struct tu_ev_plan *r,
			     uint64_t seq, int64_t at, struct tu_err *err);
};

static int walk_one(const struct tu_event *e, void *ctx)
{
	struct walk *w = ctx;

	if (strcmp(e->type, "plan") != 0)
		return 0;
	if (tu_event_payload_decode(TU_EV_PLAN, e->at, e->payload,
				    e->payload_len, &w->ev, &w->err)) {
		w->rc = tu_err_set(&w->err, TU_ECORRUPT, "event %llu: %s",
				   (unsigned long long)e->seq, w->err.msg);
		return 1;
	}
	w->rc = w->fn(w->user, &w->ev.u.plan, e->seq, e->at, &w->err);
	return w->rc != TU_OK;
}

/* Calls w->fn for each "plan" record of learner in seq order. */
static enum tu_status walk_plans(struct tu_store *store, const char *learner,
				 struct walk *w, struct tu_err *err)
{
	enum tu_status rc;

	tu_event_in_init(&w->ev);
	w->rc = TU_OK;
	tu_err_clear(&w->err);
	rc = tu_store_event_each(store, learner, 0, walk_one, w, err);
	tu_event_in_release(&w->ev);
	if (!rc && w->rc)
		rc = tu_err_set(err, w->rc, "%s", w->err.msg);
	return rc;
}

/* ---- open --------------------------------------------------------------------------- */

struct one_plan {
	struct tu_plan_session *s;
	const char *plan_id;
};

static enum tu_status keep_one(void *user, const struct tu_ev_plan *r,
			       uint64_t seq, int64_t at, struct tu_err *err)
{
	struct one_plan *o = user;

	if (strcmp(r->plan_id, o->plan_id) != 0)
		return TU_OK;
	return pr_apply(o->s, r, seq, at, err);
}

enum tu_status tu_plan_open(const struct tu_plan_env *env,
			    const char *learner, const char *plan_id,
			    struct tu_plan_session *out, struct tu_err *err)
{
	struct one_plan o = { out, plan_id };
	struct walk w;
	enum tu_status rc;

	tu_plan_session_init(out);
	if (!env || !env->store || !learner || !plan_id ||
	    strlen(learner) >= TU_ID_MAX)
		return tu_err_set(err, TU_EINVAL, "plan open: missing "
				  "argument");
	pr_copy(out->learner, sizeof(out->learner), learner);
	memset(&w, 0, sizeof(w));
	w.user = &o;
	w.fn = keep_one;
	rc = walk_plans(env->store, learner, &w, err);
	if (!rc && !out->open)
		rc = tu_err_set(err, TU_ENOTFOUND, "learner '%s' has no plan "
				"'%s'", learner, plan_id);
	if (rc)
		tu_plan_session_release(out);
	if (!rc) {
		pr_copy(out->learner, sizeof(out->learner), learner);
		out->course = env->course;
	}
	return rc;
}

/* ---- list ------------------------------------------------------------------------------ */

struct all_plans {
	struct tu_plan_session *s[TU_PLAN_RUN_PLANS_MAX];
	size_t n;
};

static struct tu_plan_session *find_plan(struct all_plans *a, const char *id)
{
	for (size_t k = 0; k < a->n; k++)
		if (strcmp(a->s[k]->plan_id, id) == 0)
			return a->s[k];
	return NULL;
}

static enum tu_status keep_all(void *user, const struct tu_ev_plan *r,
			       uint64_t seq, int64_t at, struct tu_err *err)
{
	struct all_plans *a = user;
	struct tu_plan_session *s = find_plan(a, r->plan_id);

	if (!s && a->n == TU_PLAN_RUN_PLANS_MAX)
		return TU_OK;   /* the list is full: later plans are left out */
	if (!s && r->kind != TU_PLAN_EV_START)
		return tu_err_set(err, TU_ECORRUPT, "event %llu: a record of "
				  "plan %s before its start",
				  (unsigned long long)seq, r->plan_id);
	if (!s) {
		s = malloc(sizeof(*s));
		if (!s)
			return tu_err_set(err, TU_ENOMEM, "out of memory");
		tu_plan_session_init(s);
		a->s[a->n++] = s;
	}
	return pr_apply(s, r, seq, at, err);
}

static void summarize(const struct tu_plan_session *s,
		      struct tu_plan_summary *out)
{
	memset(out, 0, sizeof(*out));
	pr_copy(out->plan_id, sizeof(out->plan_id), s->plan_id);
	pr_copy(out->query, sizeof(out->query), s->plan.input.query);
	pr_copy(out->status, sizeof(out->status), s->status);
	out->started = s->started;
	out->ended = s->ended;
	out->steps = s->plan.n_steps;
	out->resolved = s->exec.resolved;
}

enum tu_status tu_plan_list(struct tu_store *store, const char *learner,
			    struct tu_plan_summary **out, size_t *n,
			    struct tu_err *err)
{
	struct all_plans *a = calloc(1, sizeof(*a));
	struct walk w;
	enum tu_status rc;

	*out = NULL;
	*n = 0;
	if (!a)
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	memset(&w, 0, sizeof(w));
	w.user = a;
	w.fn = keep_all;
	rc = walk_plans(store, learner, &w, err);
	if (!rc && a->n > 0) {
		*out = calloc(a->n, sizeof(**out));
		if (!*out)
			rc = tu_err_set(err, TU_ENOMEM, "out of memory");
	}
	for (size_t k = 0; k < a->n; k++) {
		if (!rc)
			summarize(a->s[k], &(*out)[k]);
		tu_plan_session_release(a->s[k]);
		free(a->s[k]);
	}
	if (!rc)
		*n = a->n;
	free(a);
	return rc;
}
