/*
 * fit_kt.c - `tutor fit bkt|bkt-forgets|logistic|intellicode`: fits a
 * learner model on a knowledge-tracing log and writes its parameters as
 * JSON (stdout, or -o FILE), with a one-line summary on stderr.  Also
 * holds the model helpers of cli/kt_cli.h used by `tutor eval
 * calibration`.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "commands.h"
#include "kt_cli.h"

static const char *const model_names[KT_N_MODELS] = {
	"intellicode", "bkt", "bkt-forgets", "logistic"
};

const char *kt_model_name(enum kt_model m)
{
	return model_names[m];
}

int kt_model_parse(const char *name, enum kt_model *out)
{
	for (int i = 0; i < KT_N_MODELS; i++)
		if (strcmp(name, model_names[i]) == 0) {
			*out = (enum kt_model)i;
			return 0;
		}
	return -1;
}

int kt_model_available(enum kt_model m)
{
	return m < KT_N_MODELS;
}

void kt_fit_opts_default(struct kt_fit_opts *o)
{
	o->restarts = 5;
	o->seed = 42;
	o->tol = 1e-3;
	o->maxiter = 100;
}

int kt_parse_uint(const char *s, unsigned long long lo,
		  unsigned long long hi, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int kt_parse_double(const char *s, double *out)
{
	char *end;
	double v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || v != v)
		return -1;
	*out = v;
	return 0;
}

void kt_fitted_init(struct kt_fitted *f)
{
	memset(f, 0, sizeof(*f));
	tu_bkt_model_init(&f->bkt);
	tu_kt_ic_model_init(&f->ic);
	tu_lr_model_init(&f->lr);
}

void kt_fitted_release(struct kt_fitted *f)
{
	tu_bkt_model_release(&f->bkt);
	tu_lr_model_release(&f->lr);
	kt_fitted_init(f);
}

double kt_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static enum tu_status fit_bkt(struct kt_fitted *f, int forgets,
			      const struct tu_ktlog *train,
			      const struct kt_fit_opts *o,
			      const struct tu_progress *p, struct tu_err *err)
{
	struct tu_bkt_config cfg;
	enum tu_status st;
	size_t degenerate = 0, converged = 0;

	tu_bkt_config_default(&cfg);
	cfg.forgets = forgets;
	cfg.restarts = o->restarts;
	cfg.seed = o->seed;
	cfg.tol = o->tol;
	cfg.maxiter = o->maxiter;
	st = tu_bkt_fit(&f->bkt, train, &cfg, p, err);
	if (st)
		return st;
	for (uint32_t k = 0; k < f->bkt.n_skills; k++) {
		degenerate += f->bkt.skills[k].fitted &&
			      f->bkt.skills[k].degenerate;
		converged += f->bkt.skills[k].fitted &&
			     f->bkt.skills[k].converged;
	}
	snprintf(f->summary, sizeof(f->summary),
		 "%zu skills fitted (%zu converged, %zu with guess+slip >= 1), "
		 "LL %.2f, %lu EM iterations", f->bkt.n_fitted, converged,
		 degenerate, f->bkt.ll, f->bkt.iterations);
	return TU_OK;
}

static enum tu_status fit_ic(struct kt_fitted *f,
			     const struct tu_ktlog *train,
			     const struct tu_progress *p, struct tu_err *err)
{
	enum tu_status st = tu_kt_ic_fit(&f->ic, train, p, err);

	if (st)
		return st;
	snprintf(f->summary, sizeof(f->summary),
		 "alpha %g, beta %g, init_m %g (best of %zu grid points), LL %.2f",
		 f->ic.cfg.alpha, f->ic.cfg.beta, f->ic.cfg.init_m,
		 f->ic.grid_points, f->ic.train_ll);
	return TU_OK;
}

static enum tu_status fit_lr(struct kt_fitted *f,
			     const struct tu_ktlog *train,
			     const struct tu_progress *p, struct tu_err *err)
{
	struct tu_lr_config cfg;
	enum tu_status st;

	tu_lr_config_default(&cfg);
	st = tu_lr_fit(&f->lr, train, &cfg, p, err);
	if (st)
		return st;
	snprintf(f->summary, sizeof(f->summary),
		 "%zu weights, default features", f->lr.dim);
	return TU_OK;
}

enum tu_status kt_fit(struct kt_fitted *f, enum kt_model kind,
		      const struct tu_ktlog *train,
		      const struct kt_fit_opts *o, struct tu_err *err)
{
	struct tu_progress p = cli_progress();
	double t0 = kt_now();
	enum tu_status st = TU_EINVAL;

	f->kind = kind;
	if (kind == KT_BKT || kind == KT_BKT_FORGETS)
		st = fit_bkt(f, kind == KT_BKT_FORGETS, train, o, &p, err);
	else if (kind == KT_IC)
		st = fit_ic(f, train, &p, err);
	else if (kind == KT_LR)
		st = fit_lr(f, train, &p, err);
	cli_progress_done();
	f->fit_s = kt_now() - t0;
	return st;
}

enum tu_status kt_predict(const struct kt_fitted *f,
			  const struct tu_ktlog *log, double *p,
			  struct tu_err *err)
{
	switch (f->kind) {
	case KT_BKT:
	case KT_BKT_FORGETS:
		return tu_bkt_predict(&f->bkt, log, p, err);
	case KT_IC:
		return tu_kt_ic_predict(&f->ic, log, p, err);
	case KT_LR:
		return tu_lr_predict(&f->lr, log, p, err);
	case KT_N_MODELS:
		break;
	}
	return tu_err_set(err, TU_ENOTFOUND, "model not available");
}

enum tu_status kt_to_json(const struct kt_fitted *f, char **out,
			  struct tu_err *err)
{
	switch (f->kind) {
	case KT_BKT:
	case KT_BKT_FORGETS:
		return tu_bkt_model_to_json(&f->bkt, out, err);
	case KT_IC:
		return tu_kt_ic_model_to_json(&f->ic, out, err);
	case KT_LR:
		return tu_lr_model_to_json(&f->lr, out, err);
	case KT_N_MODELS:
		break;
	}
	*out = NULL;
	return tu_err_set(err, TU_ENOTFOUND, "model not available");
}

/* ---- tutor fit <kt model> ---- */

static void usage(FILE *out, const char *model)
{
	fprintf(out,
		"usage: tutor fit %s --train FILE [options]\n\n"
		"Fits the %s learner model on a knowledge-tracing log (TSV:\n"
		"user_id item_id timestamp correct skill_id) and writes its\n"
		"parameters as JSON to stdout or FILE; a summary goes to stderr.\n\n"
		"options:\n"
		"  --train FILE     training log (required)\n"
		"  -o, --output F   write the JSON to F instead of stdout\n"
		"  --restarts N     EM random restarts per skill (bkt; default 5)\n"
		"  --seed S         seed of the restarts (default 42)\n"
		"  --tol X          EM stop when |dLL| < X (default 1e-3)\n"
		"  --maxiter N      EM iterations per restart (default 100)\n"
		"  -h, --help       show this help\n",
		model, model);
}

struct fit_args {
	const char *train, *output;
	struct kt_fit_opts fo;
};

/* Parses the options of one numeric flag; -1 on a bad value. */
static int set_num(struct kt_fit_opts *fo, int c, const char *arg)
{
	unsigned long long v = 0;

	if (c == 't')
		return kt_parse_double(arg, &fo->tol) || fo->tol < 0 ? -1 : 0;
	if (c == 'r' && !kt_parse_uint(arg, 1, 1000, &v))
		fo->restarts = (unsigned)v;
	else if (c == 'm' && !kt_parse_uint(arg, 1, 100000, &v))
		fo->maxiter = (unsigned)v;
	else if (c == 's' && !kt_parse_uint(arg, 0, UINT64_MAX, &v))
		fo->seed = v;
	else
		return -1;
	return 0;
}

/* Returns -1 to continue, else the exit status. */
static int parse_args(int argc, char **argv, struct fit_args *a)
{
	static const struct option lo[] = {
		{ "train", required_argument, NULL, 'T' },
		{ "output", required_argument, NULL, 'o' },
		{ "restarts", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 's' },
		{ "tol", required_argument, NULL, 't' },
		{ "maxiter", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "ho:", lo, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout, argv[0]);
			return 0;
		} else if (c == 'T') {
			a->train = optarg;
		} else if (c == 'o') {
			a->output = optarg;
		} else if (c == '?' || set_num(&a->fo, c, optarg)) {
			cli_error("fit %s: bad or unknown option '%s'; see 'tutor fit %s --help'",
				  argv[0], argv[optind - 1], argv[0]);
			return EXIT_USAGE;
		}
	}
	if (optind < argc || !a->train) {
		cli_error("fit %s: %s; see 'tutor fit %s --help'", argv[0],
			  a->train ? "unexpected argument" : "--train is required",
			  argv[0]);
		return EXIT_USAGE;
	}
	return -1;
}

static int write_json(const char *path, const char *json)
{
	FILE *f = path ? fopen(path, "w") : stdout;

	if (!f) {
		cli_error("%s: %s", path, strerror(errno));
		return 1;
	}
	fputs(json, f);
	fputc('\n', f);
	if ((path ? fclose(f) : fflush(f)) != 0) {
		cli_error("%s: write failed", path ? path : "stdout");
		return 1;
	}
	return 0;
}

static int run_fit(enum kt_model kind, const struct fit_args *a)
{
	struct tu_ktlog train;
	struct kt_fitted f;
	struct tu_err err = TU_ERR_INIT;
	char *json = NULL;
	int rc = 1;

	tu_ktlog_init(&train);
	kt_fitted_init(&f);
	if (tu_ktlog_read_file(&train, a->train, &err) ||
	    kt_fit(&f, kind, &train, &a->fo, &err) ||
	    kt_to_json(&f, &json, &err)) {
		cli_error("%s", err.msg);
	} else {
		fprintf(stderr, "tutor: fit %s: %zu rows: %s; %.2f s\n",
			kt_model_name(kind), train.n, f.summary, f.fit_s);
		rc = write_json(a->output, json);
	}
	free(json);
	kt_fitted_release(&f);
	tu_ktlog_release(&train);
	return rc;
}

int fit_kt_main(int argc, char **argv)
{
	struct fit_args a = { NULL, NULL, { 0, 0, 0, 0 } };
	enum kt_model kind;
	int rc;

	kt_fit_opts_default(&a.fo);
	if (kt_model_parse(argv[0], &kind)) {
		cli_error("fit: unknown model '%s'", argv[0]);
		return EXIT_USAGE;
	}
	rc = parse_args(argc, argv, &a);
	if (rc >= 0)
		return rc;
	if (!kt_model_available(kind)) {
		cli_error("fit %s: this build has no %s model", argv[0],
			  argv[0]);
		return 1;
	}
	return run_fit(kind, &a);
}
