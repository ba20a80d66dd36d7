/*
 * cmd_eval.c - `tutor eval calibration|srs ...`.
 */
#include <stdio.h>
#include <string.h>
#include "commands.h"

static void eval_usage(FILE *out)
{
	fputs("usage: tutor eval <what> [options]\n\n"
	      "  calibration   fit learner models on --train, score --test one\n"
	      "                step ahead: AUC, Brier, ECE, log loss, RMSE\n"
	      "  srs           SM-2 against FSRS-6 on a review log, time split\n\n"
	      "Run 'tutor eval <what> --help' for options.\n", out);
}

int cmd_eval(int argc, char **argv)
{
	if (argc < 2) {
		eval_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		eval_usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "calibration") == 0)
		return eval_calibration_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "srs") == 0)
		return eval_srs_main(argc - 1, argv + 1);
	cli_error("eval: unknown evaluation '%s'; see 'tutor eval --help'",
		  argv[1]);
	return EXIT_USAGE;
}
