/*
 * bench_commit.c - SQLite commits per second from many threads of one
 * process, with group commit off and on (sqlite_group.c).
 *
 * T threads, each with its own store handle on one fresh file (WAL,
 * synchronous=FULL: an fsync per transaction), each make N commits to
 * its own learner (distinct learners: no version conflicts).  A commit
 * is what the orchestrator writes: an event payload, three audit
 * records and a new snapshot of S bytes.  Measured per mode: commits/s
 * (all commits over the wall time from the start signal to the last
 * thread's end), the mean batch size (commits per group transaction,
 * from tu_store_commit_stats; 1 with group commit off) and the p50,
 * p99, mean and max latency of one tu_store_commit call (without group
 * commit the waits for the write lock are SQLite's busy-handler sleeps
 * of 1..100 ms, so the tail lies beyond p99: see mean and max).
 *
 * Usage: bench_commit [threads=8] [commits per thread=400]
 *                     [snapshot bytes=2048] [runs=1]
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tutor/store.h"

#define MAX_THREADS 256

struct run {
	const char *db;
	bool group;
	unsigned n;
	size_t state_bytes;
	pthread_barrier_t *go;
};

struct worker {
	const struct run *r;
	int id;
	struct tu_store *s;
	double *lat;                 /* seconds per commit, n of them */
	int failed;
};

static void die(const char *what, const struct tu_err *err)
{
	fprintf(stderr, "bench_commit: %s: %s\n", what, err ? err->msg : "");
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

/* A state JSON of about len bytes for version v. */
static void make_state(char *buf, size_t len, uint64_t v)
{
	int n = snprintf(buf, len, "{\"v\":%" PRIu64 ",\"pad\":\"", v);

	memset(buf + n, 'x', len - (size_t)n - 3);
	memcpy(buf + len - 3, "\"}", 3);
}

static void make_audit(struct tu_audit *a, size_t n)
{
	memset(a, 0, n * sizeof *a);
	for (size_t i = 0; i < n; i++) {
		snprintf(a[i].agent, sizeof a[i].agent, "learner_profiler");
		snprintf(a[i].path, sizeof a[i].path, "topics[t%zu].mastery",
			 i);
		snprintf(a[i].before, sizeof a[i].before, "0.3");
		snprintf(a[i].after, sizeof a[i].after, "0.37");
		snprintf(a[i].reason, sizeof a[i].reason, "pass on item");
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	const struct run *r = w->r;
	char learner[32], *state = malloc(r->state_bytes);
	static const char payload[] = "{\"item\":\"p1\",\"verdict\":\"AC\","
		"\"tests\":[1,1,1,1,1],\"ms\":12}";
	struct tu_audit audit[3];
	struct tu_err err = TU_ERR_INIT;

	if (!state)
		die("out of memory", NULL);
	snprintf(learner, sizeof learner, "l%d", w->id);
	make_audit(audit, 3);
	pthread_barrier_wait(r->go);
	for (unsigned i = 0; i < r->n; i++) {
		struct tu_commit c = {
			.learner = learner, .expected_version = i,
			.type = "submission", .at = 1767225600 + i,
			.payload = payload, .payload_len = sizeof payload - 1,
			.state_json = state, .state_len = r->state_bytes - 1,
			.updated = 1767225600 + i, .audit = audit, .n_audit = 3,
		};
		double t0;

		make_state(state, r->state_bytes, i + 1);
		t0 = now_s();
		if (tu_store_commit(w->s, &c, NULL, &err) != TU_OK) {
			fprintf(stderr, "bench_commit: %s\n", err.msg);
			w->failed = 1;
			break;
		}
		w->lat[i] = now_s() - t0;
	}
	free(state);
	return NULL;
}

static struct tu_store *open_store(const struct run *r)
{
	struct tu_store_options o;
	struct tu_store *s = NULL;
	struct tu_err err = TU_ERR_INIT;

	tu_store_options_default(&o);
	o.group_commit = r->group;
	if (tu_store_open(r->db, &o, &s, &err) != TU_OK)
		die("open", &err);
	return s;
}

/* Opens the handles and adds the learners. */
static void prepare(const struct run *r, struct worker *w, int t)
{
	struct tu_err err = TU_ERR_INIT;

	for (int i = 0; i < t; i++) {
		char id[32];

		w[i] = (struct worker){ .r = r, .id = i };
		w[i].s = open_store(r);
		w[i].lat = calloc(r->n, sizeof(double));
		if (!w[i].lat)
			die("out of memory", NULL);
		snprintf(id, sizeof id, "l%d", i);
		if (tu_store_learner_add(w[0].s, id, "", 1, &err) != TU_OK)
			die("learner_add", &err);
	}
}

static void report(const struct run *r, struct worker *w, int t,
		   double wall)
{
	size_t total = (size_t)t * r->n, k = 0;
	double *all = malloc(total * sizeof(double));
	struct tu_store_commit_stats st;
	struct tu_err err = TU_ERR_INIT;
	double batch = 1.0, sum = 0.0;

	if (!all)
		die("out of memory", NULL);
	for (int i = 0; i < t; i++)
		for (unsigned j = 0; j < r->n; j++)
			all[k++] = w[i].lat[j];
	qsort(all, total, sizeof(double), cmp_d);
	for (size_t i = 0; i < total; i++)
		sum += all[i];
	if (tu_store_commit_stats(w[0].s, &st, &err) != TU_OK)
		die("stats", &err);
	if (r->group && st.batches > 0)
		batch = (double)st.commits / (double)st.batches;
	printf("group_commit=%-3s threads=%-3d commits=%-6zu commits/s=%8.0f "
	       "mean_batch=%6.2f max_batch=%3" PRIu64 " p50_ms=%7.3f "
	       "p99_ms=%7.3f mean_ms=%7.3f max_ms=%8.3f\n",
	       r->group ? "on" : "off", t, total, (double)total / wall, batch,
	       r->group ? st.max_batch : 1, all[total / 2] * 1e3,
	       all[(size_t)((double)total * 0.99)] * 1e3,
	       sum / (double)total * 1e3, all[total - 1] * 1e3);
	free(all);
}

static void run_mode(const char *dir, bool group, int t, unsigned n,
		     size_t state_bytes)
{
	char db[4200];
	pthread_barrier_t go;
	struct run r = { db, group, n, state_bytes, &go };
	struct worker *w = calloc((size_t)t, sizeof *w);
	pthread_t *th = calloc((size_t)t, sizeof *th);
	double t0;
	int failed = 0;

	if (!w || !th)
		die("out of memory", NULL);
	snprintf(db, sizeof db, "%s/commit-%s.db", dir, group ? "on" : "off");
	prepare(&r, w, t);
	pthread_barrier_init(&go, NULL, (unsigned)t + 1);
	for (int i = 0; i < t; i++)
		pthread_create(&th[i], NULL, worker_main, &w[i]);
	pthread_barrier_wait(&go);
	t0 = now_s();
	for (int i = 0; i < t; i++) {
		pthread_join(th[i], NULL);
		failed |= w[i].failed;
	}
	if (failed)
		die("a commit failed", NULL);
	report(&r, w, t, now_s() - t0);
	pthread_barrier_destroy(&go);
	for (int i = 0; i < t; i++) {
		tu_store_close(w[i].s);
		free(w[i].lat);
	}
	for (int i = 0; i < 3; i++) {
		static const char *const sfx[3] = { "", "-wal", "-shm" };
		char p[4300];

		snprintf(p, sizeof p, "%s%s", db, sfx[i]);
		unlink(p);
	}
	free(w);
	free(th);
}

int main(int argc, char **argv)
{
	int t = argc > 1 ? atoi(argv[1]) : 8;
	unsigned n = argc > 2 ? (unsigned)atoi(argv[2]) : 400;
	long sb = argc > 3 ? atol(argv[3]) : 2048;
	int runs = argc > 4 ? atoi(argv[4]) : 1;
	const char *tmp = getenv("TMPDIR");
	char dir[4096];

	if (t < 1 || t > MAX_THREADS || n < 1 || sb < 64 ||
	    sb > (1L << 24) || runs < 1)
		die("usage: bench_commit [threads 1..256] [commits>0] "
		    "[snapshot bytes 64..16M] [runs>0]", NULL);
	snprintf(dir, sizeof dir, "%s/tu-bench-commit-XXXXXX",
		 tmp && tmp[0] ? tmp : "/tmp");
	if (!mkdtemp(dir))
		die("mkdtemp", NULL);
	for (int i = 0; i < runs; i++) {
		run_mode(dir, false, t, n, (size_t)sb);
		run_mode(dir, true, t, n, (size_t)sb);
	}
	rmdir(dir);
	return 0;
}
