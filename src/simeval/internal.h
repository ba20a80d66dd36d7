/*
 * internal.h - what the simulated-cohort evaluation's files share: the
 * per-run reduction, a growing text buffer for the report, the chart
 * list.  Not installed.
 */
#ifndef TUTOR_SIMEVAL_INTERNAL_H
#define TUTOR_SIMEVAL_INTERNAL_H

#include <stddef.h>

#include "tutor/plot.h"
#include "tutor/simeval.h"

/* Reduces r into cell (whose arrays are allocated for r's topics and
 * days).  TU_ENOMEM. */
enum tu_status se_cell_fill(struct tu_simeval_cell *cell,
			    const struct tu_sim_result *r,
			    struct tu_err *err);

/* A growing NUL-terminated text; st keeps the first failure. */
struct se_buf {
	char *p;
	size_t len, cap;
	enum tu_status st;
};

void se_buf_printf(struct se_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Number formats of the report. */
enum se_fmt {
	SE_PCT = 0,   /* share as percent, 2 decimals */
	SE_NUM2,      /* 2 decimals */
	SE_NUM4       /* 4 decimals */
};

/* "5.04 [3.12, 6.96]" (no unit); "n/a" for NaN parts. */
void se_fmt_ci(char *buf, size_t cap, const struct tu_ci *ci, enum se_fmt f);
/* One number; "n/a" for NaN. */
void se_fmt_num(char *buf, size_t cap, double v, enum se_fmt f);

/* Calls fn(name, svg) for every chart of s's experiments in a fixed
 * order, building each into a fresh buffer; stops at the first error. */
typedef enum tu_status (*se_chart_fn)(void *ud, const char *name,
				      const struct tu_svg *svg,
				      struct tu_err *err);
enum tu_status se_charts(const struct tu_simeval_summary *s,
			 se_chart_fn fn, void *ud, struct tu_err *err);

#endif
