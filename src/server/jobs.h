/*
 * jobs.h - the asynchronous judge of `tutor serve`: submissions are rows
 * of the store's job table (tutor/store.h, "judge jobs"), so every
 * server on one database sees every job and any server's workers may
 * judge it; config.judge_workers workers per server; status queued ->
 * running -> done | error; watchers (server-sent event streams).
 *
 * How a submission flows:
 *   POST /api/learners/:id/submissions (api_submissions.c) calls
 *   tu_jobs_submit, which adds a queued job row (an Idempotency-Key
 *   becomes the job's request id: a retry, to any server, gets the same
 *   job) and wakes this server's workers; answers 202 {id, status}.
 *   A worker (of any server) claims the oldest claimable job with a
 *   lease (TUTOR_JOB_LEASE_MS, default 30 s), renewed every third of it
 *   while judging; has its judge process judge it (see below), then
 *   calls the finish hook with its own struct tu_srv_ctx:
 *   tu_api_submission_finish records the events through the orchestrator
 *   with the JOB ID as the request id (so a job judged twice - its
 *   first server died after recording - records one event) and returns
 *   the "result" object of docs/api.md; the worker finishes the row
 *   (only while it still holds the lease).  A judge failure (verdict
 *   IE) or a hook error makes the job "error" and records nothing.
 *   A job whose server died is claimed again when its lease has run out;
 *   after TU_JOBS_MAX_ATTEMPTS claims it is given up as "error".
 *   Workers poll the table every TU_JOBS_POLL_MS when idle and are woken
 *   at once when their own server adds a job.
 *
 * Why judge processes: the sandbox is not fork-safe from a threaded
 * process (docs/judge.md, "Known limits").  tu_jobs_new forks one judge
 * process per worker while the server is still single-threaded; each
 * judges one submission at a time with sandbox uid slot 700 + i and
 * sends the whole result back over a socket.  A judge process that dies
 * is not restarted (that would mean forking from a threaded process):
 * its worker reports the job as error and retires; when no judge is
 * left tu_jobs_submit answers TU_EUNAVAIL.
 *
 * Limits (checked in the store's transaction): TU_JOBS_QUEUE_MAX queued
 * jobs in all (TU_EUNAVAIL beyond), TU_JOBS_PER_LEARNER queued or running
 * per learner (TU_EBUDGET beyond); finished jobs are kept TU_JOBS_KEEP_S
 * seconds, then purged and GET answers 404.
 *
 * Ownership: struct tu_jobs owns its threads, judge processes and its
 * own store connections; a submitted job is copied into the store.  A
 * struct tu_job_view owns a reference to the result
 * (tu_job_view_release).  All functions are thread-safe.
 */
#ifndef TUTOR_SERVER_JOBS_H
#define TUTOR_SERVER_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <jansson.h>

#include "tutor/err.h"
#include "tutor/judge.h"
#include "tutor/learner.h"
#include "tutor/store.h"

#define TU_JOBS_QUEUE_MAX 256     /* jobs waiting for a worker */
#define TU_JOBS_PER_LEARNER 4     /* queued + running per learner */
#define TU_JOBS_KEEP_S 3600       /* finished jobs kept this long */
#define TU_JOBS_UID_BASE 700      /* worker i judges with uid slot 700 + i */
#define TU_JOB_ID_MAX TU_STORE_JOB_ID_MAX /* "s" + 16 hex digits + NUL */
#define TU_JOBS_LEASE_MS 30000    /* default lease (TUTOR_JOB_LEASE_MS) */
#define TU_JOBS_POLL_MS 150       /* idle workers look this often */
#define TU_JOBS_MAX_ATTEMPTS 3    /* claims before a job is given up */

struct tu_srv;
struct tu_srv_ctx;
struct tu_jobs;

/* The status of a job is the store's enum tu_job_state (TU_JOB_QUEUED,
 * TU_JOB_RUNNING, TU_JOB_DONE, TU_JOB_ERROR). */
/* "queued", "running", "done", "error". */
const char *tu_job_status_name(enum tu_job_state st);

/* A submission as given to tu_jobs_submit (all borrowed for the call). */
struct tu_job_submit {
	const char *learner;      /* learner id (authorised by the caller) */
	int64_t account;          /* the submitting account */
	const char *item;         /* a problem of the course */
	enum tu_lang lang;        /* offered by the problem */
	const char *code;         /* source, <= TU_JUDGE_MAX_SOURCE bytes */
	size_t len;
	int64_t now;              /* Unix seconds: the event time */
	const char *request_id;   /* submit: the Idempotency-Key, or NULL */
	const char *id;           /* finish hook: the job's id, the request
				     id of the events it records */
};

/*
 * The finish hook, implemented by "api" in api_submissions.c and called
 * on a worker thread with that worker's context: records the events for
 * the judged submission (job) and sets *result to the docs/api.md
 * "result" object (a new reference).  Returns TU_OK, or an error with err
 * set (the job becomes "error" with err's message; nothing must have been
 * recorded).  judged->verdict is never IE here.
 */
enum tu_status tu_api_submission_finish(struct tu_srv *s,
					struct tu_srv_ctx *ctx,
					const struct tu_job_submit *job,
					const struct tu_judge_result *judged,
					json_t **result, struct tu_err *err);

typedef enum tu_status (*tu_job_finish_fn)(struct tu_srv *s,
					   struct tu_srv_ctx *ctx,
					   const struct tu_job_submit *job,
					   const struct tu_judge_result *judged,
					   json_t **result, struct tu_err *err);

/*
 * Forks `workers` judge processes (call while the process has one
 * thread: before the HTTP daemon and any other thread), then starts the
 * worker threads, each with a context from tu_srv_ctx_new(s).  finish is
 * the hook above (tests pass their own).  *out is new (tu_jobs_free).
 * TU_EINVAL for 0 workers or more than 64; TU_EIO when a process or
 * thread cannot be made (nothing is left running).
 */
enum tu_status tu_jobs_new(struct tu_srv *s, unsigned workers,
			   tu_job_finish_fn finish, struct tu_jobs **out,
			   struct tu_err *err);

/* Stops taking jobs: each worker finishes the job it is judging and
 * claims no other (queued jobs stay in the table for the other servers,
 * or this one after a restart); wakes and ends every watcher
 * (tu_jobs_close_streams), ends the judge processes and frees j.  NULL
 * is fine. */
void tu_jobs_free(struct tu_jobs *j);

/* Wakes every watcher and makes every stream end at its next read
 * (called before the HTTP daemon stops; idempotent). */
void tu_jobs_close_streams(struct tu_jobs *j);

/*
 * Queues a submission; id[TU_JOB_ID_MAX] gets its id ("s" + 16 random
 * hex digits).  With in->request_id, a learner's job with that request
 * id already in the table is answered instead (*existed, may be NULL,
 * set; nothing added).  TU_EINVAL for an empty or oversized source, an unknown
 * item or a language the problem does not offer (checked here so a bad
 * job never waits in the queue); TU_EBUDGET when the learner already has
 * TU_JOBS_PER_LEARNER jobs queued or running; TU_EUNAVAIL when the queue
 * is full, the server is stopping or no judge process is left; TU_ENOMEM.
 */
enum tu_status tu_jobs_submit(struct tu_jobs *j, const struct tu_job_submit *in,
			      char id[TU_JOB_ID_MAX], bool *existed,
			      struct tu_err *err);

/* A copy of a job's public fields. */
struct tu_job_view {
	char id[TU_JOB_ID_MAX];
	char learner[TU_ID_MAX];
	int64_t account;
	char item[TU_ID_MAX];
	enum tu_lang lang;
	enum tu_job_state status;
	uint64_t version;         /* changes on every status change */
	char error[TU_ERR_MSG_MAX];  /* status error: why */
	json_t *result;           /* status done: a new reference; else NULL */
	int64_t created, finished;   /* Unix seconds; finished 0 until then */
};

/* Fills *v for job id from the table (any server's job); TU_ENOTFOUND
 * when unknown or purged; the store's errors. */
enum tu_status tu_jobs_get(struct tu_jobs *j, const char *id,
			   struct tu_job_view *v, struct tu_err *err);
void tu_job_view_release(struct tu_job_view *v);

/* The docs/api.md answer of GET /api/submissions/:sid:
 * {id, item, status, result?, error?}.  New reference; NULL: no memory. */
json_t *tu_job_view_json(const struct tu_job_view *v);

/* Counters for /metrics. */
struct tu_jobs_stats {
	uint64_t queued, running;         /* now, in the table (all servers) */
	uint64_t done, failed, rejected;  /* since start */
	unsigned judges_alive;
};
void tu_jobs_stats(struct tu_jobs *j, struct tu_jobs_stats *st);

/* ---- server-sent events --------------------------------------------------
 *
 * GET /api/submissions/:sid/events: the handler checks who may see the
 * job, then sets resp->status 200, resp->content_type
 * "text/event-stream" and resp->sse_job = tu_job_stream_new(jobs, sid).
 * The adapter (mhd.c) owns the stream from then on: it reads it with
 * tu_job_stream_read and frees it with tu_job_stream_free.  The stream
 * sends "event: status" with {id, status} for each state it observes,
 * then one "event: result" with the full view (tu_job_view_json), then
 * ends; an unknown job gives one "event: error" and the end.  A waiting
 * stream is woken at once by this server's workers and every
 * TU_JOBS_POLL_MS or so otherwise (the job may be judged elsewhere).
 */
struct tu_job_stream;

/* NULL when out of memory (the job need not exist). */
struct tu_job_stream *tu_job_stream_new(struct tu_jobs *j, const char *id);
void tu_job_stream_free(struct tu_job_stream *st);

/* How a stream with nothing to say parks its connection: suspend(ud) is
 * called (under the jobs lock) when the stream starts waiting, resume(ud)
 * (under the jobs lock, from any thread) once when there is news. */
struct tu_job_waker {
	void (*suspend)(void *ud);
	void (*resume)(void *ud);
	void *ud;
};

/*
 * Copies up to max bytes of the stream into buf.  Returns the bytes
 * copied; 0 when there is nothing yet (then suspend was called and
 * resume will be); -1 at the end of the stream.
 */
ssize_t tu_job_stream_read(struct tu_job_stream *st, char *buf, size_t max,
			   const struct tu_job_waker *w);

/* ---- judge processes (jobs_proc.c) -------------------------------------- */

/* Encodes a judge result completely (hidden cases' data included: this
 * never leaves the server) / decodes it back.  Internal to jobs; exposed
 * for tests.  encode: new string (free()) or NULL; decode: TU_EPARSE. */
char *tu_jobs_result_encode(const struct tu_judge_result *r, size_t *len);
enum tu_status tu_jobs_result_decode(const char *s, size_t len,
				     struct tu_judge_result *r,
				     struct tu_err *err);

#endif
