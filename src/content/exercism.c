/*
 * exercism.c - tu_exercism_import (tutor/exercism.h): the phases of an
 * import and the output's life cycle.
 *
 *   1. check the options and the output directory (absent, empty, or a
 *      previous import with --force; never overlapping an input);
 *   2. read the track (exercism_track.c) and, per non-deprecated practice
 *      exercise, its canonical data and the exception class the track
 *      states (exercism_cases.c);
 *   3. build the topics (exercism_topics.c);
 *   4. write everything into a temporary directory next to the output
 *      (exercism_write.c, exercism_hints.c, exercism_report.c);
 *   5. load it with tu_course_load (the self-check), then rename it into
 *      place (atomically swapping out a previous import).
 *
 * Any failure removes the temporary directory: no half course is left.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "exercism_internal.h"

#define PATH_CAP (TU_CONTENT_PATH_MAX + 64)

enum out_state { OUT_ABSENT, OUT_EMPTY, OUT_REPLACE };

/* Where the course goes. */
struct out {
	char path[PATH_CAP];      /* --out without trailing slashes */
	char parent[PATH_MAX];    /* realpath of its parent */
	char base[NAME_MAX + 1];
	char abs[PATH_CAP];       /* parent/base */
	enum out_state state;
};

static void progress(const struct tu__ex_import *im, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void progress(const struct tu__ex_import *im, const char *fmt, ...)
{
	char line[PATH_CAP + 256];
	va_list ap;

	if (!im->o->progress)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	im->o->progress(im->o->ctx, line);
}

/* True when a is b or below b (both absolute, no trailing slash). */
static bool within(const char *a, const char *b)
{
	size_t n = strlen(b);

	if (n == 1)
		return true;
	return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/');
}

/* out's path, parent, base name and absolute path. */
static enum tu_status out_names(const char *given, struct out *w,
				struct tu_err *err)
{
	char tmp[PATH_CAP];
	size_t n = strlen(given);

	while (n > 1 && given[n - 1] == '/')
		n--;
	if (n == 0 || n >= sizeof(w->path))
		return tu_err_set(err, TU_EINVAL, "--out: missing or too long");
	memcpy(w->path, given, n);
	w->path[n] = '\0';
	snprintf(tmp, sizeof(tmp), "%s", w->path);
	snprintf(w->base, sizeof(w->base), "%s", basename(tmp));
	if (!strcmp(w->base, ".") || !strcmp(w->base, "..") ||
	    !strcmp(w->base, "/"))
		return tu_err_set(err, TU_EINVAL, "--out %s: name the course "
				  "directory itself", given);
	snprintf(tmp, sizeof(tmp), "%s", w->path);
	if (!realpath(dirname(tmp), w->parent))
		return tu_err_set(err, TU_EINVAL, "--out %s: parent directory: "
				  "%s", given, strerror(errno));
	if (snprintf(w->abs, sizeof(w->abs), "%s/%s", strcmp(w->parent, "/") ?
		     w->parent : "", w->base) >= (int)sizeof(w->abs))
		return tu_err_set(err, TU_EINVAL, "--out %s: path too long",
				  given);
	return TU_OK;
}

/* True when dir has no entries besides "." and "..". */
static bool dir_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	if (!d)
		return false;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n == 0;
}

static enum tu_status check_out(const struct tu__ex_import *im,
				struct out *w, struct tu_err *err)
{
	char report[PATH_CAP + 32];
	struct stat sb;
	enum tu_status st = out_names(im->o->out, w, err);

	if (st)
		return st;
	if (within(w->abs, im->track.real) || within(im->track.real, w->abs) ||
	    within(w->abs, im->specs.real) || within(im->specs.real, w->abs))
		return tu_err_set(err, TU_EINVAL, "--out %s overlaps an input "
				  "directory", w->path);
	w->state = OUT_ABSENT;
	if (lstat(w->abs, &sb) != 0)
		return errno == ENOENT ? TU_OK : tu_err_set(err, TU_EIO,
			"%s: %s", w->path, strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return tu_err_set(err, TU_EINVAL, "%s: exists and is not a "
				  "directory", w->path);
	w->state = OUT_EMPTY;
	if (dir_empty(w->abs))
		return TU_OK;
	if (!im->o->force)
		return tu_err_set(err, TU_EINVAL, "%s: not empty (--force "
				  "replaces a previous import)", w->path);
	snprintf(report, sizeof(report), "%s/IMPORT-REPORT.md", w->abs);
	if (lstat(report, &sb) != 0 || !S_ISREG(sb.st_mode))
		return tu_err_set(err, TU_EINVAL, "%s: refusing to replace it: "
				  "not a previous import (no IMPORT-REPORT.md)",
				  w->path);
	w->state = OUT_REPLACE;
	return TU_OK;
}

/* The exception class exercise slug's instructions.append.md names, if
 * it names exactly one ("" otherwise). */
static enum tu_status error_class_of(const struct tu__ex_import *im,
				     const char *slug, char cls[TU_ID_MAX],
				     struct tu_err *err)
{
	char rel[TU_ID_MAX * 3], first[TU_ID_MAX], *md = NULL;
	bool exists;
	enum tu_status st;

	cls[0] = '\0';
	snprintf(rel, sizeof(rel), "exercises/practice/%s/.docs/"
		 "instructions.append.md", slug);
	st = tu__ex_read_text(&im->track, rel, &exists, &md, err);
	if (st == TU_OK && md && tu__ex_error_classes(md, first) == 1)
		memcpy(cls, first, TU_ID_MAX);
	free(md);
	return st;
}

/* Notes exercise i's unsupported cases and counts its problems. */
static enum tu_status tally(struct tu__ex_import *im, size_t i,
			    struct tu_err *err)
{
	const struct tu__ex_exercise *e = &im->ex[i];
	enum tu_status st = TU_OK;
	char what[256];

	im->counts.source_cases += e->n_cases;
	for (size_t k = 0; k < e->n_problems; k++) {
		im->counts.problems++;
		im->counts.imported_cases += e->problems[k].n_cases;
	}
	for (size_t c = 0; st == TU_OK && c < e->n_cases; c++) {
		struct tu__ex_buf d;

		if (!e->cases[c].why)
			continue;
		tu__ex_buf_init(&d, 128);
		tu__ex_one_line(&d, e->cases[c].desc, strlen(e->cases[c].desc),
				100);
		snprintf(what, sizeof(what), "`%s` %s \"%s\"", e->slug,
			 e->cases[c].uuid, tu__ex_buf_str(&d));
		tu__ex_buf_release(&d);
		st = tu__ex_note(&im->bad_cases, false, what, e->cases[c].why,
				 err);
	}
	return st;
}

/* Reads and analyses practice exercise i (not deprecated). */
static enum tu_status analyse_one(struct tu__ex_import *im, size_t i,
				  struct tu_err *err)
{
	const char *slug = im->tr.practice[i].slug;
	char rel[TU_ID_MAX * 3], disp[PATH_CAP + 256], cls[TU_ID_MAX], what[96];
	json_t *root = NULL;
	bool exists;
	enum tu_status st;

	snprintf(rel, sizeof(rel), "exercises/%s/canonical-data.json", slug);
	snprintf(what, sizeof(what), "`%s`", slug);
	st = tu__ex_read_json(&im->specs, rel, &exists, &root, err);
	if (st == TU_OK && !exists)
		return tu__ex_note(&im->bad_ex, false, what,
				   "no canonical-data.json", err);
	if (st == TU_OK)
		st = error_class_of(im, slug, cls, err);
	if (st) {
		json_decref(root);
		return st;
	}
	im->counts.with_canonical++;
	tu__ex_disp(&im->specs, rel, disp, sizeof(disp));
	st = tu__ex_exercise_analyse(&im->ex[i], slug, root, cls, disp, err);
	if (st == TU_OK)
		st = tally(im, i, err);
	im->used[i] = im->ex[i].n_problems > 0;
	im->counts.imported_exercises += im->used[i];
	if (st == TU_OK && !im->used[i])
		st = tu__ex_note(&im->bad_ex, false, what,
				 "all cases unsupported", err);
	return st;
}

static enum tu_status read_all(struct tu__ex_import *im, struct tu_err *err)
{
	size_t n;
	enum tu_status st;

	progress(im, "reading the track %s", im->track.disp);
	st = tu__ex_track_load(&im->tr, &im->track, err);
	if (st)
		return st;
	n = im->tr.n_practice;
	im->ex = calloc(n + 1, sizeof(*im->ex));
	im->used = calloc(n + 1, sizeof(*im->used));
	if (!im->ex || !im->used)
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	im->counts.exercises = n;
	progress(im, "reading canonical data from %s", im->specs.disp);
	for (size_t i = 0; st == TU_OK && i < n; i++) {
		if (im->tr.practice[i].deprecated)
			im->counts.deprecated++;
		else
			st = analyse_one(im, i, err);
	}
	for (size_t i = 0; st == TU_OK && i < im->tr.edges.n; i++)
		st = tu__ex_note(&im->bad_edges, false, im->tr.edges.v[i].what,
				 im->tr.edges.v[i].why, err);
	if (st == TU_OK)
		st = tu__ex_topics_build(&im->tr, im->used, &im->g,
					 &im->bad_edges, err);
	im->counts.unsupported_cases = im->counts.source_cases -
				       im->counts.imported_cases;
	im->counts.unsupported_exercises = im->bad_ex.n;
	im->counts.topics = im->g.n;
	im->counts.dropped_edges = im->bad_edges.n;
	return st;
}

static enum tu_status write_all(struct tu__ex_import *im, struct tu_err *err)
{
	enum tu_status st = tu__ex_write_course(im, err);

	for (size_t i = 0; st == TU_OK && i < im->tr.n_practice; i++) {
		if (!im->used[i])
			continue;
		st = tu__ex_write_problems(im, i, err);
		for (size_t k = 0; st == TU_OK && k < im->ex[i].n_problems; k++)
			st = tu__ex_write_meta(im, i, k, err);
	}
	if (st == TU_OK)
		st = tu__ex_write_report(im, err);
	return st;
}

/* The self-check: the course must load, with what was written. */
static enum tu_status self_check(const struct tu__ex_import *im,
				 struct tu_err *err)
{
	struct tu_err e = TU_ERR_INIT;
	struct tu_course c;
	enum tu_status st;

	tu_course_init(&c);
	st = tu_course_load(im->dir, &c, &e);
	if (st)
		return tu_err_set(err, st, "the generated course does not "
				  "load: %s", e.msg);
	if (c.n_problems != im->counts.problems || c.n_topics != im->g.n ||
	    c.n_actions != im->g.n)
		st = tu_err_set(err, TU_EINTERNAL, "the generated course loads "
				"with %zu problems and %zu topics, not %zu and "
				"%zu", c.n_problems, c.n_topics,
				im->counts.problems, im->g.n);
	tu_course_release(&c);
	return st;
}

/* The temporary directory <parent>/.<base>.import-XXXXXX. */
static enum tu_status make_tmp(struct tu__ex_import *im, const struct out *w,
			       struct tu_err *err)
{
	if (snprintf(im->dir, sizeof(im->dir), "%s/.%s.import-XXXXXX",
		     w->parent, w->base) >= (int)sizeof(im->dir))
		return tu_err_set(err, TU_EINVAL, "--out %s: path too long",
				  w->path);
	if (!mkdtemp(im->dir)) {
		int e = errno;

		im->dir[0] = '\0';
		return tu_err_set(err, TU_EIO, "%s: cannot create a temporary "
				  "directory: %s", w->parent, strerror(e));
	}
	if (chmod(im->dir, 0755) != 0)
		return tu_err_set(err, TU_EIO, "%s: %s", im->dir,
				  strerror(errno));
	return TU_OK;
}

/* Swaps the previous import at w->abs for im->dir without RENAME_EXCHANGE:
 * the old one moves aside first and comes back on failure. */
static enum tu_status replace_slowly(struct tu__ex_import *im,
				     const struct out *w, struct tu_err *err)
{
	char old[PATH_CAP + NAME_MAX];

	snprintf(old, sizeof(old), "%s/.%s.old-XXXXXX", w->parent, w->base);
	if (!mkdtemp(old) || rmdir(old) != 0 || rename(w->abs, old) != 0)
		return tu_err_set(err, TU_EIO, "%s: cannot move aside: %s",
				  w->path, strerror(errno));
	if (rename(im->dir, w->abs) != 0) {
		int e = errno;

		(void)rename(old, w->abs);
		return tu_err_set(err, TU_EIO, "%s: cannot rename %s into "
				  "place: %s", w->path, im->dir, strerror(e));
	}
	im->dir[0] = '\0';
	tu__ex_rmtree(old);
	return TU_OK;
}

/* Renames the finished course into place. */
static enum tu_status install(struct tu__ex_import *im, const struct out *w,
			      struct tu_err *err)
{
	if (w->state != OUT_REPLACE) {
		if (rename(im->dir, w->abs) != 0)
			return tu_err_set(err, TU_EIO, "%s: cannot rename %s "
					  "into place: %s", w->path, im->dir,
					  strerror(errno));
		im->dir[0] = '\0';
		return TU_OK;
	}
	if (renameat2(AT_FDCWD, im->dir, AT_FDCWD, w->abs,
		      RENAME_EXCHANGE) != 0)
		return errno == EINVAL || errno == ENOSYS ?
		       replace_slowly(im, w, err) :
		       tu_err_set(err, TU_EIO, "%s: cannot swap in %s: %s",
				  w->path, im->dir, strerror(errno));
	tu__ex_rmtree(im->dir);  /* now the previous import */
	im->dir[0] = '\0';
	return TU_OK;
}

static enum tu_status build(struct tu__ex_import *im, const struct out *w,
			    struct tu_err *err)
{
	enum tu_status st = make_tmp(im, w, err);

	if (st == TU_OK) {
		progress(im, "writing %zu problems and %zu topics into %s",
			 im->counts.problems, im->counts.topics, im->dir);
		st = write_all(im, err);
	}
	if (st == TU_OK) {
		progress(im, "checking that the course loads");
		st = self_check(im, err);
	}
	if (st == TU_OK)
		st = install(im, w, err);
	if (st == TU_OK)
		progress(im, "wrote %s", w->path);
	return st;
}

static void release(struct tu__ex_import *im)
{
	if (im->dir[0])
		tu__ex_rmtree(im->dir);
	for (size_t i = 0; im->ex && i < im->tr.n_practice; i++)
		tu__ex_exercise_release(&im->ex[i]);
	free(im->ex);
	free(im->used);
	tu__ex_graph_release(&im->g);
	tu__ex_notes_release(&im->bad_ex);
	tu__ex_notes_release(&im->bad_cases);
	tu__ex_notes_release(&im->bad_edges);
	tu__ex_track_release(&im->tr);
	free(im);
}

enum tu_status tu_exercism_import(const struct tu_exercism_opts *o,
				  struct tu_exercism_counts *counts,
				  struct tu_err *err)
{
	struct tu__ex_import *im;
	struct out w;
	enum tu_status st;

	if (!o || !o->track || !o->specs || !o->out)
		return tu_err_set(err, TU_EINVAL, "need --track, --specs and "
				  "--out");
	im = calloc(1, sizeof(*im));
	if (!im)
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	im->o = o;
	tu__ex_track_init(&im->tr);
	memset(&w, 0, sizeof(w));
	st = tu__ex_root_open(&im->track, o->track, "--track", err);
	if (st == TU_OK)
		st = tu__ex_root_open(&im->specs, o->specs, "--specs", err);
	if (st == TU_OK)
		st = check_out(im, &w, err);
	if (st == TU_OK)
		st = read_all(im, err);
	if (st == TU_OK)
		st = build(im, &w, err);
	if (st == TU_OK && counts)
		*counts = im->counts;
	release(im);
	return st;
}
