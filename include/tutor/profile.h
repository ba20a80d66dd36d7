/*
 * tutor/profile.h - Pxplore's three-stage profiling pipeline made
 * deterministic: behavioural indicators from what the learner state keeps
 * (time on task against the expected time with IQR fences, review loops,
 * test outcomes, hint use), semantic signals from the learner's own
 * messages (keyword cues; an optional classifier hook where an LLM could
 * sit), and a synthesis into a cognitive level on Bloom's scale,
 * interests and a persona (tutor/persona.h).  Formulas and constants:
 * docs/goals.md "The profiling pipeline".
 *
 * What it is not: it changes no state (the profile is computed on
 * demand, from the state and the event log), calls no model (the hook is
 * the caller's) and does no I/O.  Pure: no clock (now is an argument), no
 * globals.
 *
 * Ownership: the input is borrowed for the call.  struct tu_profile owns
 * its arrays (tu_profile_release); every string in it, including the
 * persona result's topics, points into the profile itself and is valid
 * until tu_profile_release (a profile must not be copied by value).
 */
#ifndef TUTOR_PROFILE_H
#define TUTOR_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tutor/err.h"
#include "tutor/event.h"
#include "tutor/json.h"
#include "tutor/learner.h"
#include "tutor/persona.h"

struct tu_course;                    /* tutor/content.h */

#define TU_PROFILE_EVENTS_MAX 10000   /* events read (assist "ask") */
#define TU_PROFILE_MESSAGES_MAX 1000  /* learner messages read */
#define TU_PROFILE_MESSAGE_MAX 4096   /* bytes of one message read */
#define TU_PROFILE_INTERESTS 5        /* interests kept, best first */
#define TU_PROFILE_IQR_MIN 4          /* timed items for IQR fences */
#define TU_PROFILE_HIGH_FIXED 2.0     /* fences below that: time / expected */
#define TU_PROFILE_LOW_FIXED 0.25

/* Pxplore's behaviour labels of one item (time on task). */
enum tu_behaviour {
	TU_BEHAV_UNTIMED = 0,        /* no time on task or no expected time */
	TU_BEHAV_NORMAL,
	TU_BEHAV_PRODUCTIVE_STRUGGLE, /* high time, with failures or hints */
	TU_BEHAV_FOCUSED,            /* high time, no failure, no hint */
	TU_BEHAV_SKIMMING,           /* low time, no failure, no hint */
	TU_BEHAV_DISTRACTION         /* low time, with failures or hints */
};
#define TU_BEHAVIOURS 6

/* One attempted item: its indicators and its episode. */
struct tu_profile_item {
	char item[TU_ID_MAX];
	char topic[TU_ID_MAX];       /* first topic of the problem, "" */
	int64_t at;                  /* episode time: solved_at, else the
					last attempt */
	double ratio;                /* time_s / expected seconds, NaN */
	bool struggle;               /* a failed submission or a hint */
	enum tu_behaviour label;
	bool solved;
	uint32_t hint_level;         /* highest hint level given */
	bool first_try;              /* solved with no failed submission */
	bool review_loop;            /* submitted again after being solved */
	bool voluntary;              /* never offered by the curator */
	uint32_t questions;          /* "ask" events about the item */
	unsigned affect;             /* enum tu_affect bits */
	double level;                /* episode Bloom level in [1,6] */
	double smoothed;             /* after median-3 and EWA */
};

struct tu_profile_behaviour {
	size_t n_items;              /* attempted items */
	size_t n_timed;
	bool iqr;                    /* fences from the IQR (else fixed) */
	double q1, q3, low, high;    /* ratios; q1/q3 NaN without IQR */
	size_t labels[TU_BEHAVIOURS];
	uint32_t review_loops;       /* items submitted again after solving */
	uint32_t reviews_done;       /* reviews with repetitions >= 1 */
	uint64_t submissions;
	double accuracy;             /* accepted / submissions, NaN none */
	double first_try_rate;       /* first-try solves / attempted, NaN */
	double hints_per_problem;    /* hints / items with activity, NaN */
	uint32_t max_hint_level;
};

enum tu_profile_source { TU_PROFILE_SRC_NONE = 0, TU_PROFILE_SRC_KEYWORDS,
			 TU_PROFILE_SRC_HOOK };

struct tu_profile_semantic {
	size_t n_messages;           /* learner messages read */
	size_t n_questions;          /* "ask" events */
	uint32_t confusion, curiosity, frustration; /* messages with the cue */
	enum tu_profile_source source; /* HOOK when the hook classified a
					  message, KEYWORDS when only the
					  cues did, NONE without messages */
	uint32_t hook_failures;      /* messages the hook failed on */
};

struct tu_profile_interest {
	char topic[TU_ID_MAX];
	double score;                /* Pxplore's interest rule */
};

struct tu_profile {
	char learner[TU_ID_MAX];
	uint64_t version;
	int64_t at;                  /* now of the computation */
	struct tu_profile_item *items; /* owned, in episode order */
	size_t n_items;
	struct tu_profile_behaviour behaviour;
	struct tu_profile_semantic semantic;
	struct tu_profile_interest interests[TU_PROFILE_INTERESTS];
	size_t n_interests;
	struct tu_persona_result persona; /* level, Bloom band, trend, persona;
					     topics point into `topics` */
	struct tu_gap *gaps;         /* owned; topics point into `topics` */
	size_t n_gaps;
	char (*topics)[TU_ID_MAX];   /* owned: every topic name the episodes
					and gaps use, once */
	size_t n_topics;
};

/* A learner message (the learner's own words); item may be NULL. */
struct tu_profile_message {
	const char *text;
	const char *item;
};

/*
 * The optional semantic classifier (an LLM, or anything else): sets
 * *affect (enum tu_affect bits) for one message.  On a failure the
 * keyword cues serve that message instead (counted in hook_failures).
 */
typedef enum tu_status (*tu_profile_classify_fn)(void *ctx, const char *text,
						 unsigned *affect,
						 struct tu_err *err);

struct tu_profile_input {
	const struct tu_learner_state *st;   /* required */
	const struct tu_course *course;      /* may be NULL: no Bloom map,
						expected times or topics */
	const struct tu_event_in *events;    /* may be NULL; "ask" assist
						events are read */
	size_t n_events;
	const struct tu_profile_message *messages; /* may be NULL */
	size_t n_messages;
	int64_t now;
	tu_profile_classify_fn classify;     /* NULL: keyword cues */
	void *classify_ctx;
};

/* Makes p empty; allocates nothing. */
void tu_profile_init(struct tu_profile *p);
/* Frees what p owns and makes it empty; p may be NULL. */
void tu_profile_release(struct tu_profile *p);

/*
 * Computes the profile of in->st into out (initialised; old contents
 * released on success).  Besides in->messages, the learner's own words
 * kept in the state (goal evidence quoted as `said "..."`) are read as
 * messages.  TU_EINVAL for a NULL state or NULL arrays with n > 0,
 * TU_ERANGE above the _MAX limits, TU_ENOMEM; out unchanged on error.
 */
enum tu_status tu_profile_compute(const struct tu_profile_input *in,
				  struct tu_profile *out, struct tu_err *err);

/* The profile as a JSON object (a new reference) into *out; TU_ENOMEM. */
enum tu_status tu_profile_to_json(const struct tu_profile *p, json_t **out,
				  struct tu_err *err);

/* "untimed", "normal", "productive_struggle", "focused_engagement",
 * "skimming", "distraction"; "?" when invalid.  Static. */
const char *tu_behaviour_name(enum tu_behaviour b);

/* "none", "keywords", "hook".  Static. */
const char *tu_profile_source_name(enum tu_profile_source s);

#endif
