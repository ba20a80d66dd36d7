/*
 * pg_sql.c - every SQL statement the PostgreSQL backend prepares, with
 * its parameter types (pg_internal.h).  Values only ever arrive as $n
 * parameters; nothing here is built at run time.
 *
 * What it is not: the schema (pg_migrate.c) and the code that runs these
 * (pg.c, pg_rows.c, pg_log.c, pg_auth.c, pg_cohort.c).
 */
#include "pg_internal.h"

/* Parameter type OIDs (pg_type.h; stable across PostgreSQL versions). */
#define I8 20u
#define TX 25u
#define BY 17u

#define EVENT_COLS "seq, learner, version, type, at, payload, outputs, " \
	"checksum"
#define LEARNER_SELECT "SELECT l.id, l.name, l.created, " \
	"coalesce(s.version, 0) FROM learners l " \
	"LEFT JOIN snapshots s ON s.learner = l.id "
#define JOB_COLS "id, learner, account, item, lang, code, at, created, " \
	"state, owner, lease_until, attempts, result, error, seq, finished, " \
	"coalesce(request_id, '')"
#define ACCOUNT_SELECT "SELECT id, username, role, pwhash, " \
	"coalesce(learner_id, ''), created_at FROM accounts "
#define COHORT_SELECT "SELECT c.id, c.instructor_id, c.name, c.join_code, " \
	"c.created_at, (SELECT count(*) FROM cohort_members m " \
	"WHERE m.cohort_id = c.id) FROM cohorts c "
/* col + excluded.col without overflowing (both are >= 0). */
#define SAT_ADD(col) "CASE WHEN llm_usage." col " > 9223372036854775807 - " \
	"excluded." col " THEN 9223372036854775807 ELSE llm_usage." col \
	" + excluded." col " END"

const struct tu__pg_sql tu__pg_sql[TU__PG_N] = {
	[TU__PG_BEGIN] = { "BEGIN ISOLATION LEVEL READ COMMITTED", 0, { 0 } },
	[TU__PG_COMMIT] = { "COMMIT", 0, { 0 } },
	[TU__PG_ROLLBACK] = { "ROLLBACK", 0, { 0 } },
	[TU__PG_SET_CONFIG] = { "SELECT set_config($1, $2, false)", 2,
		{ TX, TX } },
	[TU__PG_SCHEMA_TABLES] = { "SELECT count(*) FROM pg_catalog.pg_tables "
		"WHERE schemaname = current_schema()", 0, { 0 } },
	[TU__PG_SCHEMA_OURS] = { "SELECT count(*) FROM pg_catalog.pg_tables "
		"WHERE schemaname = current_schema() "
		"AND tablename = 'schema_version'", 0, { 0 } },
	[TU__PG_MIG_LOCK] = { "SELECT pg_advisory_xact_lock($1)", 1, { I8 } },
	[TU__PG_MIG_VERSION] = { "SELECT coalesce(max(version), 0)::bigint "
		"FROM schema_version", 0, { 0 } },
	[TU__PG_MIG_RECORD] = { "INSERT INTO schema_version(version, "
		"applied) VALUES($1, extract(epoch FROM now())::bigint)", 1,
		{ I8 } },
	[TU__PG_LEARNER_ADD] = { "INSERT INTO learners(id, name, created) "
		"VALUES($1, $2, $3)", 3, { TX, TX, I8 } },
	[TU__PG_LEARNER_GET] = { LEARNER_SELECT "WHERE l.id = $1", 1, { TX } },
	[TU__PG_LEARNER_EACH] = { LEARNER_SELECT "ORDER BY l.id COLLATE \"C\"",
		0, { 0 } },
	[TU__PG_LEARNER_LOCK] = { "SELECT 1 FROM learners WHERE id = $1 "
		"FOR NO KEY UPDATE", 1, { TX } },
	[TU__PG_VERSION] = { "SELECT coalesce((SELECT version FROM snapshots "
		"WHERE learner = $1), 0)", 1, { TX } },
	[TU__PG_SEQ_LOCK] = { "SELECT pg_advisory_xact_lock($1)", 1, { I8 } },
	[TU__PG_SNAP_GET] = { "SELECT s.version, s.updated, s.state, "
		"s.checksum FROM learners l LEFT JOIN snapshots s "
		"ON s.learner = l.id WHERE l.id = $1", 1, { TX } },
	[TU__PG_SNAP_PUT] = { "INSERT INTO snapshots(learner, version, "
		"updated, state, checksum) VALUES($1, $2, $3, $4, $5) "
		"ON CONFLICT(learner) DO UPDATE SET version = excluded.version, "
		"updated = excluded.updated, state = excluded.state, "
		"checksum = excluded.checksum", 5, { TX, I8, I8, BY, TX } },
	[TU__PG_EVENT_ADD] = { "INSERT INTO events(learner, version, type, at, "
		"payload, outputs, checksum, request_id) "
		"VALUES($1, $2, $3, $4, $5, $6, $7, $8) "
		"RETURNING seq", 8, { TX, I8, TX, I8, BY, BY, TX, TX } },
	[TU__PG_AUDIT_ADD] = { "INSERT INTO audit(seq, agent, path, "
		"\"before\", \"after\", reason) VALUES($1, $2, $3, $4, $5, $6)",
		6, { I8, TX, TX, TX, TX, TX } },
	[TU__PG_EVENTS_ALL] = { "SELECT " EVENT_COLS " FROM events "
		"WHERE seq > $1 ORDER BY seq LIMIT $2", 2, { I8, I8 } },
	[TU__PG_EVENTS_OF] = { "SELECT " EVENT_COLS " FROM events "
		"WHERE learner = $3 AND seq > $1 ORDER BY seq LIMIT $2", 3,
		{ I8, I8, TX } },
	[TU__PG_COUNT_ALL] = { "SELECT count(*) FROM events", 0, { 0 } },
	[TU__PG_COUNT_OF] = { "SELECT count(*) FROM events WHERE learner = $1",
		1, { TX } },
	[TU__PG_AUDIT_EACH] = { "SELECT agent, path, \"before\", \"after\", "
		"reason FROM audit WHERE seq = $1 ORDER BY id", 1, { I8 } },
	[TU__PG_CONTENT_PUT] = { "INSERT INTO content(course, version, hash, "
		"path, loaded) VALUES($1, $2, $3, $4, $5) "
		"ON CONFLICT(course) DO UPDATE SET version = excluded.version, "
		"hash = excluded.hash, path = excluded.path, "
		"loaded = excluded.loaded", 5, { TX, TX, TX, TX, I8 } },
	[TU__PG_CONTENT_GET] = { "SELECT course, version, hash, path, loaded "
		"FROM content WHERE course = $1", 1, { TX } },
	[TU__PG_SETTING_SET] = { "INSERT INTO settings(key, value) "
		"VALUES($1, $2) ON CONFLICT(key) DO UPDATE SET "
		"value = excluded.value", 2, { TX, TX } },
	[TU__PG_SETTING_GET] = { "SELECT value FROM settings WHERE key = $1",
		1, { TX } },
	[TU__PG_LLM_CACHE_PUT] = { "INSERT INTO llm_cache(key, model, prompt, "
		"prompt_version, content, created_at) "
		"VALUES($1, $2, $3, $4, $5, $6) ON CONFLICT(key) DO UPDATE SET "
		"model = excluded.model, prompt = excluded.prompt, "
		"prompt_version = excluded.prompt_version, "
		"content = excluded.content, created_at = excluded.created_at",
		6, { TX, TX, TX, I8, BY, I8 } },
	[TU__PG_LLM_CACHE_GET] = { "SELECT content FROM llm_cache "
		"WHERE key = $1", 1, { TX } },
	[TU__PG_LLM_USAGE_GET] = { "SELECT requests, tokens FROM llm_usage "
		"WHERE learner_id = $1 AND day = $2", 2, { TX, I8 } },
	[TU__PG_LLM_USAGE_ADD] = { "INSERT INTO llm_usage(learner_id, day, "
		"requests, tokens) VALUES($1, $2, $3, $4) "
		"ON CONFLICT(learner_id, day) DO UPDATE SET "
		"requests = " SAT_ADD("requests") ", "
		"tokens = " SAT_ADD("tokens"), 4, { TX, I8, I8, I8 } },
	[TU__PG_ACCOUNT_ADD] = { "INSERT INTO accounts(username, role, pwhash, "
		"learner_id, created_at) VALUES($1, $2, $3, $4, $5) "
		"RETURNING id", 5, { TX, TX, TX, TX, I8 } },
	[TU__PG_ACCOUNT_BY_NAME] = { ACCOUNT_SELECT "WHERE username = $1", 1,
		{ TX } },
	[TU__PG_ACCOUNT_BY_ID] = { ACCOUNT_SELECT "WHERE id = $1", 1, { I8 } },
	[TU__PG_ACCOUNT_SET_PW] = { "UPDATE accounts SET pwhash = $2 "
		"WHERE id = $1", 2, { I8, TX } },
	[TU__PG_ACCOUNT_EACH] = { ACCOUNT_SELECT
		"ORDER BY username COLLATE \"C\"", 0, { 0 } },
	[TU__PG_ACCOUNT_COUNT] = { "SELECT count(*) FROM accounts "
		"WHERE role = $1", 1, { TX } },
	[TU__PG_SESSION_ADD] = { "INSERT INTO sessions(token_hash, account_id, "
		"created_at, expires_at) VALUES($1, $2, $3, $4)", 4,
		{ TX, I8, I8, I8 } },
	[TU__PG_SESSION_GET] = { "SELECT token_hash, account_id, created_at, "
		"expires_at FROM sessions WHERE token_hash = $1", 1, { TX } },
	[TU__PG_SESSION_DEL] = { "DELETE FROM sessions WHERE token_hash = $1",
		1, { TX } },
	[TU__PG_SESSION_DEL_ACCOUNT] = { "DELETE FROM sessions "
		"WHERE account_id = $1", 1, { I8 } },
	[TU__PG_SESSION_PURGE] = { "DELETE FROM sessions "
		"WHERE expires_at <= $1", 1, { I8 } },
	[TU__PG_SESSION_COUNT] = { "SELECT count(*) FROM sessions "
		"WHERE expires_at > $1", 1, { I8 } },
	[TU__PG_COHORT_ADD] = { "INSERT INTO cohorts(instructor_id, name, "
		"join_code, created_at) SELECT $1, $2, $3, $4 FROM accounts "
		"WHERE id = $1 AND role = 'instructor' RETURNING id", 4,
		{ I8, TX, TX, I8 } },
	[TU__PG_COHORT_GET] = { COHORT_SELECT "WHERE c.id = $1", 1, { I8 } },
	[TU__PG_COHORT_BY_CODE] = { COHORT_SELECT "WHERE c.join_code = $1", 1,
		{ TX } },
	[TU__PG_COHORT_EACH_ALL] = { COHORT_SELECT "ORDER BY c.id", 0, { 0 } },
	[TU__PG_COHORT_EACH_OF] = { COHORT_SELECT "WHERE c.instructor_id = $1 "
		"ORDER BY c.id", 1, { I8 } },
	[TU__PG_COHORT_EACH_JOINED] = { COHORT_SELECT "WHERE c.id IN (SELECT "
		"cohort_id FROM cohort_members WHERE learner_id = $1) "
		"ORDER BY c.id", 1, { TX } },
	[TU__PG_COHORT_JOIN] = { "INSERT INTO cohort_members(cohort_id, "
		"learner_id, joined_at) VALUES($1, $2, $3) "
		"ON CONFLICT(cohort_id, learner_id) DO NOTHING", 3,
		{ I8, TX, I8 } },
	[TU__PG_MEMBER_EACH] = { "SELECT cohort_id, learner_id, joined_at "
		"FROM cohort_members WHERE cohort_id = $1 "
		"ORDER BY learner_id COLLATE \"C\"", 1, { I8 } },
	[TU__PG_TEACHES] = { "SELECT EXISTS(SELECT 1 FROM cohort_members m "
		"JOIN cohorts c ON c.id = m.cohort_id "
		"WHERE c.instructor_id = $1 AND m.learner_id = $2)", 2,
		{ I8, TX } },
	[TU__PG_REQUEST_GET] = { "SELECT " EVENT_COLS " FROM events "
		"WHERE learner = $1 AND request_id = $2", 2, { TX, TX } },
	[TU__PG_JOB_LOCK] = { "SELECT pg_advisory_xact_lock(1953789953, "
		"hashtext($1))", 1, { TX } },
	[TU__PG_JOB_BY_REQUEST] = { "SELECT id FROM jobs WHERE learner = $1 "
		"AND request_id = $2", 2, { TX, TX } },
	[TU__PG_JOB_COUNT_LEARNER] = { "SELECT count(*) FROM jobs WHERE "
		"learner = $1 AND state IN ('queued', 'running')", 1, { TX } },
	[TU__PG_JOB_COUNT_QUEUED] = { "SELECT count(*) FROM jobs WHERE "
		"state = 'queued'", 0, { 0 } },
	[TU__PG_JOB_ADD] = { "INSERT INTO jobs(id, learner, account, item, "
		"lang, code, at, created, state, request_id) VALUES($1, $2, $3, "
		"$4, $5, $6, $7, $8, 'queued', $9)", 9,
		{ TX, TX, I8, TX, TX, BY, I8, I8, TX } },
	[TU__PG_JOB_CLAIM] = { "UPDATE jobs SET state = 'running', owner = $1, "
		"lease_until = $2 + $3, attempts = attempts + 1 WHERE n = "
		"(SELECT n FROM jobs WHERE state = 'queued' OR (state = "
		"'running' AND lease_until < $2) ORDER BY n LIMIT 1 "
		"FOR UPDATE SKIP LOCKED) RETURNING " JOB_COLS, 3,
		{ TX, I8, I8 } },
	[TU__PG_JOB_RENEW] = { "UPDATE jobs SET lease_until = $3 + $4 WHERE "
		"id = $1 AND owner = $2 AND state = 'running'", 4,
		{ TX, TX, I8, I8 } },
	[TU__PG_JOB_FINISH] = { "UPDATE jobs SET state = $3, result = $4, "
		"error = $5, seq = $6, finished = $7, lease_until = 0 WHERE "
		"id = $1 AND owner = $2 AND state = 'running'", 7,
		{ TX, TX, TX, BY, TX, I8, I8 } },
	[TU__PG_JOB_EXISTS] = { "SELECT count(*) FROM jobs WHERE id = $1", 1,
		{ TX } },
	[TU__PG_JOB_GET] = { "SELECT " JOB_COLS " FROM jobs WHERE id = $1", 1,
		{ TX } },
	[TU__PG_JOB_COUNTS] = { "SELECT count(*) FILTER (WHERE state = "
		"'queued'), count(*) FILTER (WHERE state = 'running') FROM jobs "
		"WHERE state IN ('queued', 'running') AND ($1::text IS NULL OR "
		"learner = $1)", 1, { TX } },
	[TU__PG_JOB_PURGE] = { "DELETE FROM jobs WHERE state IN ('done', "
		"'error') AND finished < $1", 1, { I8 } },
};
