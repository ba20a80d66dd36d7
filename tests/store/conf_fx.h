/* conf_fx.h - the fixture of the store conformance suite
 * (test_store_conf.c): a fresh, empty store per test on whichever backend
 * TUTOR_TEST_STORE names, and "raw" access to it behind the store's back
 * (to count rows and to damage them).
 *
 * TUTOR_TEST_STORE unset or empty: SQLite, a file in a new temporary
 * directory.  "postgresql://.../DB?...": PostgreSQL; each test gets its
 * own database (CREATE DATABASE through the given one, dropped again in
 * teardown), so tests never see each other's rows. */
#ifndef TUTOR_TESTS_STORE_CONF_FX_H
#define TUTOR_TESTS_STORE_CONF_FX_H

#include <stdbool.h>
#include <stdint.h>

#include "tutor/store.h"

#define FX_LOC_MAX 4200

struct fx {
	bool pg;
	char base[FX_LOC_MAX];       /* TUTOR_TEST_STORE (pg) */
	char loc[FX_LOC_MAX];        /* this test's store */
	char dir[512];               /* SQLite: the temporary directory */
	char dbs[4][64];             /* PostgreSQL: databases to drop */
	int n_dbs;
	struct tu_store *s;
};

/* cmocka setup/teardown: a new fixture with f->s open on f->loc. */
int fx_setup(void **state);
int fx_teardown(void **state);

/* Makes another fresh, never-opened location into out[FX_LOC_MAX]. */
void fx_new_location(struct fx *f, char *out);

/* Closes and reopens f->s. */
void fx_reopen(struct fx *f);

/* Runs sql (one or more statements) on location loc behind the store's
 * back; 0 on success. */
int fx_raw_exec(const struct fx *f, const char *loc, const char *sql);

/* First column of the first row of sql on loc as an integer; -1 on any
 * error. */
int64_t fx_raw_int(const struct fx *f, const char *loc, const char *sql);

/* Ends every other connection to f->loc's database (PostgreSQL) and
 * waits until they are gone. */
void fx_kill_others(const struct fx *f);

#endif
