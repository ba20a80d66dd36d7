/*
 * tutor/exercism.h - the Exercism importer: turns an Exercism language
 * track (only Python is supported) plus Exercism's language-neutral
 * problem-specifications into a tutor course directory
 * (docs/content-format.md).  The mapping is docs/import-exercism.md.
 *
 * Every non-deprecated practice exercise of the track whose canonical
 * data has supported cases becomes one function problem per tested
 * property (signature and types inferred from the cases, the first
 * cases public, the rest hidden); the track's concepts become topics
 * whose prerequisites come from the concept exercises; each kept topic
 * gets an explanation action built from the concept's about.md.  What
 * cannot be mapped (an exercise without canonical data, a superseded
 * case, an error case whose exception class is not stated, ...) is
 * listed with its reason in IMPORT-REPORT.md in the course directory.
 *
 * Safety: every input file is read with a size cap and validated (errors
 * name the file and the JSON path), reads never leave the two input
 * directories (symbolic links included), the course is written into a
 * temporary directory next to the output and renamed into place only
 * after tu_course_load accepted it, so a failure leaves no half course.
 *
 * What it is not: it runs nothing (the data has no solutions; the course
 * says "solutions = optional") and does not fetch anything.
 */
#ifndef TUTOR_EXERCISM_H
#define TUTOR_EXERCISM_H

#include <stdbool.h>
#include <stddef.h>

#include "tutor/err.h"

/* Bytes per input file (config.json, canonical-data.json, Markdown). */
#define TU_EXERCISM_FILE_MAX (4u << 20)

struct tu_exercism_opts {
	const char *track;   /* the track directory (config.json, concepts/,
				exercises/practice/<slug>/.docs/) */
	const char *specs;   /* problem-specifications (exercises/<slug>/) */
	const char *out;     /* the course directory to create */
	bool force;          /* replace out when it is a previous import */
	/* Called with one progress line (no newline) per phase; may be
	 * NULL.  The line is valid during the call only. */
	void (*progress)(void *ctx, const char *line);
	void *ctx;
};

/* What an import did; every field is a count. */
struct tu_exercism_counts {
	size_t exercises;             /* practice exercises in the track */
	size_t deprecated;            /* of those, skipped as deprecated */
	size_t with_canonical;        /* non-deprecated with canonical data */
	size_t imported_exercises;    /* exercises with at least one problem */
	size_t problems;
	size_t source_cases;          /* leaf cases in the canonical data */
	size_t imported_cases;
	size_t unsupported_cases;     /* source_cases - imported_cases */
	size_t unsupported_exercises; /* non-deprecated without a problem */
	size_t topics;
	size_t dropped_edges;         /* prerequisite edges not kept */
};

/*
 * Imports o->track and o->specs into the course directory o->out, which
 * must be absent or empty, or (with o->force) hold a previous import
 * (IMPORT-REPORT.md), which is then replaced.  On success *counts (may be
 * NULL) holds the counts written to IMPORT-REPORT.md.  Errors (nothing
 * is left at o->out, or the previous import is kept):
 * TU_EINVAL a missing option, a track that is not Python, an output
 * directory that is not empty, overlaps an input or is not a directory;
 * TU_EIO an input that cannot be read or leaves its directory, an output
 * that cannot be written; TU_EPARSE / TU_ERANGE a malformed or oversized
 * input ("<file>: $.exercises.practice[3].difficulty: ..."); TU_EDATA
 * the generated course does not load (the loader's message); TU_ENOMEM.
 */
enum tu_status tu_exercism_import(const struct tu_exercism_opts *o,
				  struct tu_exercism_counts *counts,
				  struct tu_err *err);

/*
 * Writes the counts as "label: N" lines (each ending in '\n'), the same
 * text as the "Counts" section of IMPORT-REPORT.md, into buf (cap bytes,
 * truncated when too small, always NUL-terminated when cap > 0).
 * Returns the length the full text needs.
 */
size_t tu_exercism_counts_text(const struct tu_exercism_counts *c, char *buf,
			       size_t cap);

#endif
