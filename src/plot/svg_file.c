/*
 * svg_file.c - tu_svg_write_file: the one place in src/plot that does
 * I/O, through tu_file_write_atomic (tutor/file.h).
 */
#include <string.h>
#include "tutor/file.h"
#include "tutor/plot.h"

#define MAX_PATH 4096

enum tu_status tu_svg_write_file(const struct tu_svg *svg, const char *path,
				 struct tu_err *err)
{
	if (svg->st || !svg->buf)
		return tu_err_set(err, TU_EINVAL, "%s: nothing to write (the "
				  "SVG buffer is empty or holds an error)",
				  path);
	if (strlen(path) > MAX_PATH)
		return tu_err_set(err, TU_ERANGE, "%.64s...: path longer than "
				  "%d bytes", path, MAX_PATH);
	return tu_file_write_atomic(path, svg->buf, svg->len, err);
}
