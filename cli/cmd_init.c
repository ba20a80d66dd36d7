/*
 * cmd_init.c - `tutor init`: create (or open) the store, validate a course
 * and register it as the store's course; `tutor learner add|list|use`.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "commands.h"
#include "platform.h"

static void init_usage(FILE *out)
{
	fputs("usage: tutor init [--course DIR] [--db PATH]\n\n"
	      "Creates the store (SQLite, WAL) when missing, brings its schema "
	      "up to date,\nloads and validates the course in DIR (default: "
	      "$TUTOR_COURSE, else the built-in\nPython course) and registers it.  Running it "
	      "again re-registers the course (after edits).\n\n"
	      "  --course DIR       course directory (docs/content-format.md)\n"
	      "  --db PATH          the store (default $TUTOR_DB, else\n"
	      "                     $XDG_DATA_HOME/tutor/tutor.db or\n"
	      "                     ~/.local/share/tutor/tutor.db)\n"
	      "  -h, --help         show this help\n\n"
	      "Exit status: 0 ok, 1 failure (an invalid course is reported "
	      "with file and\nline), 2 usage error.\n", out);
}

/* mkdir -p of path's parent directory. */
static int make_parent(const char *path)
{
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST) {
			cli_error("cannot create %s: %s", buf, strerror(errno));
			return 1;
		}
		*p = '/';
	}
	return 0;
}

int cli_register_course(struct tu_store *s, const struct tu_course *c,
			int64_t now)
{
	struct tu_content_row row;
	struct tu_err err = TU_ERR_INIT;

	memset(&row, 0, sizeof(row));
	snprintf(row.course, sizeof(row.course), "%s", c->id);
	snprintf(row.version, sizeof(row.version), "%s", c->version);
	snprintf(row.hash, sizeof(row.hash), "%s", c->hash);
	snprintf(row.path, sizeof(row.path), "%s", c->root);
	row.loaded = now;
	if (tu_store_content_put(s, &row, &err) ||
	    tu_store_setting_set(s, "course", c->id, &err)) {
		cli_error("%s", err.msg);
		return 1;
	}
	return 0;
}

static int do_init(const char *db_opt, const char *course_dir)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_store *s = NULL;
	struct tu_course c;
	char db[4096];
	int rc = 1;

	cli_db_path(db_opt, db, sizeof(db));
	tu_course_init(&c);
	if (tu_course_load(course_dir, &c, &err)) {
		cli_error("%s", err.msg);
		return 1;
	}
	if (make_parent(db) == 0 && !tu_store_open(db, NULL, &s, &err) &&
	    cli_register_course(s, &c, (int64_t)time(NULL)) == 0) {
		printf("store %s (schema %d)\ncourse '%s' %s: %zu topics, %zu "
		       "problems, %zu learning actions\n",
		       db, tu_store_schema_version(s), c.id, c.title,
		       c.n_topics, c.n_problems, c.n_actions);
		printf("next: tutor learner add NAME, then tutor learn\n");
		rc = 0;
	} else if (err.code) {
		cli_error("%s", err.msg);
	}
	tu_store_close(s);
	tu_course_release(&c);
	return rc;
}

int cmd_init(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "course", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *course = NULL;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		switch (c) {
		case 'c': course = optarg; break;
		case 'd': db = optarg; break;
		case 'h': init_usage(stdout); return 0;
		default:
			cli_error("init: unknown or incomplete option '%s'; "
				  "see 'tutor init --help'", argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		cli_error("init: unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	return do_init(db, course ? course : cli_builtin_course());
}
