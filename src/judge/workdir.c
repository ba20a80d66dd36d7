/*
 * workdir.c - the judge's temporary work directories: made private under
 * tmp_root, filled with the submission's files, removed recursively
 * without ever following a symbolic link (the sandboxed program may have
 * left links to anywhere inside /work).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "judge_internal.h"

#define RM_MAX_DEPTH 64

enum tu_status tu__workdir_make(const char *root, char *dir, size_t cap,
				char *work, size_t wcap, struct tu_err *err)
{
	if ((size_t)snprintf(dir, cap, "%s/tutor-judge-XXXXXX", root) >= cap)
		return tu_err_set(err, TU_EINVAL, "%s: path too long", root);
	if (!mkdtemp(dir))
		return tu_err_set(err, TU_EIO, "%s: cannot make a work "
				  "directory: %s", root, strerror(errno));
	snprintf(work, wcap, "%s/work", dir);
	/* The sandbox chowns work/ to its unprivileged uid for the run
	 * (tu_sandbox_run); the outer directory (0700) keeps others out. */
	if (mkdir(work, 0700) != 0) {
		int e = errno;

		tu__workdir_remove(dir);
		return tu_err_set(err, TU_EIO, "%s: cannot make a work "
				  "directory: %s", work, strerror(e));
	}
	return TU_OK;
}

static void remove_at(int dfd, const char *name, int depth);

/* Empties the directory open as fd (which it closes). */
static void empty_dir(int fd, int depth)
{
	DIR *d = fdopendir(fd);
	struct dirent *e;

	if (!d) {
		close(fd);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		remove_at(dirfd(d), e->d_name, depth + 1);
	}
	closedir(d);
}

static void remove_at(int dfd, const char *name, int depth)
{
	struct stat st;
	int fd;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return;
	if (!S_ISDIR(st.st_mode) || depth > RM_MAX_DEPTH) {
		unlinkat(dfd, name, 0);
		return;
	}
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
	if (fd < 0)
		return;
	fchmod(fd, 0700);
	empty_dir(fd, depth);
	unlinkat(dfd, name, AT_REMOVEDIR);
}

void tu__workdir_remove(const char *dir)
{
	if (dir && dir[0])
		remove_at(AT_FDCWD, dir, 0);
}

enum tu_status tu__write_file(const char *dir, const char *name,
			      const char *data, size_t len,
			      struct tu_err *err)
{
	char path[1200];
	size_t done = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0644);
	if (fd < 0)
		return tu_err_set(err, TU_EIO, "%s: %s", path, strerror(errno));
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return tu_err_set(err, TU_EIO, "%s: write failed",
					  path);
		}
		done += (size_t)n;
	}
	if (close(fd) != 0)
		return tu_err_set(err, TU_EIO, "%s: %s", path, strerror(errno));
	return TU_OK;
}
