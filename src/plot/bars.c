/*
 * bars.c - tu_plot_bars: a grouped bar chart (categories along x, one bar
 * per series in each group, optional intervals and a dashed reference
 * line), drawn with the frame, grid, legend and range helpers the other
 * charts use.  Pure: no I/O.  Not a histogram maker: heights come from
 * the caller, nothing is binned or stacked here.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "plot_internal.h"

#define BARS_H 480.0
#define BARS_FRAME_H 340.0
#define BARS_FRAME_H_ROT 290.0  /* room for rotated group labels */
#define ROTATE_OVER 8           /* more groups: labels rotated */
#define WIDE_OVER 16            /* more groups: a wider canvas */
#define MAX_W 1600.0            /* widest canvas */
#define GROUP_PAD 0.1           /* gap each side, share of a group */
#define LABEL_PITCH 23.0        /* fewest pixels between group labels */
#define LABEL_ANGLE -35.0

/* Canvas width minus frame width: left margin plus legend column. */
#define MARGINS (PLOT_W - PLOT_SIDE)

void tu_plot_bars_init(struct tu_plot_bars *b)
{
	memset(b, 0, sizeof(*b));
}

/* ---- checking ---- */

static enum tu_status check_series(const struct tu_plot_bar_series *s,
				   size_t i, struct tu_err *err)
{
	char what[64];

	if (!s->y)
		return tu_err_set(err, TU_EINVAL, "plot: bar series %zu: y "
				  "missing", i);
	snprintf(what, sizeof(what), "bar series %zu label", i);
	return tu__check_label(s->label, what, err);
}

static enum tu_status check_groups(const struct tu_plot_bars *b,
				   struct tu_err *err)
{
	enum tu_status st = TU_OK;
	char what[64];

	if (b->n_groups > TU_PLOT_MAX_POINTS)
		return tu_err_set(err, TU_ERANGE, "plot: %zu bar groups, "
				  "limit %d", b->n_groups, TU_PLOT_MAX_POINTS);
	if (b->n_groups == 0 || !b->groups)
		return tu_err_set(err, TU_EINVAL, "plot: no bar groups");
	for (size_t i = 0; !st && i < b->n_groups; i++) {
		snprintf(what, sizeof(what), "group %zu label", i);
		st = tu__check_label(b->groups[i], what, err);
	}
	return st;
}

static enum tu_status check(const struct tu_svg *svg,
			    const struct tu_plot_bars *b, struct tu_err *err)
{
	enum tu_status st;

	if (svg->st)
		return tu_err_set(err, svg->st, "plot: the SVG buffer holds "
				  "an earlier error");
	if (b->n_series > TU_PLOT_MAX_SERIES)
		return tu_err_set(err, TU_ERANGE, "plot: %zu bar series, "
				  "limit %d", b->n_series, TU_PLOT_MAX_SERIES);
	if (b->n_series == 0 || !b->series)
		return tu_err_set(err, TU_EINVAL, "plot: no bar series");
	st = check_groups(b, err);
	if (!st)
		st = tu__check_label(b->title, "title", err);
	if (!st)
		st = tu__check_label(b->x_label, "x label", err);
	if (!st)
		st = tu__check_label(b->y_label, "y label", err);
	if (!st)
		st = tu__check_range(b->y_min, b->y_max, "y", err);
	for (size_t i = 0; !st && i < b->n_series; i++)
		st = check_series(&b->series[i], i, err);
	return st;
}

/* ---- layout ---- */

/* Heights and interval ends of every series, widened to include 0;
 * [0, 1] when everything is 0 or not plottable. */
static void data_range(const struct tu_plot_bars *b, double *lo,
		       double *hi)
{
	*lo = 0;
	*hi = 0;
	for (size_t k = 0; k < b->n_series; k++) {
		const struct tu_plot_bar_series *s = &b->series[k];

		for (size_t i = 0; i < b->n_groups; i++) {
			tu__plot_widen(s->y[i], lo, hi);
			if (s->y_lo && s->y_hi) {
				tu__plot_widen(s->y_lo[i], lo, hi);
				tu__plot_widen(s->y_hi[i], lo, hi);
			}
		}
	}
	if (!(*hi > *lo))
		*hi = 1;
}

static int rotated(const struct tu_plot_bars *b)
{
	return b->n_groups > ROTATE_OVER;
}

/* Frame width: PLOT_SIDE up to WIDE_OVER groups, then growing with the
 * number of groups until the canvas is MAX_W wide. */
static double frame_width(size_t n_groups)
{
	if (n_groups <= WIDE_OVER)
		return PLOT_SIDE;
	return fmin(PLOT_SIDE * (double)n_groups / WIDE_OVER,
		    MAX_W - MARGINS);
}

/* Group i spans [i, i + 1] on x. */
static void bars_frame(const struct tu_plot_bars *b, struct tu__frame *f)
{
	double lo, hi;

	f->px = PLOT_LEFT;
	f->py = PLOT_TOP;
	f->pw = frame_width(b->n_groups);
	f->ph = rotated(b) ? BARS_FRAME_H_ROT : BARS_FRAME_H;
	f->x0 = 0;
	f->x1 = (double)b->n_groups;
	f->xstep = 1;
	data_range(b, &lo, &hi);
	tu__plot_axis(b->y_min, b->y_max, lo, hi, &f->y0, &f->y1, &f->ystep);
}

/* Bars start at 0, or at the range edge nearest 0 when 0 is outside. */
static double base_y(const struct tu__frame *f)
{
	return fmin(fmax(0.0, f->y0), f->y1);
}

/* ---- drawing ---- */

/* Left edge and width in pixels of the bar of series k in group i. */
static double bar_x(const struct tu__frame *f, size_t n_series, size_t i,
		    size_t k, double *w)
{
	double gw = f->pw / (f->x1 - f->x0);

	*w = gw * (1 - 2 * GROUP_PAD) / (double)n_series;
	return tu__frame_x(f, (double)i) + gw * GROUP_PAD + *w * (double)k;
}

static void series_bars(struct tu_svg *svg, const struct tu__frame *f,
			const struct tu_plot_bars *b, size_t k)
{
	const double *y = b->series[k].y;
	double base = tu__frame_y(f, base_y(f)), w;

	tu__svg_printf(svg, "<g fill=\"%s\" fill-opacity=\"0.8\">\n",
		       tu__plot_color(k));
	for (size_t i = 0; i < b->n_groups; i++) {
		double x = bar_x(f, b->n_series, i, k, &w), top;

		if (!tu__plottable(y[i]))
			continue;
		top = tu__frame_y(f, y[i]);
		tu__plot_rect(svg, x, fmin(top, base), w, fabs(base - top),
			      "");
	}
	tu__svg_printf(svg, "</g>\n");
}

static void series_intervals(struct tu_svg *svg, const struct tu__frame *f,
			     const struct tu_plot_bars *b, size_t k)
{
	const struct tu_plot_bar_series *s = &b->series[k];
	double w;

	if (!s->y_lo || !s->y_hi)
		return;
	for (size_t i = 0; i < b->n_groups; i++) {
		double x = bar_x(f, b->n_series, i, k, &w) + w / 2;

		if (tu__plottable(s->y[i]) && tu__plottable(s->y_lo[i]) &&
		    tu__plottable(s->y_hi[i]))
			tu__plot_error_bar(svg, x, tu__frame_y(f, s->y_lo[i]),
					   tu__frame_y(f, s->y_hi[i]));
	}
}

static int has_intervals(const struct tu_plot_bars *b)
{
	for (size_t k = 0; k < b->n_series; k++)
		if (b->series[k].y_lo && b->series[k].y_hi)
			return 1;
	return 0;
}

/* Error bars go on top of every bar, in one dark colour. */
static void intervals(struct tu_svg *svg, const struct tu__frame *f,
		      const struct tu_plot_bars *b)
{
	if (!has_intervals(b))
		return;
	tu__svg_printf(svg, "<g fill=\"none\" stroke=\"#333333\" "
		       "stroke-width=\"1.2\">\n");
	for (size_t k = 0; k < b->n_series; k++)
		series_intervals(svg, f, b, k);
	tu__svg_printf(svg, "</g>\n");
}

static void group_label(struct tu_svg *svg, const struct tu__frame *f,
			double cx, int rotate, const char *s)
{
	double y = f->py + f->ph + (rotate ? 14 : 16);
	char extra[128];

	if (!rotate) {
		tu__plot_text(svg, cx, y, " text-anchor=\"middle\"", s);
		return;
	}
	snprintf(extra, sizeof(extra), " text-anchor=\"end\" "
		 "transform=\"rotate(%.0f %.2f %.2f)\"", LABEL_ANGLE, cx, y);
	tu__plot_text(svg, cx, y, extra, s);
}

/* Group labels under the axis; with groups narrower than LABEL_PITCH
 * only every k-th group is labelled, so labels do not pile up. */
static void group_labels(struct tu_svg *svg, const struct tu__frame *f,
			 const struct tu_plot_bars *b)
{
	double gw = f->pw / (double)b->n_groups;
	size_t every = gw >= LABEL_PITCH ? 1 : (size_t)ceil(LABEL_PITCH / gw);

	for (size_t i = 0; i < b->n_groups; i += every)
		if (b->groups[i])
			group_label(svg, f, tu__frame_x(f, (double)i + 0.5),
				    rotated(b), b->groups[i]);
}

static void legend(struct tu_svg *svg, const struct tu__frame *f,
		   const struct tu_plot_bars *b)
{
	struct tu_plot_series s[TU_PLOT_MAX_SERIES];

	memset(s, 0, sizeof(s));
	for (size_t k = 0; k < b->n_series; k++) {
		s[k].label = b->series[k].label;
		s[k].style = TU__PLOT_BOX;
	}
	tu__plot_legend(svg, f, s, b->n_series);
}

static void draw(struct tu_svg *svg, const struct tu_plot_bars *b)
{
	struct tu__frame f;
	double bottom;

	bars_frame(b, &f);
	bottom = f.py + f.ph;
	tu__plot_begin(svg, f.pw + MARGINS, BARS_H, b->title);
	tu__plot_y_grid(svg, &f);
	group_labels(svg, &f, b);
	tu__plot_x_label(svg, &f, rotated(b) ? BARS_H - 10 : bottom + 40,
			 b->x_label);
	tu__plot_y_label(svg, &f, b->y_label);
	tu__plot_clip_begin(svg, &f, "tu-frame");
	for (size_t k = 0; k < b->n_series; k++)
		series_bars(svg, &f, b, k);
	intervals(svg, &f, b);
	if (b->has_ref)
		tu__plot_ref_y(svg, &f, b->ref_y);
	tu__plot_clip_end(svg);
	legend(svg, &f, b);
	tu__plot_end(svg);
}

enum tu_status tu_plot_bars(struct tu_svg *svg, const struct tu_plot_bars *b,
			    struct tu_err *err)
{
	size_t len0 = svg->len;
	enum tu_status st = check(svg, b, err);

	if (st)
		return st;
	draw(svg, b);
	return tu__plot_finish(svg, len0, err);
}
