/*
 * reliability.c - tu_plot_reliability: a reliability diagram with a
 * count strip, drawn from tu_metric_reliability bins.  Pure: no I/O.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "plot_internal.h"

#define REL_H 620.0
#define STRIP_TOP 470.0
#define STRIP_H 80.0

static enum tu_status check_model(const struct tu_plot_model_bins *m,
				  size_t i, struct tu_err *err)
{
	char what[64];

	if (!m->bins || m->n_bins == 0)
		return tu_err_set(err, TU_EINVAL, "plot: model %zu: no bins",
				  i);
	if (m->n_bins > TU_PLOT_MAX_POINTS)
		return tu_err_set(err, TU_ERANGE, "plot: model %zu: %zu bins, "
				  "limit %d", i, m->n_bins,
				  TU_PLOT_MAX_POINTS);
	snprintf(what, sizeof(what), "model %zu label", i);
	return tu__check_label(m->label, what, err);
}

static enum tu_status check(const struct tu_svg *svg,
			    const struct tu_plot_reliability *r,
			    struct tu_err *err)
{
	enum tu_status st;

	if (svg->st)
		return tu_err_set(err, svg->st, "plot: the SVG buffer holds "
				  "an earlier error");
	if (r->n_models == 0 || !r->models)
		return tu_err_set(err, TU_EINVAL, "plot: no models");
	if (r->n_models > TU_PLOT_MAX_SERIES)
		return tu_err_set(err, TU_ERANGE, "plot: %zu models, limit %d",
				  r->n_models, TU_PLOT_MAX_SERIES);
	st = tu__check_label(r->title, "title", err);
	if (!st)
		st = tu__check_label(r->x_label, "x label", err);
	if (!st)
		st = tu__check_label(r->y_label, "y label", err);
	for (size_t i = 0; !st && i < r->n_models; i++)
		st = check_model(&r->models[i], i, err);
	return st;
}

/* Points s at the columns x, y, y_lo, y_hi (4 * n_bins doubles at
 * cols) filled from m; empty bins get NaN and are not drawn. */
static void fill_series(const struct tu_plot_model_bins *m, double *cols,
			struct tu_plot_series *s)
{
	size_t n = m->n_bins;

	for (size_t b = 0; b < n; b++) {
		cols[b] = m->bins[b].mean_p;
		cols[n + b] = m->bins[b].mean_y;
		cols[2 * n + b] = m->bins[b].n ? m->bins[b].y_lo : (double)NAN;
		cols[3 * n + b] = m->bins[b].n ? m->bins[b].y_hi : (double)NAN;
	}
	s->label = m->label;
	s->x = cols;
	s->y = cols + n;
	s->y_lo = cols + 2 * n;
	s->y_hi = cols + 3 * n;
	s->n = n;
	s->style = TU_PLOT_LINE | TU_PLOT_MARKERS;
}

/* Builds one series per model in s; the columns go to *cols (freed by
 * the caller).  0 on success, -1 when out of memory. */
static int build_series(const struct tu_plot_reliability *r,
			struct tu_plot_series *s, double **cols)
{
	size_t total = 0;
	double *c;

	for (size_t i = 0; i < r->n_models; i++)
		total += r->models[i].n_bins;
	c = malloc(4 * total * sizeof(*c));
	*cols = c;
	if (!c)
		return -1;
	for (size_t i = 0; i < r->n_models; i++) {
		fill_series(&r->models[i], c, &s[i]);
		c += 4 * r->models[i].n_bins;
	}
	return 0;
}

static size_t max_count(const struct tu_plot_reliability *r)
{
	size_t mx = 1;

	for (size_t i = 0; i < r->n_models; i++)
		for (size_t b = 0; b < r->models[i].n_bins; b++)
			if (r->models[i].bins[b].n > mx)
				mx = r->models[i].bins[b].n;
	return mx;
}

static void unit_frame(struct tu__frame *f)
{
	f->px = PLOT_LEFT;
	f->py = PLOT_TOP;
	f->pw = PLOT_SIDE;
	f->ph = PLOT_SIDE;
	f->x0 = f->y0 = 0;
	f->x1 = f->y1 = 1;
	f->xstep = f->ystep = 0.2;
}

/* Bar of model i (of k) in bin b of the strip. */
static void bar(struct tu_svg *svg, const struct tu__frame *f,
		const struct tu_reliability_bin *b, size_t i, size_t k)
{
	double x0 = tu__frame_x(f, b->lo), x1 = tu__frame_x(f, b->hi);
	double pad = (x1 - x0) * 0.1, w = (x1 - x0 - 2 * pad) / (double)k;
	double top = tu__frame_y(f, (double)b->n);

	tu__plot_rect(svg, x0 + pad + w * (double)i, top, w,
		      f->py + f->ph - top, "");
}

static void strip(struct tu_svg *svg, const struct tu_plot_reliability *r)
{
	struct tu__frame f;

	unit_frame(&f);
	f.py = STRIP_TOP;
	f.ph = STRIP_H;
	f.y1 = f.ystep = (double)max_count(r);
	tu__plot_grid(svg, &f, 1);
	tu__plot_y_label(svg, &f, "count");
	tu__plot_clip_begin(svg, &f, "tu-strip");
	for (size_t i = 0; i < r->n_models; i++) {
		tu__svg_printf(svg, "<g fill=\"%s\" fill-opacity=\"0.8\">\n",
			       tu__plot_color(i));
		for (size_t b = 0; b < r->models[i].n_bins; b++)
			bar(svg, &f, &r->models[i].bins[b], i, r->n_models);
		tu__svg_printf(svg, "</g>\n");
	}
	tu__plot_clip_end(svg);
}

static void draw(struct tu_svg *svg, const struct tu_plot_reliability *r,
		 const struct tu_plot_series *s)
{
	struct tu__frame f;

	unit_frame(&f);
	tu__plot_begin(svg, PLOT_W, REL_H, r->title);
	tu__plot_grid(svg, &f, 0);
	tu__plot_y_label(svg, &f, r->y_label ? r->y_label :
			 "observed rate (Wilson 95 % interval)");
	tu__plot_clip_begin(svg, &f, "tu-frame");
	tu__plot_diagonal(svg, &f);
	for (size_t i = 0; i < r->n_models; i++)
		tu__plot_series(svg, &f, &s[i], i);
	tu__plot_clip_end(svg);
	strip(svg, r);
	tu__plot_x_label(svg, &f, STRIP_TOP + STRIP_H + 40, r->x_label ?
			 r->x_label : "mean predicted probability");
	tu__plot_legend(svg, &f, s, r->n_models);
	tu__plot_end(svg);
}

enum tu_status tu_plot_reliability(struct tu_svg *svg,
				   const struct tu_plot_reliability *r,
				   struct tu_err *err)
{
	struct tu_plot_series s[TU_PLOT_MAX_SERIES];
	size_t len0 = svg->len;
	double *cols;
	enum tu_status st = check(svg, r, err);

	if (st)
		return st;
	if (build_series(r, s, &cols))
		return tu_err_set(err, TU_ENOMEM, "plot: out of memory");
	draw(svg, r, s);
	free(cols);
	return tu__plot_finish(svg, len0, err);
}
