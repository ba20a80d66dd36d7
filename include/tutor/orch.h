/*
 * tutor/orch.h - the single-writer orchestrator.
 *
 * The only code that writes learner state.  For each event it reads the
 * learner's snapshot, routes the event to the agents of its trigger
 * (tutor/agents.h) in order, checks every proposed change (schema, ranges,
 * invariants, which agent may change what), and commits the event, the
 * audit records (agent, path, before, after, reason) and the new snapshot
 * atomically with a compare-and-set on the version (tutor/store.h).  When
 * another writer got there first the whole step is recomputed on the new
 * state and retried, so two writers never lose an update.
 *
 * State = replay(log): tu_orch_replay folds the same agents over a
 * learner's logged events from an empty state; the result must equal the
 * stored snapshot.
 *
 * What it is not: it does not run the judge (a submission event carries
 * the judged result, tutor/event.h) and does not talk to users.
 *
 * Ownership: struct tu_orch borrows the store and course given to
 * tu_orch_init (they must outlive it) and owns its scratch.  Results own
 * their outputs JSON (tu_orch_result_release).  One struct tu_orch per
 * thread.
 */
#ifndef TUTOR_ORCH_H
#define TUTOR_ORCH_H

#include <stdbool.h>
#include <stdint.h>

#include "tutor/agents.h"
#include "tutor/content.h"
#include "tutor/err.h"
#include "tutor/event.h"
#include "tutor/learner.h"
#include "tutor/mlp.h"
#include "tutor/profile.h"
#include "tutor/retrieval.h"
#include "tutor/store.h"

#define TU_ORCH_RETRIES 64    /* compare-and-set attempts per event */
#define TU_ORCH_CACHE 64      /* learners an orchestrator's own cache keeps */
#define TU_ORCH_CACHE_BYTES (16u << 20)   /* ... and its byte bound */
#define TU_ORCH_CACHE_MAX_LEARNERS 1048576

/*
 * The in-memory copies of learners' latest committed states (IntelliCode's
 * "synchronized in-memory copy"), used only while the store's version for
 * the learner still equals the copy's, so a stale copy costs a snapshot
 * read and never a wrong state.  Bounded by learners and by bytes (the
 * states' lists as allocated), least recently used out first.  Thread-
 * safe: one cache may serve every orchestrator of a process (a server's
 * threads), so each learner is held once.
 */
struct tu_orch_cache;

struct tu_orch_cache_stats {
	size_t learners, bytes, max_bytes;
	uint64_t hits, misses, evictions;
};

/* A new empty cache for at most learners (1..TU_ORCH_CACHE_MAX_LEARNERS)
 * states and max_bytes bytes; *out is owned (tu_orch_cache_free).
 * TU_EINVAL, TU_ENOMEM. */
enum tu_status tu_orch_cache_new(size_t learners, size_t max_bytes,
				 struct tu_orch_cache **out,
				 struct tu_err *err);
void tu_orch_cache_free(struct tu_orch_cache *c);
/* A consistent snapshot of c's counters; all zero for NULL. */
void tu_orch_cache_stats(struct tu_orch_cache *c,
			 struct tu_orch_cache_stats *out);

struct tu_orch {
	struct tu_store *store;            /* borrowed */
	const struct tu_course *course;    /* borrowed */
	struct tu_agent_config cfg;
	struct tu_pick_ctx pick;
	uint64_t seed;                     /* mixed with learner and version */
	uint64_t conflicts;                /* CAS retries so far (stats) */
	struct tu_orch_cache *cache;       /* own_cache or a shared one */
	struct tu_orch_cache *own_cache;   /* owned, NULL once shared */
	uint64_t cache_hits;               /* stats */
};

/*
 * Prepares o over store and course (both borrowed).  cfg NULL means
 * tu_agent_config_default.  TU_EINVAL for a bad config, TU_ENOMEM.
 */
enum tu_status tu_orch_init(struct tu_orch *o, struct tu_store *store,
			    const struct tu_course *course,
			    const struct tu_agent_config *cfg,
			    struct tu_err *err);
void tu_orch_release(struct tu_orch *o);

/* Makes o use c (borrowed: it must outlive o; thread-safe) instead of its
 * own cache, which is freed.  c NULL: o keeps its own. */
void tu_orch_share_cache(struct tu_orch *o, struct tu_orch_cache *c);

struct tu_orch_result {
	uint64_t seq;           /* the event's seq in the log */
	uint64_t version;       /* the learner's version after it */
	char *outputs;          /* agents' outputs, JSON object, owned */
	size_t outputs_len;
	size_t n_audit;         /* audit records written */
	unsigned retries;       /* CAS conflicts met before it committed */
	bool replayed;          /* the request id was already committed:
				   seq, version and outputs are the first
				   event's, nothing was written */
};

void tu_orch_result_init(struct tu_orch_result *r);
void tu_orch_result_release(struct tu_orch_result *r);

/*
 * Handles one event for learner: the full read-route-validate-commit
 * cycle, retried on TU_ECONFLICT up to TU_ORCH_RETRIES times.  For
 * TU_EV_LEARNER_CREATED the learner must be registered in the store
 * (tu_store_learner_add) with no snapshot yet.  Errors: TU_ENOTFOUND
 * (unknown learner, item not in the course), TU_EINVAL (bad event),
 * TU_ECORRUPT (the snapshot fails its checksum or does not decode: never
 * used), TU_EINTERNAL (an agent proposed an invalid change: nothing
 * written, the message names agent, path and why), TU_ECONFLICT (retries
 * exhausted), TU_EIO.  Nothing is written on error.
 *
 * Idempotent requests: when ev->request_id is set and learner already
 * has an event committed with it, nothing is applied and res holds that
 * event's seq, version and outputs (res->replayed); a concurrent
 * duplicate that loses the race meets the store's unique request id,
 * re-reads and answers the same way.  A request id first used for
 * another event type is TU_ECONFLICT ("reused").  TU_EINVAL for a
 * malformed request id.
 */
enum tu_status tu_orch_handle(struct tu_orch *o, const char *learner,
			      const struct tu_event_in *ev,
			      struct tu_orch_result *res, struct tu_err *err);

/*
 * Pure step (no store): applies ev to *st in place as tu_orch_handle
 * would (routing, validation, version + 1, updated), returning the
 * outputs (may be NULL) and the audit records (may be NULL; *audit is new,
 * free()).  Used by replay, tests and benchmarks.
 */
enum tu_status tu_orch_step(struct tu_orch *o, struct tu_learner_state *st,
			    const char *learner, const struct tu_event_in *ev,
			    char **outputs, struct tu_audit **audit,
			    size_t *n_audit, struct tu_err *err);

/*
 * tu_orch_step with the outputs as a JSON tree (*outputs, a new
 * reference: json_decref) instead of text, and no audit: for callers that
 * read the outputs in process (the simulator, tutor/sim.h).  *outputs is
 * NULL on error.
 */
enum tu_status tu_orch_step_json(struct tu_orch *o,
				 struct tu_learner_state *st,
				 const char *learner,
				 const struct tu_event_in *ev, json_t **outputs,
				 struct tu_err *err);

/*
 * Rebuilds learner's state by replaying its whole event log into *st
 * (initialised; old contents released on success).  TU_ECORRUPT when an
 * event row fails its checksum, its payload does not decode, or versions
 * are not 1, 2, 3, ...; agent errors as tu_orch_handle.
 */
enum tu_status tu_orch_replay(struct tu_orch *o, const char *learner,
			      struct tu_learner_state *st, struct tu_err *err);

/*
 * The differences between two states as audit-style records (agent
 * "diff", reason ""), for showing why a replay disagrees with a snapshot.
 * *out is new (free()), *n its length.  More than
 * TU_STORE_AUDIT_PER_EVENT differences is not an error: the first ones
 * are kept.  TU_ENOMEM.
 */
enum tu_status tu_orch_state_diff(const struct tu_learner_state *a,
				  const struct tu_learner_state *b,
				  struct tu_audit **out, size_t *n,
				  struct tu_err *err);

/* Reads and decodes learner's snapshot into *st; TU_ENOTFOUND (no
 * learner / no snapshot), TU_ECORRUPT (checksum or decode failure, or a
 * version disagreeing with the row's). */
enum tu_status tu_orch_load(struct tu_orch *o, const char *learner,
			    struct tu_learner_state *st, struct tu_err *err);

/*
 * The learner's profile (tutor/profile.h) from st (borrowed) and the "ask"
 * events of learner's log in store, at now, into *out (initialised by the
 * caller).  Errors: the store's, TU_ECORRUPT (an event that does not
 * decode), TU_ENOMEM, tu_profile_compute's.  Nothing is written.
 */
enum tu_status tu_orch_profile(struct tu_store *store,
			       const struct tu_course *course,
			       const char *learner,
			       const struct tu_learner_state *st, int64_t now,
			       struct tu_profile *out, struct tu_err *err);

/* ---- the path policies' run-time parts (src/orch/path_runtime.c) ---- */

/* The retrieval index and the model the path policies borrow (through
 * tu_agent_config.path); must outlive every orchestrator using them. */
struct tu_path_runtime {
	struct tu_retr_index index;
	struct tu_mlp model;
};

void tu_path_runtime_init(struct tu_path_runtime *rt);
void tu_path_runtime_close(struct tu_path_runtime *rt);

/* Loads a policy model file into m (initialised; replaced on success)
 * and refuses one trained for another feature set, version or input
 * count (TU_EDATA, saying to retrain); tu_mlp_load's errors otherwise. */
enum tu_status tu_path_model_load(struct tu_mlp *m, const char *path,
				  struct tu_err *err);

/*
 * Sets cfg->policy from the name policy (NULL or "": the curator) and,
 * for "retrieval" and "model", builds rt's index over course's problems
 * and (model) loads the model file, refusing one trained for other
 * features; cfg->path then borrows them from rt (initialised).  Errors
 * (cfg left on the curator): TU_EINVAL (unknown policy, model without a
 * file), the model file's errors (tu_mlp_load), TU_EDATA (feature
 * mismatch).
 */
enum tu_status tu_path_runtime_open(struct tu_path_runtime *rt,
				    const struct tu_course *course,
				    const char *policy, const char *model,
				    struct tu_agent_config *cfg,
				    struct tu_err *err);

/* The latest submission of one item, read back from the event log. */
struct tu_last_code {
	char *code;           /* owned; NULL when there is none */
	char *failing;        /* owned; "name: message" of its first failing
				 public test, NULL when none failed */
	enum tu_lang lang;
};

void tu_last_code_release(struct tu_last_code *c);

/*
 * Fills out (zeroed first) with learner's latest submission of item from
 * the store's event log (nothing for an empty item).  Errors are the
 * store's; out is then empty.
 */
enum tu_status tu_orch_last_code(struct tu_store *store, const char *learner,
				 const char *item, struct tu_last_code *out,
				 struct tu_err *err);

#endif
