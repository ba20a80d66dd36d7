/*
 * cmd_sim.c - `tutor sim`: runs a cohort of simulated learners against the
 * orchestrator and prints what happened, by skill level; `tutor sim
 * priors FILE` fits the simulator's priors from a `tutor fit bkt-forgets`
 * JSON file (docs/simulator.md).
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "platform.h"
#include "tutor/metrics.h"
#include "tutor/mlp.h"
#include "tutor/orch.h"
#include "tutor/sim.h"

static void sim_usage(FILE *out)
{
	fputs("usage: tutor sim [options]\n"
	      "       tutor sim priors FILE\n\n"
	      "Runs simulated learners through the orchestrator (every action "
	      "an event)\nfor a number of simulated days and prints a summary "
	      "by skill level.\n'tutor sim priors FILE' prints the Beta priors "
	      "fitted from a 'tutor fit\nbkt-forgets' JSON file.\n\n"
	      "options:\n"
	      "  --course DIR      course (default: the built-in Python "
	      "course)\n"
	      "  --learners N      cohort size (default 100)\n"
	      "  --days N          simulated days (default 30)\n"
	      "  --seed S          seed (default 1)\n"
	      "  --threads N       worker threads (default 1)\n"
	      "  --set KEY=VALUE   a simulator setting (repeatable; "
	      "docs/simulator.md)\n"
	      "  --priors FILE     priors from a 'tutor fit bkt-forgets' JSON "
	      "file\n"
	      "  --policy P        the tutor's picking policy: curator "
	      "(default), random,\n"
	      "                    linear, retrieval, model\n"
	      "  --model FILE      the trained policy for --policy model "
	      "('tutor train\n"
	      "                    policy')\n"
	      "  --disable A,...   switch agents off: feedback, curator, "
	      "synthesizer,\n"
	      "                    engagement\n"
	      "  --store FILE      send every event through a SQLite store "
	      "(one thread)\n"
	      "  --learners-tsv F  write one line per learner to F\n"
	      "  -h, --help        show this help\n", out);
}

struct sim_opts {
	const char *course, *store, *tsv, *model;
	struct tu_sim_config cfg;
	struct tu_agent_config tutor;
};

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    n <= (16L << 20) && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) &&
	    fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = '\0';
		*len = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static int load_priors(const char *path, struct tu_sim_priors *p)
{
	struct tu_err err = TU_ERR_INIT;
	size_t len = 0;
	char *buf = slurp(path, &len);

	if (!buf) {
		cli_error("sim: cannot read %s (missing, unreadable or over "
			  "16 MiB)", path);
		return 1;
	}
	if (tu_sim_priors_from_bkt(buf, len, path, p, &err)) {
		cli_error("sim: %s", err.msg);
		free(buf);
		return 1;
	}
	free(buf);
	return 0;
}

static int disable(struct tu_agent_config *t, const char *list)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	for (char *a = strtok_r(buf, ",", &save); a;
	     a = strtok_r(NULL, ",", &save)) {
		if (!strcmp(a, "feedback"))
			t->disabled |= TU_AGENT_BIT(TU_AGENT_PEDAGOGICAL_FEEDBACK);
		else if (!strcmp(a, "curator"))
			t->disabled |= TU_AGENT_BIT(TU_AGENT_CONTENT_CURATOR);
		else if (!strcmp(a, "synthesizer"))
			t->disabled |= TU_AGENT_BIT(TU_AGENT_PROGRESS_SYNTHESIZER);
		else if (!strcmp(a, "engagement"))
			t->disabled |=
				TU_AGENT_BIT(TU_AGENT_ENGAGEMENT_ORCHESTRATOR);
		else {
			cli_error("sim: --disable: unknown agent '%s' "
				  "(feedback, curator, synthesizer, "
				  "engagement)", a);
			return EXIT_USAGE;
		}
	}
	return 0;
}

static int set_kv(struct tu_sim_config *cfg, const char *key,
		  const char *value)
{
	struct tu_err err = TU_ERR_INIT;

	if (tu_sim_config_set(cfg, key, value, &err)) {
		cli_error("%s", err.msg);
		return EXIT_USAGE;
	}
	return 0;
}

static int set_pair(struct tu_sim_config *cfg, const char *kv)
{
	struct tu_err err = TU_ERR_INIT;

	if (tu_sim_config_set_pair(cfg, kv, &err)) {
		cli_error("%s", err.msg);
		return EXIT_USAGE;
	}
	return 0;
}

static int opt_one(struct sim_opts *o, int c, const char *arg)
{
	static const char *const keys[] = { "learners", "days", "seed",
					    "threads" };

	switch (c) {
	case 'l': case 'd': case 's': case 't':
		return set_kv(&o->cfg, keys[c == 'l' ? 0 : c == 'd' ? 1 :
					      c == 's' ? 2 : 3], arg);
	case 'S': return set_pair(&o->cfg, arg);
	case 'c': o->course = arg; return 0;
	case 'o': o->store = arg; return 0;
	case 'T': o->tsv = arg; return 0;
	case 'M': o->model = arg; return 0;
	case 'p': return load_priors(arg, &o->cfg.priors) ? EXIT_USAGE : 0;
	case 'D': return disable(&o->tutor, arg);
	case 'P':
		if (tu_pick_policy_parse(arg, &o->tutor.policy))
			return 0;
		cli_error("sim: --policy: unknown policy '%s' (curator, "
			  "random, linear, retrieval, model)", arg);
		return EXIT_USAGE;
	default:
		return EXIT_USAGE;
	}
}

/* -1: continue; otherwise the exit status. */
static int parse(int argc, char **argv, struct sim_opts *o)
{
	static const struct option longs[] = {
		{ "course", required_argument, NULL, 'c' },
		{ "learners", required_argument, NULL, 'l' },
		{ "days", required_argument, NULL, 'd' },
		{ "seed", required_argument, NULL, 's' },
		{ "threads", required_argument, NULL, 't' },
		{ "set", required_argument, NULL, 'S' },
		{ "priors", required_argument, NULL, 'p' },
		{ "policy", required_argument, NULL, 'P' },
		{ "disable", required_argument, NULL, 'D' },
		{ "store", required_argument, NULL, 'o' },
		{ "learners-tsv", required_argument, NULL, 'T' },
		{ "model", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", longs, NULL)) != -1) {
		if (c == 'h') {
			sim_usage(stdout);
			return 0;
		}
		if (c == '?' || c == ':') {
			cli_error("sim: unknown or incomplete option '%s'; see "
				  "'tutor sim --help'", argv[optind - 1]);
			return EXIT_USAGE;
		}
		if ((rc = opt_one(o, c, optarg)) != 0)
			return rc;
	}
	if (optind != argc) {
		cli_error("sim: unexpected argument '%s'; see 'tutor sim "
			  "--help'", argv[optind]);
		return EXIT_USAGE;
	}
	return -1;
}

/* ---- output ------------------------------------------------------------------ */

struct agg {
	size_t n;
	double tpre, tpost, hpre, hpost, epre, epost;
	double solved, problems, hints, dropped, active;
};

static void agg_add(struct agg *a, const struct tu_sim_learner *l)
{
	a->n++;
	a->tpre += l->true_pre;
	a->tpost += l->true_post;
	a->hpre += l->held_pre;
	a->hpost += l->held_post;
	a->epre += l->est_pre;
	a->epost += l->est_post;
	a->solved += l->solved;
	a->problems += l->problems;
	a->hints += l->hints;
	a->dropped += l->dropped_day != UINT32_MAX;
	a->active += l->active_days;
}

static void agg_print(const char *name, const struct agg *a)
{
	double n = a->n ? (double)a->n : 1.0;

	printf("%-13s %5zu  %.3f→%.3f  %.3f→%.3f  %.3f→%.3f  %6.1f  %5.3f  "
	       "%5.1f  %5.1f  %5.3f\n", name, a->n, a->tpre / n, a->tpost / n,
	       a->hpre / n, a->hpost / n, a->epre / n, a->epost / n,
	       a->problems / n, a->problems > 0 ? a->solved / a->problems : 0.0,
	       a->hints / n, a->active / n, a->dropped / n);
}

/* "mean p / observed / AUC" of a prediction list. */
static void print_preds(const char *name, const struct tu_sim_pred *v,
			size_t n)
{
	struct tu_err err = TU_ERR_INIT;
	double *p = malloc((n + 1) * sizeof(*p)), sp = 0.0, sy = 0.0, auc;
	double *t = malloc((n + 1) * sizeof(*t));
	int *y = malloc((n + 1) * sizeof(*y));

	for (size_t i = 0; p && y && t && i < n; i++) {
		t[i] = v[i].truth;
		p[i] = v[i].p;
		y[i] = v[i].y;
		sp += p[i];
		sy += y[i];
	}
	if (p && y && t && n > 0) {
		printf("%-15s n %zu, mean predicted %.3f, observed %.3f, "
		       "Brier %.4f", name, n, sp / (double)n, sy / (double)n,
		       tu_metric_brier(p, y, n));
		if (!tu_metric_auc(p, y, n, &auc, &err))
			printf(", AUC %.4f", auc);
		if (!tu_metric_auc(t, y, n, &auc, &err))
			printf(" (true chance: AUC %.4f)", auc);
		putchar('\n');
	}
	free(t);
	free(p);
	free(y);
}

static void print_goals(const struct tu_sim_result *r)
{
	double goals = 0, aligned = 0, reward = 0;

	for (size_t i = 0; i < r->n_learners; i++) {
		goals += r->learners[i].goals;
		aligned += r->learners[i].goals_aligned;
		reward += r->learners[i].goal_reward;
	}
	if (goals > 0)
		printf("goals: %.0f components with a metric, %.1f %% aligned "
		       "at the end, alignment reward %.3f per learner\n", goals,
		       100.0 * aligned / goals, reward / r->n_learners);
}

static void print_summary(const struct tu_sim_result *r)
{
	struct agg lv[TU_SIM_LEVELS], all;

	memset(lv, 0, sizeof(lv));
	memset(&all, 0, sizeof(all));
	for (size_t i = 0; i < r->n_learners; i++) {
		agg_add(&lv[r->learners[i].level], &r->learners[i]);
		agg_add(&all, &r->learners[i]);
	}
	printf("%-13s %5s  %-11s  %-11s  %-11s  %6s  %5s  %5s  %5s  %5s\n",
	       "level", "n", "true", "held-out", "estimate", "probs",
	       "solve", "hints", "days", "drop");
	for (unsigned l = 0; l < TU_SIM_LEVELS; l++)
		if (lv[l].n)
			agg_print(tu_sim_level_name((enum tu_sim_level)l),
				  &lv[l]);
	agg_print("all", &all);
	printf("events %llu, held-out problems %zu\n",
	       (unsigned long long)r->events, r->n_held);
	print_goals(r);
	print_preds("first attempts", r->mastery, r->n_mastery);
	print_preds("reviews", r->recall, r->n_recall);
}

static int write_tsv(const char *path, const struct tu_sim_result *r)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		cli_error("sim: cannot write %s", path);
		return 1;
	}
	fputs("index\tlevel\tstyle\ttrue_pre\ttrue_post\theld_pre\theld_post"
	      "\test_pre\test_post\tactive_days\tdropped_day\tmastery_day"
	      "\tminutes\tproblems\tsolved\tattempts\tattempts_ok\thinted"
	      "\thinted_solved\thints\thint_level_sum\treviews\treviews_ok"
	      "\tevents\n", f);
	for (size_t i = 0; i < r->n_learners; i++) {
		const struct tu_sim_learner *l = &r->learners[i];

		fprintf(f, "%u\t%s\t%s\t%.6f\t%.6f\t%.6f\t%.6f\t%.6f\t%.6f\t%u"
			"\t%d\t%d\t%.2f\t%u\t%u\t%u\t%u\t%u\t%u\t%u\t%.0f\t%u"
			"\t%u\t%llu\n", l->index, tu_sim_level_name(l->level),
			tu_sim_style_name(l->style), l->true_pre, l->true_post,
			l->held_pre, l->held_post, l->est_pre, l->est_post,
			l->active_days,
			l->dropped_day == UINT32_MAX ? -1 : (int)l->dropped_day,
			l->mastery_day == UINT32_MAX ? -1 : (int)l->mastery_day,
			l->minutes, l->problems, l->solved, l->attempts,
			l->attempts_ok, l->hinted, l->hinted_solved, l->hints,
			l->hint_level_sum, l->reviews, l->reviews_ok,
			(unsigned long long)l->events);
	}
	if (fclose(f) != 0) {
		cli_error("sim: cannot write %s", path);
		return 1;
	}
	return 0;
}

/* ---- running ------------------------------------------------------------------- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Loads the --model file (checked against this build's features). */
static int load_model(const char *path, struct tu_mlp *m)
{
	struct tu_err err = TU_ERR_INIT;

	if (tu_path_model_load(m, path, &err)) {
		cli_error("sim: %s", err.msg);
		return 1;
	}
	return 0;
}

static int run(const struct sim_opts *o)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_course course;
	struct tu_store *store = NULL;
	struct tu_sim_result r;
	struct tu_progress pr = cli_progress();
	const char *dir = o->course ? o->course : cli_builtin_course();
	double t0;
	int rc = 1;

	struct tu_agent_config tutor = o->tutor;
	struct tu_mlp model;

	tu_mlp_init(&model);
	tu_course_init(&course);
	tu_sim_result_init(&r);
	if (o->model && load_model(o->model, &model))
		return 1;
	if (o->model)
		tutor.path.model = &model;
	if (tutor.policy == TU_POLICY_MODEL && !o->model) {
		cli_error("sim: --policy model needs --model FILE");
		return EXIT_USAGE;
	}
	if (tu_course_load(dir, &course, &err)) {
		cli_error("sim: %s", err.msg);
		return 1;
	}
	if (o->store && tu_store_open(o->store, NULL, &store, &err))
		goto out;
	if (store && cli_register_course(store, &course, o->cfg.start))
		goto out;
	t0 = now_s();
	if (tu_sim_run(&course, &tutor, &o->cfg, store, &pr, &r, &err))
		goto out;
	cli_progress_done();
	fprintf(stderr, "tutor: sim: %u learners x %u days, %llu events in "
		"%.2f s\n", r.n_learners, r.days, (unsigned long long)r.events,
		now_s() - t0);
	print_summary(&r);
	rc = o->tsv ? write_tsv(o->tsv, &r) : 0;
out:
	cli_progress_done();
	if (err.code)
		cli_error("%s", err.msg);
	tu_sim_result_release(&r);
	tu_store_close(store);
	tu_course_release(&course);
	tu_mlp_release(&model);
	return rc;
}

static int priors_main(int argc, char **argv)
{
	struct tu_sim_priors p;
	const struct tu_beta *b[5];
	static const char *const names[5] = { "prior", "learn", "guess",
					      "slip", "forget" };

	if (argc != 2) {
		cli_error("sim priors: need one FILE (a 'tutor fit "
			  "bkt-forgets' JSON file)");
		return EXIT_USAGE;
	}
	if (load_priors(argv[1], &p))
		return 1;
	b[0] = &p.prior, b[1] = &p.learn, b[2] = &p.guess, b[3] = &p.slip;
	b[4] = &p.forget;
	printf("source %s (%u skills)\n%-7s %9s %9s %7s\n", p.source,
	       p.n_skills, "param", "a", "b", "mean");
	for (int i = 0; i < 5; i++)
		printf("%-7s %9.4f %9.4f %7.4f\n", names[i], b[i]->a, b[i]->b,
		       tu_sim_beta_mean(*b[i]));
	return 0;
}

int cmd_sim(int argc, char **argv)
{
	struct sim_opts o;
	int rc;

	if (argc >= 2 && !strcmp(argv[1], "priors"))
		return priors_main(argc - 1, argv + 1);
	memset(&o, 0, sizeof(o));
	tu_sim_config_default(&o.cfg);
	tu_agent_config_default(&o.tutor);
	rc = parse(argc, argv, &o);
	return rc >= 0 ? rc : run(&o);
}
