/* test_simeval.c - the simulated-cohort statistics and report from
 * hand-built results whose answers are known by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tutor/simeval.h"
#include "tutor/srs.h"

#define NEAR(a, b, tol) assert_true(fabs((a) - (b)) < (tol))
/* Half-width of the t interval of 1..5 (times a scale): t(.975, 4) *
 * sqrt(2.5) / sqrt(5). */
#define HALF5 1.9632432

/* ---- hand-built results ------------------------------------------ */

static void fake_make(struct tu_sim_result *r, uint32_t n, uint32_t days,
		      size_t topics)
{
	memset(r, 0, sizeof(*r));
	r->n_learners = n;
	r->days = days;
	r->n_topics = topics;
	r->learners = calloc(n, sizeof(*r->learners));
	r->topics = calloc(topics, sizeof(*r->topics));
	r->topic_attempts = calloc((size_t)n * topics, sizeof(uint32_t));
	r->true_by_day = calloc((size_t)n * (days + 1), sizeof(double));
	assert_non_null(r->learners);
	assert_non_null(r->topics);
	assert_non_null(r->topic_attempts);
	assert_non_null(r->true_by_day);
	for (size_t t = 0; t < topics; t++)
		snprintf(r->topics[t], sizeof(r->topics[t]), "topic%zu", t);
	for (uint32_t i = 0; i < n; i++) {
		struct tu_sim_learner *l = &r->learners[i];

		l->index = i;
		l->level = (enum tu_sim_level)(i % TU_SIM_LEVELS);
		l->dropped_day = UINT32_MAX;
		l->mastery_day = UINT32_MAX;
	}
}

static void fake_free(struct tu_sim_result *r)
{
	free(r->learners);
	free(r->topics);
	free(r->topic_attempts);
	free(r->true_by_day);
	free(r->mastery);
	free(r->recall);
	memset(r, 0, sizeof(*r));
}

/* Condition c on seed s (0-based): 10 learners, 3 days, 4 topics.
 * Everyone's true gain is (s + 1) / 100 in the full system and
 * (s + 1) / 100 - off[c] otherwise; solved = 5 + s of 10 problems, two
 * fewer without hints; a few predictions. */
static const double gain_off[TU_SIMEVAL_CONDS] = {
	0, 0.01, 0.02, 0.005, 0.001, 0, 0.003
};

static void fake_run(struct tu_sim_result *r, enum tu_simeval_cond c,
		     uint32_t s, bool random_wins)
{
	double g = (s + 1) / 100.0 - gain_off[c];

	if (random_wins && c == TU_COND_RANDOM)
		g = (s + 1) / 100.0 + 0.02 * (s % 2 ? 1 : 0.5);
	fake_make(r, 10, 3, 4);
	for (uint32_t i = 0; i < 10; i++) {
		struct tu_sim_learner *l = &r->learners[i];

		l->true_pre = 0.05 * i;
		l->true_post = l->true_pre + g;
		l->held_pre = 0.5;
		l->held_post = 0.5 + g;
		l->est_pre = 0.1;
		l->est_post = 0.1 + 2 * g;
		l->problems = 10;
		l->solved = 5 + s - (c == TU_COND_NO_HINTS ? 2 : 0);
		l->attempts = 20;
		l->attempts_ok = l->solved;
		l->hinted = c == TU_COND_NO_HINTS ? 0 : 4;
		l->hinted_solved = c == TU_COND_NO_HINTS ? 0 : 3;
		l->active_days = 2;
		r->topic_attempts[i * 4 + 0] = 1;
		r->topic_attempts[i * 4 + 2] = i < 5 ? 1 : 0;
		for (uint32_t d = 0; d <= 3; d++)
			r->true_by_day[i * 4 + d] = l->true_pre + g * d / 3;
	}
	r->mastery = calloc(4, sizeof(*r->mastery));
	assert_non_null(r->mastery);
	r->n_mastery = 4;
	r->mastery[0] = (struct tu_sim_pred){ 0.1, 0.2, 0 };
	r->mastery[1] = (struct tu_sim_pred){ 0.4, 0.3, 0 };
	r->mastery[2] = (struct tu_sim_pred){ 0.35, 0.5, 1 };
	r->mastery[3] = (struct tu_sim_pred){ 0.8, 0.7, 1 };
}

/* Summarizes every condition of `experiments` over 5 seeds. */
static void fake_summary(uint32_t experiments, bool random_wins,
			 struct tu_simeval_summary *s)
{
	struct tu_simeval_data d;
	uint32_t conds = tu_simeval_conds_needed(experiments);
	struct tu_err err = TU_ERR_INIT;

	tu_simeval_data_init(&d);
	assert_int_equal(tu_simeval_data_alloc(&d, 5, conds, &err), TU_OK);
	for (uint32_t seed = 0; seed < 5; seed++)
		for (int c = 0; c < TU_SIMEVAL_CONDS; c++) {
			struct tu_sim_result r;

			if (!(conds & TU_COND_BIT(c)))
				continue;
			fake_run(&r, (enum tu_simeval_cond)c, seed,
				 random_wins);
			assert_int_equal(tu_simeval_data_add(&d,
				(enum tu_simeval_cond)c, seed, &r, &err),
				TU_OK);
			fake_free(&r);
		}
	tu_simeval_summary_init(s);
	assert_int_equal(tu_simeval_summarize(&d, experiments, s, &err),
			 TU_OK);
	tu_simeval_data_release(&d);
	snprintf(s->course, sizeof(s->course), "fake");
	tu_sim_config_default(&s->sim);
	s->sim.learners = 10;
	s->first_seed = 1;
}

/* ---- statistics -------------------------------------------------- */

/* True gain per seed 0.01..0.05: mean 0.03, t interval of 1..5 / 100. */
static void test_gain_interval(void **state)
{
	struct tu_simeval_summary s;
	const struct tu_ci *g;

	(void)state;
	fake_summary(TU_SIMEVAL_BIT(TU_SIMEVAL_GAIN), false, &s);
	g = &s.m[TU_COND_FULL][TU_SM_TRUE_GAIN];
	assert_int_equal(g->n, 5);
	NEAR(g->mean, 0.03, 1e-12);
	NEAR(g->lo, 0.03 - HALF5 / 100, 1e-8);
	NEAR(g->hi, 0.03 + HALF5 / 100, 1e-8);
	NEAR(s.m[TU_COND_FULL][TU_SM_EST_GAIN].mean, 0.06, 1e-12);
	/* learners 0, 3, 6, 9 are beginners: 4 per seed, same gain */
	NEAR(s.level_n[TU_SIM_BEGINNER].mean, 4, 1e-12);
	NEAR(s.level_gain[TU_GAIN_HELD][TU_SIM_ADVANCED].mean, 0.03, 1e-12);
	/* mastery predictions: AUC 3/4 (tests/metrics), Brier by hand */
	NEAR(s.m[TU_COND_FULL][TU_SM_AUC].mean, 0.75, 1e-12);
	NEAR(s.m[TU_COND_FULL][TU_SM_BRIER].mean,
	     (0.01 + 0.16 + 0.4225 + 0.04) / 4, 1e-12);
	NEAR(s.m[TU_COND_FULL][TU_SM_BRIER_TRUTH].mean,
	     (0.01 + 0.01 + 0.0225 + 0.01) / 4, 1e-12);
	assert_int_equal(s.n_mastery, 20);
	assert_int_equal(s.mastery_bins[3].n, 5);      /* p = 0.35 */
	NEAR(s.mastery_bins[3].mean_y, 1.0, 1e-12);
	/* no reviews: recall undefined, not zero */
	assert_true(isnan(s.m[TU_COND_FULL][TU_SM_RECALL_AUC].mean));
	tu_simeval_summary_release(&s);
}

/* Paired differences: solve rate on - off is exactly 0.2 on every seed,
 * so its interval has zero width although the rates vary by seed. */
static void test_paired_hints(void **state)
{
	struct tu_simeval_summary s;
	const struct tu_ci *d, *on;

	(void)state;
	fake_summary(TU_SIMEVAL_BIT(TU_SIMEVAL_HINTS), false, &s);
	d = &s.diff[TU_COND_NO_HINTS][TU_SM_SOLVE_RATE];
	on = &s.m[TU_COND_FULL][TU_SM_SOLVE_RATE];
	NEAR(d->mean, -0.2, 1e-12);
	NEAR(d->hi - d->lo, 0, 1e-12);
	NEAR(on->mean, 0.7, 1e-12);
	NEAR(on->hi - on->mean, HALF5 / 10, 1e-7);
	NEAR(s.m[TU_COND_FULL][TU_SM_HINTED_OK].mean, 0.75, 1e-12);
	assert_true(isnan(s.m[TU_COND_NO_HINTS][TU_SM_HINTED_OK].mean));
	assert_int_equal(s.claims[TU_CLAIM_HINTS_SOLVE].verdict,
			 TU_VERDICT_PASS);
	assert_int_equal(s.claims[TU_CLAIM_CURATOR_HELD].verdict,
			 TU_VERDICT_SKIP);
	tu_simeval_summary_release(&s);
}

/* Coverage: topics 0 and 2 practised (2 of 4); learners 0..4 practise
 * 2 topics, 5..9 one: mean 0.375; counts 10, 0, 5, 0: mean 3.75, sd
 * sqrt((6.25^2 + 3.75^2 + 1.25^2 + 3.75^2) / 4) = 4.1458, CV 1.1055. */
static void test_coverage(void **state)
{
	struct tu_simeval_summary s;
	const struct tu_ci *m;

	(void)state;
	fake_summary(TU_SIMEVAL_BIT(TU_SIMEVAL_COVERAGE), false, &s);
	m = s.m[TU_COND_FULL];
	NEAR(m[TU_SM_COV_COHORT].mean, 0.5, 1e-12);
	NEAR(m[TU_SM_COV_LEARNER].mean, 0.375, 1e-12);
	NEAR(m[TU_SM_TOPIC_CV].mean, sqrt(17.1875) / 3.75, 1e-12);
	assert_int_equal(s.n_top, 4);
	assert_string_equal(s.top[0].id, "topic0");
	NEAR(s.top[0].share.mean, 10.0 / 15, 1e-12);
	assert_string_equal(s.top[1].id, "topic2");
	assert_string_equal(s.top[2].id, "topic1");   /* ties: by index */
	assert_int_equal(s.claims[TU_CLAIM_COVERAGE].verdict, TU_VERDICT_FAIL);
	assert_int_equal(tu_simeval_claims_failed(&s), 1);
	tu_simeval_summary_release(&s);
}

/* Deciles: 20 learners given in shuffled order; decile k (by true_pre)
 * gains (k + 1) / 100, so the decile means are 1..10 %: type-7 IQR 4.5,
 * median 5.5, ratio 0.8182.  Hints only for deciles 0-4; pacing equal. */
static void test_deciles(void **state)
{
	struct tu_simeval_data d;
	struct tu_simeval_summary s;
	struct tu_sim_result r;
	struct tu_err err = TU_ERR_INIT;
	uint32_t fair = TU_SIMEVAL_BIT(TU_SIMEVAL_FAIRNESS);

	(void)state;
	tu_simeval_data_init(&d);
	assert_int_equal(tu_simeval_data_alloc(&d, 2, TU_COND_BIT(TU_COND_FULL),
					       &err), TU_OK);
	for (uint32_t seed = 0; seed < 2; seed++) {
		fake_make(&r, 20, 2, 3);
		for (uint32_t i = 0; i < 20; i++) {
			struct tu_sim_learner *l = &r.learners[i];
			uint32_t rank = (i * 7 + 3) % 20;  /* a permutation */

			l->true_pre = rank / 40.0;
			l->true_post = l->true_pre + (rank / 2 + 1) / 100.0;
			l->hints = rank < 10 ? 2 : 0;
			l->hint_level_sum = rank < 10 ? 3 : 0;
			l->problems = 6;
			l->active_days = i == 0 ? 0 : 3;
		}
		assert_int_equal(tu_simeval_data_add(&d, TU_COND_FULL, seed,
						     &r, &err), TU_OK);
		fake_free(&r);
	}
	tu_simeval_summary_init(&s);
	assert_int_equal(tu_simeval_summarize(&d, fair, &s, &err), TU_OK);
	for (int k = 0; k < 10; k++)
		NEAR(s.decile[TU_FAIR_GAIN][k].mean, (k + 1) / 100.0, 1e-12);
	NEAR(s.m[TU_COND_FULL][TU_SM_FAIR_GAIN].mean, 4.5 / 5.5, 1e-12);
	NEAR(s.decile[TU_FAIR_HINT][0].mean, 1.5, 1e-12);
	assert_true(isnan(s.decile[TU_FAIR_HINT][9].mean));
	NEAR(s.decile[TU_FAIR_PACE][3].mean, 2, 1e-12);
	NEAR(s.m[TU_COND_FULL][TU_SM_FAIR_PACE].mean, 0, 1e-12);
	NEAR(s.m[TU_COND_FULL][TU_SM_FAIR_HINT].mean, 0, 1e-12);
	tu_simeval_summary_release(&s);
	tu_simeval_data_release(&d);
}

/* ---- claims ------------------------------------------------------ */

static void test_check_curator(void **state)
{
	struct tu_simeval_summary s;
	uint32_t pol = TU_SIMEVAL_BIT(TU_SIMEVAL_POLICIES);

	(void)state;
	fake_summary(pol, false, &s);
	assert_int_equal(s.claims[TU_CLAIM_CURATOR_HELD].verdict,
			 TU_VERDICT_PASS);
	NEAR(s.claims[TU_CLAIM_CURATOR_HELD].value.mean, 0.02, 1e-12);
	assert_int_equal(tu_simeval_claims_failed(&s), 0);
	tu_simeval_summary_release(&s);
	/* random gains more on every seed: the claim fails */
	fake_summary(pol, true, &s);
	assert_int_equal(s.claims[TU_CLAIM_CURATOR_HELD].verdict,
			 TU_VERDICT_FAIL);
	assert_true(s.claims[TU_CLAIM_CURATOR_HELD].value.hi < 0);
	assert_int_equal(tu_simeval_claims_failed(&s), 1);
	tu_simeval_summary_release(&s);
}

/* ---- report ------------------------------------------------------ */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	p[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return p;
}

static const char *const files[] = {
	"report.md", "gain.svg", "hints.svg", "coverage.svg", "policies.svg",
	"policies_gain.svg", "model.svg", "recall.svg", "fairness_gain.svg",
	"fairness_hints.svg", "fairness_pacing.svg", "ablations.svg"
};
#define N_FILES (sizeof(files) / sizeof(files[0]))

static void write_to(const struct tu_simeval_summary *s, char *dir)
{
	struct tu_err err = TU_ERR_INIT;

	assert_non_null(mkdtemp(dir));
	assert_int_equal(tu_simeval_report_write(s, dir, &err), TU_OK);
}

static void remove_dir(const char *dir)
{
	char path[512];

	for (size_t i = 0; i < N_FILES; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void test_report_identical(void **state)
{
	struct tu_simeval_summary a, b;
	char da[] = "/tmp/simeval-a-XXXXXX", db[] = "/tmp/simeval-b-XXXXXX";
	char path[512];

	(void)state;
	fake_summary(TU_SIMEVAL_ALL, false, &a);
	fake_summary(TU_SIMEVAL_ALL, false, &b);
	write_to(&a, da);
	write_to(&b, db);
	for (size_t i = 0; i < N_FILES; i++) {
		size_t la, lb;
		char *pa, *pb;

		snprintf(path, sizeof(path), "%s/%s", da, files[i]);
		pa = slurp(path, &la);
		snprintf(path, sizeof(path), "%s/%s", db, files[i]);
		pb = slurp(path, &lb);
		assert_true(la > 100);
		assert_int_equal(la, lb);
		assert_memory_equal(pa, pb, la);
		assert_null(strstr(pa, "/tmp/"));
		free(pa);
		free(pb);
	}
	remove_dir(da);
	remove_dir(db);
	tu_simeval_summary_release(&a);
	tu_simeval_summary_release(&b);
}

static void test_report_sections(void **state)
{
	static const char *const want[] = {
		"## Acceptance claims", "## 1. gain", "## 2. hints",
		"## 3. coverage", "## 4. policies", "## 5. model",
		"## 6. recall", "## 7. fairness", "## 8. ablations",
		"| hints raise the problem solve rate (paired 95 % interval > 0)"
		" | 20.00 [20.00, 20.00] | PASS |",
		"| overall | 10 | 3.00 [1.04, 4.96] |",
		"| cohort topic coverage >= 90 % | 50.00 [50.00, 50.00] | FAIL |"
	};
	struct tu_simeval_summary s;
	struct tu_err err = TU_ERR_INIT;
	char *md = NULL;
	size_t len = 0;

	(void)state;
	fake_summary(TU_SIMEVAL_ALL, false, &s);
	assert_int_equal(tu_simeval_report_md(&s, &md, &len, &err), TU_OK);
	assert_int_equal(strlen(md), len);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!strstr(md, want[i]))
			fail_msg("report lacks '%s'", want[i]);
	assert_null(strstr(md, "-0.00"));
	free(md);
	/* one experiment: only its section */
	tu_simeval_summary_release(&s);
	fake_summary(TU_SIMEVAL_BIT(TU_SIMEVAL_MODEL), false, &s);
	assert_int_equal(tu_simeval_report_md(&s, &md, &len, &err), TU_OK);
	assert_non_null(strstr(md, "## 5. model"));
	assert_null(strstr(md, "## 1. gain"));
	assert_null(strstr(md, "## Acceptance claims"));
	free(md);
	tu_simeval_summary_release(&s);
}

/* ---- data and options -------------------------------------------- */

static void test_shape_mismatch(void **state)
{
	struct tu_simeval_data d;
	struct tu_sim_result r;
	struct tu_err err = TU_ERR_INIT;
	struct tu_simeval_summary s;

	(void)state;
	tu_simeval_data_init(&d);
	assert_int_equal(tu_simeval_data_alloc(&d, 2, 0, &err), TU_EINVAL);
	assert_int_equal(tu_simeval_data_alloc(&d, 2,
		TU_COND_BIT(TU_COND_FULL) | TU_COND_BIT(TU_COND_RANDOM), &err),
		TU_OK);
	fake_run(&r, TU_COND_FULL, 0, false);
	assert_int_equal(tu_simeval_data_add(&d, TU_COND_FULL, 0, &r, &err),
			 TU_OK);
	assert_int_equal(tu_simeval_data_add(&d, TU_COND_LINEAR, 0, &r, &err),
			 TU_EINVAL);
	assert_int_equal(tu_simeval_data_add(&d, TU_COND_FULL, 2, &r, &err),
			 TU_EINVAL);
	fake_free(&r);
	fake_make(&r, 10, 3, 5);
	assert_int_equal(tu_simeval_data_add(&d, TU_COND_RANDOM, 1, &r, &err),
			 TU_EDATA);
	assert_non_null(strstr(err.msg, "random"));
	fake_free(&r);
	/* seed 2 of full was never added */
	tu_simeval_summary_init(&s);
	assert_int_equal(tu_simeval_summarize(&d,
		TU_SIMEVAL_BIT(TU_SIMEVAL_GAIN), &s, &err), TU_EINVAL);
	tu_simeval_data_release(&d);
}

static void test_conditions(void **state)
{
	struct tu_agent_config base, a;
	struct tu_sim_config sbase, sc;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	tu_agent_config_default(&base);
	tu_sim_config_default(&sbase);
	tu_simeval_cond_config(TU_COND_NO_CONTEXT, &base, &sbase, &a, &sc);
	assert_true(a.sm2.hint_shrink == 1.0 && a.sm2.fast_expand == 1.0);
	NEAR(a.sm2.recall_min, 0.0001, 1e-15);
	assert_int_equal(tu_sm2_config_check(&a.sm2, &err), TU_OK);
	assert_int_equal(tu_agent_config_validate(&a, &err), TU_OK);
	tu_simeval_cond_config(TU_COND_NO_SRS, &base, &sbase, &a, &sc);
	assert_int_equal(a.disabled,
			 TU_AGENT_BIT(TU_AGENT_PROGRESS_SYNTHESIZER));
	tu_simeval_cond_config(TU_COND_NO_HINTS, &base, &sbase, &a, &sc);
	assert_false(sc.hints);
	assert_true(sbase.hints);
	assert_int_equal(tu_simeval_conds_needed(
		TU_SIMEVAL_BIT(TU_SIMEVAL_ABLATIONS)),
		TU_COND_BIT(TU_COND_FULL) | TU_COND_BIT(TU_COND_RANDOM) |
		TU_COND_BIT(TU_COND_NO_FEEDBACK) |
		TU_COND_BIT(TU_COND_NO_CONTEXT) | TU_COND_BIT(TU_COND_NO_SRS));
	assert_int_equal(tu_simeval_conds_needed(TU_SIMEVAL_ALL), 0x7f);
}

static void test_opts(void **state)
{
	struct tu_simeval_opts o;
	struct tu_simeval_summary s;
	struct tu_err err = TU_ERR_INIT;
	struct tu_course c;
	enum tu_simeval_exp e;

	(void)state;
	tu_simeval_opts_default(&o);
	assert_int_equal(o.seeds, 5);
	assert_int_equal(o.sim.learners, 200);
	tu_simeval_summary_init(&s);
	assert_int_equal(tu_simeval_run(&o, &s, &err), TU_EINVAL);
	memset(&c, 0, sizeof(c));
	o.course = &c;
	o.seeds = 1;
	assert_int_equal(tu_simeval_run(&o, &s, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "seeds"));
	assert_true(tu_simeval_exp_parse("fairness", &e));
	assert_int_equal(e, TU_SIMEVAL_FAIRNESS);
	assert_false(tu_simeval_exp_parse("suite", &e));
	assert_string_equal(tu_simeval_exp_name(TU_SIMEVAL_ABLATIONS),
			    "ablations");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gain_interval),
		cmocka_unit_test(test_paired_hints),
		cmocka_unit_test(test_coverage),
		cmocka_unit_test(test_deciles),
		cmocka_unit_test(test_check_curator),
		cmocka_unit_test(test_report_identical),
		cmocka_unit_test(test_report_sections),
		cmocka_unit_test(test_shape_mismatch),
		cmocka_unit_test(test_conditions),
		cmocka_unit_test(test_opts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
