/*
 * test_plot.c - the SVG module: golden output of three small fixed charts
 * (curves, reliability, bars; byte for byte; regenerate with
 * TUTOR_GOLDEN_UPDATE=1 and review the diff), escaping, well-formed XML,
 * determinism, limits, atomic writes, and the bar chart's layout rules
 * (NaN bars, rotated labels, wide canvases, errors that change nothing).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tutor/plot.h"

#ifndef GOLDEN_DIR
#error "GOLDEN_DIR must name tests/plot"
#endif

/* ---- a tiny XML well-formedness check (the subset SVG uses) ---- */

#define MAX_DEPTH 32

static int is_name(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == ':' || c == '_';
}

/* Skips an entity at s ("&amp;" ...); NULL when it is not one of ours. */
static const char *entity(const char *s)
{
	static const char *const ok[] = { "&amp;", "&lt;", "&gt;", "&quot;",
					   "&apos;" };

	for (size_t i = 0; i < 5; i++)
		if (strncmp(s, ok[i], strlen(ok[i])) == 0)
			return s + strlen(ok[i]);
	return NULL;
}

/* Skips character data up to the next '<' or stop char. */
static const char *chars(const char *s, char stop)
{
	while (*s && *s != '<' && *s != stop) {
		if (*s == '>')
			return NULL;
		if (*s == '&') {
			s = entity(s);
			if (!s)
				return NULL;
		} else {
			s++;
		}
	}
	return s;
}

static const char *name(const char *s, size_t *len)
{
	const char *b = s;

	while (is_name(*s))
		s++;
	*len = (size_t)(s - b);
	return *len ? s : NULL;
}

/* Parses ` k="v"`... up to '>' or '/>'; returns the '>' or '/'. */
static const char *attributes(const char *s)
{
	size_t n;

	for (;;) {
		while (*s == ' ' || *s == '\n')
			s++;
		if (*s == '>' || (*s == '/' && s[1] == '>'))
			return s;
		s = name(s, &n);
		if (!s || s[0] != '=' || s[1] != '"')
			return NULL;
		s = chars(s + 2, '"');
		if (!s || *s != '"')
			return NULL;
		s++;
	}
}

static int well_formed(const char *s)
{
	const char *stack[MAX_DEPTH];
	size_t lens[MAX_DEPTH], depth = 0, roots = 0, n;

	if (strncmp(s, "<?xml ", 6) == 0) {
		s = strstr(s, "?>");
		if (!s)
			return 0;
		s += 2;
	}
	while (*s) {
		if (*s != '<') {
			const char *e = chars(s, '\0');

			if (!e)
				return 0;
			for (; s < e; s++)
				if (depth == 0 && *s != '\n' && *s != ' ')
					return 0;
			continue;
		}
		if (s[1] == '/') {
			s = name(s + 2, &n);
			if (!s || depth == 0 || n != lens[depth - 1] ||
			    strncmp(s - n, stack[depth - 1], n) || *s != '>')
				return 0;
			depth--;
			s++;
			continue;
		}
		s = name(s + 1, &n);
		if (!s || depth == MAX_DEPTH)
			return 0;
		roots += depth == 0;
		stack[depth] = s - n;
		lens[depth++] = n;
		s = attributes(s);
		if (!s)
			return 0;
		if (*s == '/') {
			depth--;
			s++;
		}
		s++;
	}
	return depth == 0 && roots == 1;
}

static void test_checker_itself(void **state)
{
	(void)state;
	assert_true(well_formed("<?xml version=\"1.0\"?>\n<a x=\"1\"><b/>"
				"t&amp;u</a>\n"));
	assert_false(well_formed("<a><b></a></b>"));
	assert_false(well_formed("<a>x<y</a>"));
	assert_false(well_formed("<a t=\"&\"/>"));
	assert_false(well_formed("<a/><b/>"));
	assert_false(well_formed("<a>"));
	assert_false(well_formed("<a t=\"\"\"/>"));
}

/* ---- fixed charts ---- */

static const double X[] = { 0.3, 1.5, 2.5, 4.2 };
static const double Y1[] = { 0.1, 0.4, NAN, 0.9 };
static const double LO[] = { 0.05, 0.3, 0.5, 0.8 };
static const double HI[] = { 0.2, 0.5, 0.7, 1.0 };
static const double Y2[] = { 0.8, 0.6, 0.5, 0.2 };

static enum tu_status small_curves(struct tu_svg *svg, struct tu_err *err)
{
	const struct tu_plot_series s[2] = {
		{ "model <a> & \"b\"", X, Y1, LO, HI, 4,
		  TU_PLOT_LINE | TU_PLOT_MARKERS },
		{ "it's", X, Y2, NULL, NULL, 4, TU_PLOT_LINE },
	};
	struct tu_plot_chart c;

	tu_plot_chart_init(&c);
	c.title = "Curves & <friends>";
	c.x_label = "days";
	c.y_label = "recall";
	c.series = s;
	c.n_series = 2;
	return tu_plot_curves(svg, &c, err);
}

static const double P[] = { 0.05, 0.15, 0.12, 0.55, 0.58, 0.95, 1.0 };
static const int Y[] = { 0, 0, 1, 1, 0, 1, 1 };

static enum tu_status small_reliability(struct tu_svg *svg,
					struct tu_err *err)
{
	struct tu_reliability_bin b[5];
	struct tu_plot_model_bins m[2] = {
		{ "first", b, 5 }, { "second > first", b, 5 },
	};
	struct tu_plot_reliability r = { "Reliability of 'tiny'", NULL, NULL,
					 m, 2 };

	assert_int_equal(tu_metric_reliability(P, Y, 7, 5, b, NULL), TU_OK);
	return tu_plot_reliability(svg, &r, err);
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b = malloc((size_t)n + 1);
	assert_non_null(b);
	*len = fread(b, 1, (size_t)n, f);
	b[*len] = '\0';
	fclose(f);
	return b;
}

static void compare_golden(const struct tu_svg *svg, const char *file)
{
	char path[1024];
	size_t len = 0;
	char *want;

	snprintf(path, sizeof(path), "%s/%s", GOLDEN_DIR, file);
	if (getenv("TUTOR_GOLDEN_UPDATE")) {
		assert_int_equal(tu_svg_write_file(svg, path, NULL), TU_OK);
		return;
	}
	want = read_all(path, &len);
	assert_non_null(want);
	assert_int_equal(len, svg->len);
	assert_memory_equal(want, svg->buf, len);
	free(want);
}

static void test_golden_curves(void **state)
{
	struct tu_svg svg = TU_SVG_INIT;

	(void)state;
	assert_int_equal(small_curves(&svg, NULL), TU_OK);
	assert_true(well_formed(svg.buf));
	/* x data 0.3..4.2: width 3.9, 3.9/5 = 0.78 -> step 1, range [0,5];
	 * y data (bars included) 0.05..1.0: 0.19 -> step 0.2, [0, 1]. */
	assert_non_null(strstr(svg.buf, ">5</text>"));
	assert_non_null(strstr(svg.buf, ">1.0</text>"));
	/* x = 2.5 -> 70 + 2.5/5 * 400 = 270; y = 0.5 -> 50 + 340/2 = 220 */
	assert_non_null(strstr(svg.buf, "270.00,220.00"));
	compare_golden(&svg, "golden_curves.svg");
	tu_svg_release(&svg);
}

static void test_golden_reliability(void **state)
{
	struct tu_svg svg = TU_SVG_INIT;

	(void)state;
	assert_int_equal(small_reliability(&svg, NULL), TU_OK);
	assert_true(well_formed(svg.buf));
	/* 5 bins: {.05 .15 .12} {} {.55 .58} {} {.95 1}; the largest count
	 * 3 labels the strip's top */
	assert_non_null(strstr(svg.buf, ">3</text>"));
	/* bin 0: mean p = .32/3, mean y = 1/3 -> x = 70 + 400 * .10667 =
	 * 112.67, y = 50 + 400 * (2/3) = 316.67 */
	assert_non_null(strstr(svg.buf, "cx=\"112.67\" cy=\"316.67\""));
	compare_golden(&svg, "golden_reliability.svg");
	tu_svg_release(&svg);
}

static void test_escaping(void **state)
{
	struct tu_svg svg;

	(void)state;
	tu_svg_init(&svg);
	tu_svg_append_text(&svg, "<&>\"'");
	assert_string_equal(svg.buf, "&lt;&amp;&gt;&quot;&apos;");
	tu_svg_release(&svg);
	/* tab and DEL to ' '; 0xff, a lone 0xc3 at the end, an overlong
	 * '/' (c0 af) and a surrogate (ed a0 80) to '?' per bad byte;
	 * e-acute and U+1F600 stay */
	tu_svg_append_text(&svg, "a\tb\x7f\xff\xc0\xaf|\xed\xa0\x80|"
			   "\xc3\xa9\xf0\x9f\x98\x80\xc3");
	assert_string_equal(svg.buf, "a b ???|???|\xc3\xa9\xf0\x9f\x98\x80?");
	assert_int_equal(svg.st, TU_OK);
	tu_svg_release(&svg);
	assert_null(svg.buf);
}

static void test_labels_escaped_in_chart(void **state)
{
	struct tu_svg svg = TU_SVG_INIT;

	(void)state;
	assert_int_equal(small_curves(&svg, NULL), TU_OK);
	assert_non_null(strstr(svg.buf, ">Curves &amp; &lt;friends&gt;<"));
	assert_non_null(strstr(svg.buf,
			       ">model &lt;a&gt; &amp; &quot;b&quot;<"));
	assert_non_null(strstr(svg.buf, ">it&apos;s<"));
	assert_null(strstr(svg.buf, "<a>"));
	tu_svg_release(&svg);
}

static void test_deterministic_and_appends(void **state)
{
	struct tu_svg a = TU_SVG_INIT, b = TU_SVG_INIT;
	size_t first;

	(void)state;
	assert_int_equal(small_reliability(&a, NULL), TU_OK);
	assert_int_equal(small_curves(&b, NULL), TU_OK);
	first = b.len;
	assert_int_equal(small_reliability(&b, NULL), TU_OK);
	assert_int_equal(b.len - first, a.len);
	assert_memory_equal(b.buf + first, a.buf, a.len);
	tu_svg_release(&a);
	tu_svg_release(&b);
}

static void test_nonfinite_points_skipped(void **state)
{
	struct tu_svg svg = TU_SVG_INIT;
	const char *p;
	int circles = 0;

	(void)state;
	assert_int_equal(small_curves(&svg, NULL), TU_OK);
	/* series 0 has 4 points, Y1[2] is NaN: 3 markers, 3 error bars
	 * (the legend's marker is the 4th circle) */
	for (p = svg.buf; (p = strstr(p, "<circle")); p++)
		circles++;
	assert_int_equal(circles, 4);
	assert_null(strstr(svg.buf, "nan"));
	tu_svg_release(&svg);
}

/* Every failing call must leave the buffer as it was. */
static void expect_fail(struct tu_svg *svg, const struct tu_plot_chart *c,
			enum tu_status want)
{
	struct tu_err err = TU_ERR_INIT;
	size_t len = svg->len;

	assert_int_equal(tu_plot_curves(svg, c, &err), want);
	assert_int_equal(svg->len, len);
	assert_int_equal(svg->st, TU_OK);
	assert_true(strncmp(err.msg, "plot: ", 6) == 0);
}

static void test_limits(void **state)
{
	struct tu_plot_series s[TU_PLOT_MAX_SERIES + 1];
	struct tu_svg svg = TU_SVG_INIT;
	struct tu_plot_chart c;
	char big[TU_PLOT_MAX_LABEL + 2];

	(void)state;
	memset(s, 0, sizeof(s));
	for (size_t i = 0; i <= TU_PLOT_MAX_SERIES; i++)
		s[i] = (struct tu_plot_series){ "s", X, Y2, NULL, NULL, 4,
						TU_PLOT_LINE };
	tu_plot_chart_init(&c);
	c.series = s;
	c.n_series = TU_PLOT_MAX_SERIES;
	assert_int_equal(tu_plot_curves(&svg, &c, NULL), TU_OK);
	c.n_series = TU_PLOT_MAX_SERIES + 1;
	expect_fail(&svg, &c, TU_ERANGE);
	c.n_series = 1;
	s[0].n = TU_PLOT_MAX_POINTS + 1;
	expect_fail(&svg, &c, TU_ERANGE);
	s[0].n = 4;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	s[0].label = big;
	expect_fail(&svg, &c, TU_ERANGE);
	big[TU_PLOT_MAX_LABEL] = '\0';
	assert_int_equal(tu_plot_curves(&svg, &c, NULL), TU_OK);
	s[0].style = 0;
	expect_fail(&svg, &c, TU_EINVAL);
	s[0].style = TU_PLOT_LINE;
	s[0].y = NULL;
	expect_fail(&svg, &c, TU_EINVAL);
	s[0].y = Y2;
	c.x_min = 2;
	c.x_max = 1;
	expect_fail(&svg, &c, TU_EINVAL);
	c.x_max = NAN;
	expect_fail(&svg, &c, TU_EINVAL);
	tu_svg_release(&svg);
}

static void test_reliability_errors(void **state)
{
	struct tu_reliability_bin b[2];
	struct tu_plot_model_bins m[TU_PLOT_MAX_SERIES + 1];
	struct tu_plot_reliability r = { NULL, NULL, NULL, m, 0 };
	struct tu_svg svg = TU_SVG_INIT;

	(void)state;
	assert_int_equal(tu_metric_reliability(P, Y, 7, 2, b, NULL), TU_OK);
	for (size_t i = 0; i <= TU_PLOT_MAX_SERIES; i++)
		m[i] = (struct tu_plot_model_bins){ "m", b, 2 };
	assert_int_equal(tu_plot_reliability(&svg, &r, NULL), TU_EINVAL);
	r.n_models = TU_PLOT_MAX_SERIES + 1;
	assert_int_equal(tu_plot_reliability(&svg, &r, NULL), TU_ERANGE);
	r.n_models = 1;
	m[0].n_bins = 0;
	assert_int_equal(tu_plot_reliability(&svg, &r, NULL), TU_EINVAL);
	m[0].n_bins = 2;
	assert_int_equal(svg.len, 0);
	assert_int_equal(tu_plot_reliability(&svg, &r, NULL), TU_OK);
	assert_true(well_formed(svg.buf));
	tu_svg_release(&svg);
}

/* A buffer that cannot grow keeps its error and charts refuse it. */
static void test_buffer_error_is_sticky(void **state)
{
	struct tu_svg svg = TU_SVG_INIT;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	assert_int_equal(small_curves(&svg, NULL), TU_OK);
	svg.st = TU_ENOMEM;
	assert_int_equal(small_curves(&svg, &err), TU_ENOMEM);
	tu_svg_append_text(&svg, "more");
	assert_int_equal(svg.st, TU_ENOMEM);
	assert_int_equal(tu_svg_write_file(&svg, "/nonexistent/x.svg", &err),
			 TU_EINVAL);
	tu_svg_release(&svg);
	assert_int_equal(svg.st, TU_OK);
}

static void test_write_file(void **state)
{
	char dir[] = "/tmp/tu_plot_XXXXXX", path[64];
	struct tu_svg svg = TU_SVG_INIT;
	struct tu_err err = TU_ERR_INIT;
	size_t len = 0;
	char *back;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out.svg", dir);
	assert_int_equal(small_curves(&svg, NULL), TU_OK);
	assert_int_equal(tu_svg_write_file(&svg, path, &err), TU_OK);
	assert_int_equal(tu_svg_write_file(&svg, path, &err), TU_OK);
	back = read_all(path, &len);
	assert_non_null(back);
	assert_int_equal(len, svg.len);
	assert_memory_equal(back, svg.buf, len);
	free(back);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0); /* no temporary file left */
	assert_int_equal(tu_svg_write_file(&svg, path, &err), TU_EIO);
	assert_non_null(strstr(err.msg, path));
	tu_svg_release(&svg);
}

/* ---- bar charts ---- */

static const char *const GROUPS[] = { "fractions", "loops", "recursion" };
static const double BY1[] = { 0.62, 0.48, -0.12 };
static const double BLO1[] = { 0.55, 0.40, -0.2 };
static const double BHI1[] = { 0.70, 0.55, -0.05 };
static const double BY2[] = { 0.71, 0.52, 0.08 };
static const double BLO2[] = { 0.65, 0.45, 0.02 };
static const double BHI2[] = { 0.77, 0.60, 0.15 };

/* 3 groups x 2 series with intervals, a negative bar, a target line. */
static void small_bars_desc(struct tu_plot_bars *b,
			    struct tu_plot_bar_series s[2])
{
	s[0] = (struct tu_plot_bar_series){ "BKT", BY1, BLO1, BHI1 };
	s[1] = (struct tu_plot_bar_series){ "PFA & co", BY2, BLO2, BHI2 };
	tu_plot_bars_init(b);
	b->title = "Mastery by topic";
	b->x_label = "topic";
	b->y_label = "gain";
	b->groups = GROUPS;
	b->n_groups = 3;
	b->series = s;
	b->n_series = 2;
	b->has_ref = 1;
	b->ref_y = 0.6;
}

static void test_golden_bars(void **state)
{
	struct tu_plot_bar_series s[2];
	struct tu_svg svg = TU_SVG_INIT;
	struct tu_plot_bars b;

	(void)state;
	small_bars_desc(&b, s);
	assert_int_equal(tu_plot_bars(&svg, &b, NULL), TU_OK);
	assert_true(well_formed(svg.buf));
	assert_non_null(strstr(svg.buf, "width=\"800\" height=\"480\""));
	/* y data -0.2..0.77: 0.97/5 -> step 0.2, range [-0.2, 0.8] */
	assert_non_null(strstr(svg.buf, ">-0.2</text>"));
	assert_non_null(strstr(svg.buf, ">0.8</text>"));
	/* group width 400/3, pad 13.33, bar 53.33; y = 0 at 322;
	 * bar 0/0: 0.62 -> 390 - 0.82 * 340 = 111.2 */
	assert_non_null(strstr(svg.buf, "<rect x=\"83.33\" y=\"111.20\" "
			       "width=\"53.33\" height=\"210.80\"/>"));
	/* the negative bar hangs from 0 down to -0.12 -> 362.8 */
	assert_non_null(strstr(svg.buf, "<rect x=\"350.00\" y=\"322.00\" "
			       "width=\"53.33\" height=\"40.80\"/>"));
	/* its interval -0.2..-0.05 at the bar's centre 376.67 */
	assert_non_null(strstr(svg.buf, "<path d=\"M376.67,390.00V339.00"));
	/* the target 0.6 -> 118, dashed across the frame */
	assert_non_null(strstr(svg.buf, "<line x1=\"70.00\" y1=\"118.00\" "
			       "x2=\"470.00\" y2=\"118.00\" "
			       "stroke=\"#888888\" stroke-dasharray"));
	/* group labels centred under their groups, not rotated */
	assert_non_null(strstr(svg.buf, "<text x=\"136.67\" y=\"406.00\" "
			       "text-anchor=\"middle\">fractions</text>"));
	assert_null(strstr(svg.buf, "rotate(-35"));
	/* legend: a square swatch per series, in the series' colour */
	assert_non_null(strstr(svg.buf, "fill=\"#d55e00\" fill-opacity=\"0.8\""
			       "/>\n<text x=\"526.00\" y=\"84.00\">PFA &amp; "
			       "co</text>"));
	compare_golden(&svg, "golden_bars.svg");
	tu_svg_release(&svg);
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	for (; (s = strstr(s, what)); s++)
		n++;
	return n;
}

static void test_bars_nan_omitted(void **state)
{
	const double y[] = { 0.62, NAN, -0.12 };
	struct tu_plot_bar_series s[2];
	struct tu_svg all = TU_SVG_INIT, gap = TU_SVG_INIT;
	struct tu_plot_bars b;

	(void)state;
	small_bars_desc(&b, s);
	assert_int_equal(tu_plot_bars(&all, &b, NULL), TU_OK);
	s[0].y = y;
	assert_int_equal(tu_plot_bars(&gap, &b, NULL), TU_OK);
	/* one bar and its error bar fewer, nothing else changes */
	assert_int_equal(count(gap.buf, "<rect"), count(all.buf, "<rect") - 1);
	assert_int_equal(count(gap.buf, "<path"), count(all.buf, "<path") - 1);
	assert_int_equal(count(all.buf, "<path"), 6);
	assert_null(strstr(gap.buf, "nan"));
	/* bar 0/1 (x = 203.33) is gone; bar 1/1 next to it stays */
	assert_null(strstr(gap.buf, "<rect x=\"216.67\""));
	assert_non_null(strstr(all.buf, "<rect x=\"216.67\""));
	assert_non_null(strstr(gap.buf, "<rect x=\"270.00\""));
	assert_true(well_formed(gap.buf));
	tu_svg_release(&all);
	tu_svg_release(&gap);
}

static void test_bars_escaping(void **state)
{
	const char *const groups[] = { "a<&>b", "it's \"x\"", NULL };
	struct tu_plot_bar_series s[2];
	struct tu_svg svg = TU_SVG_INIT;
	struct tu_plot_bars b;

	(void)state;
	small_bars_desc(&b, s);
	b.groups = groups;
	s[0].label = "<script>";
	assert_int_equal(tu_plot_bars(&svg, &b, NULL), TU_OK);
	assert_non_null(strstr(svg.buf, ">a&lt;&amp;&gt;b</text>"));
	assert_non_null(strstr(svg.buf, ">it&apos;s &quot;x&quot;</text>"));
	assert_non_null(strstr(svg.buf, ">&lt;script&gt;</text>"));
	assert_null(strstr(svg.buf, "<&>"));
	assert_null(strstr(svg.buf, "<script>"));
	assert_true(well_formed(svg.buf));
	tu_svg_release(&svg);
}

/* A chart of n groups named g0, g1 ... with one series of heights i. */
static enum tu_status many_bars(struct tu_svg *svg, size_t n)
{
	static char names[200][8];
	static const char *groups[200];
	static double y[200];
	struct tu_plot_bar_series s = { "count", y, NULL, NULL };
	struct tu_plot_bars b;

	assert_true(n <= 200);
	for (size_t i = 0; i < n; i++) {
		snprintf(names[i], sizeof(names[i]), "g%zu", i);
		groups[i] = names[i];
		y[i] = (double)i;
	}
	tu_plot_bars_init(&b);
	b.groups = groups;
	b.n_groups = n;
	b.series = &s;
	b.n_series = 1;
	return tu_plot_bars(svg, &b, NULL);
}

static void test_bars_rotation_and_width(void **state)
{
	struct tu_svg svg = TU_SVG_INIT;

	(void)state;
	assert_int_equal(many_bars(&svg, 8), TU_OK);
	assert_null(strstr(svg.buf, "rotate(-35"));
	assert_non_null(strstr(svg.buf, "text-anchor=\"middle\">g7<"));
	tu_svg_release(&svg);
	/* 9 groups: labels end under their group, turned by -35 degrees;
	 * group 0 of 9 is centred at 70 + 400 / 18 = 92.22, frame 290 high */
	assert_int_equal(many_bars(&svg, 9), TU_OK);
	assert_non_null(strstr(svg.buf, "<text x=\"92.22\" y=\"354.00\" "
			       "text-anchor=\"end\" transform=\"rotate(-35 "
			       "92.22 354.00)\">g0</text>"));
	assert_int_equal(count(svg.buf, "rotate(-35 "), 9);
	assert_non_null(strstr(svg.buf, "width=\"800\""));
	tu_svg_release(&svg);
	assert_int_equal(many_bars(&svg, 16), TU_OK);
	assert_non_null(strstr(svg.buf, "width=\"800\""));
	tu_svg_release(&svg);
	/* 17 groups: frame 400 * 17 / 16 = 425, canvas 825, legend moves */
	assert_int_equal(many_bars(&svg, 17), TU_OK);
	assert_non_null(strstr(svg.buf, "width=\"825\" height=\"480\""));
	assert_non_null(strstr(svg.buf, "<text x=\"551.00\" y=\"64.00\">"
			       "count</text>"));
	assert_true(well_formed(svg.buf));
	tu_svg_release(&svg);
}

static void test_bars_many_groups(void **state)
{
	struct tu_svg svg = TU_SVG_INIT;

	(void)state;
	assert_int_equal(many_bars(&svg, 200), TU_OK);
	assert_true(well_formed(svg.buf));
	assert_non_null(strstr(svg.buf, "width=\"1600\" height=\"480\""));
	/* 200 bars (g0 has height 0 and still gets its rect), the
	 * background, the clip path, the frame and the legend swatch */
	assert_int_equal(count(svg.buf, "<rect"), 200 + 4);
	/* groups are 6 px wide: every 4th group is labelled */
	assert_int_equal(count(svg.buf, "rotate(-35 "), 50);
	assert_non_null(strstr(svg.buf, ">g196</text>"));
	assert_null(strstr(svg.buf, ">g197</text>"));
	/* y: 0..199 -> step 50, range [0, 200] */
	assert_non_null(strstr(svg.buf, ">200</text>"));
	tu_svg_release(&svg);
}

static void test_bars_fixed_range(void **state)
{
	struct tu_plot_bar_series s[2];
	struct tu_svg svg = TU_SVG_INIT;
	struct tu_plot_bars b;
	const double y[] = { 6, 12, NAN };

	(void)state;
	small_bars_desc(&b, s);
	s[0] = (struct tu_plot_bar_series){ "a", y, NULL, NULL };
	b.n_series = 1;
	b.y_min = 2;
	b.y_max = 10;
	b.ref_y = NAN;          /* has_ref with NaN: no line */
	assert_int_equal(tu_plot_bars(&svg, &b, NULL), TU_OK);
	/* 0 is outside [2, 10]: bars start at the bottom (390); 6 -> 220 */
	assert_non_null(strstr(svg.buf, "y=\"220.00\" width=\"106.67\" "
			       "height=\"170.00\"/>"));
	assert_null(strstr(svg.buf, "stroke-dasharray"));
	assert_null(strstr(svg.buf, "<path"));
	tu_svg_release(&svg);
}

/* A failing bar chart leaves err set and the buffer byte-identical. */
static void expect_bars_fail(struct tu_svg *svg, const struct tu_plot_bars *b,
			     enum tu_status want)
{
	struct tu_err err = TU_ERR_INIT;
	size_t len = svg->len;
	char *before = malloc(len + 1);

	assert_non_null(before);
	memcpy(before, svg->buf, len + 1);
	assert_int_equal(tu_plot_bars(svg, b, &err), want);
	assert_int_equal(svg->len, len);
	assert_memory_equal(svg->buf, before, len + 1);
	assert_int_equal(svg->st, TU_OK);
	assert_true(strncmp(err.msg, "plot: ", 6) == 0);
	free(before);
}

static void test_bars_errors(void **state)
{
	struct tu_plot_bar_series s[TU_PLOT_MAX_SERIES + 1];
	const char *groups[3] = { "a", "b", "c" };
	char big[TU_PLOT_MAX_LABEL + 2];
	struct tu_svg svg = TU_SVG_INIT;
	struct tu_plot_bars b;

	(void)state;
	small_bars_desc(&b, s);
	for (size_t i = 2; i <= TU_PLOT_MAX_SERIES; i++)
		s[i] = s[0];
	assert_int_equal(tu_plot_bars(&svg, &b, NULL), TU_OK);
	b.n_groups = 0;
	expect_bars_fail(&svg, &b, TU_EINVAL);
	b.n_groups = 3;
	b.groups = NULL;
	expect_bars_fail(&svg, &b, TU_EINVAL);
	b.groups = groups;
	b.n_groups = TU_PLOT_MAX_POINTS + 1;
	expect_bars_fail(&svg, &b, TU_ERANGE);
	b.n_groups = 3;
	b.n_series = 0;
	expect_bars_fail(&svg, &b, TU_EINVAL);
	b.n_series = TU_PLOT_MAX_SERIES + 1;
	expect_bars_fail(&svg, &b, TU_ERANGE);
	b.n_series = TU_PLOT_MAX_SERIES;
	assert_int_equal(tu_plot_bars(&svg, &b, NULL), TU_OK);
	s[1].y = NULL;
	expect_bars_fail(&svg, &b, TU_EINVAL);
	s[1].y = BY2;
	b.y_min = 1;
	b.y_max = 0;
	expect_bars_fail(&svg, &b, TU_EINVAL);
	b.y_max = INFINITY;
	expect_bars_fail(&svg, &b, TU_EINVAL);
	b.y_min = b.y_max = 0;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	groups[2] = big;
	expect_bars_fail(&svg, &b, TU_ERANGE);
	groups[2] = "c";
	s[3].label = big;
	expect_bars_fail(&svg, &b, TU_ERANGE);
	s[3].label = "s";
	b.title = big;
	expect_bars_fail(&svg, &b, TU_ERANGE);
	big[TU_PLOT_MAX_LABEL] = '\0';   /* exactly at the limit: fine */
	assert_int_equal(tu_plot_bars(&svg, &b, NULL), TU_OK);
	tu_svg_release(&svg);
}

/* Output over TU_SVG_MAX_BYTES fails and is rolled back. */
static void test_bars_too_big(void **state)
{
	size_t n = TU_PLOT_MAX_POINTS;
	const char **groups = calloc(n, sizeof(*groups));
	double *y = calloc(n, sizeof(*y));
	struct tu_plot_bar_series s[TU_PLOT_MAX_SERIES];
	struct tu_svg svg = TU_SVG_INIT;
	struct tu_plot_bars b;

	(void)state;
	assert_non_null(groups);
	assert_non_null(y);
	for (size_t i = 0; i < n; i++) {
		groups[i] = "group";
		y[i] = 1.0 + (double)i;
	}
	for (size_t k = 0; k < TU_PLOT_MAX_SERIES; k++)
		s[k] = (struct tu_plot_bar_series){ "s", y, y, y };
	tu_plot_bars_init(&b);
	b.groups = groups;
	b.n_groups = n;
	b.series = s;
	b.n_series = TU_PLOT_MAX_SERIES;
	assert_int_equal(many_bars(&svg, 3), TU_OK);
	expect_bars_fail(&svg, &b, TU_ERANGE);
	b.n_series = 1;         /* 100,000 bars alone fit */
	assert_int_equal(tu_plot_bars(&svg, &b, NULL), TU_OK);
	tu_svg_release(&svg);
	free(groups);
	free(y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checker_itself),
		cmocka_unit_test(test_golden_curves),
		cmocka_unit_test(test_golden_reliability),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_labels_escaped_in_chart),
		cmocka_unit_test(test_deterministic_and_appends),
		cmocka_unit_test(test_nonfinite_points_skipped),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_reliability_errors),
		cmocka_unit_test(test_buffer_error_is_sticky),
		cmocka_unit_test(test_write_file),
		cmocka_unit_test(test_golden_bars),
		cmocka_unit_test(test_bars_nan_omitted),
		cmocka_unit_test(test_bars_escaping),
		cmocka_unit_test(test_bars_rotation_and_width),
		cmocka_unit_test(test_bars_many_groups),
		cmocka_unit_test(test_bars_fixed_range),
		cmocka_unit_test(test_bars_errors),
		cmocka_unit_test(test_bars_too_big),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
