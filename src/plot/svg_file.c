/*
 * svg_file.c - tu_svg_write_file: the one place in src/plot that does
 * I/O.  Writes a temporary file next to the target and renames it over.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tutor/plot.h"

#define MAX_PATH 4096

/* Writes all n bytes of b to fd; 0 or an errno value. */
static int write_all(int fd, const char *b, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, b, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? errno : EIO;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Fills fd's file and closes fd; 0 or an errno value. */
static int fill(int fd, const struct tu_svg *svg)
{
	int e = write_all(fd, svg->buf, svg->len);

	if (!e && fchmod(fd, 0644) != 0)
		e = errno;
	if (!e && fsync(fd) != 0)
		e = errno;
	if (close(fd) != 0 && !e)
		e = errno;
	return e;
}

enum tu_status tu_svg_write_file(const struct tu_svg *svg, const char *path,
				 struct tu_err *err)
{
	char tmp[MAX_PATH + 8];
	int fd, e;

	if (svg->st || !svg->buf)
		return tu_err_set(err, TU_EINVAL, "%s: nothing to write (the "
				  "SVG buffer is empty or holds an error)",
				  path);
	if (strlen(path) > MAX_PATH)
		return tu_err_set(err, TU_ERANGE, "%.64s...: path longer than "
				  "%d bytes", path, MAX_PATH);
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return tu_err_set(err, TU_EIO, "%s: cannot create a temporary "
				  "file: %s", path, strerror(errno));
	e = fill(fd, svg);
	if (!e && rename(tmp, path) != 0)
		e = errno;
	if (e) {
		unlink(tmp);
		return tu_err_set(err, TU_EIO, "%s: %s", path, strerror(e));
	}
	return TU_OK;
}
