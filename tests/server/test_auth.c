/* test_auth.c - accounts, sessions, rate limits and authorisation of
 * `tutor serve` (tutor/auth.h, src/server/auth.c, rate.c, api_auth.c,
 * api_cohorts.c) at the function level: username and password rules,
 * Argon2id hashing and verification, the token format and that only its
 * hash reaches the store files, expiry, logout, login with unknown users
 * doing the same work, token buckets refilling (and staying bounded and
 * exact under threads), the authorisation rule for every role x resource
 * cell, the principal from cookies and bearer headers, and the account
 * and cohort handlers with a real store over the sample course. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth_internal.h"
#include "srv.h"
#include "tutor/hash.h"

/* ---- fixture: a server context over a fresh store and the sample course */

struct fx {
	char dir[PATH_MAX];
	char db[PATH_MAX + 16];
	struct tu_srv srv;
	struct tu_srv_ctx *ctx;
};

static uint64_t next_serial = 1u << 20;

static void fx_ok(enum tu_status st, const struct tu_err *e)
{
	if (st)
		fail_msg("%s", e->msg);
}

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR"), *src = getenv("TUTOR_SOURCE");
	struct fx *f = calloc(1, sizeof(*f));
	struct tu_err e = TU_ERR_INIT;
	char course[PATH_MAX];
	struct tu_store *s = NULL;

	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "%s/tu-auth-XXXXXX",
		 tmp && tmp[0] ? tmp : "/tmp");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof f->db, "%s/tutor.db", f->dir);
	snprintf(course, sizeof course, "%s/courses/sample", src ? src : ".");
	fx_ok(tu_store_open(f->db, NULL, &s, &e), &e);   /* migrate */
	tu_store_close(s);
	tu_server_config_default(&f->srv.cfg);
	f->srv.cfg.db_path = f->db;
	f->srv.cfg.session_ttl_s = 3600;
	f->srv.serial = next_serial++;
	tu_course_init(&f->srv.course);
	fx_ok(tu_course_load(course, &f->srv.course, &e), &e);
	tu_agent_config_default(&f->srv.agents);
	tu_assist_config_default(&f->srv.assist_cfg);
	pthread_mutex_init(&f->srv.ctx_lock, NULL);
	f->srv.rate = tu_rate_new(600, 60);
	f->ctx = tu_srv_ctx_get(&f->srv, &e);
	if (!f->ctx)
		fail_msg("%s", e.msg);
	*state = f;
	return 0;
}

static void rm_dir(const char *dir)
{
	char p[PATH_MAX + 300];
	struct dirent *d;
	DIR *dh = opendir(dir);

	while (dh && (d = readdir(dh)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, d->d_name);
		unlink(p);
	}
	if (dh)
		closedir(dh);
	rmdir(dir);
}

static int teardown(void **state)
{
	struct fx *f = *state;
	struct tu_srv_ctx *c, *next;

	for (c = f->srv.ctxs; c; c = next) {
		next = c->next;
		tu_assist_free(c->assist);
		if (c->have_orch)
			tu_orch_release(&c->orch);
		tu_store_close(c->store);
		free(c);
	}
	tu_rate_free(f->srv.rate);
	tu_course_release(&f->srv.course);
	pthread_mutex_destroy(&f->srv.ctx_lock);
	rm_dir(f->dir);
	free(f);
	return 0;
}

static int64_t make_account(struct fx *f, const char *name,
			    enum tu_account_role role)
{
	struct tu_account_row a;
	struct tu_err e = TU_ERR_INIT;

	fx_ok(tu_auth_account_create(f->ctx->store, &f->ctx->orch, name,
				     "password1", 9, role, 1000, &a, &e), &e);
	return a.id;
}

static void principal(struct fx *f, const char *name, struct tu_principal *w)
{
	struct tu_account_row a;
	struct tu_err e = TU_ERR_INIT;

	fx_ok(tu_store_account_get(f->ctx->store, name, &a, &e), &e);
	tu_auth_principal_from(&a, w);
}

/* ---- rules ---- */

static void test_username_rules(void **state)
{
	static const char *const good[] = { "ada", "a_b.c-d", "x12",
		"abcdefghijklmnopqrstuvwxyz012345", "_x_" };
	static const char *const bad[] = { "", "ab", "Ada", "a b", "é_x",
		"abcdefghijklmnopqrstuvwxyz0123456", ".ada", "-ada", "a/b",
		"a\nb" };
	struct tu_err e = TU_ERR_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_int_equal(tu_auth_check_username(good[i], &e), TU_OK);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(tu_auth_check_username(bad[i], &e), TU_EINVAL);
	assert_int_equal(tu_auth_check_username(NULL, &e), TU_EINVAL);
}

static void test_password_rules(void **state)
{
	char pw[200];
	struct tu_err e = TU_ERR_INIT;

	(void)state;
	memset(pw, 'x', sizeof pw);
	assert_int_equal(tu_auth_check_password(pw, 7, &e), TU_EINVAL);
	assert_non_null(strstr(e.msg, "8 to 128 bytes"));
	assert_int_equal(tu_auth_check_password(pw, 8, &e), TU_OK);
	assert_int_equal(tu_auth_check_password(pw, 128, &e), TU_OK);
	assert_int_equal(tu_auth_check_password(pw, 129, &e), TU_EINVAL);
	pw[3] = '\0';
	assert_int_equal(tu_auth_check_password(pw, 10, &e), TU_EINVAL);
	assert_non_null(strstr(e.msg, "NUL"));
	assert_int_equal(tu_auth_check_password(NULL, 10, &e), TU_EINVAL);
}

/* ---- hashing ---- */

static void test_hash_and_verify(void **state)
{
	char h1[TU_STORE_PWHASH_MAX], h2[TU_STORE_PWHASH_MAX];
	struct tu_err e = TU_ERR_INIT;

	(void)state;
	assert_int_equal(tu_auth_hash_password("correct horse", 13, h1, &e),
			 TU_OK);
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	assert_non_null(strstr(h1, "m=65536"));   /* MEMLIMIT_INTERACTIVE */
	assert_int_equal(tu_auth_hash_password("correct horse", 13, h2, &e),
			 TU_OK);
	assert_string_not_equal(h1, h2);          /* salted */
	assert_true(tu_auth_verify_password(h1, "correct horse", 13));
	assert_true(tu_auth_verify_password(h2, "correct horse", 13));
	assert_false(tu_auth_verify_password(h1, "correct horsf", 13));
	assert_false(tu_auth_verify_password(h1, "correct hors", 12));
	assert_false(tu_auth_verify_password("$argon2id$junk", "x", 1));
	assert_false(tu_auth_verify_password(NULL, "x", 1));
	assert_int_equal(tu_auth_hash_password("short", 5, h1, &e), TU_EINVAL);
}

/* ---- tokens ---- */

static void test_token_format(void **state)
{
	char t1[TU_AUTH_TOKEN_LEN + 1], t2[TU_AUTH_TOKEN_LEN + 1];
	char h[TU_STORE_TOKEN_HASH_LEN + 1], want[TU_HASH_HEX_LEN + 1];
	char bad[TU_AUTH_TOKEN_LEN + 2];

	(void)state;
	tu_auth_token_new(t1);
	tu_auth_token_new(t2);
	assert_int_equal(strlen(t1), 43);
	assert_string_not_equal(t1, t2);
	for (size_t i = 0; i < 43; i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkl"
				       "mnopqrstuvwxyz0123456789-_", t1[i]));
	assert_true(tu_auth_token_hash(t1, h));
	tu_hash_hex(t1, strlen(t1), want);
	assert_string_equal(h, want);
	memcpy(bad, t1, sizeof t1);
	bad[42] = '\0';
	assert_false(tu_auth_token_hash(bad, h));
	assert_string_equal(h, "");
	memcpy(bad, t1, sizeof t1);
	bad[5] = '+';
	assert_false(tu_auth_token_hash(bad, h));
	memcpy(bad, t1, sizeof t1);
	bad[43] = '=';
	bad[44] = '\0';
	assert_false(tu_auth_token_hash(bad, h));
	assert_false(tu_auth_token_hash(NULL, h));
}

/* True when needle occurs in the file dir/name. */
static bool file_has(const char *dir, const char *name, const char *needle)
{
	char p[PATH_MAX + 300];
	size_t n = strlen(needle), len;
	bool found = false;
	char *buf;
	FILE *fp;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	fp = fopen(p, "rb");
	if (!fp)
		return false;
	buf = malloc(64u << 20);
	len = buf ? fread(buf, 1, 64u << 20, fp) : 0;
	for (size_t i = 0; n && i + n <= len && !found; i++)
		found = memcmp(buf + i, needle, n) == 0;
	free(buf);
	fclose(fp);
	return found;
}

/* True when needle occurs in any file of dir. */
static bool dir_has(const char *dir, const char *needle)
{
	struct dirent *d;
	DIR *dh = opendir(dir);
	bool found = false;

	while (dh && !found && (d = readdir(dh)) != NULL)
		if (d->d_name[0] != '.')
			found = file_has(dir, d->d_name, needle);
	if (dh)
		closedir(dh);
	return found;
}

static void test_only_the_hash_is_stored(void **state)
{
	struct fx *f = *state;
	char token[TU_AUTH_TOKEN_LEN + 1], h[TU_STORE_TOKEN_HASH_LEN + 1];
	struct tu_err e = TU_ERR_INIT;
	int64_t id = make_account(f, "ada", TU_ACCOUNT_LEARNER);

	fx_ok(tu_auth_session_start(f->ctx->store, id, 5000, 60, token, &e),
	      &e);
	assert_true(tu_auth_token_hash(token, h));
	/* the files (database, WAL) hold the hash, never the token or the
	 * password */
	assert_true(dir_has(f->dir, h));
	assert_false(dir_has(f->dir, token));
	assert_false(dir_has(f->dir, "password1"));
	assert_true(dir_has(f->dir, "$argon2id$"));
}

/* ---- sessions ---- */

static void test_session_expiry(void **state)
{
	struct fx *f = *state;
	char token[TU_AUTH_TOKEN_LEN + 1], h[TU_STORE_TOKEN_HASH_LEN + 1];
	struct tu_session_row row;
	struct tu_account_row a;
	struct tu_err e = TU_ERR_INIT;
	int64_t id = make_account(f, "ada", TU_ACCOUNT_LEARNER);

	fx_ok(tu_auth_session_start(f->ctx->store, id, 1000, 60, token, &e),
	      &e);
	assert_int_equal(tu_auth_session_find(f->ctx->store, token, 1059, &a,
					      &e), TU_OK);
	assert_int_equal(a.id, id);
	assert_string_equal(a.learner, "ada");
	assert_int_equal(tu_auth_session_find(f->ctx->store, token, 1060, &a,
					      &e), TU_ENOTFOUND);
	assert_non_null(strstr(e.msg, "expired"));
	/* the expired session is gone, even for an earlier clock */
	assert_true(tu_auth_token_hash(token, h));
	assert_int_equal(tu_store_session_get(f->ctx->store, h, &row, &e),
			 TU_ENOTFOUND);
	assert_int_equal(tu_auth_session_find(f->ctx->store, token, 1000, &a,
					      &e), TU_ENOTFOUND);
	assert_int_equal(tu_auth_session_start(f->ctx->store, id, 1, 0, token,
					       &e), TU_EINVAL);
}

static void test_logout(void **state)
{
	struct fx *f = *state;
	char t1[TU_AUTH_TOKEN_LEN + 1], t2[TU_AUTH_TOKEN_LEN + 1];
	struct tu_account_row a;
	struct tu_err e = TU_ERR_INIT;
	int64_t id = make_account(f, "ada", TU_ACCOUNT_LEARNER);

	fx_ok(tu_auth_session_start(f->ctx->store, id, 10, 600, t1, &e), &e);
	fx_ok(tu_auth_session_start(f->ctx->store, id, 10, 600, t2, &e), &e);
	assert_int_equal(tu_auth_session_end(f->ctx->store, t1, &e), TU_OK);
	assert_int_equal(tu_auth_session_find(f->ctx->store, t1, 11, &a, &e),
			 TU_ENOTFOUND);
	/* only that session ended */
	assert_int_equal(tu_auth_session_find(f->ctx->store, t2, 11, &a, &e),
			 TU_OK);
	assert_int_equal(tu_auth_session_end(f->ctx->store, t1, &e), TU_OK);
	assert_int_equal(tu_auth_session_end(f->ctx->store, "junk", &e),
			 TU_OK);
	assert_int_equal(tu_auth_session_find(f->ctx->store, "junk", 11, &a,
					      &e), TU_ENOTFOUND);
	assert_non_null(strstr(e.msg, "malformed"));
}

/* ---- accounts ---- */

static double secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_login(void **state)
{
	struct fx *f = *state;
	struct tu_account_row a;
	struct tu_err e = TU_ERR_INIT;
	struct tu_err e2 = TU_ERR_INIT;
	double t0, wrong_pw, unknown;

	make_account(f, "ada", TU_ACCOUNT_LEARNER);
	assert_int_equal(tu_auth_login(f->ctx->store, &f->ctx->orch, "ada",
				       "password1", 9, 2000, &a, &e), TU_OK);
	assert_string_equal(a.username, "ada");
	t0 = secs();
	assert_int_equal(tu_auth_login(f->ctx->store, &f->ctx->orch, "ada",
				       "password2", 9, 2000, &a, &e),
			 TU_ENOTFOUND);
	wrong_pw = secs() - t0;
	t0 = secs();
	assert_int_equal(tu_auth_login(f->ctx->store, &f->ctx->orch, "bob",
				       "password1", 9, 2000, &a, &e2),
			 TU_ENOTFOUND);
	unknown = secs() - t0;
	/* the same answer, and the unknown name did Argon2id work too */
	assert_string_equal(e.msg, "wrong username or password");
	assert_string_equal(e2.msg, e.msg);
	assert_true(unknown > wrong_pw * 0.3);
	assert_int_equal(tu_auth_login(f->ctx->store, NULL, "NOT VALID",
				       "password1", 9, 2000, &a, &e2),
			 TU_ENOTFOUND);
	assert_string_equal(e2.msg, e.msg);
}

static void test_learner_account_has_state(void **state)
{
	struct fx *f = *state;
	struct tu_learner_row l;
	struct tu_account_row a;
	struct tu_err e = TU_ERR_INIT;

	make_account(f, "ada", TU_ACCOUNT_LEARNER);
	fx_ok(tu_store_learner_get(f->ctx->store, "ada", &l, &e), &e);
	assert_int_equal(l.version, 1);            /* learner_created */
	make_account(f, "prof", TU_ACCOUNT_INSTRUCTOR);
	assert_int_equal(tu_store_learner_get(f->ctx->store, "prof", &l, &e),
			 TU_ENOTFOUND);
	/* an account whose learner_created never ran gets it at login */
	memset(&a, 0, sizeof a);
	snprintf(a.username, sizeof a.username, "late");
	snprintf(a.learner, sizeof a.learner, "late");
	fx_ok(tu_auth_hash_password("password1", 9, a.pwhash, &e), &e);
	fx_ok(tu_store_account_add(f->ctx->store, &a, NULL, &e), &e);
	fx_ok(tu_auth_login(f->ctx->store, &f->ctx->orch, "late", "password1",
			    9, 3000, &a, &e), &e);
	fx_ok(tu_store_learner_get(f->ctx->store, "late", &l, &e), &e);
	assert_int_equal(l.version, 1);
	assert_int_equal(tu_auth_account_create(f->ctx->store, NULL, "nob",
						"password1", 9,
						TU_ACCOUNT_LEARNER, 1, NULL,
						&e), TU_EINVAL);
	assert_int_equal(tu_auth_account_create(f->ctx->store, &f->ctx->orch,
						"ada", "password1", 9,
						TU_ACCOUNT_LEARNER, 1, NULL,
						&e), TU_ECONFLICT);
}

static void test_set_password(void **state)
{
	struct fx *f = *state;
	char token[TU_AUTH_TOKEN_LEN + 1];
	struct tu_account_row a;
	struct tu_err e = TU_ERR_INIT;
	int64_t id = make_account(f, "ada", TU_ACCOUNT_LEARNER);

	fx_ok(tu_auth_session_start(f->ctx->store, id, 10, 600, token, &e),
	      &e);
	fx_ok(tu_auth_set_password(f->ctx->store, "ada", "new-password", 12,
				   &e), &e);
	assert_int_equal(tu_auth_session_find(f->ctx->store, token, 11, &a,
					      &e), TU_ENOTFOUND);
	assert_int_equal(tu_auth_login(f->ctx->store, NULL, "ada",
				       "password1", 9, 20, &a, &e),
			 TU_ENOTFOUND);
	assert_int_equal(tu_auth_login(f->ctx->store, NULL, "ada",
				       "new-password", 12, 20, &a, &e), TU_OK);
	assert_int_equal(tu_auth_set_password(f->ctx->store, "ada", "short", 5,
					      &e), TU_EINVAL);
	assert_int_equal(tu_auth_set_password(f->ctx->store, "zed",
					      "password1", 9, &e),
			 TU_ENOTFOUND);
}

/* ---- rate limits ---- */

static void test_rate_refill(void **state)
{
	struct tu_rate *r = tu_rate_new(60, 6);
	unsigned retry = 0;
	int64_t t = 1000000;

	(void)state;
	assert_non_null(r);
	for (int i = 0; i < 60; i++)
		assert_true(tu_rate_take(r, 7, "1.2.3.4", t, &retry));
	assert_false(tu_rate_take(r, 7, "1.2.3.4", t, &retry));
	assert_int_equal(retry, 1);               /* one per second back */
	assert_false(tu_rate_take(r, 7, "1.2.3.4", t + 999, &retry));
	assert_true(tu_rate_take(r, 7, "1.2.3.4", t + 1000, &retry));
	assert_false(tu_rate_take(r, 7, "1.2.3.4", t + 1000, &retry));
	/* a minute refills the whole bucket, and no more than that */
	t += 1000 + 3600 * 1000;
	for (int i = 0; i < 60; i++)
		assert_true(tu_rate_take(r, 7, "x", t, &retry));
	assert_false(tu_rate_take(r, 7, "x", t, &retry));
	/* other accounts and anonymous addresses have their own buckets */
	assert_true(tu_rate_take(r, 8, "1.2.3.4", t, &retry));
	for (int i = 0; i < 6; i++)
		assert_true(tu_rate_take(r, 0, "1.2.3.4", t, &retry));
	assert_false(tu_rate_take(r, 0, "1.2.3.4", t, &retry));
	assert_int_equal(retry, 10);              /* 6 per minute */
	assert_true(tu_rate_take(r, 0, "5.6.7.8", t, &retry));
	assert_true(tu_rate_take(r, 0, "1.2.3.4", t + 10000, &retry));
	tu_rate_free(r);
	r = tu_rate_new(0, 0);                    /* 0: unlimited */
	for (int i = 0; i < 1000; i++)
		assert_true(tu_rate_take(r, 1, "a", t, &retry));
	tu_rate_free(r);
	tu_rate_free(NULL);
}

static void test_rate_bounded(void **state)
{
	struct tu_rate *r = tu_rate_new(10, 2);
	char client[32];
	unsigned retry;

	(void)state;
	for (int i = 0; i < 50000; i++) {
		snprintf(client, sizeof client, "10.%d.%d.%d", i >> 16,
			 (i >> 8) & 255, i & 255);
		tu_rate_take(r, 0, client, 1000 + i, &retry);
	}
	assert_true(tu_rate_count(r) <= TU_RATE_SHARDS * TU_RATE_SLOTS);
	assert_true(tu_rate_count(r) > TU_RATE_SHARDS * TU_RATE_SLOTS / 2);
	/* Two minutes on, all of those are idle: new clients replace them
	 * and a client that used up its bucket keeps it (still refused). */
	assert_true(tu_rate_take(r, 0, "busy", 200000, &retry));
	assert_true(tu_rate_take(r, 0, "busy", 200000, &retry));
	assert_false(tu_rate_take(r, 0, "busy", 200000, &retry));
	for (int i = 0; i < 800; i++) {
		snprintf(client, sizeof client, "11.0.%d.%d", i >> 8, i & 255);
		assert_true(tu_rate_take(r, 0, client, 200001, &retry));
	}
	assert_false(tu_rate_take(r, 0, "busy", 200002, &retry));
	assert_true(tu_rate_count(r) <= TU_RATE_SHARDS * TU_RATE_SLOTS);
	tu_rate_free(r);
}

struct race {
	struct tu_rate *r;
	int ok;
};

static void *racer(void *arg)
{
	struct race *x = arg;
	unsigned retry;

	for (int i = 0; i < 1000; i++)
		x->ok += tu_rate_take(x->r, 42, "c", 5000, &retry);
	return NULL;
}

static void test_rate_threads(void **state)
{
	struct race x[4];
	pthread_t th[4];
	struct tu_rate *r = tu_rate_new(2000, 1);
	int total = 0;

	(void)state;
	for (int i = 0; i < 4; i++) {
		x[i].r = r;
		x[i].ok = 0;
		pthread_create(&th[i], NULL, racer, &x[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		total += x[i].ok;
	}
	assert_int_equal(total, 2000);            /* exactly the bucket */
	tu_rate_free(r);
}

/* ---- authorisation ---- */

static void who_is(struct tu_principal *w, enum tu_role role, int64_t id,
		   const char *learner)
{
	memset(w, 0, sizeof(*w));
	w->role = role;
	w->account = id;
	snprintf(w->learner, sizeof w->learner, "%s", learner);
}

/* Every role x resource x access cell of the rule. */
static void test_authz_rule_matrix(void **state)
{
	enum { ANON, LA, LB, TEACHER, OTHER, NWHO };
	struct tu_principal w[NWHO];
	/* resources: A's learner, B's learner, a bad id; expected for
	 * (read, write) */
	static const char *const res[] = { "ada", "bob", "../etc" };
	static const enum tu_authz want[NWHO][3][2] = {
		[ANON] = { { TU_AUTHZ_UNAUTHENTICATED,
			     TU_AUTHZ_UNAUTHENTICATED },
			   { TU_AUTHZ_UNAUTHENTICATED,
			     TU_AUTHZ_UNAUTHENTICATED },
			   { TU_AUTHZ_UNAUTHENTICATED,
			     TU_AUTHZ_UNAUTHENTICATED } },
		[LA] = { { TU_AUTHZ_ALLOW, TU_AUTHZ_ALLOW },
			 { TU_AUTHZ_FORBIDDEN, TU_AUTHZ_FORBIDDEN },
			 { TU_AUTHZ_NOT_FOUND, TU_AUTHZ_NOT_FOUND } },
		[LB] = { { TU_AUTHZ_FORBIDDEN, TU_AUTHZ_FORBIDDEN },
			 { TU_AUTHZ_ALLOW, TU_AUTHZ_ALLOW },
			 { TU_AUTHZ_NOT_FOUND, TU_AUTHZ_NOT_FOUND } },
		[TEACHER] = { { TU_AUTHZ_ALLOW, TU_AUTHZ_FORBIDDEN },
			      { TU_AUTHZ_FORBIDDEN, TU_AUTHZ_FORBIDDEN },
			      { TU_AUTHZ_NOT_FOUND, TU_AUTHZ_NOT_FOUND } },
		[OTHER] = { { TU_AUTHZ_FORBIDDEN, TU_AUTHZ_FORBIDDEN },
			    { TU_AUTHZ_FORBIDDEN, TU_AUTHZ_FORBIDDEN },
			    { TU_AUTHZ_NOT_FOUND, TU_AUTHZ_NOT_FOUND } },
	};

	(void)state;
	who_is(&w[ANON], TU_ROLE_ANON, 0, "");
	who_is(&w[LA], TU_ROLE_LEARNER, 1, "ada");
	who_is(&w[LB], TU_ROLE_LEARNER, 2, "bob");
	who_is(&w[TEACHER], TU_ROLE_INSTRUCTOR, 3, "");
	who_is(&w[OTHER], TU_ROLE_INSTRUCTOR, 4, "");
	for (int i = 0; i < NWHO; i++)
		for (int r = 0; r < 3; r++)
			for (int wr = 0; wr < 2; wr++) {
				/* the teacher's cohort holds ada only */
				bool teaches = i == TEACHER && r == 0;

				assert_int_equal(tu_authz_rule(&w[i], res[r],
							       wr, teaches),
						 want[i][r][wr]);
			}
	/* odd principals */
	assert_int_equal(tu_authz_rule(NULL, "ada", false, true),
			 TU_AUTHZ_UNAUTHENTICATED);
	who_is(&w[0], TU_ROLE_LEARNER, 0, "ada");        /* no account */
	assert_int_equal(tu_authz_rule(&w[0], "ada", false, false),
			 TU_AUTHZ_UNAUTHENTICATED);
	who_is(&w[0], TU_ROLE_LEARNER, 9, "");           /* no learner */
	assert_int_equal(tu_authz_rule(&w[0], "", false, false),
			 TU_AUTHZ_NOT_FOUND);
	assert_int_equal(tu_authz_rule(&w[0], "ada", false, false),
			 TU_AUTHZ_FORBIDDEN);
	who_is(&w[0], TU_ROLE_INSTRUCTOR, 9, "");
	assert_false(tu_authz_needs_teaches(&w[0], "ada", true));
	assert_true(tu_authz_needs_teaches(&w[0], "ada", false));
	assert_false(tu_authz_needs_teaches(&w[LA], "ada", false));
}

static int authz_status(struct fx *f, const struct tu_principal *w,
			const char *learner, bool write)
{
	struct tu_http_resp resp;
	int rc, status;

	tu_http_resp_init(&resp);
	rc = tu_authz_learner(&f->srv, w, learner, write, &resp);
	status = rc == 0 ? 0 : resp.status;
	if (rc == 0)
		assert_int_equal(resp.status, 0);
	else
		assert_non_null(strstr(resp.body.p, "\"error\""));
	tu_http_resp_release(&resp);
	return status;
}

/* The rule through tu_authz_learner with real cohorts in the store. */
static void test_authz_learner_with_store(void **state)
{
	struct fx *f = *state;
	struct tu_principal ada, bob, p1, p2, anon;
	struct tu_cohort_row c;
	struct tu_err e = TU_ERR_INIT;

	make_account(f, "ada", TU_ACCOUNT_LEARNER);
	make_account(f, "bob", TU_ACCOUNT_LEARNER);
	make_account(f, "prof1", TU_ACCOUNT_INSTRUCTOR);
	make_account(f, "prof2", TU_ACCOUNT_INSTRUCTOR);
	principal(f, "ada", &ada);
	principal(f, "bob", &bob);
	principal(f, "prof1", &p1);
	principal(f, "prof2", &p2);
	memset(&anon, 0, sizeof anon);
	memset(&c, 0, sizeof c);
	c.instructor = p1.account;
	snprintf(c.name, sizeof c.name, "c1");
	snprintf(c.join_code, sizeof c.join_code, "CODE-1");
	fx_ok(tu_store_cohort_add(f->ctx->store, &c, &c.id, &e), &e);
	fx_ok(tu_store_cohort_join(f->ctx->store, c.id, "ada", 5, &e), &e);
	assert_int_equal(p1.role, TU_ROLE_INSTRUCTOR);
	assert_string_equal(ada.learner, "ada");

	assert_int_equal(authz_status(f, &ada, "ada", false), 0);
	assert_int_equal(authz_status(f, &ada, "ada", true), 0);
	assert_int_equal(authz_status(f, &ada, "bob", false), 403);
	assert_int_equal(authz_status(f, &ada, "bob", true), 403);
	assert_int_equal(authz_status(f, &bob, "ada", false), 403);
	assert_int_equal(authz_status(f, &p1, "ada", false), 0);
	assert_int_equal(authz_status(f, &p1, "ada", true), 403);
	assert_int_equal(authz_status(f, &p1, "bob", false), 403);
	assert_int_equal(authz_status(f, &p2, "ada", false), 403);
	assert_int_equal(authz_status(f, &p2, "ada", true), 403);
	assert_int_equal(authz_status(f, &p1, "nobody", false), 403);
	assert_int_equal(authz_status(f, &anon, "ada", false), 401);
	assert_int_equal(authz_status(f, &ada, "a b", false), 404);
}

/* ---- the principal of a request ---- */

static void request(struct tu_http_req *req, const char *authz,
		    const char *cookie, int64_t now)
{
	memset(req, 0, sizeof(*req));
	req->method = TU_HTTP_GET;
	req->path = "/api/me";
	req->query = "";
	req->authorization = authz;
	req->cookie = cookie;
	req->client = "127.0.0.1";
	req->now = now;
}

static void test_request_token(void **state)
{
	char t[TU_AUTH_TOKEN_LEN + 1], tok[TU_AUTH_TOKEN_LEN + 1];
	char h1[128], h2[160];
	struct tu_http_req req;

	(void)state;
	tu_auth_token_new(tok);
	request(&req, NULL, NULL, 0);
	assert_int_equal(tu_auth_request_token(&req, t), 0);
	snprintf(h1, sizeof h1, "bearer   %s  ", tok);
	request(&req, h1, NULL, 0);
	assert_int_equal(tu_auth_request_token(&req, t), 1);
	assert_string_equal(t, tok);
	snprintf(h2, sizeof h2, "theme=dark; tutor_session=%s; x=1", tok);
	request(&req, "Basic YWRhOnB3", h2, 0);   /* not bearer: cookie */
	assert_int_equal(tu_auth_request_token(&req, t), 1);
	assert_string_equal(t, tok);
	request(&req, NULL, "tutor_session_x=1;tutor_session=short", 0);
	assert_int_equal(tu_auth_request_token(&req, t), -1);
	request(&req, "Bearer abc", NULL, 0);
	assert_int_equal(tu_auth_request_token(&req, t), -1);
	request(&req, "Bearer", NULL, 0);
	assert_int_equal(tu_auth_request_token(&req, t), 0);
	request(&req, NULL, "other=1", 0);
	assert_int_equal(tu_auth_request_token(&req, t), 0);
}

static void test_principal(void **state)
{
	struct fx *f = *state;
	char token[TU_AUTH_TOKEN_LEN + 1], h[128];
	struct tu_principal w;
	struct tu_http_req req;
	struct tu_err e = TU_ERR_INIT;
	int64_t id = make_account(f, "prof", TU_ACCOUNT_INSTRUCTOR);

	fx_ok(tu_auth_session_start(f->ctx->store, id, 100, 50, token, &e),
	      &e);
	snprintf(h, sizeof h, "Bearer %s", token);
	request(&req, h, NULL, 120);
	assert_int_equal(tu_auth_principal(&f->srv, &req, &w, &e), TU_OK);
	assert_int_equal(w.role, TU_ROLE_INSTRUCTOR);
	assert_int_equal(w.account, id);
	assert_string_equal(w.username, "prof");
	assert_string_equal(w.learner, "");
	snprintf(h, sizeof h, "tutor_session=%s", token);
	request(&req, NULL, h, 149);
	assert_int_equal(tu_auth_principal(&f->srv, &req, &w, &e), TU_OK);
	assert_int_equal(w.role, TU_ROLE_INSTRUCTOR);
	request(&req, NULL, h, 150);              /* expired */
	assert_int_equal(tu_auth_principal(&f->srv, &req, &w, &e),
			 TU_ENOTFOUND);
	assert_int_equal(w.role, TU_ROLE_ANON);
	request(&req, NULL, NULL, 120);
	assert_int_equal(tu_auth_principal(&f->srv, &req, &w, &e), TU_OK);
	assert_int_equal(w.role, TU_ROLE_ANON);
	request(&req, "Bearer not-a-token", NULL, 120);
	assert_int_equal(tu_auth_principal(&f->srv, &req, &w, &e),
			 TU_ENOTFOUND);
	assert_int_equal(w.role, TU_ROLE_ANON);
}

/* ---- handlers ---- */

/* Runs handler fn with a JSON body (may be NULL) as who; returns the
 * status, the parsed answer in *out (may be NULL; json_decref). */
static int call(struct fx *f, tu_handler_fn fn, const char *cookie,
		const struct tu_route_params *params,
		const struct tu_principal *who, const char *body, json_t **out,
		char *set_cookie, size_t cap)
{
	struct tu_principal anon;
	struct tu_route_params none = { 0 };
	struct tu_http_resp resp;
	struct tu_http_req req;
	json_t *b = body ? json_loads(body, 0, NULL) : json_object();
	int status;

	memset(&anon, 0, sizeof anon);
	request(&req, NULL, cookie, 1000);
	tu_http_resp_init(&resp);
	fn(&f->srv, &req, params ? params : &none, who ? who : &anon, b,
	   &resp);
	status = resp.status;
	if (out)
		*out = resp.body.len ? json_loads(resp.body.p, 0, NULL) : NULL;
	if (set_cookie)
		snprintf(set_cookie, cap, "%s", resp.set_cookie);
	tu_http_resp_release(&resp);
	json_decref(b);
	return status;
}

static void test_register_login_logout_me(void **state)
{
	struct fx *f = *state;
	char cookie[256], c2[256];
	struct tu_principal w;
	json_t *o = NULL;
	const char *token;

	assert_int_equal(call(f, tu_api_register, NULL, NULL, NULL,
			      "{\"username\":\"ada\",\"password\":"
			      "\"password1\"}", &o, cookie, sizeof cookie),
			 201);
	token = json_string_value(json_object_get(o, "token"));
	assert_non_null(token);
	assert_int_equal(strlen(token), 43);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
		o, "account"), "role")), "learner");
	assert_non_null(strstr(cookie, token));
	assert_non_null(strstr(cookie, "HttpOnly"));
	assert_non_null(strstr(cookie, "SameSite=Strict"));
	assert_non_null(strstr(cookie, "Max-Age=3600"));
	json_decref(o);
	assert_int_equal(call(f, tu_api_register, NULL, NULL, NULL,
			      "{\"username\":\"ada\",\"password\":"
			      "\"password1\"}", NULL, NULL, 0), 409);
	assert_int_equal(call(f, tu_api_register, NULL, NULL, NULL,
			      "{\"username\":\"ADA\",\"password\":"
			      "\"password1\"}", &o, NULL, 0), 400);
	assert_non_null(strstr(json_string_value(json_object_get(
		json_object_get(o, "error"), "message")), "body.username"));
	json_decref(o);
	assert_int_equal(call(f, tu_api_register, NULL, NULL, NULL,
			      "{\"username\":\"eve\",\"password\":1}", NULL,
			      NULL, 0), 400);
	assert_int_equal(call(f, tu_api_login, NULL, NULL, NULL,
			      "{\"username\":\"ada\",\"password\":"
			      "\"password2\"}", NULL, NULL, 0), 401);
	assert_int_equal(call(f, tu_api_login, NULL, NULL, NULL,
			      "{\"username\":\"ada\",\"password\":"
			      "\"password1\"}", NULL, c2, sizeof c2), 200);
	/* the cookie value as the browser would send it back */
	*strchr(c2, ';') = '\0';
	principal(f, "ada", &w);
	assert_int_equal(call(f, tu_api_me, c2, NULL, &w, NULL, &o, NULL, 0),
			 200);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
		o, "account"), "learner")), "ada");
	assert_int_equal(json_array_size(json_object_get(o, "cohorts")), 0);
	json_decref(o);
	assert_int_equal(call(f, tu_api_logout, c2, NULL, &w, NULL, NULL,
			      cookie, sizeof cookie), 204);
	assert_non_null(strstr(cookie, "Max-Age=0"));
	{
		struct tu_http_req req;
		struct tu_principal p;
		struct tu_err e = TU_ERR_INIT;

		request(&req, NULL, c2, 1000);
		assert_int_equal(tu_auth_principal(&f->srv, &req, &p, &e),
				 TU_ENOTFOUND);
	}
}

static void test_cohort_handlers(void **state)
{
	struct fx *f = *state;
	struct tu_principal ada, bob, p1, p2;
	struct tu_route_params prm = { .n = 1 };
	json_t *o = NULL, *hm;
	char code[64];
	long long cid;

	make_account(f, "ada", TU_ACCOUNT_LEARNER);
	make_account(f, "bob", TU_ACCOUNT_LEARNER);
	make_account(f, "prof1", TU_ACCOUNT_INSTRUCTOR);
	make_account(f, "prof2", TU_ACCOUNT_INSTRUCTOR);
	principal(f, "ada", &ada);
	principal(f, "bob", &bob);
	principal(f, "prof1", &p1);
	principal(f, "prof2", &p2);
	assert_int_equal(call(f, tu_api_cohort_create, NULL, NULL, &p1,
			      "{\"name\":\"Autumn\"}", &o, NULL, 0), 201);
	cid = json_integer_value(json_object_get(o, "id"));
	snprintf(code, sizeof code, "%s",
		 json_string_value(json_object_get(o, "join_code")));
	json_decref(o);
	assert_int_equal(strlen(code), 9);
	assert_int_equal(code[4], '-');
	assert_int_equal(call(f, tu_api_cohort_create, NULL, NULL, &p1,
			      "{\"name\":\"\"}", NULL, NULL, 0), 400);
	assert_int_equal(call(f, tu_api_cohort_create, NULL, NULL, &p1,
			      "{}", NULL, NULL, 0), 400);
	/* join: case-insensitive code; instructors and bad codes refused */
	for (char *p = code; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	{
		char body[96];

		snprintf(body, sizeof body, "{\"code\":\"%s\"}", code);
		assert_int_equal(call(f, tu_api_cohort_join, NULL, NULL, &ada,
				      body, &o, NULL, 0), 200);
		assert_string_equal(json_string_value(json_object_get(
			json_object_get(o, "cohort"), "name")), "Autumn");
		json_decref(o);
		assert_int_equal(call(f, tu_api_cohort_join, NULL, NULL, &p2,
				      body, NULL, NULL, 0), 403);
	}
	assert_int_equal(call(f, tu_api_cohort_join, NULL, NULL, &bob,
			      "{\"code\":\"ZZZZ-ZZZZ\"}", NULL, NULL, 0), 404);
	/* list: the owner sees one cohort with one member, p2 none */
	assert_int_equal(call(f, tu_api_cohort_list, NULL, NULL, &p1, NULL, &o,
			      NULL, 0), 200);
	assert_int_equal(json_array_size(o), 1);
	assert_int_equal(json_integer_value(json_object_get(
		json_array_get(o, 0), "members")), 1);
	json_decref(o);
	assert_int_equal(call(f, tu_api_cohort_list, NULL, NULL, &p2, NULL, &o,
			      NULL, 0), 200);
	assert_int_equal(json_array_size(o), 0);
	json_decref(o);
	/* the view: owner only */
	snprintf(prm.v[0].name, sizeof prm.v[0].name, "cid");
	snprintf(prm.v[0].value, sizeof prm.v[0].value, "%lld", cid);
	assert_int_equal(call(f, tu_api_cohort_get, NULL, &prm, &p2, NULL,
			      NULL, NULL, 0), 403);
	assert_int_equal(call(f, tu_api_cohort_get, NULL, &prm, &p1, NULL, &o,
			      NULL, 0), 200);
	assert_int_equal(json_array_size(json_object_get(o, "members")), 1);
	hm = json_object_get(o, "heatmap");
	assert_int_equal(json_array_size(json_object_get(hm, "topics")),
			 f->srv.course.n_topics);
	assert_int_equal(json_array_size(json_object_get(json_array_get(
		json_object_get(hm, "rows"), 0), "mastery")),
		f->srv.course.n_topics);
	assert_int_equal(json_array_size(json_object_get(o, "hint_use")), 1);
	assert_non_null(json_object_get(o, "struggling"));
	json_decref(o);
	snprintf(prm.v[0].value, sizeof prm.v[0].value, "x1");
	assert_int_equal(call(f, tu_api_cohort_get, NULL, &prm, &p1, NULL,
			      NULL, NULL, 0), 404);
	snprintf(prm.v[0].value, sizeof prm.v[0].value, "999");
	assert_int_equal(call(f, tu_api_cohort_get, NULL, &prm, &p1, NULL,
			      NULL, NULL, 0), 404);
	/* me: the learner sees the cohort, the instructor its code */
	assert_int_equal(call(f, tu_api_me, NULL, NULL, &ada, NULL, &o, NULL,
			      0), 200);
	assert_int_equal(json_array_size(json_object_get(o, "cohorts")), 1);
	json_decref(o);
	assert_int_equal(call(f, tu_api_me, NULL, NULL, &p1, NULL, &o, NULL,
			      0), 200);
	assert_non_null(json_object_get(json_array_get(json_object_get(
		o, "cohorts"), 0), "join_code"));
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_username_rules),
		cmocka_unit_test(test_password_rules),
		cmocka_unit_test(test_hash_and_verify),
		cmocka_unit_test(test_token_format),
		cmocka_unit_test(test_rate_refill),
		cmocka_unit_test(test_rate_bounded),
		cmocka_unit_test(test_rate_threads),
		cmocka_unit_test(test_authz_rule_matrix),
		cmocka_unit_test(test_request_token),
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_only_the_hash_is_stored),
		T(test_session_expiry),
		T(test_logout),
		T(test_login),
		T(test_learner_account_has_state),
		T(test_set_password),
		T(test_authz_learner_with_store),
		T(test_principal),
		T(test_register_login_logout_me),
		T(test_cohort_handlers),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
