/*
 * progress.c - one redrawn status line on stderr for long CLI work.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"

static int progress_on = -1;
static int progress_drawn;
static char last_stage[64];
static int last_pct = -1;

static int enabled(void)
{
	const char *env;

	if (progress_on < 0) {
		env = getenv("TUTOR_PROGRESS");
		if (env && *env)
			progress_on = strcmp(env, "0") != 0;
		else
			progress_on = isatty(STDERR_FILENO);
	}
	return progress_on;
}

static void draw(void *ud, const char *stage, size_t done, size_t total)
{
	int pct = total ? (int)(100.0 * (double)done / (double)total) : -1;

	(void)ud;
	if (!enabled())
		return;
	if (pct == last_pct && strcmp(stage, last_stage) == 0)
		return;
	last_pct = pct;
	snprintf(last_stage, sizeof(last_stage), "%s", stage);
	if (total)
		fprintf(stderr, "\r\033[K%s: %zu/%zu (%d%%)", stage, done,
			total, pct);
	else
		fprintf(stderr, "\r\033[K%s: %zu", stage, done);
	fflush(stderr);
	progress_drawn = 1;
}

struct tu_progress cli_progress(void)
{
	struct tu_progress p = { draw, NULL };

	return p;
}

void cli_progress_done(void)
{
	if (progress_drawn)
		fputs("\r\033[K", stderr);
	progress_drawn = 0;
	last_pct = -1;
	last_stage[0] = '\0';
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	cli_progress_done();
	fputs("tutor: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
