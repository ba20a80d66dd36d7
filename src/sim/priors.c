/*
 * priors.c - where the simulated learners' per-topic BKT parameters come
 * from: Beta distributions fitted by the method of moments to the
 * per-skill parameters `tutor fit bkt-forgets` finds on a real log
 * (tutor/sim.h, docs/simulator.md "Priors").
 *
 * What it is: the built-in distributions (fitted on ASSISTments 2009's
 * training file) and the fit from a tutor-bkt JSON document.  What it is
 * not: it does not fit BKT itself (src/kt) and reads no files.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tutor/json.h"
#include "tutor/sim.h"

#define PRIORS_JSON_MAX ((size_t)16 << 20)
#define MIN_SKILLS 5
#define CLAMP_LO 1e-4
#define CLAMP_HI (1.0 - 1e-4)

/*
 * `build/cli/tutor fit bkt-forgets --train
 * ../shared/data/kt/assistments09/preprocessed_data_train.csv` (149 skills,
 * 127 usable), then tu_sim_priors_from_bkt; printed to four decimals by
 * `tutor sim priors FILE`.  The test sim_priors_current re-derives them.
 */
void tu_sim_priors_default(struct tu_sim_priors *p)
{
	memset(p, 0, sizeof(*p));
	p->prior = (struct tu_beta){ 4.8806, 1.9861 };
	p->learn = (struct tu_beta){ 0.7845, 4.6088 };
	p->guess = (struct tu_beta){ 1.5962, 6.7138 };
	p->slip = (struct tu_beta){ 4.1908, 17.6644 };
	p->forget = (struct tu_beta){ 0.1460, 6.6216 };
	p->n_skills = 127;
	snprintf(p->source, sizeof(p->source), "%s",
		 "built-in: assistments09 train, bkt-forgets");
}

double tu_sim_beta_mean(struct tu_beta b)
{
	return b.a / (b.a + b.b);
}

/* Weighted sums of one parameter. */
struct moments {
	double w, wx, wxx;
};

static void moments_add(struct moments *m, double x, double w)
{
	x = x < CLAMP_LO ? CLAMP_LO : x > CLAMP_HI ? CLAMP_HI : x;
	m->w += w;
	m->wx += w * x;
	m->wxx += w * x * x;
}

/* Method of moments; a spread too wide for a Beta (var >= m(1-m)) keeps
 * the mean with a + b = 1. */
static struct tu_beta moments_beta(const struct moments *m)
{
	double mean = m->wx / m->w;
	double var = m->wxx / m->w - mean * mean;
	double common = var > 0.0 ? mean * (1.0 - mean) / var - 1.0 : 1e6;

	if (!(common >= 1.0))
		common = 1.0;
	return (struct tu_beta){ mean * common, (1.0 - mean) * common };
}

enum { P_PRIOR, P_LEARN, P_GUESS, P_SLIP, P_FORGET, P_N };
static const char *const pnames[P_N] = {
	"prior", "learn", "guess", "slip", "forget"
};

/* Adds one skill when it converged and guess + slip < 1; *used tells. */
static enum tu_status add_skill(const json_t *s, const char *path,
				bool forgets, struct moments *m, bool *used,
				struct tu_err *err)
{
	double v[P_N] = { 0 };
	int64_t rows;
	bool conv = false;
	enum tu_status st;

	*used = false;
	for (int i = 0; i < P_N; i++) {
		if (i == P_FORGET && !forgets)
			continue;
		st = tu_json_get_num(s, path, pnames[i], 0.0, 1.0, &v[i], err);
		if (st)
			return st;
	}
	st = tu_json_get_int(s, path, "n_rows", 0, INT64_MAX, &rows, err);
	if (!st)
		st = tu_json_get_bool(s, path, "converged", &conv, err);
	if (st || !conv || v[P_GUESS] + v[P_SLIP] >= 1.0 || rows == 0)
		return st;
	for (int i = 0; i < P_N; i++)
		moments_add(&m[i], v[i], (double)rows);
	*used = true;
	return TU_OK;
}

static enum tu_status fit_doc(const json_t *root, const char *name,
			      struct tu_sim_priors *p, struct tu_err *err)
{
	struct moments m[P_N];
	const json_t *skills;
	bool forgets = false, used;
	uint32_t n = 0;
	char path[64];
	enum tu_status st = tu_json_expect_str(root, "$", "format",
					       "tutor-bkt", err);

	memset(m, 0, sizeof(m));
	if (!st)
		st = tu_json_get_bool(root, "$", "forgets", &forgets, err);
	if (!st)
		st = tu_json_get_array(root, "$", "skills", 1000000, &skills,
				       err);
	for (size_t i = 0; !st && i < json_array_size(skills); i++) {
		snprintf(path, sizeof(path), "$.skills[%zu]", i);
		st = add_skill(json_array_get(skills, i), path, forgets, m,
			       &used, err);
		n += used;
	}
	if (st)
		return st == TU_ERANGE ? TU_EDATA : st;
	if (n < MIN_SKILLS)
		return tu_err_set(err, TU_EDATA, "%s: %u usable skills "
				  "(converged, guess + slip < 1); at least %d "
				  "are needed", name, n, MIN_SKILLS);
	tu_sim_priors_default(p);
	p->prior = moments_beta(&m[P_PRIOR]);
	p->learn = moments_beta(&m[P_LEARN]);
	p->guess = moments_beta(&m[P_GUESS]);
	p->slip = moments_beta(&m[P_SLIP]);
	if (forgets)
		p->forget = moments_beta(&m[P_FORGET]);
	p->n_skills = n;
	snprintf(p->source, sizeof(p->source), "%s", name);
	return TU_OK;
}

enum tu_status tu_sim_priors_from_bkt(const char *json, size_t len,
				      const char *name,
				      struct tu_sim_priors *p,
				      struct tu_err *err)
{
	struct tu_sim_priors next;
	json_t *root = NULL;
	enum tu_status st = tu_json_load(json, len, PRIORS_JSON_MAX, name,
					 &root, err);

	if (st)
		return st;
	st = fit_doc(root, name ? name : "$", &next, err);
	json_decref(root);
	if (st == TU_EPARSE && root)
		st = TU_EDATA;
	if (!st)
		*p = next;
	return st;
}
