/*
 * judge_internal.h - what the judge's source files share: the loaded
 * problem, value types, comparison, harness generation, work dirs.
 *
 * Not a public API: names carry the tu__ prefix and may change.  Unit
 * tests include it to test comparison and harness generation directly.
 */
#ifndef TUTOR_JUDGE_INTERNAL_H
#define TUTOR_JUDGE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "tutor/judge.h"

#define TU__MAX_PARAMS 16
#define TU__NAME_MAX 128
#define TU__IDENT_MAX 64
#define TU__MAX_CASES 1000
#define TU__MAX_PROBLEM_BYTES (1024u * 1024u)
#define TU__MAX_DEPTH 8          /* list nesting in a type */
#define TU__WA_VALUE_MAX 200     /* bytes of a value quoted in messages */

enum tu__base { TU__T_INT, TU__T_FLOAT, TU__T_BOOL, TU__T_STR, TU__T_ANY };

/* A signature type: base wrapped in depth levels of list[...]. */
struct tu__type {
	enum tu__base base;
	int depth;
};

enum tu__kind { TU__KIND_FUNCTION, TU__KIND_STDIO };
enum tu__mode { TU__MODE_LINES = 0, TU__MODE_EXACT, TU__MODE_TOKENS };

/* How actual is compared with expected (a case's "compare"). */
struct tu__cmp {
	double abs_tol, rel_tol;  /* floats; 0 and 0 mean exact */
	bool unordered;           /* top-level list as a multiset */
	enum tu__mode mode;       /* stdio */
};

struct tu__param {
	char name[TU__IDENT_MAX];
	struct tu__type type;
};

struct tu__case {
	char name[TU__NAME_MAX];
	bool hidden;
	/* Values are kept as compact JSON text (a parsed tree costs several
	 * times its text) and parsed per run (struct tu__run). */
	char *input;              /* object keyed by parameter name
				     (function), NULL for stdio */
	char *expected;           /* NULL when expected_error or stdio */
	char expected_error[TU__IDENT_MAX];  /* "" when none */
	char *stdin_data;         /* stdio */
	char *expected_stdout;    /* stdio */
	struct tu__cmp cmp;
};

struct tu_problem {
	char dir[1024];
	char file[1100];          /* dir/problem.json, for messages */
	char id[TU__NAME_MAX];
	char title[256];
	enum tu__kind kind;
	char func[TU__IDENT_MAX];
	struct tu__param params[TU__MAX_PARAMS];
	size_t n_params;
	struct tu__type returns;
	double cpu_s, wall_s;     /* 0 when the problem does not say */
	double memory_mb, output_kb;
	struct tu__case *cases;
	size_t n_cases;
};

/* ---- types.c ---- */

/* Parses "int", "list[float]", "list[list[int]]", "any"; false if bad. */
bool tu__type_parse(const char *s, struct tu__type *out);
/* Writes the type's name ("list[int]") into buf[cap]. */
void tu__type_name(const struct tu__type *t, char *buf, size_t cap);
/*
 * Checks that v is a value of type t; on failure writes "expected an int,
 * got a string" (with the element path, e.g. "[2]: ...") into why[cap].
 */
bool tu__type_check(const struct tu__type *t, const json_t *v,
		    char *why, size_t cap);
/* Whether the C harness can express t (no any, at most one list level). */
bool tu__type_c_ok(const struct tu__type *t);

/* ---- compare.c (pure) ---- */

/*
 * Compares an actual value with the expected value of type t under cmp.
 * Returns true when they match; otherwise writes a learner-facing reason
 * ("expected 3, got 4") into why[cap].  actual may be NULL (no value).
 */
bool tu__compare_value(const struct tu__type *t, const struct tu__cmp *cmp,
		       const json_t *expected, const json_t *actual,
		       char *why, size_t cap);
/* The same for a stdio case's output text. */
bool tu__compare_stdout(const struct tu__cmp *cmp, const char *expected,
			const char *actual, char *why, size_t cap);
/* Dumps v compactly into buf[cap], truncated with "..." past max bytes. */
void tu__value_str(const json_t *v, char *buf, size_t cap, size_t max);

/* ---- harness_c.c (pure) ---- */

/*
 * Generates the C harness for n function cases of p (in[k]: case k's
 * parsed input) printing result lines tagged with nonce.
 * *out is new (free).  TU_EINVAL when p's signature has no C form.
 */
enum tu_status tu__harness_c(const struct tu_problem *p,
			     json_t *const *in, size_t n,
			     const char *nonce, char **out,
			     struct tu_err *err);

/* The per-case timer (timer.c) linked with the harness; *out is new. */
enum tu_status tu__harness_c_timer(const char *nonce, double limit_s,
				   char **out, struct tu_err *err);

/* ---- workdir.c ---- */

/* Makes root/tutor-judge-XXXXXX (0700) with a writable work/ inside. */
enum tu_status tu__workdir_make(const char *root, char *dir, size_t cap,
				char *work, size_t wcap, struct tu_err *err);
/* Removes dir recursively without following symlinks; best effort. */
void tu__workdir_remove(const char *dir);
/* Writes len bytes to dir/name (mode 0644). */
enum tu_status tu__write_file(const char *dir, const char *name,
			      const char *data, size_t len,
			      struct tu_err *err);

/* ---- result.c ---- */

/* Overall verdict: the highest-precedence verdict of the cases. */
enum tu_verdict tu__verdict_max(enum tu_verdict a, enum tu_verdict b);
/* Adds n zeroed cases to res (TU_ENOMEM). */
enum tu_status tu__result_alloc_cases(struct tu_judge_result *res, size_t n,
				      struct tu_err *err);
/* Sets the case output (copied, capped at TU_JUDGE_CASE_OUTPUT_MAX). */
void tu__case_set_output(struct tu_case_result *c, const char *s, size_t n);

/* ---- judge.c: one submission's run context and shared steps ---- */

struct tu__run {
	const struct tu_problem *p;
	const struct tu_judge_config *cfg;
	enum tu_lang lang;
	const char *src;
	size_t len;
	struct tu_sandbox_limits lim;  /* the program's run, all cases */
	double case_cpu_s;             /* per case (function problems) */
	char dir[1024];                /* the private temp directory */
	char work[1100];               /* dir/work, mounted as /work */
	char nonce[40];
	size_t *which;                 /* judged cases: indices into p->cases */
	json_t **in, **ex;             /* case which[k]'s input and expected
					  value, parsed for this run (NULL
					  for stdio and expected_error) */
	size_t n;
	char *runtime_stderr;          /* last run's stderr, may be NULL */
};

/* Runs argv in the sandbox on run->work with the language's paths. */
enum tu_status tu__sandbox(const struct tu__run *run, const char *const *argv,
			   enum tu_sandbox_profile profile,
			   const struct tu_sandbox_limits *lim,
			   const char *stdin_data, size_t stdin_len,
			   struct tu_sandbox_result *sr, struct tu_err *err);
/* Verdict and a one-line reason for a run that did not exit cleanly. */
enum tu_verdict tu__run_verdict(const struct tu_sandbox_result *sr,
				char *why, size_t cap);
/*
 * Fills case k from a function harness record (the JSON after the
 * nonce): value, error, tle, ole; compares with the expected value.
 * Returns false, changing nothing, when rec carries none of those (a
 * forged or broken line: ignored, the case may still get its real one).
 */
bool tu__case_from_record(const struct tu__run *run, struct tu_judge_result *res,
			  size_t k, const json_t *rec);
/* Gives every case without a verdict yet (from k on) the run's verdict. */
void tu__fill_missing(const struct tu__run *run, struct tu_judge_result *res,
		      const struct tu_sandbox_result *sr, const bool *seen);
/* Marks every case with verdict v and message msg (CE, IE). */
void tu__all_cases(struct tu_judge_result *res, enum tu_verdict v,
		   const char *msg);
/* Copies text into a result's top-level message, "/work/" stripped. */
void tu__set_message(struct tu_judge_result *res, const char *text);

/* ---- lang_python.c / lang_c.c ---- */

/* Runs stdio case k (argv under profile, the case's stdin), then fills its
 * result: compares stdout or maps the failure; keeps the run's stderr in
 * run->runtime_stderr.  Shared by both languages. */
enum tu_status tu__stdio_case(struct tu__run *run, struct tu_judge_result *res,
			      size_t k, const char *const *argv,
			      enum tu_sandbox_profile profile,
			      struct tu_err *err);

enum tu_status tu__judge_python(struct tu__run *run,
				struct tu_judge_result *res,
				struct tu_err *err);
enum tu_status tu__judge_c(struct tu__run *run, struct tu_judge_result *res,
			   struct tu_err *err);

#endif
