/*
 * schema.c - turning parsed .ini keys into checked values: required and
 * unknown keys, bounded text, comma lists, enumerations, numbers and
 * language lists.  Every message names "PATH:LINE: " and the key.
 *
 * Pure: no I/O, no allocation, no globals.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "content_internal.h"

void tu__sec_label(const struct tu__ini_section *s, char *buf, size_t cap)
{
	snprintf(buf, cap, "[%s%s%s]", s->kind, s->id[0] ? " " : "", s->id);
}

const struct tu__ini_key *tu__sec_get(const struct tu__ini_section *s,
				      const char *key)
{
	for (size_t i = 0; i < s->n_keys; i++)
		if (strcmp(s->keys[i].key, key) == 0)
			return &s->keys[i];
	return NULL;
}

enum tu_status tu__sec_only_keys(const struct tu__ini_section *s,
				 const char *const *allowed,
				 const char *path, struct tu_err *err)
{
	char label[TU__INI_KIND_MAX + TU_ID_MAX + 4];

	for (size_t i = 0; i < s->n_keys; i++) {
		size_t j = 0;

		while (allowed[j] && strcmp(allowed[j], s->keys[i].key) != 0)
			j++;
		if (allowed[j])
			continue;
		tu__sec_label(s, label, sizeof(label));
		return tu_err_set(err, TU_EDATA, "%s:%d: %s: unknown key '%s'",
				  path, s->keys[i].line, label,
				  s->keys[i].key);
	}
	return TU_OK;
}

enum tu_status tu__sec_need(const struct tu__ini_section *s, const char *key,
			    const char *path, const struct tu__ini_key **out,
			    struct tu_err *err)
{
	char label[TU__INI_KIND_MAX + TU_ID_MAX + 4];

	*out = tu__sec_get(s, key);
	if (*out)
		return TU_OK;
	tu__sec_label(s, label, sizeof(label));
	return tu_err_set(err, TU_EDATA, "%s:%d: %s: missing key '%s'", path,
			  s->line, label, key);
}

enum tu_status tu__key_text(const struct tu__ini_key *k, char *dst,
			    size_t cap, const char *path, struct tu_err *err)
{
	if (k->len >= cap)
		return tu_err_set(err, TU_ERANGE, "%s:%d: %s: value longer "
				  "than %zu bytes", path, k->line, k->key,
				  cap - 1);
	memcpy(dst, k->value, k->len + 1);
	return TU_OK;
}

enum tu_status tu__sec_text(const struct tu__ini_section *s, const char *key,
			    char *dst, size_t cap, const char *path,
			    struct tu_err *err)
{
	const struct tu__ini_key *k;
	enum tu_status st = tu__sec_need(s, key, path, &k, err);

	return st ? st : tu__key_text(k, dst, cap, path, err);
}

enum tu_status tu__sec_opt_text(const struct tu__ini_section *s,
				const char *key, char *dst, size_t cap,
				const char *path, struct tu_err *err)
{
	const struct tu__ini_key *k = tu__sec_get(s, key);

	return k ? tu__key_text(k, dst, cap, path, err) : TU_OK;
}

/* Checks one list item (trimmed) and stores it as item number *n. */
static enum tu_status list_item(const struct tu__ini_key *k, const char *s,
				size_t len, char *out, size_t max,
				size_t item_cap, bool ids, size_t *n,
				const char *path, struct tu_err *err)
{
	if (len == 0)
		return tu_err_set(err, TU_EPARSE, "%s:%d: %s: empty list item",
				  path, k->line, k->key);
	if (*n == max)
		return tu_err_set(err, TU_ERANGE, "%s:%d: %s: more than %zu "
				  "items", path, k->line, k->key, max);
	if (len >= item_cap)
		return tu_err_set(err, TU_ERANGE, "%s:%d: %s: item '%.*s' "
				  "longer than %zu bytes", path, k->line,
				  k->key, (int)len, s, item_cap - 1);
	if (ids && !tu__ini_is_id(s, len))
		return tu_err_set(err, TU_EPARSE, "%s:%d: %s: '%.*s' is not an "
				  "id ([a-z0-9][a-z0-9._-]*)", path, k->line,
				  k->key, (int)len, s);
	for (size_t i = 0; i < *n; i++)
		if (strlen(out + i * item_cap) == len &&
		    memcmp(out + i * item_cap, s, len) == 0)
			return tu_err_set(err, TU_EDATA, "%s:%d: %s: '%.*s' "
					  "listed twice", path, k->line,
					  k->key, (int)len, s);
	memcpy(out + *n * item_cap, s, len);
	out[*n * item_cap + len] = '\0';
	(*n)++;
	return TU_OK;
}

enum tu_status tu__key_list(const struct tu__ini_key *k, char *out,
			    size_t max, size_t item_cap, bool ids, size_t *n,
			    const char *path, struct tu_err *err)
{
	const char *p = k->value, *end = k->value + k->len;

	*n = 0;
	if (k->len == 0)
		return TU_OK;
	for (;;) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *e = comma ? comma : end;
		enum tu_status st;

		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		st = list_item(k, p, (size_t)(e - p), out, max, item_cap, ids,
			       n, path, err);
		if (st || !comma)
			return st;
		p = comma + 1;
	}
}

enum tu_status tu__key_enum(const struct tu__ini_key *k,
			    const char *const *names, size_t n, int *out,
			    const char *path, struct tu_err *err)
{
	char want[256];
	size_t len = 0;

	for (size_t i = 0; i < n; i++)
		if (strcmp(k->value, names[i]) == 0) {
			*out = (int)i;
			return TU_OK;
		}
	want[0] = '\0';
	for (size_t i = 0; i < n && len < sizeof(want); i++)
		len += (size_t)snprintf(want + len, sizeof(want) - len, "%s%s",
					i == 0 ? "" : i + 1 == n ? " or " : ", ",
					names[i]);
	return tu_err_set(err, TU_EDATA, "%s:%d: %s: expected %s, got '%s'",
			  path, k->line, k->key, want, k->value);
}

enum tu_status tu__key_number(const struct tu__ini_key *k, double lo,
			      bool lo_open, double hi, double *out,
			      const char *path, struct tu_err *err)
{
	char *end = NULL;
	double v = 0;
	bool ok = k->len > 0 && k->len < 32 &&
		  strspn(k->value, "0123456789.eE+-") == k->len;

	if (ok)
		v = strtod(k->value, &end);
	ok = ok && end == k->value + k->len && isfinite(v) &&
	     (lo_open ? v > lo : v >= lo) && v <= hi;
	if (!ok)
		return tu_err_set(err, TU_EDATA, "%s:%d: %s: expected a number "
				  "%s %g and <= %g, got '%s'", path, k->line,
				  k->key, lo_open ? ">" : ">=", lo, hi,
				  k->value);
	*out = v;
	return TU_OK;
}

enum tu_status tu__key_langs(const struct tu__ini_key *k, bool langs[TU_LANGS],
			     const char *path, struct tu_err *err)
{
	char items[4][TU_SHORT_MAX];
	size_t n;
	enum tu_status st = tu__key_list(k, items[0], 4, TU_SHORT_MAX, false,
					 &n, path, err);

	for (size_t i = 0; i < TU_LANGS; i++)
		langs[i] = false;
	if (st)
		return st;
	if (n == 0)
		return tu_err_set(err, TU_EDATA, "%s:%d: %s: no language (python, "
				  "c)", path, k->line, k->key);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(items[i], "python") == 0)
			langs[TU_LANG_PYTHON] = true;
		else if (strcmp(items[i], "c") == 0)
			langs[TU_LANG_C] = true;
		else
			return tu_err_set(err, TU_EDATA, "%s:%d: %s: unknown "
					  "language '%s' (python, c)", path,
					  k->line, k->key, items[i]);
	}
	return TU_OK;
}
