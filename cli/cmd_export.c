/*
 * cmd_export.c - `tutor export progsnap2|xapi`: the event log as research
 * data (tutor/export.h, docs/export.md).
 *
 * Thin: parses options, opens the existing store, calls the exporter and
 * prints a one-line summary on stderr.  Never overwrites: a ProgSnap2
 * directory must be new or empty, an xAPI file must be new (it is removed
 * again when the export fails).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "commands.h"
#include "platform.h"
#include "tutor/export.h"

static void export_usage(FILE *out)
{
	fputs("usage: tutor export progsnap2 --out DIR [options]\n"
	      "       tutor export xapi [--out FILE] [options]\n\n"
	      "Exports the event log as research data: a ProgSnap2 dataset "
	      "directory\n(MainTable.csv, DatasetMetadata.csv, CodeStates/) "
	      "or xAPI 1.0.3 statements\n(a JSON array, one statement per "
	      "line).  Learner ids are exported, display\nnames never.  "
	      "Mapping and IRIs: docs/export.md.\n\n"
	      "  --out PATH         progsnap2: a new or empty directory "
	      "(required);\n"
	      "                     xapi: a new file (default: stdout)\n"
	      "  --learner ID       only this learner (default: all "
	      "learners)\n"
	      "  --course ID        the course id in CourseID and activity "
	      "IRIs\n"
	      "                     (default: the course 'tutor init' "
	      "registered)\n"
	      "  --db PATH          the store (default $TUTOR_DB, else\n"
	      "                     $XDG_DATA_HOME/tutor/tutor.db or\n"
	      "                     ~/.local/share/tutor/tutor.db)\n"
	      "  -h, --help         show this help\n\n"
	      "Exit status: 0 ok, 1 failure (nothing is left behind), 2 "
	      "usage errors.\n", out);
}

struct export_opts {
	const char *format, *out, *learner, *course, *db;
};

static int usage_error(const char *what)
{
	cli_error("export: %s; see 'tutor export --help'", what);
	return EXIT_USAGE;
}

/* Returns -1 to go on, else the exit status. */
static int parse_opts(int argc, char **argv, struct export_opts *o)
{
	static const struct option longs[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "learner", required_argument, NULL, 'l' },
		{ "course", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "ho:", longs, NULL)) != -1) {
		switch (c) {
		case 'o': o->out = optarg; break;
		case 'l': o->learner = optarg; break;
		case 'c': o->course = optarg; break;
		case 'd': o->db = optarg; break;
		case 'h': export_usage(stdout); return 0;
		default:
			cli_error("export: unknown or incomplete option '%s'; "
				  "see 'tutor export --help'",
				  argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc)
		return usage_error("name one format: progsnap2 or xapi");
	o->format = argv[optind];
	if (strcmp(o->format, "progsnap2") != 0 &&
	    strcmp(o->format, "xapi") != 0)
		return usage_error("the format is progsnap2 or xapi");
	if (strcmp(o->format, "progsnap2") == 0 && !o->out)
		return usage_error("progsnap2 needs --out DIR");
	return -1;
}

/* Opens the existing store (an export never creates one). */
static struct tu_store *open_store(const char *opt)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_store *s;
	char db[4096];
	struct stat sb;

	cli_db_path(opt, db, sizeof(db));
	if (stat(db, &sb) != 0) {
		cli_error("no store at %s; run 'tutor init' first", db);
		return NULL;
	}
	if (tu_store_open(db, NULL, &s, &err)) {
		cli_error("%s", err.msg);
		return NULL;
	}
	return s;
}

/* --course, else the registered course into buf. */
static const char *course_id(struct tu_store *s, const char *opt, char *buf,
			     size_t cap)
{
	struct tu_err err = TU_ERR_INIT;

	if (opt)
		return opt;
	if (tu_store_setting_get(s, "course", buf, cap, &err) == TU_OK)
		return buf;
	cli_error("export: no course registered (%s); pass --course ID or "
		  "run 'tutor init'", err.msg);
	return NULL;
}

static int export_ps2(struct tu_store *s, const struct export_opts *o,
		      const char *course)
{
	struct tu_export_stats st;
	struct tu_err err = TU_ERR_INIT;

	if (tu_export_progsnap2(s, o->learner, course, o->out, &st, &err)) {
		cli_error("export: %s", err.msg);
		return 1;
	}
	fprintf(stderr, "tutor: wrote %" PRIu64 " rows (%" PRIu64 " events, "
		"%" PRIu64 " code states) to %s\n", st.rows, st.events,
		st.code_states, o->out);
	return 0;
}

/* A new file for the statements: never an existing one. */
static FILE *create_out(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	FILE *f;

	if (fd < 0) {
		cli_error("export: cannot create %s: %s%s", path,
			  strerror(errno), errno == EEXIST ?
			  " (refusing to overwrite)" : "");
		return NULL;
	}
	f = fdopen(fd, "w");
	if (!f) {
		cli_error("export: cannot open %s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
	}
	return f;
}

static int export_xapi(struct tu_store *s, const struct export_opts *o,
		       const char *course)
{
	bool to_file = o->out && strcmp(o->out, "-") != 0;
	FILE *f = to_file ? create_out(o->out) : stdout;
	struct tu_export_stats st;
	struct tu_err err = TU_ERR_INIT;
	enum tu_status rc;

	if (!f)
		return 1;
	rc = tu_export_xapi(s, o->learner, course, f, &st, &err);
	if (to_file && fclose(f) != 0 && rc == TU_OK)
		rc = tu_err_set(&err, TU_EIO, "cannot write %s: %s", o->out,
				strerror(errno));
	if (rc) {
		if (to_file)
			unlink(o->out);
		cli_error("export: %s", err.msg);
		return 1;
	}
	fprintf(stderr, "tutor: wrote %" PRIu64 " statements (%" PRIu64
		" events) to %s\n", st.rows, st.events,
		to_file ? o->out : "stdout");
	return 0;
}

int cmd_export(int argc, char **argv)
{
	struct export_opts o;
	char course[TU_STORE_SETTING_MAX];
	struct tu_store *s;
	const char *cid;
	int rc;

	memset(&o, 0, sizeof(o));
	rc = parse_opts(argc, argv, &o);
	if (rc >= 0)
		return rc;
	s = open_store(o.db);
	if (!s)
		return 1;
	cid = course_id(s, o.course, course, sizeof(course));
	if (!cid)
		rc = 1;
	else if (strcmp(o.format, "progsnap2") == 0)
		rc = export_ps2(s, &o, cid);
	else
		rc = export_xapi(s, &o, cid);
	tu_store_close(s);
	return rc;
}
