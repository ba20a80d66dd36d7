/* test_util.c - unit tests for err and rng. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>
#include "tutor/err.h"
#include "tutor/rng.h"
#include "tutor/hash.h"

static void test_err_set_formats_and_returns_code(void **state)
{
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	assert_int_equal(tu_err_set(&err, TU_EPARSE, "%s:%d: bad", "f", 3),
			 TU_EPARSE);
	assert_int_equal(err.code, TU_EPARSE);
	assert_string_equal(err.msg, "f:3: bad");
	assert_int_equal(tu_err_set(NULL, TU_EIO, "x"), TU_EIO);
	tu_err_clear(&err);
	assert_int_equal(err.code, TU_OK);
	assert_string_equal(err.msg, "");
	assert_string_equal(tu_strerror(TU_ENOMEM), "out of memory");
}

static void test_rng_same_seed_same_sequence(void **state)
{
	struct tu_rng a, b, c;
	int differ = 0;

	(void)state;
	tu_rng_seed(&a, 42);
	tu_rng_seed(&b, 42);
	tu_rng_seed(&c, 43);
	for (int i = 0; i < 1000; i++) {
		uint64_t x = tu_rng_next(&a);

		assert_true(x == tu_rng_next(&b));
		differ |= x != tu_rng_next(&c);
	}
	assert_true(differ);
}

static void test_rng_known_first_value(void **state)
{
	struct tu_rng r;

	(void)state;
	/* splitmix64(0) first output is the published 0xe220a8397b1dcdaf. */
	tu_rng_seed(&r, 0);
	assert_true(r.s[0] == 0xe220a8397b1dcdafULL);
}

static void test_rng_uniform_and_below_ranges(void **state)
{
	struct tu_rng r;
	double sum = 0;
	int hist[7] = { 0 };

	(void)state;
	tu_rng_seed(&r, 7);
	for (int i = 0; i < 70000; i++) {
		double u = tu_rng_uniform(&r);
		uint64_t k = tu_rng_below(&r, 7);

		assert_true(u >= 0.0 && u < 1.0);
		assert_true(k < 7);
		hist[k]++;
		sum += u;
	}
	assert_true(fabs(sum / 70000 - 0.5) < 0.01);
	for (int k = 0; k < 7; k++)
		assert_true(hist[k] > 9500 && hist[k] < 10500);
}

static void test_rng_normal_moments(void **state)
{
	struct tu_rng r;
	double s = 0, s2 = 0;
	const int n = 100000;

	(void)state;
	tu_rng_seed(&r, 11);
	for (int i = 0; i < n; i++) {
		double x = tu_rng_normal(&r);

		s += x;
		s2 += x * x;
	}
	assert_true(fabs(s / n) < 0.02);
	assert_true(fabs(s2 / n - 1.0) < 0.02);
}

static void test_rng_shuffle_is_permutation(void **state)
{
	struct tu_rng r;
	int v[50], seen[50] = { 0 }, moved = 0;

	(void)state;
	for (int i = 0; i < 50; i++)
		v[i] = i;
	tu_rng_seed(&r, 3);
	tu_rng_shuffle(&r, v, 50, sizeof(v[0]));
	for (int i = 0; i < 50; i++) {
		seen[v[i]]++;
		moved += v[i] != i;
	}
	for (int i = 0; i < 50; i++)
		assert_int_equal(seen[i], 1);
	assert_true(moved > 10);
}

/* RFC 7693 appendix / libsodium vectors for unkeyed BLAKE2b-256. */
static void test_hash_known_vectors(void **st)
{
	char hex[TU_HASH_HEX_LEN + 1];
	struct tu_hash h;

	(void)st;
	tu_hash_hex("", 0, hex);
	assert_string_equal(hex, "0e5751c026e543b2e8ab2eb06099daa1"
			    "d1e5df47778f7787faab45cdf12fe3a8");
	tu_hash_hex("abc", 3, hex);
	assert_string_equal(hex, "bddd813c634239723171ef3fee98579b"
			    "94964e3bb1cb3e427262c8c068d52319");
	tu_hash_init(&h);
	tu_hash_update(&h, "a", 1);
	tu_hash_update(&h, "bc", 2);
	tu_hash_final_hex(&h, hex);
	assert_string_equal(hex, "bddd813c634239723171ef3fee98579b"
			    "94964e3bb1cb3e427262c8c068d52319");
}

/* Length-prefixed strings keep field boundaries apart. */
static void test_hash_str_boundaries(void **st)
{
	char a[TU_HASH_HEX_LEN + 1], b[TU_HASH_HEX_LEN + 1];
	struct tu_hash h;

	(void)st;
	tu_hash_init(&h);
	tu_hash_str(&h, "ab", 2);
	tu_hash_str(&h, "c", 1);
	tu_hash_final_hex(&h, a);
	tu_hash_init(&h);
	tu_hash_str(&h, "a", 1);
	tu_hash_str(&h, "bc", 2);
	tu_hash_final_hex(&h, b);
	assert_string_not_equal(a, b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_err_set_formats_and_returns_code),
		cmocka_unit_test(test_hash_known_vectors),
		cmocka_unit_test(test_hash_str_boundaries),
		cmocka_unit_test(test_rng_same_seed_same_sequence),
		cmocka_unit_test(test_rng_known_first_value),
		cmocka_unit_test(test_rng_uniform_and_below_ranges),
		cmocka_unit_test(test_rng_normal_moments),
		cmocka_unit_test(test_rng_shuffle_is_permutation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
