/* test_store.c - the SQLite store behind tutor/store.h: open and
 * migrations, learners, compare-and-set commits, the event and audit
 * walks, checksums against raw tampering, limits, settings, content and
 * four processes committing to one learner at once.  Each test gets a
 * fresh store in its own temporary directory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tutor/hash.h"
#include "tutor/store.h"

#include "sqlite_fx.h"

static void reopen(struct fx *f)
{
	tu_store_close(f->s);
	f->s = NULL;
	assert_int_equal(tu_store_open(f->db, NULL, &f->s, NULL), TU_OK);
}

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
	strcpy(a->agent, agent);
	strcpy(a->path, path);
	strcpy(a->before, before);
	strcpy(a->after, after);
	strcpy(a->reason, reason);
}

/* First column of the first row of sql as text into out[cap]. */
static void raw_text(const char *db, const char *sql, char *out, size_t cap)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;

	out[0] = '\0';
	if (sqlite3_open(db, &h) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, cap, "%s",
			 (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
}

static uint64_t count(struct tu_store *s, const char *learner)
{
	uint64_t n = 99999;

	assert_int_equal(tu_store_event_count(s, learner, &n, NULL), TU_OK);
	return n;
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* Collects walked events. */
#define EV_MAX 256
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
		strcpy(w->learner[w->n], ev->learner);
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

static void test_open_create_reopen(void **state)
{
	struct fx *f = *state;
	struct tu_store_options o;
	struct tu_learner_row row;
	struct tu_err e = TU_ERR_INIT;
	struct tu_store *s2 = NULL;
	char mode[32], loc[PATH_MAX + 32];
	struct stat sb;

	assert_int_equal(tu_store_schema_version(f->s), 4);
	assert_string_equal(tu_store_backend(f->s), "sqlite");
	assert_int_equal(stat(f->db, &sb), 0);
	raw_text(f->db, "PRAGMA journal_mode", mode, sizeof mode);
	assert_string_equal(mode, "wal");
	assert_int_equal(tu_store_learner_add(f->s, "ada", "Ada L", 100, &e),
			 TU_OK);
	tu_store_close(f->s);
	f->s = NULL;

	snprintf(loc, sizeof loc, "sqlite:%s", f->db);
	tu_store_options_default(&o);
	o.sync_full = false;
	o.busy_timeout_ms = 50;
	assert_int_equal(tu_store_open(loc, &o, &f->s, &e), TU_OK);
	assert_int_equal(tu_store_schema_version(f->s), 4);
	assert_int_equal(tu_store_learner_get(f->s, "ada", &row, &e), TU_OK);
	assert_string_equal(row.name, "Ada L");
	assert_int_equal(row.created, 100);

	snprintf(loc, sizeof loc, "%s/no/such/dir/x.db", f->dir);
	assert_int_equal(tu_store_open(loc, NULL, &s2, &e), TU_EIO);
	assert_null(s2);
	assert_non_null(strstr(e.msg, "cannot open"));
}

static void test_migrations_recorded(void **state)
{
	struct fx *f = *state;
	struct tu_store *s2 = NULL;
	struct tu_err e = TU_ERR_INIT;

	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM schema_version"),
			 4);
	assert_int_equal(fx_raw_int(f->db, "SELECT max(version) FROM "
				 "schema_version"), 4);
	assert_true(fx_raw_int(f->db, "SELECT min(applied) FROM schema_version") >
		    1600000000);
	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM sqlite_master "
				 "WHERE type = 'table' AND name IN ('learners',"
				 "'snapshots','events','audit','content',"
				 "'settings')"), 6);
	reopen(f);
	reopen(f);
	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM schema_version"),
			 4);

	/* A store from a newer program is refused, not downgraded. */
	assert_int_equal(fx_raw_exec(f->db, "INSERT INTO schema_version "
				  "VALUES(5, 0)"), SQLITE_OK);
	assert_int_equal(tu_store_open(f->db, NULL, &s2, &e), TU_ECORRUPT);
	assert_null(s2);
	assert_non_null(strstr(e.msg, "schema version 5 is newer"));
	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM schema_version"),
			 5);
}

/* ---- learners ---- */

static int visit_learner(const struct tu_learner_row *row, void *ctx)
{
	struct seen *w = ctx;

	if (w->n < EV_MAX) {
		strcpy(w->learner[w->n], row->id);
		w->version[w->n] = row->version;
	}
	w->n++;
	return w->stop_after && w->n >= w->stop_after;
}

static void test_learners(void **state)
{
	static const char *const bad[] = { "", "a b", "ad/a", "../x", "\xc3\xa9",
		"tab\t", ("0123456789012345678901234567890123456789012345678901"
			  "234567890123") };
	struct fx *f = *state;
	struct tu_learner_row row;
	struct tu_err e = TU_ERR_INIT;
	struct seen w = { 0 };
	char id63[64];

	memset(id63, 'z', 63);
	id63[63] = '\0';
	assert_int_equal(tu_store_learner_add(f->s, "bob", "Bob", 7, &e), TU_OK);
	assert_int_equal(tu_store_learner_add(f->s, "ada", "Ada", 5, &e), TU_OK);
	assert_int_equal(tu_store_learner_add(f->s, "c.x-1_2", NULL, 9, &e),
			 TU_OK);
	assert_int_equal(tu_store_learner_add(f->s, id63, "", 9, &e), TU_OK);

	assert_int_equal(tu_store_learner_get(f->s, "ada", &row, &e), TU_OK);
	assert_string_equal(row.id, "ada");
	assert_string_equal(row.name, "Ada");
	assert_int_equal(row.created, 5);
	assert_int_equal(row.version, 0);

	assert_int_equal(tu_store_learner_add(f->s, "ada", "Other", 6, &e),
			 TU_EINVAL);
	assert_string_equal(e.msg, "learner 'ada' already exists");
	assert_int_equal(tu_store_learner_get(f->s, "ada", &row, &e), TU_OK);
	assert_string_equal(row.name, "Ada");

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(tu_store_learner_add(f->s, bad[i], "", 1, &e),
				 TU_EINVAL);
	assert_int_equal(tu_store_learner_add(f->s, NULL, "", 1, &e),
			 TU_EINVAL);
	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM learners"), 4);

	assert_int_equal(tu_store_learner_get(f->s, "zed", &row, &e),
			 TU_ENOTFOUND);
	assert_string_equal(e.msg, "no learner 'zed'");

	assert_int_equal(tu_store_learner_each(f->s, visit_learner, &w, &e),
			 TU_OK);
	assert_int_equal(w.n, 4);
	assert_string_equal(w.learner[0], "ada");
	assert_string_equal(w.learner[1], "bob");
	assert_string_equal(w.learner[2], "c.x-1_2");
	assert_string_equal(w.learner[3], id63);
	memset(&w, 0, sizeof w);
	w.stop_after = 2;
	assert_int_equal(tu_store_learner_each(f->s, visit_learner, &w, &e),
			 TU_OK);
	assert_int_equal(w.n, 2);
}

/* ---- commits ---- */

static void test_commit_roundtrip(void **state)
{
	struct fx *f = *state;
	struct tu_snapshot snap;
	struct tu_learner_row row;
	struct tu_err e = TU_ERR_INIT;
	struct seen w = { 0 };
	uint64_t seq1 = 0, seq2 = 0;
	struct tu_commit c = {
		.learner = "ada", .expected_version = 2, .type = "hint",
		.at = 5, .payload = "{}", .payload_len = 2,
		.state_json = "{\"v\":3}", .state_len = 7, .updated = 6,
	};

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
	assert_int_equal(tu_store_event_each(f->s, "ada", seq2, collect, &w,
					     &e), TU_OK);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.outputs[0], "");
	assert_string_equal(w.payload[0], "{}");
	tu_snapshot_release(&snap);
	assert_null(snap.state_json);

	/* unknown learner: nothing written */
	c.learner = "zed";
	c.expected_version = 0;
	assert_int_equal(tu_store_commit(f->s, &c, NULL, &e), TU_ENOTFOUND);
	assert_string_equal(e.msg, "no learner 'zed'");
	assert_int_equal(count(f->s, NULL), 3);
}

static void test_cas_conflict(void **state)
{
	struct fx *f = *state;
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
	assert_int_equal(put(f->s, "ada", 0, "{\"first\":1}", "{\"first\":1}",
			     NULL, &e), TU_OK);
	assert_int_equal(tu_store_commit(f->s, &c, NULL, &e), TU_ECONFLICT);
	assert_string_equal(e.msg, "learner 'ada': version is 1, expected 0");
	c.expected_version = 6;
	assert_int_equal(tu_store_commit(f->s, &c, NULL, &e), TU_ECONFLICT);
	assert_string_equal(e.msg, "learner 'ada': version is 1, expected 6");

	assert_int_equal(count(f->s, "ada"), 1);
	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM audit"), 0);
	tu_snapshot_init(&snap);
	assert_int_equal(tu_store_snapshot_get(f->s, "ada", &snap, &e), TU_OK);
	assert_int_equal(snap.version, 1);
	assert_string_equal(snap.state_json, "{\"first\":1}");
	tu_snapshot_release(&snap);

	/* the retry with the right version goes through */
	c.expected_version = 1;
	assert_int_equal(tu_store_commit(f->s, &c, NULL, &e), TU_OK);
	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM audit"), 2);
}

static void test_seq_and_walks(void **state)
{
	static const char *const who[] = { "ada", "bob", "ada", "ada", "bob" };
	static const uint64_t ver[] = { 1, 1, 2, 3, 2 };
	struct fx *f = *state;
	struct tu_err e = TU_ERR_INIT;
	struct seen w = { 0 };
	uint64_t seq[5];
	char payload[32];

	add(f->s, "ada");
	add(f->s, "bob");
	for (size_t i = 0; i < 5; i++) {
		snprintf(payload, sizeof payload, "{\"i\":%zu}", i);
		assert_int_equal(put(f->s, who[i], ver[i] - 1, payload, "{}",
				     &seq[i], &e), TU_OK);
		if (i > 0)
			assert_true(seq[i] > seq[i - 1]);
	}
	assert_int_equal(tu_store_event_each(f->s, NULL, 0, collect, &w, &e),
			 TU_OK);
	assert_int_equal(w.n, 5);
	for (size_t i = 0; i < 5; i++) {
		snprintf(payload, sizeof payload, "{\"i\":%zu}", i);
		assert_int_equal(w.seq[i], seq[i]);
		assert_string_equal(w.learner[i], who[i]);
		assert_int_equal(w.version[i], ver[i]);
		assert_string_equal(w.payload[i], payload);
		assert_int_equal(w.payload_len[i], strlen(payload));
		assert_string_equal(w.outputs[i], "{\"ok\":1}");
	}

	memset(&w, 0, sizeof w);
	assert_int_equal(tu_store_event_each(f->s, "ada", 0, collect, &w, &e),
			 TU_OK);
	assert_int_equal(w.n, 3);
	assert_int_equal(w.version[0], 1);
	assert_int_equal(w.version[1], 2);
	assert_int_equal(w.version[2], 3);

	memset(&w, 0, sizeof w);     /* after_seq is exclusive */
	assert_int_equal(tu_store_event_each(f->s, "ada", seq[2], collect, &w,
					     &e), TU_OK);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.seq[0], seq[3]);

	memset(&w, 0, sizeof w);
	assert_int_equal(tu_store_event_each(f->s, NULL, seq[4], collect, &w,
					     &e), TU_OK);
	assert_int_equal(w.n, 0);

	memset(&w, 0, sizeof w);
	w.stop_after = 2;
	assert_int_equal(tu_store_event_each(f->s, NULL, 0, collect, &w, &e),
			 TU_OK);
	assert_int_equal(w.n, 2);

	assert_int_equal(count(f->s, NULL), 5);
	assert_int_equal(count(f->s, "ada"), 3);
	assert_int_equal(count(f->s, "bob"), 2);
	assert_int_equal(count(f->s, "nobody"), 0);
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
	struct seen sw = { 0 };

	assert_int_equal(tu_store_audit_each(n->s, ev->seq, collect_audit, &w,
					     NULL), TU_OK);
	n->audits += w.n;
	n->inner = tu_store_event_each(n->s, "ada", 0, collect, &sw, NULL);
	n->inner_events += sw.n;
	n->events++;
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
		  "0.37", "pass on medium item add");
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
	assert_int_equal(tu_store_audit_each(f->s, 999, collect_audit, &w, &e),
			 TU_OK);
	assert_int_equal(w.n, 0);

	n.s = f->s;
	assert_int_equal(tu_store_event_each(f->s, "ada", 0, nested_fn, &n, &e),
			 TU_OK);
	assert_int_equal(n.events, 2);
	assert_int_equal(n.audits, 4);
	assert_int_equal(n.inner, TU_OK);
	assert_int_equal(n.inner_events, 4);
}

/* ---- checksums against raw tampering ---- */

static void test_corrupt_snapshot(void **state)
{
	struct fx *f = *state;
	struct tu_snapshot snap;
	struct tu_learner_row row;
	struct tu_err e = TU_ERR_INIT;

	add(f->s, "ada");
	add(f->s, "bob");
	assert_int_equal(put(f->s, "ada", 0, "{}", "{\"m\":0.1}", NULL, &e),
			 TU_OK);
	assert_int_equal(put(f->s, "ada", 1, "{}", "{\"m\":0.2}", NULL, &e),
			 TU_OK);
	assert_int_equal(put(f->s, "bob", 0, "{}", "{\"m\":0.5}", NULL, &e),
			 TU_OK);
	assert_int_equal(fx_raw_exec(f->db, "UPDATE snapshots SET state = "
				  "CAST('{\"m\":0.9}' AS BLOB) WHERE learner = "
				  "'ada'"), SQLITE_OK);
	tu_snapshot_init(&snap);
	assert_int_equal(tu_store_snapshot_get(f->s, "ada", &snap, &e),
			 TU_ECORRUPT);
	assert_null(snap.state_json);
	assert_non_null(strstr(e.msg, "snapshot of learner 'ada' version 2: "
			       "checksum mismatch"));
	assert_non_null(strstr(e.msg, "table snapshots"));

	/* other rows are unaffected; the learner row is still readable */
	assert_int_equal(tu_store_snapshot_get(f->s, "bob", &snap, &e), TU_OK);
	assert_string_equal(snap.state_json, "{\"m\":0.5}");
	assert_int_equal(tu_store_learner_get(f->s, "ada", &row, &e), TU_OK);

	/* a bumped version is caught as well */
	assert_int_equal(fx_raw_exec(f->db, "UPDATE snapshots SET version = 9 "
				  "WHERE learner = 'bob'"), SQLITE_OK);
	assert_int_equal(tu_store_snapshot_get(f->s, "bob", &snap, &e),
			 TU_ECORRUPT);
	assert_non_null(strstr(e.msg, "learner 'bob' version 9"));
	assert_string_equal(snap.state_json, "{\"m\":0.5}");
	tu_snapshot_release(&snap);
}

static void test_corrupt_event(void **state)
{
	struct fx *f = *state;
	struct tu_err e = TU_ERR_INIT;
	struct seen w = { 0 };
	uint64_t seq[3];
	char want[96];

	add(f->s, "ada");
	for (uint64_t i = 0; i < 3; i++)
		assert_int_equal(put(f->s, "ada", i, "{\"p\":1}", "{}", &seq[i],
				     &e), TU_OK);
	/* the log is append-only even for raw SQL ... */
	assert_int_not_equal(fx_raw_exec(f->db, "UPDATE events SET at = 1"),
			     SQLITE_OK);
	assert_int_not_equal(fx_raw_exec(f->db, "DELETE FROM events"), SQLITE_OK);
	/* ... until someone drops the trigger and edits a row */
	assert_int_equal(fx_raw_exec(f->db, "DROP TRIGGER events_no_update; "
				  "UPDATE events SET payload = CAST('{\"p\":2}' "
				  "AS BLOB) WHERE version = 2"), SQLITE_OK);
	assert_int_equal(tu_store_event_each(f->s, "ada", 0, collect, &w, &e),
			 TU_ECORRUPT);
	assert_int_equal(w.n, 1);     /* the walk stopped at the bad row */
	snprintf(want, sizeof want, "event seq %" PRIu64 " of learner 'ada' "
		 "version 2: checksum mismatch", seq[1]);
	assert_non_null(strstr(e.msg, want));
	assert_non_null(strstr(e.msg, "table events"));

	memset(&w, 0, sizeof w);     /* rows after it are still readable */
	assert_int_equal(tu_store_event_each(f->s, NULL, seq[1], collect, &w,
					     &e), TU_OK);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.seq[0], seq[2]);
}

/* ---- files that are not stores, locations ---- */

static void test_not_a_database(void **state)
{
	static const char junk[] = "this is a text file, not a database at "
		"all; it is long enough to have a header of a hundred bytes "
		"and then some more text to be sure.\n";
	struct fx *f = *state;
	struct tu_store *s2 = NULL;
	struct tu_err e = TU_ERR_INIT;
	char path[PATH_MAX + 32], back[512] = { 0 }, mode[32];
	FILE *fp;

	snprintf(path, sizeof path, "%s/junk.db", f->dir);
	write_file(path, junk);
	assert_int_equal(tu_store_open(path, NULL, &s2, &e), TU_EIO);
	assert_null(s2);
	assert_non_null(strstr(e.msg, "not a SQLite database"));
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_int_equal(fread(back, 1, sizeof back - 1, fp), strlen(junk));
	fclose(fp);
	assert_string_equal(back, junk);

	snprintf(path, sizeof path, "%s/other.db", f->dir);
	assert_int_equal(fx_raw_exec(path, "CREATE TABLE foo(x)"), SQLITE_OK);
	assert_int_equal(tu_store_open(path, NULL, &s2, &e), TU_EIO);
	assert_null(s2);
	assert_non_null(strstr(e.msg, "not a tutor store"));
	raw_text(path, "PRAGMA journal_mode", mode, sizeof mode);
	assert_string_equal(mode, "delete");
	assert_int_equal(fx_raw_int(path, "SELECT count(*) FROM sqlite_master"),
			 1);

	assert_int_equal(tu_store_open(f->dir, NULL, &s2, &e), TU_EIO);
	assert_null(s2);
}

static void test_locations(void **state)
{
	static const char *const pg[] = {
		"postgresql://tutor@/db?host=/nonexistent/tu-sock",
		"postgres://tutor@/db?host=/nonexistent/tu-sock" };
	struct tu_store_options o;
	struct tu_store *s2 = NULL;
	struct tu_err e = TU_ERR_INIT;

	(void)state;
	tu_store_options_default(&o);
	assert_true(o.sync_full);
	assert_int_equal(o.busy_timeout_ms, 10000);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(tu_store_open(pg[i], NULL, &s2, &e), TU_EIO);
		assert_non_null(strstr(e.msg, "postgresql: cannot connect"));
		assert_null(s2);
	}
	assert_int_equal(tu_store_open("mysql://h/db", NULL, &s2, &e),
			 TU_EINVAL);
	assert_string_equal(e.msg, "store: unknown scheme 'mysql' in location");
	assert_int_equal(tu_store_open("", NULL, &s2, &e), TU_EINVAL);
	assert_int_equal(tu_store_open(NULL, NULL, &s2, &e), TU_EINVAL);
	assert_int_equal(tu_store_open("sqlite:", NULL, &s2, &e), TU_EINVAL);
	o.busy_timeout_ms = -1;
	assert_int_equal(tu_store_open("x.db", &o, &s2, &e), TU_EINVAL);
	assert_null(s2);
	tu_store_close(NULL);
	assert_string_equal(tu_store_backend(NULL), "none");
	assert_int_equal(tu_store_schema_version(NULL), 0);
}

/* ---- content registry and settings ---- */

static void test_content(void **state)
{
	struct fx *f = *state;
	struct tu_content_row row, got;
	struct tu_err e = TU_ERR_INIT;

	memset(&row, 0, sizeof row);
	strcpy(row.course, "py-basics");
	strcpy(row.version, "1.2.0");
	tu_hash_hex("abc", 3, row.hash);
	strcpy(row.path, "/srv/courses/py-basics");
	row.loaded = 1700000000;
	assert_int_equal(tu_store_content_get(f->s, "py-basics", &got, &e),
			 TU_ENOTFOUND);
	assert_int_equal(tu_store_content_put(f->s, &row, &e), TU_OK);
	assert_int_equal(tu_store_content_get(f->s, "py-basics", &got, &e),
			 TU_OK);
	assert_string_equal(got.course, "py-basics");
	assert_string_equal(got.version, "1.2.0");
	assert_string_equal(got.hash, row.hash);
	assert_string_equal(got.path, "/srv/courses/py-basics");
	assert_int_equal(got.loaded, 1700000000);

	strcpy(row.version, "1.3.0");
	row.loaded = 1700000100;
	assert_int_equal(tu_store_content_put(f->s, &row, &e), TU_OK);
	assert_int_equal(tu_store_content_get(f->s, "py-basics", &got, &e),
			 TU_OK);
	assert_string_equal(got.version, "1.3.0");
	assert_int_equal(got.loaded, 1700000100);
	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM content"), 1);

	strcpy(row.version, "9.9.9");
	row.hash[0] = 'G';
	assert_int_equal(tu_store_content_put(f->s, &row, &e), TU_EINVAL);
	tu_hash_hex("abc", 3, row.hash);
	strcpy(row.course, "py basics");
	assert_int_equal(tu_store_content_put(f->s, &row, &e), TU_EINVAL);
	assert_int_equal(tu_store_content_get(f->s, "py-basics", &got, &e),
			 TU_OK);
	assert_string_equal(got.version, "1.3.0");
	assert_int_equal(tu_store_content_get(f->s, "nope", &got, &e),
			 TU_ENOTFOUND);
}

static void test_settings(void **state)
{
	struct fx *f = *state;
	struct tu_err e = TU_ERR_INIT;
	char buf[TU_STORE_SETTING_MAX], big[TU_STORE_SETTING_MAX + 1];

	assert_int_equal(tu_store_setting_get(f->s, "current_learner", buf,
					      sizeof buf, &e), TU_ENOTFOUND);
	assert_string_equal(e.msg, "no setting 'current_learner'");
	assert_int_equal(tu_store_setting_set(f->s, "current_learner", "ada",
					      &e), TU_OK);
	assert_int_equal(tu_store_setting_get(f->s, "current_learner", buf,
					      sizeof buf, &e), TU_OK);
	assert_string_equal(buf, "ada");
	assert_int_equal(tu_store_setting_set(f->s, "current_learner",
					      "bobby", &e), TU_OK);
	assert_int_equal(tu_store_setting_get(f->s, "current_learner", buf,
					      sizeof buf, &e), TU_OK);
	assert_string_equal(buf, "bobby");
	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM settings"), 1);
	assert_int_equal(tu_store_setting_get(f->s, "current_learner", buf, 5,
					      &e), TU_ERANGE);
	assert_int_equal(tu_store_setting_get(f->s, "current_learner", buf, 6,
					      &e), TU_OK);

	memset(big, 'v', sizeof big - 1);
	big[sizeof big - 1] = '\0';          /* 1024 bytes: one too many */
	assert_int_equal(tu_store_setting_set(f->s, "k", big, &e), TU_ERANGE);
	big[sizeof big - 2] = '\0';          /* 1023 bytes: fits */
	assert_int_equal(tu_store_setting_set(f->s, "k", big, &e), TU_OK);
	assert_int_equal(tu_store_setting_get(f->s, "k", buf, sizeof buf, &e),
			 TU_OK);
	assert_int_equal(strlen(buf), TU_STORE_SETTING_MAX - 1);
	assert_int_equal(tu_store_setting_set(f->s, "k", "", &e), TU_OK);
	assert_int_equal(tu_store_setting_get(f->s, "k", buf, sizeof buf, &e),
			 TU_OK);
	assert_string_equal(buf, "");
	assert_int_equal(tu_store_setting_set(f->s, "bad key", "x", &e),
			 TU_EINVAL);
	assert_int_equal(tu_store_setting_set(f->s, "k", NULL, &e), TU_EINVAL);
}

/* ---- limits ---- */

static void assert_nothing_written(struct fx *f)
{
	struct tu_learner_row row;

	assert_int_equal(count(f->s, NULL), 0);
	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM audit"), 0);
	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM snapshots"), 0);
	assert_int_equal(tu_store_learner_get(f->s, "ada", &row, NULL), TU_OK);
	assert_int_equal(row.version, 0);
}

static void test_limits(void **state)
{
	struct fx *f = *state;
	struct tu_err e = TU_ERR_INIT;
	size_t n = TU_STORE_AUDIT_PER_EVENT + 1;
	struct tu_audit *a = calloc(n, sizeof(*a));
	char *big = malloc(TU_STORE_PAYLOAD_MAX + 1);
	struct tu_commit c = {
		.learner = "ada", .type = "submission", .payload = "{}",
		.payload_len = 2, .state_json = "{}", .state_len = 2,
	};
	struct tu_commit d;
	struct seen w = { 0 };

	assert_non_null(a);
	assert_non_null(big);
	memset(big, 'p', TU_STORE_PAYLOAD_MAX);
	big[TU_STORE_PAYLOAD_MAX] = '\0';
	for (size_t i = 0; i < n; i++)
		set_audit(&a[i], "agent", "path", "", "", "");
	add(f->s, "ada");

	d = c; d.payload = big; d.payload_len = TU_STORE_PAYLOAD_MAX + 1;
	assert_int_equal(tu_store_commit(f->s, &d, NULL, &e), TU_ERANGE);
	assert_non_null(strstr(e.msg, "payload"));
	d = c; d.audit = a; d.n_audit = n;
	assert_int_equal(tu_store_commit(f->s, &d, NULL, &e), TU_ERANGE);
	assert_non_null(strstr(e.msg, "audit records"));
	d = c; d.type = "";
	assert_int_equal(tu_store_commit(f->s, &d, NULL, &e), TU_EINVAL);
	d = c; d.type = "0123456789012345678901234567890a";  /* 32 bytes */
	assert_int_equal(tu_store_commit(f->s, &d, NULL, &e), TU_ERANGE);
	d = c; d.type = "two words";
	assert_int_equal(tu_store_commit(f->s, &d, NULL, &e), TU_EINVAL);
	d = c; d.state_json = NULL;
	assert_int_equal(tu_store_commit(f->s, &d, NULL, &e), TU_EINVAL);
	d = c; d.payload = NULL; d.payload_len = 5;
	assert_int_equal(tu_store_commit(f->s, &d, NULL, &e), TU_EINVAL);
	d = c; d.expected_version = UINT64_MAX;
	assert_int_equal(tu_store_commit(f->s, &d, NULL, &e), TU_ERANGE);
	d = c; d.learner = "a/b";
	assert_int_equal(tu_store_commit(f->s, &d, NULL, &e), TU_EINVAL);
	d = c; d.audit = a; d.n_audit = 2;
	memset(a[1].reason, 'r', sizeof a[1].reason);   /* no NUL */
	assert_int_equal(tu_store_commit(f->s, &d, NULL, &e), TU_EINVAL);
	assert_string_equal(e.msg, "commit: audit record 1: reason is not "
			    "NUL-terminated within its field");
	assert_int_equal(tu_store_commit(f->s, NULL, NULL, &e), TU_EINVAL);
	assert_nothing_written(f);

	/* exactly at the limits is fine */
	a[1].reason[0] = '\0';
	d = c; d.payload = big; d.payload_len = TU_STORE_PAYLOAD_MAX;
	d.audit = a; d.n_audit = TU_STORE_AUDIT_PER_EVENT;
	assert_int_equal(tu_store_commit(f->s, &d, NULL, &e), TU_OK);
	assert_int_equal(fx_raw_int(f->db, "SELECT count(*) FROM audit"),
			 TU_STORE_AUDIT_PER_EVENT);
	assert_int_equal(tu_store_event_each(f->s, "ada", 0, collect, &w, &e),
			 TU_OK);
	assert_int_equal(w.payload_len[0], TU_STORE_PAYLOAD_MAX);
	free(a);
	free(big);
}

/* ---- another writer holds the lock ---- */

static void test_busy(void **state)
{
	struct fx *f = *state;
	struct tu_store_options o;
	struct tu_store *s2 = NULL;
	struct tu_err e = TU_ERR_INIT;
	sqlite3 *h = NULL;

	add(f->s, "ada");
	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL),
			 SQLITE_OK);
	tu_store_options_default(&o);
	o.busy_timeout_ms = 50;
	assert_int_equal(tu_store_open(f->db, &o, &s2, &e), TU_OK);
	assert_int_equal(put(s2, "ada", 0, "{}", "{}", NULL, &e), TU_EIO);
	assert_non_null(strstr(e.msg, "database is busy"));
	assert_int_equal(sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(count(s2, NULL), 0);
	assert_int_equal(put(s2, "ada", 0, "{}", "{}", NULL, &e), TU_OK);
	assert_int_equal(count(f->s, NULL), 1);
	tu_store_close(s2);
}

/* ---- four processes, one learner ---- */

#define KIDS 4
#define PER_KID 50

/* One child: PER_KID read-modify-write commits with CAS retries.
 * Returns an exit code (0 = all committed). */
static int kid_run(const char *db, int kid)
{
	struct tu_store *s = NULL;
	struct tu_err e = TU_ERR_INIT;
	char state[64], payload[64];
	int done = 0;

	if (tu_store_open(db, NULL, &s, &e) != TU_OK)
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
		snprintf(state, sizeof state, "{\"count\":%ld}", n + 1);
		snprintf(payload, sizeof payload, "{\"kid\":%d}", kid);
		st = put(s, "shared", ver, payload, state, NULL, &e);
		if (st == TU_OK)
			done++;
		else if (st != TU_ECONFLICT)
			return 13;
	}
	tu_store_close(s);
	return done == PER_KID ? 0 : 14;
}

static void test_multiprocess(void **state)
{
	struct fx *f = *state;
	struct tu_learner_row row;
	struct tu_snapshot snap;
	struct tu_err e = TU_ERR_INIT;
	struct seen *w = calloc(1, sizeof(*w));
	pid_t pid[KIDS];
	int per_kid[KIDS] = { 0 }, kid;

	assert_non_null(w);
	add(f->s, "shared");
	tu_store_close(f->s);
	f->s = NULL;
	fflush(NULL);
	for (int i = 0; i < KIDS; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0)
			_exit(kid_run(f->db, i));
	}
	for (int i = 0; i < KIDS; i++) {
		int status = 0;

		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	reopen(f);
	assert_int_equal(tu_store_learner_get(f->s, "shared", &row, &e), TU_OK);
	assert_int_equal(row.version, KIDS * PER_KID);
	tu_snapshot_init(&snap);
	assert_int_equal(tu_store_snapshot_get(f->s, "shared", &snap, &e),
			 TU_OK);
	assert_string_equal(snap.state_json, "{\"count\":200}");
	tu_snapshot_release(&snap);
	assert_int_equal(count(f->s, "shared"), KIDS * PER_KID);
	assert_int_equal(tu_store_event_each(f->s, "shared", 0, collect, w, &e),
			 TU_OK);
	assert_int_equal(w->n, KIDS * PER_KID);
	for (size_t i = 0; i < w->n; i++) {
		assert_int_equal(w->version[i], i + 1);
		if (i > 0)
			assert_true(w->seq[i] > w->seq[i - 1]);
		assert_int_equal(sscanf(w->payload[i], "{\"kid\":%d}", &kid), 1);
		assert_true(kid >= 0 && kid < KIDS);
		per_kid[kid]++;
	}
	for (int i = 0; i < KIDS; i++)
		assert_int_equal(per_kid[i], PER_KID);
	free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_create_reopen, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_migrations_recorded, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_learners, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_commit_roundtrip, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_cas_conflict, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_seq_and_walks, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_audit, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_snapshot, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_event, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_not_a_database, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_locations, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_content, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_settings, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_limits, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_busy, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_multiprocess, fx_setup,
						fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
