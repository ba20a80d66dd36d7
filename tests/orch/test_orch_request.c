/*
 * test_orch_request.c - idempotent events (tutor/orch.h, request ids):
 * an event handled twice with one request id is applied once and the
 * second call answers the first one's seq, version and outputs
 * (replayed); a request id reused for another event type is
 * TU_ECONFLICT; a malformed one TU_EINVAL; ids are per learner; no id
 * means no deduplication; and the state still equals replay(log).
 */
#include "fixture.h"

static void hint(struct tu_event_in *ev, int64_t at, const char *rid)
{
	fx_simple(ev, TU_EV_HINT_REQUEST, at, "add");
	ev->request_id = rid;
}

static uint64_t events_of(struct fx *f, const char *learner)
{
	struct tu_err err = TU_ERR_INIT;
	uint64_t n = 0;

	fx_ok(tu_store_event_count(f->store, learner, &n, &err), &err);
	return n;
}

static void once_per_request(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_orch_result r1, r2;
	struct tu_event_in ev, sub;
	struct fx f;

	(void)state;
	fx_setup(&f);
	fx_add_learner(&f, "ada", T0);
	fx_add_learner(&f, "bob", T0);
	hint(&ev, T0 + 10, "key-1");
	fx_ok(tu_orch_handle(&f.orch, "ada", &ev, &r1, &err), &err);
	assert_false(r1.replayed);
	assert_int_equal(r1.version, 2);
	/* the retry, later: nothing applied, the first answer */
	hint(&ev, T0 + 99, "key-1");
	fx_ok(tu_orch_handle(&f.orch, "ada", &ev, &r2, &err), &err);
	assert_true(r2.replayed);
	assert_int_equal(r2.seq, r1.seq);
	assert_int_equal(r2.version, r1.version);
	assert_string_equal(r2.outputs, r1.outputs);
	assert_int_equal(r2.n_audit, 0);
	assert_int_equal(events_of(&f, "ada"), 2);
	tu_orch_result_release(&r2);
	/* another event type with the same id is refused */
	fx_submission(&sub, "add", T0 + 120, 3, 3, NULL);
	sub.request_id = "key-1";
	assert_int_equal(tu_orch_handle(&f.orch, "ada", &sub, &r2, &err),
			 TU_ECONFLICT);
	assert_non_null(strstr(err.msg, "already used"));
	tu_event_in_release(&sub);
	/* malformed ids */
	hint(&ev, T0 + 130, "no spaces");
	assert_int_equal(tu_orch_handle(&f.orch, "ada", &ev, &r2, &err),
			 TU_EINVAL);
	/* per learner, and none means none */
	hint(&ev, T0 + 140, "key-1");
	fx_ok(tu_orch_handle(&f.orch, "bob", &ev, &r2, &err), &err);
	assert_false(r2.replayed);
	tu_orch_result_release(&r2);
	hint(&ev, T0 + 150, NULL);
	fx_ok(tu_orch_handle(&f.orch, "ada", &ev, &r2, &err), &err);
	tu_orch_result_release(&r2);
	hint(&ev, T0 + 160, "");
	fx_ok(tu_orch_handle(&f.orch, "ada", &ev, &r2, &err), &err);
	tu_orch_result_release(&r2);
	assert_int_equal(events_of(&f, "ada"), 4);
	/* survives a new orchestrator (no memory of it in process) */
	fx_close_store(&f);
	fx_open_store(&f);
	hint(&ev, T0 + 200, "key-1");
	fx_ok(tu_orch_handle(&f.orch, "ada", &ev, &r2, &err), &err);
	assert_true(r2.replayed);
	assert_int_equal(r2.seq, r1.seq);
	tu_orch_result_release(&r2);
	assert_int_equal(events_of(&f, "ada"), 4);
	fx_assert_replay(&f, "ada");
	fx_assert_replay(&f, "bob");
	tu_orch_result_release(&r1);
	fx_teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(once_per_request),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
