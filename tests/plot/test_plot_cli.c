/*
 * test_plot_cli.c - `tutor eval calibration|srs --plot FILE.svg` through
 * the built binary (TUTOR_BIN; fixtures under TUTOR_SOURCE; skips when
 * either is unset): the SVG exists, names every model and the input file,
 * and an unwritable --plot path fails with status 1 naming the file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *bin, *src;
static char dir[] = "/tmp/tu_plot_cli_XXXXXX";

/* Runs the shell command; returns its exit status. */
static int run(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *b;
	size_t n;

	if (!f)
		return NULL;
	b = calloc(1, 1 << 22);
	assert_non_null(b);
	n = fread(b, 1, (1 << 22) - 1, f);
	b[n] = '\0';
	fclose(f);
	return b;
}

static void test_calibration_plot(void **state)
{
	static const char *const models[] = { "intellicode", "bkt",
					      "bkt-forgets", "logistic" };
	char out[256];
	char *svg;

	(void)state;
	snprintf(out, sizeof(out), "%s/calib.svg", dir);
	assert_int_equal(run("'%s' eval calibration --train "
			     "'%s/tests/cli/fixtures/tiny_train.tsv' --test "
			     "'%s/tests/cli/fixtures/tiny_test.tsv' --plot "
			     "'%s' >/dev/null 2>&1", bin, src, src, out), 0);
	svg = slurp(out);
	assert_non_null(svg);
	assert_true(strncmp(svg, "<?xml", 5) == 0);
	assert_non_null(strstr(svg, "</svg>\n"));
	assert_non_null(strstr(svg, "tiny_test.tsv"));
	for (size_t i = 0; i < 4; i++) {
		char want[64];

		snprintf(want, sizeof(want), ">%s: AUC ", models[i]);
		assert_non_null(strstr(svg, want));
	}
	free(svg);
	unlink(out);
}

static void test_plot_bad_path(void **state)
{
	char err[256];
	char *msg;

	(void)state;
	snprintf(err, sizeof(err), "%s/err.txt", dir);
	assert_int_equal(run("'%s' eval calibration --train "
			     "'%s/tests/cli/fixtures/tiny_train.tsv' --test "
			     "'%s/tests/cli/fixtures/tiny_test.tsv' --plot "
			     "'%s/no/such/dir.svg' >/dev/null 2>'%s'", bin,
			     src, src, dir, err), 1);
	msg = slurp(err);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "tutor: "));
	assert_non_null(strstr(msg, "/no/such/dir.svg: "));
	free(msg);
	unlink(err);
}

/* 12 cards reviewed on days 0, 1, 3, 7, 15, 30, 60 at noon UTC; every
 * third card forgets (rating 1) on day 15. */
static void write_revlog(const char *path)
{
	static const int days[] = { 0, 1, 3, 7, 15, 30, 60 };
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs("card_id,review_rating,review_time,review_duration\n", f);
	for (int c = 1; c <= 12; c++)
		for (int k = 0; k < 7; k++) {
			time_t t = 1704110400 + (time_t)days[k] * 86400 + c;
			struct tm tm;
			int rating = (days[k] == 15 && c % 3 == 0) ? 1 : 3;

			gmtime_r(&t, &tm);
			fprintf(f, "%d,%d,%04d-%02d-%02dT%02d:%02d:%02d.000000"
				"+00:00,4000\n", c, rating, tm.tm_year + 1900,
				tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
				tm.tm_min, tm.tm_sec);
		}
	assert_int_equal(fclose(f), 0);
}

static void test_srs_plot(void **state)
{
	static const char *const models[] = { "sm2-bench", "sm2-intellicode",
					      "fsrs6-default",
					      "fsrs6-fitted" };
	char log[256], out[256];
	char *svg;

	(void)state;
	snprintf(log, sizeof(log), "%s/revlog.csv", dir);
	snprintf(out, sizeof(out), "%s/srs.svg", dir);
	write_revlog(log);
	assert_int_equal(run("'%s' eval srs --revlog '%s' --split 0.6 "
			     "--plot '%s' >/dev/null 2>&1", bin, log, out), 0);
	svg = slurp(out);
	assert_non_null(svg);
	assert_non_null(strstr(svg, "revlog.csv"));
	for (size_t i = 0; i < 4; i++) {
		char want[64];

		snprintf(want, sizeof(want), ">%s: AUC ", models[i]);
		assert_non_null(strstr(svg, want));
	}
	free(svg);
	unlink(out);
	unlink(log);
}

static void test_help_mentions_plot(void **state)
{
	char out[256];
	char *txt;

	(void)state;
	snprintf(out, sizeof(out), "%s/help.txt", dir);
	assert_int_equal(run("'%s' eval calibration --help >'%s' && '%s' eval "
			     "srs --help >>'%s'", bin, out, bin, out), 0);
	txt = slurp(out);
	assert_non_null(txt);
	assert_non_null(strstr(txt, "--plot FILE.svg"));
	assert_non_null(strstr(strstr(txt, "--plot FILE.svg") + 1,
			       "--plot FILE.svg"));
	free(txt);
	unlink(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calibration_plot),
		cmocka_unit_test(test_plot_bad_path),
		cmocka_unit_test(test_srs_plot),
		cmocka_unit_test(test_help_mentions_plot),
	};
	int rc;

	bin = getenv("TUTOR_BIN");
	src = getenv("TUTOR_SOURCE");
	if (!bin || !*bin || !src || !*src || !mkdtemp(dir))
		return 77;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(dir);
	return rc;
}
