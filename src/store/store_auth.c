/*
 * store_auth.c - the public face of the accounts, sessions and cohorts
 * of tutor/store.h: argument validation, then dispatch through struct
 * tu_store_ops.  The server (src/server/auth.c, api_auth.c,
 * api_cohorts.c) and `tutor account` are the users.
 *
 * The checks here are about shape only (ids, sizes, NUL termination,
 * roles, hex hashes, times); a refused call changes nothing.
 *
 * What it is not: no SQL (sqlite_auth.c, sqlite_cohort.c) and no policy
 * (username and password rules, hashing and expiry are the server's).
 */
#include <string.h>

#include "store_internal.h"

const char *tu_account_role_name(enum tu_account_role r)
{
	switch (r) {
	case TU_ACCOUNT_LEARNER:
		return "learner";
	case TU_ACCOUNT_INSTRUCTOR:
		return "instructor";
	}
	return "?";
}

/* s is a store and the required pointer argument is present (have). */
static enum tu_status need(struct tu_store *s, const char *what, bool have,
			   struct tu_err *err)
{
	if (!s)
		return tu_err_set(err, TU_EINVAL, "%s: no store", what);
	if (!have)
		return tu_err_set(err, TU_EINVAL, "%s: NULL argument", what);
	return TU_OK;
}

/* An id of at most TU_STORE_USERNAME_MAX - 1 bytes. */
static enum tu_status check_username(const char *u, struct tu_err *err)
{
	enum tu_status st = tu__store_check_id("account", u, err);

	if (!st && strlen(u) >= TU_STORE_USERNAME_MAX)
		st = tu_err_set(err, TU_EINVAL, "username longer than %d "
				"bytes", TU_STORE_USERNAME_MAX - 1);
	return st;
}

/* NUL-terminated inside cap, non-empty, printable ASCII. */
static bool printable(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	if (n == 0 || n >= cap)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < ' ' || s[i] > '~')
			return false;
	return true;
}

static enum tu_status check_learner_field(const struct tu_account_row *a,
					  struct tu_err *err)
{
	if (a->role == TU_ACCOUNT_LEARNER)
		return tu__store_check_id("learner", a->learner, err);
	if (!memchr(a->learner, '\0', sizeof a->learner) || a->learner[0])
		return tu_err_set(err, TU_EINVAL, "account '%s': an instructor "
				  "account has no learner", a->username);
	return TU_OK;
}

static enum tu_status check_account(const struct tu_account_row *a,
				    struct tu_err *err)
{
	enum tu_status st;

	if (!memchr(a->username, '\0', sizeof a->username))
		return tu_err_set(err, TU_EINVAL, "account_add: username not "
				  "NUL-terminated");
	st = check_username(a->username, err);
	if (st)
		return st;
	if (a->role != TU_ACCOUNT_LEARNER && a->role != TU_ACCOUNT_INSTRUCTOR)
		return tu_err_set(err, TU_EINVAL, "account '%s': unknown role "
				  "%d", a->username, (int)a->role);
	if (!printable(a->pwhash, sizeof a->pwhash))
		return tu_err_set(err, TU_EINVAL, "account '%s': the password "
				  "hash is empty, too long or not printable",
				  a->username);
	return check_learner_field(a, err);
}

enum tu_status tu_store_account_add(struct tu_store *s,
				    const struct tu_account_row *a,
				    int64_t *id, struct tu_err *err)
{
	enum tu_status st = need(s, "account_add", a != NULL, err);

	if (!st)
		st = check_account(a, err);
	return st ? st : s->ops->account_add(s, a, id, err);
}

enum tu_status tu_store_account_get(struct tu_store *s, const char *username,
				    struct tu_account_row *row,
				    struct tu_err *err)
{
	enum tu_status st = need(s, "account_get", row != NULL, err);

	if (!st)
		st = check_username(username, err);
	return st ? st : s->ops->account_get(s, username, 0, row, err);
}

enum tu_status tu_store_account_get_id(struct tu_store *s, int64_t id,
				       struct tu_account_row *row,
				       struct tu_err *err)
{
	enum tu_status st = need(s, "account_get_id", row != NULL, err);

	return st ? st : s->ops->account_get(s, NULL, id, row, err);
}

enum tu_status tu_store_account_set_pwhash(struct tu_store *s, int64_t id,
					   const char *pwhash,
					   struct tu_err *err)
{
	enum tu_status st = need(s, "account_set_pwhash", pwhash != NULL, err);

	if (!st && !printable(pwhash, TU_STORE_PWHASH_MAX))
		st = tu_err_set(err, TU_EINVAL, "account %lld: the password "
				"hash is empty, too long or not printable",
				(long long)id);
	return st ? st : s->ops->account_set_pwhash(s, id, pwhash, err);
}

enum tu_status tu_store_account_each(struct tu_store *s, tu_account_fn fn,
				     void *ctx, struct tu_err *err)
{
	enum tu_status st = need(s, "account_each", fn != NULL, err);

	return st ? st : s->ops->account_each(s, fn, ctx, err);
}

enum tu_status tu_store_account_count(struct tu_store *s,
				      enum tu_account_role role, uint64_t *n,
				      struct tu_err *err)
{
	enum tu_status st = need(s, "account_count", n != NULL, err);

	if (!st && role != TU_ACCOUNT_LEARNER && role != TU_ACCOUNT_INSTRUCTOR)
		st = tu_err_set(err, TU_EINVAL, "account_count: unknown role "
				"%d", (int)role);
	return st ? st : s->ops->account_count(s, role, n, err);
}

/* ---- sessions ---------------------------------------------------------- */

/* TU_STORE_TOKEN_HASH_LEN lower-case hex digits and a NUL. */
static enum tu_status check_hash(const char *h, struct tu_err *err)
{
	size_t i;

	for (i = 0; i < TU_STORE_TOKEN_HASH_LEN; i++)
		if (!((h[i] >= '0' && h[i] <= '9') ||
		      (h[i] >= 'a' && h[i] <= 'f')))
			break;
	if (i != TU_STORE_TOKEN_HASH_LEN || h[i] != '\0')
		return tu_err_set(err, TU_EINVAL, "session: the token hash "
				  "must be %d lower-case hex digits",
				  TU_STORE_TOKEN_HASH_LEN);
	return TU_OK;
}

enum tu_status tu_store_session_add(struct tu_store *s,
				    const struct tu_session_row *row,
				    struct tu_err *err)
{
	enum tu_status st = need(s, "session_add", row != NULL, err);

	if (!st)
		st = check_hash(row->token_hash, err);
	if (!st && row->expires_at <= row->created_at)
		st = tu_err_set(err, TU_EINVAL, "session_add: expires_at "
				"%lld is not after created_at %lld",
				(long long)row->expires_at,
				(long long)row->created_at);
	return st ? st : s->ops->session_add(s, row, err);
}

enum tu_status tu_store_session_get(struct tu_store *s, const char *token_hash,
				    struct tu_session_row *row,
				    struct tu_err *err)
{
	enum tu_status st = need(s, "session_get", row != NULL, err);

	if (!st && !token_hash)
		st = tu_err_set(err, TU_EINVAL, "session_get: no hash");
	if (!st)
		st = check_hash(token_hash, err);
	return st ? st : s->ops->session_get(s, token_hash, row, err);
}

enum tu_status tu_store_session_delete(struct tu_store *s,
				       const char *token_hash,
				       struct tu_err *err)
{
	enum tu_status st = need(s, "session_delete", token_hash != NULL, err);

	if (!st)
		st = check_hash(token_hash, err);
	return st ? st : s->ops->session_delete(s, token_hash, err);
}

enum tu_status tu_store_session_purge(struct tu_store *s, int64_t now,
				      uint64_t *n, struct tu_err *err)
{
	uint64_t dummy;
	enum tu_status st = need(s, "session_purge", true, err);


	return st ? st : s->ops->session_purge(s, now, n ? n : &dummy, err);
}

enum tu_status tu_store_session_count(struct tu_store *s, int64_t now,
				      uint64_t *n, struct tu_err *err)
{
	enum tu_status st = need(s, "session_count", n != NULL, err);

	return st ? st : s->ops->session_count(s, now, n, err);
}

/* ---- cohorts ----------------------------------------------------------- */

static enum tu_status check_cohort(const struct tu_cohort_row *c,
				   struct tu_err *err)
{
	size_t n = strnlen(c->name, sizeof c->name);

	if (n == 0 || n >= sizeof c->name)
		return tu_err_set(err, TU_EINVAL, "cohort name is empty or "
				  "longer than %zu bytes", sizeof c->name - 1);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)c->name[i] < ' ' || c->name[i] == 0x7f)
			return tu_err_set(err, TU_EINVAL, "cohort name: control "
					  "character at byte %zu", i);
	if (!memchr(c->join_code, '\0', sizeof c->join_code))
		return tu_err_set(err, TU_EINVAL, "cohort join code not "
				  "NUL-terminated");
	return tu__store_check_id("join code", c->join_code, err);
}

enum tu_status tu_store_cohort_add(struct tu_store *s,
				   const struct tu_cohort_row *c, int64_t *id,
				   struct tu_err *err)
{
	enum tu_status st = need(s, "cohort_add", c != NULL, err);

	if (!st)
		st = check_cohort(c, err);
	return st ? st : s->ops->cohort_add(s, c, id, err);
}

enum tu_status tu_store_cohort_get(struct tu_store *s, int64_t id,
				   struct tu_cohort_row *row,
				   struct tu_err *err)
{
	enum tu_status st = need(s, "cohort_get", row != NULL, err);

	return st ? st : s->ops->cohort_get(s, id, NULL, row, err);
}

enum tu_status tu_store_cohort_find_code(struct tu_store *s, const char *code,
					 struct tu_cohort_row *row,
					 struct tu_err *err)
{
	enum tu_status st = need(s, "cohort_find_code", row != NULL, err);

	if (!st)
		st = tu__store_check_id("join code", code, err);
	if (!st && strlen(code) >= TU_STORE_JOIN_CODE_MAX)
		st = tu_err_set(err, TU_ENOTFOUND, "no cohort with this join "
				"code");
	return st ? st : s->ops->cohort_get(s, 0, code, row, err);
}

enum tu_status tu_store_cohort_each(struct tu_store *s, int64_t instructor,
				    tu_cohort_fn fn, void *ctx,
				    struct tu_err *err)
{
	enum tu_status st = need(s, "cohort_each", fn != NULL, err);

	return st ? st : s->ops->cohort_each(s, instructor, NULL, fn, ctx,
					     err);
}

enum tu_status tu_store_cohort_each_joined(struct tu_store *s,
					   const char *learner,
					   tu_cohort_fn fn, void *ctx,
					   struct tu_err *err)
{
	enum tu_status st = need(s, "cohort_each_joined", fn != NULL,
				 err);

	if (!st)
		st = tu__store_check_id("learner", learner, err);
	return st ? st : s->ops->cohort_each(s, 0, learner, fn, ctx, err);
}

enum tu_status tu_store_cohort_join(struct tu_store *s, int64_t cohort,
				    const char *learner, int64_t now,
				    struct tu_err *err)
{
	enum tu_status st = need(s, "cohort_join", learner != NULL, err);

	if (!st)
		st = tu__store_check_id("learner", learner, err);
	return st ? st : s->ops->cohort_join(s, cohort, learner, now, err);
}

enum tu_status tu_store_cohort_member_each(struct tu_store *s, int64_t cohort,
					   tu_member_fn fn, void *ctx,
					   struct tu_err *err)
{
	enum tu_status st = need(s, "cohort_member_each", fn != NULL,
				 err);

	return st ? st : s->ops->cohort_member_each(s, cohort, fn, ctx, err);
}

enum tu_status tu_store_cohort_teaches(struct tu_store *s, int64_t instructor,
				       const char *learner, bool *yes,
				       struct tu_err *err)
{
	enum tu_status st = need(s, "cohort_teaches", yes != NULL, err);

	if (!st)
		st = tu__store_check_id("learner", learner, err);
	return st ? st : s->ops->cohort_teaches(s, instructor, learner, yes,
						err);
}
