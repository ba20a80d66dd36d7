/*
 * cmd_backup.c - `tutor backup`: a consistent copy of a SQLite store
 * while servers keep writing, and its restore (docs/operations.md).
 *
 * Backup uses SQLite's online backup API (sqlite3_backup_*) in one step:
 * the copy is one read transaction on the source, so it is a snapshot of
 * one moment, and in WAL mode that read never blocks the writers.  The
 * copy goes to a temporary file next to --out, is switched to rollback
 * journal mode (one self-contained file), checked (PRAGMA
 * integrity_check, a tutor schema_version table), synced, then renamed
 * onto --out: a crash leaves either no backup or a whole one.
 *
 * Restore copies a backup into the store the same way (through SQLite's
 * pager, so a store in WAL mode stays coherent) after checking the
 * backup; an existing store is replaced only with --force.  Stop the
 * servers first: they cache learner states.
 *
 * What it is not: PostgreSQL stores are backed up with pg_dump and
 * pg_restore (the command says so and exits 1); this command does not
 * verify learner states (`tutor state replay` does, per learner).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "platform.h"

#define BACKUP_BUSY_MS 10000   /* how long to wait for a busy source */
#define BACKUP_PATH_MAX 4096

static void backup_usage(FILE *out)
{
	fputs("usage: tutor backup [--db PATH] --out FILE [--force]\n"
	      "       tutor backup [--db PATH] --restore FILE [--force]\n\n"
	      "--out copies the SQLite store to FILE with SQLite's online "
	      "backup API: a\nconsistent snapshot, taken while servers keep "
	      "writing (they are not\nblocked).  The copy is checked "
	      "(integrity_check) and written whole or not\nat all.  --restore "
	      "copies a backup into the store (stop the servers first);\nan "
	      "existing store or FILE is replaced only with --force.  "
	      "PostgreSQL stores:\nuse pg_dump / pg_restore "
	      "(docs/operations.md).\n\n"
	      "  --out FILE         write a backup of the store to FILE\n"
	      "  --restore FILE     replace the store by the backup FILE\n"
	      "  --force            overwrite an existing FILE (--out) or "
	      "store (--restore)\n"
	      "  --db PATH          the store (default $TUTOR_DB, else\n"
	      "                     $XDG_DATA_HOME/tutor/tutor.db or\n"
	      "                     ~/.local/share/tutor/tutor.db)\n"
	      "  -h, --help         show this help\n", out);
}

enum { OPT_OUT = 2001, OPT_RESTORE, OPT_FORCE };

struct backup_opts {
	struct cli_common common;
	const char *out;
	const char *restore;
	bool force;
};

/* Handles one option code of this command; false when c is not one. */
static bool own_opt(struct backup_opts *o, int c, const char *arg)
{
	if (c == OPT_OUT)
		o->out = arg;
	else if (c == OPT_RESTORE)
		o->restore = arg;
	else if (c == OPT_FORCE)
		o->force = true;
	else
		return false;
	return true;
}

/* Parses options; -1 to go on, else the exit status. */
static int parse(int argc, char **argv, struct backup_opts *o)
{
	static const struct option longs[] = {
		{ "out", required_argument, NULL, OPT_OUT },
		{ "restore", required_argument, NULL, OPT_RESTORE },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "help", no_argument, NULL, 'h' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		if (c == 'h') {
			backup_usage(stdout);
			return 0;
		}
		if (own_opt(o, c, optarg) || cli_common_opt(&o->common, c,
							    optarg))
			continue;
		cli_error("backup: unknown or incomplete option '%s'; see "
			  "'tutor backup --help'", argv[optind - 1]);
		return EXIT_USAGE;
	}
	return -1;
}

/* Checks the combination of options; 0 when usable, else EXIT_USAGE. */
static int check_opts(const struct backup_opts *o, int argc, char **argv)
{
	if (optind < argc) {
		cli_error("backup: unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if (!o->out == !o->restore) {
		cli_error("backup: give exactly one of --out FILE and "
			  "--restore FILE; see 'tutor backup --help'");
		return EXIT_USAGE;
	}
	if ((o->out && !*o->out) || (o->restore && !*o->restore)) {
		cli_error("backup: the file name is empty");
		return EXIT_USAGE;
	}
	return 0;
}

static bool is_postgres(const char *loc)
{
	return strncmp(loc, "postgresql://", 13) == 0 ||
	       strncmp(loc, "postgres://", 11) == 0;
}

static bool exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/* Opens path with flags and the busy timeout; NULL and an error printed
 * on failure. */
static sqlite3 *open_db(const char *path, int flags)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, flags, NULL);

	if (rc != SQLITE_OK) {
		cli_error("backup: %s: cannot open: %s", path,
			  db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, BACKUP_BUSY_MS);
	return db;
}

/* The single integer answer of sql, or -1 (error printed). */
static sqlite3_int64 query_int(sqlite3 *db, const char *path,
			       const char *sql)
{
	sqlite3_stmt *st = NULL;
	sqlite3_int64 v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		cli_error("backup: %s: %s", path, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return v;
}

/* 0 when db passes PRAGMA integrity_check and holds a tutor store; else
 * 1 with the reason printed. */
static int check_store(sqlite3 *db, const char *path)
{
	sqlite3_stmt *st = NULL;
	const unsigned char *t;
	int bad = 1;

	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check(1)", -1, &st,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		t = sqlite3_column_text(st, 0);
		bad = !t || strcmp((const char *)t, "ok") != 0;
		if (bad)
			cli_error("backup: %s: integrity check failed: %s",
				  path, t ? (const char *)t : "?");
	} else {
		cli_error("backup: %s: not a SQLite database: %s", path,
			  sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	if (!bad && query_int(db, path, "SELECT max(version) FROM "
			      "schema_version") <= 0) {
		cli_error("backup: %s: not a tutor store (no schema "
			  "version)", path);
		bad = 1;
	}
	return bad;
}

/* Copies all of src into dst in one backup step (one read transaction
 * on src: a consistent snapshot), retrying while a lock is held; 0 on
 * success, else 1 with the reason printed. */
static int copy_db(sqlite3 *dst, sqlite3 *src, const char *what)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int rc, waited = 0;

	if (!b) {
		cli_error("backup: %s: %s", what, sqlite3_errmsg(dst));
		return 1;
	}
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
			sqlite3_sleep(20);
			waited += 20;
		}
	} while ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
		 waited < BACKUP_BUSY_MS);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		cli_error("backup: %s: %s", what, sqlite3_errstr(rc));
		return 1;
	}
	return 0;
}

/* fsyncs path (a file or a directory); 0 on success. */
static int sync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* The directory part of path into buf ("." when none). */
static void dir_of(const char *path, char *buf, size_t cap)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(buf, cap, ".");
	else if (slash == path)
		snprintf(buf, cap, "/");
	else
		snprintf(buf, cap, "%.*s", (int)(slash - path), path);
}

/* Makes the copy at tmp self-contained (rollback journal), checks it
 * and prints what it holds; 0 on success. */
static int finish_copy(sqlite3 *dst, const char *tmp, const char *out)
{
	sqlite3_int64 learners, events;

	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL,
			 NULL) != SQLITE_OK) {
		cli_error("backup: %s: %s", tmp, sqlite3_errmsg(dst));
		return 1;
	}
	if (check_store(dst, tmp))
		return 1;
	learners = query_int(dst, tmp, "SELECT count(*) FROM learners");
	events = query_int(dst, tmp, "SELECT count(*) FROM events");
	if (learners < 0 || events < 0)
		return 1;
	printf("backed up %lld learners and %lld events to %s\n",
	       (long long)learners, (long long)events, out);
	return 0;
}

/* Writes the backup of db into tmp; 0 on success. */
static int backup_into(const char *db, const char *tmp, const char *out)
{
	sqlite3 *src = open_db(db, SQLITE_OPEN_READWRITE);
	sqlite3 *dst = src ? open_db(tmp, SQLITE_OPEN_READWRITE |
				     SQLITE_OPEN_CREATE) : NULL;
	int rc = 1;

	if (src && dst && copy_db(dst, src, db) == 0)
		rc = finish_copy(dst, tmp, out);
	sqlite3_close(dst);
	sqlite3_close(src);
	return rc;
}

static int do_backup(const struct backup_opts *o, const char *db)
{
	char tmp[BACKUP_PATH_MAX + 32], dir[BACKUP_PATH_MAX];
	int rc;

	if (!exists(db)) {
		cli_error("backup: no store at %s", db);
		return 1;
	}
	if (exists(o->out) && !o->force) {
		cli_error("backup: %s exists; --force to overwrite it", o->out);
		return 1;
	}
	snprintf(tmp, sizeof tmp, "%s.tmp-%ld", o->out, (long)getpid());
	rc = backup_into(db, tmp, o->out);
	if (!rc && (sync_path(tmp) != 0 || rename(tmp, o->out) != 0)) {
		cli_error("backup: writing %s: %s", o->out, strerror(errno));
		rc = 1;
	}
	if (rc) {
		unlink(tmp);
		return 1;
	}
	dir_of(o->out, dir, sizeof dir);
	(void)sync_path(dir);
	return 0;
}

/* Copies the checked backup file into the store db; 0 on success. */
static int restore_into(const char *file, const char *db)
{
	sqlite3 *src = open_db(file, SQLITE_OPEN_READONLY);
	sqlite3 *dst = NULL;
	int rc = 1;

	if (src && check_store(src, file) == 0)
		dst = open_db(db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	if (dst && copy_db(dst, src, db) == 0 &&
	    sqlite3_exec(dst, "PRAGMA journal_mode=WAL", NULL, NULL,
			 NULL) == SQLITE_OK && check_store(dst, db) == 0)
		rc = 0;
	sqlite3_close(dst);
	sqlite3_close(src);
	return rc;
}

static int do_restore(const struct backup_opts *o, const char *db)
{
	if (!exists(o->restore)) {
		cli_error("backup: no backup at %s", o->restore);
		return 1;
	}
	if (exists(db) && !o->force) {
		cli_error("backup: a store exists at %s; stop the servers and "
			  "add --force to replace it", db);
		return 1;
	}
	if (restore_into(o->restore, db))
		return 1;
	printf("restored %s into %s\n", o->restore, db);
	return 0;
}

/*
 * `tutor backup --out FILE | --restore FILE [--force] [--db PATH]`:
 * 0 done, 1 failure (reason on stderr), 2 usage.
 */
int cmd_backup(int argc, char **argv)
{
	struct backup_opts o = { 0 };
	char db[BACKUP_PATH_MAX];
	int rc = parse(argc, argv, &o);

	if (rc >= 0)
		return rc;
	rc = check_opts(&o, argc, argv);
	if (rc)
		return rc;
	cli_db_path(o.common.db, db, sizeof db);
	if (is_postgres(db)) {
		cli_error("backup: the store is a PostgreSQL database: back "
			  "it up with pg_dump -Fc and restore it with "
			  "pg_restore (docs/operations.md)");
		return 1;
	}
	return o.out ? do_backup(&o, db) : do_restore(&o, db);
}
