/*
 * loop.h - steps of the learning loop shared by the one-shot commands
 * (cli/cmd_loop.c) and the interactive session (cli/cmd_learn.c), so that
 * both show the same texts: the hint text, the review after an accepted
 * submission and the narrative that introduces the next problem come from
 * the text assistant (tutor/assist.h; an LLM when one is configured, else
 * the deterministic texts) and are recorded as "assist" events.
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

/* on_session_check with k picks (0: the default), then a narrative
 * paragraph that introduces the first pick (which becomes the current
 * item). */
int loop_next(struct cli_env *e, unsigned k);

/* on_hint_request on item (the orchestrator picks the level), then the
 * hint text for that level from the assistant, conditioned on the latest
 * submitted code and its first failing public test. */
int loop_hint(struct cli_env *e, const char *item);

/* Judges file (language from lang, else the file name, else the
 * learner's preference) on item, prints per-test results, records the
 * submission and prints what changed; after an accepted submission, a
 * code review from the assistant. */
int loop_submit(struct cli_env *e, const char *item, const char *file,
		const char *lang);

#endif
