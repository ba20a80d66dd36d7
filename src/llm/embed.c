/*
 * embed.c - tu_llm_embed: POST {base_url}/embeddings and read the
 * vectors back in input order ("index" decides; every index once), all
 * of one length, at most TU__LLM_DIM_MAX floats each.
 */
#include <stdlib.h>
#include <string.h>
#include "tutor/json.h"
#include "llm_internal.h"

struct vecs {
	float *v;       /* n x dim */
	size_t n, dim;
	bool *seen;
};

static enum tu_status read_vector(const json_t *e, size_t at,
				  struct vecs *out, struct tu_err *err)
{
	char path[48];
	const json_t *emb = json_object_get(e, "embedding"), *x;
	size_t i, len = json_array_size(emb);

	snprintf(path, sizeof(path), "$.data[%zu]", at);
	if (!json_is_array(emb) || len == 0 || len > TU__LLM_DIM_MAX)
		return tu_json_type_error(err, path, "embedding", "a non-empty "
					  "array of numbers", emb);
	if (!out->v) {
		out->dim = len;
		out->v = calloc(out->n * len, sizeof(float));
		if (!out->v)
			return tu_err_set(err, TU_ENOMEM, "embeddings: out of "
					  "memory");
	}
	if (len != out->dim)
		return tu_err_set(err, TU_EPARSE, "%s.embedding: %zu numbers, "
				  "the first vector has %zu", path, len,
				  out->dim);
	json_array_foreach(emb, i, x) {
		if (!json_is_number(x))
			return tu_json_type_error(err, path, "embedding",
						  "numbers only", x);
		out->v[at * out->dim + i] = (float)json_number_value(x);
	}
	return TU_OK;
}

static enum tu_status read_item(const json_t *e, size_t pos,
				struct vecs *out, struct tu_err *err)
{
	char path[48];
	int64_t idx = (int64_t)pos;
	enum tu_status rc;

	snprintf(path, sizeof(path), "$.data[%zu]", pos);
	if (!json_is_object(e))
		return tu_json_type_error(err, path, NULL, "an object", e);
	if (json_object_get(e, "index")) {
		rc = tu_json_get_int(e, path, "index", 0,
				     (int64_t)out->n - 1, &idx, err);
		if (rc != TU_OK)
			return rc;
	}
	if (out->seen[idx])
		return tu_err_set(err, TU_EPARSE, "%s.index: %lld appears "
				  "twice", path, (long long)idx);
	out->seen[idx] = true;
	return read_vector(e, (size_t)idx, out, err);
}

static enum tu_status read_usage(const json_t *root,
				 struct tu_llm_usage *usage,
				 struct tu_err *err)
{
	const json_t *u = json_object_get(root, "usage");
	int64_t p = 0, t = 0;
	enum tu_status rc = TU_OK;

	if (!json_is_object(u))
		return TU_OK;
	if (json_object_get(u, "prompt_tokens"))
		rc = tu_json_get_int(u, "$.usage", "prompt_tokens", 0,
				     UINT32_MAX, &p, err);
	if (rc == TU_OK && json_object_get(u, "total_tokens"))
		rc = tu_json_get_int(u, "$.usage", "total_tokens", 0,
				     UINT32_MAX, &t, err);
	if (rc == TU_OK && usage) {
		usage->prompt_tokens += (uint32_t)p;
		usage->total_tokens += (uint32_t)(t ? t : p);
	}
	return rc;
}

static enum tu_status parse_embeddings(const struct tu__buf *b,
				       struct vecs *out, struct tu_llm_usage
				       *usage, struct tu_err *err)
{
	json_t *root = NULL;
	const json_t *data, *e;
	size_t i;
	enum tu_status rc = tu_json_load(b->p ? b->p : "", b->len, b->max,
					 NULL, &root, err);

	if (rc != TU_OK)
		return rc == TU_ERANGE ? rc : TU_EPARSE;
	data = json_object_get(root, "data");
	if (!json_is_array(data) || json_array_size(data) != out->n)
		rc = tu_err_set(err, TU_EPARSE, "$.data: expected an array of "
				"%zu embeddings", out->n);
	json_array_foreach(data, i, e) {
		if (rc != TU_OK)
			break;
		rc = read_item(e, i, out, err);
	}
	if (rc == TU_OK)
		rc = read_usage(root, usage, err);
	json_decref(root);
	return rc;
}

enum tu_status tu_llm_embed(struct tu_llm_client *cl,
			    const char *const *texts, size_t n,
			    float **vecs, size_t *dim,
			    struct tu_llm_usage *usage, struct tu_err *err)
{
	struct vecs out = { NULL, n, 0, NULL };
	struct tu__buf resp;
	char *body = NULL;
	uint32_t requests = 0;
	long status = 0;
	enum tu_status rc;

	*vecs = NULL;
	*dim = 0;
	if (!cl || !texts || n == 0 || n > TU__LLM_EMBED_MAX)
		return tu_err_set(err, TU_EINVAL, "llm embeddings: 1 to %u "
				  "texts expected", TU__LLM_EMBED_MAX);
	rc = tu__llm_embed_body(&cl->cfg, texts, n, &body, err);
	if (rc != TU_OK)
		return rc;
	tu__buf_init(&resp, cl->cfg.max_response_bytes);
	out.seen = calloc(n, sizeof(bool));
	rc = out.seen ? tu__llm_post(cl, "/embeddings", body, &resp,
				     &requests, &status, err)
		      : tu_err_set(err, TU_ENOMEM, "embeddings: out of memory");
	if (rc == TU_OK)
		rc = parse_embeddings(&resp, &out, usage, err);
	free(body);
	free(out.seen);
	tu__buf_release(&resp);
	if (rc != TU_OK) {
		free(out.v);
		if (err)
			tu__llm_redact(err->msg, cl->cfg.api_key);
		return rc;
	}
	*vecs = out.v;
	*dim = out.dim;
	return TU_OK;
}
