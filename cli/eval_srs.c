/*
 * eval_srs.c - `tutor eval srs --revlog FILE [--split 0.8]
 * [--format table|json] [--plot FILE.svg]`: recall prediction of SM-2
 * (srs-benchmark and IntelliCode forms) and FSRS-6 (defaults, fitted on
 * the first part) on a review log, protocol of tutor/srs_eval.h; --plot
 * draws the four models' reliability diagram (tutor/plot.h).
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include "commands.h"
#include "tutor/plot.h"
#include "tutor/revlog.h"
#include "tutor/srs_eval.h"

static void usage(FILE *out)
{
	fputs("usage: tutor eval srs --revlog FILE [--split 0.8] "
	      "[--format table|json]\n"
	      "                     [--plot FILE.svg]\n\n"
	      "Splits the review log in time (the first --split of the reviews\n"
	      "fit FSRS-6, the rest are scored), replays every card's history\n"
	      "and scores test reviews that are not a card's first and come a\n"
	      "day or more after its previous review (day = floor((utc_ms - 9 h)\n"
	      "/ 1 day)).  Models: sm2-bench (R = 0.9^(t/ivl)), sm2-intellicode\n"
	      "(R = exp(-t/tau)), fsrs6-default, fsrs6-fitted.  Prints log loss,\n"
	      "RMSE(bins), AUC and n per model.\n\n"
	      "  --revlog FILE    CSV card_id,review_rating,review_time,"
	      "review_duration\n"
	      "  --split X        share of reviews used to fit, in (0,1); 0.8\n"
	      "  --format F       table (default) or json\n"
	      "  --plot FILE.svg  also draw predicted against observed recall\n"
	      "                   of the scored reviews for the four models\n"
	      "                   (10 equal-width bins, Wilson 95 % intervals,\n"
	      "                   bin counts below; AUC and ECE in the\n"
	      "                   legend) to FILE.svg, written atomically\n"
	      "  -h, --help       this text\n", out);
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void format_utc(int64_t ms, char *buf, size_t len)
{
	time_t s = (time_t)(ms / 1000);
	struct tm tm;

	gmtime_r(&s, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}

static void print_table(const char *path, const struct tu_srs_eval_result *r,
			double fit_s)
{
	char when[96], first[96];

	format_utc(r->last_train_ms, when, sizeof(when));
	format_utc(r->first_test_ms, first, sizeof(first));
	printf("review log  %s\n", path);
	printf("reviews     %zu (%zu cards); train %zu (last %s), test %zu "
	       "(first %s)\n", r->n_reviews, r->n_cards, r->n_train, when,
	       r->n_test, first);
	printf("scored      %zu (mean recall %.4f)\n\n", r->n_scored,
	       r->mean_recall);
	printf("%-16s %6s %9s %11s %7s %7s\n", "model", "n", "log_loss",
	       "rmse_bins", "auc", "mean_p");
	for (int m = 0; m < TU_SRS_N_MODELS; m++) {
		const struct tu_srs_model_score *s = &r->models[m];

		printf("%-16s %6zu %9.4f %11.4f %7.4f %7.4f\n", s->name, s->n,
		       s->log_loss, s->rmse_bins, s->auc, s->mean_p);
	}
	printf("\nfsrs fit    %zu counted reviews, loss %.4f -> %.4f "
	       "(best epoch %zu, %zu steps); eval %.2f s\n", r->fit.n_counted,
	       r->fit.loss_start, r->fit.loss_best, r->fit.best_epoch,
	       r->fit.steps, fit_s);
}

static json_t *num(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static void print_json(const char *path, const struct tu_srs_eval_result *r,
		       double split, double fit_s)
{
	json_t *root = json_object(), *models = json_object();
	json_t *w = json_array();

	for (int m = 0; m < TU_SRS_N_MODELS; m++) {
		const struct tu_srs_model_score *s = &r->models[m];

		json_object_set_new(models, s->name, json_pack(
			"{s:I, s:o, s:o, s:o, s:o}", "n", (json_int_t)s->n,
			"log_loss", num(s->log_loss), "rmse_bins",
			num(s->rmse_bins), "auc", num(s->auc), "mean_p",
			num(s->mean_p)));
	}
	for (int i = 0; i < TU_FSRS_NPARAMS; i++)
		json_array_append_new(w, json_real(r->fitted.w[i]));
	json_object_set_new(root, "revlog", json_string(path));
	json_object_set_new(root, "split", json_real(split));
	json_object_set_new(root, "reviews", json_integer((json_int_t)r->n_reviews));
	json_object_set_new(root, "train", json_integer((json_int_t)r->n_train));
	json_object_set_new(root, "test", json_integer((json_int_t)r->n_test));
	json_object_set_new(root, "scored", json_integer((json_int_t)r->n_scored));
	json_object_set_new(root, "mean_recall", num(r->mean_recall));
	json_object_set_new(root, "models", models);
	json_object_set_new(root, "fsrs_fitted_parameters", w);
	json_object_set_new(root, "eval_seconds", json_real(fit_s));
	json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(root);
}

struct opts {
	const char *revlog, *plot;
	double split;
	int json;
};

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

static int write_plot(const struct opts *o,
		      const struct tu_srs_eval_result *r)
{
	char label[TU_SRS_N_MODELS][128], title[TU_PLOT_MAX_LABEL + 1];
	struct tu_plot_model_bins m[TU_SRS_N_MODELS];
	struct tu_plot_reliability rel = { title, "predicted recall",
		"observed recall (Wilson 95 % interval)", m, TU_SRS_N_MODELS };
	struct tu_svg svg = TU_SVG_INIT;
	struct tu_err err = TU_ERR_INIT;
	enum tu_status st;

	snprintf(title, sizeof(title), "Recall reliability, %s (%zu scored)",
		 short_name(o->revlog), r->n_scored);
	for (int i = 0; i < TU_SRS_N_MODELS; i++) {
		const struct tu_srs_model_score *s = &r->models[i];

		snprintf(label[i], sizeof(label[i]), "%s: AUC %.4f, ECE %.4f",
			 s->name, s->auc, s->ece);
		m[i] = (struct tu_plot_model_bins){ label[i], s->calib,
						    TU_SRS_CALIB_BINS };
	}
	st = tu_plot_reliability(&svg, &rel, &err);
	if (st) {
		cli_error("%s: %s", o->plot, err.msg);
	} else if (tu_svg_write_file(&svg, o->plot, &err)) {
		cli_error("%s", err.msg);
		st = TU_EIO;
	}
	tu_svg_release(&svg);
	return st ? 1 : 0;
}

static int parse_split(const char *s, double *out)
{
	char *end;
	double x = strtod(s, &end);

	if (end == s || *end || !(x > 0.0 && x < 1.0))
		return -1;
	*out = x;
	return 0;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "revlog", required_argument, NULL, 'r' },
		{ "split", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "plot", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		} else if (c == 'r') {
			o->revlog = optarg;
		} else if (c == 'p') {
			o->plot = optarg;
		} else if (c == 's') {
			if (parse_split(optarg, &o->split)) {
				cli_error("eval srs: --split: expected a number "
					  "in (0,1), got '%s'", optarg);
				return EXIT_USAGE;
			}
		} else if (c == 'f' && (!strcmp(optarg, "table") ||
					!strcmp(optarg, "json"))) {
			o->json = !strcmp(optarg, "json");
		} else {
			cli_error("eval srs: bad option or value '%s'; see "
				  "'tutor eval srs --help'", argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind < argc || !o->revlog) {
		cli_error("eval srs: %s; see 'tutor eval srs --help'",
			  o->revlog ? "unexpected argument" : "--revlog FILE "
			  "is required");
		return EXIT_USAGE;
	}
	return -1;
}

int eval_srs_main(int argc, char **argv)
{
	struct opts o = { NULL, NULL, 0.8, 0 };
	struct tu_revlog log;
	struct tu_srs_eval_config cfg;
	struct tu_srs_eval_result res;
	struct tu_err err = TU_ERR_INIT;
	struct tu_progress p = cli_progress();
	int rc = parse_opts(argc, argv, &o);
	double t0;

	if (rc >= 0)
		return rc;
	tu_revlog_init(&log);
	if (tu_revlog_read_file(&log, o.revlog, &err)) {
		cli_error("%s", err.msg);
		return 1;
	}
	tu_srs_eval_config_init(&cfg);
	cfg.split = o.split;
	t0 = now_seconds();
	rc = tu_srs_eval(&log, &cfg, &res, &p, &err) ? 1 : 0;
	cli_progress_done();
	tu_revlog_release(&log);
	if (rc) {
		cli_error("%s: %s", o.revlog, err.msg);
		return 1;
	}
	if (o.json)
		print_json(o.revlog, &res, o.split, now_seconds() - t0);
	else
		print_table(o.revlog, &res, now_seconds() - t0);
	return o.plot ? write_plot(&o, &res) : 0;
}
