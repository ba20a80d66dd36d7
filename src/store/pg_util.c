/*
 * pg_util.c - the PostgreSQL backend's small pure helpers: building
 * binary-format statement arguments and reading binary-format result
 * columns (pg_internal.h).
 *
 * Binary format: a bigint travels as 8 bytes in network order, text and
 * bytea as their raw bytes.  Reading, an integer column is decoded by its
 * length (bool 1, int2 2, int4 4, int8 8 bytes), so a count(*) and a
 * bigint column read alike.
 *
 * What it is not: no connection handling and no SQL (pg.c, pg_sql.c).
 */
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

void tu__pg_args_init(struct tu__pg_args *a)
{
	memset(a, 0, sizeof(*a));
}

/* The next free slot (the caller never passes more than ARGS_MAX). */
static int slot(struct tu__pg_args *a)
{
	return a->n < TU__PG_ARGS_MAX ? a->n++ : TU__PG_ARGS_MAX - 1;
}

void tu__pg_i64(struct tu__pg_args *a, int64_t v)
{
	int i = slot(a);
	uint64_t u = (uint64_t)v;

	for (int b = 7; b >= 0; b--) {
		a->num[i][b] = (char)(unsigned char)(u & 0xffu);
		u >>= 8;
	}
	a->val[i] = a->num[i];
	a->len[i] = 8;
	a->fmt[i] = 1;
}

void tu__pg_text(struct tu__pg_args *a, const char *s)
{
	int i = slot(a);

	a->val[i] = s;
	a->len[i] = s ? (int)strlen(s) : 0;
	a->fmt[i] = 1;
}

void tu__pg_bytes(struct tu__pg_args *a, const void *p, size_t len)
{
	int i = slot(a);

	a->val[i] = len > 0 ? p : "";
	a->len[i] = (int)len;
	a->fmt[i] = 1;
}

int64_t tu__pg_int(const PGresult *r, int row, int col)
{
	const unsigned char *v;
	int len;
	uint64_t u = 0;

	if (PQgetisnull(r, row, col))
		return 0;
	v = (const unsigned char *)PQgetvalue(r, row, col);
	len = PQgetlength(r, row, col);
	if (len != 1 && len != 2 && len != 4 && len != 8)
		return 0;
	for (int i = 0; i < len; i++)
		u = (u << 8) | v[i];
	if (len < 8 && len > 1 && (v[0] & 0x80u))
		u |= ~(uint64_t)0 << (8 * len);    /* sign-extend */
	return (int64_t)u;
}

enum tu_status tu__pg_str(const struct tu__pg *p, const PGresult *r, int row,
			  int col, char *buf, size_t cap, const char *what,
			  struct tu_err *err)
{
	int n = PQgetisnull(r, row, col) ? 0 : PQgetlength(r, row, col);

	if (n <= 0) {
		buf[0] = '\0';
		return TU_OK;
	}
	if ((size_t)n >= cap)
		return tu_err_set(err, TU_ECORRUPT, "postgresql database '%s': "
				  "%s: %d bytes, at most %zu", p->db, what, n,
				  cap - 1);
	memcpy(buf, PQgetvalue(r, row, col), (size_t)n);
	buf[n] = '\0';
	if (memchr(buf, '\0', (size_t)n))
		return tu_err_set(err, TU_ECORRUPT, "postgresql database '%s': "
				  "%s: NUL byte inside", p->db, what);
	return TU_OK;
}

uint64_t tu__pg_changes(PGresult *r)
{
	const char *t = PQcmdTuples(r);

	return t && t[0] ? strtoull(t, NULL, 10) : 0;
}

struct tu__pg *tu__pg_of(struct tu_store *s)
{
	return (struct tu__pg *)(void *)s;
}

bool tu__pg_state_is(const struct tu__pg *p, const char *state)
{
	return strcmp(p->sqlstate, state) == 0;
}
