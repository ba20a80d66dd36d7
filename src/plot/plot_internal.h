/*
 * plot_internal.h - what the files of src/plot share: raw appends to a
 * tu_svg, the pixel frame of a chart, axis ranges and the drawing steps
 * the chart kinds (curves, reliability, bars) use.  Not installed;
 * contract of the public part in tutor/plot.h.
 */
#ifndef TUTOR_PLOT_INTERNAL_H
#define TUTOR_PLOT_INTERNAL_H

#include "tutor/plot.h"

#define PLOT_W 800.0        /* document width */
#define PLOT_LEFT 70.0      /* frame left edge */
#define PLOT_TOP 50.0       /* frame top edge */
#define PLOT_SIDE 400.0     /* frame width */

/* Legend swatch for tu__plot_legend besides TU_PLOT_LINE and
 * TU_PLOT_MARKERS: a filled square (bar charts). */
#define TU__PLOT_BOX 4u

/* Appends markup verbatim (nothing escaped). */
void tu__svg_printf(struct tu_svg *svg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Appends v with two decimals ("-0.00" printed as "0.00"); |v| is
 * clamped to 1e6 so a wild value cannot blow up the output. */
void tu__svg_num(struct tu_svg *svg, double v);

/* 1 when |v| < TU_PLOT_MAX_VALUE (so not NaN or infinite either). */
int tu__plottable(double v);

/* Pixel rectangle of a frame and the data ranges it shows. */
struct tu__frame {
	double px, py, pw, ph;      /* left, top, width, height in pixels */
	double x0, x1, y0, y1;      /* data ranges, x0 < x1 and y0 < y1 */
	double xstep, ystep;        /* tick steps */
};

/* Pixel coordinates of data x and y in f. */
double tu__frame_x(const struct tu__frame *f, double x);
double tu__frame_y(const struct tu__frame *f, double y);

/* A "nice" tick step (1, 2 or 5 times a power of ten) giving about 5
 * ticks over a range of width w > 0. */
double tu__nice_step(double w);

/* The fixed colour of series i (cycles through the palette). */
const char *tu__plot_color(size_t i);

/* TU_ERANGE naming `what` when s is longer than TU_PLOT_MAX_LABEL. */
enum tu_status tu__check_label(const char *s, const char *what,
			       struct tu_err *err);

/* TU_EINVAL naming `axis` unless lo == hi (automatic) or [lo, hi] is a
 * finite increasing range. */
enum tu_status tu__check_range(double lo, double hi, const char *axis,
			       struct tu_err *err);

/* Widens [*lo, *hi] to include v when v is plottable. */
void tu__plot_widen(double v, double *lo, double *hi);

/* The range of one axis: fixed when fixed_lo != fixed_hi, else the data
 * [dlo, dhi] widened to whole tick steps ([0,1] when dlo > dhi, +-0.5
 * around a single value); *step is the tick step. */
void tu__plot_axis(double fixed_lo, double fixed_hi, double dlo,
		   double dhi, double *lo, double *hi, double *step);

/* Drawing primitives in pixels: <text> with extra attributes (extra is
 * markup, s is escaped), <rect> with extra attributes, and a vertical
 * error bar from y lo to y hi at x with caps (one <path>). */
void tu__plot_text(struct tu_svg *svg, double x, double y,
		   const char *extra, const char *s);
void tu__plot_rect(struct tu_svg *svg, double x, double y, double w,
		   double h, const char *extra);
void tu__plot_error_bar(struct tu_svg *svg, double x, double lo,
			double hi);

/* The drawing steps, in document order.  tu__plot_grid draws vertical
 * grid lines at the x ticks (labelled or not), then tu__plot_y_grid:
 * horizontal grid lines with y tick labels and the frame. */
void tu__plot_begin(struct tu_svg *svg, double w, double h,
		    const char *title);
void tu__plot_grid(struct tu_svg *svg, const struct tu__frame *f,
		   int x_tick_labels);
void tu__plot_y_grid(struct tu_svg *svg, const struct tu__frame *f);
/* The x axis label, centred under the frame at baseline y. */
void tu__plot_x_label(struct tu_svg *svg, const struct tu__frame *f,
		      double y, const char *label);
void tu__plot_y_label(struct tu_svg *svg, const struct tu__frame *f,
		      const char *label);
void tu__plot_diagonal(struct tu_svg *svg, const struct tu__frame *f);
/* A dashed horizontal line at data y (e.g. a target), nothing when y is
 * not plottable. */
void tu__plot_ref_y(struct tu_svg *svg, const struct tu__frame *f,
		    double y);
void tu__plot_clip_begin(struct tu_svg *svg, const struct tu__frame *f,
			 const char *id);
void tu__plot_clip_end(struct tu_svg *svg);
void tu__plot_series(struct tu_svg *svg, const struct tu__frame *f,
		     const struct tu_plot_series *s, size_t color);
/* The legend right of frame f: one row per series with a label, its
 * swatch drawn from style (TU_PLOT_LINE, TU_PLOT_MARKERS, TU__PLOT_BOX);
 * only label and style of s are read. */
void tu__plot_legend(struct tu_svg *svg, const struct tu__frame *f,
		     const struct tu_plot_series *s, size_t n);
void tu__plot_end(struct tu_svg *svg);

/* Ends a chart call: on failure truncates svg back to len0 and records
 * the error; returns the status. */
enum tu_status tu__plot_finish(struct tu_svg *svg, size_t len0,
			       struct tu_err *err);

#endif
