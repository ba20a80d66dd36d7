/*
 * tutor/content_check.h - the content checker's static part: standards a
 * loaded course must meet beyond loading, hint-leak detection, and the
 * coverage table.
 *
 * tu_course_load (tutor/content.h) already guarantees a consistent course
 * (acyclic topics, files present, five hint levels ...).  This module
 * audits what makes a course *good enough to teach*: enough tests per
 * problem (public and hidden), known-wrong solutions, five distinct hints
 * none of which leaks the reference solution, every topic with problems
 * and actions.  It also counts coverage (topics, problems, tests, actions
 * per kind and Bloom level).
 *
 * The leak check is tu_hint_leaks (tutor/leak.h), the same one the
 * feedback agent applies before it delivers a hint.
 *
 * What it is not: it runs no code.  Running every reference and wrong
 * solution through the judge is the caller's job (`tutor content check`,
 * cli/cmd_content.c), which records what it saw with tu_check_add.
 * Pure: no I/O, no clock, no globals.
 *
 * Findings have two severities: an ERROR is a fault (a reference solution
 * that fails, a wrong solution that passes, a leaking hint, identical hint
 * levels); a GAP is a shortfall against the standard in struct
 * tu_check_rules (too few tests, no wrong solution, no reference solution
 * in a course whose solutions are optional, a topic with too few problems
 * or no action).  `--strict` makes gaps fail.
 *
 * Ownership: struct tu_check_report owns its findings and rows; release
 * with tu_check_report_release.  The course is only borrowed.
 */
#ifndef TUTOR_CONTENT_CHECK_H
#define TUTOR_CONTENT_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include "tutor/content.h"
#include "tutor/err.h"
#include "tutor/leak.h"

#define TU_CHECK_WHERE_MAX 160
#define TU_CHECK_MSG_MAX 512
#define TU_CHECK_FINDINGS_MAX 100000
#define TU_HINT_SIMILAR_DEFAULT 0.8  /* word-set Jaccard = too similar */

enum tu_check_severity { TU_CHECK_ERROR = 0, TU_CHECK_GAP };

struct tu_check_rules {
	uint32_t min_tests;           /* cases per problem (8) */
	uint32_t min_public;          /* public cases per problem (2) */
	uint32_t min_hidden;          /* hidden cases per problem (1) */
	uint32_t min_wrong;           /* known-wrong solutions per problem (1) */
	uint32_t min_topic_problems;  /* problems tagged with a topic (3) */
	uint32_t min_topic_actions;   /* actions tagged with a topic (1) */
	uint32_t leak_run;            /* TU_LEAK_RUN_DEFAULT */
	double hint_similar;          /* TU_HINT_SIMILAR_DEFAULT, in (0,1] */
};

struct tu_check_finding {
	enum tu_check_severity severity;
	char where[TU_CHECK_WHERE_MAX];  /* "problems/x/meta.ini:12", "topic y" */
	char code[32];                   /* stable rule id, e.g. "hint-leak" */
	char message[TU_CHECK_MSG_MAX];
};

/* One row of the coverage table (one topic, or the course total). */
struct tu_check_row {
	char topic[TU_ID_MAX];           /* "" for the total row */
	uint32_t problems;               /* problems tagged with the topic */
	uint32_t by_difficulty[3];       /* easy, medium, hard */
	uint32_t tests, public_tests, hidden_tests;
	uint32_t wrong;                  /* known-wrong solutions */
	uint32_t actions;
	uint32_t by_kind[4];             /* enum tu_action_kind */
	uint32_t by_bloom[6];            /* enum tu_action_bloom */
};

struct tu_check_report {
	struct tu_check_finding *findings;
	size_t n_findings, cap_findings;
	size_t n_errors, n_gaps;
	size_t dropped;                  /* findings over TU_CHECK_FINDINGS_MAX */
	struct tu_check_row *rows;       /* one per topic, in course order */
	size_t n_rows;
	struct tu_check_row total;       /* each problem and action once */
};

/* The defaults above (the standard for built-in courses). */
void tu_check_rules_default(struct tu_check_rules *r);

/* Makes r empty; allocates nothing. */
void tu_check_report_init(struct tu_check_report *r);
void tu_check_report_release(struct tu_check_report *r);

/*
 * Audits course c against rules into r (initialised by the caller; any
 * earlier findings are kept).  Fills the coverage rows and adds findings.
 * TU_EINVAL for a NULL argument or rules out of range (hint_similar not
 * in (0,1], leak_run 0); TU_ENOMEM.
 */
enum tu_status tu_check_course(const struct tu_course *c,
			       const struct tu_check_rules *rules,
			       struct tu_check_report *r, struct tu_err *err);

/*
 * Appends a finding (printf-style message).  where and code are copied
 * (truncated to their fields).  Past TU_CHECK_FINDINGS_MAX the finding
 * is counted in dropped and in n_errors/n_gaps but not stored.
 * TU_ENOMEM.
 */
enum tu_status tu_check_add(struct tu_check_report *r,
			    enum tu_check_severity sev, const char *where,
			    const char *code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));


/*
 * Jaccard similarity in [0,1] of the sets of lower-cased words (letters
 * and digits) of two texts; 1 when both have no words.
 */
double tu_text_similarity(const char *a, const char *b);

#endif
