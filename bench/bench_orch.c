/*
 * bench_orch.c - events per second through the orchestrator with the
 * SQLite commit (judge excluded), and per-event latency p50/p99.
 *
 * Opens a fresh store in a temporary directory, loads a course (argument
 * 2, default courses/sample), creates L learners (default 16) and sends N
 * events (default 5000) round-robin over them from one process: a stream
 * of session checks, hint requests, wrong and right submissions (the
 * submission carries a synthetic judge result, as the log would).  Each
 * event is a full tu_orch_handle: read the snapshot, decode, route to the
 * agents, validate, diff into audit records, encode and commit with the
 * compare-and-set.  Reports for synchronous=FULL (the default: durable
 * against power loss) and NORMAL (durable against a killed process).
 *
 * With procs > 1 (argument 4) the events are split over that many writer
 * processes, each with its own learners, all committing to one store:
 * the throughput is total events over the wall time of the slowest, and
 * latency percentiles are per process.
 *
 * Usage: bench_orch [events] [course-dir] [learners] [procs]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tutor/orch.h"

#define T0 1767225600

static void die(const char *what, const struct tu_err *err)
{
	fprintf(stderr, "bench_orch: %s: %s\n", what, err->msg);
	exit(1);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void make_event(const struct tu_course *c, unsigned i, unsigned nl,
		       struct tu_event_in *ev)
{
	unsigned round = i / nl;
	const char *item = c->problems[(round / 4) % c->n_problems].id;
	struct tu_ev_submission *s = &ev->u.sub;

	tu_event_in_init(ev);
	ev->at = T0 + 30 * (int64_t)i;
	switch (round % 4) {
	case 0: ev->type = TU_EV_SESSION_CHECK; return;
	case 2:
		ev->type = TU_EV_HINT_REQUEST;
		snprintf(ev->u.item, sizeof(ev->u.item), "%s", item);
		return;
	default: break;
	}
	ev->type = TU_EV_SUBMISSION;
	snprintf(s->item, sizeof(s->item), "%s", item);
	s->code = strdup("def f(xs):\n    total = 0\n    for x in xs:\n"
			 "        total += x\n    return total\n");
	s->code_len = strlen(s->code);
	s->total = 5;
	s->passed = round % 4 == 1 ? 3 : 5;
	s->verdict = s->passed == 5 ? TU_VERDICT_AC : TU_VERDICT_WA;
	s->n_failed = s->passed < 5;
	snprintf(s->failed[0].name, sizeof(s->failed[0].name), "edge");
	snprintf(s->failed[0].message, sizeof(s->failed[0].message),
		 "expected 15, got 14");
}

static void setup(const char *db, const char *course_dir, bool full,
		  unsigned nl, struct tu_store **st, struct tu_course *c,
		  struct tu_orch *o)
{
	struct tu_store_options opt;
	struct tu_err err = TU_ERR_INIT;
	struct tu_orch_result r;

	tu_store_options_default(&opt);
	opt.sync_full = full;
	if (tu_store_open(db, &opt, st, &err))
		die("open", &err);
	if (tu_orch_init(o, *st, c, NULL, &err))
		die("orch", &err);
	(void)course_dir;
	for (unsigned l = 0; l < nl; l++) {
		struct tu_event_in ev;
		char id[32];

		snprintf(id, sizeof(id), "learner%02u", l);
		if (tu_store_learner_add(*st, id, "", T0, &err))
			die("learner", &err);
		tu_event_in_init(&ev);
		ev.type = TU_EV_LEARNER_CREATED;
		ev.at = T0;
		if (tu_orch_handle(o, id, &ev, &r, &err))
			die("create", &err);
		tu_orch_result_release(&r);
	}
}

/* Times events [from, to) for learners lo + i % nl; prints one line. */
static void work(const char *db, struct tu_course *c, unsigned from,
		 unsigned to, unsigned nl, unsigned lo, bool full,
		 const char *tag)
{
	unsigned n = to - from;
	double *lat = malloc(n * sizeof(*lat)), t0, total;
	struct tu_store_options opt;
	struct tu_err err = TU_ERR_INIT;
	struct tu_store *st;
	struct tu_orch o;

	tu_store_options_default(&opt);
	opt.sync_full = full;
	if (!lat || tu_store_open(db, &opt, &st, &err) ||
	    tu_orch_init(&o, st, c, NULL, &err))
		die("open", &err);
	total = now_s();
	for (unsigned i = from; i < to; i++) {
		struct tu_orch_result r;
		struct tu_event_in ev;
		char id[32];

		make_event(c, i, nl, &ev);
		snprintf(id, sizeof(id), "learner%02u", lo + i % nl);
		t0 = now_s();
		if (tu_orch_handle(&o, id, &ev, &r, &err))
			die("handle", &err);
		lat[i - from] = now_s() - t0;
		tu_orch_result_release(&r);
		tu_event_in_release(&ev);
	}
	total = now_s() - total;
	qsort(lat, n, sizeof(*lat), cmp_d);
	printf("%s synchronous=%-6s %u events: %.0f events/s, p50 %.3f ms, "
	       "p99 %.3f ms, max %.3f ms\n", tag, full ? "FULL" : "NORMAL", n,
	       n / total, lat[n / 2] * 1e3, lat[(size_t)(n * 0.99)] * 1e3,
	       lat[n - 1] * 1e3);
	fflush(stdout);
	tu_orch_release(&o);
	tu_store_close(st);
	free(lat);
}

static void run(const char *course_dir, struct tu_course *c, unsigned n,
		unsigned nl, unsigned procs, bool full)
{
	char dir[] = "/tmp/bench-orch-XXXXXX", db[64], cmd[96], tag[32];
	struct tu_store *st;
	struct tu_orch o;
	double t0;

	if (!mkdtemp(dir))
		exit(1);
	snprintf(db, sizeof(db), "%s/b.db", dir);
	setup(db, course_dir, full, nl * procs, &st, c, &o);
	tu_orch_release(&o);
	tu_store_close(st);
	t0 = now_s();
	fflush(stdout);   /* children must not inherit buffered lines */
	for (unsigned p = 0; p < procs; p++) {
		if (procs > 1 && fork() != 0)
			continue;
		snprintf(tag, sizeof(tag), "[%u/%u]", p + 1, procs);
		/* process p owns learners p*nl .. p*nl+nl-1 */
		work(db, c, p * (n / procs), (p + 1) * (n / procs), nl,
		     p * nl, full, tag);
		if (procs > 1)
			_exit(0);
	}
	while (procs > 1 && wait(NULL) > 0)
		;
	printf("total: %u events in %.2f s = %.0f events/s (%u process%s, "
	       "%u learners)\n", n / procs * procs, now_s() - t0,
	       (double)(n / procs * procs) / (now_s() - t0), procs,
	       procs > 1 ? "es" : "", nl * procs);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_orch: could not remove %s\n", dir);
}

int main(int argc, char **argv)
{
	unsigned n = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 5000;
	const char *dir = argc > 2 ? argv[2] : "courses/sample";
	unsigned nl = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 16;
	unsigned procs = argc > 4 ? (unsigned)strtoul(argv[4], NULL, 10) : 1;
	struct tu_err err = TU_ERR_INIT;
	struct tu_course c;

	if (n < 100 || nl < 1 || procs < 1 || procs > 16) {
		fprintf(stderr, "usage: bench_orch [events>=100] [course] "
			"[learners] [procs 1..16]\n");
		return 2;
	}
	tu_course_init(&c);
	if (tu_course_load(dir, &c, &err))
		die("course", &err);
	run(dir, &c, n, nl, procs, true);
	run(dir, &c, n, nl, procs, false);
	tu_course_release(&c);
	return 0;
}
