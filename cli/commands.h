/*
 * commands.h - the subcommands of the `tutor` program.
 *
 * Each cmd_* takes argv with argv[0] = the subcommand name and returns the
 * process exit status (0 ok, 1 failure, 2 usage error).  The CLI is thin:
 * it parses options, calls libtutor, prints.
 */
#ifndef TUTOR_CLI_COMMANDS_H
#define TUTOR_CLI_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "tutor/progress.h"

#define EXIT_USAGE 2

int cmd_fit(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_judge(int argc, char **argv);
int cmd_sim(int argc, char **argv);      /* cmd_sim.c */
int cmd_train(int argc, char **argv);    /* cmd_train.c */
int cmd_plan(int argc, char **argv);     /* cmd_plan.c */
/* `tutor plan run|status|list|abandon` (cli/cmd_plan_run.c): whether
 * name is one of them, and the subcommand with argv[0] = its name. */
bool plan_run_sub(const char *name);
int plan_run_main(int argc, char **argv);

/* `tutor fit bkt|bkt-forgets|logistic|intellicode ...` (cli/fit_kt.c). */
int fit_kt_main(int argc, char **argv);
/* `tutor fit fsrs ...` (cli/fit_fsrs.c). */
int fit_fsrs_main(int argc, char **argv);
/* `tutor eval calibration ...` (cli/eval_calibration.c). */
int eval_calibration_main(int argc, char **argv);
/* `tutor eval srs ...` (cli/eval_srs.c). */
int eval_srs_main(int argc, char **argv);
/* `tutor eval path ...` (cli/eval_path.c). */
int eval_path_main(int argc, char **argv);
/* `tutor eval plans ...` (cli/cmd_plan.c). */
int eval_plans_main(int argc, char **argv);
/* `tutor eval suite|gain|...` (cli/eval_sim.c); argv[0] = the name. */
int eval_sim_main(int argc, char **argv);

/*
 * Terminal progress (cli/progress.c): a tu_progress whose callback redraws
 * one line on stderr when stderr is a terminal or TUTOR_PROGRESS=1, and is
 * silent otherwise.  cli_progress_done ends the line.
 */
struct tu_progress cli_progress(void);
void cli_progress_done(void);

struct tu_judge_result;
/* Judge helpers shared by `tutor judge` and `tutor submit`
 * (cli/cmd_judge.c): read a source file (at most TU_JUDGE_MAX_SOURCE + 1
 * bytes, NULL and an error printed on failure; free()), print a verdict
 * with per-test lines, and print a judge error as FILE:LINE: why. */
char *cli_read_source(const char *path, size_t *len);
void cli_print_judge(const struct tu_judge_result *r, const char *id,
		     bool show_hidden);
void cli_source_error(const char *file, const char *msg);

int cmd_init(int argc, char **argv);
struct tu_store;
struct tu_course;
/* Records course c in store s as its course (cmd_init.c); 1 and an error
 * printed on failure. */
int cli_register_course(struct tu_store *s, const struct tu_course *c,
			int64_t now);
int cmd_learner(int argc, char **argv);
int cmd_next(int argc, char **argv);
int cmd_hint(int argc, char **argv);
int cmd_daily(int argc, char **argv);
int cmd_reviews(int argc, char **argv);
int cmd_submit(int argc, char **argv);
int cmd_state(int argc, char **argv);
int cmd_learn(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_content(int argc, char **argv);
int cmd_ask(int argc, char **argv);     /* cmd_assist.c */
int cmd_goals(int argc, char **argv);   /* cmd_assist.c */
int cmd_llm(int argc, char **argv);
int cmd_account(int argc, char **argv);  /* cmd_account.c */
int cmd_serve(int argc, char **argv);    /* cmd_serve.c */
int cmd_backup(int argc, char **argv);   /* cmd_backup.c */
int cli_content_import_exercism(int argc, char **argv); /* cmd_content_import.c */

/* Prints "tutor: <msg>" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
