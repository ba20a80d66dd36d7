/*
 * config.c - the agents' configuration, names, routing table and the
 * outputs record (contracts in tutor/agents.h, constants in
 * docs/agents.md).
 *
 * The learner profiler closes every route that can move a goal metric
 * (it re-evaluates the goals after the other agents' changes, except on
 * a submission, where it keeps the paper's place).
 *
 * What it is: plain tables and checks.  What it is not: no agent logic
 * (one file per agent), no orchestration (src/orch).  Pure: no I/O, no
 * clock, no globals.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tutor/agents.h"

void tu_agent_config_default(struct tu_agent_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	tu_ic_config_default(&cfg->mastery);
	tu_curator_config_default(&cfg->curator);
	tu_sm2_config_init(&cfg->sm2);
	tu_fsrs_params_default(&cfg->fsrs);
	cfg->fsrs_retention = 0.9;
	tu_engage_config_default(&cfg->engage);
	cfg->session_k = 3;
	cfg->daily_k_default = 5;
	cfg->daily_k_max = 10;
	cfg->review_recall_min = 0.8;
	cfg->leak_run_tokens = 8;
	cfg->fatigue_window_min = 45.0;
	cfg->fatigue_failures = 2;
	cfg->path.k = 10;
}

static enum tu_status open_unit(double v, const char *name,
				struct tu_err *err)
{
	if (!(v > 0.0 && v < 1.0))
		return tu_err_set(err, TU_EINVAL, "agent config: %s must be in "
				  "(0,1), got %g", name, v);
	return TU_OK;
}

static enum tu_status count_in(uint32_t v, uint32_t lo, uint32_t hi,
			       const char *name, struct tu_err *err)
{
	if (v < lo || v > hi)
		return tu_err_set(err, TU_EINVAL, "agent config: %s must be in "
				  "[%u, %u], got %u", name, lo, hi, v);
	return TU_OK;
}

/* The agents' own fields (the sub-configs are checked by their modules). */
static enum tu_status own_fields(const struct tu_agent_config *cfg,
				 struct tu_err *err)
{
	uint32_t kmax = TU_PICK_MAX < TU_DAILY_MAX ? TU_PICK_MAX : TU_DAILY_MAX;
	enum tu_status st = open_unit(cfg->fsrs_retention, "fsrs_retention",
				      err);

	if (!st)
		st = open_unit(cfg->review_recall_min, "review_recall_min", err);
	if (!st)
		st = count_in(cfg->session_k, 1, TU_PICK_MAX, "session_k", err);
	if (!st)
		st = count_in(cfg->daily_k_max, 1, kmax, "daily_k_max", err);
	if (!st)
		st = count_in(cfg->daily_k_default, 1, cfg->daily_k_max,
			      "daily_k_default", err);
	if (!st)
		st = count_in(cfg->leak_run_tokens, 2, 1000, "leak_run_tokens",
			      err);
	if (!st)
		st = count_in(cfg->fatigue_failures, 1, 1000, "fatigue_failures",
			      err);
	if (!st && (unsigned)cfg->policy >= TU_POLICIES)
		st = tu_err_set(err, TU_EINVAL, "agent config: policy %u is "
				"not a picking policy", (unsigned)cfg->policy);
	if (!st && (cfg->policy == TU_POLICY_RETRIEVAL ||
		    cfg->policy == TU_POLICY_MODEL) && !cfg->path.index)
		st = tu_err_set(err, TU_EINVAL, "agent config: policy %s needs "
				"the retrieval index (path.index)",
				tu_pick_policy_name(cfg->policy));
	if (!st && cfg->policy == TU_POLICY_MODEL && !cfg->path.model &&
	    !cfg->path.choose)
		st = tu_err_set(err, TU_EINVAL, "agent config: policy model "
				"needs a trained model (path.model)");
	if (!st && (cfg->path.k < 1 || cfg->path.k > TU_PATH_K_MAX))
		st = tu_err_set(err, TU_EINVAL, "agent config: path.k must be "
				"in [1, %d], got %u", TU_PATH_K_MAX,
				(unsigned)cfg->path.k);
	if (!st && (cfg->disabled & ~(uint32_t)TU_AGENTS_OPTIONAL))
		st = tu_err_set(err, TU_EINVAL, "agent config: disabled 0x%x "
				"switches off an agent that always runs (skill "
				"assessment, learner profiler) or no agent",
				(unsigned)cfg->disabled);
	if (!st && !(cfg->fatigue_window_min >= 0.0 &&
		     cfg->fatigue_window_min <= 1440.0))
		st = tu_err_set(err, TU_EINVAL, "agent config: fatigue_window_min "
				"must be in [0, 1440], got %g",
				cfg->fatigue_window_min);
	return st;
}

enum tu_status tu_agent_config_validate(const struct tu_agent_config *cfg,
					struct tu_err *err)
{
	enum tu_status st = tu_ic_config_validate(&cfg->mastery, err);

	if (!st)
		st = tu_curator_config_validate(&cfg->curator, err);
	if (!st)
		st = tu_sm2_config_check(&cfg->sm2, err);
	if (!st)
		st = tu_fsrs_params_check(&cfg->fsrs, err);
	if (!st)
		st = tu_engage_config_validate(&cfg->engage, err);
	if (!st)
		st = own_fields(cfg, err);
	return st;
}

static const char *const policy_names[TU_POLICIES] = {
	"curator", "random", "linear", "retrieval", "model"
};

const char *tu_pick_policy_name(enum tu_pick_policy p)
{
	return (unsigned)p < TU_POLICIES ? policy_names[p] : "?";
}

bool tu_pick_policy_parse(const char *s, enum tu_pick_policy *out)
{
	for (unsigned i = 0; i < TU_POLICIES; i++)
		if (!strcmp(s, policy_names[i])) {
			*out = (enum tu_pick_policy)i;
			return true;
		}
	return false;
}

const char *tu_agent_name(enum tu_agent a)
{
	switch (a) {
	case TU_AGENT_SKILL_ASSESSMENT: return "skill_assessment";
	case TU_AGENT_LEARNER_PROFILER: return "learner_profiler";
	case TU_AGENT_PEDAGOGICAL_FEEDBACK: return "pedagogical_feedback";
	case TU_AGENT_CONTENT_CURATOR: return "content_curator";
	case TU_AGENT_PROGRESS_SYNTHESIZER: return "progress_synthesizer";
	case TU_AGENT_ENGAGEMENT_ORCHESTRATOR: return "engagement_orchestrator";
	}
	return "?";
}

tu_agent_fn tu_agent_function(enum tu_agent a)
{
	switch (a) {
	case TU_AGENT_SKILL_ASSESSMENT: return tu_agent_skill_assessment;
	case TU_AGENT_LEARNER_PROFILER: return tu_agent_learner_profiler;
	case TU_AGENT_PEDAGOGICAL_FEEDBACK: return tu_agent_pedagogical_feedback;
	case TU_AGENT_CONTENT_CURATOR: return tu_agent_content_curator;
	case TU_AGENT_PROGRESS_SYNTHESIZER: return tu_agent_progress_synthesizer;
	case TU_AGENT_ENGAGEMENT_ORCHESTRATOR:
		return tu_agent_engagement_orchestrator;
	}
	return NULL;
}

size_t tu_agent_route(enum tu_event_type t, enum tu_agent agents[TU_AGENTS])
{
	size_t n = 0;

	switch (t) {
	case TU_EV_SUBMISSION:
		agents[n++] = TU_AGENT_SKILL_ASSESSMENT;
		agents[n++] = TU_AGENT_LEARNER_PROFILER;
		agents[n++] = TU_AGENT_PROGRESS_SYNTHESIZER;
		agents[n++] = TU_AGENT_PEDAGOGICAL_FEEDBACK;
		break;
	case TU_EV_HINT_REQUEST:
		agents[n++] = TU_AGENT_PEDAGOGICAL_FEEDBACK;
		agents[n++] = TU_AGENT_LEARNER_PROFILER;
		break;
	case TU_EV_SESSION_CHECK:
		agents[n++] = TU_AGENT_CONTENT_CURATOR;
		agents[n++] = TU_AGENT_ENGAGEMENT_ORCHESTRATOR;
		agents[n++] = TU_AGENT_LEARNER_PROFILER;
		break;
	case TU_EV_DAILY_GENERATION:
		agents[n++] = TU_AGENT_CONTENT_CURATOR;
		agents[n++] = TU_AGENT_LEARNER_PROFILER;
		break;
	case TU_EV_REVIEW_DUE:
		agents[n++] = TU_AGENT_PROGRESS_SYNTHESIZER;
		agents[n++] = TU_AGENT_CONTENT_CURATOR;
		agents[n++] = TU_AGENT_LEARNER_PROFILER;
		break;
	case TU_EV_GOALS_STATED:
		agents[n++] = TU_AGENT_LEARNER_PROFILER;
		break;
	case TU_EV_LEARNER_CREATED:
	case TU_EV_PREFERENCES:
	case TU_EV_ASSIST:
	case TU_EV_PLAN:
		break;
	}
	return n;
}

/* ---- outputs ------------------------------------------------------------ */

enum tu_status tu_agent_out_init(struct tu_agent_out *out, struct tu_err *err)
{
	memset(out, 0, sizeof(*out));
	out->json = json_object();
	if (!out->json)
		return tu_err_set(err, TU_ENOMEM, "agent outputs: out of memory");
	return TU_OK;
}

void tu_agent_out_release(struct tu_agent_out *out)
{
	if (!out)
		return;
	json_decref(out->json);
	memset(out, 0, sizeof(*out));
}

void tu_agent_out_reason(struct tu_agent_out *out, const char *prefix,
			 const char *fmt, ...)
{
	struct tu_agent_reason *r;
	va_list ap;

	if (out->n_reasons >= TU_AGENT_REASONS_MAX)
		return;
	r = &out->reasons[out->n_reasons++];
	snprintf(r->prefix, sizeof(r->prefix), "%s", prefix);
	va_start(ap, fmt);
	vsnprintf(r->text, sizeof(r->text), fmt, ap);
	va_end(ap);
}
