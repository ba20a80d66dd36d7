/* sqlite_fx.c - the SQLite-only store tests' fixture (sqlite_fx.h). */
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sqlite_fx.h"

int fx_setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	struct fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "%s/tu-store-XXXXXX",
		 tmp && tmp[0] ? tmp : "/tmp");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->db, sizeof f->db, "%s/tutor.db", f->dir);
	if (tu_store_open(f->db, NULL, &f->s, NULL) != TU_OK) {
		fx_rm_dir(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

void fx_rm_dir(const char *dir)
{
	char p[PATH_MAX + 300];
	struct dirent *d;
	DIR *dh = opendir(dir);

	if (!dh)
		return;
	while ((d = readdir(dh)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, d->d_name);
		if (unlink(p) != 0)
			rmdir(p);
	}
	closedir(dh);
	rmdir(dir);
}

int fx_teardown(void **state)
{
	struct fx *f = *state;

	tu_store_close(f->s);
	fx_rm_dir(f->dir);
	free(f);
	return 0;
}

int fx_raw_exec(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	int rc = sqlite3_open(db, &h);

	if (rc == SQLITE_OK)
		rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_close(h);
	return rc;
}

int64_t fx_raw_int(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	if (sqlite3_open(db, &h) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}
