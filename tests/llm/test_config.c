/* test_config.c - tu_llm_config_load (src/llm/config.c): defaults, the
 * [llm] section, the environment over the file, the key only through
 * api_key_env or TUTOR_LLM_API_KEY, and errors naming file:line or the
 * variable. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "tutor/llm.h"

static char dir[64];
static char file[128];

static const char *const vars[] = {
	"TUTOR_LLM_BASE_URL", "TUTOR_LLM_MODEL", "TUTOR_LLM_API_KEY",
	"TUTOR_LLM_TIMEOUT_S", "TU_TEST_KEY", NULL
};

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/tu-llm-config-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(file, sizeof(file), "%s/config.ini", dir);
	setenv("XDG_CONFIG_HOME", dir, 1);
	return 0;
}

static int teardown(void **state)
{
	char sub[128];

	(void)state;
	unlink(file);
	snprintf(sub, sizeof(sub), "%s/tutor/config.ini", dir);
	unlink(sub);
	snprintf(sub, sizeof(sub), "%s/tutor", dir);
	rmdir(sub);
	return rmdir(dir);
}

static int clean_env(void **state)
{
	(void)state;
	for (size_t i = 0; vars[i]; i++)
		unsetenv(vars[i]);
	unlink(file);
	return 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void defaults(void **state)
{
	struct tu_llm_config c;
	struct tu_err err = TU_ERR_INIT;

	(void)state;
	memset(&c, 0xff, sizeof(c));
	/* No file at $XDG_CONFIG_HOME/tutor/config.ini: fine. */
	assert_int_equal(tu_llm_config_load(&c, NULL, &err), TU_OK);
	assert_false(tu_llm_configured(&c));
	assert_string_equal(c.base_url, "");
	assert_string_equal(c.api_key, "");
	assert_int_equal(c.connect_timeout_ms, 5000);
	assert_int_equal(c.timeout_ms, 60000);
	assert_int_equal(c.max_retries, 3);
	assert_int_equal(c.backoff_base_ms, 500);
	assert_int_equal(c.backoff_max_ms, 20000);
	assert_int_equal(c.max_response_bytes, TU_LLM_RESPONSE_MAX_DEFAULT);
	assert_true(c.temperature == 0.2);
	assert_int_equal(c.max_tokens, 600);
	assert_int_equal(c.seed, 42);
	assert_false(c.stream);
}

static void file_values(void **state)
{
	struct tu_llm_config c;
	struct tu_err err = TU_ERR_INIT;
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/tutor", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/tutor/config.ini", dir);
	setenv("TU_TEST_KEY", "sk-from-env", 1);
	write_file(path,
		   "# tutor settings\n"
		   "[store]\n"
		   "path = whatever ; not ours\n"
		   "\n"
		   "[llm]\r\n"
		   "base_url = \"http://127.0.0.1:8080/v1\"\n"
		   "  model=qwen2.5-coder  \n"
		   "api_key_env = TU_TEST_KEY\n"
		   "; a comment\n"
		   "connect_timeout_s = 1.5\n"
		   "timeout_s = 30\n"
		   "retries = 0\n"
		   "max_tokens = 800\n"
		   "temperature = 0\n"
		   "stream = true\n"
		   "seed = 7\n"
		   "[other]\n"
		   "base_url = ftp://not-checked\n");
	assert_int_equal(tu_llm_config_load(&c, NULL, &err), TU_OK);
	assert_true(tu_llm_configured(&c));
	assert_string_equal(c.base_url, "http://127.0.0.1:8080/v1");
	assert_string_equal(c.model, "qwen2.5-coder");
	assert_string_equal(c.api_key, "sk-from-env");
	assert_int_equal(c.connect_timeout_ms, 1500);
	assert_int_equal(c.timeout_ms, 30000);
	assert_int_equal(c.max_retries, 0);
	assert_int_equal(c.max_tokens, 800);
	assert_true(c.temperature == 0.0);
	assert_true(c.stream);
	assert_int_equal(c.seed, 7);
	/* The environment wins over the file. */
	setenv("TUTOR_LLM_BASE_URL", "https://api.example.com/v1", 1);
	setenv("TUTOR_LLM_MODEL", "m2", 1);
	setenv("TUTOR_LLM_API_KEY", "sk-direct", 1);
	setenv("TUTOR_LLM_TIMEOUT_S", "2.5", 1);
	assert_int_equal(tu_llm_config_load(&c, NULL, &err), TU_OK);
	assert_string_equal(c.base_url, "https://api.example.com/v1");
	assert_string_equal(c.model, "m2");
	assert_string_equal(c.api_key, "sk-direct");
	assert_int_equal(c.timeout_ms, 2500);
	assert_int_equal(c.max_tokens, 800);
	/* An empty TUTOR_LLM_BASE_URL turns the LLM off. */
	setenv("TUTOR_LLM_BASE_URL", "", 1);
	assert_int_equal(tu_llm_config_load(&c, NULL, &err), TU_OK);
	assert_false(tu_llm_configured(&c));
	unlink(path);
}

/* Loading `text` from the explicit file fails with code and msg (the
 * file name is replaced by "F"), and c is left at the defaults. */
static void expect_error(const char *text, enum tu_status code,
			 const char *msg)
{
	struct tu_llm_config c;
	struct tu_err err = TU_ERR_INIT;
	char want[512];

	write_file(file, text);
	assert_int_equal(tu_llm_config_load(&c, file, &err), code);
	snprintf(want, sizeof(want), "%s%s", file, msg);
	assert_string_equal(err.msg, want);
	assert_false(tu_llm_configured(&c));
	assert_int_equal(c.max_tokens, 600);
}

static void file_errors(void **state)
{
	(void)state;
	expect_error("[llm]\nbase_url = http://x\nnonsense\n", TU_EPARSE,
		     ":3: expected \"key = value\"");
	expect_error("[llm\n", TU_EPARSE, ":1: expected \"[section]\"");
	expect_error("[llm] x\n", TU_EPARSE, ":1: expected \"[section]\"");
	expect_error("[llm]\n = 3\n", TU_EPARSE, ":2: empty key");
	expect_error("[llm]\napi_key = sk-123\n", TU_EPARSE,
		     ":2: unknown key \"api_key\" in [llm]");
	expect_error("[llm]\nmodel = a\nmodel = b\n", TU_EPARSE,
		     ":3: \"model\" set twice");
	expect_error("[llm]\nbase_url = localhost:8080\n", TU_EPARSE,
		     ":2: base_url must start with http:// or https://");
	expect_error("[llm]\nretries = 11\n", TU_ERANGE,
		     ":2: retries: 11 is outside [0, 10]");
	expect_error("[llm]\nretries = 1.5\n", TU_EPARSE,
		     ":2: retries: expected an integer, got \"1.5\"");
	expect_error("[llm]\ntimeout_s = soon\n", TU_EPARSE,
		     ":2: timeout_s: expected a number, got \"soon\"");
	expect_error("[llm]\ntimeout_s = 0\n", TU_ERANGE,
		     ":2: timeout_s: 0 is outside [0.001, 3600]");
	expect_error("[llm]\ntemperature = 2.5\n", TU_ERANGE,
		     ":2: temperature: 2.5 is outside [0, 2]");
	expect_error("[llm]\nstream = yes\n", TU_EPARSE,
		     ":2: stream: expected true or false");
	expect_error("[llm]\napi_key_env = sk-abc\n", TU_EPARSE,
		     ":2: api_key_env must be the name of an environment "
		     "variable");
	expect_error("[llm]\nmodel = \xff\n", TU_EPARSE, ": not UTF-8 text");
}

static void missing_and_env_errors(void **state)
{
	struct tu_llm_config c;
	struct tu_err err = TU_ERR_INIT;
	char path[160];

	(void)state;
	/* An explicit file must exist. */
	snprintf(path, sizeof(path), "%s/nope.ini", dir);
	assert_int_equal(tu_llm_config_load(&c, path, &err), TU_EIO);
	assert_non_null(strstr(err.msg, "nope.ini: cannot open"));
	setenv("TUTOR_LLM_TIMEOUT_S", "-1", 1);
	assert_int_equal(tu_llm_config_load(&c, NULL, &err), TU_ERANGE);
	assert_string_equal(err.msg, "TUTOR_LLM_TIMEOUT_S: timeout: -1 is "
			    "outside [0.001, 3600]");
	unsetenv("TUTOR_LLM_TIMEOUT_S");
	setenv("TUTOR_LLM_BASE_URL", "file:///etc/passwd", 1);
	assert_int_equal(tu_llm_config_load(&c, NULL, &err), TU_EPARSE);
	assert_string_equal(err.msg, "TUTOR_LLM_BASE_URL: base_url must "
			    "start with http:// or https://");
	unsetenv("TUTOR_LLM_BASE_URL");
	/* api_key_env naming an unset variable: no key, no error. */
	write_file(file, "[llm]\nbase_url = http://h\napi_key_env = TU_NONE\n");
	assert_int_equal(tu_llm_config_load(&c, file, &err), TU_OK);
	assert_string_equal(c.api_key, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(defaults, clean_env),
		cmocka_unit_test_setup(file_values, clean_env),
		cmocka_unit_test_setup(file_errors, clean_env),
		cmocka_unit_test_setup(missing_and_env_errors, clean_env),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
