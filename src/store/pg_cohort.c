/*
 * pg_cohort.c - the PostgreSQL backend's cohorts and their members
 * (tables cohorts and cohort_members of migration 3; contracts in
 * tutor/store.h).
 *
 * Arguments arrive validated by store_auth.c.  A cohort is inserted only
 * for an account whose role is instructor (the INSERT selects from
 * accounts), a member only for an existing cohort and learner (foreign
 * keys, SQLSTATE 23503 -> TU_ENOTFOUND); joining twice keeps the first
 * row (ON CONFLICT DO NOTHING).
 *
 * What it is not: no join-code generation and no access policy.
 */
#include <string.h>

#include "pg_internal.h"

/* Why a cohort INSERT added nothing: no such account, or not an
 * instructor. */
static enum tu_status why_not_added(struct tu_store *s, int64_t instructor,
				    struct tu_err *err)
{
	struct tu_account_row a;
	enum tu_status st = tu__pg_account_get(s, NULL, instructor, &a, err);

	if (st)
		return st;
	return tu_err_set(err, TU_EINVAL, "account '%s' is not an instructor",
			  a.username);
}

enum tu_status tu__pg_cohort_add(struct tu_store *s,
				 const struct tu_cohort_row *c, int64_t *id,
				 struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;
	bool none;

	tu__pg_args_init(&a);
	tu__pg_i64(&a, c->instructor);
	tu__pg_text(&a, c->name);
	tu__pg_text(&a, c->join_code);
	tu__pg_i64(&a, c->created_at);
	st = tu__pg_exec(p, TU__PG_COHORT_ADD, &a, &r, "adding a cohort", err);
	if (st && tu__pg_state_is(p, "23505"))
		return tu_err_set(err, TU_ECONFLICT, "join code '%s' is taken",
				  c->join_code);
	if (st)
		return st;
	none = PQntuples(r) == 0;
	if (!none && id)
		*id = tu__pg_int(r, 0, 0);
	PQclear(r);
	return none ? why_not_added(s, c->instructor, err) : TU_OK;
}

static enum tu_status read_cohort(struct tu__pg *p, const PGresult *r, int i,
				  struct tu_cohort_row *row,
				  struct tu_err *err)
{
	enum tu_status st;
	int64_t n;

	memset(row, 0, sizeof(*row));
	row->id = tu__pg_int(r, i, 0);
	row->instructor = tu__pg_int(r, i, 1);
	row->created_at = tu__pg_int(r, i, 4);
	n = tu__pg_int(r, i, 5);
	row->members = n < 0 ? 0 : (uint64_t)n;
	st = tu__pg_str(p, r, i, 2, row->name, sizeof row->name,
			"cohorts.name", err);
	if (!st)
		st = tu__pg_str(p, r, i, 3, row->join_code,
				sizeof row->join_code, "cohorts.join_code",
				err);
	return st;
}

enum tu_status tu__pg_cohort_get(struct tu_store *s, int64_t id,
				 const char *code, struct tu_cohort_row *row,
				 struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu_cohort_row tmp;
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;

	tu__pg_args_init(&a);
	if (code)
		tu__pg_text(&a, code);
	else
		tu__pg_i64(&a, id);
	st = tu__pg_exec(p, code ? TU__PG_COHORT_BY_CODE : TU__PG_COHORT_GET,
			 &a, &r, "reading a cohort", err);
	if (st)
		return st;
	if (PQntuples(r) > 0)
		st = read_cohort(p, r, 0, &tmp, err);
	else if (code)
		st = tu_err_set(err, TU_ENOTFOUND, "no cohort with join code "
				"'%s'", code);
	else
		st = tu_err_set(err, TU_ENOTFOUND, "no cohort %lld",
				(long long)id);
	PQclear(r);
	if (!st)
		*row = tmp;
	return st;
}

enum tu_status tu__pg_cohort_each(struct tu_store *s, int64_t instructor,
				  const char *learner, tu_cohort_fn fn,
				  void *ctx, struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	enum tu__pg_id id = learner ? TU__PG_COHORT_EACH_JOINED :
		instructor ? TU__PG_COHORT_EACH_OF : TU__PG_COHORT_EACH_ALL;
	struct tu_cohort_row row;
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;

	tu__pg_args_init(&a);
	if (learner)
		tu__pg_text(&a, learner);
	else if (instructor)
		tu__pg_i64(&a, instructor);
	st = tu__pg_exec(p, id, &a, &r, "listing cohorts", err);
	for (int i = 0; !st && i < PQntuples(r); i++) {
		st = read_cohort(p, r, i, &row, err);
		if (!st && fn(&row, ctx) != 0)
			break;
	}
	PQclear(r);
	return st;
}

enum tu_status tu__pg_cohort_join(struct tu_store *s, int64_t cohort,
				  const char *learner, int64_t now,
				  struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu__pg_args a;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_i64(&a, cohort);
	tu__pg_text(&a, learner);
	tu__pg_i64(&a, now);
	st = tu__pg_exec(p, TU__PG_COHORT_JOIN, &a, NULL, "joining a cohort",
			 err);
	if (st && tu__pg_state_is(p, "23503"))
		st = tu_err_set(err, TU_ENOTFOUND, "no cohort %lld or no "
				"learner '%s'", (long long)cohort, learner);
	return st;
}

enum tu_status tu__pg_cohort_member_each(struct tu_store *s, int64_t cohort,
					 tu_member_fn fn, void *ctx,
					 struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu_cohort_member m;
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_i64(&a, cohort);
	st = tu__pg_exec(p, TU__PG_MEMBER_EACH, &a, &r,
			 "listing cohort members", err);
	for (int i = 0; !st && i < PQntuples(r); i++) {
		memset(&m, 0, sizeof m);
		m.cohort = tu__pg_int(r, i, 0);
		m.joined_at = tu__pg_int(r, i, 2);
		st = tu__pg_str(p, r, i, 1, m.learner, sizeof m.learner,
				"cohort_members.learner_id", err);
		if (!st && fn(&m, ctx) != 0)
			break;
	}
	PQclear(r);
	return st;
}

enum tu_status tu__pg_cohort_teaches(struct tu_store *s, int64_t instructor,
				     const char *learner, bool *yes,
				     struct tu_err *err)
{
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_i64(&a, instructor);
	tu__pg_text(&a, learner);
	st = tu__pg_exec(tu__pg_of(s), TU__PG_TEACHES, &a, &r,
			 "checking cohort membership", err);
	if (!st)
		*yes = tu__pg_int(r, 0, 0) != 0;
	PQclear(r);
	return st;
}
