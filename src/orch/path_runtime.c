/*
 * path_runtime.c - what the path policies need at run time, set up from
 * the operator's configuration (tu_path_runtime_open, tutor/orch.h): the
 * retrieval index over the course's problems and, for the learned policy,
 * the model file, checked against this build's features.
 *
 * What it is not: the policies themselves (src/agents/path.c).  Not pure:
 * it reads the model file.
 */
#include <stdio.h>
#include <string.h>

#include "tutor/orch.h"

void tu_path_runtime_init(struct tu_path_runtime *rt)
{
	memset(rt, 0, sizeof(*rt));
	tu_retr_index_init(&rt->index);
	tu_mlp_init(&rt->model);
}

void tu_path_runtime_close(struct tu_path_runtime *rt)
{
	if (!rt)
		return;
	tu_retr_index_release(&rt->index);
	tu_mlp_release(&rt->model);
	tu_path_runtime_init(rt);
}

static enum tu_status check_model(const struct tu_mlp *m, const char *path,
				  struct tu_err *err)
{
	if (strcmp(m->feature_set, TU_PATH_FEATURE_SET) ||
	    m->feature_version != TU_PATH_FEATURE_VERSION ||
	    m->n_in != TU_PATH_FEATURES)
		return tu_err_set(err, TU_EDATA, "%s: trained for features "
				  "'%s' version %u (%u inputs); this tutor "
				  "computes '%s' version %u (%d inputs): "
				  "retrain it with 'tutor train policy'", path,
				  m->feature_set, m->feature_version, m->n_in,
				  TU_PATH_FEATURE_SET, TU_PATH_FEATURE_VERSION,
				  TU_PATH_FEATURES);
	return TU_OK;
}

enum tu_status tu_path_model_load(struct tu_mlp *m, const char *path,
				  struct tu_err *err)
{
	struct tu_mlp next;
	enum tu_status st;

	tu_mlp_init(&next);
	st = tu_mlp_load(&next, path, err);
	if (!st)
		st = check_model(&next, path, err);
	if (st) {
		tu_mlp_release(&next);
		return st;
	}
	tu_mlp_release(m);
	*m = next;
	return TU_OK;
}

enum tu_status tu_path_runtime_open(struct tu_path_runtime *rt,
				    const struct tu_course *course,
				    const char *policy, const char *model,
				    struct tu_agent_config *cfg,
				    struct tu_err *err)
{
	enum tu_pick_policy p = TU_POLICY_CURATOR;
	enum tu_status st;

	if (policy && *policy && !tu_pick_policy_parse(policy, &p))
		return tu_err_set(err, TU_EINVAL, "policy: unknown policy "
				  "'%s' (curator, random, linear, retrieval, "
				  "model)", policy);
	if (p == TU_POLICY_MODEL && !(model && *model))
		return tu_err_set(err, TU_EINVAL, "policy: 'model' needs a "
				  "model file (TUTOR_POLICY_MODEL)");
	cfg->policy = p;
	if (p != TU_POLICY_RETRIEVAL && p != TU_POLICY_MODEL)
		return TU_OK;
	st = tu_path_index(course, &rt->index, err);
	if (!st && p == TU_POLICY_MODEL)
		st = tu_path_model_load(&rt->model, model, err);
	if (st) {
		tu_path_runtime_close(rt);
		cfg->policy = TU_POLICY_CURATOR;
		return st;
	}
	cfg->path.index = &rt->index;
	cfg->path.model = p == TU_POLICY_MODEL ? &rt->model : NULL;
	return TU_OK;
}
