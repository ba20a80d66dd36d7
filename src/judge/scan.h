/*
 * scan.h - internal to the judge module: a small, bounded static scan of
 * learner source (Python or C) shared by the misconception signals
 * (signals.c) and the deterministic code review (review.c).
 *
 * It is not a parser.  A tokenizer per language (strings, comments,
 * indentation or braces, line continuations, preprocessor lines) feeds a
 * few pattern rules: function extents and self-calls, memoisation, loops
 * and what they iterate over, list membership tests inside loops, names
 * assigned but never read, mutable default arguments, allocations that
 * are neither freed nor handed on.  Everything lives in struct tu__scan
 * (fixed capacities, no allocation); whatever does not fit is dropped,
 * never overrun.  Any bytes are accepted; nonsense yields few facts.
 */
#ifndef TUTOR_JUDGE_SCAN_H
#define TUTOR_JUDGE_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include "tutor/judge.h"

#define TU__SCAN_MAX_FNS 64
#define TU__SCAN_MAX_NOTES 48
#define TU__SCAN_NAME 48
#define TU__LONG_FUNCTION 40	/* lines; longer is a "long-function" */

/* One function definition. */
struct tu__fn {
	char name[TU__SCAN_NAME];
	int line;		/* first line of the header */
	int end_line;		/* last non-blank line of the body */
	int self_calls;		/* call sites naming the function itself */
	int self_call_line;	/* first such call site, 0 none */
	bool memo;		/* cache decorator or a memo table in use */
	bool plain_int;		/* C: declared return type is plain int */
};

/* What a note is about; review.c turns notes into findings. */
enum tu__note_kind {
	TU__NOTE_NESTED_LOOP = 0,	/* detail: the input both loops walk */
	TU__NOTE_MEMBERSHIP,		/* detail: the list name */
	TU__NOTE_UNUSED,		/* detail: the variable */
	TU__NOTE_MUTABLE_DEFAULT,	/* detail: "f(x=[])" style */
	TU__NOTE_MISSING_FREE,		/* detail: the pointer variable */
	TU__NOTE_INFINITE_LOOP		/* detail: the condition names */
};

struct tu__note {
	enum tu__note_kind kind;
	int line;
	char fn[TU__SCAN_NAME];		/* enclosing function, "" at top */
	char detail[64];
};

struct tu__scan {
	enum tu_lang lang;
	struct tu__fn fns[TU__SCAN_MAX_FNS];
	size_t n_fns;
	struct tu__note notes[TU__SCAN_MAX_NOTES];
	size_t n_notes;
	bool has_plain_int;	/* C: a plain "int" appears as a type */
	int n_lines;
};

/*
 * Scans len bytes of src as lang into *out (fully overwritten).  Never
 * fails: bytes beyond TU_JUDGE_MAX_SOURCE are ignored, facts beyond the
 * capacities are dropped.  Pure and deterministic.
 */
void tu__scan_source(enum tu_lang lang, const char *src, size_t len,
		     struct tu__scan *out);

/* Adds a note unless full or an identical (kind, line, detail) exists. */
void tu__scan_note(struct tu__scan *s, enum tu__note_kind kind, int line,
		   const char *fn, const char *detail, size_t detail_len);

/* Bounded copy: at most n bytes of src, always NUL-terminated in dst. */
void tu__copy(char *dst, size_t cap, const char *src, size_t n);

/* First index of a recursive function (self_calls > 0), or -1. */
int tu__scan_recursive(const struct tu__scan *s, int min_calls,
		       bool unmemoised_only);

#define TU__DIAG_MAX (256u * 1024u)	/* bytes of diagnostics read */

/*
 * Finds the next line of diagnostics text (a C string, NULL allowed) at
 * or after *pos that contains needle; advances *pos past it, sets *line
 * from its "file:LINE:" prefix (0 if none) and copies the first quoted
 * word ('x' or the UTF-8 curly quotes gcc uses) into quoted.  False when
 * no further line matches.
 */
bool tu__diag_next(const char *text, size_t *pos, const char *needle,
		   int *line, char *quoted, size_t cap);

/* The number in the first ":DIGITS:" field of s[0..n), or 0. */
int tu__diag_line(const char *s, size_t n);

/* Python and C scanners, called by tu__scan_source (scan_py / scan_c
 * sections of review.c). */
void tu__scan_python(const char *src, size_t len, struct tu__scan *out);
void tu__scan_c(const char *src, size_t len, struct tu__scan *out);

#endif
