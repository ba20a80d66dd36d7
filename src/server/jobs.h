/*
 * jobs.h - the asynchronous judge of `tutor serve`: a bounded queue of
 * submissions, config.judge_workers workers, per-submission status
 * (queued -> running -> done | error), results kept in memory for a
 * while, and watchers (server-sent event streams) woken on every change.
 *
 * How a submission flows:
 *   POST /api/learners/:id/submissions (api_submissions.c) calls
 *   tu_jobs_submit, answers 202 {id, status: "queued"};
 *   a worker thread takes it, marks it running, has its judge process
 *   judge it (see below), then calls the finish hook with its own
 *   struct tu_srv_ctx: tu_api_submission_finish ("api") records the
 *   events through the orchestrator (the submission event, and the
 *   review's assist event after AC, exactly as the CLI does) and returns
 *   the "result" object of docs/api.md; the job is done.  A judge that
 *   failed (verdict IE, as in the CLI) or a hook error makes the job
 *   "error" with a message and records nothing.
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
 * Limits: TU_JOBS_QUEUE_MAX waiting jobs in all (TU_EUNAVAIL beyond),
 * TU_JOBS_PER_LEARNER queued or running per learner (TU_EBUDGET beyond);
 * finished jobs are kept TU_JOBS_KEEP_S seconds, at most TU_JOBS_KEEP_MAX
 * (oldest finished evicted first), then GET answers 404.
 *
 * Ownership: struct tu_jobs owns its jobs, threads and judge processes;
 * a submitted job copies everything it is given.  A struct tu_job_view
 * owns a reference to the result (tu_job_view_release).  All functions
 * are thread-safe.
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

#define TU_JOBS_QUEUE_MAX 256     /* jobs waiting for a worker */
#define TU_JOBS_PER_LEARNER 4     /* queued + running per learner */
#define TU_JOBS_KEEP_S 3600       /* finished jobs kept this long */
#define TU_JOBS_KEEP_MAX 4096     /* finished jobs kept at most */
#define TU_JOBS_UID_BASE 700      /* worker i judges with uid slot 700 + i */
#define TU_JOB_ID_MAX 24          /* "s" + 16 hex digits + NUL, with room */

struct tu_srv;
struct tu_srv_ctx;
struct tu_jobs;

enum tu_job_status {
	TU_JOB_QUEUED = 0, TU_JOB_RUNNING, TU_JOB_DONE, TU_JOB_ERROR
};

/* "queued", "running", "done", "error". */
const char *tu_job_status_name(enum tu_job_status st);

/* A submission as given to tu_jobs_submit (all borrowed for the call). */
struct tu_job_submit {
	const char *learner;      /* learner id (authorised by the caller) */
	int64_t account;          /* the submitting account */
	const char *item;         /* a problem of the course */
	enum tu_lang lang;        /* offered by the problem */
	const char *code;         /* source, <= TU_JUDGE_MAX_SOURCE bytes */
	size_t len;
	int64_t now;              /* Unix seconds: the event time */
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

/* Stops taking jobs, lets the workers finish every queued and running
 * job, wakes and ends every watcher (tu_jobs_close_streams), ends the
 * judge processes and frees j.  NULL is fine. */
void tu_jobs_free(struct tu_jobs *j);

/* Wakes every watcher and makes every stream end at its next read
 * (called before the HTTP daemon stops; idempotent). */
void tu_jobs_close_streams(struct tu_jobs *j);

/*
 * Queues a submission; id[TU_JOB_ID_MAX] gets its id ("s" + 16 random
 * hex digits).  TU_EINVAL for an empty or oversized source, an unknown
 * item or a language the problem does not offer (checked here so a bad
 * job never waits in the queue); TU_EBUDGET when the learner already has
 * TU_JOBS_PER_LEARNER jobs queued or running; TU_EUNAVAIL when the queue
 * is full, the server is stopping or no judge process is left; TU_ENOMEM.
 */
enum tu_status tu_jobs_submit(struct tu_jobs *j, const struct tu_job_submit *in,
			      char id[TU_JOB_ID_MAX], struct tu_err *err);

/* A copy of a job's public fields. */
struct tu_job_view {
	char id[TU_JOB_ID_MAX];
	char learner[TU_ID_MAX];
	int64_t account;
	char item[TU_ID_MAX];
	enum tu_lang lang;
	enum tu_job_status status;
	uint64_t version;         /* rises on every status change */
	char error[TU_ERR_MSG_MAX];  /* status error: why */
	json_t *result;           /* status done: a new reference; else NULL */
	int64_t created, finished;   /* Unix seconds; finished 0 until then */
};

/* Fills *v for job id; TU_ENOTFOUND when unknown or evicted. */
enum tu_status tu_jobs_get(struct tu_jobs *j, const char *id,
			   struct tu_job_view *v, struct tu_err *err);
void tu_job_view_release(struct tu_job_view *v);

/* The docs/api.md answer of GET /api/submissions/:sid:
 * {id, item, status, result?, error?}.  New reference; NULL: no memory. */
json_t *tu_job_view_json(const struct tu_job_view *v);

/* Counters for /metrics. */
struct tu_jobs_stats {
	uint64_t queued, running;         /* now */
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
 * ends; an unknown job gives one "event: error" and the end.
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
