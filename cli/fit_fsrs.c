/*
 * fit_fsrs.c - `tutor fit fsrs --revlog FILE [-o params.json]`: FSRS-6
 * parameters from a review log with the py-fsrs optimizer recipe.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include "commands.h"
#include "tutor/fsrs.h"
#include "tutor/revlog.h"

static void usage(FILE *out)
{
	fputs("usage: tutor fit fsrs --revlog FILE [-o params.json] "
	      "[--day-rule 24h|rollover]\n\n"
	      "Fits the 21 FSRS-6 parameters to a review log: cards' first 64\n"
	      "reviews, loss = BCE on reviews a day or more after the card's\n"
	      "previous one, Adam lr 0.04, batches of 512, cosine annealing,\n"
	      "5 epochs, seed 42, best epoch kept (docs/srs.md).\n\n"
	      "  --revlog FILE     CSV card_id,review_rating,review_time,"
	      "review_duration\n"
	      "  -o, --output F    write the JSON there (default: stdout)\n"
	      "  --day-rule R      24h: whole 24 h periods as py-fsrs "
	      "(default);\n"
	      "                    rollover: calendar days, 4 am at UTC-5\n"
	      "  -h, --help        this text\n", out);
}

struct opts {
	const char *revlog;
	const char *output;
	enum tu_day_rule rule;
};

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "revlog", required_argument, NULL, 'r' },
		{ "output", required_argument, NULL, 'o' },
		{ "day-rule", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		} else if (c == 'r') {
			o->revlog = optarg;
		} else if (c == 'o') {
			o->output = optarg;
		} else if (c == 'd' && !strcmp(optarg, "24h")) {
			o->rule = TU_DAYS_24H;
		} else if (c == 'd' && !strcmp(optarg, "rollover")) {
			o->rule = TU_DAYS_ROLLOVER;
		} else {
			cli_error("fit fsrs: bad option or value '%s'; see "
				  "'tutor fit fsrs --help'", argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind < argc || !o->revlog) {
		cli_error("fit fsrs: %s; see 'tutor fit fsrs --help'",
			  o->revlog ? "unexpected argument" : "--revlog FILE "
			  "is required");
		return EXIT_USAGE;
	}
	return -1;
}

static json_t *result_json(const struct tu_fsrs_params *w,
			   const struct tu_fsrs_fit_report *rep, size_t n)
{
	json_t *arr = json_array();

	for (int i = 0; i < TU_FSRS_NPARAMS; i++)
		json_array_append_new(arr, json_real(w->w[i]));
	return json_pack("{s:s, s:o, s:I, s:I, s:f, s:f, s:I}", "model",
			 "fsrs-6", "parameters", arr, "reviews",
			 (json_int_t)n, "counted_reviews",
			 (json_int_t)rep->n_counted, "loss_default",
			 rep->loss_start, "loss_fitted", rep->loss_best,
			 "best_epoch", (json_int_t)rep->best_epoch);
}

static int write_json(json_t *j, const char *path)
{
	int rc;

	if (!path) {
		rc = json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		return rc;
	}
	rc = json_dump_file(j, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (rc)
		cli_error("%s: cannot write", path);
	return rc;
}

static int fit(const struct opts *o, const struct tu_revlog *log,
	       struct tu_err *err)
{
	struct tu_fsrs_dataset ds;
	struct tu_fsrs_fit_config cfg;
	struct tu_fsrs_fit_report rep;
	struct tu_fsrs_params def, out;
	struct tu_progress p = cli_progress();
	size_t *order = tu_revlog_time_order(log);
	json_t *j;
	int rc = 1;

	tu_fsrs_dataset_init(&ds);
	tu_fsrs_params_default(&def);
	tu_fsrs_fit_config_init(&cfg);
	if (!order)
		tu_err_set(err, TU_ENOMEM, "out of memory");
	else if (!tu_fsrs_dataset_from_revlog(&ds, log, order, log->n,
					      o->rule, 9LL * 3600000LL, 64,
					      err) &&
		 !tu_fsrs_fit(&ds, &cfg, &def, &out, &rep, &p, err))
		rc = 0;
	cli_progress_done();
	free(order);
	tu_fsrs_dataset_release(&ds);
	if (rc)
		return 1;
	j = result_json(&out, &rep, log->n);
	rc = write_json(j, o->output) ? 1 : 0;
	json_decref(j);
	if (!rc && o->output)
		printf("%s: %zu counted reviews, loss %.4f (defaults) -> "
		       "%.4f (fitted)\n", o->output, rep.n_counted,
		       rep.loss_start, rep.loss_best);
	return rc;
}

int fit_fsrs_main(int argc, char **argv)
{
	struct opts o = { NULL, NULL, TU_DAYS_24H };
	struct tu_revlog log;
	struct tu_err err = TU_ERR_INIT;
	int rc = parse_opts(argc, argv, &o);

	if (rc >= 0)
		return rc;
	tu_revlog_init(&log);
	if (tu_revlog_read_file(&log, o.revlog, &err)) {
		cli_error("%s", err.msg);
		return 1;
	}
	rc = fit(&o, &log, &err);
	if (rc && err.code)
		cli_error("%s: %s", o.revlog, err.msg);
	tu_revlog_release(&log);
	return rc;
}
