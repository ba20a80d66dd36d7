/*
 * tutor/store.h - durable storage: learners, the append-only event log,
 * state snapshots with their version, the content registry, audit records,
 * a few settings, the LLM cache and usage, and the server's accounts,
 * sessions and cohorts.
 *
 * One interface, several backends: tu_store_open picks the backend from
 * the location ("sqlite:PATH" or a plain path: SQLite in WAL mode;
 * "postgresql://..." or "postgres://...": PostgreSQL, the URI handed to
 * libpq; docs/store.md).  Everything
 * above this header (orchestrator, CLI, server) talks only to these
 * functions, so a backend can be added without changes above it.
 *
 * What it guarantees:
 *   - tu_store_commit is atomic: the event, its audit records and the new
 *     snapshot are written together or not at all, and only when the
 *     stored snapshot's version still equals the expected version
 *     (compare-and-set; TU_ECONFLICT otherwise, nothing written).
 *   - A committed event is durable when tu_store_commit returns TU_OK.
 *   - Events are never updated or deleted; their seq numbers rise
 *     strictly in commit order across all learners.
 *   - Every snapshot and event row carries a checksum (BLAKE2b-256 over
 *     its fields); a row whose checksum does not match is reported as
 *     TU_ECORRUPT naming the table, learner and version/seq, never
 *     returned as data.
 *
 * What it is not: it does not decide anything and does not parse state or
 * payload JSON (it stores bytes; the orchestrator encodes and validates).
 *
 * Ownership: struct tu_store is opaque (tu_store_open / tu_store_close).
 * Row structs filled by the store own their heap buffers and are freed
 * with their _release function.  All const char * arguments are borrowed
 * for the call.  A struct tu_store is used by one thread at a time; open
 * one per thread or process (SQLite serialises writers across processes;
 * PostgreSQL locks the learner's row for a commit).
 */
#ifndef TUTOR_STORE_H
#define TUTOR_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tutor/err.h"
#include "tutor/learner.h"

#define TU_STORE_TYPE_MAX 32        /* event type bytes incl. NUL */
#define TU_STORE_PAYLOAD_MAX (1u << 20) /* bytes of one event payload */
#define TU_STORE_AUDIT_FIELD_MAX 160 /* path / before / after bytes incl. NUL */
#define TU_STORE_AUDIT_REASON_MAX 256
#define TU_STORE_AUDIT_PER_EVENT 512 /* audit records per commit */

struct tu_store;

struct tu_store_options {
	bool sync_full;       /* SQLite synchronous=FULL (default true):
				 committed events survive power loss, not
				 only a killed process */
	int busy_timeout_ms;  /* wait for another writer, default 10000 */
	bool group_commit;    /* SQLite with sync_full: commits of this
				 process's handles on one file share one
				 transaction and one fsync (default true;
				 docs/store.md GROUP COMMIT) */
};

/* Defaults listed above. */
void tu_store_options_default(struct tu_store_options *o);

/*
 * Opens (creating when missing) the store at location and brings its
 * schema up to date (migrations in order, each in a transaction; the
 * applied versions are recorded; on PostgreSQL under an advisory lock,
 * so servers starting at once migrate once).  opts may be NULL
 * (defaults).  *out is new (tu_store_close).  TU_EINVAL for an unknown
 * scheme or an unparsable PostgreSQL URI, TU_EIO when the file cannot be
 * opened, the server cannot be reached or the database is not a tutor
 * store, TU_ECORRUPT when the schema is newer than this program knows.
 */
enum tu_status tu_store_open(const char *location,
			     const struct tu_store_options *opts,
			     struct tu_store **out, struct tu_err *err);

/* Closes s (NULL is fine). */
void tu_store_close(struct tu_store *s);

/* Schema version after migrations (for `tutor version`, tests). */
int tu_store_schema_version(const struct tu_store *s);

/* Backend name: "sqlite" or "postgresql". */
const char *tu_store_backend(const struct tu_store *s);

/* ---- learners ---------------------------------------------------------- */

struct tu_learner_row {
	char id[TU_ID_MAX];
	char name[TU_TEXT_MAX];
	int64_t created;
	uint64_t version;     /* snapshot version, 0 before the first commit */
};

/*
 * Registers learner id (an id: non-empty, < TU_ID_MAX bytes, [A-Za-z0-9._-])
 * with display name (may be "") at time now.  No snapshot exists until the
 * first commit (version 0).  TU_EINVAL for a bad id or when the id exists.
 */
enum tu_status tu_store_learner_add(struct tu_store *s, const char *id,
				    const char *name, int64_t now,
				    struct tu_err *err);

/* Fills *row for id; TU_ENOTFOUND ("no learner 'x'") when unknown. */
enum tu_status tu_store_learner_get(struct tu_store *s, const char *id,
				    struct tu_learner_row *row,
				    struct tu_err *err);

/* Calls fn for every learner in id order; a non-zero return from fn
 * stops the walk early (still TU_OK). */
typedef int (*tu_learner_fn)(const struct tu_learner_row *row, void *ctx);
enum tu_status tu_store_learner_each(struct tu_store *s, tu_learner_fn fn,
				     void *ctx, struct tu_err *err);

/* ---- snapshots --------------------------------------------------------- */

struct tu_snapshot {
	uint64_t version;
	int64_t updated;
	char *state_json;     /* owned, NUL-terminated */
	size_t len;
};

void tu_snapshot_init(struct tu_snapshot *snap);
void tu_snapshot_release(struct tu_snapshot *snap);

/*
 * Reads learner's snapshot into snap (initialised; old contents released
 * on success).  TU_ENOTFOUND when the learner is unknown or has no
 * snapshot yet (version 0); TU_ECORRUPT when the row's checksum fails
 * ("snapshot of learner 'ada' version 12: checksum mismatch").
 */
enum tu_status tu_store_snapshot_get(struct tu_store *s, const char *learner,
				     struct tu_snapshot *snap,
				     struct tu_err *err);

/* ---- the event log ----------------------------------------------------- */

/* One audit record: which agent changed which part of the state, from
 * what to what, and why. */
struct tu_audit {
	char agent[TU_STORE_TYPE_MAX];          /* "learner_profiler" */
	char path[TU_STORE_AUDIT_FIELD_MAX];    /* "topics[loops].mastery" */
	char before[TU_STORE_AUDIT_FIELD_MAX];  /* "0.3" ("" when new) */
	char after[TU_STORE_AUDIT_FIELD_MAX];   /* "0.37" ("" when removed) */
	char reason[TU_STORE_AUDIT_REASON_MAX]; /* "pass on medium item add" */
};

/* Everything one commit writes. */
struct tu_commit {
	const char *learner;
	uint64_t expected_version;   /* the snapshot version the change was
					computed from; the new one is +1 */
	const char *type;            /* event type, e.g. "submission" */
	int64_t at;                  /* event time, Unix seconds */
	const char *payload;         /* event payload JSON, <= PAYLOAD_MAX */
	size_t payload_len;
	const char *outputs;         /* agent outputs JSON (may be NULL) */
	size_t outputs_len;
	const char *state_json;      /* the new snapshot */
	size_t state_len;
	int64_t updated;             /* the new snapshot's time */
	const struct tu_audit *audit;
	size_t n_audit;              /* <= TU_STORE_AUDIT_PER_EVENT */
	const char *request_id;      /* NULL or "": none; else a request id
					(tu_store_request_id_ok), stored with
					the event, UNIQUE per learner */
};

/*
 * Atomically: checks that learner's snapshot version equals
 * c->expected_version (0 = no snapshot yet), appends the event with
 * version expected + 1, its audit records, and replaces the snapshot.
 * *seq (may be NULL) gets the event's seq.  TU_ECONFLICT when the version
 * moved on (nothing written: re-read, recompute, retry) or when
 * c->request_id is already stored for this learner (nothing written:
 * tu_store_request_get finds the first event), TU_ENOTFOUND for an
 * unknown learner, TU_EINVAL / TU_ERANGE for bad fields, TU_EIO for a
 * storage failure (rolled back).
 */
enum tu_status tu_store_commit(struct tu_store *s, const struct tu_commit *c,
			       uint64_t *seq, struct tu_err *err);

struct tu_event {
	uint64_t seq;
	char learner[TU_ID_MAX];
	uint64_t version;            /* the learner's version after it */
	char type[TU_STORE_TYPE_MAX];
	int64_t at;
	char *payload;               /* owned, NUL-terminated */
	size_t payload_len;
	char *outputs;               /* owned, NUL-terminated, "" when none */
	size_t outputs_len;
};

/* Calls fn for every event of learner (NULL: all learners) with seq >
 * after_seq, in seq order.  The event is valid during the call only.  A
 * non-zero return from fn stops the walk (TU_OK).  TU_ECORRUPT when a row
 * fails its checksum (the walk stops there). */
typedef int (*tu_event_fn)(const struct tu_event *ev, void *ctx);
enum tu_status tu_store_event_each(struct tu_store *s, const char *learner,
				   uint64_t after_seq, tu_event_fn fn,
				   void *ctx, struct tu_err *err);

/* ---- request ids (idempotent requests) ----------------------------------
 * A client-chosen id of a request that writes (HTTP Idempotency-Key, a
 * judge job's id) is stored with the event it produced, at most once per
 * learner (UNIQUE(learner, request_id) in the store), so a retried request
 * finds the first one's event instead of applying itself again, across
 * processes and crashes.  The request id is not part of the event's
 * checksum (rows written before request ids existed stay valid). */

#define TU_STORE_REQUEST_ID_MAX 81  /* bytes incl. NUL */

/* True when id is 1..TU_STORE_REQUEST_ID_MAX-1 bytes of
 * [A-Za-z0-9_.:-]. */
bool tu_store_request_id_ok(const char *id);

/* Calls fn once with learner's event committed with request_id (the
 * event is valid during the call only).  TU_ENOTFOUND when there is
 * none; TU_EINVAL for a bad learner or request id; TU_ECORRUPT when the
 * row fails its checksum. */
enum tu_status tu_store_request_get(struct tu_store *s, const char *learner,
				    const char *request_id, tu_event_fn fn,
				    void *ctx, struct tu_err *err);

/* ---- group commit counters (SQLite) -------------------------------------
 * Counted per database file over every handle of this process that uses
 * group commit on it (from the first such open until the last close). */
struct tu_store_commit_stats {
	uint64_t batches;     /* group transactions run (committed or not) */
	uint64_t commits;     /* commits carried by those batches */
	uint64_t multi;       /* batches of more than one commit */
	uint64_t max_batch;   /* the largest batch so far */
	uint64_t failed;      /* batches whose BEGIN or COMMIT failed */
	uint64_t pending;     /* now: commits waiting or being written */
};

/* Fills *st (zeros when s does not use group commit: PostgreSQL,
 * sync_full or group_commit off, an in-memory database). */
enum tu_status tu_store_commit_stats(struct tu_store *s,
				     struct tu_store_commit_stats *st,
				     struct tu_err *err);

/* Bytes the embedded SQLite library holds now, over every connection of
 * this process (page caches, statements): sqlite3_memory_used(). */
size_t tu_store_sqlite_memory(void);

/* Number of events of learner (NULL: all). */
enum tu_status tu_store_event_count(struct tu_store *s, const char *learner,
				    uint64_t *n, struct tu_err *err);

/* Calls fn for each audit record of event seq, in insertion order. */
typedef int (*tu_audit_fn)(uint64_t seq, const struct tu_audit *a, void *ctx);
enum tu_status tu_store_audit_each(struct tu_store *s, uint64_t seq,
				   tu_audit_fn fn, void *ctx,
				   struct tu_err *err);

/* ---- content registry -------------------------------------------------- */

struct tu_content_row {
	char course[TU_ID_MAX];
	char version[TU_SHORT_MAX];
	char hash[65];               /* hex BLAKE2b-256 of the course files */
	char path[4096];             /* where it was loaded from */
	int64_t loaded;
};

/* Registers (or replaces) a course. */
enum tu_status tu_store_content_put(struct tu_store *s,
				    const struct tu_content_row *row,
				    struct tu_err *err);

/* TU_ENOTFOUND when course is not registered. */
enum tu_status tu_store_content_get(struct tu_store *s, const char *course,
				    struct tu_content_row *row,
				    struct tu_err *err);

/* ---- settings (small key/value pairs: "current_learner", ...) ---------- */

#define TU_STORE_SETTING_MAX 1024

/* value (< TU_STORE_SETTING_MAX bytes) replaces any old value. */
enum tu_status tu_store_setting_set(struct tu_store *s, const char *key,
				    const char *value, struct tu_err *err);
/* Copies the value into buf[cap]; TU_ENOTFOUND when unset. */
enum tu_status tu_store_setting_get(struct tu_store *s, const char *key,
				    char *buf, size_t cap, struct tu_err *err);

/* ---- LLM answer cache and usage counts (tutor/assist.h) ---------------- */

#define TU_STORE_LLM_KEY_LEN 64            /* hex digits of a cache key */
#define TU_STORE_LLM_CONTENT_MAX (256u * 1024u) /* bytes of a cached answer */
#define TU_STORE_LLM_NAME_MAX 128          /* model / prompt bytes incl. NUL */
#define TU_STORE_USAGE_GLOBAL "*"          /* the learner id of the global row */

/* One cached LLM answer.  content is borrowed for tu_store_llm_cache_put. */
struct tu_llm_cache_entry {
	char key[TU_STORE_LLM_KEY_LEN + 1];  /* 64 lower-case hex digits */
	char model[TU_STORE_LLM_NAME_MAX];
	char prompt[TU_STORE_LLM_NAME_MAX];  /* prompt name, e.g. "hint" */
	uint32_t prompt_version;
	const char *content;                 /* the validated answer JSON */
	size_t len;                          /* <= TU_STORE_LLM_CONTENT_MAX */
	int64_t created_at;                  /* Unix seconds */
};

/* Stores (or replaces) the answer under e->key.  TU_EINVAL for a key that
 * is not 64 lower-case hex digits, names that do not fit, content NULL,
 * over TU_STORE_LLM_CONTENT_MAX or with a NUL byte inside. */
enum tu_status tu_store_llm_cache_put(struct tu_store *s,
				      const struct tu_llm_cache_entry *e,
				      struct tu_err *err);

/* The content cached under key: *content is new (free()), NUL-terminated,
 * *len bytes (len may be NULL).  TU_ENOTFOUND when nothing is cached;
 * TU_ECORRUPT when the stored row is over the size limit. */
enum tu_status tu_store_llm_cache_get(struct tu_store *s, const char *key,
				      char **content, size_t *len,
				      struct tu_err *err);

/* Requests and tokens counted for one learner (or the global row) on one
 * UTC day (days since the epoch: floor(unix_seconds / 86400)). */
struct tu_store_usage {
	uint64_t requests;
	uint64_t tokens;
};

/* Usage of learner (an id, or TU_STORE_USAGE_GLOBAL) on day into *u;
 * zeros when nothing was counted (not an error). */
enum tu_status tu_store_llm_usage_get(struct tu_store *s, const char *learner,
				      int64_t day, struct tu_store_usage *u,
				      struct tu_err *err);

/* Adds add to learner's row (learner may be NULL: none) and to the global
 * row of day, both in one transaction.  Counts saturate at INT64_MAX.
 * TU_EINVAL for a bad learner id (TU_STORE_USAGE_GLOBAL itself is not
 * accepted here: the global row always counts). */
enum tu_status tu_store_llm_usage_add(struct tu_store *s, const char *learner,
				      int64_t day,
				      const struct tu_store_usage *add,
				      struct tu_err *err);

/* ---- accounts, sessions and cohorts (tutor serve, tutor/server.h) ------
 * Accounts sign in to `tutor serve`; a learner account owns exactly one
 * learner (created with it), an instructor account owns cohorts that
 * learners join with a code.  Sessions are stored by the hex BLAKE2b-256
 * of their token only (the token itself never reaches the store).  The
 * store checks shapes (ids, sizes, NUL termination, roles); the policy
 * (username and password rules, hashing, expiry) is the server's
 * (src/server/auth.c). */

#define TU_STORE_USERNAME_MAX 33    /* bytes incl. NUL (an id, <= 32) */
#define TU_STORE_PWHASH_MAX 128     /* bytes incl. NUL (crypto_pwhash_STRBYTES) */
#define TU_STORE_TOKEN_HASH_LEN 64  /* hex digits of a session token hash */
#define TU_STORE_COHORT_NAME_MAX 128 /* bytes incl. NUL, UTF-8 */
#define TU_STORE_JOIN_CODE_MAX 32   /* bytes incl. NUL, [A-Za-z0-9._-] */

enum tu_account_role { TU_ACCOUNT_LEARNER = 0, TU_ACCOUNT_INSTRUCTOR };

/* "learner" / "instructor" ("?" when invalid).  Static. */
const char *tu_account_role_name(enum tu_account_role r);

struct tu_account_row {
	int64_t id;                           /* assigned by account_add */
	char username[TU_STORE_USERNAME_MAX];
	enum tu_account_role role;
	char pwhash[TU_STORE_PWHASH_MAX];     /* the encoded password hash */
	char learner[TU_ID_MAX];              /* learners: their id; "" else */
	int64_t created_at;                   /* Unix seconds */
};

/*
 * Adds account a (a->id is ignored; *id, may be NULL, gets the new one).
 * A learner account also registers its learner a->learner (display name
 * the username, no snapshot: the caller then sends learner_created
 * through the orchestrator) in the same transaction.  TU_ECONFLICT when
 * the username is taken or, for a learner account, the learner id already
 * exists (nothing written); TU_EINVAL for a bad field (username not an
 * id or too long, role, empty or unterminated pwhash, a learner id on an
 * instructor account or none on a learner account).
 */
enum tu_status tu_store_account_add(struct tu_store *s,
				    const struct tu_account_row *a,
				    int64_t *id, struct tu_err *err);

/* Fills *row for username / id; TU_ENOTFOUND ("no account 'x'"). */
enum tu_status tu_store_account_get(struct tu_store *s, const char *username,
				    struct tu_account_row *row,
				    struct tu_err *err);
enum tu_status tu_store_account_get_id(struct tu_store *s, int64_t id,
				       struct tu_account_row *row,
				       struct tu_err *err);

/* Replaces account id's password hash and ends all of its sessions, in
 * one transaction.  TU_ENOTFOUND for an unknown account. */
enum tu_status tu_store_account_set_pwhash(struct tu_store *s, int64_t id,
					   const char *pwhash,
					   struct tu_err *err);

/* Calls fn for every account in username order (a non-zero return stops
 * the walk, still TU_OK). */
typedef int (*tu_account_fn)(const struct tu_account_row *row, void *ctx);
enum tu_status tu_store_account_each(struct tu_store *s, tu_account_fn fn,
				     void *ctx, struct tu_err *err);

/* Number of accounts with role into *n. */
enum tu_status tu_store_account_count(struct tu_store *s,
				      enum tu_account_role role, uint64_t *n,
				      struct tu_err *err);

struct tu_session_row {
	char token_hash[TU_STORE_TOKEN_HASH_LEN + 1]; /* lower-case hex */
	int64_t account;
	int64_t created_at;
	int64_t expires_at;                   /* > created_at */
};

/* Stores a session.  TU_ECONFLICT when the hash exists, TU_ENOTFOUND for
 * an unknown account, TU_EINVAL for a bad hash or times. */
enum tu_status tu_store_session_add(struct tu_store *s,
				    const struct tu_session_row *row,
				    struct tu_err *err);

/* Fills *row for token_hash (expired or not: the caller compares
 * expires_at with its clock); TU_ENOTFOUND when there is none. */
enum tu_status tu_store_session_get(struct tu_store *s, const char *token_hash,
				    struct tu_session_row *row,
				    struct tu_err *err);

/* Ends one session; TU_OK also when it did not exist. */
enum tu_status tu_store_session_delete(struct tu_store *s,
				       const char *token_hash,
				       struct tu_err *err);

/* Deletes every session with expires_at <= now; *n (may be NULL) gets
 * how many. */
enum tu_status tu_store_session_purge(struct tu_store *s, int64_t now,
				      uint64_t *n, struct tu_err *err);

/* Number of sessions with expires_at > now. */
enum tu_status tu_store_session_count(struct tu_store *s, int64_t now,
				      uint64_t *n, struct tu_err *err);

struct tu_cohort_row {
	int64_t id;                           /* assigned by cohort_add */
	int64_t instructor;                   /* the owning account */
	char name[TU_STORE_COHORT_NAME_MAX];
	char join_code[TU_STORE_JOIN_CODE_MAX];
	int64_t created_at;
	uint64_t members;                     /* filled when read */
};

/* Adds cohort c (c->id and c->members ignored; *id, may be NULL, gets
 * the new id).  TU_ECONFLICT when the join code is taken, TU_ENOTFOUND
 * when c->instructor is no account, TU_EINVAL when it is not an
 * instructor or a field is bad (empty name, code not an id). */
enum tu_status tu_store_cohort_add(struct tu_store *s,
				   const struct tu_cohort_row *c, int64_t *id,
				   struct tu_err *err);

/* Fills *row for the cohort id / the cohort with join code; TU_ENOTFOUND. */
enum tu_status tu_store_cohort_get(struct tu_store *s, int64_t id,
				   struct tu_cohort_row *row,
				   struct tu_err *err);
enum tu_status tu_store_cohort_find_code(struct tu_store *s, const char *code,
					 struct tu_cohort_row *row,
					 struct tu_err *err);

/* Calls fn for the cohorts of instructor (0: every cohort) in id order;
 * tu_store_cohort_each_joined for the cohorts learner is a member of. */
typedef int (*tu_cohort_fn)(const struct tu_cohort_row *row, void *ctx);
enum tu_status tu_store_cohort_each(struct tu_store *s, int64_t instructor,
				    tu_cohort_fn fn, void *ctx,
				    struct tu_err *err);
enum tu_status tu_store_cohort_each_joined(struct tu_store *s,
					   const char *learner,
					   tu_cohort_fn fn, void *ctx,
					   struct tu_err *err);

/* Makes learner a member of cohort at time now; TU_OK also when it
 * already is (the first joined_at stays).  TU_ENOTFOUND for an unknown
 * cohort or learner. */
enum tu_status tu_store_cohort_join(struct tu_store *s, int64_t cohort,
				    const char *learner, int64_t now,
				    struct tu_err *err);

struct tu_cohort_member {
	int64_t cohort;
	char learner[TU_ID_MAX];
	int64_t joined_at;
};

/* Calls fn for every member of cohort in learner id order. */
typedef int (*tu_member_fn)(const struct tu_cohort_member *m, void *ctx);
enum tu_status tu_store_cohort_member_each(struct tu_store *s, int64_t cohort,
					   tu_member_fn fn, void *ctx,
					   struct tu_err *err);

/* *yes = learner is a member of some cohort owned by instructor. */
enum tu_status tu_store_cohort_teaches(struct tu_store *s, int64_t instructor,
				       const char *learner, bool *yes,
				       struct tu_err *err);

/* ---- judge jobs (tutor serve; several servers on one store) -------------
 * Submissions waiting for, being judged by, or judged by the servers'
 * judge workers.  A worker claims a job (the oldest queued one, or a
 * running one whose lease ran out: its owner died) for lease_ms, renews
 * the lease while judging, and finishes it (only while it is the owner).
 * Times of leases are Unix milliseconds, passed in (the store reads no
 * clock).  The store checks shapes; the server owns the policy (limits,
 * lease length, what a result holds). */

#define TU_STORE_JOB_ID_MAX 24        /* bytes incl. NUL, an id */
#define TU_STORE_JOB_OWNER_MAX 64     /* bytes incl. NUL */
#define TU_STORE_JOB_LANG_MAX 16      /* bytes incl. NUL ("python", "c") */
#define TU_STORE_JOB_CODE_MAX (256u * 1024u)   /* bytes of source */
#define TU_STORE_JOB_RESULT_MAX (4u << 20)     /* bytes of result JSON */
#define TU_STORE_JOB_ERROR_MAX 1024   /* bytes incl. NUL */

enum tu_job_state {
	TU_JOB_QUEUED = 0, TU_JOB_RUNNING, TU_JOB_DONE, TU_JOB_ERROR
};

/* "queued", "running", "done", "error" ("?" when invalid).  Static. */
const char *tu_job_state_name(enum tu_job_state st);

struct tu_job_row {
	char id[TU_STORE_JOB_ID_MAX];
	char learner[TU_ID_MAX];
	int64_t account;
	char item[TU_ID_MAX];
	char lang[TU_STORE_JOB_LANG_MAX];
	char *code;                   /* owned when read; borrowed by add */
	size_t code_len;              /* 1..TU_STORE_JOB_CODE_MAX */
	int64_t at;                   /* the submission's event time, s */
	int64_t created;              /* Unix seconds */
	enum tu_job_state state;
	char owner[TU_STORE_JOB_OWNER_MAX];  /* "" when none */
	int64_t lease_until;          /* Unix ms; 0 when none */
	uint32_t attempts;            /* claims so far */
	char *result;                 /* owned; done: JSON text; else NULL */
	size_t result_len;
	char error[TU_STORE_JOB_ERROR_MAX];  /* error: why; else "" */
	uint64_t seq;                 /* the submission event, 0 when none */
	int64_t finished;             /* Unix seconds, 0 until then */
	char request_id[TU_STORE_REQUEST_ID_MAX];  /* "" when none */
};

void tu_job_row_init(struct tu_job_row *r);
/* Frees code and result and re-initialises. */
void tu_job_row_release(struct tu_job_row *r);

/* Limits checked by tu_store_job_add in its transaction (0: none). */
struct tu_job_limits {
	uint32_t per_learner;         /* queued + running of the learner */
	uint32_t queued;              /* queued in all */
};

/*
 * Adds job j (state queued; j->state, owner, lease, attempts, result,
 * error, seq, finished are ignored) in one transaction.  When
 * j->request_id is set and the learner already has a job with it,
 * nothing is added: *existed (may be NULL) is set and id gets that job's
 * id (limits are not checked then).  id[TU_STORE_JOB_ID_MAX] gets the id
 * (j->id itself).  TU_EBUDGET over lim->per_learner, TU_EUNAVAIL over
 * lim->queued (nothing written); TU_ECONFLICT when j->id exists;
 * TU_EINVAL for a bad field.
 */
enum tu_status tu_store_job_add(struct tu_store *s, const struct tu_job_row *j,
				const struct tu_job_limits *lim, bool *existed,
				char id[TU_STORE_JOB_ID_MAX],
				struct tu_err *err);

/*
 * Claims one job for owner in one transaction: the oldest queued job, or
 * else the oldest running job with lease_until < now_ms; it becomes
 * running, owned by owner until now_ms + lease_ms, attempts + 1, and is
 * copied into *out (initialised; released first).  Two callers never
 * claim the same job at once (PostgreSQL: FOR UPDATE SKIP LOCKED;
 * SQLite: BEGIN IMMEDIATE).  TU_ENOTFOUND when there is nothing to do.
 */
enum tu_status tu_store_job_claim(struct tu_store *s, const char *owner,
				  int64_t now_ms, int64_t lease_ms,
				  struct tu_job_row *out, struct tu_err *err);

/* Extends the lease of running job id held by owner to now_ms +
 * lease_ms.  TU_ECONFLICT when owner no longer holds it (another worker
 * claimed it after the lease ran out, or it is finished); TU_ENOTFOUND
 * for an unknown job. */
enum tu_status tu_store_job_renew(struct tu_store *s, const char *id,
				  const char *owner, int64_t now_ms,
				  int64_t lease_ms, struct tu_err *err);

/* What a worker reports when a job ends. */
struct tu_job_outcome {
	enum tu_job_state state;      /* TU_JOB_DONE or TU_JOB_ERROR */
	const char *result;           /* done: JSON text (borrowed) */
	size_t result_len;            /* <= TU_STORE_JOB_RESULT_MAX */
	const char *error;            /* error: why (< ERROR_MAX bytes) */
	uint64_t seq;                 /* the submission event, 0 none */
	int64_t finished;             /* Unix seconds */
};

/* Finishes running job id held by owner.  TU_ECONFLICT when owner no
 * longer holds it (nothing written); TU_ENOTFOUND for an unknown job;
 * TU_EINVAL for a bad outcome. */
enum tu_status tu_store_job_finish(struct tu_store *s, const char *id,
				   const char *owner,
				   const struct tu_job_outcome *o,
				   struct tu_err *err);

/* Fills *out (initialised; released first) with job id; TU_ENOTFOUND. */
enum tu_status tu_store_job_get(struct tu_store *s, const char *id,
				struct tu_job_row *out, struct tu_err *err);

/* Jobs of learner (NULL: all) queued and running now. */
struct tu_job_counts {
	uint64_t queued, running;
};
enum tu_status tu_store_job_counts(struct tu_store *s, const char *learner,
				   struct tu_job_counts *n,
				   struct tu_err *err);

/* Deletes finished jobs with finished < before (Unix seconds); *n (may
 * be NULL) gets how many. */
enum tu_status tu_store_job_purge(struct tu_store *s, int64_t before,
				  uint64_t *n, struct tu_err *err);

#endif
