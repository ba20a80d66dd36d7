/*
 * jobs.c - the asynchronous judge (jobs.h): the queue, the worker
 * threads, the jobs kept in memory, and the event streams.
 *
 * One mutex guards everything here (queue, job table, streams); it is
 * held only for bookkeeping, never while judging or recording events.
 * Workers wait on a condition variable.  Each worker owns one judge
 * process (jobs_proc.c) and one server context (store connection,
 * orchestrator, assistant) for the finish hook.
 *
 * Jobs live in one array in creation order: queued, running and finished
 * ones; a finished job is dropped after TU_JOBS_KEEP_S or when more than
 * TU_JOBS_KEEP_MAX finished jobs are kept (the oldest first).  Lookups
 * are linear (a few thousand entries at most).
 *
 * What it is not: it does not know the result's shape (the finish hook
 * builds it) nor HTTP (mhd.c parks and wakes connections through the
 * waker callbacks).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "tutor/utf8.h"
#include "jobs.h"
#include "jobs_proc.h"
#include "srv.h"

#define JUDGE_TIMEOUT_MS (10 * 60 * 1000)   /* a hung judge process */

struct job {
	char id[TU_JOB_ID_MAX];
	char learner[TU_ID_MAX];
	int64_t account;
	char item[TU_ID_MAX];
	enum tu_lang lang;
	char *code;
	size_t len;
	int64_t now;
	enum tu_job_status status;
	uint64_t version;
	char error[TU_ERR_MSG_MAX];
	json_t *result;
	int64_t created, finished;
	struct job *next_q;            /* the queue */
};

struct worker {
	struct tu_jobs *j;
	unsigned i;
	pthread_t thread;
	bool started;
	struct tu_judge_proc proc;
	struct tu_srv_ctx *ctx;        /* registered with the server */
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
	pthread_cond_t work;
	struct job **all;
	size_t n_all, cap_all;
	struct job *q_head, *q_tail;
	size_t n_queued, n_running, n_finished;
	bool stopping, streams_closed;
	unsigned n_workers, alive;
	struct worker *w;
	struct tu_job_stream *streams;
	uint64_t done, failed, rejected;
};

const char *tu_job_status_name(enum tu_job_status st)
{
	static const char *const names[] = { "queued", "running", "done",
					     "error" };

	return (unsigned)st <= TU_JOB_ERROR ? names[st] : "error";
}

/* ---- the job table (callers hold the lock) ------------------------------ */

static struct job *find(struct tu_jobs *j, const char *id)
{
	for (size_t i = 0; i < j->n_all; i++)
		if (strcmp(j->all[i]->id, id) == 0)
			return j->all[i];
	return NULL;
}

static void job_free(struct job *jb)
{
	if (!jb)
		return;
	free(jb->code);
	json_decref(jb->result);
	free(jb);
}

static bool finished(const struct job *jb)
{
	return jb->status == TU_JOB_DONE || jb->status == TU_JOB_ERROR;
}

/* Drops finished jobs past their time or over the count, oldest first. */
static void evict(struct tu_jobs *j, int64_t now)
{
	size_t o = 0;
	size_t over = j->n_finished > TU_JOBS_KEEP_MAX ?
		      j->n_finished - TU_JOBS_KEEP_MAX : 0;

	for (size_t i = 0; i < j->n_all; i++) {
		struct job *jb = j->all[i];

		if (finished(jb) && (over > 0 ||
				     now - jb->finished > TU_JOBS_KEEP_S)) {
			if (over > 0)
				over--;
			j->n_finished--;
			job_free(jb);
			continue;
		}
		j->all[o++] = jb;
	}
	j->n_all = o;
}

static bool table_add(struct tu_jobs *j, struct job *jb)
{
	if (j->n_all == j->cap_all) {
		size_t cap = j->cap_all ? j->cap_all * 2 : 64;
		struct job **a = realloc(j->all, cap * sizeof(*a));

		if (!a)
			return false;
		j->all = a;
		j->cap_all = cap;
	}
	j->all[j->n_all++] = jb;
	return true;
}

/* Wakes the streams waiting on jb. */
static void notify(struct tu_jobs *j, const struct job *jb)
{
	for (struct tu_job_stream *st = j->streams; st; st = st->next)
		if (st->armed && strcmp(st->id, jb->id) == 0) {
			st->armed = false;
			st->w.resume(st->w.ud);
		}
}

static void set_status(struct tu_jobs *j, struct job *jb,
		       enum tu_job_status status)
{
	jb->status = status;
	jb->version++;
	notify(j, jb);
}

/* ---- submitting --------------------------------------------------------- */

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
	return TU_OK;
}

static struct job *job_new(const struct tu_job_submit *in)
{
	struct job *jb = calloc(1, sizeof(*jb));
	unsigned char rnd[8];

	if (!jb || !(jb->code = malloc(in->len + 1))) {
		free(jb);
		return NULL;
	}
	memcpy(jb->code, in->code, in->len);
	jb->code[in->len] = '\0';
	jb->len = in->len;
	randombytes_buf(rnd, sizeof(rnd));
	jb->id[0] = 's';
	sodium_bin2hex(jb->id + 1, sizeof(jb->id) - 1, rnd, sizeof(rnd));
	snprintf(jb->learner, sizeof(jb->learner), "%s", in->learner);
	snprintf(jb->item, sizeof(jb->item), "%s", in->item);
	jb->account = in->account;
	jb->lang = in->lang;
	jb->now = in->now;
	jb->created = tu_srv_now();
	jb->version = 1;
	return jb;
}

static size_t active_of(struct tu_jobs *j, const char *learner)
{
	size_t n = 0;

	for (size_t i = 0; i < j->n_all; i++)
		if (!finished(j->all[i]) &&
		    strcmp(j->all[i]->learner, learner) == 0)
			n++;
	return n;
}

/* Refusals that depend on the queue's state (lock held). */
static enum tu_status admit(struct tu_jobs *j, const char *learner,
			    struct tu_err *err)
{
	if (j->stopping || j->alive == 0)
		return tu_err_set(err, TU_EUNAVAIL, "the judge is not "
				  "available (%s)", j->stopping ? "the server "
				  "is stopping" : "no judge process left");
	if (j->n_queued >= TU_JOBS_QUEUE_MAX)
		return tu_err_set(err, TU_EUNAVAIL, "the judge queue is full "
				  "(%u waiting); try again shortly",
				  TU_JOBS_QUEUE_MAX);
	if (active_of(j, learner) >= TU_JOBS_PER_LEARNER)
		return tu_err_set(err, TU_EBUDGET, "%u submissions of yours "
				  "are still being judged; wait for them",
				  TU_JOBS_PER_LEARNER);
	return TU_OK;
}

enum tu_status tu_jobs_submit(struct tu_jobs *j, const struct tu_job_submit *in,
			      char id[TU_JOB_ID_MAX], struct tu_err *err)
{
	struct job *jb;
	enum tu_status st;

	id[0] = '\0';
	if (check_submit(j, in, err))
		return err->code;
	if (!(jb = job_new(in)))
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	pthread_mutex_lock(&j->lock);
	st = admit(j, in->learner, err);
	if (st == TU_OK && !table_add(j, jb))
		st = tu_err_set(err, TU_ENOMEM, "out of memory");
	if (st == TU_OK) {
		if (j->q_tail)
			j->q_tail->next_q = jb;
		else
			j->q_head = jb;
		j->q_tail = jb;
		j->n_queued++;
		memcpy(id, jb->id, TU_JOB_ID_MAX);
		pthread_cond_signal(&j->work);
	} else {
		j->rejected++;
	}
	pthread_mutex_unlock(&j->lock);
	if (st != TU_OK)
		job_free(jb);
	return st;
}

/* ---- reading ------------------------------------------------------------ */

static void view_fill(const struct job *jb, struct tu_job_view *v)
{
	memset(v, 0, sizeof(*v));
	memcpy(v->id, jb->id, sizeof(v->id));
	memcpy(v->learner, jb->learner, sizeof(v->learner));
	memcpy(v->item, jb->item, sizeof(v->item));
	memcpy(v->error, jb->error, sizeof(v->error));
	v->account = jb->account;
	v->lang = jb->lang;
	v->status = jb->status;
	v->version = jb->version;
	v->result = json_incref(jb->result);
	v->created = jb->created;
	v->finished = jb->finished;
}

enum tu_status tu_jobs_get(struct tu_jobs *j, const char *id,
			   struct tu_job_view *v, struct tu_err *err)
{
	struct job *jb;

	memset(v, 0, sizeof(*v));
	pthread_mutex_lock(&j->lock);
	jb = id ? find(j, id) : NULL;
	if (jb)
		view_fill(jb, v);
	pthread_mutex_unlock(&j->lock);
	if (!jb)
		return tu_err_set(err, TU_ENOTFOUND, "no submission '%.64s'",
				  id ? id : "");
	return TU_OK;
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
	memset(st, 0, sizeof(*st));
	if (!j)
		return;
	pthread_mutex_lock(&j->lock);
	st->queued = j->n_queued;
	st->running = j->n_running;
	st->done = j->done;
	st->failed = j->failed;
	st->rejected = j->rejected;
	st->judges_alive = j->alive;
	pthread_mutex_unlock(&j->lock);
}

/* ---- the workers -------------------------------------------------------- */

/* Judges jb and runs the finish hook; fills jb's outcome fields (the
 * caller publishes them under the lock).  Runs without the lock. */
static enum tu_job_status run_job(struct worker *w, struct job *jb,
				  json_t **result, char *error, size_t cap)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_judge_result judged;
	struct tu_job_submit sub = {
		jb->learner, jb->account, jb->item, jb->lang, jb->code,
		jb->len, jb->now
	};
	enum tu_job_status out = TU_JOB_ERROR;

	*result = NULL;
	if (tu_judge_proc_run(&w->proc, jb->item, jb->lang, jb->code, jb->len,
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

/* Fails every queued job (no judge process is left; lock held). */
static void fail_queue(struct tu_jobs *j)
{
	struct job *jb;

	while ((jb = j->q_head)) {
		j->q_head = jb->next_q;
		j->n_queued--;
		snprintf(jb->error, sizeof(jb->error), "no judge process is "
			 "left to judge this submission");
		jb->finished = tu_srv_now();
		j->n_finished++;
		j->failed++;
		set_status(j, jb, TU_JOB_ERROR);
	}
	j->q_tail = NULL;
}

static struct job *take(struct tu_jobs *j)
{
	struct job *jb;

	while (!j->q_head && !j->stopping)
		pthread_cond_wait(&j->work, &j->lock);
	jb = j->q_head;
	if (!jb)
		return NULL;
	j->q_head = jb->next_q;
	if (!j->q_head)
		j->q_tail = NULL;
	jb->next_q = NULL;
	j->n_queued--;
	j->n_running++;
	set_status(j, jb, TU_JOB_RUNNING);
	return jb;
}

static void publish(struct tu_jobs *j, struct job *jb,
		    enum tu_job_status st, json_t *result, const char *error)
{
	jb->result = result;
	snprintf(jb->error, sizeof(jb->error), "%s", error);
	jb->finished = tu_srv_now();
	j->n_running--;
	j->n_finished++;
	if (st == TU_JOB_DONE)
		j->done++;
	else
		j->failed++;
	set_status(j, jb, st);
	evict(j, jb->finished);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct tu_jobs *j = w->j;
	char error[TU_ERR_MSG_MAX];
	enum tu_job_status st;
	json_t *result;
	struct job *jb;

	pthread_mutex_lock(&j->lock);
	while ((jb = take(j))) {
		pthread_mutex_unlock(&j->lock);
		error[0] = '\0';
		st = run_job(w, jb, &result, error, sizeof(error));
		pthread_mutex_lock(&j->lock);
		publish(j, jb, st, result, error);
		if (!w->proc.alive) {
			fprintf(stderr, "tutor: judge worker %u retired: its "
				"process stopped\n", w->i);
			if (--j->alive == 0)
				fail_queue(j);
			break;
		}
	}
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

/* ---- start and stop ----------------------------------------------------- */

static enum tu_status start_procs(struct tu_jobs *j, struct tu_err *err)
{
	int fds[64];

	for (unsigned i = 0; i < j->n_workers; i++) {
		j->w[i].j = j;
		j->w[i].i = i;
		j->w[i].proc.fd = -1;
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
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->work, NULL);
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
	for (struct tu_job_stream *st = j->streams; st; st = st->next)
		if (st->armed) {
			st->armed = false;
			st->w.resume(st->w.ud);
		}
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
	for (unsigned i = 0; i < j->n_workers; i++)
		tu_judge_proc_stop(&j->w[i].proc);
	for (size_t i = 0; i < j->n_all; i++)
		job_free(j->all[i]);
	/* queued jobs never taken (no worker started) are in all[] too */
	free(j->all);
	free(j->w);
	pthread_cond_destroy(&j->work);
	pthread_mutex_destroy(&j->lock);
	free(j);
}

/* ---- event streams ------------------------------------------------------ */

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

/* Formats what changed since the last event into st->pending. */
static void stream_format(struct tu_job_stream *st, const struct job *jb)
{
	struct tu_job_view v;

	tu_sbuf_reset(&st->pending);
	st->off = 0;
	if (!jb) {
		st->done = true;
		sse_event(&st->pending, "error", json_pack("{s:{s:s,s:s}}",
			  "error", "code", "not_found", "message",
			  "no such submission"));
		return;
	}
	view_fill(jb, &v);
	st->sent_version = jb->version;
	if (finished(jb)) {
		st->done = true;
		sse_event(&st->pending, "result", tu_job_view_json(&v));
	} else {
		sse_event(&st->pending, "status", json_pack("{s:s,s:s}", "id",
			  v.id, "status", tu_job_status_name(v.status)));
	}
	tu_job_view_release(&v);
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

ssize_t tu_job_stream_read(struct tu_job_stream *st, char *buf, size_t max,
			   const struct tu_job_waker *w)
{
	struct tu_jobs *j = st->j;
	struct job *jb;

	if (st->off < st->pending.len)
		return stream_copy(st, buf, max);
	if (st->done)
		return -1;
	pthread_mutex_lock(&j->lock);
	if (j->streams_closed) {
		pthread_mutex_unlock(&j->lock);
		return -1;
	}
	jb = find(j, st->id);
	if (jb && jb->version == st->sent_version) {
		st->armed = true;
		st->w = *w;
		w->suspend(w->ud);
		pthread_mutex_unlock(&j->lock);
		return 0;
	}
	stream_format(st, jb);
	pthread_mutex_unlock(&j->lock);
	if (st->pending.len == 0)
		return -1;
	return stream_copy(st, buf, max);
}
