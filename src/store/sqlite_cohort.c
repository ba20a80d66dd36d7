/*
 * sqlite_cohort.c - the SQLite backend's cohorts and their members
 * (tables cohorts and cohort_members of migration 3; contracts in
 * tutor/store.h).
 *
 * Arguments arrive validated by store_auth.c.  A cohort is inserted only
 * for an account whose role is instructor (the INSERT selects from
 * accounts), a member only for an existing cohort and learner (foreign
 * keys); joining twice keeps the first row.
 *
 * What it is not: no join-code generation and no access policy (who may
 * see a cohort is decided in src/server/).
 */
#include <string.h>

#include "sqlite_internal.h"

/* Why a cohort INSERT changed nothing: no such account, or not an
 * instructor. */
static enum tu_status why_not_added(struct tu_store *s, int64_t instructor,
				    struct tu_err *err)
{
	struct tu_account_row a;
	enum tu_status status = tu__sq_account_get(s, NULL, instructor, &a,
						   err);

	if (status)
		return status;
	return tu_err_set(err, TU_EINVAL, "account '%s' is not an "
			  "instructor", a.username);
}

static int bind_cohort(sqlite3_stmt *st, const struct tu_cohort_row *c)
{
	int rc = sqlite3_bind_int64(st, 1, c->instructor);

	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 2, c->name);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 3, c->join_code);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 4, c->created_at);
	return rc;
}

enum tu_status tu__sq_cohort_add(struct tu_store *s,
				 const struct tu_cohort_row *c, int64_t *id,
				 struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_COHORT_ADD, &st, err);
	bool none = false;
	int rc;

	if (status)
		return status;
	rc = bind_cohort(st, c);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		status = tu_err_set(err, TU_ECONFLICT, "join code '%s' is "
				    "taken", c->join_code);
	else if (rc != SQLITE_DONE)
		status = tu__sq_fail(q, rc, "adding a cohort", err);
	else if (sqlite3_changes64(q->db) == 0)
		none = true;
	else if (id)
		*id = sqlite3_last_insert_rowid(q->db);
	tu__sq_done(q, st);
	return none ? why_not_added(s, c->instructor, err) : status;
}

/* Fills row from the current row of a COHORT_SELECT statement. */
static enum tu_status read_cohort(struct tu__sq *q, sqlite3_stmt *st,
				  struct tu_cohort_row *row,
				  struct tu_err *err)
{
	enum tu_status status;
	sqlite3_int64 n;

	memset(row, 0, sizeof(*row));
	row->id = sqlite3_column_int64(st, 0);
	row->instructor = sqlite3_column_int64(st, 1);
	status = tu__sq_text(q, st, 2, row->name, sizeof row->name,
			     "cohorts.name", err);
	if (!status)
		status = tu__sq_text(q, st, 3, row->join_code,
				     sizeof row->join_code,
				     "cohorts.join_code", err);
	row->created_at = sqlite3_column_int64(st, 4);
	n = sqlite3_column_int64(st, 5);
	row->members = n < 0 ? 0 : (uint64_t)n;
	return status;
}

enum tu_status tu__sq_cohort_get(struct tu_store *s, int64_t id,
				 const char *code, struct tu_cohort_row *row,
				 struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	struct tu_cohort_row tmp;
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, code ? TU__SQ_COHORT_BY_CODE :
					    TU__SQ_COHORT_GET, &st, err);
	int rc;

	if (status)
		return status;
	rc = code ? tu__sq_bind_text(st, 1, code) :
		sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		status = read_cohort(q, st, &tmp, err);
	else if (rc == SQLITE_DONE && code)
		status = tu_err_set(err, TU_ENOTFOUND, "no cohort with join "
				    "code '%s'", code);
	else if (rc == SQLITE_DONE)
		status = tu_err_set(err, TU_ENOTFOUND, "no cohort %lld",
				    (long long)id);
	else
		status = tu__sq_fail(q, rc, "reading a cohort", err);
	tu__sq_done(q, st);
	if (!status)
		*row = tmp;
	return status;
}

/* Takes and binds the walk statement for cohort_each. */
static enum tu_status each_stmt(struct tu__sq *q, int64_t instructor,
				const char *learner, sqlite3_stmt **st,
				struct tu_err *err)
{
	enum tu__sq_id id = learner ? TU__SQ_COHORT_EACH_JOINED :
		instructor ? TU__SQ_COHORT_EACH_OF : TU__SQ_COHORT_EACH_ALL;
	enum tu_status status = tu__sq_stmt(q, id, st, err);
	int rc = SQLITE_OK;

	if (status)
		return status;
	if (learner)
		rc = tu__sq_bind_text(*st, 1, learner);
	else if (instructor)
		rc = sqlite3_bind_int64(*st, 1, instructor);
	if (rc != SQLITE_OK) {
		tu__sq_done(q, *st);
		return tu__sq_fail(q, rc, "listing cohorts", err);
	}
	return TU_OK;
}

enum tu_status tu__sq_cohort_each(struct tu_store *s, int64_t instructor,
				  const char *learner, tu_cohort_fn fn,
				  void *ctx, struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	struct tu_cohort_row row;
	sqlite3_stmt *st;
	enum tu_status status = each_stmt(q, instructor, learner, &st, err);
	int rc;

	if (status)
		return status;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		status = read_cohort(q, st, &row, err);
		if (status || fn(&row, ctx) != 0)
			break;
	}
	if (!status && rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = tu__sq_fail(q, rc, "listing cohorts", err);
	tu__sq_done(q, st);
	return status;
}

enum tu_status tu__sq_cohort_join(struct tu_store *s, int64_t cohort,
				  const char *learner, int64_t now,
				  struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_COHORT_JOIN, &st, err);
	int rc;

	if (status)
		return status;
	rc = sqlite3_bind_int64(st, 1, cohort);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 2, learner);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, now);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
		status = tu_err_set(err, TU_ENOTFOUND, "no cohort %lld or no "
				    "learner '%s'", (long long)cohort, learner);
	else if (rc != SQLITE_DONE)
		status = tu__sq_fail(q, rc, "joining a cohort", err);
	tu__sq_done(q, st);
	return status;
}

static enum tu_status read_member(struct tu__sq *q, sqlite3_stmt *st,
				  struct tu_cohort_member *m,
				  struct tu_err *err)
{
	memset(m, 0, sizeof(*m));
	m->cohort = sqlite3_column_int64(st, 0);
	m->joined_at = sqlite3_column_int64(st, 2);
	return tu__sq_text(q, st, 1, m->learner, sizeof m->learner,
			   "cohort_members.learner_id", err);
}

enum tu_status tu__sq_cohort_member_each(struct tu_store *s, int64_t cohort,
					 tu_member_fn fn, void *ctx,
					 struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	struct tu_cohort_member m;
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_MEMBER_EACH, &st, err);
	int rc;

	if (status)
		return status;
	rc = sqlite3_bind_int64(st, 1, cohort);
	if (rc != SQLITE_OK) {
		tu__sq_done(q, st);
		return tu__sq_fail(q, rc, "listing cohort members", err);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		status = read_member(q, st, &m, err);
		if (status || fn(&m, ctx) != 0)
			break;
	}
	if (!status && rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = tu__sq_fail(q, rc, "listing cohort members", err);
	tu__sq_done(q, st);
	return status;
}

enum tu_status tu__sq_cohort_teaches(struct tu_store *s, int64_t instructor,
				     const char *learner, bool *yes,
				     struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_TEACHES, &st, err);
	int rc;

	if (status)
		return status;
	rc = sqlite3_bind_int64(st, 1, instructor);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 2, learner);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*yes = sqlite3_column_int64(st, 0) != 0;
	else
		status = tu__sq_fail(q, rc, "checking cohort membership", err);
	tu__sq_done(q, st);
	return status;
}
