/* test_bkt.c - BKT update, replay, EM and JSON (tutor/bkt.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tutor/bkt.h"
#include "tutor/rng.h"

/* cmocka 1.1 has no double comparison. */
#define assert_near(a, b, eps) assert_true(fabs((a) - (b)) <= (eps))

static const struct tu_bkt_params P = { 0.4, 0.2, 0.25, 0.1, 0.05 };

static void test_single_step_by_hand(void **state)
{
	(void)state;
	/* P(correct) = .4 * .9 + .6 * .25 = .51 */
	assert_near(tu_bkt_p_correct(&P, 0.4), 0.51, 1e-15);
	/* correct: post = .36 / .51 = 12/17; next = 12/17 * .95 + 5/17 * .2
	 * = 12.4 / 17 */
	assert_near(tu_bkt_posterior(&P, 0.4, 1), 12.0 / 17.0, 1e-15);
	assert_near(tu_bkt_step(&P, 0.4, 1), 12.4 / 17.0, 1e-15);
	/* incorrect: post = .04 / (.04 + .45) = 4/49; next = 4/49 * .95 +
	 * 45/49 * .2 = 12.8 / 49 */
	assert_near(tu_bkt_posterior(&P, 0.4, 0), 4.0 / 49.0, 1e-15);
	assert_near(tu_bkt_step(&P, 0.4, 0), 12.8 / 49.0, 1e-15);
	/* pl = 1, no forget: stays known whatever the answer */
	{
		struct tu_bkt_params q = P;

		q.forget = 0.0;
		assert_near(tu_bkt_step(&q, 1.0, 0), 1.0, 1e-15);
	}
}

static void one_skill_model(struct tu_bkt_model *m)
{
	tu_bkt_model_init(m);
	m->n_skills = 1;
	m->skills = calloc(1, sizeof(*m->skills));
	assert_non_null(m->skills);
	m->skills[0].p = P;
	m->skills[0].fitted = 1;
	m->n_fitted = 1;
	m->dflt = P;
	m->forgets = 1;
}

static void add(struct tu_ktlog *log, uint32_t user, uint32_t skill, int c)
{
	struct tu_kt_row r = { user, 7, skill, (uint8_t)c, 0 };

	assert_int_equal(tu_ktlog_append(log, &r, NULL), TU_OK);
}

static void test_replay_by_hand_and_before_update(void **state)
{
	struct tu_bkt_model m;
	struct tu_ktlog log;
	double p[5], q[5];

	(void)state;
	one_skill_model(&m);
	tu_ktlog_init(&log);
	add(&log, 0, 0, 1);   /* user 0: 1 then 0 */
	add(&log, 1, 0, 0);   /* user 1 interleaved */
	add(&log, 0, 0, 0);
	add(&log, 1, 3, 1);   /* skill 3 unseen: default set */
	add(&log, 0, 0, 1);
	assert_int_equal(tu_bkt_predict(&m, &log, p, NULL), TU_OK);
	assert_near(p[0], 0.51, 1e-15);
	assert_near(p[1], 0.51, 1e-15);
	/* user 0 after a correct: pl = 12.4/17; P = .25 + .65 pl */
	assert_near(p[2], 0.25 + 0.65 * 12.4 / 17.0, 1e-15);
	assert_near(p[3], 0.51, 1e-15);
	/* replay: changing row t's answer never changes prediction t */
	for (size_t t = 0; t < 5; t++) {
		log.rows[t].correct ^= 1;
		assert_int_equal(tu_bkt_predict(&m, &log, q, NULL), TU_OK);
		for (size_t i = 0; i <= t; i++)
			assert_true(q[i] == p[i]);
		log.rows[t].correct ^= 1;
	}
	/* but it does change the next prediction of the same sequence */
	log.rows[0].correct = 0;
	assert_int_equal(tu_bkt_predict(&m, &log, q, NULL), TU_OK);
	assert_true(q[2] != p[2]);
	tu_ktlog_release(&log);
	tu_bkt_model_release(&m);
}

/* 2,000 users x 30 steps from a known BKT on skill 0 (and a tiny 2nd
 * skill so the per-skill loop is exercised). */
static void simulate(struct tu_ktlog *log, uint64_t seed)
{
	struct tu_rng r;
	const double prior = 0.3, learn = 0.15, guess = 0.2, slip = 0.1;

	tu_rng_seed(&r, seed);
	tu_ktlog_init(log);
	for (uint32_t u = 0; u < 2000; u++) {
		int known = tu_rng_uniform(&r) < prior;

		for (int t = 0; t < 30; t++) {
			double x = tu_rng_uniform(&r);
			int c = known ? x >= slip : x < guess;

			add(log, u, 0, c);
			if (!known)
				known = tu_rng_uniform(&r) < learn;
		}
		if (u < 5)
			add(log, u, 2, 1);
	}
}

static void test_em_recovers_parameters(void **state)
{
	struct tu_ktlog log;
	struct tu_bkt_model m;
	struct tu_bkt_config cfg;
	const struct tu_bkt_params *f;

	(void)state;
	simulate(&log, 1);
	tu_bkt_model_init(&m);
	tu_bkt_config_default(&cfg);
	assert_int_equal(tu_bkt_fit(&m, &log, &cfg, NULL, NULL), TU_OK);
	assert_int_equal(m.n_skills, 3);
	assert_int_equal(m.n_fitted, 2);
	assert_false(m.skills[1].fitted);
	f = tu_bkt_model_params(&m, 0);
	assert_near(f->prior, 0.3, 0.03);
	assert_near(f->learn, 0.15, 0.03);
	assert_near(f->guess, 0.2, 0.03);
	assert_near(f->slip, 0.1, 0.03);
	assert_true(f->forget == 0.0);
	assert_int_equal(m.skills[0].n_rows, 60000);
	assert_int_equal(m.skills[0].n_seqs, 2000);
	assert_true(m.skills[0].converged);
	/* skill 2: five answers, all correct; skill 1: the median of 0 and 2 */
	assert_true(isfinite(m.skills[2].ll));
	assert_near(m.dflt.prior,
			    0.5 * (m.skills[0].p.prior + m.skills[2].p.prior),
			    1e-15);
	assert_true(tu_bkt_model_params(&m, 1) == &m.dflt);
	assert_true(tu_bkt_model_params(&m, 99) == &m.dflt);
	tu_bkt_model_release(&m);
	tu_ktlog_release(&log);
}

static void test_em_ll_never_decreases(void **state)
{
	struct tu_ktlog log;
	struct tu_bkt_config cfg;
	struct tu_bkt_params p = { 0.6, 0.05, 0.35, 0.25, 0.3 };
	struct tu_bkt_skill st;
	uint8_t *obs;
	size_t len[2000];
	double trace[61];

	(void)state;
	simulate(&log, 2);
	obs = malloc(60000);
	assert_non_null(obs);
	for (size_t i = 0, k = 0; i < log.n; i++)
		if (log.rows[i].skill == 0)
			obs[k++] = log.rows[i].correct;
	for (size_t s = 0; s < 2000; s++)
		len[s] = 30;
	tu_bkt_config_default(&cfg);
	for (int forgets = 0; forgets <= 1; forgets++) {
		cfg.forgets = forgets;
		cfg.tol = 0.0;
		cfg.maxiter = 60;
		assert_int_equal(tu_bkt_em(&p, obs, len, 2000, &cfg, trace, &st,
					   NULL), TU_OK);
		assert_int_equal(st.iterations, 61);
		for (int i = 1; i < 61; i++)
			assert_true(trace[i] >= trace[i - 1] - 1e-9 * fabs(trace[i]));
		assert_true(st.ll == trace[60]);
		assert_true(trace[60] > trace[0]);
	}
	free(obs);
	tu_ktlog_release(&log);
}

static void test_fit_deterministic_for_a_seed(void **state)
{
	struct tu_ktlog log;
	struct tu_bkt_model a, b;
	struct tu_bkt_config cfg;

	(void)state;
	simulate(&log, 3);
	tu_bkt_model_init(&a);
	tu_bkt_model_init(&b);
	tu_bkt_config_default(&cfg);
	cfg.forgets = 1;
	cfg.seed = 7;
	cfg.restarts = 3;
	assert_int_equal(tu_bkt_fit(&a, &log, &cfg, NULL, NULL), TU_OK);
	assert_int_equal(tu_bkt_fit(&b, &log, &cfg, NULL, NULL), TU_OK);
	assert_int_equal(a.n_skills, b.n_skills);
	assert_memory_equal(a.skills, b.skills,
			    a.n_skills * sizeof(*a.skills));
	assert_true(a.ll == b.ll);
	assert_true(a.iterations == b.iterations);
	tu_bkt_model_release(&a);
	tu_bkt_model_release(&b);
	tu_ktlog_release(&log);
}

static void test_json_round_trip_and_errors(void **state)
{
	struct tu_bkt_model m, r;
	struct tu_err err = TU_ERR_INIT;
	char *js = NULL;
	const char *bad = "{\"format\": \"tutor-bkt\", \"version\": 1, "
			  "\"forgets\": true, \"n_skills\": 2, \"train_ll\": -1, "
			  "\"default\": {\"prior\": 0.5, \"learn\": 0.1, "
			  "\"guess\": 0.2, \"slip\": 0.1, \"forget\": 0}, "
			  "\"skills\": [{\"skill\": 1, \"prior\": 0.5, "
			  "\"learn\": 0.1, \"guess\": 0.2, \"slip\": 1.5, "
			  "\"forget\": 0, \"ll\": -1, \"iterations\": 3}]}";

	(void)state;
	one_skill_model(&m);
	m.skills[0].ll = -12.345678901234567;
	assert_int_equal(tu_bkt_model_to_json(&m, &js, &err), TU_OK);
	tu_bkt_model_init(&r);
	assert_int_equal(tu_bkt_model_from_json(&r, js, strlen(js), &err),
			 TU_OK);
	assert_int_equal(r.n_skills, 1);
	assert_true(r.forgets);
	assert_memory_equal(&r.skills[0].p, &P, sizeof(P));
	assert_true(r.skills[0].ll == m.skills[0].ll);
	assert_int_equal(tu_bkt_model_from_json(&r, bad, strlen(bad), &err),
			 TU_ERANGE);
	assert_string_equal(err.msg,
			    "$.skills[0].slip: 1.5 is outside [0, 1]");
	assert_int_equal(r.n_skills, 1); /* unchanged on error */
	assert_int_equal(tu_bkt_model_from_json(&r, "[1", 2, &err), TU_EPARSE);
	free(js);
	tu_bkt_model_release(&m);
	tu_bkt_model_release(&r);
}

/* A valid model document with "extra" inserted at the given level. */
static const char *const BKT_UNKNOWN[][2] = {
	/* top level */
	{ "{\"format\": \"tutor-bkt\", \"version\": 1, \"forgets\": false, "
	  "\"n_skills\": 1, \"train_ll\": -1, \"extra\": 0, "
	  "\"default\": {\"prior\": 0.5, \"learn\": 0.1, \"guess\": 0.2, "
	  "\"slip\": 0.1, \"forget\": 0}, \"skills\": []}",
	  "$.extra: unknown key" },
	/* in default */
	{ "{\"format\": \"tutor-bkt\", \"version\": 1, \"forgets\": false, "
	  "\"n_skills\": 1, \"train_ll\": -1, "
	  "\"default\": {\"prior\": 0.5, \"learn\": 0.1, \"guess\": 0.2, "
	  "\"slip\": 0.1, \"forget\": 0, \"sleep\": 0.3}, \"skills\": []}",
	  "$.default.sleep: unknown key" },
	/* in a skill entry */
	{ "{\"format\": \"tutor-bkt\", \"version\": 1, \"forgets\": false, "
	  "\"n_skills\": 1, \"train_ll\": -1, "
	  "\"default\": {\"prior\": 0.5, \"learn\": 0.1, \"guess\": 0.2, "
	  "\"slip\": 0.1, \"forget\": 0}, \"skills\": [{\"skill\": 0, "
	  "\"prior\": 0.5, \"learn\": 0.1, \"guess\": 0.2, \"slip\": 0.1, "
	  "\"forget\": 0, \"ll\": -1, \"iterations\": 3, \"slipp\": 1}]}",
	  "$.skills[0].slipp: unknown key" },
};

/* Unknown keys at any level are refused and leave the model unchanged;
 * the written extras n_rows, n_seqs, converged are allowed. */
static void test_json_rejects_unknown_keys(void **state)
{
	struct tu_bkt_model m;
	struct tu_err err = TU_ERR_INIT;
	const char *ok = "{\"format\": \"tutor-bkt\", \"version\": 1, "
			 "\"forgets\": false, \"n_skills\": 1, "
			 "\"train_ll\": -1, \"default\": {\"prior\": 0.5, "
			 "\"learn\": 0.1, \"guess\": 0.2, \"slip\": 0.1, "
			 "\"forget\": 0}, \"skills\": [{\"skill\": 0, "
			 "\"prior\": 0.5, \"learn\": 0.1, \"guess\": 0.2, "
			 "\"slip\": 0.1, \"forget\": 0, \"ll\": -1, "
			 "\"iterations\": 3, \"n_rows\": 4, \"n_seqs\": 2, "
			 "\"converged\": true}]}";

	(void)state;
	one_skill_model(&m);
	for (size_t i = 0; i < sizeof(BKT_UNKNOWN) / sizeof(*BKT_UNKNOWN);
	     i++) {
		const char *doc = BKT_UNKNOWN[i][0];

		assert_int_equal(tu_bkt_model_from_json(&m, doc, strlen(doc),
							&err), TU_EPARSE);
		assert_string_equal(err.msg, BKT_UNKNOWN[i][1]);
		assert_true(m.forgets); /* unchanged */
	}
	assert_int_equal(tu_bkt_model_from_json(&m, ok, strlen(ok), &err),
			 TU_OK);
	assert_false(m.forgets);
	assert_int_equal(m.skills[0].iterations, 3);
	tu_bkt_model_release(&m);
}

static void test_bad_arguments(void **state)
{
	struct tu_ktlog log;
	struct tu_bkt_model m;
	struct tu_bkt_config cfg;
	struct tu_err err = TU_ERR_INIT;
	double p[1];

	(void)state;
	tu_ktlog_init(&log);
	tu_bkt_model_init(&m);
	tu_bkt_config_default(&cfg);
	assert_int_equal(tu_bkt_fit(&m, &log, &cfg, NULL, &err), TU_EDATA);
	cfg.restarts = 0;
	add(&log, 0, 0, 1);
	assert_int_equal(tu_bkt_fit(&m, &log, &cfg, NULL, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "restarts"));
	assert_int_equal(tu_bkt_predict(&m, &log, p, &err), TU_EINVAL);
	tu_ktlog_release(&log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_step_by_hand),
		cmocka_unit_test(test_replay_by_hand_and_before_update),
		cmocka_unit_test(test_em_recovers_parameters),
		cmocka_unit_test(test_em_ll_never_decreases),
		cmocka_unit_test(test_fit_deterministic_for_a_seed),
		cmocka_unit_test(test_json_round_trip_and_errors),
		cmocka_unit_test(test_json_rejects_unknown_keys),
		cmocka_unit_test(test_bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
