/*
 * file.c - tu_file_write_atomic (tutor/file.h): the only I/O in
 * src/util.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tutor/file.h"

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

/* Fills fd's file, makes it durable and closes fd; 0 or an errno value. */
static int fill(int fd, const void *buf, size_t len)
{
	int e = write_all(fd, buf, len);

	if (!e && fchmod(fd, 0644) != 0)
		e = errno;
	if (!e && fsync(fd) != 0)
		e = errno;
	if (close(fd) != 0 && !e)
		e = errno;
	return e;
}

/* Makes the rename durable; best effort. */
static void sync_dir(const char *path)
{
	char dir[TU_FILE_PATH_MAX + 1];
	const char *slash = strrchr(path, '/');
	int fd;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	(void)fsync(fd);
	close(fd);
}

enum tu_status tu_file_write_atomic(const char *path, const void *buf,
				    size_t len, struct tu_err *err)
{
	char tmp[TU_FILE_PATH_MAX + 8];
	int fd, e;

	if (strlen(path) > TU_FILE_PATH_MAX)
		return tu_err_set(err, TU_ERANGE, "%.64s...: path longer than "
				  "%d bytes", path, TU_FILE_PATH_MAX);
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return tu_err_set(err, TU_EIO, "%s: cannot create a temporary "
				  "file: %s", path, strerror(errno));
	e = fill(fd, buf, len);
	if (!e && rename(tmp, path) != 0)
		e = errno;
	if (e) {
		unlink(tmp);
		return tu_err_set(err, TU_EIO, "%s: %s", path, strerror(e));
	}
	sync_dir(path);
	return TU_OK;
}
