/*
 * store_llm.c - the public face of the LLM answer cache and the usage
 * counts (tutor/store.h): argument validation, then dispatch through
 * struct tu_store_ops.  The assistant (src/assist) is the only user.
 *
 * What it is not: no SQL (sqlite_llm.c) and no budget policy (the
 * assistant compares the counts with its limits).
 */
#include <string.h>

#include "store_internal.h"

static enum tu_status need(struct tu_store *s, const char *what,
			   struct tu_err *err)
{
	if (!s)
		return tu_err_set(err, TU_EINVAL, "%s: no store", what);
	return TU_OK;
}

/* 64 lower-case hex digits and a NUL. */
static bool key_ok(const char *key)
{
	size_t i;

	if (!key)
		return false;
	for (i = 0; i < TU_STORE_LLM_KEY_LEN; i++)
		if (!((key[i] >= '0' && key[i] <= '9') ||
		      (key[i] >= 'a' && key[i] <= 'f')))
			return false;
	return key[i] == '\0';
}

static bool name_ok(const char *name, size_t cap)
{
	return memchr(name, '\0', cap) != NULL;
}

static enum tu_status check_entry(const struct tu_llm_cache_entry *e,
				  struct tu_err *err)
{
	if (!e)
		return tu_err_set(err, TU_EINVAL, "llm_cache_put: entry is "
				  "NULL");
	if (!key_ok(e->key))
		return tu_err_set(err, TU_EINVAL, "llm_cache_put: the key must "
				  "be 64 lower-case hex digits");
	if (!name_ok(e->model, sizeof e->model) ||
	    !name_ok(e->prompt, sizeof e->prompt))
		return tu_err_set(err, TU_EINVAL, "llm_cache_put: model or "
				  "prompt name not NUL-terminated");
	if (!e->content)
		return tu_err_set(err, TU_EINVAL, "llm_cache_put: content is "
				  "NULL");
	if (e->len > TU_STORE_LLM_CONTENT_MAX)
		return tu_err_set(err, TU_EINVAL, "llm_cache_put: content of "
				  "%zu bytes is over the limit of %u", e->len,
				  TU_STORE_LLM_CONTENT_MAX);
	if (memchr(e->content, '\0', e->len))
		return tu_err_set(err, TU_EINVAL, "llm_cache_put: content has "
				  "a NUL byte");
	return TU_OK;
}

enum tu_status tu_store_llm_cache_put(struct tu_store *s,
				      const struct tu_llm_cache_entry *e,
				      struct tu_err *err)
{
	enum tu_status st = need(s, "llm_cache_put", err);

	if (!st)
		st = check_entry(e, err);
	return st ? st : s->ops->llm_cache_put(s, e, err);
}

enum tu_status tu_store_llm_cache_get(struct tu_store *s, const char *key,
				      char **content, size_t *len,
				      struct tu_err *err)
{
	enum tu_status st = need(s, "llm_cache_get", err);

	if (!st && !key_ok(key))
		st = tu_err_set(err, TU_EINVAL, "llm_cache_get: the key must "
				"be 64 lower-case hex digits");
	if (!st && !content)
		st = tu_err_set(err, TU_EINVAL, "llm_cache_get: content is "
				"NULL");
	return st ? st : s->ops->llm_cache_get(s, key, content, len, err);
}

enum tu_status tu_store_llm_usage_get(struct tu_store *s, const char *learner,
				      int64_t day, struct tu_store_usage *u,
				      struct tu_err *err)
{
	enum tu_status st = need(s, "llm_usage_get", err);

	if (!st && !(learner && strcmp(learner, TU_STORE_USAGE_GLOBAL) == 0))
		st = tu__store_check_id("learner", learner, err);
	if (!st && !u)
		st = tu_err_set(err, TU_EINVAL, "llm_usage_get: u is NULL");
	return st ? st : s->ops->llm_usage_get(s, learner, day, u, err);
}

enum tu_status tu_store_llm_usage_add(struct tu_store *s, const char *learner,
				      int64_t day,
				      const struct tu_store_usage *add,
				      struct tu_err *err)
{
	enum tu_status st = need(s, "llm_usage_add", err);

	if (!st && learner)
		st = tu__store_check_id("learner", learner, err);
	if (!st && !add)
		st = tu_err_set(err, TU_EINVAL, "llm_usage_add: add is NULL");
	if (!st && (add->requests > INT64_MAX || add->tokens > INT64_MAX))
		st = tu_err_set(err, TU_EINVAL, "llm_usage_add: count over "
				"INT64_MAX");
	return st ? st : s->ops->llm_usage_add(s, learner, day, add, err);
}
