/*
 * mlp_file.c - the model file of tutor/mlp.h: tu_mlp_save, tu_mlp_load
 * and the strict parser behind them, tu_mlp_parse.  The only file of
 * src/policy that does I/O.
 *
 * The format is text, one item a line, "\n" line ends:
 *
 *   tutor-mlp 1
 *   n_in 5
 *   hidden 8 4                (the widths; "hidden" alone: no hidden layer)
 *   feature_set next-action   ("feature_set" alone: none recorded)
 *   feature_version 1
 *   n_params 89
 *   <n_params lines: one parameter each, %.17g, in the order of m->w>
 *   blake2b <64 hex digits: BLAKE2b-256 of every byte before this line>
 *
 * %.17g round-trips every finite double bit-exactly through strtod.  The
 * parser checks, in this order: the size limit, the first line, the
 * checksum line (so a truncated or edited file is TU_ECORRUPT before any
 * field is trusted), then every key in its fixed order, then exactly
 * n_params parameters.  It never reads past len and never needs a NUL.
 * Saving writes a temporary file next to the target, fsyncs it and
 * renames it over the target, so readers see the old or the new model,
 * never half of one.
 *
 * Not a general serialiser: one version, no optional keys, no comments.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tutor/hash.h"
#include "tutor/file.h"
#include "tutor/mlp.h"

#define HEADER "tutor-mlp 1"
#define HEADER_LEN (sizeof(HEADER) - 1)
#define SUM_KEY "blake2b "
#define SUM_KEY_LEN (sizeof(SUM_KEY) - 1)
#define LINE_MAX_BYTES 256      /* any line but the checksum line */
#define PATH_MAX_BYTES 4096

/* Parameters implied by the sizes (the layout of tutor/mlp.h). */
static size_t count_params(const struct tu_mlp *m)
{
	size_t n = 0, in = m->n_in;

	for (uint32_t l = 0; l < m->n_hidden; l++) {
		n += in * m->width[l] + m->width[l];
		in = m->width[l];
	}
	return n + in + 1;
}

static int feature_byte_ok(unsigned char ch)
{
	return ch >= 0x21 && ch <= 0x7e;
}

/* ---- saving ----------------------------------------------------------- */

static enum tu_status check_model(const struct tu_mlp *m, const char *path,
				  struct tu_err *err)
{
	size_t fs = strnlen(m->feature_set, sizeof(m->feature_set));

	if (m->n_in < 1 || m->n_in > TU_MLP_MAX_WIDTH ||
	    m->n_hidden > TU_MLP_MAX_LAYERS)
		return tu_err_set(err, TU_EINVAL, "%s: cannot save: sizes out "
				  "of range", path);
	for (uint32_t l = 0; l < m->n_hidden; l++)
		if (m->width[l] < 1 || m->width[l] > TU_MLP_MAX_WIDTH)
			return tu_err_set(err, TU_EINVAL, "%s: cannot save: "
					  "hidden layer %u width %u out of "
					  "range", path, l + 1, m->width[l]);
	if (!m->w || m->n_params != count_params(m))
		return tu_err_set(err, TU_EINVAL, "%s: cannot save: %zu "
				  "parameters do not match the sizes", path,
				  m->n_params);
	if (fs == sizeof(m->feature_set))
		return tu_err_set(err, TU_EINVAL, "%s: cannot save: "
				  "feature_set is not terminated", path);
	for (size_t i = 0; i < fs; i++)
		if (!feature_byte_ok((unsigned char)m->feature_set[i]))
			return tu_err_set(err, TU_EINVAL, "%s: cannot save: "
					  "feature_set byte %zu is not "
					  "printable ASCII", path, i + 1);
	for (size_t j = 0; j < m->n_params; j++)
		if (!isfinite(m->w[j]))
			return tu_err_set(err, TU_EINVAL, "%s: cannot save: "
					  "parameter %zu is not finite", path,
					  j + 1);
	return TU_OK;
}

struct text {
	char *b;
	size_t len, cap;
};

__attribute__((format(printf, 2, 3)))
static int put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t->b + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= t->cap - t->len)
		return -1;
	t->len += (size_t)n;
	return 0;
}

/* The whole file in t (allocated to fit); -1 when out of memory. */
static int render(const struct tu_mlp *m, struct text *t)
{
	char hex[TU_HASH_HEX_LEN + 1];
	int bad;

	t->len = 0;
	t->cap = 512 + 32 * m->n_params;
	t->b = malloc(t->cap);
	if (!t->b)
		return -1;
	bad = put(t, "%s\nn_in %u\nhidden", HEADER, m->n_in);
	for (uint32_t l = 0; l < m->n_hidden; l++)
		bad |= put(t, " %u", m->width[l]);
	bad |= put(t, "\nfeature_set%s%s\nfeature_version %u\nn_params %zu\n",
		   m->feature_set[0] ? " " : "", m->feature_set,
		   m->feature_version, m->n_params);
	for (size_t j = 0; j < m->n_params; j++)
		bad |= put(t, "%.17g\n", m->w[j]);
	tu_hash_hex(t->b, t->len, hex);
	bad |= put(t, "%s%s\n", SUM_KEY, hex);
	return bad;
}

/* Writes t to path atomically (tutor/file.h). */
static enum tu_status write_atomic(const struct text *t, const char *path,
				   struct tu_err *err)
{
	return tu_file_write_atomic(path, t->b, t->len, err);
}

enum tu_status tu_mlp_save(const struct tu_mlp *m, const char *path,
			   struct tu_err *err)
{
	struct text t;
	enum tu_status st;

	if (!path || !*path)
		return tu_err_set(err, TU_EINVAL, "mlp: no path to save to");
	if (strlen(path) > PATH_MAX_BYTES)
		return tu_err_set(err, TU_ERANGE, "%.64s...: path longer than "
				  "%d bytes", path, PATH_MAX_BYTES);
	st = check_model(m, path, err);
	if (st)
		return st;
	if (render(m, &t) != 0) {
		free(t.b);
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory while "
				  "writing the model", path);
	}
	st = write_atomic(&t, path, err);
	free(t.b);
	return st;
}

/* ---- loading ---------------------------------------------------------- */

/* Reads the rest of fd into *out (n bytes, at most TU_MLP_FILE_MAX). */
static enum tu_status read_fd(int fd, size_t cap, const char *path,
			      char **out, size_t *len, struct tu_err *err)
{
	char *b = malloc(cap), *grown;
	size_t n = 0;
	ssize_t r;

	while (b) {
		if (n == cap) {
			if (cap > TU_MLP_FILE_MAX)
				break;
			cap = cap > TU_MLP_FILE_MAX / 2 ? TU_MLP_FILE_MAX + 1
							 : 2 * cap;
			grown = realloc(b, cap);
			if (!grown)
				free(b);
			b = grown;
			continue;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(b);
			return tu_err_set(err, TU_EIO, "%s: read error: %s",
					  path, strerror(errno));
		}
		if (r == 0) {
			*out = b;
			*len = n;
			return TU_OK;
		}
		n += (size_t)r;
	}
	if (!b)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", path);
	free(b);
	return tu_err_set(err, TU_ERANGE, "%s: file larger than %zu bytes",
			  path, TU_MLP_FILE_MAX);
}

static enum tu_status read_file(const char *path, char **out, size_t *len,
				struct tu_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	enum tu_status st;

	if (fd < 0)
		return tu_err_set(err, TU_EIO, "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0)
		st = tu_err_set(err, TU_EIO, "%s: %s", path, strerror(errno));
	else if (!S_ISREG(sb.st_mode))
		st = tu_err_set(err, TU_EIO, "%s: not a regular file", path);
	else if ((uint64_t)sb.st_size > TU_MLP_FILE_MAX)
		st = tu_err_set(err, TU_ERANGE, "%s: file of %lld bytes, "
				"larger than %zu", path,
				(long long)sb.st_size, TU_MLP_FILE_MAX);
	else
		st = read_fd(fd, (size_t)sb.st_size + 1, path, out, len, err);
	close(fd);
	return st;
}

enum tu_status tu_mlp_load(struct tu_mlp *m, const char *path,
			   struct tu_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	enum tu_status st;

	if (!path || !*path)
		return tu_err_set(err, TU_EINVAL, "mlp: no path to load from");
	st = read_file(path, &buf, &len, err);
	if (st)
		return st;
	st = tu_mlp_parse(m, buf, len, path, err);
	free(buf);
	return st;
}

/* ---- parsing ---------------------------------------------------------- */

struct cursor {
	const char *buf;
	size_t len;                /* the body: everything before the
				      checksum line, ending in '\n' */
	size_t pos;
	size_t line;               /* number of the line last read */
	const char *name;
};

/* The number of the line that starts at or contains byte pos. */
static size_t line_at(const char *buf, size_t pos)
{
	size_t line = 1;

	for (size_t i = 0; i < pos; i++)
		line += buf[i] == '\n';
	return line;
}

/* The next body line (without '\n') in *s, *n; 0 at the end. */
static int next_line(struct cursor *c, const char **s, size_t *n)
{
	const char *nl;

	if (c->pos >= c->len)
		return 0;
	*s = c->buf + c->pos;
	nl = memchr(*s, '\n', c->len - c->pos);
	*n = nl ? (size_t)(nl - *s) : c->len - c->pos;
	c->pos += *n + 1;
	c->line++;
	return 1;
}

/* The next line, which must exist and hold `what`. */
static enum tu_status need_line(struct cursor *c, const char *what,
				const char **s, size_t *n, struct tu_err *err)
{
	if (!next_line(c, s, n))
		return tu_err_set(err, TU_EPARSE, "%s:%zu: expected %s, found "
				  "the checksum line", c->name, c->line + 1,
				  what);
	if (*n > LINE_MAX_BYTES)
		return tu_err_set(err, TU_EPARSE, "%s:%zu: line longer than "
				  "%d bytes", c->name, c->line,
				  LINE_MAX_BYTES);
	return TU_OK;
}

/*
 * When line s[n] is "key" or "key <value>": returns 1 with *v = NULL for
 * the bare key, else *v, *vn = the value (possibly empty).  0 otherwise.
 */
static int key_value(const char *s, size_t n, const char *key,
		     const char **v, size_t *vn)
{
	size_t k = strlen(key);

	if (n < k || memcmp(s, key, k) != 0 || (n > k && s[k] != ' '))
		return 0;
	*v = n == k ? NULL : s + k + 1;
	*vn = n == k ? 0 : n - k - 1;
	return 1;
}

/* Plain decimal digits into *out: TU_EPARSE if not, TU_EDATA if > max. */
static enum tu_status parse_uint(const char *s, size_t n, uint64_t max,
				 uint64_t *out)
{
	uint64_t v = 0;
	int big = 0;

	if (n == 0)
		return TU_EPARSE;
	for (size_t i = 0; i < n; i++) {
		uint64_t d = (uint64_t)(s[i] - '0');

		if (s[i] < '0' || s[i] > '9')
			return TU_EPARSE;
		if (big || v > max / 10 || d > max - v * 10)
			big = 1;
		else
			v = v * 10 + d;
	}
	*out = v;
	return big ? TU_EDATA : TU_OK;
}

/* A "key <number>" line with the number in lo..max. */
static enum tu_status uint_key(struct cursor *c, const char *key, uint64_t lo,
			       uint64_t max, uint64_t *out, struct tu_err *err)
{
	const char *s = NULL, *v = NULL;
	size_t n = 0, vn = 0;
	enum tu_status st = need_line(c, key, &s, &n, err);

	if (st)
		return st;
	if (!key_value(s, n, key, &v, &vn) || !v)
		return tu_err_set(err, TU_EPARSE, "%s:%zu: expected '%s "
				  "<number>'", c->name, c->line, key);
	st = parse_uint(v, vn, max, out);
	if (st == TU_EPARSE)
		return tu_err_set(err, st, "%s:%zu: %s: not a decimal number",
				  c->name, c->line, key);
	if (st || *out < lo)
		return tu_err_set(err, TU_EDATA, "%s:%zu: %s outside "
				  "%llu..%llu", c->name, c->line, key,
				  (unsigned long long)lo,
				  (unsigned long long)max);
	return TU_OK;
}

/* One width of the "hidden" line into t->width[t->n_hidden++]. */
static enum tu_status hidden_width(struct cursor *c, const char *s, size_t n,
				   struct tu_mlp *t, struct tu_err *err)
{
	uint64_t w = 0;
	enum tu_status st;

	if (t->n_hidden == TU_MLP_MAX_LAYERS)
		return tu_err_set(err, TU_EDATA, "%s:%zu: more than %d hidden "
				  "layers", c->name, c->line,
				  TU_MLP_MAX_LAYERS);
	st = parse_uint(s, n, TU_MLP_MAX_WIDTH, &w);
	if (st == TU_EPARSE)
		return tu_err_set(err, st, "%s:%zu: hidden layer %u: width is "
				  "not a decimal number", c->name, c->line,
				  t->n_hidden + 1);
	if (st || w < 1)
		return tu_err_set(err, TU_EDATA, "%s:%zu: hidden layer %u: "
				  "width outside 1..%d", c->name, c->line,
				  t->n_hidden + 1, TU_MLP_MAX_WIDTH);
	t->width[t->n_hidden++] = (uint32_t)w;
	return TU_OK;
}

static enum tu_status parse_hidden(struct cursor *c, struct tu_mlp *t,
				   struct tu_err *err)
{
	const char *s = NULL, *v = NULL, *end, *sp;
	size_t n = 0, vn = 0;
	enum tu_status st = need_line(c, "hidden", &s, &n, err);

	if (st)
		return st;
	if (!key_value(s, n, "hidden", &v, &vn))
		return tu_err_set(err, TU_EPARSE, "%s:%zu: expected 'hidden "
				  "[<width> ...]'", c->name, c->line);
	if (!v)
		return TU_OK;
	for (end = v + vn; v; v = sp ? sp + 1 : NULL) {
		sp = memchr(v, ' ', (size_t)(end - v));
		st = hidden_width(c, v, sp ? (size_t)(sp - v)
					   : (size_t)(end - v), t, err);
		if (st)
			return st;
	}
	return TU_OK;
}

static enum tu_status parse_feature_set(struct cursor *c, struct tu_mlp *t,
					struct tu_err *err)
{
	const char *s = NULL, *v = NULL;
	size_t n = 0, vn = 0;
	enum tu_status st = need_line(c, "feature_set", &s, &n, err);

	if (st)
		return st;
	if (!key_value(s, n, "feature_set", &v, &vn) || (v && vn == 0))
		return tu_err_set(err, TU_EPARSE, "%s:%zu: expected "
				  "'feature_set [<name>]'", c->name, c->line);
	if (vn >= sizeof(t->feature_set))
		return tu_err_set(err, TU_EDATA, "%s:%zu: feature_set longer "
				  "than %zu bytes", c->name, c->line,
				  sizeof(t->feature_set) - 1);
	for (size_t i = 0; i < vn; i++)
		if (!feature_byte_ok((unsigned char)v[i]))
			return tu_err_set(err, TU_EPARSE, "%s:%zu: feature_set "
					  "byte %zu is not printable ASCII",
					  c->name, c->line, i + 1);
	if (vn)
		memcpy(t->feature_set, v, vn);
	t->feature_set[vn] = '\0';
	return TU_OK;
}

/* The key lines; allocates t->w once n_params agrees with the sizes. */
static enum tu_status parse_keys(struct cursor *c, struct tu_mlp *t,
				 struct tu_err *err)
{
	uint64_t v = 0;
	enum tu_status st = uint_key(c, "n_in", 1, TU_MLP_MAX_WIDTH, &v, err);

	t->n_in = (uint32_t)v;
	if (!st)
		st = parse_hidden(c, t, err);
	if (!st)
		st = parse_feature_set(c, t, err);
	if (!st)
		st = uint_key(c, "feature_version", 0, UINT32_MAX, &v, err);
	t->feature_version = (uint32_t)v;
	if (!st)
		st = uint_key(c, "n_params", 1, UINT32_MAX, &v, err);
	if (st)
		return st;
	if (v != count_params(t))
		return tu_err_set(err, TU_EDATA, "%s:%zu: n_params is %llu but "
				  "n_in and hidden give %zu", c->name, c->line,
				  (unsigned long long)v, count_params(t));
	t->n_params = count_params(t);
	t->w = calloc(t->n_params, sizeof(double));
	if (!t->w)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory for %zu "
				  "parameters", c->name, t->n_params);
	return TU_OK;
}

static int number_byte_ok(char ch)
{
	return (ch >= '0' && ch <= '9') || ch == '+' || ch == '-' ||
	       ch == '.' || (((ch >= 'a' && ch <= 'z') ||
			      (ch >= 'A' && ch <= 'Z')) &&
			     ch != 'x' && ch != 'X');
}

/* A decimal double: TU_EPARSE if not one, TU_EDATA if not finite. */
static enum tu_status parse_double(const char *s, size_t n, double *out)
{
	char tmp[64], *end;

	if (n == 0 || n >= sizeof(tmp))
		return TU_EPARSE;
	for (size_t i = 0; i < n; i++)
		if (!number_byte_ok(s[i]))
			return TU_EPARSE;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	*out = strtod(tmp, &end);
	if (end != tmp + n)
		return TU_EPARSE;
	return isfinite(*out) ? TU_OK : TU_EDATA;
}

/* Exactly t->n_params parameter lines, then nothing before the sum. */
static enum tu_status parse_params(struct cursor *c, struct tu_mlp *t,
				   struct tu_err *err)
{
	const char *s = NULL;
	size_t n = 0;
	enum tu_status st;

	for (size_t j = 0; j < t->n_params; j++) {
		if (!next_line(c, &s, &n))
			return tu_err_set(err, TU_EDATA, "%s:%zu: n_params is "
					  "%zu but the file holds %zu "
					  "parameters", c->name, c->line + 1,
					  t->n_params, j);
		st = parse_double(s, n, &t->w[j]);
		if (st == TU_EPARSE)
			return tu_err_set(err, st, "%s:%zu: parameter %zu is "
					  "not a decimal number", c->name,
					  c->line, j + 1);
		if (st)
			return tu_err_set(err, st, "%s:%zu: parameter %zu is "
					  "not finite", c->name, c->line,
					  j + 1);
	}
	if (c->pos < c->len)
		return tu_err_set(err, TU_EDATA, "%s:%zu: more parameter lines "
				  "than n_params (%zu)", c->name, c->line + 1,
				  t->n_params);
	return TU_OK;
}

/* The first line must be exactly HEADER. */
static enum tu_status check_header(const char *buf, size_t len,
				   const char *name, struct tu_err *err)
{
	size_t n = len < 64 ? len : 64;
	const char *nl = n ? memchr(buf, '\n', n) : NULL;

	if (nl && (size_t)(nl - buf) == HEADER_LEN &&
	    memcmp(buf, HEADER, HEADER_LEN) == 0)
		return TU_OK;
	if (!nl && len <= HEADER_LEN && (len == 0 ||
					 memcmp(buf, HEADER, len) == 0))
		return tu_err_set(err, TU_ECORRUPT, "%s:1: the file ends "
				  "inside its first line (truncated?)", name);
	if (n >= 10 && memcmp(buf, "tutor-mlp ", 10) == 0)
		return tu_err_set(err, TU_EDATA, "%s:1: unsupported version "
				  "of the tutor-mlp format (this build reads "
				  "'%s')", name, HEADER);
	return tu_err_set(err, TU_EDATA, "%s:1: not a tutor-mlp file (the "
			  "first line must be '%s')", name, HEADER);
}

/* The last line must be the checksum of everything before it. */
static enum tu_status check_sum(const char *buf, size_t len, const char *name,
				size_t *body, struct tu_err *err)
{
	char hex[TU_HASH_HEX_LEN + 1];
	const char *nl;
	size_t start;

	if (buf[len - 1] != '\n')
		return tu_err_set(err, TU_ECORRUPT, "%s:%zu: the last line "
				  "has no newline (truncated?)", name,
				  line_at(buf, len));
	nl = len > 1 ? memrchr(buf, '\n', len - 1) : NULL;
	start = nl ? (size_t)(nl - buf) + 1 : 0;
	if (len - 1 - start != SUM_KEY_LEN + TU_HASH_HEX_LEN ||
	    memcmp(buf + start, SUM_KEY, SUM_KEY_LEN) != 0)
		return tu_err_set(err, TU_ECORRUPT, "%s:%zu: the file does not "
				  "end with a 'blake2b <hex>' line "
				  "(truncated?)", name, line_at(buf, start));
	tu_hash_hex(buf, start, hex);
	if (memcmp(hex, buf + start + SUM_KEY_LEN, TU_HASH_HEX_LEN) != 0)
		return tu_err_set(err, TU_ECORRUPT, "%s:%zu: checksum "
				  "mismatch: the file is corrupt or was "
				  "edited", name,
				  line_at(buf, start));
	*body = start;
	return TU_OK;
}

enum tu_status tu_mlp_parse(struct tu_mlp *m, const char *buf, size_t len,
			    const char *name, struct tu_err *err)
{
	struct tu_mlp t;
	struct cursor c = { buf, 0, HEADER_LEN + 1, 1, name };
	enum tu_status st;

	if (!name)
		c.name = name = "(buffer)";
	if (!buf)
		len = 0;
	if (len > TU_MLP_FILE_MAX)
		return tu_err_set(err, TU_ERANGE, "%s: %zu bytes, more than "
				  "the limit of %zu", name, len,
				  TU_MLP_FILE_MAX);
	st = check_header(buf, len, name, err);
	if (!st)
		st = check_sum(buf, len, name, &c.len, err);
	if (st)
		return st;
	tu_mlp_init(&t);
	st = parse_keys(&c, &t, err);
	if (!st)
		st = parse_params(&c, &t, err);
	if (st) {
		tu_mlp_release(&t);
		return st;
	}
	tu_mlp_release(m);
	*m = t;
	return TU_OK;
}
