/*
 * test_sim.c - the simulator (tutor/sim.h): configuration checks, priors
 * fitted by hand-checked moments, determinism across seeds and threads,
 * the store path equal to the in-memory path with state = replay(log),
 * hint and policy behaviour seen through the orchestrator.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tutor/orch.h"
#include "tutor/sim.h"
#include "tutor/store.h"

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

/* ---- configuration --------------------------------------------------------- */

static void expect_set_error(const char *key, const char *value,
			     const char *needle)
{
	struct tu_sim_config c, before;
	struct tu_err err = TU_ERR_INIT;

	tu_sim_config_default(&c);
	before = c;
	assert_int_equal(tu_sim_config_set(&c, key, value, &err), TU_EINVAL);
	if (!strstr(err.msg, needle))
		fail_msg("'%s=%s': message '%s' lacks '%s'", key, value,
			 err.msg, needle);
	assert_memory_equal(&c, &before, sizeof(c));
}

static void test_config_errors(void **state)
{
	(void)state;
	expect_set_error("drop_base", "-0.1", "drop_base");
	expect_set_error("forget_scale", "-1", "forget_scale");
	expect_set_error("hint_success", "0.1,0.2,1.5,0.4,0.5",
			 "hint_success[2]");
	expect_set_error("hint_learn", "1,1,1", "expected 5");
	expect_set_error("level", "wizard", "unknown level 'wizard'");
	expect_set_error("style", "sleepy", "unknown persona 'sleepy'");
	expect_set_error("level_mix", "0.5,0.5,0.5", "sum to 1");
	expect_set_error("learners", "0", "learners");
	expect_set_error("learners", "ten", "whole number");
	expect_set_error("holdout", "0.9", "holdout");
	expect_set_error("colour", "blue", "unknown setting 'colour'");
	expect_set_error("hints", "maybe", "true or false");
}

static void test_config_set(void **state)
{
	struct tu_sim_config c;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_sim_config_default(&c);
	assert_int_equal(tu_sim_config_validate(&c, &err), TU_OK);
	assert_int_equal(tu_sim_config_set(&c, "level", "advanced", &err), 0);
	assert_true(c.level_mix[TU_SIM_ADVANCED] == 1.0 &&
		    c.level_mix[TU_SIM_BEGINNER] == 0.0);
	assert_int_equal(tu_sim_config_set(&c, "hints", "false", &err), 0);
	assert_false(c.hints);
	assert_int_equal(tu_sim_config_set(&c, "style_mix",
					   "0.1,0.2,0.3,0.4", &err), 0);
	assert_true(fabs(c.style_mix[3] - 0.4) < 1e-12);
	assert_int_equal(tu_sim_config_set(&c, "seed", "18446744073709551615",
					   &err), 0);
	assert_true(c.seed == UINT64_MAX);
}

/* ---- priors --------------------------------------------------------------- */

static const char *skill(char *buf, size_t cap, double prior, double learn,
			 int rows, bool conv, double guess)
{
	snprintf(buf, cap, "{\"skill\":1,\"prior\":%g,\"learn\":%g,"
		 "\"guess\":%g,\"slip\":0.1,\"forget\":0.05,\"ll\":-1,"
		 "\"iterations\":3,\"n_rows\":%d,\"n_seqs\":2,"
		 "\"converged\":%s}", prior, learn, guess, rows,
		 conv ? "true" : "false");
	return buf;
}

static void test_priors_moments(void **state)
{
	struct tu_sim_priors p;
	struct tu_err err = TU_ERR_INIT;
	char doc[4096], s[6][300];

	(void)state;
	/* Priors 0.2 (weight 1) x2, 0.6 (weight 1) x2, 0.4 (weight 2): mean
	 * 0.4, variance (4 * 0.04) / 6 = 0.026667; common = 0.24 / 0.026667
	 * - 1 = 8: Beta(3.2, 4.8).  A non-converged skill and one with
	 * guess + slip >= 1 are left out. */
	skill(s[0], 300, 0.2, 0.1, 10, true, 0.2);
	skill(s[1], 300, 0.2, 0.1, 10, true, 0.2);
	skill(s[2], 300, 0.6, 0.1, 10, true, 0.2);
	skill(s[3], 300, 0.6, 0.1, 10, true, 0.2);
	skill(s[4], 300, 0.4, 0.1, 20, true, 0.2);
	skill(s[5], 300, 0.9, 0.9, 50, false, 0.2);
	snprintf(doc, sizeof(doc), "{\"format\":\"tutor-bkt\",\"version\":1,"
		 "\"forgets\":true,\"skills\":[%s,%s,%s,%s,%s,%s,%s]}", s[0],
		 s[1], s[2], s[3], s[4], s[5],
		 skill(s[5], 300, 0.9, 0.9, 50, true, 0.95));
	assert_int_equal(tu_sim_priors_from_bkt(doc, strlen(doc), "t.json",
						&p, &err), TU_OK);
	assert_int_equal(p.n_skills, 5);
	assert_true(fabs(p.prior.a - 3.2) < 1e-9);
	assert_true(fabs(p.prior.b - 4.8) < 1e-9);
	assert_true(fabs(tu_sim_beta_mean(p.learn) - 0.1) < 1e-9);
	assert_string_equal(p.source, "t.json");
}

static void test_priors_errors(void **state)
{
	struct tu_sim_priors p, before;
	struct tu_err err = TU_ERR_INIT;
	const char *bad_json = "{\"format\":";
	const char *bad_fmt = "{\"format\":\"tutor-logistic\"}";
	char few[1024], s[300];

	(void)state;
	tu_sim_priors_default(&p);
	before = p;
	assert_int_equal(tu_sim_priors_from_bkt(bad_json, strlen(bad_json),
						"x.json", &p, &err), TU_EPARSE);
	assert_non_null(strstr(err.msg, "x.json:1:"));
	assert_int_equal(tu_sim_priors_from_bkt(bad_fmt, strlen(bad_fmt),
						"x.json", &p, &err), TU_EDATA);
	snprintf(few, sizeof(few), "{\"format\":\"tutor-bkt\",\"forgets\":"
		 "true,\"skills\":[%s]}", skill(s, 300, 0.5, 0.1, 9, true, 0.1));
	assert_int_equal(tu_sim_priors_from_bkt(few, strlen(few), "x.json",
						&p, &err), TU_EDATA);
	assert_non_null(strstr(err.msg, "usable skills"));
	assert_memory_equal(&p, &before, sizeof(p));
}

/* ---- runs -------------------------------------------------------------------- */

static void small(struct tu_sim_config *c, uint32_t learners, uint32_t days)
{
	tu_sim_config_default(c);
	c->learners = learners;
	c->days = days;
	c->seed = 7;
}

static void run_ok(const struct tu_sim_config *c,
		   const struct tu_agent_config *tutor, struct tu_store *store,
		   struct tu_sim_result *r)
{
	struct tu_err err = TU_ERR_INIT;

	if (tu_sim_run(&course, tutor, c, store, NULL, r, &err))
		fail_msg("tu_sim_run: %s", err.msg);
}

static void assert_same(const struct tu_sim_result *a,
			const struct tu_sim_result *b)
{
	assert_int_equal(a->n_learners, b->n_learners);
	assert_memory_equal(a->learners, b->learners,
			    a->n_learners * sizeof(*a->learners));
	assert_memory_equal(a->topic_attempts, b->topic_attempts,
			    a->n_learners * a->n_topics *
				    sizeof(*a->topic_attempts));
	assert_memory_equal(a->true_by_day, b->true_by_day,
			    a->n_learners * (a->days + 1) *
				    sizeof(*a->true_by_day));
	assert_int_equal(a->n_mastery, b->n_mastery);
	assert_int_equal(a->n_recall, b->n_recall);
	assert_memory_equal(a->mastery, b->mastery,
			    a->n_mastery * sizeof(*a->mastery));
	assert_memory_equal(a->recall, b->recall,
			    a->n_recall * sizeof(*a->recall));
}

static void test_deterministic_threads(void **state)
{
	struct tu_sim_config c;
	struct tu_sim_result a, b, d;

	(void)state;
	small(&c, 12, 10);
	run_ok(&c, NULL, NULL, &a);
	c.threads = 3;
	run_ok(&c, NULL, NULL, &b);
	assert_same(&a, &b);
	assert_true(a.events > 12 * 5);
	assert_true(a.n_held > 0);
	c.seed = 8;
	run_ok(&c, NULL, NULL, &d);
	assert_true(memcmp(a.learners, d.learners,
			   12 * sizeof(*a.learners)) != 0);
	tu_sim_result_release(&a);
	tu_sim_result_release(&b);
	tu_sim_result_release(&d);
}

/* The same cohort through tu_orch_handle on a SQLite store gives the same
 * results, and every learner's snapshot equals the replay of its log. */
static void test_store_equals_memory(void **state)
{
	struct tu_sim_config c;
	struct tu_sim_result a, b;
	struct tu_store *store = NULL;
	struct tu_orch o;
	struct tu_err err = TU_ERR_INIT;
	char path[] = "/tmp/tutor-sim-test-XXXXXX";
	char db[64], id[TU_ID_MAX];
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	snprintf(db, sizeof(db), "%s.db", path);
	small(&c, 3, 6);
	c.holdout = 0.0;   /* the tutor's course is then the whole course */
	run_ok(&c, NULL, NULL, &a);
	assert_int_equal(tu_store_open(db, NULL, &store, &err), TU_OK);
	run_ok(&c, NULL, store, &b);
	assert_same(&a, &b);
	assert_int_equal(tu_orch_init(&o, store, &course, NULL, &err), TU_OK);
	for (unsigned i = 0; i < 3; i++) {
		struct tu_learner_state snap, rep;

		tu_learner_state_init(&snap);
		tu_learner_state_init(&rep);
		snprintf(id, sizeof(id), "sim-7-%u", i);
		assert_int_equal(tu_orch_load(&o, id, &snap, &err), TU_OK);
		assert_int_equal(tu_orch_replay(&o, id, &rep, &err), TU_OK);
		assert_true(tu_learner_state_equal(&snap, &rep));
		assert_true(snap.version == a.learners[i].events);
		tu_learner_state_release(&snap);
		tu_learner_state_release(&rep);
	}
	tu_orch_release(&o);
	tu_store_close(store);
	unlink(db);
	tu_sim_result_release(&a);
	tu_sim_result_release(&b);
}

static void totals(const struct tu_sim_result *r, double *solve,
		   uint32_t *hints, uint32_t *problems)
{
	uint32_t s = 0, p = 0, h = 0;

	for (size_t i = 0; i < r->n_learners; i++) {
		s += r->learners[i].solved;
		p += r->learners[i].problems;
		h += r->learners[i].hints;
	}
	*solve = p ? (double)s / (double)p : 0.0;
	*hints = h;
	*problems = p;
}

/* Hints switched off: no hint is ever answered and fewer problems get
 * solved; with the feedback agent off, asking gets no level either. */
static void test_hints_through_orchestrator(void **state)
{
	struct tu_sim_config c;
	struct tu_agent_config t;
	struct tu_sim_result on, off, nofb;
	double s_on, s_off, s_nofb;
	uint32_t h_on, h_off, h_nofb, p;

	(void)state;
	small(&c, 40, 10);
	c.threads = 2;
	run_ok(&c, NULL, NULL, &on);
	c.hints = false;
	run_ok(&c, NULL, NULL, &off);
	c.hints = true;
	tu_agent_config_default(&t);
	t.disabled = TU_AGENT_BIT(TU_AGENT_PEDAGOGICAL_FEEDBACK);
	run_ok(&c, &t, NULL, &nofb);
	totals(&on, &s_on, &h_on, &p);
	totals(&off, &s_off, &h_off, &p);
	totals(&nofb, &s_nofb, &h_nofb, &p);
	assert_true(h_on > 0);
	assert_int_equal(h_off, 0);
	assert_int_equal(h_nofb, 0);
	if (!(s_on > s_off))
		fail_msg("solve rate with hints %.3f <= without %.3f", s_on,
			 s_off);
	tu_sim_result_release(&on);
	tu_sim_result_release(&off);
	tu_sim_result_release(&nofb);
}

/* The linear policy offers the course's first problem to a new learner;
 * a learner who never practises learns nothing and forgets. */
static void test_policy_and_idle(void **state)
{
	struct tu_sim_config c;
	struct tu_agent_config t;
	struct tu_sim_result r;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	small(&c, 6, 20);
	tu_agent_config_default(&t);
	t.policy = TU_POLICY_LINEAR;
	run_ok(&c, &t, NULL, &r);
	for (size_t i = 0; i < r.n_learners; i++)
		if (r.learners[i].active_days)
			assert_true(r.learners[i].problems > 0);
	tu_sim_result_release(&r);
	assert_int_equal(tu_sim_config_set(&c, "style", "struggler", &err), 0);
	c.forget_scale = 50.0;   /* every idle known topic is forgotten */
	c.drop_base = 1.0;       /* and everyone drops out after day one */
	run_ok(&c, NULL, NULL, &r);
	for (size_t i = 0; i < r.n_learners; i++) {
		const struct tu_sim_learner *l = &r.learners[i];

		assert_true(l->active_days <= 1);
		assert_true(l->true_post <= l->true_pre + 1e-12 ||
			    l->active_days == 1);
		if (l->active_days == 1)
			assert_int_not_equal(l->dropped_day, UINT32_MAX);
	}
	tu_sim_result_release(&r);
}

static void test_bad_runs(void **state)
{
	struct tu_sim_config c;
	struct tu_agent_config t;
	struct tu_sim_result r;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	small(&c, 2, 2);
	c.drop_base = 1.5;
	assert_int_equal(tu_sim_run(&course, NULL, &c, NULL, NULL, &r, &err),
			 TU_EINVAL);
	assert_non_null(strstr(err.msg, "drop_base"));
	assert_null(r.learners);
	small(&c, 2, 2);
	tu_agent_config_default(&t);
	t.disabled = TU_AGENT_BIT(TU_AGENT_LEARNER_PROFILER);
	assert_int_equal(tu_sim_run(&course, &t, &c, NULL, NULL, &r, &err),
			 TU_EINVAL);
	assert_non_null(strstr(err.msg, "disabled"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_config_set),
		cmocka_unit_test(test_priors_moments),
		cmocka_unit_test(test_priors_errors),
		cmocka_unit_test(test_deterministic_threads),
		cmocka_unit_test(test_store_equals_memory),
		cmocka_unit_test(test_hints_through_orchestrator),
		cmocka_unit_test(test_policy_and_idle),
		cmocka_unit_test(test_bad_runs),
	};

	return cmocka_run_group_tests(tests, load_course, free_course);
}
