/*
 * test_assist_step.c - the plan_step use of tutor/assist.h against the
 * fake OpenAI-compatible server (tests/llm/fake_openai.py) and a real
 * store: a step's text served by the LLM (path, prompt plan_step and its
 * version, model; the question and the dependencies quoted as data), an
 * answer quoting the item's reference solution or only code refused ->
 * the caller's text with the reason, no LLM -> the caller's text (or the
 * instruction), a batch of 3 whose replies each take 400 ms done in
 * well under 3 x 400 ms (the calls are in flight together), an error in
 * one call falling back for that step only, the requests budget counted
 * across a batch, and bad input refused with every result empty.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fake_server.h"
#include "fixture.h"
#include "tutor/event.h"
#include "tutor/store.h"

struct t {
	struct afx f;
	struct tu_fake_server fs;
	struct tu_store *store;
	struct tu_assist *a;
	int n_store;
};

static void no_sleep(void *ud, uint32_t ms)
{
	(void)ud;
	(void)ms;
}

static int group_setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));

	if (!t || afx_setup(&t->f) || tu_fake_start(&t->fs))
		return -1;
	*state = t;
	return 0;
}

static int group_teardown(void **state)
{
	struct t *t = *state;

	tu_fake_stop(&t->fs);
	afx_teardown(&t->f);
	free(t);
	return 0;
}

/* A fresh store and assistant (cache off); llm false: no LLM. */
static void make(struct t *t, bool llm_on, uint32_t learner_requests)
{
	struct tu_assist_config c;
	struct tu_llm_config llm;
	struct tu_err e = TU_ERR_INIT;
	char db[PATH_MAX + 32];

	tu_assist_free(t->a);
	tu_store_close(t->store);
	snprintf(db, sizeof db, "%s/s%d.db", t->f.tmp, t->n_store++);
	assert_int_equal(tu_store_open(db, NULL, &t->store, &e), TU_OK);
	tu_assist_config_default(&c);
	c.cache = false;
	c.prompts_dir = t->f.prompts;
	if (learner_requests)
		c.learner_requests_day = learner_requests;
	tu_llm_config_default(&llm);
	if (llm_on) {
		snprintf(llm.base_url, sizeof llm.base_url, "%s",
			 t->fs.base_url);
		snprintf(llm.model, sizeof llm.model, "fake-model");
	}
	llm.max_retries = 0;
	llm.timeout_ms = 3000;
	llm.connect_timeout_ms = 2000;
	assert_int_equal(tu_assist_new(&c, &llm, t->store, &t->f.course,
				       &t->a, &e), TU_OK);
	tu_assist_set_sleep(t->a, no_sleep, NULL);
	assert_int_equal(tu_fake_reset(&t->fs), 0);
}

static int setup(void **state)
{
	make(*state, true, 0);
	return 0;
}

static int teardown(void **state)
{
	struct t *t = *state;

	tu_assist_free(t->a);
	tu_store_close(t->store);
	t->a = NULL;
	t->store = NULL;
	return 0;
}

/* Queues a completion {"text": text} for the request containing match
 * (NULL: any), after delay_ms; status != 200 queues an error instead. */
static void script(struct t *t, const char *match, const char *text,
		   int delay_ms, int status)
{
	json_t *answer = json_pack("{s:s}", "text", text ? text : "");
	char *content = json_dumps(answer, JSON_COMPACT);
	json_t *item;
	char *s;

	json_decref(answer);
	assert_non_null(content);
	if (status != 200)
		item = json_pack("{s:i, s:{s:{s:s}}}", "status", status,
				 "json", "error", "message", "broken");
	else
		item = json_pack("{s:{s:s, s:s, s:[{s:i, s:s, s:{s:s, s:s}}], "
				 "s:{s:i, s:i, s:i}}}", "json", "id", "c1",
				 "object", "chat.completion", "choices",
				 "index", 0, "finish_reason", "stop",
				 "message", "role", "assistant", "content",
				 content, "usage", "prompt_tokens", 100,
				 "completion_tokens", 20, "total_tokens", 120);
	assert_non_null(item);
	if (delay_ms)
		json_object_set_new(item, "delay_ms", json_integer(delay_ms));
	if (match)
		json_object_set_new(item, "match", json_string(match));
	s = json_dumps(item, JSON_COMPACT);
	assert_int_equal(tu_fake_script(&t->fs, s), 0);
	free(s);
	free(content);
	json_decref(item);
}

static const struct tu_assist_step_dep DEPS[] = {
	{ "s1-probe", "I think a function just prints the sum", true },
	{ "s2-search", "- Functions (act-functions)\n    return gives a "
	  "value back", false },
};

static struct tu_assist_step_in step_in(struct t *t, const char *id,
					const char *fallback)
{
	struct tu_assist_step_in in;

	memset(&in, 0, sizeof in);
	in.query = "How do I count vowels in a word?";
	in.step_id = id;
	in.objective = "Explain the idea step by step";
	in.instruction = "Explain the idea of counting with a loop, step by "
			 "step";
	in.expected_output = "a short explanation";
	in.deps = DEPS;
	in.n_deps = 2;
	in.problem = afx_problem(&t->f, "count-vowels");
	in.fallback = fallback;
	return in;
}

static const char *user_message(json_t *req)
{
	json_t *m = json_array_get(json_object_get(req, "messages"), 1);

	assert_string_equal(json_string_value(json_object_get(m, "role")),
			    "user");
	return json_string_value(json_object_get(m, "content"));
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1000.0 +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* ---- one step ---- */

static void test_served(void **state)
{
	struct t *t = *state;
	struct tu_assist_step_in in = step_in(t, "s3-explain", "plain text");
	struct tu_assist_who w = afx_who("ada", 0.2);
	struct tu_assist_result r;
	struct tu_err e = TU_ERR_INIT;
	json_t *req;
	const char *user;

	script(t, NULL, "A loop visits each letter; keep a counter and add "
	       "one for every vowel.", 0, 200);
	assert_int_equal(tu_assist_plan_step(t->a, &w, &in, &r, &e), TU_OK);
	assert_int_equal(r.path, TU_LLM_PATH_JSON_SCHEMA);
	assert_string_equal(r.text, "A loop visits each letter; keep a counter "
			    "and add one for every vowel.");
	assert_string_equal(r.prompt, "plan_step");
	assert_int_equal(r.prompt_version, 1);
	assert_string_equal(r.model, "fake-model");
	assert_string_equal(r.reason, "");
	assert_false(r.refused);
	tu_assist_result_release(&r);

	assert_int_equal(tu_fake_request_count(&t->fs), 1);
	req = tu_fake_request_json(&t->fs, 0);
	assert_non_null(req);
	user = user_message(req);
	assert_non_null(strstr(user, "Step s3-explain\nObjective: Explain the "
			       "idea step by step"));
	assert_non_null(strstr(user, "<<<LEARNER_DATA\nHow do I count vowels "
			       "in a word?\nLEARNER_DATA>>>"));
	assert_non_null(strstr(user, "Step s1-probe (the learner's answer):\n"
			       "<<<LEARNER_DATA\nI think a function just "
			       "prints the sum\nLEARNER_DATA>>>"));
	assert_non_null(strstr(user, "Step s2-search (its output):\n"
			       "<<<LEARNER_DATA\n- Functions"));
	assert_non_null(strstr(user, "Expected output: a short explanation"));
	json_decref(req);
}

static void test_refused(void **state)
{
	struct t *t = *state;
	struct tu_assist_step_in in = step_in(t, "s3-explain", "plain text");
	struct tu_assist_who w = afx_who("ada", 0.2);
	const char *sol = in.problem->solution[TU_LANG_PYTHON];
	struct tu_assist_result r;
	char answer[4096];

	assert_non_null(sol);
	snprintf(answer, sizeof answer, "Just type this:\n%s", sol);
	script(t, NULL, answer, 0, 200);
	assert_int_equal(tu_assist_plan_step(t->a, &w, &in, &r, NULL), TU_OK);
	assert_int_equal(r.path, TU_LLM_PATH_FALLBACK);
	assert_true(r.refused);
	assert_non_null(strstr(r.reason, "refused: "));
	assert_string_equal(r.text, "plain text");
	assert_string_equal(r.prompt, "");
	tu_assist_result_release(&r);

	/* Only code: stripped, then refused. */
	script(t, NULL, "```python\nprint(1)\n```", 0, 200);
	assert_int_equal(tu_assist_plan_step(t->a, &w, &in, &r, NULL), TU_OK);
	assert_true(r.refused);
	assert_string_equal(r.reason, "refused: the answer was only code");
	assert_string_equal(r.text, "plain text");
	tu_assist_result_release(&r);
}

static void test_no_llm(void **state)
{
	struct t *t = *state;
	struct tu_assist_step_in in = step_in(t, "s3-explain", NULL);
	struct tu_assist_who w = afx_who("ada", 0.2);
	struct tu_assist_result r;

	make(t, false, 0);
	assert_false(tu_assist_has_llm(t->a));
	assert_int_equal(tu_assist_plan_step(t->a, &w, &in, &r, NULL), TU_OK);
	assert_int_equal(r.path, TU_LLM_PATH_FALLBACK);
	assert_string_equal(r.reason, "no LLM configured");
	assert_string_equal(r.text, in.instruction);
	tu_assist_result_release(&r);
	assert_int_equal(tu_fake_request_count(&t->fs), 0);
}

/* ---- batches ---- */

static void test_batch_parallel(void **state)
{
	struct t *t = *state;
	static const char *const ids[] = { "s-alpha", "s-beta", "s-gamma" };
	struct tu_assist_step_in in[3];
	struct tu_assist_result r[3];
	struct tu_assist_who w = afx_who("ada", 0.5);
	struct timespec t0;
	char text[64];
	double ms;

	assert_true(tu_assist_has_llm(t->a));
	for (size_t k = 0; k < 3; k++) {
		in[k] = step_in(t, ids[k], "plain");
		snprintf(text, sizeof text, "Text for %s.", ids[k]);
		script(t, ids[k], text, 400, 200);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(tu_assist_plan_steps(t->a, &w, in, 3, r, NULL),
			 TU_OK);
	ms = ms_since(&t0);
	for (size_t k = 0; k < 3; k++) {
		snprintf(text, sizeof text, "Text for %s.", ids[k]);
		assert_int_equal(r[k].path, TU_LLM_PATH_JSON_SCHEMA);
		assert_string_equal(r[k].text, text);
		assert_string_equal(r[k].prompt, "plan_step");
		tu_assist_result_release(&r[k]);
	}
	assert_int_equal(tu_fake_request_count(&t->fs), 3);
	/* One after another would take >= 1200 ms. */
	if (ms >= 1000.0)
		fail_msg("3 x 400 ms calls took %.0f ms: not in parallel", ms);
	assert_true(ms >= 400.0);
}

static void test_batch_one_fails(void **state)
{
	struct t *t = *state;
	static const char *const ids[] = { "s-alpha", "s-beta", "s-gamma" };
	struct tu_assist_step_in in[3];
	struct tu_assist_result r[3];
	struct tu_assist_who w = afx_who("ada", 0.5);
	struct tu_store_usage u;

	for (size_t k = 0; k < 3; k++)
		in[k] = step_in(t, ids[k], k == 1 ? "beta plain" : "plain");
	script(t, "s-beta", NULL, 50, 500);
	script(t, "s-alpha", "Alpha text.", 50, 200);
	script(t, "s-gamma", "Gamma text.", 0, 200);
	assert_int_equal(tu_assist_plan_steps(t->a, &w, in, 3, r, NULL),
			 TU_OK);
	assert_string_equal(r[0].text, "Alpha text.");
	assert_int_equal(r[0].path, TU_LLM_PATH_JSON_SCHEMA);
	assert_int_equal(r[1].path, TU_LLM_PATH_FALLBACK);
	assert_string_equal(r[1].text, "beta plain");
	assert_non_null(strstr(r[1].reason, "llm: "));
	assert_false(r[1].refused);
	assert_string_equal(r[2].text, "Gamma text.");
	assert_int_equal(r[2].path, TU_LLM_PATH_JSON_SCHEMA);
	for (size_t k = 0; k < 3; k++)
		tu_assist_result_release(&r[k]);
	/* Every call was counted on the calling thread. */
	assert_int_equal(tu_store_llm_usage_get(t->store, "ada", 20454, &u,
						NULL), TU_OK);
	assert_int_equal(u.requests, 3);
	assert_int_equal(u.tokens, 240);
}

static void test_batch_budget(void **state)
{
	struct t *t = *state;
	static const char *const ids[] = { "s-alpha", "s-beta", "s-gamma" };
	struct tu_assist_step_in in[3];
	struct tu_assist_result r[3];
	struct tu_assist_who w = afx_who("ada", 0.5);

	make(t, true, 2);
	for (size_t k = 0; k < 3; k++) {
		in[k] = step_in(t, ids[k], "plain");
		script(t, ids[k], "LLM text.", 0, 200);
	}
	assert_int_equal(tu_assist_plan_steps(t->a, &w, in, 3, r, NULL),
			 TU_OK);
	assert_int_equal(r[0].path, TU_LLM_PATH_JSON_SCHEMA);
	assert_int_equal(r[1].path, TU_LLM_PATH_JSON_SCHEMA);
	assert_int_equal(r[2].path, TU_LLM_PATH_FALLBACK);
	assert_non_null(strstr(r[2].reason, "budget: learner requests"));
	assert_string_equal(r[2].text, "plain");
	for (size_t k = 0; k < 3; k++)
		tu_assist_result_release(&r[k]);
	assert_int_equal(tu_fake_request_count(&t->fs), 2);
}

static void test_bad_input(void **state)
{
	struct t *t = *state;
	struct tu_assist_step_in in[2];
	struct tu_assist_result r[2];
	struct tu_assist_who w = afx_who("ada", 0.5);
	struct tu_err e = TU_ERR_INIT;

	in[0] = step_in(t, "s-alpha", "plain");
	in[1] = step_in(t, "s-beta", "plain");
	in[1].instruction = NULL;
	assert_int_equal(tu_assist_plan_steps(t->a, &w, in, 2, r, &e),
			 TU_EINVAL);
	assert_non_null(strstr(e.msg, "in[1]"));
	assert_null(r[0].text);
	assert_null(r[1].text);
	in[1] = step_in(t, "s-beta", "bad \xff utf-8");
	assert_int_equal(tu_assist_plan_steps(t->a, &w, in, 2, r, &e),
			 TU_EINVAL);
	in[1] = step_in(t, "s-beta", "plain");
	in[1].n_deps = TU_ASSIST_STEP_DEPS_MAX + 1;
	assert_int_equal(tu_assist_plan_steps(t->a, &w, in, 2, r, &e),
			 TU_EINVAL);
	assert_int_equal(tu_assist_plan_steps(t->a, &w, in, 0, r, &e),
			 TU_EINVAL);
	assert_int_equal(tu_fake_request_count(&t->fs), 0);
	assert_string_equal(tu_assist_use_name(TU_USE_PLAN_STEP), "plan_step");
	assert_true(tu_ev_assist_use_ok("plan_step"));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_served),
		T(test_refused),
		T(test_no_llm),
		T(test_batch_parallel),
		T(test_batch_one_fails),
		T(test_batch_budget),
		T(test_bad_input),
	};
#undef T

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
