/*
 * eval_path.c - `tutor eval path`: the learning-path policies compared on
 * simulated cohorts (docs/policy.md "Evaluation"): retrieval only, the
 * 40/50/10 curator, the SFT policy and the SFT+GRPO policy, on alignment
 * rate, learning gain, and P@1 / NDCG@10 against the oracle's ranking;
 * mean and 95 % t interval over the seeds.  Writes OUT/report.md and
 * OUT/path.svg.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "platform.h"
#include "tutor/metrics.h"
#include "tutor/mlp.h"
#include "tutor/orch.h"
#include "tutor/plot.h"
#include "tutor/sim.h"

enum { C_RETR, C_CUR, C_SFT, C_GRPO, C_ORACLE, C_N };
static const char *const cond_name[C_N] = { "retrieval only", "curator",
					    "SFT", "SFT+GRPO",
					    "oracle (ceiling)" };
enum { M_ALIGN, M_HELD, M_TRUE, M_P1, M_NDCG, M_N };
static const char *const metric_name[M_N] = {
	"alignment rate (%)", "held-out gain (points)", "true gain (points)",
	"P@1 vs oracle", "NDCG@10 vs oracle"
};

struct path_opts {
	const char *course, *models, *out;
	uint32_t learners, days, seeds;
	uint64_t seed;
	unsigned threads;
	bool check;
	struct tu_sim_config sim;
};

static void path_usage(FILE *out)
{
	fputs("usage: tutor eval path --models DIR [options]\n\n"
	      "Compares the learning-path policies on simulated cohorts with "
	      "stated goals:\nretrieval only, the curator, the SFT policy "
	      "(DIR/sft.model) and the SFT+GRPO\npolicy (DIR/grpo.model, both "
	      "from 'tutor train policy'), on alignment rate,\nlearning gain "
	      "and P@1 / NDCG@10 against the oracle's ranking; mean and 95 %\n"
	      "t interval over the seeds.  Writes OUT/report.md and "
	      "OUT/path.svg.\n\n"
	      "options:\n"
	      "  --models DIR     directory with sft.model and grpo.model "
	      "(required)\n"
	      "  --course DIR     course (default: the built-in Python "
	      "course)\n"
	      "  --learners N     learners per run (default 200)\n"
	      "  --days N         simulated days (default 30)\n"
	      "  --seeds N        seeds 1..N, at least 2 (default 5)\n"
	      "  --seed S         first seed (default 1)\n"
	      "  --threads N      threads (default 2)\n"
	      "  --set KEY=VALUE  a simulator setting (docs/simulator.md)\n"
	      "  --out DIR        report directory (default path-report)\n"
	      "  --check          exit 1 unless SFT+GRPO beats retrieval only "
	      "and SFT on\n"
	      "                   alignment and on held-out gain with "
	      "non-overlapping intervals\n"
	      "  -h, --help       show this help\n", out);
}

/* ---- ranking quality, recorded by the hook ----------------------------------- */

struct rankq {
	const struct tu_mlp *model;    /* NULL: retrieval order */
	bool oracle;                   /* follow the oracle (the ceiling) */
	double *p1, *ndcg;             /* per learner sums */
	uint32_t *n;                   /* per learner decisions */
};

/* The policy's own choice (as without a hook) and its ranking quality. */
static enum tu_status rank_choose(void *ud, uint32_t learner,
				  const struct tu_path_choice *c,
				  const double *oracle, size_t *chosen,
				  struct tu_err *err)
{
	struct rankq *q = ud;
	double score[TU_PATH_K_MAX], rel[TU_PATH_K_MAX], best = -1.0;
	size_t order[TU_PATH_K_MAX];

	(void)err;
	for (size_t i = 0; i < c->k; i++) {
		score[i] = q->model ? tu_mlp_score(q->model,
						    &c->feats[i * TU_PATH_FEATURES])
				    : -(double)i;
		order[i] = i;
		best = oracle[i] > best ? oracle[i] : best;
	}
	for (size_t i = 1; i < c->k; i++)   /* insertion sort, stable */
		for (size_t j = i; j > 0 && score[order[j]] >
						 score[order[j - 1]]; j--) {
			size_t t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t i = 0; i < c->k; i++)
		rel[i] = oracle[order[i]];
	*chosen = order[0];
	if (q->oracle) {
		for (size_t i = 1; i < c->k; i++)
			if (oracle[i] > oracle[*chosen])
				*chosen = i;
		return TU_OK;
	}
	q->p1[learner] += oracle[order[0]] >= best;
	q->ndcg[learner] += tu_metric_ndcg_at_k(rel, c->k, 10);
	q->n[learner]++;
	return TU_OK;
}

/* ---- one run ------------------------------------------------------------------ */

static double finite_mean(const double *x, size_t n)
{
	double s = 0.0;
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (isfinite(x[i])) {
			s += x[i];
			k++;
		}
	return k ? s / (double)k : (double)NAN;
}

static void summarise(const struct tu_sim_result *r, const struct rankq *q,
		      double *m)
{
	double goals = 0, aligned = 0, held = 0, tru = 0;
	double *p1 = calloc(r->n_learners + 1, sizeof(double));
	double *nd = calloc(r->n_learners + 1, sizeof(double));

	for (size_t i = 0; i < r->n_learners; i++) {
		const struct tu_sim_learner *l = &r->learners[i];

		goals += l->goals;
		aligned += l->goals_aligned;
		held += l->held_post - l->held_pre;
		tru += l->true_post - l->true_pre;
		if (p1 && nd) {
			p1[i] = q && q->n[i] ? q->p1[i] / q->n[i] : (double)NAN;
			nd[i] = q && q->n[i] ? q->ndcg[i] / q->n[i] : (double)NAN;
		}
	}
	m[M_ALIGN] = goals > 0 ? 100.0 * aligned / goals : (double)NAN;
	m[M_HELD] = 100.0 * held / r->n_learners;
	m[M_TRUE] = 100.0 * tru / r->n_learners;
	m[M_P1] = p1 && q ? finite_mean(p1, r->n_learners) : (double)NAN;
	m[M_NDCG] = nd && q ? finite_mean(nd, r->n_learners) : (double)NAN;
	free(p1);
	free(nd);
}

static enum tu_status run_one(const struct tu_course *course,
			      const struct path_opts *o, int cond,
			      const struct tu_mlp *sft,
			      const struct tu_mlp *grpo, uint64_t seed,
			      double *m, struct tu_err *err)
{
	struct tu_agent_config t;
	struct tu_sim_config s = o->sim;
	struct tu_sim_result r;
	struct rankq q = { NULL, false, NULL, NULL, NULL };
	struct tu_sim_hook hook = { rank_choose, &q };
	enum tu_status st;

	tu_agent_config_default(&t);
	s.learners = o->learners;
	s.days = o->days;
	s.seed = seed;
	s.threads = o->threads;
	t.policy = cond == C_CUR ? TU_POLICY_CURATOR :
		   cond == C_RETR ? TU_POLICY_RETRIEVAL : TU_POLICY_MODEL;
	t.path.model = cond == C_SFT ? sft : cond == C_GRPO ? grpo : NULL;
	q.model = t.path.model;
	q.oracle = cond == C_ORACLE;
	if (q.oracle)
		t.path.model = sft;   /* unused: the hook decides */
	q.p1 = calloc(s.learners, sizeof(double));
	q.ndcg = calloc(s.learners, sizeof(double));
	q.n = calloc(s.learners, sizeof(uint32_t));
	if (!q.p1 || !q.ndcg || !q.n)
		st = tu_err_set(err, TU_ENOMEM, "eval path: out of memory");
	else
		st = tu_sim_run_hooked(course, &t, &s, NULL,
				       cond == C_CUR ? NULL : &hook, NULL, &r,
				       err);
	if (!st)
		summarise(&r, cond == C_CUR || cond == C_ORACLE ? NULL : &q, m);
	tu_sim_result_release(&r);
	free(q.p1);
	free(q.ndcg);
	free(q.n);
	return st;
}

/* ---- report ---------------------------------------------------------------------- */

static void fmt_ci(char *buf, size_t cap, const double *x, size_t n)
{
	struct tu_ci ci;
	struct tu_err err = TU_ERR_INIT;

	if (tu_metric_mean_ci(x, n, &ci, &err))
		snprintf(buf, cap, "n/a");
	else
		snprintf(buf, cap, "%.3f [%.3f, %.3f]", ci.mean, ci.lo, ci.hi);
}

static struct tu_ci ci_of(const double *x, size_t n)
{
	struct tu_ci ci;
	struct tu_err err = TU_ERR_INIT;

	tu_metric_mean_ci(x, n, &ci, &err);
	return ci;
}

/* v[cond][metric][seed] */
static bool beats(double *v, size_t seeds, int a, int b, int metric)
{
	struct tu_ci x = ci_of(&v[((size_t)a * M_N + metric) * seeds], seeds);
	struct tu_ci y = ci_of(&v[((size_t)b * M_N + metric) * seeds], seeds);

	return isfinite(x.lo) && isfinite(y.hi) && x.lo > y.hi;
}

static void write_table(FILE *f, double *v, size_t seeds)
{
	char cell[96];

	fputs("| policy |", f);
	for (int m = 0; m < M_N; m++)
		fprintf(f, " %s |", metric_name[m]);
	fputs("\n|---|---|---|---|---|---|\n", f);
	for (int c = 0; c < C_N; c++) {
		fprintf(f, "| %s |", cond_name[c]);
		for (int m = 0; m < M_N; m++) {
			fmt_ci(cell, sizeof(cell),
			       &v[((size_t)c * M_N + m) * seeds], seeds);
			fprintf(f, " %s |", cell);
		}
		fputc('\n', f);
	}
}

static void write_diffs(FILE *f, double *v, size_t seeds)
{
	static const int pairs[3][2] = { { C_GRPO, C_SFT }, { C_GRPO, C_RETR },
					 { C_GRPO, C_CUR } };
	struct tu_err err = TU_ERR_INIT;
	struct tu_ci ci;

	fputs("\n| difference (paired over seeds) | alignment rate (%) | "
	      "held-out gain (points) |\n|---|---|---|\n", f);
	for (int i = 0; i < 3; i++) {
		fprintf(f, "| %s − %s |", cond_name[pairs[i][0]],
			cond_name[pairs[i][1]]);
		for (int m = M_ALIGN; m <= M_HELD; m++) {
			if (tu_metric_paired_ci(
				    &v[((size_t)pairs[i][0] * M_N + m) * seeds],
				    &v[((size_t)pairs[i][1] * M_N + m) * seeds],
				    seeds, &ci, &err))
				fputs(" n/a |", f);
			else
				fprintf(f, " %.3f [%.3f, %.3f] |", ci.mean,
					ci.lo, ci.hi);
		}
		fputc('\n', f);
	}
}

static int write_svg(const char *dir, double *v, size_t seeds)
{
	static const char *const groups[2] = { "alignment rate (%)",
					       "held-out gain (points x 10)" };
	struct tu_plot_bar_series se[C_N];
	double y[C_N][2], lo[C_N][2], hi[C_N][2];
	struct tu_plot_bars b;
	struct tu_svg svg = TU_SVG_INIT;
	struct tu_err err = TU_ERR_INIT;
	char path[4096];
	int rc = 0;

	for (int c = 0; c < C_N; c++) {
		for (int g = 0; g < 2; g++) {
			struct tu_ci ci = ci_of(
				&v[((size_t)c * M_N + (g ? M_HELD : M_ALIGN)) *
				   seeds], seeds);
			double k = g ? 10.0 : 1.0;

			y[c][g] = ci.mean * k;
			lo[c][g] = ci.lo * k;
			hi[c][g] = ci.hi * k;
		}
		se[c] = (struct tu_plot_bar_series){ cond_name[c], y[c], lo[c],
						     hi[c] };
	}
	tu_plot_bars_init(&b);
	b.title = "Learning-path policies on simulated cohorts";
	b.y_label = "mean over seeds (95 % interval)";
	b.groups = groups;
	b.n_groups = 2;
	b.series = se;
	b.n_series = C_N;
	snprintf(path, sizeof(path), "%s/path.svg", dir);
	if (tu_plot_bars(&svg, &b, &err) || tu_svg_write_file(&svg, path, &err)) {
		cli_error("eval path: %s", err.msg);
		rc = 1;
	}
	tu_svg_release(&svg);
	return rc;
}

static int write_report(const struct path_opts *o, double *v, bool ok)
{
	char path[4096];
	FILE *f;
	int rc;

	if (mkdir(o->out, 0755) != 0 && errno != EEXIST) {
		cli_error("eval path: cannot create %s", o->out);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/report.md", o->out);
	f = fopen(path, "w");
	if (!f) {
		cli_error("eval path: cannot write %s", path);
		return 1;
	}
	fprintf(f, "# Learning-path policies on simulated cohorts\n\n"
		"%u learners per run, %u days, seeds %llu..%llu, goals stated "
		"by every learner (docs/simulator.md \"Goals\"); every figure "
		"is the mean over the seeds with its 95 %% t interval.  P@1 and "
		"NDCG@10 compare the policy's ranking of retrieval's "
		"candidates with the oracle's (docs/policy.md); the curator "
		"does not rank them.  The oracle row follows the oracle among "
		"the same candidates: the ceiling of any policy over them.\n\n", o->learners, o->days,
		(unsigned long long)o->seed,
		(unsigned long long)(o->seed + o->seeds - 1));
	write_table(f, v, o->seeds);
	write_diffs(f, v, o->seeds);
	fprintf(f, "\nTarget (SFT+GRPO above retrieval only and SFT on "
		"alignment and held-out gain, intervals not overlapping): "
		"**%s**.\n\n![policies](path.svg)\n", ok ? "met" : "not met");
	rc = fclose(f) != 0;
	return rc | write_svg(o->out, v, o->seeds);
}

/* ---- main ---------------------------------------------------------------------------- */

static int load_model(const char *dir, const char *name, struct tu_mlp *m)
{
	struct tu_err err = TU_ERR_INIT;
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (tu_path_model_load(m, path, &err)) {
		cli_error("eval path: %s", err.msg);
		return 1;
	}
	return 0;
}

static int run_all(const struct path_opts *o, const struct tu_course *course,
		   const struct tu_mlp *sft, const struct tu_mlp *grpo)
{
	struct tu_err err = TU_ERR_INIT;
	size_t n = (size_t)C_N * M_N * o->seeds;
	double *v = malloc(n * sizeof(*v)), m[M_N];
	bool ok;
	int rc;

	if (!v)
		return 1;
	for (int c = 0; c < C_N; c++)
		for (uint32_t s = 0; s < o->seeds; s++) {
			if (run_one(course, o, c, sft, grpo, o->seed + s, m,
				    &err)) {
				cli_error("eval path: %s", err.msg);
				free(v);
				return 1;
			}
			for (int k = 0; k < M_N; k++)
				v[((size_t)c * M_N + k) * o->seeds + s] = m[k];
			fprintf(stderr, "\r%s, seed %u done   ", cond_name[c],
				s + 1);
		}
	fputc('\n', stderr);
	ok = beats(v, o->seeds, C_GRPO, C_RETR, M_ALIGN) &&
	     beats(v, o->seeds, C_GRPO, C_SFT, M_ALIGN) &&
	     beats(v, o->seeds, C_GRPO, C_RETR, M_HELD) &&
	     beats(v, o->seeds, C_GRPO, C_SFT, M_HELD);
	write_table(stdout, v, o->seeds);
	write_diffs(stdout, v, o->seeds);
	printf("%s  SFT+GRPO beats retrieval only and SFT on alignment and "
	       "held-out gain (non-overlapping intervals)\n",
	       ok ? "PASS" : "FAIL");
	rc = write_report(o, v, ok);
	free(v);
	return rc ? rc : (o->check && !ok);
}

static int set_num(const char *opt, const char *a, uint64_t lo, uint64_t hi,
		   uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(a, &end, 10);
	if (end == a || *end || errno || v < lo || v > hi) {
		cli_error("eval path: %s must be a whole number in [%llu, "
			  "%llu], got '%s'", opt, (unsigned long long)lo,
			  (unsigned long long)hi, a);
		return EXIT_USAGE;
	}
	*out = v;
	return 0;
}

static int opt_one(struct path_opts *o, int c, const char *a)
{
	struct tu_err err = TU_ERR_INIT;
	uint64_t v = 0;
	int rc = 0;

	switch (c) {
	case 'm': o->models = a; return 0;
	case 'c': o->course = a; return 0;
	case 'o': o->out = a; return 0;
	case 'C': o->check = true; return 0;
	case 'l': rc = set_num("--learners", a, 1, 1000000, &v);
		o->learners = (uint32_t)v; return rc;
	case 'd': rc = set_num("--days", a, 1, 3650, &v);
		o->days = (uint32_t)v; return rc;
	case 'n': rc = set_num("--seeds", a, 2, 1000, &v);
		o->seeds = (uint32_t)v; return rc;
	case 's': rc = set_num("--seed", a, 1, UINT32_MAX, &v);
		o->seed = v; return rc;
	case 't': rc = set_num("--threads", a, 1, 64, &v);
		o->threads = (unsigned)v; return rc;
	case 'S':
		if (tu_sim_config_set_pair(&o->sim, a, &err)) {
			cli_error("eval path: %s", err.msg);
			return EXIT_USAGE;
		}
		return 0;
	default:
		return EXIT_USAGE;
	}
}

static int parse(int argc, char **argv, struct path_opts *o)
{
	static const struct option longs[] = {
		{ "models", required_argument, NULL, 'm' },
		{ "course", required_argument, NULL, 'c' },
		{ "learners", required_argument, NULL, 'l' },
		{ "days", required_argument, NULL, 'd' },
		{ "seeds", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "threads", required_argument, NULL, 't' },
		{ "set", required_argument, NULL, 'S' },
		{ "out", required_argument, NULL, 'o' },
		{ "check", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", longs, NULL)) != -1) {
		if (c == 'h') {
			path_usage(stdout);
			return 0;
		}
		if (c == '?' || c == ':') {
			cli_error("eval path: unknown or incomplete option "
				  "'%s'; see 'tutor eval path --help'",
				  argv[optind - 1]);
			return EXIT_USAGE;
		}
		if ((rc = opt_one(o, c, optarg)) != 0)
			return rc;
	}
	if (optind != argc || !o->models) {
		cli_error("eval path: --models DIR is required; see 'tutor "
			  "eval path --help'");
		return EXIT_USAGE;
	}
	return -1;
}

int eval_path_main(int argc, char **argv)
{
	struct path_opts o;
	struct tu_course course;
	struct tu_mlp sft, grpo;
	struct tu_err err = TU_ERR_INIT;
	int rc;

	memset(&o, 0, sizeof(o));
	tu_sim_config_default(&o.sim);
	o.sim.goals = true;
	o.sim.session_k = 1;
	o.learners = 200;
	o.days = 30;
	o.seeds = 5;
	o.seed = 1;
	o.threads = 2;
	o.out = "path-report";
	rc = parse(argc, argv, &o);
	if (rc >= 0)
		return rc;
	tu_course_init(&course);
	tu_mlp_init(&sft);
	tu_mlp_init(&grpo);
	if (load_model(o.models, "sft.model", &sft) ||
	    load_model(o.models, "grpo.model", &grpo)) {
		rc = 1;
	} else if (tu_course_load(o.course ? o.course : cli_builtin_course(),
				  &course, &err)) {
		cli_error("eval path: %s", err.msg);
		rc = 1;
	} else {
		rc = run_all(&o, &course, &sft, &grpo);
	}
	tu_mlp_release(&sft);
	tu_mlp_release(&grpo);
	tu_course_release(&course);
	return rc;
}
