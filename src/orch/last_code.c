/*
 * last_code.c - the latest code a learner submitted for an item, and its
 * first failing public test, read back from the event log
 * (tu_orch_last_code, tutor/orch.h).  Shared by the CLI and the server,
 * which give it to the LLM-backed hint and chat.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/orch.h"

void tu_last_code_release(struct tu_last_code *c)
{
	free(c->code);
	free(c->failing);
	memset(c, 0, sizeof(*c));
}

struct code_walk {
	const char *item;
	struct tu_last_code *c;
};

static char *failing_public(const struct tu_ev_submission *s)
{
	char buf[TU_EVENT_MSG_MAX + 160];

	for (size_t i = 0; i < s->n_failed; i++) {
		if (s->failed[i].hidden)
			continue;
		snprintf(buf, sizeof(buf), "%s: %s", s->failed[i].name,
			 s->failed[i].message);
		return strdup(buf);
	}
	return NULL;
}

static int code_one(const struct tu_event *row, void *ctx)
{
	struct code_walk *w = ctx;
	struct tu_event_in ev;

	if (strcmp(row->type, "submission") != 0)
		return 0;
	tu_event_in_init(&ev);
	if (tu_event_payload_decode(TU_EV_SUBMISSION, row->at, row->payload,
				    row->payload_len, &ev, NULL) == TU_OK &&
	    strcmp(ev.u.sub.item, w->item) == 0) {
		tu_last_code_release(w->c);
		w->c->code = ev.u.sub.code;
		ev.u.sub.code = NULL;
		w->c->failing = failing_public(&ev.u.sub);
		w->c->lang = ev.u.sub.lang;
	}
	tu_event_in_release(&ev);
	return 0;
}

enum tu_status tu_orch_last_code(struct tu_store *store, const char *learner,
				 const char *item, struct tu_last_code *out,
				 struct tu_err *err)
{
	struct code_walk w = { item, out };
	enum tu_status st;

	memset(out, 0, sizeof(*out));
	if (!item || !*item)
		return TU_OK;
	st = tu_store_event_each(store, learner, 0, code_one, &w, err);
	if (st)
		tu_last_code_release(out);
	return st;
}
