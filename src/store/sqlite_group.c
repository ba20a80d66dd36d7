/*
 * sqlite_group.c - group commit for the SQLite backend: the commits of
 * many threads of one process to one database file share one write
 * transaction and so one fsync (synchronous=FULL), with the same promise
 * as a lone commit: tu_store_commit returns TU_OK only after the COMMIT
 * that holds its event succeeded.
 *
 * How: every handle opened with group_commit and sync_full on a file
 * joins that file's group (below).  A committing thread enqueues its
 * request and waits.  When no leader is running, the first waiter whose
 * request is not answered becomes the leader: it takes up to BATCH_MAX
 * requests from the head of the queue (its own may or may not be among
 * them), releases the group's mutex and, on its OWN connection, runs
 * BEGIN IMMEDIATE, each request's compare-and-set body inside its own
 * SAVEPOINT (a refused request - version conflict, known request id,
 * unknown learner - rolls back to its savepoint and only it fails), then
 * one COMMIT.  It then answers every request of the batch and wakes the
 * waiters.  While a leader writes, the next commits queue up behind it,
 * so batching needs no timer: under load the queue is the batch.
 *
 * When BEGIN or COMMIT fails, or an error inside the transaction made
 * SQLite roll all of it back, every request of the batch that had not
 * failed on its own gets that error and nothing of the batch is written.
 * Waiters' commits are borrowed while they wait (they are blocked in
 * tu_store_commit), so the leader reads their fields in place.
 *
 * Process state: the registry of groups (a list keyed by the canonical
 * path of the database file and the process id, each reference counted
 * by the handles that joined it, guarded by registry_mu) is the only
 * state the SQLite backend keeps outside its handles.  The process id in
 * the key keeps a forked child (which must not use its parent's handles
 * anyway) from ever sharing a group with its parent.
 *
 * What it is not: no cross-process batching (other processes are other
 * writers, serialised by SQLite's write lock and the busy timeout), no
 * timed wait for stragglers, and nothing for handles with
 * synchronous=NORMAL or group_commit off: they commit alone.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sqlite_internal.h"

#define BATCH_MAX 64   /* requests per group transaction */

/* One waiting commit; lives on its caller's stack. */
struct req {
	const struct tu_commit *c;
	uint64_t seq;
	enum tu_status status;
	struct tu_err err;
	bool done;                 /* answered (under the group's mutex) */
	struct req *next;
};

struct tu__sq_group {
	struct tu__sq_group *next; /* the registry list */
	pid_t pid;
	int refs;                  /* handles joined (under registry_mu) */
	pthread_mutex_t mu;        /* everything below */
	pthread_cond_t answered;   /* a batch was answered */
	struct req *head, *tail;   /* waiting for a leader, in arrival order */
	bool leading;              /* a leader is running a batch */
	struct tu_store_commit_stats stats;
	char path[];               /* canonical path of the database file */
};

static pthread_mutex_t registry_mu = PTHREAD_MUTEX_INITIALIZER;
static struct tu__sq_group *registry;

/* ---- the registry ------------------------------------------------------ */

static struct tu__sq_group *find_group(const char *path, pid_t pid)
{
	struct tu__sq_group *g = registry;

	while (g && (g->pid != pid || strcmp(g->path, path) != 0))
		g = g->next;
	return g;
}

static struct tu__sq_group *new_group(const char *path, pid_t pid)
{
	size_t len = strlen(path);
	struct tu__sq_group *g = calloc(1, sizeof(*g) + len + 1);

	if (!g)
		return NULL;
	if (pthread_mutex_init(&g->mu, NULL) != 0) {
		free(g);
		return NULL;
	}
	if (pthread_cond_init(&g->answered, NULL) != 0) {
		pthread_mutex_destroy(&g->mu);
		free(g);
		return NULL;
	}
	g->pid = pid;
	memcpy(g->path, path, len + 1);
	g->next = registry;
	registry = g;
	return g;
}

static void unlink_group(struct tu__sq_group *g)
{
	struct tu__sq_group **p = &registry;

	while (*p && *p != g)
		p = &(*p)->next;
	if (*p)
		*p = g->next;
	pthread_cond_destroy(&g->answered);
	pthread_mutex_destroy(&g->mu);
	free(g);
}

enum tu_status tu__sq_group_join(struct tu__sq *q,
				 const struct tu_store_options *opts,
				 struct tu_err *err)
{
	pid_t pid = getpid();
	struct tu__sq_group *g;
	char *canon;

	q->group = NULL;
	if (!opts->group_commit || !opts->sync_full)
		return TU_OK;
	canon = realpath(q->path, NULL);
	if (!canon)
		return TU_OK;          /* no file (":memory:"): commit alone */
	pthread_mutex_lock(&registry_mu);
	g = find_group(canon, pid);
	if (!g)
		g = new_group(canon, pid);
	if (g)
		g->refs++;
	pthread_mutex_unlock(&registry_mu);
	free(canon);
	if (!g)
		return tu_err_set(err, TU_ENOMEM, "store %s: out of memory for "
				  "the group committer", q->path);
	q->group = g;
	return TU_OK;
}

void tu__sq_group_leave(struct tu__sq *q)
{
	struct tu__sq_group *g = q->group;

	if (!g)
		return;
	q->group = NULL;
	pthread_mutex_lock(&registry_mu);
	if (--g->refs == 0)
		unlink_group(g);
	pthread_mutex_unlock(&registry_mu);
}

void tu__sq_commit_stats(struct tu_store *s, struct tu_store_commit_stats *st)
{
	struct tu__sq_group *g = tu__sq_of(s)->group;

	if (!g)
		return;
	pthread_mutex_lock(&g->mu);
	*st = g->stats;
	pthread_mutex_unlock(&g->mu);
}

/* ---- one batch, on the leader's connection ------------------------------ */

static enum tu_status exec_sql(struct tu__sq *q, const char *sql,
			       const char *what, struct tu_err *err)
{
	int rc = sqlite3_exec(q->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? TU_OK : tu__sq_fail(q, rc, what, err);
}

/* True when SQLite rolled the whole transaction back by itself (some
 * I/O, full-disk and out-of-memory errors do). */
static bool tx_lost(const struct tu__sq *q)
{
	return sqlite3_get_autocommit(q->db) != 0;
}

/*
 * Applies r inside a savepoint: on its own failure r gets the status and
 * message and only its savepoint is rolled back.  Returns non-OK (in
 * *err) only when the shared transaction is gone or unusable.
 */
static enum tu_status apply_one(struct tu__sq *q, struct req *r,
				struct tu_err *err)
{
	enum tu_status st = exec_sql(q, "SAVEPOINT tu_gc", "opening a "
				     "savepoint", err);

	if (st)
		return st;
	r->status = tu__sq_commit_body(q, r->c, &r->seq, &r->err);
	if (r->status && tx_lost(q)) {
		*err = r->err;
		return r->status;
	}
	if (r->status)
		st = exec_sql(q, "ROLLBACK TO tu_gc", "rolling back a "
			      "savepoint", err);
	if (!st)
		st = exec_sql(q, "RELEASE tu_gc", "releasing a savepoint",
			      err);
	return st;
}

/* Gives every request that had not failed on its own the batch's error. */
static void fail_batch(struct req **b, size_t n, enum tu_status st,
		       const struct tu_err *err)
{
	for (size_t i = 0; i < n; i++) {
		if (b[i]->status)
			continue;
		b[i]->status = st;
		b[i]->err = *err;
		b[i]->seq = 0;
	}
}

/* Runs the batch b[n] in one transaction; true when it committed. */
static bool run_batch(struct tu__sq *q, struct req **b, size_t n)
{
	struct tu_err err = TU_ERR_INIT;
	enum tu_status st = tu__sq_begin(q, &err);

	for (size_t i = 0; !st && i < n; i++)
		st = apply_one(q, b[i], &err);
	if (!st)
		st = tu__sq_commit_tx(q, &err);
	if (!st)
		return true;
	tu__sq_rollback(q);
	fail_batch(b, n, st, &err);
	return false;
}

/* ---- the queue and the leader ------------------------------------------ */

static void enqueue(struct tu__sq_group *g, struct req *r)
{
	if (g->tail)
		g->tail->next = r;
	else
		g->head = r;
	g->tail = r;
	g->stats.pending++;
}

/* Moves up to BATCH_MAX requests from the head of the queue into b. */
static size_t take(struct tu__sq_group *g, struct req **b)
{
	size_t n = 0;

	while (g->head && n < BATCH_MAX) {
		b[n++] = g->head;
		g->head = g->head->next;
	}
	if (!g->head)
		g->tail = NULL;
	return n;
}

static void count_batch(struct tu__sq_group *g, size_t n, bool ok)
{
	struct tu_store_commit_stats *s = &g->stats;

	s->batches++;
	s->commits += n;
	if (n > 1)
		s->multi++;
	if (n > s->max_batch)
		s->max_batch = n;
	if (!ok)
		s->failed++;
	s->pending -= n;
}

/* Called and returns with g->mu held; drops it while writing. */
static void lead(struct tu__sq *q, struct tu__sq_group *g)
{
	struct req *b[BATCH_MAX];
	size_t n = take(g, b);
	bool ok;

	g->leading = true;
	pthread_mutex_unlock(&g->mu);
	ok = run_batch(q, b, n);
	pthread_mutex_lock(&g->mu);
	count_batch(g, n, ok);
	for (size_t i = 0; i < n; i++)
		b[i]->done = true;     /* b[i] may be gone once mu drops */
	g->leading = false;
	pthread_cond_broadcast(&g->answered);
}

enum tu_status tu__sq_group_commit(struct tu__sq *q, const struct tu_commit *c,
				   uint64_t *seq, struct tu_err *err)
{
	struct tu__sq_group *g = q->group;
	struct req r = { c, 0, TU_OK, TU_ERR_INIT, false, NULL };

	pthread_mutex_lock(&g->mu);
	enqueue(g, &r);
	while (!r.done) {
		if (!g->leading)
			lead(q, g);
		else
			pthread_cond_wait(&g->answered, &g->mu);
	}
	pthread_mutex_unlock(&g->mu);
	if (r.status) {
		if (err)
			*err = r.err;
		return r.status;
	}
	if (seq)
		*seq = r.seq;
	return TU_OK;
}
