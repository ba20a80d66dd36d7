/*
 * cmd_eval.c - `tutor eval calibration|srs|suite|path|plans|<experiment> ...`.
 */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "tutor/simeval.h"

static void eval_usage(FILE *out)
{
	fputs("usage: tutor eval <what> [options]\n\n"
	      "  calibration   fit learner models on --train, score --test one\n"
	      "                step ahead: AUC, Brier, ECE, log loss, RMSE\n"
	      "  srs           SM-2 against FSRS-6 on a review log, time split\n"
	      "  suite         simulated cohorts: all eight experiments below,\n"
	      "                with 95 % intervals over seeds and a report\n"
	      "  gain, hints, coverage, policies, model, recall, fairness,\n"
	      "  ablations     one simulated-cohort experiment\n"
	      "  path          learning-path policies: retrieval, curator,\n"
	      "                SFT and SFT+GRPO (docs/policy.md)\n"
	      "  plans         study plans: which rules MAP-PPL's gold plans\n"
	      "                break, their shape and scores (docs/plans.md)\n\n"
	      "Run 'tutor eval <what> --help' for options.\n", out);
}

int cmd_eval(int argc, char **argv)
{
	enum tu_simeval_exp e;

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
	if (strcmp(argv[1], "path") == 0)
		return eval_path_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "plans") == 0)
		return eval_plans_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "suite") == 0 ||
	    tu_simeval_exp_parse(argv[1], &e))
		return eval_sim_main(argc - 1, argv + 1);
	cli_error("eval: unknown evaluation '%s'; see 'tutor eval --help'",
		  argv[1]);
	return EXIT_USAGE;
}
