/*
 * curator.c - the Content Curator agent (tutor/agents.h, docs/agents.md
 * 5): what to work on next.
 *
 * It runs the 40/50/10 picker (tutor/curriculum.h) over the course's
 * problems with the no-repeat window built from solved items.  On a
 * session check and on review_due it offers the picks (marking them
 * picked and opening a fresh attempt); on daily_generation it stores the
 * day's plan in st->daily without marking anything.  It does not change
 * mastery or reviews.  Pure: no I/O, no clock; randomness only through
 * ctx->rng.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define AGENT "content_curator"

/* True when item has a review that is due at now. */
static bool review_due(const struct tu_learner_state *st, const char *item,
		       int64_t now)
{
	const struct tu_review_item *r = tu_learner_review_find(st, item);

	return r && r->due != TU_TIME_NONE && r->due <= now;
}

/* The no-repeat window: solved items at their last attempt (unsolved
 * items stay eligible for a retry, and a due review is a deliberate
 * repeat).  *out is new (free()); NULL with n 0 when there is none. */
static enum tu_status recent_list(const struct tu_learner_state *st,
				  int64_t now, struct tu_recent **out,
				  size_t *n, struct tu_err *err)
{
	struct tu_recent *r;

	*out = NULL;
	*n = 0;
	if (st->n_items == 0)
		return TU_OK;
	r = malloc(st->n_items * sizeof(*r));
	if (!r)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", AGENT);
	for (size_t i = 0; i < st->n_items && *n < TU_CUR_RECENT_MAX; i++) {
		const struct tu_item_progress *p = &st->items[i];

		if (!p->solved || p->last_attempt == TU_TIME_NONE ||
		    review_due(st, p->item, now))
			continue;
		memcpy(r[*n].item, p->item, TU_ID_MAX);
		r[(*n)++].at = p->last_attempt;
	}
	*out = r;
	return TU_OK;
}

static enum tu_status pick(const struct tu_agent_ctx *ctx,
			   const struct tu_learner_state *st, size_t k,
			   struct tu_pick_list *list, struct tu_err *err)
{
	struct tu_pick_request req;
	struct tu_recent *recent;
	size_t n;
	enum tu_status rc;

	if (ctx->cfg->policy != TU_POLICY_CURATOR)
		return tu__pick_policy(ctx, st, k, list, err);
	rc = recent_list(st, ctx->now, &recent, &n, err);
	if (rc)
		return rc;
	req.state = st;
	req.recent = recent;
	req.n_recent = n;
	req.now = ctx->now;
	req.k = k;
	req.rng = ctx->rng;
	rc = tu_curator_pick(ctx->pick, &ctx->cfg->curator, &req, list, err);
	free(recent);
	if (!rc)
		rc = tu__frontier_fill(ctx, st, k, list, err);
	return rc;
}

enum tu_status tu__curator_candidates(const struct tu_agent_ctx *ctx,
				      const struct tu_learner_state *st,
				      size_t k, struct tu_pick_list *list,
				      struct tu_err *err)
{
	struct tu_agent_ctx c = *ctx;
	struct tu_agent_config cfg = *ctx->cfg;

	cfg.policy = TU_POLICY_CURATOR;
	c.cfg = &cfg;
	return pick(&c, st, k, list, err);
}

static json_t *pick_json(const struct tu_agent_ctx *ctx,
			 const struct tu_pick *pk, bool *ok)
{
	const struct tu_course_problem *p =
		tu_course_problem_find(ctx->course, pk->item);
	json_t *o = json_object();

	if (!o)
		return NULL;
	tu__put(o, "item", tu__str(pk->item), ok);
	tu__put(o, "title", tu__str(p ? p->title : ""), ok);
	tu__put(o, "bucket", json_string(tu_bucket_name(pk->reason.bucket)), ok);
	tu__put(o, "code", json_string(pk->reason.code), ok);
	tu__put(o, "topic", tu__str(pk->reason.topic), ok);
	tu__put(o, "mastery", tu__real(pk->reason.mastery), ok);
	tu__put(o, "text", tu__str(pk->reason.text), ok);
	return o;
}

static void list_json(const struct tu_agent_ctx *ctx,
		      const struct tu_pick_list *list, const char *key,
		      json_t *dst, bool *ok)
{
	json_t *a = json_array();

	for (size_t i = 0; i < list->n; i++)
		tu__push(a, pick_json(ctx, &list->picks[i], ok), ok);
	tu__put(dst, key, a, ok);
	tu__put(dst, "shortfall", json_string(list->shortfall), ok);
	tu__put(dst, "shortfall_text", tu__str(list->shortfall_text), ok);
}

/* Marks the picks offered: last_picked = now, first_seen if never, and a
 * fresh attempt (opened = now) unless one is open since the last
 * submission. */
static enum tu_status mark(const struct tu_agent_ctx *ctx,
			   const struct tu_pick_list *list,
			   struct tu_learner_state *st,
			   struct tu_agent_out *out, struct tu_err *err)
{
	char why[256];

	for (size_t i = 0; i < list->n; i++) {
		struct tu_item_progress *p;
		enum tu_status rc = tu_learner_item_get(st, list->picks[i].item,
							&p, err);

		if (rc)
			return rc;
		p->last_picked = ctx->now;
		if (p->first_seen == TU_TIME_NONE)
			p->first_seen = ctx->now;
		if (p->opened == TU_TIME_NONE ||
		    (p->last_attempt != TU_TIME_NONE &&
		     p->opened <= p->last_attempt))
			p->opened = ctx->now;
		snprintf(why, sizeof(why), "picked (%s): %s",
			 list->picks[i].reason.code, list->picks[i].reason.text);
		tu__reason_id(out, "items", list->picks[i].item, why);
	}
	return TU_OK;
}

/* Pick k, mark the picks and output them (session check, review_due). */
static enum tu_status offer(const struct tu_agent_ctx *ctx, size_t k,
			    struct tu_learner_state *st,
			    struct tu_agent_out *out, struct tu_err *err)
{
	struct tu_pick_list list;
	bool ok = true;
	enum tu_status rc = pick(ctx, st, k, &list, err);

	if (!rc)
		rc = mark(ctx, &list, st, out, err);
	if (rc)
		return rc;
	tu__put(out->json, "k", json_integer((json_int_t)k), &ok);
	list_json(ctx, &list, "picks", out->json, &ok);
	return ok ? TU_OK : tu__nomem(AGENT, err);
}

/* ---- daily generation --------------------------------------------------- */

/* k from the time budget: floor(budget / mean expected minutes), clamped
 * to [1, daily_k_max]; 0 when the budget or the course gives none. */
static size_t budget_k(const struct tu_agent_ctx *ctx,
		       const struct tu_learner_state *st)
{
	const struct tu_course *c = ctx->course;
	double sum = 0.0, mean, k;

	if (st->preferences.time_budget_min == 0 || c->n_problems == 0)
		return 0;
	for (size_t i = 0; i < c->n_problems; i++)
		sum += c->problems[i].expected_min;
	mean = sum / (double)c->n_problems;
	if (!(mean > 0.0) || !isfinite(mean))
		return 0;
	k = floor((double)st->preferences.time_budget_min / mean);
	if (k < 1.0)
		return 1;
	return k > (double)ctx->cfg->daily_k_max ? ctx->cfg->daily_k_max :
						   (size_t)k;
}

static void store_plan(const struct tu_agent_ctx *ctx,
		       const struct tu_pick_list *list,
		       struct tu_learner_state *st)
{
	struct tu_daily_plan *d = &st->daily;

	memset(d, 0, sizeof(*d));
	d->day = tu_local_day(ctx->now, st->preferences.utc_offset_min);
	for (size_t i = 0; i < list->n && i < TU_DAILY_MAX; i++) {
		snprintf(d->items[i], sizeof(d->items[i]), "%s",
			 list->picks[i].item);
		snprintf(d->buckets[i], sizeof(d->buckets[i]), "%s",
			 tu_bucket_name(list->picks[i].reason.bucket));
		d->n++;
	}
}

static enum tu_status daily(const struct tu_agent_ctx *ctx, uint32_t ev_k,
			    struct tu_learner_state *st,
			    struct tu_agent_out *out, struct tu_err *err)
{
	struct tu_pick_list list;
	size_t k = ev_k;
	const char *source = "event";
	bool ok = true;
	enum tu_status rc;

	if (k == 0) {
		k = budget_k(ctx, st);
		source = "budget";
	}
	if (k == 0) {
		k = ctx->cfg->daily_k_default;
		source = "default";
	}
	rc = pick(ctx, st, k, &list, err);
	if (rc)
		return rc;
	store_plan(ctx, &list, st);
	tu_agent_out_reason(out, "daily", "plan of %zu items for day %lld (k %zu "
			    "from %s)", st->daily.n, (long long)st->daily.day,
			    k, source);
	tu__put(out->json, "day", json_integer((json_int_t)st->daily.day), &ok);
	tu__put(out->json, "k", json_integer((json_int_t)k), &ok);
	tu__put(out->json, "k_source", json_string(source), &ok);
	list_json(ctx, &list, "plan", out->json, &ok);
	return ok ? TU_OK : tu__nomem(AGENT, err);
}

/* Due reviews in st (due <= now), at least 1, at most TU_PICK_MAX. */
static size_t due_k(const struct tu_agent_ctx *ctx,
		    const struct tu_learner_state *st)
{
	size_t n = 0;

	for (size_t i = 0; i < st->n_reviews; i++)
		if (st->reviews[i].due != TU_TIME_NONE &&
		    st->reviews[i].due <= ctx->now)
			n++;
	if (n == 0)
		return 1;
	/* enough seats that the review quota (share_review of k, 40 %)
	 * covers every due review: k = ceil(n / share), at least 3 */
	if (ctx->cfg->curator.share_review > 0.0 && n < TU_PICK_MAX)
		n = (size_t)fmin((double)TU_PICK_MAX,
				 ceil((double)n / ctx->cfg->curator.share_review
				      - 1e-9));
	if (n < 3)
		n = 3;
	return n > TU_PICK_MAX ? TU_PICK_MAX : n;
}

enum tu_status tu_agent_content_curator(const struct tu_agent_ctx *ctx,
					const struct tu_learner_state *in,
					const struct tu_event_in *ev,
					struct tu_learner_state *st,
					struct tu_agent_out *out,
					struct tu_err *err)
{
	(void)in;
	if ((ev->type == TU_EV_SESSION_CHECK ||
	     ev->type == TU_EV_DAILY_GENERATION) && ev->u.k > TU_PICK_MAX)
		return tu_err_set(err, TU_EINVAL, "%s: k %u is above %d", AGENT,
				  ev->u.k, TU_PICK_MAX);
	switch (ev->type) {
	case TU_EV_SESSION_CHECK:
		return offer(ctx, ev->u.k ? ev->u.k : ctx->cfg->session_k, st,
			     out, err);
	case TU_EV_DAILY_GENERATION:
		return daily(ctx, ev->u.k, st, out, err);
	case TU_EV_REVIEW_DUE:
		return offer(ctx, due_k(ctx, st), st, out, err);
	default:
		return tu__agent_refuse(AGENT, ev->type, err);
	}
}
