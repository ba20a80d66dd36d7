/*
 * sqlite_internal.h - what the SQLite backend's files share: the handle,
 * the cached statements and the small step/bind/error helpers.  Not part
 * of the public API.
 *
 * Every SQL statement the backend runs after open is listed in enum
 * tu__sq_id and prepared once, lazily, with SQLITE_PREPARE_PERSISTENT;
 * a caller takes it with tu__sq_stmt, binds, steps, and always hands it
 * back with tu__sq_done (reset and clear bindings, so no statement keeps
 * a read transaction open).  When the cached statement is already
 * stepping (a walk's callback started the same walk again), tu__sq_stmt
 * hands out a spare copy instead, which tu__sq_done finalizes.
 */
#ifndef TUTOR_STORE_SQLITE_INTERNAL_H
#define TUTOR_STORE_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "store_internal.h"

enum tu__sq_id {
	TU__SQ_BEGIN,
	TU__SQ_COMMIT,
	TU__SQ_ROLLBACK,
	TU__SQ_LEARNER_ADD,
	TU__SQ_LEARNER_GET,
	TU__SQ_LEARNER_EACH,
	TU__SQ_VERSION,
	TU__SQ_SNAP_GET,
	TU__SQ_SNAP_PUT,
	TU__SQ_EVENT_ADD,
	TU__SQ_AUDIT_ADD,
	TU__SQ_EVENTS_ALL,
	TU__SQ_EVENTS_OF,
	TU__SQ_COUNT_ALL,
	TU__SQ_COUNT_OF,
	TU__SQ_AUDIT_EACH,
	TU__SQ_CONTENT_PUT,
	TU__SQ_CONTENT_GET,
	TU__SQ_SETTING_SET,
	TU__SQ_SETTING_GET,
	TU__SQ_LLM_CACHE_PUT,
	TU__SQ_LLM_CACHE_GET,
	TU__SQ_LLM_USAGE_GET,
	TU__SQ_LLM_USAGE_ADD,
	TU__SQ_ACCOUNT_ADD,
	TU__SQ_ACCOUNT_BY_NAME,
	TU__SQ_ACCOUNT_BY_ID,
	TU__SQ_ACCOUNT_SET_PW,
	TU__SQ_ACCOUNT_EACH,
	TU__SQ_ACCOUNT_COUNT,
	TU__SQ_SESSION_ADD,
	TU__SQ_SESSION_GET,
	TU__SQ_SESSION_DEL,
	TU__SQ_SESSION_DEL_ACCOUNT,
	TU__SQ_SESSION_PURGE,
	TU__SQ_SESSION_COUNT,
	TU__SQ_COHORT_ADD,
	TU__SQ_COHORT_GET,
	TU__SQ_COHORT_BY_CODE,
	TU__SQ_COHORT_EACH_ALL,
	TU__SQ_COHORT_EACH_OF,
	TU__SQ_COHORT_EACH_JOINED,
	TU__SQ_COHORT_JOIN,
	TU__SQ_MEMBER_EACH,
	TU__SQ_TEACHES,
	TU__SQ_N
};

struct tu__sq {
	struct tu_store base;        /* first: &base is the public handle */
	sqlite3 *db;
	int busy_ms;
	sqlite3_stmt *stmt[TU__SQ_N];
	struct tu__sq_group *group;  /* group commit (sqlite_group.c);
					NULL: this handle commits alone */
	char path[];                 /* the database file, for messages */
};

/* The backend handle behind a public one (s must be a SQLite store). */
struct tu__sq *tu__sq_of(struct tu_store *s);

/* Takes the cached statement id (preparing it on first use), or a spare
 * copy when the cached one is in use. */
enum tu_status tu__sq_stmt(struct tu__sq *q, enum tu__sq_id id,
			   sqlite3_stmt **st, struct tu_err *err);

/* Resets st and clears its bindings (finalizes a spare); NULL is fine. */
void tu__sq_done(struct tu__sq *q, sqlite3_stmt *st);

/*
 * Maps a failed SQLite result rc to a status and message naming the
 * store, what was being done and SQLite's reason: SQLITE_BUSY/LOCKED ->
 * TU_EIO "database is busy", NOMEM -> TU_ENOMEM, CORRUPT -> TU_ECORRUPT,
 * anything else TU_EIO.
 */
enum tu_status tu__sq_fail(struct tu__sq *q, int rc, const char *what,
			   struct tu_err *err);

/* Steps st once expecting SQLITE_DONE, then tu__sq_done. */
enum tu_status tu__sq_run(struct tu__sq *q, sqlite3_stmt *st,
			  const char *what, struct tu_err *err);

/*
 * Copies text column col of the current row into buf[cap] with a NUL;
 * TU_ECORRUPT (naming what) when it does not fit.
 */
enum tu_status tu__sq_text(struct tu__sq *q, sqlite3_stmt *st, int col,
			   char *buf, size_t cap, const char *what,
			   struct tu_err *err);

/* Binds a text argument (borrowed for the statement's run). */
int tu__sq_bind_text(sqlite3_stmt *st, int i, const char *s);

/* Binds len bytes as a BLOB; a zero length stores an empty blob. */
int tu__sq_bind_blob(sqlite3_stmt *st, int i, const void *p, size_t len);

/* BEGIN IMMEDIATE / COMMIT; rollback does nothing outside a transaction. */
enum tu_status tu__sq_begin(struct tu__sq *q, struct tu_err *err);
enum tu_status tu__sq_commit_tx(struct tu__sq *q, struct tu_err *err);
void tu__sq_rollback(struct tu__sq *q);

/* ---- open-time schema work (sqlite_migrate.c) -------------------------- */

/*
 * Reads the file's schema without writing: TU_EIO when the file is not a
 * SQLite database or is one with tables but no schema_version table (not
 * a tutor store); TU_ECORRUPT when its schema is newer than this program.
 * Sets q->base.schema_version to the version found (0 for a new file).
 */
enum tu_status tu__sq_inspect(struct tu__sq *q, struct tu_err *err);

/* Applies the migrations after q->base.schema_version, one transaction
 * each, and updates q->base.schema_version. */
enum tu_status tu__sq_migrate(struct tu__sq *q, struct tu_err *err);

/* ---- operations (sqlite_rows.c, sqlite_log.c) -------------------------- */

enum tu_status tu__sq_learner_add(struct tu_store *s, const char *id,
				  const char *name, int64_t now,
				  struct tu_err *err);
enum tu_status tu__sq_learner_get(struct tu_store *s, const char *id,
				  struct tu_learner_row *row,
				  struct tu_err *err);
enum tu_status tu__sq_learner_each(struct tu_store *s, tu_learner_fn fn,
				   void *ctx, struct tu_err *err);
enum tu_status tu__sq_content_put(struct tu_store *s,
				  const struct tu_content_row *row,
				  struct tu_err *err);
enum tu_status tu__sq_content_get(struct tu_store *s, const char *course,
				  struct tu_content_row *row,
				  struct tu_err *err);
enum tu_status tu__sq_setting_set(struct tu_store *s, const char *key,
				  const char *value, struct tu_err *err);
enum tu_status tu__sq_setting_get(struct tu_store *s, const char *key,
				  char *buf, size_t cap, struct tu_err *err);

enum tu_status tu__sq_snapshot_get(struct tu_store *s, const char *learner,
				   struct tu_snapshot *snap,
				   struct tu_err *err);
enum tu_status tu__sq_commit(struct tu_store *s, const struct tu_commit *c,
			     uint64_t *seq, struct tu_err *err);
/* Inside an open write transaction: the compare-and-set and the writes
 * of one commit (sqlite_log.c); *seq gets the new event's seq.  Leaves
 * the transaction open either way (the caller commits or rolls back). */
enum tu_status tu__sq_commit_body(struct tu__sq *q, const struct tu_commit *c,
				  uint64_t *seq, struct tu_err *err);
enum tu_status tu__sq_event_each(struct tu_store *s, const char *learner,
				 uint64_t after_seq, tu_event_fn fn,
				 void *ctx, struct tu_err *err);
enum tu_status tu__sq_event_count(struct tu_store *s, const char *learner,
				  uint64_t *n, struct tu_err *err);
enum tu_status tu__sq_audit_each(struct tu_store *s, uint64_t seq,
				 tu_audit_fn fn, void *ctx,
				 struct tu_err *err);

/* ---- group commit (sqlite_group.c) -------------------------------------- */

/*
 * Joins q to the committer of its database file when opts ask for group
 * commit (group_commit and sync_full) and the file has a canonical path;
 * otherwise leaves q->group NULL (q commits alone).  TU_ENOMEM only.
 */
enum tu_status tu__sq_group_join(struct tu__sq *q,
				 const struct tu_store_options *opts,
				 struct tu_err *err);

/* Leaves q's group (the last handle frees it); nothing when q has none. */
void tu__sq_group_leave(struct tu__sq *q);

/* tu_store_commit through q's group: returns once the transaction that
 * holds c committed (TU_OK, *seq set) or c's own or its batch's error. */
enum tu_status tu__sq_group_commit(struct tu__sq *q, const struct tu_commit *c,
				   uint64_t *seq, struct tu_err *err);

/* The counters of s's group (zeros without one). */
void tu__sq_commit_stats(struct tu_store *s, struct tu_store_commit_stats *st);

/* ---- LLM cache and usage (sqlite_llm.c) -------------------------------- */

enum tu_status tu__sq_llm_cache_put(struct tu_store *s,
				    const struct tu_llm_cache_entry *e,
				    struct tu_err *err);
enum tu_status tu__sq_llm_cache_get(struct tu_store *s, const char *key,
				    char **content, size_t *len,
				    struct tu_err *err);
enum tu_status tu__sq_llm_usage_get(struct tu_store *s, const char *learner,
				    int64_t day, struct tu_store_usage *u,
				    struct tu_err *err);
enum tu_status tu__sq_llm_usage_add(struct tu_store *s, const char *learner,
				    int64_t day,
				    const struct tu_store_usage *add,
				    struct tu_err *err);

/* ---- accounts, sessions and cohorts (sqlite_auth.c) --------------------- */

enum tu_status tu__sq_account_add(struct tu_store *s,
				  const struct tu_account_row *a, int64_t *id,
				  struct tu_err *err);
enum tu_status tu__sq_account_get(struct tu_store *s, const char *username,
				  int64_t id, struct tu_account_row *row,
				  struct tu_err *err);
enum tu_status tu__sq_account_set_pwhash(struct tu_store *s, int64_t id,
					 const char *pwhash,
					 struct tu_err *err);
enum tu_status tu__sq_account_each(struct tu_store *s, tu_account_fn fn,
				   void *ctx, struct tu_err *err);
enum tu_status tu__sq_account_count(struct tu_store *s,
				    enum tu_account_role role, uint64_t *n,
				    struct tu_err *err);
enum tu_status tu__sq_session_add(struct tu_store *s,
				  const struct tu_session_row *row,
				  struct tu_err *err);
enum tu_status tu__sq_session_get(struct tu_store *s, const char *token_hash,
				  struct tu_session_row *row,
				  struct tu_err *err);
enum tu_status tu__sq_session_delete(struct tu_store *s,
				     const char *token_hash,
				     struct tu_err *err);
enum tu_status tu__sq_session_purge(struct tu_store *s, int64_t now,
				    uint64_t *n, struct tu_err *err);
enum tu_status tu__sq_session_count(struct tu_store *s, int64_t now,
				    uint64_t *n, struct tu_err *err);

/* ---- cohorts (sqlite_cohort.c) ------------------------------------------ */

enum tu_status tu__sq_cohort_add(struct tu_store *s,
				 const struct tu_cohort_row *c, int64_t *id,
				 struct tu_err *err);
enum tu_status tu__sq_cohort_get(struct tu_store *s, int64_t id,
				 const char *code, struct tu_cohort_row *row,
				 struct tu_err *err);
enum tu_status tu__sq_cohort_each(struct tu_store *s, int64_t instructor,
				  const char *learner, tu_cohort_fn fn,
				  void *ctx, struct tu_err *err);
enum tu_status tu__sq_cohort_join(struct tu_store *s, int64_t cohort,
				  const char *learner, int64_t now,
				  struct tu_err *err);
enum tu_status tu__sq_cohort_member_each(struct tu_store *s, int64_t cohort,
					 tu_member_fn fn, void *ctx,
					 struct tu_err *err);
enum tu_status tu__sq_cohort_teaches(struct tu_store *s, int64_t instructor,
				     const char *learner, bool *yes,
				     struct tu_err *err);

/* ---- request ids and judge jobs (sqlite_jobs.c) ------------------------ */

enum tu_status tu__sq_request_get(struct tu_store *s, const char *learner,
				  const char *request_id, tu_event_fn fn,
				  void *ctx, struct tu_err *err);
/* Inside a commit's transaction: TU_ECONFLICT when learner already has
 * an event with request_id. */
enum tu_status tu__sq_request_free(struct tu__sq *q, const char *learner,
				   const char *request_id, struct tu_err *err);
/* Fills ev (zeroed first; payload and outputs new) from the current row
 * of a statement selecting the event columns (sqlite_log.c). */
enum tu_status tu__sq_read_event(struct tu__sq *q, sqlite3_stmt *st,
				 struct tu_event *ev, struct tu_err *err);
enum tu_status tu__sq_job_add(struct tu_store *s, const struct tu_job_row *j,
			      const struct tu_job_limits *lim, bool *existed,
			      char *id, struct tu_err *err);
enum tu_status tu__sq_job_claim(struct tu_store *s, const char *owner,
				int64_t now_ms, int64_t lease_ms,
				struct tu_job_row *out, struct tu_err *err);
enum tu_status tu__sq_job_renew(struct tu_store *s, const char *id,
				const char *owner, int64_t now_ms,
				int64_t lease_ms, struct tu_err *err);
enum tu_status tu__sq_job_finish(struct tu_store *s, const char *id,
				 const char *owner,
				 const struct tu_job_outcome *o,
				 struct tu_err *err);
enum tu_status tu__sq_job_get(struct tu_store *s, const char *id,
			      struct tu_job_row *out, struct tu_err *err);
enum tu_status tu__sq_job_counts(struct tu_store *s, const char *learner,
				 struct tu_job_counts *n, struct tu_err *err);
enum tu_status tu__sq_job_purge(struct tu_store *s, int64_t before,
				uint64_t *n, struct tu_err *err);

#endif
