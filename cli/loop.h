/*
 * loop.h - steps of the learning loop shared by the one-shot commands
 * (cli/cmd_loop.c) and the interactive session (cli/cmd_learn.c).
 * Each prints its own errors and returns 0 on success, 1 on failure.
 */
#ifndef TUTOR_CLI_LOOP_H
#define TUTOR_CLI_LOOP_H

#include "platform.h"

/* Runs ev (its time set to e->now), prints the outputs, and makes the
 * first curator pick the current item. */
int loop_run_event(struct cli_env *e, struct tu_event_in *ev);

/* Remembers the first pick in outputs (if any) as the current item. */
void loop_remember_pick(struct cli_env *e, const char *outputs);

/* The item to act on: opt when given (it must be a problem of the
 * course), else the current item; copied into out[TU_ID_MAX]. */
int loop_current_item(struct cli_env *e, const char *opt, char *out);

/* Judges file (language from lang, else the file name, else the
 * learner's preference) on item, prints per-test results, records the
 * submission and prints what changed. */
int loop_submit(struct cli_env *e, const char *item, const char *file,
		const char *lang);

#endif
