/*
 * fixture.h - shared setup for the orchestrator tests: a temporary store,
 * the built-in sample course ($TUTOR_SOURCE/courses/sample), and events
 * built by hand (a submission carries a synthetic judge result, so no
 * sandbox is needed).  Header-only; each test includes it once.
 */
#ifndef TUTOR_TESTS_ORCH_FIXTURE_H
#define TUTOR_TESTS_ORCH_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tutor/orch.h"

#define T0 1767225600 /* 2026-01-01 00:00 UTC */

struct fx {
	char dir[256];
	char db[300];
	struct tu_store *store;
	struct tu_course course;
	struct tu_orch orch;
};

static inline void fx_ok(enum tu_status s, const struct tu_err *e)
{
	if (s != TU_OK)
		fail_msg("status %d: %s", (int)s, e->msg);
}

static inline void fx_open_store(struct fx *f)
{
	struct tu_err err = TU_ERR_INIT;

	fx_ok(tu_store_open(f->db, NULL, &f->store, &err), &err);
	fx_ok(tu_orch_init(&f->orch, f->store, &f->course, NULL, &err), &err);
}

static inline void fx_close_store(struct fx *f)
{
	tu_orch_release(&f->orch);
	tu_store_close(f->store);
	f->store = NULL;
}

static inline void fx_setup(struct fx *f)
{
	struct tu_err err = TU_ERR_INIT;
	const char *src = getenv("TUTOR_SOURCE");
	char course[512];

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "%s/tutor-orch-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/t.db", f->dir);
	snprintf(course, sizeof(course), "%s/courses/sample",
		 src ? src : ".");
	tu_course_init(&f->course);
	fx_ok(tu_course_load(course, &f->course, &err), &err);
	fx_open_store(f);
}

static inline void fx_teardown(struct fx *f)
{
	char cmd[400];

	fx_close_store(f);
	tu_course_release(&f->course);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", f->dir);
}

/* Handles ev for learner; fails the test on error. */
static inline uint64_t fx_handle(struct fx *f, const char *learner,
				 const struct tu_event_in *ev, char **outputs)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_orch_result r;
	uint64_t v;

	fx_ok(tu_orch_handle(&f->orch, learner, ev, &r, &err), &err);
	v = r.version;
	if (outputs)
		*outputs = strdup(r.outputs);
	tu_orch_result_release(&r);
	return v;
}

static inline void fx_add_learner(struct fx *f, const char *id, int64_t at)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_event_in ev;

	fx_ok(tu_store_learner_add(f->store, id, "", at, &err), &err);
	tu_event_in_init(&ev);
	ev.type = TU_EV_LEARNER_CREATED;
	ev.at = at;
	snprintf(ev.u.prefs.language, sizeof(ev.u.prefs.language), "python");
	ev.u.prefs.set = TU_PREF_LANGUAGE;
	assert_int_equal(fx_handle(f, id, &ev, NULL), 1);
}

/* A submission of item at `at`: passed of total tests, optional tag. */
static inline void fx_submission(struct tu_event_in *ev, const char *item,
				 int64_t at, uint32_t passed, uint32_t total,
				 const char *tag)
{
	tu_event_in_init(ev);
	ev->type = TU_EV_SUBMISSION;
	ev->at = at;
	snprintf(ev->u.sub.item, sizeof(ev->u.sub.item), "%s", item);
	ev->u.sub.lang = TU_LANG_PYTHON;
	ev->u.sub.code = strdup("def f(xs):\n    return 0\n");
	ev->u.sub.code_len = strlen(ev->u.sub.code);
	ev->u.sub.passed = passed;
	ev->u.sub.total = total;
	ev->u.sub.verdict = passed == total ? TU_VERDICT_AC : TU_VERDICT_WA;
	if (passed < total) {
		ev->u.sub.n_failed = 1;
		snprintf(ev->u.sub.failed[0].name, 128, "edge");
		snprintf(ev->u.sub.failed[0].message, TU_EVENT_MSG_MAX,
			 "expected 1, got 0");
	}
	if (tag) {
		ev->u.sub.n_tags = 1;
		snprintf(ev->u.sub.tags[0].tag, 64, "%s", tag);
		snprintf(ev->u.sub.tags[0].evidence, TU_EVENT_MSG_MAX,
			 "synthetic");
	}
}

static inline void fx_simple(struct tu_event_in *ev, enum tu_event_type t,
			     int64_t at, const char *item)
{
	tu_event_in_init(ev);
	ev->type = t;
	ev->at = at;
	if (t == TU_EV_HINT_REQUEST)
		snprintf(ev->u.item, sizeof(ev->u.item), "%s", item);
}

/* Asserts that replaying learner's log gives the stored snapshot. */
static inline void fx_assert_replay(struct fx *f, const char *learner)
{
	struct tu_learner_state snap, rep;
	struct tu_err err = TU_ERR_INIT;

	tu_learner_state_init(&snap);
	tu_learner_state_init(&rep);
	fx_ok(tu_orch_load(&f->orch, learner, &snap, &err), &err);
	fx_ok(tu_orch_replay(&f->orch, learner, &rep, &err), &err);
	assert_true(tu_learner_state_equal(&snap, &rep));
	tu_learner_state_release(&snap);
	tu_learner_state_release(&rep);
}

#endif
