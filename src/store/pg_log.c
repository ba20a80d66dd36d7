/*
 * pg_log.c - the PostgreSQL backend's versioned part: the atomic
 * compare-and-set commit (event + audit records + snapshot), snapshot
 * reads and the event and audit walks (contracts in tutor/store.h).
 *
 * A commit is one READ COMMITTED transaction:
 *   1. SELECT ... FROM learners WHERE id = $1 FOR NO KEY UPDATE - locks
 *      the learner's row, so commits for one learner queue here, across
 *      connections and servers (an unknown learner: TU_ENOTFOUND);
 *   2. a new statement reads the snapshot version (it sees every commit
 *      that finished while we waited) and compares it with the expected
 *      one (TU_ECONFLICT, nothing written, when it moved on);
 *   3. pg_advisory_xact_lock(TU__PG_KEY_SEQ), held to the end: the
 *      event's seq (a bigserial) is drawn inside this lock, so seqs
 *      become visible in the order they were drawn and rise strictly in
 *      commit order, as tutor/store.h promises (a reader of "seq > n"
 *      never misses an event that commits later with a smaller seq);
 *   4. INSERT the event, its audit records, upsert the snapshot; COMMIT.
 * A unique violation on (learner, version), a serialization failure or a
 * deadlock from a concurrent writer is TU_ECONFLICT, so the caller
 * re-reads and retries.  Every snapshot and event row read back is
 * checked against its stored checksum before a byte reaches the caller.
 *
 * The event walk reads pages of TU__PG_PAGE rows (keyset on seq), so
 * memory stays bounded and the callback may call the store again.
 *
 * What it is not: it never interprets the state, payload or outputs.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "pg_internal.h"

/* True when the stored checksum column equals want. */
static bool sum_matches(const PGresult *r, int row, int col,
			const char *want)
{
	return !PQgetisnull(r, row, col) &&
	       (size_t)PQgetlength(r, row, col) == strlen(want) &&
	       memcmp(PQgetvalue(r, row, col), want, strlen(want)) == 0;
}

/* ---- snapshots --------------------------------------------------------- */

static enum tu_status read_snapshot(struct tu__pg *p, const PGresult *r,
				    const char *learner,
				    struct tu_snapshot *snap,
				    struct tu_err *err)
{
	int64_t version = tu__pg_int(r, 0, 0), updated = tu__pg_int(r, 0, 1);
	const char *state = PQgetvalue(r, 0, 2);
	size_t len = (size_t)PQgetlength(r, 0, 2);
	char want[TU_HASH_HEX_LEN + 1];
	char *copy;

	tu__store_snapshot_sum(learner, (uint64_t)version, updated, state, len,
			       want);
	if (!sum_matches(r, 0, 3, want))
		return tu_err_set(err, TU_ECORRUPT, "snapshot of learner '%s' "
				  "version %lld: checksum mismatch (table "
				  "snapshots in postgresql database '%s')",
				  learner, (long long)version, p->db);
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

enum tu_status tu__pg_snapshot_get(struct tu_store *s, const char *learner,
				   struct tu_snapshot *snap,
				   struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_text(&a, learner);
	st = tu__pg_exec(p, TU__PG_SNAP_GET, &a, &r, "reading a snapshot",
			 err);
	if (st)
		return st;
	if (PQntuples(r) == 0)
		st = tu_err_set(err, TU_ENOTFOUND, "no learner '%s'", learner);
	else if (PQgetisnull(r, 0, 0))
		st = tu_err_set(err, TU_ENOTFOUND, "learner '%s' has no "
				"snapshot yet (version 0)", learner);
	else
		st = read_snapshot(p, r, learner, snap, err);
	PQclear(r);
	return st;
}

/* ---- commit ------------------------------------------------------------ */

/* Runs id with the learner as its only argument into *r. */
static enum tu_status by_learner(struct tu__pg *p, enum tu__pg_id id,
				 const char *learner, PGresult **r,
				 const char *what, struct tu_err *err)
{
	struct tu__pg_args a;

	tu__pg_args_init(&a);
	tu__pg_text(&a, learner);
	return tu__pg_exec(p, id, &a, r, what, err);
}

/* Steps 1 and 2: lock the learner, then read its version (0: none). */
static enum tu_status lock_version(struct tu__pg *p, const char *learner,
				   uint64_t *v, struct tu_err *err)
{
	PGresult *r = NULL;
	enum tu_status st = by_learner(p, TU__PG_LEARNER_LOCK, learner, &r,
				       "locking a learner", err);

	if (!st && PQntuples(r) == 0)
		st = tu_err_set(err, TU_ENOTFOUND, "no learner '%s'", learner);
	PQclear(r);
	r = NULL;
	if (!st)
		st = by_learner(p, TU__PG_VERSION, learner, &r,
				"reading a learner's version", err);
	if (!st)
		*v = (uint64_t)tu__pg_int(r, 0, 0);
	PQclear(r);
	return st;
}

static enum tu_status insert_event(struct tu__pg *p, const struct tu_commit *c,
				   uint64_t version, uint64_t *seq,
				   struct tu_err *err)
{
	const struct tu__event_fields f = {
		c->learner, version, c->type, c->at, c->payload,
		c->payload_len, c->outputs, c->outputs_len
	};
	char sum[TU_HASH_HEX_LEN + 1];
	struct tu__pg_args a;
	PGresult *r = NULL;
	enum tu_status st;

	tu__store_event_sum(&f, sum);
	tu__pg_args_init(&a);
	tu__pg_text(&a, c->learner);
	tu__pg_i64(&a, (int64_t)version);
	tu__pg_text(&a, c->type);
	tu__pg_i64(&a, c->at);
	tu__pg_bytes(&a, c->payload, c->payload_len);
	tu__pg_bytes(&a, c->outputs ? c->outputs : "", c->outputs_len);
	tu__pg_text(&a, sum);
	tu__pg_text(&a, c->request_id && c->request_id[0] ? c->request_id :
		    NULL);
	st = tu__pg_exec(p, TU__PG_EVENT_ADD, &a, &r, "appending an event",
			 err);
	if (!st)
		*seq = (uint64_t)tu__pg_int(r, 0, 0);
	PQclear(r);
	return st;
}

static enum tu_status insert_audit(struct tu__pg *p, const struct tu_commit *c,
				   uint64_t seq, struct tu_err *err)
{
	enum tu_status st = TU_OK;
	struct tu__pg_args a;

	for (size_t i = 0; !st && i < c->n_audit; i++) {
		tu__pg_args_init(&a);
		tu__pg_i64(&a, (int64_t)seq);
		tu__pg_text(&a, c->audit[i].agent);
		tu__pg_text(&a, c->audit[i].path);
		tu__pg_text(&a, c->audit[i].before);
		tu__pg_text(&a, c->audit[i].after);
		tu__pg_text(&a, c->audit[i].reason);
		st = tu__pg_exec(p, TU__PG_AUDIT_ADD, &a, NULL,
				 "appending an audit record", err);
	}
	return st;
}

static enum tu_status put_snapshot(struct tu__pg *p, const struct tu_commit *c,
				   uint64_t version, struct tu_err *err)
{
	char sum[TU_HASH_HEX_LEN + 1];
	struct tu__pg_args a;

	tu__store_snapshot_sum(c->learner, version, c->updated, c->state_json,
			       c->state_len, sum);
	tu__pg_args_init(&a);
	tu__pg_text(&a, c->learner);
	tu__pg_i64(&a, (int64_t)version);
	tu__pg_i64(&a, c->updated);
	tu__pg_bytes(&a, c->state_json, c->state_len);
	tu__pg_text(&a, sum);
	return tu__pg_exec(p, TU__PG_SNAP_PUT, &a, NULL,
			   "writing the snapshot", err);
}

/* Everything inside the transaction, after BEGIN. */
static enum tu_status commit_body(struct tu__pg *p, const struct tu_commit *c,
				  uint64_t *seq, struct tu_err *err)
{
	struct tu__pg_args a;
	uint64_t cur = 0;
	enum tu_status st = lock_version(p, c->learner, &cur, err);

	if (st)
		return st;
	if (cur != c->expected_version)
		return tu_err_set(err, TU_ECONFLICT, "learner '%s': version is "
				  "%" PRIu64 ", expected %" PRIu64, c->learner,
				  cur, c->expected_version);
	tu__pg_args_init(&a);
	tu__pg_i64(&a, TU__PG_KEY_SEQ);
	st = tu__pg_exec(p, TU__PG_SEQ_LOCK, &a, NULL,
			 "waiting for the event order lock", err);
	if (!st)
		st = insert_event(p, c, cur + 1, seq, err);
	if (!st)
		st = insert_audit(p, c, *seq, err);
	if (!st)
		st = put_snapshot(p, c, cur + 1, err);
	return st;
}

enum tu_status tu__pg_commit(struct tu_store *s, const struct tu_commit *c,
			     uint64_t *seq, struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	uint64_t new_seq = 0;
	enum tu_status st = tu__pg_begin(p, err);

	if (st)
		return st;
	st = commit_body(p, c, &new_seq, err);
	st = tu__pg_end(p, st, err);
	if (st == TU_EIO && tu__pg_state_is(p, "23505"))
		st = tu_err_set(err, TU_ECONFLICT, "learner '%s': version %"
				PRIu64 " or request id '%s' was committed "
				"concurrently", c->learner,
				c->expected_version + 1,
				c->request_id ? c->request_id : "");
	if (!st && seq)
		*seq = new_seq;
	return st;
}

/* ---- the event walk ---------------------------------------------------- */

static enum tu_status event_corrupt(struct tu__pg *p, const struct tu_event *ev,
				    struct tu_err *err)
{
	return tu_err_set(err, TU_ECORRUPT, "event seq %" PRIu64 " of learner "
			  "'%s' version %" PRIu64 ": checksum mismatch (table "
			  "events in postgresql database '%s')", ev->seq,
			  ev->learner, ev->version, p->db);
}

/* Verifies row i's checksum, then copies its bytes into ev. */
static enum tu_status verify_event(struct tu__pg *p, const PGresult *r, int i,
				   struct tu_event *ev, struct tu_err *err)
{
	struct tu__event_fields f = { ev->learner, ev->version, ev->type,
				      ev->at, NULL, 0, NULL, 0 };
	char want[TU_HASH_HEX_LEN + 1];

	f.payload = PQgetvalue(r, i, 5);
	f.payload_len = (size_t)PQgetlength(r, i, 5);
	f.outputs = PQgetvalue(r, i, 6);
	f.outputs_len = (size_t)PQgetlength(r, i, 6);
	tu__store_event_sum(&f, want);
	if (!sum_matches(r, i, 7, want))
		return event_corrupt(p, ev, err);
	ev->payload = tu__store_dup_bytes(f.payload, f.payload_len);
	ev->outputs = tu__store_dup_bytes(f.outputs, f.outputs_len);
	if (!ev->payload || !ev->outputs)
		return tu_err_set(err, TU_ENOMEM, "event seq %" PRIu64 ": out "
				  "of memory", ev->seq);
	ev->payload_len = f.payload_len;
	ev->outputs_len = f.outputs_len;
	return TU_OK;
}

enum tu_status tu__pg_read_event(struct tu__pg *p, PGresult *r, int i,
				 struct tu_event *ev, struct tu_err *err)
{
	enum tu_status st;

	memset(ev, 0, sizeof(*ev));
	ev->seq = (uint64_t)tu__pg_int(r, i, 0);
	st = tu__pg_str(p, r, i, 1, ev->learner, sizeof ev->learner,
			"events.learner", err);
	if (!st)
		st = tu__pg_str(p, r, i, 3, ev->type, sizeof ev->type,
				"events.type", err);
	if (st)
		return st;
	ev->version = (uint64_t)tu__pg_int(r, i, 2);
	ev->at = tu__pg_int(r, i, 4);
	return verify_event(p, r, i, ev, err);
}

static enum tu_status fetch_page(struct tu__pg *p, const char *learner,
				 uint64_t after, PGresult **r,
				 struct tu_err *err)
{
	struct tu__pg_args a;

	tu__pg_args_init(&a);
	tu__pg_i64(&a, after > (uint64_t)INT64_MAX ? INT64_MAX :
		   (int64_t)after);
	tu__pg_i64(&a, TU__PG_PAGE);
	if (learner)
		tu__pg_text(&a, learner);
	return tu__pg_exec(p, learner ? TU__PG_EVENTS_OF : TU__PG_EVENTS_ALL,
			   &a, r, "reading events", err);
}

/* Calls fn for each row of one page; *stop when fn asked to stop. */
static enum tu_status walk_page(struct tu__pg *p, PGresult *r,
				tu_event_fn fn, void *ctx, uint64_t *last,
				bool *stop, struct tu_err *err)
{
	enum tu_status st = TU_OK;
	struct tu_event ev;

	for (int i = 0; !st && !*stop && i < PQntuples(r); i++) {
		st = tu__pg_read_event(p, r, i, &ev, err);
		if (!st) {
			*last = ev.seq;
			*stop = fn(&ev, ctx) != 0;
		}
		free(ev.payload);
		free(ev.outputs);
	}
	return st;
}

enum tu_status tu__pg_event_each(struct tu_store *s, const char *learner,
				 uint64_t after_seq, tu_event_fn fn,
				 void *ctx, struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	enum tu_status st = TU_OK;
	bool stop = false, full = true;

	while (!st && !stop && full) {
		PGresult *r = NULL;

		st = fetch_page(p, learner, after_seq, &r, err);
		if (st)
			break;
		full = PQntuples(r) == TU__PG_PAGE;
		st = walk_page(p, r, fn, ctx, &after_seq, &stop, err);
		PQclear(r);
	}
	return st;
}

enum tu_status tu__pg_event_count(struct tu_store *s, const char *learner,
				  uint64_t *n, struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	PGresult *r = NULL;
	enum tu_status st = learner ?
		by_learner(p, TU__PG_COUNT_OF, learner, &r, "counting events",
			   err) :
		tu__pg_exec(p, TU__PG_COUNT_ALL, NULL, &r, "counting events",
			    err);

	if (!st)
		*n = (uint64_t)tu__pg_int(r, 0, 0);
	PQclear(r);
	return st;
}

/* ---- audit records ----------------------------------------------------- */

static enum tu_status read_audit(struct tu__pg *p, const PGresult *r, int i,
				 struct tu_audit *a, struct tu_err *err)
{
	static const char *const col[] = { "audit.agent", "audit.path",
		"audit.before", "audit.after", "audit.reason" };
	char *dst[] = { a->agent, a->path, a->before, a->after, a->reason };
	const size_t cap[] = { sizeof a->agent, sizeof a->path,
		sizeof a->before, sizeof a->after, sizeof a->reason };
	enum tu_status st = TU_OK;

	memset(a, 0, sizeof(*a));
	for (int c = 0; !st && c < 5; c++)
		st = tu__pg_str(p, r, i, c, dst[c], cap[c], col[c], err);
	return st;
}

enum tu_status tu__pg_audit_each(struct tu_store *s, uint64_t seq,
				 tu_audit_fn fn, void *ctx,
				 struct tu_err *err)
{
	struct tu__pg *p = tu__pg_of(s);
	struct tu__pg_args a;
	struct tu_audit rec;
	PGresult *r = NULL;
	enum tu_status st;

	tu__pg_args_init(&a);
	tu__pg_i64(&a, seq > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)seq);
	st = tu__pg_exec(p, TU__PG_AUDIT_EACH, &a, &r,
			 "reading audit records", err);
	for (int i = 0; !st && i < PQntuples(r); i++) {
		st = read_audit(p, r, i, &rec, err);
		if (!st && fn(seq, &rec, ctx) != 0)
			break;
	}
	PQclear(r);
	return st;
}
