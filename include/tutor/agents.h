/*
 * tutor/agents.h - IntelliCode's six agents as pure functions.
 *
 * Each agent is (state, event, course, config, now) -> proposed state +
 * outputs.  It reads the learner state `in` (never changes it), writes its
 * proposal into `out_state` (which the orchestrator has made a copy of
 * `in`; the agent edits only the parts it owns) and describes what it did
 * in `out` (a JSON object of outputs for the learner/UI, and a reason for
 * each part of the state it changed, for the audit trail).  No I/O, no
 * clock (ctx->now is the event's time), no globals, no randomness except
 * ctx->rng (seeded by the orchestrator from learner and version).
 *
 * Who owns what part of the state:
 *   skill_assessment       items[item] attempt record (attempts, failures,
 *                          last_failure, solved, times)
 *   learner_profiler       topics[] (mastery, Beta, counts),
 *                          misconceptions[], engagement activity/streaks,
 *                          notes[section "trends"], goals[] (merged
 *                          from goals_stated events, re-evaluated on
 *                          every routed event)
 *   pedagogical_feedback   items[item].hints_used / hint_level
 *   content_curator        items[].last_picked / first_seen / opened, daily
 *   progress_synthesizer   reviews[]
 *   engagement_orchestrator engagement (the nudge fields, and the
 *                          visit it records on a session check)
 * The orchestrator checks this ownership: a proposal that changes another
 * agent's part is refused (docs/orchestrator.md).
 *
 * Routing (the paper's triggers, tutor/event.h):
 *   on_submission       skill_assessment, learner_profiler,
 *                       progress_synthesizer, pedagogical_feedback
 *   on_hint_request     pedagogical_feedback, learner_profiler
 *   on_session_check    content_curator, engagement_orchestrator,
 *                       learner_profiler
 *   on_daily_generation content_curator, learner_profiler
 *   on_review_due       progress_synthesizer, content_curator,
 *                       learner_profiler
 *   on_goals_stated     learner_profiler
 *   (the profiler re-evaluates the goal components on each: docs/goals.md)
 *   (learner_created, preferences and assist: no agent)
 * Within one event the agents run in this order, each seeing the
 * previous ones' changes in its proposal (the orchestrator commits
 * once at the end); `in` is always the state from before the event.
 *
 * Ownership: struct tu_agent_out owns its JSON and reasons
 * (tu_agent_out_release).
 */
#ifndef TUTOR_AGENTS_H
#define TUTOR_AGENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tutor/content.h"
#include "tutor/curriculum.h"
#include "tutor/engagement.h"
#include "tutor/err.h"
#include "tutor/leak.h"
#include "tutor/event.h"
#include "tutor/fsrs.h"
#include "tutor/json.h"
#include "tutor/learner.h"
#include "tutor/mastery.h"
#include "tutor/rng.h"
#include "tutor/srs.h"

enum tu_agent {
	TU_AGENT_SKILL_ASSESSMENT = 0,
	TU_AGENT_LEARNER_PROFILER,
	TU_AGENT_PEDAGOGICAL_FEEDBACK,
	TU_AGENT_CONTENT_CURATOR,
	TU_AGENT_PROGRESS_SYNTHESIZER,
	TU_AGENT_ENGAGEMENT_ORCHESTRATOR
};
#define TU_AGENTS 6

/* How the content curator chooses problems (docs/agents.md 5):
 * the 40/50/10 review/growth/challenge picker with prerequisites (the
 * default); uniformly at random among unsolved problems; or the course's
 * fixed linear order (topics in prerequisite order, then difficulty, then
 * id), the first unsolved problem the learner has not given up on. */
enum tu_pick_policy {
	TU_POLICY_CURATOR = 0,
	TU_POLICY_RANDOM,
	TU_POLICY_LINEAR,
	TU_POLICY_RETRIEVAL,   /* the top hit of hybrid retrieval (path.c) */
	TU_POLICY_MODEL        /* the learned policy over retrieval's
				  candidates (path.c, docs/policy.md) */
};
#define TU_POLICIES 5

/* ---- the learned next-item policy (Pxplore; docs/policy.md) ----------- */

#define TU_PATH_FEATURES 26      /* features per (state, candidate) */
#define TU_PATH_FEATURE_SET "tu-path"
#define TU_PATH_FEATURE_VERSION 2u
#define TU_PATH_K_MAX 32

/* One decision: k candidate problems (retrieval's hits in rank order,
 * then the curator's picks not among them) with their features, as a
 * chooser sees them. */
struct tu_path_choice {
	const struct tu_learner_state *state;      /* before the decision */
	const struct tu_course *course;
	int64_t now;
	size_t k;                                  /* 1..TU_PATH_K_MAX */
	const struct tu_course_problem *const *cand;  /* k problems */
	const double *feats;                       /* k x TU_PATH_FEATURES */
	const double *retrieval;                   /* k fused scores */
};

/* Picks one of c->k candidates into *chosen.  The default (NULL) is the
 * model's argmax (TU_POLICY_MODEL) or the first hit (TU_POLICY_RETRIEVAL);
 * the simulator installs choosers that record decisions or follow an
 * oracle for training (tutor/sim.h). */
typedef enum tu_status (*tu_path_choose_fn)(void *ud,
					    const struct tu_path_choice *c,
					    size_t *chosen, struct tu_err *err);

struct tu_mlp;
struct tu_retr_index;
struct tu_agent_config;

struct tu_path_config {
	const struct tu_mlp *model;           /* TU_POLICY_MODEL, borrowed */
	const struct tu_retr_index *index;    /* the course's problems (ids =
						 problem ids, tu_path_index),
						 borrowed; required by both
						 path policies */
	uint32_t k;                           /* candidates, 1..32: 10 */
	tu_path_choose_fn choose;             /* NULL: the default */
	void *choose_ud;
};

/*
 * The features of candidate p for the learner in st at now (docs/policy.md
 * lists them): item mastery and zone, prerequisite readiness, difficulty,
 * the item's history, review due and predicted recall, recency, goal
 * relevance, declared level, failure streak, expected time, the
 * retrieval score and rank (rank of k), and whether the curator offered
 * it (curator: 0 no, 1 yes, 2 as a due review).  out[TU_PATH_FEATURES],
 * each in [0,1].  Pure.
 */
void tu_path_features(const struct tu_agent_config *cfg,
		      const struct tu_course *course,
		      const struct tu_learner_state *st,
		      const struct tu_course_problem *p, double retrieval,
		      size_t rank, size_t k, int curator, int64_t now,
		      double *out);

/*
 * The retrieval query that describes what st needs next (docs/policy.md):
 * the topics of unmet mastery goals, of the last failed item, the weakest
 * practised topics and the open topics next in prerequisite order, as
 * topic ids and titles.  Writes at most cap - 1 bytes to buf.
 */
void tu_path_query(const struct tu_course *course,
		   const struct tu_learner_state *st, char *buf, size_t cap);

/*
 * Builds the retrieval index the path policies need over course's
 * problems: id = problem id, title, topics (ids and titles), body = the
 * statement (tutor/retrieval.h defaults: BM25 + 64-dimensional LSA).  ix
 * initialised; TU_ENOMEM / the retriever's errors.
 */
enum tu_status tu_path_index(const struct tu_course *course,
			     struct tu_retr_index *ix, struct tu_err *err);

/* "curator", "random", "linear"; "?" when invalid.  Static. */
const char *tu_pick_policy_name(enum tu_pick_policy p);
/* Parses a policy name; false when unknown. */
bool tu_pick_policy_parse(const char *s, enum tu_pick_policy *out);

/* Agents that can be switched off (ablations): feedback, curator,
 * synthesizer, engagement.  Skill assessment and the profiler always run. */
#define TU_AGENT_BIT(a) (1u << (unsigned)(a))
#define TU_AGENTS_OPTIONAL                                        \
	(TU_AGENT_BIT(TU_AGENT_PEDAGOGICAL_FEEDBACK) |            \
	 TU_AGENT_BIT(TU_AGENT_CONTENT_CURATOR) |                 \
	 TU_AGENT_BIT(TU_AGENT_PROGRESS_SYNTHESIZER) |            \
	 TU_AGENT_BIT(TU_AGENT_ENGAGEMENT_ORCHESTRATOR))

/* Every tunable of every agent; tu_agent_config_default documents them. */
struct tu_agent_config {
	struct tu_ic_config mastery;        /* learner profiler */
	struct tu_curator_config curator;   /* content curator */
	struct tu_sm2_config sm2;           /* progress synthesizer (SM-2) */
	struct tu_fsrs_params fsrs;         /* progress synthesizer (FSRS) */
	double fsrs_retention;              /* 0.9 */
	struct tu_engage_config engage;     /* utc offset comes from the
					       learner's preferences */
	uint32_t session_k;                 /* picks per session check: 3 */
	uint32_t daily_k_default;           /* daily set without a budget: 5 */
	uint32_t daily_k_max;               /* 10 */
	double review_recall_min;           /* on_review_due prepones reviews
					       whose predicted recall now is
					       below this: 0.8 */
	uint32_t leak_run_tokens;           /* a hint sharing this many
					       consecutive tokens with the
					       reference solution is refused: 8 */
	double fatigue_window_min;          /* fatigue: active >= 45 min and */
	uint32_t fatigue_failures;          /* a failure streak >= 2 */
	enum tu_pick_policy policy;         /* TU_POLICY_CURATOR */
	struct tu_path_config path;         /* for the two path policies */
	uint32_t disabled;                  /* TU_AGENT_BIT()s of agents
					       switched off: 0; only bits in
					       TU_AGENTS_OPTIONAL */
};

/* Fills cfg with the defaults listed above and each module's defaults. */
void tu_agent_config_default(struct tu_agent_config *cfg);
/* Validates every sub-config; TU_EINVAL naming the field. */
enum tu_status tu_agent_config_validate(const struct tu_agent_config *cfg,
					struct tu_err *err);

struct tu_agent_ctx {
	const struct tu_course *course;     /* borrowed */
	const struct tu_agent_config *cfg;  /* borrowed */
	int64_t now;                        /* the event's time */
	uint64_t version;                   /* the version this event will
					       get (misconception evidence) */
	struct tu_pick_ctx *pick;           /* scratch prepared for course */
	struct tu_rng *rng;                 /* seeded per event */
};

#define TU_AGENT_REASONS_MAX 64

/* A reason for changes under a state path prefix ("topics[loops]"). */
struct tu_agent_reason {
	char prefix[96];
	char text[256];
};

struct tu_agent_out {
	json_t *json;                /* outputs object, owned */
	struct tu_agent_reason reasons[TU_AGENT_REASONS_MAX];
	size_t n_reasons;
	char default_reason[256];    /* for changes no prefix matches */
};

/* Makes out empty with a new {} object; TU_ENOMEM. */
enum tu_status tu_agent_out_init(struct tu_agent_out *out, struct tu_err *err);
void tu_agent_out_release(struct tu_agent_out *out);
/* Adds a reason (printf-style text); silently keeps the first
 * TU_AGENT_REASONS_MAX. */
void tu_agent_out_reason(struct tu_agent_out *out, const char *prefix,
			 const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * One agent's step.  in: the learner state before the event (before any
 * agent of this event ran: the attempt's start time, the hints so far);
 * st: the proposal so far (a copy of in with the previous agents' changes
 * applied), which this agent edits; ev: the event; out: initialised by
 * the caller.
 * TU_ENOTFOUND for an item the course does not have ("no problem 'x' in
 * course 'sample'"), TU_EINVAL for an event this agent does not handle or
 * an invalid event, TU_EDATA / TU_ENOMEM from the core modules.  On error
 * st may be partly edited: the orchestrator discards it.
 */
typedef enum tu_status (*tu_agent_fn)(const struct tu_agent_ctx *ctx,
				      const struct tu_learner_state *in,
				      const struct tu_event_in *ev,
				      struct tu_learner_state *st,
				      struct tu_agent_out *out,
				      struct tu_err *err);

enum tu_status tu_agent_skill_assessment(const struct tu_agent_ctx *ctx,
					 const struct tu_learner_state *in,
					 const struct tu_event_in *ev,
					 struct tu_learner_state *st,
					 struct tu_agent_out *out,
					 struct tu_err *err);
enum tu_status tu_agent_learner_profiler(const struct tu_agent_ctx *ctx,
					 const struct tu_learner_state *in,
					 const struct tu_event_in *ev,
					 struct tu_learner_state *st,
					 struct tu_agent_out *out,
					 struct tu_err *err);
enum tu_status tu_agent_pedagogical_feedback(const struct tu_agent_ctx *ctx,
					     const struct tu_learner_state *in,
					     const struct tu_event_in *ev,
					     struct tu_learner_state *st,
					     struct tu_agent_out *out,
					     struct tu_err *err);
enum tu_status tu_agent_content_curator(const struct tu_agent_ctx *ctx,
					const struct tu_learner_state *in,
					const struct tu_event_in *ev,
					struct tu_learner_state *st,
					struct tu_agent_out *out,
					struct tu_err *err);
enum tu_status tu_agent_progress_synthesizer(const struct tu_agent_ctx *ctx,
					     const struct tu_learner_state *in,
					     const struct tu_event_in *ev,
					     struct tu_learner_state *st,
					     struct tu_agent_out *out,
					     struct tu_err *err);
enum tu_status tu_agent_engagement_orchestrator(const struct tu_agent_ctx *ctx,
						const struct tu_learner_state *in,
						const struct tu_event_in *ev,
						struct tu_learner_state *st,
						struct tu_agent_out *out,
						struct tu_err *err);

/* "skill_assessment", ...; "?" when invalid.  Static. */
const char *tu_agent_name(enum tu_agent a);
tu_agent_fn tu_agent_function(enum tu_agent a);

/*
 * The route of an event type: up to TU_AGENTS agents in order into
 * agents[], returning how many (0 for learner_created, preferences and
 * assist).
 */
size_t tu_agent_route(enum tu_event_type t, enum tu_agent agents[TU_AGENTS]);

/* ---- pieces the agents share, exported for tests ------------------------ */

/* The leak check, tu_hint_leaks, is in tutor/leak.h. */

/* The mean mastery of the item's topics in st (0 for unseen): the
 * proficiency the feedback agent phrases hints for. */
double tu_item_proficiency(const struct tu_learner_state *st,
			   const struct tu_course_problem *p);

/* The progress synthesizer's predicted recall of review item r of st at
 * now: FSRS when the learner uses it and r has an FSRS state, else SM-2
 * (eq. 13).  In [0,1]. */
double tu_agent_recall_now(const struct tu_agent_config *cfg,
			   const struct tu_learner_state *st,
			   const struct tu_review_item *r, int64_t now);

/* The feedback agent's hint wording (docs/agents.md 4), shared with the
 * assistant's deterministic hints (tutor/assist.h): the course's text for
 * level (1..5) in band, else the plain text with the band's framing.
 * New string (free()); NULL when level is out of range or out of memory.
 * No leak check here: the caller runs tu_hint_leaks. */
char *tu_hint_authored_text(const struct tu_course_problem *p, uint32_t level,
			    enum tu_hint_band band);

/* The generic text of level (1..5), which names the level's purpose and
 * nothing of the problem (served when a hint leaks).  Static; NULL when
 * level is out of range. */
const char *tu_hint_generic_text(uint32_t level);

#endif
