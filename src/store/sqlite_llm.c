/*
 * sqlite_llm.c - the SQLite backend's LLM answer cache (llm_cache) and
 * usage counts (llm_usage), contracts in tutor/store.h.
 *
 * Arguments arrive validated by store_llm.c.  A usage increment writes
 * the learner's row and the global row ("*") in one BEGIN IMMEDIATE
 * transaction, so concurrent processes never lose a count.
 *
 * What it is not: budgets and the cache key are the assistant's
 * (src/assist); rows are never evicted here.
 */
#include <stdlib.h>
#include <string.h>

#include "sqlite_internal.h"

enum tu_status tu__sq_llm_cache_put(struct tu_store *s,
				    const struct tu_llm_cache_entry *e,
				    struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_LLM_CACHE_PUT, &st, err);
	int rc;

	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, e->key);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 2, e->model);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 3, e->prompt);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 4, e->prompt_version);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 5, e->content, (int)e->len,
				       SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 6, e->created_at);
	if (rc != SQLITE_OK) {
		tu__sq_done(q, st);
		return tu__sq_fail(q, rc, "caching an LLM answer", err);
	}
	return tu__sq_run(q, st, "caching an LLM answer", err);
}

/* Copies the content column of the current row into a new string. */
static enum tu_status copy_content(struct tu__sq *q, sqlite3_stmt *st,
				   char **content, size_t *len,
				   struct tu_err *err)
{
	const unsigned char *t = sqlite3_column_text(st, 0);
	size_t n = (size_t)sqlite3_column_bytes(st, 0);
	char *buf;

	if (!t && sqlite3_errcode(q->db) == SQLITE_NOMEM)
		return tu_err_set(err, TU_ENOMEM, "store %s: llm_cache: out "
				  "of memory", q->path);
	if (n > TU_STORE_LLM_CONTENT_MAX)
		return tu_err_set(err, TU_ECORRUPT, "store %s: llm_cache: "
				  "content of %zu bytes is over the limit",
				  q->path, n);
	buf = malloc(n + 1);
	if (!buf)
		return tu_err_set(err, TU_ENOMEM, "store %s: llm_cache: out "
				  "of memory", q->path);
	if (n > 0)
		memcpy(buf, t, n);
	buf[n] = '\0';
	*content = buf;
	if (len)
		*len = n;
	return TU_OK;
}

enum tu_status tu__sq_llm_cache_get(struct tu_store *s, const char *key,
				    char **content, size_t *len,
				    struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_LLM_CACHE_GET, &st, err);
	int rc;

	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, key);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		status = copy_content(q, st, content, len, err);
	else if (rc == SQLITE_DONE)
		status = tu_err_set(err, TU_ENOTFOUND, "no cached LLM answer "
				    "for key %.12s...", key);
	else
		status = tu__sq_fail(q, rc, "reading the LLM cache", err);
	tu__sq_done(q, st);
	return status;
}

enum tu_status tu__sq_llm_usage_get(struct tu_store *s, const char *learner,
				    int64_t day, struct tu_store_usage *u,
				    struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_LLM_USAGE_GET, &st, err);
	sqlite3_int64 r, t;
	int rc;

	if (status)
		return status;
	memset(u, 0, sizeof(*u));
	rc = tu__sq_bind_text(st, 1, learner);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, day);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r = sqlite3_column_int64(st, 0);
		t = sqlite3_column_int64(st, 1);
		if (r < 0 || t < 0)
			status = tu_err_set(err, TU_ECORRUPT, "store %s: "
					    "llm_usage of '%s': negative count",
					    q->path, learner);
		u->requests = r < 0 ? 0 : (uint64_t)r;
		u->tokens = t < 0 ? 0 : (uint64_t)t;
	} else if (rc != SQLITE_DONE) {
		status = tu__sq_fail(q, rc, "reading LLM usage", err);
	}
	tu__sq_done(q, st);
	return status;
}

/* One upsert of the usage row (learner, day). */
static enum tu_status add_row(struct tu__sq *q, const char *learner,
			      int64_t day, const struct tu_store_usage *add,
			      struct tu_err *err)
{
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_LLM_USAGE_ADD, &st, err);
	int rc;

	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, learner);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, day);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, (sqlite3_int64)add->requests);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 4, (sqlite3_int64)add->tokens);
	if (rc != SQLITE_OK) {
		tu__sq_done(q, st);
		return tu__sq_fail(q, rc, "counting LLM usage", err);
	}
	return tu__sq_run(q, st, "counting LLM usage", err);
}

enum tu_status tu__sq_llm_usage_add(struct tu_store *s, const char *learner,
				    int64_t day,
				    const struct tu_store_usage *add,
				    struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	enum tu_status status = tu__sq_begin(q, err);

	if (!status && learner)
		status = add_row(q, learner, day, add, err);
	if (!status)
		status = add_row(q, TU_STORE_USAGE_GLOBAL, day, add, err);
	if (!status)
		status = tu__sq_commit_tx(q, err);
	if (status)
		tu__sq_rollback(q);
	return status;
}
