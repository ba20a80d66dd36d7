/*
 * tutor/judge_signals.h - misconception signals from failed runs, and the
 * deterministic code review after AC.
 *
 * Pure functions over plain inputs (source text, per-case outcomes,
 * compiler and runtime diagnostics): no I/O, no sandbox.  The judge calls
 * them; tests call them directly.  Results are appended to caller-owned
 * arrays with fixed capacities (no allocation).
 */
#ifndef TUTOR_JUDGE_SIGNALS_H
#define TUTOR_JUDGE_SIGNALS_H

#include <stddef.h>
#include "tutor/judge.h"

/* One case's outcome as the signal rules see it. */
struct tu_signal_case {
	const char *name;
	enum tu_verdict verdict;
	const char *error_type;     /* "RecursionError", "IndexError", "SIGSEGV", "" */
	const char *message;        /* exception message / detail */
	const char *input_json;     /* the case input, may be NULL */
	const char *expected_json;
	const char *actual_json;    /* may be NULL */
};

struct tu_signal_input {
	enum tu_lang lang;
	const char *source;
	size_t source_len;
	const char *compiler_diagnostics;  /* gcc stderr with warnings, may be NULL */
	const char *runtime_stderr;        /* may be NULL */
	const struct tu_signal_case *cases;
	size_t n_cases;
};

#define TU_SIGNALS_MAX 16
#define TU_REVIEW_MAX 32

/*
 * Misconception tags for a failed run (docs/judge-signals.md lists each
 * tag, its rule and its evidence).  Borrows in for the call.  Appends at
 * most min(cap - *n, TU_SIGNALS_MAX) tags at tags[*n], advancing *n; a tag
 * id already in tags[0..*n) is not added again.  Returns the number
 * added: 0 when every case is AC, when an argument is NULL or *n >= cap.
 * Pure and deterministic; no allocation.
 */
size_t tu_judge_signals(const struct tu_signal_input *in,
			struct tu_judge_tag *tags, size_t *n, size_t cap);

/*
 * The deterministic code review, meant for accepted submissions: nested
 * loops over the same input, list membership tests in loops, unused and
 * uninitialised variables, long functions, mutable defaults, missing
 * frees.  Appends at most min(cap - *n, TU_REVIEW_MAX) findings at
 * out[*n], advancing *n; returns the number added (0 on NULL arguments
 * or *n >= cap).  Verdicts are not looked at.  Pure and deterministic.
 */
size_t tu_judge_review(const struct tu_signal_input *in,
		       struct tu_review_finding *out, size_t *n, size_t cap);

#endif
