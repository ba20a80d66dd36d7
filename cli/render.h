/*
 * render.h - printing the orchestrator's outputs for people (cli/render.c).
 */
#ifndef TUTOR_CLI_RENDER_H
#define TUTOR_CLI_RENDER_H

#include <stdbool.h>

#include "tutor/orch.h"

/* Prints the agents' outputs (a JSON object) as text lines. */
void cli_render_outputs(const char *json);

/* --json: {"seq":..,"version":..,"outputs":{..}} plus "assist":<assist>
 * when assist (a JSON object text) is not NULL; else the text form of
 * the outputs (assist is then ignored). */
void cli_print_result(const struct tu_orch_result *r, bool json,
		      const char *assist);

#endif
