/*
 * train.c - the next-action policy's two training stages against
 * simulated learners (tutor/train.h, docs/policy.md): behaviour cloning
 * of the oracle teacher, then GRPO.
 *
 * Decisions are recorded by the simulator's hook (tutor/sim.h) per
 * learner, so a run on several threads records the same data as on one.
 * What it is not: the network (src/policy) or the decision-time policy
 * (src/agents/path.c); no I/O.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "tutor/train.h"

#define F TU_PATH_FEATURES

#define TRY(x)                            \
	do {                              \
		enum tu_status st_ = (x); \
		if (st_)                  \
			return st_;       \
	} while (0)

void tu_train_config_default(struct tu_train_config *c)
{
	memset(c, 0, sizeof(*c));
	tu_sim_config_default(&c->sim);
	c->seed = 1000;
	c->hidden[0] = 32;
	c->hidden[1] = 32;
	c->sft_learners = 200;
	c->sft_days = 30;
	c->sft_epochs = 30;
	c->batch = 64;
	c->sft_lr = 3e-3;
	c->grpo_iters = 30;
	c->grpo_learners = 128;
	c->group = 8;
	c->horizon_days = 10;
	c->grpo_epochs = 2;
	c->grpo_lr = 3e-3;
	c->clip_eps = 0.2;
	c->kl_beta = 0.01;
	c->temperature = 1.0;
	c->w_align = 1.0;
	c->w_gain = 1.0;
	c->threads = 1;
}

static enum tu_status count_ok(uint32_t v, uint32_t lo, uint32_t hi,
			       const char *name, struct tu_err *err)
{
	if (v < lo || v > hi)
		return tu_err_set(err, TU_EINVAL, "train: %s must be in [%u, "
				  "%u], got %u", name, lo, hi, v);
	return TU_OK;
}

static enum tu_status real_ok(double v, double lo, double hi,
			      const char *name, struct tu_err *err)
{
	if (!(v >= lo && v <= hi))
		return tu_err_set(err, TU_EINVAL, "train: %s must be in [%g, "
				  "%g], got %g", name, lo, hi, v);
	return TU_OK;
}

enum tu_status tu_train_config_validate(const struct tu_train_config *c,
					struct tu_err *err)
{
	TRY(tu_sim_config_validate(&c->sim, err));
	TRY(count_ok(c->hidden[0], 1, TU_MLP_MAX_WIDTH, "hidden[0]", err));
	TRY(count_ok(c->hidden[1], 1, TU_MLP_MAX_WIDTH, "hidden[1]", err));
	TRY(count_ok(c->sft_learners, 1, 1000000, "sft_learners", err));
	TRY(count_ok(c->sft_days, 1, 3650, "sft_days", err));
	TRY(count_ok(c->sft_epochs, 0, 100000, "sft_epochs", err));
	TRY(count_ok(c->batch, 1, 1000000, "batch", err));
	TRY(count_ok(c->grpo_iters, 0, 1000000, "grpo_iters", err));
	TRY(count_ok(c->grpo_learners, 1, 100000, "grpo_learners", err));
	TRY(count_ok(c->group, 2, 256, "group", err));
	TRY(count_ok(c->horizon_days, 1, 3650, "horizon_days", err));
	TRY(count_ok(c->grpo_epochs, 1, 100, "grpo_epochs", err));
	TRY(count_ok(c->threads, 1, TU_SIM_THREADS_MAX, "threads", err));
	TRY(real_ok(c->sft_lr, 1e-9, 1.0, "sft_lr", err));
	TRY(real_ok(c->grpo_lr, 1e-9, 1.0, "grpo_lr", err));
	TRY(real_ok(c->clip_eps, 0.0, 1.0, "clip_eps", err));
	TRY(real_ok(c->kl_beta, 0.0, 100.0, "kl_beta", err));
	TRY(real_ok(c->temperature, 1e-3, 100.0, "temperature", err));
	TRY(real_ok(c->w_align, 0.0, 1e6, "w_align", err));
	return real_ok(c->w_gain, 0.0, 1e6, "w_gain", err);
}

void tu_train_log_init(struct tu_train_log *l)
{
	memset(l, 0, sizeof(*l));
}

void tu_train_log_release(struct tu_train_log *l)
{
	if (!l)
		return;
	free(l->sft_loss);
	free(l->sft_acc);
	free(l->grpo_reward);
	free(l->grpo_align);
	free(l->grpo_gain);
	free(l->grpo_kl);
	tu_train_log_init(l);
}

void tu_train_advantages(const double *r, size_t n, double *a)
{
	double mean = 0.0, var = 0.0, sd;

	for (size_t i = 0; i < n; i++)
		mean += r[i];
	mean /= (double)n;
	for (size_t i = 0; i < n; i++)
		var += (r[i] - mean) * (r[i] - mean);
	sd = sqrt(var / (double)n);
	for (size_t i = 0; i < n; i++)
		a[i] = sd > 0.0 ? (r[i] - mean) / (sd + 1e-8) : 0.0;
}

/* ---- recorded decisions ------------------------------------------------------- */

struct decision {
	uint32_t k, chosen;
	double logp_old;            /* log pi_old(chosen) when sampled */
	double *feats;              /* k x F, owned */
};

struct dset {
	struct decision *v;
	size_t n, cap;
};

static void dset_release(struct dset *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].feats);
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static enum tu_status dset_add(struct dset *d, const double *feats, size_t k,
			       size_t chosen, double logp, struct tu_err *err)
{
	struct decision *x;

	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 32;
		struct decision *v = realloc(d->v, cap * sizeof(*v));

		if (!v)
			return tu_err_set(err, TU_ENOMEM, "train: out of "
					  "memory");
		d->v = v;
		d->cap = cap;
	}
	x = &d->v[d->n];
	x->feats = malloc(k * F * sizeof(double));
	if (!x->feats)
		return tu_err_set(err, TU_ENOMEM, "train: out of memory");
	memcpy(x->feats, feats, k * F * sizeof(double));
	x->k = (uint32_t)k;
	x->chosen = (uint32_t)chosen;
	x->logp_old = logp;
	d->n++;
	return TU_OK;
}

/* ---- hooks ------------------------------------------------------------------------- */

struct rec {
	struct dset *per;            /* per learner */
	struct tu_rng *rng;          /* per learner (sampling) */
	const struct tu_mlp *policy; /* NULL: follow the oracle */
	double temperature;
};

static size_t argmax_d(const double *v, size_t k)
{
	size_t best = 0;

	for (size_t i = 1; i < k; i++)
		if (v[i] > v[best])
			best = i;
	return best;
}

static double safe_log(double v)
{
	return log(v > 1e-300 ? v : 1e-300);
}

static enum tu_status rec_choose(void *ud, uint32_t learner,
				 const struct tu_path_choice *c,
				 const double *oracle, size_t *chosen,
				 struct tu_err *err)
{
	struct rec *r = ud;
	double probs[TU_PATH_K_MAX], logp = 0.0;

	if (!r->policy) {
		*chosen = argmax_d(oracle, c->k);
	} else {
		tu_mlp_softmax(r->policy, c->feats, c->k, r->temperature,
			       probs, 0);
		*chosen = tu_mlp_sample(probs, c->k, &r->rng[learner]);
		logp = safe_log(probs[*chosen]);
	}
	return dset_add(&r->per[learner], c->feats, c->k, *chosen, logp, err);
}

/* ---- stage 1: SFT --------------------------------------------------------------------- */

static void sft_sim(const struct tu_train_config *cfg,
		    struct tu_sim_config *s)
{
	*s = cfg->sim;
	s->learners = cfg->sft_learners;
	s->days = cfg->sft_days;
	s->seed = cfg->seed;
	s->goals = true;
	s->session_k = 1;
	s->threads = cfg->threads;
	s->stream = 0;
	s->split_seed = cfg->seed;
}

static enum tu_status collect(struct tu_sim_world *world,
			      const struct tu_agent_config *tutor,
			      const struct tu_sim_config *s, struct rec *r,
			      struct tu_sim_result *res, struct tu_err *err)
{
	struct tu_agent_config t = *tutor;
	struct tu_sim_hook hook = { rec_choose, r };

	t.policy = TU_POLICY_MODEL;
	t.path.model = NULL;
	return tu_sim_run_world(world, &t, s, NULL, &hook, NULL, res, err);
}

/* All per-learner lists moved into one (learner order). */
static enum tu_status join(struct dset *per, size_t n, struct dset *all,
			   struct tu_err *err)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < per[i].n; j++) {
			if (all->n == all->cap) {
				size_t cap = all->cap ? all->cap * 2 : 256;
				struct decision *v =
					realloc(all->v, cap * sizeof(*v));

				if (!v)
					return tu_err_set(err, TU_ENOMEM,
							  "train: out of "
							  "memory");
				all->v = v;
				all->cap = cap;
			}
			all->v[all->n++] = per[i].v[j];
		}
		free(per[i].v);
		memset(&per[i], 0, sizeof(per[i]));
	}
	return TU_OK;
}

static enum tu_status log_push(double **arr, size_t n, double v,
			       struct tu_err *err)
{
	double *a = realloc(*arr, (n + 1) * sizeof(*a));

	if (!a)
		return tu_err_set(err, TU_ENOMEM, "train: out of memory");
	a[n] = v;
	*arr = a;
	return TU_OK;
}

/* One epoch of cross-entropy over d in shuffled minibatches. */
static void sft_epoch(struct tu_mlp *m, struct tu_adam *adam,
		      struct tu_mlp_grad *g, const struct dset *d,
		      size_t *order, uint32_t batch, struct tu_rng *rng,
		      double *loss, double *acc)
{
	double probs[TU_PATH_K_MAX], sum = 0.0;
	size_t hit = 0, in_batch = 0;

	tu_rng_shuffle(rng, order, d->n, sizeof(*order));
	tu_mlp_grad_zero(g);
	for (size_t i = 0; i < d->n; i++) {
		const struct decision *x = &d->v[order[i]];
		double lp = tu_mlp_softmax(m, x->feats, x->k, 1.0, probs,
					   x->chosen);

		sum -= lp;
		hit += argmax_d(probs, x->k) == x->chosen;
		tu_mlp_logp_backward(m, x->feats, x->k, 1.0, probs, x->chosen,
				     1.0, g);
		if (++in_batch == batch || i + 1 == d->n) {
			tu_adam_step(adam, m, g, (double)in_batch, +1, 5.0);
			tu_mlp_grad_zero(g);
			in_batch = 0;
		}
	}
	*loss = d->n ? sum / (double)d->n : 0.0;
	*acc = d->n ? (double)hit / (double)d->n : 0.0;
}

static enum tu_status sft_fit(const struct tu_train_config *cfg,
			      struct tu_mlp *m, const struct dset *d,
			      struct tu_train_log *log,
			      const struct tu_progress *progress,
			      struct tu_err *err)
{
	struct tu_adam adam;
	struct tu_mlp_grad g;
	struct tu_rng rng;
	size_t *order = malloc((d->n + 1) * sizeof(*order));
	enum tu_status st = order ? TU_OK : tu_err_set(err, TU_ENOMEM,
						       "train: out of memory");
	double loss, acc;

	memset(&adam, 0, sizeof(adam));
	memset(&g, 0, sizeof(g));
	tu_rng_seed(&rng, cfg->seed ^ 0x5f7);
	for (size_t i = 0; order && i < d->n; i++)
		order[i] = i;
	if (!st)
		st = tu_adam_init(&adam, m, cfg->sft_lr, err);
	if (!st)
		st = tu_mlp_grad_init(&g, m, err);
	for (uint32_t e = 0; !st && e < cfg->sft_epochs; e++) {
		sft_epoch(m, &adam, &g, d, order, cfg->batch, &rng, &loss,
			  &acc);
		st = log_push(&log->sft_loss, log->n_sft, loss, err);
		if (!st)
			st = log_push(&log->sft_acc, log->n_sft, acc, err);
		if (!st)
			log->n_sft++;
		tu_progress_report(progress, "sft epochs", e + 1,
				   cfg->sft_epochs);
	}
	tu_mlp_grad_release(&g);
	tu_adam_release(&adam);
	free(order);
	return st;
}

enum tu_status tu_train_sft(const struct tu_course *course,
			    const struct tu_agent_config *tutor,
			    const struct tu_train_config *cfg,
			    struct tu_mlp *model, struct tu_train_log *log,
			    const struct tu_progress *progress,
			    struct tu_err *err)
{
	struct tu_sim_config s;
	struct tu_sim_result res;
	struct dset all = { NULL, 0, 0 };
	struct rec r = { NULL, NULL, NULL, 1.0 };
	struct tu_sim_world *world = NULL;
	struct tu_rng rng;
	enum tu_status st;

	tu_sim_result_init(&res);
	TRY(tu_train_config_validate(cfg, err));
	sft_sim(cfg, &s);
	r.per = calloc(s.learners, sizeof(*r.per));
	if (!r.per)
		return tu_err_set(err, TU_ENOMEM, "train: out of memory");
	tu_progress_report(progress, "sft demonstrations", 0, 1);
	st = tu_sim_world_new(course, &s, &world, err);
	if (!st)
		st = collect(world, tutor, &s, &r, &res, err);
	tu_sim_world_free(world);
	tu_sim_result_release(&res);
	if (!st)
		st = join(r.per, s.learners, &all, err);
	for (size_t i = 0; i < s.learners; i++)
		dset_release(&r.per[i]);
	free(r.per);
	log->sft_decisions = all.n;
	tu_rng_seed(&rng, cfg->seed);
	if (!st)
		st = tu_mlp_create(model, F, 2, cfg->hidden, &rng, err);
	if (!st) {
		snprintf(model->feature_set, sizeof(model->feature_set), "%s",
			 TU_PATH_FEATURE_SET);
		model->feature_version = TU_PATH_FEATURE_VERSION;
		st = sft_fit(cfg, model, &all, log, progress, err);
	}
	dset_release(&all);
	return st;
}

/* ---- stage 2: GRPO ----------------------------------------------------------------------- */

struct group {
	uint32_t B, G;
	struct dset *traj;           /* B x G: learner j, member g at j*G+g */
	double *reward, *adv;        /* B x G */
	double align, gain;          /* means, for the log */
};

static uint64_t mix3(uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t z = a * 0x9e3779b97f4a7c15ULL ^ (b + 0x632be59bd9b4e019ULL) *
			     0xbf58476d1ce4e5b9ULL ^ c * 0x94d049bb133111ebULL;

	return z ^ (z >> 29);
}

/* Runs member g of every group in iteration it. */
static enum tu_status rollout(struct tu_sim_world *world,
			      const struct tu_agent_config *tutor,
			      const struct tu_train_config *cfg,
			      const struct tu_mlp *policy, uint32_t it,
			      uint32_t g, struct group *gr,
			      struct tu_err *err)
{
	struct tu_sim_config s = cfg->sim;
	struct tu_sim_result res;
	struct rec r = { NULL, NULL, policy, cfg->temperature };
	enum tu_status st;

	s.learners = gr->B;
	s.days = cfg->horizon_days;
	s.seed = cfg->seed + 1 + it;
	s.stream = g + 1;
	s.goals = true;
	s.session_k = 1;
	s.threads = cfg->threads;
	s.split_seed = cfg->seed;
	r.per = calloc(gr->B, sizeof(*r.per));
	r.rng = calloc(gr->B, sizeof(*r.rng));
	if (!r.per || !r.rng) {
		free(r.per);
		free(r.rng);
		return tu_err_set(err, TU_ENOMEM, "train: out of memory");
	}
	for (uint32_t j = 0; j < gr->B; j++)
		tu_rng_seed(&r.rng[j], mix3(cfg->seed + it, j, g));
	st = collect(world, tutor, &s, &r, &res, err);
	for (uint32_t j = 0; !st && j < gr->B; j++) {
		const struct tu_sim_learner *l = &res.learners[j];
		double gain = 100.0 * (l->true_post - l->true_pre);

		gr->traj[j * gr->G + g] = r.per[j];
		memset(&r.per[j], 0, sizeof(r.per[j]));
		gr->reward[j * gr->G + g] = cfg->w_align * l->goal_reward +
					    cfg->w_gain * gain;
		gr->align += l->goal_reward;
		gr->gain += gain;
	}
	for (uint32_t j = 0; j < gr->B; j++)
		dset_release(&r.per[j]);
	free(r.per);
	free(r.rng);
	tu_sim_result_release(&res);
	return st;
}

/* KL(p || q) over k candidates. */
static double kl_of(const double *p, const double *q, size_t k)
{
	double kl = 0.0;

	for (size_t i = 0; i < k; i++)
		if (p[i] > 0.0)
			kl += p[i] * (log(p[i]) - safe_log(q[i]));
	return kl;
}

/* Adds the clipped-objective and KL gradients of one decision, weight w
 * (1 / trajectory length), advantage a; returns its KL to ref.  Both
 * terms are gradients of the candidates' scores, so each candidate takes
 * one backward pass with their summed coefficient:
 *   d/ds_i  w a rho            = w a rho (1[i = chosen] - p_i) / T
 *   d/ds_i -beta w KL(p || q)  = -beta w p_i (log p_i - log q_i - KL) / T */
static double decision_grad(const struct tu_train_config *cfg,
			    const struct tu_mlp *m, const struct tu_mlp *ref,
			    const struct decision *x, double a, double w,
			    struct tu_mlp_grad *g)
{
	double p[TU_PATH_K_MAX], q[TU_PATH_K_MAX], kl, pg;
	double T = cfg->temperature;
	double lp = tu_mlp_softmax(m, x->feats, x->k, T, p, x->chosen);
	double ratio = exp(lp - x->logp_old);
	bool clipped = (a > 0.0 && ratio > 1.0 + cfg->clip_eps) ||
		       (a < 0.0 && ratio < 1.0 - cfg->clip_eps);

	tu_mlp_softmax(ref, x->feats, x->k, T, q, 0);
	kl = kl_of(p, q, x->k);
	pg = clipped ? 0.0 : w * a * ratio;
	for (uint32_t i = 0; i < x->k; i++) {
		double li = p[i] > 0.0 ? log(p[i]) : 0.0;
		double c = (pg * ((i == x->chosen ? 1.0 : 0.0) - p[i]) -
			    cfg->kl_beta * w * p[i] * (li - safe_log(q[i]) -
						       kl)) / T;

		if (c != 0.0)
			tu_mlp_backward(m, &x->feats[i * F], c, g);
	}
	return kl;
}

/* One half of a minibatch's gradient: trajectories [from, to) into its
 * own accumulator.  A minibatch is always cut in two halves and the
 * halves are added in order, so one thread or two give the same bits. */
struct half {
	const struct tu_train_config *cfg;
	const struct tu_mlp *m, *ref;
	const struct group *gr;
	size_t from, to;
	struct tu_mlp_grad g;
	double kl;                   /* summed over its decisions */
	size_t n;                    /* decisions */
};

static void half_run(struct half *h)
{
	tu_mlp_grad_zero(&h->g);
	h->kl = 0.0;
	h->n = 0;
	for (size_t t = h->from; t < h->to; t++) {
		const struct dset *d = &h->gr->traj[t];

		for (size_t i = 0; i < d->n; i++) {
			h->kl += decision_grad(h->cfg, h->m, h->ref, &d->v[i],
					       h->gr->adv[t],
					       1.0 / (double)d->n, &h->g);
			h->n++;
		}
	}
}

static void *half_thread(void *arg)
{
	half_run(arg);
	return NULL;
}

/* Both halves of [s0, s1) (the second on its own thread when allowed),
 * summed into g. */
static void minibatch(struct half h[2], size_t s0, size_t s1, bool threads,
		      struct tu_mlp_grad *g)
{
	pthread_t tid;
	bool spawned;

	h[0].from = s0;
	h[0].to = h[1].from = s0 + (s1 - s0) / 2;
	h[1].to = s1;
	spawned = threads && !pthread_create(&tid, NULL, half_thread, &h[1]);
	half_run(&h[0]);
	if (spawned)
		pthread_join(tid, NULL);
	else
		half_run(&h[1]);
	for (size_t i = 0; i < g->n; i++)
		g->g[i] = h[0].g.g[i] + h[1].g.g[i];
}

/* The update epochs of one iteration; *kl gets the mean KL. */
static enum tu_status grpo_update(const struct tu_train_config *cfg,
				  struct tu_mlp *m, const struct tu_mlp *ref,
				  struct tu_adam *adam, struct tu_mlp_grad *g,
				  const struct group *gr, double *kl,
				  struct tu_err *err)
{
	size_t n_traj = (size_t)gr->B * gr->G, n_dec = 0, steps = 4;
	size_t per = (n_traj + steps - 1) / steps;
	double sum_kl = 0.0;
	struct half h[2];
	enum tu_status st;

	for (int i = 0; i < 2; i++)
		h[i] = (struct half){ cfg, m, ref, gr, 0, 0, { 0, NULL }, 0.0,
				      0 };
	st = tu_mlp_grad_init(&h[0].g, m, err);
	if (!st)
		st = tu_mlp_grad_init(&h[1].g, m, err);
	for (uint32_t e = 0; !st && e < cfg->grpo_epochs; e++)
		for (size_t s0 = 0; s0 < n_traj; s0 += per) {
			minibatch(h, s0, s0 + per < n_traj ? s0 + per : n_traj,
				  cfg->threads > 1, g);
			if (e == 0) {
				sum_kl += h[0].kl + h[1].kl;
				n_dec += h[0].n + h[1].n;
			}
			tu_adam_step(adam, m, g, (double)per, +1, 5.0);
		}
	tu_mlp_grad_release(&h[0].g);
	tu_mlp_grad_release(&h[1].g);
	*kl = n_dec ? sum_kl / (double)n_dec : 0.0;
	return st;
}

static void group_release(struct group *gr)
{
	for (size_t i = 0; gr->traj && i < (size_t)gr->B * gr->G; i++)
		dset_release(&gr->traj[i]);
	free(gr->traj);
	free(gr->reward);
	free(gr->adv);
}

static enum tu_status log_iter(struct tu_train_log *log,
			       const struct group *gr, double kl,
			       struct tu_err *err)
{
	size_t n = (size_t)gr->B * gr->G;
	double mean = 0.0;

	for (size_t i = 0; i < n; i++)
		mean += gr->reward[i];
	TRY(log_push(&log->grpo_reward, log->n_grpo, mean / (double)n, err));
	TRY(log_push(&log->grpo_align, log->n_grpo, gr->align / (double)n,
		     err));
	TRY(log_push(&log->grpo_gain, log->n_grpo, gr->gain / (double)n, err));
	TRY(log_push(&log->grpo_kl, log->n_grpo, kl, err));
	log->n_grpo++;
	log->trajectories += n;
	for (size_t i = 0; i < n; i++)
		log->decisions += gr->traj[i].n;
	return TU_OK;
}

static enum tu_status iteration(struct tu_sim_world *world,
				const struct tu_agent_config *tutor,
				const struct tu_train_config *cfg,
				const struct tu_mlp *ref, struct tu_mlp *policy,
				struct tu_adam *adam, struct tu_mlp_grad *g,
				uint32_t it, struct tu_train_log *log,
				struct tu_err *err)
{
	struct group gr = { cfg->grpo_learners, cfg->group, NULL, NULL, NULL,
			    0.0, 0.0 };
	size_t n = (size_t)gr.B * gr.G;
	enum tu_status st = TU_OK;
	double kl = 0.0;

	gr.traj = calloc(n, sizeof(*gr.traj));
	gr.reward = calloc(n, sizeof(*gr.reward));
	gr.adv = calloc(n, sizeof(*gr.adv));
	if (!gr.traj || !gr.reward || !gr.adv)
		st = tu_err_set(err, TU_ENOMEM, "train: out of memory");
	for (uint32_t m = 0; !st && m < gr.G; m++)
		st = rollout(world, tutor, cfg, policy, it, m, &gr, err);
	for (uint32_t j = 0; !st && j < gr.B; j++)
		tu_train_advantages(&gr.reward[j * gr.G], gr.G,
				    &gr.adv[j * gr.G]);
	if (!st)
		st = grpo_update(cfg, policy, ref, adam, g, &gr, &kl, err);
	if (!st)
		st = log_iter(log, &gr, kl, err);
	group_release(&gr);
	return st;
}

enum tu_status tu_train_grpo(const struct tu_course *course,
			     const struct tu_agent_config *tutor,
			     const struct tu_train_config *cfg,
			     const struct tu_mlp *ref, struct tu_mlp *policy,
			     struct tu_train_log *log,
			     const struct tu_progress *progress,
			     struct tu_err *err)
{
	struct tu_adam adam;
	struct tu_mlp_grad g;
	struct tu_sim_world *world = NULL;
	struct tu_sim_config s;
	enum tu_status st = tu_train_config_validate(cfg, err);

	memset(&adam, 0, sizeof(adam));
	memset(&g, 0, sizeof(g));
	sft_sim(cfg, &s);
	if (!st)
		st = tu_sim_world_new(course, &s, &world, err);
	if (!st)
		st = tu_adam_init(&adam, policy, cfg->grpo_lr, err);
	if (!st)
		st = tu_mlp_grad_init(&g, policy, err);
	for (uint32_t it = 0; !st && it < cfg->grpo_iters; it++) {
		st = iteration(world, tutor, cfg, ref, policy, &adam, &g, it,
			       log, err);
		tu_progress_report(progress, "grpo iterations", it + 1,
				   cfg->grpo_iters);
	}
	tu_mlp_grad_release(&g);
	tu_adam_release(&adam);
	tu_sim_world_free(world);
	return st;
}
