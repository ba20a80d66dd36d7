/*
 * sqlite_log.c - the SQLite backend's versioned part: the atomic
 * compare-and-set commit (event + audit records + snapshot), snapshot
 * reads and the event and audit walks (contracts in tutor/store.h).
 *
 * A commit runs in one BEGIN IMMEDIATE transaction: the write lock is
 * taken before the version is read, so the compare and the set cannot be
 * separated by another writer, in this process or any other.  A handle
 * with group commit hands the commit to its file's committer instead
 * (sqlite_group.c), which runs the same body inside a savepoint of a
 * shared transaction.  Every
 * snapshot and event row read back is checked against its stored
 * checksum before a byte of it reaches the caller.
 *
 * What it is not: it never interprets the state, payload or outputs
 * bytes.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite_internal.h"

/* Copies len bytes into a new NUL-terminated buffer (NULL: no memory). */
/* True when the stored checksum column col equals want. */
static bool sum_matches(sqlite3_stmt *st, int col, const char *want)
{
	const unsigned char *got = sqlite3_column_text(st, col);

	return got && strcmp((const char *)got, want) == 0;
}

/* ---- snapshots --------------------------------------------------------- */

static enum tu_status read_snapshot(struct tu__sq *q, sqlite3_stmt *st,
				    const char *learner,
				    struct tu_snapshot *snap,
				    struct tu_err *err)
{
	sqlite3_int64 version = sqlite3_column_int64(st, 0);
	int64_t updated = sqlite3_column_int64(st, 1);
	const void *state = sqlite3_column_blob(st, 2);
	size_t len = (size_t)sqlite3_column_bytes(st, 2);
	char want[TU_HASH_HEX_LEN + 1];
	char *copy;

	tu__store_snapshot_sum(learner, (uint64_t)version, updated, state, len,
			       want);
	if (!sum_matches(st, 3, want))
		return tu_err_set(err, TU_ECORRUPT, "snapshot of learner '%s' "
				  "version %lld: checksum mismatch (table "
				  "snapshots in %s)", learner,
				  (long long)version, q->path);
	copy = tu__store_dup_bytes(state, len);
	if (!copy)
		return tu_err_set(err, TU_ENOMEM, "snapshot of learner '%s': "
				  "out of memory for %zu bytes", learner, len);
	tu_snapshot_release(snap);
	snap->version = (uint64_t)version;
	snap->updated = updated;
	snap->state_json = copy;
	snap->len = len;
	return TU_OK;
}

enum tu_status tu__sq_snapshot_get(struct tu_store *s, const char *learner,
				   struct tu_snapshot *snap,
				   struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_SNAP_GET, &st, err);
	int rc;

	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, learner);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		status = tu_err_set(err, TU_ENOTFOUND, "no learner '%s'",
				    learner);
	else if (rc != SQLITE_ROW)
		status = tu__sq_fail(q, rc, "reading a snapshot", err);
	else if (sqlite3_column_type(st, 0) == SQLITE_NULL)
		status = tu_err_set(err, TU_ENOTFOUND, "learner '%s' has no "
				    "snapshot yet (version 0)", learner);
	else
		status = read_snapshot(q, st, learner, snap, err);
	tu__sq_done(q, st);
	return status;
}

/* ---- commit ------------------------------------------------------------ */

/* The learner's snapshot version (0: none); TU_ENOTFOUND when unknown. */
static enum tu_status current_version(struct tu__sq *q, const char *learner,
				      uint64_t *v, struct tu_err *err)
{
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_VERSION, &st, err);
	int rc;

	if (status)
		return status;
	rc = tu__sq_bind_text(st, 1, learner);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = (uint64_t)sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		status = tu_err_set(err, TU_ENOTFOUND, "no learner '%s'",
				    learner);
	else
		status = tu__sq_fail(q, rc, "reading a learner's version", err);
	tu__sq_done(q, st);
	return status;
}

/* Binds and runs st, or reports a bind failure rc; always resets st. */
static enum tu_status finish(struct tu__sq *q, sqlite3_stmt *st, int rc,
			     const char *what, struct tu_err *err)
{
	if (rc != SQLITE_OK) {
		tu__sq_done(q, st);
		return tu__sq_fail(q, rc, what, err);
	}
	return tu__sq_run(q, st, what, err);
}

static enum tu_status insert_event(struct tu__sq *q, const struct tu_commit *c,
				   uint64_t version, uint64_t *seq,
				   struct tu_err *err)
{
	const struct tu__event_fields f = {
		c->learner, version, c->type, c->at, c->payload,
		c->payload_len, c->outputs, c->outputs_len
	};
	char sum[TU_HASH_HEX_LEN + 1];
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_EVENT_ADD, &st, err);
	int rc;

	if (status)
		return status;
	tu__store_event_sum(&f, sum);
	rc = tu__sq_bind_text(st, 1, c->learner);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, (sqlite3_int64)version);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 3, c->type);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 4, c->at);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_blob(st, 5, c->payload, c->payload_len);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_blob(st, 6, c->outputs, c->outputs_len);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 7, sum);
	if (rc == SQLITE_OK && c->request_id && c->request_id[0])
		rc = tu__sq_bind_text(st, 8, c->request_id);
	status = finish(q, st, rc, "appending an event", err);
	if (!status)
		*seq = (uint64_t)sqlite3_last_insert_rowid(q->db);
	return status;
}

static enum tu_status insert_audit_one(struct tu__sq *q, uint64_t seq,
				       const struct tu_audit *a,
				       struct tu_err *err)
{
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_AUDIT_ADD, &st, err);
	int rc;

	if (status)
		return status;
	rc = sqlite3_bind_int64(st, 1, (sqlite3_int64)seq);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 2, a->agent);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 3, a->path);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 4, a->before);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 5, a->after);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 6, a->reason);
	return finish(q, st, rc, "appending an audit record", err);
}

static enum tu_status insert_audit(struct tu__sq *q, const struct tu_commit *c,
				   uint64_t seq, struct tu_err *err)
{
	enum tu_status status = TU_OK;

	for (size_t i = 0; !status && i < c->n_audit; i++)
		status = insert_audit_one(q, seq, &c->audit[i], err);
	return status;
}

static enum tu_status put_snapshot(struct tu__sq *q, const struct tu_commit *c,
				   uint64_t version, struct tu_err *err)
{
	char sum[TU_HASH_HEX_LEN + 1];
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_SNAP_PUT, &st, err);
	int rc;

	if (status)
		return status;
	tu__store_snapshot_sum(c->learner, version, c->updated, c->state_json,
			       c->state_len, sum);
	rc = tu__sq_bind_text(st, 1, c->learner);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, (sqlite3_int64)version);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, c->updated);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_blob(st, 4, c->state_json, c->state_len);
	if (rc == SQLITE_OK)
		rc = tu__sq_bind_text(st, 5, sum);
	return finish(q, st, rc, "writing the snapshot", err);
}

/* Everything inside the transaction, after BEGIN IMMEDIATE. */
enum tu_status tu__sq_commit_body(struct tu__sq *q, const struct tu_commit *c,
				  uint64_t *seq, struct tu_err *err)
{
	uint64_t cur = 0;
	enum tu_status st = current_version(q, c->learner, &cur, err);

	if (st)
		return st;
	if (cur != c->expected_version)
		return tu_err_set(err, TU_ECONFLICT, "learner '%s': version is "
				  "%" PRIu64 ", expected %" PRIu64, c->learner,
				  cur, c->expected_version);
	if (c->request_id && c->request_id[0])
		st = tu__sq_request_free(q, c->learner, c->request_id, err);
	if (!st)
		st = insert_event(q, c, cur + 1, seq, err);
	if (!st)
		st = insert_audit(q, c, *seq, err);
	if (!st)
		st = put_snapshot(q, c, cur + 1, err);
	return st;
}

enum tu_status tu__sq_commit(struct tu_store *s, const struct tu_commit *c,
			     uint64_t *seq, struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	uint64_t new_seq = 0;
	enum tu_status st;

	if (q->group)
		return tu__sq_group_commit(q, c, seq, err);
	st = tu__sq_begin(q, err);
	if (st)
		return st;
	st = tu__sq_commit_body(q, c, &new_seq, err);
	if (!st)
		st = tu__sq_commit_tx(q, err);
	if (st) {
		tu__sq_rollback(q);
		return st;
	}
	if (seq)
		*seq = new_seq;
	return TU_OK;
}

/* ---- the event walk ---------------------------------------------------- */

static enum tu_status event_corrupt(struct tu__sq *q, const struct tu_event *ev,
				    struct tu_err *err)
{
	return tu_err_set(err, TU_ECORRUPT, "event seq %" PRIu64 " of learner "
			  "'%s' version %" PRIu64 ": checksum mismatch (table "
			  "events in %s)", ev->seq, ev->learner, ev->version,
			  q->path);
}

/* Verifies the current row's checksum, then copies its bytes into ev. */
static enum tu_status verify_event(struct tu__sq *q, sqlite3_stmt *st,
				   struct tu_event *ev, struct tu_err *err)
{
	struct tu__event_fields f = { ev->learner, ev->version, ev->type,
				      ev->at, NULL, 0, NULL, 0 };
	char want[TU_HASH_HEX_LEN + 1];

	f.payload = sqlite3_column_blob(st, 5);
	f.payload_len = (size_t)sqlite3_column_bytes(st, 5);
	f.outputs = sqlite3_column_blob(st, 6);
	f.outputs_len = (size_t)sqlite3_column_bytes(st, 6);
	tu__store_event_sum(&f, want);
	if (!sum_matches(st, 7, want))
		return event_corrupt(q, ev, err);
	ev->payload = tu__store_dup_bytes(f.payload, f.payload_len);
	ev->outputs = tu__store_dup_bytes(f.outputs, f.outputs_len);
	if (!ev->payload || !ev->outputs)
		return tu_err_set(err, TU_ENOMEM, "event seq %" PRIu64 ": out "
				  "of memory", ev->seq);
	ev->payload_len = f.payload_len;
	ev->outputs_len = f.outputs_len;
	return TU_OK;
}

enum tu_status tu__sq_read_event(struct tu__sq *q, sqlite3_stmt *st,
				 struct tu_event *ev, struct tu_err *err)
{
	enum tu_status status;

	memset(ev, 0, sizeof(*ev));
	ev->seq = (uint64_t)sqlite3_column_int64(st, 0);
	status = tu__sq_text(q, st, 1, ev->learner, sizeof ev->learner,
			     "events.learner", err);
	if (!status)
		status = tu__sq_text(q, st, 3, ev->type, sizeof ev->type,
				     "events.type", err);
	if (status)
		return status;
	ev->version = (uint64_t)sqlite3_column_int64(st, 2);
	ev->at = sqlite3_column_int64(st, 4);
	return verify_event(q, st, ev, err);
}

static enum tu_status bind_walk(struct tu__sq *q, const char *learner,
				uint64_t after_seq, sqlite3_stmt **st,
				struct tu_err *err)
{
	sqlite3_int64 after = after_seq > (uint64_t)INT64_MAX ?
		INT64_MAX : (sqlite3_int64)after_seq;
	enum tu_status status = tu__sq_stmt(q, learner ? TU__SQ_EVENTS_OF :
					    TU__SQ_EVENTS_ALL, st, err);
	int rc;

	if (status)
		return status;
	rc = sqlite3_bind_int64(*st, 1, after);
	if (rc == SQLITE_OK && learner)
		rc = tu__sq_bind_text(*st, 2, learner);
	if (rc == SQLITE_OK)
		return TU_OK;
	tu__sq_done(q, *st);
	return tu__sq_fail(q, rc, "reading events", err);
}

enum tu_status tu__sq_event_each(struct tu_store *s, const char *learner,
				 uint64_t after_seq, tu_event_fn fn,
				 void *ctx, struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	struct tu_event ev;
	sqlite3_stmt *st;
	enum tu_status status = bind_walk(q, learner, after_seq, &st, err);
	int rc = SQLITE_DONE, stop = 0;

	if (status)
		return status;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		status = tu__sq_read_event(q, st, &ev, err);
		if (!status)
			stop = fn(&ev, ctx);
		free(ev.payload);
		free(ev.outputs);
		if (status)
			break;
	}
	if (!status && rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = tu__sq_fail(q, rc, "reading events", err);
	tu__sq_done(q, st);
	return status;
}

enum tu_status tu__sq_event_count(struct tu_store *s, const char *learner,
				  uint64_t *n, struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, learner ? TU__SQ_COUNT_OF :
					    TU__SQ_COUNT_ALL, &st, err);
	int rc = SQLITE_OK;

	if (status)
		return status;
	if (learner)
		rc = tu__sq_bind_text(st, 1, learner);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = (uint64_t)sqlite3_column_int64(st, 0);
	else
		status = tu__sq_fail(q, rc, "counting events", err);
	tu__sq_done(q, st);
	return status;
}

/* ---- audit records ----------------------------------------------------- */

static enum tu_status read_audit(struct tu__sq *q, sqlite3_stmt *st,
				 struct tu_audit *a, struct tu_err *err)
{
	enum tu_status status;

	memset(a, 0, sizeof(*a));
	status = tu__sq_text(q, st, 0, a->agent, sizeof a->agent,
			     "audit.agent", err);
	if (!status)
		status = tu__sq_text(q, st, 1, a->path, sizeof a->path,
				     "audit.path", err);
	if (!status)
		status = tu__sq_text(q, st, 2, a->before, sizeof a->before,
				     "audit.before", err);
	if (!status)
		status = tu__sq_text(q, st, 3, a->after, sizeof a->after,
				     "audit.after", err);
	if (!status)
		status = tu__sq_text(q, st, 4, a->reason, sizeof a->reason,
				     "audit.reason", err);
	return status;
}

enum tu_status tu__sq_audit_each(struct tu_store *s, uint64_t seq,
				 tu_audit_fn fn, void *ctx,
				 struct tu_err *err)
{
	struct tu__sq *q = tu__sq_of(s);
	struct tu_audit a;
	sqlite3_stmt *st;
	enum tu_status status = tu__sq_stmt(q, TU__SQ_AUDIT_EACH, &st, err);
	int rc;

	if (status)
		return status;
	if (seq > (uint64_t)INT64_MAX)
		seq = (uint64_t)INT64_MAX;
	rc = sqlite3_bind_int64(st, 1, (sqlite3_int64)seq);
	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			break;
		status = read_audit(q, st, &a, err);
		if (status || fn(seq, &a, ctx) != 0)
			break;
	}
	if (!status && rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = tu__sq_fail(q, rc, "reading audit records", err);
	tu__sq_done(q, st);
	return status;
}
