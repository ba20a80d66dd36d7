/* test_store_group.c - group commit on SQLite (sqlite_group.c): threads,
 * each with its own handle on one file, whose commits share one
 * transaction.  Batches are made deterministic by holding the write lock
 * from a raw connection until the wanted number of commits is pending
 * (tu_store_commit_stats), then releasing it.  Covers: refused commits
 * inside a batch (version conflict, known request id, unknown learner)
 * do not fail the others; a failed COMMIT and a busy BEGIN fail the whole
 * batch and write nothing; many threads on distinct and on one shared
 * learner (no gaps, no duplicates, seqs rising); the option switches;
 * and kill -9 of a process with 8 committing threads: every acknowledged
 * seq is in the log afterwards. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tutor/store.h"

#include "sqlite_fx.h"

#define MAX_T 16

/* ---- helpers ---- */

static void add(struct tu_store *s, const char *id)
{
	struct tu_err e = TU_ERR_INIT;

	assert_int_equal(tu_store_learner_add(s, id, "", 1000, &e), TU_OK);
}

static struct tu_store *open_with(const struct fx *f, bool group,
				  bool sync_full, int busy_ms)
{
	struct tu_store_options o;
	struct tu_store *s = NULL;
	struct tu_err e = TU_ERR_INIT;

	tu_store_options_default(&o);
	o.group_commit = group;
	o.sync_full = sync_full;
	if (busy_ms > 0)
		o.busy_timeout_ms = busy_ms;
	assert_int_equal(tu_store_open(f->db, &o, &s, &e), TU_OK);
	return s;
}

static struct tu_store_commit_stats stats_of(struct tu_store *s)
{
	struct tu_store_commit_stats st;
	struct tu_err e = TU_ERR_INIT;

	assert_int_equal(tu_store_commit_stats(s, &st, &e), TU_OK);
	return st;
}

/* Waits (up to 10 s) until n commits are pending in s's group. */
static void wait_pending(struct tu_store *s, uint64_t n)
{
	for (int i = 0; i < 10000; i++) {
		if (stats_of(s).pending == n)
			return;
		usleep(1000);
	}
	fail_msg("never %" PRIu64 " commits pending (have %" PRIu64 ")", n,
		 stats_of(s).pending);
}

/* A raw connection holding the database's write lock. */
static sqlite3 *lock_db(const struct fx *f)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL,
				      NULL), SQLITE_OK);
	return db;
}

static void unlock_db(sqlite3 *db)
{
	assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
}

static int64_t raw_int(const struct fx *f, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static uint64_t version_of(struct tu_store *s, const char *learner)
{
	struct tu_learner_row row;
	struct tu_err e = TU_ERR_INIT;

	assert_int_equal(tu_store_learner_get(s, learner, &row, &e), TU_OK);
	return row.version;
}

/* One commit on its own thread with its own handle. */
struct one {
	struct tu_store *s;
	char learner[32];
	uint64_t expected;
	const char *request_id;
	char state[64];
	enum tu_status st;
	uint64_t seq;
	struct tu_err err;
	pthread_t th;
};

static void fill_commit(struct tu_commit *c, const char *learner,
			uint64_t expected, char *state, size_t cap)
{
	snprintf(state, cap, "{\"n\":%" PRIu64 "}", expected + 1);
	memset(c, 0, sizeof(*c));
	c->learner = learner;
	c->expected_version = expected;
	c->type = "test";
	c->at = 2000;
	c->payload = "{}";
	c->payload_len = 2;
	c->state_json = state;
	c->state_len = strlen(state);
	c->updated = 2000;
}

static void *one_main(void *arg)
{
	struct one *o = arg;
	struct tu_commit c;

	fill_commit(&c, o->learner, o->expected, o->state, sizeof o->state);
	c.request_id = o->request_id;
	o->st = tu_store_commit(o->s, &c, &o->seq, &o->err);
	return NULL;
}

static void one_start(struct one *o, struct tu_store *s, const char *learner,
		      uint64_t expected)
{
	o->s = s;
	snprintf(o->learner, sizeof o->learner, "%s", learner);
	o->expected = expected;
	assert_int_equal(pthread_create(&o->th, NULL, one_main, o), 0);
}

/*
 * Runs the commits one[0..n): one[0] first while the write lock is held
 * elsewhere (it leads a batch of itself and waits in BEGIN), then the
 * rest, which queue up behind it; then releases the lock.  So the rest
 * form one batch of n - 1.  base: pending commits before (0).
 */
static void run_held(const struct fx *f, struct one *one, size_t n,
		     const char *const *learners, const uint64_t *expected)
{
	sqlite3 *lock = lock_db(f);

	one_start(&one[0], one[0].s, learners[0], expected[0]);
	wait_pending(f->s, 1);
	for (size_t i = 1; i < n; i++)
		one_start(&one[i], one[i].s, learners[i], expected[i]);
	wait_pending(f->s, n);
	unlock_db(lock);
	for (size_t i = 0; i < n; i++)
		pthread_join(one[i].th, NULL);
}

/* ---- a batch with refused commits inside ---- */

static void test_batch_isolates_failures(void **state)
{
	struct fx *f = *state;
	static const char *const who[10] = {
		"a0", "a1", "a2", "a3", "a4", "shared", "shared", "a1",
		"ghost", "a9"
	};
	static const uint64_t exp[10] = { 0, 0, 0, 0, 0, 0, 0, 7, 0, 1 };
	struct one one[10];
	struct tu_store_commit_stats st;
	struct tu_commit c;
	struct tu_err e = TU_ERR_INIT;
	char sbuf[64];
	uint64_t seq0 = 0, n = 0;
	int shared_ok = 0;

	memset(one, 0, sizeof one);
	for (int i = 0; i < 5; i++)
		add(f->s, who[i]);
	add(f->s, "shared");
	add(f->s, "a9");
	fill_commit(&c, "a9", 0, sbuf, sizeof sbuf);
	c.request_id = "r1";
	assert_int_equal(tu_store_commit(f->s, &c, &seq0, &e), TU_OK);
	for (int i = 0; i < 10; i++)
		one[i].s = open_with(f, true, true, 0);
	one[9].request_id = "r1";     /* already stored for a9 */

	run_held(f, one, 10, who, exp);

	for (int i = 0; i < 5; i++) {
		assert_int_equal(one[i].st, TU_OK);
		assert_true(one[i].seq > seq0);
		if (i > 0)
			assert_true(one[i].seq > one[0].seq);
	}
	shared_ok = (one[5].st == TU_OK) + (one[6].st == TU_OK);
	assert_int_equal(shared_ok, 1);
	assert_int_equal(one[5].st == TU_OK ? one[6].st : one[5].st,
			 TU_ECONFLICT);
	assert_int_equal(one[7].st, TU_ECONFLICT);
	assert_non_null(strstr(one[7].err.msg, "expected 7"));
	assert_int_equal(one[8].st, TU_ENOTFOUND);
	assert_non_null(strstr(one[8].err.msg, "ghost"));
	assert_int_equal(one[9].st, TU_ECONFLICT);

	/* two batches after the first commit: {a0} and the other nine */
	st = stats_of(f->s);
	assert_int_equal(st.batches, 3);
	assert_int_equal(st.commits, 11);
	assert_int_equal(st.multi, 1);
	assert_int_equal(st.max_batch, 9);
	assert_int_equal(st.failed, 0);
	assert_int_equal(st.pending, 0);

	assert_int_equal(tu_store_event_count(f->s, NULL, &n, &e), TU_OK);
	assert_int_equal(n, 7);             /* a9's first + a0..a4 + shared */
	for (int i = 0; i < 5; i++)
		assert_int_equal(version_of(f->s, who[i]), 1);
	assert_int_equal(version_of(f->s, "shared"), 1);
	assert_int_equal(version_of(f->s, "a9"), 1);
	for (int i = 0; i < 10; i++)
		tu_store_close(one[i].s);
}

/* ---- a failed COMMIT fails its whole batch ---- */

static void test_commit_failure_fails_batch(void **state)
{
	struct fx *f = *state;
	static const char *const who[4] = { "a0", "a1", "poison", "a2" };
	static const uint64_t exp[4] = { 0, 0, 0, 0 };
	struct one one[4];
	struct tu_store_commit_stats st;
	struct tu_commit c;
	struct tu_err e = TU_ERR_INIT;
	char sbuf[64];
	uint64_t n = 0;
	sqlite3 *db = NULL;

	memset(one, 0, sizeof one);
	for (int i = 0; i < 4; i++)
		add(f->s, who[i]);
	/* an event of 'poison' leaves a deferred foreign-key violation:
	 * the savepoint is fine, the COMMIT of its transaction fails */
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE gc_poison(x TEXT "
				      "REFERENCES learners(id) DEFERRABLE "
				      "INITIALLY DEFERRED); CREATE TRIGGER "
				      "gc_poison_t AFTER INSERT ON events "
				      "WHEN new.learner = 'poison' BEGIN "
				      "INSERT INTO gc_poison VALUES('nobody'); "
				      "END;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	for (int i = 0; i < 4; i++)
		one[i].s = open_with(f, true, true, 0);

	run_held(f, one, 4, who, exp);

	assert_int_equal(one[0].st, TU_OK);
	for (int i = 1; i < 4; i++) {
		assert_int_equal(one[i].st, TU_EIO);
		assert_non_null(strstr(one[i].err.msg, "committing"));
	}
	st = stats_of(f->s);
	assert_int_equal(st.batches, 2);
	assert_int_equal(st.failed, 1);
	assert_int_equal(tu_store_event_count(f->s, NULL, &n, &e), TU_OK);
	assert_int_equal(n, 1);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM audit"), 0);
	assert_int_equal(version_of(f->s, "a1"), 0);
	assert_int_equal(version_of(f->s, "a2"), 0);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM gc_poison"), 0);

	/* the connections are fine afterwards */
	fill_commit(&c, "a1", 0, sbuf, sizeof sbuf);
	assert_int_equal(tu_store_commit(one[2].s, &c, NULL, &e), TU_OK);
	assert_int_equal(version_of(f->s, "a1"), 1);
	for (int i = 0; i < 4; i++)
		tu_store_close(one[i].s);
}

/* ---- a busy BEGIN fails its batch, nothing written ---- */

static void test_busy_fails_batch(void **state)
{
	struct fx *f = *state;
	static const char *const who[4] = { "a0", "a1", "a2", "a3" };
	static const uint64_t exp[4] = { 0, 0, 0, 0 };
	struct one one[4];
	struct tu_err e = TU_ERR_INIT;
	uint64_t n = 1;
	sqlite3 *lock;

	memset(one, 0, sizeof one);
	for (int i = 0; i < 4; i++) {
		add(f->s, who[i]);
		one[i].s = open_with(f, true, true, 100);
	}
	lock = lock_db(f);
	for (int i = 0; i < 4; i++)
		one_start(&one[i], one[i].s, who[i], exp[i]);
	for (int i = 0; i < 4; i++)
		pthread_join(one[i].th, NULL);
	unlock_db(lock);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(one[i].st, TU_EIO);
		assert_non_null(strstr(one[i].err.msg, "busy"));
		tu_store_close(one[i].s);
	}
	assert_true(stats_of(f->s).failed >= 1);
	assert_int_equal(stats_of(f->s).pending, 0);
	assert_int_equal(tu_store_event_count(f->s, NULL, &n, &e), TU_OK);
	assert_int_equal(n, 0);
}

/* ---- many threads, distinct learners and one shared learner ---- */

#define STRESS_T 8
#define STRESS_N 40

struct worker {
	struct tu_store *s;
	char learner[32];
	bool shared;
	uint64_t seqs[STRESS_N];
	int conflicts;
	enum tu_status bad;        /* first unexpected status */
	char msg[TU_ERR_MSG_MAX];
};

/* The learner's current version (0 without a snapshot). */
static uint64_t read_version(struct tu_store *s, const char *learner)
{
	struct tu_snapshot snap;
	uint64_t v = 0;

	tu_snapshot_init(&snap);
	if (tu_store_snapshot_get(s, learner, &snap, NULL) == TU_OK)
		v = snap.version;
	tu_snapshot_release(&snap);
	return v;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct tu_commit c;
	struct tu_err e = TU_ERR_INIT;
	char sbuf[64];
	uint64_t v = 0;
	int done = 0;

	while (done < STRESS_N && !w->bad) {
		if (w->shared)
			v = read_version(w->s, w->learner);
		fill_commit(&c, w->learner, v, sbuf, sizeof sbuf);
		enum tu_status st = tu_store_commit(w->s, &c, &w->seqs[done],
						    &e);

		if (st == TU_OK) {
			done++;
			v++;
		} else if (st == TU_ECONFLICT && w->shared) {
			w->conflicts++;
		} else {       /* a private learner never conflicts */
			w->bad = st;
			snprintf(w->msg, sizeof w->msg, "%s", e.msg);
		}
	}
	return NULL;
}

struct walk {
	char learner[STRESS_T + 1][32];
	uint64_t last[STRESS_T + 1];
	uint64_t prev_seq;
	int bad;
};

static int walk_fn(const struct tu_event *ev, void *ctx)
{
	struct walk *w = ctx;

	if (ev->seq <= w->prev_seq)
		w->bad++;
	w->prev_seq = ev->seq;
	for (int i = 0; i <= STRESS_T; i++) {
		if (strcmp(w->learner[i], ev->learner) != 0)
			continue;
		if (ev->version != w->last[i] + 1)
			w->bad++;
		w->last[i] = ev->version;
		return 0;
	}
	w->bad++;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static void check_stress_log(struct fx *f, struct worker *w)
{
	static uint64_t all[STRESS_T * STRESS_N];
	struct walk wk;
	struct tu_err e = TU_ERR_INIT;
	size_t k = 0;

	memset(&wk, 0, sizeof wk);
	for (int i = 0; i < STRESS_T / 2; i++)
		snprintf(wk.learner[i], sizeof wk.learner[i], "own%d", i);
	snprintf(wk.learner[STRESS_T], sizeof wk.learner[0], "shared");
	assert_int_equal(tu_store_event_each(f->s, NULL, 0, walk_fn, &wk, &e),
			 TU_OK);
	assert_int_equal(wk.bad, 0);
	for (int i = 0; i < STRESS_T / 2; i++)
		assert_int_equal(wk.last[i], STRESS_N);
	assert_int_equal(wk.last[STRESS_T], (STRESS_T / 2) * STRESS_N);
	assert_int_equal(version_of(f->s, "shared"),
			 (STRESS_T / 2) * STRESS_N);
	for (int t = 0; t < STRESS_T; t++) {
		for (int i = 0; i < STRESS_N; i++) {
			if (i > 0)
				assert_true(w[t].seqs[i] > w[t].seqs[i - 1]);
			all[k++] = w[t].seqs[i];
		}
	}
	qsort(all, k, sizeof all[0], cmp_u64);
	for (size_t i = 1; i < k; i++)
		assert_true(all[i] > all[i - 1]);    /* no duplicates */
}

static void test_threads_stress(void **state)
{
	struct fx *f = *state;
	static struct worker w[STRESS_T];
	pthread_t th[STRESS_T];
	struct tu_store_commit_stats st;
	sqlite3 *lock;

	memset(w, 0, sizeof w);
	add(f->s, "shared");
	for (int t = 0; t < STRESS_T; t++) {
		w[t].shared = t >= STRESS_T / 2;
		if (w[t].shared)
			snprintf(w[t].learner, sizeof w[t].learner, "shared");
		else
			snprintf(w[t].learner, sizeof w[t].learner, "own%d", t);
		if (!w[t].shared)
			add(f->s, w[t].learner);
		w[t].s = open_with(f, true, true, 0);
	}
	lock = lock_db(f);       /* everyone queues up: a batch of 7 */
	for (int t = 0; t < STRESS_T; t++)
		assert_int_equal(pthread_create(&th[t], NULL, worker_main,
						&w[t]), 0);
	wait_pending(f->s, STRESS_T);
	unlock_db(lock);
	for (int t = 0; t < STRESS_T; t++) {
		pthread_join(th[t], NULL);
		if (w[t].bad)
			fail_msg("worker %d: status %d: %s", t, (int)w[t].bad,
				 w[t].msg);
	}
	check_stress_log(f, w);
	st = stats_of(f->s);
	assert_true(st.multi >= 1);
	assert_true(st.max_batch >= STRESS_T - 1);
	assert_true(st.commits >= STRESS_T * STRESS_N);
	assert_int_equal(st.pending, 0);
	assert_int_equal(raw_int(f, "SELECT count(*) FROM events"),
			 STRESS_T * STRESS_N);
	for (int t = 0; t < STRESS_T; t++)
		tu_store_close(w[t].s);
}

/* ---- the switches ---- */

static void test_options(void **state)
{
	struct fx *f = *state;
	struct tu_store *off = open_with(f, false, true, 0);
	struct tu_store *normal = open_with(f, true, false, 0);
	struct tu_store_commit_stats st;
	struct tu_store_options o;
	struct tu_commit c;
	struct tu_err e = TU_ERR_INIT;
	char sbuf[64];
	uint64_t seq = 0;

	tu_store_options_default(&o);
	assert_true(o.group_commit);
	add(f->s, "a");
	fill_commit(&c, "a", 0, sbuf, sizeof sbuf);
	assert_int_equal(tu_store_commit(off, &c, &seq, &e), TU_OK);
	fill_commit(&c, "a", 1, sbuf, sizeof sbuf);
	assert_int_equal(tu_store_commit(normal, &c, &seq, &e), TU_OK);
	st = stats_of(off);
	assert_int_equal(st.batches + st.commits + st.max_batch, 0);
	st = stats_of(normal);
	assert_int_equal(st.batches, 0);
	assert_int_equal(stats_of(f->s).batches, 0); /* nothing went through */
	fill_commit(&c, "a", 2, sbuf, sizeof sbuf);
	assert_int_equal(tu_store_commit(f->s, &c, &seq, &e), TU_OK);
	assert_int_equal(seq, 3);
	st = stats_of(f->s);
	assert_int_equal(st.batches, 1);
	assert_int_equal(st.commits, 1);
	fill_commit(&c, "a", 2, sbuf, sizeof sbuf);  /* stale: conflict */
	assert_int_equal(tu_store_commit(f->s, &c, &seq, &e), TU_ECONFLICT);
	assert_int_equal(seq, 3);
	assert_int_equal(tu_store_commit_stats(f->s, NULL, &e), TU_EINVAL);
	tu_store_close(off);
	tu_store_close(normal);
}

/* ---- kill -9 while 8 threads commit: acknowledged means on disk ---- */

#define KILL_T 8

struct ack {
	uint64_t seq;
	uint32_t thread;
	uint32_t version;
};

struct kworker {
	const char *db;
	int fd;
	int id;
};

static void *kill_worker(void *arg)
{
	struct kworker *k = arg;
	struct tu_store *s = NULL;
	struct tu_commit c;
	char learner[16], sbuf[64];
	struct ack a;

	snprintf(learner, sizeof learner, "k%d", k->id);
	if (tu_store_open(k->db, NULL, &s, NULL) != TU_OK)
		_exit(3);
	for (uint64_t v = 0;; v++) {
		fill_commit(&c, learner, v, sbuf, sizeof sbuf);
		if (tu_store_commit(s, &c, &a.seq, NULL) != TU_OK)
			_exit(4);
		a.thread = (uint32_t)k->id;
		a.version = (uint32_t)(v + 1);
		if (write(k->fd, &a, sizeof a) != (ssize_t)sizeof a)
			_exit(5);
	}
	return NULL;
}

static void kill_child(const char *db, int fd)
{
	struct kworker k[KILL_T];
	pthread_t th[KILL_T];

	for (int i = 0; i < KILL_T; i++) {
		k[i] = (struct kworker){ db, fd, i };
		if (pthread_create(&th[i], NULL, kill_worker, &k[i]) != 0)
			_exit(2);
	}
	for (int i = 0; i < KILL_T; i++)
		pthread_join(th[i], NULL);
	_exit(0);
}

/* Reads acks from fd into a (grows it) until EOF. */
static size_t read_acks(int fd, struct ack **a, size_t n, size_t *cap,
			int deadline_ms)
{
	struct pollfd p = { fd, POLLIN, 0 };
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		ssize_t r;

		clock_gettime(CLOCK_MONOTONIC, &t1);
		long ms = (t1.tv_sec - t0.tv_sec) * 1000 +
			(t1.tv_nsec - t0.tv_nsec) / 1000000;
		if (deadline_ms >= 0 && ms >= deadline_ms)
			return n;
		if (poll(&p, 1, 10) <= 0)
			continue;
		if (n == *cap) {
			*cap = *cap ? *cap * 2 : 1024;
			*a = realloc(*a, *cap * sizeof **a);
			assert_non_null(*a);
		}
		r = read(fd, &(*a)[n], sizeof **a);
		if (r == 0)
			return n;
		if (r < 0 && errno == EINTR)
			continue;
		assert_int_equal(r, (ssize_t)sizeof **a);
		n++;
	}
}

struct seqs {
	uint64_t *seq;
	char (*learner)[16];
	uint64_t *version;
	size_t n, cap;
	uint64_t last[KILL_T];
	int bad;
};

static int collect_fn(const struct tu_event *ev, void *ctx)
{
	struct seqs *s = ctx;
	int id = atoi(ev->learner + 1);

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->seq = realloc(s->seq, s->cap * sizeof *s->seq);
		s->version = realloc(s->version, s->cap * sizeof *s->version);
		if (!s->seq || !s->version)
			return 1;
	}
	s->seq[s->n] = ev->seq;
	s->version[s->n++] = ev->version;
	if (ev->learner[0] != 'k' || id < 0 || id >= KILL_T ||
	    ev->version != s->last[id] + 1)
		s->bad++;
	else
		s->last[id] = ev->version;
	return 0;
}

static void check_after_kill(struct fx *f, const struct ack *a, size_t n)
{
	struct seqs s;
	struct tu_err e = TU_ERR_INIT;
	char learner[16];

	memset(&s, 0, sizeof s);
	tu_store_close(f->s);
	f->s = NULL;
	assert_int_equal(tu_store_open(f->db, NULL, &f->s, &e), TU_OK);
	assert_int_equal(tu_store_event_each(f->s, NULL, 0, collect_fn, &s,
					     &e), TU_OK);
	assert_int_equal(s.bad, 0);              /* versions 1..n each */
	for (size_t i = 0; i < n; i++) {
		uint64_t *hit = bsearch(&a[i].seq, s.seq, s.n, sizeof *s.seq,
					cmp_u64);

		if (!hit)
			fail_msg("acknowledged seq %" PRIu64 " is not in the "
				 "log", a[i].seq);
		assert_int_equal(s.version[hit - s.seq], a[i].version);
	}
	for (int i = 0; i < KILL_T; i++) {
		snprintf(learner, sizeof learner, "k%d", i);
		assert_int_equal(read_version(f->s, learner), s.last[i]);
	}
	assert_int_equal(raw_int(f, "SELECT count(*) FROM events"), s.n);
	assert_int_equal(raw_int(f, "SELECT integrity_check = 'ok' FROM "
				 "pragma_integrity_check"), 1);
	free(s.seq);
	free(s.version);
}

static void test_kill9_acknowledged_durable(void **state)
{
	struct fx *f = *state;
	struct ack *a = NULL;
	size_t n = 0, cap = 0;
	int pfd[2], status = 0;
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	int extra_ms = 50 + (int)(seed % 400u);
	pid_t pid;

	for (int i = 0; i < KILL_T; i++) {
		char id[16];

		snprintf(id, sizeof id, "k%d", i);
		add(f->s, id);
	}
	assert_int_equal(pipe(pfd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(pfd[0]);
		kill_child(f->db, pfd[1]);
	}
	close(pfd[1]);
	while (n == 0)                 /* committing has started */
		n = read_acks(pfd[0], &a, n, &cap, 10);
	n = read_acks(pfd[0], &a, n, &cap, extra_ms);
	assert_int_equal(kill(pid, SIGKILL), 0);
	n = read_acks(pfd[0], &a, n, &cap, -1);  /* drain to EOF */
	close(pfd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	print_message("kill -9 after %d ms more: %zu acknowledged commits\n",
		      extra_ms, n);
	check_after_kill(f, a, n);
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_batch_isolates_failures,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_commit_failure_fails_batch,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_busy_fails_batch, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_threads_stress, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_options, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_kill9_acknowledged_durable,
						fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
