/*
 * store_internal.h - the backend seam of the store (tutor/store.h); not
 * part of the public API.
 *
 * struct tu_store is the common head of every backend's handle: a
 * backend allocates its own struct with a struct tu_store as the FIRST
 * member, points base.ops at its operations table and hands &base back.
 * store.c parses the location, validates every argument (ids, sizes,
 * NUL termination) and only then calls through ops, so a backend may
 * assume well-formed input and only has to store, read and verify.
 * The row checksums are computed here too, so every backend writes and
 * checks the same digests.
 *
 * What it is not: no SQL lives here; the SQLite specifics are in
 * sqlite_internal.h.
 */
#ifndef TUTOR_STORE_INTERNAL_H
#define TUTOR_STORE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tutor/hash.h"
#include "tutor/store.h"

/* Largest snapshot state accepted (and read back), bytes. */
#define TU__STORE_STATE_MAX (32u << 20)
/* Largest location string accepted by tu_store_open, bytes. */
#define TU__STORE_LOCATION_MAX 4096

/* Operations every backend provides; arguments are already validated. */
struct tu_store_ops {
	const char *name;
	void (*close)(struct tu_store *s);
	enum tu_status (*learner_add)(struct tu_store *s, const char *id,
				      const char *name, int64_t now,
				      struct tu_err *err);
	enum tu_status (*learner_get)(struct tu_store *s, const char *id,
				      struct tu_learner_row *row,
				      struct tu_err *err);
	enum tu_status (*learner_each)(struct tu_store *s, tu_learner_fn fn,
				       void *ctx, struct tu_err *err);
	enum tu_status (*snapshot_get)(struct tu_store *s, const char *learner,
				       struct tu_snapshot *snap,
				       struct tu_err *err);
	enum tu_status (*commit)(struct tu_store *s, const struct tu_commit *c,
				 uint64_t *seq, struct tu_err *err);
	enum tu_status (*event_each)(struct tu_store *s, const char *learner,
				     uint64_t after_seq, tu_event_fn fn,
				     void *ctx, struct tu_err *err);
	enum tu_status (*event_count)(struct tu_store *s, const char *learner,
				      uint64_t *n, struct tu_err *err);
	enum tu_status (*audit_each)(struct tu_store *s, uint64_t seq,
				     tu_audit_fn fn, void *ctx,
				     struct tu_err *err);
	enum tu_status (*content_put)(struct tu_store *s,
				      const struct tu_content_row *row,
				      struct tu_err *err);
	enum tu_status (*content_get)(struct tu_store *s, const char *course,
				      struct tu_content_row *row,
				      struct tu_err *err);
	enum tu_status (*setting_set)(struct tu_store *s, const char *key,
				      const char *value, struct tu_err *err);
	enum tu_status (*setting_get)(struct tu_store *s, const char *key,
				      char *buf, size_t cap,
				      struct tu_err *err);
	/* LLM cache and usage (store_llm.c validates). */
	enum tu_status (*llm_cache_put)(struct tu_store *s,
					const struct tu_llm_cache_entry *e,
					struct tu_err *err);
	enum tu_status (*llm_cache_get)(struct tu_store *s, const char *key,
					char **content, size_t *len,
					struct tu_err *err);
	enum tu_status (*llm_usage_get)(struct tu_store *s,
					const char *learner, int64_t day,
					struct tu_store_usage *u,
					struct tu_err *err);
	enum tu_status (*llm_usage_add)(struct tu_store *s,
					const char *learner, int64_t day,
					const struct tu_store_usage *add,
					struct tu_err *err);
	/* accounts, sessions and cohorts (store_auth.c validates) */
	enum tu_status (*account_add)(struct tu_store *s,
				      const struct tu_account_row *a,
				      int64_t *id, struct tu_err *err);
	/* by username when it is non-NULL, else by id */
	enum tu_status (*account_get)(struct tu_store *s, const char *username,
				      int64_t id, struct tu_account_row *row,
				      struct tu_err *err);
	enum tu_status (*account_set_pwhash)(struct tu_store *s, int64_t id,
					     const char *pwhash,
					     struct tu_err *err);
	enum tu_status (*account_each)(struct tu_store *s, tu_account_fn fn,
				       void *ctx, struct tu_err *err);
	enum tu_status (*account_count)(struct tu_store *s,
					enum tu_account_role role,
					uint64_t *n, struct tu_err *err);
	enum tu_status (*session_add)(struct tu_store *s,
				      const struct tu_session_row *row,
				      struct tu_err *err);
	enum tu_status (*session_get)(struct tu_store *s,
				      const char *token_hash,
				      struct tu_session_row *row,
				      struct tu_err *err);
	enum tu_status (*session_delete)(struct tu_store *s,
					 const char *token_hash,
					 struct tu_err *err);
	enum tu_status (*session_purge)(struct tu_store *s, int64_t now,
					uint64_t *n, struct tu_err *err);
	enum tu_status (*session_count)(struct tu_store *s, int64_t now,
					uint64_t *n, struct tu_err *err);
	enum tu_status (*cohort_add)(struct tu_store *s,
				     const struct tu_cohort_row *c,
				     int64_t *id, struct tu_err *err);
	/* by id when code is NULL, else by join code */
	enum tu_status (*cohort_get)(struct tu_store *s, int64_t id,
				     const char *code,
				     struct tu_cohort_row *row,
				     struct tu_err *err);
	/* instructor's cohorts (0: all) when learner is NULL, else the
	 * cohorts learner joined */
	enum tu_status (*cohort_each)(struct tu_store *s, int64_t instructor,
				      const char *learner, tu_cohort_fn fn,
				      void *ctx, struct tu_err *err);
	enum tu_status (*cohort_join)(struct tu_store *s, int64_t cohort,
				      const char *learner, int64_t now,
				      struct tu_err *err);
	enum tu_status (*cohort_member_each)(struct tu_store *s,
					     int64_t cohort, tu_member_fn fn,
					     void *ctx, struct tu_err *err);
	enum tu_status (*cohort_teaches)(struct tu_store *s,
					 int64_t instructor,
					 const char *learner, bool *yes,
					 struct tu_err *err);
	/* request ids and judge jobs (store_jobs.c validates) */
	enum tu_status (*request_get)(struct tu_store *s, const char *learner,
				      const char *request_id, tu_event_fn fn,
				      void *ctx, struct tu_err *err);
	enum tu_status (*job_add)(struct tu_store *s,
				  const struct tu_job_row *j,
				  const struct tu_job_limits *lim,
				  bool *existed, char *id,
				  struct tu_err *err);
	enum tu_status (*job_claim)(struct tu_store *s, const char *owner,
				    int64_t now_ms, int64_t lease_ms,
				    struct tu_job_row *out,
				    struct tu_err *err);
	enum tu_status (*job_renew)(struct tu_store *s, const char *id,
				    const char *owner, int64_t now_ms,
				    int64_t lease_ms, struct tu_err *err);
	enum tu_status (*job_finish)(struct tu_store *s, const char *id,
				     const char *owner,
				     const struct tu_job_outcome *o,
				     struct tu_err *err);
	enum tu_status (*job_get)(struct tu_store *s, const char *id,
				  struct tu_job_row *out, struct tu_err *err);
	enum tu_status (*job_counts)(struct tu_store *s, const char *learner,
				     struct tu_job_counts *n,
				     struct tu_err *err);
	enum tu_status (*job_purge)(struct tu_store *s, int64_t before,
				    uint64_t *n, struct tu_err *err);
	/* group commit counters; NULL: the backend has none (zeros) */
	void (*commit_stats)(struct tu_store *s,
			     struct tu_store_commit_stats *st);
};

/* The common head of every backend handle. */
struct tu_store {
	const struct tu_store_ops *ops;
	int schema_version;          /* set by the backend's open */
};

/*
 * Opens the SQLite store at path (a file name, already stripped of any
 * "sqlite:" prefix).  opts is complete (defaults filled in).  On success
 * *out is a new handle; on failure nothing is left open.
 */
enum tu_status tu__sqlite_open(const char *path,
			       const struct tu_store_options *opts,
			       struct tu_store **out, struct tu_err *err);

/*
 * Opens the PostgreSQL store at location (the whole "postgresql://..."
 * or "postgres://..." URI, handed to libpq).  Same contract as
 * tu__sqlite_open (pg.c).
 */
enum tu_status tu__pg_open(const char *location,
			   const struct tu_store_options *opts,
			   struct tu_store **out, struct tu_err *err);

/* ---- validation (check.c) ---------------------------------------------- */

/* True when id is 1..TU_ID_MAX-1 bytes of [A-Za-z0-9._-]. */
bool tu__store_id_ok(const char *id);

/* TU_EINVAL naming what ("learner", "course", ...) when id is not ok. */
enum tu_status tu__store_check_id(const char *what, const char *id,
				  struct tu_err *err);

/* Every field rule of struct tu_commit (see tu_store_commit). */
enum tu_status tu__store_check_commit(const struct tu_commit *c,
				      struct tu_err *err);

/* Course id, NUL-terminated fields and a 64-digit lower-case hex hash. */
enum tu_status tu__store_check_content(const struct tu_content_row *row,
				       struct tu_err *err);

/* key an id, value non-NULL and shorter than TU_STORE_SETTING_MAX. */
enum tu_status tu__store_check_setting(const char *key, const char *value,
				       struct tu_err *err);

/* A NUL-terminated copy of src[0..len) (malloc; NULL when out of
 * memory): what the backends hand out as payloads, states and code. */
char *tu__store_dup_bytes(const void *src, size_t len);

/* ---- row checksums (check.c) ------------------------------------------- */

/* The fields of one event row, as written or as read back. */
struct tu__event_fields {
	const char *learner;
	uint64_t version;
	const char *type;
	int64_t at;
	const void *payload;
	size_t payload_len;
	const void *outputs;
	size_t outputs_len;
};

/* BLAKE2b-256 hex over (learner, version, updated, state bytes). */
void tu__store_snapshot_sum(const char *learner, uint64_t version,
			    int64_t updated, const void *state, size_t len,
			    char out[TU_HASH_HEX_LEN + 1]);

/* BLAKE2b-256 hex over (learner, version, type, at, payload, outputs). */
void tu__store_event_sum(const struct tu__event_fields *f,
			 char out[TU_HASH_HEX_LEN + 1]);

#endif
