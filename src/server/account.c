/*
 * account.c - tutor/auth.h: the username and password rules, Argon2id
 * password hashing, session tokens (random, base64url, stored only as a
 * BLAKE2b-256 hex digest), and the account operations `tutor serve` and
 * `tutor account` share (create, login, change password, sessions).
 *
 * libsodium is initialised once (sodium_init, idempotent).  Logging in
 * with an unknown username verifies against a dummy hash made once per
 * process, so it does the same Argon2id work as a wrong password.
 *
 * What it is not: no HTTP (auth.c reads cookies and headers and applies
 * the authorisation rules) and no rate limits (rate.c).
 */
#include <pthread.h>
#include <string.h>

#include <sodium.h>

#include "tutor/auth.h"
#include "tutor/hash.h"

_Static_assert(crypto_pwhash_STRBYTES <= TU_STORE_PWHASH_MAX,
	       "the store's password hash field is too small");
_Static_assert(TU_STORE_TOKEN_HASH_LEN == TU_HASH_HEX_LEN,
	       "token hashes are tutor/hash.h digests");

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static bool sodium_ok;
static char dummy_hash[crypto_pwhash_STRBYTES];

static void init_sodium(void)
{
	sodium_ok = sodium_init() >= 0;
}

static bool sodium_ready(void)
{
	pthread_once(&sodium_once, init_sodium);
	return sodium_ok;
}

/* A hash of a random password nobody knows (for unknown usernames). */
static void init_dummy(void)
{
	unsigned char pw[24];

	randombytes_buf(pw, sizeof pw);
	if (crypto_pwhash_str(dummy_hash, (const char *)pw, sizeof pw,
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		dummy_hash[0] = '\0';
	sodium_memzero(pw, sizeof pw);
}

/* Spends the time of one verification and fails. */
static void verify_dummy(const char *pw, size_t len)
{
	if (!sodium_ready())
		return;
	pthread_once(&dummy_once, init_dummy);
	if (dummy_hash[0]) {
		int rc = crypto_pwhash_str_verify(dummy_hash, pw, len);

		(void)rc;       /* fails: nobody knows the dummy password */
	}
}

/* ---- rules ------------------------------------------------------------- */

static bool username_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-';
}

enum tu_status tu_auth_check_username(const char *u, struct tu_err *err)
{
	size_t n;

	if (!u)
		return tu_err_set(err, TU_EINVAL, "username: missing");
	n = strnlen(u, TU_AUTH_USERNAME_MAX + 1);
	if (n < TU_AUTH_USERNAME_MIN || n > TU_AUTH_USERNAME_MAX)
		return tu_err_set(err, TU_EINVAL, "username: must be %d to %d "
				  "characters", TU_AUTH_USERNAME_MIN,
				  TU_AUTH_USERNAME_MAX);
	for (size_t i = 0; i < n; i++)
		if (!username_char(u[i]))
			return tu_err_set(err, TU_EINVAL, "username: only "
					  "a-z, 0-9, '_', '.' and '-' are "
					  "allowed");
	if (u[0] == '.' || u[0] == '-')
		return tu_err_set(err, TU_EINVAL, "username: must start with "
				  "a letter, a digit or '_'");
	return TU_OK;
}

enum tu_status tu_auth_check_password(const char *pw, size_t len,
				      struct tu_err *err)
{
	if (!pw)
		return tu_err_set(err, TU_EINVAL, "password: missing");
	if (len < TU_AUTH_PASSWORD_MIN || len > TU_AUTH_PASSWORD_MAX)
		return tu_err_set(err, TU_EINVAL, "password: must be %d to %d "
				  "bytes (got %zu)", TU_AUTH_PASSWORD_MIN,
				  TU_AUTH_PASSWORD_MAX, len);
	if (memchr(pw, '\0', len))
		return tu_err_set(err, TU_EINVAL, "password: must not contain "
				  "a NUL byte");
	return TU_OK;
}

/* ---- hashing ----------------------------------------------------------- */

enum tu_status tu_auth_hash_password(const char *pw, size_t len,
				     char out[TU_STORE_PWHASH_MAX],
				     struct tu_err *err)
{
	enum tu_status st = tu_auth_check_password(pw, len, err);

	if (st)
		return st;
	if (!sodium_ready())
		return tu_err_set(err, TU_EINTERNAL, "password hashing: "
				  "libsodium failed to initialise");
	memset(out, 0, TU_STORE_PWHASH_MAX);
	if (crypto_pwhash_str(out, pw, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return tu_err_set(err, TU_ENOMEM, "password hashing: Argon2id "
				  "could not get its %zu bytes of memory",
				  (size_t)crypto_pwhash_MEMLIMIT_INTERACTIVE);
	return TU_OK;
}

bool tu_auth_verify_password(const char *hash, const char *pw, size_t len)
{
	if (!hash || !pw || !sodium_ready() ||
	    !memchr(hash, '\0', TU_STORE_PWHASH_MAX))
		return false;
	return crypto_pwhash_str_verify(hash, pw, len) == 0;
}

/* ---- tokens ------------------------------------------------------------ */

void tu_auth_token_new(char token[TU_AUTH_TOKEN_LEN + 1])
{
	unsigned char raw[TU_AUTH_TOKEN_BYTES];
	char b64[sodium_base64_ENCODED_LEN(TU_AUTH_TOKEN_BYTES,
		 sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

	(void)sodium_ready();
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(b64, sizeof b64, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	memcpy(token, b64, TU_AUTH_TOKEN_LEN);
	token[TU_AUTH_TOKEN_LEN] = '\0';
	sodium_memzero(raw, sizeof raw);
	sodium_memzero(b64, sizeof b64);
}

static bool b64url_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool tu_auth_token_hash(const char *token,
			char out[TU_STORE_TOKEN_HASH_LEN + 1])
{
	out[0] = '\0';
	if (!token || strnlen(token, TU_AUTH_TOKEN_LEN + 1) !=
	    TU_AUTH_TOKEN_LEN)
		return false;
	for (size_t i = 0; i < TU_AUTH_TOKEN_LEN; i++)
		if (!b64url_char(token[i]))
			return false;
	tu_hash_hex(token, TU_AUTH_TOKEN_LEN, out);
	return true;
}

/* ---- accounts ---------------------------------------------------------- */

/* Sends learner_created for learner (the course's language). */
static enum tu_status learner_created(struct tu_orch *orch,
				      const char *learner, int64_t now,
				      struct tu_err *err)
{
	struct tu_orch_result res;
	struct tu_event_in ev;
	enum tu_status st;
	bool py = !orch->course || orch->course->langs[TU_LANG_PYTHON];

	tu_event_in_init(&ev);
	ev.type = TU_EV_LEARNER_CREATED;
	ev.at = now;
	snprintf(ev.u.prefs.language, sizeof ev.u.prefs.language, "%s",
		 py ? "python" : "c");
	ev.u.prefs.set = TU_PREF_LANGUAGE;
	tu_orch_result_init(&res);
	st = tu_orch_handle(orch, learner, &ev, &res, err);
	tu_orch_result_release(&res);
	tu_event_in_release(&ev);
	return st;
}

static enum tu_status fill_account(struct tu_account_row *a,
				   const char *username, const char *pw,
				   size_t pwlen, enum tu_account_role role,
				   int64_t now, struct tu_err *err)
{
	enum tu_status st = tu_auth_check_username(username, err);

	if (!st)
		st = tu_auth_check_password(pw, pwlen, err);
	if (st)
		return st;
	memset(a, 0, sizeof(*a));
	snprintf(a->username, sizeof a->username, "%s", username);
	a->role = role;
	if (role == TU_ACCOUNT_LEARNER)
		snprintf(a->learner, sizeof a->learner, "%s", username);
	a->created_at = now;
	return tu_auth_hash_password(pw, pwlen, a->pwhash, err);
}

enum tu_status tu_auth_account_create(struct tu_store *s, struct tu_orch *orch,
				      const char *username, const char *pw,
				      size_t pwlen, enum tu_account_role role,
				      int64_t now, struct tu_account_row *out,
				      struct tu_err *err)
{
	struct tu_account_row a;
	enum tu_status st;

	if (role == TU_ACCOUNT_LEARNER && !orch)
		return tu_err_set(err, TU_EINVAL, "account '%s': a learner "
				  "account needs the orchestrator", username);
	st = fill_account(&a, username, pw, pwlen, role, now, err);
	if (!st)
		st = tu_store_account_add(s, &a, &a.id, err);
	if (!st && role == TU_ACCOUNT_LEARNER)
		st = learner_created(orch, a.learner, now, err);
	if (!st && out)
		*out = a;
	sodium_memzero(a.pwhash, sizeof a.pwhash);
	return st;
}

/* Sends learner_created when the account's learner has no state yet. */
static enum tu_status ensure_learner(struct tu_store *s, struct tu_orch *orch,
				     const struct tu_account_row *a,
				     int64_t now, struct tu_err *err)
{
	struct tu_learner_row row;
	enum tu_status st;

	if (!orch || a->role != TU_ACCOUNT_LEARNER)
		return TU_OK;
	st = tu_store_learner_get(s, a->learner, &row, err);
	if (st || row.version > 0)
		return st;
	return learner_created(orch, a->learner, now, err);
}

static enum tu_status wrong(struct tu_err *err)
{
	return tu_err_set(err, TU_ENOTFOUND, "wrong username or password");
}

enum tu_status tu_auth_login(struct tu_store *s, struct tu_orch *orch,
			     const char *username, const char *pw,
			     size_t pwlen, int64_t now,
			     struct tu_account_row *out, struct tu_err *err)
{
	struct tu_account_row a;
	struct tu_err e = TU_ERR_INIT;
	enum tu_status st = TU_ENOTFOUND;

	if (sodium_ready())      /* the first login pays for the dummy */
		pthread_once(&dummy_once, init_dummy);
	if (!pw || pwlen > TU_AUTH_PASSWORD_MAX)
		return wrong(err);
	if (tu_auth_check_username(username, NULL) == TU_OK)
		st = tu_store_account_get(s, username, &a, &e);
	if (st == TU_ENOTFOUND) {
		verify_dummy(pw, pwlen);
		return wrong(err);
	}
	if (st)
		return tu_err_set(err, st, "%s", e.msg);
	if (!tu_auth_verify_password(a.pwhash, pw, pwlen))
		return wrong(err);
	st = ensure_learner(s, orch, &a, now, err);
	if (!st && out)
		*out = a;
	return st;
}

enum tu_status tu_auth_set_password(struct tu_store *s, const char *username,
				    const char *pw, size_t pwlen,
				    struct tu_err *err)
{
	char hash[TU_STORE_PWHASH_MAX];
	struct tu_account_row a;
	enum tu_status st = tu_store_account_get(s, username, &a, err);

	if (!st)
		st = tu_auth_hash_password(pw, pwlen, hash, err);
	if (!st)
		st = tu_store_account_set_pwhash(s, a.id, hash, err);
	sodium_memzero(hash, sizeof hash);
	return st;
}

/* ---- sessions ---------------------------------------------------------- */

enum tu_status tu_auth_session_start(struct tu_store *s, int64_t account,
				     int64_t now, unsigned ttl_s,
				     char token[TU_AUTH_TOKEN_LEN + 1],
				     struct tu_err *err)
{
	struct tu_session_row row;
	enum tu_status st;

	if (ttl_s == 0)
		return tu_err_set(err, TU_EINVAL, "session: ttl must be at "
				  "least 1 s");
	memset(&row, 0, sizeof row);
	row.account = account;
	row.created_at = now;
	row.expires_at = now + (int64_t)ttl_s;
	tu_auth_token_new(token);
	(void)tu_auth_token_hash(token, row.token_hash);
	st = tu_store_session_add(s, &row, err);
	if (st)
		sodium_memzero(token, TU_AUTH_TOKEN_LEN + 1);
	return st;
}

enum tu_status tu_auth_session_find(struct tu_store *s, const char *token,
				    int64_t now, struct tu_account_row *acct,
				    struct tu_err *err)
{
	char h[TU_STORE_TOKEN_HASH_LEN + 1];
	struct tu_session_row row;
	enum tu_status st;

	if (!tu_auth_token_hash(token, h))
		return tu_err_set(err, TU_ENOTFOUND, "malformed session token; "
				  "sign in again");
	st = tu_store_session_get(s, h, &row, err);
	if (st == TU_ENOTFOUND)
		return tu_err_set(err, TU_ENOTFOUND, "unknown session; sign "
				  "in again");
	if (st)
		return st;
	if (row.expires_at <= now) {
		(void)tu_store_session_delete(s, h, NULL);
		return tu_err_set(err, TU_ENOTFOUND, "session expired; sign "
				  "in again");
	}
	st = tu_store_account_get_id(s, row.account, acct, err);
	return st == TU_ENOTFOUND ? tu_err_set(err, TU_ENOTFOUND, "unknown "
					       "session; sign in again") : st;
}

enum tu_status tu_auth_session_end(struct tu_store *s, const char *token,
				   struct tu_err *err)
{
	char h[TU_STORE_TOKEN_HASH_LEN + 1];

	if (!tu_auth_token_hash(token, h))
		return TU_OK;
	return tu_store_session_delete(s, h, err);
}
