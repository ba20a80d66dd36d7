/*
 * route.c - the pure router (server_internal.h: tu_route_match).
 *
 * A pattern is a path of literal segments and ":name" parameters
 * ("/api/learners/:id/state").  A path matches when it has the same
 * number of segments, every literal is equal byte for byte, and every
 * parameter segment is 1..127 bytes of [A-Za-z0-9_.-].  No trailing-slash
 * folding, no wildcards, no allocation; linear in the table size, which is
 * a few dozen routes.
 *
 * What it is not: it does not decode the path (the adapter did) and does
 * not look at the query.
 */
#include <string.h>

#include "server_internal.h"

static bool id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/* Length of the segment starting at p (up to '/' or the end). */
static size_t seg_len(const char *p)
{
	const char *slash = strchr(p, '/');

	return slash ? (size_t)(slash - p) : strlen(p);
}

static bool param_value_ok(const char *v, size_t n)
{
	if (n == 0 || n >= sizeof(((struct tu_route_params *)0)->v[0].value))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!id_char(v[i]))
			return false;
	return true;
}

/* Records parameter name (pattern segment without ':') = value. */
static bool param_add(struct tu_route_params *ps, const char *name,
		      size_t name_len, const char *value, size_t value_len)
{
	if (ps->n >= TU_ROUTE_PARAMS_MAX ||
	    name_len >= sizeof(ps->v[0].name))
		return false;
	memcpy(ps->v[ps->n].name, name, name_len);
	ps->v[ps->n].name[name_len] = '\0';
	memcpy(ps->v[ps->n].value, value, value_len);
	ps->v[ps->n].value[value_len] = '\0';
	ps->n++;
	return true;
}

/* One segment: literal equality or a parameter capture. */
static bool seg_match(const char *pat, size_t pn, const char *path, size_t n,
		      struct tu_route_params *ps)
{
	if (pn > 1 && pat[0] == ':')
		return param_value_ok(path, n) &&
		       param_add(ps, pat + 1, pn - 1, path, n);
	return pn == n && memcmp(pat, path, n) == 0;
}

/* Whether path matches pattern; parameters go to ps (reset first). */
static bool path_match(const char *pattern, const char *path,
		       struct tu_route_params *ps)
{
	size_t pn, n;

	ps->n = 0;
	if (pattern[0] != '/' || path[0] != '/')
		return false;
	for (;;) {
		pattern++;
		path++;
		pn = seg_len(pattern);
		n = seg_len(path);
		if (!seg_match(pattern, pn, path, n, ps))
			return false;
		pattern += pn;
		path += n;
		if (*pattern == '\0' || *path == '\0')
			return *pattern == '\0' && *path == '\0';
	}
}

long tu_route_match(const struct tu_route *table, size_t n,
		    enum tu_http_method method, const char *path,
		    struct tu_route_params *params, bool *path_known)
{
	struct tu_route_params scratch;

	*path_known = false;
	params->n = 0;
	if (!path)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!path_match(table[i].pattern, path, &scratch))
			continue;
		if (table[i].method != method) {
			*path_known = true;
			continue;
		}
		*params = scratch;
		return (long)i;
	}
	return -1;
}
