/* test_store_llm.c - the LLM answer cache and the usage counts of
 * tutor/store.h: put/get/replace, validation, a store upgraded from
 * schema 1, usage per learner and globally per day, saturation, and
 * several processes counting at once. */
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
#include <sys/wait.h>
#include <unistd.h>
#include "tutor/hash.h"
#include "tutor/store.h"

#include "sqlite_fx.h"

static void entry(struct tu_llm_cache_entry *e, const char *seed,
		  const char *content)
{
	memset(e, 0, sizeof(*e));
	tu_hash_hex(seed, strlen(seed), e->key);
	snprintf(e->model, sizeof e->model, "m1");
	snprintf(e->prompt, sizeof e->prompt, "hint");
	e->prompt_version = 3;
	e->content = content;
	e->len = strlen(content);
	e->created_at = 1700000000;
}

static void test_cache_put_get_replace(void **state)
{
	struct fx *f = *state;
	struct tu_llm_cache_entry e;
	struct tu_err err = TU_ERR_INIT;
	char *c = NULL;
	size_t len = 0;

	entry(&e, "k1", "{\"hint\":\"think about the base case\"}");
	assert_int_equal(tu_store_llm_cache_get(f->s, e.key, &c, &len, &err),
			 TU_ENOTFOUND);
	assert_null(c);
	assert_int_equal(tu_store_llm_cache_put(f->s, &e, &err), TU_OK);
	assert_int_equal(tu_store_llm_cache_get(f->s, e.key, &c, &len, &err),
			 TU_OK);
	assert_string_equal(c, "{\"hint\":\"think about the base case\"}");
	assert_int_equal(len, strlen(c));
	free(c);

	e.content = "{\"hint\":\"v2\"}";
	e.len = strlen(e.content);
	assert_int_equal(tu_store_llm_cache_put(f->s, &e, &err), TU_OK);
	assert_int_equal(tu_store_llm_cache_get(f->s, e.key, &c, NULL, &err),
			 TU_OK);
	assert_string_equal(c, "{\"hint\":\"v2\"}");
	free(c);

	/* Survives a reopen. */
	tu_store_close(f->s);
	assert_int_equal(tu_store_open(f->db, NULL, &f->s, &err), TU_OK);
	assert_int_equal(tu_store_llm_cache_get(f->s, e.key, &c, NULL, &err),
			 TU_OK);
	assert_string_equal(c, "{\"hint\":\"v2\"}");
	free(c);
}

static void test_cache_validation(void **state)
{
	struct fx *f = *state;
	struct tu_llm_cache_entry e;
	struct tu_err err = TU_ERR_INIT;
	char *c = NULL;
	char *big;

	entry(&e, "k", "{}");
	e.key[3] = 'G';
	assert_int_equal(tu_store_llm_cache_put(f->s, &e, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "64 lower-case hex"));
	assert_int_equal(tu_store_llm_cache_get(f->s, "abc", &c, NULL, &err),
			 TU_EINVAL);
	assert_int_equal(tu_store_llm_cache_get(f->s, NULL, &c, NULL, &err),
			 TU_EINVAL);

	entry(&e, "k", "{}");
	e.content = NULL;
	assert_int_equal(tu_store_llm_cache_put(f->s, &e, &err), TU_EINVAL);

	big = calloc(1, TU_STORE_LLM_CONTENT_MAX + 2);
	assert_non_null(big);
	memset(big, 'x', TU_STORE_LLM_CONTENT_MAX + 1);
	entry(&e, "k", big);
	assert_int_equal(tu_store_llm_cache_put(f->s, &e, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "over the limit"));
	e.len = TU_STORE_LLM_CONTENT_MAX;
	assert_int_equal(tu_store_llm_cache_put(f->s, &e, &err), TU_OK);
	assert_int_equal(tu_store_llm_cache_get(f->s, e.key, &c, NULL, &err),
			 TU_OK);
	assert_int_equal(strlen(c), TU_STORE_LLM_CONTENT_MAX);
	free(c);
	free(big);

	entry(&e, "k2", "a\0b");
	e.len = 3;
	assert_int_equal(tu_store_llm_cache_put(f->s, &e, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "NUL"));
	assert_int_equal(tu_store_llm_cache_put(NULL, &e, &err), TU_EINVAL);
}

static void usage(struct tu_store *s, const char *who, int64_t day,
		  uint64_t req, uint64_t tok)
{
	struct tu_store_usage u = { 99, 99 };

	assert_int_equal(tu_store_llm_usage_get(s, who, day, &u, NULL), TU_OK);
	assert_int_equal(u.requests, req);
	assert_int_equal(u.tokens, tok);
}

static void test_usage_counts(void **state)
{
	struct fx *f = *state;
	struct tu_store_usage a = { 1, 120 };
	struct tu_err err = TU_ERR_INIT;

	usage(f->s, "ada", 19700, 0, 0);
	usage(f->s, TU_STORE_USAGE_GLOBAL, 19700, 0, 0);
	assert_int_equal(tu_store_llm_usage_add(f->s, "ada", 19700, &a, &err),
			 TU_OK);
	assert_int_equal(tu_store_llm_usage_add(f->s, "ada", 19700, &a, &err),
			 TU_OK);
	assert_int_equal(tu_store_llm_usage_add(f->s, "bob", 19700, &a, &err),
			 TU_OK);
	assert_int_equal(tu_store_llm_usage_add(f->s, NULL, 19700, &a, &err),
			 TU_OK);
	assert_int_equal(tu_store_llm_usage_add(f->s, "ada", 19701, &a, &err),
			 TU_OK);
	usage(f->s, "ada", 19700, 2, 240);
	usage(f->s, "bob", 19700, 1, 120);
	usage(f->s, TU_STORE_USAGE_GLOBAL, 19700, 4, 480);
	usage(f->s, "ada", 19701, 1, 120);
	usage(f->s, TU_STORE_USAGE_GLOBAL, 19701, 1, 120);
	usage(f->s, "ada", -5, 0, 0);

	assert_int_equal(tu_store_llm_usage_add(f->s, "*", 19700, &a, &err),
			 TU_EINVAL);
	assert_int_equal(tu_store_llm_usage_add(f->s, "a b", 19700, &a, &err),
			 TU_EINVAL);
	assert_int_equal(tu_store_llm_usage_add(f->s, "ada", 19700, NULL,
						&err), TU_EINVAL);
	assert_int_equal(tu_store_llm_usage_get(f->s, "", 19700, &a, &err),
			 TU_EINVAL);
	a.tokens = (uint64_t)INT64_MAX + 1;
	assert_int_equal(tu_store_llm_usage_add(f->s, "ada", 19700, &a, &err),
			 TU_EINVAL);
	usage(f->s, "ada", 19700, 2, 240);
}

static void test_usage_saturates(void **state)
{
	struct fx *f = *state;
	struct tu_store_usage a = { 1, (uint64_t)INT64_MAX - 10 };

	assert_int_equal(tu_store_llm_usage_add(f->s, "ada", 3, &a, NULL),
			 TU_OK);
	assert_int_equal(tu_store_llm_usage_add(f->s, "ada", 3, &a, NULL),
			 TU_OK);
	usage(f->s, "ada", 3, 2, (uint64_t)INT64_MAX);
}

/* Four processes each count 25 requests for ada on the same day. */
static void test_usage_concurrent(void **state)
{
	struct fx *f = *state;
	pid_t pid[4];
	int status;

	for (int p = 0; p < 4; p++) {
		pid[p] = fork();
		assert_true(pid[p] >= 0);
		if (pid[p] == 0) {
			struct tu_store *s = NULL;
			struct tu_store_usage a = { 1, 10 };
			int bad = tu_store_open(f->db, NULL, &s, NULL) != TU_OK;

			for (int i = 0; i < 25 && !bad; i++)
				bad = tu_store_llm_usage_add(s, "ada", 7, &a,
							     NULL) != TU_OK;
			tu_store_close(s);
			_exit(bad);
		}
	}
	for (int p = 0; p < 4; p++) {
		assert_int_equal(waitpid(pid[p], &status, 0), pid[p]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	usage(f->s, "ada", 7, 100, 1000);
	usage(f->s, TU_STORE_USAGE_GLOBAL, 7, 100, 1000);
}

/* A store made by a program that knew only schema 1 is upgraded. */
static void test_upgrade_from_schema_1(void **state)
{
	struct fx *f = *state;
	struct tu_llm_cache_entry e;
	struct tu_err err = TU_ERR_INIT;

	tu_store_close(f->s);
	f->s = NULL;
	assert_int_equal(fx_raw_exec(f->db, "DROP TABLE jobs; DROP INDEX "
				  "events_request; ALTER TABLE events DROP "
				  "COLUMN request_id; "
				  "DROP TABLE cohort_members; "
				  "DROP TABLE cohorts; DROP TABLE sessions; "
				  "DROP TABLE accounts; "
				  "DROP TABLE llm_cache; DROP TABLE "
				  "llm_usage; DELETE FROM schema_version "
				  "WHERE version >= 2"), SQLITE_OK);
	assert_int_equal(tu_store_open(f->db, NULL, &f->s, &err), TU_OK);
	assert_int_equal(tu_store_schema_version(f->s), 4);
	entry(&e, "k", "{}");
	assert_int_equal(tu_store_llm_cache_put(f->s, &e, &err), TU_OK);
	/* STRICT: a text count is refused by the table itself. */
	assert_int_not_equal(fx_raw_exec(f->db, "INSERT INTO llm_usage VALUES("
				      "'x', 1, 'many', 0)"), SQLITE_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cache_put_get_replace,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_cache_validation, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_usage_counts, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_usage_saturates, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_usage_concurrent, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_upgrade_from_schema_1,
						fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
