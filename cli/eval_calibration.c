/*
 * eval_calibration.c - `tutor eval calibration`: fits each learner model
 * on --train, predicts every --test response one step ahead (before it is
 * seen, state updated after) and prints the pooled metrics of
 * tutor/metrics.h per model, as an aligned table or JSON; --plot also
 * draws every model's reliability diagram into one SVG (tutor/plot.h).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commands.h"
#include "kt_cli.h"
#include "tutor/metrics.h"
#include "tutor/plot.h"

struct eval_args {
	const char *train, *test, *models, *format, *pred, *plot;
	struct kt_fit_opts fo;
	int json;
	int want[KT_N_MODELS];
};

struct eval_result {
	enum kt_model kind;
	struct tu_calib_report rep;
	double fit_s;
	double *p;
};

static void usage(FILE *out)
{
	fputs("usage: tutor eval calibration --train FILE --test FILE [options]\n\n"
	      "Fits each model on --train, then predicts every --test response\n"
	      "before it is seen (state updated after it) and prints, per\n"
	      "model, n, AUC, Brier, ECE (10 equal-width bins), log loss\n"
	      "(eps 1e-15), RMSE, accuracy (p >= 0.5) and fit seconds.\n\n"
	      "options:\n"
	      "  --train FILE        training log (TSV: user_id item_id\n"
	      "                      timestamp correct skill_id)\n"
	      "  --test FILE         test log, same format\n"
	      "  --models LIST       comma list of intellicode,bkt,bkt-forgets,\n"
	      "                      logistic (default: all this build has)\n"
	      "  --restarts N        BKT EM restarts per skill (default 5)\n"
	      "  --seed S            seed (default 42)\n"
	      "  --tol X             BKT EM tolerance (default 1e-3)\n"
	      "  --maxiter N         BKT EM iterations (default 100)\n"
	      "  --format table|json output format (default table)\n"
	      "  --predictions OUT   write row, model, p, y as TSV to OUT\n"
	      "  --plot FILE.svg     also draw a reliability diagram of every\n"
	      "                      model (10 equal-width bins, Wilson 95 %\n"
	      "                      intervals, bin counts below; AUC and ECE\n"
	      "                      in the legend) to FILE.svg, written\n"
	      "                      atomically\n"
	      "  -h, --help          show this help\n", out);
}

/* Parses the comma list into a->want; -1 on an unknown name. */
static int parse_models(struct eval_args *a)
{
	char buf[256], *tok, *save = NULL;
	enum kt_model m;

	if (!a->models) {
		for (int i = 0; i < KT_N_MODELS; i++)
			a->want[i] = kt_model_available((enum kt_model)i);
		return 0;
	}
	if (snprintf(buf, sizeof(buf), "%s", a->models) >= (int)sizeof(buf))
		return -1;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (kt_model_parse(tok, &m)) {
			cli_error("eval calibration: unknown model '%s' (expected intellicode, bkt, bkt-forgets, logistic)",
				  tok);
			return -1;
		}
		a->want[m] = 1;
	}
	return 0;
}

static int set_opt(struct eval_args *a, int c, const char *arg)
{
	unsigned long long v = 0;

	switch (c) {
	case 'T': a->train = arg; return 0;
	case 'E': a->test = arg; return 0;
	case 'M': a->models = arg; return 0;
	case 'F': a->format = arg; return 0;
	case 'P': a->pred = arg; return 0;
	case 'G': a->plot = arg; return 0;
	case 't':
		return kt_parse_double(arg, &a->fo.tol) || a->fo.tol < 0 ? -1 : 0;
	case 'r':
		if (kt_parse_uint(arg, 1, 1000, &v))
			return -1;
		a->fo.restarts = (unsigned)v;
		return 0;
	case 'm':
		if (kt_parse_uint(arg, 1, 100000, &v))
			return -1;
		a->fo.maxiter = (unsigned)v;
		return 0;
	case 's':
		if (kt_parse_uint(arg, 0, UINT64_MAX, &v))
			return -1;
		a->fo.seed = v;
		return 0;
	}
	return -1;
}

static int check_args(struct eval_args *a)
{
	if (!a->train || !a->test) {
		cli_error("eval calibration: --train and --test are required; see 'tutor eval calibration --help'");
		return EXIT_USAGE;
	}
	if (a->format && strcmp(a->format, "table") &&
	    strcmp(a->format, "json")) {
		cli_error("eval calibration: --format must be table or json, got '%s'",
			  a->format);
		return EXIT_USAGE;
	}
	a->json = a->format && strcmp(a->format, "json") == 0;
	if (parse_models(a))
		return EXIT_USAGE;
	for (int i = 0; i < KT_N_MODELS; i++)
		if (a->want[i] && !kt_model_available((enum kt_model)i)) {
			cli_error("eval calibration: this build has no %s model",
				  kt_model_name((enum kt_model)i));
			return 1;
		}
	return -1;
}

/* Returns -1 to continue, else the exit status. */
static int parse_args(int argc, char **argv, struct eval_args *a)
{
	static const struct option lo[] = {
		{ "train", required_argument, NULL, 'T' },
		{ "test", required_argument, NULL, 'E' },
		{ "models", required_argument, NULL, 'M' },
		{ "format", required_argument, NULL, 'F' },
		{ "predictions", required_argument, NULL, 'P' },
		{ "plot", required_argument, NULL, 'G' },
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
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		if (c == '?' || set_opt(a, c, optarg)) {
			cli_error("eval calibration: bad or unknown option '%s'; see 'tutor eval calibration --help'",
				  argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("eval calibration: unexpected argument '%s'",
			  argv[optind]);
		return EXIT_USAGE;
	}
	return check_args(a);
}

static enum tu_status run_one(enum kt_model kind, const struct tu_ktlog *train,
			      const struct tu_ktlog *test, const int *y,
			      const struct kt_fit_opts *fo,
			      struct eval_result *r, struct tu_err *err)
{
	struct kt_fitted f;
	enum tu_status st;

	kt_fitted_init(&f);
	r->kind = kind;
	r->p = malloc((test->n ? test->n : 1) * sizeof(double));
	if (!r->p)
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	st = kt_fit(&f, kind, train, fo, err);
	if (!st)
		st = kt_predict(&f, test, r->p, err);
	if (!st)
		st = tu_metric_report(r->p, y, test->n, &r->rep, err);
	r->fit_s = f.fit_s;
	if (!st)
		fprintf(stderr, "tutor: %s: %s; fit %.2f s\n",
			kt_model_name(kind), f.summary, f.fit_s);
	kt_fitted_release(&f);
	return st;
}

static void print_table(const struct eval_result *r, size_t n)
{
	printf("%-12s %8s %7s %7s %7s %8s %7s %7s %8s\n", "model", "n", "AUC",
	       "Brier", "ECE", "logloss", "RMSE", "acc", "fit_s");
	for (size_t i = 0; i < n; i++)
		printf("%-12s %8zu %7.4f %7.4f %7.4f %8.4f %7.4f %7.4f %8.2f\n",
		       kt_model_name(r[i].kind), r[i].rep.n, r[i].rep.auc,
		       r[i].rep.brier, r[i].rep.ece, r[i].rep.log_loss,
		       r[i].rep.rmse, r[i].rep.accuracy, r[i].fit_s);
}

static void print_num(const char *key, double v, const char *sep)
{
	if (isfinite(v))
		printf("\"%s\": %.6f%s", key, v, sep);
	else
		printf("\"%s\": null%s", key, sep);
}

/* Prints s as a JSON string literal. */
static void print_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void print_json(const struct eval_args *a, const struct eval_result *r,
		       size_t n)
{
	printf("{\"train\": ");
	print_str(a->train);
	printf(", \"test\": ");
	print_str(a->test);
	printf(", \"ece_bins\": %d, \"models\": [", TU_ECE_BINS);
	for (size_t i = 0; i < n; i++) {
		printf("%s\n {\"model\": \"%s\", \"n\": %zu, ", i ? "," : "",
		       kt_model_name(r[i].kind), r[i].rep.n);
		print_num("auc", r[i].rep.auc, ", ");
		print_num("brier", r[i].rep.brier, ", ");
		print_num("ece", r[i].rep.ece, ", ");
		print_num("log_loss", r[i].rep.log_loss, ", ");
		print_num("rmse", r[i].rep.rmse, ", ");
		print_num("accuracy", r[i].rep.accuracy, ", ");
		print_num("mean_p", r[i].rep.mean_p, ", ");
		print_num("mean_y", r[i].rep.mean_y, ", ");
		print_num("fit_seconds", r[i].fit_s, "}");
	}
	printf("\n]}\n");
}

static int write_predictions(const char *path, const struct eval_result *r,
			     size_t n, const int *y, size_t rows)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		cli_error("%s: %s", path, strerror(errno));
		return 1;
	}
	fputs("row\tmodel\tp\ty\n", f);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < rows; j++)
			fprintf(f, "%zu\t%s\t%.6f\t%d\n", j,
				kt_model_name(r[i].kind), r[i].p[j], y[j]);
	if (fclose(f) != 0) {
		cli_error("%s: write failed", path);
		return 1;
	}
	return 0;
}

/* The last two components of path ("dir/file"), or path itself. */
static const char *short_name(const char *path)
{
	const char *p = path + strlen(path);
	int slashes = 0;

	while (p > path)
		if (*--p == '/' && ++slashes == 2)
			return p + 1;
	return path;
}

static int write_plot(const struct eval_args *a, const struct eval_result *r,
		      size_t n, const int *y, size_t rows)
{
	struct tu_reliability_bin bins[KT_N_MODELS][TU_ECE_BINS];
	char label[KT_N_MODELS][128], title[TU_PLOT_MAX_LABEL + 1];
	struct tu_plot_model_bins m[KT_N_MODELS];
	struct tu_plot_reliability rel = { title, NULL, NULL, m, n };
	struct tu_svg svg = TU_SVG_INIT;
	struct tu_err err = TU_ERR_INIT;
	enum tu_status st = TU_OK;

	snprintf(title, sizeof(title), "Reliability, %s",
		 short_name(a->test));
	for (size_t i = 0; i < n && !st; i++) {
		st = tu_metric_reliability(r[i].p, y, rows, TU_ECE_BINS,
					   bins[i], &err);
		snprintf(label[i], sizeof(label[i]), "%s: AUC %.4f, ECE %.4f",
			 kt_model_name(r[i].kind), r[i].rep.auc, r[i].rep.ece);
		m[i] = (struct tu_plot_model_bins){ label[i], bins[i],
						    TU_ECE_BINS };
	}
	if (!st)
		st = tu_plot_reliability(&svg, &rel, &err);
	if (st) {
		cli_error("%s: %s", a->plot, err.msg);
	} else if (tu_svg_write_file(&svg, a->plot, &err)) {
		cli_error("%s", err.msg);
		st = TU_EIO;
	}
	tu_svg_release(&svg);
	return st ? 1 : 0;
}

static int run_all(const struct eval_args *a, const struct tu_ktlog *train,
		   const struct tu_ktlog *test, const int *y)
{
	struct eval_result r[KT_N_MODELS];
	struct tu_err err = TU_ERR_INIT;
	size_t n = 0;
	int rc = 0;

	memset(r, 0, sizeof(r));
	for (int i = 0; i < KT_N_MODELS && !rc; i++) {
		if (!a->want[i])
			continue;
		if (run_one((enum kt_model)i, train, test, y, &a->fo, &r[n++],
			    &err)) {
			cli_error("%s: %s", kt_model_name((enum kt_model)i),
				  err.msg);
			rc = 1;
		}
	}
	if (!rc && a->json)
		print_json(a, r, n);
	else if (!rc)
		print_table(r, n);
	if (!rc && a->pred)
		rc = write_predictions(a->pred, r, n, y, test->n);
	if (!rc && a->plot)
		rc = write_plot(a, r, n, y, test->n);
	for (size_t i = 0; i < n; i++)
		free(r[i].p);
	return rc;
}

static int load(const struct eval_args *a, struct tu_ktlog *train,
		struct tu_ktlog *test, int **y)
{
	struct tu_err err = TU_ERR_INIT;

	if (tu_ktlog_read_file(train, a->train, &err) ||
	    tu_ktlog_read_file(test, a->test, &err)) {
		cli_error("%s", err.msg);
		return 1;
	}
	*y = malloc(test->n * sizeof(int));
	if (!*y) {
		cli_error("out of memory");
		return 1;
	}
	for (size_t i = 0; i < test->n; i++)
		(*y)[i] = test->rows[i].correct;
	return 0;
}

int eval_calibration_main(int argc, char **argv)
{
	struct eval_args a;
	struct tu_ktlog train, test;
	int *y = NULL;
	int rc;

	memset(&a, 0, sizeof(a));
	kt_fit_opts_default(&a.fo);
	rc = parse_args(argc, argv, &a);
	if (rc >= 0)
		return rc;
	tu_ktlog_init(&train);
	tu_ktlog_init(&test);
	rc = load(&a, &train, &test, &y);
	if (!rc)
		rc = run_all(&a, &train, &test, y);
	free(y);
	tu_ktlog_release(&train);
	tu_ktlog_release(&test);
	return rc;
}
