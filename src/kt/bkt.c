/*
 * bkt.c - BKT parameters, the exact one-step update and one-step-ahead
 * replay (contract in tutor/bkt.h; equations in docs/kt.md).  EM fitting
 * is in bkt_em.c, the JSON codec in bkt_json.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/bkt.h"
#include "kt_internal.h"

void tu_bkt_config_default(struct tu_bkt_config *cfg)
{
	cfg->forgets = 0;
	cfg->restarts = 5;
	cfg->seed = 42;
	cfg->tol = 1e-3;
	cfg->maxiter = 100;
}

enum tu_status tu_bkt_config_validate(const struct tu_bkt_config *cfg,
				      struct tu_err *err)
{
	if (cfg->restarts < 1 || cfg->restarts > 1000)
		return tu_err_set(err, TU_EINVAL,
				  "bkt: restarts must be in 1..1000, got %u",
				  cfg->restarts);
	if (cfg->maxiter < 1 || cfg->maxiter > 100000)
		return tu_err_set(err, TU_EINVAL,
				  "bkt: maxiter must be in 1..100000, got %u",
				  cfg->maxiter);
	if (!(cfg->tol >= 0.0) || !isfinite(cfg->tol))
		return tu_err_set(err, TU_EINVAL,
				  "bkt: tol must be finite and >= 0, got %g",
				  cfg->tol);
	return TU_OK;
}

enum tu_status tu_bkt_params_validate(const struct tu_bkt_params *p,
				      struct tu_err *err)
{
	const double v[5] = { p->prior, p->learn, p->guess, p->slip,
			      p->forget };
	static const char *const names[5] = { "prior", "learn", "guess",
					      "slip", "forget" };

	for (int i = 0; i < 5; i++)
		if (!(v[i] >= 0.0 && v[i] <= 1.0))
			return tu_err_set(err, TU_EINVAL,
					  "bkt: %s must be in [0,1], got %g",
					  names[i], v[i]);
	return TU_OK;
}

double tu_bkt_p_correct(const struct tu_bkt_params *p, double pl)
{
	return pl * (1.0 - p->slip) + (1.0 - pl) * p->guess;
}

double tu_bkt_posterior(const struct tu_bkt_params *p, double pl,
			int correct)
{
	double k, u;

	if (correct) {
		k = pl * (1.0 - p->slip);
		u = (1.0 - pl) * p->guess;
	} else {
		k = pl * p->slip;
		u = (1.0 - pl) * (1.0 - p->guess);
	}
	/* Both zero only for an impossible answer: keep the prior belief. */
	return k + u > 0.0 ? k / (k + u) : pl;
}

double tu_bkt_step(const struct tu_bkt_params *p, double pl, int correct)
{
	double post = tu_bkt_posterior(p, pl, correct);

	return post * (1.0 - p->forget) + (1.0 - post) * p->learn;
}

void tu_bkt_model_init(struct tu_bkt_model *m)
{
	memset(m, 0, sizeof(*m));
}

void tu_bkt_model_release(struct tu_bkt_model *m)
{
	free(m->skills);
	tu_bkt_model_init(m);
}

const struct tu_bkt_params *tu_bkt_model_params(const struct tu_bkt_model *m,
						uint32_t skill)
{
	if (skill < m->n_skills && m->skills[skill].fitted)
		return &m->skills[skill].p;
	return &m->dflt;
}

/* Replays one (user, skill) sequence of rows order[b..e). */
static void replay_seq(const struct tu_bkt_params *bp,
		       const struct tu_ktlog *log, const size_t *order,
		       size_t b, size_t e, double *p)
{
	double pl = bp->prior;

	for (size_t i = b; i < e; i++) {
		const struct tu_kt_row *r = &log->rows[order[i]];

		p[order[i]] = tu_bkt_p_correct(bp, pl);
		pl = tu_bkt_step(bp, pl, r->correct);
	}
}

enum tu_status tu_bkt_predict(const struct tu_bkt_model *m,
			      const struct tu_ktlog *log, double *p,
			      struct tu_err *err)
{
	struct tu__kt_seqs s;
	enum tu_status st;

	if (m->n_skills == 0)
		return tu_err_set(err, TU_EINVAL, "bkt: model is not fitted");
	st = tu__kt_seqs_build(&s, log, err);
	if (st)
		return st;
	for (size_t q = 0; q < s.n_seqs; q++) {
		uint32_t skill = log->rows[s.order[s.start[q]]].skill;

		replay_seq(tu_bkt_model_params(m, skill), log, s.order,
			   s.start[q], s.start[q + 1], p);
	}
	tu__kt_seqs_release(&s);
	return TU_OK;
}
