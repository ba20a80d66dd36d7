/*
 * orch_internal.h - private pieces of the orchestrator: the state diff
 * that turns an agent's proposal into audit records, and the ownership
 * table that says which agent may change which part of the state.
 */
#ifndef TUTOR_ORCH_INTERNAL_H
#define TUTOR_ORCH_INTERNAL_H

#include <stdbool.h>

#include "tutor/agents.h"
#include "tutor/orch.h"
#include "tutor/learner.h"
#include "tutor/store.h"

struct tu__audit_list {
	struct tu_audit *v;
	size_t n, cap;
};

void tu__audit_list_release(struct tu__audit_list *l);

/*
 * Appends one audit record per changed field between a and b (same
 * learner), attributed to agent with the reason from out (the longest
 * reason prefix matching the path, else out->default_reason; out may be
 * NULL).  Paths: "topics[loops].mastery", "items[mean].attempts",
 * "reviews[mean].due", "engagement.streak_days", "notes", "daily", ...
 * version and updated are not diffed.  TU_ERANGE past
 * TU_STORE_AUDIT_PER_EVENT records, TU_ENOMEM.
 */
enum tu_status tu__state_diff(const struct tu_learner_state *a,
			      const struct tu_learner_state *b,
			      const char *agent,
			      const struct tu_agent_out *out,
			      struct tu__audit_list *list,
			      struct tu_err *err);

/*
 * True when agent may change path (an audit path).  The orchestrator
 * itself ("orchestrator") owns preferences and learner_id.
 */
bool tu__agent_owns(const char *agent, const char *path);

/*
 * The shared state cache (cache.c).  get: true when c holds learner at
 * version (!= 0); then *st (initialised) receives a copy and *status the
 * copy's status.  put: moves st in (leaving it empty) as learner's latest
 * state, evicting least recently used learners to stay within the cache's
 * bounds (counted by st's lists as allocated); a state larger than the
 * byte bound is not kept and st is left as it was.  Both lock c.
 */
bool tu__orch_cache_get(struct tu_orch_cache *c, const char *learner,
			uint64_t version, struct tu_learner_state *st,
			enum tu_status *status, struct tu_err *err);
void tu__orch_cache_put(struct tu_orch_cache *c, const char *learner,
			struct tu_learner_state *st);

#endif
