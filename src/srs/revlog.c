/*
 * revlog.c - strict parser of review-log CSV held in memory.  No I/O;
 * contract in tutor/revlog.h.
 */
#include <stdlib.h>
#include <string.h>
#include "tutor/revlog.h"

#define HEADER "card_id,review_rating,review_time,review_duration"
#define N_COLS 4
#define MAX_DURATION_MS 86400000LL  /* one day */
#define MAX_ID_DIGITS 18

static const char *const col_names[N_COLS] = {
	"card_id", "review_rating", "review_time", "review_duration"
};

struct field {
	const char *p;
	size_t len;
};

struct parser {
	const char *name;
	size_t line;
	struct tu_err *err;
};

void tu_revlog_init(struct tu_revlog *log)
{
	log->rows = NULL;
	log->n = 0;
	log->cap = 0;
}

void tu_revlog_release(struct tu_revlog *log)
{
	free(log->rows);
	tu_revlog_init(log);
}

/* Parses an unsigned decimal of at most max_digits digits. */
static int parse_uint(const char *s, size_t len, size_t max_digits,
		      int64_t *out)
{
	int64_t v = 0;

	if (len == 0)
		return -1;
	if (len > max_digits)
		return -2;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int digits(const char *s, size_t n, int *out)
{
	int64_t v;

	if (parse_uint(s, n, n, &v))
		return -1;
	*out = (int)v;
	return 0;
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				    30, 31 };

	return m == 2 && leap(y) ? 29 : dm[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (civil calendar). */
static int64_t days_from_civil(int y, int m, int d)
{
	int64_t yy = m <= 2 ? y - 1 : y;
	int64_t era = yy / 400;
	int64_t yoe = yy - era * 400;
	int64_t mp = (m + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* Fraction ".f{1,6}" at s; returns bytes used or -1; *us microseconds. */
static int parse_fraction(const char *s, size_t len, int32_t *us)
{
	size_t n = 0;
	int32_t v = 0;

	*us = 0;
	if (len == 0 || s[0] != '.')
		return 0;
	while (n + 1 < len && n < 7 && s[n + 1] >= '0' && s[n + 1] <= '9') {
		v = v * 10 + (s[n + 1] - '0');
		n++;
	}
	if (n == 0 || n > 6)
		return -1;
	for (size_t k = n; k < 6; k++)
		v *= 10;
	*us = v;
	return (int)n + 1;
}

static int time_shape(const char *s, size_t len)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:dd";

	if (len < sizeof(pat) - 1)
		return -1;
	for (size_t i = 0; i < sizeof(pat) - 1; i++) {
		if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pat[i])
			return -1;
	}
	return 0;
}

static int utc_suffix(const char *s, size_t len)
{
	return (len == 1 && s[0] == 'Z') ||
	       (len == 6 && memcmp(s, "+00:00", 6) == 0);
}

int tu_revlog_parse_time(const char *s, size_t len, int64_t *ms,
			 int32_t *micros)
{
	int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0, used;
	int32_t us;

	if (time_shape(s, len))
		return -1;
	digits(s, 4, &y);
	digits(s + 5, 2, &mo);
	digits(s + 8, 2, &d);
	digits(s + 11, 2, &h);
	digits(s + 14, 2, &mi);
	digits(s + 17, 2, &se);
	used = parse_fraction(s + 19, len - 19, &us);
	if (used < 0 || !utc_suffix(s + 19 + used, len - 19 - (size_t)used))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h > 23 || mi > 59 || se > 59)
		return -2;
	*ms = ((days_from_civil(y, mo, d) * 24 + h) * 60 + mi) * 60000LL +
	      se * 1000LL + us / 1000;
	*micros = us % 1000;
	return 0;
}

static enum tu_status col_error(struct parser *ps, int col, int rc,
				const struct field *f, const char *why)
{
	int shown = f->len > 40 ? 40 : (int)f->len;

	return tu_err_set(ps->err, rc == -2 ? TU_ERANGE : TU_EPARSE,
			  "%s:%zu: column '%s': %s, got '%.*s'", ps->name,
			  ps->line, col_names[col], why, shown, f->p);
}

static enum tu_status split_fields(struct parser *ps, const char *line,
				   size_t len, struct field *f)
{
	size_t col = 0, start = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && line[i] != ',')
			continue;
		if (col == N_COLS)
			return tu_err_set(ps->err, TU_EPARSE, "%s:%zu: expected "
					  "4 columns, got more", ps->name,
					  ps->line);
		f[col].p = line + start;
		f[col].len = i - start;
		col++;
		start = i + 1;
	}
	if (col != N_COLS)
		return tu_err_set(ps->err, TU_EPARSE, "%s:%zu: expected 4 "
				  "columns, got %zu", ps->name, ps->line, col);
	return TU_OK;
}

static enum tu_status parse_row(struct parser *ps, const char *line,
				size_t len, struct tu_revlog_row *row)
{
	struct field f[N_COLS];
	int64_t v;
	int rc;
	enum tu_status st = split_fields(ps, line, len, f);

	if (st)
		return st;
	rc = parse_uint(f[0].p, f[0].len, MAX_ID_DIGITS, &row->card_id);
	if (rc || row->card_id == 0)
		return col_error(ps, 0, rc, &f[0], "expected a positive "
				 "integer of at most 18 digits");
	rc = parse_uint(f[1].p, f[1].len, 1, &v);
	if (rc || v < 1 || v > 4)
		return col_error(ps, 1, rc ? rc : -2, &f[1],
				 "expected 1, 2, 3 or 4");
	row->rating = (int32_t)v;
	rc = tu_revlog_parse_time(f[2].p, f[2].len, &row->time_ms,
				  &row->micros);
	if (rc)
		return col_error(ps, 2, rc, &f[2], "expected ISO-8601 UTC "
				 "YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00");
	rc = parse_uint(f[3].p, f[3].len, 9, &row->duration_ms);
	if (rc || row->duration_ms > MAX_DURATION_MS)
		return col_error(ps, 3, rc ? rc : -2, &f[3], "expected "
				 "milliseconds 0..86400000");
	return TU_OK;
}

static enum tu_status push_row(struct tu_revlog *log,
			       const struct tu_revlog_row *row,
			       struct parser *ps)
{
	struct tu_revlog_row *grown;
	size_t cap;

	if (log->n == TU_REVLOG_MAX_ROWS)
		return tu_err_set(ps->err, TU_ERANGE, "%s:%zu: more than %u "
				  "rows", ps->name, ps->line,
				  TU_REVLOG_MAX_ROWS);
	if (log->n == log->cap) {
		cap = log->cap ? log->cap * 2 : 1024;
		grown = realloc(log->rows, cap * sizeof(*grown));
		if (!grown)
			return tu_err_set(ps->err, TU_ENOMEM, "%s:%zu: out of "
					  "memory", ps->name, ps->line);
		log->rows = grown;
		log->cap = cap;
	}
	log->rows[log->n++] = *row;
	return TU_OK;
}

/* Checks line length and bytes; strips one trailing '\r'. */
static enum tu_status check_line(struct parser *ps, const char *line,
				 size_t *len)
{
	if (*len > TU_REVLOG_LINE_MAX)
		return tu_err_set(ps->err, TU_ERANGE, "%s:%zu: line longer "
				  "than %d bytes", ps->name, ps->line,
				  TU_REVLOG_LINE_MAX);
	if (*len && line[*len - 1] == '\r')
		(*len)--;
	if (memchr(line, '\0', *len) || memchr(line, '\r', *len))
		return tu_err_set(ps->err, TU_EPARSE, "%s:%zu: NUL or CR "
				  "byte inside a line", ps->name, ps->line);
	return TU_OK;
}

static enum tu_status parse_line(struct parser *ps, struct tu_revlog *out,
				 const char *line, size_t len)
{
	struct tu_revlog_row row;
	enum tu_status st = check_line(ps, line, &len);

	if (st)
		return st;
	if (ps->line == 1) {
		if (len != strlen(HEADER) || memcmp(line, HEADER, len) != 0)
			return tu_err_set(ps->err, TU_EPARSE, "%s:1: expected "
					  "header '%s'", ps->name, HEADER);
		return TU_OK;
	}
	if (len == 0)
		return tu_err_set(ps->err, TU_EPARSE, "%s:%zu: empty line",
				  ps->name, ps->line);
	st = parse_row(ps, line, len, &row);
	return st ? st : push_row(out, &row, ps);
}

static enum tu_status parse_all(struct parser *ps, struct tu_revlog *out,
				const char *buf, size_t len)
{
	size_t pos = 0;
	enum tu_status st;

	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len;

		ps->line++;
		st = parse_line(ps, out, buf + pos, end - pos);
		if (st)
			return st;
		pos = end + 1;
	}
	if (ps->line == 0)
		return tu_err_set(ps->err, TU_EDATA, "%s:1: empty input, "
				  "expected header '%s'", ps->name, HEADER);
	if (out->n == 0)
		return tu_err_set(ps->err, TU_EDATA, "%s:%zu: no reviews after "
				  "the header", ps->name, ps->line);
	return TU_OK;
}

enum tu_status tu_revlog_parse(struct tu_revlog *log, const char *buf,
			       size_t len, const char *name,
			       struct tu_err *err)
{
	struct parser ps = { name ? name : "<buffer>", 0, err };
	struct tu_revlog tmp;
	enum tu_status st;

	if (len > TU_REVLOG_MAX_BYTES)
		return tu_err_set(err, TU_ERANGE, "%s: input larger than %u "
				  "bytes", ps.name, TU_REVLOG_MAX_BYTES);
	if (!buf && len)
		return tu_err_set(err, TU_EINVAL, "%s: NULL buffer", ps.name);
	tu_revlog_init(&tmp);
	st = parse_all(&ps, &tmp, buf, len);
	if (st) {
		tu_revlog_release(&tmp);
		return st;
	}
	tu_revlog_release(log);
	*log = tmp;
	return TU_OK;
}

struct order_ctx {
	const struct tu_revlog *log;
};

static int cmp_pos(const void *a, const void *b, void *ctx)
{
	const struct tu_revlog *log = ((struct order_ctx *)ctx)->log;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct tu_revlog_row *x = &log->rows[i], *y = &log->rows[j];

	if (x->time_ms != y->time_ms)
		return x->time_ms < y->time_ms ? -1 : 1;
	if (x->micros != y->micros)
		return x->micros < y->micros ? -1 : 1;
	return i < j ? -1 : i > j;
}

size_t *tu_revlog_time_order(const struct tu_revlog *log)
{
	struct order_ctx ctx = { log };
	size_t *pos;

	if (log->n == 0)
		return NULL;
	pos = malloc(log->n * sizeof(*pos));
	if (!pos)
		return NULL;
	for (size_t i = 0; i < log->n; i++)
		pos[i] = i;
	qsort_r(pos, log->n, sizeof(*pos), cmp_pos, &ctx);
	return pos;
}
