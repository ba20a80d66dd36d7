/*
 * write.c - writes the simulated-cohort report to a directory: report.md
 * and every chart, each atomically (a temporary file next to it, written,
 * flushed, renamed over the old one).  The only I/O of src/simeval.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "tutor/file.h"

#define PATH_CAP 4096

static enum tu_status join(char *buf, const char *dir, const char *name,
			   struct tu_err *err)
{
	if (snprintf(buf, PATH_CAP, "%s/%s", dir, name) >= PATH_CAP)
		return tu_err_set(err, TU_EINVAL, "simeval: path too long: "
				  "%s/%s", dir, name);
	return TU_OK;
}

/* Writes len bytes to path atomically (tutor/file.h). */
static enum tu_status write_atomic(const char *path, const char *p,
				   size_t len, struct tu_err *err)
{
	return tu_file_write_atomic(path, p, len, err);
}

static enum tu_status write_chart(void *ud, const char *name,
				  const struct tu_svg *svg,
				  struct tu_err *err)
{
	char path[PATH_CAP];
	enum tu_status st = join(path, ud, name, err);

	return st ? st : tu_svg_write_file(svg, path, err);
}

enum tu_status tu_simeval_report_write(const struct tu_simeval_summary *s,
				       const char *dir, struct tu_err *err)
{
	char path[PATH_CAP], *md = NULL;
	size_t len = 0;
	enum tu_status st;

	if (!s->experiments)
		return tu_err_set(err, TU_EINVAL, "simeval: nothing to "
				  "report");
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return tu_err_set(err, TU_EIO, "%s: %s", dir, strerror(errno));
	st = join(path, dir, "report.md", err);
	if (!st)
		st = tu_simeval_report_md(s, &md, &len, err);
	if (!st)
		st = se_charts(s, write_chart, (void *)(uintptr_t)dir, err);
	if (!st)
		st = write_atomic(path, md, len, err);
	free(md);
	return st;
}
