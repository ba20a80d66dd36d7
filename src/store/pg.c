/*
 * pg.c - the PostgreSQL backend's handle: open (connect, session
 * settings, inspection, migrations), close, running prepared statements,
 * reconnecting after a lost connection, transactions and the mapping of
 * PostgreSQL errors to statuses (pg_internal.h).
 *
 * The location is handed to libpq unchanged ("postgresql://user@host:port
 * /db?sslmode=..." or "postgres://..."; every libpq URI parameter works,
 * and the PG* environment variables fill what it leaves out).  Each
 * connection runs with client_encoding UTF8 and lock_timeout set from
 * busy_timeout_ms; durability is the server's synchronous_commit.
 * Messages name the database, never the location (it may hold a
 * password).
 *
 * What it is not: the operations live in pg_rows.c, pg_log.c,
 * pg_auth.c and pg_cohort.c, the schema in pg_migrate.c, the SQL text in
 * pg_sql.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

/* The first line of PostgreSQL's message for res (or the connection's)
 * into buf[cap]. */
static const char *pg_message(const struct tu__pg *p, const PGresult *res,
			      char *buf, size_t cap)
{
	static const char *const prefixes[] = { "FATAL:  ", "ERROR:  " };
	const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
			    : NULL;
	size_t n;

	if (!m || !m[0])
		m = p->conn ? PQerrorMessage(p->conn) : "";
	if (!m || !m[0])
		m = "unknown error";
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (strncmp(m, prefixes[i], strlen(prefixes[i])) == 0)
			m += strlen(prefixes[i]);
	n = strcspn(m, "\n");
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, m, n);
	buf[n] = '\0';
	return buf;
}

static void keep_state(struct tu__pg *p, const PGresult *res)
{
	const char *s = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	snprintf(p->sqlstate, sizeof p->sqlstate, "%s", s ? s : "");
}

enum tu_status tu__pg_fail(struct tu__pg *p, const PGresult *res,
			   const char *what, struct tu_err *err)
{
	char m[400];

	keep_state(p, res);
	pg_message(p, res, m, sizeof m);
	if (!p->conn || PQstatus(p->conn) != CONNECTION_OK)
		return tu_err_set(err, TU_EIO, "postgresql: %s: connection "
				  "lost: %s", what, m);
	if (tu__pg_state_is(p, "40001") || tu__pg_state_is(p, "40P01"))
		return tu_err_set(err, TU_ECONFLICT, "postgresql: %s: %s "
				  "(a concurrent writer; retry)", what, m);
	if (tu__pg_state_is(p, "55P03"))
		return tu_err_set(err, TU_EIO, "postgresql: %s: database is "
				  "busy (waited %d ms; retry later): %s", what,
				  p->busy_ms, m);
	if (tu__pg_state_is(p, "53200"))
		return tu_err_set(err, TU_ENOMEM, "postgresql: %s: out of "
				  "memory: %s", what, m);
	if (strncmp(p->sqlstate, "XX00", 4) == 0 &&
	    (p->sqlstate[4] == '1' || p->sqlstate[4] == '2'))
		return tu_err_set(err, TU_ECORRUPT, "postgresql: %s: %s", what,
				  m);
	return tu_err_set(err, TU_EIO, "postgresql: %s: %s", what, m);
}

/* ---- connection and statements ----------------------------------------- */

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Per-connection settings, after connecting and after every reset. */
static enum tu_status session_setup(struct tu__pg *p, struct tu_err *err)
{
	struct tu__pg_args a;
	char ms[32];

	if (PQsetClientEncoding(p->conn, "UTF8") != 0)
		return tu__pg_fail(p, NULL, "setting client_encoding", err);
	snprintf(ms, sizeof ms, "%dms", p->busy_ms > 0 ? p->busy_ms : 1);
	tu__pg_args_init(&a);
	tu__pg_text(&a, "lock_timeout");
	tu__pg_text(&a, ms);
	return tu__pg_exec(p, TU__PG_SET_CONFIG, &a, NULL,
			   "setting lock_timeout", err);
}

/* A broken connection outside a transaction gets one PQreset. */
static enum tu_status ensure_conn(struct tu__pg *p, struct tu_err *err)
{
	char m[400];

	p->sqlstate[0] = '\0';
	if (PQstatus(p->conn) == CONNECTION_OK)
		return TU_OK;
	if (p->in_tx)
		return tu_err_set(err, TU_EIO, "postgresql: connection lost "
				  "inside a transaction: %s",
				  pg_message(p, NULL, m, sizeof m));
	PQreset(p->conn);
	memset(p->prepared, 0, sizeof p->prepared);
	if (PQstatus(p->conn) != CONNECTION_OK)
		return tu_err_set(err, TU_EIO, "postgresql: connection lost: "
				  "%s", pg_message(p, NULL, m, sizeof m));
	return session_setup(p, err);
}

static void stmt_name(enum tu__pg_id id, char *buf, size_t cap)
{
	snprintf(buf, cap, "tu_%d", (int)id);
}

static enum tu_status prepare(struct tu__pg *p, enum tu__pg_id id,
			      const char *what, struct tu_err *err)
{
	const struct tu__pg_sql *q = &tu__pg_sql[id];
	enum tu_status st = TU_OK;
	PGresult *r;
	char name[16];

	if (p->prepared[id])
		return TU_OK;
	stmt_name(id, name, sizeof name);
	r = PQprepare(p->conn, name, q->text, q->n, q->types);
	if (!r || PQresultStatus(r) != PGRES_COMMAND_OK)
		st = tu__pg_fail(p, r, what, err);
	else
		p->prepared[id] = true;
	PQclear(r);
	return st;
}

enum tu_status tu__pg_exec(struct tu__pg *p, enum tu__pg_id id,
			   const struct tu__pg_args *a, PGresult **res,
			   const char *what, struct tu_err *err)
{
	enum tu_status st = ensure_conn(p, err);
	ExecStatusType es;
	PGresult *r;
	char name[16];

	if (!st)
		st = prepare(p, id, what, err);
	if (st)
		return st;
	stmt_name(id, name, sizeof name);
	r = PQexecPrepared(p->conn, name, tu__pg_sql[id].n,
			   a ? a->val : NULL, a ? a->len : NULL,
			   a ? a->fmt : NULL, 1);
	es = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK)
		st = tu__pg_fail(p, r, what, err);
	if (st || !res)
		PQclear(r);
	else
		*res = r;
	return st;
}

/* ---- transactions ------------------------------------------------------ */

enum tu_status tu__pg_begin(struct tu__pg *p, struct tu_err *err)
{
	enum tu_status st = tu__pg_exec(p, TU__PG_BEGIN, NULL, NULL,
					"starting a transaction", err);

	if (!st)
		p->in_tx = true;
	return st;
}

enum tu_status tu__pg_commit_tx(struct tu__pg *p, struct tu_err *err)
{
	enum tu_status st = tu__pg_exec(p, TU__PG_COMMIT, NULL, NULL,
					"committing", err);

	p->in_tx = false;
	return st;
}

void tu__pg_rollback(struct tu__pg *p)
{
	char state[sizeof p->sqlstate];

	if (!p->in_tx)
		return;
	memcpy(state, p->sqlstate, sizeof state);   /* keep the cause */
	if (PQstatus(p->conn) == CONNECTION_OK)
		(void)tu__pg_exec(p, TU__PG_ROLLBACK, NULL, NULL,
				  "rolling back", NULL);
	p->in_tx = false;
	memcpy(p->sqlstate, state, sizeof state);
}

enum tu_status tu__pg_end(struct tu__pg *p, enum tu_status st,
			  struct tu_err *err)
{
	if (!st)
		st = tu__pg_commit_tx(p, err);
	if (st)
		tu__pg_rollback(p);
	return st;
}

/* ---- open and close ---------------------------------------------------- */

static void pg_close(struct tu_store *s)
{
	struct tu__pg *p = tu__pg_of(s);

	PQfinish(p->conn);
	free(p);
}

static const struct tu_store_ops pg_ops = {
	.name = "postgresql",
	.close = pg_close,
	.learner_add = tu__pg_learner_add,
	.learner_get = tu__pg_learner_get,
	.learner_each = tu__pg_learner_each,
	.snapshot_get = tu__pg_snapshot_get,
	.commit = tu__pg_commit,
	.event_each = tu__pg_event_each,
	.event_count = tu__pg_event_count,
	.audit_each = tu__pg_audit_each,
	.content_put = tu__pg_content_put,
	.content_get = tu__pg_content_get,
	.setting_set = tu__pg_setting_set,
	.setting_get = tu__pg_setting_get,
	.llm_cache_put = tu__pg_llm_cache_put,
	.llm_cache_get = tu__pg_llm_cache_get,
	.llm_usage_get = tu__pg_llm_usage_get,
	.llm_usage_add = tu__pg_llm_usage_add,
	.account_add = tu__pg_account_add,
	.account_get = tu__pg_account_get,
	.account_set_pwhash = tu__pg_account_set_pwhash,
	.account_each = tu__pg_account_each,
	.account_count = tu__pg_account_count,
	.session_add = tu__pg_session_add,
	.session_get = tu__pg_session_get,
	.session_delete = tu__pg_session_delete,
	.session_purge = tu__pg_session_purge,
	.session_count = tu__pg_session_count,
	.cohort_add = tu__pg_cohort_add,
	.cohort_get = tu__pg_cohort_get,
	.cohort_each = tu__pg_cohort_each,
	.cohort_join = tu__pg_cohort_join,
	.cohort_member_each = tu__pg_cohort_member_each,
	.cohort_teaches = tu__pg_cohort_teaches,
	.request_get = tu__pg_request_get,
	.job_add = tu__pg_job_add,
	.job_claim = tu__pg_job_claim,
	.job_renew = tu__pg_job_renew,
	.job_finish = tu__pg_job_finish,
	.job_get = tu__pg_job_get,
	.job_counts = tu__pg_job_counts,
	.job_purge = tu__pg_job_purge,
};

/* TU_EINVAL when libpq cannot parse the location at all. */
static enum tu_status check_location(const char *location,
				     struct tu_err *err)
{
	char *why = NULL;
	PQconninfoOption *o = PQconninfoParse(location, &why);
	enum tu_status st = TU_OK;

	if (!o)
		st = tu_err_set(err, TU_EINVAL, "store: bad PostgreSQL "
				"location: %.*s", why ? (int)strcspn(why, "\n")
				: 13, why ? why : "out of memory");
	PQconninfoFree(o);
	PQfreemem(why);
	return st;
}

static enum tu_status connect_db(struct tu__pg *p, const char *location,
				 struct tu_err *err)
{
	char m[400];

	p->conn = PQconnectdb(location);
	if (!p->conn)
		return tu_err_set(err, TU_ENOMEM, "postgresql: out of memory");
	if (PQstatus(p->conn) != CONNECTION_OK)
		return tu_err_set(err, TU_EIO, "postgresql: cannot connect: "
				  "%s", pg_message(p, NULL, m, sizeof m));
	PQsetNoticeProcessor(p->conn, quiet, NULL);
	snprintf(p->db, sizeof p->db, "%s", PQdb(p->conn));
	return session_setup(p, err);
}

enum tu_status tu__pg_open(const char *location,
			   const struct tu_store_options *opts,
			   struct tu_store **out, struct tu_err *err)
{
	enum tu_status st = check_location(location, err);
	struct tu__pg *p;

	if (st)
		return st;
	p = calloc(1, sizeof(*p));
	if (!p)
		return tu_err_set(err, TU_ENOMEM, "postgresql: out of memory");
	p->base.ops = &pg_ops;
	p->busy_ms = opts->busy_timeout_ms;
	st = connect_db(p, location, err);
	if (!st)
		st = tu__pg_inspect(p, err);
	if (!st)
		st = tu__pg_migrate(p, err);
	if (st) {
		pg_close(&p->base);
		return st;
	}
	*out = &p->base;
	return TU_OK;
}
