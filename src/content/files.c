/*
 * files.c - the loader's only door to the file system: bounded reads of
 * course files, directory checks and listings, all confined to the
 * course directory (paths with "..", absolute paths and symbolic links
 * that resolve outside it are refused), and the content hash over every
 * file read.
 *
 * Not a general file library: it knows the course root and nothing else.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tutor/utf8.h"
#include "content_internal.h"

#define DISPLAY_MAX (2 * TU_CONTENT_PATH_MAX)

void tu__display(const struct tu__loader *L, const char *rel, char *out,
		 size_t cap)
{
	size_t n = strlen(L->dir);
	const char *sep = n == 0 || L->dir[n - 1] == '/' ? "" : "/";

	if (snprintf(out, cap, "%s%s%s", L->dir, sep, rel) < 0)
		out[0] = '\0';
}

bool tu__rel_ok(const char *rel)
{
	const char *p = rel;

	if (!rel[0] || rel[0] == '/' || strlen(rel) >= TU_CONTENT_PATH_MAX ||
	    strchr(rel, '\\'))
		return false;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += n;
		if (*p == '/' && !*++p)
			return false;
	}
	return true;
}

/* realpath of root/rel into abs; false with errno when it fails. */
static bool resolve(const struct tu__loader *L, const char *rel, char *abs)
{
	char full[2 * PATH_MAX];

	if (snprintf(full, sizeof(full), "%s/%s", L->root, rel) >=
	    (int)sizeof(full)) {
		errno = ENAMETOOLONG;
		return false;
	}
	return realpath(full, abs) != NULL;
}

static bool inside(const struct tu__loader *L, const char *abs)
{
	size_t n = strlen(L->root);

	if (n == 1)  /* the root is "/" */
		return abs[1] != '\0';
	return strncmp(abs, L->root, n) == 0 && abs[n] == '/';
}

/* Resolves rel and checks it stays inside; *exists false on ENOENT. */
static enum tu_status locate(const struct tu__loader *L, const char *rel,
			     char *abs, bool *exists, struct tu_err *err)
{
	char disp[DISPLAY_MAX];

	*exists = true;
	tu__display(L, rel, disp, sizeof(disp));
	if (!tu__rel_ok(rel))
		return tu_err_set(err, TU_EIO, "%s: refused: not a plain "
				  "relative path", disp);
	if (!resolve(L, rel, abs)) {
		if (errno == ENOENT || errno == ENOTDIR) {
			*exists = false;
			return TU_OK;
		}
		return tu_err_set(err, TU_EIO, "%s: %s", disp, strerror(errno));
	}
	if (!inside(L, abs))
		return tu_err_set(err, TU_EIO, "%s: refused: resolves outside "
				  "the course directory", disp);
	return TU_OK;
}

static enum tu_status add_digest(struct tu__loader *L, const char *rel,
				 const char *buf, size_t len,
				 struct tu_err *err)
{
	struct tu__digest *d;

	if (L->n_files == L->cap_files) {
		size_t cap = L->cap_files ? 2 * L->cap_files : 32;
		void *p = realloc(L->files, cap * sizeof(*L->files));

		if (!p)
			return tu_err_set(err, TU_ENOMEM, "%s: out of memory",
					  rel);
		L->files = p;
		L->cap_files = cap;
	}
	d = &L->files[L->n_files];
	d->rel = strdup(rel);
	if (!d->rel)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", rel);
	tu_hash_hex(buf, len, d->hex);
	L->n_files++;
	return TU_OK;
}

enum tu_status tu__read_fd(int fd, size_t max, const char *disp, char **buf,
			   size_t *len, struct tu_err *err)
{
	struct stat sb;
	size_t n = 0, cap;
	char *b;

	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		return tu_err_set(err, TU_EIO, "%s: not a regular file", disp);
	if ((uintmax_t)sb.st_size > (uintmax_t)max)
		return tu_err_set(err, TU_ERANGE, "%s: file larger than %zu "
				  "bytes", disp, max);
	cap = (size_t)sb.st_size + 2;  /* one more to notice growth */
	b = malloc(cap);
	if (!b)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", disp);
	for (;;) {
		ssize_t got = read(fd, b + n, cap - 1 - n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			free(b);
			return tu_err_set(err, TU_EIO, "%s: %s", disp,
					  strerror(errno));
		}
		n += (size_t)got;
		if (got == 0 || n == cap - 1)
			break;
	}
	if (n > (size_t)sb.st_size) {
		free(b);
		return tu_err_set(err, TU_EIO, "%s: file changed while being "
				  "read", disp);
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return TU_OK;
}

enum tu_status tu__read(struct tu__loader *L, const char *rel, bool *exists,
			char **buf, size_t *len, struct tu_err *err)
{
	char abs[PATH_MAX], disp[DISPLAY_MAX];
	bool found;
	enum tu_status st = locate(L, rel, abs, &found, err);
	int fd;

	*buf = NULL;
	*len = 0;
	if (exists)
		*exists = found;
	if (st || (!found && exists))
		return st;
	tu__display(L, rel, disp, sizeof(disp));
	if (!found)
		return tu_err_set(err, TU_EIO, "%s: file does not exist", disp);
	fd = open(abs, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return tu_err_set(err, TU_EIO, "%s: %s", disp, strerror(errno));
	st = tu__read_fd(fd, TU_CONTENT_FILE_MAX, disp, buf, len, err);
	close(fd);
	if (st == TU_OK)
		st = add_digest(L, rel, *buf, *len, err);
	if (st) {
		free(*buf);
		*buf = NULL;
		*len = 0;
	}
	return st;
}

enum tu_status tu__read_text(struct tu__loader *L, const char *rel,
			     bool *exists, char **buf, struct tu_err *err)
{
	char disp[DISPLAY_MAX];
	size_t len, bad;
	enum tu_status st = tu__read(L, rel, exists, buf, &len, err);

	if (st || !*buf || tu_utf8_valid(*buf, len, &bad))
		return st;
	free(*buf);
	*buf = NULL;
	tu__display(L, rel, disp, sizeof(disp));
	return tu_err_set(err, TU_EPARSE, "%s: invalid UTF-8 or NUL byte at "
			  "byte %zu", disp, bad);
}

enum tu_status tu__dir(const struct tu__loader *L, const char *rel,
		       char *abs, bool *exists, struct tu_err *err)
{
	char res[PATH_MAX], disp[DISPLAY_MAX];
	struct stat sb;
	enum tu_status st = locate(L, rel, res, exists, err);

	if (st || !*exists)
		return st;
	tu__display(L, rel, disp, sizeof(disp));
	if (stat(res, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return tu_err_set(err, TU_EDATA, "%s: not a directory", disp);
	if (strlen(res) >= TU_CONTENT_PATH_MAX)
		return tu_err_set(err, TU_ERANGE, "%s: path too long", disp);
	memcpy(abs, res, strlen(res) + 1);
	return TU_OK;
}

void tu__names_free(char **names, size_t n)
{
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the entries of the open directory d into *names / *n. */
static enum tu_status read_names(DIR *d, const char *disp, size_t max,
				 char ***names, size_t *n, struct tu_err *err)
{
	struct dirent *e;
	size_t cap = 0;

	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (*n == max)
			return tu_err_set(err, TU_ERANGE, "%s: more than %zu "
					  "entries", disp, max);
		if (*n == cap) {
			void *p = realloc(*names, (cap ? 2 * cap : 16) *
					  sizeof(**names));

			if (!p)
				return tu_err_set(err, TU_ENOMEM, "%s: out of "
						  "memory", disp);
			*names = p;
			cap = cap ? 2 * cap : 16;
		}
		(*names)[*n] = strdup(e->d_name);
		if (!(*names)[*n])
			return tu_err_set(err, TU_ENOMEM, "%s: out of memory",
					  disp);
		(*n)++;
	}
	return TU_OK;
}

enum tu_status tu__list(const struct tu__loader *L, const char *rel,
			size_t max, char ***names, size_t *n,
			struct tu_err *err)
{
	char abs[TU_CONTENT_PATH_MAX], disp[DISPLAY_MAX];
	bool exists;
	enum tu_status st = tu__dir(L, rel, abs, &exists, err);
	DIR *d;

	*names = NULL;
	*n = 0;
	if (st || !exists)
		return st;
	tu__display(L, rel, disp, sizeof(disp));
	d = opendir(abs);
	if (!d)
		return tu_err_set(err, TU_EIO, "%s: %s", disp, strerror(errno));
	st = read_names(d, disp, max, names, n, err);
	closedir(d);
	if (st) {
		tu__names_free(*names, *n);
		*names = NULL;
		*n = 0;
		return st;
	}
	if (*n > 1)
		qsort(*names, *n, sizeof(**names), cmp_str);
	return TU_OK;
}

void tu__loader_release(struct tu__loader *L)
{
	for (size_t i = 0; i < L->n_files; i++)
		free(L->files[i].rel);
	free(L->files);
	L->files = NULL;
	L->n_files = L->cap_files = 0;
}

static int cmp_digest(const void *a, const void *b)
{
	return strcmp(((const struct tu__digest *)a)->rel,
		      ((const struct tu__digest *)b)->rel);
}

void tu__hash_files(struct tu__loader *L, char out[TU_HASH_HEX_LEN + 1])
{
	struct tu_hash h;

	if (L->n_files > 1)
		qsort(L->files, L->n_files, sizeof(*L->files), cmp_digest);
	tu_hash_init(&h);
	for (size_t i = 0; i < L->n_files; i++) {
		const struct tu__digest *d = &L->files[i];

		if (i > 0 && strcmp(d->rel, L->files[i - 1].rel) == 0)
			continue;
		tu_hash_str(&h, d->rel, strlen(d->rel));
		tu_hash_str(&h, d->hex, TU_HASH_HEX_LEN);
	}
	tu_hash_final_hex(&h, out);
}
