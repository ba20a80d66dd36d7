/*
 * tutor/revlog.h - the review-log reader (Anki / py-fsrs CSV export).
 *
 * What it is: a strict parser for CSV with exactly the header
 *   card_id,review_rating,review_time,review_duration
 * and one review per line: card_id a positive integer, review_rating 1..4
 * (Again, Hard, Good, Easy), review_time ISO-8601 UTC
 * "YYYY-MM-DDTHH:MM:SS[.f{1,6}](+00:00|Z)", review_duration a
 * non-negative integer of milliseconds.  CRLF line ends are accepted, as
 * is a missing final newline; nothing else is forgiven.  Errors say
 * "name:line: column 'x': why".  Hard limits: TU_REVLOG_MAX_BYTES per
 * input, TU_REVLOG_LINE_MAX bytes per line, TU_REVLOG_MAX_ROWS rows.
 *
 * What it is not: not a general CSV reader (no quoting) and not a
 * scheduler.  tu_revlog_parse works on memory (the fuzz target uses it);
 * tu_revlog_read_file (src/srs/revlog_file.c) is the only function of the
 * srs module that does I/O.
 *
 * Ownership: struct tu_revlog owns its rows array; init cannot fail,
 * release frees.  On error the log is left unchanged.
 */
#ifndef TUTOR_REVLOG_H
#define TUTOR_REVLOG_H

#include <stddef.h>
#include <stdint.h>
#include "tutor/err.h"

#define TU_REVLOG_MAX_BYTES (256u * 1024u * 1024u)
#define TU_REVLOG_LINE_MAX 256
#define TU_REVLOG_MAX_ROWS 4000000u

struct tu_revlog_row {
	int64_t card_id;
	int64_t time_ms;       /* Unix milliseconds, UTC */
	int64_t duration_ms;
	int32_t rating;        /* 1..4 */
	int32_t micros;        /* sub-millisecond microseconds (0..999) */
};

struct tu_revlog {
	struct tu_revlog_row *rows;
	size_t n, cap;
};

void tu_revlog_init(struct tu_revlog *log);
void tu_revlog_release(struct tu_revlog *log);

/*
 * Parses len bytes of buf (need not be NUL-terminated) into log, replacing
 * its rows.  name is used in messages.  TU_EPARSE for malformed text,
 * TU_ERANGE for values or sizes out of range, TU_EDATA when there are no
 * rows, TU_ENOMEM.  log is unchanged on error.
 */
enum tu_status tu_revlog_parse(struct tu_revlog *log, const char *buf,
			       size_t len, const char *name,
			       struct tu_err *err);

/* Reads path (at most TU_REVLOG_MAX_BYTES) and parses it; TU_EIO too. */
enum tu_status tu_revlog_read_file(struct tu_revlog *log, const char *path,
				   struct tu_err *err);

/*
 * Converts an ISO-8601 UTC time (as above) of len bytes to Unix ms and the
 * remaining microseconds.  Returns 0 on success, -1 when malformed, -2
 * when a field is out of range (month 13, Feb 30, hour 24).
 */
int tu_revlog_parse_time(const char *s, size_t len, int64_t *ms,
			 int32_t *micros);

/*
 * Positions 0..n-1 of log sorted by (time_ms, micros, position): a stable
 * time order.  Returns a new array the caller frees with free(), or NULL
 * when out of memory (or n == 0).
 */
size_t *tu_revlog_time_order(const struct tu_revlog *log);

#endif
