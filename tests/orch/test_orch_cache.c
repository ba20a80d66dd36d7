/*
 * test_orch_cache.c - the learner-state cache (src/orch/cache.c): hits
 * only at the stored version, least recently used out first under the
 * learner bound and the byte bound, replacement, many threads at once,
 * and two orchestrators sharing one cache over one store.
 */
#include <pthread.h>

#include "fixture.h"
#include "orch_internal.h"

/* A state for learner at version with n items (so its size grows). */
static void make_state(struct tu_learner_state *st, const char *learner,
		       uint64_t version, size_t n)
{
	tu_learner_state_init(st);
	snprintf(st->learner_id, sizeof(st->learner_id), "%s", learner);
	st->version = version;
	if (n) {
		st->items = calloc(n, sizeof(st->items[0]));
		assert_non_null(st->items);
		st->n_items = st->cap_items = n;
		for (size_t i = 0; i < n; i++)
			snprintf(st->items[i].item, sizeof(st->items[i].item),
				 "item-%zu", i);
	}
}

static void put(struct tu_orch_cache *c, const char *learner,
		uint64_t version, size_t n)
{
	struct tu_learner_state st;

	make_state(&st, learner, version, n);
	tu__orch_cache_put(c, learner, &st);
	tu_learner_state_release(&st);
}

/* True when c holds learner at version (and the copy is that state). */
static bool has(struct tu_orch_cache *c, const char *learner,
		uint64_t version)
{
	struct tu_learner_state st;
	struct tu_err err = TU_ERR_INIT;
	enum tu_status s = TU_EINTERNAL;
	bool hit;

	tu_learner_state_init(&st);
	hit = tu__orch_cache_get(c, learner, version, &st, &s, &err);
	if (hit) {
		fx_ok(s, &err);
		assert_string_equal(st.learner_id, learner);
		assert_int_equal(st.version, version);
	}
	tu_learner_state_release(&st);
	return hit;
}

static struct tu_orch_cache *new_cache(size_t learners, size_t bytes)
{
	struct tu_orch_cache *c;
	struct tu_err err = TU_ERR_INIT;

	fx_ok(tu_orch_cache_new(learners, bytes, &c, &err), &err);
	return c;
}

static void test_hit_only_at_version(void **state)
{
	struct tu_orch_cache *c = new_cache(4, 1u << 20);
	struct tu_orch_cache_stats s;

	(void)state;
	put(c, "ada", 3, 2);
	assert_true(has(c, "ada", 3));
	assert_false(has(c, "ada", 4));    /* the store moved on */
	assert_false(has(c, "ada", 0));    /* no version: never */
	assert_false(has(c, "bob", 3));
	put(c, "ada", 4, 3);                /* replaces, not adds */
	assert_false(has(c, "ada", 3));
	assert_true(has(c, "ada", 4));
	tu_orch_cache_stats(c, &s);
	assert_int_equal(s.learners, 1);
	assert_int_equal(s.hits, 2);
	assert_int_equal(s.misses, 4);
	assert_int_equal(s.evictions, 0);
	tu_orch_cache_free(c);
}

static void test_learner_bound_lru(void **state)
{
	struct tu_orch_cache *c = new_cache(3, 1u << 20);
	struct tu_orch_cache_stats s;

	(void)state;
	put(c, "a", 1, 1);
	put(c, "b", 1, 1);
	put(c, "c", 1, 1);
	assert_true(has(c, "a", 1));       /* a is now the most recent */
	put(c, "d", 1, 1);                  /* evicts b, the oldest */
	assert_false(has(c, "b", 1));
	assert_true(has(c, "a", 1));
	assert_true(has(c, "c", 1));
	assert_true(has(c, "d", 1));
	tu_orch_cache_stats(c, &s);
	assert_int_equal(s.learners, 3);
	assert_int_equal(s.evictions, 1);
	tu_orch_cache_free(c);
}

static void test_byte_bound(void **state)
{
	struct tu_learner_state probe;
	struct tu_orch_cache *c;
	struct tu_orch_cache_stats s;
	size_t one;

	(void)state;
	make_state(&probe, "x", 1, 20);
	one = tu_learner_state_bytes(&probe);
	tu_learner_state_release(&probe);
	assert_true(one > sizeof(struct tu_learner_state));
	c = new_cache(100, one * 5 / 2);    /* room for two */
	put(c, "a", 1, 20);
	put(c, "b", 1, 20);
	put(c, "c", 1, 20);
	tu_orch_cache_stats(c, &s);
	assert_int_equal(s.learners, 2);
	assert_int_equal(s.bytes, 2 * one);
	assert_true(s.bytes <= s.max_bytes);
	assert_false(has(c, "a", 1));
	put(c, "huge", 1, 200);             /* larger than the bound */
	assert_false(has(c, "huge", 1));
	assert_true(has(c, "b", 1));        /* ... and evicted nothing */
	assert_true(has(c, "c", 1));
	tu_orch_cache_free(c);
}

static void test_bad_size(void **state)
{
	struct tu_orch_cache *c = NULL;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	assert_int_equal(tu_orch_cache_new(0, 1024, &c, &err), TU_EINVAL);
	assert_null(c);
	assert_non_null(strstr(err.msg, "learners"));
}

/* ---- many threads ---------------------------------------------------- */

struct worker {
	struct tu_orch_cache *c;
	unsigned seed, hits;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	char id[16];

	for (int i = 0; i < 3000; i++) {
		w->seed = w->seed * 1103515245u + 12345u;
		snprintf(id, sizeof(id), "l%u", (w->seed >> 8) % 40);
		if (i % 3 == 0)
			put(w->c, id, 7, (w->seed >> 20) % 8);
		else if (has(w->c, id, 7))
			w->hits++;
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct tu_orch_cache *c = new_cache(16, 1u << 20);
	struct tu_orch_cache_stats s;
	struct worker w[4];
	pthread_t t[4];
	unsigned hits = 0;

	(void)state;
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){ .c = c, .seed = (unsigned)i + 1 };
		assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		hits += w[i].hits;
	}
	tu_orch_cache_stats(c, &s);
	assert_int_equal(s.hits, hits);
	assert_int_equal(s.hits + s.misses, 4 * 2000);
	assert_true(s.learners <= 16 && s.learners > 0);
	assert_true(s.hits > 0 && s.evictions > 0);
	tu_orch_cache_free(c);
}

/* ---- shared by two orchestrators ------------------------------------- */

static void test_shared_by_orchestrators(void **state)
{
	struct tu_orch_cache *c = new_cache(8, 1u << 20);
	struct tu_err err = TU_ERR_INIT;
	struct tu_orch other;
	struct tu_orch_result r;
	struct tu_event_in ev;
	struct fx f;

	(void)state;
	fx_setup(&f);
	fx_ok(tu_orch_init(&other, f.store, &f.course, NULL, &err), &err);
	tu_orch_share_cache(&f.orch, c);
	tu_orch_share_cache(&other, c);
	fx_add_learner(&f, "ada", T0);     /* cached by f.orch ... */
	fx_simple(&ev, TU_EV_HINT_REQUEST, T0 + 60, "add");
	tu_orch_result_init(&r);
	fx_ok(tu_orch_handle(&other, "ada", &ev, &r, &err), &err);
	assert_int_equal(other.cache_hits, 1);   /* ... found by other */
	assert_int_equal(r.version, 2);
	tu_orch_result_release(&r);
	assert_int_equal(fx_handle(&f, "ada", &ev, NULL), 3);
	assert_int_equal(f.orch.cache_hits, 1);
	fx_assert_replay(&f, "ada");
	tu_orch_release(&other);
	fx_teardown(&f);                   /* releases f.orch */
	tu_orch_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hit_only_at_version),
		cmocka_unit_test(test_learner_bound_lru),
		cmocka_unit_test(test_byte_bound),
		cmocka_unit_test(test_bad_size),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_shared_by_orchestrators),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
