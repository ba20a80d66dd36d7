/*
 * names.c - the simulated-cohort evaluation's names, conditions and
 * defaults: which conditions each experiment needs and how each differs
 * from the base configuration.
 *
 * What it is not: no running, no statistics.
 */
#include <string.h>

#include "tutor/simeval.h"

static const char *const exp_names[TU_SIMEVAL_EXPS] = {
	"gain", "hints", "coverage", "policies", "model", "recall",
	"fairness", "ablations"
};

static const char *const cond_names[TU_SIMEVAL_CONDS] = {
	"full", "no-hints", "random", "linear", "no-feedback", "no-context",
	"no-srs"
};

static const char *const metric_names[TU_SM_METRICS] = {
	"true_gain", "held_gain", "est_gain", "solve_rate", "attempt_ok",
	"hinted_ok", "mastery_day", "mastery_share", "dropout",
	"active_days", "brier", "ece", "auc", "brier_truth", "pearson_truth",
	"recall_auc", "recall_brier", "coverage_cohort", "coverage_learner",
	"topic_cv", "fair_gain", "fair_hint", "fair_pace"
};

static const char *const claim_texts[TU_SIMEVAL_CLAIMS] = {
	"curator beats random on held-out gain (paired 95 % interval > 0)",
	"cohort topic coverage >= 90 %",
	"hints raise the problem solve rate (paired 95 % interval > 0)"
};

const char *tu_simeval_exp_name(enum tu_simeval_exp e)
{
	return (unsigned)e < TU_SIMEVAL_EXPS ? exp_names[e] : "?";
}

bool tu_simeval_exp_parse(const char *s, enum tu_simeval_exp *out)
{
	for (unsigned i = 0; i < TU_SIMEVAL_EXPS; i++)
		if (strcmp(s, exp_names[i]) == 0) {
			*out = (enum tu_simeval_exp)i;
			return true;
		}
	return false;
}

const char *tu_simeval_cond_name(enum tu_simeval_cond c)
{
	return (unsigned)c < TU_SIMEVAL_CONDS ? cond_names[c] : "?";
}

const char *tu_simeval_metric_name(enum tu_simeval_metric m)
{
	return (unsigned)m < TU_SM_METRICS ? metric_names[m] : "?";
}

const char *tu_simeval_claim_text(enum tu_simeval_claim_id c)
{
	return (unsigned)c < TU_SIMEVAL_CLAIMS ? claim_texts[c] : "?";
}

uint32_t tu_simeval_conds_needed(uint32_t experiments)
{
	uint32_t c = 0;

	if (experiments & TU_SIMEVAL_ALL)
		c |= TU_COND_BIT(TU_COND_FULL);
	if (experiments & TU_SIMEVAL_BIT(TU_SIMEVAL_HINTS))
		c |= TU_COND_BIT(TU_COND_NO_HINTS);
	if (experiments & TU_SIMEVAL_BIT(TU_SIMEVAL_POLICIES))
		c |= TU_COND_BIT(TU_COND_RANDOM) | TU_COND_BIT(TU_COND_LINEAR);
	if (experiments & TU_SIMEVAL_BIT(TU_SIMEVAL_ABLATIONS))
		c |= TU_COND_BIT(TU_COND_RANDOM) |
		     TU_COND_BIT(TU_COND_NO_FEEDBACK) |
		     TU_COND_BIT(TU_COND_NO_CONTEXT) |
		     TU_COND_BIT(TU_COND_NO_SRS);
	return c;
}

void tu_simeval_cond_config(enum tu_simeval_cond c,
			    const struct tu_agent_config *base_agents,
			    const struct tu_sim_config *base_sim,
			    struct tu_agent_config *agents,
			    struct tu_sim_config *sim)
{
	*agents = *base_agents;
	*sim = *base_sim;
	switch (c) {
	case TU_COND_NO_HINTS:
		sim->hints = false;
		break;
	case TU_COND_RANDOM:
		agents->policy = TU_POLICY_RANDOM;
		break;
	case TU_COND_LINEAR:
		agents->policy = TU_POLICY_LINEAR;
		break;
	case TU_COND_NO_FEEDBACK:
		agents->disabled |= TU_AGENT_BIT(TU_AGENT_PEDAGOGICAL_FEEDBACK);
		break;
	case TU_COND_NO_CONTEXT:
		agents->sm2.hint_shrink = 1.0;
		agents->sm2.fast_expand = 1.0;
		agents->sm2.recall_min = 0.0001;
		break;
	case TU_COND_NO_SRS:
		agents->disabled |= TU_AGENT_BIT(TU_AGENT_PROGRESS_SYNTHESIZER);
		break;
	case TU_COND_FULL:
	default:
		break;
	}
}

void tu_simeval_opts_default(struct tu_simeval_opts *o)
{
	memset(o, 0, sizeof(*o));
	tu_sim_config_default(&o->sim);
	o->sim.learners = 200;
	tu_agent_config_default(&o->agents);
	o->seeds = TU_SIMEVAL_SEEDS_DEFAULT;
	o->first_seed = 1;
	o->threads = 1;
	o->experiments = TU_SIMEVAL_ALL;
	o->out_dir = "eval-report";
}
