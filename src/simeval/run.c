/*
 * run.c - runs the conditions of the simulated-cohort evaluation: for
 * each seed, each needed condition once (tu_sim_run in memory), reduced
 * into its cell at once and the raw result freed; then the summary.
 *
 * What it is not: no statistics (summary.c), no report (report.c).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Progress over all runs: the simulator reports learners done in one
 * run; this adds the runs before it.  The mutex keeps the counter right
 * should the simulator report from its worker threads. */
struct run_progress {
	const struct tu_progress *up;
	pthread_mutex_t mu;
	size_t base, total;
	char stage[64];
};

static void on_progress(void *ud, const char *stage, size_t done,
			size_t total)
{
	struct run_progress *rp = ud;

	(void)stage;
	(void)total;
	pthread_mutex_lock(&rp->mu);
	tu_progress_report(rp->up, rp->stage, rp->base + done, rp->total);
	pthread_mutex_unlock(&rp->mu);
}

static enum tu_status check_opts(const struct tu_simeval_opts *o,
				 struct tu_err *err)
{
	if (!o->course)
		return tu_err_set(err, TU_EINVAL, "simeval: no course");
	if (o->seeds < 2 || o->seeds > TU_SIMEVAL_SEEDS_MAX)
		return tu_err_set(err, TU_EINVAL, "simeval: seeds: must be in "
				  "2..%u, got %u", TU_SIMEVAL_SEEDS_MAX,
				  o->seeds);
	if (!o->experiments || (o->experiments & ~TU_SIMEVAL_ALL))
		return tu_err_set(err, TU_EINVAL, "simeval: no or unknown "
				  "experiments (mask 0x%x)", o->experiments);
	if (o->threads < 1 || o->threads > TU_SIM_THREADS_MAX)
		return tu_err_set(err, TU_EINVAL, "simeval: threads: must be "
				  "in 1..%u, got %u", TU_SIM_THREADS_MAX,
				  o->threads);
	return TU_OK;
}

/* Builds and validates every needed condition's configuration. */
static enum tu_status build_conds(const struct tu_simeval_opts *o,
				  uint32_t conds,
				  struct tu_agent_config *agents,
				  struct tu_sim_config *sims,
				  struct tu_err *err)
{
	enum tu_status st;

	for (int c = 0; c < TU_SIMEVAL_CONDS; c++) {
		if (!(conds & TU_COND_BIT(c)))
			continue;
		tu_simeval_cond_config((enum tu_simeval_cond)c, &o->agents,
				       &o->sim, &agents[c], &sims[c]);
		sims[c].threads = o->threads;
		st = tu_sim_config_validate(&sims[c], err);
		if (!st)
			st = tu_agent_config_validate(&agents[c], err);
		if (st)
			return st;
	}
	return TU_OK;
}

static enum tu_status run_one(const struct tu_simeval_opts *o,
			      enum tu_simeval_cond c, uint32_t s,
			      const struct tu_agent_config *agents,
			      struct tu_sim_config *sim,
			      struct run_progress *rp,
			      struct tu_simeval_data *d, struct tu_err *err)
{
	struct tu_progress prog = { on_progress, rp };
	struct tu_sim_result r;
	struct tu_err e = TU_ERR_INIT;
	enum tu_status st;

	sim->seed = o->first_seed + s;
	snprintf(rp->stage, sizeof(rp->stage), "simulating %s, seed %llu",
		 tu_simeval_cond_name(c), (unsigned long long)sim->seed);
	tu_sim_result_init(&r);
	st = tu_sim_run(o->course, agents, sim, NULL, &prog, &r, &e);
	if (!st)
		st = tu_simeval_data_add(d, c, s, &r, &e);
	tu_sim_result_release(&r);
	rp->base += sim->learners;
	if (st)
		return tu_err_set(err, st, "simeval: %s, seed %llu: %s",
				  tu_simeval_cond_name(c),
				  (unsigned long long)sim->seed, e.msg);
	return TU_OK;
}

static enum tu_status run_all(const struct tu_simeval_opts *o,
			      uint32_t conds, struct tu_simeval_data *d,
			      struct tu_err *err)
{
	struct tu_agent_config agents[TU_SIMEVAL_CONDS];
	struct tu_sim_config sims[TU_SIMEVAL_CONDS];
	struct run_progress rp;
	enum tu_status st = build_conds(o, conds, agents, sims, err);
	size_t runs = 0;

	if (st)
		return st;
	for (int c = 0; c < TU_SIMEVAL_CONDS; c++)
		runs += (conds >> c) & 1u;
	memset(&rp, 0, sizeof(rp));
	rp.up = o->progress;
	rp.total = runs * o->seeds * o->sim.learners;
	pthread_mutex_init(&rp.mu, NULL);
	for (uint32_t s = 0; s < o->seeds && !st; s++)
		for (int c = 0; c < TU_SIMEVAL_CONDS && !st; c++)
			if (conds & TU_COND_BIT(c))
				st = run_one(o, (enum tu_simeval_cond)c, s,
					     &agents[c], &sims[c], &rp, d,
					     err);
	pthread_mutex_destroy(&rp.mu);
	return st;
}

enum tu_status tu_simeval_run(const struct tu_simeval_opts *o,
			      struct tu_simeval_summary *s,
			      struct tu_err *err)
{
	struct tu_simeval_data d;
	uint32_t conds;
	enum tu_status st = check_opts(o, err);

	tu_simeval_summary_release(s);
	if (st)
		return st;
	conds = tu_simeval_conds_needed(o->experiments);
	tu_simeval_data_init(&d);
	st = tu_simeval_data_alloc(&d, o->seeds, conds, err);
	if (!st)
		st = run_all(o, conds, &d, err);
	if (!st)
		st = tu_simeval_summarize(&d, o->experiments, s, err);
	tu_simeval_data_release(&d);
	if (st)
		return st;
	snprintf(s->course, sizeof(s->course), "%s", o->course->id);
	s->sim = o->sim;
	s->first_seed = o->first_seed;
	return TU_OK;
}
