/*
 * test_plot.c - the SVG module: golden output of two small fixed charts
 * (byte for byte; regenerate with TUTOR_GOLDEN_UPDATE=1 and review the
 * diff), escaping, well-formed XML, determinism, limits, atomic writes.
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
