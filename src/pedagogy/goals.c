/*
 * goals.c - goal alignment and the two rewards (contract in
 * tutor/goals.h, definitions in docs/pedagogy.md).  Pure: no I/O, no
 * globals.  Lists are at most TU_GOALS_MAX long, so id matching is a
 * plain double loop.
 */
#include <math.h>
#include <string.h>
#include "tutor/goals.h"

bool tu_goal_meets(enum tu_cmp cmp, double value, double threshold)
{
	if (isnan(value))
		return false;
	switch (cmp) {
	case TU_CMP_GE: return value >= threshold;
	case TU_CMP_GT: return value > threshold;
	case TU_CMP_LE: return value <= threshold;
	case TU_CMP_LT: return value < threshold;
	case TU_CMP_EQ: return fabs(value - threshold) <= TU_GOAL_EQ_EPS;
	}
	return false;
}

enum tu_status tu_goal_evaluate(struct tu_goal *g, struct tu_err *err)
{
	if ((unsigned)g->threshold_cmp > TU_CMP_EQ)
		return tu_err_set(err, TU_EINVAL, "goal '%s': unknown comparison "
				  "%d", g->id, (int)g->threshold_cmp);
	if (!isfinite(g->threshold))
		return tu_err_set(err, TU_EINVAL, "goal '%s': threshold %g is not "
				  "finite", g->id, g->threshold);
	g->aligned = tu_goal_meets(g->threshold_cmp, g->value, g->threshold);
	return TU_OK;
}

static enum tu_status check_list(const struct tu_goal *g, size_t n,
				 const char *which, struct tu_err *err)
{
	if (n > TU_GOALS_MAX)
		return tu_err_set(err, TU_ERANGE, "goals %s: %zu components, at "
				  "most %d", which, n, TU_GOALS_MAX);
	if (n && !g)
		return tu_err_set(err, TU_EINVAL, "goals %s: NULL list", which);
	for (size_t i = 0; i < n; i++) {
		if (!(g[i].confidence >= 0 && g[i].confidence <= 1))
			return tu_err_set(err, TU_EINVAL, "goals %s[%zu] '%s': "
					  "confidence %g outside [0,1]", which, i,
					  g[i].id, g[i].confidence);
		if (!(g[i].weight > 0) || !isfinite(g[i].weight))
			return tu_err_set(err, TU_EINVAL, "goals %s[%zu] '%s': "
					  "weight %g must be finite and > 0",
					  which, i, g[i].id, g[i].weight);
		for (size_t j = 0; j < i; j++)
			if (strncmp(g[i].id, g[j].id, TU_ID_MAX) == 0)
				return tu_err_set(err, TU_EINVAL, "goals %s[%zu]: "
						  "duplicate id '%s'", which, i,
						  g[i].id);
	}
	return TU_OK;
}

static const struct tu_goal *find(const struct tu_goal *g, size_t n,
				  const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strncmp(g[i].id, id, TU_ID_MAX) == 0)
			return &g[i];
	return NULL;
}

enum tu_status tu_goal_reward(const struct tu_goal *before, size_t n_before,
			      const struct tu_goal *after, size_t n_after,
			      double *reward, struct tu_err *err)
{
	enum tu_status rc = check_list(before, n_before, "before", err);
	double sum = 0;

	if (!rc)
		rc = check_list(after, n_after, "after", err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n_after; i++) {
		const struct tu_goal *b = find(before, n_before, after[i].id);

		if (b && !b->aligned && after[i].aligned)
			sum += after[i].weight * after[i].confidence;
	}
	*reward = sum;
	return TU_OK;
}

enum tu_status tu_goal_reward_pxplore_code(const struct tu_goal *after,
					   size_t n_after, double *reward,
					   struct tu_err *err)
{
	enum tu_status rc = check_list(after, n_after, "after", err);
	double sum = 0;

	if (rc)
		return rc;
	for (size_t i = 0; i < n_after; i++)
		if (after[i].aligned)
			sum += after[i].confidence;
	*reward = n_after ? sum / (double)n_after : 0.0;
	return TU_OK;
}
