/*
 * fake_server.h - start, script and stop tests/llm/fake_openai.py from a
 * C test (tests/llm, tests/assist, ...).
 *
 * Link with tu_fake_server_dep (declared in tests/llm/meson.build, which
 * is read before tests/assist and tests/cli).  The script path is built
 * in (TU_FAKE_OPENAI_PY); the environment variable TUTOR_FAKE_OPENAI
 * overrides it.  The server is a child process that also dies with the
 * test (PR_SET_PDEATHSIG), so a crashed test leaves nothing running.
 *
 * Typical use (cmocka group setup/teardown):
 *   struct tu_fake_server fs;
 *   assert_int_equal(tu_fake_start(&fs), 0);
 *   cfg.base_url <- fs.base_url ("http://127.0.0.1:<port>/v1")
 *   tu_fake_script(&fs, "[{\"json\": {...}}]");
 *   ... calls ...
 *   json_t *reqs = tu_fake_requests(&fs);   (json_decref it)
 *   tu_fake_reset(&fs);
 *   tu_fake_stop(&fs);
 * The scripting protocol is described at the top of fake_openai.py and
 * in docs/llm-client.md.  Not thread-safe; functions return 0 or -1.
 */
#ifndef TU_FAKE_SERVER_H
#define TU_FAKE_SERVER_H

#include <jansson.h>
#include <sys/types.h>

struct tu_fake_server {
	pid_t pid;
	int port;
	char base_url[64];     /* "http://127.0.0.1:<port>/v1" */
	char root_url[64];     /* "http://127.0.0.1:<port>" */
};

/* Starts the server and waits (<= 10 s) for its "PORT n" line. */
int tu_fake_start(struct tu_fake_server *fs);

/* Kills and reaps the server; fs may have failed to start (pid 0). */
void tu_fake_stop(struct tu_fake_server *fs);

/* POST /_script with json_text (a list of items or one item). */
int tu_fake_script(const struct tu_fake_server *fs, const char *json_text);

/* POST /_reset: empties the queue and the request log. */
int tu_fake_reset(const struct tu_fake_server *fs);

/* GET /_requests as a new JSON array (caller json_decrefs), NULL on
 * failure.  Each element: method, path, headers, json, body. */
json_t *tu_fake_requests(const struct tu_fake_server *fs);

/* The number of recorded requests, or -1. */
int tu_fake_request_count(const struct tu_fake_server *fs);

/* The "json" body of recorded request i as a new reference, or NULL. */
json_t *tu_fake_request_json(const struct tu_fake_server *fs, size_t i);

#endif
