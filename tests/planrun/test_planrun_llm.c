/*
 * test_planrun_llm.c - the plan runner's text steps with an LLM (the
 * fake OpenAI-compatible server, tests/llm/fake_openai.py): a plan with
 * two independent text steps after a turn gets both served in one batch
 * (each reply takes 400 ms; the advance takes well under 2 x 400 ms) and
 * recorded in execution order, each step event followed by an "assist"
 * event of use plan_step; with an assistant but no LLM the runner's
 * deterministic text is recorded and no assist event.
 */
#include "../orch/fixture.h"

#include <jansson.h>
#include <limits.h>
#include <time.h>

#include "fake_server.h"
#include "tutor/assist.h"
#include "tutor/plan_run.h"

static const char *L = "ada";

static const char PLAN[] =
	"{\"agents\": [{\"agent_role\": \"tutor\", \"goal\": \"Teach.\","
	" \"backstory\": \"A tutor.\", \"tools\": []}],"
	" \"subtasks\": [{\"id\": \"S1\", \"name\": \"Functions\","
	" \"subtask_objective\": \"Understand functions.\", \"steps\": ["
	"{\"id\": \"S1-1\", \"agent\": \"tutor\", \"objective\": \"Probe\","
	" \"instruction\": \"Ask the learner what a function returns.\","
	" \"tool\": null, \"requires_human_input\": true,"
	" \"expected_output\": \"An answer\", \"depends_on\": []},"
	"{\"id\": \"S1-2\", \"agent\": \"tutor\", \"objective\": \"Explain\","
	" \"instruction\": \"Explain the idea step by step.\", \"tool\": null,"
	" \"requires_human_input\": false, \"expected_output\": \"An "
	"explanation\", \"depends_on\": [\"S1-1\"]},"
	"{\"id\": \"S1-3\", \"agent\": \"tutor\", \"objective\": \"Review\","
	" \"instruction\": \"Review the learner's answer.\", \"tool\": null,"
	" \"requires_human_input\": false, \"expected_output\": \"A review\","
	" \"depends_on\": [\"S1-1\"]},"
	"{\"id\": \"S1-4\", \"agent\": \"tutor\", \"objective\": \"Restate\","
	" \"instruction\": \"Ask the learner to restate the idea.\","
	" \"tool\": null, \"requires_human_input\": true,"
	" \"expected_output\": \"A restatement\","
	" \"depends_on\": [\"S1-2\", \"S1-3\"]}]}],"
	" \"execution_order\": [\"S1-1\", \"S1-2\", \"S1-3\", \"S1-4\"]}";

static struct tu_fake_server FS;   /* for the whole group */

struct world {
	struct fx f;
	struct tu_plan_env env;
	struct tu_plan plan;
	struct tu_assist *assist;
	int64_t now;
};

static void no_sleep(void *ud, uint32_t ms)
{
	(void)ud;
	(void)ms;
}

static void make_assist(struct world *w, bool llm_on)
{
	const char *src = getenv("TUTOR_SOURCE");
	struct tu_assist_config cfg;
	struct tu_llm_config llm;
	struct tu_err err = TU_ERR_INIT;
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s/prompts", src ? src : ".");
	tu_assist_config_default(&cfg);
	cfg.prompts_dir = dir;
	cfg.cache = false;
	tu_llm_config_default(&llm);
	if (llm_on) {
		snprintf(llm.base_url, sizeof(llm.base_url), "%s",
			 FS.base_url);
		snprintf(llm.model, sizeof(llm.model), "fake-model");
	}
	llm.max_retries = 0;
	llm.timeout_ms = 3000;
	fx_ok(tu_assist_new(&cfg, &llm, w->f.store, &w->f.course, &w->assist,
			    &err), &err);
	tu_assist_set_sleep(w->assist, no_sleep, NULL);
	w->env.assist = w->assist;
}

static int group_setup(void **state)
{
	(void)state;
	return tu_fake_start(&FS);
}

static int group_teardown(void **state)
{
	(void)state;
	tu_fake_stop(&FS);
	return 0;
}

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));
	struct tu_err err = TU_ERR_INIT;

	if (!w)
		return -1;
	fx_setup(&w->f);
	fx_add_learner(&w->f, L, T0);
	w->env.orch = &w->f.orch;
	w->env.store = w->f.store;
	w->env.course = &w->f.course;
	tu_plan_init(&w->plan);
	fx_ok(tu_plan_parse(PLAN, sizeof(PLAN) - 1, &w->plan, NULL, &err),
	      &err);
	w->now = T0 + 60;
	assert_int_equal(tu_fake_reset(&FS), 0);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	tu_assist_free(w->assist);
	w->assist = NULL;
	tu_plan_release(&w->plan);
	fx_teardown(&w->f);
	free(w);
	return 0;
}

/* Queues {"text": text} for the request naming step id, after 400 ms. */
static void script(const char *id, const char *text)
{
	json_t *ans = json_pack("{s:s}", "text", text);
	char *content = json_dumps(ans, JSON_COMPACT);
	char match[64];
	json_t *item;
	char *s;

	snprintf(match, sizeof(match), "Step %s\\n", id);
	item = json_pack("{s:s, s:i, s:{s:s, s:[{s:i, s:s, s:{s:s, s:s}}], "
			 "s:{s:i, s:i, s:i}}}", "match", match, "delay_ms",
			 400, "json", "object", "chat.completion", "choices",
			 "index", 0, "finish_reason", "stop", "message",
			 "role", "assistant", "content", content, "usage",
			 "prompt_tokens", 50, "completion_tokens", 10,
			 "total_tokens", 60);
	assert_non_null(item);
	s = json_dumps(item, JSON_COMPACT);
	assert_int_equal(tu_fake_script(&FS, s), 0);
	free(s);
	free(content);
	json_decref(item);
	json_decref(ans);
}

/* The learner's events after seq as "plan:S1-2" / "assist:<path>" lines. */
struct walk {
	char log[2048];
	char texts[4][256];            /* step outputs, in order */
	size_t n_texts;
};

static int walk_event(const struct tu_event *ev, void *ctx)
{
	struct walk *k = ctx;
	struct tu_event_in in;
	struct tu_err err = TU_ERR_INIT;
	enum tu_event_type t = strcmp(ev->type, "plan") == 0 ? TU_EV_PLAN :
			    TU_EV_ASSIST;
	size_t n = strlen(k->log);

	if (strcmp(ev->type, "plan") != 0 && strcmp(ev->type, "assist") != 0)
		return 0;
	tu_event_in_init(&in);
	fx_ok(tu_event_payload_decode(t, ev->at, ev->payload, ev->payload_len,
				      &in, &err), &err);
	if (t == TU_EV_PLAN && in.u.plan.kind == TU_PLAN_EV_STEP) {
		snprintf(k->log + n, sizeof(k->log) - n, "plan:%s ",
			 in.u.plan.step);
		if (k->n_texts < 4 && !in.u.plan.input[0])
			snprintf(k->texts[k->n_texts++], 256, "%.200s",
				 in.u.plan.output);
	} else if (t == TU_EV_ASSIST) {
		snprintf(k->log + n, sizeof(k->log) - n, "assist:%s:%s:%s ",
			 in.u.assist.use, in.u.assist.path,
			 in.u.assist.prompt);
	}
	tu_event_in_release(&in);
	return 0;
}

static void walk(struct world *w, uint64_t after, struct walk *k)
{
	struct tu_err err = TU_ERR_INIT;

	memset(k, 0, sizeof(*k));
	fx_ok(tu_store_event_each(w->f.store, L, after, walk_event, k, &err),
	      &err);
}

static uint64_t last_seq(struct world *w)
{
	struct tu_err err = TU_ERR_INIT;
	uint64_t n = 0;

	fx_ok(tu_store_event_count(w->f.store, L, &n, &err), &err);
	return n;
}

/* Starts the plan, answers S1-1; returns the ms the answer took. */
static double run_to_s1_4(struct world *w, struct tu_plan_session *s,
			  uint64_t *before)
{
	struct tu_plan_answer a = { "It gives a value back", NULL, 0,
				    TU_LANG_PYTHON, 0 };
	struct tu_err err = TU_ERR_INIT;
	struct timespec t0, t1;
	size_t turn = SIZE_MAX;

	fx_ok(tu_plan_start(&w->env, L, &w->plan, "add", "rules", w->now, s,
			    &err), &err);
	fx_ok(tu_plan_advance(&w->env, s, w->now, &turn, &err), &err);
	assert_string_equal(s->plan.steps[turn].id, "S1-1");
	*before = last_seq(w);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fx_ok(tu_plan_answer(&w->env, s, "S1-1", &a, w->now + 30, &turn,
			     &err), &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(turn != SIZE_MAX);
	assert_string_equal(s->plan.steps[turn].id, "S1-4");
	return (double)(t1.tv_sec - t0.tv_sec) * 1000.0 +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
}

static void test_batch_in_order(void **state)
{
	struct world *w = *state;
	struct tu_plan_session s;
	struct walk k;
	uint64_t before = 0;
	double ms;
	json_t *req;

	make_assist(w, true);
	script("S1-3", "Your answer is right: a function returns a value.");
	script("S1-2", "First name the inputs, then compute, then return.");
	tu_plan_session_init(&s);
	ms = run_to_s1_4(w, &s, &before);
	if (ms >= 780.0)
		fail_msg("two 400 ms text steps took %.0f ms: not one batch",
			 ms);
	assert_int_equal(tu_fake_request_count(&FS), 2);
	walk(w, before, &k);
	assert_string_equal(k.log, "plan:S1-1 plan:S1-2 "
			    "assist:plan_step:json_schema:plan_step "
			    "plan:S1-3 assist:plan_step:json_schema:plan_step ");
	assert_int_equal(k.n_texts, 2);
	assert_string_equal(k.texts[0], "First name the inputs, then compute, "
			    "then return.");
	assert_string_equal(k.texts[1], "Your answer is right: a function "
			    "returns a value.");
	/* The learner's answer reached the prompt as quoted data. */
	req = tu_fake_request_json(&FS, 0);
	assert_non_null(req);
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(
		json_object_get(req, "messages"), 1), "content")),
		"<<<LEARNER_DATA\nIt gives a value back\nLEARNER_DATA>>>"));
	json_decref(req);
	tu_plan_session_release(&s);
}

static void test_no_llm_deterministic(void **state)
{
	struct world *w = *state;
	struct tu_plan_session s;
	struct walk k;
	uint64_t before = 0;

	make_assist(w, false);
	tu_plan_session_init(&s);
	(void)run_to_s1_4(w, &s, &before);
	assert_int_equal(tu_fake_request_count(&FS), 0);
	walk(w, before, &k);
	assert_string_equal(k.log, "plan:S1-1 plan:S1-2 plan:S1-3 ");
	assert_string_equal(k.texts[0], "Explain the idea step by step.\n"
			    "You said in S1-1: It gives a value back\n");
	tu_plan_session_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_batch_in_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_llm_deterministic,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
