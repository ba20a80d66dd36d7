/*
 * exercism_io.c - the importer's only door to the file system.  Inputs:
 * capped reads of plain relative paths below an input root, refused when
 * they resolve outside it (symbolic links included), JSON parsed with
 * duplicate keys refused and big integers marked.  Outputs: new files
 * and directories below the temporary course directory (O_EXCL and
 * O_NOFOLLOW, so nothing is written through a link), and removal of a
 * tree without following links.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tutor/utf8.h"
#include "content_internal.h"
#include "exercism_internal.h"
#include "tutor/json.h"

#define DISP_CAP (TU_CONTENT_PATH_MAX + 256)

enum tu_status tu__ex_root_open(struct tu__ex_root *r, const char *dir,
				const char *what, struct tu_err *err)
{
	struct stat sb;

	if (!dir || !dir[0])
		return tu_err_set(err, TU_EINVAL, "%s: no directory given",
				  what);
	if (strlen(dir) >= sizeof(r->disp))
		return tu_err_set(err, TU_ERANGE, "%s: path too long", what);
	snprintf(r->disp, sizeof(r->disp), "%s", dir);
	if (!realpath(dir, r->real))
		return tu_err_set(err, TU_EIO, "%s: %s (%s)", dir,
				  strerror(errno), what);
	if (stat(r->real, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return tu_err_set(err, TU_EIO, "%s: not a directory (%s)", dir,
				  what);
	return TU_OK;
}

void tu__ex_disp(const struct tu__ex_root *r, const char *rel, char *out,
		 size_t cap)
{
	size_t n = strlen(r->disp);
	const char *sep = n > 0 && r->disp[n - 1] == '/' ? "" : "/";

	if (snprintf(out, cap, "%s%s%s", r->disp, sep, rel) < 0 && cap > 0)
		out[0] = '\0';
}

/* A plain relative path: names of [A-Za-z0-9._-], no "." or "..". */
static bool rel_plain(const char *rel)
{
	const char *p = rel;

	if (!rel[0] || strlen(rel) >= TU_CONTENT_PATH_MAX)
		return false;
	while (*p) {
		size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz"
				  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += n;
		if (*p == '/')
			p++;
		else if (*p)
			return false;
		if (p[-1] == '/' && !*p)
			return false;
	}
	return true;
}

/* realpath of r/rel into abs; *exists false when it does not exist. */
static enum tu_status locate(const struct tu__ex_root *r, const char *rel,
			     char *abs, bool *exists, struct tu_err *err)
{
	char full[2 * PATH_MAX], disp[DISP_CAP];
	size_t n = strlen(r->real);

	tu__ex_disp(r, rel, disp, sizeof(disp));
	*exists = true;
	if (!rel_plain(rel))
		return tu_err_set(err, TU_EIO, "%s: refused: not a plain "
				  "relative path", disp);
	snprintf(full, sizeof(full), "%s/%s", r->real, rel);
	if (!realpath(full, abs)) {
		if (errno == ENOENT || errno == ENOTDIR) {
			*exists = false;
			return TU_OK;
		}
		return tu_err_set(err, TU_EIO, "%s: %s", disp, strerror(errno));
	}
	if (n > 1 && (strncmp(abs, r->real, n) != 0 || abs[n] != '/'))
		return tu_err_set(err, TU_EIO, "%s: refused: resolves outside "
				  "%s", disp, r->disp);
	return TU_OK;
}

enum tu_status tu__ex_read(const struct tu__ex_root *r, const char *rel,
			   bool *exists, char **buf, size_t *len,
			   struct tu_err *err)
{
	char abs[PATH_MAX], disp[DISP_CAP];
	bool found;
	enum tu_status st;
	int fd;

	*buf = NULL;
	*len = 0;
	st = locate(r, rel, abs, &found, err);
	if (exists)
		*exists = found;
	tu__ex_disp(r, rel, disp, sizeof(disp));
	if (st || (!found && exists))
		return st;
	if (!found)
		return tu_err_set(err, TU_EIO, "%s: file does not exist", disp);
	fd = open(abs, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return tu_err_set(err, TU_EIO, "%s: %s", disp, strerror(errno));
	st = tu__read_fd(fd, TU_EXERCISM_FILE_MAX, disp, buf, len, err);
	close(fd);
	return st;
}

enum tu_status tu__ex_read_text(const struct tu__ex_root *r, const char *rel,
				bool *exists, char **buf,
				struct tu_err *err)
{
	char disp[DISP_CAP];
	size_t len, bad;
	enum tu_status st = tu__ex_read(r, rel, exists, buf, &len, err);

	if (st || !*buf || tu_utf8_valid(*buf, len, &bad))
		return st;
	free(*buf);
	*buf = NULL;
	tu__ex_disp(r, rel, disp, sizeof(disp));
	return tu_err_set(err, TU_EPARSE, "%s: invalid UTF-8 or NUL byte at "
			  "byte %zu", disp, bad);
}

enum tu_status tu__ex_read_json(const struct tu__ex_root *r, const char *rel,
				bool *exists, json_t **out,
				struct tu_err *err)
{
	char disp[DISP_CAP], *buf, *marked = NULL;
	size_t len, mlen = 0;
	enum tu_status st = tu__ex_read(r, rel, exists, &buf, &len, err);

	*out = NULL;
	if (st || !buf)
		return st;
	tu__ex_disp(r, rel, disp, sizeof(disp));
	if (!tu__ex_mark_bigints(buf, len, &marked, &mlen)) {
		free(buf);
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", disp);
	}
	st = marked ? tu_json_load(marked, mlen, 2 * TU_EXERCISM_FILE_MAX,
				   disp, out, err)
		    : tu_json_load(buf, len, TU_EXERCISM_FILE_MAX, disp, out,
				   err);
	free(marked);
	free(buf);
	return st;
}

enum tu_status tu__ex_mkdir(const char *dir, const char *rel,
			    struct tu_err *err)
{
	char path[DISP_CAP];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if (mkdir(path, 0755) != 0)
		return tu_err_set(err, TU_EIO, "%s: cannot create directory: "
				  "%s", path, strerror(errno));
	return TU_OK;
}

enum tu_status tu__ex_write(const char *dir, const char *rel,
			    const char *data, size_t len, struct tu_err *err)
{
	char path[DISP_CAP];
	size_t done = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0644);
	if (fd < 0)
		return tu_err_set(err, TU_EIO, "%s: cannot create: %s", path,
				  strerror(errno));
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = errno;

			close(fd);
			return tu_err_set(err, TU_EIO, "%s: write error: %s",
					  path, strerror(e));
		}
		done += (size_t)n;
	}
	if (close(fd) != 0)
		return tu_err_set(err, TU_EIO, "%s: write error: %s", path,
				  strerror(errno));
	return TU_OK;
}

static int rm_entry(const char *path, const struct stat *sb, int flag,
		    struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		(void)rmdir(path);
	else
		(void)unlink(path);
	return 0;
}

void tu__ex_rmtree(const char *path)
{
	(void)nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}
