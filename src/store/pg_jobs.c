/*
 * pg_jobs.c - the PostgreSQL backend's request-id lookups and judge job
 * table (contracts in tutor/store.h).
 *
 * Adding a job runs in one transaction holding a per-learner advisory
 * lock (pg_advisory_xact_lock(key, hashtext(learner))), so the request-id
 * lookup, the limit counts and the insert of one learner's jobs are not
 * interleaved by another server.  A claim is one statement: an UPDATE of
 * the row chosen by SELECT ... ORDER BY n LIMIT 1 FOR UPDATE SKIP LOCKED,
 * so two servers claiming at once each lock a different row and never
 * get the same job; a row another claimer holds is skipped, not waited
 * for.  Renew and finish update only while the caller is the owner.
 *
 * What it is not: no policy (limits and lease length come in).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

/* ---- request ids -------------------------------------------------------- */

enum tu_status tu__pg_request_get(struct tu_store *s, const char *learner,
				  const char *request_id, tu_event_fn fn,
				  void *ctx, struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu__pg_args a;
	struct tu_event ev;
	PGresult *r = NULL;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_text(&a, learner);
	tu__pg_text(&a, request_id);
	st = tu__pg_exec(p, TU__PG_REQUEST_GET, &a, &r, "reading a request id",
			 err);
	if (!st && PQntuples(r) == 0)
		st = tu_err_set(err, TU_ENOTFOUND, "learner '%s': no event "
				"with request id '%s'", learner, request_id);
	if (!st) {
		st = tu__pg_read_event(p, r, 0, &ev, err);
		if (!st)
			fn(&ev, ctx);
		free(ev.payload);
		free(ev.outputs);
	}
	PQclear(r);
	return st;
}

/* ---- reading a job row -------------------------------------------------- */

static char *dup_col(const PGresult *r, int row, int col, size_t *len)
{
	*len = (size_t)PQgetlength(r, row, col);
	return tu__store_dup_bytes(PQgetvalue(r, row, col), *len);
}

static enum tu_status read_texts(struct tu__pg *p, const PGresult *r,
				 struct tu_job_row *j, char *state,
				 size_t state_cap, struct tu_err *err)
{
	enum tu_status s = tu__pg_str(p, r, 0, 0, j->id, sizeof j->id,
				      "jobs.id", err);

	if (!s)
		s = tu__pg_str(p, r, 0, 1, j->learner, sizeof j->learner,
			       "jobs.learner", err);
	if (!s)
		s = tu__pg_str(p, r, 0, 3, j->item, sizeof j->item,
			       "jobs.item", err);
	if (!s)
		s = tu__pg_str(p, r, 0, 4, j->lang, sizeof j->lang,
			       "jobs.lang", err);
	if (!s)
		s = tu__pg_str(p, r, 0, 8, state, state_cap, "jobs.state",
			       err);
	if (!s)
		s = tu__pg_str(p, r, 0, 9, j->owner, sizeof j->owner,
			       "jobs.owner", err);
	if (!s)
		s = tu__pg_str(p, r, 0, 13, j->error, sizeof j->error,
			       "jobs.error", err);
	if (!s)
		s = tu__pg_str(p, r, 0, 16, j->request_id,
			       sizeof j->request_id, "jobs.request_id", err);
	return s;
}

static void state_parse(const char *s, enum tu_job_state *out)
{
	*out = TU_JOB_ERROR;
	for (int i = TU_JOB_QUEUED; i <= TU_JOB_ERROR; i++)
		if (strcmp(s, tu_job_state_name((enum tu_job_state)i)) == 0)
			*out = (enum tu_job_state)i;
}

/* Row 0 of r into *out (released first). */
static enum tu_status read_job(struct tu__pg *p, const PGresult *r,
			       struct tu_job_row *out, struct tu_err *err)
{
	struct tu_job_row j;
	char state[16];
	bool has_result = !PQgetisnull(r, 0, 12);
	enum tu_status s;

	tu_job_row_init(&j);
	s = read_texts(p, r, &j, state, sizeof state, err);
	if (s)
		return s;
	state_parse(state, &j.state);
	j.account = tu__pg_int(r, 0, 2);
	j.at = tu__pg_int(r, 0, 6);
	j.created = tu__pg_int(r, 0, 7);
	j.lease_until = tu__pg_int(r, 0, 10);
	j.attempts = (uint32_t)tu__pg_int(r, 0, 11);
	j.seq = (uint64_t)tu__pg_int(r, 0, 14);
	j.finished = tu__pg_int(r, 0, 15);
	j.code = dup_col(r, 0, 5, &j.code_len);
	if (has_result)
		j.result = dup_col(r, 0, 12, &j.result_len);
	if (!j.code || (has_result && !j.result)) {
		tu_job_row_release(&j);
		return tu_err_set(err, TU_ENOMEM, "job: out of memory");
	}
	tu_job_row_release(out);
	*out = j;
	return TU_OK;
}

enum tu_status tu__pg_job_get(struct tu_store *s, const char *id,
			      struct tu_job_row *out, struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_text(&a, id);
	st = tu__pg_exec(p, TU__PG_JOB_GET, &a, &r, "reading a job", err);
	if (!st && PQntuples(r) == 0)
		st = tu_err_set(err, TU_ENOTFOUND, "no job '%s'", id);
	else if (!st)
		st = read_job(p, r, out, err);
	PQclear(r);
	return st;
}

/* ---- adding ------------------------------------------------------------- */

/* Runs id with text arguments a1 (a2 when not NULL) into one integer. */
static enum tu_status int_of(struct tu__pg *p, enum tu__pg_id id,
			     const char *a1, const char *a2, int64_t *v,
			     struct tu_err *err)
{
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;

	tu__pg_args_init(&a);
	if (a1)
		tu__pg_text(&a, a1);
	if (a2)
		tu__pg_text(&a, a2);
	st = tu__pg_exec(p, id, a1 ? &a : NULL, &r, "counting jobs", err);
	if (!st)
		*v = PQntuples(r) > 0 ? tu__pg_int(r, 0, 0) : 0;
	PQclear(r);
	return st;
}

static enum tu_status find_request(struct tu__pg *p, const struct tu_job_row *j,
				   bool *found, char *id, struct tu_err *err)
{
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_text(&a, j->learner);
	tu__pg_text(&a, j->request_id);
	st = tu__pg_exec(p, TU__PG_JOB_BY_REQUEST, &a, &r, "reading a job",
			 err);
	*found = !st && PQntuples(r) > 0;
	if (*found)
		st = tu__pg_str(p, r, 0, 0, id, TU_STORE_JOB_ID_MAX,
				"jobs.id", err);
	PQclear(r);
	return st;
}

static enum tu_status check_limits(struct tu__pg *p, const struct tu_job_row *j,
				   const struct tu_job_limits *lim,
				   struct tu_err *err)
{
	int64_t n = 0;
	enum tu_status st = TU_OK;

	if (lim->per_learner)
		st = int_of(p, TU__PG_JOB_COUNT_LEARNER, j->learner, NULL, &n,
			    err);
	if (!st && lim->per_learner && n >= (int64_t)lim->per_learner)
		return tu_err_set(err, TU_EBUDGET, "learner '%s' has %lld "
				  "jobs queued or running (at most %u)",
				  j->learner, (long long)n, lim->per_learner);
	if (!st && lim->queued)
		st = int_of(p, TU__PG_JOB_COUNT_QUEUED, NULL, NULL, &n, err);
	if (!st && lim->queued && n >= (int64_t)lim->queued)
		return tu_err_set(err, TU_EUNAVAIL, "%lld jobs are queued (at "
				  "most %u)", (long long)n, lim->queued);
	return st;
}

static enum tu_status insert_job(struct tu__pg *p, const struct tu_job_row *j,
				 struct tu_err *err)
{
	struct tu__pg_args a;

	tu__pg_args_init(&a);
	tu__pg_text(&a, j->id);
	tu__pg_text(&a, j->learner);
	tu__pg_i64(&a, j->account);
	tu__pg_text(&a, j->item);
	tu__pg_text(&a, j->lang);
	tu__pg_bytes(&a, j->code, j->code_len);
	tu__pg_i64(&a, j->at);
	tu__pg_i64(&a, j->created);
	tu__pg_text(&a, j->request_id[0] ? j->request_id : NULL);
	return tu__pg_exec(p, TU__PG_JOB_ADD, &a, NULL, "adding a job", err);
}

static enum tu_status add_body(struct tu__pg *p, const struct tu_job_row *j,
			       const struct tu_job_limits *lim, bool *existed,
			       char *id, struct tu_err *err)
{
	struct tu__pg_args a;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_text(&a, j->learner);
	st = tu__pg_exec(p, TU__PG_JOB_LOCK, &a, NULL,
			 "waiting for the learner's job lock", err);
	if (!st && j->request_id[0])
		st = find_request(p, j, existed, id, err);
	if (!st && !*existed)
		st = check_limits(p, j, lim, err);
	if (!st && !*existed)
		st = insert_job(p, j, err);
	return st;
}

enum tu_status tu__pg_job_add(struct tu_store *s, const struct tu_job_row *j,
			      const struct tu_job_limits *lim, bool *existed,
			      char *id, struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	enum tu_status st = tu__pg_begin(p, err);

	*existed = false;
	if (st)
		return st;
	st = add_body(p, j, lim, existed, id, err);
	st = tu__pg_end(p, st, err);
	if (st == TU_EIO && tu__pg_state_is(p, "23505"))
		return tu_err_set(err, TU_ECONFLICT, "job '%s' exists", j->id);
	if (!st && !*existed)
		memcpy(id, j->id, strlen(j->id) + 1);
	return st;
}

/* ---- claim, renew, finish ------------------------------------------------ */

enum tu_status tu__pg_job_claim(struct tu_store *s, const char *owner,
				int64_t now_ms, int64_t lease_ms,
				struct tu_job_row *out, struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;

	tu_job_row_release(out);
	st = tu__pg_begin(p, err);
	if (st)
		return st;
	tu__pg_args_init(&a);
	tu__pg_text(&a, owner);
	tu__pg_i64(&a, now_ms);
	tu__pg_i64(&a, lease_ms);
	st = tu__pg_exec(p, TU__PG_JOB_CLAIM, &a, &r, "claiming a job", err);
	if (!st && PQntuples(r) > 0)
		st = read_job(p, r, out, err);
	PQclear(r);
	st = tu__pg_end(p, st, err);
	if (st)
		tu_job_row_release(out);
	else if (!out->id[0])
		st = tu_err_set(err, TU_ENOTFOUND, "no job to claim");
	return st;
}

/* After an UPDATE of job id by owner changed no row: why. */
static enum tu_status not_held(struct tu__pg *p, const char *id,
			       const char *owner, struct tu_err *err)
{
	int64_t n = 0;
	enum tu_status st = int_of(p, TU__PG_JOB_EXISTS, id, NULL, &n, err);

	if (st)
		return st;
	if (n <= 0)
		return tu_err_set(err, TU_ENOTFOUND, "no job '%s'", id);
	return tu_err_set(err, TU_ECONFLICT, "job '%s' is no longer held by "
			  "'%s'", id, owner);
}

/* Runs a command; *changed gets the rows it changed. */
static enum tu_status run_changes(struct tu__pg *p, enum tu__pg_id id,
				  const struct tu__pg_args *a, uint64_t *changed,
				  const char *what, struct tu_err *err)
{
	PGresult *r = NULL;
	enum tu_status st = tu__pg_exec(p, id, a, &r, what, err);

	*changed = st ? 0 : tu__pg_changes(r);
	PQclear(r);
	return st;
}

enum tu_status tu__pg_job_renew(struct tu_store *s, const char *id,
				const char *owner, int64_t now_ms,
				int64_t lease_ms, struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu__pg_args a;
	uint64_t n = 0;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_text(&a, id);
	tu__pg_text(&a, owner);
	tu__pg_i64(&a, now_ms);
	tu__pg_i64(&a, lease_ms);
	st = run_changes(p, TU__PG_JOB_RENEW, &a, &n,
			 "renewing a job's lease", err);
	if (!st && n == 0)
		st = not_held(p, id, owner, err);
	return st;
}

enum tu_status tu__pg_job_finish(struct tu_store *s, const char *id,
				 const char *owner,
				 const struct tu_job_outcome *o,
				 struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu__pg_args a;
	uint64_t n = 0;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_text(&a, id);
	tu__pg_text(&a, owner);
	tu__pg_text(&a, tu_job_state_name(o->state));
	if (o->state == TU_JOB_DONE)
		tu__pg_bytes(&a, o->result, o->result_len);
	else
		tu__pg_text(&a, NULL);
	tu__pg_text(&a, o->error ? o->error : "");
	tu__pg_i64(&a, (int64_t)o->seq);
	tu__pg_i64(&a, o->finished);
	st = run_changes(p, TU__PG_JOB_FINISH, &a, &n, "finishing a job",
			 err);
	if (!st && n == 0)
		st = not_held(p, id, owner, err);
	return st;
}

/* ---- counts and purge ---------------------------------------------------- */

enum tu_status tu__pg_job_counts(struct tu_store *s, const char *learner,
				 struct tu_job_counts *n, struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_text(&a, learner);
	st = tu__pg_exec(p, TU__PG_JOB_COUNTS, &a, &r, "counting jobs", err);
	if (!st && PQntuples(r) > 0) {
		n->queued = (uint64_t)tu__pg_int(r, 0, 0);
		n->running = (uint64_t)tu__pg_int(r, 0, 1);
	}
	PQclear(r);
	return st;
}

enum tu_status tu__pg_job_purge(struct tu_store *s, int64_t before,
				uint64_t *n, struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu__pg_args a;

	tu__pg_args_init(&a);
	tu__pg_i64(&a, before);
	return run_changes(p, TU__PG_JOB_PURGE, &a, n, "purging jobs", err);
}
