/*
 * ini.c - the course .ini syntax (docs/content-format.md, "THE .ini
 * SYNTAX") over a memory buffer: sections "[kind]" / "[kind id]", keys
 * "key = value" with continuation lines, comments, LF or CRLF, strict
 * UTF-8, bounded file, line, section and key counts.
 *
 * It is only the syntax: which kinds and keys exist and what values mean
 * is decided by the loaders (course.c, problem_meta.c, actions.c).  No
 * I/O, no globals; a fuzz target drives tu__ini_parse directly.
 */
#include <stdlib.h>
#include <string.h>
#include "tutor/utf8.h"
#include "content_internal.h"

#define SECTIONS_MAX 16384   /* sections per file */
#define KEYS_MAX 256         /* keys per section */

struct parser {
	struct tu__ini *ini;
	const char *path;
	struct tu_err *err;
	int line;
	struct tu__ini_key *cont;  /* the key a continuation line extends */
};

void tu__ini_init(struct tu__ini *ini)
{
	memset(ini, 0, sizeof(*ini));
}

void tu__ini_release(struct tu__ini *ini)
{
	for (size_t i = 0; i < ini->n_sec; i++) {
		for (size_t j = 0; j < ini->sec[i].n_keys; j++)
			free(ini->sec[i].keys[j].value);
		free(ini->sec[i].keys);
	}
	free(ini->sec);
	tu__ini_init(ini);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void trim(const char **s, size_t *n)
{
	while (*n > 0 && is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_blank((*s)[*n - 1]))
		(*n)--;
}

bool tu__ini_is_id(const char *s, size_t len)
{
	if (len == 0 || len >= TU_ID_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			  (i > 0 && (c == '.' || c == '_' || c == '-'));

		if (!ok)
			return false;
	}
	return true;
}

/* A [wrong FILE] id: "wrong/" optional, then [A-Za-z0-9_][A-Za-z0-9._-]*. */
static bool is_file_id(const char *s, size_t len)
{
	size_t i = 0;

	if (len >= TU_ID_MAX)
		return false;
	if (len > 6 && memcmp(s, "wrong/", 6) == 0)
		i = 6;
	if (i == len || s[i] == '.' || s[i] == '-')
		return false;
	for (; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

static bool is_kind(const char *s, size_t len)
{
	if (len == 0 || len >= TU__INI_KIND_MAX || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (size_t i = 1; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

static bool is_key(const char *s, size_t len)
{
	if (len == 0 || len >= TU__INI_KEY_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		      s[i] == '.'))
			return false;
	return true;
}


/* Rejects invalid UTF-8 and control characters other than tab. */
static enum tu_status check_text(struct parser *P, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t k = 1;

		if (u[i] >= 0x80)
			k = tu_utf8_seq(u + i, n - i);
		if (k == 0)
			return tu_err_set(P->err, TU_EPARSE, "%s:%d: invalid "
					  "UTF-8 at column %zu", P->path,
					  P->line, i + 1);
		if ((u[i] < 0x20 && u[i] != '\t') || u[i] == 0x7f)
			return tu_err_set(P->err, TU_EPARSE, "%s:%d: control "
					  "character 0x%02x at column %zu",
					  P->path, P->line, u[i], i + 1);
		i += k;
	}
	return TU_OK;
}

/* Appends n bytes of s to k's value, after sep when the value is not
 * empty. */
static enum tu_status value_add(struct parser *P, struct tu__ini_key *k,
				const char *s, size_t n, bool sep)
{
	size_t need = k->len + (sep && k->len ? 1 : 0) + n + 1;

	if (need > k->cap) {
		size_t cap = k->cap ? k->cap : 32;
		char *v;

		while (cap < need)
			cap *= 2;
		v = realloc(k->value, cap);
		if (!v)
			return tu_err_set(P->err, TU_ENOMEM, "%s:%d: out of "
					  "memory", P->path, P->line);
		k->value = v;
		k->cap = cap;
	}
	if (sep && k->len)
		k->value[k->len++] = ' ';
	memcpy(k->value + k->len, s, n);
	k->len += n;
	k->value[k->len] = '\0';
	return TU_OK;
}

static enum tu_status add_section(struct parser *P, const char *kind,
				  size_t nk, const char *id, size_t ni)
{
	struct tu__ini *ini = P->ini;
	struct tu__ini_section *s;

	if (ini->n_sec == SECTIONS_MAX)
		return tu_err_set(P->err, TU_ERANGE, "%s:%d: more than %d "
				  "sections", P->path, P->line, SECTIONS_MAX);
	if (ini->n_sec == ini->cap_sec) {
		size_t cap = ini->cap_sec ? 2 * ini->cap_sec : 16;
		void *p = realloc(ini->sec, cap * sizeof(*ini->sec));

		if (!p)
			return tu_err_set(P->err, TU_ENOMEM, "%s:%d: out of "
					  "memory", P->path, P->line);
		ini->sec = p;
		ini->cap_sec = cap;
	}
	s = &ini->sec[ini->n_sec++];
	memset(s, 0, sizeof(*s));
	memcpy(s->kind, kind, nk);
	memcpy(s->id, id, ni);
	s->line = P->line;
	return TU_OK;
}

/* "[kind]" or "[kind id]", blanks allowed inside the brackets. */
static enum tu_status header(struct parser *P, const char *s, size_t n)
{
	const char *kind, *id;
	size_t nk = 0, ni;
	bool wrong;

	trim(&s, &n);
	if (n < 2 || s[n - 1] != ']')
		return tu_err_set(P->err, TU_EPARSE, "%s:%d: section header "
				  "without a closing ']'", P->path, P->line);
	kind = s + 1;
	n -= 2;
	trim(&kind, &n);
	while (nk < n && !is_blank(kind[nk]))
		nk++;
	id = kind + nk;
	ni = n - nk;
	trim(&id, &ni);
	if (!is_kind(kind, nk))
		return tu_err_set(P->err, TU_EPARSE, "%s:%d: bad section kind "
				  "'%.*s' (expected [a-z][a-z0-9_]*, at most "
				  "%d bytes)", P->path, P->line, (int)nk, kind,
				  TU__INI_KIND_MAX - 1);
	wrong = nk == 5 && memcmp(kind, "wrong", 5) == 0;
	if (ni > 0 && !(wrong ? is_file_id(id, ni) : tu__ini_is_id(id, ni)))
		return tu_err_set(P->err, TU_EPARSE, "%s:%d: bad section id "
				  "'%.*s' in [%.*s ...] (expected %s, at most "
				  "%d bytes)", P->path, P->line, (int)ni, id,
				  (int)nk, kind, wrong ?
				  "a file name [A-Za-z0-9_][A-Za-z0-9._-]*" :
				  "[a-z0-9][a-z0-9._-]*", TU_ID_MAX - 1);
	return add_section(P, kind, nk, id, ni);
}

static enum tu_status add_key(struct parser *P, struct tu__ini_section *sec,
			      const char *key, size_t nk)
{
	for (size_t i = 0; i < sec->n_keys; i++)
		if (strlen(sec->keys[i].key) == nk &&
		    memcmp(sec->keys[i].key, key, nk) == 0)
			return tu_err_set(P->err, TU_EPARSE, "%s:%d: duplicate "
					  "key '%.*s' (first at line %d)",
					  P->path, P->line, (int)nk, key,
					  sec->keys[i].line);
	if (sec->n_keys == KEYS_MAX)
		return tu_err_set(P->err, TU_ERANGE, "%s:%d: more than %d keys "
				  "in one section", P->path, P->line, KEYS_MAX);
	if (sec->n_keys == sec->cap_keys) {
		size_t cap = sec->cap_keys ? 2 * sec->cap_keys : 8;
		void *p = realloc(sec->keys, cap * sizeof(*sec->keys));

		if (!p)
			return tu_err_set(P->err, TU_ENOMEM, "%s:%d: out of "
					  "memory", P->path, P->line);
		sec->keys = p;
		sec->cap_keys = cap;
	}
	P->cont = &sec->keys[sec->n_keys++];
	memset(P->cont, 0, sizeof(*P->cont));
	memcpy(P->cont->key, key, nk);
	P->cont->line = P->line;
	return TU_OK;
}

static enum tu_status key_line(struct parser *P, const char *s, size_t n)
{
	const char *eq = memchr(s, '=', n);
	const char *key = s, *val;
	size_t nk, nv;
	enum tu_status st;

	if (!eq)
		return tu_err_set(P->err, TU_EPARSE, "%s:%d: expected 'key = "
				  "value', a [section] header or a comment",
				  P->path, P->line);
	nk = (size_t)(eq - s);
	trim(&key, &nk);
	val = eq + 1;
	nv = n - (size_t)(val - s);
	trim(&val, &nv);
	if (!is_key(key, nk))
		return tu_err_set(P->err, TU_EPARSE, "%s:%d: bad key '%.*s' "
				  "(expected [a-z0-9_.]+, at most %d bytes)",
				  P->path, P->line, (int)nk, key,
				  TU__INI_KEY_MAX - 1);
	if (P->ini->n_sec == 0)
		return tu_err_set(P->err, TU_EPARSE, "%s:%d: key '%.*s' "
				  "outside a section", P->path, P->line,
				  (int)nk, key);
	st = add_key(P, &P->ini->sec[P->ini->n_sec - 1], key, nk);
	if (st == TU_OK)
		st = value_add(P, P->cont, val, nv, false);
	return st;
}

static enum tu_status parse_line(struct parser *P, const char *s, size_t n)
{
	const char *t = s;
	size_t nt = n;
	enum tu_status st = check_text(P, s, n);

	if (st)
		return st;
	trim(&t, &nt);
	if (nt == 0) {
		P->cont = NULL;
		return TU_OK;
	}
	if (is_blank(s[0]) && P->cont)
		return value_add(P, P->cont, t, nt, true);
	P->cont = NULL;
	if (t[0] == '#' || t[0] == ';')
		return TU_OK;
	if (is_blank(s[0]))
		return tu_err_set(P->err, TU_EPARSE, "%s:%d: indented line "
				  "outside a value (a continuation line must "
				  "follow a key)", P->path, P->line);
	if (s[0] == '[')
		return header(P, s, n);
	return key_line(P, s, n);
}

static int cmp_sec(const void *a, const void *b)
{
	const struct tu__ini_section *x =
		*(const struct tu__ini_section *const *)a;
	const struct tu__ini_section *y =
		*(const struct tu__ini_section *const *)b;
	int r = strcmp(x->kind, y->kind);

	if (r == 0)
		r = strcmp(x->id, y->id);
	if (r == 0)
		r = (x->line > y->line) - (x->line < y->line);
	return r;
}

/* Reports the duplicate section with the lowest line, if any. */
static enum tu_status check_dup_sections(struct parser *P)
{
	struct tu__ini *ini = P->ini;
	const struct tu__ini_section **v, *dup = NULL, *first = NULL;

	if (ini->n_sec < 2)
		return TU_OK;
	v = malloc(ini->n_sec * sizeof(*v));
	if (!v)
		return tu_err_set(P->err, TU_ENOMEM, "%s: out of memory",
				  P->path);
	for (size_t i = 0; i < ini->n_sec; i++)
		v[i] = &ini->sec[i];
	qsort(v, ini->n_sec, sizeof(*v), cmp_sec);
	for (size_t i = 1; i < ini->n_sec; i++)
		if (strcmp(v[i]->kind, v[i - 1]->kind) == 0 &&
		    strcmp(v[i]->id, v[i - 1]->id) == 0 &&
		    (!dup || v[i]->line < dup->line)) {
			dup = v[i];
			first = v[i - 1];
		}
	free(v);
	if (!dup)
		return TU_OK;
	return tu_err_set(P->err, TU_EPARSE, "%s:%d: duplicate section "
			  "[%s%s%s] (first at line %d)", P->path, dup->line,
			  dup->kind, dup->id[0] ? " " : "", dup->id,
			  first->line);
}

enum tu_status tu__ini_parse(struct tu__ini *ini, const char *buf,
			     size_t len, const char *path, struct tu_err *err)
{
	struct parser P = { ini, path, err, 0, NULL };
	enum tu_status st = TU_OK;
	size_t pos = 0;

	tu__ini_init(ini);
	if (len > TU_CONTENT_FILE_MAX)
		return tu_err_set(err, TU_ERANGE, "%s: file larger than %u "
				  "bytes", path, TU_CONTENT_FILE_MAX);
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		pos = 3;  /* a UTF-8 byte-order mark */
	while (st == TU_OK && pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len, n = end - pos;

		P.line++;
		if (n > 0 && buf[pos + n - 1] == '\r')
			n--;
		if (n > TU_CONTENT_LINE_MAX)
			st = tu_err_set(err, TU_ERANGE, "%s:%d: line longer "
					"than %d bytes", path, P.line,
					TU_CONTENT_LINE_MAX);
		else
			st = parse_line(&P, buf + pos, n);
		pos = end + 1;
	}
	if (st == TU_OK)
		st = check_dup_sections(&P);
	if (st)
		tu__ini_release(ini);
	return st;
}
