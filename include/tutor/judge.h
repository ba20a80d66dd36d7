/*
 * tutor/judge.h - skill assessment: judge a learner's submission against a
 * problem's test cases, safely.
 *
 * A problem (docs/problem-format.md) is loaded from a directory once.  A
 * submission (language + source text) is compiled if needed and run inside
 * the sandbox (tutor/sandbox.h) by a harness that calls the learner's
 * function once per case; the judge compares actual and expected values
 * on the server side (hidden cases' expected values never enter the
 * sandbox), decides a verdict per case and overall, and attaches
 * misconception signals (tutor/judge_signals.h) and, after AC, a
 * deterministic code review.
 *
 * Ownership: struct tu_problem is opaque (tu_problem_load / tu_problem_free).
 * struct tu_judge_result owns all its strings and arrays
 * (tu_judge_result_release).  Source text is borrowed for the call.
 */
#ifndef TUTOR_JUDGE_H
#define TUTOR_JUDGE_H

#include <stdbool.h>
#include <stddef.h>
#include "tutor/err.h"
#include "tutor/sandbox.h"

#define TU_JUDGE_MAX_SOURCE (64u * 1024u)  /* bytes of learner source */
#define TU_JUDGE_CASE_OUTPUT_MAX 500       /* bytes of output kept per case */
#define TU_JUDGE_WORK_BYTES (32u << 20)    /* size of the private /work of a run */

enum tu_lang { TU_LANG_PYTHON = 0, TU_LANG_C };

/* Verdicts; the overall verdict is the highest-precedence case verdict
 * (docs/judge.md): IE > CE > SV > TLE > MLE > OLE > RE > WA > AC. */
enum tu_verdict {
	TU_VERDICT_AC = 0,
	TU_VERDICT_WA,
	TU_VERDICT_RE,
	TU_VERDICT_OLE,
	TU_VERDICT_MLE,
	TU_VERDICT_TLE,
	TU_VERDICT_SV,
	TU_VERDICT_CE,
	TU_VERDICT_IE
};

struct tu_problem;

/* A misconception signal for the learner profiler. */
struct tu_judge_tag {
	char tag[64];          /* e.g. "missing-base-case", "off-by-one" */
	char topic[64];        /* topic it bears on, "" when general */
	char evidence[512];    /* what was observed: case, error, line */
};

/* A code-review finding (after AC). */
struct tu_review_finding {
	char rule[64];         /* e.g. "nested-loop-same-input" */
	int line;              /* 1-based, 0 when not tied to a line */
	char message[256];
};

struct tu_case_result {
	char name[128];
	bool hidden;
	enum tu_verdict verdict;
	char message[512];     /* e.g. "expected 3, got 4"; exception text */
	char *output;          /* learner's stdout during the case, <= 500 bytes */
	char *input_json;      /* NULL for hidden cases in public output */
	char *expected_json;
	char *actual_json;     /* NULL when no value was produced */
	char error_type[64];   /* Python exception class / C signal name, "" none */
	double time_s;
};

struct tu_judge_result {
	enum tu_verdict verdict;
	char message[2048];    /* top level: compiler errors, IE reason */
	struct tu_case_result *cases;
	size_t n_cases;
	struct tu_judge_tag *tags;
	size_t n_tags;
	struct tu_review_finding *review;
	size_t n_review;
	double wall_s;
	char *diagnostics;     /* C: the compiler's warnings (also on success),
				* NULL when none */
};

struct tu_judge_config {
	const char *python;    /* interpreter, default "/usr/bin/python3" */
	const char *cc;        /* C compiler, default "/usr/bin/gcc" */
	const char *tmp_root;  /* where work dirs are made, default "/tmp" */
	struct tu_sandbox_limits limits; /* defaults; a problem's limits override */
	bool allow_cgroup;
	unsigned uid_slot;     /* sandbox uid slot (tutor/sandbox.h): give each
				* concurrent worker its own; default 0 */
};

void tu_judge_config_default(struct tu_judge_config *cfg);

/* Loads and validates dir/problem.json; errors name the file and the JSON
 * path.  *out is new (tu_problem_free). */
enum tu_status tu_problem_load(const char *dir, struct tu_problem **out,
			       struct tu_err *err);
void tu_problem_free(struct tu_problem *p);

/* The problem's "id" and "title" ("" when absent); valid while p lives. */
const char *tu_problem_id(const struct tu_problem *p);
const char *tu_problem_title(const struct tu_problem *p);
/* Number of cases in problem.json. */
size_t tu_problem_n_cases(const struct tu_problem *p);
/* Number of those cases marked "hidden". */
size_t tu_problem_n_hidden(const struct tu_problem *p);

/*
 * Case i (< tu_problem_n_cases) as JSON text, for checks that must know
 * hidden data without showing it (the LLM guardrails, tutor/assist.h):
 * *hidden; *input the input object (function) or the stdin text as a
 * JSON string (stdio); *expected the expected value, the expected stdout
 * as a JSON string, or NULL for an expected_error case.  Compact JSON;
 * new strings (free()).  TU_ERANGE for a bad i, TU_ENOMEM.
 */
enum tu_status tu_problem_case_json(const struct tu_problem *p, size_t i,
				    bool *hidden, char **input,
				    char **expected, struct tu_err *err);

/* Parses "python"/"py"/"c"; TU_EINVAL otherwise. */
enum tu_status tu_lang_parse(const char *s, enum tu_lang *out,
			     struct tu_err *err);

/*
 * Judges one submission.  Bad input (empty source, over
 * TU_JUDGE_MAX_SOURCE, not UTF-8, NUL bytes) gives TU_EINVAL and runs
 * nothing.  Otherwise TU_OK with a verdict in res (IE when the sandbox
 * could not be set up).  res is initialised by the call.  cfg may be NULL
 * (tu_judge_config_default).  The work directory made under
 * cfg->tmp_root is removed before the call returns, on every path.
 * Concurrent calls need distinct cfg->uid_slot values; until the sandbox
 * is fork-safe in threaded processes, run them in separate processes
 * (docs/judge.md, "Known limits").
 */
enum tu_status tu_judge_submit(const struct tu_problem *p, enum tu_lang lang,
			       const char *src, size_t len,
			       const struct tu_judge_config *cfg,
			       struct tu_judge_result *res,
			       struct tu_err *err);

/* Results JSON in the shape of Exercism's results.json v3, extended with
 * verdicts, input/expected/actual, tags and review.  Hidden cases appear
 * with name and status only unless include_hidden.  *out is new (free). */
enum tu_status tu_judge_result_to_json(const struct tu_judge_result *res,
				       bool include_hidden, char **out,
				       struct tu_err *err);

void tu_judge_result_release(struct tu_judge_result *res);

const char *tu_verdict_name(enum tu_verdict v);  /* "AC", "WA", ... */

#endif
