/*
 * api_export.c - GET /api/learners/:id/export?format=xapi|progsnap2: one
 * learner's event log as research data (tutor/export.h, docs/export.md).
 *
 *   xapi       the xAPI statements, one JSON array (application/json)
 *   progsnap2  the ProgSnap2 main table (text/csv); the dataset is
 *              written to a private temporary directory (mode 0700),
 *              its MainTable.csv sent, and the directory removed on every
 *              path
 *
 * Deterministic like the CLI's export: the same log gives the same bytes.
 * Display names never appear (the exporter writes learner ids only).
 *
 * What it is not: the mapping (src/export/).
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "tutor/export.h"

static void xapi(struct tu_srv *s, struct tu_srv_ctx *c, const char *id,
		 struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	enum tu_status st;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f) {
		tu_http_error(resp, 500, "internal", "out of memory");
		return;
	}
	st = tu_export_xapi(c->store, id, s->course.id, f, NULL, &err);
	if (fclose(f) != 0 && !st)
		st = tu_err_set(&err, TU_ENOMEM, "export: out of memory");
	if (st)
		tu_http_error_status(resp, st, &err);
	else if (!tu_sbuf_add(&resp->body, buf, len))
		tu_http_error(resp, 500, "internal", "the export is larger "
			      "than %u bytes", TU_RESP_MAX);
	else {
		resp->status = 200;
		resp->content_type = "application/json";
	}
	free(buf);
}

static int rm_one(const char *path, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* Appends the file at path to resp's body; false when it cannot be
 * read or is too large. */
static bool send_file(const char *path, struct tu_http_resp *resp)
{
	char buf[16384];
	FILE *f = fopen(path, "rb");
	size_t n;
	bool ok = f != NULL;

	while (ok && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		ok = tu_sbuf_add(&resp->body, buf, n);
	if (f && ferror(f))
		ok = false;
	if (f)
		fclose(f);
	return ok;
}

static void progsnap2(struct tu_srv *s, struct tu_srv_ctx *c, const char *id,
		      struct tu_http_resp *resp)
{
	char tmp[] = "/tmp/tutor-export-XXXXXX";
	char dir[sizeof(tmp) + 16], table[sizeof(dir) + 32];
	struct tu_err err = TU_ERR_INIT;
	enum tu_status st;

	if (!mkdtemp(tmp)) {
		tu_http_error(resp, 500, "internal", "export: cannot make a "
			      "temporary directory");
		return;
	}
	snprintf(dir, sizeof(dir), "%s/ps2", tmp);
	snprintf(table, sizeof(table), "%s/MainTable.csv", dir);
	st = tu_export_progsnap2(c->store, id, s->course.id, dir, NULL, &err);
	if (st)
		tu_http_error_status(resp, st, &err);
	else if (!send_file(table, resp))
		tu_http_error(resp, 500, "internal", "export: cannot send "
			      "MainTable.csv (unreadable or larger than %u "
			      "bytes)", TU_RESP_MAX);
	else {
		resp->status = 200;
		resp->content_type = "text/csv; charset=utf-8";
	}
	nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

TU_API_HANDLER(tu_api_learner_export)
{
	struct tu_srv_ctx *c;
	char id[TU_ID_MAX], format[16];

	(void)body;
	if (tu_api_learner(s, params, who, false, id, resp))
		return;
	if (!tu_http_query_get(req->query, "format", format, sizeof(format)))
		snprintf(format, sizeof(format), "xapi");
	if (strcmp(format, "xapi") != 0 && strcmp(format, "progsnap2") != 0) {
		tu_http_error(resp, 400, "bad_request", "format: must be xapi "
			      "or progsnap2");
		return;
	}
	if (!(c = tu_api_ctx(s, resp)))
		return;
	if (strcmp(format, "xapi") == 0)
		xapi(s, c, id, resp);
	else
		progsnap2(s, c, id, resp);
}
