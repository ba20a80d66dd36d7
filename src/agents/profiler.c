/*
 * profiler.c - the Learner Profiler agent (tutor/agents.h, docs/agents.md
 * 2): the diagnostic backbone.
 *
 * On a submission it updates the mastery of every topic of the problem
 * (tu_learner_apply_outcome), records the misconceptions the course
 * declares for the judge's tags (evidence = the event's version), records
 * the pass/fail activity for engagement, and keeps at most one note per
 * behavioural trend ("fatigue", "slowing") in the notes section "trends".
 * On a goals_stated event it merges the learner's stated goal components
 * into the state's goals (same id: the statement replaces description,
 * metric, threshold and confidence and adds its evidence; a new id is
 * added).  After every event it handles (submission, goals_stated,
 * hint_request, session_check, daily_generation, review_due) it
 * re-evaluates every goal component from the state (tu_goals_reevaluate,
 * docs/goals.md) and reports the step's alignment reward.  It does not
 * grade (skill assessment), schedule (progress synthesizer) or choose
 * hints.  Pure: no I/O, no clock.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tutor/goals.h"

#define AGENT "learner_profiler"
#define HINTS_CAP 5u
#define SLOW_WINDOW 3
#define SLOW_FACTOR 1.5

/* ---- mastery ------------------------------------------------------------ */

static enum tu_status one_topic(const struct tu_agent_ctx *ctx,
				const char *topic,
				const struct tu_ic_outcome *o,
				struct tu_learner_state *st, json_t *list,
				struct tu_agent_out *out, bool *ok,
				struct tu_err *err)
{
	const struct tu_topic_state *t = tu_learner_topic_find(st, topic);
	double before = t ? t->mastery : ctx->cfg->mastery.init_m;
	enum tu_status rc = tu_learner_apply_outcome(st, topic,
						     &ctx->cfg->mastery, o, err);
	json_t *e;
	char why[256];

	if (rc)
		return rc;
	t = tu_learner_topic_find(st, topic);
	e = json_object();
	if (e) {
		tu__put(e, "topic", tu__str(topic), ok);
		tu__put(e, "before", tu__real(before), ok);
		tu__put(e, "after", tu__real(t->mastery), ok);
		tu__put(e, "level", json_string(tu_mastery_level_name(
			tu_topic_level(t))), ok);
	}
	tu__push(list, e, ok);
	snprintf(why, sizeof(why), "%s: mastery %.3f -> %.3f",
		 o->correct ? "passed" : "failed", before, t->mastery);
	tu__reason_id(out, "topics", topic, why);
	return TU_OK;
}

static enum tu_status mastery(const struct tu_agent_ctx *ctx,
			      const struct tu_learner_state *in,
			      const struct tu_ev_submission *s,
			      const struct tu_course_problem *p,
			      struct tu_learner_state *st,
			      struct tu_agent_out *out, bool *ok,
			      struct tu_err *err)
{
	const struct tu_item_progress *ip = tu_learner_item_find(st, s->item);
	double solve_s = tu__solve_s(in, s->item, ctx->now);
	struct tu_ic_outcome o;
	json_t *list = json_array();
	enum tu_status rc = TU_OK;

	o.correct = s->verdict == TU_VERDICT_AC;
	o.difficulty = p->difficulty;
	o.hints_used = 0;
	if (ip)
		o.hints_used = ip->hints_used < HINTS_CAP ? ip->hints_used :
			       HINTS_CAP;
	o.solve_s = solve_s > 0.0 ? solve_s : 0.0;
	o.expected_s = tu__expected_s(p);
	o.now = ctx->now;
	for (size_t i = 0; i < p->n_topics && !rc; i++)
		rc = one_topic(ctx, p->topics[i], &o, st, list, out, ok, err);
	tu__put(out->json, "mastery", list, ok);
	tu__put(out->json, "hints_counted", json_integer(o.hints_used), ok);
	return rc;
}

/* ---- misconceptions ----------------------------------------------------- */

/* True when tag i repeats an earlier tag of the same submission. */
static bool repeated(const struct tu_ev_submission *s, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (strcmp(s->tags[j].tag, s->tags[i].tag) == 0)
			return true;
	return false;
}

/* The course's topic of the misconception, else the tag's topic when the
 * course has it, else "" (general). */
static const char *misc_topic(const struct tu_course *c,
			      const struct tu_course_misconception *cm,
			      const struct tu_ev_tag *tag)
{
	if (cm->topic[0] != '\0')
		return cm->topic;
	if (tag->topic[0] != '\0' && tu_course_topic_find(c, tag->topic))
		return tag->topic;
	return "";
}

static enum tu_status misconceptions(const struct tu_agent_ctx *ctx,
				     const struct tu_ev_submission *s,
				     struct tu_learner_state *st,
				     struct tu_agent_out *out, bool *ok,
				     struct tu_err *err)
{
	json_t *rec = json_array(), *unk = json_array();
	enum tu_status rc = TU_OK;
	char why[256];

	for (size_t i = 0; i < s->n_tags && !rc; i++) {
		const struct tu_course_misconception *cm;

		if (repeated(s, i))
			continue;
		cm = tu_course_misconception_find(ctx->course, s->tags[i].tag);
		if (!cm) {
			tu__push(unk, tu__str(s->tags[i].tag), ok);
			continue;
		}
		rc = tu_learner_misconception_record(st, cm->id,
			misc_topic(ctx->course, cm, &s->tags[i]), ctx->version,
			ctx->now, err);
		tu__push(rec, tu__str(cm->id), ok);
		snprintf(why, sizeof(why), "judge tagged '%s' on '%s' (event %llu)",
			 cm->id, s->item, (unsigned long long)ctx->version);
		tu__reason_id(out, "misconceptions", cm->id, why);
	}
	tu__put(out->json, "misconceptions", rec, ok);
	tu__put(out->json, "unrecognised_tags", unk, ok);
	return rc;
}

/* ---- engagement --------------------------------------------------------- */

static enum tu_status activity(const struct tu_agent_ctx *ctx, bool pass,
			       struct tu_learner_state *st,
			       struct tu_agent_out *out, struct tu_err *err)
{
	struct tu_engage_config ecfg;
	struct tu_activity a = { ctx->now, pass ? TU_ACT_PASS : TU_ACT_FAIL };
	enum tu_status rc;

	tu__engage_cfg(ctx->cfg, st, &ecfg);
	rc = tu_engage_record(&st->engagement, &a, &ecfg, &st->engagement, err);
	if (rc)
		return rc;
	tu_agent_out_reason(out, "engagement", "%s attempt recorded: failure "
			    "streak %u, streak %u days", pass ? "passed" :
			    "failed", st->engagement.failure_streak,
			    st->engagement.streak_days);
	return TU_OK;
}

/* ---- trends ------------------------------------------------------------- */

/* Fatigue: the window holding now spans >= fatigue_window_min and the
 * failure streak is >= fatigue_failures.  Text into buf, or "". */
static void fatigue(const struct tu_agent_ctx *ctx,
		    const struct tu_learner_state *st, char *buf, size_t cap)
{
	const struct tu_engagement *e = &st->engagement;
	const struct tu_activity_window *w;
	double span_min;

	buf[0] = '\0';
	if (e->n_windows == 0 || e->failure_streak < ctx->cfg->fatigue_failures)
		return;
	w = &e->windows[e->n_windows - 1];
	if (w->end != ctx->now)
		return;
	span_min = (double)(w->end - w->start) / 60.0;
	if (span_min < ctx->cfg->fatigue_window_min)
		return;
	snprintf(buf, cap, "fatigue: active for %.0f minutes with %u failed "
		 "attempts in a row; a short break may help", span_min,
		 e->failure_streak);
}

struct solved {
	int64_t at;
	double ratio;
	const char *item;
};

static int by_time(const void *a, const void *b)
{
	const struct solved *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return strcmp(x->item, y->item);
}

static double mean_ratio(const struct solved *v, size_t n)
{
	double sum = 0.0;

	for (size_t i = 0; i < n; i++)
		sum += v[i].ratio;
	return sum / (double)n;
}

/* Solved items with a known time on task and expected time, by solve
 * time; *n gets the count.  NULL with *n 0 on allocation failure. */
static struct solved *solved_items(const struct tu_agent_ctx *ctx,
				   const struct tu_learner_state *st,
				   size_t *n)
{
	struct solved *v = malloc((st->n_items + 1) * sizeof(*v));

	*n = 0;
	for (size_t i = 0; v && i < st->n_items; i++) {
		const struct tu_item_progress *ip = &st->items[i];
		const struct tu_course_problem *p;

		if (!ip->solved || ip->solved_at == TU_TIME_NONE ||
		    !(ip->time_s > 0.0))
			continue;
		p = tu_course_problem_find(ctx->course, ip->item);
		if (!p || tu__expected_s(p) <= 0.0)
			continue;
		v[*n].at = ip->solved_at;
		v[*n].ratio = ip->time_s / tu__expected_s(p);
		v[(*n)++].item = ip->item;
	}
	if (v)
		qsort(v, *n, sizeof(*v), by_time);
	return v;
}

/* Slowing: mean time/expected of the last 3 solved items > 1.5 x the mean
 * of the 3 before them.  Text into buf, or "".  false on no memory. */
static bool slowing(const struct tu_agent_ctx *ctx,
		    const struct tu_learner_state *st, char *buf, size_t cap)
{
	size_t n;
	struct solved *v = solved_items(ctx, st, &n);
	double recent, earlier;

	buf[0] = '\0';
	if (!v)
		return false;
	if (n >= 2 * SLOW_WINDOW) {
		recent = mean_ratio(v + n - SLOW_WINDOW, SLOW_WINDOW);
		earlier = mean_ratio(v + n - 2 * SLOW_WINDOW, SLOW_WINDOW);
		if (recent > SLOW_FACTOR * earlier)
			snprintf(buf, cap, "slowing: the last %d solved problems "
				 "took %.2fx their expected time on average, up "
				 "from %.2fx for the %d before", SLOW_WINDOW,
				 recent, earlier, SLOW_WINDOW);
	}
	free(v);
	return true;
}

/* Index of the "trends" note of this kind (text starts "kind:"), or -1. */
static long trend_note(const struct tu_learner_state *st, const char *kind)
{
	size_t k = strlen(kind);

	for (size_t i = 0; i < st->n_notes; i++)
		if (strcmp(st->notes[i].section, "trends") == 0 &&
		    strncmp(st->notes[i].text, kind, k) == 0 &&
		    st->notes[i].text[k] == ':')
			return (long)i;
	return -1;
}

/* Sets (text non-empty) or removes (text "") the note of one trend. */
static enum tu_status set_trend(struct tu_learner_state *st,
				const char *kind, const char *text,
				struct tu_agent_out *out, struct tu_err *err)
{
	long i = trend_note(st, kind);
	enum tu_status rc = TU_OK;

	if (i >= 0 && text[0] == '\0') {
		memmove(&st->notes[i], &st->notes[i + 1],
			(st->n_notes - (size_t)i - 1) * sizeof(st->notes[0]));
		st->n_notes--;
		tu_agent_out_reason(out, "notes", "trend '%s' ended", kind);
	} else if (i >= 0) {
		if (strcmp(st->notes[i].text, text) == 0)
			return TU_OK;
		rc = tu_learner_set_string(st->notes[i].text,
					   sizeof(st->notes[i].text), text, err);
		tu_agent_out_reason(out, "notes", "trend '%s' updated", kind);
	} else if (text[0] != '\0') {
		rc = tu_learner_note_add(st, "trends", text, err);
		tu_agent_out_reason(out, "notes", "trend '%s' detected", kind);
	}
	return rc;
}

static enum tu_status trends(const struct tu_agent_ctx *ctx,
			     struct tu_learner_state *st,
			     struct tu_agent_out *out, bool *ok,
			     struct tu_err *err)
{
	char fat[TU_TEXT_MAX], slow[TU_TEXT_MAX];
	json_t *list = json_array();
	enum tu_status rc;

	fatigue(ctx, st, fat, sizeof(fat));
	if (!slowing(ctx, st, slow, sizeof(slow)))
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", AGENT);
	rc = set_trend(st, "fatigue", fat, out, err);
	if (!rc)
		rc = set_trend(st, "slowing", slow, out, err);
	if (fat[0])
		tu__push(list, tu__str(fat), ok);
	if (slow[0])
		tu__push(list, tu__str(slow), ok);
	tu__put(out->json, "trends", list, ok);
	return rc;
}

/* ---- stated goals ----------------------------------------------------------- */

/* "event:<id>" entries are the evaluator's alignment records: a
 * statement cannot bring its own. */
static bool reserved(const char *evidence)
{
	return strncmp(evidence, TU_GOAL_EVIDENCE_PREFIX,
		       strlen(TU_GOAL_EVIDENCE_PREFIX)) == 0;
}

/* Adds the evidence entries of `from` that g does not have yet
 * (tu_goal_evidence_add: the oldest dropped past TU_EVIDENCE_MAX). */
static void add_evidence(struct tu_goal *g, const struct tu_goal *from)
{
	for (size_t i = 0; i < from->n_evidence && i < TU_EVIDENCE_MAX; i++)
		if (!reserved(from->evidence[i]))
			tu_goal_evidence_add(g, from->evidence[i]);
}

/* Removes g's alignment records (a new target starts unrewarded). */
static void forget_alignment(struct tu_goal *g)
{
	size_t k = 0;

	for (size_t i = 0; i < g->n_evidence; i++)
		if (!reserved(g->evidence[i]))
			memmove(g->evidence[k++], g->evidence[i],
				sizeof(g->evidence[0]));
	g->n_evidence = k;
}

/* Restates g as s: a changed metric forgets the measured value, a changed
 * target (metric, cmp or threshold) the alignment records. */
static void restate(struct tu_goal *g, const struct tu_goal *s)
{
	if (strcmp(g->metric, s->metric) != 0 ||
	    g->threshold_cmp != s->threshold_cmp ||
	    memcmp(&g->threshold, &s->threshold, sizeof(g->threshold)) != 0)
		forget_alignment(g);
	if (strcmp(g->metric, s->metric) != 0)
		g->value = (double)NAN;
	snprintf(g->description, sizeof(g->description), "%s", s->description);
	snprintf(g->metric, sizeof(g->metric), "%s", s->metric);
	g->threshold_cmp = s->threshold_cmp;
	g->threshold = s->threshold;
	g->confidence = s->confidence;
	g->aligned = tu_goal_meets(g->threshold_cmp, g->value, g->threshold);
	add_evidence(g, s);
}

static enum tu_status one_goal(const struct tu_goal *s,
			       struct tu_learner_state *st, json_t *list,
			       struct tu_agent_out *out, bool *ok,
			       struct tu_err *err)
{
	struct tu_goal *g = tu_learner_goal_find(st, s->id);
	bool added = g == NULL;
	struct tu_goal fresh;
	enum tu_status rc;
	char why[256];
	json_t *e;

	if (added) {
		fresh = *s;
		fresh.value = (double)NAN;
		fresh.aligned = false;
		fresh.n_evidence = 0;
		add_evidence(&fresh, s);
		rc = tu_learner_goal_add(st, &fresh, &g, err);
		if (rc)
			return rc;
	} else {
		restate(g, s);
	}
	snprintf(why, sizeof(why), "goal %s by the learner: %.200s",
		 added ? "stated" : "restated", s->description);
	tu__reason_id(out, "goals", s->id, why);
	e = json_object();
	if (e) {
		tu__put(e, "id", tu__str(g->id), ok);
		tu__put(e, "dimension", json_string(tu_goal_dimension_name(
			g->dimension)), ok);
		tu__put(e, "description", tu__str(g->description), ok);
		tu__put(e, "metric", tu__str(g->metric), ok);
		tu__put(e, "cmp", json_string(tu_cmp_name(g->threshold_cmp)),
			ok);
		tu__put(e, "threshold", tu__real(g->threshold), ok);
		tu__put(e, "confidence", tu__real(g->confidence), ok);
		tu__put(e, "added", json_boolean(added), ok);
	}
	tu__push(list, e, ok);
	return TU_OK;
}

static enum tu_status stated_goals(const struct tu_ev_goals *gs,
				   struct tu_learner_state *st,
				   struct tu_agent_out *out, bool *ok,
				   struct tu_err *err)
{
	json_t *list = json_array();
	enum tu_status rc = TU_OK;

	if (gs->n > TU_EVENT_GOALS_MAX)
		return tu_err_set(err, TU_EINVAL, "%s: %zu stated goals, at "
				  "most %d", AGENT, gs->n, TU_EVENT_GOALS_MAX);
	for (size_t i = 0; i < gs->n && !rc; i++)
		rc = one_goal(&gs->goals[i], st, list, out, ok, err);
	tu__put(out->json, "goals", list, ok);
	return rc;
}

/* ---- goal re-evaluation (every event) ------------------------------------- */

static json_t *goal_json(const struct tu_goal *g, bool newly, bool *ok)
{
	json_t *e = json_object();

	if (!e)
		return NULL;
	tu__put(e, "id", tu__str(g->id), ok);
	tu__put(e, "metric", tu__str(g->metric), ok);
	tu__put(e, "value", tu__real(g->value), ok);
	tu__put(e, "aligned", json_boolean(g->aligned), ok);
	tu__put(e, "newly_aligned", json_boolean(newly), ok);
	tu__put(e, "confidence", tu__real(g->confidence), ok);
	return e;
}

/* Lists the measured components; a reason for each newly aligned one. */
static void goal_outputs(const struct tu_agent_ctx *ctx,
			 const struct tu_learner_state *in,
			 const struct tu_learner_state *st,
			 struct tu_agent_out *out, bool *ok)
{
	json_t *list = json_array();
	char why[256];

	for (size_t i = 0; i < st->n_goals; i++) {
		const struct tu_goal *g = &st->goals[i];
		const struct tu_goal *b = tu_learner_goal_find(in, g->id);
		bool newly = g->aligned && !(b && b->aligned);

		if (g->metric[0] == '\0')
			continue;
		tu__push(list, goal_json(g, newly, ok), ok);
		if (!newly)
			continue;
		snprintf(why, sizeof(why), "goal met: %.100s = %.4g %s %.4g "
			 "(event %llu, confidence %.2f)", g->metric, g->value,
			 tu_cmp_name(g->threshold_cmp), g->threshold,
			 (unsigned long long)ctx->version, g->confidence);
		tu__reason_id(out, "goals", g->id, why);
	}
	tu__put(out->json, "goals_evaluated", list, ok);
}

static enum tu_status goals_eval(const struct tu_agent_ctx *ctx,
				 const struct tu_learner_state *in,
				 struct tu_learner_state *st,
				 struct tu_agent_out *out, bool *ok,
				 struct tu_err *err)
{
	struct tu_goals_eval res;
	enum tu_status rc = tu_goals_reevaluate(st, in->goals, in->n_goals,
						ctx->course, ctx->now,
						ctx->version, &res, err);

	if (rc)
		return rc;
	tu_agent_out_reason(out, "goals", "goal metrics re-evaluated after "
			    "event %llu", (unsigned long long)ctx->version);
	goal_outputs(ctx, in, st, out, ok);
	tu__put(out->json, "goal_reward", tu__real(res.reward), ok);
	tu__put(out->json, "goals_aligned", res.n_measured ?
		json_real((double)res.n_aligned / (double)res.n_measured) :
		json_null(), ok);
	return TU_OK;
}

/* ---- the agent -------------------------------------------------------------- */

static enum tu_status on_submission(const struct tu_agent_ctx *ctx,
				    const struct tu_learner_state *in,
				    const struct tu_event_in *ev,
				    struct tu_learner_state *st,
				    struct tu_agent_out *out, bool *ok,
				    struct tu_err *err)
{
	const struct tu_ev_submission *s = &ev->u.sub;
	const struct tu_course_problem *p;
	enum tu_status rc = tu__agent_sub_check(AGENT, s, err);

	if (!rc)
		rc = tu__agent_problem(ctx, AGENT, s->item, &p, err);
	if (!rc)
		rc = mastery(ctx, in, s, p, st, out, ok, err);
	if (!rc)
		rc = misconceptions(ctx, s, st, out, ok, err);
	if (!rc)
		rc = activity(ctx, s->verdict == TU_VERDICT_AC, st, out, err);
	if (!rc)
		rc = trends(ctx, st, out, ok, err);
	return rc;
}

enum tu_status tu_agent_learner_profiler(const struct tu_agent_ctx *ctx,
					 const struct tu_learner_state *in,
					 const struct tu_event_in *ev,
					 struct tu_learner_state *st,
					 struct tu_agent_out *out,
					 struct tu_err *err)
{
	bool ok = true;
	enum tu_status rc = TU_OK;

	switch (ev->type) {
	case TU_EV_SUBMISSION:
		rc = on_submission(ctx, in, ev, st, out, &ok, err);
		break;
	case TU_EV_GOALS_STATED:
		rc = stated_goals(&ev->u.goals, st, out, &ok, err);
		break;
	case TU_EV_HINT_REQUEST:
	case TU_EV_SESSION_CHECK:
	case TU_EV_DAILY_GENERATION:
	case TU_EV_REVIEW_DUE:
		break;
	case TU_EV_LEARNER_CREATED:
	case TU_EV_PREFERENCES:
	case TU_EV_ASSIST:
	case TU_EV_PLAN:
	default:
		return tu__agent_refuse(AGENT, ev->type, err);
	}
	if (!rc)
		rc = goals_eval(ctx, in, st, out, &ok, err);
	if (!rc && !ok)
		rc = tu__nomem(AGENT, err);
	return rc;
}
