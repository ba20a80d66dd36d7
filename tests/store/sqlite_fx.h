/* sqlite_fx.h - the fixture of the SQLite-only store tests (test_store.c,
 * test_store_auth.c, test_store_llm.c, test_store_group.c): a fresh store
 * file in a new temporary directory per test, and raw access to the file
 * behind the store's back.  (The conformance suite, which runs on both
 * backends, has its own: conf_fx.h.) */
#ifndef TUTOR_TESTS_STORE_SQLITE_FX_H
#define TUTOR_TESTS_STORE_SQLITE_FX_H

#include <limits.h>
#include <stdint.h>

#include "tutor/store.h"

struct fx {
	char dir[PATH_MAX];          /* the temporary directory */
	char db[PATH_MAX + 16];      /* dir/tutor.db */
	struct tu_store *s;          /* open on db */
};

/* cmocka setup/teardown: *state becomes a new struct fx with s open on a
 * new file; teardown closes it and removes the directory. */
int fx_setup(void **state);
int fx_teardown(void **state);

/* Removes dir and the files and empty directories in it. */
void fx_rm_dir(const char *dir);

/* Runs sql (one or more statements) on the file db; SQLite's result. */
int fx_raw_exec(const char *db, const char *sql);

/* First column of the first row of sql on db as an integer; -1 on any
 * error. */
int64_t fx_raw_int(const char *db, const char *sql);

#endif
