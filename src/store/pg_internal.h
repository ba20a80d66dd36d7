/*
 * pg_internal.h - what the PostgreSQL backend's files share: the handle,
 * the list of prepared statements, the argument builder, the exec and
 * error helpers and the column readers.  Not part of the public API.
 *
 * Every statement the backend runs after open is listed in enum
 * tu__pg_id (SQL text in pg_sql.c) and prepared once per connection,
 * lazily, with PQprepare; it is then run with PQexecPrepared, its
 * arguments always sent as parameters in binary format (no value is ever
 * pasted into SQL text) and its results read in binary format.  Only the
 * constant DDL of the migrations goes through PQexec (pg_migrate.c).
 *
 * Connection loss: a call that finds the connection broken (and no
 * transaction open) tries PQreset once; when that fails the call fails
 * with TU_EIO "postgresql: connection lost: ...".  A call whose statement
 * breaks the connection fails with TU_EIO ("...: connection lost: ...")
 * and the next call reconnects.  Nothing is retried behind the caller's
 * back: a commit whose answer was lost may or may not have happened.
 */
#ifndef TUTOR_STORE_PG_INTERNAL_H
#define TUTOR_STORE_PG_INTERNAL_H

#include <libpq-fe.h>

#include "store_internal.h"

enum tu__pg_id {
	TU__PG_BEGIN,
	TU__PG_COMMIT,
	TU__PG_ROLLBACK,
	TU__PG_SET_CONFIG,
	TU__PG_SCHEMA_TABLES,
	TU__PG_SCHEMA_OURS,
	TU__PG_MIG_LOCK,
	TU__PG_MIG_VERSION,
	TU__PG_MIG_RECORD,
	TU__PG_LEARNER_ADD,
	TU__PG_LEARNER_GET,
	TU__PG_LEARNER_EACH,
	TU__PG_LEARNER_LOCK,
	TU__PG_VERSION,
	TU__PG_SEQ_LOCK,
	TU__PG_SNAP_GET,
	TU__PG_SNAP_PUT,
	TU__PG_EVENT_ADD,
	TU__PG_AUDIT_ADD,
	TU__PG_EVENTS_ALL,
	TU__PG_EVENTS_OF,
	TU__PG_COUNT_ALL,
	TU__PG_COUNT_OF,
	TU__PG_AUDIT_EACH,
	TU__PG_CONTENT_PUT,
	TU__PG_CONTENT_GET,
	TU__PG_SETTING_SET,
	TU__PG_SETTING_GET,
	TU__PG_LLM_CACHE_PUT,
	TU__PG_LLM_CACHE_GET,
	TU__PG_LLM_USAGE_GET,
	TU__PG_LLM_USAGE_ADD,
	TU__PG_ACCOUNT_ADD,
	TU__PG_ACCOUNT_BY_NAME,
	TU__PG_ACCOUNT_BY_ID,
	TU__PG_ACCOUNT_SET_PW,
	TU__PG_ACCOUNT_EACH,
	TU__PG_ACCOUNT_COUNT,
	TU__PG_SESSION_ADD,
	TU__PG_SESSION_GET,
	TU__PG_SESSION_DEL,
	TU__PG_SESSION_DEL_ACCOUNT,
	TU__PG_SESSION_PURGE,
	TU__PG_SESSION_COUNT,
	TU__PG_COHORT_ADD,
	TU__PG_COHORT_GET,
	TU__PG_COHORT_BY_CODE,
	TU__PG_COHORT_EACH_ALL,
	TU__PG_COHORT_EACH_OF,
	TU__PG_COHORT_EACH_JOINED,
	TU__PG_COHORT_JOIN,
	TU__PG_MEMBER_EACH,
	TU__PG_TEACHES,
	TU__PG_REQUEST_GET,
	TU__PG_JOB_LOCK,
	TU__PG_JOB_BY_REQUEST,
	TU__PG_JOB_COUNT_LEARNER,
	TU__PG_JOB_COUNT_QUEUED,
	TU__PG_JOB_ADD,
	TU__PG_JOB_CLAIM,
	TU__PG_JOB_RENEW,
	TU__PG_JOB_FINISH,
	TU__PG_JOB_EXISTS,
	TU__PG_JOB_GET,
	TU__PG_JOB_COUNTS,
	TU__PG_JOB_PURGE,
	TU__PG_N
};

/* Rows fetched per page by the event walk (bounded memory; a callback
 * may run other store calls between pages). */
#define TU__PG_PAGE 64

#define TU__PG_ARGS_MAX 10

/* One statement: its SQL, parameter count and parameter types (OIDs). */
struct tu__pg_sql {
	const char *text;
	int n;
	unsigned int types[TU__PG_ARGS_MAX];
};

/* pg_sql.c: the statement table, indexed by enum tu__pg_id. */
extern const struct tu__pg_sql tu__pg_sql[TU__PG_N];

struct tu__pg {
	struct tu_store base;        /* first: &base is the public handle */
	PGconn *conn;
	bool prepared[TU__PG_N];     /* on this connection */
	bool in_tx;                  /* BEGIN sent, no COMMIT/ROLLBACK yet */
	int busy_ms;                 /* lock_timeout */
	char sqlstate[6];            /* of the last failure, "" if none */
	char db[128];                /* the database name, for messages */
};

/* The backend handle behind a public one (s must be a PostgreSQL one). */
struct tu__pg *tu__pg_of(struct tu_store *s);

/* ---- arguments (binary format; borrowed until the statement ran) ------ */

struct tu__pg_args {
	int n;
	const char *val[TU__PG_ARGS_MAX];
	int len[TU__PG_ARGS_MAX];
	int fmt[TU__PG_ARGS_MAX];
	char num[TU__PG_ARGS_MAX][8];
};

void tu__pg_args_init(struct tu__pg_args *a);
/* Appends a bigint. */
void tu__pg_i64(struct tu__pg_args *a, int64_t v);
/* Appends a text (NULL: SQL NULL). */
void tu__pg_text(struct tu__pg_args *a, const char *s);
/* Appends len bytes as a bytea. */
void tu__pg_bytes(struct tu__pg_args *a, const void *p, size_t len);

/* ---- running statements (pg.c) ----------------------------------------- */

/*
 * Runs statement id with args a (NULL: none), preparing it first when
 * this connection has not yet.  On TU_OK *res (may be NULL: cleared) is
 * the result (PQclear it).  On failure the status and message come from
 * tu__pg_fail and p->sqlstate holds PostgreSQL's SQLSTATE, so a caller
 * can map a constraint violation ("23505", "23503") to its own status.
 */
enum tu_status tu__pg_exec(struct tu__pg *p, enum tu__pg_id id,
			   const struct tu__pg_args *a, PGresult **res,
			   const char *what, struct tu_err *err);

/*
 * Maps a failed result (res may be NULL) to a status and a message
 * "postgresql: WHAT: PostgreSQL's message": serialization failure and
 * deadlock -> TU_ECONFLICT, lock timeout -> TU_EIO "database is busy",
 * out of memory -> TU_ENOMEM, data corruption -> TU_ECORRUPT, a broken
 * connection -> TU_EIO "connection lost", anything else TU_EIO.
 */
enum tu_status tu__pg_fail(struct tu__pg *p, const PGresult *res,
			   const char *what, struct tu_err *err);

/* True when the last failure had SQLSTATE state. */
bool tu__pg_state_is(const struct tu__pg *p, const char *state);

/* BEGIN (read committed) / COMMIT; rollback does nothing outside a
 * transaction or on a broken connection. */
enum tu_status tu__pg_begin(struct tu__pg *p, struct tu_err *err);
enum tu_status tu__pg_commit_tx(struct tu__pg *p, struct tu_err *err);
void tu__pg_rollback(struct tu__pg *p);

/* Ends the transaction: COMMIT when st is TU_OK, else ROLLBACK; returns
 * the final status. */
enum tu_status tu__pg_end(struct tu__pg *p, enum tu_status st,
			  struct tu_err *err);

/* ---- reading columns (binary results) ---------------------------------- */

/* An integer column (int2/int4/int8/bool by its length); 0 when NULL. */
int64_t tu__pg_int(const PGresult *r, int row, int col);

/* A text column copied into buf[cap] with a NUL; TU_ECORRUPT naming what
 * when it does not fit (never truncated). NULL reads as "". */
enum tu_status tu__pg_str(const struct tu__pg *p, const PGresult *r, int row,
			  int col, char *buf, size_t cap, const char *what,
			  struct tu_err *err);

/* Rows affected by a command (INSERT/UPDATE/DELETE). */
uint64_t tu__pg_changes(PGresult *r);

/* ---- open-time schema work (pg_migrate.c) ------------------------------ */

/* Reads the schema without writing: TU_EIO when the schema holds tables
 * but no schema_version (not a tutor store), TU_ECORRUPT when it is
 * newer than this program.  Sets p->base.schema_version. */
enum tu_status tu__pg_inspect(struct tu__pg *p, struct tu_err *err);

/* Applies the missing migrations in one transaction that holds
 * pg_advisory_xact_lock(TU__PG_KEY_MIGRATE) and re-reads the version
 * first, so servers starting at once migrate exactly once. */
enum tu_status tu__pg_migrate(struct tu__pg *p, struct tu_err *err);

/* Advisory lock keys: migrations, and the event-seq order (pg_log.c). */
#define TU__PG_KEY_MIGRATE 0x7475746f72000001LL
#define TU__PG_KEY_SEQ 0x7475746f72000002LL

/* ---- operations -------------------------------------------------------- */

/* pg_rows.c: learners, content, settings, the LLM cache and usage */
enum tu_status tu__pg_learner_add(struct tu_store *s, const char *id,
				  const char *name, int64_t now,
				  struct tu_err *err);
enum tu_status tu__pg_learner_get(struct tu_store *s, const char *id,
				  struct tu_learner_row *row,
				  struct tu_err *err);
enum tu_status tu__pg_learner_each(struct tu_store *s, tu_learner_fn fn,
				   void *ctx, struct tu_err *err);
enum tu_status tu__pg_content_put(struct tu_store *s,
				  const struct tu_content_row *row,
				  struct tu_err *err);
enum tu_status tu__pg_content_get(struct tu_store *s, const char *course,
				  struct tu_content_row *row,
				  struct tu_err *err);
enum tu_status tu__pg_setting_set(struct tu_store *s, const char *key,
				  const char *value, struct tu_err *err);
enum tu_status tu__pg_setting_get(struct tu_store *s, const char *key,
				  char *buf, size_t cap, struct tu_err *err);
enum tu_status tu__pg_llm_cache_put(struct tu_store *s,
				    const struct tu_llm_cache_entry *e,
				    struct tu_err *err);
enum tu_status tu__pg_llm_cache_get(struct tu_store *s, const char *key,
				    char **content, size_t *len,
				    struct tu_err *err);
enum tu_status tu__pg_llm_usage_get(struct tu_store *s, const char *learner,
				    int64_t day, struct tu_store_usage *u,
				    struct tu_err *err);
enum tu_status tu__pg_llm_usage_add(struct tu_store *s, const char *learner,
				    int64_t day,
				    const struct tu_store_usage *add,
				    struct tu_err *err);

/* pg_log.c: snapshots, commit, the event and audit walks */
enum tu_status tu__pg_snapshot_get(struct tu_store *s, const char *learner,
				   struct tu_snapshot *snap,
				   struct tu_err *err);
enum tu_status tu__pg_commit(struct tu_store *s, const struct tu_commit *c,
			     uint64_t *seq, struct tu_err *err);
enum tu_status tu__pg_event_each(struct tu_store *s, const char *learner,
				 uint64_t after_seq, tu_event_fn fn,
				 void *ctx, struct tu_err *err);
enum tu_status tu__pg_event_count(struct tu_store *s, const char *learner,
				  uint64_t *n, struct tu_err *err);
enum tu_status tu__pg_audit_each(struct tu_store *s, uint64_t seq,
				 tu_audit_fn fn, void *ctx,
				 struct tu_err *err);

/* pg_auth.c: accounts and sessions */
enum tu_status tu__pg_account_add(struct tu_store *s,
				  const struct tu_account_row *a, int64_t *id,
				  struct tu_err *err);
enum tu_status tu__pg_account_get(struct tu_store *s, const char *username,
				  int64_t id, struct tu_account_row *row,
				  struct tu_err *err);
enum tu_status tu__pg_account_set_pwhash(struct tu_store *s, int64_t id,
					 const char *pwhash,
					 struct tu_err *err);
enum tu_status tu__pg_account_each(struct tu_store *s, tu_account_fn fn,
				   void *ctx, struct tu_err *err);
enum tu_status tu__pg_account_count(struct tu_store *s,
				    enum tu_account_role role, uint64_t *n,
				    struct tu_err *err);
enum tu_status tu__pg_session_add(struct tu_store *s,
				  const struct tu_session_row *row,
				  struct tu_err *err);
enum tu_status tu__pg_session_get(struct tu_store *s, const char *token_hash,
				  struct tu_session_row *row,
				  struct tu_err *err);
enum tu_status tu__pg_session_delete(struct tu_store *s,
				     const char *token_hash,
				     struct tu_err *err);
enum tu_status tu__pg_session_purge(struct tu_store *s, int64_t now,
				    uint64_t *n, struct tu_err *err);
enum tu_status tu__pg_session_count(struct tu_store *s, int64_t now,
				    uint64_t *n, struct tu_err *err);

/* pg_cohort.c: cohorts and their members */
enum tu_status tu__pg_cohort_add(struct tu_store *s,
				 const struct tu_cohort_row *c, int64_t *id,
				 struct tu_err *err);
enum tu_status tu__pg_cohort_get(struct tu_store *s, int64_t id,
				 const char *code, struct tu_cohort_row *row,
				 struct tu_err *err);
enum tu_status tu__pg_cohort_each(struct tu_store *s, int64_t instructor,
				  const char *learner, tu_cohort_fn fn,
				  void *ctx, struct tu_err *err);
enum tu_status tu__pg_cohort_join(struct tu_store *s, int64_t cohort,
				  const char *learner, int64_t now,
				  struct tu_err *err);
enum tu_status tu__pg_cohort_member_each(struct tu_store *s, int64_t cohort,
					 tu_member_fn fn, void *ctx,
					 struct tu_err *err);
enum tu_status tu__pg_cohort_teaches(struct tu_store *s, int64_t instructor,
				     const char *learner, bool *yes,
				     struct tu_err *err);

/* pg_jobs.c: request ids and the judge job table */
enum tu_status tu__pg_request_get(struct tu_store *s, const char *learner,
				  const char *request_id, tu_event_fn fn,
				  void *ctx, struct tu_err *err);
enum tu_status tu__pg_job_add(struct tu_store *s, const struct tu_job_row *j,
			      const struct tu_job_limits *lim, bool *existed,
			      char *id, struct tu_err *err);
enum tu_status tu__pg_job_claim(struct tu_store *s, const char *owner,
				int64_t now_ms, int64_t lease_ms,
				struct tu_job_row *out, struct tu_err *err);
enum tu_status tu__pg_job_renew(struct tu_store *s, const char *id,
				const char *owner, int64_t now_ms,
				int64_t lease_ms, struct tu_err *err);
enum tu_status tu__pg_job_finish(struct tu_store *s, const char *id,
				 const char *owner,
				 const struct tu_job_outcome *o,
				 struct tu_err *err);
enum tu_status tu__pg_job_get(struct tu_store *s, const char *id,
			      struct tu_job_row *out, struct tu_err *err);
enum tu_status tu__pg_job_counts(struct tu_store *s, const char *learner,
				 struct tu_job_counts *n, struct tu_err *err);
enum tu_status tu__pg_job_purge(struct tu_store *s, int64_t before,
				uint64_t *n, struct tu_err *err);
/* pg_log.c: fills ev (payload and outputs new) from row i of a result
 * selecting the event columns, checking its checksum. */
enum tu_status tu__pg_read_event(struct tu__pg *p, PGresult *r, int i,
				 struct tu_event *ev, struct tu_err *err);

#endif
