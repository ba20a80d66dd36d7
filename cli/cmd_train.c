/*
 * cmd_train.c - `tutor train policy`: the next-action policy's SFT and
 * GRPO stages against simulated learners (tutor/train.h); writes
 * OUT/sft.model, OUT/grpo.model (tutor-mlp files), OUT/training.tsv and
 * OUT/training.svg (docs/policy.md).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "commands.h"
#include "platform.h"
#include "tutor/orch.h"
#include "tutor/plot.h"
#include "tutor/train.h"

static void train_usage(FILE *out)
{
	fputs("usage: tutor train policy [options]\n\n"
	      "Trains the next-action policy against simulated learners: "
	      "behaviour cloning\nof an oracle teacher (SFT), then GRPO. "
	      "Writes OUT/sft.model, OUT/grpo.model,\nOUT/training.tsv and "
	      "OUT/training.svg (docs/policy.md).\n\n"
	      "options:\n"
	      "  --course DIR       course (default: the built-in Python "
	      "course)\n"
	      "  --out DIR          output directory (default policy)\n"
	      "  --seed S           training seed (default 1000)\n"
	      "  --threads N        simulator threads (default 2)\n"
	      "  --sft-learners N   learners demonstrated by the oracle "
	      "(200)\n"
	      "  --sft-epochs N     SFT epochs (30)\n"
	      "  --grpo-iters N     GRPO iterations (30)\n"
	      "  --grpo-learners N  learners (groups) per iteration (128)\n"
	      "  --group G          trajectories per group (8)\n"
	      "  --horizon N        days per trajectory (10)\n"
	      "  --from-sft FILE    start GRPO from this SFT model instead "
	      "of training one\n"
	      "  --kl-beta X        KL penalty toward the SFT policy (0.01)\n"
	      "  --lr X             GRPO learning rate (0.003)\n"
	      "  --w-align X        reward weight of goal alignment (1)\n"
	      "  --w-gain X         reward weight of learning gain, per "
	      "point (1)\n"
	      "  --set KEY=VALUE    a simulator setting (docs/simulator.md)\n"
	      "  -h, --help         show this help\n", out);
}

struct train_opts {
	const char *course, *out, *from_sft;
	struct tu_train_config cfg;
};

static int num(const char *opt, const char *arg, double lo, double hi,
	       double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || *end || errno || !(v >= lo && v <= hi)) {
		cli_error("train: %s must be a number in [%g, %g], got '%s'",
			  opt, lo, hi, arg);
		return EXIT_USAGE;
	}
	*out = v;
	return 0;
}

static int count(const char *opt, const char *arg, uint32_t *out)
{
	double v;
	int rc = num(opt, arg, 0, 1e7, &v);

	if (!rc && v != (double)(uint32_t)v) {
		cli_error("train: %s must be a whole number, got '%s'", opt,
			  arg);
		return EXIT_USAGE;
	}
	if (!rc)
		*out = (uint32_t)v;
	return rc;
}

static int set_kv(struct tu_sim_config *s, const char *kv)
{
	struct tu_err err = TU_ERR_INIT;

	if (tu_sim_config_set_pair(s, kv, &err)) {
		cli_error("train: %s", err.msg);
		return EXIT_USAGE;
	}
	return 0;
}

static int opt_one(struct train_opts *o, int c, const char *a)
{
	struct tu_train_config *t = &o->cfg;
	double v = 0.0;
	int rc;

	switch (c) {
	case 'c': o->course = a; return 0;
	case 'o': o->out = a; return 0;
	case 's': rc = num("--seed", a, 0, 1e15, &v); t->seed = (uint64_t)v;
		return rc;
	case 't': return count("--threads", a, &t->threads);
	case 'L': return count("--sft-learners", a, &t->sft_learners);
	case 'E': return count("--sft-epochs", a, &t->sft_epochs);
	case 'I': return count("--grpo-iters", a, &t->grpo_iters);
	case 'B': return count("--grpo-learners", a, &t->grpo_learners);
	case 'G': return count("--group", a, &t->group);
	case 'H': return count("--horizon", a, &t->horizon_days);
	case 'F': o->from_sft = a; return 0;
	case 'K': return num("--kl-beta", a, 0, 100, &t->kl_beta);
	case 'R': return num("--lr", a, 1e-9, 1, &t->grpo_lr);
	case 'A': return num("--w-align", a, 0, 1e6, &t->w_align);
	case 'W': return num("--w-gain", a, 0, 1e6, &t->w_gain);
	case 'S': return set_kv(&t->sim, a);
	default: return EXIT_USAGE;
	}
}

static int parse(int argc, char **argv, struct train_opts *o)
{
	static const struct option longs[] = {
		{ "course", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "seed", required_argument, NULL, 's' },
		{ "threads", required_argument, NULL, 't' },
		{ "sft-learners", required_argument, NULL, 'L' },
		{ "sft-epochs", required_argument, NULL, 'E' },
		{ "grpo-iters", required_argument, NULL, 'I' },
		{ "grpo-learners", required_argument, NULL, 'B' },
		{ "group", required_argument, NULL, 'G' },
		{ "horizon", required_argument, NULL, 'H' },
		{ "from-sft", required_argument, NULL, 'F' },
		{ "kl-beta", required_argument, NULL, 'K' },
		{ "lr", required_argument, NULL, 'R' },
		{ "w-align", required_argument, NULL, 'A' },
		{ "w-gain", required_argument, NULL, 'W' },
		{ "set", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", longs, NULL)) != -1) {
		if (c == 'h') {
			train_usage(stdout);
			return 0;
		}
		if (c == '?' || c == ':') {
			cli_error("train: unknown or incomplete option '%s'; "
				  "see 'tutor train policy --help'",
				  argv[optind - 1]);
			return EXIT_USAGE;
		}
		if ((rc = opt_one(o, c, optarg)) != 0)
			return rc;
	}
	if (optind != argc) {
		cli_error("train: unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	return -1;
}

/* ---- output ---------------------------------------------------------------- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int write_tsv(const char *path, const struct tu_train_log *l)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		cli_error("train: cannot write %s", path);
		return 1;
	}
	fputs("stage\tstep\tloss_or_reward\tacc_or_align\tgain\tkl\n", f);
	for (size_t i = 0; i < l->n_sft; i++)
		fprintf(f, "sft\t%zu\t%.6f\t%.6f\t\t\n", i + 1, l->sft_loss[i],
			l->sft_acc[i]);
	for (size_t i = 0; i < l->n_grpo; i++)
		fprintf(f, "grpo\t%zu\t%.6f\t%.6f\t%.6f\t%.6f\n", i + 1,
			l->grpo_reward[i], l->grpo_align[i], l->grpo_gain[i],
			l->grpo_kl[i]);
	return fclose(f) == 0 ? 0 : 1;
}

static int write_svg(const char *path, const struct tu_train_log *l)
{
	struct tu_svg svg = TU_SVG_INIT;
	struct tu_plot_chart ch;
	struct tu_plot_series se[3];
	struct tu_err err = TU_ERR_INIT;
	double *x = malloc((l->n_grpo + 1) * sizeof(*x));
	double *avg = malloc((l->n_grpo + 1) * sizeof(*avg));
	int rc = 1;

	for (size_t i = 0; x && avg && i < l->n_grpo; i++) {
		size_t from = i >= 9 ? i - 9 : 0;
		double sum = 0.0;

		for (size_t j = from; j <= i; j++)
			sum += l->grpo_reward[j];
		avg[i] = sum / (double)(i - from + 1);
		x[i] = (double)(i + 1);
	}
	tu_plot_chart_init(&ch);
	ch.title = "GRPO: mean trajectory reward per iteration";
	ch.x_label = "iteration";
	ch.y_label = "reward";
	memset(se, 0, sizeof(se));
	se[0] = (struct tu_plot_series){ "reward", x, l->grpo_reward, NULL,
					 NULL, l->n_grpo, TU_PLOT_LINE };
	se[1] = (struct tu_plot_series){ "gain (points)", x, l->grpo_gain,
					 NULL, NULL, l->n_grpo, TU_PLOT_LINE };
	se[2] = (struct tu_plot_series){ "reward, mean of last 10", x, avg,
					 NULL, NULL, l->n_grpo, TU_PLOT_LINE };
	ch.series = se;
	ch.n_series = 3;
	if (x && avg && l->n_grpo > 0 && !tu_plot_curves(&svg, &ch, &err) &&
	    !tu_svg_write_file(&svg, path, &err))
		rc = 0;
	else if (l->n_grpo > 0)
		cli_error("train: %s: %s", path, err.msg);
	else
		rc = 0;
	tu_svg_release(&svg);
	free(x);
	free(avg);
	return rc;
}

static int save(const char *dir, const char *name, const struct tu_mlp *m)
{
	struct tu_err err = TU_ERR_INIT;
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (tu_mlp_save(m, path, &err)) {
		cli_error("train: %s", err.msg);
		return 1;
	}
	printf("wrote %s\n", path);
	return 0;
}

static void report_stage(const char *what, double secs, uint64_t n,
			 const char *unit)
{
	fprintf(stderr, "tutor: train: %s: %.1f s", what, secs);
	if (n && secs > 0)
		fprintf(stderr, ", %llu %s, %.1f %s/s",
			(unsigned long long)n, unit, (double)n / secs, unit);
	fputc('\n', stderr);
}

static int train(const struct train_opts *o, const struct tu_course *course)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_agent_config tutor;
	struct tu_mlp sft, grpo;
	struct tu_train_log log;
	struct tu_progress pr = cli_progress();
	char path[4096];
	double t0 = now_s(), t1;
	int rc = 1;

	tu_agent_config_default(&tutor);
	tu_mlp_init(&sft);
	tu_mlp_init(&grpo);
	tu_train_log_init(&log);
	if (o->from_sft ? tu_path_model_load(&sft, o->from_sft, &err)
			: tu_train_sft(course, &tutor, &o->cfg, &sft, &log, &pr,
				       &err))
		goto out;
	cli_progress_done();
	t1 = now_s();
	if (!o->from_sft)
		report_stage("sft", t1 - t0, log.sft_decisions,
			     "demonstrations");
	if (tu_mlp_copy(&grpo, &sft, &err) ||
	    tu_train_grpo(course, &tutor, &o->cfg, &sft, &grpo, &log, &pr,
			  &err))
		goto out;
	cli_progress_done();
	report_stage("grpo", now_s() - t1, log.trajectories, "trajectories");
	if (mkdir(o->out, 0755) != 0 && errno != EEXIST) {
		cli_error("train: cannot create %s", o->out);
		goto out;
	}
	rc = save(o->out, "sft.model", &sft) | save(o->out, "grpo.model", &grpo);
	snprintf(path, sizeof(path), "%s/training.tsv", o->out);
	rc |= write_tsv(path, &log);
	snprintf(path, sizeof(path), "%s/training.svg", o->out);
	rc |= write_svg(path, &log);
	if (log.n_sft)
		printf("sft: %zu demonstrations, final loss %.4f, agreement "
		       "with the oracle %.3f\n", log.sft_decisions,
		       log.sft_loss[log.n_sft - 1], log.sft_acc[log.n_sft - 1]);
	if (log.n_grpo)
		printf("grpo: %zu iterations, reward %.3f -> %.3f, KL to SFT "
		       "%.4f\n", log.n_grpo, log.grpo_reward[0],
		       log.grpo_reward[log.n_grpo - 1],
		       log.grpo_kl[log.n_grpo - 1]);
out:
	cli_progress_done();
	if (err.code)
		cli_error("train: %s", err.msg);
	tu_train_log_release(&log);
	tu_mlp_release(&sft);
	tu_mlp_release(&grpo);
	return rc;
}

int cmd_train(int argc, char **argv)
{
	struct train_opts o;
	struct tu_course course;
	struct tu_err err = TU_ERR_INIT;
	int rc;

	if (argc < 2 || (strcmp(argv[1], "policy") && strcmp(argv[1], "-h") &&
			 strcmp(argv[1], "--help"))) {
		cli_error("train: expected 'tutor train policy'; see 'tutor "
			  "train --help'");
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "policy")) {
		train_usage(stdout);
		return 0;
	}
	memset(&o, 0, sizeof(o));
	tu_train_config_default(&o.cfg);
	o.cfg.threads = 2;
	o.out = "policy";
	rc = parse(argc - 1, argv + 1, &o);
	if (rc >= 0)
		return rc;
	tu_course_init(&course);
	if (tu_course_load(o.course ? o.course : cli_builtin_course(), &course,
			   &err)) {
		cli_error("train: %s", err.msg);
		return 1;
	}
	rc = train(&o, &course);
	tu_course_release(&course);
	return rc;
}
