/*
 * sqlite.c - the SQLite backend's handle: open (pragmas, inspection,
 * migrations), close, the prepared-statement cache and the shared
 * step/bind/error helpers (sqlite_internal.h).
 *
 * Each connection runs in WAL mode with foreign keys on, synchronous=FULL
 * (or NORMAL when the caller asked for less), a busy timeout, defensive
 * mode (no writes to the schema through SQL tricks) and a row-size limit
 * so a damaged or hostile file cannot make a read allocate without bound.
 *
 * What it is not: the learner, content, settings and event operations
 * live in sqlite_rows.c and sqlite_log.c; the schema in sqlite_migrate.c.
 */
#include <stdlib.h>
#include <string.h>

#include "sqlite_internal.h"

#define EVENT_COLS "seq, learner, version, type, at, payload, outputs, checksum"
#define LEARNER_SELECT "SELECT l.id, l.name, l.created, " \
	"coalesce(s.version, 0) FROM learners l " \
	"LEFT JOIN snapshots s ON s.learner = l.id "

#define ACCOUNT_SELECT "SELECT id, username, role, pwhash, " \
	"coalesce(learner_id, ''), created_at FROM accounts "
#define COHORT_SELECT "SELECT c.id, c.instructor_id, c.name, c.join_code, " \
	"c.created_at, (SELECT count(*) FROM cohort_members m " \
	"WHERE m.cohort_id = c.id) FROM cohorts c "

/* col + excluded.col without overflowing (both are >= 0). */
#define SAT_ADD(col) "CASE WHEN " col " > 9223372036854775807 - " \
	"excluded." col " THEN 9223372036854775807 ELSE " col " + " \
	"excluded." col " END"

static const char *const sql_text[TU__SQ_N] = {
	[TU__SQ_BEGIN] = "BEGIN IMMEDIATE",
	[TU__SQ_COMMIT] = "COMMIT",
	[TU__SQ_ROLLBACK] = "ROLLBACK",
	[TU__SQ_LEARNER_ADD] =
		"INSERT INTO learners(id, name, created) VALUES(?1, ?2, ?3)",
	[TU__SQ_LEARNER_GET] = LEARNER_SELECT "WHERE l.id = ?1",
	[TU__SQ_LEARNER_EACH] = LEARNER_SELECT "ORDER BY l.id",
	[TU__SQ_VERSION] = "SELECT coalesce(s.version, 0) FROM learners l "
		"LEFT JOIN snapshots s ON s.learner = l.id WHERE l.id = ?1",
	[TU__SQ_SNAP_GET] = "SELECT s.version, s.updated, s.state, "
		"s.checksum FROM learners l LEFT JOIN snapshots s "
		"ON s.learner = l.id WHERE l.id = ?1",
	[TU__SQ_SNAP_PUT] = "INSERT INTO snapshots(learner, version, "
		"updated, state, checksum) VALUES(?1, ?2, ?3, ?4, ?5) "
		"ON CONFLICT(learner) DO UPDATE SET version = excluded.version, "
		"updated = excluded.updated, state = excluded.state, "
		"checksum = excluded.checksum",
	[TU__SQ_EVENT_ADD] = "INSERT INTO events(learner, version, type, at, "
		"payload, outputs, checksum, request_id) "
		"VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[TU__SQ_AUDIT_ADD] = "INSERT INTO audit(seq, agent, path, \"before\", "
		"\"after\", reason) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
	[TU__SQ_EVENTS_ALL] = "SELECT " EVENT_COLS " FROM events "
		"WHERE seq > ?1 ORDER BY seq",
	[TU__SQ_EVENTS_OF] = "SELECT " EVENT_COLS " FROM events "
		"WHERE learner = ?2 AND seq > ?1 ORDER BY seq",
	[TU__SQ_COUNT_ALL] = "SELECT count(*) FROM events",
	[TU__SQ_COUNT_OF] = "SELECT count(*) FROM events WHERE learner = ?1",
	[TU__SQ_AUDIT_EACH] = "SELECT agent, path, \"before\", \"after\", "
		"reason FROM audit WHERE seq = ?1 ORDER BY id",
	[TU__SQ_CONTENT_PUT] = "INSERT INTO content(course, version, hash, "
		"path, loaded) VALUES(?1, ?2, ?3, ?4, ?5) "
		"ON CONFLICT(course) DO UPDATE SET version = excluded.version, "
		"hash = excluded.hash, path = excluded.path, "
		"loaded = excluded.loaded",
	[TU__SQ_CONTENT_GET] = "SELECT course, version, hash, path, loaded "
		"FROM content WHERE course = ?1",
	[TU__SQ_SETTING_SET] = "INSERT INTO settings(key, value) "
		"VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET "
		"value = excluded.value",
	[TU__SQ_SETTING_GET] = "SELECT value FROM settings WHERE key = ?1",
	[TU__SQ_LLM_CACHE_PUT] = "INSERT INTO llm_cache(key, model, prompt, "
		"prompt_version, content, created_at) "
		"VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(key) DO UPDATE SET "
		"model = excluded.model, prompt = excluded.prompt, "
		"prompt_version = excluded.prompt_version, "
		"content = excluded.content, created_at = excluded.created_at",
	[TU__SQ_LLM_CACHE_GET] = "SELECT content FROM llm_cache WHERE key = ?1",
	[TU__SQ_LLM_USAGE_GET] = "SELECT requests, tokens FROM llm_usage "
		"WHERE learner_id = ?1 AND day = ?2",
	[TU__SQ_LLM_USAGE_ADD] = "INSERT INTO llm_usage(learner_id, day, "
		"requests, tokens) VALUES(?1, ?2, ?3, ?4) "
		"ON CONFLICT(learner_id, day) DO UPDATE SET "
		"requests = " SAT_ADD("requests") ", "
		"tokens = " SAT_ADD("tokens"),
	[TU__SQ_ACCOUNT_ADD] = "INSERT INTO accounts(username, role, pwhash, "
		"learner_id, created_at) VALUES(?1, ?2, ?3, ?4, ?5)",
	[TU__SQ_ACCOUNT_BY_NAME] = ACCOUNT_SELECT "WHERE username = ?1",
	[TU__SQ_ACCOUNT_BY_ID] = ACCOUNT_SELECT "WHERE id = ?1",
	[TU__SQ_ACCOUNT_SET_PW] = "UPDATE accounts SET pwhash = ?2 "
		"WHERE id = ?1",
	[TU__SQ_ACCOUNT_EACH] = ACCOUNT_SELECT "ORDER BY username",
	[TU__SQ_ACCOUNT_COUNT] = "SELECT count(*) FROM accounts "
		"WHERE role = ?1",
	[TU__SQ_SESSION_ADD] = "INSERT INTO sessions(token_hash, account_id, "
		"created_at, expires_at) VALUES(?1, ?2, ?3, ?4)",
	[TU__SQ_SESSION_GET] = "SELECT token_hash, account_id, created_at, "
		"expires_at FROM sessions WHERE token_hash = ?1",
	[TU__SQ_SESSION_DEL] = "DELETE FROM sessions WHERE token_hash = ?1",
	[TU__SQ_SESSION_DEL_ACCOUNT] = "DELETE FROM sessions "
		"WHERE account_id = ?1",
	[TU__SQ_SESSION_PURGE] = "DELETE FROM sessions WHERE expires_at <= ?1",
	[TU__SQ_SESSION_COUNT] = "SELECT count(*) FROM sessions "
		"WHERE expires_at > ?1",
	[TU__SQ_COHORT_ADD] = "INSERT INTO cohorts(instructor_id, name, "
		"join_code, created_at) SELECT ?1, ?2, ?3, ?4 FROM accounts "
		"WHERE id = ?1 AND role = 'instructor'",
	[TU__SQ_COHORT_GET] = COHORT_SELECT "WHERE c.id = ?1",
	[TU__SQ_COHORT_BY_CODE] = COHORT_SELECT "WHERE c.join_code = ?1",
	[TU__SQ_COHORT_EACH_ALL] = COHORT_SELECT "ORDER BY c.id",
	[TU__SQ_COHORT_EACH_OF] = COHORT_SELECT "WHERE c.instructor_id = ?1 "
		"ORDER BY c.id",
	[TU__SQ_COHORT_EACH_JOINED] = COHORT_SELECT "WHERE c.id IN (SELECT "
		"cohort_id FROM cohort_members WHERE learner_id = ?1) "
		"ORDER BY c.id",
	[TU__SQ_COHORT_JOIN] = "INSERT INTO cohort_members(cohort_id, "
		"learner_id, joined_at) VALUES(?1, ?2, ?3) "
		"ON CONFLICT(cohort_id, learner_id) DO NOTHING",
	[TU__SQ_MEMBER_EACH] = "SELECT cohort_id, learner_id, joined_at "
		"FROM cohort_members WHERE cohort_id = ?1 ORDER BY learner_id",
	[TU__SQ_TEACHES] = "SELECT EXISTS(SELECT 1 FROM cohort_members m "
		"JOIN cohorts c ON c.id = m.cohort_id "
		"WHERE c.instructor_id = ?1 AND m.learner_id = ?2)",
};

struct tu__sq *tu__sq_of(struct tu_store *s)
{
	return (struct tu__sq *)(void *)s;
}

enum tu_status tu__sq_fail(struct tu__sq *q, int rc, const char *what,
			   struct tu_err *err)
{
	int prim = rc & 0xff;
	const char *msg = sqlite3_extended_errcode(q->db) == rc ?
		sqlite3_errmsg(q->db) : sqlite3_errstr(rc);

	if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
		return tu_err_set(err, TU_EIO, "store %s: %s: database is busy "
				  "(waited %d ms; retry later)", q->path, what,
				  q->busy_ms);
	if (prim == SQLITE_NOMEM)
		return tu_err_set(err, TU_ENOMEM, "store %s: %s: out of memory",
				  q->path, what);
	if (prim == SQLITE_CORRUPT)
		return tu_err_set(err, TU_ECORRUPT, "store %s: %s: %s", q->path,
				  what, msg);
	return tu_err_set(err, TU_EIO, "store %s: %s: %s", q->path, what, msg);
}

/* Prepares sql_text[id]; persistent for the cache, plain for a spare. */
static enum tu_status prepare(struct tu__sq *q, enum tu__sq_id id,
			      unsigned int flags, sqlite3_stmt **st,
			      struct tu_err *err)
{
	int rc = sqlite3_prepare_v3(q->db, sql_text[id], -1, flags, st, NULL);

	if (rc != SQLITE_OK)
		return tu__sq_fail(q, rc, "preparing a statement", err);
	return TU_OK;
}

enum tu_status tu__sq_stmt(struct tu__sq *q, enum tu__sq_id id,
			   sqlite3_stmt **st, struct tu_err *err)
{
	enum tu_status status = TU_OK;

	if (!q->stmt[id])
		status = prepare(q, id, SQLITE_PREPARE_PERSISTENT,
				 &q->stmt[id], err);
	if (status)
		return status;
	if (sqlite3_stmt_busy(q->stmt[id]))
		return prepare(q, id, 0, st, err);   /* a nested walk */
	*st = q->stmt[id];
	return TU_OK;
}

void tu__sq_done(struct tu__sq *q, sqlite3_stmt *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < TU__SQ_N; i++) {
		if (q->stmt[i] == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return;
		}
	}
	sqlite3_finalize(st);
}

enum tu_status tu__sq_run(struct tu__sq *q, sqlite3_stmt *st,
			  const char *what, struct tu_err *err)
{
	int rc = sqlite3_step(st);
	enum tu_status status = TU_OK;

	if (rc != SQLITE_DONE)
		status = tu__sq_fail(q, rc, what, err);
	tu__sq_done(q, st);
	return status;
}

enum tu_status tu__sq_text(struct tu__sq *q, sqlite3_stmt *st, int col,
			   char *buf, size_t cap, const char *what,
			   struct tu_err *err)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	int n = sqlite3_column_bytes(st, col);

	if (!t || n <= 0) {
		buf[0] = '\0';
		return TU_OK;
	}
	if ((size_t)n >= cap)
		return tu_err_set(err, TU_ECORRUPT, "store %s: %s: %d bytes, "
				  "at most %zu", q->path, what, n, cap - 1);
	memcpy(buf, t, (size_t)n);
	buf[n] = '\0';
	return TU_OK;
}

int tu__sq_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	return sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

int tu__sq_bind_blob(sqlite3_stmt *st, int i, const void *p, size_t len)
{
	return sqlite3_bind_blob64(st, i, len > 0 ? p : "", len,
				   SQLITE_STATIC);
}

static enum tu_status run_id(struct tu__sq *q, enum tu__sq_id id,
			     const char *what, struct tu_err *err)
{
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, id, &st, err);

	return status ? status : tu__sq_run(q, st, what, err);
}

enum tu_status tu__sq_begin(struct tu__sq *q, struct tu_err *err)
{
	return run_id(q, TU__SQ_BEGIN, "starting a write transaction", err);
}

enum tu_status tu__sq_commit_tx(struct tu__sq *q, struct tu_err *err)
{
	return run_id(q, TU__SQ_COMMIT, "committing", err);
}

void tu__sq_rollback(struct tu__sq *q)
{
	if (!sqlite3_get_autocommit(q->db))
		(void)sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- open and close ---------------------------------------------------- */

static void sq_close(struct tu_store *s)
{
	struct tu__sq *q = tu__sq_of(s);

	tu__sq_group_leave(q);
	for (size_t i = 0; i < TU__SQ_N; i++)
		sqlite3_finalize(q->stmt[i]);
	sqlite3_close(q->db);
	free(q);
}

static const struct tu_store_ops sqlite_ops = {
	.name = "sqlite",
	.close = sq_close,
	.learner_add = tu__sq_learner_add,
	.learner_get = tu__sq_learner_get,
	.learner_each = tu__sq_learner_each,
	.snapshot_get = tu__sq_snapshot_get,
	.commit = tu__sq_commit,
	.event_each = tu__sq_event_each,
	.event_count = tu__sq_event_count,
	.audit_each = tu__sq_audit_each,
	.content_put = tu__sq_content_put,
	.content_get = tu__sq_content_get,
	.setting_set = tu__sq_setting_set,
	.setting_get = tu__sq_setting_get,
	.llm_cache_put = tu__sq_llm_cache_put,
	.llm_cache_get = tu__sq_llm_cache_get,
	.llm_usage_get = tu__sq_llm_usage_get,
	.llm_usage_add = tu__sq_llm_usage_add,
	.account_add = tu__sq_account_add,
	.account_get = tu__sq_account_get,
	.account_set_pwhash = tu__sq_account_set_pwhash,
	.account_each = tu__sq_account_each,
	.account_count = tu__sq_account_count,
	.session_add = tu__sq_session_add,
	.session_get = tu__sq_session_get,
	.session_delete = tu__sq_session_delete,
	.session_purge = tu__sq_session_purge,
	.session_count = tu__sq_session_count,
	.cohort_add = tu__sq_cohort_add,
	.cohort_get = tu__sq_cohort_get,
	.cohort_each = tu__sq_cohort_each,
	.cohort_join = tu__sq_cohort_join,
	.cohort_member_each = tu__sq_cohort_member_each,
	.cohort_teaches = tu__sq_cohort_teaches,
	.request_get = tu__sq_request_get,
	.job_add = tu__sq_job_add,
	.job_claim = tu__sq_job_claim,
	.job_renew = tu__sq_job_renew,
	.job_finish = tu__sq_job_finish,
	.job_get = tu__sq_job_get,
	.job_counts = tu__sq_job_counts,
	.job_purge = tu__sq_job_purge,
	.commit_stats = tu__sq_commit_stats,
};

static enum tu_status open_db(struct tu__sq *q, struct tu_err *err)
{
	int rc = sqlite3_open_v2(q->path, &q->db, SQLITE_OPEN_READWRITE |
				 SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
				 NULL);

	if (!q->db)
		return tu_err_set(err, TU_ENOMEM, "store %s: out of memory",
				  q->path);
	if (rc != SQLITE_OK)
		return tu_err_set(err, TU_EIO, "store %s: cannot open: %s",
				  q->path, sqlite3_errmsg(q->db));
	sqlite3_extended_result_codes(q->db, 1);
	sqlite3_busy_timeout(q->db, q->busy_ms);
	sqlite3_limit(q->db, SQLITE_LIMIT_LENGTH,
		      (int)(2 * TU__STORE_STATE_MAX));
	(void)sqlite3_db_config(q->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	(void)sqlite3_db_config(q->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0,
				NULL);
	return TU_OK;
}

static enum tu_status exec(struct tu__sq *q, const char *sql,
			   const char *what, struct tu_err *err)
{
	int rc = sqlite3_exec(q->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? TU_OK : tu__sq_fail(q, rc, what, err);
}

/* True for the result codes worth waiting out: another connection holds
 * a lock (several processes opening one brand-new file at once). */
static bool busy_rc(int rc)
{
	int prim = rc & 0xff;

	return prim == SQLITE_BUSY || prim == SQLITE_LOCKED;
}

/* One try at "PRAGMA journal_mode=WAL"; *rc gets SQLite's result (ROW on
 * success), *status the verdict on the mode it reports. */
static enum tu_status try_wal(struct tu__sq *q, int *rc, struct tu_err *err)
{
	sqlite3_stmt *st = NULL;
	enum tu_status status = TU_OK;
	const unsigned char *mode;

	*rc = sqlite3_prepare_v2(q->db, "PRAGMA journal_mode=WAL", -1, &st,
				 NULL);
	if (*rc == SQLITE_OK)
		*rc = sqlite3_step(st);
	if (*rc == SQLITE_ROW) {
		mode = sqlite3_column_text(st, 0);
		if (!mode || (strcmp((const char *)mode, "wal") != 0 &&
			      strcmp((const char *)mode, "memory") != 0))
			status = tu_err_set(err, TU_EIO, "store %s: cannot "
					    "enable WAL mode (journal mode "
					    "is '%s')", q->path,
					    mode ? (const char *)mode : "?");
	}
	sqlite3_finalize(st);
	return status;
}

/* Switches to WAL; an in-memory database reports "memory" instead.
 * Changing the journal mode takes an exclusive lock and SQLite does not
 * apply the busy timeout to it, so a busy answer is retried here with a
 * growing sleep (1, 2, 4 .. 64 ms) for at most busy_ms in all. */
static enum tu_status set_wal(struct tu__sq *q, struct tu_err *err)
{
	int rc = SQLITE_OK, waited = 0, nap = 1;
	enum tu_status status = try_wal(q, &rc, err);

	while (busy_rc(rc) && waited < q->busy_ms) {
		sqlite3_sleep(nap);
		waited += nap;
		nap = nap < 64 ? nap * 2 : 64;
		status = try_wal(q, &rc, err);
	}
	if (rc != SQLITE_ROW)
		return tu__sq_fail(q, rc, "enabling WAL mode", err);
	return status;
}

static enum tu_status configure(struct tu__sq *q,
				const struct tu_store_options *o,
				struct tu_err *err)
{
	enum tu_status st = set_wal(q, err);

	if (!st)
		st = exec(q, o->sync_full ? "PRAGMA synchronous=FULL" :
			  "PRAGMA synchronous=NORMAL", "setting synchronous",
			  err);
	if (!st)
		st = exec(q, "PRAGMA foreign_keys=ON", "enabling foreign keys",
			  err);
	return st;
}

enum tu_status tu__sqlite_open(const char *path,
			       const struct tu_store_options *opts,
			       struct tu_store **out, struct tu_err *err)
{
	size_t len = strlen(path);
	struct tu__sq *q = calloc(1, sizeof(*q) + len + 1);
	enum tu_status st;

	if (!q)
		return tu_err_set(err, TU_ENOMEM, "store %s: out of memory",
				  path);
	q->base.ops = &sqlite_ops;
	q->busy_ms = opts->busy_timeout_ms;
	memcpy(q->path, path, len + 1);
	st = open_db(q, err);
	if (!st)
		st = tu__sq_inspect(q, err);
	if (!st)
		st = configure(q, opts, err);
	if (!st)
		st = tu__sq_migrate(q, err);
	if (!st)
		st = tu__sq_group_join(q, opts, err);
	if (st) {
		sq_close(&q->base);
		return st;
	}
	*out = &q->base;
	return TU_OK;
}

size_t tu_store_sqlite_memory(void)
{
	return (size_t)sqlite3_memory_used();
}
