/*
 * pg_migrate.c - the PostgreSQL store's schema: the list of migrations,
 * the read-only inspection done before anything is written, and applying
 * the missing migrations (pg_internal.h).
 *
 * The migrations mirror the SQLite ones version for version (1: learners,
 * snapshots, events, audit, content, settings; 2: the LLM cache and
 * usage; 3: accounts, sessions, cohorts; 4: request ids and jobs), so schema_version means the
 * same on both backends.  schema_version(version, applied) records every
 * migration applied.  All missing migrations run in one transaction that
 * first takes pg_advisory_xact_lock(TU__PG_KEY_MIGRATE) and only then
 * creates schema_version if needed and reads the version: servers
 * starting at once queue on the lock and the later ones find nothing to
 * do.  DDL is transactional in PostgreSQL, so a failed migration leaves
 * no half schema.  The migration DDL is constant text run with PQexec
 * (the only SQL of the backend not prepared: it carries no values).
 * Migrations are only ever appended to this list, never edited.
 *
 * What it is not: no data rows are read or written here.
 */
#include <stdio.h>

#include "pg_internal.h"

static const char *const migrations[] = {
	/* 1: the initial schema. */
	"CREATE TABLE learners("
	"  id text PRIMARY KEY,"
	"  name text NOT NULL,"
	"  created bigint NOT NULL);"
	"CREATE TABLE snapshots("
	"  learner text PRIMARY KEY REFERENCES learners(id),"
	"  version bigint NOT NULL CHECK (version > 0),"
	"  updated bigint NOT NULL,"
	"  state bytea NOT NULL,"
	"  checksum text NOT NULL);"
	"CREATE TABLE events("
	"  seq bigserial PRIMARY KEY,"
	"  learner text NOT NULL REFERENCES learners(id),"
	"  version bigint NOT NULL CHECK (version > 0),"
	"  type text NOT NULL,"
	"  at bigint NOT NULL,"
	"  payload bytea NOT NULL,"
	"  outputs bytea NOT NULL,"
	"  checksum text NOT NULL,"
	"  UNIQUE (learner, version));"
	"CREATE INDEX events_learner_seq ON events(learner, seq);"
	"CREATE TABLE audit("
	"  id bigserial PRIMARY KEY,"
	"  seq bigint NOT NULL REFERENCES events(seq),"
	"  agent text NOT NULL,"
	"  path text NOT NULL,"
	"  \"before\" text NOT NULL,"
	"  \"after\" text NOT NULL,"
	"  reason text NOT NULL);"
	"CREATE INDEX audit_seq ON audit(seq, id);"
	"CREATE TABLE content("
	"  course text PRIMARY KEY,"
	"  version text NOT NULL,"
	"  hash text NOT NULL,"
	"  path text NOT NULL,"
	"  loaded bigint NOT NULL);"
	"CREATE TABLE settings("
	"  key text PRIMARY KEY,"
	"  value text NOT NULL);"
	"CREATE FUNCTION tu_append_only() RETURNS trigger LANGUAGE plpgsql "
	"  AS $$BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; "
	"  END$$;"
	"CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
	"  FOR EACH ROW EXECUTE FUNCTION tu_append_only();"
	"CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events "
	"  FOR EACH STATEMENT EXECUTE FUNCTION tu_append_only();"
	"CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit "
	"  FOR EACH ROW EXECUTE FUNCTION tu_append_only();"
	"CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit "
	"  FOR EACH STATEMENT EXECUTE FUNCTION tu_append_only();",
	/* 2: the LLM answer cache and usage counts (tutor/assist.h). */
	"CREATE TABLE llm_cache("
	"  key text PRIMARY KEY,"
	"  model text NOT NULL,"
	"  prompt text NOT NULL,"
	"  prompt_version bigint NOT NULL CHECK (prompt_version >= 0),"
	"  content bytea NOT NULL,"
	"  created_at bigint NOT NULL);"
	"CREATE TABLE llm_usage("
	"  learner_id text NOT NULL,"
	"  day bigint NOT NULL,"
	"  requests bigint NOT NULL CHECK (requests >= 0),"
	"  tokens bigint NOT NULL CHECK (tokens >= 0),"
	"  PRIMARY KEY (learner_id, day));",
	/* 3: accounts, sessions and cohorts of `tutor serve` (auth.c). */
	"CREATE TABLE accounts("
	"  id bigserial PRIMARY KEY,"
	"  username text UNIQUE NOT NULL,"
	"  role text NOT NULL CHECK (role IN ('learner', 'instructor')),"
	"  pwhash text NOT NULL CHECK (length(pwhash) > 0),"
	"  learner_id text UNIQUE REFERENCES learners(id),"
	"  created_at bigint NOT NULL,"
	"  CHECK ((role = 'learner') = (learner_id IS NOT NULL)));"
	"CREATE TABLE sessions("
	"  token_hash text PRIMARY KEY CHECK (length(token_hash) = 64),"
	"  account_id bigint NOT NULL REFERENCES accounts(id),"
	"  created_at bigint NOT NULL,"
	"  expires_at bigint NOT NULL);"
	"CREATE INDEX sessions_account ON sessions(account_id);"
	"CREATE INDEX sessions_expiry ON sessions(expires_at);"
	"CREATE TABLE cohorts("
	"  id bigserial PRIMARY KEY,"
	"  instructor_id bigint NOT NULL REFERENCES accounts(id),"
	"  name text NOT NULL,"
	"  join_code text UNIQUE NOT NULL,"
	"  created_at bigint NOT NULL);"
	"CREATE INDEX cohorts_instructor ON cohorts(instructor_id, id);"
	"CREATE TABLE cohort_members("
	"  cohort_id bigint NOT NULL REFERENCES cohorts(id),"
	"  learner_id text NOT NULL REFERENCES learners(id),"
	"  joined_at bigint NOT NULL,"
	"  PRIMARY KEY (cohort_id, learner_id));"
	"CREATE INDEX cohort_members_learner "
	"  ON cohort_members(learner_id, cohort_id);",
	/* 4: request ids on events, the judge job table (several servers). */
	"ALTER TABLE events ADD COLUMN request_id text;"
	"CREATE UNIQUE INDEX events_request ON events(learner, request_id) "
	"  WHERE request_id IS NOT NULL;"
	"CREATE TABLE jobs("
	"  n bigserial PRIMARY KEY,"
	"  id text UNIQUE NOT NULL,"
	"  learner text NOT NULL,"
	"  account bigint NOT NULL,"
	"  item text NOT NULL,"
	"  lang text NOT NULL,"
	"  code bytea NOT NULL,"
	"  at bigint NOT NULL,"
	"  created bigint NOT NULL,"
	"  state text NOT NULL"
	"    CHECK (state IN ('queued', 'running', 'done', 'error')),"
	"  owner text NOT NULL DEFAULT '',"
	"  lease_until bigint NOT NULL DEFAULT 0,"
	"  attempts bigint NOT NULL DEFAULT 0,"
	"  result bytea,"
	"  error text NOT NULL DEFAULT '',"
	"  seq bigint NOT NULL DEFAULT 0,"
	"  finished bigint NOT NULL DEFAULT 0,"
	"  request_id text);"
	"CREATE UNIQUE INDEX jobs_request ON jobs(learner, request_id) "
	"  WHERE request_id IS NOT NULL;"
	"CREATE INDEX jobs_state ON jobs(state, n);"
	"CREATE INDEX jobs_learner ON jobs(learner, state);",
};

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

#define VERSION_TABLE "CREATE TABLE IF NOT EXISTS schema_version(" \
	"version bigint PRIMARY KEY, applied bigint NOT NULL)"

/* Runs statement id (no arguments, one integer row) into *v. */
static enum tu_status query_int(struct tu__pg *p, enum tu__pg_id id,
				const char *what, int64_t *v,
				struct tu_err *err)
{
	PGresult *r = NULL;
	enum tu_status st = tu__pg_exec(p, id, NULL, &r, what, err);

	if (st)
		return st;
	*v = PQntuples(r) > 0 ? tu__pg_int(r, 0, 0) : 0;
	PQclear(r);
	return TU_OK;
}

static enum tu_status too_new(struct tu__pg *p, int64_t v,
			      struct tu_err *err)
{
	return tu_err_set(err, TU_ECORRUPT, "postgresql database '%s': schema "
			  "version %lld is newer than this program knows (%d)",
			  p->db, (long long)v, N_MIGRATIONS);
}

enum tu_status tu__pg_inspect(struct tu__pg *p, struct tu_err *err)
{
	int64_t tables = 0, ours = 0, v = 0;
	enum tu_status st = query_int(p, TU__PG_SCHEMA_TABLES,
				      "reading the schema", &tables, err);

	if (!st)
		st = query_int(p, TU__PG_SCHEMA_OURS, "reading the schema",
			       &ours, err);
	if (st || tables == 0)
		return st;
	if (ours == 0)
		return tu_err_set(err, TU_EIO, "postgresql database '%s': has "
				  "tables but is not a tutor store (no "
				  "schema_version table)", p->db);
	st = query_int(p, TU__PG_MIG_VERSION, "reading schema_version", &v,
		       err);
	if (!st && v > N_MIGRATIONS)
		st = too_new(p, v, err);
	if (!st)
		p->base.schema_version = (int)v;
	return st;
}

/* Runs constant DDL (no values) with PQexec. */
static enum tu_status ddl(struct tu__pg *p, const char *sql, const char *what,
			  struct tu_err *err)
{
	PGresult *r = PQexec(p->conn, sql);
	enum tu_status st = TU_OK;

	if (!r || PQresultStatus(r) != PGRES_COMMAND_OK)
		st = tu__pg_fail(p, r, what, err);
	PQclear(r);
	return st;
}

static enum tu_status with_arg(struct tu__pg *p, enum tu__pg_id id,
			       int64_t v, const char *what,
			       struct tu_err *err)
{
	struct tu__pg_args a;

	tu__pg_args_init(&a);
	tu__pg_i64(&a, v);
	return tu__pg_exec(p, id, &a, NULL, what, err);
}

/* Inside the locked transaction: applies versions *v + 1 .. N. */
static enum tu_status apply_missing(struct tu__pg *p, int64_t *v,
				    struct tu_err *err)
{
	enum tu_status st = ddl(p, VERSION_TABLE, "creating schema_version",
				err);
	char what[64];

	if (!st)
		st = query_int(p, TU__PG_MIG_VERSION, "reading schema_version",
			       v, err);
	if (!st && *v > N_MIGRATIONS)
		st = too_new(p, *v, err);
	while (!st && *v < N_MIGRATIONS) {
		snprintf(what, sizeof what, "applying migration %lld",
			 (long long)(*v + 1));
		st = ddl(p, migrations[*v], what, err);
		if (!st)
			st = with_arg(p, TU__PG_MIG_RECORD, *v + 1,
				      "recording a migration", err);
		if (!st)
			(*v)++;
	}
	return st;
}

enum tu_status tu__pg_migrate(struct tu__pg *p, struct tu_err *err)
{
	int64_t v = p->base.schema_version;
	enum tu_status st;

	if (v == N_MIGRATIONS)
		return TU_OK;
	st = tu__pg_begin(p, err);
	if (!st)
		st = with_arg(p, TU__PG_MIG_LOCK, TU__PG_KEY_MIGRATE,
			      "waiting for the migration lock", err);
	if (!st)
		st = apply_missing(p, &v, err);
	st = tu__pg_end(p, st, err);
	if (!st)
		p->base.schema_version = (int)v;
	return st;
}
