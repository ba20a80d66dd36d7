/*
 * cmd_fit.c - `tutor fit MODEL ...`: dispatches to the learner-model
 * fitters (cli/fit_kt.c) and the FSRS fitter (cli/fit_fsrs.c).
 */
#include <stdio.h>
#include <string.h>
#include "commands.h"

static void fit_usage(FILE *out)
{
	fputs("usage: tutor fit <model> [options]\n\n"
	      "models:\n"
	      "  bkt           Bayesian Knowledge Tracing, EM per skill\n"
	      "  bkt-forgets   BKT with a forget parameter\n"
	      "  logistic      logistic model (Best-LR style features), L-BFGS\n"
	      "  intellicode   IntelliCode rule, step sizes by grid search\n"
	      "  fsrs          FSRS-6 parameters from a review log\n\n"
	      "Run 'tutor fit <model> --help' for the model's options.\n",
	      out);
}

int cmd_fit(int argc, char **argv)
{
	const char *model;

	if (argc < 2) {
		fit_usage(stderr);
		return EXIT_USAGE;
	}
	model = argv[1];
	if (strcmp(model, "--help") == 0 || strcmp(model, "-h") == 0) {
		fit_usage(stdout);
		return 0;
	}
	if (strcmp(model, "fsrs") == 0)
		return fit_fsrs_main(argc - 1, argv + 1);
	if (strcmp(model, "bkt") == 0 || strcmp(model, "bkt-forgets") == 0 ||
	    strcmp(model, "logistic") == 0 ||
	    strcmp(model, "intellicode") == 0)
		return fit_kt_main(argc - 1, argv + 1);
	cli_error("fit: unknown model '%s'; see 'tutor fit --help'", model);
	return EXIT_USAGE;
}
