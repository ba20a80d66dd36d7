/*
 * tutor/auth.h - accounts and sessions of `tutor serve`: the username and
 * password rules, Argon2id password hashing, random session tokens of
 * which only a hash is stored, and the account operations the server and
 * `tutor account` share.
 *
 * Rules: a username is 3-32 bytes of [a-z0-9_.-]; a learner account's
 * learner id is its username.  A password is 8-128 bytes without a NUL
 * byte.  Passwords are hashed with libsodium's crypto_pwhash_str
 * (Argon2id, OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE).  A session
 * token is 32 bytes from randombytes_buf as unpadded base64url (43
 * characters); the store keeps only the hex BLAKE2b-256 of the token.
 * Logging in with an unknown username verifies the password against a
 * dummy hash, so it costs the same as a wrong password and both fail
 * with the same message.
 *
 * What it is not: no HTTP (cookies, headers and the authorisation rules
 * are src/server/auth.c's) and no rate limiting (src/server/rate.c).
 *
 * Ownership: every string argument is borrowed for the call; results go
 * into caller-provided buffers.  Thread-safe (the store and orchestrator
 * handles passed in belong to the calling thread).
 */
#ifndef TUTOR_AUTH_H
#define TUTOR_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tutor/err.h"
#include "tutor/orch.h"
#include "tutor/store.h"

#define TU_AUTH_USERNAME_MIN 3
#define TU_AUTH_USERNAME_MAX 32     /* bytes */
#define TU_AUTH_PASSWORD_MIN 8      /* bytes */
#define TU_AUTH_PASSWORD_MAX 128    /* bytes */
#define TU_AUTH_TOKEN_BYTES 32      /* random bytes in a session token */
#define TU_AUTH_TOKEN_LEN 43        /* base64url characters, no padding */

/* TU_EINVAL naming the rule when u is not a valid username. */
enum tu_status tu_auth_check_username(const char *u, struct tu_err *err);

/* TU_EINVAL naming the rule when pw[0..len) is not a valid password. */
enum tu_status tu_auth_check_password(const char *pw, size_t len,
				      struct tu_err *err);

/*
 * Hashes a valid password into out (the encoded Argon2id string, NUL-
 * terminated).  TU_EINVAL for an invalid password, TU_ENOMEM when
 * libsodium cannot get the memory the hash needs.
 */
enum tu_status tu_auth_hash_password(const char *pw, size_t len,
				     char out[TU_STORE_PWHASH_MAX],
				     struct tu_err *err);

/* True when pw[0..len) matches hash (false for anything malformed). */
bool tu_auth_verify_password(const char *hash, const char *pw, size_t len);

/* A new random session token (TU_AUTH_TOKEN_LEN characters and a NUL). */
void tu_auth_token_new(char token[TU_AUTH_TOKEN_LEN + 1]);

/* The stored form of token: hex BLAKE2b-256.  false (out "") when token
 * is not TU_AUTH_TOKEN_LEN base64url characters. */
bool tu_auth_token_hash(const char *token,
			char out[TU_STORE_TOKEN_HASH_LEN + 1]);

/*
 * Creates an account: checks username and password, hashes the password
 * and stores the account at time now; a learner account also creates its
 * learner (id = username) and sends it the learner_created event through
 * orch (language: python when the course offers it, else c).  orch may be
 * NULL for instructor accounts.  *out (may be NULL) gets the stored row.
 * TU_EINVAL (rules), TU_ECONFLICT (username or learner id taken), store
 * and orchestrator errors otherwise.
 */
enum tu_status tu_auth_account_create(struct tu_store *s, struct tu_orch *orch,
				      const char *username, const char *pw,
				      size_t pwlen, enum tu_account_role role,
				      int64_t now, struct tu_account_row *out,
				      struct tu_err *err);

/*
 * Checks username and password.  TU_OK with *out filled when they match;
 * TU_ENOTFOUND "wrong username or password" for an unknown username or a
 * wrong password alike (the same work is done for both).  When orch is
 * non-NULL and the account's learner has no state yet (an earlier
 * learner_created failed), the event is sent now (time now).
 */
enum tu_status tu_auth_login(struct tu_store *s, struct tu_orch *orch,
			     const char *username, const char *pw,
			     size_t pwlen, int64_t now,
			     struct tu_account_row *out, struct tu_err *err);

/* Replaces username's password (checked and hashed) and ends all of its
 * sessions.  TU_ENOTFOUND for an unknown account. */
enum tu_status tu_auth_set_password(struct tu_store *s, const char *username,
				    const char *pw, size_t pwlen,
				    struct tu_err *err);

/* Starts a session for account at time now lasting ttl_s (>= 1) seconds:
 * token gets the new token, the store only its hash. */
enum tu_status tu_auth_session_start(struct tu_store *s, int64_t account,
				     int64_t now, unsigned ttl_s,
				     char token[TU_AUTH_TOKEN_LEN + 1],
				     struct tu_err *err);

/*
 * The account of a live session: TU_OK with *acct filled; TU_ENOTFOUND
 * when the token is malformed, unknown or expired at now (an expired
 * session is deleted).
 */
enum tu_status tu_auth_session_find(struct tu_store *s, const char *token,
				    int64_t now, struct tu_account_row *acct,
				    struct tu_err *err);

/* Ends the session of token (TU_OK also when there is none or the token
 * is malformed). */
enum tu_status tu_auth_session_end(struct tu_store *s, const char *token,
				   struct tu_err *err);

#endif
