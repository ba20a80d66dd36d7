/*
 * static.c - the web UI's files from config.web_dir (web/dist).
 *
 * A request path is checked before it touches the file system (no "..",
 * no hidden segments, no backslash, no NUL, bounded length), joined to
 * the directory, resolved with realpath and refused unless it is still
 * inside the directory (a symlink cannot lead out).  "/" and paths whose
 * last segment has no dot are the single-page UI's own routes and get
 * index.html.  Files are read whole (the UI's bundle is well under a
 * megabyte); HTML is "no-cache", /assets/ files (content-hashed names)
 * are cached for a year, everything else for five minutes.
 *
 * What it is not: no directory listings, no ranges, no compression.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "srv.h"

struct mime {
	const char *ext, *type;
};

static const struct mime mimes[] = {
	{ "html", "text/html; charset=utf-8" },
	{ "js", "text/javascript; charset=utf-8" },
	{ "mjs", "text/javascript; charset=utf-8" },
	{ "css", "text/css; charset=utf-8" },
	{ "json", "application/json" },
	{ "map", "application/json" },
	{ "svg", "image/svg+xml" },
	{ "png", "image/png" },
	{ "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" },
	{ "gif", "image/gif" },
	{ "webp", "image/webp" },
	{ "ico", "image/x-icon" },
	{ "woff", "font/woff" },
	{ "woff2", "font/woff2" },
	{ "ttf", "font/ttf" },
	{ "txt", "text/plain; charset=utf-8" },
	{ "wasm", "application/wasm" },
	{ "webmanifest", "application/manifest+json" },
};

const char *tu_static_mime(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash : name, '.');

	if (!dot)
		return "application/octet-stream";
	for (size_t i = 0; i < sizeof(mimes) / sizeof(mimes[0]); i++)
		if (strcasecmp(dot + 1, mimes[i].ext) == 0)
			return mimes[i].type;
	return "application/octet-stream";
}

bool tu_static_path_ok(const char *path)
{
	size_t n = path ? strlen(path) : 0;

	if (n == 0 || n >= 1024 || path[0] != '/')
		return false;
	if (strchr(path, '\\') || strstr(path, "//"))
		return false;
	for (const char *p = path; p; p = strchr(p + 1, '/'))
		if (p[1] == '.')   /* "..", "." and hidden files */
			return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)path[i] < 0x20 || path[i] == 0x7f)
			return false;
	return true;
}

/* Whether the last segment of path names a file (has a dot). */
static bool names_file(const char *path)
{
	return strchr(strrchr(path, '/'), '.') != NULL;
}

static const char *cache_for(const char *path, const char *type)
{
	if (strncmp(type, "text/html", 9) == 0)
		return "no-cache";
	if (strncmp(path, "/assets/", 8) == 0)
		return "public, max-age=31536000, immutable";
	return "public, max-age=300";
}

/* Reads f (a regular file of size n) into b. */
static bool read_all(FILE *f, size_t n, struct tu_sbuf *b)
{
	char chunk[16384];
	size_t got, total = 0;

	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		total += got;
		if (total > n || !tu_sbuf_add(b, chunk, got))
			return false;
	}
	return !ferror(f);
}

/* Resolves dir + rel; NULL unless the result is a regular file under
 * the resolved dir. */
static char *resolve(const char *dir, const char *rel, struct stat *st)
{
	char joined[PATH_MAX], *root, *real;
	size_t rn;
	int n = snprintf(joined, sizeof(joined), "%s%s", dir, rel);

	if (n < 0 || (size_t)n >= sizeof(joined))
		return NULL;
	root = realpath(dir, NULL);
	real = root ? realpath(joined, NULL) : NULL;
	rn = root ? strlen(root) : 0;
	if (!real || strncmp(real, root, rn) != 0 || real[rn] != '/' ||
	    stat(real, st) != 0 || !S_ISREG(st->st_mode)) {
		free(real);
		real = NULL;
	}
	free(root);
	return real;
}

static void not_found(struct tu_http_resp *resp, const char *path)
{
	tu_http_error(resp, 404, "not_found", "no file %s", path);
}

void tu_static_serve(const char *dir, const char *path,
		     struct tu_http_resp *resp)
{
	const char *rel;
	struct stat st;
	char *real;
	FILE *f;

	if (!tu_static_path_ok(path)) {
		not_found(resp, path);
		return;
	}
	rel = names_file(path) ? path : "/index.html";
	if (!(real = resolve(dir, rel, &st))) {
		not_found(resp, path);
		return;
	}
	f = fopen(real, "rb");
	free(real);
	if (!f) {
		not_found(resp, path);
		return;
	}
	tu_sbuf_reset(&resp->body);
	if ((uint64_t)st.st_size > TU_RESP_MAX ||
	    !read_all(f, (size_t)st.st_size, &resp->body)) {
		tu_http_error(resp, 500, "internal", "cannot read %s", path);
	} else {
		resp->status = 200;
		resp->content_type = tu_static_mime(rel);
		resp->cache_control = cache_for(rel, resp->content_type);
	}
	fclose(f);
}
