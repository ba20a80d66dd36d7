/*
 * chart.c - tu_plot_curves: checking a chart description, choosing its
 * axis ranges (the range helpers are shared with bars.c) and drawing it.
 * Pure: no I/O.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "plot_internal.h"

#define CURVES_H 480.0
#define CURVES_FRAME_H 340.0

void tu_plot_chart_init(struct tu_plot_chart *c)
{
	memset(c, 0, sizeof(*c));
}

static enum tu_status check_series(const struct tu_plot_series *s, size_t i,
				   struct tu_err *err)
{
	char what[64];

	if (s->n > TU_PLOT_MAX_POINTS)
		return tu_err_set(err, TU_ERANGE, "plot: series %zu: %zu "
				  "points, limit %d", i, s->n,
				  TU_PLOT_MAX_POINTS);
	if (s->n && (!s->x || !s->y))
		return tu_err_set(err, TU_EINVAL, "plot: series %zu: x or y "
				  "missing", i);
	if (!(s->style & (TU_PLOT_LINE | TU_PLOT_MARKERS)))
		return tu_err_set(err, TU_EINVAL, "plot: series %zu: style "
				  "%u draws nothing", i, s->style);
	snprintf(what, sizeof(what), "series %zu label", i);
	return tu__check_label(s->label, what, err);
}

enum tu_status tu__check_range(double lo, double hi, const char *axis,
			       struct tu_err *err)
{
	if (lo == hi)
		return TU_OK;
	if (!tu__plottable(lo) || !tu__plottable(hi) || !(lo < hi))
		return tu_err_set(err, TU_EINVAL, "plot: %s range [%g, %g] "
				  "is not a finite increasing range", axis,
				  lo, hi);
	return TU_OK;
}

static enum tu_status check_chart(const struct tu_plot_chart *c,
				  struct tu_err *err)
{
	enum tu_status st;

	if (c->n_series > TU_PLOT_MAX_SERIES)
		return tu_err_set(err, TU_ERANGE, "plot: %zu series, limit %d",
				  c->n_series, TU_PLOT_MAX_SERIES);
	if (c->n_series && !c->series)
		return tu_err_set(err, TU_EINVAL, "plot: series missing");
	st = tu__check_label(c->title, "title", err);
	if (!st)
		st = tu__check_label(c->x_label, "x label", err);
	if (!st)
		st = tu__check_label(c->y_label, "y label", err);
	if (!st)
		st = tu__check_range(c->x_min, c->x_max, "x", err);
	if (!st)
		st = tu__check_range(c->y_min, c->y_max, "y", err);
	for (size_t i = 0; !st && i < c->n_series; i++)
		st = check_series(&c->series[i], i, err);
	return st;
}

void tu__plot_widen(double v, double *lo, double *hi)
{
	if (!tu__plottable(v))
		return;
	*lo = fmin(*lo, v);
	*hi = fmax(*hi, v);
}

/* Smallest and largest plottable value of every series on one axis
 * (error-bar ends count on y); lo > hi when there is none. */
static void data_range(const struct tu_plot_chart *c, int on_y, double *lo,
		       double *hi)
{
	*lo = HUGE_VAL;
	*hi = -HUGE_VAL;
	for (size_t k = 0; k < c->n_series; k++) {
		const struct tu_plot_series *s = &c->series[k];

		for (size_t i = 0; i < s->n; i++) {
			tu__plot_widen(on_y ? s->y[i] : s->x[i], lo, hi);
			if (on_y && s->y_lo && s->y_hi) {
				tu__plot_widen(s->y_lo[i], lo, hi);
				tu__plot_widen(s->y_hi[i], lo, hi);
			}
		}
	}
}

void tu__plot_axis(double fixed_lo, double fixed_hi, double dlo,
		   double dhi, double *lo, double *hi, double *step)
{
	if (fixed_lo != fixed_hi) {
		*lo = fixed_lo;
		*hi = fixed_hi;
		*step = tu__nice_step(*hi - *lo);
		return;
	}
	if (!(dlo <= dhi)) {
		dlo = 0;
		dhi = 1;
	}
	if (dhi - dlo <= 1e-9 * fmax(1.0, fabs(dlo))) {
		dlo -= 0.5;
		dhi += 0.5;
	}
	*step = tu__nice_step(dhi - dlo);
	*lo = floor(dlo / *step + 1e-9) * *step;
	*hi = ceil(dhi / *step - 1e-9) * *step;
}

static void curves_frame(const struct tu_plot_chart *c, struct tu__frame *f)
{
	double lo, hi;

	f->px = PLOT_LEFT;
	f->py = PLOT_TOP;
	f->pw = PLOT_SIDE;
	f->ph = CURVES_FRAME_H;
	data_range(c, 0, &lo, &hi);
	tu__plot_axis(c->x_min, c->x_max, lo, hi, &f->x0, &f->x1, &f->xstep);
	data_range(c, 1, &lo, &hi);
	tu__plot_axis(c->y_min, c->y_max, lo, hi, &f->y0, &f->y1, &f->ystep);
}

enum tu_status tu_plot_curves(struct tu_svg *svg,
			      const struct tu_plot_chart *c,
			      struct tu_err *err)
{
	size_t len0 = svg->len;
	struct tu__frame f;
	enum tu_status st;

	if (svg->st)
		return tu_err_set(err, svg->st, "plot: the SVG buffer holds "
				  "an earlier error");
	st = check_chart(c, err);
	if (st)
		return st;
	curves_frame(c, &f);
	tu__plot_begin(svg, PLOT_W, CURVES_H, c->title);
	tu__plot_grid(svg, &f, 1);
	tu__plot_x_label(svg, &f, f.py + f.ph + 40, c->x_label);
	tu__plot_y_label(svg, &f, c->y_label);
	tu__plot_clip_begin(svg, &f, "tu-frame");
	if (c->diagonal)
		tu__plot_diagonal(svg, &f);
	for (size_t i = 0; i < c->n_series; i++)
		tu__plot_series(svg, &f, &c->series[i], i);
	tu__plot_clip_end(svg);
	tu__plot_legend(svg, &f, c->series, c->n_series);
	tu__plot_end(svg);
	return tu__plot_finish(svg, len0, err);
}
