/*
 * content_report.h - the output side of `tutor content check`
 * (cli/content_report.c): turning judge outcomes into findings, and
 * printing findings, the coverage table and the summary as text or JSON.
 */
#ifndef TUTOR_CLI_CONTENT_REPORT_H
#define TUTOR_CLI_CONTENT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include "tutor/content.h"
#include "tutor/content_check.h"
#include "tutor/judge.h"

/* What the judge saw, counted for the summary. */
struct cli_judge_tally {
	size_t ref_total, ref_ac;
	size_t wrong_total, wrong_rejected;
};

/* "case 'empty': expected [], got [1]" or the top-level message of res,
 * into buf (always terminated). */
void cli_content_verdict_detail(const struct tu_judge_result *res,
				char *buf, size_t cap);

/*
 * Records one judged solution of problem id: a reference solution (wrong
 * NULL) must be AC; a known-wrong one (wrong = its file) must be neither
 * AC nor CE nor IE.  failed: it could not be judged (detail says why).
 * Faults become ERROR findings in r; tally counts.  TU_ENOMEM.
 */
enum tu_status cli_content_record(const char *id, enum tu_lang lang,
				  const char *wrong, bool failed,
				  enum tu_verdict v, const char *detail,
				  struct tu_check_report *r,
				  struct cli_judge_tally *tally);

/* Prints the report on stdout (text, or one JSON object with json). */
void cli_content_print(const struct tu_course *c,
		       const struct tu_check_report *r,
		       const struct cli_judge_tally *tally, bool judged,
		       bool json);

/* `tutor content import KIND ...` (argv[0] = "import"). */
int cli_content_import(int argc, char **argv);

#endif
