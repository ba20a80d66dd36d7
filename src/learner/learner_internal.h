/*
 * learner_internal.h - helpers shared by the files of src/learner only.
 *
 * The field checkers take the JSON path of the struct they check ("$.reviews[4]")
 * so that the editing functions, tu_learner_state_validate and the decoder
 * all report the same message for the same problem.  Not installed.
 */
#ifndef TUTOR_LEARNER_INTERNAL_H
#define TUTOR_LEARNER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include "tutor/learner.h"

/* Longest JSON path a message names, "$.reviews[99999].topics[7]" etc. */
#define TU__PATH_MAX 96

/* Largest integer the JSON format stores (jansson's json_int_t). */
#define TU__JSON_INT_MAX ((uint64_t)INT64_MAX)

/* Highest hint level an item records (the five-level ladder of
 * tutor/hints.h, which this module does not depend on). */
#define TU__HINT_LEVEL_MAX 5

/* Number of daily-plan bucket names, see tu__bucket_name. */
#define TU__BUCKETS 4

/* The i-th daily-plan bucket name for 0 <= i < TU__BUCKETS: "review",
 * "growth", "challenge", "mastered"; "?" otherwise.  Static strings. */
const char *tu__bucket_name(int i);

/* True when s is NUL-terminated within cap bytes and has no control
 * characters (bytes < 0x20 and 0x7f); empty is allowed when may_be_empty. */
bool tu__id_ok(const char *s, size_t cap, bool may_be_empty);

/* True when s is NUL-terminated within cap bytes (free text). */
bool tu__text_ok(const char *s, size_t cap);

/* Range checks of one list entry; path names it ("$.topics[2]"). */
enum tu_status tu__topic_check(const struct tu_topic_state *t,
			       const char *path, struct tu_err *err);
enum tu_status tu__misconception_check(const struct tu_misconception *m,
				       const char *path, struct tu_err *err);
enum tu_status tu__review_check(const struct tu_review_item *r,
				const char *path, struct tu_err *err);
enum tu_status tu__goal_check(const struct tu_goal *g, const char *path,
			      struct tu_err *err);
enum tu_status tu__note_check(const struct tu_note *n, const char *path,
			      struct tu_err *err);
enum tu_status tu__item_check(const struct tu_item_progress *p,
			      const char *path, struct tu_err *err);

/* Makes room for one more element of size elem in *arr (capacity *cap,
 * n used); TU_ERANGE at TU_STATE_LIST_MAX, TU_ENOMEM.  what names the list. */
enum tu_status tu__grow(void **arr, size_t *cap, size_t n, size_t elem,
			const char *what, struct tu_err *err);

#endif
