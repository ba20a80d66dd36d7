/*
 * test_mlp_file.c - the model file of tutor/mlp.h: save then load is
 * bitwise exact; atomic save leaves no temporary file; every refusal
 * (checksum, truncation, header, version, n_params, NaN, size, syntax)
 * has its code, names the file and line, and leaves the target model
 * untouched.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "tutor/hash.h"
#include "tutor/mlp.h"
#include "tutor/rng.h"

struct fx {
	char dir[64];
	char path[128];
	struct tu_mlp m;     /* a saved model */
	char *text;          /* its file */
	size_t len;
};

static int setup(void **state)
{
	const uint32_t widths[] = { 7, 3 };
	struct fx *f = calloc(1, sizeof(*f));
	struct tu_rng rng;
	FILE *fp;

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/tu_mlp_test_XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/model.mlp", f->dir);
	tu_rng_seed(&rng, 8);
	tu_mlp_init(&f->m);
	if (tu_mlp_create(&f->m, 5, 2, widths, &rng, NULL))
		return -1;
	for (size_t j = 0; j < f->m.n_params; j++)
		f->m.w[j] += tu_rng_normal(&rng) / 3;
	/* values that a careless format would not round-trip */
	f->m.w[0] = 1.0 / 3;
	f->m.w[1] = -0.0;
	f->m.w[2] = 4.9e-324;
	f->m.w[3] = DBL_MAX;
	f->m.w[4] = -DBL_MIN;
	f->m.w[5] = 0.1 + 0.2;
	snprintf(f->m.feature_set, sizeof(f->m.feature_set), "next-action");
	f->m.feature_version = 3;
	if (tu_mlp_save(&f->m, f->path, NULL))
		return -1;
	fp = fopen(f->path, "rb");
	if (!fp)
		return -1;
	f->text = malloc(1 << 16);
	f->len = fread(f->text, 1, 1 << 16, fp);
	fclose(fp);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	tu_mlp_release(&f->m);
	free(f->text);
	free(f);
	return 0;
}

static void write_file(const char *path, const char *b, size_t n)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(b, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

/* Names in dir, other than . and .. */
static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void assert_same_model(const struct tu_mlp *a, const struct tu_mlp *b)
{
	assert_int_equal(a->n_in, b->n_in);
	assert_int_equal(a->n_hidden, b->n_hidden);
	assert_memory_equal(a->width, b->width, sizeof(a->width));
	assert_int_equal(a->n_params, b->n_params);
	assert_memory_equal(a->w, b->w, a->n_params * sizeof(double));
	assert_string_equal(a->feature_set, b->feature_set);
	assert_int_equal(a->feature_version, b->feature_version);
}

/*
 * The saved file with line `no` (1-based) replaced by repl (deleted when
 * repl is NULL), and a fresh, correct checksum line; *n its length.
 */
static char *edit(const struct fx *f, size_t no, const char *repl, size_t *n)
{
	char *out = malloc(f->len + (repl ? strlen(repl) : 0) + 128);
	char hex[TU_HASH_HEX_LEN + 1];
	const char *p = f->text, *end = f->text + f->len, *nl;
	size_t o = 0, line = 1;

	assert_non_null(out);
	for (; p < end; p = nl + 1, line++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl + 1 == end)
			break;     /* the old checksum line */
		if (line != no) {
			memcpy(out + o, p, (size_t)(nl - p) + 1);
			o += (size_t)(nl - p) + 1;
		} else if (repl) {
			o += (size_t)sprintf(out + o, "%s\n", repl);
		}
	}
	tu_hash_hex(out, o, hex);
	o += (size_t)sprintf(out + o, "blake2b %s\n", hex);
	*n = o;
	return out;
}

/* Loads b from the fixture path into a model holding the fixture model:
 * expects code, a message naming the file and `where`, and the model
 * untouched. */
static void refuse(struct fx *f, const char *b, size_t n,
		   enum tu_status code, const char *where)
{
	struct tu_mlp m;
	struct tu_err err = TU_ERR_INIT;
	char bad[160];
	double *w;

	snprintf(bad, sizeof(bad), "%s/bad.mlp", f->dir);
	write_file(bad, b, n);
	tu_mlp_init(&m);
	assert_int_equal(tu_mlp_copy(&m, &f->m, NULL), TU_OK);
	w = m.w;
	if (tu_mlp_load(&m, bad, &err) != code)
		fail_msg("expected %s, got %s: %s", tu_strerror(code),
			 tu_strerror(err.code), err.msg);
	assert_non_null(strstr(err.msg, bad));
	if (where && !strstr(err.msg, where))
		fail_msg("'%s' not in '%s'", where, err.msg);
	assert_ptr_equal(m.w, w);
	assert_same_model(&m, &f->m);
	tu_mlp_release(&m);
	unlink(bad);
}

static void refuse_edit(struct fx *f, size_t no, const char *repl,
			enum tu_status code, const char *where)
{
	size_t n;
	char *b = edit(f, no, repl, &n);

	refuse(f, b, n, code, where);
	free(b);
}

static void test_roundtrip_bitwise(void **state)
{
	struct fx *f = *state;
	struct tu_mlp m;
	struct tu_err err = TU_ERR_INIT;

	tu_mlp_init(&m);
	assert_int_equal(tu_mlp_load(&m, f->path, &err), TU_OK);
	assert_same_model(&m, &f->m);
	assert_true(signbit(m.w[1]));
	/* the documented layout */
	{
		const char *head = "tutor-mlp 1\nn_in 5\nhidden 7 3\n"
			"feature_set next-action\nfeature_version 3\n"
			"n_params 70\n0.33333333333333331\n-0\n"
			"4.9406564584124654e-324\n";

		assert_memory_equal(f->text, head, strlen(head));
		assert_memory_equal(f->text + f->len - 74, "\nblake2b ", 9);
	}
	/* loading over a model replaces it */
	assert_int_equal(tu_mlp_load(&m, f->path, &err), TU_OK);
	assert_same_model(&m, &f->m);
	tu_mlp_release(&m);
}

static void test_roundtrip_no_hidden_no_feature_set(void **state)
{
	struct fx *f = *state;
	struct tu_mlp a, b;
	struct tu_rng rng;
	struct tu_err err = TU_ERR_INIT;

	tu_rng_seed(&rng, 4);
	tu_mlp_init(&a);
	tu_mlp_init(&b);
	assert_int_equal(tu_mlp_create(&a, 3, 0, NULL, &rng, NULL), TU_OK);
	assert_int_equal(tu_mlp_save(&a, f->path, &err), TU_OK);
	assert_int_equal(tu_mlp_load(&b, f->path, &err), TU_OK);
	assert_same_model(&a, &b);
	tu_mlp_release(&a);
	tu_mlp_release(&b);
	/* put the fixture back */
	assert_int_equal(tu_mlp_save(&f->m, f->path, &err), TU_OK);
}

static void test_save_is_atomic_and_clean(void **state)
{
	struct fx *f = *state;
	struct tu_err err = TU_ERR_INIT;
	char missing[160];

	assert_int_equal(count_entries(f->dir), 1);
	for (int i = 0; i < 3; i++)
		assert_int_equal(tu_mlp_save(&f->m, f->path, &err), TU_OK);
	assert_int_equal(count_entries(f->dir), 1);
	/* a directory that does not exist: EIO naming the path */
	snprintf(missing, sizeof(missing), "%s/no/such/dir/m.mlp", f->dir);
	assert_int_equal(tu_mlp_save(&f->m, missing, &err), TU_EIO);
	assert_non_null(strstr(err.msg, missing));
	/* a model that could not be loaded back is refused */
	f->m.w[9] = nan("");
	assert_int_equal(tu_mlp_save(&f->m, f->path, &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "parameter 10"));
	f->m.w[9] = 0.5;
	assert_int_equal(tu_mlp_save(&f->m, f->path, &err), TU_OK);
	assert_int_equal(count_entries(f->dir), 1);
	free(f->text);
	{
		FILE *fp = fopen(f->path, "rb");

		assert_non_null(fp);
		f->text = malloc(1 << 16);
		f->len = fread(f->text, 1, 1 << 16, fp);
		fclose(fp);
	}
}

static void test_flipped_digit_is_corrupt(void **state)
{
	struct fx *f = *state;
	char *b = malloc(f->len);
	char *p;

	memcpy(b, f->text, f->len);
	/* the first digit of the 20th parameter (line 26) */
	p = b;
	for (int line = 1; line < 26; line++)
		p = (char *)memchr(p, '\n', f->len - (size_t)(p - b)) + 1;
	p += strspn(p, "-0.");
	assert_true(*p >= '1' && *p <= '9');
	*p = *p == '9' ? '1' : (char)(*p + 1);
	refuse(f, b, f->len, TU_ECORRUPT, ":77: checksum mismatch");
	/* and a flipped digit of the checksum itself */
	memcpy(b, f->text, f->len);
	b[f->len - 2] = b[f->len - 2] == '0' ? '1' : '0';
	refuse(f, b, f->len, TU_ECORRUPT, "checksum mismatch");
	free(b);
}

static void test_truncated_is_corrupt(void **state)
{
	struct fx *f = *state;

	refuse(f, f->text, f->len / 2, TU_ECORRUPT, "truncated");
	refuse(f, f->text, f->len - 1, TU_ECORRUPT, "truncated");
	refuse(f, f->text, f->len - 20, TU_ECORRUPT, "truncated");
	/* cut at a line end: the last line is a parameter, not the sum */
	refuse(f, f->text, 30, TU_ECORRUPT, ":3: the file does not end");
	refuse(f, f->text, 7, TU_ECORRUPT, ":1:");
	refuse(f, "", 0, TU_ECORRUPT, ":1:");
}

static void test_wrong_header_and_version(void **state)
{
	struct fx *f = *state;

	refuse_edit(f, 1, "tutor-xyz 1", TU_EDATA, ":1: not a tutor-mlp");
	refuse_edit(f, 1, "tutor-mlp 2", TU_EDATA, ":1: unsupported version");
	refuse_edit(f, 1, "tutor-mlp 10", TU_EDATA, ":1: unsupported");
	refuse(f, "hello\n", 6, TU_EDATA, "not a tutor-mlp file");
	refuse(f, "{\"n_in\": 5}", 11, TU_EDATA, "not a tutor-mlp file");
}

static void test_n_params_disagreeing(void **state)
{
	struct fx *f = *state;

	refuse_edit(f, 6, "n_params 71", TU_EDATA, ":6: n_params is 71");
	refuse_edit(f, 6, "n_params 69", TU_EDATA, ":6: n_params is 69");
	/* the sizes change, the count does not */
	refuse_edit(f, 3, "hidden 7 4", TU_EDATA, ":6: n_params");
	/* a parameter line missing, one too many */
	refuse_edit(f, 40, NULL, TU_EDATA, ":76: n_params is 70 but the file "
		    "holds 69");
	refuse_edit(f, 6, "n_params 70\n1.5", TU_EDATA,
		    ":77: more parameter lines");
}

static void test_non_finite_parameters(void **state)
{
	struct fx *f = *state;

	refuse_edit(f, 10, "nan", TU_EDATA, ":10: parameter 4 is not finite");
	refuse_edit(f, 10, "NaN", TU_EDATA, ":10:");
	refuse_edit(f, 11, "-inf", TU_EDATA, ":11: parameter 5");
	refuse_edit(f, 12, "infinity", TU_EDATA, ":12:");
	refuse_edit(f, 13, "1e999", TU_EDATA, ":13:");
}

static void test_syntax_errors(void **state)
{
	struct fx *f = *state;
	char long_line[300];

	refuse_edit(f, 2, "n_in x", TU_EPARSE, ":2: n_in: not a decimal");
	refuse_edit(f, 2, "n_in -5", TU_EPARSE, ":2:");
	refuse_edit(f, 2, "n_in  5", TU_EPARSE, ":2:");
	refuse_edit(f, 2, "n_in 5\r", TU_EPARSE, ":2:");
	refuse_edit(f, 2, "n_inputs 5", TU_EPARSE, ":2: expected 'n_in");
	refuse_edit(f, 2, "n_in 0", TU_EDATA, ":2: n_in outside 1..256");
	refuse_edit(f, 2, "n_in 257", TU_EDATA, ":2:");
	refuse_edit(f, 2, "n_in 99999999999999999999999", TU_EDATA, ":2:");
	refuse_edit(f, 3, "hidden 7  3", TU_EPARSE, ":3: hidden layer 2");
	refuse_edit(f, 3, "hidden 7 3 ", TU_EPARSE, ":3: hidden layer 3");
	refuse_edit(f, 3, "hidden 7 0", TU_EDATA, ":3: hidden layer 2: width");
	refuse_edit(f, 3, "hidden 7 300", TU_EDATA, ":3:");
	refuse_edit(f, 3, "hidden 1 1 1 1 1", TU_EDATA, ":3: more than 4");
	refuse_edit(f, 4, "feature_set ", TU_EPARSE, ":4:");
	refuse_edit(f, 4, "feature_set a b", TU_EPARSE, ":4: feature_set "
		    "byte 2");
	refuse_edit(f, 4, "feature_set "
		    "0123456789012345678901234567890123456789012345678901234567"
		    "890123", TU_EDATA, ":4: feature_set longer than 63");
	refuse_edit(f, 5, "feature_version 4294967296", TU_EDATA, ":5:");
	refuse_edit(f, 5, NULL, TU_EPARSE, ":5: expected 'feature_version");
	refuse_edit(f, 8, "0x1p3", TU_EPARSE, ":8: parameter 2 is not a "
		    "decimal number");
	refuse_edit(f, 8, " 1.5", TU_EPARSE, ":8:");
	refuse_edit(f, 8, "1.5 ", TU_EPARSE, ":8:");
	refuse_edit(f, 8, "", TU_EPARSE, ":8:");
	refuse_edit(f, 8, "1.5e", TU_EPARSE, ":8:");
	memset(long_line, '1', sizeof(long_line) - 1);
	long_line[sizeof(long_line) - 1] = '\0';
	memcpy(long_line, "n_in ", 5);
	refuse_edit(f, 2, long_line, TU_EPARSE, ":2: line longer than 256");
	{
		/* a NUL inside a line, under a correct checksum */
		size_t n;
		char *b = edit(f, 8, "1.5@", &n), hex[TU_HASH_HEX_LEN + 1];

		*(char *)memchr(b, '@', n) = '\0';
		n -= 8 + TU_HASH_HEX_LEN + 1;
		tu_hash_hex(b, n, hex);
		n += (size_t)sprintf(b + n, "blake2b %s\n", hex);
		refuse(f, b, n, TU_EPARSE, ":8: parameter 2 is not a decimal");
		free(b);
	}
}

static void test_oversize_and_missing(void **state)
{
	struct fx *f = *state;
	struct tu_mlp m;
	struct tu_err err = TU_ERR_INIT;
	char big[160], missing[160];
	FILE *fp;

	snprintf(big, sizeof(big), "%s/big.mlp", f->dir);
	fp = fopen(big, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(f->text, 1, f->len, fp), f->len);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(truncate(big, (off_t)TU_MLP_FILE_MAX + 1), 0);
	tu_mlp_init(&m);
	assert_int_equal(tu_mlp_load(&m, big, &err), TU_ERANGE);
	assert_non_null(strstr(err.msg, big));
	assert_null(m.w);
	/* exactly at the limit is read, then refused for its content */
	assert_int_equal(truncate(big, (off_t)TU_MLP_FILE_MAX), 0);
	assert_int_equal(tu_mlp_load(&m, big, &err), TU_ECORRUPT);
	assert_non_null(strstr(err.msg, big));
	unlink(big);
	/* the parser alone refuses an over-size buffer before reading it */
	assert_int_equal(tu_mlp_parse(&m, f->text, TU_MLP_FILE_MAX + 1, "buf",
				      &err), TU_ERANGE);
	assert_non_null(strstr(err.msg, "buf"));
	snprintf(missing, sizeof(missing), "%s/missing.mlp", f->dir);
	assert_int_equal(tu_mlp_load(&m, missing, &err), TU_EIO);
	assert_non_null(strstr(err.msg, missing));
	assert_int_equal(tu_mlp_load(&m, f->dir, &err), TU_EIO);
	assert_null(m.w);
}

static void test_parse_buffer_names(void **state)
{
	struct fx *f = *state;
	struct tu_mlp m;
	struct tu_err err = TU_ERR_INIT;

	tu_mlp_init(&m);
	assert_int_equal(tu_mlp_parse(&m, f->text, f->len, "mem", &err),
			 TU_OK);
	assert_same_model(&m, &f->m);
	tu_mlp_release(&m);
	assert_int_equal(tu_mlp_parse(&m, f->text, f->len - 3, "mem", &err),
			 TU_ECORRUPT);
	assert_non_null(strstr(err.msg, "mem:"));
	assert_int_equal(tu_mlp_parse(&m, NULL, 0, NULL, &err), TU_ECORRUPT);
	assert_null(m.w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_bitwise),
		cmocka_unit_test(test_roundtrip_no_hidden_no_feature_set),
		cmocka_unit_test(test_save_is_atomic_and_clean),
		cmocka_unit_test(test_flipped_digit_is_corrupt),
		cmocka_unit_test(test_truncated_is_corrupt),
		cmocka_unit_test(test_wrong_header_and_version),
		cmocka_unit_test(test_n_params_disagreeing),
		cmocka_unit_test(test_non_finite_parameters),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_oversize_and_missing),
		cmocka_unit_test(test_parse_buffer_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
