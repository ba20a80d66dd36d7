/*
 * tutor/ktlog.h - knowledge-tracing response logs in memory, and the
 * reader for the TSV format of ../shared/data/kt (Gervet et al.):
 *
 *   user_id<TAB>item_id<TAB>timestamp<TAB>correct<TAB>skill_id
 *
 * one header line, then one response per line, all integer columns,
 * correct in {0,1}.  Rows stay in file order (per user, that order is the
 * temporal order models replay).  Ids are the file's non-negative integers,
 * used directly as dense indexes, so they are bounded (TU_KTLOG_MAX_ID).
 *
 * Ownership: struct tu_ktlog owns rows; init cannot fail, release frees.
 * The reader is the only part of the kt module that does I/O.
 */
#ifndef TUTOR_KTLOG_H
#define TUTOR_KTLOG_H

#include <stddef.h>
#include <stdint.h>
#include "tutor/err.h"

#define TU_KTLOG_MAX_LINE 4096            /* bytes per line */
#define TU_KTLOG_MAX_ROWS 50000000u       /* rows per file */
#define TU_KTLOG_MAX_ID 10000000u         /* user/item/skill ids are < this */
#define TU_KTLOG_MAX_BYTES (2048u * 1024u * 1024u) /* file size */

struct tu_kt_row {
	uint32_t user;
	uint32_t item;
	uint32_t skill;
	uint8_t correct;      /* 0 or 1 */
	int64_t timestamp;    /* as in the file (0 when unknown) */
};

struct tu_ktlog {
	struct tu_kt_row *rows;
	size_t n, cap;
	uint32_t n_users;     /* max user id + 1 (0 when empty) */
	uint32_t n_items;     /* max item id + 1 */
	uint32_t n_skills;    /* max skill id + 1 */
};

/* Makes log empty; allocates nothing. */
void tu_ktlog_init(struct tu_ktlog *log);

/* Frees the rows and makes log empty again. */
void tu_ktlog_release(struct tu_ktlog *log);

/*
 * Appends one row (copied).  Updates the n_* bounds.  TU_ERANGE when an id
 * is >= TU_KTLOG_MAX_ID or correct > 1; TU_ENOMEM on allocation failure.
 */
enum tu_status tu_ktlog_append(struct tu_ktlog *log,
			       const struct tu_kt_row *row,
			       struct tu_err *err);

/*
 * Parses a whole TSV document from buf[0..len) (not NUL-terminated) into
 * an empty log.  name labels error messages ("train.tsv:17: ...").  The
 * header must name exactly the five columns above (any order); unknown or
 * missing columns, non-integer fields, negative or too-large ids, correct
 * not 0/1, NaN, lines over TU_KTLOG_MAX_LINE, and a file with no data
 * rows are errors (TU_EPARSE, TU_ERANGE or TU_EDATA).  On error log is left
 * empty.
 */
enum tu_status tu_ktlog_parse(struct tu_ktlog *log, const char *buf,
			      size_t len, const char *name,
			      struct tu_err *err);

/* Reads path and parses it as tu_ktlog_parse; TU_EIO when unreadable. */
enum tu_status tu_ktlog_read_file(struct tu_ktlog *log, const char *path,
				  struct tu_err *err);

#endif
