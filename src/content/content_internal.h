/*
 * content_internal.h - private interfaces of the course loader
 * (src/content): the .ini parser, the schema helpers that turn parsed
 * keys into checked values, the bounded file reader and the per-file
 * loaders.  Nothing here is part of the public API (tutor/content.h).
 *
 * The parser (ini.c) works on a memory buffer and knows nothing about
 * courses, so a fuzz target can drive it alone.  Every message written by
 * these functions starts with "PATH:LINE: " (or "PATH: " when no line
 * applies), PATH being the display path the caller passes in.
 */
#ifndef TUTOR_CONTENT_INTERNAL_H
#define TUTOR_CONTENT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include "tutor/content.h"

/* ------------------------------------------------------------------ */
/* The .ini parser (ini.c)                                             */

#define TU__INI_KIND_MAX 32   /* section kind, bytes incl. NUL */
#define TU__INI_KEY_MAX 64    /* key, bytes incl. NUL */

struct tu__ini_key {
	char key[TU__INI_KEY_MAX];
	char *value;          /* trimmed, continuations joined, NUL-terminated */
	size_t len;           /* strlen(value) */
	size_t cap;           /* private: allocated bytes of value */
	int line;             /* line of the key */
};

struct tu__ini_section {
	char kind[TU__INI_KIND_MAX];
	char id[TU_ID_MAX];   /* "" for "[kind]" */
	int line;             /* line of the header */
	struct tu__ini_key *keys;   /* in file order */
	size_t n_keys, cap_keys;
};

struct tu__ini {
	struct tu__ini_section *sec; /* in file order */
	size_t n_sec, cap_sec;
};

/* Makes ini empty; allocates nothing. */
void tu__ini_init(struct tu__ini *ini);

/* Frees everything ini owns and leaves it empty. */
void tu__ini_release(struct tu__ini *ini);

/*
 * Parses len bytes of buf (borrowed; need not be NUL-terminated) as the
 * .ini syntax of docs/content-format.md into ini (initialised, empty).
 * path is used only in messages.  Errors (ini left empty): TU_ERANGE
 * above TU_CONTENT_FILE_MAX bytes or TU_CONTENT_LINE_MAX bytes per line;
 * TU_EPARSE invalid UTF-8, a control character, a bad header, kind, id
 * or key, a line outside a section, a stray continuation line, a
 * duplicate section or key; TU_ENOMEM.
 */
enum tu_status tu__ini_parse(struct tu__ini *ini, const char *buf,
			     size_t len, const char *path,
			     struct tu_err *err);

/* True when s is a valid id: [a-z0-9][a-z0-9._-]*, 1..TU_ID_MAX-1 bytes. */
bool tu__ini_is_id(const char *s, size_t len);

/* ------------------------------------------------------------------ */
/* Schema helpers (schema.c)                                           */

/* Writes "[kind]" or "[kind id]" for messages into buf. */
void tu__sec_label(const struct tu__ini_section *s, char *buf, size_t cap);

/* The key named key in s, NULL when absent. */
const struct tu__ini_key *tu__sec_get(const struct tu__ini_section *s,
				      const char *key);

/* TU_EDATA "PATH:LINE: [sec]: unknown key 'k'" for the first key of s
 * not in allowed (NULL-terminated). */
enum tu_status tu__sec_only_keys(const struct tu__ini_section *s,
				 const char *const *allowed,
				 const char *path, struct tu_err *err);

/* *out = key of s; TU_EDATA "PATH:LINE: [sec]: missing key 'k'" (the
 * section's line) when absent. */
enum tu_status tu__sec_need(const struct tu__ini_section *s, const char *key,
			    const char *path, const struct tu__ini_key **out,
			    struct tu_err *err);

/* Copies k's value into dst (cap bytes); TU_ERANGE when it does not fit. */
enum tu_status tu__key_text(const struct tu__ini_key *k, char *dst,
			    size_t cap, const char *path, struct tu_err *err);

/* Copies the required key's value; tu__sec_need + tu__key_text. */
enum tu_status tu__sec_text(const struct tu__ini_section *s, const char *key,
			    char *dst, size_t cap, const char *path,
			    struct tu_err *err);

/* Like tu__sec_text, but an absent key leaves dst untouched. */
enum tu_status tu__sec_opt_text(const struct tu__ini_section *s,
				const char *key, char *dst, size_t cap,
				const char *path, struct tu_err *err);

/*
 * Splits k's value at commas into out (max items of item_cap bytes each,
 * laid out back to back), items trimmed.  An empty value gives 0 items.
 * TU_EPARSE an empty item; TU_ERANGE more than max items or an item of
 * item_cap bytes or more; TU_EDATA an item listed twice; and when ids,
 * TU_EPARSE an item that is not an id.
 */
enum tu_status tu__key_list(const struct tu__ini_key *k, char *out,
			    size_t max, size_t item_cap, bool ids, size_t *n,
			    const char *path, struct tu_err *err);

/* *out = index of k's value in names[0..n); TU_EDATA "PATH:LINE: key:
 * expected a, b or c, got 'x'" otherwise. */
enum tu_status tu__key_enum(const struct tu__ini_key *k,
			    const char *const *names, size_t n, int *out,
			    const char *path, struct tu_err *err);

/* *out = k's value as a finite decimal number in [lo, hi] (lo excluded
 * when lo_open); TU_EDATA otherwise. */
enum tu_status tu__key_number(const struct tu__ini_key *k, double lo,
			      bool lo_open, double hi, double *out,
			      const char *path, struct tu_err *err);

/* Parses a languages list ("python, c") into langs[]; TU_EDATA an
 * unknown language, none at all. */
enum tu_status tu__key_langs(const struct tu__ini_key *k, bool langs[TU_LANGS],
			     const char *path, struct tu_err *err);

/* ------------------------------------------------------------------ */
/* Files (files.c)                                                     */

struct tu__digest {
	char *rel;                       /* path relative to the course dir */
	char hex[TU_HASH_HEX_LEN + 1];   /* BLAKE2b-256 of the file's bytes */
};

/* One load in progress. */
struct tu__loader {
	const char *dir;                 /* the course dir as given (borrowed) */
	char root[TU_CONTENT_PATH_MAX];  /* its realpath */
	struct tu__digest *files;        /* every file read, in read order */
	size_t n_files, cap_files;
	struct tu_course *c;             /* being filled */
};

/* Display path of rel: dir as given joined with rel, truncated to fit. */
void tu__display(const struct tu__loader *L, const char *rel, char *out,
		 size_t cap);

/* True when rel is a safe relative path: not empty, not absolute, no
 * empty, "." or ".." component, no backslash, shorter than
 * TU_CONTENT_PATH_MAX. */
bool tu__rel_ok(const char *rel);

/*
 * Reads the regular file open at fd into *buf (NUL-terminated, new;
 * free) and *len: at most max bytes, else TU_ERANGE; a file that grows
 * while being read is TU_EIO.  disp names the file in messages.
 */
enum tu_status tu__read_fd(int fd, size_t max, const char *disp, char **buf,
			   size_t *len, struct tu_err *err);

/*
 * Reads the course file rel (a safe relative path) into *buf (new,
 * NUL-terminated, caller frees) and *len, and records its digest.  When
 * exists is non-NULL a missing file gives TU_OK, *exists false and *buf
 * NULL; otherwise TU_EIO "PATH: file does not exist".  TU_EIO a path
 * that leaves the course dir (symbolic links included), not a regular
 * file, a read error; TU_ERANGE above TU_CONTENT_FILE_MAX; TU_ENOMEM.
 */
enum tu_status tu__read(struct tu__loader *L, const char *rel, bool *exists,
			char **buf, size_t *len, struct tu_err *err);

/* tu__read, then TU_EPARSE "PATH: invalid UTF-8 or NUL byte at byte N"
 * unless the text is UTF-8 without NUL bytes. */
enum tu_status tu__read_text(struct tu__loader *L, const char *rel,
			     bool *exists, char **buf, struct tu_err *err);

/* Checks that rel is a directory inside the course dir and writes its
 * realpath into abs (TU_CONTENT_PATH_MAX bytes).  A missing directory
 * gives TU_OK and *exists false. */
enum tu_status tu__dir(const struct tu__loader *L, const char *rel,
		       char *abs, bool *exists, struct tu_err *err);

/*
 * Lists directory rel (checked as tu__dir; missing: TU_OK, *n 0) into
 * *names (new array of new strings, byte-wise sorted, entries starting
 * with '.' skipped; free with tu__names_free).  TU_ERANGE more than max
 * entries.
 */
enum tu_status tu__list(const struct tu__loader *L, const char *rel,
			size_t max, char ***names, size_t *n,
			struct tu_err *err);
void tu__names_free(char **names, size_t n);

/* Frees the digests. */
void tu__loader_release(struct tu__loader *L);

/* Writes the course hash: over the digests sorted by path (duplicates
 * once), each as tu_hash_str(path) then tu_hash_str(hex digest). */
void tu__hash_files(struct tu__loader *L, char out[TU_HASH_HEX_LEN + 1]);

/* ------------------------------------------------------------------ */
/* Per-file loaders                                                    */

/* course.ini: the [course] section, topics (sorted by id, cycles
 * rejected) and misconceptions (sorted by id) into L->c. */
enum tu_status tu__course_ini(struct tu__loader *L, struct tu_err *err);

/* problems/<id>/: meta.ini, problem.json, statement, starters,
 * solutions, hints and wrong solutions into *p.  Needs the topics and
 * misconceptions of L->c. */
enum tu_status tu__problem(struct tu__loader *L, const char *id,
			   struct tu_course_problem *p, struct tu_err *err);

/* Frees what *p owns (not p itself). */
void tu__problem_release(struct tu_course_problem *p);

/* (Re)builds c->curriculum from c->problems and c->graph; label names the
 * course in messages. */
enum tu_status tu__course_curriculum(struct tu_course *c, const char *label,
				     struct tu_err *err);

/* actions.ini (optional) and the bodies into L->c (sorted by id).  Needs
 * the topics and problems of L->c. */
enum tu_status tu__actions_ini(struct tu__loader *L, struct tu_err *err);

/* Binary search by id over n elements of size bytes whose first member
 * is char id[TU_ID_MAX], sorted by strcmp; NULL when absent. */
const void *tu__find_id(const void *base, size_t n, size_t size,
			const char *id);

/* qsort comparator for such elements. */
int tu__cmp_id(const void *a, const void *b);

/* Language file extension: "py" / "c". */
const char *tu__lang_ext(enum tu_lang l);

#endif
