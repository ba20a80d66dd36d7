/* test_goals.c - goal alignment and both rewards with hand values. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include "tutor/goals.h"

static struct tu_goal goal(const char *id, bool aligned, double w, double c)
{
	struct tu_goal g;

	memset(&g, 0, sizeof(g));
	strcpy(g.id, id);
	g.aligned = aligned;
	g.weight = w;
	g.confidence = c;
	g.value = NAN;
	return g;
}

static void test_meets(void **state)
{
	(void)state;
	assert_true(tu_goal_meets(TU_CMP_GE, 0.8, 0.8));
	assert_false(tu_goal_meets(TU_CMP_GT, 0.8, 0.8));
	assert_true(tu_goal_meets(TU_CMP_GT, 0.81, 0.8));
	assert_true(tu_goal_meets(TU_CMP_LE, 0.8, 0.8));
	assert_false(tu_goal_meets(TU_CMP_LT, 0.8, 0.8));
	assert_true(tu_goal_meets(TU_CMP_LT, 0.79, 0.8));
	assert_true(tu_goal_meets(TU_CMP_EQ, 0.1 + 0.2, 0.3)); /* within 1e-9 */
	assert_false(tu_goal_meets(TU_CMP_EQ, 0.3001, 0.3));
	assert_false(tu_goal_meets(TU_CMP_GE, NAN, 0.0));
	assert_false(tu_goal_meets(TU_CMP_LE, NAN, 1.0));
}

static void test_evaluate(void **state)
{
	struct tu_goal g = goal("acc", false, 1, 0.9);
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	g.threshold_cmp = TU_CMP_GE;
	g.threshold = 0.8;
	g.value = 0.85;
	assert_int_equal(tu_goal_evaluate(&g, &err), TU_OK);
	assert_true(g.aligned);
	g.value = 0.75;
	assert_int_equal(tu_goal_evaluate(&g, &err), TU_OK);
	assert_false(g.aligned);
	g.value = NAN;
	g.aligned = true;
	assert_int_equal(tu_goal_evaluate(&g, &err), TU_OK);
	assert_false(g.aligned);
	g.threshold_cmp = (enum tu_cmp)9;
	g.aligned = true;
	assert_int_equal(tu_goal_evaluate(&g, &err), TU_EINVAL);
	assert_string_equal(err.msg, "goal 'acc': unknown comparison 9");
	assert_true(g.aligned); /* unchanged */
	g.threshold_cmp = TU_CMP_LT;
	g.threshold = INFINITY;
	assert_int_equal(tu_goal_evaluate(&g, &err), TU_EINVAL);
}

static void test_rewards(void **state)
{
	struct tu_goal before[3], after[4];
	double r = -1;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	before[0] = goal("a", false, 1, 0.5);
	before[1] = goal("b", false, 1, 0.5);
	before[2] = goal("c", true, 1, 0.5);
	after[0] = goal("c", true, 1, 0.9);   /* stayed aligned: 0 */
	after[1] = goal("a", true, 2, 0.8);   /* newly aligned: 2 x 0.8 */
	after[2] = goal("b", false, 3, 0.7);  /* still not aligned: 0 */
	after[3] = goal("d", true, 1, 1.0);   /* new id: not counted */
	assert_int_equal(tu_goal_reward(before, 3, after, 4, &r, &err), TU_OK);
	assert_true(fabs(r - 1.6) < 1e-12);
	/* Pxplore code: (0.9 + 0.8 + 1.0) / 4 = 0.675. */
	assert_int_equal(tu_goal_reward_pxplore_code(after, 4, &r, &err), TU_OK);
	assert_true(fabs(r - 0.675) < 1e-12);
	assert_int_equal(tu_goal_reward_pxplore_code(after, 0, &r, &err), TU_OK);
	assert_true(r == 0.0);
	/* Losing alignment gives 0, not a negative reward. */
	assert_int_equal(tu_goal_reward(after, 4, before, 3, &r, &err), TU_OK);
	assert_true(r == 0.0);
	assert_int_equal(tu_goal_reward(NULL, 0, after, 4, &r, &err), TU_OK);
	assert_true(r == 0.0);
}

static void test_reward_checks(void **state)
{
	struct tu_goal l[2];
	double r;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	l[0] = goal("a", false, 1, 0.5);
	l[1] = goal("a", true, 1, 0.5);
	assert_int_equal(tu_goal_reward(l, 1, l, 2, &r, &err), TU_EINVAL);
	assert_string_equal(err.msg, "goals after[1]: duplicate id 'a'");
	l[1] = goal("b", true, 0, 0.5);
	assert_int_equal(tu_goal_reward(l, 1, l, 2, &r, &err), TU_EINVAL);
	assert_string_equal(err.msg, "goals after[1] 'b': weight 0 must be "
			    "finite and > 0");
	l[1] = goal("b", true, 1, 1.5);
	assert_int_equal(tu_goal_reward_pxplore_code(l, 2, &r, &err), TU_EINVAL);
	assert_int_equal(tu_goal_reward(l, TU_GOALS_MAX + 1, l, 2, &r, &err),
			 TU_ERANGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meets),
		cmocka_unit_test(test_evaluate),
		cmocka_unit_test(test_rewards),
		cmocka_unit_test(test_reward_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
