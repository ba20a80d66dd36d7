/*
 * sqlite_rows.c - the SQLite backend's plain tables: learners, the
 * content registry and settings (contracts in tutor/store.h).
 *
 * Arguments arrive validated by store.c.  Every text read back is copied
 * with a size check (a row too long for its field is TU_ECORRUPT, never
 * truncated), and every statement is reset before returning.
 *
 * What it is not: snapshots, events and audit records are in
 * sqlite_log.c.
 */
#include <inttypes.h>
#include <string.h>

#include "sqlite_internal.h"

/* ---- learners ---------------------------------------------------------- */

enum tu_status tu__sq_learner_add(struct tu_store *s, const char *id,
				  const char *name, int64_t now,
				  struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_LEARNER_ADD, &st, err);
	int rc;

	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, id);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 2, name);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, now);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		status = tu_err_set(err, TU_EINVAL, "learner '%s' already "
				    "exists", id);
	else if (rc != SQLITE_DONE)
		status = tu__sq_fail(q, rc, "adding a learner", err);
	tu__sq_done(q, st);
	return status;
}

/* Fills row from the current row of a LEARNER_GET/EACH statement. */
static enum tu_status read_learner(struct tu__sq *q, sqlite3_stmt *st,
				   struct tu_learner_row *row,
				   struct tu_err *err)
{
	enum tu_status status;
	sqlite3_int64 v;

	memset(row, 0, sizeof(*row));
	status = tu__sq_text(q, st, 0, row->id, sizeof row->id,
			     "learners.id", err);
	if (!status)
		status = tu__sq_text(q, st, 1, row->name, sizeof row->name,
				     "learners.name", err);
	if (status)
		return status;
	row->created = sqlite3_column_int64(st, 2);
	v = sqlite3_column_int64(st, 3);
	if (v < 0)
		return tu_err_set(err, TU_ECORRUPT, "store %s: learner '%s': "
				  "negative version %lld", q->path, row->id,
				  (long long)v);
	row->version = (uint64_t)v;
	return TU_OK;
}

enum tu_status tu__sq_learner_get(struct tu_store *s, const char *id,
				  struct tu_learner_row *row,
				  struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	struct tu_learner_row tmp;
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_LEARNER_GET, &st, err);
	int rc;

	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		status = read_learner(q, st, &tmp, err);
	else if (rc == SQLITE_DONE)
		status = tu_err_set(err, TU_ENOTFOUND, "no learner '%s'", id);
	else
		status = tu__sq_fail(q, rc, "reading a learner", err);
	tu__sq_done(q, st);
	if (!status)
		*row = tmp;
	return status;
}

enum tu_status tu__sq_learner_each(struct tu_store *s, tu_learner_fn fn,
				   void *ctx, struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	struct tu_learner_row row;
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_LEARNER_EACH, &st, err);
	int rc;

	if (status)
		return status;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		status = read_learner(q, st, &row, err);
		if (status || fn(&row, ctx) != 0)
			break;
	}
	if (!status && rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = tu__sq_fail(q, rc, "listing learners", err);
	tu__sq_done(q, st);
	return status;
}

/* ---- content registry -------------------------------------------------- */

enum tu_status tu__sq_content_put(struct tu_store *s,
				  const struct tu_content_row *row,
				  struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_CONTENT_PUT, &st, err);
	int rc;

	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, row->course);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 2, row->version);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 3, row->hash);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 4, row->path);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 5, row->loaded);
	if (rc != SQLITE_OK) {
		tu__sq_done(q, st);
		return tu__sq_fail(q, rc, "registering a course", err);
	}
	return tu__sq_run(q, st, "registering a course", err);
}

static enum tu_status read_content(struct tu__sq *q, sqlite3_stmt *st,
				   struct tu_content_row *row,
				   struct tu_err *err)
{
	enum tu_status status;

	memset(row, 0, sizeof(*row));
	status = tu__sq_text(q, st, 0, row->course, sizeof row->course,
			     "content.course", err);
	if (!status)
		status = tu__sq_text(q, st, 1, row->version,
				     sizeof row->version, "content.version",
				     err);
	if (!status)
		status = tu__sq_text(q, st, 2, row->hash, sizeof row->hash,
				     "content.hash", err);
	if (!status)
		status = tu__sq_text(q, st, 3, row->path, sizeof row->path,
				     "content.path", err);
	row->loaded = sqlite3_column_int64(st, 4);
	return status;
}

enum tu_status tu__sq_content_get(struct tu_store *s, const char *course,
				  struct tu_content_row *row,
				  struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	struct tu_content_row tmp;
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_CONTENT_GET, &st, err);
	int rc;

	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, course);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		status = read_content(q, st, &tmp, err);
	else if (rc == SQLITE_DONE)
		status = tu_err_set(err, TU_ENOTFOUND, "no course '%s' in the "
				    "content registry", course);
	else
		status = tu__sq_fail(q, rc, "reading a course", err);
	tu__sq_done(q, st);
	if (!status)
		*row = tmp;
	return status;
}

/* ---- settings ---------------------------------------------------------- */

enum tu_status tu__sq_setting_set(struct tu_store *s, const char *key,
				  const char *value, struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_SETTING_SET, &st, err);
	int rc;

	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, key);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 2, value);
	if (rc != SQLITE_OK) {
		tu__sq_done(q, st);
		return tu__sq_fail(q, rc, "writing a setting", err);
	}
	return tu__sq_run(q, st, "writing a setting", err);
}

/* Copies the value column into buf[cap] or reports how much it needs. */
static enum tu_status copy_value(sqlite3_stmt *st, const char *key,
				 char *buf, size_t cap, struct tu_err *err)
{
	const unsigned char *t = sqlite3_column_text(st, 0);
	size_t n = (size_t)sqlite3_column_bytes(st, 0);

	if (!t && n > 0)
		return tu_err_set(err, TU_ENOMEM, "setting '%s': out of "
				  "memory", key);
	if (n >= cap)
		return tu_err_set(err, TU_ERANGE, "setting '%s': value of %zu "
				  "bytes does not fit a buffer of %zu", key, n,
				  cap);
	if (n > 0)
		memcpy(buf, t, n);
	buf[n] = '\0';
	return TU_OK;
}

enum tu_status tu__sq_setting_get(struct tu_store *s, const char *key,
				  char *buf, size_t cap, struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_SETTING_GET, &st, err);
	int rc;

	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, key);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		status = copy_value(st, key, buf, cap, err);
	else if (rc == SQLITE_DONE)
		status = tu_err_set(err, TU_ENOTFOUND, "no setting '%s'", key);
	else
		status = tu__sq_fail(q, rc, "reading a setting", err);
	tu__sq_done(q, st);
	return status;
}
