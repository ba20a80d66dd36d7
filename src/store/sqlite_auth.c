/*
 * sqlite_auth.c - the SQLite backend's accounts and sessions (tables
 * accounts and sessions of migration 3; contracts in tutor/store.h).
 *
 * Arguments arrive validated by store_auth.c.  A learner account and its
 * learner row are inserted in one BEGIN IMMEDIATE transaction, as are a
 * new password hash and the end of the account's sessions.  Constraint
 * failures map to statuses: a taken username, learner id or token hash is
 * TU_ECONFLICT, a missing referenced account TU_ENOTFOUND.
 *
 * What it is not: no password hashing or token handling (src/server/auth.c
 * does that; only token hashes arrive here), no expiry policy.
 */
#include <string.h>

#include "sqlite_internal.h"

/* ---- accounts ---------------------------------------------------------- */

/* Inserts the learner row of a learner account (inside a transaction). */
static enum tu_status add_learner(struct tu__sq *q,
				  const struct tu_account_row *a,
				  struct tu_err *err)
{
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_LEARNER_ADD, &st, err);
	int rc;

	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, a->learner);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 2, a->username);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, a->created_at);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		status = tu_err_set(err, TU_ECONFLICT, "learner '%s' already "
				    "exists", a->learner);
	else if (rc != SQLITE_DONE)
		status = tu__sq_fail(q, rc, "adding a learner", err);
	tu__sq_done(q, st);
	return status;
}

static int bind_account(sqlite3_stmt *st, const struct tu_account_row *a)
{
	int rc = tu__sq_bind_text(st, 1, a->username);

	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 2, tu_account_role_name(a->role));
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 3, a->pwhash);
	if (rc == SQLITE_OK)
		rc = a->role == TU_ACCOUNT_LEARNER ?
			tu__sq_bind_text(st, 4, a->learner) :
			sqlite3_bind_null(st, 4);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 5, a->created_at);
	return rc;
}

static enum tu_status insert_account(struct tu__sq *q,
				     const struct tu_account_row *a,
				     int64_t *id, struct tu_err *err)
{
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_ACCOUNT_ADD, &st, err);
	int rc;

	if (status)
		return status;
	rc = bind_account(st, a);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		status = tu_err_set(err, TU_ECONFLICT, "username '%s' is "
				    "taken", a->username);
	else if (rc != SQLITE_DONE)
		status = tu__sq_fail(q, rc, "adding an account", err);
	else if (id)
		*id = sqlite3_last_insert_rowid(q->db);
	tu__sq_done(q, st);
	return status;
}

/* TU_ECONFLICT when the username is taken (checked first, so that a
 * taken username is reported as such rather than as a taken learner). */
static enum tu_status name_free(struct tu_store *s,
				const struct tu_account_row *a,
				struct tu_err *err)
{
	struct tu_account_row old;
	enum tu_status status = tu__sq_account_get(s, a->username, 0, &old,
						   err);

	if (status == TU_OK)
		return tu_err_set(err, TU_ECONFLICT, "username '%s' is taken",
				  a->username);
	return status == TU_ENOTFOUND ? TU_OK : status;
}

enum tu_status tu__sq_account_add(struct tu_store *s,
				  const struct tu_account_row *a, int64_t *id,
				  struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	enum tu_status status = tu__sq_begin(q, err);

	if (!status)
		status = name_free(s, a, err);
	if (!status && a->role == TU_ACCOUNT_LEARNER)
		status = add_learner(q, a, err);
	if (!status)
		status = insert_account(q, a, id, err);
	if (!status)
		status = tu__sq_commit_tx(q, err);
	if (status)
		tu__sq_rollback(q);
	return status;
}

static enum tu_status read_role(struct tu__sq *q, sqlite3_stmt *st,
				struct tu_account_row *row, struct tu_err *err)
{
	const unsigned char *r = sqlite3_column_text(st, 2);

	if (r && strcmp((const char *)r, "learner") == 0)
		row->role = TU_ACCOUNT_LEARNER;
	else if (r && strcmp((const char *)r, "instructor") == 0)
		row->role = TU_ACCOUNT_INSTRUCTOR;
	else
		return tu_err_set(err, TU_ECORRUPT, "store %s: account '%s': "
				  "unknown role", q->path, row->username);
	return TU_OK;
}

/* Fills row from the current row of an ACCOUNT_SELECT statement. */
static enum tu_status read_account(struct tu__sq *q, sqlite3_stmt *st,
				   struct tu_account_row *row,
				   struct tu_err *err)
{
	enum tu_status status;

	memset(row, 0, sizeof(*row));
	row->id = sqlite3_column_int64(st, 0);
	status = tu__sq_text(q, st, 1, row->username, sizeof row->username,
			     "accounts.username", err);
	if (!status)
		status = read_role(q, st, row, err);
	if (!status)
		status = tu__sq_text(q, st, 3, row->pwhash, sizeof row->pwhash,
				     "accounts.pwhash", err);
	if (!status)
		status = tu__sq_text(q, st, 4, row->learner,
				     sizeof row->learner,
				     "accounts.learner_id", err);
	row->created_at = sqlite3_column_int64(st, 5);
	return status;
}

enum tu_status tu__sq_account_get(struct tu_store *s, const char *username,
				  int64_t id, struct tu_account_row *row,
				  struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	struct tu_account_row tmp;
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, username ?
					    TU__SQ_ACCOUNT_BY_NAME :
					    TU__SQ_ACCOUNT_BY_ID, &st, err);
	int rc;

	if (status)
		return status;
	rc = username ? tu__sq_bind_text(st, 1, username) :
		sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		status = read_account(q, st, &tmp, err);
	else if (rc == SQLITE_DONE && username)
		status = tu_err_set(err, TU_ENOTFOUND, "no account '%s'",
				    username);
	else if (rc == SQLITE_DONE)
		status = tu_err_set(err, TU_ENOTFOUND, "no account %lld",
				    (long long)id);
	else
		status = tu__sq_fail(q, rc, "reading an account", err);
	tu__sq_done(q, st);
	if (!status)
		*row = tmp;
	return status;
}

/* Runs statement id with one integer argument; *changes gets the rows
 * changed (may be NULL). */
static enum tu_status run_int(struct tu__sq *q, enum tu__sq_id id,
			      int64_t v, uint64_t *changes, const char *what,
			      struct tu_err *err)
{
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, id, &st, err);
	int rc;

	if (status)
		return status;
	rc = sqlite3_bind_int64(st, 1, v);
	if (rc != SQLITE_OK) {
		tu__sq_done(q, st);
		return tu__sq_fail(q, rc, what, err);
	}
	status = tu__sq_run(q, st, what, err);
	if (!status && changes)
		*changes = (uint64_t)sqlite3_changes64(q->db);
	return status;
}

static enum tu_status update_pwhash(struct tu__sq *q, int64_t id,
				    const char *pwhash, struct tu_err *err)
{
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_ACCOUNT_SET_PW, &st, err);
	int rc;

	if (status)
		return status;
	rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 2, pwhash);
	if (rc != SQLITE_OK) {
		tu__sq_done(q, st);
		return tu__sq_fail(q, rc, "changing a password", err);
	}
	status = tu__sq_run(q, st, "changing a password", err);
	if (!status && sqlite3_changes64(q->db) == 0)
		status = tu_err_set(err, TU_ENOTFOUND, "no account %lld",
				    (long long)id);
	return status;
}

enum tu_status tu__sq_account_set_pwhash(struct tu_store *s, int64_t id,
					 const char *pwhash,
					 struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	enum tu_status status = tu__sq_begin(q, err);

	if (!status)
		status = update_pwhash(q, id, pwhash, err);
	if (!status)
		status = run_int(q, TU__SQ_SESSION_DEL_ACCOUNT, id, NULL,
				 "ending sessions", err);
	if (!status)
		status = tu__sq_commit_tx(q, err);
	if (status)
		tu__sq_rollback(q);
	return status;
}

enum tu_status tu__sq_account_each(struct tu_store *s, tu_account_fn fn,
				   void *ctx, struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	struct tu_account_row row;
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_ACCOUNT_EACH, &st, err);
	int rc;

	if (status)
		return status;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		status = read_account(q, st, &row, err);
		if (status || fn(&row, ctx) != 0)
			break;
	}
	if (!status && rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = tu__sq_fail(q, rc, "listing accounts", err);
	tu__sq_done(q, st);
	return status;
}

/* Steps st (bound) expecting one non-negative integer into *n. */
static enum tu_status count_row(struct tu__sq *q, sqlite3_stmt *st, int rc,
				uint64_t *n, const char *what,
				struct tu_err *err)
{
	enum tu_status status = TU_OK;
	sqlite3_int64 v;

	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
		*n = v < 0 ? 0 : (uint64_t)v;
	} else {
		status = tu__sq_fail(q, rc, what, err);
	}
	tu__sq_done(q, st);
	return status;
}

enum tu_status tu__sq_account_count(struct tu_store *s,
				    enum tu_account_role role, uint64_t *n,
				    struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_ACCOUNT_COUNT, &st, err);

	if (status)
		return status;
	return count_row(q, st, tu__sq_bind_text(st, 1,
						 tu_account_role_name(role)),
			 n, "counting accounts", err);
}

/* ---- sessions ---------------------------------------------------------- */

enum tu_status tu__sq_session_add(struct tu_store *s,
				  const struct tu_session_row *row,
				  struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_SESSION_ADD, &st, err);
	int rc;

	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, row->token_hash);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, row->account);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, row->created_at);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 4, row->expires_at);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		status = tu_err_set(err, TU_ECONFLICT, "a session with this "
				    "token hash exists");
	else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
		status = tu_err_set(err, TU_ENOTFOUND, "no account %lld",
				    (long long)row->account);
	else if (rc != SQLITE_DONE)
		status = tu__sq_fail(q, rc, "adding a session", err);
	tu__sq_done(q, st);
	return status;
}

static enum tu_status read_session(struct tu__sq *q, sqlite3_stmt *st,
				   struct tu_session_row *row,
				   struct tu_err *err)
{
	memset(row, 0, sizeof(*row));
	row->account = sqlite3_column_int64(st, 1);
	row->created_at = sqlite3_column_int64(st, 2);
	row->expires_at = sqlite3_column_int64(st, 3);
	return tu__sq_text(q, st, 0, row->token_hash, sizeof row->token_hash,
			   "sessions.token_hash", err);
}

enum tu_status tu__sq_session_get(struct tu_store *s, const char *token_hash,
				  struct tu_session_row *row,
				  struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	struct tu_session_row tmp;
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_SESSION_GET, &st, err);
	int rc;

	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, token_hash);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		status = read_session(q, st, &tmp, err);
	else if (rc == SQLITE_DONE)
		status = tu_err_set(err, TU_ENOTFOUND, "no such session");
	else
		status = tu__sq_fail(q, rc, "reading a session", err);
	tu__sq_done(q, st);
	if (!status)
		*row = tmp;
	return status;
}

enum tu_status tu__sq_session_delete(struct tu_store *s,
				     const char *token_hash,
				     struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_SESSION_DEL, &st, err);
	int rc;

	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, token_hash);
	if (rc != SQLITE_OK) {
		tu__sq_done(q, st);
		return tu__sq_fail(q, rc, "ending a session", err);
	}
	return tu__sq_run(q, st, "ending a session", err);
}

enum tu_status tu__sq_session_purge(struct tu_store *s, int64_t now,
				    uint64_t *n, struct tu_err *err)
{
	return run_int(tu__sq_of(s), TU__SQ_SESSION_PURGE, now, n,
		       "purging expired sessions", err);
}

enum tu_status tu__sq_session_count(struct tu_store *s, int64_t now,
				    uint64_t *n, struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_SESSION_COUNT, &st, err);

	if (status)
		return status;
	return count_row(q, st, sqlite3_bind_int64(st, 1, now), n,
			 "counting sessions", err);
}
