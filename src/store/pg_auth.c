/*
 * pg_auth.c - the PostgreSQL backend's accounts and sessions (tables
 * accounts and sessions of migration 3; contracts in tutor/store.h).
 *
 * Arguments arrive validated by store_auth.c.  A learner account and its
 * learner row are inserted in one transaction, as are a new password
 * hash and the end of the account's sessions.  Constraint failures map to
 * statuses exactly as on SQLite: a taken username, learner id or token
 * hash (SQLSTATE 23505) is TU_ECONFLICT, a missing referenced account
 * (23503) TU_ENOTFOUND.
 *
 * What it is not: no password hashing or token handling (src/server/auth.c
 * does that; only token hashes arrive here), no expiry policy.
 */
#include <string.h>

#include "pg_internal.h"

/* ---- accounts ---------------------------------------------------------- */

static enum tu_status add_learner(struct tu__pg *p,
				  const struct tu_account_row *a,
				  struct tu_err *err)
{
	struct tu__pg_args x;
	enum tu_status st;

	tu__pg_args_init(&x);
	tu__pg_text(&x, a->learner);
	tu__pg_text(&x, a->username);
	tu__pg_i64(&x, a->created_at);
	st = tu__pg_exec(p, TU__PG_LEARNER_ADD, &x, NULL, "adding a learner",
			 err);
	if (st && tu__pg_state_is(p, "23505"))
		st = tu_err_set(err, TU_ECONFLICT, "learner '%s' already "
				"exists", a->learner);
	return st;
}

static enum tu_status insert_account(struct tu__pg *p,
				     const struct tu_account_row *a,
				     int64_t *id, struct tu_err *err)
{
	struct tu__pg_args x;
	PGresult *r = NULL;
	enum tu_status st;

	tu__pg_args_init(&x);
	tu__pg_text(&x, a->username);
	tu__pg_text(&x, tu_account_role_name(a->role));
	tu__pg_text(&x, a->pwhash);
	tu__pg_text(&x, a->role == TU_ACCOUNT_LEARNER ? a->learner : NULL);
	tu__pg_i64(&x, a->created_at);
	st = tu__pg_exec(p, TU__PG_ACCOUNT_ADD, &x, &r, "adding an account",
			 err);
	if (st && tu__pg_state_is(p, "23505"))
		st = tu_err_set(err, TU_ECONFLICT, "username '%s' is taken",
				a->username);
	else if (!st && id)
		*id = tu__pg_int(r, 0, 0);
	PQclear(r);
	return st;
}

/* TU_ECONFLICT when the username is taken (checked first, so that a
 * taken username is reported as such rather than as a taken learner). */
static enum tu_status name_free(struct tu_store *s,
				const struct tu_account_row *a,
				struct tu_err *err)
{
	struct tu_account_row old;
	enum tu_status st = tu__pg_account_get(s, a->username, 0, &old, err);

	if (st == TU_OK)
		return tu_err_set(err, TU_ECONFLICT, "username '%s' is taken",
				  a->username);
	return st == TU_ENOTFOUND ? TU_OK : st;
}

enum tu_status tu__pg_account_add(struct tu_store *s,
				  const struct tu_account_row *a, int64_t *id,
				  struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	enum tu_status st = tu__pg_begin(p, err);

	if (st)
		return st;
	st = name_free(s, a, err);
	if (!st && a->role == TU_ACCOUNT_LEARNER)
		st = add_learner(p, a, err);
	if (!st)
		st = insert_account(p, a, id, err);
	st = tu__pg_end(p, st, err);
	if (st == TU_EIO && tu__pg_state_is(p, "23505"))
		st = tu_err_set(err, TU_ECONFLICT, "username '%s' or learner "
				"'%s' was taken concurrently", a->username,
				a->learner);
	return st;
}

static enum tu_status read_account(struct tu__pg *p, const PGresult *r, int i,
				   struct tu_account_row *row,
				   struct tu_err *err)
{
	char role[16];
	enum tu_status st;

	memset(row, 0, sizeof(*row));
	row->id = tu__pg_int(r, i, 0);
	row->created_at = tu__pg_int(r, i, 5);
	st = tu__pg_str(p, r, i, 1, row->username, sizeof row->username,
			"accounts.username", err);
	if (!st)
		st = tu__pg_str(p, r, i, 2, role, sizeof role, "accounts.role",
				err);
	if (!st)
		st = tu__pg_str(p, r, i, 3, row->pwhash, sizeof row->pwhash,
				"accounts.pwhash", err);
	if (!st)
		st = tu__pg_str(p, r, i, 4, row->learner, sizeof row->learner,
				"accounts.learner_id", err);
	if (st)
		return st;
	if (strcmp(role, "learner") == 0)
		row->role = TU_ACCOUNT_LEARNER;
	else if (strcmp(role, "instructor") == 0)
		row->role = TU_ACCOUNT_INSTRUCTOR;
	else
		return tu_err_set(err, TU_ECORRUPT, "postgresql database '%s': "
				  "account '%s': unknown role", p->db,
				  row->username);
	return TU_OK;
}

enum tu_status tu__pg_account_get(struct tu_store *s, const char *username,
				  int64_t id, struct tu_account_row *row,
				  struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu_account_row tmp;
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;

	tu__pg_args_init(&a);
	if (username)
		tu__pg_text(&a, username);
	else
		tu__pg_i64(&a, id);
	st = tu__pg_exec(p, username ? TU__PG_ACCOUNT_BY_NAME :
			 TU__PG_ACCOUNT_BY_ID, &a, &r, "reading an account",
			 err);
	if (st)
		return st;
	if (PQntuples(r) > 0)
		st = read_account(p, r, 0, &tmp, err);
	else if (username)
		st = tu_err_set(err, TU_ENOTFOUND, "no account '%s'", username);
	else
		st = tu_err_set(err, TU_ENOTFOUND, "no account %lld",
				(long long)id);
	PQclear(r);
	if (!st)
		*row = tmp;
	return st;
}

/* Runs id with one integer argument; *changes (may be NULL) gets the
 * rows changed. */
static enum tu_status run_int(struct tu__pg *p, enum tu__pg_id id, int64_t v,
			      uint64_t *changes, const char *what,
			      struct tu_err *err)
{
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_i64(&a, v);
	st = tu__pg_exec(p, id, &a, &r, what, err);
	if (!st && changes)
		*changes = tu__pg_changes(r);
	PQclear(r);
	return st;
}

static enum tu_status update_pwhash(struct tu__pg *p, int64_t id,
				    const char *pwhash, struct tu_err *err)
{
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_i64(&a, id);
	tu__pg_text(&a, pwhash);
	st = tu__pg_exec(p, TU__PG_ACCOUNT_SET_PW, &a, &r,
			 "changing a password", err);
	if (!st && tu__pg_changes(r) == 0)
		st = tu_err_set(err, TU_ENOTFOUND, "no account %lld",
				(long long)id);
	PQclear(r);
	return st;
}

enum tu_status tu__pg_account_set_pwhash(struct tu_store *s, int64_t id,
					 const char *pwhash,
					 struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	enum tu_status st = tu__pg_begin(p, err);

	if (st)
		return st;
	st = update_pwhash(p, id, pwhash, err);
	if (!st)
		st = run_int(p, TU__PG_SESSION_DEL_ACCOUNT, id, NULL,
			     "ending sessions", err);
	return tu__pg_end(p, st, err);
}

enum tu_status tu__pg_account_each(struct tu_store *s, tu_account_fn fn,
				   void *ctx, struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu_account_row row;
	PGresult *r = NULL;
	enum tu_status st = tu__pg_exec(p, TU__PG_ACCOUNT_EACH, NULL, &r,
					"listing accounts", err);

	for (int i = 0; !st && i < PQntuples(r); i++) {
		st = read_account(p, r, i, &row, err);
		if (!st && fn(&row, ctx) != 0)
			break;
	}
	PQclear(r);
	return st;
}

/* Runs id (its arguments in a) expecting one count into *n. */
static enum tu_status count_of(struct tu__pg *p, enum tu__pg_id id,
			       const struct tu__pg_args *a, uint64_t *n,
			       const char *what, struct tu_err *err)
{
	PGresult *r = NULL;
	enum tu_status st = tu__pg_exec(p, id, a, &r, what, err);
	int64_t v;

	if (!st) {
		v = tu__pg_int(r, 0, 0);
		*n = v < 0 ? 0 : (uint64_t)v;
	}
	PQclear(r);
	return st;
}

enum tu_status tu__pg_account_count(struct tu_store *s,
				    enum tu_account_role role, uint64_t *n,
				    struct tu_err *err)
{
	struct tu__pg_args a;

	tu__pg_args_init(&a);
	tu__pg_text(&a, tu_account_role_name(role));
	return count_of(tu__pg_of(s), TU__PG_ACCOUNT_COUNT, &a, n,
			"counting accounts", err);
}

/* ---- sessions ---------------------------------------------------------- */

enum tu_status tu__pg_session_add(struct tu_store *s,
				  const struct tu_session_row *row,
				  struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu__pg_args a;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_text(&a, row->token_hash);
	tu__pg_i64(&a, row->account);
	tu__pg_i64(&a, row->created_at);
	tu__pg_i64(&a, row->expires_at);
	st = tu__pg_exec(p, TU__PG_SESSION_ADD, &a, NULL, "adding a session",
			 err);
	if (st && tu__pg_state_is(p, "23505"))
		st = tu_err_set(err, TU_ECONFLICT, "a session with this token "
				"hash exists");
	else if (st && tu__pg_state_is(p, "23503"))
		st = tu_err_set(err, TU_ENOTFOUND, "no account %lld",
				(long long)row->account);
	return st;
}

enum tu_status tu__pg_session_get(struct tu_store *s, const char *token_hash,
				  struct tu_session_row *row,
				  struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu_session_row tmp;
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_text(&a, token_hash);
	st = tu__pg_exec(p, TU__PG_SESSION_GET, &a, &r, "reading a session",
			 err);
	if (st)
		return st;
	memset(&tmp, 0, sizeof tmp);
	if (PQntuples(r) == 0) {
		st = tu_err_set(err, TU_ENOTFOUND, "no such session");
	} else {
		tmp.account = tu__pg_int(r, 0, 1);
		tmp.created_at = tu__pg_int(r, 0, 2);
		tmp.expires_at = tu__pg_int(r, 0, 3);
		st = tu__pg_str(p, r, 0, 0, tmp.token_hash,
				sizeof tmp.token_hash, "sessions.token_hash",
				err);
	}
	PQclear(r);
	if (!st)
		*row = tmp;
	return st;
}

enum tu_status tu__pg_session_delete(struct tu_store *s,
				     const char *token_hash,
				     struct tu_err *err)
{
	struct tu__pg_args a;

	tu__pg_args_init(&a);
	tu__pg_text(&a, token_hash);
	return tu__pg_exec(tu__pg_of(s), TU__PG_SESSION_DEL, &a, NULL,
			   "ending a session", err);
}

enum tu_status tu__pg_session_purge(struct tu_store *s, int64_t now,
				    uint64_t *n, struct tu_err *err)
{
	return run_int(tu__pg_of(s), TU__PG_SESSION_PURGE, now, n,
		       "purging expired sessions", err);
}

enum tu_status tu__pg_session_count(struct tu_store *s, int64_t now,
				    uint64_t *n, struct tu_err *err)
{
	struct tu__pg_args a;

	tu__pg_args_init(&a);
	tu__pg_i64(&a, now);
	return count_of(tu__pg_of(s), TU__PG_SESSION_COUNT, &a, n,
			"counting sessions", err);
}
