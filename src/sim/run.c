/*
 * run.c - a simulated cohort (tu_sim_run, tutor/sim.h): the held-out
 * split, the practice course, the worker threads and the results.
 *
 * Learners are striped over the threads; each learner's results and
 * predictions are kept in its own slot and joined in index order, so the
 * output does not depend on the number of threads.  What it is not: the
 * learner model (learner.c) or the day loop (session.c).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

#define TRY(x)                            \
	do {                              \
		enum tu_status st_ = (x); \
		if (st_)                  \
			return st_;       \
	} while (0)

void tu_sim_result_init(struct tu_sim_result *r)
{
	memset(r, 0, sizeof(*r));
}

void tu_sim_result_release(struct tu_sim_result *r)
{
	if (!r)
		return;
	free(r->learners);
	free(r->topics);
	free(r->topic_attempts);
	free(r->true_by_day);
	free(r->mastery);
	free(r->recall);
	tu_sim_result_init(r);
}

/* ---- the world ------------------------------------------------------------- */

static enum tu_status map_problem(const struct tu_course *full,
				  const struct tu_course_problem *p,
				  struct sim_problem *sp, struct tu_err *err)
{
	size_t t;

	sp->p = p;
	sp->n_topics = 0;
	for (size_t i = 0; i < p->n_topics; i++) {
		if (!tu_topic_graph_find(&full->graph, p->topics[i], &t))
			return tu_err_set(err, TU_EDATA, "sim: problem '%s': "
					  "unknown topic '%s'", p->id,
					  p->topics[i]);
		sp->topic[sp->n_topics++] = (uint32_t)t;
	}
	return TU_OK;
}

/* drop[i] for the full course's problems: per primary topic with 3 or
 * more problems, max(1, round(holdout * n)) of them, chosen by seed. */
static void choose_held(const struct tu_course *c,
			const struct tu_sim_config *cfg, bool *drop)
{
	struct tu_rng rng;
	size_t *idx = calloc(c->n_problems + 1, sizeof(*idx));

	tu_rng_seed(&rng, (cfg->split_seed ? cfg->split_seed : cfg->seed) ^
				  0x686f6c646f7574ULL);   /* "holdout" */
	if (!idx || cfg->holdout <= 0.0) {
		free(idx);
		return;
	}
	for (size_t t = 0; t < c->n_topics; t++) {
		size_t n = 0, k;

		for (size_t i = 0; i < c->n_problems; i++)
			if (!strcmp(c->problems[i].topics[0], c->topics[t].id))
				idx[n++] = i;
		if (n < 3)
			continue;
		k = (size_t)(cfg->holdout * (double)n + 0.5);
		k = k < 1 ? 1 : k;
		tu_rng_shuffle(&rng, idx, n, sizeof(*idx));
		for (size_t j = 0; j < k; j++)
			drop[idx[j]] = true;
	}
	free(idx);
}

static enum tu_status split(struct sim_world *w, struct tu_err *err)
{
	const struct tu_course *full = w->full;
	bool *drop = calloc(full->n_problems + 1, sizeof(*drop));
	enum tu_status st;

	if (!drop)
		return tu_err_set(err, TU_ENOMEM, "sim: out of memory");
	choose_held(full, w->cfg, drop);
	w->held = calloc(full->n_problems + 1, sizeof(*w->held));
	st = w->held ? TU_OK : tu_err_set(err, TU_ENOMEM, "sim: out of memory");
	for (size_t i = 0; !st && i < full->n_problems; i++)
		if (drop[i])
			st = map_problem(full, &full->problems[i],
					 &w->held[w->n_held++], err);
	if (!st && w->practice.n_problems != full->n_problems)
		st = tu_err_set(err, TU_EDATA, "sim: the course at %s changed "
				"while loading", full->root);
	if (!st && w->n_held)
		st = tu_course_hold_out(&w->practice, drop, err);
	free(drop);
	return st;
}

static int topo_cmp_depth(const struct tu_topic_graph *g, uint32_t t,
			  int *memo)
{
	int best = 0;

	if (memo[t] >= 0)
		return memo[t];
	memo[t] = 0;
	for (size_t e = g->pre_start[t]; e < g->pre_start[t + 1]; e++) {
		int d = topo_cmp_depth(g, g->pre[e], memo) + 1;

		best = d > best ? d : best;
	}
	return memo[t] = best;
}

/* Topics by depth in the prerequisite DAG (stable): prerequisites first. */
static enum tu_status topo(struct sim_world *w, struct tu_err *err)
{
	const struct tu_topic_graph *g = &w->full->graph;
	int *memo = malloc((g->n_topics + 1) * sizeof(*memo));
	size_t k = 0;
	int maxd = 0;

	w->topo = malloc((g->n_topics + 1) * sizeof(*w->topo));
	if (!memo || !w->topo) {
		free(memo);
		return tu_err_set(err, TU_ENOMEM, "sim: out of memory");
	}
	for (size_t t = 0; t < g->n_topics; t++)
		memo[t] = -1;
	for (size_t t = 0; t < g->n_topics; t++) {
		int d = topo_cmp_depth(g, (uint32_t)t, memo);

		maxd = d > maxd ? d : maxd;
	}
	for (int d = 0; d <= maxd; d++)
		for (size_t t = 0; t < g->n_topics; t++)
			if (memo[t] == d)
				w->topo[k++] = (uint32_t)t;
	free(memo);
	return TU_OK;
}

static bool path_policy(const struct tu_agent_config *t)
{
	return t->policy == TU_POLICY_RETRIEVAL || t->policy == TU_POLICY_MODEL;
}

/* The parts of a world that depend only on the course and the held-out
 * split: the practice course, its problems, the topic order and the
 * retrieval index (built always: cheap next to the course load). */
static enum tu_status world_build(struct sim_world *w,
				  const struct tu_course *course,
				  const struct tu_sim_config *cfg,
				  struct tu_err *err)
{
	memset(w, 0, sizeof(*w));
	tu_course_init(&w->practice);
	tu_retr_index_init(&w->index);
	w->full = course;
	w->cfg = cfg;
	w->n_topics = course->graph.n_topics;
	w->lang = course->langs[TU_LANG_PYTHON] ? TU_LANG_PYTHON : TU_LANG_C;
	TRY(topo(w, err));
	TRY(tu_course_load(course->root, &w->practice, err));
	TRY(split(w, err));
	TRY(tu_path_index(&w->practice, &w->index, err));
	w->n_prac = w->practice.n_problems;
	w->prac = calloc(w->n_prac + 1, sizeof(*w->prac));
	if (!w->prac)
		return tu_err_set(err, TU_ENOMEM, "sim: out of memory");
	for (size_t i = 0; i < w->n_prac; i++)
		TRY(map_problem(course, &w->practice.problems[i], &w->prac[i],
				err));
	return TU_OK;
}

/* Binds one run's configuration, tutor and hook to a built world. */
static enum tu_status world_bind(struct sim_world *w,
				 const struct tu_agent_config *tutor,
				 const struct tu_sim_config *cfg,
				 const struct tu_sim_hook *hook,
				 struct tu_err *err)
{
	w->cfg = cfg;
	w->hook = hook && hook->choose ? hook : NULL;
	if (tutor)
		w->tutor = *tutor;
	else
		tu_agent_config_default(&w->tutor);
	if (path_policy(&w->tutor))
		w->tutor.path.index = &w->index;
	if (path_policy(&w->tutor) && w->hook)
		w->tutor.path.choose = tu__sim_choose;
	return tu_agent_config_validate(&w->tutor, err);
}

static void world_release(struct sim_world *w)
{
	tu_retr_index_release(&w->index);
	tu_course_release(&w->practice);
	free(w->topo);
	free(w->prac);
	free(w->held);
}

/* ---- the workers ------------------------------------------------------------- */

struct shared {
	const struct sim_world *w;
	struct tu_store *store;
	struct tu_sim_result *out;
	struct sim_preds *mastery, *recall;   /* one per learner */
	unsigned threads;
	const struct tu_progress *progress;
	pthread_mutex_t lock;
	size_t done;
	enum tu_status st;                    /* first failure */
	struct tu_err err;
};

struct worker {
	struct shared *sh;
	unsigned id;
	pthread_t tid;
};

static void report(struct shared *sh, enum tu_status st,
		   const struct tu_err *e)
{
	pthread_mutex_lock(&sh->lock);
	if (st && !sh->st) {
		sh->st = st;
		sh->err = *e;
	}
	if (!st) {
		sh->done++;
		tu_progress_report(sh->progress, "learners", sh->done,
				   sh->out->n_learners);
	}
	pthread_mutex_unlock(&sh->lock);
}

static bool failed(struct shared *sh)
{
	bool f;

	pthread_mutex_lock(&sh->lock);
	f = sh->st != TU_OK;
	pthread_mutex_unlock(&sh->lock);
	return f;
}

static enum tu_status one(struct shared *sh, struct sim_conn *c, uint32_t i,
			  struct tu_err *err)
{
	const struct sim_world *w = sh->w;
	struct tu_sim_result *r = sh->out;
	struct sim_learner L;
	enum tu_status st = tu__sim_learner_draw(w, i, &L, err);

	if (!st)
		st = tu__sim_learner_run(
			w, c, &L, &r->learners[i],
			&r->topic_attempts[(size_t)i * r->n_topics],
			&r->true_by_day[(size_t)i * (r->days + 1)],
			&sh->mastery[i], &sh->recall[i], err);
	tu__sim_learner_release(&L);
	return st;
}

static void *work(void *arg)
{
	struct worker *wk = arg;
	struct shared *sh = wk->sh;
	struct tu_err err = TU_ERR_INIT;
	struct sim_conn c;
	enum tu_status st;

	struct tu_agent_config tcfg = sh->w->tutor;

	memset(&c, 0, sizeof(c));
	tu_learner_state_init(&c.st);
	c.store = sh->store;
	tcfg.path.choose_ud = &c.chooser;   /* this thread's learner */
	st = tu_orch_init(&c.orch, sh->store, &sh->w->practice, &tcfg, &err);
	for (uint32_t i = wk->id; !st && i < sh->out->n_learners;
	     i += sh->threads) {
		if (failed(sh))
			break;
		st = one(sh, &c, i, &err);
		report(sh, st, &err);
	}
	if (st)
		report(sh, st, &err);
	json_decref(c.out);
	tu_learner_state_release(&c.st);
	tu_orch_release(&c.orch);
	return NULL;
}

/* ---- results ------------------------------------------------------------------- */

static enum tu_status alloc_result(const struct sim_world *w,
				   struct tu_sim_result *r, struct tu_err *err)
{
	size_t n = w->cfg->learners;

	r->n_learners = w->cfg->learners;
	r->days = w->cfg->days;
	r->n_topics = w->n_topics;
	r->n_held = w->n_held;
	r->learners = calloc(n, sizeof(*r->learners));
	r->topics = calloc(w->n_topics + 1, sizeof(*r->topics));
	r->topic_attempts = calloc(n * w->n_topics + 1,
				   sizeof(*r->topic_attempts));
	r->true_by_day = calloc(n * (r->days + 1), sizeof(*r->true_by_day));
	if (!r->learners || !r->topics || !r->topic_attempts ||
	    !r->true_by_day)
		return tu_err_set(err, TU_ENOMEM, "sim: out of memory for "
				  "%zu learners", n);
	for (size_t t = 0; t < w->n_topics; t++)
		memcpy(r->topics[t], w->full->graph.ids[t], TU_ID_MAX);
	return TU_OK;
}

/* Concatenates the per-learner lists in learner order into *dst. */
static enum tu_status join(struct sim_preds *per, size_t n,
			   struct tu_sim_pred **dst, size_t *n_dst,
			   struct tu_err *err)
{
	size_t total = 0, k = 0;

	for (size_t i = 0; i < n; i++)
		total += per[i].n;
	*dst = malloc((total + 1) * sizeof(**dst));
	if (!*dst)
		return tu_err_set(err, TU_ENOMEM, "sim: out of memory");
	for (size_t i = 0; i < n; i++) {
		if (per[i].n)
			memcpy(&(*dst)[k], per[i].v, per[i].n * sizeof(**dst));
		k += per[i].n;
	}
	*n_dst = total;
	return TU_OK;
}

static enum tu_status run_threads(struct shared *sh, struct tu_err *err)
{
	struct worker wk[TU_SIM_THREADS_MAX];
	unsigned started = 0;

	for (unsigned t = 0; t < sh->threads; t++) {
		wk[t] = (struct worker){ sh, t, 0 };
		if (sh->threads == 1)
			break;
		if (pthread_create(&wk[t].tid, NULL, work, &wk[t]) != 0) {
			report(sh, tu_err_set(err, TU_ENOMEM, "sim: cannot "
					      "start a thread"), err);
			break;
		}
		started++;
	}
	if (sh->threads == 1)
		work(&wk[0]);
	for (unsigned t = 0; t < started; t++)
		pthread_join(wk[t].tid, NULL);
	if (sh->st)
		*err = sh->err;
	return sh->st;
}

static enum tu_status run_cohort(const struct sim_world *w,
				 struct tu_store *store,
				 const struct tu_progress *progress,
				 struct tu_sim_result *out, struct tu_err *err)
{
	struct shared sh;
	enum tu_status st;
	size_t n = w->cfg->learners;

	memset(&sh, 0, sizeof(sh));
	sh.w = w;
	sh.store = store;
	sh.out = out;
	sh.threads = store ? 1 : w->cfg->threads;
	sh.progress = progress;
	sh.mastery = calloc(n, sizeof(*sh.mastery));
	sh.recall = calloc(n, sizeof(*sh.recall));
	pthread_mutex_init(&sh.lock, NULL);
	st = sh.mastery && sh.recall ? run_threads(&sh, err)
				     : tu_err_set(err, TU_ENOMEM, "sim: out "
						  "of memory");
	if (!st)
		st = join(sh.mastery, n, &out->mastery, &out->n_mastery, err);
	if (!st)
		st = join(sh.recall, n, &out->recall, &out->n_recall, err);
	for (size_t i = 0; i < n && sh.mastery && sh.recall; i++) {
		free(sh.mastery[i].v);
		free(sh.recall[i].v);
	}
	free(sh.mastery);
	free(sh.recall);
	pthread_mutex_destroy(&sh.lock);
	return st;
}

enum tu_status tu_sim_run(const struct tu_course *course,
			  const struct tu_agent_config *tutor,
			  const struct tu_sim_config *cfg,
			  struct tu_store *store,
			  const struct tu_progress *progress,
			  struct tu_sim_result *out, struct tu_err *err)
{
	return tu_sim_run_hooked(course, tutor, cfg, store, NULL, progress,
				 out, err);
}

struct tu_sim_world {
	struct sim_world w;
	uint64_t split_seed;
	double holdout;
};

static uint64_t split_seed(const struct tu_sim_config *cfg)
{
	return cfg->split_seed ? cfg->split_seed : cfg->seed;
}

enum tu_status tu_sim_world_new(const struct tu_course *course,
				const struct tu_sim_config *cfg,
				struct tu_sim_world **out, struct tu_err *err)
{
	struct tu_sim_world *x;
	enum tu_status st = tu_sim_config_validate(cfg, err);

	*out = NULL;
	if (st)
		return st;
	if (course->n_problems == 0)
		return tu_err_set(err, TU_EINVAL, "sim: course '%s' has no "
				  "problems", course->id);
	x = calloc(1, sizeof(*x));
	if (!x)
		return tu_err_set(err, TU_ENOMEM, "sim: out of memory");
	x->split_seed = split_seed(cfg);
	x->holdout = cfg->holdout;
	st = world_build(&x->w, course, cfg, err);
	if (st) {
		world_release(&x->w);
		free(x);
		return st;
	}
	x->w.cfg = NULL;
	*out = x;
	return TU_OK;
}

void tu_sim_world_free(struct tu_sim_world *w)
{
	if (!w)
		return;
	world_release(&w->w);
	free(w);
}

enum tu_status tu_sim_run_world(struct tu_sim_world *world,
				const struct tu_agent_config *tutor,
				const struct tu_sim_config *cfg,
				struct tu_store *store,
				const struct tu_sim_hook *hook,
				const struct tu_progress *progress,
				struct tu_sim_result *out, struct tu_err *err)
{
	struct sim_world *w = &world->w;
	enum tu_status st = tu_sim_config_validate(cfg, err);

	tu_sim_result_init(out);
	if (st)
		return st;
	if (split_seed(cfg) != world->split_seed ||
	    cfg->holdout != world->holdout)
		return tu_err_set(err, TU_EINVAL, "sim: the run's held-out "
				  "split (holdout %g, split seed %llu) is not "
				  "the world's", cfg->holdout,
				  (unsigned long long)split_seed(cfg));
	if (store && cfg->threads != 1)
		return tu_err_set(err, TU_EINVAL, "sim: a run on a store uses "
				  "one thread, got threads = %u",
				  cfg->threads);
	st = world_bind(w, tutor, cfg, hook, err);
	if (!st)
		st = alloc_result(w, out, err);
	if (!st)
		st = run_cohort(w, store, progress, out, err);
	if (!st)
		for (size_t i = 0; i < out->n_learners; i++)
			out->events += out->learners[i].events;
	w->cfg = NULL;
	w->hook = NULL;
	if (st)
		tu_sim_result_release(out);
	return st;
}

enum tu_status tu_sim_run_hooked(const struct tu_course *course,
				 const struct tu_agent_config *tutor,
				 const struct tu_sim_config *cfg,
				 struct tu_store *store,
				 const struct tu_sim_hook *hook,
				 const struct tu_progress *progress,
				 struct tu_sim_result *out,
				 struct tu_err *err)
{
	struct tu_sim_world *w = NULL;
	enum tu_status st;

	tu_sim_result_init(out);
	st = tu_sim_world_new(course, cfg, &w, err);
	if (!st)
		st = tu_sim_run_world(w, tutor, cfg, store, hook, progress,
				      out, err);
	tu_sim_world_free(w);
	return st;
}
