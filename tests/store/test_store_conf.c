/* test_store_conf.c - the store conformance suite: every operation of
 * tutor/store.h with the same expected results and error codes on every
 * backend.  The backend comes from TUTOR_TEST_STORE (conf_fx.h): unset,
 * SQLite in a temporary file (meson test store_conf_sqlite); a
 * postgresql:// URI, PostgreSQL (store_conf_pg, run by with_pg.sh).
 *
 * Covered: open/reopen and the recorded migrations, a newer schema and a
 * database that is not a store refused; learners; snapshots and commits;
 * compare-and-set across two handles (nothing written by the loser);
 * event walks (order, after_seq, stop, pages, nested walks) and counts;
 * audit records; rows changed behind the store's back -> TU_ECORRUPT;
 * content; settings; the LLM cache and usage; accounts; sessions;
 * cohorts; two processes committing to one learner with retries; four
 * processes migrating a fresh store at once; and, on PostgreSQL, a
 * connection killed by the server and recovered on the next call. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conf_fx.h"
#include "tutor/hash.h"
#include "tutor/store.h"

/* ---- helpers ---- */

static void add(struct tu_store *s, const char *id)
{
	struct tu_err e = TU_ERR_INIT;

	assert_int_equal(tu_store_learner_add(s, id, "", 1000, &e), TU_OK);
}

/* Commits payload/state strings for learner at expected version. */
static enum tu_status put(struct tu_store *s, const char *learner,
			  uint64_t expected, const char *payload,
			  const char *state, uint64_t *seq, struct tu_err *e)
{
	struct tu_commit c = {
		.learner = learner, .expected_version = expected,
		.type = "submission", .at = 2000 + (int64_t)expected,
		.payload = payload, .payload_len = strlen(payload),
		.outputs = "{\"ok\":1}", .outputs_len = 8,
		.state_json = state, .state_len = strlen(state),
		.updated = 3000 + (int64_t)expected,
	};

	return tu_store_commit(s, &c, seq, e);
}

static void set_audit(struct tu_audit *a, const char *agent,
		      const char *path, const char *before, const char *after,
		      const char *reason)
{
	memset(a, 0, sizeof(*a));
	snprintf(a->agent, sizeof a->agent, "%s", agent);
	snprintf(a->path, sizeof a->path, "%s", path);
	snprintf(a->before, sizeof a->before, "%s", before);
	snprintf(a->after, sizeof a->after, "%s", after);
	snprintf(a->reason, sizeof a->reason, "%s", reason);
}

static uint64_t count(struct tu_store *s, const char *learner)
{
	uint64_t n = 99999;

	assert_int_equal(tu_store_event_count(s, learner, &n, NULL), TU_OK);
	return n;
}

static int64_t raw(struct fx *f, const char *sql)
{
	return fx_raw_int(f, f->loc, sql);
}

/* Collects walked events. */
#define EV_MAX 512
struct seen {
	size_t n, stop_after;
	uint64_t seq[EV_MAX], version[EV_MAX];
	char learner[EV_MAX][TU_ID_MAX];
	char payload[EV_MAX][64];
	size_t payload_len[EV_MAX];
	char outputs[EV_MAX][16];
};

static int collect(const struct tu_event *ev, void *ctx)
{
	struct seen *w = ctx;

	if (w->n < EV_MAX) {
		w->seq[w->n] = ev->seq;
		w->version[w->n] = ev->version;
		snprintf(w->learner[w->n], TU_ID_MAX, "%s", ev->learner);
		snprintf(w->payload[w->n], sizeof w->payload[0], "%s",
			 ev->payload);
		w->payload_len[w->n] = ev->payload_len;
		snprintf(w->outputs[w->n], sizeof w->outputs[0], "%s",
			 ev->outputs);
		assert_int_equal(ev->payload[ev->payload_len], '\0');
		assert_int_equal(ev->outputs[ev->outputs_len], '\0');
	}
	w->n++;
	return w->stop_after && w->n >= w->stop_after;
}

/* ---- open, reopen, migrations ---- */

static void test_open_reopen(void **state)
{
	struct fx *f = *state;
	struct tu_learner_row row;
	struct tu_err e = TU_ERR_INIT;

	assert_int_equal(tu_store_schema_version(f->s), 4);
	assert_string_equal(tu_store_backend(f->s),
			    f->pg ? "postgresql" : "sqlite");
	assert_int_equal(tu_store_learner_add(f->s, "ada", "Ada L", 100, &e),
			 TU_OK);
	assert_int_equal(raw(f, "SELECT count(*) FROM schema_version"), 4);
	assert_int_equal(raw(f, "SELECT max(version) FROM schema_version"), 4);
	assert_true(raw(f, "SELECT min(applied) FROM schema_version") >
		    1600000000);
	fx_reopen(f);
	fx_reopen(f);
	assert_int_equal(tu_store_schema_version(f->s), 4);
	assert_int_equal(raw(f, "SELECT count(*) FROM schema_version"), 4);
	assert_int_equal(tu_store_learner_get(f->s, "ada", &row, &e), TU_OK);
	assert_string_equal(row.name, "Ada L");
	assert_int_equal(row.created, 100);
}

static void test_refused_stores(void **state)
{
	struct fx *f = *state;
	struct tu_store *s2 = NULL;
	struct tu_err e = TU_ERR_INIT;
	char other[FX_LOC_MAX];

	/* a store from a newer program is refused, not downgraded */
	assert_int_equal(fx_raw_exec(f, f->loc, "INSERT INTO schema_version "
				     "VALUES(5, 0)"), 0);
	assert_int_equal(tu_store_open(f->loc, NULL, &s2, &e), TU_ECORRUPT);
	assert_null(s2);
	assert_non_null(strstr(e.msg, "schema version 5 is newer"));
	assert_int_equal(raw(f, "SELECT count(*) FROM schema_version"), 5);

	/* a database with tables but no schema_version is not a store */
	fx_new_location(f, other);
	assert_int_equal(fx_raw_exec(f, other, "CREATE TABLE foo(x integer)"),
			 0);
	assert_int_equal(tu_store_open(other, NULL, &s2, &e), TU_EIO);
	assert_null(s2);
	assert_non_null(strstr(e.msg, "not a tutor store"));
	assert_int_equal(fx_raw_int(f, other, "SELECT count(*) FROM foo"), 0);
}

/* Opening a PostgreSQL location that cannot be reached or parsed. */
static void test_pg_locations(void **state)
{
	struct tu_store *s2 = NULL;
	struct tu_err e = TU_ERR_INIT;

	(void)state;
	assert_int_equal(tu_store_open("postgresql://tutor@/db?host="
				       "/nonexistent/tu-socket&"
				       "connect_timeout=2", NULL, &s2, &e),
			 TU_EIO);
	assert_null(s2);
	assert_non_null(strstr(e.msg, "postgresql: cannot connect: "));
	assert_int_equal(tu_store_open("postgres://h/db?no_such_option=1",
				       NULL, &s2, &e), TU_EINVAL);
	assert_null(s2);
	assert_non_null(strstr(e.msg, "bad PostgreSQL location"));
}

/* ---- learners ---- */

static int visit_learner(const struct tu_learner_row *row, void *ctx)
{
	struct seen *w = ctx;

	if (w->n < EV_MAX) {
		snprintf(w->learner[w->n], TU_ID_MAX, "%s", row->id);
		w->version[w->n] = row->version;
	}
	w->n++;
	return w->stop_after && w->n >= w->stop_after;
}

static void test_learners(void **state)
{
	struct fx *f = *state;
	struct tu_learner_row row;
	struct tu_err e = TU_ERR_INIT;
	struct seen *w = calloc(1, sizeof(*w));

	assert_non_null(w);
	assert_int_equal(tu_store_learner_add(f->s, "bob", "Bob", 7, &e), TU_OK);
	assert_int_equal(tu_store_learner_add(f->s, "ada", "Ada \xc3\xa9", 5,
					      &e), TU_OK);
	assert_int_equal(tu_store_learner_add(f->s, "Zed", NULL, 9, &e), TU_OK);
	assert_int_equal(tu_store_learner_add(f->s, "a-b", "", 9, &e), TU_OK);

	assert_int_equal(tu_store_learner_get(f->s, "ada", &row, &e), TU_OK);
	assert_string_equal(row.id, "ada");
	assert_string_equal(row.name, "Ada \xc3\xa9");
	assert_int_equal(row.created, 5);
	assert_int_equal(row.version, 0);

	assert_int_equal(tu_store_learner_add(f->s, "ada", "Other", 6, &e),
			 TU_EINVAL);
	assert_string_equal(e.msg, "learner 'ada' already exists");
	assert_int_equal(tu_store_learner_get(f->s, "ada", &row, &e), TU_OK);
	assert_string_equal(row.name, "Ada \xc3\xa9");
	assert_int_equal(tu_store_learner_add(f->s, "a b", "", 1, &e),
			 TU_EINVAL);
	assert_int_equal(raw(f, "SELECT count(*) FROM learners"), 4);
	assert_int_equal(tu_store_learner_get(f->s, "zed", &row, &e),
			 TU_ENOTFOUND);
	assert_string_equal(e.msg, "no learner 'zed'");

	/* byte order on every backend: upper case first */
	assert_int_equal(tu_store_learner_each(f->s, visit_learner, w, &e),
			 TU_OK);
	assert_int_equal(w->n, 4);
	assert_string_equal(w->learner[0], "Zed");
	assert_string_equal(w->learner[1], "a-b");
	assert_string_equal(w->learner[2], "ada");
	assert_string_equal(w->learner[3], "bob");
	memset(w, 0, sizeof(*w));
	w->stop_after = 2;
	assert_int_equal(tu_store_learner_each(f->s, visit_learner, w, &e),
			 TU_OK);
	assert_int_equal(w->n, 2);
	free(w);
}

/* ---- commits ---- */

static void test_commit_roundtrip(void **state)
{
	struct fx *f = *state;
	struct tu_snapshot snap;
	struct tu_learner_row row;
	struct tu_err e = TU_ERR_INIT;
	struct seen *w = calloc(1, sizeof(*w));
	uint64_t seq1 = 0, seq2 = 0;
	struct tu_commit c = {
		.learner = "ada", .expected_version = 2, .type = "hint",
		.at = 5, .payload = "{}", .payload_len = 2,
		.state_json = "{\"v\":3}", .state_len = 7, .updated = 6,
	};

	assert_non_null(w);
	add(f->s, "ada");
	add(f->s, "bob");
	tu_snapshot_init(&snap);
	assert_int_equal(tu_store_snapshot_get(f->s, "ada", &snap, &e),
			 TU_ENOTFOUND);
	assert_string_equal(e.msg, "learner 'ada' has no snapshot yet "
			    "(version 0)");
	assert_int_equal(tu_store_snapshot_get(f->s, "zed", &snap, &e),
			 TU_ENOTFOUND);
	assert_string_equal(e.msg, "no learner 'zed'");

	assert_int_equal(put(f->s, "ada", 0, "{\"a\":1}", "{\"v\":1}", &seq1,
			     &e), TU_OK);
	assert_int_equal(tu_store_snapshot_get(f->s, "ada", &snap, &e), TU_OK);
	assert_int_equal(snap.version, 1);
	assert_int_equal(snap.updated, 3000);
	assert_int_equal(snap.len, 7);
	assert_string_equal(snap.state_json, "{\"v\":1}");

	assert_int_equal(put(f->s, "ada", 1, "{\"a\":2}", "{\"v\":2,\"x\":0}",
			     &seq2, &e), TU_OK);
	assert_true(seq2 > seq1);
	assert_int_equal(tu_store_snapshot_get(f->s, "ada", &snap, &e), TU_OK);
	assert_int_equal(snap.version, 2);
	assert_int_equal(snap.updated, 3001);
	assert_string_equal(snap.state_json, "{\"v\":2,\"x\":0}");
	assert_int_equal(tu_store_learner_get(f->s, "ada", &row, &e), TU_OK);
	assert_int_equal(row.version, 2);
	assert_int_equal(tu_store_learner_get(f->s, "bob", &row, &e), TU_OK);
	assert_int_equal(row.version, 0);

	/* outputs NULL reads back as "" */
	assert_int_equal(tu_store_commit(f->s, &c, NULL, &e), TU_OK);
	assert_int_equal(tu_store_event_each(f->s, "ada", seq2, collect, w,
					     &e), TU_OK);
	assert_int_equal(w->n, 1);
	assert_string_equal(w->outputs[0], "");
	assert_string_equal(w->payload[0], "{}");
	tu_snapshot_release(&snap);
	assert_null(snap.state_json);

	/* unknown learner: nothing written */
	c.learner = "zed";
	c.expected_version = 0;
	assert_int_equal(tu_store_commit(f->s, &c, NULL, &e), TU_ENOTFOUND);
	assert_string_equal(e.msg, "no learner 'zed'");
	assert_int_equal(count(f->s, NULL), 3);
	free(w);
}

/* A and B read version 0; A commits; B's commit from the old version is
 * refused and writes nothing; B re-reads and its retry goes through. */
static void test_cas_two_handles(void **state)
{
	struct fx *f = *state;
	struct tu_store *b = NULL;
	struct tu_snapshot snap;
	struct tu_err e = TU_ERR_INIT;
	struct tu_audit a[2];
	struct tu_commit c = {
		.learner = "ada", .expected_version = 0, .type = "submission",
		.at = 1, .payload = "{\"late\":1}", .payload_len = 10,
		.state_json = "{\"late\":1}", .state_len = 10, .updated = 1,
		.audit = a, .n_audit = 2,
	};

	set_audit(&a[0], "profiler", "topics[x].mastery", "0.1", "0.2", "r");
	set_audit(&a[1], "profiler", "topics[y].mastery", "", "0.5", "new");
	add(f->s, "ada");
	assert_int_equal(tu_store_open(f->loc, NULL, &b, &e), TU_OK);
	assert_int_equal(put(f->s, "ada", 0, "{\"first\":1}", "{\"first\":1}",
			     NULL, &e), TU_OK);
	assert_int_equal(tu_store_commit(b, &c, NULL, &e), TU_ECONFLICT);
	assert_string_equal(e.msg, "learner 'ada': version is 1, expected 0");
	c.expected_version = 6;
	assert_int_equal(tu_store_commit(b, &c, NULL, &e), TU_ECONFLICT);
	assert_string_equal(e.msg, "learner 'ada': version is 1, expected 6");

	assert_int_equal(count(b, "ada"), 1);
	assert_int_equal(raw(f, "SELECT count(*) FROM audit"), 0);
	assert_int_equal(raw(f, "SELECT count(*) FROM events"), 1);
	tu_snapshot_init(&snap);
	assert_int_equal(tu_store_snapshot_get(b, "ada", &snap, &e), TU_OK);
	assert_int_equal(snap.version, 1);
	assert_string_equal(snap.state_json, "{\"first\":1}");
	tu_snapshot_release(&snap);

	c.expected_version = 1;
	assert_int_equal(tu_store_commit(b, &c, NULL, &e), TU_OK);
	assert_int_equal(raw(f, "SELECT count(*) FROM audit"), 2);
	assert_int_equal(tu_store_snapshot_get(f->s, "ada", &snap, &e), TU_OK);
	assert_int_equal(snap.version, 2);
	assert_string_equal(snap.state_json, "{\"late\":1}");
	tu_snapshot_release(&snap);
	tu_store_close(b);
}

/* 150 events over two learners: more than one page of any backend. */
#define WALK_N 150

static void test_seq_and_walks(void **state)
{
	struct fx *f = *state;
	struct tu_err e = TU_ERR_INIT;
	struct seen *w = calloc(1, sizeof(*w));
	uint64_t seq[WALK_N], ver[2] = { 0, 0 };
	char payload[32];
	size_t n_ada = 0;

	assert_non_null(w);
	add(f->s, "ada");
	add(f->s, "bob");
	for (size_t i = 0; i < WALK_N; i++) {
		int who = (i % 3 == 1);

		snprintf(payload, sizeof payload, "{\"i\":%zu}", i);
		assert_int_equal(put(f->s, who ? "bob" : "ada", ver[who],
				     payload, "{}", &seq[i], &e), TU_OK);
		ver[who]++;
		n_ada += !who;
		if (i > 0)
			assert_true(seq[i] > seq[i - 1]);
	}
	assert_int_equal(tu_store_event_each(f->s, NULL, 0, collect, w, &e),
			 TU_OK);
	assert_int_equal(w->n, WALK_N);
	for (size_t i = 0; i < WALK_N; i++) {
		snprintf(payload, sizeof payload, "{\"i\":%zu}", i);
		assert_int_equal(w->seq[i], seq[i]);
		assert_string_equal(w->learner[i], i % 3 == 1 ? "bob" : "ada");
		assert_string_equal(w->payload[i], payload);
		assert_int_equal(w->payload_len[i], strlen(payload));
		assert_string_equal(w->outputs[i], "{\"ok\":1}");
	}

	memset(w, 0, sizeof(*w));
	assert_int_equal(tu_store_event_each(f->s, "ada", 0, collect, w, &e),
			 TU_OK);
	assert_int_equal(w->n, n_ada);
	for (size_t i = 0; i < w->n; i++)
		assert_int_equal(w->version[i], i + 1);

	memset(w, 0, sizeof(*w));     /* after_seq is exclusive */
	assert_int_equal(tu_store_event_each(f->s, NULL, seq[99], collect, w,
					     &e), TU_OK);
	assert_int_equal(w->n, WALK_N - 100);
	assert_int_equal(w->seq[0], seq[100]);

	memset(w, 0, sizeof(*w));
	assert_int_equal(tu_store_event_each(f->s, NULL, seq[WALK_N - 1],
					     collect, w, &e), TU_OK);
	assert_int_equal(w->n, 0);

	memset(w, 0, sizeof(*w));
	w->stop_after = 70;
	assert_int_equal(tu_store_event_each(f->s, NULL, 0, collect, w, &e),
			 TU_OK);
	assert_int_equal(w->n, 70);

	assert_int_equal(count(f->s, NULL), WALK_N);
	assert_int_equal(count(f->s, "ada"), n_ada);
	assert_int_equal(count(f->s, "bob"), WALK_N - n_ada);
	assert_int_equal(count(f->s, "nobody"), 0);
	free(w);
}

/* ---- audit records ---- */

struct audits {
	size_t n;
	uint64_t seq;
	struct tu_audit a[8];
};

static int collect_audit(uint64_t seq, const struct tu_audit *a, void *ctx)
{
	struct audits *w = ctx;

	if (w->n < 8)
		w->a[w->n] = *a;
	w->seq = seq;
	w->n++;
	return 0;
}

/* Inside an event walk: read that event's audit records and run the
 * same walk again (a nested walk sees the whole log). */
struct nested {
	struct tu_store *s;
	size_t events, audits, inner_events;
	enum tu_status inner;
};

static int nested_fn(const struct tu_event *ev, void *ctx)
{
	struct nested *n = ctx;
	struct audits w = { 0 };
	struct seen *sw = calloc(1, sizeof(*sw));

	assert_non_null(sw);
	assert_int_equal(tu_store_audit_each(n->s, ev->seq, collect_audit, &w,
					     NULL), TU_OK);
	n->audits += w.n;
	n->inner = tu_store_event_each(n->s, "ada", 0, collect, sw, NULL);
	n->inner_events += sw->n;
	n->events++;
	free(sw);
	return 0;
}

static void test_audit(void **state)
{
	struct fx *f = *state;
	struct tu_err e = TU_ERR_INIT;
	struct tu_audit a[3];
	struct audits w = { 0 };
	struct nested n = { 0 };
	uint64_t seq1 = 0, seq2 = 0;
	struct tu_commit c = {
		.learner = "ada", .expected_version = 0, .type = "submission",
		.at = 1, .payload = "{}", .payload_len = 2,
		.state_json = "{}", .state_len = 2, .updated = 1,
		.audit = a, .n_audit = 3,
	};

	set_audit(&a[0], "learner_profiler", "topics[loops].mastery", "0.3",
		  "0.37", "pass on medium item \xe2\x9c\x93");
	set_audit(&a[1], "srs", "reviews[add].due", "", "1700000000", "new");
	set_audit(&a[2], "curator", "daily[0]", "sum", "", "removed");
	add(f->s, "ada");
	assert_int_equal(tu_store_commit(f->s, &c, &seq1, &e), TU_OK);
	c.expected_version = 1;
	c.n_audit = 1;
	c.audit = &a[2];
	assert_int_equal(tu_store_commit(f->s, &c, &seq2, &e), TU_OK);

	assert_int_equal(tu_store_audit_each(f->s, seq1, collect_audit, &w, &e),
			 TU_OK);
	assert_int_equal(w.n, 3);
	assert_int_equal(w.seq, seq1);
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(w.a[i].agent, a[i].agent);
		assert_string_equal(w.a[i].path, a[i].path);
		assert_string_equal(w.a[i].before, a[i].before);
		assert_string_equal(w.a[i].after, a[i].after);
		assert_string_equal(w.a[i].reason, a[i].reason);
	}
	memset(&w, 0, sizeof w);
	assert_int_equal(tu_store_audit_each(f->s, seq2, collect_audit, &w, &e),
			 TU_OK);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.a[0].agent, "curator");
	memset(&w, 0, sizeof w);
	assert_int_equal(tu_store_audit_each(f->s, seq2 + 100, collect_audit,
					     &w, &e), TU_OK);
	assert_int_equal(w.n, 0);
	assert_int_equal(tu_store_audit_each(f->s, UINT64_MAX, collect_audit,
					     &w, &e), TU_OK);

	n.s = f->s;
	assert_int_equal(tu_store_event_each(f->s, NULL, 0, nested_fn, &n, &e),
			 TU_OK);
	assert_int_equal(n.events, 2);
	assert_int_equal(n.audits, 4);
	assert_int_equal(n.inner, TU_OK);
	assert_int_equal(n.inner_events, 4);
}

/* ---- rows changed behind the store's back ---- */

static void test_corrupt_snapshot(void **state)
{
	struct fx *f = *state;
	struct tu_snapshot snap;
	struct tu_err e = TU_ERR_INIT;

	add(f->s, "ada");
	assert_int_equal(put(f->s, "ada", 0, "{}", "{\"m\":0.5}", NULL, &e),
			 TU_OK);
	assert_int_equal(fx_raw_exec(f, f->loc, f->pg ?
		"UPDATE snapshots SET state = convert_to('{\"m\":0.9}', "
		"'UTF8')" :
		"UPDATE snapshots SET state = CAST('{\"m\":0.9}' AS BLOB)"), 0);
	tu_snapshot_init(&snap);
	assert_int_equal(tu_store_snapshot_get(f->s, "ada", &snap, &e),
			 TU_ECORRUPT);
	assert_null(snap.state_json);
	assert_non_null(strstr(e.msg, "snapshot of learner 'ada' version 1: "
			       "checksum mismatch"));
	assert_non_null(strstr(e.msg, "table snapshots"));

	/* the version is part of the digest too */
	assert_int_equal(fx_raw_exec(f, f->loc, f->pg ?
		"UPDATE snapshots SET state = convert_to('{\"m\":0.5}', "
		"'UTF8'), version = 7" :
		"UPDATE snapshots SET state = CAST('{\"m\":0.5}' AS BLOB), "
		"version = 7"), 0);
	assert_int_equal(tu_store_snapshot_get(f->s, "ada", &snap, &e),
			 TU_ECORRUPT);
	assert_int_equal(fx_raw_exec(f, f->loc, "UPDATE snapshots SET "
				     "version = 1"), 0);
	assert_int_equal(tu_store_snapshot_get(f->s, "ada", &snap, &e), TU_OK);
	assert_string_equal(snap.state_json, "{\"m\":0.5}");
	tu_snapshot_release(&snap);
}

static void test_corrupt_event(void **state)
{
	struct fx *f = *state;
	struct tu_err e = TU_ERR_INIT;
	struct seen *w = calloc(1, sizeof(*w));
	uint64_t seq[3];
	char want[160];

	assert_non_null(w);
	add(f->s, "ada");
	for (uint64_t i = 0; i < 3; i++)
		assert_int_equal(put(f->s, "ada", i, "{\"p\":1}", "{}", &seq[i],
				     &e), TU_OK);
	/* the log is append-only even for raw SQL ... */
	assert_int_not_equal(fx_raw_exec(f, f->loc, "UPDATE events SET at = 1"),
			     0);
	assert_int_not_equal(fx_raw_exec(f, f->loc, "DELETE FROM events"), 0);
	/* ... until someone disables the guard and edits a row */
	assert_int_equal(fx_raw_exec(f, f->loc, f->pg ?
		"ALTER TABLE events DISABLE TRIGGER USER; "
		"UPDATE events SET payload = convert_to('{\"p\":2}', 'UTF8') "
		"WHERE version = 2" :
		"DROP TRIGGER events_no_update; "
		"UPDATE events SET payload = CAST('{\"p\":2}' AS BLOB) "
		"WHERE version = 2"), 0);
	assert_int_equal(tu_store_event_each(f->s, "ada", 0, collect, w, &e),
			 TU_ECORRUPT);
	assert_int_equal(w->n, 1);     /* the walk stopped at the bad row */
	snprintf(want, sizeof want, "event seq %" PRIu64 " of learner 'ada' "
		 "version 2: checksum mismatch", seq[1]);
	assert_non_null(strstr(e.msg, want));
	assert_non_null(strstr(e.msg, "table events"));

	memset(w, 0, sizeof(*w));     /* rows after it are still readable */
	assert_int_equal(tu_store_event_each(f->s, NULL, seq[1], collect, w,
					     &e), TU_OK);
	assert_int_equal(w->n, 1);
	assert_int_equal(w->seq[0], seq[2]);
	free(w);
}

/* ---- content registry and settings ---- */

static void test_content(void **state)
{
	struct fx *f = *state;
	struct tu_content_row row, got;
	struct tu_err e = TU_ERR_INIT;

	memset(&row, 0, sizeof row);
	snprintf(row.course, sizeof row.course, "py-basics");
	snprintf(row.version, sizeof row.version, "1.2.0");
	tu_hash_hex("abc", 3, row.hash);
	snprintf(row.path, sizeof row.path, "/srv/courses/py-basics");
	row.loaded = 1700000000;
	assert_int_equal(tu_store_content_get(f->s, "py-basics", &got, &e),
			 TU_ENOTFOUND);
	assert_string_equal(e.msg, "no course 'py-basics' in the content "
			    "registry");
	assert_int_equal(tu_store_content_put(f->s, &row, &e), TU_OK);
	assert_int_equal(tu_store_content_get(f->s, "py-basics", &got, &e),
			 TU_OK);
	assert_string_equal(got.course, "py-basics");
	assert_string_equal(got.version, "1.2.0");
	assert_string_equal(got.hash, row.hash);
	assert_string_equal(got.path, "/srv/courses/py-basics");
	assert_int_equal(got.loaded, 1700000000);

	snprintf(row.version, sizeof row.version, "1.3.0");
	row.loaded = 1700000100;
	assert_int_equal(tu_store_content_put(f->s, &row, &e), TU_OK);
	assert_int_equal(tu_store_content_get(f->s, "py-basics", &got, &e),
			 TU_OK);
	assert_string_equal(got.version, "1.3.0");
	assert_int_equal(got.loaded, 1700000100);
	assert_int_equal(raw(f, "SELECT count(*) FROM content"), 1);
	row.hash[0] = 'G';
	assert_int_equal(tu_store_content_put(f->s, &row, &e), TU_EINVAL);
}

static void test_settings(void **state)
{
	struct fx *f = *state;
	struct tu_err e = TU_ERR_INIT;
	char buf[TU_STORE_SETTING_MAX], big[TU_STORE_SETTING_MAX];

	assert_int_equal(tu_store_setting_get(f->s, "current_learner", buf,
					      sizeof buf, &e), TU_ENOTFOUND);
	assert_string_equal(e.msg, "no setting 'current_learner'");
	assert_int_equal(tu_store_setting_set(f->s, "current_learner", "ada",
					      &e), TU_OK);
	assert_int_equal(tu_store_setting_set(f->s, "current_learner",
					      "bobby", &e), TU_OK);
	assert_int_equal(tu_store_setting_get(f->s, "current_learner", buf,
					      sizeof buf, &e), TU_OK);
	assert_string_equal(buf, "bobby");
	assert_int_equal(raw(f, "SELECT count(*) FROM settings"), 1);
	assert_int_equal(tu_store_setting_get(f->s, "current_learner", buf, 5,
					      &e), TU_ERANGE);
	assert_int_equal(tu_store_setting_get(f->s, "current_learner", buf, 6,
					      &e), TU_OK);
	memset(big, 'v', sizeof big - 1);
	big[sizeof big - 1] = '\0';          /* 1023 bytes: fits */
	assert_int_equal(tu_store_setting_set(f->s, "k", big, &e), TU_OK);
	assert_int_equal(tu_store_setting_get(f->s, "k", buf, sizeof buf, &e),
			 TU_OK);
	assert_int_equal(strlen(buf), TU_STORE_SETTING_MAX - 1);
	assert_int_equal(tu_store_setting_set(f->s, "k", "", &e), TU_OK);
	assert_int_equal(tu_store_setting_get(f->s, "k", buf, sizeof buf, &e),
			 TU_OK);
	assert_string_equal(buf, "");
}

/* ---- the LLM cache and usage ---- */

static void test_llm(void **state)
{
	struct fx *f = *state;
	struct tu_err e = TU_ERR_INIT;
	struct tu_llm_cache_entry c;
	struct tu_store_usage u, add1 = { 1, 250 };
	struct tu_store_usage huge = { INT64_MAX, INT64_MAX };
	char *content = NULL;
	size_t len = 0;

	memset(&c, 0, sizeof c);
	tu_hash_hex("prompt", 6, c.key);
	snprintf(c.model, sizeof c.model, "qwen2.5-coder");
	snprintf(c.prompt, sizeof c.prompt, "hint");
	c.prompt_version = 3;
	c.content = "{\"hint\":\"caf\xc3\xa9\"}";
	c.len = strlen(c.content);
	c.created_at = 1700000000;
	assert_int_equal(tu_store_llm_cache_get(f->s, c.key, &content, &len,
						&e), TU_ENOTFOUND);
	assert_int_equal(tu_store_llm_cache_put(f->s, &c, &e), TU_OK);
	assert_int_equal(tu_store_llm_cache_get(f->s, c.key, &content, &len,
						&e), TU_OK);
	assert_string_equal(content, c.content);
	assert_int_equal(len, c.len);
	free(content);
	c.content = "{}";
	c.len = 2;
	assert_int_equal(tu_store_llm_cache_put(f->s, &c, &e), TU_OK);
	assert_int_equal(tu_store_llm_cache_get(f->s, c.key, &content, NULL,
						&e), TU_OK);
	assert_string_equal(content, "{}");
	free(content);
	assert_int_equal(raw(f, "SELECT count(*) FROM llm_cache"), 1);

	add(f->s, "ada");
	assert_int_equal(tu_store_llm_usage_get(f->s, "ada", 19000, &u, &e),
			 TU_OK);
	assert_int_equal(u.requests, 0);
	assert_int_equal(tu_store_llm_usage_add(f->s, "ada", 19000, &add1, &e),
			 TU_OK);
	assert_int_equal(tu_store_llm_usage_add(f->s, "ada", 19000, &add1, &e),
			 TU_OK);
	assert_int_equal(tu_store_llm_usage_add(f->s, NULL, 19000, &add1, &e),
			 TU_OK);
	assert_int_equal(tu_store_llm_usage_get(f->s, "ada", 19000, &u, &e),
			 TU_OK);
	assert_int_equal(u.requests, 2);
	assert_int_equal(u.tokens, 500);
	assert_int_equal(tu_store_llm_usage_get(f->s, TU_STORE_USAGE_GLOBAL,
						19000, &u, &e), TU_OK);
	assert_int_equal(u.requests, 3);
	assert_int_equal(u.tokens, 750);
	assert_int_equal(tu_store_llm_usage_get(f->s, "ada", 19001, &u, &e),
			 TU_OK);
	assert_int_equal(u.requests, 0);
	/* counts saturate instead of overflowing */
	assert_int_equal(tu_store_llm_usage_add(f->s, "ada", 19000, &huge, &e),
			 TU_OK);
	assert_int_equal(tu_store_llm_usage_get(f->s, "ada", 19000, &u, &e),
			 TU_OK);
	assert_int_equal(u.requests, INT64_MAX);
	assert_int_equal(u.tokens, INT64_MAX);
}

/* ---- accounts, sessions, cohorts ---- */

static void account(struct tu_account_row *a, const char *name,
		    enum tu_account_role role)
{
	memset(a, 0, sizeof(*a));
	snprintf(a->username, sizeof a->username, "%s", name);
	a->role = role;
	snprintf(a->pwhash, sizeof a->pwhash, "$argon2id$v=19$fake-%s", name);
	if (role == TU_ACCOUNT_LEARNER)
		snprintf(a->learner, sizeof a->learner, "%s", name);
	a->created_at = 1000;
}

static int64_t add_account(struct tu_store *s, const char *name,
			   enum tu_account_role role)
{
	struct tu_account_row a;
	struct tu_err e = TU_ERR_INIT;
	int64_t id = 0;

	account(&a, name, role);
	assert_int_equal(tu_store_account_add(s, &a, &id, &e), TU_OK);
	assert_true(id > 0);
	return id;
}

static void token(const char *t, struct tu_session_row *r, int64_t account_id,
		  int64_t created, int64_t expires)
{
	memset(r, 0, sizeof(*r));
	tu_hash_hex(t, strlen(t), r->token_hash);
	r->account = account_id;
	r->created_at = created;
	r->expires_at = expires;
}

static int visit_account(const struct tu_account_row *row, void *ctx)
{
	struct seen *w = ctx;

	snprintf(w->learner[w->n++], TU_ID_MAX, "%s", row->username);
	return 0;
}

static void test_accounts(void **state)
{
	struct fx *f = *state;
	struct tu_account_row a, got;
	struct tu_learner_row lr;
	struct tu_err e = TU_ERR_INIT;
	struct seen *w = calloc(1, sizeof(*w));
	int64_t ada, teach;
	uint64_t n = 0;

	assert_non_null(w);
	ada = add_account(f->s, "ada", TU_ACCOUNT_LEARNER);
	teach = add_account(f->s, "Teach", TU_ACCOUNT_INSTRUCTOR);
	assert_true(teach != ada);
	assert_int_equal(tu_store_learner_get(f->s, "ada", &lr, &e), TU_OK);
	assert_string_equal(lr.name, "ada");

	account(&a, "ada", TU_ACCOUNT_INSTRUCTOR);
	assert_int_equal(tu_store_account_add(f->s, &a, NULL, &e),
			 TU_ECONFLICT);
	assert_string_equal(e.msg, "username 'ada' is taken");
	add(f->s, "bob");
	account(&a, "bob", TU_ACCOUNT_LEARNER);
	assert_int_equal(tu_store_account_add(f->s, &a, NULL, &e),
			 TU_ECONFLICT);
	assert_string_equal(e.msg, "learner 'bob' already exists");
	assert_int_equal(tu_store_account_get(f->s, "bob", &got, &e),
			 TU_ENOTFOUND);
	assert_string_equal(e.msg, "no account 'bob'");

	assert_int_equal(tu_store_account_get(f->s, "ada", &got, &e), TU_OK);
	assert_int_equal(got.id, ada);
	assert_int_equal(got.role, TU_ACCOUNT_LEARNER);
	assert_string_equal(got.learner, "ada");
	assert_string_equal(got.pwhash, "$argon2id$v=19$fake-ada");
	assert_int_equal(got.created_at, 1000);
	assert_int_equal(tu_store_account_get_id(f->s, teach, &got, &e), TU_OK);
	assert_string_equal(got.username, "Teach");
	assert_int_equal(got.role, TU_ACCOUNT_INSTRUCTOR);
	assert_string_equal(got.learner, "");
	assert_int_equal(tu_store_account_get_id(f->s, 9999, &got, &e),
			 TU_ENOTFOUND);
	assert_string_equal(e.msg, "no account 9999");

	assert_int_equal(tu_store_account_each(f->s, visit_account, w, &e),
			 TU_OK);
	assert_int_equal(w->n, 2);
	assert_string_equal(w->learner[0], "Teach");
	assert_string_equal(w->learner[1], "ada");
	assert_int_equal(tu_store_account_count(f->s, TU_ACCOUNT_LEARNER, &n,
						&e), TU_OK);
	assert_int_equal(n, 1);
	assert_int_equal(tu_store_account_set_pwhash(f->s, ada, "$new", &e),
			 TU_OK);
	assert_int_equal(tu_store_account_get(f->s, "ada", &got, &e), TU_OK);
	assert_string_equal(got.pwhash, "$new");
	assert_int_equal(tu_store_account_set_pwhash(f->s, 9999, "$x", &e),
			 TU_ENOTFOUND);
	free(w);
}

static void test_sessions(void **state)
{
	struct fx *f = *state;
	struct tu_session_row r, got;
	struct tu_err e = TU_ERR_INIT;
	int64_t ada = add_account(f->s, "ada", TU_ACCOUNT_LEARNER);
	uint64_t n = 0;

	token("t1", &r, ada, 100, 200);
	assert_int_equal(tu_store_session_add(f->s, &r, &e), TU_OK);
	assert_int_equal(tu_store_session_add(f->s, &r, &e), TU_ECONFLICT);
	assert_string_equal(e.msg, "a session with this token hash exists");
	token("t2", &r, 9999, 100, 200);
	assert_int_equal(tu_store_session_add(f->s, &r, &e), TU_ENOTFOUND);
	assert_string_equal(e.msg, "no account 9999");
	token("t2", &r, ada, 100, 300);
	assert_int_equal(tu_store_session_add(f->s, &r, &e), TU_OK);
	token("t3", &r, ada, 100, 400);
	assert_int_equal(tu_store_session_add(f->s, &r, &e), TU_OK);

	token("t2", &r, ada, 0, 0);
	assert_int_equal(tu_store_session_get(f->s, r.token_hash, &got, &e),
			 TU_OK);
	assert_string_equal(got.token_hash, r.token_hash);
	assert_int_equal(got.account, ada);
	assert_int_equal(got.created_at, 100);
	assert_int_equal(got.expires_at, 300);
	assert_int_equal(tu_store_session_count(f->s, 250, &n, &e), TU_OK);
	assert_int_equal(n, 2);
	assert_int_equal(tu_store_session_purge(f->s, 200, &n, &e), TU_OK);
	assert_int_equal(n, 1);
	assert_int_equal(tu_store_session_delete(f->s, r.token_hash, &e), TU_OK);
	assert_int_equal(tu_store_session_delete(f->s, r.token_hash, &e), TU_OK);
	assert_int_equal(tu_store_session_get(f->s, r.token_hash, &got, &e),
			 TU_ENOTFOUND);
	assert_int_equal(tu_store_session_count(f->s, 0, &n, &e), TU_OK);
	assert_int_equal(n, 1);
	/* a new password ends every session of the account */
	assert_int_equal(tu_store_account_set_pwhash(f->s, ada, "$new", &e),
			 TU_OK);
	assert_int_equal(tu_store_session_count(f->s, 0, &n, &e), TU_OK);
	assert_int_equal(n, 0);
}

struct cohorts {
	size_t n;
	int64_t id[8];
	uint64_t members[8];
	char learner[8][TU_ID_MAX];
};

static int visit_cohort(const struct tu_cohort_row *row, void *ctx)
{
	struct cohorts *w = ctx;

	w->id[w->n] = row->id;
	w->members[w->n++] = row->members;
	return 0;
}

static int visit_member(const struct tu_cohort_member *m, void *ctx)
{
	struct cohorts *w = ctx;

	w->id[w->n] = m->cohort;
	snprintf(w->learner[w->n++], TU_ID_MAX, "%s", m->learner);
	return 0;
}

static int64_t cohort(struct tu_store *s, int64_t instructor,
		      const char *code, enum tu_status want)
{
	struct tu_cohort_row c;
	struct tu_err e = TU_ERR_INIT;
	int64_t id = 0;

	memset(&c, 0, sizeof c);
	c.instructor = instructor;
	snprintf(c.name, sizeof c.name, "Class %s", code);
	snprintf(c.join_code, sizeof c.join_code, "%s", code);
	c.created_at = 500;
	assert_int_equal(tu_store_cohort_add(s, &c, &id, &e), want);
	return id;
}

static void test_cohorts(void **state)
{
	struct fx *f = *state;
	struct tu_cohort_row row;
	struct tu_err e = TU_ERR_INIT;
	struct cohorts w = { 0 };
	int64_t t1 = add_account(f->s, "t1", TU_ACCOUNT_INSTRUCTOR);
	int64_t t2 = add_account(f->s, "t2", TU_ACCOUNT_INSTRUCTOR);
	int64_t ada = add_account(f->s, "ada", TU_ACCOUNT_LEARNER);
	int64_t c1, c2, c3;
	bool yes = true;

	add_account(f->s, "Bob", TU_ACCOUNT_LEARNER);
	c1 = cohort(f->s, t1, "abc-1", TU_OK);
	c2 = cohort(f->s, t1, "abc-2", TU_OK);
	c3 = cohort(f->s, t2, "xyz", TU_OK);
	assert_true(c1 < c2 && c2 < c3);
	cohort(f->s, t2, "abc-1", TU_ECONFLICT);
	cohort(f->s, ada, "zzz", TU_EINVAL);
	cohort(f->s, 9999, "zzz", TU_ENOTFOUND);

	assert_int_equal(tu_store_cohort_get(f->s, c2, &row, &e), TU_OK);
	assert_string_equal(row.name, "Class abc-2");
	assert_string_equal(row.join_code, "abc-2");
	assert_int_equal(row.instructor, t1);
	assert_int_equal(row.created_at, 500);
	assert_int_equal(tu_store_cohort_find_code(f->s, "xyz", &row, &e),
			 TU_OK);
	assert_int_equal(row.id, c3);
	assert_int_equal(tu_store_cohort_find_code(f->s, "nope", &row, &e),
			 TU_ENOTFOUND);
	assert_int_equal(tu_store_cohort_get(f->s, 9999, &row, &e),
			 TU_ENOTFOUND);

	assert_int_equal(tu_store_cohort_join(f->s, c1, "ada", 600, &e), TU_OK);
	assert_int_equal(tu_store_cohort_join(f->s, c1, "ada", 700, &e), TU_OK);
	assert_int_equal(tu_store_cohort_join(f->s, c1, "Bob", 650, &e), TU_OK);
	assert_int_equal(tu_store_cohort_join(f->s, c3, "ada", 600, &e), TU_OK);
	assert_int_equal(tu_store_cohort_join(f->s, 9999, "ada", 1, &e),
			 TU_ENOTFOUND);
	assert_int_equal(tu_store_cohort_join(f->s, c1, "nobody", 1, &e),
			 TU_ENOTFOUND);

	assert_int_equal(tu_store_cohort_each(f->s, 0, visit_cohort, &w, &e),
			 TU_OK);
	assert_int_equal(w.n, 3);
	assert_int_equal(w.id[0], c1);
	assert_int_equal(w.members[0], 2);
	memset(&w, 0, sizeof w);
	assert_int_equal(tu_store_cohort_each(f->s, t1, visit_cohort, &w, &e),
			 TU_OK);
	assert_int_equal(w.n, 2);
	memset(&w, 0, sizeof w);
	assert_int_equal(tu_store_cohort_each_joined(f->s, "ada", visit_cohort,
						     &w, &e), TU_OK);
	assert_int_equal(w.n, 2);
	assert_int_equal(w.id[0], c1);
	assert_int_equal(w.id[1], c3);
	memset(&w, 0, sizeof w);
	assert_int_equal(tu_store_cohort_member_each(f->s, c1, visit_member, &w,
						     &e), TU_OK);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.learner[0], "Bob");
	assert_string_equal(w.learner[1], "ada");
	assert_int_equal(raw(f, "SELECT max(joined_at) FROM cohort_members "
			     "WHERE learner_id = 'ada'"), 600);

	assert_int_equal(tu_store_cohort_teaches(f->s, t2, "ada", &yes, &e),
			 TU_OK);
	assert_true(yes);
	assert_int_equal(tu_store_cohort_teaches(f->s, t2, "Bob", &yes, &e),
			 TU_OK);
	assert_false(yes);
}

/* ---- two processes, one learner ---- */

#define PER_KID 60

/* One child: PER_KID read-modify-write commits with CAS retries.
 * Returns an exit code (0 = all committed). */
static int kid_run(const char *loc, int kid)
{
	struct tu_store *s = NULL;
	struct tu_err e = TU_ERR_INIT;
	char st_json[64], payload[64];
	int done = 0;

	if (tu_store_open(loc, NULL, &s, &e) != TU_OK)
		return 10;
	for (long tries = 0; done < PER_KID && tries < 100000; tries++) {
		struct tu_snapshot snap;
		enum tu_status st;
		uint64_t ver = 0;
		long n = 0;

		tu_snapshot_init(&snap);
		st = tu_store_snapshot_get(s, "shared", &snap, &e);
		if (st == TU_OK) {
			ver = snap.version;
			if (sscanf(snap.state_json, "{\"count\":%ld}", &n) != 1)
				return 11;
		} else if (st != TU_ENOTFOUND) {
			return 12;
		}
		tu_snapshot_release(&snap);
		snprintf(st_json, sizeof st_json, "{\"count\":%ld}", n + 1);
		snprintf(payload, sizeof payload, "{\"kid\":%d}", kid);
		st = put(s, "shared", ver, payload, st_json, NULL, &e);
		if (st == TU_OK)
			done++;
		else if (st != TU_ECONFLICT)
			return 13;
	}
	tu_store_close(s);
	return done == PER_KID ? 0 : 14;
}

static void wait_kids(const pid_t *pid, int n)
{
	for (int i = 0; i < n; i++) {
		int status = 0;

		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
}

static void test_two_writers(void **state)
{
	struct fx *f = *state;
	struct tu_snapshot snap;
	struct tu_err e = TU_ERR_INIT;
	struct seen *w = calloc(1, sizeof(*w));
	pid_t pid[2];
	int per_kid[2] = { 0 }, kid;
	char want[64];

	assert_non_null(w);
	add(f->s, "shared");
	fflush(NULL);
	for (int i = 0; i < 2; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0)
			_exit(kid_run(f->loc, i));
	}
	wait_kids(pid, 2);
	tu_snapshot_init(&snap);
	assert_int_equal(tu_store_snapshot_get(f->s, "shared", &snap, &e),
			 TU_OK);
	assert_int_equal(snap.version, 2 * PER_KID);
	snprintf(want, sizeof want, "{\"count\":%d}", 2 * PER_KID);
	assert_string_equal(snap.state_json, want);
	tu_snapshot_release(&snap);
	assert_int_equal(count(f->s, "shared"), 2 * PER_KID);
	assert_int_equal(tu_store_event_each(f->s, "shared", 0, collect, w, &e),
			 TU_OK);
	assert_int_equal(w->n, 2 * PER_KID);
	for (size_t i = 0; i < w->n; i++) {
		assert_int_equal(w->version[i], i + 1);   /* no gap, no twin */
		if (i > 0)
			assert_true(w->seq[i] > w->seq[i - 1]);
		assert_int_equal(sscanf(w->payload[i], "{\"kid\":%d}", &kid), 1);
		assert_true(kid >= 0 && kid < 2);
		per_kid[kid]++;
	}
	assert_int_equal(per_kid[0], PER_KID);
	assert_int_equal(per_kid[1], PER_KID);
	free(w);
}

/* ---- four processes open a fresh store at once ---- */

static int opener(const char *loc, int go)
{
	struct tu_store *s = NULL;
	struct tu_err e = TU_ERR_INIT;
	char c;

	if (read(go, &c, 1) < 0)      /* the start gun: EOF */
		return 20;
	if (tu_store_open(loc, NULL, &s, &e) != TU_OK) {
		fprintf(stderr, "opener: %s\n", e.msg);
		return 21;
	}
	if (tu_store_schema_version(s) != 4)
		return 22;
	tu_store_close(s);
	return 0;
}

/* Four processes open one brand-new store at once: every one must come
 * up at schema version 4 with each migration applied once.  PostgreSQL
 * serialises them with an advisory lock; SQLite with BEGIN IMMEDIATE,
 * after sqlite.c has waited out the busy answers of
 * "PRAGMA journal_mode=WAL" (SQLite applies no busy timeout to it). */
static void test_migration_race(void **state)
{
	struct fx *f = *state;
	char fresh[FX_LOC_MAX];
	int gun[2];
	pid_t pid[4];

	fx_new_location(f, fresh);
	assert_int_equal(pipe(gun), 0);
	fflush(NULL);
	for (int i = 0; i < 4; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			close(gun[1]);
			_exit(opener(fresh, gun[0]));
		}
	}
	close(gun[0]);
	close(gun[1]);               /* all four start now */
	wait_kids(pid, 4);
	assert_int_equal(fx_raw_int(f, fresh, "SELECT count(*) FROM "
				    "schema_version"), 4);
	assert_int_equal(fx_raw_int(f, fresh, "SELECT count(DISTINCT version) "
				    "FROM schema_version"), 4);
	assert_int_equal(fx_raw_int(f, fresh, "SELECT count(*) FROM learners"),
			 0);
}

/* ---- PostgreSQL: the server ends the connection ---- */

static void test_connection_lost(void **state)
{
	struct fx *f = *state;
	struct tu_learner_row row;
	struct tu_err e = TU_ERR_INIT;

	if (!f->pg)
		skip();
	add(f->s, "ada");
	fx_kill_others(f);
	assert_int_equal(tu_store_learner_get(f->s, "ada", &row, &e), TU_EIO);
	assert_non_null(strstr(e.msg, "postgresql: reading a learner: "
			       "connection lost: "));
	/* the next call reconnects by itself */
	assert_int_equal(tu_store_learner_get(f->s, "ada", &row, &e), TU_OK);
	assert_string_equal(row.id, "ada");
	assert_int_equal(put(f->s, "ada", 0, "{}", "{}", NULL, &e), TU_OK);

	/* a lost connection inside a commit writes nothing */
	fx_kill_others(f);
	assert_int_equal(put(f->s, "ada", 1, "{}", "{}", NULL, &e), TU_EIO);
	assert_non_null(strstr(e.msg, "connection lost"));
	assert_int_equal(count(f->s, "ada"), 1);
	assert_int_equal(put(f->s, "ada", 1, "{}", "{}", NULL, &e), TU_OK);
	assert_int_equal(count(f->s, "ada"), 2);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_open_reopen),
		T(test_refused_stores),
		T(test_pg_locations),
		T(test_learners),
		T(test_commit_roundtrip),
		T(test_cas_two_handles),
		T(test_seq_and_walks),
		T(test_audit),
		T(test_corrupt_snapshot),
		T(test_corrupt_event),
		T(test_content),
		T(test_settings),
		T(test_llm),
		T(test_accounts),
		T(test_sessions),
		T(test_cohorts),
		T(test_two_writers),
		T(test_migration_race),
		T(test_connection_lost),
	};
	const char *loc = getenv("TUTOR_TEST_STORE");

	printf("store conformance on %s\n", loc && loc[0] ?
	       "PostgreSQL (TUTOR_TEST_STORE)" : "SQLite");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
