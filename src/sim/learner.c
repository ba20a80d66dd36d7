/*
 * learner.c - the simulated learner model (docs/simulator.md): persona,
 * traits, per-topic BKT parameters, latent binary knowledge, attempt
 * outcomes, learning, forgetting, solve times.
 *
 * What it is: pure functions of a learner and its private random stream.
 * What it is not: it sends no events and knows nothing of the tutor's
 * estimates (session.c does the talking).  No I/O, no clock, no globals.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/* Initial-knowledge scale, hint benefit range and speed by level. */
static const double level_scale[TU_SIM_LEVELS] = { 0.25, 0.70, 1.20 };
static const double benefit_lo[TU_SIM_LEVELS] = { 0.40, 0.60, 0.75 };
static const double benefit_hi[TU_SIM_LEVELS] = { 0.60, 0.80, 0.95 };
static const double level_speed[TU_SIM_LEVELS] = { 1.30, 1.00, 0.80 };

/* Style traits before jitter: consistency, session minutes, hint
 * reliance, follow, dropout multiplier, learning multiplier. */
static const double style_tab[TU_SIM_STYLES][6] = {
	{ 0.80, 60.0, 0.30, 0.90, 1.0, 1.10 },   /* momentum */
	{ 0.90, 45.0, 0.50, 0.95, 0.7, 1.00 },   /* consolidator */
	{ 0.70, 50.0, 0.40, 0.60, 1.0, 1.00 },   /* explorer */
	{ 0.65, 35.0, 0.80, 0.90, 1.6, 0.70 },   /* struggler */
};

#define PREREQ_INIT 0.5      /* initial-knowledge factor with an unknown prerequisite */
#define KNOWN_MAX 0.97       /* cap on an initial knowledge chance */
#define FAIL_LEARN_FB 0.6    /* learning after a failure, feedback seen */
#define FAIL_LEARN_NOFB 0.3  /* learning after a failure, no feedback */
#define ORACLE_SOLVE 0.05    /* oracle: value of a likely success */
#define ORACLE_GOAL 0.3      /* oracle: value of a success on a goal topic */

static double clamp01(double x)
{
	return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
}

static uint64_t mix(uint64_t a, uint64_t b)
{
	uint64_t z = a + 0x9e3779b97f4a7c15ULL * (b + 1);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Gamma(a, 1) by Marsaglia and Tsang; a < 1 through Gamma(a + 1). */
static double gamma_draw(struct tu_rng *rng, double a)
{
	double boost = 1.0, d, c;

	if (a < 1.0) {
		double u = tu_rng_uniform(rng);

		boost = pow(u > 0.0 ? u : 1e-300, 1.0 / a);
		a += 1.0;
	}
	d = a - 1.0 / 3.0;
	c = 1.0 / sqrt(9.0 * d);
	for (;;) {
		double x = tu_rng_normal(rng), v = 1.0 + c * x, u;

		if (v <= 0.0)
			continue;
		v = v * v * v;
		u = tu_rng_uniform(rng);
		if (u < 1.0 - 0.0331 * x * x * x * x ||
		    log(u > 0.0 ? u : 1e-300) < 0.5 * x * x +
						    d * (1.0 - v + log(v)))
			return d * v * boost;
	}
}

double tu__sim_beta(struct tu_rng *rng, struct tu_beta b)
{
	double x = gamma_draw(rng, b.a), y = gamma_draw(rng, b.b);

	return x + y > 0.0 ? x / (x + y) : 0.5;
}

/* Level by stratified position in the cohort, so the mix is exact. */
static enum tu_sim_level level_of(const struct tu_sim_config *cfg,
				  uint32_t index)
{
	double pos = ((double)index + 0.5) / (double)cfg->learners, cum = 0.0;

	for (unsigned l = 0; l < TU_SIM_LEVELS; l++) {
		cum += cfg->level_mix[l];
		if (pos < cum)
			return (enum tu_sim_level)l;
	}
	for (unsigned l = TU_SIM_LEVELS; l-- > 0;)
		if (cfg->level_mix[l] > 0.0)
			return (enum tu_sim_level)l;
	return TU_SIM_BEGINNER;
}

static enum tu_sim_style style_of(const struct tu_sim_config *cfg,
				  struct tu_rng *rng)
{
	double u = tu_rng_uniform(rng), cum = 0.0;

	for (unsigned s = 0; s < TU_SIM_STYLES; s++) {
		cum += cfg->style_mix[s];
		if (u < cum && cfg->style_mix[s] > 0.0)
			return (enum tu_sim_style)s;
	}
	for (unsigned s = TU_SIM_STYLES; s-- > 0;)
		if (cfg->style_mix[s] > 0.0)
			return (enum tu_sim_style)s;
	return TU_SIM_MOMENTUM;
}

static double jitter(struct tu_rng *rng, double v)
{
	return v * tu_rng_range(rng, 0.85, 1.15);
}

static void draw_traits(struct sim_learner *L)
{
	const double *s = style_tab[L->style];
	struct sim_traits *t = &L->tr;

	t->consistency = clamp01(jitter(&L->rng, s[0]));
	t->session_min = jitter(&L->rng, s[1]);
	t->hint_reliance = clamp01(jitter(&L->rng, s[2]));
	t->follow = clamp01(jitter(&L->rng, s[3]));
	t->drop_mult = jitter(&L->rng, s[4]);
	t->learn_mult = jitter(&L->rng, s[5]);
	t->hint_benefit = tu_rng_range(&L->rng, benefit_lo[L->level],
				       benefit_hi[L->level]);
	t->speed = jitter(&L->rng, level_speed[L->level]);
}

static uint32_t unknown_prereqs(const struct sim_world *w,
				const struct sim_learner *L, uint32_t t)
{
	const struct tu_topic_graph *g = &w->full->graph;
	uint32_t n = 0;

	for (size_t e = g->pre_start[t]; e < g->pre_start[t + 1]; e++)
		n += !L->t[g->pre[e]].known;
	return n;
}

static void draw_topics(const struct sim_world *w, struct sim_learner *L)
{
	const struct tu_sim_priors *pr = &w->cfg->priors;

	for (size_t k = 0; k < w->n_topics; k++) {
		uint32_t t = w->topo[k];
		struct sim_topic *x = &L->t[t];
		double p = tu__sim_beta(&L->rng, pr->prior) *
			   level_scale[L->level];

		x->learn = tu__sim_beta(&L->rng, pr->learn);
		x->guess = tu__sim_beta(&L->rng, pr->guess);
		x->slip = tu__sim_beta(&L->rng, pr->slip);
		x->forget = tu__sim_beta(&L->rng, pr->forget);
		p = p > KNOWN_MAX ? KNOWN_MAX : p;
		if (unknown_prereqs(w, L, t) > 0)
			p *= PREREQ_INIT;
		x->known = tu_rng_uniform(&L->rng) < p;
		x->last_day = -1;
	}
}

enum tu_status tu__sim_learner_draw(const struct sim_world *w, uint32_t index,
				    struct sim_learner *L, struct tu_err *err)
{
	memset(L, 0, sizeof(*L));
	L->index = index;
	tu_rng_seed(&L->rng, mix(w->cfg->seed, index));
	L->t = calloc(w->n_topics + 1, sizeof(*L->t));
	if (!L->t)
		return tu_err_set(err, TU_ENOMEM, "sim: out of memory");
	L->level = level_of(w->cfg, index);
	L->style = style_of(w->cfg, &L->rng);
	draw_traits(L);
	draw_topics(w, L);
	if (w->cfg->stream)
		tu_rng_seed(&L->rng, mix(mix(w->cfg->seed, index),
					 w->cfg->stream));
	return TU_OK;
}

void tu__sim_learner_release(struct sim_learner *L)
{
	free(L->t);
	L->t = NULL;
}

double tu__sim_success(const struct sim_world *w, const struct sim_learner *L,
		       const struct sim_problem *sp, uint32_t level)
{
	static const double slip_k[3] = { 0.7, 1.0, 1.4 };
	static const double guess_k[3] = { 1.5, 1.0, 0.5 };
	unsigned d = (unsigned)sp->p->difficulty < 3 ?
			     (unsigned)sp->p->difficulty : 1;
	double p = 1.0;

	for (uint32_t i = 0; i < sp->n_topics; i++) {
		const struct sim_topic *x = &L->t[sp->topic[i]];

		p *= x->known ? 1.0 - clamp01(x->slip * slip_k[d])
			      : clamp01(x->guess * guess_k[d]);
	}
	if (level >= 1 && level <= 5)
		p += (1.0 - p) * L->tr.hint_benefit *
		     w->cfg->hint_success[level - 1];
	return clamp01(p);
}

void tu__sim_learn(const struct sim_world *w, struct sim_learner *L,
		   const struct sim_problem *sp, uint32_t level, bool ok,
		   bool feedback, int64_t day)
{
	const struct tu_sim_config *cfg = w->cfg;
	double k = L->tr.learn_mult;

	if (level >= 1 && level <= 5)
		k *= cfg->hint_learn[level - 1];
	if (!ok)
		k *= feedback ? FAIL_LEARN_FB : FAIL_LEARN_NOFB;
	for (uint32_t i = 0; i < sp->n_topics; i++) {
		struct sim_topic *x = &L->t[sp->topic[i]];
		double gate = pow(cfg->prereq_gate,
				  (double)unknown_prereqs(w, L, sp->topic[i]));

		if (!x->known &&
		    tu_rng_uniform(&L->rng) < clamp01(x->learn * k * gate))
			x->known = true;
	}
	for (uint32_t i = 0; i < sp->n_topics; i++)
		L->t[sp->topic[i]].last_day = day;
}

double tu__sim_oracle(const struct sim_world *w, const struct sim_learner *L,
		      const struct sim_problem *sp,
		      bool (*goal_topic)(const void *ud, const char *topic),
		      const void *ud)
{
	double p = tu__sim_success(w, L, sp, 0), v = 0.0;
	double use = p + (1.0 - p) * FAIL_LEARN_FB;
	bool goal = false;

	for (uint32_t i = 0; i < sp->n_topics; i++) {
		const struct sim_topic *x = &L->t[sp->topic[i]];
		bool gt = goal_topic &&
			  goal_topic(ud, w->full->graph.ids[sp->topic[i]]);
		double gate;

		goal |= gt;
		if (x->known)
			continue;
		gate = pow(w->cfg->prereq_gate,
			   (double)unknown_prereqs(w, L, sp->topic[i]));
		v += clamp01(x->learn * L->tr.learn_mult * gate) * use *
		     (gt ? 1.5 : 1.0);
	}
	/* a success moves the learner's goals: problems solved, and the
	 * tutor's mastery of a goal topic */
	return v + ORACLE_SOLVE * p + (goal ? ORACLE_GOAL * p : 0.0);
}

void tu__sim_forget(const struct sim_world *w, struct sim_learner *L,
		    int64_t day)
{
	for (size_t t = 0; t < w->n_topics; t++) {
		struct sim_topic *x = &L->t[t];

		if (!x->known || x->last_day >= day - 1)
			continue;
		if (tu_rng_uniform(&L->rng) <
		    clamp01(x->forget * w->cfg->forget_scale))
			x->known = false;
	}
}

double tu__sim_true_share(const struct sim_world *w,
			  const struct sim_learner *L)
{
	size_t k = 0;

	for (size_t t = 0; t < w->n_topics; t++)
		k += L->t[t].known;
	return w->n_topics ? (double)k / (double)w->n_topics : 0.0;
}

double tu__sim_held_success(const struct sim_world *w,
			    const struct sim_learner *L)
{
	double sum = 0.0;

	for (size_t i = 0; i < w->n_held; i++)
		sum += tu__sim_success(w, L, &w->held[i], 0);
	return w->n_held ? sum / (double)w->n_held : 0.0;
}

double tu__sim_solve_min(const struct sim_world *w, struct sim_learner *L,
			 const struct sim_problem *sp)
{
	double p = tu__sim_success(w, L, sp, 0);
	double base = sp->p->expected_min > 0.0 ? sp->p->expected_min : 10.0;
	double m = base * L->tr.speed * (1.5 - 0.5 * p) *
		   exp(0.35 * tu_rng_normal(&L->rng));

	return m < 1.0 ? 1.0 : m;
}
