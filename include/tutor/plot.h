/*
 * tutor/plot.h - small, dependency-free SVG charts: x/y curves with axes,
 * ticks, labels, legend and error bars, and reliability diagrams.
 *
 * What it is: pure code that appends one complete SVG 1.1 document per
 * chart to a caller-owned growing buffer (struct tu_svg).  Output is
 * byte-deterministic: coordinates are printed with two decimals, colours
 * come from a fixed palette, nothing depends on time, locale or memory
 * addresses (the C locale is assumed, as in every tutor program).  Every
 * caller string (title, axis labels, legend labels) is escaped for XML
 * ("<&>\"'" become entities, control bytes and invalid UTF-8 become '?').
 *
 * What it is not: not a general plotting library (one layout per chart
 * kind, no text measuring: labels longer than about 38 characters may run
 * past the legend's edge) and no I/O, except tu_svg_write_file, which
 * lives in its own source file (src/plot/svg_file.c).
 *
 * Ownership: struct tu_svg owns its buffer (tu_svg_release frees it); the
 * chart descriptions and every array they point to are borrowed for the
 * duration of a call only.  On any error a chart call leaves the buffer
 * exactly as it was.
 */
#ifndef TUTOR_PLOT_H
#define TUTOR_PLOT_H

#include <stddef.h>
#include "tutor/err.h"
#include "tutor/metrics.h"

#define TU_SVG_MAX_BYTES   ((size_t)32 << 20) /* one buffer, 32 MiB */
#define TU_PLOT_MAX_SERIES 8                  /* series (models) per chart */
#define TU_PLOT_MAX_POINTS 100000             /* points (bins) per series */
#define TU_PLOT_MAX_LABEL  256                /* bytes of any one string */
#define TU_PLOT_MAX_VALUE  1e15               /* larger |x|, |y| skipped */

/* A growing, NUL-terminated text buffer; st keeps its first failure. */
struct tu_svg {
	char *buf;          /* NULL until the first append */
	size_t len, cap;
	enum tu_status st;  /* TU_OK, TU_ENOMEM or TU_ERANGE (too big) */
};

#define TU_SVG_INIT { NULL, 0, 0, TU_OK }

/* Makes svg empty (cannot fail). */
void tu_svg_init(struct tu_svg *svg);

/* Frees the buffer and makes svg empty again. */
void tu_svg_release(struct tu_svg *svg);

/*
 * Appends s escaped as XML character data, valid in text and in quoted
 * attributes: & < > " ' become &amp; &lt; &gt; &quot; &apos;, control
 * bytes become ' ' and bytes that are not valid UTF-8 become '?'.
 * Failures are kept in svg->st (later appends then do nothing).
 */
void tu_svg_append_text(struct tu_svg *svg, const char *s);

enum tu_plot_style {
	TU_PLOT_LINE = 1,     /* a polyline through the points in order */
	TU_PLOT_MARKERS = 2   /* a circle at each point */
};

/* One x/y series; points whose x or y is NaN or has |v| >=
 * TU_PLOT_MAX_VALUE are skipped (so are such error-bar ends). */
struct tu_plot_series {
	const char *label;           /* legend text; NULL: not in legend */
	const double *x, *y;         /* n points each, borrowed */
	const double *y_lo, *y_hi;   /* error-bar ends (n each) or NULL */
	size_t n;                    /* <= TU_PLOT_MAX_POINTS */
	unsigned style;              /* TU_PLOT_LINE | TU_PLOT_MARKERS */
};

/* A curves chart: the description tu_plot_curves draws. */
struct tu_plot_chart {
	const char *title, *x_label, *y_label;  /* NULL: none */
	/* Axis ranges; x_min == x_max (or y_min == y_max) means "from the
	 * data, widened to whole tick steps". */
	double x_min, x_max, y_min, y_max;
	int diagonal;                           /* draw a dashed y = x */
	const struct tu_plot_series *series;
	size_t n_series;                        /* <= TU_PLOT_MAX_SERIES */
};

/* All fields zero: no labels, automatic ranges, no series. */
void tu_plot_chart_init(struct tu_plot_chart *c);

/*
 * Appends an 800 x 480 SVG document drawing chart c: frame, grid, ticks,
 * axis labels, title, the series (clipped to the frame) and a legend on
 * the right.  TU_ERANGE for too many series or points or a string longer
 * than TU_PLOT_MAX_LABEL; TU_EINVAL for NULL x/y with n > 0, a non-finite
 * or reversed fixed range, a style of 0; TU_ENOMEM / TU_ERANGE when the
 * buffer cannot grow.  The message names the series.
 */
enum tu_status tu_plot_curves(struct tu_svg *svg,
			      const struct tu_plot_chart *c,
			      struct tu_err *err);

/* One model of a reliability diagram. */
struct tu_plot_model_bins {
	const char *label;                     /* legend text */
	const struct tu_reliability_bin *bins; /* borrowed, n_bins of them */
	size_t n_bins;                         /* >= 1, <= TU_PLOT_MAX_POINTS */
};

/* A reliability diagram: the description tu_plot_reliability draws. */
struct tu_plot_reliability {
	const char *title, *x_label, *y_label;  /* NULL: defaults */
	const struct tu_plot_model_bins *models;
	size_t n_models;                        /* 1..TU_PLOT_MAX_SERIES */
};

/*
 * Appends an 800 x 620 SVG document: on [0,1] x [0,1] the dashed diagonal
 * (perfect calibration) and, per model, mean y against mean p of each
 * non-empty bin (line and markers) with its Wilson interval as an error
 * bar; below, a strip with each bin's count as grouped bars (one colour
 * per model, linear scale, 0 to the largest count); the legend on the
 * right.  Errors as tu_plot_curves, plus TU_EINVAL for n_models == 0 or a
 * model without bins.
 */
enum tu_status tu_plot_reliability(struct tu_svg *svg,
				   const struct tu_plot_reliability *r,
				   struct tu_err *err);

/* One group of bars: a category on the x axis. */
struct tu_plot_bar_series {
	const char *label;            /* legend text (one colour per series) */
	const double *y;              /* n_groups heights, borrowed */
	const double *y_lo, *y_hi;    /* interval ends per group, or NULL */
};

/* A grouped bar chart: groups along x, one bar per series in each. */
struct tu_plot_bars {
	const char *title, *x_label, *y_label;  /* NULL: none */
	const char *const *groups;    /* n_groups category labels, borrowed;
					 drawn under the axis (rotated when
					 there are more than 8 groups) */
	size_t n_groups;              /* 1..TU_PLOT_MAX_POINTS */
	const struct tu_plot_bar_series *series;
	size_t n_series;              /* 1..TU_PLOT_MAX_SERIES */
	double y_min, y_max;          /* equal: 0 (or the data minimum when
					 negative) to the data maximum,
					 widened to whole tick steps */
	double ref_y;                 /* a dashed horizontal reference line
					 at this y when has_ref is nonzero */
	int has_ref;
};

/* All fields zero. */
void tu_plot_bars_init(struct tu_plot_bars *b);

/*
 * Appends an 800 x 480 SVG document (wider, up to 1600, when more than 16
 * groups) drawing b: frame, horizontal grid and y ticks, one bar per
 * series per group from y = 0 (or y_min when 0 is outside the range),
 * each interval as a vertical error bar with caps, group labels, axis
 * labels, title and a legend.  NaN heights draw no bar.  Errors as
 * tu_plot_curves: TU_ERANGE (too many series or groups, a string longer
 * than TU_PLOT_MAX_LABEL), TU_EINVAL (NULL y, no groups or series, a
 * reversed or non-finite fixed range), TU_ENOMEM; the buffer is then
 * unchanged.  Byte-deterministic.
 */
enum tu_status tu_plot_bars(struct tu_svg *svg, const struct tu_plot_bars *b,
			    struct tu_err *err);

/*
 * Writes svg->buf to path atomically: a temporary file next to path
 * (path + ".XXXXXX", mode 0644) is written, flushed and renamed over path,
 * so readers see the old file or the whole new one.  TU_EINVAL when svg
 * holds an error or nothing; TU_EIO (message names path and the system
 * error) when writing fails, in which case the temporary file is removed
 * and path is untouched.
 */
enum tu_status tu_svg_write_file(const struct tu_svg *svg, const char *path,
				 struct tu_err *err);

#endif
