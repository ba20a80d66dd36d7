/*
 * frame.c - the parts every chart of tutor/plot.h shares: the document
 * head and tail, text and rectangles, the frame with its grid and ticks,
 * axis labels, dashed guide lines.  Pure: no I/O.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "plot_internal.h"

/* Okabe-Ito colours, distinguishable with the common colour blindness. */
static const char *const palette[TU_PLOT_MAX_SERIES] = {
	"#0072b2", "#d55e00", "#009e73", "#cc79a7",
	"#e69f00", "#56b4e9", "#000000", "#999999"
};

#define GRID "stroke=\"#dddddd\" stroke-width=\"1\""
#define DASHED "stroke=\"#888888\" stroke-dasharray=\"5 4\""

const char *tu__plot_color(size_t i)
{
	return palette[i % TU_PLOT_MAX_SERIES];
}

double tu__frame_x(const struct tu__frame *f, double x)
{
	return f->px + (x - f->x0) / (f->x1 - f->x0) * f->pw;
}

double tu__frame_y(const struct tu__frame *f, double y)
{
	return f->py + f->ph - (y - f->y0) / (f->y1 - f->y0) * f->ph;
}

double tu__nice_step(double w)
{
	double raw = w / 5, mag = pow(10, floor(log10(raw))), r = raw / mag;

	if (r < 1.5)
		return mag;
	if (r < 3.5)
		return 2 * mag;
	if (r < 7.5)
		return 5 * mag;
	return 10 * mag;
}

enum tu_status tu__check_label(const char *s, const char *what,
			       struct tu_err *err)
{
	size_t n = s ? strlen(s) : 0;

	if (n > TU_PLOT_MAX_LABEL)
		return tu_err_set(err, TU_ERANGE, "plot: %s: %zu bytes, limit "
				  "%d", what, n, TU_PLOT_MAX_LABEL);
	return TU_OK;
}

/* Appends the attribute ` k="v"` with v a fixed-precision number. */
static void attr(struct tu_svg *svg, const char *k, double v)
{
	tu__svg_printf(svg, " %s=\"", k);
	tu__svg_num(svg, v);
	tu__svg_printf(svg, "\"");
}

static void line(struct tu_svg *svg, double x1, double y1, double x2,
		 double y2, const char *style)
{
	tu__svg_printf(svg, "<line");
	attr(svg, "x1", x1);
	attr(svg, "y1", y1);
	attr(svg, "x2", x2);
	attr(svg, "y2", y2);
	tu__svg_printf(svg, " %s/>\n", style);
}

void tu__plot_text(struct tu_svg *svg, double x, double y,
		   const char *extra, const char *s)
{
	tu__svg_printf(svg, "<text");
	attr(svg, "x", x);
	attr(svg, "y", y);
	tu__svg_printf(svg, "%s>", extra);
	tu_svg_append_text(svg, s);
	tu__svg_printf(svg, "</text>\n");
}

void tu__plot_rect(struct tu_svg *svg, double x, double y, double w,
		   double h, const char *extra)
{
	tu__svg_printf(svg, "<rect");
	attr(svg, "x", x);
	attr(svg, "y", y);
	attr(svg, "width", w);
	attr(svg, "height", h);
	tu__svg_printf(svg, "%s/>\n", extra);
}

void tu__plot_begin(struct tu_svg *svg, double w, double h,
		    const char *title)
{
	tu__svg_printf(svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		       "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		       "version=\"1.1\" width=\"%.0f\" height=\"%.0f\" "
		       "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" "
		       "font-size=\"12\">\n<rect width=\"%.0f\" "
		       "height=\"%.0f\" fill=\"white\"/>\n", w, h, w, h, w,
		       h);
	if (title)
		tu__plot_text(svg, w / 2, 28, " text-anchor=\"middle\" "
			      "font-size=\"15\"", title);
}

void tu__plot_end(struct tu_svg *svg)
{
	tu__svg_printf(svg, "</svg>\n");
}

/* Tick value v printed with the decimals step needs, no "-0". */
static void tick_label(char *b, size_t len, double v, double step)
{
	int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);

	if (fabs(v) < step * 1e-6)
		v = 0;
	snprintf(b, len, "%.*f", dec, v);
}

/* Ticks on [lo, hi]: the multiples of step inside, at most 100. */
static size_t ticks(double lo, double hi, double step, double *first)
{
	double k0 = ceil(lo / step - 1e-6), k1 = floor(hi / step + 1e-6);

	*first = k0 * step;
	if (!(k1 >= k0))
		return 0;
	return k1 - k0 >= 100 ? 100 : (size_t)(k1 - k0) + 1;
}

static void x_ticks(struct tu_svg *svg, const struct tu__frame *f,
		    int labels)
{
	double v0, bottom = f->py + f->ph;
	size_t n = ticks(f->x0, f->x1, f->xstep, &v0);
	char b[64];

	for (size_t k = 0; k < n; k++) {
		double v = v0 + (double)k * f->xstep, x = tu__frame_x(f, v);

		line(svg, x, f->py, x, bottom, GRID);
		tick_label(b, sizeof(b), v, f->xstep);
		if (labels)
			tu__plot_text(svg, x, bottom + 16,
				      " text-anchor=\"middle\"", b);
	}
}

static void y_ticks(struct tu_svg *svg, const struct tu__frame *f)
{
	double v0;
	size_t n = ticks(f->y0, f->y1, f->ystep, &v0);
	char b[64];

	for (size_t k = 0; k < n; k++) {
		double v = v0 + (double)k * f->ystep, y = tu__frame_y(f, v);

		line(svg, f->px, y, f->px + f->pw, y, GRID);
		tick_label(b, sizeof(b), v, f->ystep);
		tu__plot_text(svg, f->px - 6, y + 4,
			      " text-anchor=\"end\"", b);
	}
}

void tu__plot_y_grid(struct tu_svg *svg, const struct tu__frame *f)
{
	y_ticks(svg, f);
	tu__plot_rect(svg, f->px, f->py, f->pw, f->ph,
		      " fill=\"none\" stroke=\"#333333\"");
}

void tu__plot_grid(struct tu_svg *svg, const struct tu__frame *f,
		   int x_tick_labels)
{
	x_ticks(svg, f, x_tick_labels);
	tu__plot_y_grid(svg, f);
}

void tu__plot_x_label(struct tu_svg *svg, const struct tu__frame *f,
		      double y, const char *label)
{
	if (label)
		tu__plot_text(svg, f->px + f->pw / 2, y,
			      " text-anchor=\"middle\"", label);
}

void tu__plot_y_label(struct tu_svg *svg, const struct tu__frame *f,
		      const char *label)
{
	char extra[128];
	double cy = f->py + f->ph / 2;

	if (!label)
		return;
	snprintf(extra, sizeof(extra), " text-anchor=\"middle\" "
		 "transform=\"rotate(-90 18.00 %.2f)\"", cy);
	tu__plot_text(svg, 18, cy, extra, label);
}

void tu__plot_diagonal(struct tu_svg *svg, const struct tu__frame *f)
{
	double lo = fmax(f->x0, f->y0), hi = fmin(f->x1, f->y1);

	if (lo < hi)
		line(svg, tu__frame_x(f, lo), tu__frame_y(f, lo),
		     tu__frame_x(f, hi), tu__frame_y(f, hi), DASHED);
}

void tu__plot_ref_y(struct tu_svg *svg, const struct tu__frame *f,
		    double y)
{
	if (tu__plottable(y))
		line(svg, f->px, tu__frame_y(f, y), f->px + f->pw,
		     tu__frame_y(f, y), DASHED);
}
