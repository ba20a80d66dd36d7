/*
 * choose.c - the simulator's side of a path-policy decision
 * (tu__sim_choose, installed as tu_agent_config.path.choose when a run has
 * a hook): scores every candidate with the oracle, which sees the
 * simulated learner's true knowledge, and hands both to the hook.
 *
 * What it is not: the policy (src/agents/path.c, src/policy) or the
 * training (train.c).
 */
#include <string.h>

#include "sim_internal.h"

/* True when topic has a mastery goal not yet aligned in the state. */
static bool goal_topic(const void *ud, const char *topic)
{
	const struct tu_learner_state *st = ud;

	for (size_t g = 0; g < st->n_goals; g++)
		if (!st->goals[g].aligned &&
		    !strncmp(st->goals[g].metric, "mastery:", 8) &&
		    !strcmp(st->goals[g].metric + 8, topic))
			return true;
	return false;
}

enum tu_status tu__sim_choose(void *ud, const struct tu_path_choice *c,
			      size_t *chosen, struct tu_err *err)
{
	const struct sim_chooser *ch = ud;
	const struct sim_world *w = ch->w;
	double oracle[TU_PATH_K_MAX];

	for (size_t i = 0; i < c->k && i < TU_PATH_K_MAX; i++) {
		const struct sim_problem *sp = tu__sim_problem(w, c->cand[i]->id);

		oracle[i] = sp ? tu__sim_oracle(w, ch->L, sp, goal_topic,
						c->state) : 0.0;
	}
	*chosen = 0;
	return w->hook->choose(w->hook->ud, ch->L->index, c, oracle, chosen,
			       err);
}
