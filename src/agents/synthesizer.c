/*
 * synthesizer.c - the Progress Synthesizer agent (tutor/agents.h,
 * docs/agents.md 3): spaced repetition over the review queue.
 *
 * On a submission it reviews the item's entry with SM-2 (the context-aware
 * IntelliCode variant, tutor/srs.h) or FSRS-6 (tutor/fsrs.h), whichever
 * the learner's preferences name; a first solve adds the item to the
 * queue.  On review_due it lists the due reviews with their predicted
 * recall and prepones (due = now) the not-yet-due ones whose recall has
 * already fallen below the configured minimum.  It edits only reviews[].
 * Pure: no I/O, no clock.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define AGENT "progress_synthesizer"
#define MAX_DAYS 36500.0

/* ---- on a submission ---------------------------------------------------- */

struct attempt {
	bool pass;
	uint32_t hints;
	double solve_s, expected_s, passed_fraction;
};

/* FSRS grade: fail Again; heavy hints or slow Hard; fast and hint-free
 * Easy; else Good (docs/agents.md 3). */
static int fsrs_grade(const struct attempt *a)
{
	bool timed = a->solve_s >= 0.0 && a->expected_s > 0.0;

	if (!a->pass)
		return TU_FSRS_AGAIN;
	if (a->hints >= 2 || (timed && a->solve_s > 2.0 * a->expected_s))
		return TU_FSRS_HARD;
	if (a->hints == 0 && timed && a->solve_s <= a->expected_s)
		return TU_FSRS_EASY;
	return TU_FSRS_GOOD;
}

static enum tu_status sm2(const struct tu_agent_ctx *ctx,
			  const struct attempt *at, struct tu_review_item *r,
			  json_t *o, struct tu_agent_out *out, bool *ok,
			  struct tu_err *err)
{
	struct tu_sm2_attempt a = {
		at->pass ? TU_ATTEMPT_SOLVED : TU_ATTEMPT_FAILED, at->hints,
		at->solve_s, at->expected_s, at->passed_fraction };
	struct tu_sm2_result res;
	json_t *why = json_array();
	char text[256];
	enum tu_status rc = tu_sm2_review(&ctx->cfg->sm2, r, &a, ctx->now,
					  &res, err);

	if (rc) {
		json_decref(why);
		return rc;
	}
	for (size_t i = 0; i < res.n_reasons; i++)
		tu__push(why, json_string(res.reasons[i].text), ok);
	tu__put(o, "scheduler", json_string("sm2"), ok);
	tu__put(o, "q", json_integer(res.q), ok);
	tu__put(o, "ease_factor", tu__real(res.ef), ok);
	tu__put(o, "recall_at_due", tu__real(res.recall_at_due), ok);
	tu__put(o, "reasons", why, ok);
	snprintf(text, sizeof(text), "sm2 review q=%d: next in %.0f days",
		 res.q, res.interval_days);
	tu__reason_id(out, "reviews", r->item, text);
	return TU_OK;
}

static enum tu_status fsrs(const struct tu_agent_ctx *ctx,
			   const struct attempt *at, struct tu_review_item *r,
			   json_t *o, struct tu_agent_out *out, bool *ok,
			   struct tu_err *err)
{
	int g = fsrs_grade(at);
	char text[256];
	enum tu_status rc = tu_fsrs_review(&ctx->cfg->fsrs, r, g, ctx->now,
					   ctx->cfg->fsrs_retention, MAX_DAYS,
					   err);

	if (rc)
		return rc;
	tu__put(o, "scheduler", json_string("fsrs"), ok);
	tu__put(o, "grade", json_integer(g), ok);
	tu__put(o, "stability", tu__real(r->stability), ok);
	tu__put(o, "difficulty", tu__real(r->difficulty), ok);
	snprintf(text, sizeof(text), "fsrs review grade %d: next in %.0f days",
		 g, r->interval_days);
	tu__reason_id(out, "reviews", r->item, text);
	return TU_OK;
}

/* The item's review entry; a first solve adds one (*added).  NULL with
 * TU_OK when the item has none and this attempt failed. */
static enum tu_status entry(const struct tu_course_problem *p, bool pass,
			    struct tu_learner_state *st,
			    struct tu_review_item **out, bool *added,
			    struct tu_err *err)
{
	struct tu_review_item r;

	*added = false;
	*out = tu_learner_review_find(st, p->id);
	if (*out || !pass)
		return TU_OK;
	tu_learner_review_init(&r);
	memcpy(r.item, p->id, sizeof(r.item));
	for (size_t i = 0; i < p->n_topics && i < TU_ITEM_TOPICS_MAX; i++)
		memcpy(r.topics[r.n_topics++], p->topics[i], TU_ID_MAX);
	*added = true;
	return tu_learner_review_add(st, &r, out, err);
}

static void fill_attempt(const struct tu_agent_ctx *ctx,
			 const struct tu_learner_state *in,
			 const struct tu_learner_state *st,
			 const struct tu_ev_submission *s,
			 const struct tu_course_problem *p, struct attempt *a)
{
	const struct tu_item_progress *ip = tu_learner_item_find(st, s->item);

	a->pass = s->verdict == TU_VERDICT_AC;
	a->hints = ip ? ip->hints_used : 0;
	a->solve_s = tu__solve_s(in, s->item, ctx->now);
	a->expected_s = tu__expected_s(p);
	a->passed_fraction = s->total ? (double)s->passed / (double)s->total :
				       0.0;
}

static enum tu_status on_submission(const struct tu_agent_ctx *ctx,
				    const struct tu_learner_state *in,
				    const struct tu_ev_submission *s,
				    struct tu_learner_state *st,
				    struct tu_agent_out *out,
				    struct tu_err *err)
{
	const struct tu_course_problem *p;
	struct tu_review_item *r;
	struct attempt a;
	bool ok = true, added;
	json_t *o;
	enum tu_status rc = tu__agent_problem(ctx, AGENT, s->item, &p, err);

	if (!rc)
		rc = entry(p, s->verdict == TU_VERDICT_AC, st, &r, &added, err);
	if (rc || !r) {
		if (!rc && json_object_set_new(out->json, "review", json_null()))
			rc = tu__nomem(AGENT, err);
		return rc;
	}
	fill_attempt(ctx, in, st, s, p, &a);
	o = json_object();
	if (!o)
		return tu__nomem(AGENT, err);
	if (st->preferences.scheduler == TU_SCHED_FSRS)
		rc = fsrs(ctx, &a, r, o, out, &ok, err);
	else
		rc = sm2(ctx, &a, r, o, out, &ok, err);
	tu__put(o, "item", tu__str(r->item), &ok);
	tu__put(o, "added", json_boolean(added), &ok);
	tu__put(o, "interval_days", tu__real(r->interval_days), &ok);
	tu__put(o, "due", tu__time(r->due), &ok);
	tu__put(out->json, "review", o, &ok);
	if (!rc && !ok)
		rc = tu__nomem(AGENT, err);
	return rc;
}

/* ---- on review_due ------------------------------------------------------ */

/* Predicted recall of r now: FSRS when the learner uses it and r has an
 * FSRS state, else SM-2 (eq. 13). */
double tu_agent_recall_now(const struct tu_agent_config *cfg,
			   const struct tu_learner_state *st,
			   const struct tu_review_item *r, int64_t now)
{
	double t = 0.0;

	if (r->last_review != TU_TIME_NONE && now > r->last_review)
		t = (double)(now - r->last_review) / TU__DAY_S;
	if (st->preferences.scheduler == TU_SCHED_FSRS && r->stability > 0.0)
		return tu_fsrs_recall(&cfg->fsrs, t, r->stability);
	return tu_sm2_recall(&cfg->sm2, r, t);
}

static double recall_now(const struct tu_agent_ctx *ctx,
			 const struct tu_learner_state *st,
			 const struct tu_review_item *r)
{
	return tu_agent_recall_now(ctx->cfg, st, r, ctx->now);
}

static void due_entry(const struct tu_agent_ctx *ctx,
		      const struct tu_review_item *r, double recall,
		      json_t *list, bool *ok)
{
	json_t *e = json_object();

	if (e) {
		tu__put(e, "item", tu__str(r->item), ok);
		tu__put(e, "due", tu__time(r->due), ok);
		tu__put(e, "days_overdue",
			tu__real((double)(ctx->now - r->due) / TU__DAY_S), ok);
		tu__put(e, "recall", tu__real(recall), ok);
	}
	tu__push(list, e, ok);
}

static void prepone(const struct tu_agent_ctx *ctx, struct tu_review_item *r,
		    double recall, json_t *list, struct tu_agent_out *out,
		    bool *ok)
{
	json_t *e = json_object();
	char text[128];

	if (e) {
		tu__put(e, "item", tu__str(r->item), ok);
		tu__put(e, "was_due", tu__time(r->due), ok);
		tu__put(e, "recall", tu__real(recall), ok);
	}
	tu__push(list, e, ok);
	r->due = ctx->now;
	snprintf(text, sizeof(text), "recall %.2f < %.2f: preponed", recall,
		 ctx->cfg->review_recall_min);
	tu__reason_id(out, "reviews", r->item, text);
}

static enum tu_status on_review_due(const struct tu_agent_ctx *ctx,
				    struct tu_learner_state *st,
				    struct tu_agent_out *out,
				    struct tu_err *err)
{
	json_t *due = json_array(), *pre = json_array();
	bool ok = true;

	for (size_t i = 0; i < st->n_reviews; i++) {
		struct tu_review_item *r = &st->reviews[i];
		double recall;

		if (r->due == TU_TIME_NONE)
			continue;
		recall = recall_now(ctx, st, r);
		if (r->due <= ctx->now)
			due_entry(ctx, r, recall, due, &ok);
		else if (recall < ctx->cfg->review_recall_min)
			prepone(ctx, r, recall, pre, out, &ok);
	}
	tu__put(out->json, "due", due, &ok);
	tu__put(out->json, "preponed", pre, &ok);
	tu__put(out->json, "scheduler",
		json_string(tu_scheduler_name(st->preferences.scheduler)), &ok);
	return ok ? TU_OK : tu__nomem(AGENT, err);
}

enum tu_status tu_agent_progress_synthesizer(const struct tu_agent_ctx *ctx,
					     const struct tu_learner_state *in,
					     const struct tu_event_in *ev,
					     struct tu_learner_state *st,
					     struct tu_agent_out *out,
					     struct tu_err *err)
{
	enum tu_status rc;

	if (ev->type == TU_EV_REVIEW_DUE)
		return on_review_due(ctx, st, out, err);
	if (ev->type != TU_EV_SUBMISSION)
		return tu__agent_refuse(AGENT, ev->type, err);
	rc = tu__agent_sub_check(AGENT, &ev->u.sub, err);
	if (rc)
		return rc;
	return on_submission(ctx, in, &ev->u.sub, st, out, err);
}
