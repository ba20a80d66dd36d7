/*
 * cache.c - the LLM answer cache (tutor/assist.h, docs/llm.md "Cache").
 *
 * The key is BLAKE2b-256 (tutor/hash.h) over the model name, the prompt
 * name and version, the rendered system and user parts and the schema,
 * each length-prefixed, so any change to the wording, the learner's
 * code or the model misses.  The cache is best effort: without a store,
 * with cache off, or when the store fails, calls simply go to the LLM.
 * What is cached is the schema-valid answer that was shown; a cached
 * answer goes through validation and the guardrails again when served.
 *
 * What it is not: no eviction (rows stay until the store is reset).
 */
#include <stdlib.h>
#include <string.h>

#include "assist_internal.h"

void tu__as_cache_key(const char *model, const struct tu__as_prompt *p,
		   const char *system, const char *user, const char *schema,
		   char key[TU_HASH_HEX_LEN + 1])
{
	struct tu_hash h;

	tu_hash_init(&h);
	tu_hash_str(&h, "tutor-llm-cache-1", 17);
	tu_hash_str(&h, model, strlen(model));
	tu_hash_str(&h, p->name, strlen(p->name));
	tu_hash_u64(&h, p->version);
	tu_hash_u64(&h, system != NULL);
	if (system)
		tu_hash_str(&h, system, strlen(system));
	tu_hash_str(&h, user, strlen(user));
	tu_hash_str(&h, schema, strlen(schema));
	tu_hash_final_hex(&h, key);
}

char *tu__as_cache_get(struct tu_assist *a, const char *key)
{
	char *content = NULL;

	if (!a->store || !a->cfg.cache)
		return NULL;
	if (tu_store_llm_cache_get(a->store, key, &content, NULL, NULL))
		return NULL;
	return content;
}

void tu__as_cache_put(struct tu_assist *a, const char *key,
		   const struct tu__as_prompt *p, const char *content,
		   int64_t now)
{
	struct tu_llm_cache_entry e;

	if (!a->store || !a->cfg.cache)
		return;
	memset(&e, 0, sizeof e);
	tu__as_copy(e.key, sizeof e.key, key);
	tu__as_copy(e.model, sizeof e.model, a->model);
	tu__as_copy(e.prompt, sizeof e.prompt, p->name);
	e.prompt_version = p->version;
	e.content = content;
	e.len = strlen(content);
	e.created_at = now;
	(void)tu_store_llm_cache_put(a->store, &e, NULL);
}
