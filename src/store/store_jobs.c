/*
 * store_jobs.c - the public face of request ids and the judge job table
 * (tutor/store.h): argument validation, then dispatch through struct
 * tu_store_ops.  Backends: sqlite_jobs.c, pg_jobs.c.
 *
 * What it is not: no SQL, and no policy (the server chooses the limits,
 * the lease length and what a result holds: src/server/jobs.c).
 */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

static enum tu_status need(struct tu_store *s, const char *what,
			   struct tu_err *err)
{
	if (!s)
		return tu_err_set(err, TU_EINVAL, "%s: store is NULL", what);
	return TU_OK;
}

static bool rid_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
	       c == ':';
}

bool tu_store_request_id_ok(const char *id)
{
	size_t n;

	if (!id)
		return false;
	n = strnlen(id, TU_STORE_REQUEST_ID_MAX);
	if (n == 0 || n >= TU_STORE_REQUEST_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!rid_char_ok(id[i]))
			return false;
	return true;
}

static enum tu_status check_rid(const char *id, struct tu_err *err)
{
	if (tu_store_request_id_ok(id))
		return TU_OK;
	return tu_err_set(err, TU_EINVAL, "request id must be 1..%d bytes of "
			  "[A-Za-z0-9_.:-]", TU_STORE_REQUEST_ID_MAX - 1);
}

enum tu_status tu_store_request_get(struct tu_store *s, const char *learner,
				    const char *request_id, tu_event_fn fn,
				    void *ctx, struct tu_err *err)
{
	enum tu_status st = need(s, "request_get", err);

	if (!st)
		st = tu__store_check_id("learner", learner, err);
	if (!st)
		st = check_rid(request_id, err);
	if (!st && !fn)
		st = tu_err_set(err, TU_EINVAL, "request_get: fn is NULL");
	return st ? st : s->ops->request_get(s, learner, request_id, fn, ctx,
					     err);
}

/* ---- jobs --------------------------------------------------------------- */

const char *tu_job_state_name(enum tu_job_state st)
{
	static const char *const names[] = { "queued", "running", "done",
					     "error" };

	return (unsigned)st <= TU_JOB_ERROR ? names[st] : "?";
}

void tu_job_row_init(struct tu_job_row *r)
{
	memset(r, 0, sizeof(*r));
}

void tu_job_row_release(struct tu_job_row *r)
{
	if (!r)
		return;
	free(r->code);
	free(r->result);
	tu_job_row_init(r);
}

static bool fits(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

static enum tu_status check_owner(const char *owner, struct tu_err *err)
{
	if (!owner || !owner[0] || !fits(owner, TU_STORE_JOB_OWNER_MAX))
		return tu_err_set(err, TU_EINVAL, "job owner must be 1..%d "
				  "bytes", TU_STORE_JOB_OWNER_MAX - 1);
	return TU_OK;
}

static enum tu_status check_job_id(const char *id, struct tu_err *err)
{
	if (!tu__store_id_ok(id) || strlen(id) >= TU_STORE_JOB_ID_MAX)
		return tu_err_set(err, TU_EINVAL, "job id must be 1..%d bytes "
				  "of [A-Za-z0-9._-]", TU_STORE_JOB_ID_MAX - 1);
	return TU_OK;
}

static enum tu_status check_job_fields(const struct tu_job_row *j,
				       struct tu_err *err)
{
	enum tu_status st = check_job_id(j->id, err);

	if (!st)
		st = tu__store_check_id("job learner", j->learner, err);
	if (!st)
		st = tu__store_check_id("job item", j->item, err);
	if (!st && !tu__store_id_ok(j->lang))
		st = tu_err_set(err, TU_EINVAL, "job %s: bad lang", j->id);
	if (!st && (!j->code || j->code_len == 0 ||
		    j->code_len > TU_STORE_JOB_CODE_MAX ||
		    memchr(j->code, '\0', j->code_len)))
		st = tu_err_set(err, TU_EINVAL, "job %s: code must be 1..%u "
				"bytes without NUL", j->id,
				TU_STORE_JOB_CODE_MAX);
	if (!st && !fits(j->request_id, sizeof j->request_id))
		st = tu_err_set(err, TU_EINVAL, "job %s: request id not "
				"terminated", j->id);
	if (!st && j->request_id[0])
		st = check_rid(j->request_id, err);
	return st;
}

enum tu_status tu_store_job_add(struct tu_store *s, const struct tu_job_row *j,
				const struct tu_job_limits *lim, bool *existed,
				char id[TU_STORE_JOB_ID_MAX],
				struct tu_err *err)
{
	static const struct tu_job_limits none = { 0, 0 };
	bool ex = false;
	enum tu_status st = need(s, "job_add", err);

	if (!st && (!j || !id))
		st = tu_err_set(err, TU_EINVAL, "job_add: job or id is NULL");
	if (!st)
		st = check_job_fields(j, err);
	if (st)
		return st;
	st = s->ops->job_add(s, j, lim ? lim : &none, &ex, id, err);
	if (existed)
		*existed = !st && ex;
	return st;
}

static enum tu_status check_lease(int64_t now_ms, int64_t lease_ms,
				  struct tu_err *err)
{
	if (now_ms < 0 || lease_ms <= 0 || lease_ms > INT64_MAX - now_ms)
		return tu_err_set(err, TU_EINVAL, "job lease: now %lld ms, "
				  "lease %lld ms out of range",
				  (long long)now_ms, (long long)lease_ms);
	return TU_OK;
}

enum tu_status tu_store_job_claim(struct tu_store *s, const char *owner,
				  int64_t now_ms, int64_t lease_ms,
				  struct tu_job_row *out, struct tu_err *err)
{
	enum tu_status st = need(s, "job_claim", err);

	if (!st)
		st = check_owner(owner, err);
	if (!st)
		st = check_lease(now_ms, lease_ms, err);
	if (!st && !out)
		st = tu_err_set(err, TU_EINVAL, "job_claim: out is NULL");
	return st ? st : s->ops->job_claim(s, owner, now_ms, lease_ms, out,
					   err);
}

enum tu_status tu_store_job_renew(struct tu_store *s, const char *id,
				  const char *owner, int64_t now_ms,
				  int64_t lease_ms, struct tu_err *err)
{
	enum tu_status st = need(s, "job_renew", err);

	if (!st)
		st = check_job_id(id, err);
	if (!st)
		st = check_owner(owner, err);
	if (!st)
		st = check_lease(now_ms, lease_ms, err);
	return st ? st : s->ops->job_renew(s, id, owner, now_ms, lease_ms,
					   err);
}

static enum tu_status check_outcome(const struct tu_job_outcome *o,
				    struct tu_err *err)
{
	if (!o || (o->state != TU_JOB_DONE && o->state != TU_JOB_ERROR))
		return tu_err_set(err, TU_EINVAL, "job_finish: the outcome "
				  "must be done or error");
	if (o->state == TU_JOB_DONE &&
	    (!o->result || o->result_len == 0 ||
	     o->result_len > TU_STORE_JOB_RESULT_MAX ||
	     memchr(o->result, '\0', o->result_len)))
		return tu_err_set(err, TU_EINVAL, "job_finish: result must be "
				  "1..%u bytes without NUL",
				  TU_STORE_JOB_RESULT_MAX);
	if (o->error && !fits(o->error, TU_STORE_JOB_ERROR_MAX))
		return tu_err_set(err, TU_EINVAL, "job_finish: error longer "
				  "than %d bytes", TU_STORE_JOB_ERROR_MAX - 1);
	if (o->seq > (uint64_t)INT64_MAX)
		return tu_err_set(err, TU_ERANGE, "job_finish: seq out of "
				  "range");
	return TU_OK;
}

enum tu_status tu_store_job_finish(struct tu_store *s, const char *id,
				   const char *owner,
				   const struct tu_job_outcome *o,
				   struct tu_err *err)
{
	enum tu_status st = need(s, "job_finish", err);

	if (!st)
		st = check_job_id(id, err);
	if (!st)
		st = check_owner(owner, err);
	if (!st)
		st = check_outcome(o, err);
	return st ? st : s->ops->job_finish(s, id, owner, o, err);
}

enum tu_status tu_store_job_get(struct tu_store *s, const char *id,
				struct tu_job_row *out, struct tu_err *err)
{
	enum tu_status st = need(s, "job_get", err);

	if (!st)
		st = check_job_id(id, err);
	if (!st && !out)
		st = tu_err_set(err, TU_EINVAL, "job_get: out is NULL");
	return st ? st : s->ops->job_get(s, id, out, err);
}

enum tu_status tu_store_job_counts(struct tu_store *s, const char *learner,
				   struct tu_job_counts *n,
				   struct tu_err *err)
{
	enum tu_status st = need(s, "job_counts", err);

	if (!st && learner)
		st = tu__store_check_id("learner", learner, err);
	if (!st && !n)
		st = tu_err_set(err, TU_EINVAL, "job_counts: n is NULL");
	if (!st)
		memset(n, 0, sizeof(*n));
	return st ? st : s->ops->job_counts(s, learner, n, err);
}

enum tu_status tu_store_job_purge(struct tu_store *s, int64_t before,
				  uint64_t *n, struct tu_err *err)
{
	uint64_t dummy = 0;
	enum tu_status st = need(s, "job_purge", err);

	return st ? st : s->ops->job_purge(s, before, n ? n : &dummy, err);
}
