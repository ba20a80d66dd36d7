/*
 * jobs.c - the asynchronous judge (jobs.h): submissions as rows of the
 * store's job table, the worker threads that claim and judge them, the
 * lease keeper, and the event streams.
 *
 * Threads: config.judge_workers workers, each with a judge process
 * (jobs_proc.c) and a server context (store connection, orchestrator,
 * assistant) for the finish hook and its claims; one ticker that renews
 * the leases of the jobs this server is judging (every third of the
 * lease), wakes the waiting streams (every TU_JOBS_POLL_MS: the job may
 * be judged by another server) and purges old finished jobs.  HTTP
 * threads reach the table through a small pool of this module's own
 * connections (FRONT_CONNS, each under its own mutex), never through
 * another thread's context.
 *
 * One mutex guards the in-memory bookkeeping (streams, the workers'
 * current jobs, counters); it is never held while judging or talking to
 * the store, except that a stream arms itself under it.
 *
 * What it is not: it does not know the result's shape (the finish hook
 * builds it) nor HTTP (mhd.c parks and wakes connections through the
 * waker callbacks); the claim and lease rules are the store's.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "tutor/utf8.h"
#include "jobs.h"
#include "jobs_proc.h"
#include "srv.h"

#define JUDGE_TIMEOUT_MS (10 * 60 * 1000)   /* a hung judge process */
#define FRONT_CONNS 4                       /* store connections for HTTP */
#define PURGE_EVERY_MS 60000

struct worker {
	struct tu_jobs *j;
	unsigned i;
	pthread_t thread;
	bool started;
	struct tu_judge_proc proc;
	struct tu_srv_ctx *ctx;        /* registered with the server */
	char owner[TU_STORE_JOB_OWNER_MAX];
	char cur[TU_JOB_ID_MAX];       /* the job being judged, "" none */
};

struct front {
	pthread_mutex_t m;
	struct tu_store *s;            /* opened on first use */
};

struct tu_job_stream {
	struct tu_jobs *j;
	char id[TU_JOB_ID_MAX];
	uint64_t sent_version;         /* 0: nothing sent yet */
	bool done;                     /* the last event is pending/sent */
	struct tu_sbuf pending;
	size_t off;
	bool armed;                    /* waiting for news (waker set) */
	struct tu_job_waker w;
	struct tu_job_stream *prev, *next;
};

struct tu_jobs {
	struct tu_srv *s;
	tu_job_finish_fn finish;
	pthread_mutex_t lock;
	pthread_cond_t work;           /* a local submit, or stopping */
	bool stopping, streams_closed;
	unsigned n_workers, alive;
	struct worker *w;
	struct tu_job_stream *streams;
	uint64_t done, failed, rejected;
	int64_t lease_ms;
	struct front front[FRONT_CONNS];
	unsigned next_front;
	pthread_t ticker;
	bool ticker_started, ticker_stop;
	struct tu_store *tick_store;   /* the ticker's own connection */
};

const char *tu_job_status_name(enum tu_job_state st)
{
	return (unsigned)st <= TU_JOB_ERROR ? tu_job_state_name(st) : "error";
}

/* ---- the front connections ------------------------------------------------ */

/* Takes a front connection (locked; open); NULL + err when the store
 * cannot be opened.  Hand it back with front_put. */
static struct front *front_take(struct tu_jobs *j, struct tu_err *err)
{
	struct front *f = NULL;
	unsigned start;

	pthread_mutex_lock(&j->lock);
	start = j->next_front++ % FRONT_CONNS;
	pthread_mutex_unlock(&j->lock);
	for (unsigned k = 0; k < FRONT_CONNS && !f; k++)
		if (pthread_mutex_trylock(&j->front[(start + k) %
						    FRONT_CONNS].m) == 0)
			f = &j->front[(start + k) % FRONT_CONNS];
	if (!f) {
		f = &j->front[start];
		pthread_mutex_lock(&f->m);
	}
	if (!f->s && tu_store_open(j->s->cfg.db_path, NULL, &f->s, err)) {
		pthread_mutex_unlock(&f->m);
		return NULL;
	}
	return f;
}

static void front_put(struct front *f)
{
	pthread_mutex_unlock(&f->m);
}

/* ---- streams (callers hold the lock) --------------------------------------- */

/* Wakes the streams waiting on job id (NULL: all of them). */
static void notify(struct tu_jobs *j, const char *id)
{
	for (struct tu_job_stream *st = j->streams; st; st = st->next)
		if (st->armed && (!id || strcmp(st->id, id) == 0)) {
			st->armed = false;
			st->w.resume(st->w.ud);
		}
}

/* ---- submitting ------------------------------------------------------------ */

static enum tu_status check_submit(struct tu_jobs *j,
				   const struct tu_job_submit *in,
				   struct tu_err *err)
{
	const struct tu_course_problem *p;

	if (!in->learner || !*in->learner || strlen(in->learner) >= TU_ID_MAX)
		return tu_err_set(err, TU_EINVAL, "learner: not a learner id");
	p = in->item && strlen(in->item) < TU_ID_MAX ?
	    tu_course_problem_find(&j->s->course, in->item) : NULL;
	if (!p)
		return tu_err_set(err, TU_EINVAL, "item: no problem '%.64s' in "
				  "the course", in->item ? in->item : "");
	if ((unsigned)in->lang >= TU_LANGS || !p->langs[in->lang])
		return tu_err_set(err, TU_EINVAL, "lang: problem '%s' is not "
				  "offered in that language", p->id);
	if (!in->code || in->len == 0 || in->len > TU_JUDGE_MAX_SOURCE)
		return tu_err_set(err, TU_EINVAL, "code: must be 1..%u bytes",
				  TU_JUDGE_MAX_SOURCE);
	if (memchr(in->code, '\0', in->len) ||
	    !tu_utf8_valid(in->code, in->len, NULL))
		return tu_err_set(err, TU_EINVAL, "code: must be UTF-8 text "
				  "without NUL bytes");
	if (in->request_id && in->request_id[0] &&
	    !tu_store_request_id_ok(in->request_id))
		return tu_err_set(err, TU_EINVAL, "request id: must be 1..%d "
				  "bytes of [A-Za-z0-9_.:-]",
				  TU_STORE_REQUEST_ID_MAX - 1);
	return TU_OK;
}

/* The row of a new job for in (code borrowed from in). */
static void row_of(const struct tu_job_submit *in, struct tu_job_row *r)
{
	unsigned char rnd[8];

	tu_job_row_init(r);
	randombytes_buf(rnd, sizeof(rnd));
	r->id[0] = 's';
	sodium_bin2hex(r->id + 1, sizeof(r->id) - 1, rnd, sizeof(rnd));
	snprintf(r->learner, sizeof(r->learner), "%s", in->learner);
	snprintf(r->item, sizeof(r->item), "%s", in->item);
	snprintf(r->lang, sizeof(r->lang), "%s",
		 in->lang == TU_LANG_C ? "c" : "python");
	snprintf(r->request_id, sizeof(r->request_id), "%s",
		 in->request_id ? in->request_id : "");
	r->account = in->account;
	r->code = (char *)(uintptr_t)in->code;
	r->code_len = in->len;
	r->at = in->now;
	r->created = tu_srv_now();
}

/* Refusals that depend on this server's state. */
static enum tu_status admit(struct tu_jobs *j, struct tu_err *err)
{
	enum tu_status st = TU_OK;

	pthread_mutex_lock(&j->lock);
	if (j->stopping || j->alive == 0)
		st = tu_err_set(err, TU_EUNAVAIL, "the judge is not available "
				"(%s)", j->stopping ? "the server is stopping" :
				"no judge process left");
	pthread_mutex_unlock(&j->lock);
	return st;
}

static void count_rejected(struct tu_jobs *j)
{
	pthread_mutex_lock(&j->lock);
	j->rejected++;
	pthread_mutex_unlock(&j->lock);
}

static void reword_limit(enum tu_status st, struct tu_err *err)
{
	if (st == TU_EBUDGET)
		tu_err_set(err, TU_EBUDGET, "%u submissions of yours are still "
			   "being judged; wait for them", TU_JOBS_PER_LEARNER);
	else if (st == TU_EUNAVAIL)
		tu_err_set(err, TU_EUNAVAIL, "the judge queue is full (%u "
			   "waiting); try again shortly", TU_JOBS_QUEUE_MAX);
}

enum tu_status tu_jobs_submit(struct tu_jobs *j, const struct tu_job_submit *in,
			      char id[TU_JOB_ID_MAX], bool *existed,
			      struct tu_err *err)
{
	const struct tu_job_limits lim = { TU_JOBS_PER_LEARNER,
					   TU_JOBS_QUEUE_MAX };
	struct tu_job_row r;
	struct front *f;
	bool ex = false;
	enum tu_status st;

	id[0] = '\0';
	if (existed)
		*existed = false;
	if (check_submit(j, in, err) || admit(j, err))
		return err->code;
	if (!(f = front_take(j, err)))
		return err->code ? err->code : TU_EIO;
	row_of(in, &r);
	st = tu_store_job_add(f->s, &r, &lim, &ex, id, err);
	front_put(f);
	if (st) {
		reword_limit(st, err);
		count_rejected(j);
		return st;
	}
	if (existed)
		*existed = ex;
	pthread_mutex_lock(&j->lock);
	pthread_cond_signal(&j->work);
	pthread_mutex_unlock(&j->lock);
	return TU_OK;
}

/* ---- reading ---------------------------------------------------------------- */

static void view_fill(const struct tu_job_row *r, struct tu_job_view *v)
{
	size_t n;

	memset(v, 0, sizeof(*v));
	memcpy(v->id, r->id, sizeof(v->id));
	memcpy(v->learner, r->learner, sizeof(v->learner));
	memcpy(v->item, r->item, sizeof(v->item));
	n = strnlen(r->error, sizeof(v->error) - 1);
	memcpy(v->error, r->error, n);
	v->error[n] = '\0';
	v->account = r->account;
	v->lang = strcmp(r->lang, "c") == 0 ? TU_LANG_C : TU_LANG_PYTHON;
	v->status = r->state;
	v->version = ((uint64_t)r->attempts << 2) + (uint64_t)r->state + 1;
	if (r->state == TU_JOB_DONE && r->result)
		v->result = json_loadb(r->result, r->result_len, 0, NULL);
	v->created = r->created;
	v->finished = r->finished;
}

enum tu_status tu_jobs_get(struct tu_jobs *j, const char *id,
			   struct tu_job_view *v, struct tu_err *err)
{
	struct tu_job_row r;
	struct front *f;
	enum tu_status st;

	memset(v, 0, sizeof(*v));
	if (!id || !tu_store_request_id_ok(id) ||
	    strlen(id) >= TU_JOB_ID_MAX || strchr(id, ':'))
		return tu_err_set(err, TU_ENOTFOUND, "no submission '%.64s'",
				  id ? id : "");
	if (!(f = front_take(j, err)))
		return err->code ? err->code : TU_EIO;
	tu_job_row_init(&r);
	st = tu_store_job_get(f->s, id, &r, err);
	front_put(f);
	if (st == TU_ENOTFOUND)
		tu_err_set(err, TU_ENOTFOUND, "no submission '%.64s'", id);
	if (!st)
		view_fill(&r, v);
	tu_job_row_release(&r);
	return st;
}

void tu_job_view_release(struct tu_job_view *v)
{
	json_decref(v->result);
	v->result = NULL;
}

json_t *tu_job_view_json(const struct tu_job_view *v)
{
	json_t *o = json_pack("{s:s,s:s,s:s}", "id", v->id, "item", v->item,
			      "status", tu_job_status_name(v->status));

	if (o && v->status == TU_JOB_DONE && v->result)
		json_object_set(o, "result", v->result);
	if (o && v->status == TU_JOB_ERROR)
		json_object_set_new(o, "error", json_string(v->error));
	return o;
}

void tu_jobs_stats(struct tu_jobs *j, struct tu_jobs_stats *st)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_job_counts n = { 0, 0 };
	struct front *f;

	memset(st, 0, sizeof(*st));
	if (!j)
		return;
	if ((f = front_take(j, &err))) {
		(void)tu_store_job_counts(f->s, NULL, &n, &err);
		front_put(f);
	}
	pthread_mutex_lock(&j->lock);
	st->queued = n.queued;
	st->running = n.running;
	st->done = j->done;
	st->failed = j->failed;
	st->rejected = j->rejected;
	st->judges_alive = j->alive;
	pthread_mutex_unlock(&j->lock);
}

/* ---- the workers ------------------------------------------------------------ */

/* The submission of row r as the finish hook sees it. */
static void submit_of(const struct tu_job_row *r, struct tu_job_submit *sub)
{
	memset(sub, 0, sizeof(*sub));
	sub->learner = r->learner;
	sub->account = r->account;
	sub->item = r->item;
	sub->lang = strcmp(r->lang, "c") == 0 ? TU_LANG_C : TU_LANG_PYTHON;
	sub->code = r->code;
	sub->len = r->code_len;
	sub->now = r->at;
	sub->id = r->id;
}

/* Judges r and runs the finish hook, without the lock. */
static enum tu_job_state run_job(struct worker *w, const struct tu_job_row *r,
				 json_t **result, char *error, size_t cap)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_judge_result judged;
	struct tu_job_submit sub;
	enum tu_job_state out = TU_JOB_ERROR;

	*result = NULL;
	submit_of(r, &sub);
	if (r->attempts > TU_JOBS_MAX_ATTEMPTS) {
		snprintf(error, cap, "judging was started %u times without "
			 "finishing (its servers stopped); nothing more is "
			 "tried", r->attempts - 1);
		return TU_JOB_ERROR;
	}
	if (tu_judge_proc_run(&w->proc, sub.item, sub.lang, sub.code, sub.len,
			      JUDGE_TIMEOUT_MS, &judged, &err)) {
		snprintf(error, cap, "%s", err.msg);
		return TU_JOB_ERROR;
	}
	if (judged.verdict == TU_VERDICT_IE)
		snprintf(error, cap, "the judge failed (%.400s); nothing was "
			 "recorded", judged.message);
	else if (w->j->finish(w->j->s, w->ctx, &sub, &judged, result, &err))
		snprintf(error, cap, "%s", err.msg);
	else
		out = TU_JOB_DONE;
	tu_judge_result_release(&judged);
	return out;
}

/* Records the outcome in the table (only while w still holds the job). */
static void finish_row(struct worker *w, const struct tu_job_row *r,
		       enum tu_job_state state, json_t *result,
		       const char *error)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_job_outcome o;
	char *text = result ? json_dumps(result, JSON_COMPACT) : NULL;
	const json_t *seq = json_object_get(result, "seq");
	enum tu_status st;

	memset(&o, 0, sizeof(o));
	o.state = state == TU_JOB_DONE && text ? TU_JOB_DONE : TU_JOB_ERROR;
	o.result = text;
	o.result_len = text ? strlen(text) : 0;
	o.error = o.state == TU_JOB_ERROR ? (error[0] ? error :
		  "out of memory keeping the result") : "";
	o.seq = json_is_integer(seq) && json_integer_value(seq) > 0 ?
		(uint64_t)json_integer_value(seq) : 0;
	o.finished = tu_srv_now();
	st = tu_store_job_finish(w->ctx->store, r->id, w->owner, &o, &err);
	if (st)
		fprintf(stderr, "tutor: judge worker %u: job %s: %s\n", w->i,
			r->id, err.msg);
	free(text);
}

static void set_cur(struct worker *w, const char *id, enum tu_job_state st)
{
	struct tu_jobs *j = w->j;

	pthread_mutex_lock(&j->lock);
	snprintf(w->cur, sizeof(w->cur), "%s", id ? id : "");
	if (st == TU_JOB_DONE)
		j->done++;
	else if (st == TU_JOB_ERROR)
		j->failed++;
	pthread_mutex_unlock(&j->lock);
}

/* Judges one claimed job start to end. */
static void handle(struct worker *w, const struct tu_job_row *r)
{
	char error[TU_ERR_MSG_MAX];
	enum tu_job_state st;
	json_t *result = NULL;

	set_cur(w, r->id, TU_JOB_RUNNING);
	pthread_mutex_lock(&w->j->lock);
	notify(w->j, r->id);
	pthread_mutex_unlock(&w->j->lock);
	error[0] = '\0';
	st = run_job(w, r, &result, error, sizeof(error));
	finish_row(w, r, st, result, error);
	json_decref(result);
	set_cur(w, NULL, st);
	pthread_mutex_lock(&w->j->lock);
	notify(w->j, r->id);
	pthread_mutex_unlock(&w->j->lock);
}

/* Waits up to TU_JOBS_POLL_MS for a local submit (lock held). */
static void idle_wait(struct tu_jobs *j)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += (long)TU_JOBS_POLL_MS * 1000000L;
	ts.tv_sec += ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	(void)pthread_cond_timedwait(&j->work, &j->lock, &ts);
}

/* One claim: 1 when a job was handled, 0 when there was none, -1 on a
 * store error (logged). */
static int claim_one(struct worker *w, struct tu_job_row *r)
{
	struct tu_err err = TU_ERR_INIT;
	enum tu_status st = tu_store_job_claim(w->ctx->store, w->owner,
					       tu_srv_now_ms(), w->j->lease_ms,
					       r, &err);

	if (st == TU_ENOTFOUND)
		return 0;
	if (st) {
		fprintf(stderr, "tutor: judge worker %u: %s\n", w->i, err.msg);
		return -1;
	}
	handle(w, r);
	tu_job_row_release(r);
	return 1;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct tu_jobs *j = w->j;
	struct tu_job_row r;
	bool stopping = false;
	int got;

	tu_job_row_init(&r);
	while (w->proc.alive && !stopping) {
		got = claim_one(w, &r);
		pthread_mutex_lock(&j->lock);
		stopping = j->stopping;
		if (got <= 0 && !stopping)
			idle_wait(j);
		stopping = j->stopping;
		pthread_mutex_unlock(&j->lock);
	}
	pthread_mutex_lock(&j->lock);
	if (!w->proc.alive) {
		fprintf(stderr, "tutor: judge worker %u retired: its process "
			"stopped\n", w->i);
		j->alive--;
	}
	pthread_mutex_unlock(&j->lock);
	tu_job_row_release(&r);
	return NULL;
}

/* ---- the ticker: leases, streams, purge -------------------------------------- */

/* Renews the lease of every job this server is judging. */
static void renew_all(struct tu_jobs *j)
{
	char ids[64][TU_JOB_ID_MAX], owners[64][TU_STORE_JOB_OWNER_MAX];
	struct tu_err err = TU_ERR_INIT;
	unsigned n = 0;

	pthread_mutex_lock(&j->lock);
	for (unsigned i = 0; i < j->n_workers && n < 64; i++)
		if (j->w[i].cur[0]) {
			memcpy(ids[n], j->w[i].cur, sizeof(ids[n]));
			memcpy(owners[n], j->w[i].owner, sizeof(owners[n]));
			n++;
		}
	pthread_mutex_unlock(&j->lock);
	for (unsigned i = 0; i < n && j->tick_store; i++)
		if (tu_store_job_renew(j->tick_store, ids[i], owners[i],
				       tu_srv_now_ms(), j->lease_ms, &err))
			fprintf(stderr, "tutor: job %s: lease not renewed: "
				"%s\n", ids[i], err.msg);
}

static void purge_old(struct tu_jobs *j)
{
	struct tu_err err = TU_ERR_INIT;

	if (j->tick_store)
		(void)tu_store_job_purge(j->tick_store,
					 tu_srv_now() - TU_JOBS_KEEP_S, NULL,
					 &err);
}

static void *ticker_main(void *arg)
{
	struct tu_jobs *j = arg;
	int64_t last_renew = tu_srv_now_ms(), last_purge = 0, now;
	bool stop = false;

	while (!stop) {
		usleep(TU_JOBS_POLL_MS * 1000);
		now = tu_srv_now_ms();
		if (now - last_renew >= j->lease_ms / 3) {
			renew_all(j);
			last_renew = now;
		}
		if (now - last_purge >= PURGE_EVERY_MS) {
			purge_old(j);
			last_purge = now;
		}
		pthread_mutex_lock(&j->lock);
		notify(j, NULL);
		stop = j->ticker_stop;
		pthread_mutex_unlock(&j->lock);
	}
	return NULL;
}

/* ---- start and stop ----------------------------------------------------------- */

/* The lease from TUTOR_JOB_LEASE_MS (100 ms .. 1 h), else the default. */
static int64_t lease_from_env(void)
{
	const char *v = getenv("TUTOR_JOB_LEASE_MS");
	char *end = NULL;
	long long ms;

	if (!v || !*v)
		return TU_JOBS_LEASE_MS;
	errno = 0;
	ms = strtoll(v, &end, 10);
	if (errno || *end || ms < 100 || ms > 3600000) {
		fprintf(stderr, "tutor: TUTOR_JOB_LEASE_MS '%.32s' ignored "
			"(100..3600000); using %d\n", v, TU_JOBS_LEASE_MS);
		return TU_JOBS_LEASE_MS;
	}
	return (int64_t)ms;
}

/* "host:pid:serial:wI": unique per worker across servers. */
static void owner_name(const struct tu_jobs *j, unsigned i, char *out,
		       size_t cap)
{
	char host[40] = "host", buf[128];
	size_t n;

	(void)gethostname(host, sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	snprintf(buf, sizeof(buf), "%.39s:%ld:%llu:w%u", host,
		 (long)getpid(), (unsigned long long)j->s->serial, i);
	n = strnlen(buf, cap - 1);
	memcpy(out, buf, n);
	out[n] = '\0';
}

static enum tu_status start_procs(struct tu_jobs *j, struct tu_err *err)
{
	int fds[64];

	for (unsigned i = 0; i < j->n_workers; i++) {
		j->w[i].j = j;
		j->w[i].i = i;
		j->w[i].proc.fd = -1;
		owner_name(j, i, j->w[i].owner, sizeof(j->w[i].owner));
		if (tu_judge_proc_start(&j->w[i].proc, &j->s->course,
					TU_JOBS_UID_BASE + i, fds, i, err))
			return err->code;
		fds[i] = j->w[i].proc.fd;
		j->alive++;
	}
	return TU_OK;
}

static enum tu_status start_threads(struct tu_jobs *j, struct tu_err *err)
{
	if (tu_store_open(j->s->cfg.db_path, NULL, &j->tick_store, err))
		return err->code;
	for (unsigned i = 0; i < j->n_workers; i++) {
		struct worker *w = &j->w[i];

		w->ctx = tu_srv_ctx_new(j->s, err);
		if (!w->ctx)
			return err->code;
		if (pthread_create(&w->thread, NULL, worker_main, w) != 0)
			return tu_err_set(err, TU_EIO, "judge worker %u: "
					  "cannot start a thread", i);
		w->started = true;
	}
	if (pthread_create(&j->ticker, NULL, ticker_main, j) != 0)
		return tu_err_set(err, TU_EIO, "judge: cannot start the lease "
				  "keeper thread");
	j->ticker_started = true;
	return TU_OK;
}

enum tu_status tu_jobs_new(struct tu_srv *s, unsigned workers,
			   tu_job_finish_fn finish, struct tu_jobs **out,
			   struct tu_err *err)
{
	struct tu_jobs *j;

	*out = NULL;
	if (workers < 1 || workers > 64 || !finish)
		return tu_err_set(err, TU_EINVAL, "judge workers: 1..64, not "
				  "%u", workers);
	if (sodium_init() < 0)
		return tu_err_set(err, TU_EIO, "libsodium failed to start");
	j = calloc(1, sizeof(*j));
	if (!j || !(j->w = calloc(workers, sizeof(*j->w)))) {
		free(j);
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	}
	j->s = s;
	j->finish = finish;
	j->n_workers = workers;
	j->lease_ms = lease_from_env();
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->work, NULL);
	for (unsigned i = 0; i < FRONT_CONNS; i++)
		pthread_mutex_init(&j->front[i].m, NULL);
	if (start_procs(j, err) || start_threads(j, err)) {
		tu_jobs_free(j);
		return err->code;
	}
	*out = j;
	return TU_OK;
}

void tu_jobs_close_streams(struct tu_jobs *j)
{
	if (!j)
		return;
	pthread_mutex_lock(&j->lock);
	j->streams_closed = true;
	notify(j, NULL);
	pthread_mutex_unlock(&j->lock);
}

void tu_jobs_free(struct tu_jobs *j)
{
	if (!j)
		return;
	tu_jobs_close_streams(j);
	pthread_mutex_lock(&j->lock);
	j->stopping = true;
	pthread_cond_broadcast(&j->work);
	pthread_mutex_unlock(&j->lock);
	for (unsigned i = 0; i < j->n_workers; i++)
		if (j->w[i].started)
			pthread_join(j->w[i].thread, NULL);
	pthread_mutex_lock(&j->lock);
	j->ticker_stop = true;
	pthread_mutex_unlock(&j->lock);
	if (j->ticker_started)
		pthread_join(j->ticker, NULL);
	for (unsigned i = 0; i < j->n_workers; i++)
		tu_judge_proc_stop(&j->w[i].proc);
	for (unsigned i = 0; i < FRONT_CONNS; i++) {
		tu_store_close(j->front[i].s);
		pthread_mutex_destroy(&j->front[i].m);
	}
	tu_store_close(j->tick_store);
	free(j->w);
	pthread_cond_destroy(&j->work);
	pthread_mutex_destroy(&j->lock);
	free(j);
}

/* ---- event streams ------------------------------------------------------------ */

struct tu_job_stream *tu_job_stream_new(struct tu_jobs *j, const char *id)
{
	struct tu_job_stream *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	st->j = j;
	snprintf(st->id, sizeof(st->id), "%s", id ? id : "");
	tu_sbuf_init(&st->pending, 1u << 22);
	pthread_mutex_lock(&j->lock);
	st->next = j->streams;
	if (j->streams)
		j->streams->prev = st;
	j->streams = st;
	pthread_mutex_unlock(&j->lock);
	return st;
}

void tu_job_stream_free(struct tu_job_stream *st)
{
	struct tu_jobs *j;

	if (!st)
		return;
	j = st->j;
	pthread_mutex_lock(&j->lock);
	if (st->prev)
		st->prev->next = st->next;
	else
		j->streams = st->next;
	if (st->next)
		st->next->prev = st->prev;
	pthread_mutex_unlock(&j->lock);
	tu_sbuf_release(&st->pending);
	free(st);
}

/* Appends "event: name\ndata: <v>\n\n" to b (v stolen). */
static void sse_event(struct tu_sbuf *b, const char *name, json_t *v)
{
	char *s = v ? json_dumps(v, JSON_COMPACT) : NULL;

	tu_sbuf_addf(b, "event: %s\ndata: %s\n\n", name,
		     s ? s : "{\"error\":\"out of memory\"}");
	free(s);
	json_decref(v);
}

/* Formats what changed since the last event into st->pending (v NULL:
 * the job is unknown). */
static void stream_format(struct tu_job_stream *st, const struct tu_job_view *v)
{
	tu_sbuf_reset(&st->pending);
	st->off = 0;
	if (!v) {
		st->done = true;
		sse_event(&st->pending, "error", json_pack("{s:{s:s,s:s}}",
			  "error", "code", "not_found", "message",
			  "no such submission"));
		return;
	}
	st->sent_version = v->version;
	if (v->status == TU_JOB_DONE || v->status == TU_JOB_ERROR) {
		st->done = true;
		sse_event(&st->pending, "result", tu_job_view_json(v));
	} else {
		sse_event(&st->pending, "status", json_pack("{s:s,s:s}", "id",
			  v->id, "status", tu_job_status_name(v->status)));
	}
}

static ssize_t stream_copy(struct tu_job_stream *st, char *buf, size_t max)
{
	size_t n = st->pending.len - st->off;

	if (n > max)
		n = max;
	memcpy(buf, st->pending.p + st->off, n);
	st->off += n;
	return (ssize_t)n;
}

/* Parks st until the next wake-up; 0. */
static ssize_t stream_park(struct tu_job_stream *st,
			   const struct tu_job_waker *w)
{
	struct tu_jobs *j = st->j;

	pthread_mutex_lock(&j->lock);
	if (j->streams_closed) {
		pthread_mutex_unlock(&j->lock);
		return -1;
	}
	st->armed = true;
	st->w = *w;
	w->suspend(w->ud);
	pthread_mutex_unlock(&j->lock);
	return 0;
}

ssize_t tu_job_stream_read(struct tu_job_stream *st, char *buf, size_t max,
			   const struct tu_job_waker *w)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_job_view v;
	enum tu_status rc;
	bool closed;

	if (st->off < st->pending.len)
		return stream_copy(st, buf, max);
	if (st->done)
		return -1;
	pthread_mutex_lock(&st->j->lock);
	closed = st->j->streams_closed;
	pthread_mutex_unlock(&st->j->lock);
	if (closed)
		return -1;
	rc = tu_jobs_get(st->j, st->id, &v, &err);
	if (rc != TU_OK && rc != TU_ENOTFOUND)
		return stream_park(st, w);       /* the store: try again */
	if (rc == TU_OK && v.version == st->sent_version) {
		tu_job_view_release(&v);
		return stream_park(st, w);
	}
	stream_format(st, rc == TU_OK ? &v : NULL);
	if (rc == TU_OK)
		tu_job_view_release(&v);
	if (st->pending.len == 0)
		return -1;
	return stream_copy(st, buf, max);
}
