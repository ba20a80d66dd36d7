/*
 * revlog_file.c - reads a review-log file into memory and hands it to
 * tu_revlog_parse.  The only file of the srs module that does I/O.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/revlog.h"

static enum tu_status slurp(FILE *f, const char *path, char **buf,
			    size_t *len, struct tu_err *err)
{
	size_t cap = 1u << 16, n = 0, got;
	char *b = malloc(cap), *grown;

	while (b) {
		got = fread(b + n, 1, cap - n, f);
		n += got;
		if (n < cap)
			break;
		if (cap > TU_REVLOG_MAX_BYTES) {
			free(b);
			return tu_err_set(err, TU_ERANGE, "%s: file larger than "
					  "%u bytes", path, TU_REVLOG_MAX_BYTES);
		}
		grown = realloc(b, cap * 2);
		if (!grown)
			free(b);
		b = grown;
		cap *= 2;
	}
	if (!b)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", path);
	if (ferror(f)) {
		free(b);
		return tu_err_set(err, TU_EIO, "%s: read error", path);
	}
	*buf = b;
	*len = n;
	return TU_OK;
}

enum tu_status tu_revlog_read_file(struct tu_revlog *log, const char *path,
				   struct tu_err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0;
	enum tu_status st;

	if (!f)
		return tu_err_set(err, TU_EIO, "%s: %s", path, strerror(errno));
	st = slurp(f, path, &buf, &len, err);
	fclose(f);
	if (st)
		return st;
	st = tu_revlog_parse(log, buf, len, path, err);
	free(buf);
	return st;
}
