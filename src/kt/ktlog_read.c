/*
 * ktlog_read.c - the strict TSV reader of tutor/ktlog.h.
 *
 * tu_ktlog_parse works on a memory buffer (pure, fuzzed); only
 * tu_ktlog_read_file touches the file system.  Decisions beyond the header
 * contract: a UTF-8 byte-order mark before the header is skipped; "\r\n"
 * line ends are accepted (the '\r' is dropped); the last line may lack its
 * newline; an empty line anywhere (also a trailing blank line) is an
 * error; timestamps may be any 64-bit integer, negative included.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "tutor/ktlog.h"
#include "kt_internal.h"

enum col { C_USER, C_ITEM, C_TIME, C_CORRECT, C_SKILL, N_COLS };

static const char *const col_names[N_COLS] = {
	"user_id", "item_id", "timestamp", "correct", "skill_id"
};

#define SHOW_MAX 40 /* bytes of a bad field quoted in a message */

struct parser {
	const char *name;
	size_t line;
	int col_at[N_COLS];  /* file position -> enum col */
};

/* A line of the buffer without its "\n" or "\r\n". */
struct span {
	const char *s;
	size_t len;
};

/* Cuts the next line at *pos; returns 0 at the end of the buffer. */
static int next_line(const char *buf, size_t len, size_t *pos,
		     struct span *out)
{
	const char *s = buf + *pos, *nl;
	size_t rest = len - *pos;

	if (*pos >= len)
		return 0;
	nl = memchr(s, '\n', rest);
	out->s = s;
	out->len = nl ? (size_t)(nl - s) : rest;
	*pos += out->len + (nl ? 1 : 0);
	if (out->len > 0 && s[out->len - 1] == '\r')
		out->len--;
	return 1;
}

/* Splits line at tabs into f[0..N_COLS); returns the field count (may
 * exceed N_COLS, then only the first N_COLS are stored). */
static size_t split_fields(struct span line, struct span *f)
{
	size_t n = 0, start = 0;

	for (size_t i = 0; i <= line.len; i++) {
		if (i < line.len && line.s[i] != '\t')
			continue;
		if (n < N_COLS) {
			f[n].s = line.s + start;
			f[n].len = i - start;
		}
		n++;
		start = i + 1;
	}
	return n;
}

static int is_nan_text(struct span f)
{
	const char *s = f.s;
	size_t n = f.len;

	if (n > 0 && (*s == '-' || *s == '+')) {
		s++;
		n--;
	}
	return n == 3 && (s[0] | 32) == 'n' && (s[1] | 32) == 'a' &&
	       (s[2] | 32) == 'n';
}

static enum tu_status field_error(const struct parser *p, enum col c,
				  struct span f, enum tu_status code,
				  const char *why, struct tu_err *err)
{
	int show = (int)(f.len < SHOW_MAX ? f.len : SHOW_MAX);

	return tu_err_set(err, code, "%s:%zu: column '%s': %s, got '%.*s%s'",
			  p->name, p->line, col_names[c], why, show, f.s,
			  f.len > SHOW_MAX ? "..." : "");
}

/* Parses f as a decimal int64 (optional leading '-'). */
static enum tu_status parse_int(const struct parser *p, enum col c,
				struct span f, int64_t *out,
				struct tu_err *err)
{
	size_t i = 0;
	int neg = 0;
	uint64_t v = 0, lim;

	if (f.len == 0)
		return field_error(p, c, f, TU_EPARSE,
				   "expected an integer, field is empty", err);
	if (is_nan_text(f))
		return field_error(p, c, f, TU_EPARSE,
				   "NaN is not an integer", err);
	if (f.s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == f.len)
		return field_error(p, c, f, TU_EPARSE, "expected an integer",
				   err);
	lim = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
	for (; i < f.len; i++) {
		unsigned d = (unsigned)(unsigned char)f.s[i] - '0';

		if (d > 9)
			return field_error(p, c, f, TU_EPARSE,
					   "expected an integer", err);
		if (v > (lim - d) / 10)
			return field_error(p, c, f, TU_ERANGE,
					   "integer out of range", err);
		v = v * 10 + d;
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return TU_OK;
}

/* Parses an id column: an integer in [0, TU_KTLOG_MAX_ID). */
static enum tu_status parse_id(const struct parser *p, enum col c,
			       struct span f, uint32_t *out,
			       struct tu_err *err)
{
	int64_t v;
	enum tu_status st = parse_int(p, c, f, &v, err);

	if (st)
		return st;
	if (v < 0)
		return field_error(p, c, f, TU_ERANGE,
				   "ids must not be negative", err);
	if (v >= (int64_t)TU_KTLOG_MAX_ID)
		return field_error(p, c, f, TU_ERANGE,
				   "id too large (limit 10000000)", err);
	*out = (uint32_t)v;
	return TU_OK;
}

static enum tu_status parse_correct(const struct parser *p, struct span f,
				    uint8_t *out, struct tu_err *err)
{
	int64_t v;
	enum tu_status st = parse_int(p, C_CORRECT, f, &v, err);

	if (st)
		return st;
	if (v != 0 && v != 1)
		return field_error(p, C_CORRECT, f, TU_ERANGE,
				   "expected 0 or 1", err);
	*out = (uint8_t)v;
	return TU_OK;
}

static enum tu_status check_line(const struct parser *p, struct span line,
				 struct tu_err *err)
{
	if (line.len > TU_KTLOG_MAX_LINE)
		return tu_err_set(err, TU_ERANGE,
				  "%s:%zu: line is %zu bytes long (limit %d)",
				  p->name, p->line, line.len, TU_KTLOG_MAX_LINE);
	if (line.len == 0)
		return tu_err_set(err, TU_EPARSE, "%s:%zu: empty line",
				  p->name, p->line);
	return TU_OK;
}

static int find_col(struct span f)
{
	for (int c = 0; c < N_COLS; c++)
		if (strlen(col_names[c]) == f.len &&
		    memcmp(col_names[c], f.s, f.len) == 0)
			return c;
	return -1;
}

static enum tu_status parse_header(struct parser *p, struct span line,
				   struct tu_err *err)
{
	struct span f[N_COLS];
	int seen[N_COLS] = { 0 };
	size_t n = split_fields(line, f);
	int show;

	for (size_t i = 0; i < n && i < N_COLS; i++) {
		int c = find_col(f[i]);

		show = (int)(f[i].len < SHOW_MAX ? f[i].len : SHOW_MAX);
		if (c < 0)
			return tu_err_set(err, TU_EPARSE,
					  "%s:%zu: header: unknown column '%.*s' (expected user_id, item_id, timestamp, correct, skill_id)",
					  p->name, p->line, show, f[i].s);
		if (seen[c])
			return tu_err_set(err, TU_EPARSE,
					  "%s:%zu: header: column '%s' appears twice",
					  p->name, p->line, col_names[c]);
		seen[c] = 1;
		p->col_at[i] = c;
	}
	if (n > N_COLS)
		return tu_err_set(err, TU_EPARSE,
				  "%s:%zu: header: %zu columns, expected %d",
				  p->name, p->line, n, N_COLS);
	for (int c = 0; c < N_COLS; c++)
		if (!seen[c])
			return tu_err_set(err, TU_EPARSE,
					  "%s:%zu: header: missing column '%s'",
					  p->name, p->line, col_names[c]);
	return TU_OK;
}

static enum tu_status parse_field(const struct parser *p, enum col c,
				  struct span f, struct tu_kt_row *row,
				  struct tu_err *err)
{
	switch (c) {
	case C_USER: return parse_id(p, c, f, &row->user, err);
	case C_ITEM: return parse_id(p, c, f, &row->item, err);
	case C_SKILL: return parse_id(p, c, f, &row->skill, err);
	case C_TIME: return parse_int(p, c, f, &row->timestamp, err);
	case C_CORRECT: return parse_correct(p, f, &row->correct, err);
	case N_COLS: break;
	}
	return tu_err_set(err, TU_EINTERNAL, "%s:%zu: bad column index",
			  p->name, p->line);
}

static enum tu_status parse_row(const struct parser *p, struct span line,
				struct tu_kt_row *row, struct tu_err *err)
{
	struct span f[N_COLS];
	size_t n = split_fields(line, f);
	enum tu_status st;

	if (n != N_COLS)
		return tu_err_set(err, TU_EPARSE,
				  "%s:%zu: expected %d tab-separated fields, got %zu",
				  p->name, p->line, N_COLS, n);
	memset(row, 0, sizeof(*row));
	for (int i = 0; i < N_COLS; i++) {
		st = parse_field(p, (enum col)p->col_at[i], f[i], row, err);
		if (st)
			return st;
	}
	return TU_OK;
}

/* Reserves one row per newline so appends never reallocate. */
static enum tu_status reserve_rows(struct tu_ktlog *log, const char *buf,
				   size_t len, struct tu_err *err)
{
	size_t lines = 1;
	const char *s = buf, *end = buf + len;

	while ((s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		lines++;
		s++;
		if (lines > TU_KTLOG_MAX_ROWS)
			break;
	}
	return tu__ktlog_reserve(log, lines, err);
}

static enum tu_status parse_body(struct tu_ktlog *log, struct parser *p,
				 const char *buf, size_t len, size_t pos,
				 struct tu_err *err)
{
	struct span line;
	struct tu_kt_row row;
	enum tu_status st;

	while (next_line(buf, len, &pos, &line)) {
		p->line++;
		st = check_line(p, line, err);
		if (!st)
			st = parse_row(p, line, &row, err);
		if (!st && log->n >= TU_KTLOG_MAX_ROWS)
			st = tu_err_set(err, TU_ERANGE,
					"%s:%zu: more than %u data rows",
					p->name, p->line, TU_KTLOG_MAX_ROWS);
		if (!st)
			st = tu_ktlog_append(log, &row, err);
		if (st)
			return st;
	}
	if (log->n == 0)
		return tu_err_set(err, TU_EDATA,
				  "%s:%zu: header only, no data rows",
				  p->name, p->line);
	return TU_OK;
}

enum tu_status tu_ktlog_parse(struct tu_ktlog *log, const char *buf,
			      size_t len, const char *name,
			      struct tu_err *err)
{
	struct parser p = { name ? name : "<buffer>", 1, { 0 } };
	struct span line;
	size_t pos = 0;
	enum tu_status st;

	if (log->n != 0)
		return tu_err_set(err, TU_EINVAL,
				  "%s: tu_ktlog_parse needs an empty log", p.name);
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	if (!next_line(buf, len, &pos, &line))
		return tu_err_set(err, TU_EDATA,
				  "%s:1: empty file, expected a header line",
				  p.name);
	st = check_line(&p, line, err);
	if (!st)
		st = parse_header(&p, line, err);
	if (!st)
		st = reserve_rows(log, buf, len, err);
	if (!st)
		st = parse_body(log, &p, buf, len, pos, err);
	if (st)
		tu_ktlog_release(log);
	return st;
}

/* Reads the whole of f (size bytes expected) into a new buffer. */
static enum tu_status slurp(FILE *f, const char *path, size_t size,
			    char **out, struct tu_err *err)
{
	char *buf = malloc(size ? size : 1);
	size_t got;

	if (!buf)
		return tu_err_set(err, TU_ENOMEM,
				  "%s: out of memory for %zu bytes", path, size);
	got = fread(buf, 1, size, f);
	if (got != size || ferror(f)) {
		free(buf);
		return tu_err_set(err, TU_EIO, "%s: read error", path);
	}
	*out = buf;
	return TU_OK;
}

enum tu_status tu_ktlog_read_file(struct tu_ktlog *log, const char *path,
				  struct tu_err *err)
{
	FILE *f = fopen(path, "rb");
	struct stat sb;
	char *buf = NULL;
	enum tu_status st;

	if (!f)
		return tu_err_set(err, TU_EIO, "%s: %s", path, strerror(errno));
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fclose(f);
		return tu_err_set(err, TU_EIO, "%s: not a regular file", path);
	}
	if ((uint64_t)sb.st_size > TU_KTLOG_MAX_BYTES) {
		fclose(f);
		return tu_err_set(err, TU_ERANGE,
				  "%s: file is %lld bytes (limit %u)", path,
				  (long long)sb.st_size, TU_KTLOG_MAX_BYTES);
	}
	st = slurp(f, path, (size_t)sb.st_size, &buf, err);
	fclose(f);
	if (st)
		return st;
	st = tu_ktlog_parse(log, buf, (size_t)sb.st_size, path, err);
	free(buf);
	return st;
}
