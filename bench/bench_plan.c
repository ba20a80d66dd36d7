/*
 * bench_plan.c - study-plan validation throughput (target: >= 10,000
 * plans validated per second; issue 10).
 *
 * The plan is hand-made here: 3 agents, 4 subtasks, 12 steps, a chain of
 * dependencies plus cross edges, one 3-step loop, texts of typical length
 * (instructions of ~300 characters).  Timed separately, N times each:
 * parse (tu_plan_parse + release), validate (tu_plan_validate of a parsed
 * plan into a cleared report) and both (tu_plan_check).  Prints plans per
 * second and the mean per plan (CLOCK_MONOTONIC around the whole loop,
 * after 200 warm-up rounds).  Then "a deterministic plan": tu_plan_generate
 * + tu_plan_validate on a fixed request, each call timed alone (mean and
 * p99; target p99 < 5 ms).
 *
 * Usage: bench_plan [N]   (default 20000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tutor/plan.h"

#define STEPS 12
#define WARMUP 200

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const char *const agent_of[STEPS] = {
	"tutor", "docs", "tutor", "tutor", "runner", "tutor",
	"tutor", "runner", "tutor", "docs", "tutor", "tutor"
};
static const char *const tool_of[STEPS] = {
	NULL, "CodeDocsSearchTool", NULL, NULL, "CodeInterpreterTool", NULL,
	NULL, "CodeInterpreterTool", NULL, "CodeDocsSearchTool", NULL, NULL
};

static size_t put_step(char *b, size_t cap, int k)
{
	char dep[64] = "";
	const char *instr = "Ask the learner to predict what the program "
		"prints before running it, then compare the prediction with "
		"the output; point at the line where the loop bound is set and "
		"ask which value the variable holds on the last pass. Keep the "
		"wording short and concrete, refer to the learner's own example "
		"and wait for an answer before going on to the next step.";

	if (k > 0)
		snprintf(dep, sizeof(dep), "\"S%d-%d\"%s", (k - 1) / 3 + 1,
			 (k - 1) % 3 + 1, k >= 4 ? ", \"S1-1\"" : "");
	return (size_t)snprintf(b, cap,
		"%s{\"id\": \"S%d-%d\", \"agent\": \"%s\", \"objective\": "
		"\"Predict and check the output of the loop\", \"instruction\": "
		"\"%s\", \"tool\": %s%s%s, \"requires_human_input\": %s, "
		"\"expected_output\": \"The learner's prediction and the actual "
		"output side by side\", \"depends_on\": [%s]}",
		k % 3 ? ", " : "", k / 3 + 1, k % 3 + 1, agent_of[k], instr,
		tool_of[k] ? "\"" : "", tool_of[k] ? tool_of[k] : "null",
		tool_of[k] ? "\"" : "", tool_of[k] ? "false" : "true", dep);
}

static char *make_plan(void)
{
	size_t cap = 64 * 1024, n = 0;
	char *b = malloc(cap);

	if (!b)
		exit(1);
	n += (size_t)snprintf(b + n, cap - n, "{\"agents\": [");
	for (int a = 0; a < 3; a++)
		n += (size_t)snprintf(b + n, cap - n, "%s{\"agent_role\": "
			"\"%s\", \"goal\": \"Guide the learner through the "
			"off-by-one loop question.\", \"backstory\": \"You are "
			"a patient tutor for beginners in Python.\", \"tools\": "
			"[%s]}", a ? ", " : "",
			a == 0 ? "tutor" : a == 1 ? "docs" : "runner",
			a == 0 ? "" : a == 1 ? "\"CodeDocsSearchTool\"" :
			"\"CodeInterpreterTool\"");
	n += (size_t)snprintf(b + n, cap - n, "], \"subtasks\": [");
	for (int s = 0; s < 4; s++) {
		n += (size_t)snprintf(b + n, cap - n, "%s{\"id\": \"S%d\", "
			"\"name\": \"Part %d\", \"subtask_objective\": \"The "
			"learner explains the loop bound.\", \"steps\": [",
			s ? ", " : "", s + 1, s + 1);
		for (int k = 3 * s; k < 3 * s + 3; k++)
			n += put_step(b + n, cap - n, k);
		n += (size_t)snprintf(b + n, cap - n, "]}");
	}
	snprintf(b + n, cap - n, "], \"execution_order\": [\"S1-1\", \"S1-2\", "
		 "\"S1-3\", \"S2-1\", {\"loop\": {\"steps\": [\"S2-2\", "
		 "\"S2-3\", \"S3-1\"], \"condition\": \"S3-1.correct == false\","
		 " \"max_iterations\": 3}}, \"S3-2\", \"S3-3\", \"S4-1\", "
		 "\"S4-2\", \"S4-3\"]}");
	return b;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* generate + validate, each of n rounds timed; prints mean and p99. */
static int bench_generate(long n)
{
	static const char *const tags[] = { "python", "pandas", "sql" };
	struct tu_plan_request rq = { "Why does my pandas merge raise a "
		"KeyError on a column that exists?", "Senior data engineer, "
		"8 years of SQL.", tags, 3, TU_PLAN_LEVEL_UNKNOWN, NULL };
	double *t = malloc((size_t)n * sizeof(*t)), sum = 0;
	struct tu_plan_report r;
	size_t errors = 0;

	if (!t)
		return 1;
	tu_plan_report_init(&r);
	for (long i = 0; i < n; i++) {
		struct tu_plan q;
		double t0 = now_s();

		tu_plan_init(&q);
		tu_plan_report_clear(&r);
		if (tu_plan_generate(&rq, &q, NULL) != TU_OK)
			errors++;
		errors += tu_plan_validate(&q, NULL, &r);
		tu_plan_release(&q);
		t[i] = now_s() - t0;
		sum += t[i];
	}
	qsort(t, (size_t)n, sizeof(*t), cmp_d);
	printf("%-18s %9.0f plans/s  %8.2f us/plan mean, p99 %.2f us "
	       "(%zu errors)\n", "generate+validate", (double)n / sum,
	       sum / (double)n * 1e6, t[(size_t)((double)(n - 1) * 0.99)] * 1e6,
	       errors);
	free(t);
	tu_plan_report_release(&r);
	return errors != 0;
}

static void report(const char *what, double secs, long n)
{
	printf("%-18s %9.0f plans/s  %8.2f us/plan\n", what,
	       (double)n / secs, secs / (double)n * 1e6);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 20000;
	char *text = make_plan();
	size_t len = strlen(text);
	struct tu_plan p;
	struct tu_plan_report r;
	double t0;

	tu_plan_init(&p);
	tu_plan_report_init(&r);
	if (tu_plan_check(text, len, &p, &r, NULL) != TU_OK || r.warnings) {
		for (size_t i = 0; i < r.n; i++)
			fprintf(stderr, "%s: %s\n", r.v[i].path, r.v[i].reason);
		return 1;
	}
	printf("plan: %zu bytes, %zu steps, %zu order entries\n", len,
	       p.n_steps, p.n_order);
	for (int i = 0; i < WARMUP; i++) {
		tu_plan_report_clear(&r);
		tu_plan_validate(&p, NULL, &r);
	}
	t0 = now_s();
	for (long i = 0; i < n; i++) {
		struct tu_plan q;

		tu_plan_init(&q);
		tu_plan_parse(text, len, &q, NULL, NULL);
		tu_plan_release(&q);
	}
	report("parse", now_s() - t0, n);
	t0 = now_s();
	for (long i = 0; i < n; i++) {
		tu_plan_report_clear(&r);
		tu_plan_validate(&p, NULL, &r);
	}
	report("validate", now_s() - t0, n);
	t0 = now_s();
	for (long i = 0; i < n; i++) {
		struct tu_plan q;

		tu_plan_init(&q);
		tu_plan_report_clear(&r);
		tu_plan_check(text, len, &q, &r, NULL);
		tu_plan_release(&q);
	}
	report("parse + validate", now_s() - t0, n);
	if (n > 0 && bench_generate(n) != 0)
		return 1;
	tu_plan_release(&p);
	tu_plan_report_release(&r);
	free(text);
	return 0;
}
