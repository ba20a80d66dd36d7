/*
 * test_orch_durability.c - the store under abuse, through the
 * orchestrator:
 *   - kill -9 during a stream of 1,000 events loses no committed event,
 *     and after restart the state equals the replay of the log;
 *   - 4 writer processes submitting for one learner: the version rises by
 *     exactly the number of events (no lost update);
 *   - a corrupted snapshot row is reported (checksum), never used.
 */
#include "fixture.h"

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

static const char *L = "kim";

/* Event i of a deterministic stream over the course's problems. */
static void stream_event(const struct tu_course *c, unsigned i,
			 struct tu_event_in *ev)
{
	const char *item = c->problems[(i / 4) % c->n_problems].id;
	int64_t at = T0 + 60 * (int64_t)i;

	switch (i % 4) {
	case 0: fx_simple(ev, TU_EV_SESSION_CHECK, at, NULL); break;
	case 1: fx_submission(ev, item, at, 1, 3, NULL); break;
	case 2: fx_simple(ev, TU_EV_HINT_REQUEST, at, item); break;
	default: fx_submission(ev, item, at, 3, 3, NULL); break;
	}
}

/* Child: handles events from..to-1, writing each committed version to fd. */
static void writer(struct fx *f, unsigned from, unsigned to, int fd)
{
	struct tu_err err = TU_ERR_INIT;

	fx_open_store(f);
	for (unsigned i = from; i < to; i++) {
		struct tu_orch_result r;
		struct tu_event_in ev;

		stream_event(&f->course, i, &ev);
		if (tu_orch_handle(&f->orch, L, &ev, &r, &err)) {
			fprintf(stderr, "writer: %s\n", err.msg);
			_exit(3);
		}
		if (write(fd, &r.version, sizeof(r.version)) != sizeof(r.version))
			_exit(4);
		tu_orch_result_release(&r);
		tu_event_in_release(&ev);
	}
	_exit(0);
}

static uint64_t stored_version(struct fx *f)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_learner_row row;

	fx_ok(tu_store_learner_get(f->store, L, &row, &err), &err);
	return row.version;
}

static void test_kill9_loses_no_committed_event(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	uint64_t acked = 0, v, n_events = 0;
	unsigned reads = 0;
	struct fx f;
	int fds[2];
	pid_t pid;

	(void)state;
	fx_setup(&f);
	fx_add_learner(&f, L, T0 - 60);
	fx_close_store(&f);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		writer(&f, 0, 1000, fds[1]);
	}
	close(fds[1]);
	/* Kill it mid-stream, after 437 acknowledged commits. */
	while (reads < 437 && read(fds[0], &v, sizeof(v)) == sizeof(v)) {
		acked = v;
		reads++;
	}
	kill(pid, SIGKILL);
	while (read(fds[0], &v, sizeof(v)) == sizeof(v))
		acked = v;   /* acknowledged before the kill landed */
	close(fds[0]);
	waitpid(pid, NULL, 0);
	assert_int_equal(reads, 437);

	/* Restart: every acknowledged event is there, state = replay. */
	fx_open_store(&f);
	v = stored_version(&f);
	assert_true(v >= acked);
	fx_ok(tu_store_event_count(f.store, L, &n_events, &err), &err);
	assert_int_equal(n_events, v);
	fx_assert_replay(&f, L);

	/* And the stream can go on where it stopped. */
	fx_close_store(&f);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		writer(&f, (unsigned)(v - 1), 1000, fds[1]);
	}
	close(fds[1]);
	while (read(fds[0], &v, sizeof(v)) == sizeof(v))
		;
	close(fds[0]);
	{
		int status;

		waitpid(pid, &status, 0);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	fx_open_store(&f);
	assert_int_equal(stored_version(&f), 1001);
	fx_assert_replay(&f, L);
	fx_teardown(&f);
}

static void test_four_writers_no_lost_update(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	uint64_t n_events = 0;
	pid_t pids[4];
	struct fx f;
	int devnull;

	(void)state;
	fx_setup(&f);
	fx_add_learner(&f, L, T0 - 60);
	fx_close_store(&f);
	devnull = open("/dev/null", O_WRONLY);
	for (int w = 0; w < 4; w++) {
		pids[w] = fork();
		assert_true(pids[w] >= 0);
		if (pids[w] == 0)
			writer(&f, (unsigned)w * 50, (unsigned)w * 50 + 50,
			       devnull);
	}
	for (int w = 0; w < 4; w++) {
		int status;

		waitpid(pids[w], &status, 0);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	close(devnull);
	fx_open_store(&f);
	assert_int_equal(stored_version(&f), 1 + 200);
	fx_ok(tu_store_event_count(f.store, L, &n_events, &err), &err);
	assert_int_equal(n_events, 201);
	fx_assert_replay(&f, L);
	fx_teardown(&f);
}

static void test_corrupt_snapshot_is_reported(void **state)
{
	struct tu_learner_state st;
	struct tu_err err = TU_ERR_INIT;
	struct tu_orch_result r;
	struct tu_event_in ev;
	sqlite3 *db;
	struct fx f;

	(void)state;
	fx_setup(&f);
	fx_add_learner(&f, L, T0);
	fx_simple(&ev, TU_EV_SESSION_CHECK, T0 + 5, NULL);
	fx_handle(&f, L, &ev, NULL);
	fx_close_store(&f);
	assert_int_equal(sqlite3_open(f.db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE snapshots SET state = CAST("
				      "substr(state, 1, 10) || 'X' || "
				      "substr(state, 12) AS BLOB)", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_changes(db), 1);
	sqlite3_close(db);
	fx_open_store(&f);
	tu_learner_state_init(&st);
	assert_int_equal(tu_orch_load(&f.orch, L, &st, &err), TU_ECORRUPT);
	assert_non_null(strstr(err.msg, "checksum"));
	assert_non_null(strstr(err.msg, L));
	/* and nothing is written on top of it */
	fx_simple(&ev, TU_EV_SESSION_CHECK, T0 + 10, NULL);
	assert_int_equal(tu_orch_handle(&f.orch, L, &ev, &r, &err),
			 TU_ECORRUPT);
	fx_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kill9_loses_no_committed_event),
		cmocka_unit_test(test_four_writers_no_lost_update),
		cmocka_unit_test(test_corrupt_snapshot_is_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
