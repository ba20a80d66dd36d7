/* test_store_auth.c - accounts, sessions and cohorts of tutor/store.h
 * (migration 3): a learner account registers its learner atomically,
 * conflicts change nothing, validation, password change ends sessions,
 * session expiry bookkeeping, cohorts owned by instructors only, joining
 * (idempotent), members, "teaches", STRICT tables and an upgrade from
 * schema 2.  Each test gets a fresh store in its own directory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tutor/hash.h"
#include "tutor/store.h"

#include "sqlite_fx.h"

static void account(struct tu_account_row *a, const char *name,
		    enum tu_account_role role)
{
	memset(a, 0, sizeof(*a));
	snprintf(a->username, sizeof a->username, "%s", name);
	a->role = role;
	snprintf(a->pwhash, sizeof a->pwhash, "$argon2id$v=19$fake-%s", name);
	if (role == TU_ACCOUNT_LEARNER)
		snprintf(a->learner, sizeof a->learner, "%s", name);
	a->created_at = 1000;
}

static int64_t add_account(struct tu_store *s, const char *name,
			   enum tu_account_role role)
{
	struct tu_account_row a;
	struct tu_err e = TU_ERR_INIT;
	int64_t id = 0;

	account(&a, name, role);
	assert_int_equal(tu_store_account_add(s, &a, &id, &e), TU_OK);
	assert_true(id > 0);
	return id;
}

static void hash_of(const char *token, char out[TU_HASH_HEX_LEN + 1])
{
	tu_hash_hex(token, strlen(token), out);
}

/* ---- accounts ---- */

static void test_learner_account_registers_learner(void **state)
{
	struct fx *f = *state;
	struct tu_account_row a, b;
	struct tu_learner_row l;
	struct tu_err e = TU_ERR_INIT;
	int64_t id = add_account(f->s, "ada", TU_ACCOUNT_LEARNER);

	assert_int_equal(tu_store_account_get(f->s, "ada", &a, &e), TU_OK);
	assert_int_equal(a.id, id);
	assert_int_equal(a.role, TU_ACCOUNT_LEARNER);
	assert_string_equal(a.learner, "ada");
	assert_string_equal(a.pwhash, "$argon2id$v=19$fake-ada");
	assert_int_equal(a.created_at, 1000);
	assert_int_equal(tu_store_account_get_id(f->s, id, &b, &e), TU_OK);
	assert_string_equal(b.username, "ada");
	/* The learner exists with no snapshot, named after the account. */
	assert_int_equal(tu_store_learner_get(f->s, "ada", &l, &e), TU_OK);
	assert_int_equal(l.version, 0);
	assert_string_equal(l.name, "ada");
	assert_int_equal(tu_store_account_get(f->s, "bob", &a, &e),
			 TU_ENOTFOUND);
	assert_non_null(strstr(e.msg, "no account 'bob'"));
	assert_int_equal(tu_store_account_get_id(f->s, 999, &a, &e),
			 TU_ENOTFOUND);
}

static void test_instructor_account(void **state)
{
	struct fx *f = *state;
	struct tu_account_row a;
	struct tu_learner_row l;
	struct tu_err e = TU_ERR_INIT;
	uint64_t n = 99;

	add_account(f->s, "prof", TU_ACCOUNT_INSTRUCTOR);
	assert_int_equal(tu_store_account_get(f->s, "prof", &a, &e), TU_OK);
	assert_int_equal(a.role, TU_ACCOUNT_INSTRUCTOR);
	assert_string_equal(a.learner, "");
	assert_int_equal(tu_store_learner_get(f->s, "prof", &l, &e),
			 TU_ENOTFOUND);
	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM learners"), 0);
	assert_int_equal(tu_store_account_count(f->s, TU_ACCOUNT_INSTRUCTOR,
						&n, &e), TU_OK);
	assert_int_equal(n, 1);
	assert_int_equal(tu_store_account_count(f->s, TU_ACCOUNT_LEARNER, &n,
						&e), TU_OK);
	assert_int_equal(n, 0);
	assert_string_equal(tu_account_role_name(TU_ACCOUNT_INSTRUCTOR),
			    "instructor");
	assert_string_equal(tu_account_role_name((enum tu_account_role)7),
			    "?");
}

static void test_account_conflicts_write_nothing(void **state)
{
	struct fx *f = *state;
	struct tu_account_row a;
	struct tu_learner_row l;
	struct tu_err e = TU_ERR_INIT;

	add_account(f->s, "ada", TU_ACCOUNT_LEARNER);
	account(&a, "ada", TU_ACCOUNT_INSTRUCTOR);
	assert_int_equal(tu_store_account_add(f->s, &a, NULL, &e),
			 TU_ECONFLICT);
	assert_non_null(strstr(e.msg, "username 'ada' is taken"));
	account(&a, "ada", TU_ACCOUNT_LEARNER);
	assert_int_equal(tu_store_account_add(f->s, &a, NULL, &e),
			 TU_ECONFLICT);
	assert_non_null(strstr(e.msg, "username 'ada' is taken"));
	/* A learner made by the CLI cannot be claimed by an account. */
	assert_int_equal(tu_store_learner_add(f->s, "cli1", "", 5, &e), TU_OK);
	account(&a, "cli1", TU_ACCOUNT_LEARNER);
	assert_int_equal(tu_store_account_add(f->s, &a, NULL, &e),
			 TU_ECONFLICT);
	assert_non_null(strstr(e.msg, "learner 'cli1' already exists"));
	/* Username taken by an instructor: the learner row is rolled back. */
	add_account(f->s, "prof", TU_ACCOUNT_INSTRUCTOR);
	account(&a, "prof", TU_ACCOUNT_LEARNER);
	snprintf(a.learner, sizeof a.learner, "prof-learner");
	assert_int_equal(tu_store_account_add(f->s, &a, NULL, &e),
			 TU_ECONFLICT);
	assert_int_equal(tu_store_learner_get(f->s, "prof-learner", &l, &e),
			 TU_ENOTFOUND);
	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM learners WHERE "
				 "id = 'prof-learner'"), 0);
	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM accounts"), 2);
}

static void test_account_validation(void **state)
{
	struct fx *f = *state;
	struct tu_account_row a;
	struct tu_err e = TU_ERR_INIT;

	account(&a, "ok_name", TU_ACCOUNT_INSTRUCTOR);
	snprintf(a.learner, sizeof a.learner, "x");
	assert_int_equal(tu_store_account_add(f->s, &a, NULL, &e), TU_EINVAL);
	assert_non_null(strstr(e.msg, "has no learner"));
	account(&a, "ok_name", TU_ACCOUNT_LEARNER);
	a.learner[0] = '\0';
	assert_int_equal(tu_store_account_add(f->s, &a, NULL, &e), TU_EINVAL);
	account(&a, "bad name", TU_ACCOUNT_LEARNER);
	assert_int_equal(tu_store_account_add(f->s, &a, NULL, &e), TU_EINVAL);
	account(&a, "ok_name", TU_ACCOUNT_LEARNER);
	a.pwhash[0] = '\0';
	assert_int_equal(tu_store_account_add(f->s, &a, NULL, &e), TU_EINVAL);
	account(&a, "ok_name", TU_ACCOUNT_LEARNER);
	a.pwhash[3] = '\n';
	assert_int_equal(tu_store_account_add(f->s, &a, NULL, &e), TU_EINVAL);
	account(&a, "ok_name", (enum tu_account_role)5);
	assert_int_equal(tu_store_account_add(f->s, &a, NULL, &e), TU_EINVAL);
	account(&a, "ok_name", TU_ACCOUNT_LEARNER);
	memset(a.username, 'a', sizeof a.username);
	assert_int_equal(tu_store_account_add(f->s, &a, NULL, &e), TU_EINVAL);
	assert_int_equal(tu_store_account_add(NULL, &a, NULL, &e), TU_EINVAL);
	assert_int_equal(tu_store_account_add(f->s, NULL, NULL, &e),
			 TU_EINVAL);
	assert_int_equal(tu_store_account_get(f->s, "../x", &a, &e),
			 TU_EINVAL);
	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM accounts"), 0);
	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM learners"), 0);
}

struct names {
	char v[8][TU_STORE_USERNAME_MAX];
	size_t n, stop;
};

static int collect_account(const struct tu_account_row *row, void *ctx)
{
	struct names *w = ctx;

	if (w->n < 8)
		snprintf(w->v[w->n], sizeof w->v[0], "%s", row->username);
	w->n++;
	return w->stop && w->n >= w->stop;
}

static void test_account_each(void **state)
{
	struct fx *f = *state;
	struct names w = { .n = 0 };
	struct tu_err e = TU_ERR_INIT;

	add_account(f->s, "zed", TU_ACCOUNT_LEARNER);
	add_account(f->s, "amy", TU_ACCOUNT_INSTRUCTOR);
	add_account(f->s, "kim", TU_ACCOUNT_LEARNER);
	assert_int_equal(tu_store_account_each(f->s, collect_account, &w, &e),
			 TU_OK);
	assert_int_equal(w.n, 3);
	assert_string_equal(w.v[0], "amy");
	assert_string_equal(w.v[1], "kim");
	assert_string_equal(w.v[2], "zed");
	memset(&w, 0, sizeof w);
	w.stop = 1;
	assert_int_equal(tu_store_account_each(f->s, collect_account, &w, &e),
			 TU_OK);
	assert_int_equal(w.n, 1);
}

/* ---- sessions ---- */

static void session(struct tu_session_row *r, const char *token,
		    int64_t account, int64_t created, int64_t expires)
{
	memset(r, 0, sizeof(*r));
	hash_of(token, r->token_hash);
	r->account = account;
	r->created_at = created;
	r->expires_at = expires;
}

static void test_sessions(void **state)
{
	struct fx *f = *state;
	struct tu_session_row r, got;
	struct tu_err e = TU_ERR_INIT;
	int64_t ada = add_account(f->s, "ada", TU_ACCOUNT_LEARNER);
	uint64_t n = 0;

	session(&r, "t1", ada, 100, 200);
	assert_int_equal(tu_store_session_add(f->s, &r, &e), TU_OK);
	assert_int_equal(tu_store_session_add(f->s, &r, &e), TU_ECONFLICT);
	assert_int_equal(tu_store_session_get(f->s, r.token_hash, &got, &e),
			 TU_OK);
	assert_int_equal(got.account, ada);
	assert_int_equal(got.created_at, 100);
	assert_int_equal(got.expires_at, 200);
	session(&r, "t2", ada, 100, 300);
	assert_int_equal(tu_store_session_add(f->s, &r, &e), TU_OK);
	assert_int_equal(tu_store_session_count(f->s, 150, &n, &e), TU_OK);
	assert_int_equal(n, 2);
	assert_int_equal(tu_store_session_count(f->s, 200, &n, &e), TU_OK);
	assert_int_equal(n, 1);
	/* Purge drops exactly the expired ones. */
	assert_int_equal(tu_store_session_purge(f->s, 200, &n, &e), TU_OK);
	assert_int_equal(n, 1);
	hash_of("t1", r.token_hash);
	assert_int_equal(tu_store_session_get(f->s, r.token_hash, &got, &e),
			 TU_ENOTFOUND);
	hash_of("t2", r.token_hash);
	assert_int_equal(tu_store_session_delete(f->s, r.token_hash, &e),
			 TU_OK);
	assert_int_equal(tu_store_session_get(f->s, r.token_hash, &got, &e),
			 TU_ENOTFOUND);
	assert_int_equal(tu_store_session_delete(f->s, r.token_hash, &e),
			 TU_OK);
	assert_int_equal(tu_store_session_purge(f->s, 1000, NULL, &e), TU_OK);
}

static void test_session_validation(void **state)
{
	struct fx *f = *state;
	struct tu_session_row r, got;
	struct tu_err e = TU_ERR_INIT;
	int64_t ada = add_account(f->s, "ada", TU_ACCOUNT_LEARNER);

	session(&r, "t", 9999, 1, 2);
	assert_int_equal(tu_store_session_add(f->s, &r, &e), TU_ENOTFOUND);
	session(&r, "t", ada, 5, 5);
	assert_int_equal(tu_store_session_add(f->s, &r, &e), TU_EINVAL);
	session(&r, "t", ada, 1, 5);
	r.token_hash[0] = 'A';
	assert_int_equal(tu_store_session_add(f->s, &r, &e), TU_EINVAL);
	assert_non_null(strstr(e.msg, "lower-case hex"));
	assert_int_equal(tu_store_session_get(f->s, "abc", &got, &e),
			 TU_EINVAL);
	assert_int_equal(tu_store_session_get(f->s, NULL, &got, &e),
			 TU_EINVAL);
	assert_int_equal(tu_store_session_delete(f->s, "", &e), TU_EINVAL);
	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM sessions"), 0);
}

static void test_set_pwhash_ends_sessions(void **state)
{
	struct fx *f = *state;
	struct tu_session_row r, got;
	struct tu_account_row a;
	struct tu_err e = TU_ERR_INIT;
	int64_t ada = add_account(f->s, "ada", TU_ACCOUNT_LEARNER);
	int64_t bob = add_account(f->s, "bob", TU_ACCOUNT_LEARNER);

	session(&r, "ada1", ada, 1, 100);
	assert_int_equal(tu_store_session_add(f->s, &r, &e), TU_OK);
	session(&r, "bob1", bob, 1, 100);
	assert_int_equal(tu_store_session_add(f->s, &r, &e), TU_OK);
	assert_int_equal(tu_store_account_set_pwhash(f->s, ada, "$new$", &e),
			 TU_OK);
	assert_int_equal(tu_store_account_get(f->s, "ada", &a, &e), TU_OK);
	assert_string_equal(a.pwhash, "$new$");
	hash_of("ada1", r.token_hash);
	assert_int_equal(tu_store_session_get(f->s, r.token_hash, &got, &e),
			 TU_ENOTFOUND);
	hash_of("bob1", r.token_hash);
	assert_int_equal(tu_store_session_get(f->s, r.token_hash, &got, &e),
			 TU_OK);
	assert_int_equal(tu_store_account_set_pwhash(f->s, 777, "$x$", &e),
			 TU_ENOTFOUND);
	assert_int_equal(tu_store_account_set_pwhash(f->s, ada, "", &e),
			 TU_EINVAL);
	assert_int_equal(tu_store_account_get(f->s, "ada", &a, &e), TU_OK);
	assert_string_equal(a.pwhash, "$new$");
}

/* ---- cohorts ---- */

static int64_t add_cohort(struct tu_store *s, int64_t instructor,
			  const char *name, const char *code)
{
	struct tu_cohort_row c;
	struct tu_err e = TU_ERR_INIT;
	int64_t id = 0;

	memset(&c, 0, sizeof c);
	c.instructor = instructor;
	snprintf(c.name, sizeof c.name, "%s", name);
	snprintf(c.join_code, sizeof c.join_code, "%s", code);
	c.created_at = 50;
	assert_int_equal(tu_store_cohort_add(s, &c, &id, &e), TU_OK);
	assert_true(id > 0);
	return id;
}

static void test_cohort_add_get(void **state)
{
	struct fx *f = *state;
	struct tu_cohort_row c, got;
	struct tu_err e = TU_ERR_INIT;
	int64_t prof = add_account(f->s, "prof", TU_ACCOUNT_INSTRUCTOR);
	int64_t ada = add_account(f->s, "ada", TU_ACCOUNT_LEARNER);
	int64_t id = add_cohort(f->s, prof, "Loops — autumn", "K7Q2-AB");

	assert_int_equal(tu_store_cohort_get(f->s, id, &got, &e), TU_OK);
	assert_int_equal(got.instructor, prof);
	assert_string_equal(got.name, "Loops — autumn");
	assert_string_equal(got.join_code, "K7Q2-AB");
	assert_int_equal(got.created_at, 50);
	assert_int_equal(got.members, 0);
	assert_int_equal(tu_store_cohort_find_code(f->s, "K7Q2-AB", &got, &e),
			 TU_OK);
	assert_int_equal(got.id, id);
	assert_int_equal(tu_store_cohort_find_code(f->s, "nope", &got, &e),
			 TU_ENOTFOUND);
	assert_int_equal(tu_store_cohort_find_code(f->s, "a b", &got, &e),
			 TU_EINVAL);
	assert_int_equal(tu_store_cohort_get(f->s, id + 5, &got, &e),
			 TU_ENOTFOUND);

	memset(&c, 0, sizeof c);
	c.instructor = prof;
	snprintf(c.name, sizeof c.name, "again");
	snprintf(c.join_code, sizeof c.join_code, "K7Q2-AB");
	assert_int_equal(tu_store_cohort_add(f->s, &c, NULL, &e),
			 TU_ECONFLICT);
	snprintf(c.join_code, sizeof c.join_code, "other");
	c.instructor = ada;          /* a learner cannot own a cohort */
	assert_int_equal(tu_store_cohort_add(f->s, &c, NULL, &e), TU_EINVAL);
	assert_non_null(strstr(e.msg, "not an instructor"));
	c.instructor = 4242;
	assert_int_equal(tu_store_cohort_add(f->s, &c, NULL, &e),
			 TU_ENOTFOUND);
	c.instructor = prof;
	c.name[0] = '\0';
	assert_int_equal(tu_store_cohort_add(f->s, &c, NULL, &e), TU_EINVAL);
	snprintf(c.name, sizeof c.name, "tab\there");
	assert_int_equal(tu_store_cohort_add(f->s, &c, NULL, &e), TU_EINVAL);
	snprintf(c.name, sizeof c.name, "fine");
	snprintf(c.join_code, sizeof c.join_code, "has space");
	assert_int_equal(tu_store_cohort_add(f->s, &c, NULL, &e), TU_EINVAL);
	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM cohorts"), 1);
}

struct seen_cohorts {
	int64_t ids[8];
	uint64_t members[8];
	size_t n;
};

static int collect_cohort(const struct tu_cohort_row *row, void *ctx)
{
	struct seen_cohorts *w = ctx;

	if (w->n < 8) {
		w->ids[w->n] = row->id;
		w->members[w->n] = row->members;
	}
	w->n++;
	return 0;
}

struct seen_members {
	char learner[8][TU_ID_MAX];
	int64_t joined[8];
	size_t n;
};

static int collect_member(const struct tu_cohort_member *m, void *ctx)
{
	struct seen_members *w = ctx;

	if (w->n < 8) {
		snprintf(w->learner[w->n], TU_ID_MAX, "%s", m->learner);
		w->joined[w->n] = m->joined_at;
	}
	w->n++;
	return 0;
}

static void test_cohort_members(void **state)
{
	struct fx *f = *state;
	struct seen_cohorts w = { .n = 0 };
	struct seen_members m = { .n = 0 };
	struct tu_err e = TU_ERR_INIT;
	int64_t p1 = add_account(f->s, "p1", TU_ACCOUNT_INSTRUCTOR);
	int64_t p2 = add_account(f->s, "p2", TU_ACCOUNT_INSTRUCTOR);
	int64_t c1 = add_cohort(f->s, p1, "one", "code1");
	int64_t c2 = add_cohort(f->s, p2, "two", "code2");
	int64_t c3 = add_cohort(f->s, p1, "three", "code3");
	bool yes = true;

	add_account(f->s, "zoe", TU_ACCOUNT_LEARNER);
	add_account(f->s, "ada", TU_ACCOUNT_LEARNER);
	assert_int_equal(tu_store_cohort_join(f->s, c1, "zoe", 10, &e), TU_OK);
	assert_int_equal(tu_store_cohort_join(f->s, c1, "ada", 20, &e), TU_OK);
	assert_int_equal(tu_store_cohort_join(f->s, c1, "ada", 30, &e), TU_OK);
	assert_int_equal(tu_store_cohort_join(f->s, c2, "ada", 40, &e), TU_OK);
	assert_int_equal(tu_store_cohort_join(f->s, c1, "ghost", 1, &e),
			 TU_ENOTFOUND);
	assert_int_equal(tu_store_cohort_join(f->s, 999, "ada", 1, &e),
			 TU_ENOTFOUND);
	assert_int_equal(tu_store_cohort_join(f->s, c1, "a b", 1, &e),
			 TU_EINVAL);

	assert_int_equal(tu_store_cohort_member_each(f->s, c1, collect_member,
						     &m, &e), TU_OK);
	assert_int_equal(m.n, 2);
	assert_string_equal(m.learner[0], "ada");
	assert_int_equal(m.joined[0], 20);     /* the first join stays */
	assert_string_equal(m.learner[1], "zoe");

	assert_int_equal(tu_store_cohort_each(f->s, p1, collect_cohort, &w,
					      &e), TU_OK);
	assert_int_equal(w.n, 2);
	assert_int_equal(w.ids[0], c1);
	assert_int_equal(w.members[0], 2);
	assert_int_equal(w.ids[1], c3);
	assert_int_equal(w.members[1], 0);
	memset(&w, 0, sizeof w);
	assert_int_equal(tu_store_cohort_each(f->s, 0, collect_cohort, &w, &e),
			 TU_OK);
	assert_int_equal(w.n, 3);
	memset(&w, 0, sizeof w);
	assert_int_equal(tu_store_cohort_each_joined(f->s, "ada",
						     collect_cohort, &w, &e),
			 TU_OK);
	assert_int_equal(w.n, 2);
	assert_int_equal(w.ids[0], c1);
	assert_int_equal(w.ids[1], c2);

	assert_int_equal(tu_store_cohort_teaches(f->s, p1, "zoe", &yes, &e),
			 TU_OK);
	assert_true(yes);
	assert_int_equal(tu_store_cohort_teaches(f->s, p2, "zoe", &yes, &e),
			 TU_OK);
	assert_false(yes);
	assert_int_equal(tu_store_cohort_teaches(f->s, p2, "ada", &yes, &e),
			 TU_OK);
	assert_true(yes);
	assert_int_equal(tu_store_cohort_teaches(f->s, p1, "nobody", &yes, &e),
			 TU_OK);
	assert_false(yes);
}

/* ---- schema ---- */

static void test_strict_tables(void **state)
{
	struct fx *f = *state;

	add_account(f->s, "ada", TU_ACCOUNT_LEARNER);
	assert_int_not_equal(fx_raw_exec(f->db, "INSERT INTO accounts(username, "
				      "role, pwhash, created_at) VALUES('x', "
				      "'admin', 'h', 1)"), SQLITE_OK);
	assert_int_not_equal(fx_raw_exec(f->db, "INSERT INTO accounts(username, "
				      "role, pwhash, created_at) VALUES('x', "
				      "'instructor', 'h', 'soon')"),
			     SQLITE_OK);
	/* a learner account needs a learner, an instructor has none */
	assert_int_not_equal(fx_raw_exec(f->db, "INSERT INTO accounts(username, "
				      "role, pwhash, created_at) VALUES('x', "
				      "'learner', 'h', 1)"), SQLITE_OK);
	assert_int_not_equal(fx_raw_exec(f->db, "INSERT INTO sessions VALUES("
				      "'short', 1, 1, 2)"), SQLITE_OK);
	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM accounts"), 1);
}

static void test_upgrade_from_schema_2(void **state)
{
	struct fx *f = *state;
	struct tu_err e = TU_ERR_INIT;

	tu_store_close(f->s);
	f->s = NULL;
	assert_int_equal(fx_raw_exec(f->db, "DROP TABLE jobs; DROP INDEX "
				  "events_request; ALTER TABLE events DROP "
				  "COLUMN request_id; "
				  "DROP TABLE cohort_members; "
				  "DROP TABLE cohorts; DROP TABLE sessions; "
				  "DROP TABLE accounts; DELETE FROM "
				  "schema_version WHERE version >= 3"),
			 SQLITE_OK);
	assert_int_equal(tu_store_learner_add(NULL, "x", "", 1, &e),
			 TU_EINVAL);
	assert_int_equal(tu_store_open(f->db, NULL, &f->s, &e), TU_OK);
	assert_int_equal(tu_store_schema_version(f->s), 4);
	add_account(f->s, "ada", TU_ACCOUNT_LEARNER);
	assert_int_equal(fx_raw_int(f->db, "SELECT max(version) FROM "
				 "schema_version"), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
		T(test_learner_account_registers_learner),
		T(test_instructor_account),
		T(test_account_conflicts_write_nothing),
		T(test_account_validation),
		T(test_account_each),
		T(test_sessions),
		T(test_session_validation),
		T(test_set_pwhash_ends_sessions),
		T(test_cohort_add_get),
		T(test_cohort_members),
		T(test_strict_tables),
		T(test_upgrade_from_schema_2),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
