/*
 * check.c - argument validation and row checksums shared by every store
 * backend (store_internal.h).
 *
 * Validation happens before any backend is called, so a refused call
 * writes nothing.  The checksums are BLAKE2b-256 (tutor/hash.h) over the
 * row's fields, each length-prefixed and preceded by a domain tag, so a
 * snapshot digest can never equal an event digest and ("ab","c") never
 * hashes like ("a","bc").  Pure: no I/O; the only allocation is
 * tu__store_dup_bytes, the copy helper every backend shares.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

static bool id_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

bool tu__store_id_ok(const char *id)
{
	size_t n;

	if (!id)
		return false;
	n = strnlen(id, TU_ID_MAX);
	if (n == 0 || n >= TU_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!id_char_ok(id[i]))
			return false;
	return true;
}

enum tu_status tu__store_check_id(const char *what, const char *id,
				  struct tu_err *err)
{
	size_t n;

	if (tu__store_id_ok(id))
		return TU_OK;
	if (!id)
		return tu_err_set(err, TU_EINVAL, "%s id is NULL", what);
	n = strnlen(id, TU_ID_MAX);
	if (n == 0)
		return tu_err_set(err, TU_EINVAL, "%s id is empty", what);
	if (n >= TU_ID_MAX)
		return tu_err_set(err, TU_EINVAL,
				  "%s id longer than %d bytes", what,
				  TU_ID_MAX - 1);
	return tu_err_set(err, TU_EINVAL,
			  "%s id '%s': only A-Z a-z 0-9 . _ - allowed",
			  what, id);
}

/* True when s has a NUL within its cap bytes (a fixed array field). */
static bool fits(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

static enum tu_status check_type(const char *type, struct tu_err *err)
{
	size_t n;

	if (!type)
		return tu_err_set(err, TU_EINVAL, "commit: event type is NULL");
	n = strnlen(type, TU_STORE_TYPE_MAX);
	if (n == 0)
		return tu_err_set(err, TU_EINVAL, "commit: event type is empty");
	if (n >= TU_STORE_TYPE_MAX)
		return tu_err_set(err, TU_ERANGE,
				  "commit: event type longer than %d bytes",
				  TU_STORE_TYPE_MAX - 1);
	for (size_t i = 0; i < n; i++)
		if (type[i] <= ' ' || type[i] > '~')
			return tu_err_set(err, TU_EINVAL,
					  "commit: event type '%s': byte %zu is "
					  "not printable ASCII", type, i);
	return TU_OK;
}

static enum tu_status check_audit_one(const struct tu_audit *a, size_t i,
				      struct tu_err *err)
{
	const char *bad = NULL;

	if (!fits(a->agent, sizeof a->agent))
		bad = "agent";
	else if (!fits(a->path, sizeof a->path))
		bad = "path";
	else if (!fits(a->before, sizeof a->before))
		bad = "before";
	else if (!fits(a->after, sizeof a->after))
		bad = "after";
	else if (!fits(a->reason, sizeof a->reason))
		bad = "reason";
	if (bad)
		return tu_err_set(err, TU_EINVAL,
				  "commit: audit record %zu: %s is not "
				  "NUL-terminated within its field", i, bad);
	if (a->agent[0] == '\0' || a->path[0] == '\0')
		return tu_err_set(err, TU_EINVAL,
				  "commit: audit record %zu: empty %s", i,
				  a->agent[0] == '\0' ? "agent" : "path");
	return TU_OK;
}

static enum tu_status check_audit(const struct tu_commit *c,
				  struct tu_err *err)
{
	if (c->n_audit > TU_STORE_AUDIT_PER_EVENT)
		return tu_err_set(err, TU_ERANGE,
				  "commit: %zu audit records, at most %d",
				  c->n_audit, TU_STORE_AUDIT_PER_EVENT);
	if (c->n_audit > 0 && !c->audit)
		return tu_err_set(err, TU_EINVAL,
				  "commit: audit is NULL with n_audit %zu",
				  c->n_audit);
	for (size_t i = 0; i < c->n_audit; i++) {
		enum tu_status st = check_audit_one(&c->audit[i], i, err);

		if (st)
			return st;
	}
	return TU_OK;
}

/* A byte field: NULL only when empty, at most max bytes. */
static enum tu_status check_bytes(const char *what, const void *p,
				  size_t len, size_t max, struct tu_err *err)
{
	if (!p && len > 0)
		return tu_err_set(err, TU_EINVAL, "commit: %s is NULL with "
				  "length %zu", what, len);
	if (len > max)
		return tu_err_set(err, TU_ERANGE,
				  "commit: %s of %zu bytes, at most %zu",
				  what, len, max);
	return TU_OK;
}

static enum tu_status check_sizes(const struct tu_commit *c,
				  struct tu_err *err)
{
	enum tu_status st;

	if (!c->state_json)
		return tu_err_set(err, TU_EINVAL, "commit: state_json is NULL");
	st = check_bytes("payload", c->payload, c->payload_len,
			 TU_STORE_PAYLOAD_MAX, err);
	if (!st)
		st = check_bytes("outputs", c->outputs, c->outputs_len,
				 TU_STORE_PAYLOAD_MAX, err);
	if (!st)
		st = check_bytes("state_json", c->state_json, c->state_len,
				 TU__STORE_STATE_MAX, err);
	return st;
}

enum tu_status tu__store_check_commit(const struct tu_commit *c,
				      struct tu_err *err)
{
	enum tu_status st;

	if (!c)
		return tu_err_set(err, TU_EINVAL, "commit: NULL commit");
	st = tu__store_check_id("commit: learner", c->learner, err);
	if (st)
		return st;
	if (c->expected_version >= (uint64_t)INT64_MAX)
		return tu_err_set(err, TU_ERANGE,
				  "commit: learner '%s': expected version %"
				  PRIu64 " out of range", c->learner,
				  c->expected_version);
	st = check_type(c->type, err);
	if (!st)
		st = check_sizes(c, err);
	if (!st)
		st = check_audit(c, err);
	if (!st && c->request_id && c->request_id[0] &&
	    !tu_store_request_id_ok(c->request_id))
		st = tu_err_set(err, TU_EINVAL, "commit: learner '%s': request "
				"id must be 1..%d bytes of [A-Za-z0-9_.:-]",
				c->learner, TU_STORE_REQUEST_ID_MAX - 1);
	return st;
}

static bool hex_ok(const char *h)
{
	for (size_t i = 0; i < TU_HASH_HEX_LEN; i++)
		if (!((h[i] >= '0' && h[i] <= '9') ||
		      (h[i] >= 'a' && h[i] <= 'f')))
			return false;
	return h[TU_HASH_HEX_LEN] == '\0';
}

enum tu_status tu__store_check_content(const struct tu_content_row *row,
				       struct tu_err *err)
{
	enum tu_status st;

	if (!row)
		return tu_err_set(err, TU_EINVAL, "content: NULL row");
	st = tu__store_check_id("content: course", row->course, err);
	if (st)
		return st;
	if (!fits(row->version, sizeof row->version) ||
	    !fits(row->path, sizeof row->path))
		return tu_err_set(err, TU_EINVAL, "content '%s': %s is not "
				  "NUL-terminated within its field",
				  row->course,
				  fits(row->version, sizeof row->version) ?
				  "path" : "version");
	if (!hex_ok(row->hash))
		return tu_err_set(err, TU_EINVAL, "content '%s': hash is not "
				  "%d lower-case hex digits", row->course,
				  TU_HASH_HEX_LEN);
	return TU_OK;
}

enum tu_status tu__store_check_setting(const char *key, const char *value,
				       struct tu_err *err)
{
	enum tu_status st = tu__store_check_id("setting", key, err);

	if (st)
		return st;
	if (!value)
		return tu_err_set(err, TU_EINVAL, "setting '%s': value is NULL",
				  key);
	if (strnlen(value, TU_STORE_SETTING_MAX) >= TU_STORE_SETTING_MAX)
		return tu_err_set(err, TU_ERANGE, "setting '%s': value longer "
				  "than %d bytes", key,
				  TU_STORE_SETTING_MAX - 1);
	return TU_OK;
}

void tu__store_snapshot_sum(const char *learner, uint64_t version,
			    int64_t updated, const void *state, size_t len,
			    char out[TU_HASH_HEX_LEN + 1])
{
	struct tu_hash h;

	tu_hash_init(&h);
	tu_hash_str(&h, "tutor.snapshot.v1", strlen("tutor.snapshot.v1"));
	tu_hash_str(&h, learner, strlen(learner));
	tu_hash_u64(&h, version);
	tu_hash_u64(&h, (uint64_t)updated);
	tu_hash_u64(&h, (uint64_t)len);
	tu_hash_update(&h, state, len);
	tu_hash_final_hex(&h, out);
}

void tu__store_event_sum(const struct tu__event_fields *f,
			 char out[TU_HASH_HEX_LEN + 1])
{
	struct tu_hash h;

	tu_hash_init(&h);
	tu_hash_str(&h, "tutor.event.v1", strlen("tutor.event.v1"));
	tu_hash_str(&h, f->learner, strlen(f->learner));
	tu_hash_u64(&h, f->version);
	tu_hash_str(&h, f->type, strlen(f->type));
	tu_hash_u64(&h, (uint64_t)f->at);
	tu_hash_u64(&h, (uint64_t)f->payload_len);
	tu_hash_update(&h, f->payload, f->payload_len);
	tu_hash_u64(&h, (uint64_t)f->outputs_len);
	tu_hash_update(&h, f->outputs, f->outputs_len);
	tu_hash_final_hex(&h, out);
}

char *tu__store_dup_bytes(const void *src, size_t len)
{
	char *d = malloc(len + 1);

	if (!d)
		return NULL;
	if (len > 0)
		memcpy(d, src, len);
	d[len] = '\0';
	return d;
}
