/*
 * main.c - the `tutor` program: a git-style table of subcommands.
 *
 * Only dispatch lives here; every subcommand is in its own cli/cmd_*.c.
 */
#include <stdio.h>
#include <string.h>
#include "commands.h"

#ifndef TUTOR_VERSION
#define TUTOR_VERSION "unknown"
#endif

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static int cmd_version(int argc, char **argv);
static int cmd_help(int argc, char **argv);

static const struct command commands[] = {
	{ "init", cmd_init, "create the store and register a course" },
	{ "learner", cmd_learner, "add, list and switch learners; preferences" },
	{ "learn", cmd_learn, "an interactive learning session in the terminal" },
	{ "next", cmd_next, "what to work on next (on_session_check)" },
	{ "submit", cmd_submit, "judge a file and record the submission" },
	{ "hint", cmd_hint, "the next hint on the current problem" },
	{ "ask", cmd_ask, "ask the tutor a question (no solutions given)" },
	{ "goals", cmd_goals, "state your goals in your own words; show them" },
	{ "reviews", cmd_reviews, "the review queue; --trigger runs on_review_due" },
	{ "daily", cmd_daily, "generate the day's problem set" },
	{ "state", cmd_state, "show the learner state, its history, replay it" },
	{ "export", cmd_export, "export events as ProgSnap2 or xAPI" },
	{ "fit", cmd_fit, "fit learner-model or scheduler parameters from a log" },
	{ "sim", cmd_sim, "simulated learners through the orchestrator" },
	{ "train", cmd_train, "train the next-action policy (SFT, then GRPO)" },
	{ "plan", cmd_plan, "study plans (PersonalPlan): make, validate, run" },
	{ "eval", cmd_eval, "evaluate models: held-out logs, simulated cohorts" },
	{ "content", cmd_content, "check a course; import outside content" },
	{ "judge", cmd_judge, "judge a submission against a problem's tests" },
	{ "llm", cmd_llm, "the LLM connection: status and a test call" },
	{ "serve", cmd_serve, "serve the HTTP API and the web UI" },
	{ "account", cmd_account, "accounts of tutor serve: add, list, passwd" },
	{ "backup", cmd_backup, "back up or restore a SQLite store (online)" },
	{ "version", cmd_version, "print the version" },
	{ "help", cmd_help, "show help for a command" },
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	fputs("usage: tutor <command> [options]\n\ncommands:\n", out);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-9s %s\n", commands[i].name,
			commands[i].summary);
	fputs("\nRun 'tutor <command> --help' for a command's options.\n"
	      "Documentation: docs/cli.md\n", out);
}

static const struct command *find(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("tutor %s\n", TUTOR_VERSION);
	return 0;
}

static int cmd_help(int argc, char **argv)
{
	static char help_flag[] = "--help";
	const struct command *c;
	char *help_argv[] = { NULL, help_flag, NULL };

	if (argc < 2) {
		usage(stdout);
		return 0;
	}
	c = find(argv[1]);
	if (!c) {
		cli_error("unknown command '%s'; see 'tutor help'", argv[1]);
		return EXIT_USAGE;
	}
	help_argv[0] = argv[1];
	return c->fn(2, help_argv);
}

int main(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(0, NULL);
	c = find(argv[1]);
	if (!c) {
		cli_error("unknown command '%s'; see 'tutor --help'", argv[1]);
		return EXIT_USAGE;
	}
	return c->fn(argc - 1, argv + 1);
}
