/*
 * fixture.h - a small hand-built course and learner for the agents'
 * tests (no course loader involved), plus the ownership check: "this
 * agent changed nothing outside its own part of the state".
 *
 * The course "sample": topics basics <- loops <- recursion (each requires
 * the previous); misconceptions infinite-loop (topic loops) and
 * off-by-one (general); problems (sorted by id)
 *   count-up    easy    [loops]          10 min  "Count up"
 *   fact        hard    [recursion]      20 min  "Factorial"
 *   hello       easy    [basics]          5 min  "Hello"
 *   max         easy    [loops]          10 min  "Largest element"
 *   mean        medium  [basics, loops]  15 min  "Mean of a list"
 *   sum-digits  medium  [loops]          10 min  "Sum of digits"
 * Only "mean" has a Python reference solution and authored hints (level
 * 2 with a beginner variant; level 4 quotes a solution line).
 */
#ifndef TUTOR_TESTS_AGENTS_FIXTURE_H
#define TUTOR_TESTS_AGENTS_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "tutor/agents.h"

#define FX_NOW 1700000000LL   /* 2023-11-14 22:13:20 UTC */
#define FX_DAY 86400LL
#define FX_PROBLEMS 6

struct fx {
	struct tu_course course;
	struct tu_course_topic topics[3];
	struct tu_course_misconception misc[2];
	struct tu_course_problem problems[FX_PROBLEMS];
	struct tu_agent_config cfg;
	struct tu_pick_ctx pick;
	struct tu_rng rng;
	struct tu_agent_ctx ctx;
	struct tu_learner_state state;   /* the learner before the event */
};

/* The Python solution of "mean" and the texts of its hint levels. */
extern const char FX_MEAN_SOLUTION[];
extern const char *const FX_MEAN_HINTS[5];
extern const char FX_MEAN_HINT2_BEGINNER[];

void fx_init(struct fx *f);
void fx_release(struct fx *f);

/* A submission event for item (code "pass"), verdict and counts. */
void fx_submission(struct tu_event_in *ev, const char *item,
		   enum tu_verdict v, uint32_t passed, uint32_t total);
/* Adds a tag to a submission event. */
void fx_tag(struct tu_event_in *ev, const char *tag, const char *topic);
/* Releases a submission event's code. */
void fx_event_release(struct tu_event_in *ev);

/* Sets the mastery of a topic in the fixture's state (creating it). */
void fx_topic(struct fx *f, const char *topic, double m);
/* The fixture state's item record (created when missing). */
struct tu_item_progress *fx_item(struct fx *f, const char *item);

/*
 * Runs agent fn on the fixture's state: *st receives a copy of f->state
 * and the proposal; out is initialised here.  Returns the agent's status.
 */
enum tu_status fx_run(struct fx *f, tu_agent_fn fn,
		      const struct tu_event_in *ev,
		      struct tu_learner_state *st, struct tu_agent_out *out,
		      struct tu_err *err);
/* Moves st into f->state (the orchestrator's commit). */
void fx_commit(struct fx *f, struct tu_learner_state *st);

/* Parts of the state, for fx_only_changed. */
enum {
	OWN_TOPICS = 1 << 0,
	OWN_MISC = 1 << 1,
	OWN_REVIEWS = 1 << 2,
	OWN_NOTES = 1 << 3,
	OWN_DAILY = 1 << 4,
	OWN_ENGAGEMENT = 1 << 5,      /* the whole engagement record */
	OWN_ITEM_ATTEMPT = 1 << 6,    /* skill assessment's item fields */
	OWN_ITEM_HINTS = 1 << 7,      /* hints_used, hint_level */
	OWN_ITEM_PICK = 1 << 8        /* last_picked, first_seen, opened */
};

/*
 * True when `after` differs from `before` only in the parts named by own:
 * every other part is restored from `before` on a copy and the copies are
 * compared with tu_learner_state_equal.  An item record `after` has and
 * `before` lacks must hold defaults outside the owned fields.
 */
bool fx_only_changed(const struct tu_learner_state *before,
		     const struct tu_learner_state *after, unsigned own);

#endif
