/*
 * profile.c - the learner's side of a plan request from the learner's
 * state (tu_plan_profile_of, tutor/plan_run.h), shared by `tutor plan
 * run` and POST /api/learners/:id/plans so both plan alike.
 *
 * Pure: reads a state, writes a struct; no I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tutor/persona.h"
#include "tutor/plan_run.h"

/* A practised topic: its mastery and place in the state. */
struct ranked {
	double mastery;
	size_t at;
};

/* Best mastery first; equal ones in state order. */
static int ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->mastery != y->mastery)
		return x->mastery > y->mastery ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

static void add_tag(struct tu_plan_profile *p, const char *t)
{
	if (p->n_tags == TU_PLAN_PROFILE_TAGS || !t[0])
		return;
	snprintf(p->tags[p->n_tags], sizeof(p->tags[0]), "%.*s",
		 TU_ID_MAX - 1, t);
	p->tag_ptrs[p->n_tags] = p->tags[p->n_tags];
	p->n_tags++;
}

static void topic_tags(const struct tu_learner_state *st,
		       struct tu_plan_profile *p)
{
	struct ranked r[TU_PLAN_TAGS_MAX];
	size_t n = 0;

	for (size_t i = 0; i < st->n_topics && i < TU_PLAN_TAGS_MAX; i++)
		if (st->topics[i].attempts > 0)
			r[n++] = (struct ranked){ st->topics[i].mastery, i };
	qsort(r, n, sizeof(r[0]), ranked_cmp);
	for (size_t i = 0; i < n; i++)
		add_tag(p, st->topics[r[i].at].topic);
}

static enum tu_plan_level level_of(const struct tu_learner_state *st)
{
	double sum = 0;
	size_t n = 0;

	switch (st->preferences.skill_level) {
	case TU_SKILL_BEGINNER: return TU_PLAN_LEVEL_BEGINNER;
	case TU_SKILL_INTERMEDIATE: return TU_PLAN_LEVEL_INTERMEDIATE;
	case TU_SKILL_ADVANCED: return TU_PLAN_LEVEL_ADVANCED;
	case TU_SKILL_UNKNOWN: break;
	}
	for (size_t i = 0; i < st->n_topics; i++) {
		if (st->topics[i].attempts > 0) {
			sum += st->topics[i].mastery;
			n++;
		}
	}
	if (n == 0)
		return TU_PLAN_LEVEL_UNKNOWN;
	sum /= (double)n;
	return sum < 0.4 ? TU_PLAN_LEVEL_BEGINNER :
	       sum < 0.75 ? TU_PLAN_LEVEL_INTERMEDIATE : TU_PLAN_LEVEL_ADVANCED;
}

void tu_plan_profile_of(const struct tu_learner_state *st,
			struct tu_plan_profile *out)
{
	memset(out, 0, sizeof(*out));
	add_tag(out, st->preferences.language);
	topic_tags(st, out);
	out->level = level_of(st);
	out->persona = st->persona == TU_PERSONA_NONE ? NULL :
		       tu_persona_name(st->persona);
}

void tu_plan_profile_apply(const struct tu_plan_profile *p,
			   struct tu_plan_request *rq)
{
	rq->tags = p->tag_ptrs;
	rq->n_tags = p->n_tags;
	rq->level = p->level;
	rq->persona = p->persona;
}
