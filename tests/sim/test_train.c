/*
 * test_train.c - the path policies and their training (tutor/train.h,
 * src/agents/path.c): GRPO advantages by hand, features in range and
 * meaning what they say, the retrieval policy taking the top hit, SFT
 * learning the oracle better than chance, training deterministic by seed,
 * GRPO producing a policy that differs from SFT but stays near it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tutor/orch.h"
#include "tutor/retrieval.h"
#include "tutor/train.h"

static struct tu_course course;

static int load_course(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	char dir[4096];
	const char *src = getenv("TUTOR_SOURCE");

	(void)state;
	snprintf(dir, sizeof(dir), "%s/courses/python", src ? src : ".");
	tu_course_init(&course);
	if (tu_course_load(dir, &course, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

static int free_course(void **state)
{
	(void)state;
	tu_course_release(&course);
	return 0;
}

static void test_advantages(void **state)
{
	const double r[4] = { 1.0, 2.0, 3.0, 6.0 };
	const double same[3] = { 5.0, 5.0, 5.0 };
	double a[4];

	(void)state;
	/* mean 3, population sd sqrt((4 + 1 + 0 + 9) / 4) = sqrt(3.5) */
	tu_train_advantages(r, 4, a);
	assert_true(fabs(a[0] - (-2.0 / sqrt(3.5))) < 1e-6);
	assert_true(fabs(a[3] - (3.0 / sqrt(3.5))) < 1e-6);
	assert_true(fabs(a[0] + a[1] + a[2] + a[3]) < 1e-9);
	tu_train_advantages(same, 3, a);
	assert_true(a[0] == 0.0 && a[1] == 0.0 && a[2] == 0.0);
}

static void test_features(void **state)
{
	struct tu_learner_state st;
	struct tu_agent_config cfg;
	struct tu_topic_state *t;
	struct tu_item_progress *ip;
	struct tu_err err = TU_ERR_INIT;
	const struct tu_course_problem *p = &course.problems[0];
	double f[TU_PATH_FEATURES];

	(void)state;
	tu_agent_config_default(&cfg);
	tu_learner_state_init(&st);
	st.preferences.skill_level = TU_SKILL_ADVANCED;
	assert_int_equal(tu_learner_topic_get(&st, p->topics[0], true, 0.0, &t,
					      &err), 0);
	t->mastery = 0.5;
	assert_int_equal(tu_learner_item_get(&st, p->id, &ip, &err), 0);
	ip->attempts = 2;
	ip->failures = 2;
	tu_path_features(&cfg, &course, &st, p, 0.8, 3, 10, 1, 1767225600, f);
	for (int i = 0; i < TU_PATH_FEATURES; i++)
		if (!(f[i] >= 0.0 && f[i] <= 1.0))
			fail_msg("feature %d = %g outside [0,1]", i, f[i]);
	assert_true(f[8] == 1.0);                 /* attempted */
	assert_true(f[9] == 0.0);                 /* not solved */
	assert_true(fabs(f[10] - 0.4) < 1e-12);   /* 2 of 5 failures */
	assert_true(fabs(f[16] - 0.8) < 1e-12);   /* retrieval score */
	assert_true(fabs(f[17] - 3.0 / 9.0) < 1e-12);
	assert_true(f[21] == 1.0 && f[19] == 0.0);
	assert_true(f[24] == 1.0 && f[25] == 0.0);
	tu_learner_state_release(&st);
}

/* The retrieval policy offers retrieval's top hit for the state's query. */
static void test_retrieval_policy(void **state)
{
	struct tu_retr_index ix;
	struct tu_retr_query q;
	struct tu_retr_hit hits[10];
	struct tu_agent_config cfg;
	struct tu_orch o;
	struct tu_learner_state st;
	struct tu_event_in ev;
	struct tu_err err = TU_ERR_INIT;
	char text[4096];
	size_t n = 0;
	json_t *out = NULL, *picks;

	(void)state;
	tu_retr_index_init(&ix);
	assert_int_equal(tu_path_index(&course, &ix, &err), TU_OK);
	tu_agent_config_default(&cfg);
	cfg.policy = TU_POLICY_RETRIEVAL;
	cfg.path.index = &ix;
	assert_int_equal(tu_orch_init(&o, NULL, &course, &cfg, &err), TU_OK);
	tu_learner_state_init(&st);
	memset(&ev, 0, sizeof(ev));
	ev.type = TU_EV_LEARNER_CREATED;
	ev.at = 1767225600;
	ev.u.prefs.set = TU_PREF_ALL;
	snprintf(ev.u.prefs.language, sizeof(ev.u.prefs.language), "python");
	assert_int_equal(tu_orch_step_json(&o, &st, "r", &ev, &out, &err), 0);
	json_decref(out);
	memset(&ev, 0, sizeof(ev));
	ev.type = TU_EV_SESSION_CHECK;
	ev.at = 1767225700;
	ev.u.k = 1;
	assert_int_equal(tu_orch_step_json(&o, &st, "r", &ev, &out, &err), 0);
	picks = json_object_get(json_object_get(out, "content_curator"),
				"picks");
	assert_int_equal(json_array_size(picks), 1);
	tu_path_query(&course, &st, text, sizeof(text));
	tu_retr_query_default(&q);
	q.text = text;
	assert_int_equal(tu_retr_search(&ix, &q, hits, &n, &err), TU_OK);
	assert_true(n > 0);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(picks, 0), "item")),
			    hits[0].id);
	json_decref(out);
	tu_learner_state_release(&st);
	tu_orch_release(&o);
	tu_retr_index_release(&ix);
}

static void small(struct tu_train_config *c)
{
	tu_train_config_default(c);
	c->sft_learners = 30;
	c->sft_days = 10;
	c->sft_epochs = 15;
	c->grpo_iters = 3;
	c->grpo_learners = 4;
	c->group = 4;
	c->horizon_days = 4;
	c->threads = 2;
}

static void test_training(void **state)
{
	struct tu_train_config c;
	struct tu_agent_config t;
	struct tu_train_log l1, l2;
	struct tu_mlp a, b, g;
	struct tu_err err = TU_ERR_INIT;
	double diff = 0.0;

	(void)state;
	small(&c);
	tu_agent_config_default(&t);
	tu_train_log_init(&l1);
	tu_train_log_init(&l2);
	tu_mlp_init(&a);
	tu_mlp_init(&b);
	tu_mlp_init(&g);
	if (tu_train_sft(&course, &t, &c, &a, &l1, NULL, &err))
		fail_msg("sft: %s", err.msg);
	assert_true(l1.sft_decisions > 100);
	assert_int_equal(l1.n_sft, 15);
	/* about 10 candidates: chance agreement is near 0.1 */
	if (!(l1.sft_acc[14] > 0.25))
		fail_msg("SFT agrees with the oracle on %.3f only",
			 l1.sft_acc[14]);
	assert_true(l1.sft_loss[14] < l1.sft_loss[0]);
	c.threads = 1;   /* the same data on one thread */
	assert_int_equal(tu_train_sft(&course, &t, &c, &b, &l2, NULL, &err), 0);
	assert_int_equal(a.n_params, b.n_params);
	assert_memory_equal(a.w, b.w, a.n_params * sizeof(double));
	assert_string_equal(a.feature_set, TU_PATH_FEATURE_SET);
	assert_int_equal(tu_mlp_copy(&g, &a, &err), TU_OK);
	if (tu_train_grpo(&course, &t, &c, &a, &g, &l1, NULL, &err))
		fail_msg("grpo: %s", err.msg);
	assert_int_equal(l1.n_grpo, 3);
	assert_int_equal(l1.trajectories, 3 * 4 * 4);
	for (size_t i = 0; i < g.n_params; i++)
		diff += fabs(g.w[i] - a.w[i]);
	assert_true(diff > 0.0);
	assert_true(l1.grpo_kl[2] >= 0.0 && l1.grpo_kl[2] < 1.0);
	/* GRPO on two threads (rollouts and the update's halves): the same
	 * bits as on one */
	c.threads = 2;
	assert_int_equal(tu_mlp_copy(&b, &a, &err), TU_OK);
	if (tu_train_grpo(&course, &t, &c, &a, &b, &l2, NULL, &err))
		fail_msg("grpo on 2 threads: %s", err.msg);
	assert_memory_equal(g.w, b.w, g.n_params * sizeof(double));
	tu_mlp_release(&a);
	tu_mlp_release(&b);
	tu_mlp_release(&g);
	tu_train_log_release(&l1);
	tu_train_log_release(&l2);
}

static void test_config_errors(void **state)
{
	struct tu_train_config c;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_train_config_default(&c);
	c.group = 1;
	assert_int_equal(tu_train_config_validate(&c, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "group"));
	tu_train_config_default(&c);
	c.clip_eps = 2.0;
	assert_int_equal(tu_train_config_validate(&c, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "clip_eps"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_advantages),
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_retrieval_policy),
		cmocka_unit_test(test_training),
		cmocka_unit_test(test_config_errors),
	};

	return cmocka_run_group_tests(tests, load_course, free_course);
}
