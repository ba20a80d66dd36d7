/* test_store_jobs.c - conformance of request ids and the judge job table
 * (tutor/store.h) on every backend, with the fixture of the store
 * conformance suite (conf_fx.h: SQLite in a temporary file, or
 * PostgreSQL through with_pg.sh).
 *
 * Covered: a commit with a request id, its retry refused (TU_ECONFLICT,
 * nothing written) and found by tu_store_request_get; request ids are per
 * learner; bad ids refused; two processes racing to apply the same 20
 * requests (get-or-commit with retries, as the orchestrator does) leave
 * exactly one event per request; jobs: add, get, an idempotent add, the
 * per-learner and queue limits, claim order, renew and finish only by
 * the owner, lease expiry and a second claim, counts, purge; and two
 * processes claiming 40 jobs at once never get the same job. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conf_fx.h"
#include "tutor/store.h"

static void add(struct tu_store *s, const char *id)
{
	struct tu_err e = TU_ERR_INIT;

	assert_int_equal(tu_store_learner_add(s, id, "", 1000, &e), TU_OK);
}

static enum tu_status put(struct tu_store *s, const char *learner,
			  uint64_t expected, const char *rid, uint64_t *seq,
			  struct tu_err *e)
{
	char state[64];
	struct tu_commit c = {
		.learner = learner, .expected_version = expected,
		.type = "hint_request", .at = 2000, .payload = "{}",
		.payload_len = 2, .outputs = "{\"n\":1}", .outputs_len = 7,
		.updated = 3000, .request_id = rid,
	};

	snprintf(state, sizeof state, "{\"v\":%" PRIu64 "}", expected + 1);
	c.state_json = state;
	c.state_len = strlen(state);
	return tu_store_commit(s, &c, seq, e);
}

static uint64_t count(struct tu_store *s, const char *learner)
{
	uint64_t n = 99999;

	assert_int_equal(tu_store_event_count(s, learner, &n, NULL), TU_OK);
	return n;
}

struct found {
	uint64_t seq, version;
	char outputs[32];
	int calls;
};

static int found_one(const struct tu_event *ev, void *ctx)
{
	struct found *f = ctx;

	f->seq = ev->seq;
	f->version = ev->version;
	snprintf(f->outputs, sizeof f->outputs, "%s", ev->outputs);
	f->calls++;
	return 0;
}

/* ---- request ids ---- */

static void test_request_ids(void **state)
{
	struct fx *f = *state;
	struct tu_err e = TU_ERR_INIT;
	struct found fd = { 0 };
	uint64_t seq = 0, seq2 = 0;

	add(f->s, "ada");
	add(f->s, "bob");
	assert_int_equal(tu_store_request_get(f->s, "ada", "r-1", found_one,
					      &fd, &e), TU_ENOTFOUND);
	assert_int_equal(put(f->s, "ada", 0, "r-1", &seq, &e), TU_OK);
	/* the retry: refused, nothing written, the first one is found */
	assert_int_equal(put(f->s, "ada", 1, "r-1", NULL, &e), TU_ECONFLICT);
	assert_int_equal(count(f->s, "ada"), 1);
	assert_int_equal(tu_store_request_get(f->s, "ada", "r-1", found_one,
					      &fd, &e), TU_OK);
	assert_int_equal(fd.calls, 1);
	assert_int_equal(fd.seq, seq);
	assert_int_equal(fd.version, 1);
	assert_string_equal(fd.outputs, "{\"n\":1}");
	/* per learner; none and "" are no request id */
	assert_int_equal(put(f->s, "bob", 0, "r-1", &seq2, &e), TU_OK);
	assert_true(seq2 > seq);
	assert_int_equal(put(f->s, "ada", 1, NULL, NULL, &e), TU_OK);
	assert_int_equal(put(f->s, "ada", 2, "", NULL, &e), TU_OK);
	assert_int_equal(count(f->s, "ada"), 3);
	/* malformed ids are refused before anything is written */
	assert_int_equal(put(f->s, "ada", 3, "bad id", NULL, &e), TU_EINVAL);
	assert_int_equal(tu_store_request_get(f->s, "ada", "x/y", found_one,
					      &fd, &e), TU_EINVAL);
	assert_int_equal(tu_store_request_get(f->s, "ada", "", found_one,
					      &fd, &e), TU_EINVAL);
	assert_true(tu_store_request_id_ok("Idem:2026-11-23_a.b"));
	assert_false(tu_store_request_id_ok(
		"0123456789012345678901234567890123456789012345678901234567890"
		"123456789012345678901"));
	assert_int_equal(count(f->s, "ada"), 3);
	/* and they survive a reopen */
	fx_reopen(f);
	assert_int_equal(tu_store_request_get(f->s, "bob", "r-1", found_one,
					      &fd, &e), TU_OK);
	assert_int_equal(fd.seq, seq2);
}

#define N_REQ 20

/* Applies requests q0..q19 to learner "shared" as the orchestrator does:
 * already committed -> done; else commit at the current version, and on
 * a conflict look again. */
static int req_kid(const char *loc)
{
	struct tu_store *s = NULL;
	struct tu_err e = TU_ERR_INIT;
	struct tu_learner_row row;
	struct found fd = { 0 };
	char rid[16];

	if (tu_store_open(loc, NULL, &s, &e))
		return 10;
	for (int i = 0; i < N_REQ; i++) {
		enum tu_status st = TU_ECONFLICT;

		snprintf(rid, sizeof rid, "q%d", i);
		for (int tries = 0; st == TU_ECONFLICT && tries < 200;
		     tries++) {
			st = tu_store_request_get(s, "shared", rid, found_one,
						  &fd, &e);
			if (st == TU_OK)
				break;
			if (st != TU_ENOTFOUND ||
			    tu_store_learner_get(s, "shared", &row, &e))
				return 11;
			st = put(s, "shared", row.version, rid, NULL, &e);
		}
		if (st != TU_OK)
			return 12;
	}
	tu_store_close(s);
	return 0;
}

static void wait_kids(const pid_t *pid, int n)
{
	for (int i = 0; i < n; i++) {
		int status = 0;

		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
}

static void test_request_race(void **state)
{
	struct fx *f = *state;
	pid_t pid[2];

	add(f->s, "shared");
	fflush(NULL);
	for (int i = 0; i < 2; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0)
			_exit(req_kid(f->loc));
	}
	wait_kids(pid, 2);
	assert_int_equal(count(f->s, "shared"), N_REQ);
	assert_int_equal(fx_raw_int(f, f->loc, "SELECT count(DISTINCT "
				    "request_id) FROM events"), N_REQ);
}

/* ---- jobs ---- */

static void job(struct tu_job_row *j, const char *id, const char *learner,
		const char *rid)
{
	tu_job_row_init(j);
	snprintf(j->id, sizeof j->id, "%s", id);
	snprintf(j->learner, sizeof j->learner, "%s", learner);
	snprintf(j->item, sizeof j->item, "halfway-point");
	snprintf(j->lang, sizeof j->lang, "python");
	snprintf(j->request_id, sizeof j->request_id, "%s", rid);
	j->account = 7;
	j->code = (char *)(uintptr_t)"print(1)\n";
	j->code_len = 9;
	j->at = 1700000000;
	j->created = 1700000001;
}

static void add_job(struct tu_store *s, const char *id, const char *learner,
		    const char *rid)
{
	struct tu_job_row j;
	struct tu_err e = TU_ERR_INIT;
	char got[TU_STORE_JOB_ID_MAX];
	bool existed = true;

	job(&j, id, learner, rid);
	assert_int_equal(tu_store_job_add(s, &j, NULL, &existed, got, &e),
			 TU_OK);
	assert_false(existed);
	assert_string_equal(got, id);
}

static void test_job_add_get(void **state)
{
	struct fx *f = *state;
	struct tu_job_limits lim = { 2, 0 };
	struct tu_job_row j, r;
	struct tu_err e = TU_ERR_INIT;
	char got[TU_STORE_JOB_ID_MAX];
	bool existed = false;

	tu_job_row_init(&r);
	add_job(f->s, "s01", "ada", "key-1");
	assert_int_equal(tu_store_job_get(f->s, "s01", &r, &e), TU_OK);
	assert_string_equal(r.learner, "ada");
	assert_string_equal(r.item, "halfway-point");
	assert_string_equal(r.lang, "python");
	assert_string_equal(r.request_id, "key-1");
	assert_int_equal(r.code_len, 9);
	assert_string_equal(r.code, "print(1)\n");
	assert_int_equal(r.state, TU_JOB_QUEUED);
	assert_int_equal(r.account, 7);
	assert_int_equal(r.at, 1700000000);
	assert_int_equal(r.created, 1700000001);
	assert_int_equal(r.attempts, 0);
	assert_null(r.result);
	assert_string_equal(r.owner, "");
	/* the same request again: the first job, nothing added */
	job(&j, "s02", "ada", "key-1");
	assert_int_equal(tu_store_job_add(f->s, &j, &lim, &existed, got, &e),
			 TU_OK);
	assert_true(existed);
	assert_string_equal(got, "s01");
	assert_int_equal(tu_store_job_get(f->s, "s02", &r, &e), TU_ENOTFOUND);
	/* another learner may use the same key */
	add_job(f->s, "s03", "bob", "key-1");
	/* limits: ada has 1 active, 2 allowed */
	job(&j, "s04", "ada", "");
	assert_int_equal(tu_store_job_add(f->s, &j, &lim, &existed, got, &e),
			 TU_OK);
	job(&j, "s05", "ada", "");
	assert_int_equal(tu_store_job_add(f->s, &j, &lim, &existed, got, &e),
			 TU_EBUDGET);
	lim.per_learner = 0;
	lim.queued = 3;
	assert_int_equal(tu_store_job_add(f->s, &j, &lim, &existed, got, &e),
			 TU_EUNAVAIL);
	assert_int_equal(tu_store_job_get(f->s, "s05", &r, &e), TU_ENOTFOUND);
	/* a job id twice; bad fields */
	job(&j, "s01", "cy", "");
	assert_int_equal(tu_store_job_add(f->s, &j, NULL, NULL, got, &e),
			 TU_ECONFLICT);
	job(&j, "s06", "cy", "bad key");
	assert_int_equal(tu_store_job_add(f->s, &j, NULL, NULL, got, &e),
			 TU_EINVAL);
	job(&j, "s06", "cy", "");
	j.code_len = 0;
	assert_int_equal(tu_store_job_add(f->s, &j, NULL, NULL, got, &e),
			 TU_EINVAL);
	assert_int_equal(tu_store_job_get(f->s, "s06", &r, &e), TU_ENOTFOUND);
	tu_job_row_release(&r);
}

static void test_job_lifecycle(void **state)
{
	struct fx *f = *state;
	struct tu_job_outcome done = { TU_JOB_DONE, "{\"verdict\":\"AC\"}",
				       16, NULL, 42, 1700000100 };
	struct tu_job_outcome bad = { TU_JOB_ERROR, NULL, 0, "judge died",
				      0, 1700000200 };
	struct tu_job_counts n;
	struct tu_job_row r;
	struct tu_err e = TU_ERR_INIT;
	uint64_t purged = 0;

	tu_job_row_init(&r);
	assert_int_equal(tu_store_job_claim(f->s, "A", 1000, 500, &r, &e),
			 TU_ENOTFOUND);
	add_job(f->s, "j1", "ada", "");
	add_job(f->s, "j2", "bob", "");
	assert_int_equal(tu_store_job_counts(f->s, NULL, &n, &e), TU_OK);
	assert_int_equal(n.queued, 2);
	assert_int_equal(n.running, 0);
	/* oldest first */
	assert_int_equal(tu_store_job_claim(f->s, "A", 1000, 500, &r, &e),
			 TU_OK);
	assert_string_equal(r.id, "j1");
	assert_int_equal(r.state, TU_JOB_RUNNING);
	assert_string_equal(r.owner, "A");
	assert_int_equal(r.lease_until, 1500);
	assert_int_equal(r.attempts, 1);
	assert_string_equal(r.code, "print(1)\n");
	assert_int_equal(tu_store_job_claim(f->s, "B", 1100, 500, &r, &e),
			 TU_OK);
	assert_string_equal(r.id, "j2");
	assert_int_equal(tu_store_job_counts(f->s, "ada", &n, &e), TU_OK);
	assert_int_equal(n.queued, 0);
	assert_int_equal(n.running, 1);
	/* nothing left while the leases hold */
	assert_int_equal(tu_store_job_claim(f->s, "C", 1400, 500, &r, &e),
			 TU_ENOTFOUND);
	/* only the owner renews; A keeps j1 until 2000 */
	assert_int_equal(tu_store_job_renew(f->s, "j1", "B", 1450, 500, &e),
			 TU_ECONFLICT);
	assert_int_equal(tu_store_job_renew(f->s, "j1", "A", 1500, 500, &e),
			 TU_OK);
	assert_int_equal(tu_store_job_renew(f->s, "nope", "A", 1500, 500, &e),
			 TU_ENOTFOUND);
	/* B's lease on j2 ran out at 1600: C takes it over */
	assert_int_equal(tu_store_job_claim(f->s, "C", 1700, 500, &r, &e),
			 TU_OK);
	assert_string_equal(r.id, "j2");
	assert_int_equal(r.attempts, 2);
	assert_string_equal(r.owner, "C");
	assert_int_equal(tu_store_job_claim(f->s, "D", 1900, 500, &r, &e),
			 TU_ENOTFOUND);
	/* A's renewed lease on j1 ran out at 2000 */
	assert_int_equal(tu_store_job_claim(f->s, "D", 2100, 500, &r, &e),
			 TU_OK);
	assert_string_equal(r.id, "j1");
	assert_int_equal(r.attempts, 2);
	/* the old owner can neither renew nor finish */
	assert_int_equal(tu_store_job_finish(f->s, "j1", "A", &done, &e),
			 TU_ECONFLICT);
	assert_int_equal(tu_store_job_renew(f->s, "j1", "A", 2100, 500, &e),
			 TU_ECONFLICT);
	assert_int_equal(tu_store_job_finish(f->s, "j1", "D", &done, &e),
			 TU_OK);
	assert_int_equal(tu_store_job_finish(f->s, "j1", "D", &done, &e),
			 TU_ECONFLICT);            /* once */
	assert_int_equal(tu_store_job_get(f->s, "j1", &r, &e), TU_OK);
	assert_int_equal(r.state, TU_JOB_DONE);
	assert_string_equal(r.result, "{\"verdict\":\"AC\"}");
	assert_int_equal(r.result_len, 16);
	assert_int_equal(r.seq, 42);
	assert_int_equal(r.finished, 1700000100);
	assert_string_equal(r.owner, "D");
	assert_int_equal(tu_store_job_finish(f->s, "j2", "B", &bad, &e),
			 TU_ECONFLICT);
	assert_int_equal(tu_store_job_finish(f->s, "j2", "C", &bad, &e),
			 TU_OK);
	assert_int_equal(tu_store_job_get(f->s, "j2", &r, &e), TU_OK);
	assert_int_equal(r.state, TU_JOB_ERROR);
	assert_string_equal(r.error, "judge died");
	assert_null(r.result);
	/* finished jobs are never claimed again */
	assert_int_equal(tu_store_job_claim(f->s, "D", 99000, 500, &r, &e),
			 TU_ENOTFOUND);
	assert_int_equal(tu_store_job_counts(f->s, NULL, &n, &e), TU_OK);
	assert_int_equal(n.queued + n.running, 0);
	/* bad arguments */
	assert_int_equal(tu_store_job_claim(f->s, "", 1, 1, &r, &e),
			 TU_EINVAL);
	assert_int_equal(tu_store_job_claim(f->s, "A", 1, 0, &r, &e),
			 TU_EINVAL);
	done.result_len = 0;
	assert_int_equal(tu_store_job_finish(f->s, "j1", "C", &done, &e),
			 TU_EINVAL);
	/* purge: finished before 1700000150 */
	assert_int_equal(tu_store_job_purge(f->s, 1700000150, &purged, &e),
			 TU_OK);
	assert_int_equal(purged, 1);
	assert_int_equal(tu_store_job_get(f->s, "j1", &r, &e), TU_ENOTFOUND);
	assert_int_equal(tu_store_job_get(f->s, "j2", &r, &e), TU_OK);
	tu_job_row_release(&r);
}

#define N_JOBS 40

/* Claims and finishes jobs until none is left, writing each id claimed
 * as a line to fd. */
static int claim_kid(const char *loc, const char *owner, int fd, int go)
{
	struct tu_job_outcome o = { TU_JOB_DONE, "{}", 2, NULL, 0, 1 };
	struct tu_store *s = NULL;
	struct tu_err e = TU_ERR_INIT;
	struct tu_job_row r;
	char line[40], c;
	enum tu_status st;

	if (tu_store_open(loc, NULL, &s, &e))
		return 30;
	if (read(go, &c, 1) < 0)
		return 31;
	tu_job_row_init(&r);
	while ((st = tu_store_job_claim(s, owner, 1000, 600000, &r, &e)) ==
	       TU_OK) {
		int n = snprintf(line, sizeof line, "%s\n", r.id);

		if (write(fd, line, (size_t)n) != n)
			return 32;
		if (tu_store_job_finish(s, r.id, owner, &o, &e))
			return 33;
	}
	tu_job_row_release(&r);
	tu_store_close(s);
	return st == TU_ENOTFOUND ? 0 : 34;
}

static void test_job_claim_race(void **state)
{
	struct fx *f = *state;
	static char buf[N_JOBS * 16 + 64];
	int seen[N_JOBS] = { 0 }, out[2], gun[2], id, total = 0;
	char name[16];
	pid_t pid[2];
	ssize_t n, got = 0;

	for (int i = 0; i < N_JOBS; i++) {
		snprintf(name, sizeof name, "j%02d", i);
		add_job(f->s, name, i % 2 ? "ada" : "bob", "");
	}
	assert_int_equal(pipe(out), 0);
	assert_int_equal(pipe(gun), 0);
	fflush(NULL);
	for (int i = 0; i < 2; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			close(out[0]);
			close(gun[1]);
			_exit(claim_kid(f->loc, i ? "kid-1" : "kid-0", out[1],
					gun[0]));
		}
	}
	close(out[1]);
	close(gun[0]);
	close(gun[1]);
	while ((n = read(out[0], buf + got, sizeof buf - 1 - (size_t)got)) > 0)
		got += n;
	close(out[0]);
	wait_kids(pid, 2);
	buf[got] = '\0';
	for (char *p = buf; *p; p = strchr(p, '\n') + 1) {
		assert_int_equal(sscanf(p, "j%d", &id), 1);
		assert_true(id >= 0 && id < N_JOBS);
		seen[id]++;
		total++;
	}
	assert_int_equal(total, N_JOBS);
	for (int i = 0; i < N_JOBS; i++)
		assert_int_equal(seen[i], 1);      /* never claimed twice */
	assert_int_equal(fx_raw_int(f, f->loc, "SELECT count(*) FROM jobs "
				    "WHERE state = 'done'"), N_JOBS);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_request_ids),
		T(test_request_race),
		T(test_job_add_get),
		T(test_job_lifecycle),
		T(test_job_claim_race),
	};
	const char *loc = getenv("TUTOR_TEST_STORE");

	printf("store jobs conformance on %s\n", loc && loc[0] ?
	       "PostgreSQL (TUTOR_TEST_STORE)" : "SQLite");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
