/*
 * tutor/err.h - status codes and the error record every fallible call fills.
 *
 * Every function in libtutor that can fail returns an enum tu_status (0 is
 * TU_OK) and, when the caller passes a non-NULL struct tu_err, writes a
 * human-readable message there that names where and why ("file.tsv:12:
 * column 4 'correct': expected 0 or 1, got '7'").  The record is owned by
 * the caller (usually on the stack); nothing in it needs freeing.
 *
 * This module is not a logger: it never prints.
 */
#ifndef TUTOR_ERR_H
#define TUTOR_ERR_H

#include <stddef.h>

enum tu_status {
	TU_OK = 0,
	TU_EINVAL,    /* a caller passed an invalid argument or value */
	TU_ENOMEM,    /* an allocation failed */
	TU_EIO,       /* a file or stream could not be read or written */
	TU_EPARSE,    /* outside input is malformed */
	TU_ERANGE,    /* a value or size is outside its allowed range */
	TU_ENOTFOUND, /* a named thing does not exist */
	TU_EDATA,     /* input is well-formed but unusable (empty, one class) */
	TU_EINTERNAL, /* a bug: an invariant did not hold */
	TU_ECONFLICT, /* a compare-and-set lost: the version moved on */
	TU_ECORRUPT,  /* stored data failed its checksum or cannot be decoded */
	TU_ETIMEOUT,  /* a remote service did not answer in time */
	TU_EUNAVAIL,  /* a remote service is not configured, refused or
			 failed after its retries (callers fall back) */
	TU_EBUDGET    /* a request or token budget is used up */
};

#define TU_ERR_MSG_MAX 512

struct tu_err {
	enum tu_status code;
	char msg[TU_ERR_MSG_MAX];
};

#define TU_ERR_INIT { TU_OK, { 0 } }

/* Returns a static, never-freed name for a status ("invalid argument"). */
const char *tu_strerror(enum tu_status code);

/*
 * Records code and a printf-style message in err (which may be NULL, then
 * only the code is returned).  Returns code, so call sites are one line:
 *   return tu_err_set(err, TU_EPARSE, "%s:%zu: bad value", path, line);
 */
enum tu_status tu_err_set(struct tu_err *err, enum tu_status code,
			  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Resets err to TU_OK with an empty message; err may be NULL. */
void tu_err_clear(struct tu_err *err);

#endif
