/*
 * tutor/json.h - the strict JSON reading and writing helpers every codec
 * of libtutor shares (learner state, BKT and logistic models).
 *
 * A codec loads outside text with tu_json_load (size limit, duplicate
 * keys refused, jansson's line and column in the message), checks each
 * object's keys with tu_json_check_keys, reads fields with the typed
 * getters below and writes with tu_json_dump_take (17 significant digits,
 * so doubles round-trip bit-exactly).  Every failure returns a status and
 * one message naming the JSON path and why, in one house style:
 *
 *   $.topics[3].attempts: expected an integer, got a string
 *   $.lbfgs: expected an object                (the key is absent)
 *   $.skills[0].slip: 1.5 is outside [0, 1]
 *   $.window: must be an integer in [1, 64], got 65
 *   $.lbfgs.q: unknown key
 *
 * Getters take (o, path, key): the value is o's member key, and the
 * message names it "path.key"; with key NULL the value is o itself and the
 * message names it "path" (array elements: path "$.weights[3]").  A
 * getter writes *out only on success.
 *
 * This module is not a schema language and holds no state: no I/O, no
 * allocation except inside jansson.  Values a getter hands back are
 * borrowed from the tree and valid while the caller holds the root.
 */
#ifndef TUTOR_JSON_H
#define TUTOR_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "tutor/err.h"

/* How tu_json_check_keys treats the listed keys. */
enum tu_json_keys {
	/* Listed keys may be absent (getters report them); any other key
	 * is "path.key: unknown key". */
	TU_JSON_AT_MOST,
	/* Every listed key is required and no other is allowed; a schema of
	 * fields: "path.key: unknown field", "path.key: missing required
	 * field" (the learner codec's documented wording). */
	TU_JSON_EXACTLY
};

/*
 * Returns a static phrase naming v's type for messages: "an object",
 * "an array", "a string", "an integer", "a real number", "true", "false",
 * "null"; "nothing" when v is NULL.
 */
const char *tu_json_type_name(const json_t *v);

/*
 * Records TU_EPARSE "path.key: expected <want>, got <type of v>" (or
 * "path: ..." when key is NULL; without ", got ..." when v is NULL, i.e.
 * absent) and returns TU_EPARSE.  want is a phrase: "an integer time".
 */
enum tu_status tu_json_type_error(struct tu_err *err, const char *path,
				  const char *key, const char *want,
				  const json_t *v);

/*
 * Checks that o is an object whose keys are among the NULL-terminated
 * list keys (and, with TU_JSON_EXACTLY, that all of them are present).
 * The first unknown key found is reported before any missing one (the
 * first in list order).  TU_EPARSE; "path: expected an object, got ..."
 * when o is not an object.
 */
enum tu_status tu_json_check_keys(const json_t *o, const char *path,
				  const char *const *keys,
				  enum tu_json_keys mode, struct tu_err *err);

/*
 * A number (integer or real) in [lo, hi] into *out.  TU_EPARSE when absent
 * or not a number; TU_ERANGE "path.key: 1.5 is outside [0, 1]" (%g).
 */
enum tu_status tu_json_get_num(const json_t *o, const char *path,
			       const char *key, double lo, double hi,
			       double *out, struct tu_err *err);

/*
 * A JSON integer (1.0 is a real, not an integer) in [lo, hi] into *out.
 * TU_EPARSE when absent or not an integer; TU_ERANGE "path.key: must be
 * an integer in [lo, hi], got v".
 */
enum tu_status tu_json_get_int(const json_t *o, const char *path,
			       const char *key, int64_t lo, int64_t hi,
			       int64_t *out, struct tu_err *err);

/*
 * A string of fewer than cap bytes (cap >= 1) copied with its NUL into
 * dst[cap].  TU_EPARSE when absent or not a string; TU_ERANGE "path.key:
 * too long (n bytes, at most cap-1)".  (tu_json_load refuses \u0000,
 * so a loaded string never holds a NUL byte.)
 */
enum tu_status tu_json_get_str(const json_t *o, const char *path,
			       const char *key, char *dst, size_t cap,
			       struct tu_err *err);

/*
 * Checks that the value is the string want: TU_EPARSE "path.key:
 * expected \"want\"" otherwise (absent, another type or another string).
 * For format tags such as "tutor-bkt".
 */
enum tu_status tu_json_expect_str(const json_t *o, const char *path,
				  const char *key, const char *want,
				  struct tu_err *err);

/* true or false into *out; TU_EPARSE "expected true or false, got ...". */
enum tu_status tu_json_get_bool(const json_t *o, const char *path,
				const char *key, bool *out,
				struct tu_err *err);

/*
 * An array of at most max entries; *out borrows it from the tree.
 * TU_EPARSE when absent or not an array; TU_ERANGE "path.key: at most
 * max entries, got n".
 */
enum tu_status tu_json_get_array(const json_t *o, const char *path,
				 const char *key, size_t max,
				 const json_t **out, struct tu_err *err);

/*
 * Parses buf[0..len) (need not be NUL-terminated) with duplicate object
 * keys refused; *out is a new tree the caller frees with json_decref(),
 * NULL on error.  name labels the document in messages like a file name:
 *   TU_ERANGE "<name>: document of N bytes exceeds the limit of max"
 *   TU_EPARSE "<name>:<line>:<column>: <jansson's reason>"
 * With name NULL the document is its JSON root "$":
 *   TU_EPARSE "$: invalid JSON at line L, column C: <reason>".
 * Nothing is parsed when len > max.
 */
enum tu_status tu_json_load(const char *buf, size_t len, size_t max,
			    const char *name, json_t **out,
			    struct tu_err *err);

/*
 * Takes root (NULL stands for a failed build: TU_ENOMEM) and dumps it
 * with jansson's flags (JSON_COMPACT, JSON_INDENT(n), ...; any precision
 * in flags is replaced by JSON_REAL_PRECISION(17)) into *out, a new
 * NUL-terminated string the caller frees with free(); *len (may be NULL)
 * gets its length.  root is released in every case.  TU_ENOMEM "<name>:
 * out of memory writing JSON"; on error *out is NULL and *len 0.
 */
enum tu_status tu_json_dump_take(json_t *root, size_t flags,
				 const char *name, char **out, size_t *len,
				 struct tu_err *err);

#endif
