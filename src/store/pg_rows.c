/*
 * pg_rows.c - the PostgreSQL backend's plain tables: learners, the
 * content registry, settings, the LLM answer cache and usage counts
 * (contracts in tutor/store.h).
 *
 * Arguments arrive validated by store.c and store_llm.c.  Every text read
 * back is copied with a size check (a value too long for its field is
 * TU_ECORRUPT, never truncated).  A usage increment upserts the learner's
 * row and the global row in one transaction; INSERT ... ON CONFLICT DO
 * UPDATE is atomic, so concurrent servers never lose a count.
 *
 * What it is not: snapshots, events and audit records are in pg_log.c.
 */
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

/* ---- learners ---------------------------------------------------------- */

enum tu_status tu__pg_learner_add(struct tu_store *s, const char *id,
				  const char *name, int64_t now,
				  struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu__pg_args a;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_text(&a, id);
	tu__pg_text(&a, name);
	tu__pg_i64(&a, now);
	st = tu__pg_exec(p, TU__PG_LEARNER_ADD, &a, NULL, "adding a learner",
			 err);
	if (st && tu__pg_state_is(p, "23505"))
		st = tu_err_set(err, TU_EINVAL, "learner '%s' already exists",
				id);
	return st;
}

/* Fills row from row i of a LEARNER_GET/EACH result. */
static enum tu_status read_learner(struct tu__pg *p, PGresult *r, int i,
				   struct tu_learner_row *row,
				   struct tu_err *err)
{
	enum tu_status st;
	int64_t v;

	memset(row, 0, sizeof(*row));
	st = tu__pg_str(p, r, i, 0, row->id, sizeof row->id, "learners.id",
			err);
	if (!st)
		st = tu__pg_str(p, r, i, 1, row->name, sizeof row->name,
				"learners.name", err);
	if (st)
		return st;
	row->created = tu__pg_int(r, i, 2);
	v = tu__pg_int(r, i, 3);
	if (v < 0)
		return tu_err_set(err, TU_ECORRUPT, "postgresql database '%s': "
				  "learner '%s': negative version %lld", p->db,
				  row->id, (long long)v);
	row->version = (uint64_t)v;
	return TU_OK;
}

enum tu_status tu__pg_learner_get(struct tu_store *s, const char *id,
				  struct tu_learner_row *row,
				  struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu_learner_row tmp;
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_text(&a, id);
	st = tu__pg_exec(p, TU__PG_LEARNER_GET, &a, &r, "reading a learner",
			 err);
	if (st)
		return st;
	if (PQntuples(r) == 0)
		st = tu_err_set(err, TU_ENOTFOUND, "no learner '%s'", id);
	else
		st = read_learner(p, r, 0, &tmp, err);
	PQclear(r);
	if (!st)
		*row = tmp;
	return st;
}

enum tu_status tu__pg_learner_each(struct tu_store *s, tu_learner_fn fn,
				   void *ctx, struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu_learner_row row;
	PGresult *r = NULL;
	enum tu_status st = tu__pg_exec(p, TU__PG_LEARNER_EACH, NULL, &r,
					"listing learners", err);

	for (int i = 0; !st && i < PQntuples(r); i++) {
		st = read_learner(p, r, i, &row, err);
		if (!st && fn(&row, ctx) != 0)
			break;
	}
	PQclear(r);
	return st;
}

/* ---- content registry -------------------------------------------------- */

enum tu_status tu__pg_content_put(struct tu_store *s,
				  const struct tu_content_row *row,
				  struct tu_err *err)
{
	struct tu__pg_args a;

	tu__pg_args_init(&a);
	tu__pg_text(&a, row->course);
	tu__pg_text(&a, row->version);
	tu__pg_text(&a, row->hash);
	tu__pg_text(&a, row->path);
	tu__pg_i64(&a, row->loaded);
	return tu__pg_exec(tu__pg_of(s), TU__PG_CONTENT_PUT, &a, NULL,
			   "registering a course", err);
}

static enum tu_status read_content(struct tu__pg *p, PGresult *r,
				   struct tu_content_row *row,
				   struct tu_err *err)
{
	enum tu_status st;

	memset(row, 0, sizeof(*row));
	st = tu__pg_str(p, r, 0, 0, row->course, sizeof row->course,
			"content.course", err);
	if (!st)
		st = tu__pg_str(p, r, 0, 1, row->version, sizeof row->version,
				"content.version", err);
	if (!st)
		st = tu__pg_str(p, r, 0, 2, row->hash, sizeof row->hash,
				"content.hash", err);
	if (!st)
		st = tu__pg_str(p, r, 0, 3, row->path, sizeof row->path,
				"content.path", err);
	row->loaded = tu__pg_int(r, 0, 4);
	return st;
}

enum tu_status tu__pg_content_get(struct tu_store *s, const char *course,
				  struct tu_content_row *row,
				  struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu_content_row tmp;
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_text(&a, course);
	st = tu__pg_exec(p, TU__PG_CONTENT_GET, &a, &r, "reading a course",
			 err);
	if (st)
		return st;
	if (PQntuples(r) == 0)
		st = tu_err_set(err, TU_ENOTFOUND, "no course '%s' in the "
				"content registry", course);
	else
		st = read_content(p, r, &tmp, err);
	PQclear(r);
	if (!st)
		*row = tmp;
	return st;
}

/* ---- settings ---------------------------------------------------------- */

enum tu_status tu__pg_setting_set(struct tu_store *s, const char *key,
				  const char *value, struct tu_err *err)
{
	struct tu__pg_args a;

	tu__pg_args_init(&a);
	tu__pg_text(&a, key);
	tu__pg_text(&a, value);
	return tu__pg_exec(tu__pg_of(s), TU__PG_SETTING_SET, &a, NULL,
			   "writing a setting", err);
}

enum tu_status tu__pg_setting_get(struct tu_store *s, const char *key,
				  char *buf, size_t cap, struct tu_err *err)
{
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;
	size_t n;

	tu__pg_args_init(&a);
	tu__pg_text(&a, key);
	st = tu__pg_exec(tu__pg_of(s), TU__PG_SETTING_GET, &a, &r,
			 "reading a setting", err);
	if (st)
		return st;
	n = PQntuples(r) > 0 ? (size_t)PQgetlength(r, 0, 0) : 0;
	if (PQntuples(r) == 0)
		st = tu_err_set(err, TU_ENOTFOUND, "no setting '%s'", key);
	else if (n >= cap)
		st = tu_err_set(err, TU_ERANGE, "setting '%s': value of %zu "
				"bytes does not fit a buffer of %zu", key, n,
				cap);
	else {
		memcpy(buf, PQgetvalue(r, 0, 0), n);
		buf[n] = '\0';
	}
	PQclear(r);
	return st;
}

/* ---- LLM answer cache -------------------------------------------------- */

enum tu_status tu__pg_llm_cache_put(struct tu_store *s,
				    const struct tu_llm_cache_entry *e,
				    struct tu_err *err)
{
	struct tu__pg_args a;

	tu__pg_args_init(&a);
	tu__pg_text(&a, e->key);
	tu__pg_text(&a, e->model);
	tu__pg_text(&a, e->prompt);
	tu__pg_i64(&a, e->prompt_version);
	tu__pg_bytes(&a, e->content, e->len);
	tu__pg_i64(&a, e->created_at);
	return tu__pg_exec(tu__pg_of(s), TU__PG_LLM_CACHE_PUT, &a, NULL,
			   "caching an LLM answer", err);
}

static enum tu_status copy_content(struct tu__pg *p, PGresult *r,
				   char **content, size_t *len,
				   struct tu_err *err)
{
	size_t n = (size_t)PQgetlength(r, 0, 0);
	char *buf;

	if (n > TU_STORE_LLM_CONTENT_MAX)
		return tu_err_set(err, TU_ECORRUPT, "postgresql database '%s': "
				  "llm_cache: content of %zu bytes is over the "
				  "limit", p->db, n);
	buf = malloc(n + 1);
	if (!buf)
		return tu_err_set(err, TU_ENOMEM, "postgresql: llm_cache: out "
				  "of memory");
	memcpy(buf, PQgetvalue(r, 0, 0), n);
	buf[n] = '\0';
	*content = buf;
	if (len)
		*len = n;
	return TU_OK;
}

enum tu_status tu__pg_llm_cache_get(struct tu_store *s, const char *key,
				    char **content, size_t *len,
				    struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_text(&a, key);
	st = tu__pg_exec(p, TU__PG_LLM_CACHE_GET, &a, &r,
			 "reading the LLM cache", err);
	if (st)
		return st;
	if (PQntuples(r) == 0)
		st = tu_err_set(err, TU_ENOTFOUND, "no cached LLM answer for "
				"key %.12s...", key);
	else
		st = copy_content(p, r, content, len, err);
	PQclear(r);
	return st;
}

/* ---- LLM usage --------------------------------------------------------- */

enum tu_status tu__pg_llm_usage_get(struct tu_store *s, const char *learner,
				    int64_t day, struct tu_store_usage *u,
				    struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;
	int64_t req, tok;

	memset(u, 0, sizeof(*u));
	tu__pg_args_init(&a);
	tu__pg_text(&a, learner);
	tu__pg_i64(&a, day);
	st = tu__pg_exec(p, TU__PG_LLM_USAGE_GET, &a, &r, "reading LLM usage",
			 err);
	if (st || PQntuples(r) == 0) {
		PQclear(r);
		return st;
	}
	req = tu__pg_int(r, 0, 0);
	tok = tu__pg_int(r, 0, 1);
	PQclear(r);
	if (req < 0 || tok < 0)
		return tu_err_set(err, TU_ECORRUPT, "postgresql database '%s': "
				  "llm_usage of '%s': negative count", p->db,
				  learner);
	u->requests = (uint64_t)req;
	u->tokens = (uint64_t)tok;
	return TU_OK;
}

static enum tu_status add_row(struct tu__pg *p, const char *learner,
			      int64_t day, const struct tu_store_usage *add,
			      struct tu_err *err)
{
	struct tu__pg_args a;

	tu__pg_args_init(&a);
	tu__pg_text(&a, learner);
	tu__pg_i64(&a, day);
	tu__pg_i64(&a, (int64_t)add->requests);
	tu__pg_i64(&a, (int64_t)add->tokens);
	return tu__pg_exec(p, TU__PG_LLM_USAGE_ADD, &a, NULL,
			   "counting LLM usage", err);
}

enum tu_status tu__pg_llm_usage_add(struct tu_store *s, const char *learner,
				    int64_t day,
				    const struct tu_store_usage *add,
				    struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	enum tu_status st = tu__pg_begin(p, err);

	if (st)
		return st;
	if (learner)
		st = add_row(p, learner, day, add, err);
	if (!st)
		st = add_row(p, TU_STORE_USAGE_GLOBAL, day, add, err);
	return tu__pg_end(p, st, err);
}
