/*
 * export_internal.h - what progsnap2.c, ps2_dir.c and xapi.c share:
 * the decoded event, the log walk, timestamps, CSV fields, name-based
 * UUIDs, IRI escaping and tolerant readers of the agents' outputs.
 *
 * Not a public interface: tests include it to check the helpers directly.
 */
#ifndef TUTOR_EXPORT_INTERNAL_H
#define TUTOR_EXPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>

#include "tutor/err.h"
#include "tutor/event.h"
#include "tutor/hash.h"
#include "tutor/store.h"

#define TU__ISO_MAX 24        /* "2024-01-02T03:04:05Z" + NUL, rounded up */
#define TU__UUID_LEN 36       /* 8-4-4-4-12 hex digits and dashes */
#define TU__IRI_ID_MAX (3 * TU_ID_MAX)  /* a percent-escaped id */
#define TU__CODE_STATE_LEN 32 /* hex digits of a CodeStateID */
#define TU__PICKS_MAX 32      /* recommended items read per event */
#define TU__OUTPUTS_MAX TU_STORE_PAYLOAD_MAX

/* One log event, decoded. */
struct tu__xev {
	const struct tu_event *row;  /* borrowed from the store walk */
	struct tu_event_in in;       /* the decoded payload */
	json_t *outputs;             /* parsed outputs; NULL when none */
	char when[TU__ISO_MAX];      /* row->at as ISO 8601 UTC */
};

/* Called for each decoded event in seq order; an error stops the walk. */
typedef enum tu_status (*tu__xev_fn)(const struct tu__xev *x, void *ctx,
				     struct tu_err *err);

/*
 * Checks course (an id) and learner (NULL, or a registered learner):
 * TU_EINVAL "course id 'x': ...", TU_ENOTFOUND "no learner 'x'".
 */
enum tu_status tu__export_check(struct tu_store *s, const char *learner,
				const char *course, struct tu_err *err);

/*
 * Walks the events of learner (NULL: all) in seq order, decoding each and
 * calling fn.  *n_events (may be NULL) counts the events read.  Decode
 * failures are TU_ECORRUPT "event <seq> (<type>): <why>".
 */
enum tu_status tu__export_walk(struct tu_store *s, const char *learner,
			       tu__xev_fn fn, void *ctx, uint64_t *n_events,
			       struct tu_err *err);

/* Unix seconds in [0, 253402300799] (years 1970..9999) as
 * "YYYY-MM-DDTHH:MM:SSZ"; TU_ERANGE otherwise. */
enum tu_status tu__iso_time(int64_t at, char out[TU__ISO_MAX],
			    struct tu_err *err);

/* Writes s (NULL: empty) as one RFC 4180 field: quoted, with quotes
 * doubled, when it holds a comma, a quote, CR or LF.  false when the
 * stream fails. */
bool tu__csv_field(FILE *f, const char *s);

/* Finishes h into a name-based UUID string (the first 16 bytes of the
 * digest, version nibble 5, RFC 4122 variant), lower-case, NUL-ended. */
void tu__uuid_final(struct tu_hash *h, char out[TU__UUID_LEN + 1]);

/* Percent-escapes every byte of s outside [A-Za-z0-9._~-] into out[cap];
 * truncates (whole escapes only) when cap is too small. */
void tu__iri_escape(const char *s, char *out, size_t cap);

/* The CodeStateID of a submission: hex BLAKE2b of (language, code),
 * TU__CODE_STATE_LEN digits. */
void tu__code_state_id(const struct tu_ev_submission *sub,
		       char out[TU__CODE_STATE_LEN + 1]);
/* The file a submission's code is stored in: "main.py" or "main.c". */
const char *tu__code_file(enum tu_lang lang);

/* ---- the agents' outputs, read tolerantly (absent means none) ---------- */

/* outputs.pedagogical_feedback.text (or .message); NULL when absent. */
const char *tu__out_feedback_text(const struct tu__xev *x);
/* outputs.pedagogical_feedback.level; 0 when absent. */
int64_t tu__out_hint_level(const struct tu__xev *x);
/* outputs.content_curator.picks[] (session check, review due) or .plan[]
 * (daily plan), entries {"item": ...} or strings, into items[max]
 * (borrowed from x); returns how many. */
size_t tu__out_picks(const struct tu__xev *x, const char **items,
		     size_t max);
/* outputs.learner_profiler.mastery[] (or .topics[]), entries {topic,
 * before, after, ...}; NULL when absent. */
const json_t *tu__out_topics(const struct tu__xev *x);
/* Reads entry i of tu__out_topics: true when it has a string topic and
 * numeric before and after. */
bool tu__out_topic_at(const json_t *topics, size_t i, const char **topic,
		      double *before, double *after);

/* ---- the ProgSnap2 directory (ps2_dir.c) ------------------------------- */

#define TU__PATH_MAX 4096

/* A dataset directory being written: everything goes into tmp, a fresh
 * sibling of final, which is renamed onto final by _commit. */
struct tu__ps2_dir {
	char final[TU__PATH_MAX];
	char tmp[TU__PATH_MAX];
	bool made;                   /* tmp exists (abort removes it) */
};

/*
 * Checks that dir does not exist or is an empty directory (TU_EINVAL
 * otherwise, also for "", "/", "." and ".."), then creates the temporary
 * sibling with its CodeStates/ (mode 0700: it holds learner code).
 * TU_EIO naming the path.  On error nothing is left behind.
 */
enum tu_status tu__ps2_dir_begin(struct tu__ps2_dir *d, const char *dir,
				 struct tu_err *err);
/* Creates the new file name (relative to the dataset root) for writing;
 * *f is fclose()d by tu__ps2_dir_close. */
enum tu_status tu__ps2_dir_open(struct tu__ps2_dir *d, const char *name,
				FILE **f, struct tu_err *err);
/* Flushes and closes f (opened as name); TU_EIO when anything failed. */
enum tu_status tu__ps2_dir_close(struct tu__ps2_dir *d, const char *name,
				 FILE *f, struct tu_err *err);
/* Writes CodeStates/<id>/<file> with code[len] unless that CodeState
 * exists already; *created tells which. */
enum tu_status tu__ps2_code_state(struct tu__ps2_dir *d, const char *id,
				  const char *file, const char *code,
				  size_t len, bool *created,
				  struct tu_err *err);
/* Renames the finished dataset onto its final path (TU_EIO, e.g. when
 * final is no longer empty: nothing is replaced). */
enum tu_status tu__ps2_dir_commit(struct tu__ps2_dir *d, struct tu_err *err);
/* Removes the temporary tree, if any.  Safe after commit. */
void tu__ps2_dir_abort(struct tu__ps2_dir *d);

#endif
