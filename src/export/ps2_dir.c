/*
 * ps2_dir.c - writing a ProgSnap2 dataset directory without ever
 * overwriting anything (export_internal.h).
 *
 * The dataset is built in a fresh temporary sibling of the target
 * (mkdtemp, same file system) with every file created O_EXCL, and is
 * renamed onto the target only when complete.  rename(2) replaces an
 * empty directory and refuses a non-empty one, so data that appeared in
 * the meantime is never lost; on any error the temporary tree is removed.
 *
 * Not a general file library: paths are bounded (TU__PATH_MAX) and the
 * only directories made are the dataset root, CodeStates/ and one per
 * CodeState.
 */
#include "export_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static enum tu_status io_error(const char *what, const char *path,
			       struct tu_err *err)
{
	return tu_err_set(err, TU_EIO, "%s '%s': %s", what, path,
			  strerror(errno));
}

static enum tu_status join(char *out, const char *a, const char *b,
			   struct tu_err *err)
{
	int n = snprintf(out, TU__PATH_MAX, "%s/%s", a, b);

	if (n < 0 || n >= TU__PATH_MAX)
		return tu_err_set(err, TU_EINVAL, "path '%s/%s' is too long",
				  a, b);
	return TU_OK;
}

/* true when path is a directory with no entries. */
static bool dir_is_empty(const char *path)
{
	DIR *dp = opendir(path);
	struct dirent *e;
	bool empty = true;

	if (!dp)
		return false;
	while (empty && (e = readdir(dp)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = false;
	closedir(dp);
	return empty;
}

/* The target must not exist, or be a real (not symlinked) empty dir. */
static enum tu_status check_target(const char *path, struct tu_err *err)
{
	struct stat sb;

	if (lstat(path, &sb) != 0) {
		if (errno == ENOENT)
			return TU_OK;
		return io_error("cannot inspect", path, err);
	}
	if (!S_ISDIR(sb.st_mode) || !dir_is_empty(path))
		return tu_err_set(err, TU_EINVAL, "'%s' exists and is not an "
				  "empty directory; refusing to overwrite",
				  path);
	return TU_OK;
}

/* Splits d->final into its parent and last component (no trailing '/'). */
static enum tu_status split(const char *final, char *parent, const char **base,
			    struct tu_err *err)
{
	char *slash;

	snprintf(parent, TU__PATH_MAX, "%s", final);
	slash = strrchr(parent, '/');
	*base = slash ? final + (slash - parent) + 1 : final;
	if (!**base || strcmp(*base, ".") == 0 || strcmp(*base, "..") == 0)
		return tu_err_set(err, TU_EINVAL, "'%s': name a new or empty "
				  "directory, not '.', '..' or '/'", final);
	if (!slash)
		snprintf(parent, TU__PATH_MAX, ".");
	else if (slash == parent)
		slash[1] = '\0';    /* "/x": parent "/" */
	else
		*slash = '\0';
	return TU_OK;
}

static enum tu_status make_tmp(struct tu__ps2_dir *d, struct tu_err *err)
{
	char parent[TU__PATH_MAX], code[TU__PATH_MAX];
	const char *base;
	int n;

	if (split(d->final, parent, &base, err))
		return TU_EINVAL;
	n = snprintf(d->tmp, TU__PATH_MAX, "%s/.%s.tmp-XXXXXX", parent, base);
	if (n < 0 || n >= TU__PATH_MAX)
		return tu_err_set(err, TU_EINVAL, "path '%s' is too long",
				  d->final);
	if (!mkdtemp(d->tmp))
		return io_error("cannot create a directory next to", d->final,
				err);
	d->made = true;
	if (join(code, d->tmp, "CodeStates", err))
		return TU_EINVAL;
	if (mkdir(code, 0700) != 0)
		return io_error("cannot create", code, err);
	return TU_OK;
}

enum tu_status tu__ps2_dir_begin(struct tu__ps2_dir *d, const char *dir,
				 struct tu_err *err)
{
	size_t n = dir ? strlen(dir) : 0;
	enum tu_status st;

	memset(d, 0, sizeof(*d));
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 0 || n >= TU__PATH_MAX)
		return tu_err_set(err, TU_EINVAL, "output directory: must be "
				  "1..%d bytes", TU__PATH_MAX - 1);
	memcpy(d->final, dir, n);
	d->final[n] = '\0';
	st = check_target(d->final, err);
	if (!st)
		st = make_tmp(d, err);
	if (st)
		tu__ps2_dir_abort(d);
	return st;
}

static enum tu_status create_file(const char *path, FILE **f,
				  struct tu_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd < 0)
		return io_error("cannot create", path, err);
	*f = fdopen(fd, "wb");
	if (!*f) {
		close(fd);
		return io_error("cannot open", path, err);
	}
	return TU_OK;
}

enum tu_status tu__ps2_dir_open(struct tu__ps2_dir *d, const char *name,
				FILE **f, struct tu_err *err)
{
	char path[TU__PATH_MAX];

	*f = NULL;
	if (join(path, d->tmp, name, err))
		return TU_EINVAL;
	return create_file(path, f, err);
}

enum tu_status tu__ps2_dir_close(struct tu__ps2_dir *d, const char *name,
				 FILE *f, struct tu_err *err)
{
	bool bad = fflush(f) != 0 || ferror(f);

	if (fclose(f) != 0)
		bad = true;
	if (bad)
		return tu_err_set(err, TU_EIO, "cannot write '%s' in '%s': %s",
				  name, d->tmp, strerror(errno));
	return TU_OK;
}

enum tu_status tu__ps2_code_state(struct tu__ps2_dir *d, const char *id,
				  const char *file, const char *code,
				  size_t len, bool *created,
				  struct tu_err *err)
{
	char dir[TU__PATH_MAX], path[TU__PATH_MAX], name[TU__PATH_MAX];
	FILE *f;

	*created = false;
	if (join(name, "CodeStates", id, err) || join(dir, d->tmp, name, err))
		return TU_EINVAL;
	if (mkdir(dir, 0700) != 0) {
		if (errno == EEXIST)
			return TU_OK;   /* this code was written already */
		return io_error("cannot create", dir, err);
	}
	if (join(path, dir, file, err))
		return TU_EINVAL;
	if (create_file(path, &f, err))
		return TU_EIO;
	if (len > 0 && fwrite(code, 1, len, f) != len) {
		fclose(f);
		return io_error("cannot write", path, err);
	}
	*created = true;
	return tu__ps2_dir_close(d, path, f, err);
}

enum tu_status tu__ps2_dir_commit(struct tu__ps2_dir *d, struct tu_err *err)
{
	if (rename(d->tmp, d->final) != 0)
		return tu_err_set(err, TU_EIO, "cannot move the dataset into "
				  "'%s': %s", d->final, strerror(errno));
	d->made = false;
	return TU_OK;
}

static int remove_entry(const char *path, const struct stat *sb, int flag,
			struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path) != 0;
}

void tu__ps2_dir_abort(struct tu__ps2_dir *d)
{
	if (!d->made)
		return;
	(void)nftw(d->tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	d->made = false;
}
