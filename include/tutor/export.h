/*
 * tutor/export.h - research-data export of the event log in two open
 * standards: ProgSnap2 (the programming-process data format of the
 * CSSPLICE community, spec version 6) and xAPI 1.0.3 statements (ADL).
 *
 * An export reads the append-only event log (tutor/store.h) in seq order,
 * decodes each payload with the strict event codec (tutor/event.h),
 * takes what the agents decided from the event's outputs JSON (hint text
 * and level, feedback, recommended items, mastery before/after) and maps
 * every event to ProgSnap2 rows or xAPI statements.  docs/export.md has
 * the mapping tables, the columns, the IRIs and the identifier schemes.
 *
 * Guarantees:
 *   - Deterministic: the same log, learner filter and course id give the
 *     same bytes (no clock, no randomness; ids are hashes of the data).
 *   - No personal data beyond the learner id: display names are never
 *     exported.
 *   - Never overwrites: a ProgSnap2 directory must not exist or be
 *     empty; it is written next to its final place and renamed into it
 *     only when complete, so an error leaves nothing behind.
 *
 * What it is not: not an importer, and it does not re-run agents or the
 * judge; a row says what the log says.  It reads the store only.
 *
 * Ownership: every pointer argument is borrowed for the call.
 */
#ifndef TUTOR_EXPORT_H
#define TUTOR_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tutor/err.h"
#include "tutor/store.h"

/* Base of every IRI the export mints (activities, extensions).  ".invalid"
 * is reserved (RFC 2606), so these IRIs never resolve by accident. */
#define TU_EXPORT_IRI_BASE "https://tutor.invalid"
#define TU_EXPORT_PS2_VERSION "6"  /* DatasetMetadata Version */

/* What an export wrote, for the CLI's summary line. */
struct tu_export_stats {
	uint64_t events;       /* log events read */
	uint64_t rows;         /* MainTable rows / xAPI statements written */
	uint64_t code_states;  /* distinct CodeStates written (ProgSnap2) */
};

/*
 * Writes a ProgSnap2 dataset of the events of learner (NULL: every
 * learner) into the directory dir:
 *   dir/MainTable.csv        one or more rows per event (RFC 4180)
 *   dir/DatasetMetadata.csv  Property,Value
 *   dir/CodeStates/<id>/main.<py|c>  each distinct submitted code once
 *   dir/README.md            the dataset's X- event types and columns
 * course (an id: [A-Za-z0-9._-], < TU_ID_MAX bytes) fills CourseID.
 * dir must not exist (its parent must) or be an empty directory; the
 * finished dataset directory has mode 0700 (it holds learner code).
 * stats may be NULL.  Errors, with nothing left behind: TU_EINVAL (bad
 * course id, dir exists and is not an empty directory), TU_ENOTFOUND
 * (unknown learner), TU_ECORRUPT (an event whose payload or outputs do
 * not decode: "event 12 (submission): $.verdict: ..."), TU_ERANGE (an
 * event time outside years 1970..9999), TU_EIO (naming the path),
 * TU_ENOMEM.
 */
enum tu_status tu_export_progsnap2(struct tu_store *s, const char *learner,
				   const char *course, const char *dir,
				   struct tu_export_stats *stats,
				   struct tu_err *err);

/*
 * Writes the xAPI statements of the events of learner (NULL: every
 * learner) to out as one JSON array, one statement per line.  course (an
 * id) names the course activity that is every statement's parent.  Events
 * with no statement mapping (preferences, daily_generation, review_due)
 * are skipped.  stats may be NULL.  Errors as tu_export_progsnap2
 * (TU_EIO when writing to out fails); on error out may hold a partial
 * array: the caller discards it.
 */
enum tu_status tu_export_xapi(struct tu_store *s, const char *learner,
			      const char *course, FILE *out,
			      struct tu_export_stats *stats,
			      struct tu_err *err);

#endif
