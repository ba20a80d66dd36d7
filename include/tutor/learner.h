/*
 * tutor/learner.h - the centralized learner state and its JSON codec.
 *
 * One struct tu_learner_state holds everything the pedagogical core knows
 * about one learner: per-topic mastery with Beta uncertainty, misconceptions,
 * the review queue (SM-2 and FSRS fields), engagement, preferences, goal
 * components (Pxplore), persona, long-term notes and a version.
 *
 * Ownership: the state owns all of its arrays.  Initialise with
 * tu_learner_state_init (cannot fail, allocates nothing), free the contents
 * with tu_learner_state_release.  Strings are fixed-size, NUL-terminated
 * arrays whose limits are part of the format: the decoder rejects longer
 * input instead of truncating it.  Times are Unix seconds (int64);
 * TU_TIME_NONE means "never" and is encoded as JSON null.
 *
 * This module is pure data, bounded editing helpers and the codec: it does
 * not decide anything (mastery updates live in tutor/mastery.h, scheduling
 * in tutor/srs.h) and does no I/O (the codec works on memory buffers).
 * The format, its limits and its error messages: docs/learner-model.md.
 */
#ifndef TUTOR_LEARNER_H
#define TUTOR_LEARNER_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "tutor/err.h"

#define TU_TIME_NONE INT64_MIN

#define TU_ID_MAX 64           /* topic, item, misconception ids, bytes incl. NUL */
#define TU_TEXT_MAX 512        /* descriptions, notes */
#define TU_SHORT_MAX 128       /* metric names, evidence entries, language */
#define TU_ITEM_TOPICS_MAX 8   /* topics per review item */
#define TU_EVIDENCE_MAX 16     /* evidence entries per goal / misconception */
#define TU_OPT_OUTS_MAX 16
#define TU_ACTIVITY_MAX 32     /* recent activity windows kept */
#define TU_STATE_LIST_MAX 100000 /* entries per list accepted by the decoder */
#define TU_STATE_JSON_MAX (16u * 1024u * 1024u) /* bytes accepted by decode */

struct tu_topic_state {
	char topic[TU_ID_MAX];
	double mastery;          /* [0,1] */
	double alpha, beta;      /* Beta uncertainty, both > 0 */
	uint32_t attempts;
	uint32_t successes;
	int64_t last_practiced;  /* TU_TIME_NONE if never */
};

struct tu_misconception {
	char id[TU_ID_MAX];
	char topic[TU_ID_MAX];
	uint64_t evidence[TU_EVIDENCE_MAX]; /* event ids from the log */
	size_t n_evidence;
	uint32_t count;
	int64_t last_seen;
};

struct tu_review_item {
	char item[TU_ID_MAX];
	char topics[TU_ITEM_TOPICS_MAX][TU_ID_MAX];
	size_t n_topics;
	int64_t due;             /* TU_TIME_NONE if not scheduled */
	double interval_days;    /* >= 0 */
	double ease_factor;      /* SM-2 EF, >= 1.3 */
	uint32_t repetitions;    /* SM-2 n */
	uint32_t lapses;
	double stability;        /* FSRS S in days, 0 = no FSRS state yet */
	double difficulty;       /* FSRS D in [1,10], 0 = no FSRS state yet */
	int64_t last_review;     /* TU_TIME_NONE if never */
};

struct tu_activity_window {
	int64_t start, end;      /* start <= end */
	uint32_t events;
};

struct tu_engagement {
	uint32_t streak_days;
	uint32_t longest_streak;
	int64_t last_seen;       /* TU_TIME_NONE if never */
	uint32_t failure_streak;
	int64_t last_nudge;      /* TU_TIME_NONE if never */
	uint32_t nudges_today;
	struct tu_activity_window windows[TU_ACTIVITY_MAX];
	size_t n_windows;
};

/* Type of the most recent failed attempt on an item (the hint policy,
 * tutor/hints.h, and the profiler use it).  JSON: "none", "syntax",
 * "runtime", "wrong_answer", "timeout". */
enum tu_failure {
	TU_FAIL_NONE = 0,    /* no failed run yet (or last run passed) */
	TU_FAIL_SYNTAX,      /* compile or syntax error */
	TU_FAIL_RUNTIME,     /* runtime error / exception */
	TU_FAIL_WRONG,       /* wrong answer */
	TU_FAIL_TIMEOUT      /* time or resource limit */
};

/*
 * What the learner did on one item (problem or learning action): the
 * curator's no-repeat window, the hint policy's history and the solve time
 * all come from here.  `opened` is when the current attempt started (the
 * item was picked/shown, or the previous submission): solve time of a
 * submission = now - opened.
 */
struct tu_item_progress {
	char item[TU_ID_MAX];
	uint32_t attempts;       /* submissions */
	uint32_t failures;       /* failed submissions, <= attempts */
	uint32_t hints_used;     /* hints given on this item */
	uint32_t hint_level;     /* highest hint level given, 0..5; 0 iff hints_used 0 */
	enum tu_failure last_failure;
	bool solved;             /* at least one accepted submission */
	int64_t first_seen;      /* first pick/view/attempt, TU_TIME_NONE never */
	int64_t last_picked;     /* last time the curator offered it, or NONE */
	int64_t last_attempt;    /* last submission, or NONE */
	int64_t opened;          /* start of the current attempt, or NONE */
	int64_t solved_at;       /* first accepted submission, or NONE */
	double time_s;           /* total time on task, seconds, >= 0 */
};

/* The day's generated problem set (on_daily_generation). */
#define TU_DAILY_MAX 32
struct tu_daily_plan {
	int64_t day;             /* local day number (tutor/engagement.h), or
				    TU_TIME_NONE when no plan was generated */
	char items[TU_DAILY_MAX][TU_ID_MAX];
	char buckets[TU_DAILY_MAX][16]; /* "review", "growth", "challenge", "mastered" */
	size_t n;
};

/* Review scheduler a learner uses.  JSON: "sm2", "fsrs". */
enum tu_scheduler { TU_SCHED_SM2 = 0, TU_SCHED_FSRS };

enum tu_skill_level {
	TU_SKILL_UNKNOWN = 0,
	TU_SKILL_BEGINNER,
	TU_SKILL_INTERMEDIATE,
	TU_SKILL_ADVANCED
};

struct tu_preferences {
	enum tu_skill_level skill_level;
	char language[TU_SHORT_MAX];   /* programming language, e.g. "python" */
	uint32_t time_budget_min;      /* minutes per day, 0 = unset */
	char opt_outs[TU_OPT_OUTS_MAX][TU_SHORT_MAX]; /* e.g. "nudges", "llm" */
	size_t n_opt_outs;
	enum tu_scheduler scheduler;   /* default SM-2 */
	int32_t utc_offset_min;        /* local time offset, -1440 < x < 1440 */
};

enum tu_goal_dimension {
	TU_GOAL_LONG_TERM_OBJECTIVE = 0,
	TU_GOAL_SHORT_TERM_OBJECTIVE,
	TU_GOAL_IMPLICIT_MOTIVATION,
	TU_GOAL_EXPLICIT_MOTIVATION
};
#define TU_GOAL_DIMENSIONS 4

enum tu_cmp { TU_CMP_GE = 0, TU_CMP_GT, TU_CMP_LE, TU_CMP_LT, TU_CMP_EQ };

struct tu_goal {
	char id[TU_ID_MAX];
	enum tu_goal_dimension dimension;
	char description[TU_TEXT_MAX];
	char metric[TU_SHORT_MAX];     /* name of a computable metric */
	enum tu_cmp threshold_cmp;
	double threshold;
	double value;                  /* last measured metric value, NaN none */
	char evidence[TU_EVIDENCE_MAX][TU_SHORT_MAX];
	size_t n_evidence;
	double confidence;             /* [0,1] */
	double weight;                 /* > 0, default 1 */
	bool aligned;
};

enum tu_persona {
	TU_PERSONA_NONE = 0,
	TU_PERSONA_MOMENTUM,
	TU_PERSONA_CONSOLIDATOR,
	TU_PERSONA_EXPLORER,
	TU_PERSONA_STRUGGLER
};

struct tu_note {
	char section[TU_ID_MAX];       /* "trends", "misconceptions", "insights" */
	char text[TU_TEXT_MAX];
};

struct tu_learner_state {
	char learner_id[TU_ID_MAX];
	uint64_t version;              /* bumped by the orchestrator per event */
	int64_t updated;               /* TU_TIME_NONE if never */

	struct tu_topic_state *topics;
	size_t n_topics, cap_topics;
	struct tu_misconception *misconceptions;
	size_t n_misconceptions, cap_misconceptions;
	struct tu_review_item *reviews;
	size_t n_reviews, cap_reviews;
	struct tu_goal *goals;
	size_t n_goals, cap_goals;
	struct tu_note *notes;
	size_t n_notes, cap_notes;
	struct tu_item_progress *items;
	size_t n_items, cap_items;
	struct tu_daily_plan daily;

	struct tu_engagement engagement;
	struct tu_preferences preferences;
	enum tu_persona persona;
};

/* ---- lifecycle --------------------------------------------------------- */

/* Makes s an empty state: no lists, every time TU_TIME_NONE, unknown skill,
 * no persona.  Allocates nothing, cannot fail. */
void tu_learner_state_init(struct tu_learner_state *s);

/* Frees the lists s owns and re-initialises it; s may be NULL. */
void tu_learner_state_release(struct tu_learner_state *s);

/*
 * Deep copy: dst (an initialised state) receives a copy of src; its old
 * contents are released.  TU_ENOMEM leaves dst unchanged.  dst != src.
 */
enum tu_status tu_learner_state_copy(struct tu_learner_state *dst,
				     const struct tu_learner_state *src,
				     struct tu_err *err);

/* Moves src's contents into dst (whose old contents are released) and
 * leaves src empty and initialised.  Cannot fail. */
void tu_learner_state_move(struct tu_learner_state *dst,
			   struct tu_learner_state *src);

/* The bytes s holds in memory: the struct plus its lists' capacities
 * (what a cache of states is bounded by). */
size_t tu_learner_state_bytes(const struct tu_learner_state *s);

/*
 * True when a and b hold exactly the same data: same list lengths and
 * order, same strings, doubles bitwise equal or both NaN.  Capacities and
 * bytes after a string's NUL are ignored.
 */
bool tu_learner_state_equal(const struct tu_learner_state *a,
			    const struct tu_learner_state *b);

/*
 * Checks every invariant the JSON format promises (docs/learner-model.md
 * "Limits"): strings NUL-terminated inside their arrays, ids non-empty and
 * free of control characters, unique topic/item/goal/misconception ids,
 * every number in its range.  TU_ERANGE (TU_ENOMEM) with a message that
 * starts with the JSON path: "$.topics[3].mastery: must be in [0,1], got 1.5".
 */
enum tu_status tu_learner_state_validate(const struct tu_learner_state *s,
					 struct tu_err *err);

/* ---- editing ------------------------------------------------------------
 * Pointers returned into the lists stay valid until the next call that
 * adds to or removes from the same list.  On any error the state is
 * unchanged.  Lists stop at TU_STATE_LIST_MAX entries (TU_ERANGE). */

/* Copies the string src into dst[cap]; TU_ERANGE if it does not fit
 * (dst untouched).  For filling id/text fields of the structs above. */
enum tu_status tu_learner_set_string(char *dst, size_t cap, const char *src,
				     struct tu_err *err);

/* The topic entry named topic, or NULL.  Borrowed, see above. */
struct tu_topic_state *tu_learner_topic_find(const struct tu_learner_state *s,
					     const char *topic);

/*
 * Sets *out to the entry for topic.  When it is missing and create is true
 * a new entry is appended (mastery = init_m, alpha = beta = 1, no attempts,
 * never practiced); when create is false that is TU_ENOTFOUND.  TU_EINVAL
 * for an invalid id (empty, >= TU_ID_MAX bytes, control characters) or
 * init_m outside [0,1]; TU_ERANGE when the list is full; TU_ENOMEM.
 */
enum tu_status tu_learner_topic_get(struct tu_learner_state *s,
				    const char *topic, bool create,
				    double init_m, struct tu_topic_state **out,
				    struct tu_err *err);

/* Fills r with a new, unscheduled item: all zero, ease_factor 2.5 (SM-2
 * EF_0), due and last_review TU_TIME_NONE.  The caller sets item/topics. */
void tu_learner_review_init(struct tu_review_item *r);

/* The review entry for item id, or NULL. */
struct tu_review_item *tu_learner_review_find(const struct tu_learner_state *s,
					      const char *item);

/*
 * Appends a copy of r (validated like the decoder does) and sets *out (may
 * be NULL) to it.  TU_EINVAL when r is invalid or its item already has an
 * entry; TU_ERANGE when the list is full; TU_ENOMEM.
 */
enum tu_status tu_learner_review_add(struct tu_learner_state *s,
				     const struct tu_review_item *r,
				     struct tu_review_item **out,
				     struct tu_err *err);

/* Removes the entry for item keeping the order; TU_ENOTFOUND if none. */
enum tu_status tu_learner_review_remove(struct tu_learner_state *s,
					const char *item, struct tu_err *err);

/* Fills g with defaults: all zero, weight 1, value NaN (not measured),
 * threshold ">= 0", not aligned.  The caller sets id and the rest. */
void tu_learner_goal_init(struct tu_goal *g);

/* The goal with this id, or NULL. */
struct tu_goal *tu_learner_goal_find(const struct tu_learner_state *s,
				     const char *id);

/* Appends a validated copy of g; TU_EINVAL when invalid or the id exists,
 * TU_ERANGE when full, TU_ENOMEM.  *out (may be NULL) points at it. */
enum tu_status tu_learner_goal_add(struct tu_learner_state *s,
				   const struct tu_goal *g, struct tu_goal **out,
				   struct tu_err *err);

/* Appends a note; section is an id (non-empty), text fits TU_TEXT_MAX.
 * TU_EINVAL / TU_ERANGE / TU_ENOMEM. */
enum tu_status tu_learner_note_add(struct tu_learner_state *s,
				   const char *section, const char *text,
				   struct tu_err *err);

/* The misconception with this id, or NULL. */
struct tu_misconception *
tu_learner_misconception_find(const struct tu_learner_state *s, const char *id);

/*
 * Records one sighting of misconception id on topic (may be "") at time
 * now from log event event_id (<= INT64_MAX): creates the entry when new,
 * increments count (saturating), appends event_id to the evidence (the
 * oldest is dropped past TU_EVIDENCE_MAX) and sets last_seen = now.
 */
enum tu_status tu_learner_misconception_record(struct tu_learner_state *s,
					       const char *id,
					       const char *topic,
					       uint64_t event_id, int64_t now,
					       struct tu_err *err);

/* Appends an activity window [start, end] with events events; the oldest
 * window is dropped past TU_ACTIVITY_MAX.  TU_EINVAL when start > end or a
 * bound is TU_TIME_NONE. */
enum tu_status tu_learner_window_add(struct tu_learner_state *s,
				     int64_t start, int64_t end,
				     uint32_t events, struct tu_err *err);

/* Adds name (an id-like string < TU_SHORT_MAX) to the opt-outs if absent.
 * TU_EINVAL for a bad name, TU_ERANGE past TU_OPT_OUTS_MAX. */
enum tu_status tu_learner_opt_out_add(struct tu_learner_state *s,
				      const char *name, struct tu_err *err);

/* True when name is among the opt-outs. */
bool tu_learner_has_opt_out(const struct tu_learner_state *s,
			    const char *name);

/* Fills p with a fresh record for item: all counters 0, not solved, every
 * time TU_TIME_NONE, last_failure NONE.  The caller sets item. */
void tu_learner_item_init(struct tu_item_progress *p);

/* The progress entry for item, or NULL. */
struct tu_item_progress *tu_learner_item_find(const struct tu_learner_state *s,
					      const char *item);

/*
 * Sets *out to the entry for item, appending a fresh one (see
 * tu_learner_item_init) when missing.  TU_EINVAL for an invalid id,
 * TU_ERANGE when the list is full, TU_ENOMEM; s unchanged on error.
 */
enum tu_status tu_learner_item_get(struct tu_learner_state *s,
				   const char *item,
				   struct tu_item_progress **out,
				   struct tu_err *err);

/* ---- enum names (the JSON spelling); static strings, "?" if invalid --- */
const char *tu_skill_level_name(enum tu_skill_level v);   /* "beginner" */
const char *tu_goal_dimension_name(enum tu_goal_dimension v);
						/* "long_term_objective" */
const char *tu_cmp_name(enum tu_cmp v);                   /* ">=" */
const char *tu_persona_name(enum tu_persona v);           /* "momentum" */
const char *tu_failure_name(enum tu_failure f);           /* "syntax" */
const char *tu_scheduler_name(enum tu_scheduler v);       /* "sm2" */

/* ---- JSON codec ---------------------------------------------------------
 * Format 1, documented in docs/learner-model.md: one compact object, keys
 * in a fixed order, doubles with 17 significant digits (bit-exact round
 * trip), times as integer Unix seconds or null, enums as strings. */

/*
 * Encodes s (checked with tu_learner_state_validate first, so the output
 * always decodes) into a new NUL-terminated buffer *out of *len bytes
 * (without the NUL); the caller frees it with free().  TU_ERANGE for an
 * invalid state, TU_ENOMEM.  On error *out is NULL.
 */
enum tu_status tu_learner_state_encode(const struct tu_learner_state *s,
				       char **out, size_t *len,
				       struct tu_err *err);

/*
 * Decodes len bytes of buf (borrowed, need not be NUL-terminated) into s,
 * an initialised state whose old contents are released on success.  The
 * decoder is strict: the message starts with the JSON path and says why.
 * TU_ERANGE: len > TU_STATE_JSON_MAX, a value, string length or list size
 * out of range, an unsupported "format".  TU_EPARSE: invalid JSON (line
 * and column given), duplicate, unknown or missing keys, wrong types,
 * unknown enum names.  TU_ENOMEM.  On error s is unchanged.
 */
enum tu_status tu_learner_state_decode(const char *buf, size_t len,
				       struct tu_learner_state *s,
				       struct tu_err *err);

#endif
