/*
 * store.c - the public face of tutor/store.h: option defaults, location
 * parsing, argument validation and dispatch to a backend through struct
 * tu_store_ops (store_internal.h).
 *
 * Locations: "sqlite:PATH" or a plain PATH open the SQLite backend;
 * "postgresql://..." and "postgres://..." the PostgreSQL backend (the
 * whole URI goes to libpq); any other "scheme://" is an unknown scheme.  Every argument is checked here
 * before a backend sees it, so a refused call changes nothing.
 *
 * What it is not: it holds no data and runs no queries itself.
 */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

typedef enum tu_status (*open_fn)(const char *target,
				  const struct tu_store_options *opts,
				  struct tu_store **out, struct tu_err *err);

/* A location prefix and the backend it selects (NULL: not built in);
 * whole: the backend gets the location with its prefix (a URI). */
struct backend {
	const char *prefix;
	const char *name;
	open_fn open;
	bool whole;
};

static const struct backend backends[] = {
	{ "sqlite:", "sqlite", tu__sqlite_open, false },
	{ "postgresql://", "PostgreSQL", tu__pg_open, true },
	{ "postgres://", "PostgreSQL", tu__pg_open, true },
};

void tu_store_options_default(struct tu_store_options *o)
{
	o->sync_full = true;
	o->busy_timeout_ms = 10000;
	o->group_commit = true;
}

/* Length of a leading "scheme://" (0 when location has none). */
static size_t scheme_len(const char *loc)
{
	size_t i = 0;

	if (!((loc[0] >= 'a' && loc[0] <= 'z') ||
	      (loc[0] >= 'A' && loc[0] <= 'Z')))
		return 0;
	while ((loc[i] >= 'a' && loc[i] <= 'z') ||
	       (loc[i] >= 'A' && loc[i] <= 'Z') ||
	       (loc[i] >= '0' && loc[i] <= '9') ||
	       loc[i] == '+' || loc[i] == '.' || loc[i] == '-')
		i++;
	return strncmp(loc + i, "://", 3) == 0 ? i : 0;
}

static enum tu_status open_at(const struct backend *b, const char *location,
			      const struct tu_store_options *o,
			      struct tu_store **out, struct tu_err *err)
{
	const char *target = location + strlen(b->prefix);

	if (!b->open)
		return tu_err_set(err, TU_EINVAL, "store: %s backend not "
				  "built in this version", b->name);
	if (b->whole)
		return b->open(location, o, out, err);
	if (target[0] == '\0')
		return tu_err_set(err, TU_EINVAL,
				  "store: empty path after '%s'", b->prefix);
	return b->open(target, o, out, err);
}

static enum tu_status check_open_args(const char *location,
				      const struct tu_store_options *o,
				      struct tu_store **out,
				      struct tu_err *err)
{
	if (!out)
		return tu_err_set(err, TU_EINVAL, "store: out is NULL");
	if (!location || location[0] == '\0')
		return tu_err_set(err, TU_EINVAL, "store: empty location");
	if (strnlen(location, TU__STORE_LOCATION_MAX) >= TU__STORE_LOCATION_MAX)
		return tu_err_set(err, TU_ERANGE, "store: location longer "
				  "than %d bytes", TU__STORE_LOCATION_MAX - 1);
	if (o->busy_timeout_ms < 0)
		return tu_err_set(err, TU_EINVAL, "store: busy_timeout_ms %d "
				  "is negative", o->busy_timeout_ms);
	return TU_OK;
}

enum tu_status tu_store_open(const char *location,
			     const struct tu_store_options *opts,
			     struct tu_store **out, struct tu_err *err)
{
	struct tu_store_options o;
	enum tu_status st;
	size_t n;

	tu_store_options_default(&o);
	if (opts)
		o = *opts;
	if (out)
		*out = NULL;
	st = check_open_args(location, &o, out, err);
	if (st)
		return st;
	for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
		size_t plen = strlen(backends[i].prefix);

		if (strncmp(location, backends[i].prefix, plen) == 0)
			return open_at(&backends[i], location, &o, out, err);
	}
	n = scheme_len(location);
	if (n > 0)
		return tu_err_set(err, TU_EINVAL, "store: unknown scheme "
				  "'%.*s' in location", (int)n, location);
	return tu__sqlite_open(location, &o, out, err);
}

void tu_store_close(struct tu_store *s)
{
	if (s)
		s->ops->close(s);
}

int tu_store_schema_version(const struct tu_store *s)
{
	return s ? s->schema_version : 0;
}

const char *tu_store_backend(const struct tu_store *s)
{
	return s ? s->ops->name : "none";
}

static enum tu_status need_store(const struct tu_store *s, const char *fn,
				 struct tu_err *err)
{
	if (!s)
		return tu_err_set(err, TU_EINVAL, "%s: store is NULL", fn);
	return TU_OK;
}

/* ---- learners ---------------------------------------------------------- */

enum tu_status tu_store_learner_add(struct tu_store *s, const char *id,
				    const char *name, int64_t now,
				    struct tu_err *err)
{
	enum tu_status st = need_store(s, "learner_add", err);

	if (!st)
		st = tu__store_check_id("learner", id, err);
	if (st)
		return st;
	if (!name)
		name = "";
	if (strnlen(name, TU_TEXT_MAX) >= TU_TEXT_MAX)
		return tu_err_set(err, TU_ERANGE, "learner '%s': name longer "
				  "than %d bytes", id, TU_TEXT_MAX - 1);
	return s->ops->learner_add(s, id, name, now, err);
}

enum tu_status tu_store_learner_get(struct tu_store *s, const char *id,
				    struct tu_learner_row *row,
				    struct tu_err *err)
{
	enum tu_status st = need_store(s, "learner_get", err);

	if (!st)
		st = tu__store_check_id("learner", id, err);
	if (!st && !row)
		st = tu_err_set(err, TU_EINVAL, "learner_get: row is NULL");
	return st ? st : s->ops->learner_get(s, id, row, err);
}

enum tu_status tu_store_learner_each(struct tu_store *s, tu_learner_fn fn,
				     void *ctx, struct tu_err *err)
{
	enum tu_status st = need_store(s, "learner_each", err);

	if (!st && !fn)
		st = tu_err_set(err, TU_EINVAL, "learner_each: fn is NULL");
	return st ? st : s->ops->learner_each(s, fn, ctx, err);
}

/* ---- snapshots --------------------------------------------------------- */

void tu_snapshot_init(struct tu_snapshot *snap)
{
	memset(snap, 0, sizeof(*snap));
}

void tu_snapshot_release(struct tu_snapshot *snap)
{
	free(snap->state_json);
	tu_snapshot_init(snap);
}

enum tu_status tu_store_snapshot_get(struct tu_store *s, const char *learner,
				     struct tu_snapshot *snap,
				     struct tu_err *err)
{
	enum tu_status st = need_store(s, "snapshot_get", err);

	if (!st)
		st = tu__store_check_id("learner", learner, err);
	if (!st && !snap)
		st = tu_err_set(err, TU_EINVAL, "snapshot_get: snap is NULL");
	return st ? st : s->ops->snapshot_get(s, learner, snap, err);
}

/* ---- the event log ----------------------------------------------------- */

enum tu_status tu_store_commit(struct tu_store *s, const struct tu_commit *c,
			       uint64_t *seq, struct tu_err *err)
{
	enum tu_status st = need_store(s, "commit", err);

	if (!st)
		st = tu__store_check_commit(c, err);
	return st ? st : s->ops->commit(s, c, seq, err);
}

enum tu_status tu_store_commit_stats(struct tu_store *s,
				     struct tu_store_commit_stats *st,
				     struct tu_err *err)
{
	enum tu_status status = need_store(s, "commit_stats", err);

	if (!status && !st)
		status = tu_err_set(err, TU_EINVAL, "commit_stats: st is NULL");
	if (status)
		return status;
	memset(st, 0, sizeof(*st));
	if (s->ops->commit_stats)
		s->ops->commit_stats(s, st);
	return TU_OK;
}

enum tu_status tu_store_event_each(struct tu_store *s, const char *learner,
				   uint64_t after_seq, tu_event_fn fn,
				   void *ctx, struct tu_err *err)
{
	enum tu_status st = need_store(s, "event_each", err);

	if (!st && learner)
		st = tu__store_check_id("learner", learner, err);
	if (!st && !fn)
		st = tu_err_set(err, TU_EINVAL, "event_each: fn is NULL");
	return st ? st : s->ops->event_each(s, learner, after_seq, fn, ctx,
					    err);
}

enum tu_status tu_store_event_count(struct tu_store *s, const char *learner,
				    uint64_t *n, struct tu_err *err)
{
	enum tu_status st = need_store(s, "event_count", err);

	if (!st && learner)
		st = tu__store_check_id("learner", learner, err);
	if (!st && !n)
		st = tu_err_set(err, TU_EINVAL, "event_count: n is NULL");
	return st ? st : s->ops->event_count(s, learner, n, err);
}

enum tu_status tu_store_audit_each(struct tu_store *s, uint64_t seq,
				   tu_audit_fn fn, void *ctx,
				   struct tu_err *err)
{
	enum tu_status st = need_store(s, "audit_each", err);

	if (!st && !fn)
		st = tu_err_set(err, TU_EINVAL, "audit_each: fn is NULL");
	return st ? st : s->ops->audit_each(s, seq, fn, ctx, err);
}

/* ---- content registry and settings ------------------------------------- */

enum tu_status tu_store_content_put(struct tu_store *s,
				    const struct tu_content_row *row,
				    struct tu_err *err)
{
	enum tu_status st = need_store(s, "content_put", err);

	if (!st)
		st = tu__store_check_content(row, err);
	return st ? st : s->ops->content_put(s, row, err);
}

enum tu_status tu_store_content_get(struct tu_store *s, const char *course,
				    struct tu_content_row *row,
				    struct tu_err *err)
{
	enum tu_status st = need_store(s, "content_get", err);

	if (!st)
		st = tu__store_check_id("course", course, err);
	if (!st && !row)
		st = tu_err_set(err, TU_EINVAL, "content_get: row is NULL");
	return st ? st : s->ops->content_get(s, course, row, err);
}

enum tu_status tu_store_setting_set(struct tu_store *s, const char *key,
				    const char *value, struct tu_err *err)
{
	enum tu_status st = need_store(s, "setting_set", err);

	if (!st)
		st = tu__store_check_setting(key, value, err);
	return st ? st : s->ops->setting_set(s, key, value, err);
}

enum tu_status tu_store_setting_get(struct tu_store *s, const char *key,
				    char *buf, size_t cap, struct tu_err *err)
{
	enum tu_status st = need_store(s, "setting_get", err);

	if (!st)
		st = tu__store_check_id("setting", key, err);
	if (!st && (!buf || cap == 0))
		st = tu_err_set(err, TU_EINVAL, "setting '%s': no buffer", key);
	return st ? st : s->ops->setting_get(s, key, buf, cap, err);
}
