/*
 * tutor/curriculum.h - the content curator: a topic prerequisite DAG, an
 * item bank compiled against it, and the 40/50/10 review/growth/challenge
 * picker with prerequisite gating, a no-repeat window and a per-list topic
 * diversity cap.  Every pick carries a machine-readable reason.
 *
 * The module is pure and deterministic: no I/O, no clock (now is an
 * argument), no globals; ties are broken by item id, or by a caller-owned
 * seeded struct tu_rng when one is passed.  It reads a struct
 * tu_learner_state (tutor/learner.h) but never changes it; it does not
 * update mastery (tutor/mastery.h) or schedule reviews (tutor/srs.h).
 *
 * Ownership: struct tu_topic_graph and struct tu_curriculum own their
 * arrays (init cannot fail, release frees).  A curriculum borrows its graph,
 * which must outlive it; a pick context borrows its curriculum.  Strings in
 * results (item ids, topic ids, reason codes) point into the curriculum or
 * to static storage and stay valid until the curriculum is released.
 * The rules, constants and reason codes are documented in docs/curriculum.md.
 */
#ifndef TUTOR_CURRICULUM_H
#define TUTOR_CURRICULUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tutor/err.h"
#include "tutor/learner.h"
#include "tutor/mastery.h"
#include "tutor/rng.h"

#define TU_CUR_TOPICS_MAX 10000   /* topics per graph */
#define TU_CUR_EDGES_MAX 100000   /* prerequisite edges per graph */
#define TU_CUR_ITEMS_MAX 100000   /* items per bank */
#define TU_CUR_RECENT_MAX 10000   /* history entries per pick call */
#define TU_PICK_MAX 32            /* k per pick call */
#define TU_REASON_TEXT_MAX 192

/* ------------------------------------------------------------------ */
/* Topic prerequisite graph                                            */

/* One edge: `topic` requires `requires` (borrowed strings). */
struct tu_prereq {
	const char *topic;
	const char *requires;
};

struct tu_topic_graph {
	size_t n_topics;
	char (*ids)[TU_ID_MAX];  /* topic ids in input order; index = topic number */
	size_t *pre_start;       /* prerequisites of t: pre[pre_start[t] .. pre_start[t+1]) */
	uint32_t *pre;
	size_t n_edges;
	uint32_t *slots;         /* private: id hash index (topic + 1, 0 empty) */
	size_t n_slots;
};

/* Makes g an empty graph; allocates nothing. */
void tu_topic_graph_init(struct tu_topic_graph *g);

/*
 * Builds g (initialised, empty) from n_ids topic ids and n_edges edges
 * (all borrowed, copied).  Validates: ids non-empty and shorter than
 * TU_ID_MAX, no duplicate id, every edge names known topics, no duplicate
 * edge, no self-edge, acyclic.  A cycle is reported with its path in
 * prerequisite order, e.g. "cycle: recursion -> trees -> recursion"
 * (recursion is required by trees, which is required by recursion).
 * TU_EINVAL / TU_ERANGE / TU_EDATA / TU_ENOMEM; on error g stays empty.
 */
enum tu_status tu_topic_graph_build(struct tu_topic_graph *g,
				    const char *const *ids, size_t n_ids,
				    const struct tu_prereq *edges,
				    size_t n_edges, struct tu_err *err);

/* Frees g's arrays and leaves it empty (re-usable). */
void tu_topic_graph_release(struct tu_topic_graph *g);

/* Finds a topic id; true and *index set when present. */
bool tu_topic_graph_find(const struct tu_topic_graph *g, const char *id,
			 size_t *index);

/* ------------------------------------------------------------------ */
/* Item bank                                                           */

struct tu_item {
	char id[TU_ID_MAX];
	char topics[TU_ITEM_TOPICS_MAX][TU_ID_MAX];
	size_t n_topics;               /* 1 .. TU_ITEM_TOPICS_MAX */
	enum tu_difficulty difficulty; /* tutor/mastery.h */
	double expected_min;           /* expected minutes, finite, >= 0 */
};

/* An item compiled against the graph: topics interned to numbers. */
struct tu_cur_item {
	char id[TU_ID_MAX];
	uint32_t topic[TU_ITEM_TOPICS_MAX];
	uint32_t n_topics;
	enum tu_difficulty difficulty;
	double expected_min;
};

struct tu_curriculum {
	const struct tu_topic_graph *graph; /* borrowed */
	struct tu_cur_item *items;          /* sorted by id (strcmp) */
	size_t n_items;
	uint32_t *slots;                    /* private: id hash index */
	size_t n_slots;
};

/* Makes cur empty; allocates nothing. */
void tu_curriculum_init(struct tu_curriculum *cur);

/*
 * Compiles n_items items (borrowed, copied) against graph (borrowed; it
 * must outlive cur).  Validates every item: id non-empty and unique,
 * 1..TU_ITEM_TOPICS_MAX topics all present in the graph and not repeated,
 * difficulty easy/medium/hard, expected_min finite and >= 0; the message
 * names the item ("item 12 'two-sum': topic 'heaps' is not in the topic
 * graph").  Items are stored sorted by id.  On error cur stays empty.
 */
enum tu_status tu_curriculum_build(struct tu_curriculum *cur,
				   const struct tu_topic_graph *graph,
				   const struct tu_item *items, size_t n_items,
				   struct tu_err *err);

/* Frees cur's arrays and leaves it empty. */
void tu_curriculum_release(struct tu_curriculum *cur);

/* Finds an item id; true and *index set when present. */
bool tu_curriculum_find(const struct tu_curriculum *cur, const char *id,
			size_t *index);

/* ------------------------------------------------------------------ */
/* The picker                                                          */

struct tu_curator_config {
	double share_review;     /* 0.4 */
	double share_growth;     /* 0.5 */
	double share_challenge;  /* 0.1; the three sum to 1 */
	double growth_lo;        /* 0.3: growth zone is [growth_lo, growth_hi] */
	double growth_hi;        /* 0.7; challenge is mastery < growth_lo */
	double prereq_min;       /* 0.6: every prerequisite's mastery >= this */
	uint32_t no_repeat_days; /* 3: no item picked/attempted within this */
	uint32_t topic_cap;      /* 2: max picks per topic per list, 0 = none */
	bool unseen_as_zero;     /* true: topics absent from the state have m 0;
				    false: they are closed (never picked) */
};

/* Fills cfg with the defaults above. */
void tu_curator_config_default(struct tu_curator_config *cfg);

/* Checks every field's range; TU_EINVAL naming the field otherwise. */
enum tu_status tu_curator_config_validate(const struct tu_curator_config *cfg,
					  struct tu_err *err);

/*
 * Splits k seats into review/growth/challenge quotas q[0..2] by
 * largest-remainder rounding of k * share; equal remainders go first to
 * the bucket with fewer seats so far, then in the order review, growth,
 * challenge.  Defaults give k=1: 0/1/0, 2: 1/1/0, 3: 1/2/0, 4: 2/2/0,
 * 5: 2/2/1, 6: 2/3/1, 7: 3/3/1, 8: 3/4/1, 9: 4/4/1, 10: 4/5/1.
 * cfg must be valid.
 */
void tu_curator_quotas(const struct tu_curator_config *cfg, size_t k,
		       size_t q[3]);

enum tu_bucket {
	TU_BUCKET_REVIEW = 0,   /* a due review */
	TU_BUCKET_GROWTH,       /* item mastery in the growth zone */
	TU_BUCKET_CHALLENGE,    /* item mastery below the growth zone */
	TU_BUCKET_MASTERED      /* item mastery above the growth zone */
};

/* A recent pick or attempt, for the no-repeat window. */
struct tu_recent {
	char item[TU_ID_MAX];
	int64_t at;              /* Unix seconds */
};

struct tu_pick_request {
	const struct tu_learner_state *state; /* borrowed */
	const struct tu_recent *recent;       /* borrowed, may be NULL if n 0 */
	size_t n_recent;
	int64_t now;                          /* Unix seconds */
	size_t k;                             /* 1 .. TU_PICK_MAX */
	struct tu_rng *rng;                   /* NULL: ties by item id */
};

struct tu_pick_reason {
	enum tu_bucket bucket;   /* category of the picked item */
	const char *code;        /* rule code, static ("growth_zone", ...) */
	const char *topic;       /* focus topic: the item's lowest-mastery topic */
	double mastery;          /* item mastery: mean over its topics */
	int64_t due;             /* review due time, TU_TIME_NONE otherwise */
	char text[TU_REASON_TEXT_MAX];
};

struct tu_pick {
	const char *item;        /* item id (points into the curriculum) */
	size_t index;            /* item index in the curriculum */
	struct tu_pick_reason reason;
};

struct tu_pick_list {
	struct tu_pick picks[TU_PICK_MAX];
	size_t n;
	const char *shortfall;   /* "none" or "no_eligible_items" (n < k) */
	char shortfall_text[TU_REASON_TEXT_MAX];
	size_t n_gated;          /* items closed by unmet prerequisites */
	size_t n_recent;         /* open items blocked by the no-repeat window */
	size_t n_due;            /* due reviews that are pickable */
};

/*
 * Per-learner scratch so that a pick allocates nothing in steady state.
 * It caches where the state's topics and reviews sit in the curriculum
 * (verified by id on every call, so a changed state is always safe).
 */
struct tu_pick_ctx {
	const struct tu_curriculum *cur; /* borrowed */
	double *topic_m;
	uint8_t *topic_flags;
	uint32_t *topic_count;
	double *item_m;
	uint8_t *item_flags;
	uint32_t *list;                  /* candidate lists, 3 x n_items */
	size_t n_list[3];
	uint32_t *topic_map, *review_map;
	size_t cap_topic_map, cap_review_map;
	struct tu__due *due;
	size_t cap_due, n_due;
	uint64_t salt;
};

/* Makes ctx empty; allocates nothing. */
void tu_pick_ctx_init(struct tu_pick_ctx *ctx);

/* Allocates ctx's scratch for cur (borrowed, must outlive ctx). */
enum tu_status tu_pick_ctx_prepare(struct tu_pick_ctx *ctx,
				   const struct tu_curriculum *cur,
				   struct tu_err *err);

/* Frees ctx's scratch and leaves it empty. */
void tu_pick_ctx_release(struct tu_pick_ctx *ctx);

/*
 * Picks up to req->k items for req->state at req->now into out.
 *
 * Eligible items: every topic is open (present in the state, or unseen and
 * cfg->unseen_as_zero, and every prerequisite's mastery >= prereq_min); not
 * picked or attempted within no_repeat_days before now (req->recent); not
 * already in the list.  Seats follow tu_curator_quotas.  Buckets: due
 * reviews (state review with due <= now whose item is in the bank, most
 * overdue first), growth (item mastery in [growth_lo, growth_hi], nearest
 * the zone's centre first), challenge (below growth_lo, highest mastery
 * then easiest first).  Shortfalls move: review -> growth, growth ->
 * challenge, challenge -> growth, then any eligible item nearest the
 * growth zone; each list respects topic_cap unless nothing else is
 * eligible ("diversity_cap_relaxed").  out->n < k only when no eligible
 * item remains (out->shortfall says why).  Deterministic for equal inputs
 * and rng state.  Errors: TU_EINVAL (k, config, unprepared ctx),
 * TU_ERANGE (more than TU_CUR_RECENT_MAX recent entries), TU_EDATA (a state
 * mastery outside [0,1] or NaN, naming the topic), TU_ENOMEM.
 */
enum tu_status tu_curator_pick(struct tu_pick_ctx *ctx,
			       const struct tu_curator_config *cfg,
			       const struct tu_pick_request *req,
			       struct tu_pick_list *out, struct tu_err *err);

/* Static name of a bucket ("review", "growth", "challenge", "mastered"). */
const char *tu_bucket_name(enum tu_bucket b);

#endif
