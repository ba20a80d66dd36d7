/*
 * sqlite_migrate.c - the SQLite store's schema: the list of migrations,
 * the read-only inspection done before anything is written, and applying
 * the missing migrations (sqlite_internal.h).
 *
 * schema_version(version, applied) records every migration applied.
 * Migration N (1-based) is migrations[N - 1]; each runs in its own
 * BEGIN IMMEDIATE transaction that re-reads the version first, so two
 * processes opening a new store at once apply each migration exactly
 * once.  Migrations are only ever appended to this list, never edited.
 *
 * What it is not: no data rows are read or written here.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sqlite_internal.h"

static const char *const migrations[] = {
	/* 1: the initial schema. */
	"CREATE TABLE learners("
	"  id TEXT PRIMARY KEY NOT NULL,"
	"  name TEXT NOT NULL,"
	"  created INTEGER NOT NULL) STRICT;"
	"CREATE TABLE snapshots("
	"  learner TEXT PRIMARY KEY NOT NULL REFERENCES learners(id),"
	"  version INTEGER NOT NULL CHECK (version > 0),"
	"  updated INTEGER NOT NULL,"
	"  state BLOB NOT NULL,"
	"  checksum TEXT NOT NULL) STRICT;"
	"CREATE TABLE events("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  learner TEXT NOT NULL REFERENCES learners(id),"
	"  version INTEGER NOT NULL CHECK (version > 0),"
	"  type TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  payload BLOB NOT NULL,"
	"  outputs BLOB NOT NULL,"
	"  checksum TEXT NOT NULL,"
	"  UNIQUE (learner, version)) STRICT;"
	"CREATE INDEX events_learner_seq ON events(learner, seq);"
	"CREATE TABLE audit("
	"  id INTEGER PRIMARY KEY,"
	"  seq INTEGER NOT NULL REFERENCES events(seq),"
	"  agent TEXT NOT NULL,"
	"  path TEXT NOT NULL,"
	"  \"before\" TEXT NOT NULL,"
	"  \"after\" TEXT NOT NULL,"
	"  reason TEXT NOT NULL) STRICT;"
	"CREATE INDEX audit_seq ON audit(seq, id);"
	"CREATE TABLE content("
	"  course TEXT PRIMARY KEY NOT NULL,"
	"  version TEXT NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  path TEXT NOT NULL,"
	"  loaded INTEGER NOT NULL) STRICT;"
	"CREATE TABLE settings("
	"  key TEXT PRIMARY KEY NOT NULL,"
	"  value TEXT NOT NULL) STRICT;"
	"CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
	"  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
	"CREATE TRIGGER events_no_delete BEFORE DELETE ON events "
	"  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
	"  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
	"  BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;",
	/* 2: the LLM answer cache and usage counts (tutor/assist.h). */
	"CREATE TABLE llm_cache("
	"  key TEXT PRIMARY KEY NOT NULL,"
	"  model TEXT NOT NULL,"
	"  prompt TEXT NOT NULL,"
	"  prompt_version INTEGER NOT NULL CHECK (prompt_version >= 0),"
	"  content TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL) STRICT;"
	"CREATE TABLE llm_usage("
	"  learner_id TEXT NOT NULL,"
	"  day INTEGER NOT NULL,"
	"  requests INTEGER NOT NULL CHECK (requests >= 0),"
	"  tokens INTEGER NOT NULL CHECK (tokens >= 0),"
	"  PRIMARY KEY (learner_id, day)) STRICT;",
	/* 3: accounts, sessions and cohorts of `tutor serve` (auth.c). */
	"CREATE TABLE accounts("
	"  id INTEGER PRIMARY KEY,"
	"  username TEXT UNIQUE NOT NULL,"
	"  role TEXT NOT NULL CHECK (role IN ('learner', 'instructor')),"
	"  pwhash TEXT NOT NULL CHECK (length(pwhash) > 0),"
	"  learner_id TEXT UNIQUE REFERENCES learners(id),"
	"  created_at INTEGER NOT NULL,"
	"  CHECK ((role = 'learner') = (learner_id IS NOT NULL))) STRICT;"
	"CREATE TABLE sessions("
	"  token_hash TEXT PRIMARY KEY NOT NULL"
	"    CHECK (length(token_hash) = 64),"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL) STRICT;"
	"CREATE INDEX sessions_account ON sessions(account_id);"
	"CREATE INDEX sessions_expiry ON sessions(expires_at);"
	"CREATE TABLE cohorts("
	"  id INTEGER PRIMARY KEY,"
	"  instructor_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  name TEXT NOT NULL,"
	"  join_code TEXT UNIQUE NOT NULL,"
	"  created_at INTEGER NOT NULL) STRICT;"
	"CREATE INDEX cohorts_instructor ON cohorts(instructor_id, id);"
	"CREATE TABLE cohort_members("
	"  cohort_id INTEGER NOT NULL REFERENCES cohorts(id),"
	"  learner_id TEXT NOT NULL REFERENCES learners(id),"
	"  joined_at INTEGER NOT NULL,"
	"  PRIMARY KEY (cohort_id, learner_id)) STRICT;"
	"CREATE INDEX cohort_members_learner "
	"  ON cohort_members(learner_id, cohort_id);",
	/* 4: request ids on events, the judge job table (several servers). */
	"ALTER TABLE events ADD COLUMN request_id TEXT;"
	"CREATE UNIQUE INDEX events_request ON events(learner, request_id) "
	"  WHERE request_id IS NOT NULL;"
	"CREATE TABLE jobs("
	"  n INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  id TEXT UNIQUE NOT NULL,"
	"  learner TEXT NOT NULL,"
	"  account INTEGER NOT NULL,"
	"  item TEXT NOT NULL,"
	"  lang TEXT NOT NULL,"
	"  code BLOB NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  created INTEGER NOT NULL,"
	"  state TEXT NOT NULL"
	"    CHECK (state IN ('queued', 'running', 'done', 'error')),"
	"  owner TEXT NOT NULL DEFAULT '',"
	"  lease_until INTEGER NOT NULL DEFAULT 0,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  result BLOB,"
	"  error TEXT NOT NULL DEFAULT '',"
	"  seq INTEGER NOT NULL DEFAULT 0,"
	"  finished INTEGER NOT NULL DEFAULT 0,"
	"  request_id TEXT) STRICT;"
	"CREATE UNIQUE INDEX jobs_request ON jobs(learner, request_id) "
	"  WHERE request_id IS NOT NULL;"
	"CREATE INDEX jobs_state ON jobs(state, n);"
	"CREATE INDEX jobs_learner ON jobs(learner, state);",
};

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

#define VERSION_TABLE "CREATE TABLE IF NOT EXISTS schema_version(" \
	"version INTEGER PRIMARY KEY NOT NULL, " \
	"applied INTEGER NOT NULL) STRICT"

/* Runs sql (one statement returning one integer) into *v. */
static enum tu_status query_int(struct tu__sq *q, const char *sql,
				const char *what, sqlite3_int64 *v,
				struct tu_err *err)
{
	sqlite3_stmt *st = NULL;
	enum tu_status status = TU_OK;
	int rc = sqlite3_prepare_v2(q->db, sql, -1, &st, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	else
		status = tu__sq_fail(q, rc, what, err);
	sqlite3_finalize(st);
	return status;
}

static enum tu_status too_new(struct tu__sq *q, sqlite3_int64 v,
			      struct tu_err *err)
{
	return tu_err_set(err, TU_ECORRUPT, "store %s: schema version %lld "
			  "is newer than this program knows (%d)", q->path,
			  (long long)v, N_MIGRATIONS);
}

static enum tu_status read_version(struct tu__sq *q, sqlite3_int64 *v,
				   struct tu_err *err)
{
	return query_int(q, "SELECT coalesce(max(version), 0) "
			 "FROM schema_version", "reading schema_version", v,
			 err);
}

/* The error for a file SQLite cannot read as a database. */
static enum tu_status not_db(struct tu__sq *q, struct tu_err *err)
{
	return tu_err_set(err, TU_EIO, "store %s: not a SQLite database "
			  "(%s)", q->path, sqlite3_errmsg(q->db));
}

enum tu_status tu__sq_inspect(struct tu__sq *q, struct tu_err *err)
{
	sqlite3_int64 objects = 0, ours = 0, v = 0;
	enum tu_status st;
	int rc = sqlite3_exec(q->db, "SELECT 1 FROM sqlite_master LIMIT 1",
			      NULL, NULL, NULL);

	if ((rc & 0xff) == SQLITE_NOTADB)
		return not_db(q, err);
	st = query_int(q, "SELECT count(*) FROM sqlite_master",
		       "reading the schema", &objects, err);
	if (!st)
		st = query_int(q, "SELECT count(*) FROM sqlite_master WHERE "
			       "type = 'table' AND name = 'schema_version'",
			       "reading the schema", &ours, err);
	if (st || objects == 0)
		return st;
	if (ours == 0)
		return tu_err_set(err, TU_EIO, "store %s: a SQLite database "
				  "but not a tutor store (no schema_version "
				  "table)", q->path);
	st = read_version(q, &v, err);
	if (!st && v > N_MIGRATIONS)
		st = too_new(q, v, err);
	if (!st)
		q->base.schema_version = (int)v;
	return st;
}

static enum tu_status exec(struct tu__sq *q, const char *sql,
			   const char *what, struct tu_err *err)
{
	int rc = sqlite3_exec(q->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? TU_OK : tu__sq_fail(q, rc, what, err);
}

/* Applies migration v + 1 where v is the version read inside the
 * transaction; *v gets the version afterwards. */
static enum tu_status apply_next(struct tu__sq *q, sqlite3_int64 *v,
				 struct tu_err *err)
{
	char rec[160];
	enum tu_status st = exec(q, "BEGIN IMMEDIATE",
				 "starting a migration", err);

	if (!st)
		st = exec(q, VERSION_TABLE, "creating schema_version", err);
	if (!st)
		st = read_version(q, v, err);
	if (!st && *v > N_MIGRATIONS)
		st = too_new(q, *v, err);
	if (!st && *v < N_MIGRATIONS) {
		st = exec(q, migrations[*v], "applying a migration", err);
		snprintf(rec, sizeof rec, "INSERT INTO schema_version(version, "
			 "applied) VALUES(%lld, CAST(strftime('%%s', 'now') "
			 "AS INTEGER))", (long long)(*v + 1));
		if (!st)
			st = exec(q, rec, "recording a migration", err);
	}
	if (!st)
		st = exec(q, "COMMIT", "committing a migration", err);
	if (st) {
		tu__sq_rollback(q);
		return st;
	}
	if (*v < N_MIGRATIONS)
		(*v)++;
	return TU_OK;
}

enum tu_status tu__sq_migrate(struct tu__sq *q, struct tu_err *err)
{
	sqlite3_int64 v = q->base.schema_version, before = -1;
	enum tu_status st = TU_OK;

	while (!st && v < N_MIGRATIONS && v != before) {
		before = v;
		st = apply_next(q, &v, err);
	}
	if (!st && v != N_MIGRATIONS)
		st = tu_err_set(err, TU_EINTERNAL, "store %s: schema stuck at "
				"version %lld", q->path, (long long)v);
	if (!st)
		q->base.schema_version = (int)v;
	return st;
}
