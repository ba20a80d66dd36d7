/*
 * err.c - status names and the error-record helpers of tutor/err.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include "tutor/err.h"

const char *tu_strerror(enum tu_status code)
{
	switch (code) {
	case TU_OK: return "ok";
	case TU_EINVAL: return "invalid argument";
	case TU_ENOMEM: return "out of memory";
	case TU_EIO: return "input/output error";
	case TU_EPARSE: return "malformed input";
	case TU_ERANGE: return "value out of range";
	case TU_ENOTFOUND: return "not found";
	case TU_EDATA: return "unusable data";
	case TU_EINTERNAL: return "internal error";
	case TU_ECONFLICT: return "version conflict";
	case TU_ECORRUPT: return "corrupt data";
	case TU_ETIMEOUT: return "timed out";
	case TU_EUNAVAIL: return "service unavailable";
	case TU_EBUDGET: return "budget exhausted";
	}
	return "unknown error";
}

enum tu_status tu_err_set(struct tu_err *err, enum tu_status code,
			  const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void tu_err_clear(struct tu_err *err)
{
	if (!err)
		return;
	err->code = TU_OK;
	err->msg[0] = '\0';
}
