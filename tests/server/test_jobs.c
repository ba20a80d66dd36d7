/*
 * test_jobs.c - the asynchronous judge (src/server/jobs.c, jobs_proc.c)
 * with a stand-in finish hook: the result codec round trip, submissions
 * judged in the judge processes (AC and CE reach the hook with the right
 * verdict, a hook error makes the job "error"), refusals checked before
 * queueing, the per-learner limit, event streams (a stream that must wait
 * is parked and woken, then ends with the result), a stop that leaves
 * queued jobs for the next start, an idempotent submit, and a job whose
 * owner died taken over after its lease.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "jobs.h"
#include "srv.h"

static struct tu_srv srv;
static char tmpdir[] = "/tmp/tutor-jobs-XXXXXX";
static char db[256];
static atomic_int finished_calls;
static atomic_int fail_next;

static char last_job[TU_JOB_ID_MAX];

static enum tu_status fake_finish(struct tu_srv *s, struct tu_srv_ctx *ctx,
				  const struct tu_job_submit *job,
				  const struct tu_judge_result *judged,
				  json_t **result, struct tu_err *err)
{
	(void)s;
	assert_non_null(ctx);
	assert_non_null(ctx->store);
	assert_non_null(job->id);
	snprintf(last_job, sizeof(last_job), "%s", job->id);
	atomic_fetch_add(&finished_calls, 1);
	if (atomic_exchange(&fail_next, 0))
		return tu_err_set(err, TU_EIO, "recording failed on purpose");
	*result = json_pack("{s:s,s:s,s:i}", "verdict",
			    tu_verdict_name(judged->verdict), "learner",
			    job->learner, "cases", (int)judged->n_cases);
	return TU_OK;
}

static int setup(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	char course[512];
	const char *src = getenv("TUTOR_SOURCE");

	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(db, sizeof(db), "%s/t.db", tmpdir);
	snprintf(course, sizeof(course), "%s/courses/python",
		 src ? src : ".");
	memset(&srv, 0, sizeof(srv));
	tu_server_config_default(&srv.cfg);
	srv.cfg.db_path = db;
	srv.serial = 4242;
	pthread_mutex_init(&srv.ctx_lock, NULL);
	tu_assist_config_default(&srv.assist_cfg);
	tu_course_init(&srv.course);
	tu_agent_config_default(&srv.agents);
	if (tu_course_load(course, &srv.course, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	tu_course_release(&srv.course);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Frees the contexts the workers registered. */
static void free_ctxs(void)
{
	struct tu_srv_ctx *c = srv.ctxs, *next;

	for (; c; c = next) {
		next = c->next;
		tu_assist_free(c->assist);
		tu_orch_release(&c->orch);
		tu_store_close(c->store);
		free(c);
	}
	srv.ctxs = NULL;
}

static const char ok_code[] = "def halfway(a, b):\n    return (a + b) / 2\n";
static const char ce_code[] = "def halfway(a, b)\n    return 1\n";
static const char slow_code[] = "def halfway(a, b):\n    while True:\n"
				"        pass\n";

static enum tu_status submit(struct tu_jobs *j, const char *learner,
			     const char *code, char id[TU_JOB_ID_MAX],
			     struct tu_err *err)
{
	struct tu_job_submit in = {
		learner, 1, "halfway-point", TU_LANG_PYTHON, code,
		strlen(code), 1700000000, NULL, NULL
	};

	return tu_jobs_submit(j, &in, id, NULL, err);
}

/* Waits until job id is finished; returns its view (release it). */
static void wait_done(struct tu_jobs *j, const char *id,
		      struct tu_job_view *v)
{
	struct tu_err err = TU_ERR_INIT;

	for (int i = 0; i < 600; i++) {
		assert_int_equal(tu_jobs_get(j, id, v, &err), TU_OK);
		if (v->status == TU_JOB_DONE || v->status == TU_JOB_ERROR)
			return;
		tu_job_view_release(v);
		usleep(50000);
	}
	fail_msg("job %s did not finish", id);
}

static void codec_round_trip(void **state)
{
	struct tu_judge_result r, back;
	struct tu_case_result cases[2];
	struct tu_judge_tag tag;
	struct tu_review_finding f;
	struct tu_err err = TU_ERR_INIT;
	char *enc;
	size_t n = 0;

	(void)state;
	memset(&r, 0, sizeof(r));
	memset(cases, 0, sizeof(cases));
	memset(&tag, 0, sizeof(tag));
	memset(&f, 0, sizeof(f));
	r.verdict = TU_VERDICT_WA;
	snprintf(r.message, sizeof(r.message), "top \"message\"");
	snprintf(cases[0].name, sizeof(cases[0].name), "public one");
	cases[0].verdict = TU_VERDICT_WA;
	cases[0].input_json = (char *)(uintptr_t)"{\"a\":1}";
	cases[0].expected_json = (char *)(uintptr_t)"2";
	cases[0].actual_json = (char *)(uintptr_t)"3";
	cases[0].output = (char *)(uintptr_t)"printed\n";
	cases[0].time_s = 0.25;
	snprintf(cases[1].name, sizeof(cases[1].name), "hidden one");
	cases[1].hidden = true;
	cases[1].verdict = TU_VERDICT_AC;
	cases[1].expected_json = (char *)(uintptr_t)"[1,2]";
	r.cases = cases;
	r.n_cases = 2;
	snprintf(tag.tag, sizeof(tag.tag), "off-by-one");
	snprintf(tag.topic, sizeof(tag.topic), "loops");
	r.tags = &tag;
	r.n_tags = 1;
	snprintf(f.rule, sizeof(f.rule), "nested-loop");
	f.line = 7;
	r.review = &f;
	r.n_review = 1;
	r.wall_s = 1.5;
	enc = tu_jobs_result_encode(&r, &n);
	assert_non_null(enc);
	assert_int_equal(tu_jobs_result_decode(enc, n, &back, &err), TU_OK);
	assert_int_equal(back.verdict, TU_VERDICT_WA);
	assert_string_equal(back.message, r.message);
	assert_int_equal(back.n_cases, 2);
	assert_string_equal(back.cases[0].input_json, "{\"a\":1}");
	assert_string_equal(back.cases[0].actual_json, "3");
	assert_string_equal(back.cases[0].output, "printed\n");
	assert_true(back.cases[1].hidden);
	assert_null(back.cases[1].input_json);
	assert_string_equal(back.cases[1].expected_json, "[1,2]");
	assert_true(back.cases[0].time_s == 0.25);
	assert_string_equal(back.tags[0].topic, "loops");
	assert_int_equal(back.review[0].line, 7);
	assert_null(back.diagnostics);
	tu_judge_result_release(&back);
	free(enc);
	assert_int_equal(tu_jobs_result_decode("[1]", 3, &back, &err),
			 TU_EPARSE);
	assert_int_equal(tu_jobs_result_decode("{", 1, &back, &err),
			 TU_EPARSE);
}

static void refusals(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_jobs *j;
	struct tu_job_view v;
	char id[TU_JOB_ID_MAX];
	struct tu_job_submit in = {
		"ada", 1, "halfway-point", TU_LANG_C, ok_code,
		strlen(ok_code), 0, NULL, NULL
	};
	static const char bad_utf8[] = "def f():\n    return '\xff'\n";

	(void)state;
	assert_int_equal(tu_jobs_new(&srv, 1, fake_finish, &j, &err), TU_OK);
	/* the problem is Python-only */
	assert_int_equal(tu_jobs_submit(j, &in, id, NULL, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "lang"));
	in.lang = TU_LANG_PYTHON;
	in.item = "no-such-problem";
	assert_int_equal(tu_jobs_submit(j, &in, id, NULL, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "no problem"));
	in.item = "halfway-point";
	in.len = 0;
	assert_int_equal(tu_jobs_submit(j, &in, id, NULL, &err), TU_EINVAL);
	in.code = bad_utf8;
	in.len = sizeof(bad_utf8) - 1;
	assert_int_equal(tu_jobs_submit(j, &in, id, NULL, &err), TU_EINVAL);
	in.len = TU_JUDGE_MAX_SOURCE + 1;
	assert_int_equal(tu_jobs_submit(j, &in, id, NULL, &err), TU_EINVAL);
	in.len = strlen(ok_code);
	in.code = ok_code;
	in.request_id = "bad key";
	assert_int_equal(tu_jobs_submit(j, &in, id, NULL, &err), TU_EINVAL);
	assert_string_equal(id, "");
	assert_int_equal(tu_jobs_get(j, "s0000000000000000", &v, &err),
			 TU_ENOTFOUND);
	tu_jobs_free(j);
	free_ctxs();
}

static void judged_and_finished(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_jobs_stats st;
	struct tu_jobs *j;
	struct tu_job_view v;
	char ok[TU_JOB_ID_MAX], ce[TU_JOB_ID_MAX], bad[TU_JOB_ID_MAX];
	json_t *o;

	(void)state;
	assert_int_equal(tu_jobs_new(&srv, 2, fake_finish, &j, &err), TU_OK);
	assert_int_equal(submit(j, "ada", ok_code, ok, &err), TU_OK);
	assert_int_equal(ok[0], 's');
	assert_int_equal(strlen(ok), 17);
	assert_int_equal(submit(j, "ada", ce_code, ce, &err), TU_OK);
	assert_string_not_equal(ok, ce);
	wait_done(j, ok, &v);
	assert_int_equal(v.status, TU_JOB_DONE);
	assert_string_equal(json_string_value(json_object_get(v.result,
			    "verdict")), "AC");
	assert_string_equal(v.item, "halfway-point");
	o = tu_job_view_json(&v);
	assert_string_equal(json_string_value(json_object_get(o, "status")),
			    "done");
	assert_non_null(json_object_get(o, "result"));
	assert_null(json_object_get(o, "error"));
	json_decref(o);
	tu_job_view_release(&v);
	wait_done(j, ce, &v);
	assert_string_equal(json_string_value(json_object_get(v.result,
			    "verdict")), "CE");
	tu_job_view_release(&v);
	/* a hook failure: the job is an error with the hook's message */
	atomic_store(&fail_next, 1);
	assert_int_equal(submit(j, "bob", ok_code, bad, &err), TU_OK);
	wait_done(j, bad, &v);
	assert_int_equal(v.status, TU_JOB_ERROR);
	assert_string_equal(v.error, "recording failed on purpose");
	assert_null(v.result);
	o = tu_job_view_json(&v);
	assert_string_equal(json_string_value(json_object_get(o, "error")),
			    "recording failed on purpose");
	assert_null(json_object_get(o, "result"));
	json_decref(o);
	tu_job_view_release(&v);
	tu_jobs_stats(j, &st);
	assert_int_equal(st.done, 2);
	assert_int_equal(st.failed, 1);
	assert_int_equal(st.judges_alive, 2);
	tu_jobs_free(j);
	free_ctxs();
}

struct waker_state {
	atomic_int suspended, resumed;
};

static void w_suspend(void *ud)
{
	atomic_fetch_add(&((struct waker_state *)ud)->suspended, 1);
}

static void w_resume(void *ud)
{
	atomic_fetch_add(&((struct waker_state *)ud)->resumed, 1);
}

/* Reads the whole stream of id, waiting while it is parked. */
static void read_stream(struct tu_jobs *j, const char *id, char *out,
			size_t cap, struct waker_state *ws)
{
	struct tu_job_waker w = { w_suspend, w_resume, ws };
	struct tu_job_stream *st = tu_job_stream_new(j, id);
	size_t o = 0;
	ssize_t n;

	assert_non_null(st);
	for (int spins = 0; spins < 2000; spins++) {
		n = tu_job_stream_read(st, out + o, cap - 1 - o > 7 ? 7 :
				       cap - 1 - o, &w);
		if (n < 0)
			break;
		if (n == 0) {
			/* parked: wait until woken */
			while (atomic_load(&ws->resumed) <
			       atomic_load(&ws->suspended))
				usleep(10000);
			continue;
		}
		o += (size_t)n;
	}
	out[o] = '\0';
	tu_job_stream_free(st);
}

static void event_streams(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	struct waker_state ws = { 0, 0 };
	struct tu_jobs *j;
	char id[TU_JOB_ID_MAX], text[8192];

	(void)state;
	assert_int_equal(tu_jobs_new(&srv, 1, fake_finish, &j, &err), TU_OK);
	assert_int_equal(submit(j, "cy", slow_code, id, &err), TU_OK);
	read_stream(j, id, text, sizeof(text), &ws);
	/* it had to wait at least once, and was woken as often */
	assert_true(atomic_load(&ws.suspended) >= 1);
	assert_int_equal(atomic_load(&ws.resumed), atomic_load(&ws.suspended));
	assert_non_null(strstr(text, "event: status\ndata: {\"id\":\""));
	assert_non_null(strstr(text, "\"status\":\"running\"}\n\n"));
	assert_non_null(strstr(text, "event: result\ndata: "));
	assert_non_null(strstr(text, "\"verdict\":\"TLE\""));
	/* a finished job: the result at once; an unknown one: an error */
	read_stream(j, id, text, sizeof(text), &ws);
	assert_true(strncmp(text, "event: result\n", 14) == 0);
	read_stream(j, "snope", text, sizeof(text), &ws);
	assert_true(strncmp(text, "event: error\n", 13) == 0);
	/* closed streams end at once */
	tu_jobs_close_streams(j);
	read_stream(j, id, text, sizeof(text), &ws);
	assert_string_equal(text, "");
	tu_jobs_free(j);
	free_ctxs();
}

static void learner_limit_and_drain(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_jobs_stats st;
	struct tu_jobs *j;
	char id[TU_JOB_ID_MAX];
	int before;

	(void)state;
	assert_int_equal(tu_jobs_new(&srv, 1, fake_finish, &j, &err), TU_OK);
	before = atomic_load(&finished_calls);
	for (int i = 0; i < TU_JOBS_PER_LEARNER; i++)
		assert_int_equal(submit(j, "dee", ok_code, id, &err), TU_OK);
	assert_int_equal(submit(j, "dee", ok_code, id, &err), TU_EBUDGET);
	/* another learner is not affected */
	assert_int_equal(submit(j, "eve", ok_code, id, &err), TU_OK);
	tu_jobs_stats(j, &st);
	assert_int_equal(st.rejected, 1);
	/* stopping finishes the running job and leaves the queued ones in
	 * the table; the next start judges them */
	tu_jobs_free(j);
	free_ctxs();
	assert_true(atomic_load(&finished_calls) - before <=
		    TU_JOBS_PER_LEARNER + 1);
	assert_int_equal(tu_jobs_new(&srv, 1, fake_finish, &j, &err), TU_OK);
	for (int i = 0; i < 600 && atomic_load(&finished_calls) - before <
	     TU_JOBS_PER_LEARNER + 1; i++)
		usleep(50000);
	assert_int_equal(atomic_load(&finished_calls) - before,
			 TU_JOBS_PER_LEARNER + 1);
	tu_jobs_stats(j, &st);
	assert_int_equal(st.queued + st.running, 0);
	tu_jobs_free(j);
	free_ctxs();
}

/* A retried submission with the same key gets the same job. */
static void idempotent_submit(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_jobs *j;
	struct tu_job_view v;
	char a[TU_JOB_ID_MAX], b[TU_JOB_ID_MAX];
	bool existed = true;
	struct tu_job_submit in = {
		"fay", 1, "halfway-point", TU_LANG_PYTHON, ok_code,
		strlen(ok_code), 1700000000, "key-1", NULL
	};
	int before;

	(void)state;
	assert_int_equal(tu_jobs_new(&srv, 1, fake_finish, &j, &err), TU_OK);
	before = atomic_load(&finished_calls);
	assert_int_equal(tu_jobs_submit(j, &in, a, &existed, &err), TU_OK);
	assert_false(existed);
	assert_int_equal(tu_jobs_submit(j, &in, b, &existed, &err), TU_OK);
	assert_true(existed);
	assert_string_equal(a, b);
	wait_done(j, a, &v);
	tu_job_view_release(&v);
	assert_int_equal(tu_jobs_submit(j, &in, b, &existed, &err), TU_OK);
	assert_true(existed);
	assert_string_equal(a, b);
	tu_jobs_free(j);
	assert_int_equal(atomic_load(&finished_calls) - before, 1);
	free_ctxs();
}

/* A job claimed by a worker that died (its lease ran out) is judged by
 * the next server's workers, with its own id for the hook. */
static void expired_lease_taken_over(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_store *st = NULL;
	struct tu_job_row r, got;
	struct tu_jobs *j;
	struct tu_job_view v;
	char id[TU_JOB_ID_MAX];

	(void)state;
	assert_int_equal(tu_store_open(db, NULL, &st, &err), TU_OK);
	tu_job_row_init(&r);
	tu_job_row_init(&got);
	snprintf(r.id, sizeof(r.id), "sdead000000000001");
	snprintf(r.learner, sizeof(r.learner), "gus");
	snprintf(r.item, sizeof(r.item), "halfway-point");
	snprintf(r.lang, sizeof(r.lang), "python");
	r.code = (char *)(uintptr_t)ok_code;
	r.code_len = strlen(ok_code);
	r.at = 1700000000;
	assert_int_equal(tu_store_job_add(st, &r, NULL, NULL, id, &err),
			 TU_OK);
	/* "claimed" long ago by a server that is gone */
	assert_int_equal(tu_store_job_claim(st, "dead:1:w0", 1000, 100, &got,
					    &err), TU_OK);
	assert_string_equal(got.id, "sdead000000000001");
	tu_job_row_release(&got);
	assert_int_equal(tu_jobs_new(&srv, 1, fake_finish, &j, &err), TU_OK);
	wait_done(j, "sdead000000000001", &v);
	assert_int_equal(v.status, TU_JOB_DONE);
	assert_string_equal(last_job, "sdead000000000001");
	tu_job_view_release(&v);
	assert_int_equal(tu_store_job_get(st, "sdead000000000001", &got,
					  &err), TU_OK);
	assert_int_equal(got.attempts, 2);
	assert_string_not_equal(got.owner, "dead:1:w0");
	tu_job_row_release(&got);
	tu_jobs_free(j);
	tu_store_close(st);
	free_ctxs();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codec_round_trip),
		cmocka_unit_test(refusals),
		cmocka_unit_test(judged_and_finished),
		cmocka_unit_test(event_streams),
		cmocka_unit_test(learner_limit_and_drain),
		cmocka_unit_test(idempotent_submit),
		cmocka_unit_test(expired_lease_taken_over),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
