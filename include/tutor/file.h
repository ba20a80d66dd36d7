/*
 * tutor/file.h - writing a file so that readers see the old contents or
 * the whole new ones, never a part: the one shared implementation of the
 * temp-file, fsync, rename, directory-fsync sequence (SVG charts, model
 * files, reports).
 *
 * What it is: I/O, in its own source file (src/util/file.c), used by the
 * edges of modules that are otherwise pure.  Ownership: buffers are
 * borrowed for the call.
 */
#ifndef TUTOR_FILE_H
#define TUTOR_FILE_H

#include <stddef.h>

#include "tutor/err.h"

#define TU_FILE_PATH_MAX 4096

/*
 * Writes buf[0..len) to path atomically: a temporary file next to path
 * (path + ".XXXXXX", mode 0644) is written in full, fsynced, closed and
 * renamed over path; then the directory is fsynced (best effort: some file
 * systems refuse).  TU_ERANGE for a path longer than TU_FILE_PATH_MAX;
 * TU_EIO naming path and the system error, in which case the temporary
 * file is removed and path is untouched.
 */
enum tu_status tu_file_write_atomic(const char *path, const void *buf,
				    size_t len, struct tu_err *err);

#endif
