/*
 * eval_sim.c - `tutor eval suite|gain|hints|coverage|policies|model|
 * recall|fairness|ablations [options]`: the simulated-cohort evaluation
 * (tutor/simeval.h).  Parses options into the simulator's configuration,
 * loads the course (and --priors), runs the experiments, prints a short
 * summary, writes the report directory and, with --check, asserts the
 * acceptance claims.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "platform.h"
#include "tutor/simeval.h"

#define PRIORS_MAX ((size_t)16 << 20)

struct sim_args {
	const char *what;          /* "suite" or an experiment */
	const char *course, *priors;
	struct tu_simeval_opts o;
	bool check, quiet;
};

static void usage(FILE *out, const char *what)
{
	fprintf(out, "usage: tutor eval %s [options]\n\n", what);
	fputs("Simulated cohorts against the real tutor (docs/eval-sim.md).\n"
	      "'suite' runs all eight experiments; a name runs one:\n"
	      "  gain       mastery gain by initial level (true, held-out,\n"
	      "             the tutor's estimate)\n"
	      "  hints      hints on against off: solve rates, paired\n"
	      "  coverage   topics practised; the most practised topics\n"
	      "  policies   curator against random and linear picking\n"
	      "  model      calibration of the learner model (Brier, ECE, AUC)\n"
	      "  recall     AUROC of predicted recall at reviews\n"
	      "  fairness   outcomes across proficiency deciles\n"
	      "  ablations  curator, feedback, SM-2 context, spaced\n"
	      "             repetition each switched off\n"
	      "Every figure is a mean over the seeds with its 95 % t interval;\n"
	      "comparisons are paired over the same seeds.  Writes\n"
	      "DIR/report.md and SVG charts (byte-identical for the same seed)\n"
	      "and prints a summary.\n\n"
	      "options:\n"
	      "  --course DIR      the course (default: $TUTOR_COURSE, else the\n"
	      "                    built-in Python course)\n"
	      "  --learners N      learners per run (default 200)\n"
	      "  --days N          simulated days (default 30)\n"
	      "  --seeds N         seeds, >= 2 (default 5; fewer than 5 warns)\n"
	      "  --seed S          first seed (default 1)\n"
	      "  --threads N       threads per run, 1..64 (default: CPUs)\n"
	      "  --out DIR         report directory (default eval-report)\n"
	      "  --set KEY=VALUE   a simulator setting (repeatable; keys in\n"
	      "                    docs/simulator.md: drop_base, hint_success,\n"
	      "                    level, style, holdout, ...)\n"
	      "  --priors FILE     topic priors from a 'tutor fit bkt-forgets'\n"
	      "                    JSON file\n"
	      "  --check           assert the acceptance claims (curator beats\n"
	      "                    random on held-out gain, cohort coverage\n"
	      "                    >= 90 %, hints raise the solve rate); print\n"
	      "                    each PASS or FAIL, exit 1 when one fails\n"
	      "  --quiet           no progress line and no summary table\n"
	      "  -h, --help        this text\n\n"
	      "Exit status: 0 ok, 1 failure (or a claim failed with --check),\n"
	      "2 usage error.\n", out);
}

static unsigned cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > (long)TU_SIM_THREADS_MAX ? TU_SIM_THREADS_MAX : (unsigned)n;
}

/* Applies key=value to the simulator configuration; 0 or -1 (printed). */
static int set_value(struct sim_args *a, const char *key, const char *val)
{
	struct tu_err err = TU_ERR_INIT;

	if (tu_sim_config_set(&a->o.sim, key, val, &err)) {
		cli_error("eval %s: %s=%s: %s", a->what, key, val, err.msg);
		return -1;
	}
	return 0;
}

static int set_pair(struct sim_args *a, const char *arg)
{
	char key[64];
	const char *eq = strchr(arg, '=');

	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(key)) {
		cli_error("eval %s: --set expects KEY=VALUE, got '%s'",
			  a->what, arg);
		return -1;
	}
	memcpy(key, arg, (size_t)(eq - arg));
	key[eq - arg] = '\0';
	return set_value(a, key, eq + 1);
}

static int parse_seeds(struct sim_args *a, const char *arg)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || errno || *end || v < 2 ||
	    v > TU_SIMEVAL_SEEDS_MAX) {
		cli_error("eval %s: --seeds must be in 2..%u, got '%s'",
			  a->what, TU_SIMEVAL_SEEDS_MAX, arg);
		return -1;
	}
	a->o.seeds = (uint32_t)v;
	return 0;
}

enum { OPT_COURSE = 2001, OPT_LEARNERS, OPT_DAYS, OPT_SEEDS, OPT_SEED,
       OPT_THREADS, OPT_OUT, OPT_SET, OPT_PRIORS, OPT_CHECK, OPT_QUIET };

static int set_opt(struct sim_args *a, int c, const char *arg)
{
	switch (c) {
	case OPT_COURSE: a->course = arg; return 0;
	case OPT_LEARNERS: return set_value(a, "learners", arg);
	case OPT_DAYS: return set_value(a, "days", arg);
	case OPT_SEEDS: return parse_seeds(a, arg);
	case OPT_SEED: return set_value(a, "seed", arg);
	case OPT_THREADS: return set_value(a, "threads", arg);
	case OPT_OUT: a->o.out_dir = arg; return 0;
	case OPT_SET: return set_pair(a, arg);
	case OPT_PRIORS: a->priors = arg; return 0;
	case OPT_CHECK: a->check = true; return 0;
	case OPT_QUIET: a->quiet = true; return 0;
	}
	cli_error("eval %s: bad or unknown option; see 'tutor eval %s --help'",
		  a->what, a->what);
	return -1;
}

/* Returns -1 to continue, else the exit status. */
static int parse_args(int argc, char **argv, struct sim_args *a)
{
	static const struct option lo[] = {
		{ "course", required_argument, NULL, OPT_COURSE },
		{ "learners", required_argument, NULL, OPT_LEARNERS },
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "seeds", required_argument, NULL, OPT_SEEDS },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "out", required_argument, NULL, OPT_OUT },
		{ "set", required_argument, NULL, OPT_SET },
		{ "priors", required_argument, NULL, OPT_PRIORS },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "quiet", no_argument, NULL, OPT_QUIET },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout, a->what);
			return 0;
		}
		if (c == '?') {
			cli_error("eval %s: bad or unknown option '%s'; see "
				  "'tutor eval %s --help'", a->what,
				  argv[optind - 1], a->what);
			return EXIT_USAGE;
		}
		if (set_opt(a, c, optarg))
			return EXIT_USAGE;
	}
	if (optind < argc) {
		cli_error("eval %s: unexpected argument '%s'", a->what,
			  argv[optind]);
		return EXIT_USAGE;
	}
	return -1;
}

/* The experiment mask of a->what; 0 when unknown. */
static uint32_t experiments_of(const char *what)
{
	enum tu_simeval_exp e;

	if (strcmp(what, "suite") == 0)
		return TU_SIMEVAL_ALL;
	return tu_simeval_exp_parse(what, &e) ? TU_SIMEVAL_BIT(e) : 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s && s[1] ? s + 1 : path;
}

static int load_priors(struct sim_args *a)
{
	struct tu_err err = TU_ERR_INIT;
	FILE *f = fopen(a->priors, "rb");
	char *buf;
	size_t n;
	int rc = 0;

	if (!f) {
		cli_error("%s: %s", a->priors, strerror(errno));
		return 1;
	}
	buf = malloc(PRIORS_MAX + 1);
	n = buf ? fread(buf, 1, PRIORS_MAX + 1, f) : 0;
	if (!buf || ferror(f) || n > PRIORS_MAX) {
		cli_error("%s: %s", a->priors, !buf ? "out of memory" :
			  n > PRIORS_MAX ? "larger than 16 MiB" : "read error");
		rc = 1;
	} else if (tu_sim_priors_from_bkt(buf, n, base_name(a->priors),
					  &a->o.sim.priors, &err)) {
		cli_error("%s: %s", a->priors, err.msg);
		rc = 1;
	}
	free(buf);
	fclose(f);
	return rc;
}

/* "3.00 [1.04, 4.96]" of a share in percent, or of a number. */
static void fmt_ci(char *buf, size_t cap, const struct tu_ci *c, double k)
{
	if (!isfinite(c->mean))
		snprintf(buf, cap, "n/a");
	else if (!isfinite(c->lo) || !isfinite(c->hi))
		snprintf(buf, cap, "%.*f", k > 1 ? 2 : 4, c->mean * k);
	else
		snprintf(buf, cap, "%.*f [%.*f, %.*f]", k > 1 ? 2 : 4,
			 c->mean * k, k > 1 ? 2 : 4, c->lo * k,
			 k > 1 ? 2 : 4, c->hi * k);
}

static void row(const char *exp, const char *what, const struct tu_ci *c,
		double k, bool negate)
{
	struct tu_ci v = *c;
	char t[96];

	if (negate) {
		v.mean = -c->mean;
		v.lo = -c->hi;
		v.hi = -c->lo;
	}
	fmt_ci(t, sizeof(t), &v, k);
	printf("%-10s %-42s %s\n", exp, what, t);
}

/* Rows of gain, hints, coverage and policies. */
static void print_learning(const struct tu_simeval_summary *s)
{
	const struct tu_ci *f = s->m[TU_COND_FULL];
	uint32_t e = s->experiments;

	if (e & TU_SIMEVAL_BIT(TU_SIMEVAL_GAIN)) {
		row("gain", "true gain (%)", &f[TU_SM_TRUE_GAIN], 100, false);
		row("gain", "held-out gain (%)", &f[TU_SM_HELD_GAIN], 100,
		    false);
		row("gain", "estimated gain (%)", &f[TU_SM_EST_GAIN], 100,
		    false);
	}
	if (e & TU_SIMEVAL_BIT(TU_SIMEVAL_HINTS)) {
		row("hints", "solve rate, hints on (%)", &f[TU_SM_SOLVE_RATE],
		    100, false);
		row("hints", "solve rate, on - off (%, paired)",
		    &s->diff[TU_COND_NO_HINTS][TU_SM_SOLVE_RATE], 100, true);
		row("hints", "success on hinted problems (%)",
		    &f[TU_SM_HINTED_OK], 100, false);
	}
	if (e & TU_SIMEVAL_BIT(TU_SIMEVAL_COVERAGE)) {
		row("coverage", "cohort coverage (%)", &f[TU_SM_COV_COHORT],
		    100, false);
		row("coverage", "mean per-learner coverage (%)",
		    &f[TU_SM_COV_LEARNER], 100, false);
	}
	if (e & TU_SIMEVAL_BIT(TU_SIMEVAL_POLICIES)) {
		row("policies", "held-out gain, curator - random (%)",
		    &s->diff[TU_COND_RANDOM][TU_SM_HELD_GAIN], 100, true);
		row("policies", "held-out gain, curator - linear (%)",
		    &s->diff[TU_COND_LINEAR][TU_SM_HELD_GAIN], 100, true);
	}
}

/* Rows of model, recall, fairness and ablations. */
static void print_models(const struct tu_simeval_summary *s)
{
	static const enum tu_simeval_cond cs[] = {
		TU_COND_RANDOM, TU_COND_NO_FEEDBACK, TU_COND_NO_CONTEXT,
		TU_COND_NO_SRS
	};
	const struct tu_ci *f = s->m[TU_COND_FULL];
	uint32_t e = s->experiments;
	char what[64];

	if (e & TU_SIMEVAL_BIT(TU_SIMEVAL_MODEL)) {
		row("model", "AUC", &f[TU_SM_AUC], 1, false);
		row("model", "Brier", &f[TU_SM_BRIER], 1, false);
		row("model", "ECE", &f[TU_SM_ECE], 1, false);
	}
	if (e & TU_SIMEVAL_BIT(TU_SIMEVAL_RECALL))
		row("recall", "AUROC", &f[TU_SM_RECALL_AUC], 1, false);
	if (e & TU_SIMEVAL_BIT(TU_SIMEVAL_FAIRNESS)) {
		row("fairness", "true gain IQR / median", &f[TU_SM_FAIR_GAIN],
		    1, false);
		row("fairness", "hint level IQR / median", &f[TU_SM_FAIR_HINT],
		    1, false);
		row("fairness", "pacing IQR / median", &f[TU_SM_FAIR_PACE], 1,
		    false);
	}
	if (!(e & TU_SIMEVAL_BIT(TU_SIMEVAL_ABLATIONS)))
		return;
	for (size_t i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) {
		snprintf(what, sizeof(what), "true gain, %s - full (%%)",
			 tu_simeval_cond_name(cs[i]));
		row("ablations", what, &s->diff[cs[i]][TU_SM_TRUE_GAIN], 100,
		    false);
	}
}

static void print_summary(const struct tu_simeval_summary *s)
{
	printf("%-10s %-42s %s\n", "experiment", "figure",
	       "mean [95 % interval] over seeds");
	print_learning(s);
	print_models(s);
}

/* Prints each claim that ran; returns the number that failed. */
static unsigned print_claims(const struct tu_simeval_summary *s)
{
	for (int i = 0; i < TU_SIMEVAL_CLAIMS; i++) {
		const struct tu_simeval_claim *c = &s->claims[i];
		char t[96];

		if (c->verdict == TU_VERDICT_SKIP)
			continue;
		fmt_ci(t, sizeof(t), &c->value, 100);
		printf("%s  %s: %s\n",
		       c->verdict == TU_VERDICT_PASS ? "PASS" : "FAIL",
		       tu_simeval_claim_text((enum tu_simeval_claim_id)i), t);
	}
	return tu_simeval_claims_failed(s);
}

static int run(struct sim_args *a, const struct tu_course *course)
{
	struct tu_simeval_summary s;
	struct tu_err err = TU_ERR_INIT;
	struct tu_progress prog = cli_progress();
	int rc = 0;

	a->o.course = course;
	a->o.progress = a->quiet ? NULL : &prog;
	if (mkdir(a->o.out_dir, 0755) != 0 && errno != EEXIST) {
		cli_error("eval %s: %s: %s", a->what, a->o.out_dir,
			  strerror(errno));
		return 1;
	}
	tu_simeval_summary_init(&s);
	if (tu_simeval_run(&a->o, &s, &err)) {
		cli_error("eval %s: %s", a->what, err.msg);
		return 1;
	}
	cli_progress_done();
	if (tu_simeval_report_write(&s, a->o.out_dir, &err)) {
		cli_error("eval %s: %s", a->what, err.msg);
		rc = 1;
	}
	if (!rc && !a->quiet)
		print_summary(&s);
	if (!rc)
		printf("report: %s/report.md\n", a->o.out_dir);
	if (!rc && a->check && print_claims(&s) > 0)
		rc = 1;
	tu_simeval_summary_release(&s);
	return rc;
}

static int setup(struct sim_args *a, const char *what)
{
	memset(a, 0, sizeof(*a));
	a->what = what;
	tu_simeval_opts_default(&a->o);
	a->o.sim.threads = cpu_count();
	a->o.experiments = experiments_of(what);
	return a->o.experiments ? 0 : -1;
}

int eval_sim_main(int argc, char **argv)
{
	struct sim_args a;
	struct tu_course course;
	struct tu_err err = TU_ERR_INIT;
	int rc;

	if (setup(&a, argv[0])) {
		cli_error("eval: unknown evaluation '%s'", argv[0]);
		return EXIT_USAGE;
	}
	rc = parse_args(argc, argv, &a);
	if (rc >= 0)
		return rc;
	a.o.first_seed = a.o.sim.seed;
	a.o.threads = a.o.sim.threads;
	if (a.o.seeds < TU_SIMEVAL_SEEDS_DEFAULT)
		fprintf(stderr, "tutor: warning: %u seeds; at least %u are "
			"needed for figures a report can claim\n", a.o.seeds,
			TU_SIMEVAL_SEEDS_DEFAULT);
	if (a.priors && load_priors(&a))
		return 1;
	tu_course_init(&course);
	if (tu_course_load(a.course ? a.course : cli_builtin_course(),
			   &course, &err)) {
		cli_error("%s", err.msg);
		return 1;
	}
	rc = run(&a, &course);
	tu_course_release(&course);
	return rc;
}
