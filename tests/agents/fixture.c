/* fixture.c - the hand-built course and the ownership check (fixture.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static char mean_solution[] =
	"def mean(xs):\n"
	"    # the average of xs; 0 for an empty list\n"
	"    if not xs:\n"
	"        return 0\n"
	"    total = 0\n"
	"    for x in xs:\n"
	"        total += x\n"
	"    return total / len(xs)\n";
static char hint1[] = "What does the function return for an empty list? "
	"Try it by hand first.";
static char hint2[] = "The mean is the sum divided by the count; think about "
	"how to accumulate a sum.";
static char hint2_beginner[] = "Imagine adding up coins one at a time, then "
	"sharing them out equally.";
static char hint3[] = "Loop over the list once, keeping a running total, then "
	"divide.";
static char hint4[] = "Structure: handle the empty list first, then start with "
	"total = 0 and add each element.";
static char hint5[] = "Check the line that divides: are you dividing by the "
	"right count?";

const char FX_MEAN_SOLUTION[] =
	"def mean(xs):\n"
	"    # the average of xs; 0 for an empty list\n"
	"    if not xs:\n"
	"        return 0\n"
	"    total = 0\n"
	"    for x in xs:\n"
	"        total += x\n"
	"    return total / len(xs)\n";
const char *const FX_MEAN_HINTS[5] = { hint1, hint2, hint3, hint4, hint5 };
const char FX_MEAN_HINT2_BEGINNER[] = "Imagine adding up coins one at a "
	"time, then sharing them out equally.";

static void topic(struct tu_course_topic *t, const char *id,
		  const char *requires)
{
	memset(t, 0, sizeof(*t));
	strcpy(t->id, id);
	strcpy(t->title, id);
	if (requires) {
		strcpy(t->requires[0], requires);
		t->n_requires = 1;
	}
}

static void misc(struct tu_course_misconception *m, const char *id,
		 const char *title, const char *topic_id, const char *remedy)
{
	memset(m, 0, sizeof(*m));
	strcpy(m->id, id);
	strcpy(m->title, title);
	strcpy(m->topic, topic_id);
	strcpy(m->remedy, remedy);
}

static void problem(struct tu_course_problem *p, const char *id,
		    const char *title, enum tu_difficulty d, const char *t1,
		    const char *t2, double minutes)
{
	memset(p, 0, sizeof(*p));
	strcpy(p->id, id);
	strcpy(p->title, title);
	p->difficulty = d;
	strcpy(p->topics[0], t1);
	p->n_topics = 1;
	if (t2) {
		strcpy(p->topics[1], t2);
		p->n_topics = 2;
	}
	p->langs[TU_LANG_PYTHON] = true;
	p->expected_min = minutes;
}

static void mean_texts(struct tu_course_problem *p)
{
	char *h[5] = { hint1, hint2, hint3, hint4, hint5 };

	p->solution[TU_LANG_PYTHON] = mean_solution;
	for (int i = 0; i < 5; i++)
		p->hints[i].text = h[i];
	p->hints[1].band[TU_BAND_BEGINNER] = hint2_beginner;
	strcpy(p->misconceptions[0], "off-by-one");
	p->n_misconceptions = 1;
}

static void build_course(struct fx *f)
{
	struct tu_course *c = &f->course;
	const char *ids[3] = { "basics", "loops", "recursion" };
	struct tu_prereq edges[2] = { { "loops", "basics" },
				      { "recursion", "loops" } };
	struct tu_item items[FX_PROBLEMS];

	tu_course_init(c);
	strcpy(c->id, "sample");
	topic(&f->topics[0], "basics", NULL);
	topic(&f->topics[1], "loops", "basics");
	topic(&f->topics[2], "recursion", "loops");
	misc(&f->misc[0], "infinite-loop", "Loop that never ends", "loops",
	     "Revisit how a loop condition becomes false.");
	misc(&f->misc[1], "off-by-one", "Off by one", "",
	     "Check the first and last index of each range.");
	problem(&f->problems[0], "count-up", "Count up", TU_DIFF_EASY, "loops",
		NULL, 10);
	problem(&f->problems[1], "fact", "Factorial", TU_DIFF_HARD, "recursion",
		NULL, 20);
	problem(&f->problems[2], "hello", "Hello", TU_DIFF_EASY, "basics", NULL,
		5);
	problem(&f->problems[3], "max", "Largest element", TU_DIFF_EASY,
		"loops", NULL, 10);
	problem(&f->problems[4], "mean", "Mean of a list", TU_DIFF_MEDIUM,
		"basics", "loops", 15);
	problem(&f->problems[5], "sum-digits", "Sum of digits", TU_DIFF_MEDIUM,
		"loops", NULL, 10);
	mean_texts(&f->problems[4]);
	c->topics = f->topics;
	c->n_topics = 3;
	c->misconceptions = f->misc;
	c->n_misconceptions = 2;
	c->problems = f->problems;
	c->n_problems = FX_PROBLEMS;
	assert_int_equal(tu_topic_graph_build(&c->graph, ids, 3, edges, 2,
					      NULL), TU_OK);
	for (size_t i = 0; i < FX_PROBLEMS; i++) {
		const struct tu_course_problem *p = &f->problems[i];

		memset(&items[i], 0, sizeof(items[i]));
		strcpy(items[i].id, p->id);
		memcpy(items[i].topics, p->topics, sizeof(p->topics));
		items[i].n_topics = p->n_topics;
		items[i].difficulty = p->difficulty;
		items[i].expected_min = p->expected_min;
	}
	assert_int_equal(tu_curriculum_build(&c->curriculum, &c->graph, items,
					     FX_PROBLEMS, NULL), TU_OK);
}

void fx_init(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	build_course(f);
	tu_agent_config_default(&f->cfg);
	tu_pick_ctx_init(&f->pick);
	assert_int_equal(tu_pick_ctx_prepare(&f->pick, &f->course.curriculum,
					     NULL), TU_OK);
	tu_rng_seed(&f->rng, 42);
	f->ctx.course = &f->course;
	f->ctx.cfg = &f->cfg;
	f->ctx.now = FX_NOW;
	f->ctx.version = 7;
	f->ctx.pick = &f->pick;
	f->ctx.rng = NULL;
	tu_learner_state_init(&f->state);
	strcpy(f->state.learner_id, "ada");
	f->state.version = 6;
	strcpy(f->state.preferences.language, "python");
	f->state.preferences.skill_level = TU_SKILL_BEGINNER;
}

void fx_release(struct fx *f)
{
	tu_learner_state_release(&f->state);
	tu_pick_ctx_release(&f->pick);
	/* The arrays are the fixture's own: release only what was built. */
	tu_curriculum_release(&f->course.curriculum);
	tu_topic_graph_release(&f->course.graph);
}

void fx_submission(struct tu_event_in *ev, const char *item,
		   enum tu_verdict v, uint32_t passed, uint32_t total)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = TU_EV_SUBMISSION;
	ev->at = FX_NOW;
	strcpy(ev->u.sub.item, item);
	ev->u.sub.lang = TU_LANG_PYTHON;
	ev->u.sub.code = strdup("pass\n");
	assert_non_null(ev->u.sub.code);
	ev->u.sub.code_len = 5;
	ev->u.sub.verdict = v;
	ev->u.sub.passed = passed;
	ev->u.sub.total = total;
}

void fx_tag(struct tu_event_in *ev, const char *tag, const char *topic_id)
{
	struct tu_ev_tag *t = &ev->u.sub.tags[ev->u.sub.n_tags++];

	strcpy(t->tag, tag);
	strcpy(t->topic, topic_id);
	strcpy(t->evidence, "test");
}

void fx_event_release(struct tu_event_in *ev)
{
	if (ev->type == TU_EV_SUBMISSION)
		free(ev->u.sub.code);
	memset(ev, 0, sizeof(*ev));
}

void fx_topic(struct fx *f, const char *id, double m)
{
	struct tu_topic_state *t;

	assert_int_equal(tu_learner_topic_get(&f->state, id, true, m, &t, NULL),
			 TU_OK);
	t->mastery = m;
}

struct tu_item_progress *fx_item(struct fx *f, const char *item)
{
	struct tu_item_progress *p;

	assert_int_equal(tu_learner_item_get(&f->state, item, &p, NULL), TU_OK);
	return p;
}

enum tu_status fx_run(struct fx *f, tu_agent_fn fn,
		      const struct tu_event_in *ev,
		      struct tu_learner_state *st, struct tu_agent_out *out,
		      struct tu_err *err)
{
	tu_learner_state_init(st);
	assert_int_equal(tu_learner_state_copy(st, &f->state, NULL), TU_OK);
	assert_int_equal(tu_agent_out_init(out, NULL), TU_OK);
	f->ctx.now = ev->at;
	return fn(&f->ctx, &f->state, ev, st, out, err);
}

void fx_commit(struct fx *f, struct tu_learner_state *st)
{
	tu_learner_state_move(&f->state, st);
	tu_learner_state_release(st);
}

/* ---- ownership ---------------------------------------------------------- */

#define SWAP_LIST(x, y, f, n, c)                                   \
	do {                                                       \
		void *p_ = (x)->f;                                 \
		size_t n_ = (x)->n, c_ = (x)->c;                   \
		(x)->f = (y)->f;                                   \
		(x)->n = (y)->n;                                   \
		(x)->c = (y)->c;                                   \
		(y)->f = p_;                                       \
		(y)->n = n_;                                       \
		(y)->c = c_;                                       \
	} while (0)

static void copy_owned(struct tu_item_progress *dst,
		       const struct tu_item_progress *src, unsigned own)
{
	if (own & OWN_ITEM_ATTEMPT) {
		dst->attempts = src->attempts;
		dst->failures = src->failures;
		dst->last_failure = src->last_failure;
		dst->solved = src->solved;
		dst->first_seen = src->first_seen;
		dst->last_attempt = src->last_attempt;
		dst->opened = src->opened;
		dst->solved_at = src->solved_at;
		dst->time_s = src->time_s;
	}
	if (own & OWN_ITEM_HINTS) {
		dst->hints_used = src->hints_used;
		dst->hint_level = src->hint_level;
	}
	if (own & OWN_ITEM_PICK) {
		dst->last_picked = src->last_picked;
		dst->first_seen = src->first_seen;
		dst->opened = src->opened;
	}
}

static bool item_is_fresh(const struct tu_item_progress *p)
{
	struct tu_item_progress f;

	tu_learner_item_init(&f);
	return p->attempts == 0 && p->failures == 0 && p->hints_used == 0 &&
	       p->hint_level == 0 && p->last_failure == f.last_failure &&
	       !p->solved && p->first_seen == f.first_seen &&
	       p->last_picked == f.last_picked &&
	       p->last_attempt == f.last_attempt && p->opened == f.opened &&
	       p->solved_at == f.solved_at && p->time_s == 0.0;
}

/* Restores the owned item fields of b from a; drops records new in b
 * that hold nothing but owned fields. */
static void restore_items(const struct tu_learner_state *a,
			  struct tu_learner_state *b, unsigned own)
{
	struct tu_item_progress fresh;

	tu_learner_item_init(&fresh);
	for (size_t i = b->n_items; i-- > 0;) {
		struct tu_item_progress *p = &b->items[i];
		const struct tu_item_progress *q = tu_learner_item_find(a, p->item);

		copy_owned(p, q ? q : &fresh, own);
		if (q || !item_is_fresh(p))
			continue;
		memmove(p, p + 1, (b->n_items - i - 1) * sizeof(*p));
		b->n_items--;
	}
}

bool fx_only_changed(const struct tu_learner_state *before,
		     const struct tu_learner_state *after, unsigned own)
{
	struct tu_learner_state a, b, donor;
	bool eq;

	tu_learner_state_init(&a);
	tu_learner_state_init(&b);
	tu_learner_state_init(&donor);
	assert_int_equal(tu_learner_state_copy(&a, before, NULL), TU_OK);
	assert_int_equal(tu_learner_state_copy(&b, after, NULL), TU_OK);
	assert_int_equal(tu_learner_state_copy(&donor, before, NULL), TU_OK);
	if (own & OWN_TOPICS)
		SWAP_LIST(&b, &donor, topics, n_topics, cap_topics);
	if (own & OWN_MISC)
		SWAP_LIST(&b, &donor, misconceptions, n_misconceptions,
			  cap_misconceptions);
	if (own & OWN_REVIEWS)
		SWAP_LIST(&b, &donor, reviews, n_reviews, cap_reviews);
	if (own & OWN_NOTES)
		SWAP_LIST(&b, &donor, notes, n_notes, cap_notes);
	if (own & OWN_DAILY)
		b.daily = a.daily;
	if (own & OWN_ENGAGEMENT)
		b.engagement = a.engagement;
	restore_items(&a, &b, own);
	eq = tu_learner_state_equal(&a, &b);
	tu_learner_state_release(&a);
	tu_learner_state_release(&b);
	tu_learner_state_release(&donor);
	return eq;
}
