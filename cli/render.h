/*
 * render.h - printing the orchestrator's outputs for people (cli/render.c).
 */
#ifndef TUTOR_CLI_RENDER_H
#define TUTOR_CLI_RENDER_H

#include <stdbool.h>

#include "tutor/orch.h"

/* Prints the agents' outputs (a JSON object) as text lines. */
void cli_render_outputs(const char *json);

/* --json: {"seq":..,"version":..,"outputs":{..}}; else the text form. */
void cli_print_result(const struct tu_orch_result *r, bool json);

#endif
