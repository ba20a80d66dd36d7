/*
 * sqlite_jobs.c - the SQLite backend's request-id lookups and judge job
 * table (contracts in tutor/store.h).
 *
 * Every write runs in one BEGIN IMMEDIATE transaction, which takes the
 * database's write lock first (a claim first looks without it, so idle
 * workers do not take the lock every poll): a claim's "pick the oldest claimable job"
 * and "make it mine" cannot be separated by another connection, in this
 * process or another, so two workers never claim the same job.  These
 * statements are rare next to commits and are prepared per call (not in
 * the cached table of sqlite.c).
 *
 * What it is not: no policy (limits and lease length come in).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite_internal.h"

#define EVENT_COLS "seq, learner, version, type, at, payload, outputs, " \
	"checksum"
#define JOB_COLS "id, learner, account, item, lang, code, at, created, " \
	"state, owner, lease_until, attempts, result, error, seq, finished, " \
	"coalesce(request_id, '')"

static enum tu_status prep(struct tu__sq *q, const char *sql,
			   sqlite3_stmt **st, struct tu_err *err)
{
	int rc = sqlite3_prepare_v2(q->db, sql, -1, st, NULL);

	if (rc != SQLITE_OK) {
		sqlite3_finalize(*st);
		*st = NULL;
		return tu__sq_fail(q, rc, "preparing a job statement", err);
	}
	return TU_OK;
}

/* ---- request ids -------------------------------------------------------- */

enum tu_status tu__sq_request_get(struct tu_store *s, const char *learner,
				  const char *request_id, tu_event_fn fn,
				  void *ctx, struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st = NULL;
	struct tu_event ev;
	enum tu_status status = prep(q, "SELECT " EVENT_COLS " FROM events "
				     "WHERE learner = ?1 AND request_id = ?2",
				     &st, err);
	int rc;

	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, learner);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 2, request_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		status = tu_err_set(err, TU_ENOTFOUND, "learner '%s': no event "
				    "with request id '%s'", learner,
				    request_id);
	} else if (rc != SQLITE_ROW) {
		status = tu__sq_fail(q, rc, "reading a request id", err);
	} else {
		status = tu__sq_read_event(q, st, &ev, err);
		if (!status)
			fn(&ev, ctx);
		free(ev.payload);
		free(ev.outputs);
	}
	sqlite3_finalize(st);
	return status;
}

enum tu_status tu__sq_request_free(struct tu__sq *q, const char *learner,
				   const char *request_id, struct tu_err *err)
{
	sqlite3_stmt *st = NULL;
	enum tu_status status = prep(q, "SELECT seq FROM events WHERE "
				     "learner = ?1 AND request_id = ?2", &st,
				     err);
	int rc;

	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, learner);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 2, request_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		status = tu_err_set(err, TU_ECONFLICT, "learner '%s': request "
				    "'%s' was already committed (event seq "
				    "%lld)", learner, request_id,
				    (long long)sqlite3_column_int64(st, 0));
	else if (rc != SQLITE_DONE)
		status = tu__sq_fail(q, rc, "reading a request id", err);
	sqlite3_finalize(st);
	return status;
}

/* ---- reading a job row -------------------------------------------------- */

static void state_parse(const char *s, enum tu_job_state *out)
{
	*out = TU_JOB_ERROR;
	for (int i = TU_JOB_QUEUED; i <= TU_JOB_ERROR; i++)
		if (strcmp(s, tu_job_state_name((enum tu_job_state)i)) == 0)
			*out = (enum tu_job_state)i;
}

static char *dup_col(sqlite3_stmt *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(st, col);

	*len = (size_t)sqlite3_column_bytes(st, col);
	return tu__store_dup_bytes(p, *len);
}

static enum tu_status read_texts(struct tu__sq *q, sqlite3_stmt *st,
				 struct tu_job_row *r, char *state,
				 size_t state_cap, struct tu_err *err)
{
	enum tu_status s = tu__sq_text(q, st, 0, r->id, sizeof r->id,
				       "jobs.id", err);

	if (!s)
		s = tu__sq_text(q, st, 1, r->learner, sizeof r->learner,
				"jobs.learner", err);
	if (!s)
		s = tu__sq_text(q, st, 3, r->item, sizeof r->item,
				"jobs.item", err);
	if (!s)
		s = tu__sq_text(q, st, 4, r->lang, sizeof r->lang,
				"jobs.lang", err);
	if (!s)
		s = tu__sq_text(q, st, 8, state, state_cap, "jobs.state", err);
	if (!s)
		s = tu__sq_text(q, st, 9, r->owner, sizeof r->owner,
				"jobs.owner", err);
	if (!s)
		s = tu__sq_text(q, st, 13, r->error, sizeof r->error,
				"jobs.error", err);
	if (!s)
		s = tu__sq_text(q, st, 16, r->request_id,
				sizeof r->request_id, "jobs.request_id", err);
	return s;
}

static enum tu_status read_job(struct tu__sq *q, sqlite3_stmt *st,
			       struct tu_job_row *out, struct tu_err *err)
{
	struct tu_job_row r;
	char state[16];
	enum tu_status s;

	tu_job_row_init(&r);
	s = read_texts(q, st, &r, state, sizeof state, err);
	if (s)
		return s;
	state_parse(state, &r.state);
	r.account = sqlite3_column_int64(st, 2);
	r.at = sqlite3_column_int64(st, 6);
	r.created = sqlite3_column_int64(st, 7);
	r.lease_until = sqlite3_column_int64(st, 10);
	r.attempts = (uint32_t)sqlite3_column_int64(st, 11);
	r.seq = (uint64_t)sqlite3_column_int64(st, 14);
	r.finished = sqlite3_column_int64(st, 15);
	r.code = dup_col(st, 5, &r.code_len);
	if (sqlite3_column_type(st, 12) != SQLITE_NULL)
		r.result = dup_col(st, 12, &r.result_len);
	if (!r.code || (sqlite3_column_type(st, 12) != SQLITE_NULL &&
			!r.result)) {
		tu_job_row_release(&r);
		return tu_err_set(err, TU_ENOMEM, "job: out of memory");
	}
	tu_job_row_release(out);
	*out = r;
	return TU_OK;
}

/* Steps st expecting at most one job row: into *out, or TU_ENOTFOUND
 * with msg.  Finalizes st. */
static enum tu_status one_job(struct tu__sq *q, sqlite3_stmt *st, int rc,
			      struct tu_job_row *out, const char *msg,
			      struct tu_err *err)
{
	enum tu_status s;

	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		s = read_job(q, st, out, err);
	else if (rc == SQLITE_DONE)
		s = tu_err_set(err, TU_ENOTFOUND, "%s", msg);
	else
		s = tu__sq_fail(q, rc, "reading a job", err);
	sqlite3_finalize(st);
	return s;
}

enum tu_status tu__sq_job_get(struct tu_store *s, const char *id,
			      struct tu_job_row *out, struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st = NULL;
	char msg[64];
	enum tu_status status = prep(q, "SELECT " JOB_COLS " FROM jobs "
				     "WHERE id = ?1", &st, err);

	if (status)
		return status;
	snprintf(msg, sizeof msg, "no job '%s'", id);
	return one_job(q, st, tu__sq_bind_text(st, 1, id), out, msg, err);
}

/* ---- adding ------------------------------------------------------------- */

/* One integer from sql with text arguments a1 (and a2 when not NULL). */
static enum tu_status count_of(struct tu__sq *q, const char *sql,
			       const char *a1, const char *a2, int64_t *v,
			       struct tu_err *err)
{
	sqlite3_stmt *st = NULL;
	enum tu_status status = prep(q, sql, &st, err);
	int rc = SQLITE_OK;

	if (status)
		return status;
	if (a1)
		rc = tu__sq_bind_text(st, 1, a1);
	if (rc == SQLITE_OK && a2)
		rc = tu__sq_bind_text(st, 2, a2);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		*v = -1;
	else
		status = tu__sq_fail(q, rc, "counting jobs", err);
	sqlite3_finalize(st);
	return status;
}

/* The job of learner with the request id into id (TU_OK, *found). */
static enum tu_status find_request(struct tu__sq *q, const struct tu_job_row *j,
				   bool *found, char *id, struct tu_err *err)
{
	sqlite3_stmt *st = NULL;
	enum tu_status status = prep(q, "SELECT id FROM jobs WHERE learner = "
				     "?1 AND request_id = ?2", &st, err);
	int rc;

	*found = false;
	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, j->learner);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 2, j->request_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*found = true;
		status = tu__sq_text(q, st, 0, id, TU_STORE_JOB_ID_MAX,
				     "jobs.id", err);
	} else if (rc != SQLITE_DONE) {
		status = tu__sq_fail(q, rc, "reading a job", err);
	}
	sqlite3_finalize(st);
	return status;
}

static enum tu_status check_limits(struct tu__sq *q, const struct tu_job_row *j,
				   const struct tu_job_limits *lim,
				   struct tu_err *err)
{
	int64_t n = 0;
	enum tu_status s = TU_OK;

	if (lim->per_learner)
		s = count_of(q, "SELECT count(*) FROM jobs WHERE learner = ?1 "
			     "AND state IN ('queued', 'running')", j->learner,
			     NULL, &n, err);
	if (!s && lim->per_learner && n >= (int64_t)lim->per_learner)
		return tu_err_set(err, TU_EBUDGET, "learner '%s' has %lld "
				  "jobs queued or running (at most %u)",
				  j->learner, (long long)n, lim->per_learner);
	if (!s && lim->queued)
		s = count_of(q, "SELECT count(*) FROM jobs WHERE state = "
			     "'queued'", NULL, NULL, &n, err);
	if (!s && lim->queued && n >= (int64_t)lim->queued)
		return tu_err_set(err, TU_EUNAVAIL, "%lld jobs are queued (at "
				  "most %u)", (long long)n, lim->queued);
	return s;
}

static enum tu_status insert_job(struct tu__sq *q, const struct tu_job_row *j,
				 struct tu_err *err)
{
	sqlite3_stmt *st = NULL;
	enum tu_status s = prep(q, "INSERT INTO jobs(id, learner, account, "
				"item, lang, code, at, created, state, "
				"request_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, "
				"?8, 'queued', ?9)", &st, err);
	int rc;

	if (s)
		return s;
	rc = tu__sq_bind_text(st, 1, j->id);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 2, j->learner);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, j->account);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 4, j->item);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 5, j->lang);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_blob(st, 6, j->code, j->code_len);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 7, j->at);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 8, j->created);
	if (rc == SQLITE_OK && j->request_id[0])
		rc = tu__sq_bind_text(st, 9, j->request_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		s = tu_err_set(err, TU_ECONFLICT, "job '%s' exists", j->id);
	else if (rc != SQLITE_DONE)
		s = tu__sq_fail(q, rc, "adding a job", err);
	sqlite3_finalize(st);
	return s;
}

enum tu_status tu__sq_job_add(struct tu_store *s, const struct tu_job_row *j,
			      const struct tu_job_limits *lim, bool *existed,
			      char *id, struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	enum tu_status st = tu__sq_begin(q, err);

	*existed = false;
	if (st)
		return st;
	if (j->request_id[0])
		st = find_request(q, j, existed, id, err);
	if (!st && !*existed)
		st = check_limits(q, j, lim, err);
	if (!st && !*existed)
		st = insert_job(q, j, err);
	if (!st)
		st = tu__sq_commit_tx(q, err);
	if (st) {
		tu__sq_rollback(q);
		return st;
	}
	if (!*existed)
		memcpy(id, j->id, strlen(j->id) + 1);
	return TU_OK;
}

/* ---- claim, renew, finish ------------------------------------------------ */

static enum tu_status claim_body(struct tu__sq *q, const char *owner,
				 int64_t now_ms, int64_t lease_ms,
				 struct tu_job_row *out, struct tu_err *err)
{
	sqlite3_stmt *st = NULL;
	enum tu_status s = prep(q, "UPDATE jobs SET state = 'running', "
				"owner = ?1, lease_until = ?2 + ?3, attempts = "
				"attempts + 1 WHERE n = (SELECT n FROM jobs "
				"WHERE state = 'queued' OR (state = 'running' "
				"AND lease_until < ?2) ORDER BY n LIMIT 1) "
				"RETURNING " JOB_COLS, &st, err);
	int rc;

	if (s)
		return s;
	rc = tu__sq_bind_text(st, 1, owner);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, now_ms);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, lease_ms);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s = read_job(q, st, out, err);
		rc = sqlite3_step(st);     /* let the UPDATE finish */
	}
	if (!s && rc == SQLITE_DONE && !out->id[0])
		s = tu_err_set(err, TU_ENOTFOUND, "no job to claim");
	else if (!s && rc != SQLITE_DONE)
		s = tu__sq_fail(q, rc, "claiming a job", err);
	sqlite3_finalize(st);
	return s;
}

/* True when some job may be claimable at now_ms: a read without the
 * write lock, so idle workers polling do not queue behind commits. */
static enum tu_status anything_to_claim(struct tu__sq *q, int64_t now_ms,
					bool *yes, struct tu_err *err)
{
	sqlite3_stmt *st = NULL;
	enum tu_status s = prep(q, "SELECT EXISTS(SELECT 1 FROM jobs WHERE "
				"state = 'queued' OR (state = 'running' AND "
				"lease_until < ?1))", &st, err);
	int rc;

	if (s)
		return s;
	rc = sqlite3_bind_int64(st, 1, now_ms);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*yes = sqlite3_column_int64(st, 0) != 0;
	else
		s = tu__sq_fail(q, rc, "looking for jobs", err);
	sqlite3_finalize(st);
	return s;
}

enum tu_status tu__sq_job_claim(struct tu_store *s, const char *owner,
				int64_t now_ms, int64_t lease_ms,
				struct tu_job_row *out, struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	bool any = false;
	enum tu_status st;

	tu_job_row_release(out);
	st = anything_to_claim(q, now_ms, &any, err);
	if (!st && !any)
		return tu_err_set(err, TU_ENOTFOUND, "no job to claim");
	if (!st)
		st = tu__sq_begin(q, err);
	if (!st)
		st = claim_body(q, owner, now_ms, lease_ms, out, err);
	if (!st)
		st = tu__sq_commit_tx(q, err);
	if (st) {
		tu__sq_rollback(q);
		tu_job_row_release(out);
	}
	return st;
}

/* After an UPDATE of job id by owner changed no row: why. */
static enum tu_status not_held(struct tu__sq *q, const char *id,
			       const char *owner, struct tu_err *err)
{
	int64_t n = 0;
	enum tu_status s = count_of(q, "SELECT count(*) FROM jobs WHERE "
				    "id = ?1", id, NULL, &n, err);

	if (s)
		return s;
	if (n <= 0)
		return tu_err_set(err, TU_ENOTFOUND, "no job '%s'", id);
	return tu_err_set(err, TU_ECONFLICT, "job '%s' is no longer held by "
			  "'%s'", id, owner);
}

enum tu_status tu__sq_job_renew(struct tu_store *s, const char *id,
				const char *owner, int64_t now_ms,
				int64_t lease_ms, struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st = NULL;
	enum tu_status status = prep(q, "UPDATE jobs SET lease_until = ?3 + "
				     "?4 WHERE id = ?1 AND owner = ?2 AND "
				     "state = 'running'", &st, err);
	int rc;

	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, id);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 2, owner);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, now_ms);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 4, lease_ms);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tu__sq_fail(q, rc, "renewing a job's lease", err);
	return sqlite3_changes(q->db) ? TU_OK : not_held(q, id, owner, err);
}

static int bind_outcome(sqlite3_stmt *st, const struct tu_job_outcome *o)
{
	int rc = tu__sq_bind_text(st, 3, tu_job_state_name(o->state));

	if (rc == SQLITE_OK && o->state == TU_JOB_DONE)
		rc = tu__sq_bind_blob(st, 4, o->result, o->result_len);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 5, o->error ? o->error : "");
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 6, (sqlite3_int64)o->seq);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 7, o->finished);
	return rc;
}

enum tu_status tu__sq_job_finish(struct tu_store *s, const char *id,
				 const char *owner,
				 const struct tu_job_outcome *o,
				 struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st = NULL;
	enum tu_status status = prep(q, "UPDATE jobs SET state = ?3, result = "
				     "?4, error = ?5, seq = ?6, finished = ?7, "
				     "lease_until = 0 WHERE id = ?1 AND "
				     "owner = ?2 AND state = 'running'", &st,
				     err);
	int rc;

	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, id);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 2, owner);
	if (rc == SQLITE_OK)
		rc = bind_outcome(st, o);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tu__sq_fail(q, rc, "finishing a job", err);
	return sqlite3_changes(q->db) ? TU_OK : not_held(q, id, owner, err);
}

/* ---- counts and purge ---------------------------------------------------- */

enum tu_status tu__sq_job_counts(struct tu_store *s, const char *learner,
				 struct tu_job_counts *n, struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st = NULL;
	enum tu_status status = prep(q, "SELECT coalesce(sum(state = "
				     "'queued'), 0), coalesce(sum(state = "
				     "'running'), 0) FROM jobs WHERE state IN "
				     "('queued', 'running') AND (?1 IS NULL OR "
				     "learner = ?1)", &st, err);
	int rc = SQLITE_OK;

	if (status)
		return status;
	if (learner)
		rc = tu__sq_bind_text(st, 1, learner);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		n->queued = (uint64_t)sqlite3_column_int64(st, 0);
		n->running = (uint64_t)sqlite3_column_int64(st, 1);
	} else {
		status = tu__sq_fail(q, rc, "counting jobs", err);
	}
	sqlite3_finalize(st);
	return status;
}

enum tu_status tu__sq_job_purge(struct tu_store *s, int64_t before,
				uint64_t *n, struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st = NULL;
	enum tu_status status = prep(q, "DELETE FROM jobs WHERE state IN "
				     "('done', 'error') AND finished < ?1",
				     &st, err);
	int rc;

	if (status)
		return status;
	rc = sqlite3_bind_int64(st, 1, before);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return tu__sq_fail(q, rc, "purging jobs", err);
	*n = (uint64_t)sqlite3_changes(q->db);
	return TU_OK;
}
