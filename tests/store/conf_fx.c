/* conf_fx.c - the conformance suite's fixture (conf_fx.h): fresh stores
 * on SQLite or PostgreSQL and raw access to them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf_fx.h"

static int counter;

/* ---- PostgreSQL ---- */

/* base with its database name replaced by db, into out[FX_LOC_MAX]. */
static void with_db(const char *base, const char *db, char *out)
{
	const char *auth = strstr(base, "://");
	const char *path = auth ? strchr(auth + 3, '/') : NULL;
	const char *query = path ? strchr(path, '?') : strchr(base, '?');

	assert_non_null(auth);
	if (!path) {          /* "postgresql://host" or "...host?x=y" */
		size_t n = query ? (size_t)(query - base) : strlen(base);

		snprintf(out, FX_LOC_MAX, "%.*s/%s%s", (int)n, base, db,
			 query ? query : "");
		return;
	}
	snprintf(out, FX_LOC_MAX, "%.*s/%s%s", (int)(path - base), base, db,
		 query ? query : "");
}

static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static PGconn *pg_connect(const char *loc)
{
	PGconn *c = PQconnectdb(loc);

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "conf_fx: cannot connect: %s",
			PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, quiet, NULL);
	return c;
}

static int pg_exec(const char *loc, const char *sql)
{
	PGconn *c = pg_connect(loc);
	PGresult *r;
	int rc = -1;

	if (!c)
		return -1;
	r = PQexec(c, sql);
	if (PQresultStatus(r) == PGRES_COMMAND_OK ||
	    PQresultStatus(r) == PGRES_TUPLES_OK)
		rc = 0;
	else
		fprintf(stderr, "conf_fx: %s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	return rc;
}

static int64_t pg_int(const char *loc, const char *sql)
{
	PGconn *c = pg_connect(loc);
	PGresult *r;
	int64_t v = -1;

	if (!c)
		return -1;
	r = PQexec(c, sql);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 &&
	    !PQgetisnull(r, 0, 0))
		v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	PQfinish(c);
	return v;
}

/* ---- SQLite ---- */

static int sq_exec(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	int rc = sqlite3_open(db, &h);

	if (rc == SQLITE_OK)
		rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_close(h);
	return rc;
}

static int64_t sq_int(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	if (sqlite3_open(db, &h) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

static void rm_dir(const char *dir)
{
	char p[1024];
	struct dirent *d;
	DIR *dh = opendir(dir);

	if (!dh)
		return;
	while ((d = readdir(dh)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, d->d_name);
		unlink(p);
	}
	closedir(dh);
	rmdir(dir);
}

/* ---- the fixture ---- */

void fx_new_location(struct fx *f, char *out)
{
	char sql[128];
	char *db;

	if (!f->pg) {
		snprintf(out, FX_LOC_MAX, "%s/store%d.db", f->dir, counter++);
		return;
	}
	assert_true(f->n_dbs < 4);
	db = f->dbs[f->n_dbs];
	snprintf(db, sizeof f->dbs[0], "tu_conf_%ld_%d", (long)getpid(),
		 counter++);
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", db);
	(void)pg_exec(f->base, sql);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", db);
	assert_int_equal(pg_exec(f->base, sql), 0);
	f->n_dbs++;
	with_db(f->base, db, out);
}

int fx_setup(void **state)
{
	const char *env = getenv("TUTOR_TEST_STORE");
	const char *tmp = getenv("TMPDIR");
	struct tu_err e = TU_ERR_INIT;
	struct fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->pg = env && env[0];
	if (f->pg) {
		snprintf(f->base, sizeof f->base, "%s", env);
	} else {
		snprintf(f->dir, sizeof f->dir, "%s/tu-conf-XXXXXX",
			 tmp && tmp[0] ? tmp : "/tmp");
		if (!mkdtemp(f->dir)) {
			free(f);
			return -1;
		}
	}
	fx_new_location(f, f->loc);
	if (tu_store_open(f->loc, NULL, &f->s, &e) != TU_OK) {
		fprintf(stderr, "fx_setup: %s\n", e.msg);
		return -1;
	}
	*state = f;
	return 0;
}

int fx_teardown(void **state)
{
	struct fx *f = *state;
	char sql[128];

	tu_store_close(f->s);
	for (int i = 0; i < f->n_dbs; i++) {
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s "
			 "WITH (FORCE)", f->dbs[i]);
		(void)pg_exec(f->base, sql);
	}
	if (!f->pg)
		rm_dir(f->dir);
	free(f);
	return 0;
}

void fx_reopen(struct fx *f)
{
	struct tu_err e = TU_ERR_INIT;

	tu_store_close(f->s);
	f->s = NULL;
	assert_int_equal(tu_store_open(f->loc, NULL, &f->s, &e), TU_OK);
}

int fx_raw_exec(const struct fx *f, const char *loc, const char *sql)
{
	return f->pg ? pg_exec(loc, sql) : sq_exec(loc, sql);
}

int64_t fx_raw_int(const struct fx *f, const char *loc, const char *sql)
{
	return f->pg ? pg_int(loc, sql) : sq_int(loc, sql);
}

/* pids killed, as a PostgreSQL array literal "{1,2}" into buf[cap]. */
static int kill_clients(PGconn *c, char *buf, size_t cap)
{
	static const char kill[] = "WITH v AS MATERIALIZED (SELECT pid "
		"FROM pg_stat_activity WHERE datname = current_database() "
		"AND pid <> pg_backend_pid() "
		"AND backend_type = 'client backend') "
		"SELECT pid FROM v WHERE pg_terminate_backend(pid)";
	PGresult *r = PQexec(c, kill);
	size_t used = 0;
	int n = PQresultStatus(r) == PGRES_TUPLES_OK ? PQntuples(r) : -1;

	if (n < 0)
		fprintf(stderr, "conf_fx: %s", PQerrorMessage(c));

	used += (size_t)snprintf(buf, cap, "{");
	for (int i = 0; i < n && used < cap; i++)
		used += (size_t)snprintf(buf + used, cap - used, "%s%s",
					 i ? "," : "", PQgetvalue(r, i, 0));
	if (used < cap)
		snprintf(buf + used, cap - used, "}");
	PQclear(r);
	return n;
}

static int64_t still_there(PGconn *c, const char *pids)
{
	const char *v[1] = { pids };
	PGresult *r = PQexecParams(c, "SELECT count(*) FROM pg_stat_activity "
				   "WHERE pid = ANY($1::int[])", 1, NULL, v,
				   NULL, NULL, 0);
	int64_t n = -1;

	if (PQresultStatus(r) == PGRES_TUPLES_OK)
		n = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return n;
}

void fx_kill_others(const struct fx *f)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	PGconn *c = pg_connect(f->loc);
	char pids[512];
	int64_t left = -1;

	assert_non_null(c);
	assert_true(kill_clients(c, pids, sizeof pids) >= 1);
	for (int i = 0; i < 500; i++) {
		left = still_there(c, pids);
		if (left == 0)
			break;
		nanosleep(&ts, NULL);
	}
	PQfinish(c);
	assert_int_equal(left, 0);
}
