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
 * This module is pure data + codec: it does not decide anything (mastery
 * updates live in tutor/mastery.h, scheduling in tutor/srs.h) and does no
 * I/O (the codec works on memory buffers).
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

	struct tu_engagement engagement;
	struct tu_preferences preferences;
	enum tu_persona persona;
};

#endif
