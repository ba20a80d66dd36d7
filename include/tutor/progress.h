/*
 * tutor/progress.h - the progress callback long computations accept.
 *
 * Pure core code never prints; fitting and training loops call a
 * tu_progress_fn (when non-NULL) with a short stage name ("em restart 2"),
 * the units done and the units in total (0 when unknown).  The CLI turns
 * these calls into a progress line on a terminal.  ud is the caller's.
 */
#ifndef TUTOR_PROGRESS_H
#define TUTOR_PROGRESS_H

#include <stddef.h>

typedef void (*tu_progress_fn)(void *ud, const char *stage, size_t done,
			       size_t total);

struct tu_progress {
	tu_progress_fn fn;  /* may be NULL: no reporting */
	void *ud;
};

static inline void tu_progress_report(const struct tu_progress *p,
				      const char *stage, size_t done,
				      size_t total)
{
	if (p && p->fn)
		p->fn(p->ud, stage, done, total);
}

#endif
