/*
 * plan_internal.h - helpers shared by the files of src/plan (not
 * installed): the arena every plan allocates from, id lookup by sorted
 * index, and JSON path formatting.
 */
#ifndef TUTOR_PLAN_INTERNAL_H
#define TUTOR_PLAN_INTERNAL_H

#include <stddef.h>
#include "tutor/plan.h"

/* A bump allocator of chained blocks; freed all at once. */
struct tu_plan_arena {
	struct tu_plan_arena *next;
	size_t used, cap;
	max_align_t data[];
};

/* n zeroed bytes from p's arena (created on first use); NULL on ENOMEM. */
void *plan_alloc(struct tu_plan *p, size_t n);
/* A copy of s[0..n) with a NUL in p's arena; NULL on ENOMEM. */
const char *plan_strndup(struct tu_plan *p, const char *s, size_t n);

/* Sorted (id, index) pairs for bsearch. */
struct plan_idx {
	const char *id;
	size_t i;
};

/* Sorts ix[0..n) by id. */
void plan_idx_sort(struct plan_idx *ix, size_t n);
/* The index of id in sorted ix, or (size_t)-1. */
size_t plan_idx_find(const struct plan_idx *ix, size_t n, const char *id);

/* "$.output.subtasks[1].steps[2]" of step k of p, under prefix. */
void plan_step_path(const struct tu_plan *p, const char *prefix, size_t k,
		    char *buf, size_t cap);

/* snprintf into a path buffer (truncation is harmless: paths are labels). */
void plan_pathf(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Number of UTF-8 characters in s. */
size_t plan_utf8_len(const char *s);

#endif
