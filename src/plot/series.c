/*
 * series.c - drawing series and error bars, their clip region, the
 * legend, and the error handling every chart call ends with.  Pure: no
 * I/O.
 */
#include <math.h>
#include <stdio.h>
#include "plot_internal.h"

#define CLIP_MARGIN 6.0     /* markers on the frame edge stay whole */
#define MARKER_R 4.0
#define CAP 3.0             /* half width of an error-bar cap */
#define LEGEND_GAP 24.0     /* frame's right edge to the legend */
#define BOX 10.0            /* side of a legend's square swatch */
#define LEGEND_ROW 20.0

int tu__plottable(double v)
{
	return fabs(v) < TU_PLOT_MAX_VALUE;
}

static int point_ok(const struct tu_plot_series *s, size_t i)
{
	return tu__plottable(s->x[i]) && tu__plottable(s->y[i]);
}

void tu__plot_clip_begin(struct tu_svg *svg, const struct tu__frame *f,
			 const char *id)
{
	tu__svg_printf(svg, "<clipPath id=\"%s\"><rect x=\"", id);
	tu__svg_num(svg, f->px - CLIP_MARGIN);
	tu__svg_printf(svg, "\" y=\"");
	tu__svg_num(svg, f->py - CLIP_MARGIN);
	tu__svg_printf(svg, "\" width=\"");
	tu__svg_num(svg, f->pw + 2 * CLIP_MARGIN);
	tu__svg_printf(svg, "\" height=\"");
	tu__svg_num(svg, f->ph + 2 * CLIP_MARGIN);
	tu__svg_printf(svg, "\"/></clipPath>\n<g clip-path=\"url(#%s)\">\n",
		       id);
}

void tu__plot_clip_end(struct tu_svg *svg)
{
	tu__svg_printf(svg, "</g>\n");
}

/* Appends "x,y" in pixels. */
static void pair(struct tu_svg *svg, double x, double y)
{
	tu__svg_num(svg, x);
	tu__svg_printf(svg, ",");
	tu__svg_num(svg, y);
}

static void polyline(struct tu_svg *svg, const struct tu__frame *f,
		     const struct tu_plot_series *s, const char *color)
{
	const char *sep = "";

	tu__svg_printf(svg, "<polyline fill=\"none\" stroke=\"%s\" "
		       "stroke-width=\"2\" points=\"", color);
	for (size_t i = 0; i < s->n; i++) {
		if (!point_ok(s, i))
			continue;
		tu__svg_printf(svg, "%s", sep);
		pair(svg, tu__frame_x(f, s->x[i]), tu__frame_y(f, s->y[i]));
		sep = " ";
	}
	tu__svg_printf(svg, "\"/>\n");
}

void tu__plot_error_bar(struct tu_svg *svg, double x, double lo,
			double hi)
{
	tu__svg_printf(svg, "<path d=\"M");
	pair(svg, x, lo);
	tu__svg_printf(svg, "V");
	tu__svg_num(svg, hi);
	tu__svg_printf(svg, "M");
	pair(svg, x - CAP, lo);
	tu__svg_printf(svg, "H");
	tu__svg_num(svg, x + CAP);
	tu__svg_printf(svg, "M");
	pair(svg, x - CAP, hi);
	tu__svg_printf(svg, "H");
	tu__svg_num(svg, x + CAP);
	tu__svg_printf(svg, "\"/>\n");
}

static void error_bars(struct tu_svg *svg, const struct tu__frame *f,
		       const struct tu_plot_series *s, const char *color)
{
	tu__svg_printf(svg, "<g fill=\"none\" stroke=\"%s\" "
		       "stroke-width=\"1.2\">\n", color);
	for (size_t i = 0; i < s->n; i++)
		if (point_ok(s, i) && tu__plottable(s->y_lo[i]) &&
		    tu__plottable(s->y_hi[i]))
			tu__plot_error_bar(svg, tu__frame_x(f, s->x[i]),
					   tu__frame_y(f, s->y_lo[i]),
					   tu__frame_y(f, s->y_hi[i]));
	tu__svg_printf(svg, "</g>\n");
}

static void circle(struct tu_svg *svg, double x, double y)
{
	tu__svg_printf(svg, "<circle cx=\"");
	tu__svg_num(svg, x);
	tu__svg_printf(svg, "\" cy=\"");
	tu__svg_num(svg, y);
	tu__svg_printf(svg, "\" r=\"%.1f\"/>\n", MARKER_R);
}

static void markers(struct tu_svg *svg, const struct tu__frame *f,
		    const struct tu_plot_series *s, const char *color)
{
	tu__svg_printf(svg, "<g fill=\"%s\" stroke=\"white\" "
		       "stroke-width=\"1\">\n", color);
	for (size_t i = 0; i < s->n; i++)
		if (point_ok(s, i))
			circle(svg, tu__frame_x(f, s->x[i]),
			       tu__frame_y(f, s->y[i]));
	tu__svg_printf(svg, "</g>\n");
}

void tu__plot_series(struct tu_svg *svg, const struct tu__frame *f,
		     const struct tu_plot_series *s, size_t color)
{
	const char *c = tu__plot_color(color);

	if (s->y_lo && s->y_hi)
		error_bars(svg, f, s, c);
	if (s->style & TU_PLOT_LINE)
		polyline(svg, f, s, c);
	if (s->style & TU_PLOT_MARKERS)
		markers(svg, f, s, c);
}

/* One legend row at (x, y): the swatch(es) style asks for, the label. */
static void legend_entry(struct tu_svg *svg, const struct tu_plot_series *s,
			 size_t color, double x, double y)
{
	const char *c = tu__plot_color(color);
	char fill[64];

	if (s->style & TU_PLOT_LINE)
		tu__svg_printf(svg, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" "
			       "y2=\"%.2f\" stroke=\"%s\" stroke-width=\"2\"/>"
			       "\n", x, y, x + 24, y, c);
	if (s->style & TU_PLOT_MARKERS) {
		tu__svg_printf(svg, "<g fill=\"%s\">", c);
		circle(svg, x + 12, y);
		tu__svg_printf(svg, "</g>\n");
	}
	if (s->style & TU__PLOT_BOX) {
		snprintf(fill, sizeof(fill), " fill=\"%s\" "
			 "fill-opacity=\"0.8\"", c);
		tu__plot_rect(svg, x + 12 - BOX / 2, y - BOX / 2, BOX, BOX,
			      fill);
	}
	tu__svg_printf(svg, "<text x=\"%.2f\" y=\"%.2f\">", x + 32, y + 4);
	tu_svg_append_text(svg, s->label);
	tu__svg_printf(svg, "</text>\n");
}

void tu__plot_legend(struct tu_svg *svg, const struct tu__frame *f,
		     const struct tu_plot_series *s, size_t n)
{
	double x = f->px + f->pw + LEGEND_GAP, y = PLOT_TOP + 10;

	for (size_t i = 0; i < n; i++) {
		if (!s[i].label)
			continue;
		legend_entry(svg, &s[i], i, x, y);
		y += LEGEND_ROW;
	}
}

enum tu_status tu__plot_finish(struct tu_svg *svg, size_t len0,
			       struct tu_err *err)
{
	enum tu_status st = svg->st;

	if (!st)
		return TU_OK;
	svg->st = TU_OK;
	svg->len = len0;
	if (svg->buf)
		svg->buf[len0] = '\0';
	if (st == TU_ENOMEM)
		return tu_err_set(err, st, "plot: out of memory");
	return tu_err_set(err, st, "plot: SVG would exceed %zu bytes",
			  TU_SVG_MAX_BYTES);
}
