/*
 * ktlog.c - the in-memory response log of tutor/ktlog.h (no I/O here; the
 * TSV reader is ktlog_read.c).
 */
#include <stdlib.h>
#include <string.h>
#include "tutor/ktlog.h"
#include "kt_internal.h"

void tu_ktlog_init(struct tu_ktlog *log)
{
	memset(log, 0, sizeof(*log));
}

void tu_ktlog_release(struct tu_ktlog *log)
{
	free(log->rows);
	tu_ktlog_init(log);
}

enum tu_status tu__ktlog_reserve(struct tu_ktlog *log, size_t want,
				 struct tu_err *err)
{
	struct tu_kt_row *rows;
	size_t cap = log->cap ? log->cap : 64;

	if (want <= log->cap)
		return TU_OK;
	while (cap < want)
		cap *= 2;
	rows = realloc(log->rows, cap * sizeof(*rows));
	if (!rows)
		return tu_err_set(err, TU_ENOMEM,
				  "ktlog: out of memory for %zu rows", cap);
	log->rows = rows;
	log->cap = cap;
	return TU_OK;
}

enum tu_status tu_ktlog_append(struct tu_ktlog *log,
			       const struct tu_kt_row *row,
			       struct tu_err *err)
{
	enum tu_status st;

	if (row->user >= TU_KTLOG_MAX_ID || row->item >= TU_KTLOG_MAX_ID ||
	    row->skill >= TU_KTLOG_MAX_ID)
		return tu_err_set(err, TU_ERANGE,
				  "ktlog: row %zu: id out of range (max %u)",
				  log->n, TU_KTLOG_MAX_ID - 1);
	if (row->correct > 1)
		return tu_err_set(err, TU_ERANGE,
				  "ktlog: row %zu: correct must be 0 or 1, got %u",
				  log->n, (unsigned)row->correct);
	if (log->n >= TU_KTLOG_MAX_ROWS)
		return tu_err_set(err, TU_ERANGE, "ktlog: more than %u rows",
				  TU_KTLOG_MAX_ROWS);
	st = tu__ktlog_reserve(log, log->n + 1, err);
	if (st)
		return st;
	log->rows[log->n++] = *row;
	if (row->user >= log->n_users)
		log->n_users = row->user + 1;
	if (row->item >= log->n_items)
		log->n_items = row->item + 1;
	if (row->skill >= log->n_skills)
		log->n_skills = row->skill + 1;
	return TU_OK;
}
