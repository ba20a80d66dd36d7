/*
 * feedback.c - the Pedagogical Feedback agent (tutor/agents.h,
 * docs/agents.md 4): graduated hints without solution disclosure.
 *
 * On a hint request it chooses the level with the hint policy
 * (tutor/hints.h) from the learner's proficiency on the item's topics,
 * the last failure and the hints already given, takes the course's
 * authored text for that level in the learner's band (or the plain text
 * with the band's framing), and refuses to deliver it when it shares too
 * much with the reference solution (tu_hint_leaks): then a generic text
 * for the level is delivered instead.  It counts the hint on the item.
 * On a submission it composes the learner-facing feedback message and
 * changes nothing.  It does not write hints itself (content or an LLM
 * does) and does not grade.  Pure: no I/O, no clock.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tutor/hints.h"
#include "internal.h"

#define AGENT "pedagogical_feedback"
#define SHARED_MAX 256

static const char BEGINNER_FRAME[] = "Let's take it one small step at a time. ";

/* The fallback texts, one per level: they name the level's purpose and
 * nothing of the problem. */
static const char *const GENERIC[TU_HINT_LEVEL_MAX] = {
	"Take a moment to reflect: what did you try, what did you expect to "
	"happen, and what actually happened?",
	"Think about the key idea this problem is built on: which concept "
	"from this topic does it practise?",
	"Plan an approach before coding: break the problem into smaller steps "
	"and decide what each step must produce.",
	"Check the structure of your solution: is every case handled, "
	"including the smallest and empty inputs, and does each part do one "
	"job?",
	"Look closely at the part of your code where the first failing test "
	"goes wrong: compare what it computes with what the test expects.",
};

double tu_item_proficiency(const struct tu_learner_state *st,
			   const struct tu_course_problem *p)
{
	const char *topics[TU_ITEM_TOPICS_MAX];
	size_t n = p->n_topics < TU_ITEM_TOPICS_MAX ? p->n_topics :
		   TU_ITEM_TOPICS_MAX;
	double m;

	if (n == 0)
		return 0.0;
	for (size_t i = 0; i < n; i++)
		topics[i] = p->topics[i];
	m = tu_learner_mastery_average(st, topics, n, 0.0);
	if (!(m >= 0.0))
		return 0.0;
	return m > 1.0 ? 1.0 : m;
}

/* The reference solution in the learner's language (default python),
 * else any; NULL when the problem has none. */
static const char *solution_for(const struct tu_learner_state *st,
				const struct tu_course_problem *p)
{
	enum tu_lang want = TU_LANG_PYTHON;

	if (strcmp(st->preferences.language, "c") == 0)
		want = TU_LANG_C;
	if (p->solution[want])
		return p->solution[want];
	for (size_t i = 0; i < TU_LANGS; i++)
		if (p->solution[i])
			return p->solution[i];
	return NULL;
}

/* Hint policy input from the item's record (absent: a fresh one). */
static void policy_input(const struct tu_item_progress *ip, double prof,
			 struct tu_hint_input *in)
{
	in->proficiency = prof;
	in->failure = ip ? ip->last_failure : TU_FAIL_NONE;
	in->hints_used = ip ? ip->hints_used : 0;
	in->last_level = ip ? ip->hint_level : 0;
	in->failed_attempts = ip ? ip->failures : 0;
}

/* The authored text for level and band into t (framing documented). */
static void hint_text(const struct tu_course_problem *p, uint32_t level,
		      enum tu_hint_band band, struct tu__text *t)
{
	const struct tu_hint_level_text *h = &p->hints[level - 1];

	if (h->band[band])
		tu__text_add(t, "%s", h->band[band]);
	else if (!h->text)
		tu__text_add(t, "%s", GENERIC[level - 1]);
	else if (band == TU_BAND_BEGINNER)
		tu__text_add(t, "%s%s", BEGINNER_FRAME, h->text);
	else
		tu__text_add(t, "%s", h->text);
}

char *tu_hint_authored_text(const struct tu_course_problem *p, uint32_t level,
			    enum tu_hint_band band)
{
	struct tu__text t;

	if (!p || level < 1 || level > TU_HINT_LEVEL_MAX ||
	    (unsigned)band > (unsigned)TU_BAND_ADVANCED)
		return NULL;
	tu__text_init(&t);
	hint_text(p, level, band, &t);
	if (t.failed) {
		tu__text_release(&t);
		return NULL;
	}
	return t.buf;
}

const char *tu_hint_generic_text(uint32_t level)
{
	if (level < 1 || level > TU_HINT_LEVEL_MAX)
		return NULL;
	return GENERIC[level - 1];
}

static void leak_output(bool refused, const char *shared, json_t *json,
			bool *ok)
{
	json_t *o = json_object();

	if (o) {
		tu__put(o, "refused", json_boolean(refused), ok);
		tu__put(o, "shared", refused ? tu__str(shared) : json_null(), ok);
	}
	tu__put(json, "leak_check", o, ok);
}

/* Records the hint on the item: hints_used + 1, hint_level = max. */
static enum tu_status count_hint(struct tu_learner_state *st,
				 const char *item, uint32_t level,
				 struct tu_agent_out *out, struct tu_err *err)
{
	struct tu_item_progress *ip;
	enum tu_status rc = tu_learner_item_get(st, item, &ip, err);
	char why[128];

	if (rc)
		return rc;
	if (ip->hints_used < UINT32_MAX)
		ip->hints_used++;
	if (level > ip->hint_level)
		ip->hint_level = level;
	snprintf(why, sizeof(why), "level %u hint given (%u so far)", level,
		 ip->hints_used);
	tu__reason_id(out, "items", item, why);
	return TU_OK;
}

static void hint_outputs(const struct tu_hint_decision *d,
			 enum tu_hint_band band, double prof,
			 const char *text, struct tu_agent_out *out, bool *ok)
{
	tu__put(out->json, "level", json_integer(d->level), ok);
	tu__put(out->json, "level_name",
		json_string(tu_hint_level_name(d->level)), ok);
	tu__put(out->json, "band", json_string(tu_hint_band_name(band)), ok);
	tu__put(out->json, "proficiency", tu__real(prof), ok);
	tu__put(out->json, "code", json_string(d->code), ok);
	tu__put(out->json, "text", tu__str(text), ok);
}

static enum tu_status on_hint(const struct tu_agent_ctx *ctx,
			      const char *item, struct tu_learner_state *st,
			      struct tu_agent_out *out, struct tu_err *err)
{
	const struct tu_course_problem *p;
	struct tu_hint_input hin;
	struct tu_hint_decision d;
	struct tu__text t;
	char shared[SHARED_MAX] = "";
	const char *sol;
	enum tu_hint_band band;
	bool ok = true, refused = false;
	double prof;
	enum tu_status rc = tu__agent_problem(ctx, AGENT, item, &p, err);

	if (rc)
		return rc;
	prof = tu_item_proficiency(st, p);
	band = tu_hint_band(prof);
	policy_input(tu_learner_item_find(st, item), prof, &hin);
	rc = tu_hint_next(&hin, &d, err);
	if (rc)
		return rc;
	tu__text_init(&t);
	hint_text(p, d.level, band, &t);
	sol = solution_for(st, p);
	if (t.failed || !t.buf)
		ok = false;
	else if (sol && tu_hint_leaks(t.buf, sol, ctx->cfg->leak_run_tokens,
				      shared, sizeof(shared)))
		refused = true;
	hint_outputs(&d, band, prof, refused || !ok ? GENERIC[d.level - 1] :
		     t.buf, out, &ok);
	leak_output(refused, shared, out->json, &ok);
	tu__text_release(&t);
	rc = count_hint(st, item, d.level, out, err);
	if (!rc && !ok)
		rc = tu__nomem(AGENT, err);
	return rc;
}

/* ---- on a submission: the feedback message ------------------------------ */

static void misconception_lines(const struct tu_agent_ctx *ctx,
				const struct tu_ev_submission *s,
				struct tu__text *t, json_t *list, bool *ok)
{
	for (size_t i = 0; i < s->n_tags; i++) {
		const struct tu_course_misconception *cm =
			tu_course_misconception_find(ctx->course,
						     s->tags[i].tag);
		json_t *o;
		bool seen = false;

		for (size_t j = 0; j < i; j++)
			seen = seen || strcmp(s->tags[j].tag, s->tags[i].tag) == 0;
		if (!cm || seen)
			continue;
		tu__text_add(t, " %s: %s", cm->title, cm->remedy);
		o = json_object();
		if (o) {
			tu__put(o, "id", tu__str(cm->id), ok);
			tu__put(o, "title", tu__str(cm->title), ok);
			tu__put(o, "remedy", tu__str(cm->remedy), ok);
		}
		tu__push(list, o, ok);
	}
}

/* The level tu_hint_next would give next on the item (0 on a bad record). */
static uint32_t next_level(const struct tu_learner_state *st,
			   const struct tu_course_problem *p)
{
	struct tu_hint_input in;
	struct tu_hint_decision d;

	policy_input(tu_learner_item_find(st, p->id), tu_item_proficiency(st, p),
		     &in);
	return tu_hint_next(&in, &d, NULL) == TU_OK ? d.level : 0;
}

static void fail_message(const struct tu_agent_ctx *ctx,
			 const struct tu_learner_state *st,
			 const struct tu_ev_submission *s,
			 const struct tu_course_problem *p, struct tu__text *t,
			 struct tu_agent_out *out, bool *ok)
{
	char summary[TU__SUMMARY_MAX];
	json_t *list = json_array();
	uint32_t level = next_level(st, p);

	tu__summary(s, summary, sizeof(summary));
	tu__text_add(t, "Not yet: %s.", summary);
	misconception_lines(ctx, s, t, list, ok);
	if (level > 0)
		tu__text_add(t, " A level-%u hint (%s) is available.", level,
			     tu_hint_level_name(level));
	tu__put(out->json, "misconceptions", list, ok);
	tu__put(out->json, "next_hint_level", json_integer(level), ok);
}

static enum tu_status on_submission(const struct tu_agent_ctx *ctx,
				    const struct tu_learner_state *st,
				    const struct tu_ev_submission *s,
				    struct tu_agent_out *out,
				    struct tu_err *err)
{
	const struct tu_course_problem *p;
	struct tu__text t;
	bool ok = true;
	enum tu_status rc = tu__agent_problem(ctx, AGENT, s->item, &p, err);

	if (rc)
		return rc;
	tu__text_init(&t);
	if (s->verdict == TU_VERDICT_AC)
		tu__text_add(&t, "Well done: all %u tests passed. %zu suggestion%s "
			     "from the code review.", s->total, s->n_findings,
			     s->n_findings == 1 ? "" : "s");
	else
		fail_message(ctx, st, s, p, &t, out, &ok);
	if (t.failed || !t.buf)
		ok = false;
	else
		tu__put(out->json, "message", tu__str(t.buf), &ok);
	tu__put(out->json, "passed", json_boolean(s->verdict == TU_VERDICT_AC),
		&ok);
	tu__text_release(&t);
	return ok ? TU_OK : tu__nomem(AGENT, err);
}

enum tu_status tu_agent_pedagogical_feedback(const struct tu_agent_ctx *ctx,
					     const struct tu_learner_state *in,
					     const struct tu_event_in *ev,
					     struct tu_learner_state *st,
					     struct tu_agent_out *out,
					     struct tu_err *err)
{
	enum tu_status rc;

	(void)in;
	if (ev->type == TU_EV_HINT_REQUEST) {
		rc = tu__agent_item_check(AGENT, ev->u.item, err);
		return rc ? rc : on_hint(ctx, ev->u.item, st, out, err);
	}
	if (ev->type != TU_EV_SUBMISSION)
		return tu__agent_refuse(AGENT, ev->type, err);
	rc = tu__agent_sub_check(AGENT, &ev->u.sub, err);
	return rc ? rc : on_submission(ctx, st, &ev->u.sub, out, err);
}
