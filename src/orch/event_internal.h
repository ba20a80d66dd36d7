/*
 * event_internal.h - private pieces of the event codec shared by
 * event.c (encoding), event_json.c (decoding) and event_assist.c (the
 * assist and goals_stated payloads).
 */
#ifndef TUTOR_EVENT_INTERNAL_H
#define TUTOR_EVENT_INTERNAL_H

#include <jansson.h>

#include "tutor/event.h"

/* The payload object of a checked body; NULL when out of memory. */
json_t *tu__enc_assist(const struct tu_ev_assist *a);
json_t *tu__enc_goals(const struct tu_ev_goals *g);
json_t *tu__enc_plan(const struct tu_ev_plan *p);

/* Strict decoders into a zeroed body: TU_EPARSE / TU_ERANGE naming the
 * JSON path ("$.goals[1].confidence: 1.5 is outside [0, 1]"). */
enum tu_status tu__dec_assist(const json_t *o, struct tu_ev_assist *a,
			      struct tu_err *err);
enum tu_status tu__dec_goals(const json_t *o, struct tu_ev_goals *g,
			     struct tu_err *err);
enum tu_status tu__dec_plan(const json_t *o, struct tu_ev_plan *p,
			    struct tu_err *err);

#endif
